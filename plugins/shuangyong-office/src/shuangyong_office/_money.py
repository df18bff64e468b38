"""Numbers as spreadsheet cells, exact to the fen.

openpyxl writes every number with ``"%.16g" % value``, which goes through a binary float: 0.07
yuan (7 fen) is written ``0.07000000000000001`` and read back as that float. Of the amounts
0.00–999.99 yuan, about 9 % come out so. Money cells are therefore written from their integer
fen as exact decimal text (:func:`shuangyong.reports.cells.money_plain`) and marked numeric, so
the file holds ``0.07``.

Excel keeps 15 significant digits: a number of 16 digits or more (an amount of 10^13 yuan, a
count of 10^15) cannot be held exactly and is refused rather than silently rounded.
"""

from __future__ import annotations

from shuangyong.reports import ReportInputError

__all__ = ["MAX_EXACT", "check_exact", "too_many_digits"]

# Excel's precision: 15 significant decimal digits.
MAX_EXACT = 10**15 - 1


def check_exact(value: int, field: str, *, money: bool) -> int:
    """``value`` unchanged if Excel can hold it exactly.

    Args:
        value: int fen (``money``) or a plain integer.
        field: ``table.column[row N]`` for the error.
        money: the value is fen (the message then speaks of an amount).

    Raises:
        ReportInputError: more than 15 significant digits.
    """
    if -MAX_EXACT <= value <= MAX_EXACT:
        return value
    raise ReportInputError(field, value, too_many_digits(money=money))


def too_many_digits(*, money: bool) -> str:
    """The reason a number outside ±:data:`MAX_EXACT` is refused, in Chinese and English."""
    what = "金额（分）" if money else "整数"
    return (
        f"{what}超过 Excel 的 15 位有效数字，无法精确保存 / more than Excel's 15 significant "
        "digits: it cannot be stored exactly"
    )
