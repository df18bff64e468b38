"""The built-in checklists, item by item, with hand-built evidence and hand-worked scores."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
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

from shuangyong.compliance import (
    EvidenceSet,
    Incident,
    IncidentKind,
    Office,
    Signage,
    SignageKind,
    State,
    SupportTeam,
    TeamKind,
    assess,
)
from shuangyong.domain.divisions import DivisionCode
from shuangyong.domain.money import Yuan
from shuangyong.errors import InvalidValueError, UnknownDivisionError

ENGINE = make_engine()


def run(checklist: str, *records: object, year: int = 2024, engine: object = ENGINE):  # type: ignore[no-untyped-def]
    return assess(engine, checklist, EvidenceSet.of(*records), division=DIV, year=year)  # type: ignore[arg-type]


FULL_FIVE = (
    doc("D1", "development_plan", date="2021-03-01", covers_from=2021, covers_to=2025),
    doc("D2", "annual_deployment"),
    doc("D3", "party_committee_agenda"),
    doc("D4", "fiscal_budget", budget_amount=Yuan("1000")),
    doc("D5", "disbursement_voucher"),
    doc("D6", "performance_assessment", indicators=("双拥工作",)),
    doc("D7", "assessment_result"),
    doc("D8", "defense_education_plan"),
    activity("A1", "defense_education"),
    group(),
)


def test_five_inclusions_all_met() -> None:
    a = run("five_inclusions", *FULL_FIVE)
    assert [f.item_id for f in a.findings] == [
        "five_inclusions.development_plan",
        "five_inclusions.party_agenda",
        "five_inclusions.fiscal_budget",
        "five_inclusions.performance_assessment",
        "five_inclusions.defense_education",
    ]
    assert all(f.state is State.MET for f in a.findings)
    assert a.earned == a.possible == 10  # 5 items × 2 points (example)
    assert a.all_met and a.uses_example
    plan = a.finding("five_inclusions.development_plan")
    assert [e.id for e in plan.evidence] == ["D1", "D2"]
    assert plan.citations and plan.gaps == ()


def test_five_inclusions_half_and_none() -> None:
    a = run("five_inclusions", doc("D6", "performance_assessment", indicators=("双拥",)))
    f = a.finding("five_inclusions.performance_assessment")
    assert f.state is State.PARTLY_MET and f.earned == 1 and f.possible == 2
    assert f.gaps == ("缺少：2024年双拥工作考核结果（统一考核）",)
    none = a.finding("five_inclusions.development_plan")
    assert none.state is State.NOT_MET and none.earned == 0
    assert none.gaps[0].startswith("缺少：2024年适用的经济和社会发展规划")
    assert not a.all_met


def test_a_document_of_another_year_or_jurisdiction_is_set_aside_and_said() -> None:
    a = run(
        "five_inclusions",
        doc("D4", "fiscal_budget", date="2023-01-10", budget_amount=Yuan("5")),
        doc("D9", "fiscal_budget", jurisdiction="411000", budget_amount=Yuan("5")),
    )
    f = a.finding("five_inclusions.fiscal_budget")
    assert f.state is State.NOT_MET
    assert any("D4" in n and "不含考评年度 2024" in n for n in f.notes)
    assert any("D9" in n and "不是被考评区划" in n for n in f.notes)


def test_budget_without_amount_is_not_enough() -> None:
    a = run("five_inclusions", doc("D4", "fiscal_budget"), doc("D5", "disbursement_voucher"))
    f = a.finding("five_inclusions.fiscal_budget")
    assert f.state is State.PARTLY_MET
    assert any("未列明双拥经费金额：D4" in n for n in f.notes)


def test_leading_group_without_a_leader_is_a_finding_not_a_crash() -> None:
    a = run("leading_group", group(leader=False))
    f = a.finding("leading_group.leader")
    assert f.state is State.NOT_MET
    assert f.gaps == ("领导小组 G1 缺少：组长（应由党委书记担任）",)
    assert a.finding("leading_group.deputy").state is State.MET


def test_leading_group_items() -> None:
    a = run("leading_group", group(office=Office(name="双拥办")))
    assert a.finding("leading_group.office").state is State.PARTLY_MET
    assert a.finding("leading_group.office").gaps == ("缺少：双拥办主任（未明确人选）",)
    assert a.finding("leading_group.joint_office").state is State.NOT_MET
    ok = run("leading_group", group())  # military_staff=1 suffices at county level
    assert ok.all_met
    missing = run("leading_group")
    assert all(f.gaps[0].startswith("缺少：双拥工作领导小组") for f in missing.findings)


def test_leading_group_set_up_after_the_year_does_not_count() -> None:
    a = run("leading_group", group(established_on="2025-02-01"))
    f = a.finding("leading_group.leader")
    assert f.state is State.NOT_MET and any("晚于考评年度 2024" in n for n in f.notes)


def test_work_institutions_proportional_to_the_required_frequency() -> None:
    a = run(
        "work_institutions",
        meeting("M1", "leading_group_plenary"),
        meeting("M0", "leading_group_plenary", "2023-12-30"),
        activity("V1", "mutual_visit"),
        meeting("J1", "joint_office"),
        meeting("J2", "joint_office"),
    )
    lg = a.finding("work_institutions.leading_group_meeting")
    assert lg.state is State.MET and [e.id for e in lg.evidence] == ["M1"]
    assert any("M0" in n and "不在考评年度" in n for n in lg.notes)
    visits = a.finding("work_institutions.mutual_visits")  # 1 of 2 (example frequency)
    assert visits.state is State.PARTLY_MET and visits.earned == Fraction(1, 2)
    office = a.finding("work_institutions.joint_office")  # 2 of 4
    assert office.earned == Fraction(1, 2)
    assert office.gaps == ("缺少：军地联合办公 2 次（2024年应 4 次，已 2 次）",)
    assert a.finding("work_institutions.military_day").state is State.NOT_MET


def test_member_unit_reports() -> None:
    a = run("work_institutions", group(), doc("R1", "member_unit_report", issuer="区财政局"))
    assert a.finding("work_institutions.member_unit_reports").state is State.MET
    b = run("work_institutions", group())
    assert b.finding("work_institutions.member_unit_reports").gaps == (
        "成员单位 区财政局 缺少：成员单位年度工作总结（报告）",
    )


def test_service_station_five_haves_and_three_level_coverage() -> None:
    a = run(
        "service_station",
        station("S1", DIV),
        station("S2", TOWNS[0]),
        station("S3", VILLAGES[0], complete=False),
    )
    haves = a.finding("service_station.five_haves")
    assert haves.earned == Fraction(2, 3) * 3  # 2 of 3 stations complete, 3 points
    assert haves.gaps == ("服务站 S3 服务站S3 缺少：有编制",)
    cov = a.finding("service_station.coverage")
    # district 1/1, townships 1/2, villages 1/3: (1 + 1/2 + 1/3) / 3 of 3 points
    assert cov.earned == (1 + Fraction(1, 2) + Fraction(1, 3))
    assert cov.state is State.PARTLY_MET
    assert any("测试乙镇" in g for g in cov.gaps)
    full = run(
        "service_station",
        station("S1", DIV),
        *(station(f"T{i}", t) for i, t in enumerate(TOWNS)),
        *(station(f"V{i}", v) for i, v in enumerate(VILLAGES)),
    )
    assert full.all_met and full.earned == 8  # 3 五有 + 2 六化 + 3 coverage


def test_coverage_without_village_data_says_so() -> None:
    engine = make_engine(divisions=False)
    a = run("service_station", station("S1", DIV), engine=engine)
    cov = a.finding("service_station.coverage")
    assert cov.earned == 1  # the district level only: a third of 3 points
    assert any("村（社区）级区划数据" in g for g in cov.gaps)


def test_station_outside_the_jurisdiction_is_an_error() -> None:
    with pytest.raises(InvalidValueError) as info:
        run("service_station", station("S9", "411002"))
    assert info.value.field == "station[S9].division"
    assert "outside the division assessed" in info.value.reason
    with pytest.raises(UnknownDivisionError):
        run("service_station", station("S8", "411003109"))


def test_publicity_channels_and_village_officers() -> None:
    a = run(
        "publicity_channels",
        channel("C1", "newspaper"),
        channel("C2", "tv"),
        channel("C3", "online"),
        channel("C4", "radio", reports=0),
        channel("C5", "radio", year=2023),
        officer("P1", VILLAGES[0]),
        officer("P2", VILLAGES[1], appointed="2025-01-01"),
    )
    ch = a.finding("publicity_channels.channels")
    assert ch.earned == Fraction(3, 4) * 2 and ch.gaps == ("缺少：广播渠道的双拥宣传（2024年）",)
    assert any("C4" in n for n in ch.notes) and any("C5" in n for n in ch.notes)
    off = a.finding("publicity_channels.village_officers")
    assert off.earned == Fraction(1, 3) * 2  # 1 of 3 villages, required 100%
    assert any("P2" in n for n in off.notes)


def test_needs_lists_resolution_in_time_late_overdue_pending() -> None:
    a = run(
        "needs_lists",
        need("N1", "military", "2024-01-01", "2024-02-01"),  # in time
        need("N2", "civil", "2024-01-01", "2024-06-01"),  # late (152 days > 90)
        need("N3", "civil", "2024-03-01"),  # overdue, open
        need("N4", "civil", "2024-12-01"),  # pending: limit runs past 31 December
        need("N5", "civil", "2024-11-01", "2025-01-10"),  # resolved after the year: pending
        need("N0", "civil", "2023-05-01", "2023-05-02"),  # another year
    )
    both = a.finding("needs_lists.both_lists")
    assert both.state is State.MET
    res = a.finding("needs_lists.resolution")
    # 1 of 3 due items in time; required 90%: (1/3) / (9/10) of 2 points
    assert res.earned == Fraction(1, 3) / Fraction(9, 10) * 2
    assert res.gaps == ("未按时解决：N2（152 日解决）、N3（逾期未解决）",)
    assert any("N5" in n and "之后" in n for n in res.notes)
    assert any("N4" in n and "尚未超过" in n for n in res.notes)
    assert any("N0" in n for n in res.notes)


def test_needs_all_pending_is_not_applicable() -> None:
    a = run("needs_lists", need("N4", "civil", "2024-12-01"))
    res = a.finding("needs_lists.resolution")
    assert res.state is State.NOT_APPLICABLE and res.possible == 0


def _good_city() -> tuple[object, ...]:
    return (
        *FULL_FIVE,
        doc("W1", "government_work_report"),
        doc("W2", "armed_forces_party_report"),
        doc("W3", "education_system_plan"),
        doc("R1", "member_unit_report", issuer="区财政局"),
        doc("R2", "member_unit_plan", issuer="区财政局"),
        meeting("M1", "leading_group_plenary"),
        meeting("M2", "party_military_affairs"),
        meeting("M3", "joint_military_civil"),
        *(channel(f"C{k}", k) for k in ("newspaper", "tv", "radio", "online")),
        *(officer(f"P{i}", v) for i, v in enumerate(VILLAGES)),
        station("S1", DIV),
        *(station(f"T{i}", t) for i, t in enumerate(TOWNS)),
        *(station(f"V{i}", v) for i, v in enumerate(VILLAGES)),
        need("N1", "military", "2024-01-01", "2024-01-20"),
        need("N2", "civil", "2024-02-01", "2024-02-20"),
        activity("A8", "troop_support"),
        activity("A9", "joint_construction"),
        activity("A10", "visit"),
        activity("A11", "merit_news"),
        activity("A12", "plaque_hanging"),
        SupportTeam(
            id="T1",
            name="拥军服务队",
            kind=TeamKind.VOLUNTEER,
            division=DivisionCode(DIV),
            established_on=d("2020-01-01"),
        ),
        Signage(id="B1", kind=SignageKind.PUBLICITY_BOARD, year=2024, count=3),
    )


def test_model_city_full_marks_pass() -> None:
    a = run("model_city_assessment", *_good_city())
    assert a.earned == a.possible == 23
    assert a.pass_mark == Fraction(23 * 4, 5) and a.passed and a.all_met
    assert a.sections[0].possible == 6 and a.sections[1].possible == 5


def test_a_veto_fails_the_assessment_whatever_the_score() -> None:
    bad = Incident(
        id="E1", kind=IncidentKind.BENEFIT_ARREARS, date=d("2024-08-01"), title="拖欠待遇"
    )
    a = run("model_city_assessment", *_good_city(), bad)
    assert a.earned == a.possible == 23
    assert not a.passed and not a.all_met
    assert [f.item_id for f in a.vetoes] == ["model_city_assessment.veto"]
    veto = a.vetoes[0]
    assert veto.gaps[0].startswith("一票否决：") and veto.earned is None
    assert "一票否决" in a.render_text()
    harmless = Incident(id="E2", kind=IncidentKind.OTHER, date=d("2024-08-01"), title="其他")
    assert run("model_city_assessment", *_good_city(), harmless).passed


def test_comparison_with_the_previous_year() -> None:
    records = (*_good_city(), meeting("M0", "leading_group_plenary", "2023-04-01"))
    ev = EvidenceSet.of(*records)  # type: ignore[arg-type]
    before = assess(ENGINE, "model_city_assessment", ev, division=DIV, year=2023)
    after = assess(ENGINE, "model_city_assessment", ev, division=DIV, year=2024, previous=before)
    assert after.comparison is not None
    assert after.comparison.earned_before == before.earned
    assert after.comparison.delta == after.earned - before.earned
    assert "与 2023 年比较" in after.render_text()
    with pytest.raises(InvalidValueError, match="same checklist"):
        assess(ENGINE, "five_inclusions", ev, division=DIV, year=2024, previous=before)


def test_json_rendering_is_plain_data() -> None:
    a = run("model_city_assessment", *_good_city())
    data = json.loads(json.dumps(a.to_dict(), ensure_ascii=False))
    assert data["earned"] == "23" and data["passed"] is True
    f = data["sections"][0]["findings"][0]
    assert f["item_id"] == "model_city_assessment.leadership.planning"
    assert f["parameters"][0]["provenance"] == "example"


def test_unknown_checklist_division_and_year() -> None:
    with pytest.raises(InvalidValueError, match="unknown checklist"):
        run("no_such_list")
    with pytest.raises(UnknownDivisionError):
        assess(ENGINE, "five_inclusions", EvidenceSet.of(), division="999999", year=2024)
    with pytest.raises(InvalidValueError, match="year"):
        run("five_inclusions", year=1800)


def test_every_built_in_item_id_is_in_the_glossary_form() -> None:
    ids = {i.id for c in ENGINE.checklists.values() for i in c.items()}
    assert {
        "five_inclusions.development_plan",
        "five_inclusions.party_agenda",
        "five_inclusions.fiscal_budget",
        "five_inclusions.performance_assessment",
        "five_inclusions.defense_education",
        "service_station.five_haves",
        "service_station.coverage",
    } <= ids
    for c in ENGINE.checklists.values():
        assert all(i.id.startswith(c.id + ".") for i in c.items())
