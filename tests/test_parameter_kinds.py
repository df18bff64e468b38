"""Parameter kinds local standards need (issue 11 §3), computed by hand.

Every local figure here is a test number (provenance ``example``), not a published statistic or
standard: 新乡市 (410700) urban per-capita disposable income 40,000 (2023) and 42,000 (2024).
"""

from __future__ import annotations

import datetime as dt

import pytest

from shuangyong import Engine, Status, Yuan
from shuangyong.errors import ParameterFileError
from shuangyong.parameters import load_parameter_text
from shuangyong.parameters.model import a_year_before
from shuangyong.registries import ParameterRegistry

XINXIANG_INCOME = """
[[value]]
parameter = "statistics.local_urban_disposable_income"
jurisdiction = "410700"
year = 2023
provenance = "example"
note = "测试数字，非真实统计"
value = "40000"

[[value]]
parameter = "statistics.local_urban_disposable_income"
jurisdiction = "410700"
year = 2024
provenance = "example"
note = "测试数字，非真实统计"
value = "42000"
"""

# 新乡市's settlement subsidy written as "每服现役1年按上年度本市城镇居民人均可支配收入的15%，
# 取整到元" (a test standard): no fixed yuan to re-type every year
SUBSIDY = """
[[value]]
parameter = "local_settlement_subsidy.base"
jurisdiction = "410700"
effective_from = 2024-01-01
provenance = "example"
value = "0"

[[value]]
parameter = "local_settlement_subsidy.per_year"
jurisdiction = "410700"
effective_from = 2024-01-01
provenance = "example"
note = "测试标准"
[value.share]
ratio = "15%"
of = "statistics.local_urban_disposable_income"
rounding = { unit = "1", mode = "half_up" }

[[value]]
parameter = "local_settlement_subsidy.counting_unit_months"
jurisdiction = "410700"
effective_from = 2024-01-01
provenance = "example"
value = 12
"""

VETERAN = dict(
    birth_date="1990-05-01",  # tests move the enlistment back to 2006: still past the 16th birthday
    household_division="410702",
    service_kind="conscript",
    enlisted_on="2022-09-15",
    discharged_on="2024-09-15",
    placement_route="self_employment",
)


@pytest.fixture(scope="module")
def xinxiang() -> Engine:
    return Engine.create(entry_points=False).with_parameters(XINXIANG_INCOME + SUBSIDY)


def _subsidy(engine: Engine, **changes: object):  # type: ignore[no-untyped-def]
    row = {**VETERAN, **changes}
    on = row["discharged_on"]
    return engine.evaluate(row, on=on, rules=["local_settlement_subsidy"])[
        "local_settlement_subsidy"
    ]


# -- a share of a named statistic ------------------------------------------------------------------
def test_a_city_subsidy_as_a_share_of_last_years_city_income(xinxiang: Engine) -> None:
    # discharged 2024-09-15: 上年度 = 2023, 40,000 × 15% = 6,000 a year; 2 years → 12,000.00
    r = _subsidy(xinxiang)
    assert r.status is Status.ELIGIBLE and r.amount == Yuan("12000.00")
    per_year = next(p for p in r.parameters if p.path == "local_settlement_subsidy.per_year")
    assert per_year.value == (
        "6,000.00元/年（新乡市上年度当地城镇居民人均可支配收入的15%，按1元四舍五入）"
    )
    # the statistic it was computed from is shown too, with its own provenance
    stat = next(p for p in r.parameters if p.path == "statistics.local_urban_disposable_income")
    assert stat.jurisdiction == "410700" and stat.provenance == "example"
    assert r.uses_example_figures


def test_the_share_follows_the_statistic_year_by_year(xinxiang: Engine) -> None:
    # discharged 2025-09-15 after 3 years: 上年度 = 2024, 42,000 × 15% = 6,300; × 3 = 18,900.00
    r = _subsidy(xinxiang, enlisted_on="2022-09-15", discharged_on="2025-09-15")
    assert r.amount == Yuan("18900.00")


