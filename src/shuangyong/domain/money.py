"""Exact money: ``Yuan`` in objects, int64 fen (分) in columns, rounding as declared policy.

Money is never a float. ``Yuan`` is built only from ``str``, ``int`` or ``Decimal``; floats, NaN
and infinities are rejected because they cannot be trusted to mean the figure the law states.
Rounding is policy, not arithmetic: a :class:`RoundingPolicy` (unit and mode) is a dated parameter
that a rule applies at a declared point, and :func:`divide_fen` applies it to whole columns in
integer arithmetic, so the per-case and the batch paths round identically.
"""

from __future__ import annotations

import decimal
import enum
import re
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.errors import FenOverflowError, InvalidValueError

__all__ = [
    "FEN_PER_YUAN",
    "INT64_MAX",
    "RoundingMode",
    "RoundingPolicy",
    "Yuan",
    "add_fen",
    "divide_fen",
    "divide_fen_int",
    "sum_fen",
]

FEN_PER_YUAN = 100
_CENT = Decimal("0.01")
_AMOUNT_TEXT = re.compile(r"^[+-]?(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]+)?$")


class RoundingMode(str, enum.Enum):
    """How a quotient is brought to the rounding unit."""

    HALF_UP = "half_up"  # 四舍五入 (halves away from zero)
    HALF_EVEN = "half_even"  # 银行家舍入
    UP = "up"  # 进位 (away from zero, e.g. "up to the next yuan")
    DOWN = "down"  # 舍去 (toward zero)

    @property
    def label(self) -> str:
        return {
            "half_up": "四舍五入",
            "half_even": "四舍六入五成双",
            "up": "向上进位",
            "down": "向下舍去",
        }[self.value]


def _to_decimal(value: object, field: str) -> Decimal:
    if isinstance(value, bool | float | np.floating):
        raise InvalidValueError(
            field, value, "金额不能是浮点数 / money must be str, int or Decimal, never float"
        )
    if isinstance(value, int | np.integer):
        return Decimal(int(value))
    if isinstance(value, str):
        text = value.strip()
        # "8000,50" is a decimal comma, not 800,050 yuan; "1,0,0" is a typo, not 100: only a
        # plain decimal or correct groups of three are read, anything else is refused
        if not _AMOUNT_TEXT.match(text):
            if text.lower().lstrip("+-") in ("nan", "snan", "inf", "infinity"):
                raise InvalidValueError(
                    field, value, "金额必须是有限数 / money must be finite (no NaN/inf)"
                )
            raise InvalidValueError(
                field,
                value,
                "不是金额：只接受普通小数或正确的千位分隔（如 1234.50 或 1,234.50）"
                " / not a number: only a plain decimal or correct thousands grouping",
            )
        try:
            d = Decimal(text.replace(",", ""))
        except decimal.InvalidOperation:
            raise InvalidValueError(field, value, "不是金额 / not a number") from None
    elif isinstance(value, Decimal):
        d = value
    elif isinstance(value, Yuan):
        return value.amount
    else:
        raise InvalidValueError(
            field,
            value,
            f"金额类型错误 / money must be str, int or Decimal, got {type(value).__name__}",
        )
    if not d.is_finite():
        raise InvalidValueError(
            field, value, "金额必须是有限数 / money must be finite (no NaN/inf)"
        )
    return d


def _unit_decimal(value: object) -> Decimal:
    return _to_decimal(value, "rounding.unit")


def _amount_decimal(value: object) -> Decimal:
    return _to_decimal(value, "amount")


