"""Computation periods (计发期间): months and date ranges, on python-dateutil.

"Date of effect" (when a standard or rule version starts) and "computation period" (the month or
year being paid) are different things and have different types: dates of effect are plain
``datetime.date``; periods are :class:`Month` and :class:`Period`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import attrs
from dateutil.relativedelta import relativedelta

from shuangyong.errors import InvalidValueError

__all__ = ["Month", "Period", "iso_date", "parse_date"]


# exactly YYYY-MM-DD: ``date.fromisoformat`` also takes 19900101 and ISO week dates
# (1990-W01-1), which no message of ours promises and no export of 优抚 data means
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(text: str) -> dt.date | None:
    """The date of ``YYYY-MM-DD`` text (surrounding blanks ignored), or None if it is not one."""
    text = text.strip()
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:  # 1990-02-30
        return None


def parse_date(value: object, field: str = "date") -> dt.date:
    """A ``date`` from a ``date`` or an ISO ``YYYY-MM-DD`` string; datetimes are rejected."""
    if isinstance(value, dt.datetime):
        raise InvalidValueError(field, value, "须为日期而非时间 / a date, not a datetime")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        day = iso_date(value)
        if day is not None:
            return day
    raise InvalidValueError(
        field, value, "日期格式应为 YYYY-MM-DD / expected an ISO date YYYY-MM-DD"
    )


@attrs.frozen(order=True)
class Month:
    """A calendar month, the usual unit of payment."""

    year: int = attrs.field(
        validator=attrs.validators.and_(
            attrs.validators.instance_of(int), attrs.validators.ge(1900), attrs.validators.le(2200)
        )
    )
    month: int = attrs.field(
        validator=attrs.validators.and_(
            attrs.validators.instance_of(int), attrs.validators.ge(1), attrs.validators.le(12)
        )
    )

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> Month:
        """``"2025-08"`` → ``Month(2025, 8)``."""
        try:
            y, m = text.strip().split("-")
            return cls(int(y), int(m))
        except (ValueError, TypeError):
            raise InvalidValueError(
                "month", text, "月份格式应为 YYYY-MM / expected YYYY-MM"
            ) from None

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def end(self) -> dt.date:
        return self.start + relativedelta(months=1, days=-1)

    def __add__(self, months: int) -> Month:
        return Month.of(self.start + relativedelta(months=months))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@attrs.frozen
class Period:
    """An inclusive range of months, e.g. a year of payments or a schedule."""

    first: Month
    last: Month

    def __attrs_post_init__(self) -> None:
        if self.last < self.first:
            raise InvalidValueError(
                "period", f"{self.first}..{self.last}", "结束月早于开始月 / last month before first"
            )

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(Month(year, 1), Month(year, 12))

    @classmethod
    def between(cls, start: dt.date, end: dt.date) -> Period:
        """The months touched by the dates ``start``..``end`` (inclusive)."""
        if end < start:
            raise InvalidValueError("end", end, f"早于开始日期 {start} / before start {start}")
        return cls(Month.of(start), Month.of(end))

    def months(self) -> Iterator[Month]:
        m = self.first
        while m <= self.last:
            yield m
            m = m + 1

    def __len__(self) -> int:
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1

    def __str__(self) -> str:
        return f"{self.first}..{self.last}"