def test_a_share_whose_statistic_is_not_set_is_undetermined_naming_it(xinxiang: Engine) -> None:
    # discharged 2026: the 2025 city income is not loaded; never the level above's figure
    r = _subsidy(xinxiang, discharged_on="2026-03-01")
    assert r.status is Status.UNDETERMINED
    assert any("statistics.local_urban_disposable_income" in n for n in r.notes)


def test_a_share_of_a_named_other_jurisdiction_and_a_fixed_year() -> None:
    # a county (新乡县 410721) pays 10% of the CITY's 2023 figure, whatever the date
    county = SUBSIDY.replace('"410700"', '"410721"').replace(
        'ratio = "15%"', 'jurisdiction = "410700"\nyear = 2023\nratio = "10%"'
    )
    engine = Engine.create(entry_points=False).with_parameters(XINXIANG_INCOME + county)
    row = {**VETERAN, "household_division": "410721", "discharged_on": "2025-09-15"}
    r = engine.evaluate(row, on="2025-09-15", rules=["local_settlement_subsidy"])
    # 40,000 × 10% = 4,000 a year × 3 years = 12,000.00
    assert r["local_settlement_subsidy"].amount == Yuan("12000.00")


OF = 'of = "statistics.local_urban_disposable_income"'
ROUND = 'rounding = { unit = "1", mode = "half_up" }'


@pytest.mark.parametrize(
    ("share", "key", "words"),
    [
        (f'ratio = "15"\n{OF}\n{ROUND}', "share.ratio", "above 100%"),
        (f'ratio = "-5%"\n{OF}\n{ROUND}', "share.ratio", "negative"),
        (f'ratio = "15%"\n{OF}', "share.rounding", "required"),
        (f'ratio = "15%"\n{OF}\njurisdiction = "410799"\n{ROUND}', "share.jurisdiction", "unknown"),
        (f'ratio = "15%"\nof = "statistics.no_such_series"\n{ROUND}', "share.of", "not a declared"),
        (f'ratio = "15%"\nof = "local_settlement_subsidy.rounding"\n{ROUND}', "share.of", "not a"),
    ],
)
def test_a_bad_share_is_a_load_error_naming_the_key(share: str, key: str, words: str) -> None:
    start = SUBSIDY.index("[value.share]")
    end = SUBSIDY.index("[[value]]", start)
    text = SUBSIDY[:start] + f"[value.share]\n{share}\n\n" + SUBSIDY[end:]
    with pytest.raises(ParameterFileError) as info:
        Engine.create(entry_points=False).with_parameters(text)
    assert key in info.value.key and words in info.value.reason, info.value


def test_a_share_is_only_for_scalar_money() -> None:
    text = """
[[value]]
parameter = "conscript_family_allowance.ratio"
jurisdiction = "410000"
effective_from = 2024-01-01
provenance = "example"
[value.share]
ratio = "15%"
of = "statistics.local_urban_disposable_income"
rounding = { unit = "1", mode = "half_up" }
"""
    with pytest.raises(ParameterFileError, match="share"):
        Engine.create(entry_points=False).with_parameters(text)


# -- annual figures with any date of effect -----------------------------------------------
def test_a_year_before_is_the_same_day_and_28_february_for_29() -> None:
    assert a_year_before(dt.date(2025, 3, 1)) == dt.date(2024, 3, 1)
    assert a_year_before(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)


def test_applies_from_stores_the_year_before_the_day_it_applies() -> None:
    text = """
[[parameter]]
path = "test.base"
label = "测试基数"
unit = "yuan/year"

[[value]]
parameter = "test.base"
jurisdiction = "national"
year = 2024
applies_from = 2025-07-01
provenance = "example"
value = "100"
"""
    reg = ParameterRegistry()
    reg.bind("tests").add_text(text, source="t.toml")
    v = reg.finish(None).values("test.base")["national"][0]
    assert (v.effective_from, v.effective_to) == (dt.date(2024, 7, 1), dt.date(2025, 6, 30))
    assert "2024年度数值，自2025-07-01起" in v.note


