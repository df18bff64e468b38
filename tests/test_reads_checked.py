"""Undeclared reads are errors at ``Engine.create``, naming rule, version and field.

Issue 11 §2: a rule body that reads a field it does not list in ``reads=`` (or a parameter not in
``parameters=``) used to fail on the first evaluation that reached the read: in production, on
one person. The engine now runs each condition and amount of each rule version once on a
synthetic row when it is created (:mod:`shuangyong.engine.probe`).
"""

from __future__ import annotations

import datetime as dt
import types
from typing import Any

import numpy as np
import pytest

from shuangyong import Engine
from shuangyong.authoring import (
    BoolColumn,
    Citation,
    Condition,
    Context,
    FenColumn,
    PaymentPeriod,
    Rule,
    RuleKind,
    UndeclaredReadError,
    hookimpl,
    where,
)

CITE = Citation("测试文件", "第1条")
ON = dt.date(2025, 3, 1)


def _plugin(*rules: Rule) -> types.ModuleType:
    mod = types.ModuleType("district_probe")
    mod.__version__ = "1.0"  # type: ignore[attr-defined]

    @hookimpl
    def register_rules(registry: Any) -> None:
        registry.add(*rules)

    mod.register_rules = register_rules  # type: ignore[attr-defined]
    return mod


def _graded(c: Context) -> BoolColumn:
    return c["disability_level"] > 0


def _benefit(
    version: str, start: dt.date, end: dt.date | None, amount: Any, reads: tuple[str, ...]
) -> Rule:
    return Rule(
        id="local.probe",
        label="测试待遇",
        kind=RuleKind.BENEFIT,
        version=version,
        effective_from=start,
        effective_to=end,
        citations=(CITE,),
        reads=reads,
        parameters=("disability_pension.rounding",),
        conditions=(Condition("graded", "已评残", _graded, reason_failed="未评残", citation=CITE),),
        amount=amount,
        period=PaymentPeriod.MONTH,
    )


def _flat(c: Context) -> FenColumn:
    return where(c["disability_level"] > 0, 10000, 0)


def _reads_cause_late(c: Context) -> FenColumn:
    # the undeclared read sits in the amount, behind a condition every real row may fail
    base = where(c["disability_level"] > 0, 10000, 0)
    return where(c["disability_cause"] == "combat", base, base // 2)


def _reads_a_parameter(c: Context) -> FenColumn:
    c.param("disability_pension.standard")  # a table, and not declared either
    return where(c["disability_level"] > 0, 10000, 0)


def test_an_undeclared_field_in_a_later_version_names_rule_version_and_field() -> None:
    """Version 2025-01-01 reads ``disability_cause`` without declaring it; 2020 is fine."""
    good = _benefit(
        "2020-01-01", dt.date(2020, 1, 1), dt.date(2024, 12, 31), _flat, ("disability_level",)
    )
    bad = _benefit(
        "2025-01-01", dt.date(2025, 1, 1), None, _reads_cause_late, ("disability_level",)
    )
    with pytest.raises(UndeclaredReadError) as exc:
        Engine.create(entry_points=False, plugins=[_plugin(good, bad)])
    err = exc.value
    assert (err.rule_id, err.version, err.name, err.what) == (
        "local.probe",
        "2025-01-01",
        "disability_cause",
        "field",
    )
    assert "local.probe" in str(err) and "2025-01-01" in str(err) and "disability_cause" in str(err)


def test_an_undeclared_parameter_is_named() -> None:
    rule = _benefit(
        "2020-01-01", dt.date(2020, 1, 1), None, _reads_a_parameter, ("disability_level",)
    )
    with pytest.raises(UndeclaredReadError, match=r"parameter 'disability_pension\.standard'"):
        Engine.create(entry_points=False, plugins=[_plugin(rule)])


def test_a_declared_rule_is_created_and_evaluates_per_case_and_batch() -> None:
    """The same rule with ``disability_cause`` declared: created, and the probe changed
    nothing about its results (10000 fen for grade 1 combat, 5000 for duty, 0 ungraded)."""
    rule = _benefit(
        "2020-01-01",
        dt.date(2020, 1, 1),
        None,
        _reads_cause_late,
        ("disability_level", "disability_cause"),
    )
    engine = Engine.create(entry_points=False, plugins=[_plugin(rule)])
    row = {"household_division": "110101", "disability_level": 1, "disability_cause": "combat"}
    assert engine.evaluate(row, on=ON)["local.probe"].amount.amount == 100
    batch = engine.evaluate_batch(
        {
            "household_division": np.array(["110101"] * 3, dtype=object),
            "disability_level": np.array([1, 2, 0]),
            "disability_cause": np.array(["combat", "duty", None], dtype=object),
        },
        on=ON,
        rules=["local.probe"],
    )
    assert list(batch["local.probe"].amount_fen) == [10000, 5000, 0]


def test_the_national_rule_set_declares_every_read() -> None:
    """Every national rule version passes the probe (created without error)."""
    engine = Engine.create(entry_points=False)
    assert len(engine.rule_ids()) > 20
