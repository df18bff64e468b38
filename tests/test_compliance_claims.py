"""The evidence a district's annual report claims: quantities, 五送, teams, signage, honours,
stated totals, unit aliases with near misses, 组 under villages, village coverage."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from test_compliance_support import DIV, VILLAGES, d, doc, group, make_engine, officer, station

from shuangyong.compliance import (
    Activity,
    ActivityKind,
    Delivery,
    EvidenceSet,
    PublicityOfficer,
    State,
    StationStandard,
    UnitName,
    UnitNames,
    assess,
    evidence_from_data,
)
from shuangyong.domain.divisions import DivisionCode
from shuangyong.domain.money import Yuan
from shuangyong.errors import InvalidValueError, UnknownDivisionError

ENGINE = make_engine()


def run(checklist: str, *records: Any) -> Any:
    return assess(ENGINE, checklist, EvidenceSet.of(*records), division=DIV, year=2024)


ALL_KINDS = """
[[activity]]
id = "A1"
kind = "visit"
date = 2024-02-08
title = "春节走访慰问"
delivers = ["warmth", "policy"]
times = 200
person_times = 500
amount = "400000.50"

[[activity]]
id = "A2"
kind = "troop_support"
date = 2024-07-20
title = "支援防汛"
vehicle_times = 26

[[activity]]
id = "A3"
kind = "merit_news"
date = 2024-09-15
title = "送喜报"
pieces = 26

[[activity]]
id = "A4"
kind = "plaque_hanging"
date = 2024-05-10
title = "悬挂光荣牌"
pieces = 310
people = 310

[[support_team]]
id = "T1"
name = "拥军志愿服务队"
kind = "volunteer"
division = "411003"
established_on = 2021-08-01
members = 120

[[signage]]
id = "B1"
kind = "publicity_board"
year = 2024
count = 40

[[honour]]
id = "H1"
title = "省级双拥模范城（县）"
level = "province"
year = 2021
jurisdiction = "411003"
term = 2

[[payment_total]]
id = "PT1"
benefit = "抚恤金"
first_year = 2019
last_year = 2024
persons = 1234
amount = "98765432.10"
jurisdiction = "411003"
document = "区退役军人事务局2024年工作总结"

[[unit]]
id = "U1"
name = "建安区退役军人事务局"
aliases = ["区退役军人事务局"]

[[village_group]]
id = "VG1"
village = "411003100901"
name = "第一村民组"

[[station]]
id = "S1"
name = "站"
division = "411003"
standards = ["signage", "online"]