@pytest.mark.parametrize(
    ("dates", "key"),
    [
        ("applies_from = 2025-07-01", "applies_from"),  # without year
        ("year = 2024\napplies_from = 2026-07-01", "applies_from"),  # not the next year
        ("year = 2024\napplies_from = 2024-07-01", "applies_from"),
    ],
)
def test_bad_applies_from_is_a_load_error(dates: str, key: str) -> None:
    text = f"""
[[parameter]]
path = "test.base"
label = "测试基数"
unit = "yuan/year"

[[value]]
parameter = "test.base"
jurisdiction = "national"
{dates}
provenance = "example"
value = "100"
"""
    reg = ParameterRegistry()
    with pytest.raises(ParameterFileError) as info:
        reg.bind("tests").add_text(text, source="t.toml")
        reg.finish(None)
    assert info.value.key.endswith(key)


def test_load_text_keeps_the_share_until_resolved() -> None:
    f = load_parameter_text(SUBSIDY, "s.toml")
    assert any(v.share is not None for v in f.values)


# -- a table by years of service ---------------------------------------------------------------
TIERS = """
[[parameter]]
path = "test_tiers.per_month"
label = "按服役年限分档的月补助（测试）"
unit = "yuan/month"
citations = [{ document = "退役军人安置条例", edition = "2024", article = "第23条" }]
dimensions = [{ name = "service_years", values = [2, 5, 8], at_least = true }]

[[value]]
parameter = "test_tiers.per_month"
jurisdiction = "410700"
effective_from = 2024-01-01
provenance = "example"
note = "测试档次：满2年100，满5年150，满8年200"
table = { 2 = "100", 5 = "150", 8 = "200" }
"""


def _tier_engine() -> Engine:
    from shuangyong import Citation, PaymentPeriod, Rule, RuleKind, hookimpl

    def amount(c):  # type: ignore[no-untyped-def]
        years = c.years_between(c["enlisted_on"], c["discharged_on"])
        return c.table("test_tiers.per_month").lookup(service_years=years)

    rule = Rule(
        id="test_tiers.allowance",
        label="按服役年限分档的月补助（测试）",
        kind=RuleKind.BENEFIT,
        version="2024-01-01",
        effective_from=dt.date(2024, 1, 1),
        citations=(Citation("退役军人安置条例", "第23条", edition="2024"),),
        reads=("enlisted_on", "discharged_on"),
        parameters=("test_tiers.per_month",),
        amount=amount,
        period=PaymentPeriod.MONTH,
    )

    class Tiers:
        __name__ = "test_tiers"

        @hookimpl
        def register_parameters(self, registry):  # type: ignore[no-untyped-def]
            registry.add_text(TIERS, source="tiers.toml")

        @hookimpl
        def register_rules(self, registry):  # type: ignore[no-untyped-def]
            registry.add(rule)

    return Engine.create(plugins=[Tiers()], entry_points=False)


@pytest.mark.parametrize(
    ("enlisted", "amount"),
    [
        ("2022-09-15", "100.00"),  # 2 years: the first tier
        ("2019-09-16", "100.00"),  # 4 years 364 days: still 满2年
        ("2019-09-15", "150.00"),  # 5 years
        ("2016-09-15", "200.00"),  # 8 years
        ("2012-09-15", "200.00"),  # 12 years: above the last threshold, the last tier
    ],
)
def test_a_table_by_years_of_service_takes_the_last_tier(enlisted: str, amount: str) -> None:
    engine = _tier_engine()
    rule = "test_tiers.allowance"
    r = engine.evaluate({**VETERAN, "enlisted_on": enlisted}, on="2025-03-01", rules=[rule])[rule]
    assert r.amount == Yuan(amount)
    (use,) = [p for p in r.parameters if p.path == "test_tiers.per_month"]
    assert use.cell[0][0] == "service_years"


