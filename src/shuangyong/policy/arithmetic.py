"""Money arithmetic for rule bodies: exact ratios, and division with declared rounding.

Money is int64 fen. A ratio is an integer numerator per row over one common denominator, so
``fen × ratio / divisor`` is one checked integer product (never wrapped, see
:mod:`shuangyong.policy._checked`) and one exact rounded division per rounding policy.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from shuangyong.domain.money import FEN_PER_YUAN, RoundingPolicy, divide_fen
from shuangyong.errors import FenOverflowError, RuleDefinitionError
from shuangyong.policy._checked import checked_mul
from shuangyong.policy.cache import EvaluationCache
from shuangyong.policy.columns import Column, FenColumn
from shuangyong.policy.trace import RoundingStep, Trace, group_rows

__all__ = ["FALLBACK_ROUNDING", "RatioColumn", "RoundingColumn", "as_column", "scale"]


class RatioColumn:
    """Exact ratios per row: ``num / den`` with a common integer denominator."""

    def __init__(self, num: Any, den: int) -> None:
        self.num = num
        self.den = den


class RoundingColumn:
    """Rounding policies per row (different jurisdictions may round differently)."""

    def __init__(
        self, keys: npt.NDArray[np.intp] | None, policies: list[RoundingPolicy], path: str | None
    ) -> None:
        self.keys = keys
        self.policies = policies
        self.path = path


FALLBACK_ROUNDING = RoundingPolicy("0.01", "half_up")
"""The rounding of rows whose rounding parameter is not set (they are undetermined anyway)."""


def as_column(value: Any, n: int) -> Column:
    """``value`` as a column of ``n`` rows (a scalar is repeated: a read-only view that costs
    nothing, e.g. a national parameter the same for every row)."""
    arr = np.asarray(value)
    if arr.ndim == 0:
        # a view costs a few microseconds to make, a copy of a few rows less
        arr = np.full(n, arr) if n <= _SMALL else np.broadcast_to(arr, (n,))
    return arr.view(Column)


_SMALL = 512


def scale(
    trace: Trace,
    rule_id: str,
    fen: Any,
    ratio: RatioColumn | Fraction,
    divisor: int,
    rounding: RoundingColumn | RoundingPolicy | None,
    label: str,
    cache: EvaluationCache,
) -> FenColumn:
    """``fen × ratio / divisor`` rounded by ``rounding``; with explanations each row's step is
    traced (its text cached on the engine: the same exact amount and rounding read the same)."""
    if isinstance(ratio, Fraction):
        ratio = RatioColumn(ratio.numerator, ratio.denominator)
    if rounding is None:
        raise RuleDefinitionError(rule_id, "every division declares its rounding")
    if isinstance(rounding, RoundingPolicy):
        rounding = RoundingColumn(None, [rounding], None)
    n = trace.n
    den = ratio.den * divisor
    try:
        product = checked_mul(fen, ratio.num)
    except FenOverflowError as exc:
        raise FenOverflowError(exc.operation, rule_id, label) from None
    if rounding.keys is None or len(rounding.policies) == 1:
        out = divide_fen(product, 1, den, rounding.policies[0])
    else:
        out = np.zeros(n, dtype=np.int64)
        prod = np.broadcast_to(product, (n,))
        for key, policy in enumerate(rounding.policies):
            m = rounding.keys == key
            out[m] = divide_fen(prod[m], 1, den, policy)
    result: FenColumn = as_column(out, n)
    if trace.explain:
        # each row's step, built once per (exact amount, result, rounding) group
        keys = 0 if rounding.keys is None else rounding.keys
        exact_col = product if np.shape(product) == (n,) else np.broadcast_to(product, (n,))
        reps, inverse = ([0], None) if n == 1 else group_rows(exact_col, result, keys)
        path = rounding.path
        steps = []
        for r in reps:
            pol = rounding.policies[0 if rounding.keys is None else int(rounding.keys[r])]
            exact, rounded = int(exact_col[r]), int(result[r])
            steps.append(
                cache.memo(
                    "rounding",
                    (label, exact, den, rounded, pol, path),
                    lambda: _step(label, exact, den, rounded, pol, path),  # noqa: B023
                )
            )
        trace.record_rounding(inverse, steps)
    return result


def _step(
    label: str, product: int, den: int, result: int, policy: RoundingPolicy, path: str | None
) -> RoundingStep:
    return RoundingStep(
        label=label,
        exact=_fen_fraction(Fraction(product, den)),
        result=f"{Decimal(result) / FEN_PER_YUAN:,.2f}",
        policy=policy.describe(),
        parameter=path,
    )


def _fen_fraction(fen: Fraction) -> str:
    """An exact quotient in yuan, to 4 decimals with an ellipsis if inexact."""
    y = fen / FEN_PER_YUAN
    d = Decimal(y.numerator) / Decimal(y.denominator)
    q = d.quantize(Decimal("0.0001"))
    return f"{q:,}" + ("…" if q != d else "")
