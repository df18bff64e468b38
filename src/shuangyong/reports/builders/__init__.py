"""The core report builders: each module builds one kind of report from a
:class:`~shuangyong.reports.ReportRequest` and also offers a typed function for Python callers."""

from __future__ import annotations

from shuangyong.reports.registry import ReportBuilder

__all__ = ["BUILDERS"]

BUILDERS: tuple[ReportBuilder, ...] = ()
"""The built-in report kinds, in the order they are listed."""
