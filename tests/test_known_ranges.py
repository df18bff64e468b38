"""What input checking finds (value ranges, no NaT) is reused by the operations that would ask
again, and a batch's condition matrix is stacked only when read — with the same results as
without either (issue 10 §3: profile and fix what dominates; results never change).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

from shuangyong import Engine, hookimpl
from shuangyong.citations import Citation
from shuangyong.engine.run import Stacked
from shuangyong.errors import InvalidValueError
from shuangyong.policy import Condition, Rule, RuleKind
from shuangyong.policy.ranges import Ranged, known_range, with_ranges
from shuangyong.policy.schema import FIELDS, convert_columns

ON = dt.date(2025, 3, 1)
CITE = Citation("测试条例", "第1条")


def _known(engine: Engine) -> Any:
    return engine._known  # the engine's division catalogue as a code mask (test only)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create(entry_points=False)


def _table(n: int = 5000) -> dict[str, Any]:
    rng = np.random.default_rng(7)
    level = rng.integers(0, 11, n)
    return {
        "household_division": np.full(n, 411003, np.int64),
        "birth_date": (np.datetime64("1950-01-01") + rng.integers(0, 20000, n)).astype(
            "datetime64[D]"
        ),
        "disability_level": level,
        "disability_cause": np.where(level > 0, 1, 0).astype(np.int8),
        "monthly_basic_wage": rng.integers(0, 9000, n),
    }


def test_checking_keeps_the_ranges_it_found(engine: Engine) -> None:
    t = _table()
    cols, errors, bad, _ = convert_columns(t, list(t), _known(engine), FIELDS)
    assert not errors and not bad.any()
    assert isinstance(cols, Ranged)
    lvl = cols["disability_level"]
    assert known_range(cols, "disability_level", lvl) == (0, int(lvl.max()))  # bounds
    born = cols["birth_date"].view(np.int64)
    assert known_range(cols, "birth_date", cols["birth_date"]) == (
        int(born.min()),
        int(born.max()),
    )
    assert known_range(cols, "household_division", cols["household_division"]) == (
        411003,
        411003,
    )
    wage = cols["monthly_basic_wage"]  # in fen
    assert known_range(cols, "monthly_basic_wage", wage) == (0, int(wage.max()))
    # a range belongs to the array it was found on: another array under the name has none
    assert known_range(cols, "disability_level", lvl.copy()) is None
    replaced = dict(cols)
    assert known_range(replaced, "disability_level", lvl) is None  # a plain dict: none kept
    kept = with_ranges({"disability_level": lvl[:10]}, cols)
    assert known_range(kept, "disability_level", kept["disability_level"]) is not None


def test_a_required_date_with_nat_is_reported_and_has_no_range(engine: Engine) -> None:
    t = _table(10)
    t["birth_date"] = t["birth_date"].copy()
    t["birth_date"][3] = np.datetime64("NaT")
    cols, errors, _, _ = convert_columns(t, list(t), _known(engine), FIELDS)
    assert [(e.row, e.field) for e in errors] == [(3, "birth_date")]
    assert known_range(cols, "birth_date", cols["birth_date"]) is None


def test_one_county_is_checked_by_its_one_code(engine: Engine) -> None:
    t = _table(300)
    t["household_division"] = np.full(300, 419999, np.int64)  # not a county
    _, errors, bad, _ = convert_columns(t, list(t), _known(engine), FIELDS)
    assert bad.all() and {e.field for e in errors} == {"household_division"}
    assert "419999" in str(errors[0].value) or errors[0].value == 419999
    mixed = _table(300)
    mixed["household_division"] = np.where(np.arange(300) % 2 == 0, 411003, 419999)
    _, errors, bad, _ = convert_columns(mixed, list(mixed), _known(engine), FIELDS)
    assert bad.sum() == 150


def _with_rule(*rules: Rule) -> Engine:
    class Plugin:
        @hookimpl
        def register_rules(self, registry: Any) -> None:
            for r in rules:
                registry.add(r)

    return Engine.create(plugins=[Plugin()], entry_points=False, builtins=False)


def _eligibility(rule_id: str, *conditions: Condition, reads: tuple[str, ...]) -> Rule:
    return Rule(
        id=rule_id,
        label="测试",
        kind=RuleKind.ELIGIBILITY,
        version="1",
        effective_from=dt.date(2000, 1, 1),
        citations=(CITE,),
        reads=("household_division", *reads),
        conditions=conditions,
    )


def test_dates_ordered_with_and_without_a_known_range_agree() -> None:
    """A date column known to hold no NaT skips excluding it; one that may hold NaT (a
    nullable date) still excludes it; per case and batch agree on every row."""
    before = dt.date(1990, 1, 1)
    rule = _eligibility(
        "t_dates",
        Condition(
            "born", "出生", lambda c: c["birth_date"] <= np.datetime64(before, "D"), "否", CITE
        ),
        Condition("died", "死亡", lambda c: c["died_on"] <= np.datetime64(ON, "D"), "否", CITE),
        reads=("birth_date", "died_on"),
    )
    eng = _with_rule(rule)
    n = 5000
    rng = np.random.default_rng(3)
    born = (np.datetime64("1950-01-01") + rng.integers(0, 20000, n)).astype("datetime64[D]")
    died = np.where(
        rng.random(n) < 0.5, np.datetime64("NaT"), born + 20000 + rng.integers(0, 3000, n)
    ).astype("datetime64[D]")
    table = {"household_division": np.full(n, 411003), "birth_date": born, "died_on": died}
    out = eng.evaluate_batch(table, ON)["t_dates"]
    want = (born <= np.datetime64(before)) & ~np.isnat(died) & (died <= np.datetime64(ON))
    assert np.array_equal(out.status == 1, want)
    for i in range(0, n, 997):
        row = {
            "household_division": "411003",
            "birth_date": str(born[i]),
            "died_on": None if np.isnat(died[i]) else str(died[i]),
        }
        assert eng.evaluate(row, ON, rules=["t_dates"]).results[0].status.value == (
            "eligible" if want[i] else "ineligible"
        )


def test_the_condition_matrix_is_stacked_when_read_and_never_sees_later_changes() -> None:
    """A condition may return a bool input column as it is: its owner may change the array
    after the call; the matrix read later is the one of the call."""
    rule = _eligibility(
        "t_flag",
        Condition("flag", "无劳动能力", lambda c: c["unable_to_work"], "否", CITE),
        Condition("lvl", "等级", lambda c: c["disability_level"] >= 5, "否", CITE),
        reads=("unable_to_work", "disability_level", "disability_cause"),
    )
    eng = _with_rule(rule)
    n = 10_000
    flag = np.arange(n) % 3 == 0
    level = np.arange(n) % 11
    table = {
        "household_division": np.full(n, 411003),
        "unable_to_work": flag,
        "disability_level": level,
        "disability_cause": np.where(level > 0, 1, 0).astype(np.int8),
    }
    out = eng.evaluate_batch(table, ON)["t_flag"]
    flag[:] = ~flag  # the caller's own array, changed after the call
    assert np.array_equal(out.passed[0], np.arange(n) % 3 == 0)
    assert np.array_equal(out.passed[1], level >= 5)

    # conditions the run owns are kept as they are and stacked on first read
    rule2 = _eligibility(
        "t_own",
        Condition("lvl", "等级", lambda c: c["disability_level"] >= 5, "否", CITE),
        Condition("lvl2", "等级", lambda c: c["disability_level"] <= 8, "否", CITE),
        reads=("disability_level", "disability_cause"),
    )
    eng2 = _with_rule(rule2)
    table.pop("unable_to_work")
    res = eng2.evaluate_batch(table, ON)["t_own"]
    assert isinstance(res._passed, Stacked)
    first = res.passed
    assert first is res.passed  # built once
    assert np.array_equal(first, np.array([level >= 5, level <= 8]))


def test_invalid_rows_read_as_passing_every_condition_in_a_lazy_matrix() -> None:
    rule = _eligibility(
        "t_inv",
        Condition("lvl", "等级", lambda c: c["disability_level"] >= 5, "否", CITE),
        reads=("disability_level", "disability_cause"),
    )
    eng = _with_rule(rule)
    n = 6000
    level = np.arange(n) % 11
    level[7] = 99  # above the maximum: a row error
    table = {
        "household_division": np.full(n, 411003),
        "disability_level": level,
        "disability_cause": np.where(level > 0, 1, 0).astype(np.int8),
    }
    res = eng.evaluate_batch(table, ON)
    col = res["t_inv"]
    assert col.status[7] == 3 and col.passed[0, 7]
    assert not col.passed[0, 1]
    with pytest.raises(InvalidValueError):
        eng.evaluate(
            {"household_division": "411003", "disability_level": 99, "disability_cause": "combat"},
            ON,
        )


_SMALL_TABLE = """
[[parameter]]
path = "t.by_level"
label = "按等级的示例标准"
unit = "yuan/month"
citations = [{ document = "测试条例", article = "第1条" }]
dimensions = [{ name = "level", values = [2, 3, 4] }]

