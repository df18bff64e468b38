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
    birth_date="2002-05-01",
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
