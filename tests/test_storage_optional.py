"""The optional store methods and their fall-backs: check_facts (a dry run that writes nothing),
add_facts with paid-up-to months in one transaction, rows_on_columns.

Each runs on memory:// and sqlite:/// (their own methods) and on a store that has only the
protocol's required methods (the module functions' fall-backs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from shuangyong.domain.periods import Month
from shuangyong.storage import open_store
from shuangyong.storage.model import Fact, PaidUpTo
from shuangyong.storage.protocol import (
    FactValueError,
    Store,
    StoreError,
    add_facts_with_paid_up_to,
    check_facts,
    rows_on_columns,
)

ON = dt.date(2025, 3, 1)
A, B = "A0001", "B0002"


class Plain:
    """A store with only the required methods (what an older backend plugin offers)."""

    def __init__(self, inner: Store) -> None:
        self._inner = inner

    def add_facts(self, facts: Any, *, actor: str) -> int:
        return self._inner.add_facts(facts, actor=actor)

    def __getattr__(self, name: str) -> Any:
        if name in ("check_facts", "rows_on_columns"):
            raise AttributeError(name)
        return getattr(self._inner, name)


@pytest.fixture(params=["memory", "sqlite", "plain"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    url = "memory://" if request.param != "sqlite" else f"sqlite:///{tmp_path / 's.db'}"
    s = open_store(url)
    yield Plain(s) if request.param == "plain" else s
    s.close()


def _fact(pid: str, **values: Any) -> Fact:
    base = {"household_division": "411003", "birth_date": "1980-05-06", "sex": "male"}
    return Fact(pid, dt.date(2020, 1, 1), {**base, **values})


def test_check_facts_refuses_like_add_facts_and_writes_nothing(store: Any) -> None:
    check_facts(store, [_fact(A), _fact(B, disability_level=2, disability_cause="duty")])
    with pytest.raises(FactValueError) as info:
        check_facts(store, [_fact(A), _fact(B, disability_level=12, disability_cause="duty")])
    assert (info.value.person_id, info.value.field, info.value.value) == (
        B,
        "disability_level",
        12,
    )
    assert info.value.row == 1
    assert store.person_ids() == []
    assert store.audit_events(action="facts.add") == []


def test_check_facts_sees_the_stored_history(store: Any) -> None:
    if isinstance(store, Plain):
        pytest.skip("the fall-back checks each fact alone")
    store.add_facts([_fact(A, township_division="411003001")], actor="t")
    moved = Fact(A, dt.date(2021, 1, 1), {"household_division": "411002"})
    with pytest.raises(FactValueError, match="township"):
        check_facts(store, [moved])
    assert len(store.facts(A)) == 1


def test_facts_and_paid_up_to_together(store: Any) -> None:
    paid = [PaidUpTo(A, "disability_pension", Month(2024, 12))]
    assert add_facts_with_paid_up_to(store, [_fact(A)], actor="t", paid_up_to=paid) == 1
    assert store.paid_up_to(A, "disability_pension") == Month(2024, 12)
    # a bad month: neither the facts nor the months are written
    bad = [PaidUpTo(B, "disability_pension", "2024-12")]  # type: ignore[arg-type]
    with pytest.raises(Exception, match="month"):
        add_facts_with_paid_up_to(store, [_fact(B)], actor="t", paid_up_to=bad)
    assert store.person_ids() == [A]


def test_paid_up_to_for_an_unknown_person_writes_no_fact(store: Any) -> None:
    if isinstance(store, Plain):
        pytest.skip("the fall-back writes in two transactions")
    paid = [PaidUpTo("NOBODY", "disability_pension", Month(2024, 12))]
    with pytest.raises(StoreError, match="NOBODY"):
        store.add_facts([_fact(A)], actor="t", paid_up_to=paid)
    assert store.person_ids() == []


def test_rows_on_columns_equal_rows_on(store: Any) -> None:
    store.add_facts(
        [
            _fact(B, township_division="411003002"),
            _fact(A, disability_level=3, disability_cause="combat"),
            Fact(A, dt.date(2024, 7, 1), {"disability_level": 2}),
            Fact(A, dt.date(2024, 8, 1), {"disability_cause": None, "disability_level": None}),
        ],
        actor="t",
    )
    for on in (dt.date(2024, 7, 15), ON):
        for division in (None, "411003", "411003002"):
            want = store.rows_on(on, division=division)
            cols = rows_on_columns(store, on, division=division)
            assert next(iter(cols)) == "person_id"
            assert list(cols["person_id"]) == [r["person_id"] for r in want]
            for name, col in cols.items():
                assert col.dtype == object
                assert list(col) == [r.get(name) for r in want]
    cols = rows_on_columns(store, dt.date(2024, 7, 15))
    assert list(cols["disability_level"]) == [2, None]