def test_below_the_first_tier_there_is_no_cell() -> None:
    engine = _tier_engine()
    row = {**VETERAN, "enlisted_on": "2023-09-15"}  # 1 year
    r = engine.evaluate(row, on="2025-03-01", rules=["test_tiers.allowance"])
    assert r["test_tiers.allowance"].status is Status.UNDETERMINED


def test_many_years_in_one_batch_match_one_by_one() -> None:
    engine = _tier_engine()
    starts = ["2023-09-15", "2022-09-15", "2019-09-16", "2019-09-15", "2016-09-15", "2012-09-15"]
    people = [{**VETERAN, "enlisted_on": s} for s in starts]
    many = engine.evaluate_many(people, on="2025-03-01", rules=["test_tiers.allowance"])
    for p, ev in zip(people, many, strict=True):
        alone = engine.evaluate(p, on="2025-03-01", rules=["test_tiers.allowance"])
        assert ev["test_tiers.allowance"].to_dict() == alone["test_tiers.allowance"].to_dict()


def test_at_least_thresholds_must_ascend() -> None:
    bad = TIERS.replace("values = [2, 5, 8]", "values = [5, 2, 8]")
    with pytest.raises(ParameterFileError, match="at_least"):
        load_parameter_text(bad, "tiers.toml")


# -- multipliers by posting region ---------------------------------------------------------------
def test_region_multipliers_explain_each_person_as_alone() -> None:
    layer = """
[[value]]
parameter = "conscript_family_allowance.index_type"
jurisdiction = "110000"
effective_from = 2019-03-02
provenance = "example"
value = 1

[[value]]
parameter = "conscript_family_allowance.index"
jurisdiction = "110000"
year = 2024
provenance = "example"
[value.table]
urban_disposable_income = "90000"
rural_disposable_income = "-"
resident_disposable_income = "-"
resident_consumption_expenditure = "-"

[[value]]
parameter = "conscript_family_allowance.ratio"
jurisdiction = "110000"
effective_from = 2019-03-02
provenance = "example"
value = "40%"

[[value]]
parameter = "conscript_family_allowance.hardship_multiplier"
jurisdiction = "110000"
effective_from = 2019-03-02
provenance = "example"
by_region = { "540000" = "200%", "650000" = "150%" }
"""
    engine = Engine.create(entry_points=False).with_parameters(layer)
    person = dict(
        birth_date="2005-03-01",
        household_division="110101",
        service_kind="conscript",
        enlisted_on="2024-09-15",
        enlistment_division="110105",
    )
    postings = [("540102", True), ("650102", True), ("630102", True), ("540102", False)]
    people = [{**person, "posting_division": d, "hardship_posting": h} for d, h in postings]
    rule = "conscript_family_allowance"
    many = engine.evaluate_many(people, on="2025-03-01", rules=[rule])
    got = [ev[rule] for ev in many]
    # 36,000 × 200%; × 150%; 青海 not listed and no other: undetermined; not a hard posting
    assert [r.amount for r in got] == [Yuan("72000.00"), Yuan("54000.00"), None, Yuan("36000.00")]
    assert got[2].status is Status.UNDETERMINED
    assert any("hardship_multiplier" in n for n in got[2].notes)
    shown = [p.value for p in got[0].parameters if p.path.endswith("hardship_multiplier")]
    assert shown == ["西藏自治区：200%"]
    for p, r in zip(people, got, strict=True):
        alone = engine.evaluate(p, on="2025-03-01", rules=[rule])[rule]
        assert r.to_dict() == alone.to_dict()


def test_by_region_needs_a_region_field_in_the_declaration() -> None:
    text = """
[[value]]
parameter = "conscript_family_allowance.ratio"
jurisdiction = "110000"
effective_from = 2019-03-02
provenance = "example"
by_region = { "540000" = "20%" }
"""
    with pytest.raises(ParameterFileError, match="region_field"):
        Engine.create(entry_points=False).with_parameters(text)


