"""Reading one cell as the value a fact stores.

A fact stores JSON-able values (:class:`~shuangyong.storage.model.Fact`): ISO date text, enum
values, ints, bools, money as decimal text of yuan, lists of enum values. A cell is text (CSV)
or the cell's own type (xlsx: numbers, booleans, dates). :func:`read_cell` turns one into the
other, or raises :class:`CellError` with the reason; the store's own checks
(:class:`~shuangyong.storage.rows.FactChecker`) then judge the value as they judge any fact.

What is accepted, and why the rest is refused rather than guessed:

* dates: ``2014-09-01``, ``2014/9/1``, ``2014.9.1``, ``20140901``, ``2014年9月1日``, a date cell,
  or a datetime cell at midnight. A month without a day (``2014-09``, ``2014年9月``) is refused:
  the day of 入伍 or 退役 decides months of service, and inventing the 1st would change them.
  A number is refused (an Excel date that lost its format shows as ``41883``).
* integers: digits, a whole number cell, or a declared word (``三级``, ``3级``).
* enums and yes/no fields: the value, the Chinese label, or a declared alias.
* money: decimal text with at most two decimals (``3500``, ``3,500.50``), an integer cell, or a
  number cell whose shortest decimal form has at most two decimals (what Excel shows).
* 身份证号: validated by :class:`~shuangyong.domain.ids.IdNumber`; a number cell is refused
  (Excel keeps 15 significant digits, so an 18-digit number stored as a number has lost its
  last digits).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from shuangyong.domain.ids import IdNumber
from shuangyong.domain.periods import Month
from shuangyong.errors import InvalidValueError
from shuangyong.intake.aliases import Aliases, normalise
from shuangyong.intake.reading import Cell
from shuangyong.policy.schema import FieldKind

__all__ = ["CellError", "is_empty", "read_cell", "read_date", "read_month", "read_person_id"]

_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]00:00(?::00(?:\.0+)?)?)?")
_DATE_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH = re.compile(r"(\d{4})[-/.年](\d{1,2})月?")
_MONTH_COMPACT = re.compile(r"(\d{4})(\d{2})")
_MONEY = re.compile(r"\d+(?:\.\d{1,2})?|\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?")
_SPLIT = re.compile(r"[;；、,，/]")
_DIGITS = re.compile(r"\d+")
_CODE = re.compile(r"\d{6}|\d{9}|\d{12}")

_NOT_DATE = (
    "不是日期，应为 YYYY-MM-DD、YYYY/M/D、YYYY年M月D日 或日期单元格 / not a date: expected "
    "YYYY-MM-DD, YYYY/M/D, YYYY年M月D日 or a date cell"
)


class CellError(ValueError):
    """Why a cell cannot be read (Chinese and English)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def is_empty(cell: Cell) -> bool:
    """An empty cell gives no value (the field is left as it is, never cleared)."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _text(cell: Cell) -> str:
    """NFKC text of a cell, so full-width digits and punctuation read as ASCII."""
    return normalise(str(cell)) if isinstance(cell, str) else str(cell)


def read_date(cell: Cell) -> dt.date:
    """A date from a date cell or text (formats in the module docstring)."""
    if isinstance(cell, dt.datetime):
        if cell.time() != dt.time(0, 0):
            raise CellError(
                f"日期单元格含时间 {cell.time()}，应为日期 / a date and time, expected a date"
            )
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, bool) or not isinstance(cell, str):
        raise CellError(
            "数字不是日期（请把该列设为日期或文本格式）/ a number is not a date (format the "
            "column as dates or text)"
        )
    text = _text(cell)
    m = _DATE.fullmatch(text) or _DATE_COMPACT.fullmatch(text)
    if m is None:
        if _MONTH.fullmatch(text) or _MONTH_COMPACT.fullmatch(text):
            raise CellError(
                "只有年月，缺少日；不会自动取1日 / a month without a day: the day is not "
                "guessed, give the full date"
            )
        raise CellError(_NOT_DATE)
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise CellError("不是有效的日期 / not a real calendar date") from None


def read_month(cell: Cell) -> Month:
    """A month (已发至): ``2024-06``, ``2024/6``, ``2024年6月``, ``202406``, or a date that is
    the first or the last day of its month (a month cell in Excel is the 1st; "paid to 30 June"
    is the last). Any other day is refused: it does not say which month was paid in full."""
    if isinstance(cell, str):
        text = _text(cell)
        m = _MONTH.fullmatch(text) or _MONTH_COMPACT.fullmatch(text)
        if m is not None:
            try:
                return Month(int(m.group(1)), int(m.group(2)))
            except (ValueError, TypeError):
                raise CellError("不是有效的月份 / not a real month") from None
    try:
        day = read_date(cell)
    except CellError:
        raise CellError(
            "不是月份，应为 YYYY-MM、YYYY年M月 或月份单元格 / not a month: expected YYYY-MM, "
            "YYYY年M月 or a month cell"
        ) from None
    month = Month.of(day)
    if day not in (month.start, month.end):
        raise CellError(
            f"{day} 不是月初或月末，无法确定已发放到哪个月 / {day} is neither the first nor the "
            "last day of a month: which month was paid in full is unclear"
        )
    return month


def read_person_id(cell: Cell) -> IdNumber:
    """The 身份证号, validated (the store keys people by its full number, ``reveal()``)."""
    if isinstance(cell, float):
        raise CellError(
            "身份证号被存为数字，已丢失末几位；请把该列设为文本后重新导出 / the id number is "
            "stored as a number and has lost its last digits: format the column as text"
        )
    text = str(cell) if isinstance(cell, int) and not isinstance(cell, bool) else cell
    if not isinstance(text, str):
        raise CellError("身份证号须为文本 / an id number is text")
    try:
        return IdNumber(normalise(text).upper())
    except InvalidValueError as exc:
        raise CellError(exc.reason) from None


def _integer(cell: Cell) -> int | None:
    """An int from an int cell, a whole float cell or digits; None if it is none of them."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() else None
    if isinstance(cell, str) and _DIGITS.fullmatch(_text(cell)):
        return int(_text(cell))
    return None


