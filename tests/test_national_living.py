"""定期生活补助, 在乡复员军人定期定量补助, the 6-month funeral grant and the means-test exclusion,
computed by hand from the articles and the shipped figures.

Figures used (src/shuangyong/national/data/living.toml): the 2018-08-01 monthly levels, in force
until 2019-07-31 (secondary): 参战参试 600, 带病回乡 550, 烈士老年子女 440, 农村老兵 35 per year
of conscript service. Nothing later is sourced: later months are undetermined.
"""

from __future__ import annotations

import datetime as dt

import pytest

from shuangyong import Engine, Status, Yuan
from shuangyong.citations import Citation
from shuangyong.domain.periods import Month
from shuangyong.national import living
from shuangyong.national.means_test import (
    EXCLUSION_CITATION,
    countable_income,
    excluded_rule_ids,
    income_exclusions,
)
from shuangyong.policy.payment import PaidOnce
from shuangyong.policy.rules import PaymentPeriod, Rule, RuleKind
from shuangyong.testing.invariants import MonthsAddUp, NonNegative, ZeroWhenIneligible

COMBAT = dict(
    birth_date="1950-05-01",
    household_division="110101",
    residence="urban",
    service_kind="conscript",
    enlisted_on="1968-03-01",
    discharged_on="1973-03-01",
    combat_veteran=True,
)


def subsidy(  # type: ignore[no-untyped-def]
    engine: Engine, on: str, rule: str = "living_subsidy", **changes: object
):
    return engine.evaluate({**COMBAT, **changes}, on=on, rules=[rule])[rule]


def test_combat_veteran_2019_pays_the_2018_level(engine: Engine) -> None:
    # 2019 条例 第2条; 2018-08-01 level for 参战参试 600 a month, × 1
    r = subsidy(engine, "2019-05-01")
    assert r.status is Status.ELIGIBLE and r.amount == Yuan("600.00")
    assert r.version == "2019-03-02" and r.period == "month"
    std = next(p for p in r.parameters if p.path == "living_subsidy.standard")
    assert std.provenance == "secondary"
    assert std.effective_from == dt.date(2018, 8, 1) and std.effective_to == dt.date(2019, 7, 31)
    assert dict(std.cell) == {"group": "combat"}
    assert "2019-07-31" in r.explain()


def test_later_months_are_undetermined_not_stale(engine: Engine) -> None:
    # no 2019-08-01 level is sourced: undetermined, naming the parameter (never the 2018 600)
    r = subsidy(engine, "2019-08-01")
    assert r.status is Status.UNDETERMINED and r.amount is None
    assert any("living_subsidy.standard" in n for n in r.notes)


@pytest.mark.parametrize(
    ("on", "version"),
    [
        ("2020-12-31", "2019-03-02"),
        ("2021-01-01", "2021-01-01"),
        ("2024-09-30", "2021-01-01"),
        ("2024-10-01", "2024-10-01"),
        ("2024-12-31", "2024-10-01"),
        ("2025-01-01", "2025-01-01"),
    ],
)
def test_versions_follow_the_evaluated_date(engine: Engine, on: str, version: str) -> None:
    # 退役军人保障法 第85条 (2021-01-01); 2024 条例 第64条 (2024-10-01); 烈士褒扬条例(2024)
    # 第70条 (2025-01-01)
    r = subsidy(engine, on)
    assert r.version == version
    assert r.status is Status.UNDETERMINED


def test_2024_version_cites_article_62_and_61() -> None:
    rule = next(r for r in living.RULES if r.id == "living_subsidy" and r.version == "2024-10-01")
    arts = {(c.document, c.edition, c.article, c.paragraph) for c in rule.citations}
    assert ("军人抚恤优待条例", "2024", "第62条", "第1款") in arts
    assert ("军人抚恤优待条例", "2024", "第61条", "第2款") in arts


def test_rural_veteran_counts_a_started_year_in_full(engine: Engine) -> None:
    # 1977-03-01 → 1981-01-15: 3 years 10 months, a part year counted as a year (民发〔2011〕110号
    # 第二条): 35 × 4 = 140 (turns 60 on 1959-05-15 + 60 years)
    row = dict(
        birth_date="1959-05-15",
        household_division="320102",
        residence="rural",
        service_kind="conscript",
        enlisted_on="1977-03-01",
        discharged_on="1981-01-15",
    )
    april = engine.evaluate(row, on="2019-04-01", rules=["living_subsidy"])["living_subsidy"]
    may = engine.evaluate(row, on="2019-05-01", rules=["living_subsidy"])["living_subsidy"]
    assert april.status is Status.INELIGIBLE and april.failed_condition == "in_group"
    assert may.amount == Yuan("140.00")
    assert may.rounding[0].result == "140.00"
    assert "不满一年的按一年计" in may.rounding[0].label


RURAL_64 = dict(
    birth_date="1960-03-01",
    household_division="320102",
    residence="rural",
    service_kind="conscript",
    enlisted_on="1978-03-01",
    discharged_on="1982-01-15",
)


