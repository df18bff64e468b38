"""How a rule's conditions become a status, per case (cells) and in batch (columns).

* A row that fails a condition on facts it has stays *ineligible* even when a later condition
  finds something missing (marks it undetermined); only rows that failed nothing else become
  *undetermined*.
* A plugin body written with numpy functions (``np.where``, ``np.maximum``, ``np.asarray``)
  runs per case through the cells' numpy fallback and gives exactly the batch result.
"""

from __future__ import annotations

import datetime as dt
import types
from typing import Any

import numpy as np
import pytest

from shuangyong import Citation, Condition, Engine, Rule, RuleKind, Status, Yuan, hookimpl
from shuangyong.domain.money import RoundingPolicy
from shuangyong.errors import RuleDefinitionError, UndeclaredReadError
from shuangyong.policy.context import Context
from shuangyong.policy.rules import PaymentPeriod
from shuangyong.registries import RegisteredRule

CITE = Citation("测试文件", "第1条")
ON = dt.date(2025, 1, 1)


def _graded(c: Context) -> Any:
    return c["disability_level"] >= 1


def _lacks_approval(c: Context) -> Any:
    # a condition that cannot be decided without the approval date: undetermined where absent
    missing = ~c.is_set("disability_approved_on")
    c.mark_undetermined(missing, "缺少批准日期 / approval date missing")
    return ~missing


def _two_condition_rule() -> Rule:
    return Rule(
        id="local.two",
        label="测试",
        kind=RuleKind.PRIVILEGE,
        version="2020-01-01",
        effective_from=dt.date(2020, 1, 1),
        citations=(CITE,),
        reads=("disability_level", "disability_approved_on"),
        conditions=(
            Condition("graded", "有残疾等级", _graded, reason_failed="无等级", citation=CITE),
            Condition("approved", "已批准", _lacks_approval, reason_failed="未批准", citation=CITE),
        ),
    )


ROWS = {
    # not graded (a clean failure), approval missing too → ineligible, not undetermined
    "clean": dict(household_division="411003", disability_level=0),
    # graded, approval missing → undetermined, naming what is missing
    "missing": dict(household_division="411003", disability_level=3, disability_cause="duty"),
    # graded and approved → eligible
    "ok": dict(
        household_division="411003",
        disability_level=3,
        disability_cause="duty",
        disability_assessed_on="2019-01-01",
        disability_approved_on="2019-02-01",
    ),
}
EXPECTED = {"clean": Status.INELIGIBLE, "missing": Status.UNDETERMINED, "ok": Status.ELIGIBLE}


@pytest.fixture(scope="module")
def engine() -> Engine:
    plugin = types.ModuleType("district_a")
    plugin.__version__ = "1.0"  # type: ignore[attr-defined]

    @hookimpl
    def register_rules(registry):  # type: ignore[no-untyped-def]
        registry.add(_two_condition_rule(), _numpy_style_rule())

    plugin.register_rules = register_rules  # type: ignore[attr-defined]
    return Engine.create(entry_points=False, plugins=[plugin])


def test_a_clean_failure_stays_ineligible_per_case(engine: Engine) -> None:
    for name, row in ROWS.items():
        r = engine.evaluate(row, ON, rules=["local.two"])["local.two"]
        assert r.status is EXPECTED[name], name
    missing = engine.evaluate(ROWS["missing"], ON, rules=["local.two"])["local.two"]
    assert "approval date missing" in " ".join(missing.notes)
    assert missing.failed_condition == "approved"
    assert missing.conditions[1].undetermined and "? 已批准" in missing.explain()
    # refused for not being graded; the approval could not be decided either, and says why
    clean = engine.evaluate(ROWS["clean"], ON, rules=["local.two"])["local.two"]
    assert clean.failed_condition == "graded"
    assert [c.undetermined for c in clean.conditions] == [False, True]
    assert "✗ 有残疾等级" in clean.explain() and "缺少批准日期" in clean.explain()


def test_a_clean_failure_stays_ineligible_in_batch(engine: Engine) -> None:
    names = list(ROWS)
    fields = sorted({k for row in ROWS.values() for k in row})
    table = {f: [ROWS[n].get(f) for n in names] for f in fields}
    table["disability_level"] = [ROWS[n].get("disability_level", 0) for n in names]
    batch = engine.evaluate_batch(table, ON, rules=["local.two"])
    assert batch["local.two"].status_names().tolist() == [EXPECTED[n].value for n in names]
    # the reason for a refusal is the condition failed on recorded facts, as per case
    assert batch["local.two"].failed_condition().tolist() == ["graded", "approved", None]


# -- a plugin body in plain numpy ------------------------------------------------------------
def _numpy_level(c: Context) -> Any:
    lvl = np.asarray(c["disability_level"])  # leaves the cells: numpy from here on
    return np.logical_and(lvl >= 1, lvl <= 10)


def _numpy_amount(c: Context) -> Any:
    lvl = c["disability_level"]
    base = np.where(lvl <= 4, 100_000, 60_000)  # fen
    boosted = np.maximum(base, np.asarray(lvl) * 20_000)
    return c.divide(boosted, 3, RoundingPolicy("1", "half_up"), label="÷3，四舍五入到元")


