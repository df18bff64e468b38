"""When money is due: monthly lines, yearly instalments, one-offs on their event, and totals
that say when they are incomplete (issue 9 §1). Both paths (per case, batch) plan lines alike."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuangyong import Engine, Yuan
from shuangyong.citations import Citation
from shuangyong.domain.periods import Month
from shuangyong.engine.payments import month_of_number
from shuangyong.errors import RuleDefinitionError, UnknownRuleError
from shuangyong.policy.payment import (
    PaidMonthly,
    PaidOnce,
    PaidYearly,
    instalment_months,
    instalment_part,
    instalments_of,
)
from shuangyong.policy.results import Status
from shuangyong.policy.rules import PaymentPeriod, Rule, RuleKind


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create(entry_points=False)


# A conscript discharged in 2021-09 to self-employment (the example).
# 《退役士兵安置条例》(2011) 第18–20条: 一次性退役金 by years of service; 4,500元/年 is the
# library's `example` standard; 2019-09-10..2021-09-08 is 23 months 29 days → 2 years → 9,000.
CONSCRIPT = {
    "birth_date": "2000-03-01",
    "household_division": "110105",
    "service_kind": "conscript",
    "enlisted_on": "2019-09-10",
    "discharged_on": "2021-09-08",
    "placement_route": "self_employment",
    "reported_on": "2021-09-20",
    "enlistment_division": "110105",
}


def test_a_one_off_is_due_once_in_the_month_of_its_event(engine: Engine) -> None:
    s = engine.schedule(CONSCRIPT, "2021-09-01", "2022-11-30", rules=["retirement_lump_sum"])
    lines = s.for_rule("retirement_lump_sum")
    assert [(str(x.first), x.due, x.kind) for x in lines] == [
        ("2021-09", dt.date(2021, 9, 8), "once")
    ]
    assert lines[0].amount == Yuan("9000.00")
    total = s.total("retirement_lump_sum")
    assert total.amount == Yuan("9000.00") and total.complete and total.lines == 1
    assert "每月" not in s.explain("retirement_lump_sum")
    assert "一次性 9,000.00元" in s.explain("retirement_lump_sum")
    # a period that does not contain the discharge has no line at all
    later = engine.schedule(CONSCRIPT, "2021-10-01", "2022-11-30", rules=["retirement_lump_sum"])
    assert later.for_rule("retirement_lump_sum") == ()
    assert "无应发款项" in later.explain("retirement_lump_sum")


def test_one_off_without_its_event_has_no_line(engine: Engine) -> None:
    row = {k: v for k, v in CONSCRIPT.items() if k not in ("discharged_on", "reported_on")}
    s = engine.schedule(row, "2021-01-01", "2022-12-31", rules=["retirement_lump_sum"])
    assert s.for_rule("retirement_lump_sum") == ()


def test_death_payment_evaluated_on_the_day_of_death(engine: Engine) -> None:
    row = {
        "birth_date": "1985-01-01",
        "household_division": "110105",
        "service_kind": "nco",
        "nco_grade": "junior",
        "enlisted_on": "2003-09-01",
        "died_on": "2025-03-20",
        "death_category": "martyr",
    }
    s = engine.schedule(row, "2025-01-01", "2025-12-31", rules=["martyr_commendation"])
    (line,) = s.for_rule("martyr_commendation")
    assert line.due == dt.date(2025, 3, 20) and line.result.on == dt.date(2025, 3, 20)
    assert line.status is Status.ELIGIBLE


# Yearly: 义务兵家庭优待金 (2024 条例 第42条第1款) by service year, paid every 6 months (the
# national `example` interval, figures.md §3). The province's figures below are test numbers.
_OTHER_INDICES = ", ".join(
    f'{k} = "-"'
    for k in (
        "rural_disposable_income",
        "resident_disposable_income",
        "resident_consumption_expenditure",
    )
)
CFA_TEST_FIGURES = f"""
[[value]]
parameter = "conscript_family_allowance.index_type"
jurisdiction = "110000"
effective_from = 2019-03-02
provenance = "example"
value = 1
[[value]]
parameter = "conscript_family_allowance.index"
jurisdiction = "110000"
year = 2023
provenance = "example"
table = {{ urban_disposable_income = "88000", {_OTHER_INDICES} }}
[[value]]
parameter = "conscript_family_allowance.index"
jurisdiction = "110000"
year = 2024
provenance = "example"
table = {{ urban_disposable_income = "90000", {_OTHER_INDICES} }}
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
value = "150%"
[[value]]
parameter = "conscript_family_allowance.student_extra"
jurisdiction = "110000"
effective_from = 2019-03-02
provenance = "example"
value = "5001"
[[value]]
parameter = "conscript_family_allowance.student_share"
jurisdiction = "110000"
effective_from = 2019-03-02
provenance = "example"
value = "0%"
[[value]]
parameter = "conscript_family_allowance.student_one_off"
jurisdiction = "110000"
effective_from = 2019-03-02
provenance = "example"
value = "0"
"""

ENLISTEE = {
    "birth_date": "2005-03-01",
    "household_division": "110105",
    "service_kind": "conscript",
    "enlisted_on": "2024-09-15",
    "enlistment_division": "110105",
    "student_enlistee": True,
}


@pytest.fixture(scope="module")
def beijing(engine: Engine) -> Engine:
    return engine.with_parameters(CFA_TEST_FIGURES, name="测试数字")


def test_a_yearly_benefit_is_due_per_instalment(beijing: Engine) -> None:
    s = beijing.schedule(ENLISTEE, "2024-01-01", "2025-12-31", rules=["conscript_family_allowance"])
    lines = s.for_rule("conscript_family_allowance")
    # service year 1 from 2024-09-15 (上年度 2023: 88,000 × 40% + 5,001 = 40,201.00), in two
    # halves due 2024-09-15 and 2025-03-01; year 2 from 2025-09-15 (2024: 90,000 × 40% + 5,001
    # = 41,001.00), its first half due 2025-09-15 (the second falls in 2026)
    assert [(x.period_label, x.due, x.instalment, x.instalments) for x in lines] == [
        ("2024-09–2025-02", dt.date(2024, 9, 15), 0, 2),
        ("2025-03–2025-08", dt.date(2025, 3, 1), 1, 2),
        ("2025-09–2026-02", dt.date(2025, 9, 15), 0, 2),
    ]
    assert [x.result.amount for x in lines] == [Yuan("40201.00")] * 2 + [Yuan("41001.00")]
    # halves add up to the fen: 20,100.50 each; 41,001.00 → 20,500.50
    assert [x.amount for x in lines] == [Yuan("20100.50"), Yuan("20100.50"), Yuan("20500.50")]
    assert s.total("conscript_family_allowance").amount == Yuan("60701.50")
    # the interval parameter used is in the explanation of every instalment
    assert any(
        p.path == "conscript_family_allowance.payment_interval_months"
        for p in lines[0].result.parameters
    )
    text = s.explain("conscript_family_allowance")
    assert "第1期，共2期" in text and "第2期，共2期" in text


def test_totals_with_undetermined_lines_say_they_are_incomplete(engine: Engine) -> None:
    # no province sets the allowance for 440106: every instalment is undetermined
    row = {**ENLISTEE, "enlistment_division": "440106", "household_division": "440106"}
    s = engine.schedule(row, "2024-09-01", "2025-08-31", rules=["conscript_family_allowance"])
    total = s.total("conscript_family_allowance")
    assert not total.complete and total.amount == Yuan(0)
    assert len(total.undetermined) == 2
    assert total.undetermined_months == ("2024-09–2025-02", "2025-03–2025-08")
    text = str(total)
    assert text.startswith("合计（不完整）") and "2024-09–2025-08" in text
    assert "conscript_family_allowance.ratio" in text  # the reason names the parameter


def test_a_monthly_benefit_pays_every_month(engine: Engine) -> None:
    vet = {
        "birth_date": "1990-01-01",
        "household_division": "110105",
        "service_kind": "nco",
        "nco_grade": "junior",
        "enlisted_on": "2008-09-01",
        "discharged_on": "2014-09-01",
        "disability_level": 1,
        "disability_cause": "combat",
        "disability_assessed_on": "2014-05-01",
        "disability_approved_on": "2014-06-01",
    }
    s = engine.schedule(vet, "2023-01-01", "2023-12-31", rules=["disability_pension"])
    lines = s.for_rule("disability_pension")
    assert [str(x.first) for x in lines] == [str(m) for m in _months(2023)]
    assert all(x.due == x.first.start for x in lines)


def _months(year: int) -> list[Month]:
    return [Month(year, m) for m in range(1, 13)]


def test_batch_plans_lines_like_the_per_case_schedule(beijing: Engine) -> None:
    rows = [
        ENLISTEE,
        {**ENLISTEE, "enlisted_on": "2023-03-01", "student_enlistee": False},
        {**ENLISTEE, "enlistment_division": "440106"},
        {**ENLISTEE, "service_kind": "nco", "nco_grade": "junior"},
    ]
    table = {k: np.array([r.get(k) for r in rows], dtype=object) for k in rows[0]}
    res = beijing.evaluate_batch_months(
        table, "2023-01-01", "2025-12-31", rules=["conscript_family_allowance"]
    )
    pc = res["conscript_family_allowance"]
    for i, row in enumerate(rows):
        s = beijing.schedule(row, "2023-01-01", "2025-12-31", rules=["conscript_family_allowance"])
        mine = pc.row == i
        per_case = [(x.first, x.last, x.due, x.status.value, x.amount) for x in s.lines]
        batch = [
            (
                month_of_number(int(f)),
                month_of_number(int(t)),
                d.astype(dt.date),
                ("ineligible", "eligible", "undetermined", "invalid")[int(st_)],
                None if st_ == 2 else Yuan.from_fen(int(a)),
            )
            for f, t, d, st_, a in zip(
                pc.first[mine],
                pc.last[mine],
                pc.due[mine],
                pc.status[mine],
                pc.amount_fen[mine],
                strict=True,
            )
        ]
        assert batch == per_case, i
    total = res.total("conscript_family_allowance")
    # row 2 (no provincial standard): three instalments; row 1's first service year starts on
    # 2023-03-01, whose 上年度 (2022) index the test figures lack: two more
    assert not total.complete and total.undetermined == 5
    assert "合计（不完整）" in str(total)


def test_batch_one_offs_are_evaluated_on_their_own_dates(engine: Engine) -> None:
    rows = [
        CONSCRIPT,
        {**CONSCRIPT, "discharged_on": "2022-03-31", "reported_on": "2022-04-02"},
        {**CONSCRIPT, "discharged_on": "2021-09-30", "reported_on": "2021-10-01"},
        {k: v for k, v in CONSCRIPT.items() if k not in ("discharged_on", "reported_on")},
    ]
    table = {k: np.array([r.get(k) for r in rows], dtype=object) for k in CONSCRIPT}
    res = engine.evaluate_batch_months(
        table, "2021-01-01", "2022-12-31", rules=["retirement_lump_sum"]
    )
    pc = res["retirement_lump_sum"]
    assert pc.row.tolist() == [0, 1, 2]  # once each; none for the row never discharged
    assert [d.astype(dt.date) for d in pc.on] == [
        dt.date(2021, 9, 8),
        dt.date(2022, 3, 31),
        dt.date(2021, 9, 30),
    ]
    per_row = res.total_fen("retirement_lump_sum")
    for i, row in enumerate(rows):
        s = engine.schedule(row, "2021-01-01", "2022-12-31", rules=["retirement_lump_sum"])
        assert Yuan.from_fen(int(per_row[i])) == s.total("retirement_lump_sum").amount
    assert res.monthly_totals_fen("retirement_lump_sum") == {
        "2021-09": 900_000 + int(per_row[2]),
        "2022-03": int(per_row[1]),
    }


def test_rows_at_reads_the_facts_of_each_date(engine: Engine) -> None:
    """With a case store the facts change over time: a reassessment raises the grade from
    2023-06-01; the months before are paid at the old grade."""
    vet = {
        "birth_date": "1990-01-01",
        "household_division": "110105",
        "service_kind": "nco",
        "nco_grade": "junior",
        "enlisted_on": "2008-09-01",
        "discharged_on": "2014-09-01",
        "disability_level": 6,
        "disability_cause": "combat",
        "disability_assessed_on": "2014-05-01",
        "disability_approved_on": "2014-06-01",
    }
    later = {
        **vet,
        "disability_level": 4,
        "disability_assessed_on": "2023-05-20",
        "disability_approved_on": "2023-05-25",
    }
    table = {k: np.array([vet[k]], dtype=object) for k in vet}

    def rows_at(on: dt.date, rows: np.ndarray) -> dict[str, np.ndarray]:
        row = later if on >= dt.date(2023, 6, 1) else vet
        return {k: np.array([row[k]] * len(rows), dtype=object) for k in row}

    res = engine.evaluate_batch_months(
        table, "2023-01-01", "2023-12-31", rules=["disability_pension"], rows_at=rows_at
    )
    got = res.monthly_totals_fen("disability_pension")
    before = engine.schedule(vet, "2023-05-01", "2023-05-31", rules=["disability_pension"])
    after = engine.schedule(later, "2023-06-01", "2023-06-30", rules=["disability_pension"])
    assert got["2023-05"] == before.total("disability_pension").amount.fen
    assert got["2023-06"] == after.total("disability_pension").amount.fen
    assert got["2023-06"] > got["2023-05"]


def test_a_named_rule_without_a_version_on_its_event_date_is_an_error(engine: Engine) -> None:
    row = {**CONSCRIPT, "enlisted_on": "2008-09-10", "discharged_on": "2010-09-08"}
    with pytest.raises(UnknownRuleError, match="2010-09-08"):
        engine.schedule(row, "2010-01-01", "2010-12-31", rules=["retirement_lump_sum"])


@given(amount=st.integers(0, 10**12), interval=st.sampled_from([1, 2, 3, 4, 6, 12]))
def test_instalments_add_up_to_the_yearly_amount(amount: int, interval: int) -> None:
    n = instalments_of(interval, "r")
    parts = [instalment_part(amount, i, n) for i in range(n)]
    assert sum(parts) == amount and max(parts) - min(parts) <= 1
    start = dt.date(2024, 9, 15)
    spans = [instalment_months(start, i, n) for i in range(n)]
    assert spans[0][0] == Month(2024, 9) and spans[-1][1] == Month(2025, 8)
    assert all(a[1] + 1 == b[0] for a, b in itertools.pairwise(spans))


def test_an_interval_that_does_not_divide_the_year_is_refused() -> None:
    with pytest.raises(ValueError, match="5"):
        instalments_of(5, "conscript_family_allowance")


@settings(max_examples=30, deadline=None)
@given(cut=st.integers(1, 35), death=st.integers(0, 35 * 28))
def test_splitting_a_period_keeps_totals_and_one_offs_once(cut: int, death: int) -> None:
    engine = _ENGINE
    died = dt.date(2022, 1, 1) + dt.timedelta(days=death)
    row = {
        "birth_date": "1960-01-01",
        "household_division": "110105",
        "service_kind": "nco",
        "nco_grade": "junior",
        "enlisted_on": "1978-09-01",
        "discharged_on": "1984-09-01",
        "disability_level": 3,
        "disability_cause": "illness",
        "disability_assessed_on": "1984-05-01",
        "disability_approved_on": "1984-06-01",
        "died_on": died.isoformat(),
        "death_category": "illness",
    }
    rules = ["disability_pension", "disabled_veteran_funeral_grant"]
    first, last = Month(2022, 1), Month(2024, 12)
    whole = engine.schedule(row, first, last, rules=rules)
    a = engine.schedule(row, first, first + (cut - 1), rules=rules)
    b = engine.schedule(row, first + cut, last, rules=rules)
    for rid in rules:
        assert a.total(rid).amount + b.total(rid).amount == whole.total(rid).amount
        assert a.total(rid).lines + b.total(rid).lines == whole.total(rid).lines
    grants = a.for_rule(rules[1]) + b.for_rule(rules[1])
    assert len(grants) == 1 and grants[0].first == Month.of(died)


_ENGINE = Engine.create(entry_points=False)


def _rule(**kw: object) -> Rule:
    base: dict[str, object] = dict(
        id="x",
        label="x",
        kind=RuleKind.BENEFIT,
        version="1",
        effective_from=dt.date(2020, 1, 1),
        citations=(Citation("条例", "第1条"),),
        reads=(),
        amount=lambda c: c.fen("monthly_basic_wage"),
    )
    base.update(kw)
    return Rule(**base)  # type: ignore[arg-type]


def test_rule_payment_declarations_are_checked() -> None:
    with pytest.raises(RuleDefinitionError, match="names the event"):
        _rule(period=PaymentPeriod.ONE_OFF)
    with pytest.raises(RuleDefinitionError, match="PaidMonthly"):
        _rule(period=PaymentPeriod.MONTH, payment=PaidOnce("died_on"))
    assert _rule(period=PaymentPeriod.MONTH).payment == PaidMonthly()
    assert _rule(period=PaymentPeriod.YEAR).payment == PaidYearly()
    once = _rule(period=PaymentPeriod.ONE_OFF, payment=PaidOnce("died_on", "死亡"))
    assert "died_on" in once.reads  # the event is an input the rule reads
    yearly = _rule(period=PaymentPeriod.YEAR, payment=PaidYearly("enlisted_on", "p.interval"))
    assert "p.interval" in yearly.parameters and "enlisted_on" in yearly.reads