[[value]]
parameter = "t.by_level"
jurisdiction = "national"
effective_from = 2000-01-01
provenance = "example"
table = { 2 = "200", 3 = "300", 4 = "400" }
"""


def test_a_coordinate_whose_range_passes_the_table_is_still_outside_it() -> None:
    """Levels 0..10 read a table of levels 2..4: the range found when checking says the
    column is not inside the table, so rows outside it read no cell (undetermined), per case
    and in a batch alike."""
    from shuangyong.policy import PaymentPeriod

    rule = Rule(
        id="t_table",
        label="测试",
        kind=RuleKind.BENEFIT,
        version="1",
        effective_from=dt.date(2000, 1, 1),
        citations=(CITE,),
        reads=("household_division", "disability_level", "disability_cause"),
        parameters=("t.by_level",),
        conditions=(Condition("graded", "评残", lambda c: c["disability_level"] >= 1, "否", CITE),),
        amount=lambda c: c.table("t.by_level").lookup(level=c["disability_level"]),
        period=PaymentPeriod.MONTH,
    )

    class Plugin:
        @hookimpl
        def register_parameters(self, registry: Any) -> None:
            registry.add_text(_SMALL_TABLE, source="t.toml")

        @hookimpl
        def register_rules(self, registry: Any) -> None:
            registry.add(rule)

    eng = Engine.create(plugins=[Plugin()], entry_points=False, builtins=False)
    n = 5500
    level = np.arange(n) % 11
    table = {
        "household_division": np.full(n, 411003),
        "disability_level": level,
        "disability_cause": np.where(level > 0, 1, 0).astype(np.int8),
    }
    for data in (table, eng.prepare(table)):
        out = eng.evaluate_batch(data, ON)["t_table"]
        want = np.where((level >= 2) & (level <= 4), level * 10000, 0)
        assert np.array_equal(out.amount_fen, want)
        assert np.array_equal(out.status == 2, (level == 1) | (level > 4))
    one = eng.evaluate(
        {"household_division": "411003", "disability_level": 7, "disability_cause": "combat"},
        ON,
        rules=["t_table"],
    )
    assert one.results[0].status.value == "undetermined"
