"""How a typed cell looks: the display rules every format for people shares.

Formats call :func:`display` (for people: Markdown, HTML, text) or :func:`plain` (for a
spreadsheet reading a text file: CSV), and :func:`json_value` (for programs). Keeping the rules
in one place is what makes a figure look the same in every format. Whole columns are formatted
by :func:`display_column` / :func:`plain_column`, which the CSV writer uses on a million rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from shuangyong.reports.model import Coded, Column, ColumnType

__all__ = [
    "display",
    "display_column",
    "json_value",
    "money_plain",
    "money_text",
    "percent_text",
    "plain",
    "plain_column",
]


def money_plain(fen: int) -> str:
    """Fen as plain yuan with two decimals, no grouping: ``123456`` → ``1234.56``."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole}.{cents:02d}"


def money_text(fen: int) -> str:
    """Fen as yuan for people, grouped: ``123456789`` → ``1,234,567.89``."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def percent_text(ratio: Fraction) -> str:
    """A ratio as a percentage with one decimal, half up: ``Fraction(1, 3)`` → ``33.3%``."""
    d = Decimal(ratio.numerator * 100) / Decimal(ratio.denominator)
    return f"{d.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def _text(value: Any) -> str:
    return str(value)


def _date(value: dt.date) -> str:
    return value.isoformat()


def _code(value: Coded) -> str:
    return value.label


_DISPLAY: dict[ColumnType, Callable[[Any], str]] = {
    ColumnType.TEXT: _text,
    ColumnType.INT: _text,
    ColumnType.MONEY: money_text,
    ColumnType.DATE: _date,
    ColumnType.CODE: _code,
    ColumnType.ID_NUMBER: _text,
    ColumnType.PERCENT: percent_text,
}
_PLAIN = {**_DISPLAY, ColumnType.MONEY: money_plain}


def display(column: Column, value: Any) -> str:
    """The cell as people read it (empty for ``None``)."""
    return "" if value is None else _DISPLAY[column.type](value)


def plain(column: Column, value: Any) -> str:
    """The cell as a spreadsheet should parse it from text: money without grouping."""
    return "" if value is None else _PLAIN[column.type](value)


def _column(fmt: Callable[[Any], str], ctype: ColumnType, values: Sequence[Any]) -> list[str]:
    if ctype in (ColumnType.TEXT, ColumnType.ID_NUMBER):
        # already strings: only the blanks change (and most columns have none)
        return ["" if v is None else v for v in values]
    return ["" if v is None else fmt(v) for v in values]


def display_column(column: Column, values: Sequence[Any]) -> list[str]:
    """:func:`display` over a whole column."""
    return _column(_DISPLAY[column.type], column.type, values)


def plain_column(column: Column, values: Sequence[Any]) -> list[str]:
    """:func:`plain` over a whole column."""
    return _column(_PLAIN[column.type], column.type, values)


def json_value(column: Column, value: Any) -> Any:
    """The cell as JSON data: int fen, ISO dates, ``{"code", "label"}``, exact ratio strings."""
    if value is None:
        return None
    t = column.type
    if t is ColumnType.DATE:
        return value.isoformat()
    if t is ColumnType.CODE:
        return {"code": value.code, "label": value.label}
    if t is ColumnType.PERCENT:
        return str(value)
    return value
