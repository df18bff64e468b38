"""Issue 12 §5, money ceilings: parameter amounts and totals that cannot be held in int64 fen
are errors naming the file and key or the rule, never numbers wrapped to negative."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangyong import Engine
from shuangyong.domain.money import INT64_MAX, add_fen, sum_fen
from shuangyong.errors import FenOverflowError, ParameterFileError
from shuangyong.registries import ParameterRegistry

AMOUNT = """
[[parameter]]
path = "test.amount"
label = "测试金额"
unit = "yuan/month"

[[value]]
parameter = "test.amount"
jurisdiction = "national"
effective_from = 2020-01-01
provenance = "example"
value = "{value}"
"""

INTEGER = """
[[parameter]]
path = "test.count"
label = "测试整数"
unit = "months"

[[value]]
parameter = "test.count"
jurisdiction = "national"
effective_from = 2020-01-01
provenance = "example"
value = {value}
"""


def _finish(text: str) -> Any:
    reg = ParameterRegistry()
    reg.bind("tests").add_text(text, source="big.toml")
    return reg.finish(None)


def test_the_largest_amount_int64_fen_holds_loads() -> None:
    ps = _finish(AMOUNT.format(value="92233720368547758.07"))
    res = ps.resolve("test.amount", dt.date(2020, 6, 1), ("national",))
    assert res.compiled.scalar == INT64_MAX


@pytest.mark.parametrize("value", ["92233720368547758.08", "1" + "0" * 30])
def test_an_amount_beyond_int64_fen_names_file_and_key(value: str) -> None:
    """Before: the amount loaded, and a table of such cells failed with numpy's OverflowError."""
    with pytest.raises(ParameterFileError) as info:
        _finish(AMOUNT.format(value=value))
    assert (info.value.source, info.value.key) == ("big.toml", "value[0].value")
    assert "int64 fen" in info.value.reason


def test_an_integer_beyond_int64_names_file_and_key() -> None:
    with pytest.raises(ParameterFileError) as info:
        _finish(INTEGER.format(value=2**63))
    assert (info.value.source, info.value.key) == ("big.toml", "value[0].value")


# -- totals ----------------------------------------------------------------------------------
# 2024 条例 第15条第2款 (as in tests/cases/national/death.toml): 54,188 × 20 = 1,083,760 yuan,
# plus 40 months of the wage the unit certified. With 999,999,999,999 yuan (the largest amount
# a row takes): 40 × 999,999,999,999 = 39,999,999,999,960; one death = 40,000,001,083,720 yuan
ONE_DEATH_FEN = 4_000_000_108_372_000
DEATH: dict[str, Any] = {
    "birth_date": "1990-05-01",
    "household_division": "110101",
    "service_kind": "officer",
    "enlisted_on": "2010-09-01",
    "died_on": "2025-03-10",
    "death_category": "martyr",
    "certified_gratuity_wage": "999999999999",
}
ON = dt.date(2025, 3, 10)


def _deaths(n: int) -> dict[str, np.ndarray]:
    return {k: np.array([v] * n, dtype=object) for k, v in DEATH.items()}


def test_a_total_that_fits_is_exact(engine: Engine) -> None:
    res = engine.evaluate_batch(_deaths(2000), ON, rules=["death_gratuity"])
    assert res["death_gratuity"].amount_fen[0] == ONE_DEATH_FEN
    assert res.total_fen("death_gratuity") == 2000 * ONE_DEATH_FEN  # 8.0e18 < 2**63


def test_a_total_beyond_int64_is_an_error_naming_the_rule(engine: Engine) -> None:
    """Before: 3000 × 4.0e18 fen was returned wrapped, a negative total."""
    res = engine.evaluate_batch(_deaths(3000), ON, rules=["death_gratuity"])
    with pytest.raises(FenOverflowError) as info:
        res.total_fen("death_gratuity")
    assert info.value.rule_id == "death_gratuity"
    months = engine.evaluate_batch_months(
        _deaths(3000), dt.date(2025, 3, 1), dt.date(2025, 3, 31), ["death_gratuity"]
    )
    with pytest.raises(FenOverflowError, match="death_gratuity"):
        months.total("death_gratuity")
    with pytest.raises(FenOverflowError, match="death_gratuity"):
        months.monthly_totals_fen("death_gratuity")
    with pytest.raises(FenOverflowError, match="death_gratuity"):
        engine.evaluate_batch_months(
            _deaths(3000),
            dt.date(2025, 3, 1),
            dt.date(2025, 3, 31),
            ["death_gratuity"],
            keep_lines=False,
        )


@given(st.lists(st.integers(-(2**63) + 1, 2**63 - 1), max_size=40))
def test_sum_fen_is_exact_or_refuses(values: list[int]) -> None:
    arr = np.array(values, dtype=np.int64)
    exact = sum(values)
    if -INT64_MAX <= exact <= INT64_MAX:
        assert sum_fen(arr, "t") == exact
    else:
        with pytest.raises(FenOverflowError):
            sum_fen(arr, "t")


@given(
    st.lists(
        st.tuples(st.integers(-(2**63) + 1, 2**63 - 1), st.integers(-(2**63) + 1, 2**63 - 1)),
        min_size=1,
        max_size=20,
    )
)
def test_add_fen_is_exact_or_refuses(pairs: list[tuple[int, int]]) -> None:
    a = np.array([p[0] for p in pairs], dtype=np.int64)
    b = np.array([p[1] for p in pairs], dtype=np.int64)
    exact = [x + y for x, y in pairs]
    if all(-(2**63) <= v <= INT64_MAX for v in exact):
        add_fen(a, b, "t")
        assert a.tolist() == exact
    else:
        with pytest.raises(FenOverflowError):
            add_fen(a, b, "t")