def _money(cell: Cell) -> str:
    if isinstance(cell, bool):
        raise CellError("不是金额 / not an amount")
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, float):
        # the shortest decimal form is what Excel displays; more than two decimals is not a
        # figure in yuan and fen, so it is refused rather than rounded
        text = repr(cell)
    elif isinstance(cell, str):
        text = _text(cell).removesuffix("元")
    else:
        raise CellError("不是金额 / not an amount")
    if not _MONEY.fullmatch(text):
        raise CellError(
            "不是金额（元，最多两位小数）/ not an amount in yuan (at most two decimals)"
        )
    try:
        return str(Decimal(text.replace(",", "")))
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise CellError("不是金额 / not an amount") from None


def _unknown_value(field: str, aliases: Aliases) -> str:
    f = aliases.fields[field]
    shown: list[str] = []
    if f.enum_type is not None:
        shown = [f"{m.value}（{getattr(m, 'label', m.value)}）" for m in f.enum_type]
    else:
        shown = [f"{f.min}..{f.max}"]
    return f"未知取值，可用 / unknown value; allowed: {'、'.join(shown)}"


def _lookup(field: str, cell: Cell, aliases: Aliases) -> Any:
    text = str(cell) if isinstance(cell, int) and not isinstance(cell, bool) else cell
    if isinstance(text, float) and text.is_integer():
        text = str(int(text))
    if not isinstance(text, str):
        raise CellError(_unknown_value(field, aliases))
    value = aliases.value(field, text)
    if value is None:
        raise CellError(_unknown_value(field, aliases))
    return value


def read_cell(field: str, cell: Cell, aliases: Aliases) -> Any:
    """The fact value of a non-empty cell for ``field`` (a row field or a register field).

    Raises:
        CellError: the cell cannot be read as a value of the field's kind.
    """
    if field == "name":
        if not isinstance(cell, str):
            raise CellError("姓名须为文本 / a name is text")
        return cell.strip()
    if field == "township_division":
        code = _integer(cell)
        text = "" if code is None else (_text(cell) if isinstance(cell, str) else str(code))
        if not _CODE.fullmatch(text) or len(text) == 6:
            raise CellError("乡镇（街道）代码应为9位或12位数字 / a township code is 9 or 12 digits")
        return text
    f = aliases.fields[field]
    kind = f.kind
    if kind is FieldKind.DATE:
        return read_date(cell).isoformat()
    if kind is FieldKind.INT:
        if field in aliases.values:
            return _lookup(field, cell, aliases)
        n = _integer(cell)
        if n is None:
            raise CellError("不是整数 / not an integer")
        return n
    if kind is FieldKind.ENUM:
        return _lookup(field, cell, aliases)
    if kind is FieldKind.FLAGS:
        if not isinstance(cell, str):
            raise CellError(_unknown_value(field, aliases))
        items = [p for p in (s.strip() for s in _SPLIT.split(cell)) if p]
        values = {_lookup(field, item, aliases) for item in items}
        assert f.enum_type is not None
        # enum order, so the same set written in another order is the same fact (same key)
        return [str(m.value) for m in f.enum_type if m.value in values]
    if kind is FieldKind.BOOL:
        if isinstance(cell, bool):
            return cell
        word = str(cell) if isinstance(cell, int) else cell
        value = aliases.bools.get(normalise(word)) if isinstance(word, str) else None
        if value is None:
            raise CellError("应为 是/否 / expected yes or no (是/否, true/false, 1/0)")
        return value
    if kind is FieldKind.DIVISION:
        code = _integer(cell)
        text = "" if code is None else (_text(cell) if isinstance(cell, str) else str(code))
        if len(text) != 6:
            raise CellError("区划代码应为6位数字 / a division code is 6 digits")
        return text
    if kind is FieldKind.MONEY:
        return _money(cell)
    if not isinstance(cell, str):  # pragma: no cover - TEXT fields other than person_id
        raise CellError("须为文本 / expected text")
    return cell.strip()