[[publicity_officer]]
id = "P1"
village = "411003100901"
appointed_on = 2023-01-01
group = "第一村民组"
"""


def test_every_new_kind_loads_exactly() -> None:
    import tomllib

    ev = evidence_from_data(tomllib.loads(ALL_KINDS), source="all.toml")
    visit = ev.get("activity", "A1")
    assert isinstance(visit, Activity)
    assert visit.quantities() == {"times": 200, "person_times": 500, "amount": Yuan("400000.50")}
    assert visit.delivers == (Delivery.WARMTH, Delivery.POLICY)
    assert ev.get("activity", "A2").vehicle_times == 26  # type: ignore[union-attr]
    assert ev.get("payment_total", "PT1").amount == Yuan("98765432.10")  # type: ignore[union-attr]
    assert ev.get("honour", "H1").caption == "2021年 省级双拥模范城（县）（第2届）"  # type: ignore[union-attr]
    station_ = ev.get("station", "S1")
    assert station_.standards == (StationStandard.SIGNAGE, StationStandard.ONLINE)  # type: ignore[union-attr]
    assert sum(station_.six_standards().values()) == 2  # type: ignore[union-attr]
    assert ev.get("publicity_officer", "P1").group == "第一村民组"  # type: ignore[union-attr]
    from shuangyong.compliance.evidence import kind_of

    kinds = {kind_of(r) for r in ev}
    assert {"support_team", "signage", "unit", "village_group", "honour", "payment_total"} <= kinds


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ('[[activity]]\nid="A"\nkind="visit"\ndate=2024-01-01\ntitle="t"\ntimes=-1', "times"),
        ('[[activity]]\nid="A"\nkind="visit"\ndate=2024-01-01\ntitle="t"\namount=12.5', "amount"),
        (
            '[[activity]]\nid="A"\nkind="troop_support"\ndate=2024-01-01\ntitle="t"\n'
            'delivers=["warmth"]',
            "delivers",
        ),
        (
            '[[activity]]\nid="A"\nkind="visit"\ndate=2024-01-01\ntitle="t"\ndelivers=["gold"]',
            "delivers",
        ),
        ('[[signage]]\nid="B"\nkind="publicity_board"\nyear=2024\ncount=0', "count"),
        ('[[station]]\nid="S"\nname="s"\ndivision="411003"\nstandards=["shiny"]', "standards"),
        ('[[village_group]]\nid="G"\nvillage="411003100"\nname="一组"', "village"),
        ('[[unit]]\nid="U"\nname="区财政局"\naliases=["区 财政局"]', "aliases"),
        (
            '[[payment_total]]\nid="P"\nbenefit="b"\nfirst_year=2024\nlast_year=2019\n'
            'amount="1"\njurisdiction="411003"',
            "last_year",
        ),
    ],
)
def test_bad_records_are_errors_naming_the_field(record: str, field: str) -> None:
    import tomllib

    with pytest.raises(InvalidValueError) as info:
        evidence_from_data(tomllib.loads(record), source="bad.toml")
    assert info.value.field.startswith("bad.toml") and field in info.value.field


def test_a_village_group_or_team_outside_the_district_is_an_error() -> None:
    import tomllib

    outside = evidence_from_data(
        tomllib.loads('[[village_group]]\nid="G"\nvillage="411002001001"\nname="一组"'), "x.toml"
    )
    with pytest.raises(UnknownDivisionError):
        assess(ENGINE, "publicity_channels", outside, division=DIV, year=2024)


def test_aliases_match_and_near_misses_are_hinted_not_counted() -> None:
    members = group("G1").members
    from shuangyong.compliance import Member, Position, Role

    g = group("G1")
    g = type(g)(
        id="G1",
        jurisdiction=g.jurisdiction,
        established_on=g.established_on,
        members=(
            *members,
            Member(
                name="甲", position=Position.OFFICIAL, role=Role.MEMBER, unit="建安区退役军人事务局"
            ),
        ),
        office=g.office,
    )
    report = doc("R9", "member_unit_report", issuer="区退役军人事务局")
    near = run("work_institutions", g, report).finding("work_institutions.member_unit_reports")
    gap = next(x for x in near.gaps if "建安区退役军人事务局" in x)
    assert "近似：文件 R9 的发文单位“区退役军人事务局”" in gap and "unit 记录声明别名" in gap
    alias = UnitName(id="U1", name="建安区退役军人事务局", aliases=("区退役军人事务局",))
    matched = run("work_institutions", g, report, alias).finding(
        "work_institutions.member_unit_reports"
    )
    assert not any("建安区退役军人事务局" in x for x in matched.gaps)
    assert any("按声明的别名计为成员单位" in n for n in matched.notes)
    assert matched.earned is not None and near.earned is not None
    assert matched.earned > near.earned


def test_unit_names_are_strict() -> None:
    names = UnitNames([UnitName(id="U1", name="区财政局", aliases=("区财政局（国资办）",))])
    assert names.same("区财政局", "区财政局（国资办）") and names.same("区财政局", " 区财政局 ")
    assert not names.same("区财政局", "区民政局")
    assert names.near_misses("区民政局", ["区财政局", "建安区民政局", "局"]) == ["建安区民政局"]
    with pytest.raises(InvalidValueError):
        UnitNames([UnitName(id="A", name="甲局"), UnitName(id="B", name="乙局", aliases=("甲局",))])


def test_village_coverage_is_assessed_per_village_with_groups() -> None:
    grouped = PublicityOfficer(
        id="P9",
        village=DivisionCode(VILLAGES[1]),
        appointed_on=d("2023-01-01"),
        group="第一村民组",
    )
    a = run("publicity_channels", officer("P1", VILLAGES[0]), grouped)
    f = a.finding("publicity_channels.village_officers")
    assert f.state is State.PARTLY_MET and f.earned == Fraction(2, 3) * 2
    assert any("测试乙一村" in g for g in f.gaps)
    assert any("驻组（村民小组）宣传员 1 人" in n for n in f.notes)


def test_six_standards_item_is_example_and_names_what_is_missing() -> None:
    from shuangyong.compliance import Station

    partial = Station(
        id="S2",
        name="站二",
        division=DivisionCode(DIV),
        standards=(StationStandard.SIGNAGE,),
    )
    f = run("service_station", station("S1", DIV), partial).finding("service_station.six_standards")
    assert f.uses_example and f.earned == 1  # 1 of 2 stations, 2 points
    assert any("站二 未达“六化”" in g for g in f.gaps)


def test_model_city_reads_visits_honouring_teams_and_signage() -> None:
    visit = Activity(
        id="A1",
        kind=ActivityKind.VISIT,
        date=d("2024-02-08"),
        title="走访",
        delivers=(Delivery.WARMTH,),
        times=200,
    )
    a = run("model_city_assessment", visit)
    assert a.finding("model_city_assessment.support_army.visits").state is State.MET
    assert any(
        "计 200 次" in n for n in a.finding("model_city_assessment.support_army.visits").notes
    )
    honouring = a.finding("model_city_assessment.support_army.honouring")
    assert honouring.state is State.NOT_MET and len(honouring.gaps) == 2
    assert a.finding("model_city_assessment.education.signage").state is State.NOT_MET
    assert a.sections[1].possible == 5  # section 二 keeps its sourced total
