"""烈士褒扬金, 一次性抚恤金 and the disabled veteran's funeral grant, computed by hand.

Figures used (provenance in src/shuangyong/national/data/statistics.toml and disability.toml):
- national urban per-capita disposable income (secondary): 2018 39,251; 2022 49,283;
  2023 51,821; 2024 54,188; 2025 not loaded;
- the 少尉 wage floor is not confirmed and ships without values: the tests that expect an amount
  add a layer with a test figure of 5,000 yuan a month (not the real standard);
- disability standards: grade 1 from 2019-08-01 (secondary), tables B (2021-08-01) and A
  (2023-08-01) (example).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuangyong import Engine, Status, Yuan
from shuangyong.domain import (
    Award,
    AwardKind,
    Beneficiary,
    Death,
    DeathCategory,
    DivisionCode,
    IdNumber,
    Person,
    Relation,
    Residence,
    ServiceKind,
    ServiceRecord,
    Sex,
)
from shuangyong.errors import InvalidValueError, UnknownRuleError
from shuangyong.national.death import HONOUR_TIERS, Kin, recipients

D = dt.date

FLOOR = """
[[value]]
parameter = "death_gratuity.minimum_monthly_wage"
jurisdiction = "national"
effective_from = 2019-03-02
provenance = "example"
note = "测试数字，不是真实的少尉军官基本工资标准"
value = "5000"

