"""The errors reports raise: each names the field, the value and the reason, in Chinese and English.

They live here rather than in :mod:`shuangyong.errors` because only reports raise them; they
derive from :class:`~shuangyong.errors.InvalidValueError` (bad input to a report) or
:class:`~shuangyong.errors.ShuangyongError`, so ``except ShuangyongError`` still catches them.
"""

from __future__ import annotations

from typing import Any

from shuangyong.errors import InvalidValueError, ShuangyongError

__all__ = ["ReportError", "ReportInputError", "ReportWriteError", "UnknownReportError"]


class ReportError(ShuangyongError):
    """Base class of the errors reports raise."""


class ReportInputError(ReportError, InvalidValueError):
    """What a report was asked for is wrong: a missing source, a bad option, an unknown run.

    Attributes:
        field, value, reason: as :class:`~shuangyong.errors.InvalidValueError`.
    """

    def __init__(self, field: str, value: Any, reason: str) -> None:
        InvalidValueError.__init__(self, field, value, reason)


class UnknownReportError(ReportError, LookupError):
    """No plugin registers the report kind or format asked for.

    Attributes:
        what: ``"report"`` or ``"format"``; name: the name asked for; known: the registered names.
    """

    def __init__(self, what: str, name: str, known: tuple[str, ...]) -> None:
        self.what = what
        self.name = name
        self.known = known
        zh = "报表种类" if what == "report" else "报表格式"
        listed = ", ".join(known) or "(none)"
        super().__init__(f"未知的{zh} / unknown {what} {name!r}; registered: {listed}")


class ReportWriteError(ReportError, OSError):
    """A report could not be written; no file (not even a partial one) was left behind."""
