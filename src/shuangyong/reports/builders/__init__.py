"""The core report builders: each module builds one kind of report from a
:class:`~shuangyong.reports.ReportRequest` (its ``BUILDER`` is registered by
:mod:`shuangyong.reports.builtin`) and offers the build function to Python callers."""

from __future__ import annotations

from shuangyong.reports.builders import (
    annual_report,
    catalogue,
    compliance,
    payment_sheet,
    payment_summary,
    roster,
    stations,
)
from shuangyong.reports.registry import ReportBuilder

__all__ = ["BUILDERS"]

BUILDERS: tuple[ReportBuilder, ...] = (
    roster.BUILDER,
    payment_sheet.BUILDER,
    payment_summary.BUILDER,
    compliance.BUILDER,
    stations.BUILDER,
    catalogue.BUILDER,
    annual_report.BUILDER,
)
"""The built-in report kinds, in the order they are listed."""
