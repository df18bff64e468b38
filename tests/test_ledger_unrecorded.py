"""A fact never recorded in the store means what an absent key means per case (issue 10).

A person whose stored facts leave a required field unset (no default: ``residence``,
``enlisted_on``, ``service_kind``) is evaluated by a payment run as ``Engine.evaluate`` evaluates
the dict row without that key: the rules that require it are undetermined for that person
("缺少输入字段：…", shown as pending in the run report), a rule that reads it only when given
(``Rule.optional_reads``) runs as if it were absent, every other rule runs as usual. It was a
row error, and the person got no rule evaluated at all. A None given by a caller stays an
input error (tests/test_strict_inputs.py).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from shuangyong import Engine
from shuangyong.domain.periods import Month
from shuangyong.engine.batch import Unrecorded
from shuangyong.ledger import Ledger
from shuangyong.storage import Fact, FactKind, Store, open_store
from shuangyong.storage.rows import rule_row

sys.path.insert(0, str(Path(__file__).parent / "scope_plugins"))

import henan_rural_top_up  # a test plugin module, found on the path above

COUNTY = "411003"
TOWN = "411003100"
VETERAN = "411003195001010011"
CHILD = "411003195007200022"
OTHER = "411003195001010033"

VET: dict[str, Any] = {
    "name": "张三",
    "township_division": TOWN,
    "birth_date": "1950-01-01",
    "household_division": COUNTY,
    "service_kind": "conscript",
    "care_arrangement": "dispersed",
    "enlisted_on": "1968-09-01",
    "discharged_on": "1972-09-01",
    "disability_level": 5,
    "disability_cause": "combat",
    "disability_assessed_on": "2014-05-01",
    "disability_approved_on": "2014-06-01",
}
# a martyr's child: no service of their own, so no enlisted_on nor service_kind
CHILD_FACTS: dict[str, Any] = {
    "name": "李四",
    "township_division": TOWN,
    "birth_date": "1950-07-20",
    "household_division": COUNTY,
    "residence": "rural",
    "martyr_child": True,
}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create(entry_points=False)


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = "memory://" if request.param == "memory" else f"sqlite:///{tmp_path}/ledger.db"
    with open_store(url, entry_points=False) as s:
        yield s


def _per_case(engine: Engine, store: Store, pid: str, on: dt.date) -> Any:
    """``Engine.evaluate`` of the person's stored row (unset fields absent from the dict)."""
    row = rule_row(store.row_on(pid, on))
    return engine.evaluate(row, on)


def _reasons(result: Any) -> tuple[str, ...]:
    return tuple(result.to_dict()["notes"])


def test_a_person_missing_residence_gets_lines_and_a_pending_reason(
    engine: Engine, store: Store
) -> None:
    store.add_facts([Fact(VETERAN, dt.date(2014, 6, 1), VET)], actor="登记员")
    store.add_facts(
        [Fact(OTHER, dt.date(2014, 6, 1), {**VET, "residence": "rural"})], actor="登记员"
    )
    rules = ["disability_pension", "living_subsidy"]
    report = Ledger(engine, store, actor="经办人").run(rules, "2025-01", "2025-01", COUNTY)
    assert not report.problems, [str(p) for p in report.problems]
    assert report.persons == 2
    on = dt.date(2025, 1, 1)
    alone = _per_case(engine, store, VETERAN, on)
    # the rule that does not read residence: paid as per case
    pension = alone["disability_pension"]
    assert pension.status.value == "eligible"
    lines = {(ln.person_id, ln.rule_id): ln for ln in store.lines()}
    assert lines[(VETERAN, "disability_pension")].amount_fen == pension.amount.fen
    # the rule that requires it: undetermined, with the per-case reason, not paid
    subsidy = alone["living_subsidy"]
    assert subsidy.status.value == "undetermined"
    assert any(r.startswith("缺少输入字段：residence") for r in _reasons(subsidy))
    assert (VETERAN, "living_subsidy") not in lines
    pending = {(p.person_id, p.rule_id): p for p in report.pending}
    assert pending[(VETERAN, "living_subsidy")].reasons == _reasons(subsidy)
    assert pending[(VETERAN, "living_subsidy")].months == (Month(2025, 1),)
    assert "缺少输入字段：residence" in str(report)
    # the person who recorded it is evaluated as before (no pending line for a missing field)
    other = _per_case(engine, store, OTHER, on)["living_subsidy"]
    assert (OTHER, "living_subsidy") not in pending or not any(
        "缺少输入字段" in r for r in pending[(OTHER, "living_subsidy")].reasons
    )
    assert other.status.value != "undetermined" or (OTHER, "living_subsidy") in pending


