"""The compliance invariants, tried with hypothesis over random evidence sets.

* adding evidence of work done never lowers any score — only a record that itself reports a
  shortfall can (a veto incident; a station lacking one of the "五有"; a needs item not resolved
  in time); those are kept in a separate pool and tested separately;
* no score exceeds the points possible;
* a veto always fails the assessment;
* the same evidence always gives the same findings (in any record order);
* removing the only record an item rested on turns it to not met.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from test_compliance_support import (
    DIV,
    TOWNS,
    VILLAGES,
    activity,
    channel,
    d,
    doc,
    group,
    make_engine,
    meeting,
    need,
    officer,
    station,
)

from shuangyong.compliance import EvidenceSet, Incident, IncidentKind, State, assess
from shuangyong.compliance.evidence import kind_of

ENGINE = make_engine()
CHECKLISTS = sorted(ENGINE.checklists)

# records that report work done (in the year assessed, the year before, or elsewhere)
WORK: tuple[Any, ...] = (
    doc("D1", "development_plan", date="2021-03-01", covers_from=2021, covers_to=2025),
    doc("D2", "annual_deployment"),
    doc("D3", "annual_deployment", date="2023-02-01"),
    doc("D4", "party_committee_agenda"),
    doc("D5", "fiscal_budget", budget_amount=None),
    doc("D6", "disbursement_voucher"),
    doc("D7", "performance_assessment", indicators=("双拥",)),
    doc("D8", "assessment_result", jurisdiction="411000"),
    doc("D9", "defense_education_plan"),
    doc("D10", "government_work_report"),
    doc("D11", "education_system_plan"),
    doc("R1", "member_unit_report", issuer="区财政局"),
    doc("R2", "member_unit_plan", issuer="区财政局"),
    group("G1"),
    group("G2", leader=False),
    meeting("M1", "leading_group_plenary"),
    meeting("M2", "party_military_affairs"),
    meeting("M3", "joint_military_civil", "2023-06-01"),
    meeting("M4", "joint_office"),
    meeting("M5", "party_standing_committee"),
    activity("A1", "mutual_visit"),
    activity("A2", "defense_education"),
    activity("A3", "troop_support"),
    activity("A4", "joint_construction", "2023-05-01"),
    channel("C1", "newspaper"),
    channel("C2", "radio"),
    channel("C3", "tv", year=2023),
    officer("P1", VILLAGES[0]),
    officer("P2", VILLAGES[2], appointed="2025-03-01"),
    station("S1", DIV),
    station("S2", TOWNS[1]),
    station("S3", VILLAGES[1]),
    need("N1", "military", "2024-02-01", "2024-03-01"),
    need("N2", "civil", "2024-12-15", "2024-12-20"),
    need("N3", "civil", "2023-02-01"),
)
# records that report a shortfall
SHORTFALL: tuple[Any, ...] = (
    station("S9", TOWNS[0], complete=False),
    need("N9", "civil", "2024-01-05"),
    need("N8", "military", "2024-01-05", "2024-10-01"),
)
VETO = Incident(
    id="E1", kind=IncidentKind.MILITARY_CIVIL_CONFLICT, date=d("2024-06-01"), title="事件"
)

subsets = st.lists(st.sampled_from(range(len(WORK))), unique=True).map(
    lambda ix: tuple(WORK[i] for i in ix)
)


def _assess(checklist: str, records: tuple[Any, ...]) -> Any:
    return assess(ENGINE, checklist, EvidenceSet.of(*records), division=DIV, year=2024)


@given(st.sampled_from(CHECKLISTS), subsets, st.sampled_from(WORK))
def test_adding_evidence_of_work_never_lowers_a_score(
    checklist: str, records: tuple[Any, ...], extra: Any
) -> None:
    if extra in records:
        return
    before = _assess(checklist, records)
    after = _assess(checklist, (*records, extra))
    for f in before.findings:
        g = after.finding(f.item_id)
        if f.earned is not None and g.earned is not None:
            assert g.earned >= f.earned, (f.item_id, extra.id)
    assert after.earned >= before.earned
    assert after.passed or not before.passed


@given(st.sampled_from(CHECKLISTS), subsets, st.sampled_from(SHORTFALL))
def test_a_shortfall_record_only_touches_items_that_read_its_kind(
    checklist: str, records: tuple[Any, ...], extra: Any
) -> None:
    before = _assess(checklist, records)
    after = _assess(checklist, (*records, extra))
    items = {i.id: i for i in ENGINE.checklists[checklist].items()}
    for f in before.findings:
        if kind_of(extra) not in items[f.item_id].reads:
            assert after.finding(f.item_id).to_dict() == f.to_dict()


@given(st.sampled_from(CHECKLISTS), st.lists(st.sampled_from(WORK + SHORTFALL), unique=True))
def test_no_score_exceeds_the_points_possible(checklist: str, records: list[Any]) -> None:
    a = _assess(checklist, tuple(records))
    for f in a.findings:
        if f.possible is not None:
            assert 0 <= f.earned <= f.possible  # type: ignore[operator]
        if f.state is State.MET:
            assert f.earned == f.possible and not f.gaps
        if f.state is State.NOT_MET:
            assert not f.earned and f.gaps
    assert 0 <= a.earned <= a.possible


@given(subsets)
def test_a_veto_always_fails_the_assessment(records: tuple[Any, ...]) -> None:
    a = _assess("model_city_assessment", (*records, VETO))
    assert a.vetoes and not a.passed and not a.all_met


@given(st.sampled_from(CHECKLISTS), subsets, st.randoms(use_true_random=False))
def test_findings_are_deterministic(checklist: str, records: tuple[Any, ...], rnd: Any) -> None:
    first = _assess(checklist, records)
    assert _assess(checklist, records).to_dict() == first.to_dict()
    shuffled = list(records)
    rnd.shuffle(shuffled)
    again = _assess(checklist, tuple(shuffled))
    assert [(f.item_id, f.state, f.earned) for f in again.findings] == [
        (f.item_id, f.state, f.earned) for f in first.findings
    ]


@given(st.sampled_from(CHECKLISTS), subsets)
def test_removing_an_items_only_evidence_turns_it_to_not_met(
    checklist: str, records: tuple[Any, ...]
) -> None:
    a = _assess(checklist, records)
    ev = EvidenceSet.of(*records)
    for f in a.findings:
        if f.veto or f.state in (State.NOT_MET, State.NOT_APPLICABLE) or len(f.evidence) != 1:
            continue
        only = f.evidence[0]
        smaller = assess(ENGINE, checklist, ev.without(only.kind, only.id), division=DIV, year=2024)
        assert smaller.finding(f.item_id).state is State.NOT_MET, (f.item_id, only.id)