@attrs.frozen(order=True)
class RoundingPolicy:
    """A rounding unit and mode, e.g. to the fen half-up, or up to the next 5 yuan.

    Attributes:
        unit: the unit amounts are rounded to, in yuan (``Decimal("0.01")``, ``"1"``, ``"5"``,
            ``"10"``); must be a whole number of fen.
        mode: the :class:`RoundingMode`.
    """

    unit: Decimal = attrs.field(converter=_unit_decimal)
    mode: RoundingMode = attrs.field(converter=RoundingMode)

    @unit.validator
    def _check_unit(self, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
        fen = value * FEN_PER_YUAN
        if value <= 0 or fen != fen.to_integral_value():
            raise InvalidValueError(
                "rounding.unit", value, "取整单位须为正的整分数 / unit must be a positive whole fen"
            )

    @property
    def unit_fen(self) -> int:
        return int(self.unit * FEN_PER_YUAN)

    def describe(self) -> str:
        """Chinese description, e.g. ``按1元向上进位``."""
        names = {1: "分", 10: "角", 100: "元"}
        u = self.unit_fen
        unit = names.get(u, f"{Decimal(u) / FEN_PER_YUAN:g}元")
        if u in names:
            unit = f"1{unit}"
        return f"按{unit}{self.mode.label}"

    def apply(self, amount: Decimal) -> Decimal:
        """Round a Decimal yuan amount by this policy."""
        mode = {
            RoundingMode.HALF_UP: decimal.ROUND_HALF_UP,
            RoundingMode.HALF_EVEN: decimal.ROUND_HALF_EVEN,
            RoundingMode.UP: decimal.ROUND_UP,
            RoundingMode.DOWN: decimal.ROUND_DOWN,
        }[self.mode]
        units = (amount / self.unit).to_integral_value(rounding=mode)
        return (units * self.unit).quantize(_CENT)


FEN = RoundingPolicy(Decimal("0.01"), RoundingMode.HALF_UP)


@attrs.frozen(order=True, repr=False)
class Yuan:
    """An exact amount of money in yuan (元), quantised to the fen.

    Build it from ``str``, ``int`` or ``Decimal``: ``Yuan("88150")``, ``Yuan(Decimal("7345.83"))``.
    A float, NaN or infinity raises :class:`~shuangyong.errors.InvalidValueError`. Amounts with
    more than two decimals are rounded to the fen half-up *only* through :meth:`rounded`; the
    constructor rejects them so nothing is silently changed.
    """

    amount: Decimal = attrs.field(converter=_amount_decimal)

    @amount.validator
    def _two_places(self, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
        if value != value.quantize(_CENT):
            raise InvalidValueError(
                "amount",
                value,
                "金额超过两位小数，请先按规定取整 / more than two decimals: use Yuan.rounded()",
            )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "amount", self.amount.quantize(_CENT))

    @classmethod
    def rounded(cls, value: object, policy: RoundingPolicy = FEN) -> Yuan:
        """An amount rounded by ``policy`` (default: to the fen, half up)."""
        return cls(policy.apply(_to_decimal(value, "amount")))

    @classmethod
    def from_fen(cls, fen: int | np.integer[Any]) -> Yuan:
        if isinstance(fen, bool) or not isinstance(fen, int | np.integer):
            raise InvalidValueError("fen", fen, "分必须是整数 / fen must be an integer")
        return cls(Decimal(int(fen)) / FEN_PER_YUAN)

    @property
    def fen(self) -> int:
        return int(self.amount * FEN_PER_YUAN)

    def __add__(self, other: Yuan) -> Yuan:
        if not isinstance(other, Yuan):
            return NotImplemented
        return Yuan(self.amount + other.amount)

    def __sub__(self, other: Yuan) -> Yuan:
        if not isinstance(other, Yuan):
            return NotImplemented
        return Yuan(self.amount - other.amount)

    def __neg__(self) -> Yuan:
        return Yuan(-self.amount)

    def __mul__(self, n: int) -> Yuan:
        if isinstance(n, bool) or not isinstance(n, int):
            return NotImplemented
        return Yuan(self.amount * n)

    __rmul__ = __mul__

    def __repr__(self) -> str:
        return f"Yuan('{self.amount}')"

    def __str__(self) -> str:
        return f"{self.amount:,}元"


def divide_fen(
    fen: npt.ArrayLike,
    numerator: int,
    denominator: int,
    policy: RoundingPolicy = FEN,
) -> npt.NDArray[np.int64]:
    """``fen × numerator / denominator`` rounded to ``policy``'s unit, exactly, in integers.

    Works on whole int64 columns (and on one row: the per-case path calls the same function).

    Args:
        fen: amounts in fen (int64 array or int).
        numerator: a positive or negative integer.
        denominator: a positive integer.
        policy: the rounding unit and mode.

    Returns:
        int64 fen, a whole multiple of the policy's unit.
    """
    if denominator <= 0:
        raise InvalidValueError("denominator", denominator, "must be a positive integer")
    a = np.asarray(fen, dtype=np.int64)
    if numerator != 1:
        a = a * np.int64(numerator)
    q = np.int64(denominator) * np.int64(policy.unit_fen)
    unit = np.int64(policy.unit_fen)
    if policy.mode is RoundingMode.HALF_UP and (a.size == 0 or a.min() >= 0):
        # the common case (non-negative amounts, half up) in one pass of integer arithmetic
        fast: npt.NDArray[np.int64] = (a + q // 2) // q * unit
        return fast
    neg = a < 0
    m = np.abs(a)
    whole, rest = np.divmod(m, q)
    if policy.mode is RoundingMode.DOWN:
        bump = np.zeros_like(whole, dtype=bool)
    elif policy.mode is RoundingMode.UP:
        bump = rest > 0
    elif policy.mode is RoundingMode.HALF_UP:
        bump = 2 * rest >= q
    else:  # HALF_EVEN
        bump = (2 * rest > q) | ((2 * rest == q) & (whole % 2 == 1))
    out = (whole + bump) * np.int64(policy.unit_fen)
    result: npt.NDArray[np.int64] = np.where(neg, -out, out)
    return result


def divide_fen_int(product: int, denominator: int, policy: RoundingPolicy = FEN) -> int:
    """:func:`divide_fen` for one Python int (``product`` = fen × numerator): the per-case path.

    The same integer arithmetic as the column version; a property test holds them together.
    """
    if denominator <= 0:
        raise InvalidValueError("denominator", denominator, "must be a positive integer")
    unit = policy.unit_fen
    q = denominator * unit
    if policy.mode is RoundingMode.HALF_UP and product >= 0:
        return (product + q // 2) // q * unit
    whole, rest = divmod(abs(product), q)
    if policy.mode is RoundingMode.DOWN:
        bump = False
    elif policy.mode is RoundingMode.UP:
        bump = rest > 0
    elif policy.mode is RoundingMode.HALF_UP:
        bump = 2 * rest >= q
    else:  # HALF_EVEN
        bump = 2 * rest > q or (2 * rest == q and whole % 2 == 1)
    out = (whole + bump) * unit
    return -out if product < 0 else out


INT64_MAX = int(np.iinfo(np.int64).max)
"""The largest amount an int64 fen column holds (92,233,720,368,547,758.07 yuan)."""


def sum_fen(fen: npt.NDArray[np.int64], what: str, rule_id: str | None = None) -> int:
    """The exact sum of an int64 fen column: an error if it cannot be held in int64 fen.

    numpy's sum wraps silently on overflow; here the bound ``max(|fen|) × len(fen)`` decides
    whether the int64 sum is safe, and only beyond it is the sum taken exactly in Python.

    Raises:
        FenOverflowError: naming ``what`` and the rule, never a wrapped (negative) number.
    """
    if fen.size == 0:
        return 0
    widest = max(abs(int(fen.max())), abs(int(fen.min())))
    if widest * fen.size <= INT64_MAX:
        return int(fen.sum(dtype=np.int64))
    return checked_fen(sum(fen.tolist()), what, rule_id)


def checked_fen(total: int, what: str, rule_id: str | None = None) -> int:
    """``total`` (an exact Python int of fen) if an int64 fen column can hold it.

    Raises:
        FenOverflowError: naming ``what`` and the rule, never a wrapped (negative) number.
    """
    if not -INT64_MAX <= total <= INT64_MAX:
        raise FenOverflowError(what, rule_id)
    return total


def add_fen(
    into: npt.NDArray[np.int64], more: npt.NDArray[np.int64], what: str, rule_id: str | None = None
) -> None:
    """``into += more`` for int64 fen totals, refusing (never wrapping) an overflow."""
    out = into + more
    # two's-complement overflow: both operands of one sign, the result of the other
    wrapped = ((into >= 0) == (more >= 0)) & ((out >= 0) != (into >= 0))
    if wrapped.any():
        raise FenOverflowError(what, rule_id)
    into[...] = out