def test_a_martyrs_child_without_service_in_a_run_with_rules_that_require_it(
    engine: Engine, store: Store
) -> None:
    store.add_facts([Fact(CHILD, dt.date(2010, 1, 1), CHILD_FACTS)], actor="登记员")
    store.add_facts([Fact(VETERAN, dt.date(2014, 6, 1), VET)], actor="登记员")
    rules = ["living_subsidy", "demobilized_veteran_subsidy", "disability_pension"]
    ledger = Ledger(engine, store, actor="经办人")
    report = ledger.run(rules, "2019-07", "2019-07", COUNTY)
    assert not report.problems, [str(p) for p in report.problems]
    on = dt.date(2019, 7, 1)
    alone = _per_case(engine, store, CHILD, on)
    lines = {(ln.person_id, ln.rule_id): ln for ln in store.lines()}
    pending = {(p.person_id, p.rule_id): p for p in report.pending}
    # the living subsidy reads enlisted_on only when given: evaluated (440 yuan, 2019 rate)
    subsidy = alone["living_subsidy"]
    assert subsidy.status.value == "eligible"
    assert lines[(CHILD, "living_subsidy")].amount_fen == subsidy.amount.fen == 44_000
    # the rules that require the service record: undetermined, naming it, as per case
    for rid in ("demobilized_veteran_subsidy", "disability_pension"):
        assert alone[rid].status.value == "undetermined"
        assert (CHILD, rid) not in lines
        assert pending[(CHILD, rid)].reasons == _reasons(alone[rid])
        assert any("缺少输入字段" in r for r in pending[(CHILD, rid)].reasons)


def test_unrecorded_rows_in_a_batch_equal_each_row_per_case(engine: Engine) -> None:
    """The engine's mechanism (``Unrecorded``) directly: rows lacking different fields, in
    one ``evaluate_batch_months`` call with the rules named, equal ``Engine.evaluate`` of
    each dict row without those keys, rule by rule (status, amount, reasons)."""
    full = {k: v for k, v in VET.items() if k not in ("name", "township_division")}
    child = {k: v for k, v in CHILD_FACTS.items() if k not in ("name", "township_division")}
    rows: list[dict[str, Any]] = [
        {**full, "residence": "rural"},
        full,  # no residence
        {k: v for k, v in full.items() if k != "enlisted_on"},
        child,
        {**full, "residence": "urban", "birth_date": "1940-03-01"},
    ]
    fields = sorted({f for r in rows for f in r} | {"residence"})
    cols = {f: np.array([r.get(f) for r in rows], dtype=object) for f in fields}
    gaps = {f: np.array([f not in r for r in rows]) for f in fields}
    gaps = {f: m for f, m in gaps.items() if m.any()}

    def rows_at(on: dt.date, idx: Any) -> Unrecorded:
        return Unrecorded(
            {f: c[idx] for f, c in cols.items()}, {f: m[idx] for f, m in gaps.items()}
        )

    rules = ["living_subsidy", "demobilized_veteran_subsidy", "disability_pension"]
    table = {"household_division": cols["household_division"]}
    bs = engine.evaluate_batch_months(table, "2025-01-01", "2025-01-31", rules, rows_at=rows_at)
    assert not bs.errors, bs.errors
    names = {0: "ineligible", 1: "eligible", 2: "undetermined"}
    seen: dict[tuple[str, int], str] = {}
    for rid in rules:
        pc = bs[rid]
        for k in range(len(pc)):
            i = int(pc.row[k])
            alone = engine.evaluate(rows[i], pc.on[k].astype(dt.date))[rid]
            assert names[int(pc.status[k])] == alone.status.value, (rid, i)
            seen[(rid, i)] = alone.status.value
            want = alone.amount.fen if alone.status.value == "eligible" else 0
            got = 0 if pc.amount_fen is None else int(pc.amount_fen[k])
            assert got == want, (rid, i)
            if alone.status.value == "undetermined" and any(
                "缺少输入字段" in r for r in _reasons(alone)
            ):
                assert pc.reasons[int(pc.reason[k])].split("；") == list(_reasons(alone))
    # the cases meant: a lacking field undetermines exactly the rules requiring it
    assert seen[("living_subsidy", 1)] == "undetermined"
    assert seen[("disability_pension", 1)] == "eligible"
    assert seen[("demobilized_veteran_subsidy", 2)] == "undetermined"
    assert seen[("disability_pension", 3)] == "undetermined"


