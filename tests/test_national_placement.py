"""义务兵家庭优待金 and 退役安置, computed by hand from the articles and the shipped figures.

Figures used (see src/shuangyong/national/data/placement.toml for provenance):
- 一次性退役金 4,500 per year of service (example, placeholder dates 2020-01-01 to 2025-12-31);
- part-years counted in 6-month units (2011 第20条第2款, official; carried over for 2024: example);
- honour increments 2024 第22条 25/20/15/10/5 % and 2011 第20条第3款 15/10/5 % (official),
  highest only (2011 第20条第4款; for 2024 an interpretation shipped as example);
- 30 days to report plus 30 days before forfeiture (2024 第51条第2款; 2011 第13条、第17条).
Everything provincial (优待金 base and ratio, 地方补助, minimum wage) is a test number below.
"""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangyong import Engine, Status, Yuan
from shuangyong.national.placement import RULES, add_months, counted_months, service_months

D = np.datetime64


def days(*isos: str) -> np.ndarray:
    return np.array(isos, dtype="datetime64[D]")


# -- exact service time ------------------------------------------------------------------------
def test_add_months_clamps_to_the_end_of_a_shorter_month() -> None:
    got = add_months(days("2024-01-31", "2023-01-31", "2024-08-31", "2022-09-15"), [1, 1, 6, 24])
    assert got.tolist() == [
        dt.date(2024, 2, 29),  # leap year
        dt.date(2023, 2, 28),
        dt.date(2025, 2, 28),
        dt.date(2024, 9, 15),
    ]


def test_service_months_counts_whole_months_and_the_days_left() -> None:
    months, rest = service_months(
        days("2022-09-15", "2022-03-10", "2018-03-01", "2024-01-31", "2022-09-15"),
        days("2024-09-15", "2024-09-11", "2020-04-15", "2024-02-29", "NaT"),
    )
    # 24 months; 30 months + 1 day; 25 months + 14 days; 0 months + 29 days; missing → 0
    assert months.tolist() == [24, 30, 25, 0, 0]
    assert rest.tolist() == [0, 1, 14, 29, 0]


def test_counted_months_in_six_month_units() -> None:
    # 2011 第20条第2款: under 6 months counts 6; over 6 but under a year counts a year;
    # exactly 6 months counts 6; whole years are not rounded
    months = np.array([0, 0, 6, 6, 24, 24, 30])
    rest = np.array([1, 0, 0, 1, 0, 1, 0])
    assert counted_months(months, rest, 6).tolist() == [6, 0, 6, 12, 24, 30, 30]
    assert counted_months(months, rest, 12).tolist() == [12, 0, 12, 12, 24, 36, 36]


# The column arithmetic against the calendar as Python counts it (month ends, leap days,
# missing and reversed dates): a single row runs through the same columns as a million.
DAY_NUMBERS = st.one_of(st.none(), st.integers(-25_000, 40_000))  # 1901 … 2079
EPOCH = dt.date(1970, 1, 1).toordinal()


def _as_column(day: int | None) -> np.ndarray:
    return np.array([D("NaT", "D") if day is None else D(day, "D")])


def _add_months_reference(day: int, months: int) -> int:
    d = dt.date.fromordinal(day + EPOCH)
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    last = calendar.monthrange(y, m + 1)[1]
    return dt.date(y, m + 1, min(d.day, last)).toordinal() - EPOCH


@given(day=DAY_NUMBERS, months=st.integers(-600, 600))
def test_add_months_follows_the_calendar(day: int | None, months: int) -> None:
    got = add_months(_as_column(day), np.array([months]))[0]
    if day is None:
        assert np.isnat(got)
    else:
        assert got == D(_add_months_reference(day, months), "D")