# -- figures of law as dated parameters (issue 11 §5) ------------------------------------------
RURAL = dict(
    birth_date="1960-03-01",
    household_division="320102",
    residence="rural",
    service_kind="conscript",
    enlisted_on="1978-03-01",
    discharged_on="1982-01-15",
)


def test_the_age_60_and_the_cut_off_dates_show_with_their_sources() -> None:
    engine = Engine.create(entry_points=False)
    r = engine.evaluate(RURAL, on="2024-11-01", rules=["living_subsidy"])["living_subsidy"]
    shown = {p.path: p for p in r.parameters}
    age = shown["living.minimum_age"]
    # 2024 第62条第1款 "年满60周岁农村籍退役士兵": official from 2024-10-01
    assert (age.value, age.provenance, age.effective_from) == (
        "60年",
        "official",
        dt.date(2024, 10, 1),
    )
    assert any("第62条第1款" in s for s in age.sources)
    rural_by = shown["living.rural_enlisted_before"]
    # 民发〔2011〕110号, read in secondary copies only, and "施行前" read as before 2011-11-01
    assert (rural_by.value, rural_by.provenance) == ("2011-11-01", "secondary")
    assert "解读" in rural_by.note
    assert shown["living.demobilized_enlisted_by"].value == "1954-10-31"


def test_the_age_is_a_parameter_a_what_if_can_change() -> None:
    # a hypothetical 65 from 2025-01-01: the 64-year-old of 2025 is no longer in the group
    layer = """
[[value]]
parameter = "living.minimum_age"
jurisdiction = "national"
effective_from = 2025-01-01
provenance = "example"
value = 65
"""
    engine = Engine.create(entry_points=False)
    row = {**RURAL, "birth_date": "1962-03-01"}  # 63 in March 2025
    rule = "living_subsidy"
    before = engine.evaluate(row, on="2025-03-01", rules=[rule])[rule]
    after = engine.with_parameters(layer).evaluate(row, on="2025-03-01", rules=[rule])[rule]
    # in the group at 60 (the 2025 standard is not loaded: undetermined), not at 65
    assert before.status is Status.UNDETERMINED and before.failed_condition is None
    assert after.status is Status.INELIGIBLE and after.failed_condition == "in_group"


def test_a_date_parameter_takes_a_toml_date() -> None:
    text = """
[[value]]
parameter = "living.rural_enlisted_before"
jurisdiction = "national"
effective_from = 2030-01-01
provenance = "example"
value = "2011-11-01"
"""
    with pytest.raises(ParameterFileError, match="TOML date"):
        Engine.create(entry_points=False).with_parameters(text)


def test_under_18_is_the_dated_figure_of_the_articles_for_survivors_and_recipients() -> None:
    from shuangyong.domain.enums import Relation
    from shuangyong.national.death import Kin, recipients

    # 2024 第18条: without parents, spouse or children, siblings under 18 receive the gratuity
    died = dt.date(2025, 3, 10)
    sibling = Kin(relation=Relation.SIBLING, birth_date=dt.date(2007, 6, 1))  # 17 at the death
    shipped = recipients([sibling], died)
    assert shipped.who == (sibling,) and "未满18周岁" in shipped.reason
    # the age is the parameter survivors.minor_age (official, 2024 第18条、第19条), so a
    # hypothetical change of it (a what-if) changes who receives, and the reason says so
    layer = """
[[value]]
parameter = "survivors.minor_age"
jurisdiction = "national"
effective_from = 2025-01-01
provenance = "example"
value = 16
"""
    what_if = Engine.create(entry_points=False).with_parameters(layer)
    changed = recipients([sibling], died, parameters=what_if.parameters)
    assert changed.who == () and "未满16周岁" in changed.reason
    decl = what_if.parameters.declaration("survivors.minor_age")
    assert any(c.article == "第18条" for c in decl.citations)