def test_a_none_given_by_a_caller_is_still_an_input_error(engine: Engine) -> None:
    """Only the store's "never recorded" is read as absent: a None in a caller's table is the
    row error it always was (issue 12 §5)."""
    row = {k: v for k, v in VET.items() if k not in ("name", "township_division")}
    table = {f: np.array([v], dtype=object) for f, v in {**row, "residence": None}.items()}
    bs = engine.evaluate_batch_months(table, "2025-01-01", "2025-01-31", ["living_subsidy"])
    assert [e.field for e in bs.errors] == ["residence"]


def test_explain_line_reads_a_cleared_fact_as_the_run_does(engine: Engine, store: Store) -> None:
    """A line written while ``residence`` was recorded, the fact cleared since: the line's
    explanation re-evaluates today's row as a run would (undetermined, naming the field),
    not an input error."""
    store.add_facts(
        [Fact(VETERAN, dt.date(2014, 6, 1), {**VET, "residence": "rural"})], actor="登记员"
    )
    ledger = Ledger(engine, store, actor="经办人")
    report = ledger.run(["living_subsidy"], "2019-07", "2019-07", COUNTY)
    assert report.written == 1, str(report)
    line = store.lines(rule_id="living_subsidy")[0]
    store.add_facts(
        [Fact(VETERAN, dt.date(2014, 6, 1), {"residence": None}, kind=FactKind.CORRECTION)],
        actor="登记员",
    )
    explained = ledger.explain_line(line.line_id)
    assert not explained.error, explained.error
    assert explained.reproduced
    assert explained.current is not None
    assert explained.current.status.value == "undetermined"
    assert any(r.startswith("缺少输入字段：residence") for r in _reasons(explained.current))


# -- a district's own version of a rule ---------------------------------------------------------
ZHENGZHOU_VET = "410102195001010044"  # a veteran of 河南省, outside the county run above
WUHAN_VET = "420102195001010055"  # a veteran of 湖北省: the national version applies


