"""What applies, blocks (issue 11 §5): a parameter that is not set makes undetermined only the
rows it applies to.

The province here (北京 110000, test figures, not real statistics) sets the 优待金 index, its
type and ratio, and nothing else. 《军人抚恤优待条例》(2024) 第42条第1款 lets a province add a
top-up for students and a multiplier for hard postings; an ordinary conscript's family gets
neither, so his amount does not wait for them: 上年度 90,000 × 40% = 36,000.00.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from shuangyong import Engine, Status, Yuan

RULE = "conscript_family_allowance"
ON = dt.date(2025, 3, 1)

PROVINCE = """
[[value]]
parameter = "conscript_family_allowance.index_type"
jurisdiction = "110000"
effective_from = 2019-03-02
provenance = "example"
value = 1

[[value]]
parameter = "conscript_family_allowance.index"
jurisdiction = "110000"
year = 2024
provenance = "example"
[value.table]
urban_disposable_income = "90000"
rural_disposable_income = "-"
resident_disposable_income = "-"
resident_consumption_expenditure = "-"

[[value]]
parameter = "conscript_family_allowance.ratio"
jurisdiction = "110000"
effective_from = 2019-03-02
provenance = "example"
value = "40%"
"""

PERSON = dict(
    birth_date="2005-03-01",
    household_division="110101",
    service_kind="conscript",
    enlisted_on="2024-09-15",
    enlistment_division="110105",
)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create(entry_points=False).with_parameters(PROVINCE)


def _notes(engine: Engine, **flags: bool) -> tuple[Status, Yuan | None, str]:
    r = engine.evaluate({**PERSON, **flags}, on=ON, rules=[RULE])[RULE]
    return r.status, r.amount, " ".join(r.notes)


def test_an_ordinary_conscript_is_paid_without_the_top_ups_the_province_has_not_set(
    engine: Engine,
) -> None:
    status, amount, _ = _notes(engine)
    assert status is Status.ELIGIBLE and amount == Yuan("36000.00")
    r = engine.evaluate(PERSON, on=ON, rules=[RULE])[RULE]
    shown = {p.path for p in r.parameters}
    # his explanation shows neither top-up: they do not apply to him
    assert "conscript_family_allowance.student_extra" not in shown
    assert "conscript_family_allowance.hardship_multiplier" not in shown
    assert "conscript_family_allowance.ratio" in shown


def test_a_student_is_undetermined_naming_the_student_top_up_only(engine: Engine) -> None:
    status, amount, notes = _notes(engine, student_enlistee=True)
    assert status is Status.UNDETERMINED and amount is None
    assert "conscript_family_allowance.student_extra" in notes
    assert "hardship_multiplier" not in notes


def test_a_hard_posting_is_undetermined_naming_the_multiplier_only(engine: Engine) -> None:
    status, _, notes = _notes(engine, hardship_posting=True)
    assert status is Status.UNDETERMINED
    assert "conscript_family_allowance.hardship_multiplier" in notes
    assert "student_extra" not in notes


def test_both_missing_for_a_student_on_a_hard_posting_names_both(engine: Engine) -> None:
    status, _, notes = _notes(engine, student_enlistee=True, hardship_posting=True)
    assert status is Status.UNDETERMINED
    assert "student_extra" in notes and "hardship_multiplier" in notes


def test_many_people_are_each_explained_as_alone(engine: Engine) -> None:
    """One evaluation of a mixed table gives each row what it gets alone: the students and the
    hard postings are undetermined for their own missing value, the others are paid."""
    flags = [
        {},
        {"student_enlistee": True},
        {"hardship_posting": True},
        {},
        {"student_enlistee": True, "hardship_posting": True},
    ]
    people = [{**PERSON, **f} for f in flags]
    many = engine.evaluate_many(people, on=ON, rules=[RULE])
    for person, ev in zip(people, many, strict=True):
        alone = engine.evaluate(person, on=ON, rules=[RULE])[RULE]
        got = ev[RULE]
        assert (got.status, got.amount, got.notes) == (alone.status, alone.amount, alone.notes)
        assert [p.path for p in got.parameters] == [p.path for p in alone.parameters]
    cols = {k: np.array([p.get(k, False) for p in people], dtype=object) for k in people[4]}
    batch = engine.evaluate_batch(cols, ON, rules=[RULE])[RULE]
    assert list(batch.status_names()) == [
        "eligible",
        "undetermined",
        "undetermined",
        "eligible",
        "undetermined",
    ]
    assert int(batch.amount_fen[0]) == int(batch.amount_fen[3]) == 3_600_000