def _numpy_style_rule() -> Rule:
    return Rule(
        id="local.numpy",
        label="numpy 写法",
        kind=RuleKind.BENEFIT,
        version="2020-01-01",
        effective_from=dt.date(2020, 1, 1),
        citations=(CITE,),
        reads=("disability_level",),
        conditions=(
            Condition("graded", "有残疾等级", _numpy_level, reason_failed="无等级", citation=CITE),
        ),
        amount=_numpy_amount,
        period=PaymentPeriod.MONTH,
    )


def test_a_numpy_style_body_gives_the_batch_result_per_case(engine: Engine) -> None:
    levels = list(range(0, 11))
    table = {"household_division": ["411003"] * len(levels), "disability_level": levels}
    table["disability_cause"] = [None if lvl == 0 else "duty" for lvl in levels]
    batch = engine.evaluate_batch(table, ON, rules=["local.numpy"])
    for i in range(len(levels)):
        row = {k: v[i] for k, v in table.items()}
        r = engine.evaluate(row, ON, rules=["local.numpy"])["local.numpy"]
        cols = batch["local.numpy"]
        assert cols.amount_fen is not None
        assert r.status.value == cols.status_names()[i]
        assert r.amount is not None and r.amount.fen == int(cols.amount_fen[i])
    # level 9: max(60,000, 180,000) / 3 = 60,000 fen = 600 yuan, whole yuan
    r9 = engine.evaluate({k: v[9] for k, v in table.items()}, ON, rules=["local.numpy"])
    assert r9["local.numpy"].amount == Yuan("600")


# -- condition functions shared by several rules -----------------------------------------------
CALLS = {"n": 0}


def _counted_graded(c: Context) -> Any:
    CALLS["n"] += 1
    return c["disability_level"] >= 1


def _reads_death(c: Context) -> Any:
    return ~c.is_set("died_on") & (c["disability_level"] >= 1)


def _reads_parameter(c: Context) -> Any:
    return c.param("placement.reporting_days") >= 0


def _privilege(
    rule_id: str, test: Any, reads: tuple[str, ...], params: tuple[str, ...] = ()
) -> Rule:
    return Rule(
        id=rule_id,
        label="测试",
        kind=RuleKind.PRIVILEGE,
        version="2020-01-01",
        effective_from=dt.date(2020, 1, 1),
        citations=(CITE,),
        reads=reads,
        parameters=params,
        conditions=(Condition("c", "测试条件", test, reason_failed="不符合", citation=CITE),),
    )


def _engine_with(*rules: Rule) -> Engine:
    plugin = types.ModuleType("district_b")
    plugin.__version__ = "1.0"  # type: ignore[attr-defined]

    @hookimpl
    def register_rules(registry):  # type: ignore[no-untyped-def]
        registry.add(*rules)

    plugin.register_rules = register_rules  # type: ignore[attr-defined]
    return Engine.create(entry_points=False, plugins=[plugin])


def test_a_condition_function_used_by_two_rules_runs_once_per_evaluation() -> None:
    e = _engine_with(
        _privilege("local.a", _counted_graded, ("disability_level",)),
        _privilege("local.b", _counted_graded, ("disability_level",)),
    )
    row = dict(household_division="411003", disability_level=2, disability_cause="duty")
    CALLS["n"] = 0
    ev = e.evaluate(row, ON, rules=["local.a", "local.b"])
    assert CALLS["n"] == 1 and ev["local.a"].eligible and ev["local.b"].eligible
    CALLS["n"] = 0
    e.evaluate_batch({k: [v, v] for k, v in row.items()}, ON, rules=["local.a", "local.b"])
    assert CALLS["n"] == 1


def test_a_shared_result_is_refused_to_a_rule_that_does_not_declare_its_fields() -> None:
    a = _privilege("local.a", _reads_death, ("disability_level", "died_on"))
    b = _privilege("local.b", _reads_death, ("disability_level",))  # forgot died_on
    # Engine.create probes every rule version: the forgotten declaration is found there
    with pytest.raises(UndeclaredReadError, match="died_on") as exc:
        _engine_with(a, b)
    assert (exc.value.rule_id, exc.value.version) == ("local.b", b.version)
    # an engine assembled without create (as a host may) still refuses it when evaluating
    base = Engine.create(entry_points=False)
    e = Engine(
        rules={r.id: (RegisteredRule(r, "district_b 1.0"),) for r in (a, b)},
        parameters=base.parameters,
        divisions=base.divisions,
        plugins=base.plugins,
    )
    row = dict(household_division="411003", disability_level=2, disability_cause="duty")
    with pytest.raises(RuleDefinitionError, match="died_on"):
        e.evaluate(row, ON, rules=["local.a", "local.b"])  # a runs first: b reuses its result
    with pytest.raises(RuleDefinitionError, match="died_on"):
        e.evaluate(row, ON, rules=["local.b"])  # and alone


def test_a_shared_condition_that_reads_a_parameter_is_explained_by_each_rule() -> None:
    path = "placement.reporting_days"
    e = _engine_with(
        _privilege("local.a", _reads_parameter, ("disability_level",), (path,)),
        _privilege("local.b", _reads_parameter, ("disability_level",), (path,)),
    )
    row = dict(household_division="411003", disability_level=2, disability_cause="duty")
    ev = e.evaluate(row, ON, rules=["local.a", "local.b"])
    for rid in ("local.a", "local.b"):
        assert [p.path for p in ev[rid].parameters] == [path]