@pytest.mark.parametrize("on", ["2019-05-01", "2024-11-01"])
def test_rural_veteran_with_another_payment_is_refused_by_the_notice(
    engine: Engine, on: str
) -> None:
    # 第62条第1款 names the group only; 未享受国家定期抚恤补助 is the notice's term (issue 12)
    row = {**RURAL_64, "birth_date": "1955-03-01", "receives_other_periodic": True}
    r = engine.evaluate(row, on=on, rules=["living_subsidy"])["living_subsidy"]
    assert r.status is Status.INELIGIBLE and r.failed_condition == "rural_veteran_terms"
    cond = next(x for x in r.conditions if x.id == "rural_veteran_terms")
    assert cond.citation == Citation(
        "关于给部分农村籍退役士兵发放老年生活补助的通知", "第一条", edition="民发〔2011〕110号"
    )
    assert "通知" in cond.reason and "条例第62条未列明" in cond.reason
    group = next(x for x in r.conditions if x.id == "in_group")
    # the article's condition holds and no longer claims the notice's terms as its own
    assert group.passed and "满1年" not in group.label and "未享受" not in group.label


def test_rural_veteran_enlisted_from_2011_11_01_is_not_in_the_notice(engine: Engine) -> None:
    # 民发〔2011〕110号 第一条: enlisted before the 《退役士兵安置条例》 (2011-11-01)
    row = {**RURAL_64, "birth_date": "1959-01-01", "discharged_on": "2013-10-31"}
    before = engine.evaluate({**row, "enlisted_on": "2011-10-31"}, on="2019-05-01")
    after = engine.evaluate({**row, "enlisted_on": "2011-11-01"}, on="2019-05-01")
    assert before["living_subsidy"].amount == Yuan("70.00")
    assert after["living_subsidy"].failed_condition == "rural_veteran_terms"


def test_test_veterans_rest_on_the_protection_law_only_from_2021() -> None:
    # 退役军人保障法 第83条 is in force from 2021-01-01 (第85条): not cited before
    by_version = {r.version: r for r in living.RULES if r.id == "living_subsidy"}
    early, late = by_version["2019-03-02"], by_version["2021-01-01"]
    assert early.effective_to == dt.date(2020, 12, 31)
    assert not any(c.document == "退役军人保障法" for c in early.citations)
    assert Citation("退役军人保障法", "第83条", "2020", "第1款") in late.citations
    group = next(c for c in early.conditions if c.id == "in_group")
    assert "解读" in group.label and "参试" in group.label


def test_pre1954_enlistee_is_paid_by_the_demobilized_subsidy(engine: Engine) -> None:
    # 2019 第53条: enlisted on or before 1954-10-31 → 复员军人; their subsidy is the 定期定量补助
    ev = engine.evaluate(
        {**COMBAT, "birth_date": "1936-01-01", "enlisted_on": "1954-10-31", "in_hardship": True},
        on="2019-05-01",
        rules=["living_subsidy", "demobilized_veteran_subsidy"],
    )
    assert ev["living_subsidy"].failed_condition == "not_demobilized_veteran"
    demob = ev["demobilized_veteran_subsidy"]
    assert demob.status is Status.UNDETERMINED
    assert any("demobilized_veteran_subsidy.standard" in n and "110101" in n for n in demob.notes)


def test_schedule_past_a_cancellation_shows_article_59(engine: Engine) -> None:
    # bad input from the issue: a period running past a cancellation. 2024 第59条: a death
    # sentence on 2025-02-10 cancels from February; October–January stay undetermined (no
    # sourced standard), February–June are ineligible with the 第59条 reason
    row = {**COMBAT, "cancelled_on": "2025-02-10", "cancellation_reason": "death_sentence"}
    sched = engine.schedule(row, "2024-10-01", "2025-06-30", rules=["living_subsidy"])
    lines = sched.for_rule("living_subsidy")
    assert str(lines[0].month) == str(Month(2024, 10))
    assert len(lines) == 9
    before = [x.result for x in lines[:4]]
    after = [x.result for x in lines[4:]]
    assert all(r.status is Status.UNDETERMINED for r in before)
    for r in after:
        assert r.status is Status.INELIGIBLE and r.failed_condition == "not_cancelled"
        cond = next(c for c in r.conditions if c.id == "not_cancelled")
        assert cond.citation.article == "第59条" and "取消" in cond.reason


def test_schedule_2019_pays_until_cancellation(engine: Engine) -> None:
    # 2019 第50条: life imprisonment on 2019-05-15 → April paid (600), May–July not
    row = {**COMBAT, "cancelled_on": "2019-05-15", "cancellation_reason": "life_imprisonment"}
    sched = engine.schedule(row, "2019-04-01", "2019-07-31", rules=["living_subsidy"])
    assert sched.total("living_subsidy").amount == Yuan("600.00")
    lines = sched.for_rule("living_subsidy")
    assert [x.result.failed_condition for x in lines] == [None, *["not_cancelled"] * 3]
    assert lines[1].result.conditions[-1].citation.article == "第50条"