def test_a_district_version_requiring_an_unrecorded_fact(store: Store) -> None:
    """Where a district's version of a rule requires a fact the national one does not, a
    person there who never recorded it is undetermined for that rule (naming the field, as
    per case), while a person elsewhere lacking the same fact is paid the national version;
    a person there who recorded it is paid the district's version."""
    engine = Engine.create(entry_points=False, plugins=[henan_rural_top_up])
    people = {
        ZHENGZHOU_VET: {**VET, "household_division": "410102", "township_division": None},
        WUHAN_VET: {**VET, "household_division": "420102", "township_division": None},
        OTHER: {
            **VET,
            "household_division": "410102",
            "township_division": None,
            "residence": "rural",
        },
    }
    for pid, facts in people.items():
        facts = {k: v for k, v in facts.items() if v is not None}
        store.add_facts([Fact(pid, dt.date(2014, 6, 1), facts)], actor="登记员")
    ledger = Ledger(engine, store, actor="经办人")
    report = ledger.run(["disability_pension"], "2025-01", "2025-01", "410102")
    assert not report.problems, [str(p) for p in report.problems]
    report_hb = ledger.run(["disability_pension"], "2025-01", "2025-01", "420102")
    assert not report_hb.problems, [str(p) for p in report_hb.problems]
    on = dt.date(2025, 1, 1)
    lines = {ln.person_id: ln for ln in store.lines(rule_id="disability_pension")}
    pending = {p.person_id: p for p in report.pending}

    there = _per_case(engine, store, ZHENGZHOU_VET, on)["disability_pension"]
    assert there.status.value == "undetermined"
    assert any(r.startswith("缺少输入字段：residence") for r in _reasons(there))
    assert ZHENGZHOU_VET not in lines
    assert pending[ZHENGZHOU_VET].reasons == _reasons(there)

    elsewhere = _per_case(engine, store, WUHAN_VET, on)["disability_pension"]
    assert elsewhere.status.value == "eligible"
    assert lines[WUHAN_VET].amount_fen == elsewhere.amount.fen

    recorded = _per_case(engine, store, OTHER, on)["disability_pension"]
    assert recorded.status.value == "eligible"
    assert lines[OTHER].amount_fen == recorded.amount.fen
    # the district's version was the one paid: 100 yuan a month above the national one
    assert recorded.amount.fen == elsewhere.amount.fen + henan_rural_top_up.TOP_UP_FEN


def test_rows_at_with_every_rule_in_force_judges_the_rows_it_returns(engine: Engine) -> None:
    """``evaluate_batch_months(table, …, rows_at=…)`` without ``rules``: ``table`` holds only
    the dates lines fall due on, so what the rows lack is judged on what ``rows_at`` returns.
    It was judged on ``table``, and every rule that reads more than dates was undetermined for
    want of fields the rows had. The same rows given as the table itself give the same lines."""
    full = {k: v for k, v in VET.items() if k not in ("name", "township_division")}
    rows: list[dict[str, Any]] = [
        {**full, "residence": "rural"},
        {**full, "residence": "urban", "disability_level": 2},
        {**full, "residence": "rural", "birth_date": "1930-03-01", "died_on": "2025-02-10"},
    ]
    fields = sorted({f for r in rows for f in r})
    cols = {f: np.array([r.get(f) for r in rows], dtype=object) for f in fields}

    def rows_at(on: dt.date, idx: Any) -> dict[str, Any]:
        return {f: c[idx] for f, c in cols.items()}

    # what the ledger hands over: the fields lines fall due by, and the division
    dated = {
        f
        for rid in engine.rule_ids()
        for reg in engine.rule_variants(rid)
        if reg.rule.payment is not None
        for f in reg.rule.payment.fields()
    }
    dates = {f: c for f, c in cols.items() if f in dated | {"household_division"}}
    assert set(dates) < set(cols)
    got = engine.evaluate_batch_months(dates, "2025-01-01", "2025-03-31", rows_at=rows_at)
    want = engine.evaluate_batch_months(cols, "2025-01-01", "2025-03-31")
    assert not got.errors and not want.errors
    assert sorted(got.rules) == sorted(want.rules)
    for rid in want.rules:
        g, w = got[rid], want[rid]
        assert g.row.tolist() == w.row.tolist(), rid
        assert g.status.tolist() == w.status.tolist(), rid
        assert (g.amount_fen is None) == (w.amount_fen is None), rid
        if w.amount_fen is not None:
            assert g.amount_fen.tolist() == w.amount_fen.tolist(), rid
    # the case meant: a benefit that reads more than dates is paid, not undetermined
    pension = got["disability_pension"]
    assert pension.status.tolist().count(1) >= 6  # two living veterans × three months
    assert 2 not in pension.status.tolist()