[[value]]
parameter = "death_gratuity.platoon_lieutenant_wage"
jurisdiction = "national"
effective_from = 2019-03-02
provenance = "example"
note = "测试数字，不是真实的排职少尉军官工资标准"
value = "5000"
"""

MEMBER: dict[str, Any] = dict(
    birth_date="1990-05-01",
    household_division="110101",
    service_kind="officer",
    enlisted_on="2010-09-01",
)

VETERAN: dict[str, Any] = dict(
    birth_date="1960-01-01",
    household_division="440106",
    service_kind="conscript",
    enlisted_on="1978-03-01",
    discharged_on="1981-01-01",
    disability_level=1,
    disability_cause="combat",
    disability_assessed_on="1980-05-01",
    disability_approved_on="1980-08-01",
    death_category="illness",
)


@pytest.fixture
def floored(engine: Engine) -> Engine:
    return engine.with_parameters(FLOOR, name="测试参数层")


def one(engine: Engine, rule: str, row: dict[str, Any], on: str | dt.date) -> Any:
    return engine.evaluate(row, on=on, rules=[rule])[rule]


def member(**changes: Any) -> dict[str, Any]:
    return {**MEMBER, **changes}


def veteran(**changes: Any) -> dict[str, Any]:
    return {**VETERAN, **changes}


# -- martyr_commendation -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("died", "version", "amount", "basis"),
    [
        # before 2019-08-01 (国务院令第718号): 烈士褒扬条例 第11条; 30 × 39,251 (2018) = 1,177,530
        ("2019-07-31", "2019-03-02", "1177530.00", ("烈士褒扬条例", "2011", "第11条")),
        # from 2019-08-01 the same article is 第14条
        ("2019-08-01", "2019-08-01", "1177530.00", ("烈士褒扬条例", "2019", "第14条")),
        # 2019 条例 第12条 → 烈士褒扬条例(2019) 第14条: 30 × 51,821 (2023) = 1,554,630
        ("2024-09-30", "2019-08-01", "1554630.00", ("烈士褒扬条例", "2019", "第14条")),
        # 2024 条例 第15条第1款 from 2024-10-01; the 2019 烈士褒扬条例 still in force
        ("2024-10-01", "2024-10-01", "1554630.00", ("烈士褒扬条例", "2019", "第14条")),
        ("2024-12-31", "2024-10-01", "1554630.00", ("烈士褒扬条例", "2019", "第14条")),
        # 烈士褒扬条例(2024) 第15条, in force 2025-01-01: 30 × 54,188 (2024) = 1,625,640
        ("2025-01-01", "2025-01-01", "1625640.00", ("烈士褒扬条例", "2024", "第15条")),
    ],
)
def test_martyr_commendation_versions(
    engine: Engine, died: str, version: str, amount: str, basis: tuple[str, str, str]
) -> None:
    r = one(engine, "martyr_commendation", member(died_on=died, death_category="martyr"), died)
    assert r.status is Status.ELIGIBLE
    assert r.version == version
    assert r.amount == Yuan(amount)
    assert any((c.document, c.edition, c.article) == basis for c in r.citations)
    income = next(p for p in r.parameters if p.path.startswith("statistics."))
    assert income.provenance == "secondary"
    assert income.effective_from.year == D.fromisoformat(died).year - 1  # 上一年度
    assert r.period == "one_off"


def test_martyr_commendation_only_for_martyrs(engine: Engine) -> None:
    # 2024 第15条第1款: 烈士褒扬金 goes to 烈士遗属 only
    r = one(
        engine,
        "martyr_commendation",
        member(died_on="2025-03-10", death_category="duty"),
        "2025-03-10",
    )
    assert r.failed_condition == "martyr" and r.amount == Yuan(0)


def test_one_off_is_paid_in_the_month_of_death_only(engine: Engine) -> None:
    row = member(died_on="2025-03-31", death_category="martyr")
    assert one(engine, "martyr_commendation", row, "2025-03-01").amount == Yuan("1625640.00")
    later = one(engine, "martyr_commendation", row, "2025-04-01")
    assert later.failed_condition == "died_in_month"
    assert "死亡日期" in next(c for c in later.conditions if not c.passed).reason
    # a year's schedule shows the one-off once, in March
    s = engine.schedule(row, "2025-01-01", "2025-12-31", rules=["martyr_commendation"])
    paid = [line for line in s.for_rule("martyr_commendation") if line.amount != Yuan(0)]
    assert [str(line.month) for line in paid] == ["2025-03"]
    assert s.total("martyr_commendation").amount == Yuan("1625640.00")


def test_income_of_a_year_not_loaded_is_undetermined(engine: Engine) -> None:
    # a death in 2026 needs the 2025 figure, which is not loaded: never zero
    r = one(
        engine,
        "martyr_commendation",
        member(died_on="2026-02-01", death_category="martyr"),
        "2026-02-01",
    )
    assert r.status is Status.UNDETERMINED and r.amount is None
    assert any("urban_disposable_income_per_capita" in n for n in r.notes)


# -- death_gratuity --------------------------------------------------------------------------------
def gratuity(engine: Engine, on: str, **changes: Any) -> Any:
    # 8,000 as 月基本工资 (2024 第15条) and as 月工资 (2019 第13条): each version reads its own
    row = member(died_on=on, monthly_basic_wage="8000", monthly_wage="8000", **changes)
    return one(engine, "death_gratuity", row, on)


def test_gratuity_is_undetermined_without_the_unconfirmed_floor(engine: Engine) -> None:
    # 2024 第15条第2款: the 少尉 floor is not confirmed, so whether it applies cannot be known
    r = gratuity(engine, "2025-03-10", death_category="martyr")
    assert r.status is Status.UNDETERMINED and r.amount is None
    notes = " ".join(r.notes)
    assert "death_gratuity.minimum_monthly_wage" in notes and "110101" in notes
    # the note gives the amount if the wage is not below the floor: 1,083,760 + 320,000
    assert "1,403,760.00" in notes
    assert "无法确定" in r.explain()
    # with the 2025 income also missing (a 2026 death) no would-be amount is offered
    later = gratuity(engine, "2026-02-01", death_category="martyr")
    assert later.status is Status.UNDETERMINED
    assert not any("若本人" in n for n in later.notes)
    assert any("urban_disposable_income_per_capita" in n for n in later.notes)


def test_gratuity_rates_by_category(floored: Engine) -> None:
    # 烈士 and 因公牺牲: 54,188 × 20 + 8,000 × 40 = 1,083,760 + 320,000 = 1,403,760
    assert gratuity(floored, "2025-03-10", death_category="martyr").amount == Yuan("1403760.00")
    assert gratuity(floored, "2025-03-10", death_category="duty").amount == Yuan("1403760.00")
    # 病故: 54,188 × 2 + 320,000 = 428,376
    r = gratuity(floored, "2025-03-10", death_category="illness")
    assert r.amount == Yuan("428376.00")
    floor = next(p for p in r.parameters if p.path == "death_gratuity.minimum_monthly_wage")
    assert floor.provenance == "example" and r.uses_example_figures


@pytest.mark.parametrize(
    ("wage", "amount"),
    [
        ("3000", "1283760.00"),  # below the (test) floor: 5,000 × 40 = 200,000
        ("4999.99", "1283760.00"),
        ("5000", "1283760.00"),
        ("5000.01", "1283760.40"),  # 5,000.01 × 40 = 200,000.40
    ],
)
def test_wage_floor_both_sides(floored: Engine, wage: str, amount: str) -> None:
    # 2024 第15条第2款: 月基本工资或者津贴低于少尉军官基本工资标准的，按照少尉标准计算
    row = member(died_on="2025-03-10", death_category="martyr", monthly_basic_wage=wage)
    assert one(floored, "death_gratuity", row, "2025-03-10").amount == Yuan(amount)


def test_missing_wage_is_undetermined_not_zero(floored: Engine) -> None:
    r = one(
        floored,
        "death_gratuity",
        member(died_on="2025-03-10", death_category="martyr"),
        "2025-03-10",
    )
    assert r.status is Status.UNDETERMINED
    assert any("monthly_basic_wage" in n for n in r.notes)


# 2024 第16条第1款 by hand: the award kinds in each item (一)…(六)
PCT_2024 = {
    "medal": 40,
    "national_title": 40,
    "central_title": 35,
    "war_merit_1": 30,
    "commendation_1": 30,
    "war_merit_2": 25,
    "merit_1": 25,
    "commendation_2": 25,
    "war_merit_3": 15,
    "merit_2": 15,
    "war_merit_4": 5,
    "merit_3": 5,
}
# 2019 第13条第2款 names CMC titles, 一、二、三等功 only
PCT_2019 = {"central_title": 35, "merit_1": 25, "merit_2": 15, "merit_3": 5}


@pytest.mark.parametrize("kind", sorted(PCT_2024))
def test_honour_increment_2024(floored: Engine, kind: str) -> None:
    # base 1,403,760 (2025 martyr, wage 8,000); every base here is a multiple of 20 fen, so
    # every percentage gives whole fen
    r = gratuity(floored, "2025-03-10", death_category="martyr", award_kinds=[kind])
    exact = Yuan("1403760.00").fen * (100 + PCT_2024[kind])
    assert exact % 100 == 0
    assert r.amount == Yuan.from_fen(exact // 100)


@pytest.mark.parametrize("kind", sorted(PCT_2024))
def test_honour_increment_2019(floored: Engine, kind: str) -> None:
    # 2023 duty death: 49,283 × 20 + 320,000 = 1,305,660; kinds the 2019 text does not name add 0
    r = gratuity(floored, "2023-05-20", death_category="duty", award_kinds=[kind])
    exact = Yuan("1305660.00").fen * (100 + PCT_2019.get(kind, 0))
    assert exact % 100 == 0
    assert r.amount == Yuan.from_fen(exact // 100)


def test_tiers_cover_every_award_kind_in_2024() -> None:
    kinds = {k for _, ks in HONOUR_TIERS["2024"] for k in ks}
    assert kinds == set(AwardKind)


def test_only_the_highest_honour_counts(floored: Engine) -> None:
    # 2024 第16条第3款: 三等功 (5 %) + 二等战功 (25 %) + 一等功 (25 %) → 25 %, not 55 %
    r = gratuity(
        floored,
        "2025-03-10",
        death_category="martyr",
        award_kinds=["merit_3", "war_merit_2", "merit_1"],
    )
    assert r.amount == Yuan("1754700.00")  # 1,403,760 × 1.25
    share = next(p for p in r.parameters if p.path == "death_gratuity.honour_increment")
    assert share.value == "25%" and share.provenance == "official"


def test_medal_either_side_of_2024_10_01(floored: Engine) -> None:
    # base 51,821 × 20 + 320,000 = 1,356,420; 2019 第13条 has no 勋章 item, 2024 第16条 +40 %
    before = gratuity(floored, "2024-09-30", death_category="duty", award_kinds=["medal"])
    after = gratuity(floored, "2024-10-01", death_category="duty", award_kinds=["medal"])
    assert (before.version, before.amount) == ("2019-03-02", Yuan("1356420.00"))
    assert (after.version, after.amount) == ("2024-10-01", Yuan("1898988.00"))


def test_old_wound_death_of_a_retired_veteran_is_paid_at_duty_rates(floored: Engine) -> None:
    # 2024 第32条第1款: 54,188 × 20 + 6,000 × 40 = 1,323,760 (a 病故 death would be 2 ×)
    row = veteran(died_on="2025-03-10", old_wound_recurrence=True, monthly_basic_wage="6000")
    r = one(floored, "death_gratuity", row, "2025-03-10")
    assert r.amount == Yuan("1323760.00")
    no_wound = one(floored, "death_gratuity", {**row, "old_wound_recurrence": False}, "2025-03-10")
    assert no_wound.failed_condition == "in_service_or_old_wound"
    # …and the survivors then get the 12-month grant instead (第32条第2款)
    grant = one(
        floored,
        "disabled_veteran_funeral_grant",
        {**row, "old_wound_recurrence": False},
        "2025-03-10",
    )
    assert grant.status is Status.ELIGIBLE


# -- disabled_veteran_funeral_grant ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("died", "cause", "level", "amount"),
    [
        # 2019 第28条第2款: 88,150 / 12 = 7,345.83; × 12 = 88,149.96
        ("2019-09-15", "combat", 1, "88149.96"),
        # table B (2021-08-01): 106,670 / 12 = 8,889.17; × 12 = 106,670.04
        ("2023-07-31", "combat", 1, "106670.04"),
        # table A (2023-08-01): 116,270 / 12 = 9,689.17; × 12 = 116,270.04
        ("2023-08-01", "combat", 1, "116270.04"),
        ("2024-09-30", "combat", 1, "116270.04"),
        ("2024-10-01", "combat", 1, "116270.04"),
        # 2024 第32条第2款, 因病六级: 36,230 / 12 = 3,019.17; × 12 = 36,230.04
        ("2025-03-10", "illness", 6, "36230.04"),
    ],
)
def test_funeral_grant_is_twelve_months_of_the_pension(
    engine: Engine, died: str, cause: str, level: int, amount: str
) -> None:
    row = veteran(died_on=died, disability_cause=cause, disability_level=level)
    r = one(engine, "disabled_veteran_funeral_grant", row, died)
    assert r.amount == Yuan(amount)
    # the grant equals twelve of the monthly pensions paid in the month of death
    pension = one(engine, "disability_pension", row, died)
    assert r.amount == pension.amount * 12


def test_funeral_grant_not_for_an_old_wound_or_in_service(engine: Engine) -> None:
    old = veteran(died_on="2025-03-10", old_wound_recurrence=True)
    assert one(engine, "disabled_veteran_funeral_grant", old, "2025-03-10").failed_condition == (
        "not_old_wound"
    )
    serving = veteran(died_on="2025-03-10")
    del serving["discharged_on"]
    assert one(
        engine, "disabled_veteran_funeral_grant", serving, "2025-03-10"
    ).failed_condition == ("retired")


def test_funeral_grant_before_the_first_version_is_an_error(engine: Engine) -> None:
    # the first version is the 2011 条例's (国务院、中央军委令第602号, in force 2011-08-01)
    with pytest.raises(UnknownRuleError, match="2011-08-01"):
        one(engine, "disabled_veteran_funeral_grant", veteran(died_on="2011-07-31"), "2011-07-31")


# -- batch equals per case on death rows -----------------------------------------------------------
@st.composite
def death_rows(draw: st.DrawFn) -> dict[str, Any]:
    enlisted = draw(st.dates(D(1990, 1, 1), D(2020, 12, 31)))
    died = draw(st.dates(max(enlisted, D(2019, 3, 2)), D(2025, 12, 31)))
    discharged = draw(st.one_of(st.none(), st.dates(enlisted, died)))
    disabled = draw(st.booleans())
    approved = draw(st.dates(enlisted, died)) if disabled else None
    return {
        "birth_date": enlisted - dt.timedelta(days=20 * 365),
        "household_division": draw(st.sampled_from(["110101", "440106", "320102"])),
        "service_kind": draw(st.sampled_from(["conscript", "officer"])),
        "enlisted_on": enlisted,
        "discharged_on": discharged,
        "died_on": died,
        "death_category": draw(st.sampled_from([None, "martyr", "duty", "illness"])),
        "monthly_basic_wage": draw(st.one_of(st.none(), st.integers(0, 30000).map(str))),
        "award_kinds": draw(st.lists(st.sampled_from([k.value for k in AwardKind]), max_size=3)),
        "old_wound_recurrence": draw(st.booleans()),
        "disability_level": draw(st.integers(1, 10)) if disabled else 0,
        "disability_cause": draw(st.sampled_from(["combat", "duty", "illness"]))
        if disabled
        else None,
        "disability_assessed_on": approved,
        "disability_approved_on": approved,
    }


def _objects(values: list[Any]) -> Any:
    # element by element: np.array would turn equal-length award lists into a 2-D array
    out = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        out[i] = v
    return out


RULES = ["martyr_commendation", "death_gratuity", "disabled_veteran_funeral_grant"]


@settings(max_examples=25, deadline=None)
@given(st.lists(death_rows(), min_size=1, max_size=6), st.integers(0, 5))
def test_batch_equals_per_case(rows: list[dict[str, Any]], pick: int) -> None:
    engine = Engine.create(entry_points=False).with_parameters(FLOOR)
    on = rows[pick % len(rows)]["died_on"]  # one date: that row is in its month of death
    table = {k: _objects([r[k] for r in rows]) for k in rows[0]}
    batch = engine.evaluate_batch(table, on, rules=RULES)
    for rid in RULES:
        b = batch[rid]
        for i, row in enumerate(rows):
            r = one(engine, rid, row, on)
            assert b.status_names()[i] == r.status.value
            if r.status is Status.ELIGIBLE:
                assert int(b.amount_fen[i]) == r.amount.fen
                assert r.amount.fen >= 0


# -- recipients (第18条) ---------------------------------------------------------------------------
def test_recipients_first_order() -> None:
    # 2024 第18条: parents (抚养人), spouse and children; siblings only if there are none
    family = [
        Kin(relation=Relation.SPOUSE),
        Kin(relation=Relation.PARENT),
        Kin(relation=Relation.SIBLING, birth_date=D(2010, 1, 1)),
    ]
    r = recipients(family, D(2025, 3, 10))
    assert [k.relation for k in r.who] == [Relation.SPOUSE, Relation.PARENT]
    assert r.citations[0].article == "第18条" and r.citations[0].edition == "2024"


@pytest.mark.parametrize(
    ("birth", "no_income", "supported", "receives"),
    [
        (D(2007, 3, 11), False, False, True),  # 17 on the day of death: 未满18周岁
        (D(2007, 3, 10), False, False, False),  # 18th birthday on the day of death
        (D(2000, 1, 1), True, True, True),  # adult, no income, supported by the member
        (D(2000, 1, 1), True, False, False),  # adult, no income, not supported
        (D(2000, 1, 1), False, True, False),  # adult with income
    ],
)
def test_recipients_siblings(
    birth: dt.date, no_income: bool, supported: bool, receives: bool
) -> None:
    sib = Kin(
        relation=Relation.SIBLING,
        birth_date=birth,
        no_income=no_income,
        supported_by_member=supported,
    )
    r = recipients([sib], D(2025, 3, 10))
    assert (sib in r.who) is receives


def test_recipients_editions_and_unknowns() -> None:
    sib = Kin(relation=Relation.SIBLING)
    r = recipients([sib], D(2024, 9, 30))
    assert r.undetermined == (sib,) and "出生日期" in r.reason
    assert (r.citations[0].edition, r.citations[0].article) == ("2019", "第15条")
    martyr = recipients([], D(2025, 1, 1), payment="martyr_commendation")
    assert [(c.document, c.edition, c.article) for c in martyr.citations] == [
        ("军人抚恤优待条例", "2024", "第18条"),
        ("烈士褒扬条例", "2024", "第15条"),
    ]
    assert martyr.who == () and "无符合条件" in martyr.reason
    with pytest.raises(ValueError, match="payment"):
        recipients([], D(2025, 1, 1), payment="survivor_pension")


# -- bad input -----------------------------------------------------------------------------------
def test_death_before_enlistment_is_rejected(engine: Engine) -> None:
    row = member(enlisted_on="2025-06-01", died_on="2025-03-10", death_category="duty")
    with pytest.raises(InvalidValueError) as info:
        one(engine, "death_gratuity", row, "2025-03-10")
    assert info.value.field == "died_on" and "入伍" in info.value.reason


def test_unknown_award_kind_is_rejected(engine: Engine) -> None:
    with pytest.raises(InvalidValueError) as info:
        gratuity(engine, "2025-03-10", death_category="martyr", award_kinds=["merit_0"])
    assert info.value.field == "award_kinds"


def test_honour_after_death_not_marked_posthumous_is_rejected_by_the_record() -> None:
    born = D(1990, 5, 17)
    home = DivisionCode("110101")
    person = Person(
        id_number=IdNumber.build("110101", born, 123),
        name="测试",
        sex=Sex.MALE,
        birth_date=born,
        household_division=home,
        residence=Residence.URBAN,
    )
    service = ServiceRecord(
        kind=ServiceKind.OFFICER, enlisted_on=D(2010, 9, 1), enlistment_division=home
    )
    death = Death(category=DeathCategory.MARTYR, died_on=D(2025, 3, 10))
    late = Award(kind=AwardKind.MERIT_1, awarded_on=D(2025, 4, 1))
    with pytest.raises(InvalidValueError, match="posthumous"):
        Beneficiary(person=person, service=service, death=death, awards=[late])
    # marked posthumous it is accepted, and 第16条第2款 counts it
    Beneficiary(
        person=person,
        service=service,
        death=death,
        awards=[Award(kind=AwardKind.MERIT_1, awarded_on=D(2025, 4, 1), posthumous=True)],
    )


# -- readings corrected and figures the office holds (issue 12 §2, §3) ---------------------------
def test_2019_gratuity_counts_the_wage_not_the_basic_wage(floored: Engine) -> None:
    # 2019 第13条第1款 "本人40个月的工资"; floor 排职少尉军官工资标准 (its own parameter)
    row = member(
        died_on="2023-05-20", death_category="duty", monthly_wage="10000", monthly_basic_wage="6000"
    )
    r = one(floored, "death_gratuity", row, "2023-05-20")
    assert r.version == "2019-03-02" and r.amount == Yuan("1385660.00")
    assert any(p.path == "death_gratuity.platoon_lieutenant_wage" for p in r.parameters)
    assert not any(p.path == "death_gratuity.minimum_monthly_wage" for p in r.parameters)
    assert "没有的为月工资，不低于排职少尉军官工资标准" in r.explain()
    assert "基本工资" not in r.explain().split("计算与取整：", 1)[1].split("政策依据", 1)[0]


def test_2019_gratuity_without_its_floor_speaks_the_2019_words(engine: Engine) -> None:
    row = member(died_on="2023-05-20", death_category="duty", monthly_wage="10000")
    r = one(engine, "death_gratuity", row, "2023-05-20")
    assert r.status is Status.UNDETERMINED
    notes = " ".join(r.notes)
    assert "排职少尉军官工资标准" in notes and "platoon_lieutenant_wage" in notes
    assert "少尉军官基本工资" not in notes
    assert "certified_gratuity_wage" in notes  # says what the office can supply


@pytest.mark.parametrize(("on", "income_part"), [("2023-05-20", 985660), ("2025-03-10", 1083760)])
def test_certified_wage_from_the_case_record_determines_the_gratuity(
    engine: Engine, on: str, income_part: int
) -> None:
    # issue 12 §3: the unit's certified wage is taken from the record; no floor is needed
    row = member(died_on=on, death_category="duty", certified_gratuity_wage="7000")
    r = one(engine, "death_gratuity", row, on)
    assert r.status is Status.ELIGIBLE
    assert r.amount == Yuan(income_part + 280000)
    assert any("取自案卷记录" in step.label for step in r.rounding)
    assert "取自案卷记录" in r.explain()


def test_certified_wage_in_a_batch_equals_per_case(engine: Engine) -> None:
    # one meaning: a certified row next to an uncertified one stays determined in a batch
    rows = [
        member(died_on="2025-03-10", death_category="duty", certified_gratuity_wage="7000"),
        member(died_on="2025-03-10", death_category="duty", monthly_basic_wage="7000"),
    ]
    table = {k: [r.get(k) for r in rows] for k in sorted({k for r in rows for k in r})}
    out = engine.evaluate_batch(table, "2025-03-10", rules=["death_gratuity"])
    batch = out["death_gratuity"].status_names().tolist()
    per_case = [one(engine, "death_gratuity", r, "2025-03-10").status.value for r in rows]
    assert batch == per_case == ["eligible", "undetermined"]
    assert out["death_gratuity"].amount_fen.tolist()[0] == (1083760 + 280000) * 100
