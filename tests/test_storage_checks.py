"""The store's batch fact check judges each fact exactly as the engine's one-row conversion does.

:class:`shuangyong.storage.rows.FactChecker` checks many facts at once with the batch
converter (``convert_columns``). These tests hold it to the one-row path
(``convert_row_values``, what the per-case API uses): for any mix of good and bad facts, the
first bad fact, its field, value and reason are the same, and ``problems`` lists each bad
fact's first error in order.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuangyong.policy.schema import FIELDS, convert_row_values
from shuangyong.storage import rows
from shuangyong.storage.model import Fact
from shuangyong.storage.protocol import FactValueError
from shuangyong.testing.populations import rows as beneficiary_rows

KNOWN = rows.builtin_division_mask()
CHECKER = rows.FactChecker(KNOWN)


def _json_form(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in row.items():
        if k not in FIELDS or k == "person_id":
            continue
        if isinstance(v, dt.date):
            v = v.isoformat()
        out[k] = v
    return out


# values that are well formed as JSON but wrong for the engine, or wrong in combination
_BREAKAGES: list[tuple[str, Any]] = [
    ("disability_level", 11),
    ("disability_level", -1),
    ("disability_level", 0),  # with a cause: level 0 is not a grade
    ("disability_cause", None),  # a grade without a cause
    ("service_kind", "general"),
    ("nco_grade", "senior"),  # an NCO grade on a conscript or officer
    ("household_division", "999999"),
    ("household_division", "000000"),
    ("enlisted_on", "1900-01-01"),  # before birth
    ("discharged_on", "1931-02-03"),  # before enlistment
    ("disability_approved_on", "1930-01-02"),
    ("award_kinds", ["medal", "no_such_award"]),
    ("monthly_basic_wage", "12.345"),
    ("monthly_basic_wage", "-3"),
    ("residence", "城镇"),
    ("sex", ""),
    ("care_arrangement", "elsewhere"),
]


@st.composite
def fact_values(draw: st.DrawFn) -> dict[str, Any]:
    values = _json_form(draw(beneficiary_rows()))
    # a fact sets some fields, not always all of them, in any order
    keys = draw(st.permutations(sorted(values)))
    keep = draw(st.integers(1, len(keys)))
    values = {k: values[k] for k in keys[:keep]}
    for field, bad in draw(st.lists(st.sampled_from(_BREAKAGES), max_size=2)):
        values[field] = bad
    if not any(v is not None for v in values.values()):
        values["sex"] = "male"
    return values


def _one_row_error(values: dict[str, Any]) -> tuple[str, Any, str] | None:
    """The reference: the engine's one-row conversion of the fact's values."""
    row = {k: v for k, v in values.items() if v is not None}
    _, errors = convert_row_values(row, (), KNOWN)
    if errors:
        return errors[0].field, errors[0].value, errors[0].reason
    return None


def _error(exc: FactValueError) -> tuple[str, Any, str]:
    return exc.field, exc.value, exc.reason.split(": ", 1)[1]


@settings(max_examples=300, deadline=None)
@given(st.lists(fact_values(), min_size=1, max_size=12))
def test_batch_check_finds_what_the_one_row_conversion_finds(
    many: list[dict[str, Any]],
) -> None:
    facts = [Fact(f"P{i:03d}", dt.date(2020, 1, 1), v) for i, v in enumerate(many)]
    expected = [(i, e) for i, v in enumerate(many) if (e := _one_row_error(v)) is not None]
    problems = CHECKER.problems(facts)
    assert [(p.row, _error(p)) for p in problems] == expected
    for p in problems:
        assert p.person_id == facts[p.row or 0].person_id
    if expected:
        with pytest.raises(FactValueError) as info:
            CHECKER.check(facts)
        assert (info.value.row, _error(info.value)) == expected[0]
        assert info.value.person_id == facts[expected[0][0]].person_id
        # one fact alone: the same error, with the index the caller gives
        i, want = expected[0]
        with pytest.raises(FactValueError) as one:
            CHECKER.check_one(facts[i], 41)
        assert (one.value.row, _error(one.value)) == (41, want)
    else:
        CHECKER.check(facts)


def test_form_errors_come_before_later_value_errors_and_name_the_person() -> None:
    good = {"household_division": "411003", "disability_level": 3, "disability_cause": "duty"}
    facts = [
        Fact("A", dt.date(2020, 1, 1), good),
        Fact("B", dt.date(2020, 1, 1), {**good, "disability_level": 12}),
        Fact("C", dt.date(2020, 1, 1), {"birth_date": "1990-1-1"}),
        Fact("D", dt.date(2020, 1, 1), {**good, "township_division": "411002001"}),
        Fact("E", dt.date(2020, 1, 1), {"no_such_field": 1}),
    ]
    with pytest.raises(FactValueError) as info:
        CHECKER.check(facts)
    e = info.value
    assert (e.person_id, e.row, e.field, e.value) == ("B", 1, "disability_level", 12)
    assert "above maximum 10" in str(e)
    assert [(p.person_id, p.row, p.field) for p in CHECKER.problems(facts)] == [
        ("B", 1, "disability_level"),
        ("C", 2, "birth_date"),
        ("D", 3, "township_division"),
        ("E", 4, "no_such_field"),
    ]
    # the first bad fact wins whatever kind of error a later one has
    with pytest.raises(FactValueError) as info:
        CHECKER.check(facts[2:])
    assert (info.value.person_id, info.value.row, info.value.field) == ("C", 0, "birth_date")


def test_not_a_fact_is_a_type_error_after_the_facts_before_it() -> None:
    bad_first = Fact("A", dt.date(2020, 1, 1), {"disability_level": 99})
    with pytest.raises(FactValueError):
        CHECKER.check([bad_first, "not a fact"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="expected a Fact"):
        CHECKER.check([Fact("A", dt.date(2020, 1, 1), {"sex": "male"}), 3])  # type: ignore[list-item]
