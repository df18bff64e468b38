"""The amount of a run is written into the body's own result only when nothing else sees it.

``run_rule`` zeroes the amount of rows that fail a condition. When the body's result is fresh
memory nothing else refers to (a result of arithmetic), that is done in place (one array of n
fewer, issue 10); an input column, a column shared between rules or a read-only lookup is
never written: the caller's arrays and the other rules' amounts stay what they were.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from shuangyong import Engine, hookimpl
from shuangyong.citations import Citation
from shuangyong.policy import Condition, PaymentPeriod, Rule, RuleKind

ON = dt.date(2025, 3, 1)
CITE = Citation("测试条例", "第1条")
READS = ("disability_level", "disability_cause", "household_division")


def _rule(rule_id: str, least: int, amount: Any) -> Rule:
    return Rule(
        id=rule_id,
        label="测试",
        kind=RuleKind.BENEFIT,
        version="1",
        effective_from=dt.date(2000, 1, 1),
        citations=(CITE,),
        reads=READS,
        conditions=(
            Condition(
                "ok",
                "测试条件",
                lambda c: c["disability_level"] >= least,
                "不符合测试条件",
                CITE,
            ),
        ),
        amount=amount,
        period=PaymentPeriod.MONTH,
    )


def _engine(*rules: Rule) -> Engine:
    class Plugin:
        @hookimpl
        def register_rules(self, registry: Any) -> None:
            for rule in rules:
                registry.add(rule)

    return Engine.create(plugins=[Plugin()], entry_points=False)


def _table(n: int = 600) -> dict[str, Any]:
    levels = np.arange(n, dtype=np.int64) % 10 + 1
    return {
        "household_division": np.full(n, 110101, dtype=np.int64),
        "disability_level": levels,
        "disability_cause": np.full(n, "combat", dtype=object),
    }


def test_an_input_column_returned_as_the_amount_is_not_written() -> None:
    engine = _engine(_rule("t_input", 5, lambda c: c["disability_level"]))
    table = _table()
    before = table["disability_level"].copy()
    for data in (table, engine.prepare(table)):
        got = engine.evaluate_batch(data, ON)["t_input"].amount_fen
        assert np.array_equal(got, np.where(before >= 5, before, 0))
        assert np.array_equal(table["disability_level"], before)


def test_a_column_shared_by_two_rules_is_not_written_by_the_first() -> None:
    def shared(c: Any) -> Any:
        return c.shared("t_level_fen", lambda: c["disability_level"] * 100)

    # the first refuses most rows; the second pays every row from the same shared column
    engine = _engine(_rule("t_first", 9, shared), _rule("t_second", 1, shared))
    table = _table()
    levels = table["disability_level"]
    out = engine.evaluate_batch(table, ON)
    assert np.array_equal(out["t_first"].amount_fen, np.where(levels >= 9, levels * 100, 0))
    assert np.array_equal(out["t_second"].amount_fen, levels * 100)


def test_a_fresh_result_is_zeroed_in_place() -> None:
    engine = _engine(_rule("t_fresh", 5, lambda c: c["disability_level"] * 100))
    table = _table()
    levels = table["disability_level"]
    got = engine.evaluate_batch(table, ON)["t_fresh"].amount_fen
    assert np.array_equal(got, np.where(levels >= 5, levels * 100, 0))
    # the body's own array, not a copy (the product's memory, seen through a view)
    assert got.base is not None
