"""The compact columns a payment run hands the engine (shuangyong.ledger.columns) mean exactly
what the stored values mean: the engine gives the same statuses, amounts, conditions and
errors (values as stored) on them as on the object columns a store returns."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuangyong import Engine
from shuangyong.ledger.columns import compact, concat, division_text, person_index
from shuangyong.ledger.compute import stored_value
from shuangyong.storage.protocol import columns_of_rows
from shuangyong.testing.populations import rows

ENGINE = Engine.create(entry_points=False)


def _obj(values: list[Any]) -> np.ndarray[Any, Any]:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def test_each_kind_is_typed_only_where_the_typed_column_holds_the_same_values() -> None:
    cols = compact(
        {
            "person_id": _obj(["a", "b", "c"]),
            "birth_date": _obj(["1990-01-02", None, "1950-12-31"]),
            "disability_level": _obj([1, 0, 10]),
            "member_disability_level": _obj([1, None, 3]),
            "mental_disorder": _obj([True, False, False]),
            "combat_veteran": _obj([True, None, False]),
            "household_division": _obj(["411003", "411002", "411003"]),
            "enlistment_division": _obj(["411003", None, "411003"]),
            "disability_cause": _obj(["combat", None, "combat"]),
            "award_kinds": _obj([["medal"], [], None]),
            "name": _obj(["张三", "李四", "王五"]),
        }
    )
    assert cols["person_id"].dtype == object
    assert cols["birth_date"].dtype == np.dtype("datetime64[D]")
    assert np.isnat(cols["birth_date"][1]) and str(cols["birth_date"][0]) == "1990-01-02"
    assert cols["disability_level"].dtype == np.int64
    assert cols["member_disability_level"].dtype == object  # a gap: no typed "missing"
    assert cols["mental_disorder"].dtype == bool
    assert cols["combat_veteran"].dtype == object
    assert cols["household_division"].tolist() == [411003, 411002, 411003]
    assert division_text(cols["household_division"]).tolist() == ["411003", "411002", "411003"]
    assert cols["enlistment_division"].dtype == object
    causes = cols["disability_cause"]
    assert causes.dtype == object and causes[0] is causes[2]  # one shared object
    assert cols["award_kinds"].tolist() == [["medal"], [], None]
    assert "name" not in cols


def test_person_index_finds_people_in_any_order() -> None:
    have = _obj(["p3", "p1", "p2"])
    pos, found = person_index(have, _obj(["p2", "p9", "p3"]))
    assert found.tolist() == [True, False, True]
    assert [have[i] for i in pos[found]] == ["p2", "p3"]
    pos, found = person_index(_obj([]), _obj(["p1"]))
    assert found.tolist() == [False]


def test_concat_fills_what_a_part_lacks_and_keeps_stored_values() -> None:
    a = compact({"birth_date": _obj(["1990-01-02"]), "disability_level": _obj([3])})
    b = compact({"household_division": _obj(["411003"]), "disability_level": _obj([None])})
    out = concat([a, b], ["birth_date", "household_division", "disability_level"])
    assert out["birth_date"].dtype.kind == "M" and np.isnat(out["birth_date"][1])
    assert out["disability_level"].tolist() == [3, None]
    assert out["household_division"].tolist() == [None, "411003"]


def _stored(row: dict[str, Any]) -> dict[str, Any]:
    """A generated row in the JSON form a store returns (dates as text, money as text)."""
    out: dict[str, Any] = {}
    for k, v in row.items():
        if v is None:
            continue
        if isinstance(v, dt.date):
            v = v.isoformat()
        elif isinstance(v, (list, tuple)):
            v = list(v)
        out[k] = v
    return out


def _outcome(table: dict[str, Any], on: dt.date) -> tuple[Any, ...]:
    res = ENGINE.evaluate_batch(table, on)
    per_rule = tuple(
        (
            rid,
            rc.status.tolist(),
            None if rc.amount_fen is None else rc.amount_fen.tolist(),
            rc.passed.tolist(),
            None if rc.unsure is None else rc.unsure.tolist(),
        )
        for rid, rc in sorted(res.rules.items())
    )
    errors = tuple(
        (e.row, e.field, repr(stored_value(e.field, e.value)), e.reason) for e in res.errors
    )
    return per_rule, errors


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(rows(), min_size=1, max_size=12),
    st.sets(
        st.sampled_from(
            [
                "birth_date",
                "disability_level",
                "household_division",
                "mental_disorder",
                "enlisted_on",
                "disability_cause",
            ]
        ),
        max_size=2,
    ),
    st.dates(dt.date(2019, 1, 1), dt.date(2026, 12, 1)),
)
def test_the_engine_reads_compact_columns_as_the_stored_values(
    people: list[dict[str, Any]], gaps: set[str], on: dt.date
) -> None:
    stored = []
    for i, row in enumerate(people):
        r = {"person_id": f"P{i:03d}", **_stored(row)}
        if i == 0:  # unset fields: missing values, reported as the stored value (None)
            for f in gaps:
                r.pop(f, None)
        stored.append(r)
    objects = columns_of_rows(stored)
    typed = compact(objects)
    typed.pop("name", None)
    objects.pop("name", None)
    assert _outcome(typed, on) == _outcome(objects, on)


def test_fill_defaults_gives_an_unrecorded_field_its_default_and_keeps_the_rest() -> None:
    """A field with a default that nobody's facts mention becomes its typed default; one with
    gaps is filled and typed; a field without a default (or nullable) keeps its None."""
    from shuangyong.ledger.columns import fill_defaults

    out = fill_defaults(
        {
            "combat_veteran": _obj([None, None, None]),
            "in_hardship": _obj([True, None, False]),
            "disability_level": _obj([None, 3, None]),
            "disability_cause": _obj([None, "combat", None]),
            "residence": _obj([None, "rural", None]),
        }
    )
    assert out["combat_veteran"].dtype == bool and out["combat_veteran"].tolist() == [False] * 3
    assert out["in_hardship"].dtype == bool
    assert out["in_hardship"].tolist() == [True, False, False]
    assert out["disability_level"].tolist() == [0, 3, 0]
    assert out["disability_cause"].tolist() == [None, "combat", None]
    assert out["residence"].tolist() == [None, "rural", None]
