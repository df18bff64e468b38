"""Money and periods (domain/money.py, domain/periods.py)."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangyong.domain import (
    Month,
    Period,
    RoundingMode,
    RoundingPolicy,
    Yuan,
    divide_fen,
    parse_date,
)
from shuangyong.errors import InvalidValueError
from shuangyong.testing import strategies as sst

_DECIMAL_MODES = {
    RoundingMode.HALF_UP: decimal.ROUND_HALF_UP,
    RoundingMode.HALF_EVEN: decimal.ROUND_HALF_EVEN,
    RoundingMode.UP: decimal.ROUND_UP,
    RoundingMode.DOWN: decimal.ROUND_DOWN,
}


@pytest.mark.parametrize("value", [7345.83, float("nan"), float("inf"), np.float64(1.0)])
def test_yuan_rejects_floats(value: float) -> None:
    with pytest.raises(InvalidValueError) as info:
        Yuan(value)
    assert info.value.field == "amount"
    assert "never float" in info.value.reason


@pytest.mark.parametrize("value", ["NaN", "inf", "-Infinity", Decimal("NaN"), Decimal("-inf")])
def test_yuan_rejects_non_finite(value: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        Yuan(value)
    assert info.value.field == "amount"
    assert "finite" in info.value.reason


def test_yuan_rejects_bool_and_junk() -> None:
    with pytest.raises(InvalidValueError):
        Yuan(True)
    with pytest.raises(InvalidValueError) as info:
        Yuan("七千")
    assert "not a number" in info.value.reason


def test_yuan_rejects_sub_fen_but_rounds_on_request() -> None:
    with pytest.raises(InvalidValueError) as info:
        Yuan("1.005")
    assert "more than two decimals" in info.value.reason
    assert Yuan.rounded("1.005") == Yuan("1.01")


def test_yuan_arithmetic_and_fen() -> None:
    assert Yuan("7345.83").fen == 734583
    assert Yuan.from_fen(734583) == Yuan("7345.83")
    assert Yuan("1.10") + Yuan(2) == Yuan("3.10")
    assert 3 * Yuan("0.10") == Yuan("0.30")
    assert str(Yuan("88150")) == "88,150.00元"


def test_rounding_policy_validation() -> None:
    with pytest.raises(InvalidValueError):
        RoundingPolicy("0.001", RoundingMode.UP)
    with pytest.raises(InvalidValueError):
        RoundingPolicy(0.5, RoundingMode.UP)
    assert RoundingPolicy("5", "up").describe() == "按5元向上进位"


@given(
    st.integers(-(10**9), 10**9),
    st.integers(-1000, 1000),
    st.integers(1, 1000),
    sst.rounding_policies(),
)
def test_divide_fen_matches_decimal(fen: int, num: int, den: int, policy: RoundingPolicy) -> None:
    exact = Decimal(fen) * num / Decimal(den)
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(fen) * num / Decimal(den)
        units = (exact / policy.unit_fen).to_integral_value(rounding=_DECIMAL_MODES[policy.mode])
    expected = int(units) * policy.unit_fen
    assert int(divide_fen(fen, num, den, policy)) == expected
    # The batch path rounds a column the same way.
    column = divide_fen(np.array([fen, fen], dtype=np.int64), num, den, policy)
    assert column.tolist() == [expected, expected]


def test_divide_fen_rejects_bad_denominator() -> None:
    with pytest.raises(InvalidValueError):
        divide_fen(100, 1, 0)


def test_month_and_period() -> None:
    m = Month.parse("2025-08")
    assert (m.start, m.end) == (dt.date(2025, 8, 1), dt.date(2025, 8, 31))
    assert str(m + 5) == "2026-01"
    assert len(Period.year(2025)) == 12
    assert list(Period(Month(2024, 11), Month(2025, 2)).months())[-1] == Month(2025, 2)
    with pytest.raises(InvalidValueError) as info:
        Month.parse("August")
    assert info.value.field == "month"
    with pytest.raises(InvalidValueError):
        Period(Month(2025, 2), Month(2025, 1))


def test_parse_date_rejects_a_time_of_day() -> None:
    assert parse_date(dt.datetime(2025, 1, 1)) == dt.date(2025, 1, 1)  # 00:00: the date
    with pytest.raises(InvalidValueError) as info:
        parse_date(dt.datetime(2025, 1, 1, 9))
    assert "has a time of day" in info.value.reason
    assert parse_date("2025-01-31") == dt.date(2025, 1, 31)
