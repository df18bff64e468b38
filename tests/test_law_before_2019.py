"""The law before 2019-03-02 (issue 12 §1): the 2011 《军人抚恤优待条例》
(国务院、中央军委令第602号, in force 2011-08-01 … 2019-03-01) and the national figures of
those years.

Hand-computed cases cite the 2011 text where it was read, or say that the 2019 wording is presumed
(docs/law-before-2019.rst). Figures are those of the 民政部、财政部 adjustments as reported
(secondary); a figure not found leaves the result *undetermined*.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from decimal import Decimal
from typing import Any

import jsonschema
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuangyong import Engine
from shuangyong.errors import UnknownRuleError
from shuangyong.policy.results import Status
from shuangyong.schemas import rule_result_schema

D = dt.date
PENSIONS = "军人抚恤优待条例"
PRESUMED = "条文按2019年修订本推定未变"

# every national rule the 条例 governs, with a 2011 version from 2011-08-01
GOVERNED_BY_THE_2011_TEXT = (
    "disability_pension",
    "nursing_allowance",
    "survivor_pension",
    "survivor_funeral_grant",
    "death_gratuity",
    "martyr_commendation",
    "disabled_veteran_funeral_grant",
    "living_subsidy",
    "demobilized_veteran_subsidy",
    "child_school_priority",
    "priority_service",
)

# governed by other laws whose earlier texts the library does not model: refused, naming the
# first day of the first version
NOT_EXTENDED = {
    "glory_plaque": "2021-01-01",  # 退役军人保障法 第59条
    "merit_good_news": "2021-08-01",  # 军人地位和权益保障法 第31条
    "conscript_family_allowance": "2019-03-02",  # national figures only from a later circular
    "retirement_lump_sum": "2011-11-01",  # 退役士兵安置条例 (国务院令第608号)
}

VETERAN: dict[str, Any] = {
    "person_id": "v2011",
    "household_division": "110101",
    "birth_date": "1980-03-01",
    "residence": "urban",
    "service_kind": "conscript",
    "enlisted_on": "1998-12-01",
    "discharged_on": "2000-12-01",
    "disability_level": 1,
    "disability_cause": "combat",
    "disability_assessed_on": "2000-06-01",
    "disability_approved_on": "2000-08-01",
}

MARTYR_PARENT: dict[str, Any] = {
    "person_id": "s2011",
    "household_division": "110101",
    "birth_date": "1950-01-01",
    "residence": "rural",
    "relation": "parent",
    "member_status": "martyr",
    "member_died_on": "2010-05-01",
    "unable_to_work": True,
    "eligibility_confirmed_on": "2010-06-01",
}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create(plugins=[])


def one(engine: Engine, rule: str, row: dict[str, Any], on: str) -> Any:
    return engine.evaluate(row, on=on, rules=[rule])[rule]


# -- versions ----------------------------------------------------------------------------------
@pytest.mark.parametrize("rule", GOVERNED_BY_THE_2011_TEXT)
def test_every_rule_of_the_2011_text_starts_on_2011_08_01(engine: Engine, rule: str) -> None:
    versions = engine.rule_versions(rule)
    first = min(versions, key=lambda reg: reg.rule.effective_from).rule
    assert first.effective_from == D(2011, 8, 1)
    # the versions leave no gap from 2011-08-01 on
    ordered = sorted((reg.rule for reg in versions), key=lambda r: r.effective_from)
    for a, b in itertools.pairwise(ordered):
        assert a.effective_to is not None and b.effective_from == a.effective_to + dt.timedelta(1)
    with pytest.raises(UnknownRuleError, match="first from 2011-08-01"):
        one(engine, rule, VETERAN, "2011-07-31")


@pytest.mark.parametrize(("rule", "first"), sorted(NOT_EXTENDED.items()))
def test_rules_of_other_laws_are_refused_before_their_first_version(
    engine: Engine, rule: str, first: str
) -> None:
    day_before = (dt.date.fromisoformat(first) - dt.timedelta(days=1)).isoformat()
    with pytest.raises(UnknownRuleError, match=f"no version in force.*first from {first}"):
        one(engine, rule, VETERAN, day_before)
    assert one(engine, rule, VETERAN, first).version == first


@pytest.mark.parametrize("rule", GOVERNED_BY_THE_2011_TEXT)
def test_2011_versions_cite_the_2011_edition_and_say_what_is_presumed(
    engine: Engine, rule: str
) -> None:
    r = [reg.rule for reg in engine.rule_versions(rule) if reg.rule.effective_from.year == 2011]
    assert len(r) == 1
    version = r[0]
    cited = [*version.citations, *(k.citation for k in version.conditions)]
    assert {c.edition for c in cited if c.document == PENSIONS} == {"2011"}
    # 第50条 (suspension) and others were not read in 2011 wording: every 2011 version that
    # cites one says so, and names it
    unread = [c for c in cited if c.document == PENSIONS and c.article in ("第50条", "第39条")]
    if unread:
        assert any(PRESUMED in c and "第" in c for c in version.caveats)
    for c in version.caveats:
        assert c.startswith(PRESUMED)
    # the department had its old name in 2011 (the one difference found)
    texts = [k.label + k.reason_failed + (k.reason_met or "") for k in version.conditions]
    assert not any("退役军人事务部门" in t for t in texts)


def test_2024_versions_carry_no_caveat(engine: Engine) -> None:
    for rule in GOVERNED_BY_THE_2011_TEXT:
        for reg in engine.rule_versions(rule):
            if reg.rule.effective_from >= D(2024, 10, 1):
                assert reg.rule.caveats == ()


# -- the caveat in every explanation -----------------------------------------------------------
@settings(max_examples=25, deadline=None)
@given(st.dates(D(2011, 8, 1), D(2019, 3, 1)))
def test_every_explanation_of_a_2011_date_says_the_wording_is_presumed(day: dt.date) -> None:
    engine = _ENGINE
    ev = engine.evaluate(VETERAN, on=day, rules=["disability_pension", "nursing_allowance"])
    for r in ev:
        assert r.version == "2011-08-01"
        text = r.explain()
        assert PRESUMED in text.splitlines()[1] or PRESUMED in text.splitlines()[2]
        assert "第28条第2款" in text and "第50条" in text
        assert "《军人抚恤优待条例》(2019)" not in text
    assert PRESUMED in ev.summary().splitlines()[2] or PRESUMED in ev.summary().splitlines()[1]


_ENGINE = Engine.create(plugins=[])


def test_caveats_are_data_in_json_and_validate(engine: Engine) -> None:
    r = one(engine, "child_school_priority", {**VETERAN, "relation": "child"}, "2015-06-01")
    d = r.to_dict()
    jsonschema.validate(d, rule_result_schema())
    assert d["caveats"] and d["caveats"][0].startswith(PRESUMED)
    assert "第39条第2款" in d["caveats"][0]
    later = one(engine, "disability_pension", VETERAN, "2025-01-15").to_dict()
    jsonschema.validate(later, rule_result_schema())
    assert later["caveats"] == []
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d


# -- hand-computed amounts ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("on", "yuan"),
    [
        # 2010-10-01 standard in force on 2011-08-01: 28,690 ÷ 12 = 2,390.833… → 2,390.83
        ("2011-08-01", "2390.83"),
        ("2011-09-30", "2390.83"),
        # 2011-10-01: 32,990 ÷ 12 = 2,749.1666… → 2,749.17
        ("2011-10-01", "2749.17"),
        # 2013-10-01: 43,630 ÷ 12 = 3,635.833… → 3,635.83
        ("2014-09-30", "3635.83"),
        # 2016-10-01: 66,230 ÷ 12 = 5,519.1666… → 5,519.17
        ("2017-09-30", "5519.17"),
        # 2017-10-01: 72,850 ÷ 12 = 6,070.833… → 6,070.83
        ("2018-07-31", "6070.83"),
        # 2018-08-01: 80,140 ÷ 12 = 6,678.333… → 6,678.33, still the 2011 text until 2019-03-01
        ("2019-03-01", "6678.33"),
    ],
)
def test_grade_1_combat_disability_pension_by_date(engine: Engine, on: str, yuan: str) -> None:
    # 2011 第23条第2款、第27条 (2011 text read: same as 2019 but 国务院民政部门)
    r = one(engine, "disability_pension", VETERAN, on)
    assert r.status is Status.ELIGIBLE and r.version == "2011-08-01"
    assert r.amount.amount == Decimal(yuan)


def test_grades_2_to_10_before_2017_10_01_are_undetermined(engine: Engine) -> None:
    row = {**VETERAN, "disability_level": 5, "disability_cause": "duty"}
    r = one(engine, "disability_pension", row, "2016-06-01")
    assert r.status is Status.UNDETERMINED
    # 2017-10-01 full table (secondary): grade 5 因公 32,380 ÷ 12 = 2,698.333… → 2,698.33
    r = one(engine, "disability_pension", row, "2017-10-01")
    assert r.status is Status.ELIGIBLE and r.amount.amount == Decimal("2698.33")
    assert r.parameters[0].provenance == "secondary"


def test_martyr_parent_pension_follows_residence_until_2016_10_01(engine: Engine) -> None:
    # 2011 第16条第1款第(一)项、第17条; 烈属 rural 6,030 (2011-10-01) ÷ 12 = 502.50
    r = one(engine, "survivor_pension", MARTYR_PARENT, "2012-01-15")
    assert r.amount.amount == Decimal("502.50")
    # urban 10,480 ÷ 12 = 873.333… → 873.33
    urban = {**MARTYR_PARENT, "residence": "urban"}
    assert one(engine, "survivor_pension", urban, "2012-01-15").amount.amount == Decimal("873.33")
    # 2015-10-01 rural 14,510 ÷ 12 = 1,209.1666… → 1,209.17 (last split month: 2016-09)
    assert one(engine, "survivor_pension", MARTYR_PARENT, "2016-09-01").amount.amount == Decimal(
        "1209.17"
    )
    # 2016-10-01: one urban–rural standard 21,030 ÷ 12 = 1,752.50
    r = one(engine, "survivor_pension", MARTYR_PARENT, "2016-10-01")
    assert r.amount.amount == Decimal("1752.50") and r.version == "2016-10-01"


def test_duty_and_illness_survivors_before_2016_10_01_are_undetermined(engine: Engine) -> None:
    row = {**MARTYR_PARENT, "member_status": "died_on_duty"}
    r = one(engine, "survivor_pension", row, "2014-03-01")
    assert r.status is Status.UNDETERMINED
    # 2016-10-01 因公牺牲军人遗属 18,050 ÷ 12 = 1,504.1666… → 1,504.17
    r = one(engine, "survivor_pension", row, "2017-03-01")
    assert r.status is Status.ELIGIBLE and r.amount.amount == Decimal("1504.17")


def test_death_gratuity_and_martyr_commendation_in_2012(engine: Engine) -> None:
    death = {
        "person_id": "m2012",
        "household_division": "110101",
        "died_on": "2012-05-10",
        "death_category": "martyr",
        "certified_gratuity_wage": "4000",
    }
    # 2011 第13条第1款: 20 × 2011 income 21,810 = 436,200 + 40 × 4,000 = 160,000 → 596,200
    r = one(engine, "death_gratuity", death, "2012-05-10")
    assert r.amount.amount == Decimal("596200.00") and r.version == "2011-08-01"
    # 《烈士褒扬条例》(2011) 第11条第1款: 30 × 21,810 = 654,300
    r = one(engine, "martyr_commendation", death, "2012-05-10")
    assert r.amount.amount == Decimal("654300.00")
    assert any("《烈士褒扬条例》(2011) 第11条第1款" in c for c in r.caveats)
    # a death in 2015 needs the 2014 income, which was not found: undetermined
    late = {**death, "died_on": "2015-05-10"}
    assert one(engine, "death_gratuity", late, "2015-05-10").status is Status.UNDETERMINED


# -- a district's "since 2019" totals ----------------------------------------------------------
def test_2019_totals_include_january_and_february(engine: Engine) -> None:
    rows = [VETERAN, {**VETERAN, "person_id": "v2", "disability_level": 1}]
    table = {k: np.array([r.get(k) for r in rows], dtype=object) for k in VETERAN}
    res = engine.evaluate_batch_months(table, "2019-01-01", "2019-12-31", ["disability_pension"])
    months = res.monthly_totals_fen("disability_pension")
    assert sorted(months) == [f"2019-{m:02d}" for m in range(1, 13)]
    # January–July: 80,140 ÷ 12 = 6,678.33 (2011 text to 2019-03-01, then 2019); from August
    # 88,150 ÷ 12 = 7,345.83 (2019-08-01 standard)
    assert months["2019-01"] == months["2019-02"] == months["2019-03"] == 2 * 667_833
    assert months["2019-08"] == 2 * 734_583
    total = res.total("disability_pension")
    assert total.complete
    assert total.amount_fen == 2 * (7 * 667_833 + 5 * 734_583) and total.lines == 24
    # the schedule of one person agrees, line by line
    s = engine.schedule(VETERAN, "2019-01-01", "2019-12-31", rules=["disability_pension"])
    assert s.total("disability_pension").amount.fen == 7 * 667_833 + 5 * 734_583
    # a month is evaluated on its first day: March 2019 falls to the 2011 text (2019-03-01)
    assert [line.result.version for line in s.lines][:4] == [
        "2011-08-01",
        "2011-08-01",
        "2011-08-01",
        "2019-03-02",
    ]