def test_expulsion_cancels_only_from_2024(engine: Engine) -> None:
    # 2019 第50条 has no expulsion; 2024 第59条 adds 被军队开除军籍
    row = {"cancelled_on": "2019-04-01", "cancellation_reason": "expulsion"}
    assert subsidy(engine, "2019-05-01", **row).amount == Yuan("600.00")
    r = subsidy(engine, "2024-11-01", **row)
    assert r.status is Status.INELIGIBLE and r.failed_condition == "not_cancelled"


def test_funeral_grant_is_one_off_from_2024_10_01(engine: Engine) -> None:
    # 2024 第62条第2款: 6 more months; the 2019 条例 has no such rule
    rule = next(r for r in living.RULES if r.id == "living_subsidy_funeral_grant")
    assert rule.period is PaymentPeriod.ONE_OFF and rule.effective_from == dt.date(2024, 10, 1)
    r = subsidy(engine, "2024-11-05", rule="living_subsidy_funeral_grant", died_on="2024-11-05")
    assert r.status is Status.UNDETERMINED
    months = next(p for p in r.parameters if p.path == "living_subsidy_funeral_grant.months")
    assert months.provenance == "official"


def test_periodic_rules_declare_invariants_and_suspension() -> None:
    for rule in living.RULES:
        kinds = {type(p) for p in rule.properties}
        assert {NonNegative, ZeroWhenIneligible} <= kinds
        ids = [c.id for c in rule.conditions]
        assert "not_cancelled" in ids and "not_suspended" in ids
        if rule.period is PaymentPeriod.MONTH:
            assert MonthsAddUp in kinds


# -- means-test exclusion (2024 第4条第2款) ------------------------------------------------------
def test_exclusions_cover_the_payments_of_the_regulation() -> None:
    ids = excluded_rule_ids(dt.date(2025, 1, 1))
    assert {
        "living_subsidy",
        "demobilized_veteran_subsidy",
        "living_subsidy_funeral_grant",
        "disability_pension",
        "nursing_allowance",
    } <= ids
    ex = {e.rule_id: e for e in income_exclusions(dt.date(2025, 1, 1))}
    assert ex["living_subsidy"].category == "补助金" and ex["living_subsidy"].literal
    assert ex["disability_pension"].category == "抚恤金"
    assert not ex["nursing_allowance"].literal  # 护理费: classed as 补助金 by reading
    assert ex["living_subsidy"].citation == EXCLUSION_CITATION
    assert EXCLUSION_CITATION.article == "第4条" and EXCLUSION_CITATION.paragraph == "第2款"
    # the basis is the version in force on the means-test date
    assert ex["living_subsidy"].basis.edition == "2024"


def test_nothing_is_excluded_before_2024_10_01() -> None:
    # the 2019 条例 has no such clause
    assert income_exclusions(dt.date(2024, 9, 30)) == ()
    assert excluded_rule_ids(dt.date(2024, 10, 1))


def test_privileges_and_other_laws_are_not_excluded() -> None:
    # privileges pay nothing; a payment under the 安置条例 is not a 抚恤金/补助金/优待金
    placement = Rule(
        id="retirement_lump_sum_example",
        label="一次性退役金",
        kind=RuleKind.BENEFIT,
        version="2024-09-01",
        effective_from=dt.date(2024, 9, 1),
        citations=(Citation("退役军人安置条例", "第21条", edition="2024"),),
        reads=(),
        amount=lambda c: c.fen("monthly_basic_wage"),
        period=PaymentPeriod.ONE_OFF,
        payment=PaidOnce("discharged_on", "退役"),
    )
    allowance = Rule(
        id="conscript_family_allowance_example",
        label="义务兵家庭优待金",
        kind=RuleKind.BENEFIT,
        version="2024-10-01",
        effective_from=dt.date(2024, 10, 1),
        citations=(Citation("军人抚恤优待条例", "第42条", edition="2024"),),
        reads=(),
        amount=lambda c: c.fen("monthly_basic_wage"),
        period=PaymentPeriod.YEAR,
    )
    ex = income_exclusions(dt.date(2025, 1, 1), [placement, allowance])
    assert [(e.rule_id, e.category) for e in ex] == [
        ("conscript_family_allowance_example", "优待金")
    ]
    assert "glory_plaque" not in excluded_rule_ids(dt.date(2025, 1, 1))


def test_countable_income_splits_a_household_income(engine: Engine) -> None:
    # wage 2,000 counts; 600 living subsidy and 1,000 disability pension do not (第4条第2款)
    amounts = {
        "wage": Yuan("2000.00"),
        "living_subsidy": Yuan("600.00"),
        "disability_pension": Yuan("1000.00"),
    }
    counted, excluded = countable_income(amounts, dt.date(2025, 3, 1), engine)
    assert counted == Yuan("2000.00") and excluded == Yuan("1600.00")
    before, none = countable_income(amounts, dt.date(2024, 9, 1), engine)
    assert before == Yuan("3600.00") and none == Yuan(0)
