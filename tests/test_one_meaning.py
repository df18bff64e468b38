"""One meaning for rule bodies, numpy's, made safe for money, on one row and on a million.

Integer (fen) arithmetic that would overflow int64 raises an error naming the rule instead of
wrapping; enum columns are unordered (``<`` on one raises); and both hold on the per-case path
(``evaluate``) exactly as on the batch path (``evaluate_batch``).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangyong import Engine, hookimpl
from shuangyong.citations import Citation
from shuangyong.domain.money import RoundingPolicy
from shuangyong.engine import run as run_module
from shuangyong.errors import FenOverflowError, RuleDefinitionError
from shuangyong.policy import Condition, PaymentPeriod, Rule, RuleKind
from shuangyong.policy.columns import Column

ON = dt.date(2025, 3, 1)
ROW = {"household_division": "110101", "disability_level": 1, "disability_cause": "combat"}
CITE = (Citation("测试条例", "第1条"),)


def _engine(amount: Any = None, condition: Any = None, *others: Rule) -> Engine:
    rule = _rule("t_rule", amount, condition)

    class Plugin:
        @hookimpl
        def register_rules(self, registry: Any) -> None:
            for one in (rule, *others):
                registry.add(one)

    return Engine.create(plugins=[Plugin()], entry_points=False)


def _rule(rule_id: str, amount: Any = None, condition: Any = None) -> Rule:
    return Rule(
        id=rule_id,
        label="测试",
        kind=RuleKind.BENEFIT,
        version="1",
        effective_from=dt.date(2000, 1, 1),
        citations=CITE,
        reads=("disability_level", "disability_cause", "household_division"),
        conditions=(
            Condition(
                "ok",
                "测试条件",
                condition or (lambda c: c["disability_level"] >= 1),
                "不符合测试条件",
                CITE[0],
            ),
        ),
        amount=amount or (lambda c: c["disability_level"] * 100),
        period=PaymentPeriod.MONTH,
    )


def _batch(engine: Engine, n: int = 3) -> Any:
    table = {k: np.array([v] * n) for k, v in ROW.items()}
    return engine.evaluate_batch(table, on=ON, rules=["t_rule"])


@pytest.mark.parametrize(
    "amount",
    [
        lambda c: c["disability_level"] * 2**62 * 4,
        lambda c: c["disability_level"] + (2**63 - 1),
        lambda c: -(c["disability_level"] - 2**63 + 1) - 3,
        lambda c: c.scale(c["disability_level"] * 2**61, Fraction(8), rounding=_HALF_UP),
    ],
    ids=["product", "sum", "difference", "scale"],
)
def test_overflow_is_an_error_naming_the_rule_on_both_paths(amount: Any) -> None:
    engine = _engine(amount=amount)
    with pytest.raises(FenOverflowError) as one:
        engine.evaluate(ROW, on=ON, rules=["t_rule"])
    assert one.value.rule_id == "t_rule"
    assert "t_rule" in str(one.value) and "int64" in str(one.value)
    with pytest.raises(FenOverflowError) as many:
        _batch(engine)
    assert many.value.rule_id == "t_rule"


_HALF_UP = RoundingPolicy("0.01", "half_up")


def test_small_integer_columns_do_not_wrap() -> None:
    # disability_level is a small integer column: x 1000 stays exact (int64), on both paths
    engine = _engine(amount=lambda c: c["disability_level"] * 1000 * 1000)
    assert engine.evaluate(ROW, on=ON, rules=["t_rule"])["t_rule"].amount.fen == 1_000_000
    assert _batch(engine).total_fen("t_rule") == 3_000_000


@pytest.mark.parametrize(
    "compare",
    [
        lambda col: col < "combat",
        lambda col: col <= "combat",
        lambda col: col > "combat",
        lambda col: col >= "combat",
        lambda col: np.less(col, 1),
        lambda col: col > 1,
    ],
)
def test_enum_columns_are_unordered_on_both_paths(compare: Any) -> None:
    engine = _engine(condition=lambda c: compare(c["disability_cause"]))
    with pytest.raises(RuleDefinitionError, match="unordered") as one:
        engine.evaluate(ROW, on=ON, rules=["t_rule"])
    assert one.value.rule_id == "t_rule"
    with pytest.raises(RuleDefinitionError, match="unordered"):
        _batch(engine)


def test_integer_arithmetic_near_the_limits_is_exact() -> None:
    a = np.array([2**62, -(2**62), 3_037_000_499, -1], dtype=np.int64).view(Column)
    assert (a[:1] + (2**62 - 1)).tolist() == [2**63 - 1]
    with pytest.raises(FenOverflowError):
        _ = a[:1] + 2**62
    assert (a * 1).tolist() == a.tolist()
    assert (a[2:3] * 3_037_000_499).tolist() == [3_037_000_499**2]
    with pytest.raises(FenOverflowError):
        _ = a[3:] * np.iinfo(np.int64).min
    with pytest.raises(FenOverflowError):
        _ = -np.array([np.iinfo(np.int64).min]).view(Column)


def test_bounded_operands_still_raise_at_the_limits() -> None:
    # a bounded column (a table lookup's values, a where() of a parameter) skips the reductions
    # that find its extent; the check is still exact at the int64 limits
    from shuangyong.policy.columns import bounded, where

    big = bounded(np.array([2**62, 1], dtype=np.int64), 2**62)
    assert (big + (2**62 - 1)).tolist() == [2**63 - 1, 2**62]
    with pytest.raises(FenOverflowError):
        _ = big + bounded(np.array([2**62, 0], dtype=np.int64), 2**62)
    rows = np.tile([True, False], 200)  # where() of a bounded column is bounded from 256 rows
    with pytest.raises(FenOverflowError):
        _ = where(rows, bounded(np.tile(big, 200), 2**62), 0) * 2
    with pytest.raises(FenOverflowError):
        _ = big - np.array([-(2**62), 0], dtype=np.int64).view(Column)
    with pytest.raises(ValueError, match="read-only"):
        big[0] = 0  # a bound can never go stale


@given(
    st.lists(st.booleans(), min_size=1, max_size=8),
    st.sampled_from(["int8", "uint8", "int64", "uint64"]),
    st.integers(-(2**63), 2**64 - 1),
    st.sampled_from(["array", "scalar", "broadcast", "int"]),
)
def test_where_with_zero_is_numpys_where(
    flags: list[bool], dtype: str, value: int, form: str
) -> None:
    # where(condition, yes, 0) is computed as yes × condition from 256 rows: same values,
    # dtype and shape as numpy's where
    from shuangyong.policy.columns import where

    info = np.iinfo(dtype)
    value = min(max(value, int(info.min)), int(info.max))
    cond = np.tile(flags, 300)
    flags = cond.tolist()
    yes: Any = {
        "array": np.full(len(flags), value, dtype=dtype),
        "scalar": np.array(value, dtype=dtype)[()],
        "broadcast": np.broadcast_to(np.array(value, dtype=dtype), (len(flags),)).view(Column),
        "int": min(max(value, -(2**63)), 2**63 - 1),
    }[form]
    ours, numpys = where(cond, yes, 0), np.where(cond, np.asarray(yes), 0)
    assert ours.dtype == numpys.dtype
    assert ours.tolist() == numpys.tolist()


# -- the amount of a run is zeroed in the body's own result only when nothing else sees it ----
# (run_rule writes 0 into the failing rows of a fresh result, one array of n fewer; an input
# column, a column shared between rules or a read-only lookup is never written)


def _levels(n: int = 600) -> dict[str, Any]:
    return {
        "household_division": np.full(n, 110101, dtype=np.int64),
        "disability_level": np.arange(n, dtype=np.int64) % 10 + 1,
        "disability_cause": np.full(n, "combat", dtype=object),
    }


def _at_least(k: int) -> Any:
    return lambda c: c["disability_level"] >= k


def test_an_input_column_returned_as_the_amount_is_not_written() -> None:
    engine = _engine(lambda c: c["disability_level"], _at_least(5))
    table = _levels()
    before = table["disability_level"].copy()
    for data in (table, engine.prepare(table)):
        got = engine.evaluate_batch(data, ON)["t_rule"].amount_fen
        assert np.array_equal(got, np.where(before >= 5, before, 0))
        assert np.array_equal(table["disability_level"], before)


def test_a_column_shared_by_two_rules_is_not_written_by_the_first() -> None:
    def shared(c: Any) -> Any:
        return c.shared("t_level_fen", lambda: c["disability_level"] * 100)

    # the first refuses most rows; the second pays every row from the same shared column
    engine = _engine(shared, _at_least(9), _rule("t_second", shared, _at_least(1)))
    table = _levels()
    levels = table["disability_level"]
    out = engine.evaluate_batch(table, ON)
    assert np.array_equal(out["t_rule"].amount_fen, np.where(levels >= 9, levels * 100, 0))
    assert np.array_equal(out["t_second"].amount_fen, levels * 100)


def test_a_fresh_result_is_zeroed_in_place() -> None:
    engine = _engine(lambda c: c["disability_level"] * 100, _at_least(5))
    table = _levels()
    levels = table["disability_level"]
    got = engine.evaluate_batch(table, ON)["t_rule"].amount_fen
    assert np.array_equal(got, np.where(levels >= 5, levels * 100, 0))
    # the body's own array, not a copy (the product's memory, seen through a view), where
    # references are counted as the engine expects (CPython 3.11-3.13 with the GIL)
    assert got.base is not None or not run_module._COUNTED
