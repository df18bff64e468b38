"""``Engine.evaluate_many``: many people explained at batch cost, each exactly as alone.

Every national rule on generated people (the strategies of :mod:`shuangyong.testing.populations`,
which set different fields, so rows of one call differ in shape), on generated dates: the
``to_dict()`` of each person's evaluation in a many-person call equals that of ``evaluate`` of the
person alone. Then a synthetic population as a table, the missing-floor note of the death
gratuity (which names each person's own amount), and bad input.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuangyong import Engine
from shuangyong.errors import InvalidValueError
from shuangyong.testing.populations import SITUATIONS, population, recent_rows, rows, survivor_rows

ON = st.dates(dt.date(2019, 3, 2), dt.date(2026, 12, 31))
PEOPLE = st.one_of(
    rows(),
    st.sampled_from(SITUATIONS).flatmap(lambda s: recent_rows(dt.date(2025, 3, 1), s)),
    survivor_rows(),
)
_ENGINE: list[Engine] = []


def _engine() -> Engine:
    if not _ENGINE:
        _ENGINE.append(Engine.create(entry_points=False))
    return _ENGINE[0]


def _alone(engine: Engine, row: Any, on: dt.date) -> Any:
    try:
        return engine.evaluate(row, on).to_dict()
    except InvalidValueError as exc:
        return ("error", exc.field, exc.reason)


@settings(max_examples=80, deadline=None)
@given(people=st.lists(PEOPLE, min_size=1, max_size=10), on=ON)
def test_many_people_are_explained_as_each_alone(people: list[dict[str, Any]], on: dt.date) -> None:
    engine = _engine()
    alone = [_alone(engine, p, on) for p in people]
    if any(isinstance(a, tuple) for a in alone):
        # bad input: the call fails on the first bad row, naming it
        first = next(i for i, a in enumerate(alone) if isinstance(a, tuple))
        with pytest.raises(InvalidValueError) as info:
            engine.evaluate_many(people, on)
        bad = [i for i, a in enumerate(alone) if isinstance(a, tuple)]
        assert info.value.row in bad, (info.value.row, first)
        return
    many = engine.evaluate_many(people, on)
    assert [m.to_dict() for m in many] == alone


@pytest.mark.parametrize("on", [dt.date(2019, 6, 1), dt.date(2025, 3, 1)])
def test_a_population_table_is_explained_as_each_person_alone(on: dt.date) -> None:
    engine = _engine()
    pop = population(400, seed=11, on=on)
    many = engine.evaluate_many(pop, on)
    assert len(many) == 400
    for i in range(0, 400, 7):
        row = {k: v[i] for k, v in pop.items()}
        assert many[i].to_dict() == engine.evaluate(row, on).to_dict(), i


def test_the_missing_floor_note_names_each_persons_own_amount() -> None:
    engine = _engine()
    on = dt.date(2025, 3, 1)
    base = {
        "birth_date": "1990-01-01",
        "household_division": "411003",
        "service_kind": "officer",
        "enlisted_on": "2010-09-01",
        "death_category": "martyr",
        "died_on": "2025-03-01",
    }
    people = [
        {**base, "monthly_basic_wage": "3000.00"},
        {**base, "monthly_basic_wage": "9000.00"},
        {**base},  # no wage: nothing to say about the floor
    ]
    many = engine.evaluate_many(people, on)
    for p, m in zip(people, many, strict=True):
        assert m.to_dict() == engine.evaluate(p, on).to_dict()
    notes = [m["death_gratuity"].notes for m in many]
    assert notes[0] != notes[1] or notes[0] == ()


def test_bad_input_names_the_row() -> None:
    engine = _engine()
    on = dt.date(2025, 3, 1)
    good = {"birth_date": "1990-01-01", "household_division": "411003"}
    with pytest.raises(InvalidValueError) as info:
        engine.evaluate_many([good, good, {**good, "birth_date": "1990-13-01"}], on)
    assert info.value.row == 2 and info.value.field == "birth_date"


def test_no_rows_and_one_row() -> None:
    engine = _engine()
    on = dt.date(2025, 3, 1)
    assert engine.evaluate_many([], on) == []
    row = {"birth_date": "1990-01-01", "household_division": "411003"}
    (one,) = engine.evaluate_many([row], on, rules=["glory_plaque"])
    assert one.to_dict() == engine.evaluate(row, on, rules=["glory_plaque"]).to_dict()
    table = {k: np.array([v]) for k, v in row.items()}
    assert engine.evaluate_many(table, on)[0].to_dict() == engine.evaluate(row, on).to_dict()
