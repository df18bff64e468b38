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

__all__ = [
    "HAS_TIME",
    "HAS_TZ",
    "NOT_A_DATE",
    "Month",
    "Period",
    "date_or_reason",
    "iso_date",
    "midnight_to_date",
    "parse_date",
]

NOT_A_DATE = "不是日期（须为 YYYY-MM-DD）/ not a date (expected YYYY-MM-DD)"
HAS_TIME = (
    "含有时间部分（须为日期，不带时间）/ has a time of day: expected a date (YYYY-MM-DD; a "
    "datetime only at 00:00)"
)
HAS_TZ = (
    "带时区的时间，不会换算为日期 / a time-zone-aware datetime is refused (never shifted to "
    "UTC): give the local date, YYYY-MM-DD"
)


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


def date_or_reason(value: object) -> tuple[dt.date | None, str | None]:
    """The one reading of a date on every path (rows, columns, typed records, the date
    evaluated, person files, evidence, facts): ``(date, None)`` or ``(None, reason)``.

    Accepted: a ``date``; a naive ``datetime`` at 00:00 (a date read into a datetime type by
    pandas, Excel or TOML), as its date; text exactly ``YYYY-MM-DD``. Refused: a time of day
    (never truncated), a time zone (never shifted to UTC), anything else.
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return None, HAS_TZ
        if value.time() != dt.time():
            return None, HAS_TIME
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, str):
        day = iso_date(value)
        if day is not None:
            return day, None
    return None, NOT_A_DATE


def parse_date(value: object, field: str = "date") -> dt.date:
    """A ``date`` read as :func:`date_or_reason` reads it.

    Raises:
        InvalidValueError: naming ``field``, the value and the reason.
    """
    day, reason = date_or_reason(value)
    if day is None:
        raise InvalidValueError(field, value, reason or NOT_A_DATE)
    return day


def midnight_to_date(value: object) -> object:
    """An attrs converter for typed date fields: a naive ``datetime`` at 00:00 becomes its
    date, as on every other path; any other value is left for the validator to judge."""
    if isinstance(value, dt.datetime) and value.tzinfo is None and value.time() == dt.time():
        return value.date()
    return value


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