@given(start=DAY_NUMBERS, end=DAY_NUMBERS)
def test_service_months_follows_the_calendar(start: int | None, end: int | None) -> None:
    months, rest = service_months(_as_column(start), _as_column(end))
    if start is None or end is None or end < start:
        assert (int(months[0]), int(rest[0])) == (0, 0)
        return
    s, e = dt.date.fromordinal(start + EPOCH), dt.date.fromordinal(end + EPOCH)
    want = (e.year - s.year) * 12 + e.month - s.month - (e.day < s.day)
    assert int(months[0]) == want
    assert int(rest[0]) == end - _add_months_reference(start, want)


@given(months=st.integers(0, 600), rest=st.integers(0, 30), unit=st.integers(0, 24))
def test_counted_months_counts_a_started_unit_in_full(months: int, rest: int, unit: int) -> None:
    got = int(counted_months(np.array([months]), np.array([rest]), np.array([unit]))[0])
    size = max(unit, 1)
    assert got == -(-(months + (rest > 0)) // size) * size


# -- retirement_lump_sum ---------------------------------------------------------------------------
VETERAN = dict(
    birth_date="1990-05-01",  # tests move the enlistment back to 2006: still past the 16th birthday
    household_division="110101",
    service_kind="conscript",
    enlisted_on="2022-09-15",
    discharged_on="2024-09-15",
    placement_route="self_employment",
)


def lump(engine: Engine, on: str, **changes: object):  # type: ignore[no-untyped-def]
    row = {**VETERAN, **changes}
    return engine.evaluate(row, on=on, rules=["retirement_lump_sum"])["retirement_lump_sum"]


def test_two_years_for_a_conscript_is_9000_and_says_the_figure_is_an_example(
    engine: Engine,
) -> None:
    # 2024 安置条例 第21条: 2 years × 4,500 = 9,000.00
    r = lump(engine, "2024-09-15")
    assert r.status is Status.ELIGIBLE and r.amount == Yuan("9000.00")
    assert r.version == "2024-09-01" and r.period == "one_off"
    per_year = next(p for p in r.parameters if p.path == "retirement_lump_sum.per_year")
    assert per_year.provenance == "example" and "占位" in per_year.note
    assert r.uses_example_figures


def test_the_regulation_in_force_on_the_discharge_date_applies(engine: Engine) -> None:
    # 2011 第53条第3款; 2024 第93条: 2024-08-31 discharges are placed under the 2011 text
    before = lump(engine, "2024-08-31", enlisted_on="2022-08-31", discharged_on="2024-08-31")
    after = lump(engine, "2024-09-01", enlisted_on="2022-09-01", discharged_on="2024-09-01")
    assert before.version == "2011-11-01" and after.version == "2024-09-01"
    assert before.amount == after.amount == Yuan("9000.00")
    late = lump(engine, "2024-09-10", enlisted_on="2022-08-31", discharged_on="2024-08-31")
    assert late.failed_condition == "regulation_applies"
    assert "以退役日期评估" in next(c for c in late.conditions if not c.passed).reason


def test_honours_2024_and_2011_highest_only(engine: Engine) -> None:
    # 2024 第22条: medal 25 % beats 三等功 5 %: 9,000 × 1.25 = 11,250.00
    assert lump(engine, "2024-09-15", award_kinds=["medal", "merit_3"]).amount == Yuan("11250.00")
    # 2011 第20条第3–4款: 一等功 15 % (not 15 + 5): 2.5 years → 11,250 × 1.15 = 12,937.50
    r = lump(
        engine,
        "2020-04-15",
        enlisted_on="2018-03-01",
        discharged_on="2020-04-15",
        award_kinds=["merit_1", "merit_3"],
    )
    assert r.version == "2011-11-01" and r.amount == Yuan("12937.50")


def test_honours_add_up_when_a_notice_says_so(engine: Engine) -> None:
    # what if an implementing notice made the 2024 increments cumulative: 25 % + 5 % = 30 %
    what_if = engine.with_parameters(
        """
[[value]]
parameter = "retirement_lump_sum.honours_add_up"
jurisdiction = "national"
effective_from = 2025-01-01
provenance = "example"
value = 1
"""
    )
    changes = dict(
        enlisted_on="2023-01-15", discharged_on="2025-01-15", award_kinds=["medal", "merit_3"]
    )
    assert lump(what_if, "2025-01-15", **changes).amount == Yuan("11700.00")
    assert lump(engine, "2025-01-15", **changes).amount == Yuan("11250.00")


def test_a_discharge_before_any_sourced_rate_is_undetermined_not_an_error(engine: Engine) -> None:
    r = lump(engine, "2015-09-15", enlisted_on="2013-09-15", discharged_on="2015-09-15")
    assert r.status is Status.UNDETERMINED and r.amount is None
    assert any("retirement_lump_sum.per_year" in n for n in r.notes)


@pytest.mark.parametrize(
    ("reported", "on", "eligible"),
    [
        ("2024-11-14", "2024-11-20", True),  # day 60: 30 days to report + 30 days late
        ("2024-11-15", "2024-11-20", False),  # day 61: forfeited
        (None, "2024-11-14", True),  # not yet reported, still in time
        (None, "2024-11-15", False),
    ],
)
def test_reporting_deadline(engine: Engine, reported: str | None, on: str, eligible: bool) -> None:
    # 2024 第51条第2款: report within 30 days; more than 30 days late forfeits the benefits
    r = lump(engine, on, reported_on=reported)
    assert r.eligible is eligible
    if not eligible:
        assert r.failed_condition == "reported_in_time"
        failed = next(c for c in r.conditions if not c.passed)
        assert failed.citation.article == "第51条" and "视为放弃安置待遇" in failed.reason


# -- provincial frameworks -------------------------------------------------------------------------
CONSCRIPT = dict(
    birth_date="2005-03-01",
    household_division="440106",
    service_kind="conscript",
    enlisted_on="2024-09-15",
    enlistment_division="440106",
)


def test_family_allowance_without_provincial_figures_names_parameter_and_division(
    engine: Engine,
) -> None:
    # 2024 第42条: the county that approved enlistment pays; the province sets the standard
    r = engine.evaluate(CONSCRIPT, on="2025-03-01", rules=["conscript_family_allowance"])[
        "conscript_family_allowance"
    ]
    assert r.status is Status.UNDETERMINED and r.amount is None
    assert r.period == "year"
    assert any(
        "conscript_family_allowance.ratio" in n and "440106" in n and "天河区" in n for n in r.notes
    )


def test_family_allowance_is_looked_up_by_the_enlistment_division(engine: Engine) -> None:
    # test figures for Beijing (not real): 2024 index 90,000 × 40 % = 36,000.00 a year
    layer = """
[[value]]
parameter = "conscript_family_allowance.index_type"
jurisdiction = "110000"
effective_from = 2024-01-01
provenance = "example"
value = 1

[[value]]
parameter = "conscript_family_allowance.index"
jurisdiction = "110000"
year = 2024
provenance = "example"
table = { urban_disposable_income = "90000", rural_disposable_income = "-", \
resident_disposable_income = "-", resident_consumption_expenditure = "-" }

[[value]]
parameter = "conscript_family_allowance.ratio"
jurisdiction = "110000"
effective_from = 2024-01-01
provenance = "example"
value = "40%"

[[value]]
parameter = "conscript_family_allowance.hardship_multiplier"
jurisdiction = "110000"
effective_from = 2024-01-01
provenance = "example"
value = "100%"

[[value]]
parameter = "conscript_family_allowance.student_extra"
jurisdiction = "110000"
effective_from = 2024-01-01
provenance = "example"
value = "0"
"""
    what_if = engine.with_parameters(layer)
    beijing = {**CONSCRIPT, "enlistment_division": "110105"}
    r = what_if.evaluate(beijing, on="2025-03-01", rules=["conscript_family_allowance"])[
        "conscript_family_allowance"
    ]
    assert r.amount == Yuan("36000.00")
    index = next(p for p in r.parameters if p.path == "conscript_family_allowance.index")
    assert dict(index.cell) == {"index_type": "urban_disposable_income"}
    # the household division does not matter; nor does urban or rural residence
    rural = {**beijing, "household_division": "320102", "residence": "rural"}
    again = what_if.evaluate(rural, on="2025-03-01", rules=["conscript_family_allowance"])
    assert again["conscript_family_allowance"].amount == Yuan("36000.00")


def test_local_subsidy_and_minimum_wage_are_undetermined_without_local_figures(
    engine: Engine,
) -> None:
    # 2024 第23条 (province sets the subsidy) and 第75条 (local monthly minimum wage)
    row = {**VETERAN, "household_division": "320102"}
    r = engine.evaluate(row, on="2024-09-15", rules=["local_settlement_subsidy"])
    assert r["local_settlement_subsidy"].status is Status.UNDETERMINED
    waiting = {**row, "placement_route": "assigned_job", "reported_on": "2024-09-20"}
    r2 = engine.evaluate(waiting, on="2024-10-01", rules=["awaiting_placement_allowance"])
    res = r2["awaiting_placement_allowance"]
    assert res.status is Status.UNDETERMINED
    assert any("awaiting_placement_allowance.minimum_wage" in n for n in res.notes)


# -- eligibility rules -----------------------------------------------------------------------------
def test_nco_retirement_threshold_of_age_55_at_discharge(engine: Engine) -> None:
    # 2024 第36条第(一)项: 满55周岁 on the discharge date
    row = dict(
        birth_date="1969-09-01",
        household_division="110101",
        service_kind="nco",
        nco_grade="senior",
        enlisted_on="1996-09-01",
        discharged_on="2024-09-01",
    )
    ok = engine.evaluate(row, on="2024-09-01", rules=["nco_retirement"])["nco_retirement"]
    assert ok.eligible is True and ok.label == "军士退休安置"
    young = {**row, "birth_date": "1969-09-02"}
    no = engine.evaluate(young, on="2024-09-01", rules=["nco_retirement"])["nco_retirement"]
    assert no.failed_condition == "grounds"


def test_state_support_for_a_conscript_graded_4_and_not_5(engine: Engine) -> None:
    # 2024 第38条第1款
    row = {**VETERAN, "disability_level": 4, "disability_cause": "illness"}
    del row["placement_route"]
    assert engine.evaluate(row, on="2024-09-15", rules=["state_support"])["state_support"].eligible
    row["disability_level"] = 5
    r = engine.evaluate(row, on="2024-09-15", rules=["state_support"])["state_support"]
    assert r.failed_condition == "graded_1_4"


# -- batch equals per case ------------------------------------------------------------------------
PLACEMENT_RULES = [
    "retirement_lump_sum",
    "local_settlement_subsidy",
    "assigned_job",
    "state_support",
    "nco_retirement",
    "awaiting_placement_allowance",
    "conscript_family_allowance",
]


def test_batch_equals_per_case_on_a_mixed_table(engine: Engine) -> None:
    people = [
        {**VETERAN},
        {**VETERAN, "award_kinds": ["merit_2"], "reported_on": "2024-11-15"},
        {
            **VETERAN,
            "service_kind": "nco",
            "nco_grade": "intermediate",
            "enlisted_on": "2012-09-01",
            "discharged_on": "2024-09-01",
        },
        {**VETERAN, "placement_route": "assigned_job", "reported_on": "2024-09-20"},
        {**VETERAN, "enlisted_on": "2022-08-31", "discharged_on": "2024-08-31"},
        {**VETERAN, "discharged_on": None, "enlistment_division": "440106"},
    ]
    for p in people:
        p.setdefault("award_kinds", [])
    keys = sorted({k for p in people for k in p})
    cols = {}
    for k in keys:
        col = np.empty(len(people), dtype=object)  # element by element: lists stay lists
        for i, p in enumerate(people):
            col[i] = p.get(k)
        cols[k] = col
    on = dt.date(2024, 10, 1)
    batch = engine.evaluate_batch(cols, on, rules=PLACEMENT_RULES)
    assert not batch.errors
    for i, p in enumerate(people):
        ev = engine.evaluate({k: v for k, v in p.items()}, on, rules=PLACEMENT_RULES)
        for r in ev:
            rc = batch[r.rule_id]
            assert rc.status_names()[i] == r.status.value, (r.rule_id, i)
            assert rc.failed_condition()[i] == r.failed_condition, (r.rule_id, i)
            if rc.amount_fen is not None:
                assert int(rc.amount_fen[i]) == (r.amount.fen if r.amount is not None else 0)


# -- readings corrected (issue 12 §2) ------------------------------------------------------------
def test_2011_lump_sum_is_not_forfeited_by_late_reporting_and_says_it_is_a_reading(
    engine: Engine,
) -> None:
    # 2011 第19条第1款: the unit pays the 退役金; 第17条 "视为放弃安置待遇" is read as the local
    # department's placement, so a 92-day-late report forfeits the local subsidy, not this
    row = {
        **VETERAN,
        "enlisted_on": "2022-05-01",
        "discharged_on": "2024-05-01",
        "reported_on": "2024-08-01",
    }
    ev = engine.evaluate(row, on="2024-08-01", rules=["retirement_lump_sum"])
    r = ev["retirement_lump_sum"]
    assert r.version == "2011-11-01" and r.status is Status.ELIGIBLE
    assert r.amount == Yuan("9000.00")
    cond = next(c for c in r.conditions if c.id == "not_forfeited")
    assert "本库解读" in cond.label and "第19条" in cond.label
    assert cond.citation.article == "第19条" and cond.citation.edition == "2011"
    assert "解读" in r.explain()
    # the 2024 version keeps 第51条第2款 (not part of this reading)
    rule24 = next(x for x in RULES if x.id == "retirement_lump_sum" and x.version == "2024-09-01")
    assert any(c.id == "reported_in_time" for c in rule24.conditions)


def test_assigned_job_reads_a_criminal_penalty_not_a_suspension(engine: Engine) -> None:
    # 安置条例 2024 第35条第(二)项 "受过刑事处罚的"; a suspension (第59条) also covers 通缉
    rule = next(r for r in RULES if r.id == "assigned_job" and r.version == "2024-09-01")
    assert "criminal_penalty_on" in rule.reads
    assert "suspended_from" not in rule.reads and "suspended_to" not in rule.reads
    nco = dict(
        birth_date="1992-05-01",
        household_division="110101",
        service_kind="nco",
        nco_grade="intermediate",
        enlisted_on="2012-09-01",
        discharged_on="2024-09-15",
    )
    wanted = {**nco, "suspended_from": "2020-03-01", "suspended_to": "2020-03-20"}
    assert engine.evaluate(wanted, on="2024-09-15")["assigned_job"].status is Status.ELIGIBLE
    sentenced = {**nco, "criminal_penalty_on": "2021-06-01"}
    r = engine.evaluate(sentenced, on="2024-09-15")["assigned_job"]
    assert r.failed_condition == "not_excluded"
    assert "刑事处罚" in next(c for c in r.conditions if c.id == "not_excluded").reason


def test_family_allowance_cites_the_military_service_law_only_from_2021_10_01() -> None:
    # 兵役法 (2021) 第65条: in force 2021-10-01
    by_version = {r.version: r for r in RULES if r.id == "conscript_family_allowance"}
    early, late = by_version["2019-03-02"], by_version["2021-10-01"]
    assert early.effective_to == dt.date(2021, 9, 30)
    assert not any(c.document == "兵役法" for c in early.citations)
    years = next(c for c in early.conditions if c.id == "within_payment_years")
    assert years.citation.document == "军人抚恤优待条例" and "解读" in years.label
    assert any(c.document == "兵役法" and c.edition == "2021" for c in late.citations)
