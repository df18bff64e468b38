"""定期抚恤金 and its 6-month funeral grant, computed by hand from the articles and the standards.

National 三属 standards (yuan a year; src/shuangyong/national/data/survivors.toml):
- from 2018-08-01 (secondary): 烈属 25,440 / 因公牺牲遗属 21,850 / 病故遗属 20,550;
- 2019-08-01 to 2020-07-31 (example: figures.md rates the 三属 figures L–M): 27,980 / 24,040 /
  22,610; later national figures are not confirmed, so later months are undetermined.
Monthly amount = yearly ÷ 12 to the fen, half up (the library's example rounding).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuangyong import Engine, Status, Yuan
from shuangyong.errors import InvalidValueError, UnknownRuleError
from shuangyong.policy.results import RuleResult

PARENT: dict[str, Any] = dict(
    household_division="110101",
    relation="parent",
    member_status="martyr",
    birth_date="1950-03-10",
    member_died_on="2018-05-04",
    eligibility_confirmed_on="2018-06-12",
    unable_to_work=True,
)

LOCAL = """
[[value]]
parameter = "survivor_pension.standard"
jurisdiction = "110000"
effective_from = {start}
provenance = "example"
note = "测试数字，非真实标准"
table = {{ martyr = "{martyr}", died_on_duty = "-", died_of_illness = "-" }}
"""


def survivor(**changes: Any) -> dict[str, Any]:
    return {**PARENT, **changes}


def pension(engine: Engine, on: str, **changes: Any) -> RuleResult:
    return engine.evaluate(survivor(**changes), on=on, rules=["survivor_pension"])[
        "survivor_pension"
    ]


def funeral(engine: Engine, on: str, **changes: Any) -> RuleResult:
    return engine.evaluate(survivor(**changes), on=on, rules=["survivor_funeral_grant"])[
        "survivor_funeral_grant"
    ]


# -- standards by category and date ------------------------------------------------------------
@pytest.mark.parametrize(
    ("category", "on", "expected", "provenance"),
    [
        # 2019 条例 第17条; 2018-08-01 standard: 25,440 / 12 = 2,120.00
        ("martyr", "2019-07-31", "2120.00", "secondary"),
        # 21,850 / 12 = 1,820.8333… → 1,820.83
        ("died_on_duty", "2019-07-31", "1820.83", "secondary"),
        # 20,550 / 12 = 1,712.50
        ("died_of_illness", "2019-07-31", "1712.50", "secondary"),
        # 2019-08-01 standard: 27,980 / 12 = 2,331.6666… → 2,331.67
        ("martyr", "2019-08-01", "2331.67", "example"),
        # 24,040 / 12 = 2,003.3333… → 2,003.33
        ("died_on_duty", "2019-08-01", "2003.33", "example"),
        # 22,610 / 12 = 1,884.1666… → 1,884.17
        ("died_of_illness", "2020-07-31", "1884.17", "example"),
    ],
)
def test_standard_by_category_and_date(
    engine: Engine, category: str, on: str, expected: str, provenance: str
) -> None:
    r = pension(engine, on, member_status=category)
    assert r.status is Status.ELIGIBLE
    assert r.amount == Yuan(expected)
    # the 2019 条例; split on 2019-08-01, when the 烈士褒扬条例 it cites was renumbered
    assert r.version == ("2019-03-02" if on < "2019-08-01" else "2019-08-01")
    std = next(p for p in r.parameters if p.path == "survivor_pension.standard")
    assert std.provenance == provenance
    assert dict(std.cell)["category"] in {"烈士", "因公牺牲", "病故"}


def test_2019_figures_lapse_so_later_months_are_undetermined_not_2019_amounts(
    engine: Engine,
) -> None:
    # The 2021 raise was the "17th consecutive year", so 2020 had one too (1 August): the
    # 2019-08-01 figures end on 2020-07-31 and nothing later is confirmed.
    last = pension(engine, "2020-07-31")
    assert last.amount == Yuan("2331.67")
    std = next(p for p in last.parameters if p.path == "survivor_pension.standard")
    assert std.effective_to == dt.date(2020, 7, 31)
    for on in ("2020-08-01", "2023-09-01", "2024-09-30", "2024-10-01", "2025-06-01"):
        r = pension(engine, on)
        assert r.status is Status.UNDETERMINED, on
        assert r.amount is None
        assert any("survivor_pension.standard" in n and "2020-07-31" in n for n in r.notes)


def test_versions_and_citations_by_edition(engine: Engine) -> None:
    old = pension(engine, "2024-09-30")
    new = pension(engine, "2024-10-01")
    assert old.version == "2019-08-01" and new.version == "2024-10-01"
    assert {c.article for c in old.citations} == {"第16条", "第17条"}
    assert {c.article for c in new.citations} == {"第19条"}
    by_id = {c.id: c for c in new.conditions}
    assert by_id["remarried_spouse"].citation.article == "第20条"
    assert by_id["confirmed"].citation.article == "第19条"
    assert by_id["not_suspended"].citation.article == "第59条"
    # 2019: no remarriage clause in the 条例; the 烈士褒扬条例 (2019) 第17条 is cited
    old_by_id = {c.id: c for c in old.conditions}
    assert old_by_id["remarried_spouse"].citation.document == "烈士褒扬条例"
    assert old_by_id["remarried_spouse"].citation.article == "第17条"
    assert old_by_id["not_suspended"].citation.article == "第50条"


def test_no_version_before_2011_08_01(engine: Engine) -> None:
    with pytest.raises(UnknownRuleError, match="2011-08-01"):
        pension(engine, "2011-07-31")


def test_local_standard_is_a_layer_with_the_national_floor(engine: Engine) -> None:
    # 2024 第21条 / 2019 第18条: a local top-up never goes below the national standard
    low = engine.with_parameters(LOCAL.format(start="2019-08-01", martyr="26000"))
    assert pension(low, "2019-09-01").amount == Yuan("2331.67")  # national 27,980 / 12
    high = engine.with_parameters(LOCAL.format(start="2019-08-01", martyr="30000"))
    assert pension(high, "2019-09-01").amount == Yuan("2500.00")  # 30,000 / 12
    # with no national figure after 2020-07-31 the local one applies as is: 40,000 / 12
    later = engine.with_parameters(LOCAL.format(start="2024-08-01", martyr="40000"))
    assert pension(later, "2025-03-01").amount == Yuan("3333.33")
    assert pension(later, "2025-03-01", household_division="440106").status is (Status.UNDETERMINED)


# -- who qualifies (2019 第16条第1款; 2024 第19条第1款, 第20条) ---------------------------------
@pytest.mark.parametrize(
    ("changes", "failed"),
    [
        # 第(一)项: none of the three facts
        (dict(unable_to_work=False), "parent_spouse_need"),
        (dict(unable_to_work=False, no_income=True), None),
        (dict(unable_to_work=False, income_below_local_average=True), None),
        # 第(二)项: child aged 18+ (on the first day of the month), neither in school nor disabled
        (dict(relation="child", birth_date="2001-09-01"), "child_need"),
        (dict(relation="child", birth_date="2001-09-02"), None),  # 17 on 1 September
        (dict(relation="child", birth_date="1995-01-01", in_school=True), "child_need"),
        (dict(relation="child", birth_date="1995-01-01", in_school=True, no_income=True), None),
        (
            dict(relation="child", birth_date="1995-01-01", unable_to_work=True, no_income=True),
            None,
        ),
        # 第(三)项: siblings must have been supported by the member, and only 上学 counts at 18+
        (dict(relation="sibling", birth_date="2005-01-01"), "sibling_supported"),
        (dict(relation="sibling", birth_date="2005-01-01", supported_by_member=True), None),
        (
            dict(
                relation="sibling",
                birth_date="1995-01-01",
                supported_by_member=True,
                no_income=True,
            ),
            "sibling_need",
        ),
        (
            dict(
                relation="sibling",
                birth_date="1995-01-01",
                supported_by_member=True,
                in_school=True,
                no_income=True,
            ),
            None,
        ),
        # remarriage: only the spouse's matters
        (dict(relation="spouse", remarried=True), "remarried_spouse"),
        (dict(relation="spouse", remarried=True, supports_member_dependants=True), None),
        (dict(remarried=True), None),
    ],
)
def test_who_qualifies(engine: Engine, changes: dict[str, Any], failed: str | None) -> None:
    r = pension(engine, "2019-09-15", **changes)
    assert r.failed_condition == failed
    assert r.status is (Status.ELIGIBLE if failed is None else Status.INELIGIBLE)
    if failed is None:
        assert r.amount == Yuan("2331.67")  # 烈属 27,980 / 12


def test_age_18_counts_by_whole_months(engine: Engine) -> None:
    # born 2001-09-15: under 18 on 1 September 2019 → September is paid on any day of it
    child = dict(relation="child", birth_date="2001-09-15")
    assert pension(engine, "2019-09-01", **child).status is Status.ELIGIBLE
    assert pension(engine, "2019-09-30", **child).status is Status.ELIGIBLE
    r = pension(engine, "2019-10-01", **child)
    assert r.failed_condition == "child_need"
    failed = next(c for c in r.conditions if not c.passed)
    assert failed.citation.item == "第(二)项" and "18周岁" in failed.reason


def test_payable_from_the_month_of_confirmation(engine: Engine) -> None:
    # 2024 第19条: 在审核确认其符合条件当月起发给; the 2024 version has no national figure, so a
    # test figure is loaded for 110000
    eng = engine.with_parameters(LOCAL.format(start="2024-08-01", martyr="40000"))
    assert pension(eng, "2024-10-31", eligibility_confirmed_on="2024-11-15").failed_condition == (
        "confirmed"
    )
    r = pension(eng, "2024-11-01", eligibility_confirmed_on="2024-11-15")
    assert r.amount == Yuan("3333.33")  # the whole month: 40,000 / 12


def test_schedule_across_the_2019_adjustment_and_the_lapse(engine: Engine) -> None:
    s = engine.schedule(survivor(), "2019-06-01", "2019-09-30", rules=["survivor_pension"])
    # 2 × 2,120.00 + 2 × 2,331.67 = 8,903.34
    assert s.total("survivor_pension").amount == Yuan("8903.34")
    later = engine.schedule(survivor(), "2020-06-01", "2020-09-30", rules=["survivor_pension"])
    statuses = [line.result.status for line in later.for_rule("survivor_pension")]
    assert statuses == [Status.ELIGIBLE, Status.ELIGIBLE, Status.UNDETERMINED, Status.UNDETERMINED]


def test_suspension_and_cancellation(engine: Engine) -> None:
    # 2019 第50条: suspended for the months of a sentence; cancelled on life imprisonment
    jailed = dict(suspended_from="2019-09-10", suspended_to="2019-12-31")
    assert pension(engine, "2019-09-01", **jailed).failed_condition == "not_suspended"
    assert pension(engine, "2020-01-01", **jailed).amount == Yuan("2331.67")
    life = dict(cancelled_on="2019-11-05", cancellation_reason="life_imprisonment")
    assert pension(engine, "2019-10-01", **life).status is Status.ELIGIBLE
    assert pension(engine, "2019-11-01", **life).failed_condition == "not_cancelled"


# -- bad input ---------------------------------------------------------------------------------
@pytest.mark.parametrize("status", ["serving", "veteran", None])
def test_relative_of_a_living_member_is_not_a_survivor(engine: Engine, status: str | None) -> None:
    r = pension(engine, "2019-09-01", member_status=status, member_died_on=None)
    assert r.status is Status.INELIGIBLE and r.failed_condition == "member_deceased"
    failed = next(c for c in r.conditions if not c.passed)
    assert failed.citation.article == "第16条" and "不是遗属" in failed.reason
    r24 = pension(engine, "2025-03-01", member_status=status, member_died_on=None)
    assert r24.failed_condition == "member_deceased"
    assert next(c for c in r24.conditions if not c.passed).citation.article == "第19条"


@pytest.mark.parametrize(
    ("changes", "failed"),
    [
        (dict(eligibility_confirmed_on="2018-04-01"), "confirmed_after_member_death"),
        (dict(relation="child", birth_date="2018-07-01"), "confirmed_after_member_death"),
        (dict(died_on="2018-01-01"), "survived_member"),
        (dict(relation=None), "relation_known"),
    ],
)
def test_conflicting_facts_are_explained_ineligibilities(
    engine: Engine, changes: dict[str, Any], failed: str
) -> None:
    r = pension(engine, "2019-09-01", **changes)
    assert r.status is Status.INELIGIBLE and r.failed_condition == failed
    assert "矛盾" in r.explain() or failed == "relation_known"


def test_an_unknown_relation_is_an_input_error_naming_the_field(engine: Engine) -> None:
    with pytest.raises(InvalidValueError) as info:
        pension(engine, "2019-09-01", relation="cousin")
    assert "relation" in str(info.value)


# -- funeral grant (2019 第19条; 2024 第22条) ----------------------------------------------------
@pytest.mark.parametrize(
    ("category", "died", "expected"),
    [
        ("martyr", "2019-09-20", "13990.02"),  # 2,331.67 × 6
        ("died_on_duty", "2019-07-20", "10924.98"),  # 1,820.83 × 6
        ("died_of_illness", "2019-08-01", "11305.02"),  # 1,884.17 × 6
    ],
)
def test_funeral_grant_is_six_monthly_pensions(
    engine: Engine, category: str, died: str, expected: str
) -> None:
    r = funeral(engine, died, member_status=category, died_on=died)
    assert r.status is Status.ELIGIBLE and r.amount == Yuan(expected)
    assert r.period == "one_off"
    month = pension(engine, died, member_status=category, died_on=died)
    assert month.amount is not None and r.amount == month.amount * 6


def test_funeral_grant_only_in_the_month_of_death_and_only_for_recipients(engine: Engine) -> None:
    assert funeral(engine, "2019-10-01", died_on="2019-09-20").failed_condition == (
        "died_this_month"
    )
    assert funeral(engine, "2019-09-01").failed_condition == "died_this_month"
    able = funeral(engine, "2019-09-20", died_on="2019-09-20", unable_to_work=False)
    assert able.failed_condition == "parent_spouse_need"
    later = funeral(engine, "2020-08-05", died_on="2020-08-05")
    assert later.status is Status.UNDETERMINED
    r24 = funeral(engine, "2024-10-15", died_on="2024-10-15")
    assert r24.version == "2024-10-01" and r24.status is Status.UNDETERMINED
    assert {c.article for c in r24.citations} == {"第22条", "第19条"}


# -- batch equals per case, and the declared invariants on survivor rows -----------------------
_CATEGORIES = ["martyr", "died_on_duty", "died_of_illness"] * 3 + ["serving", "veteran", None]
_FACTS = (
    "unable_to_work",
    "no_income",
    "income_below_local_average",
    "in_school",
    "supported_by_member",
    "remarried",
    "supports_member_dependants",
)


def _day(draw: st.DrawFn, lo: dt.date, hi: dt.date) -> dt.date:
    return draw(st.dates(min(lo, hi), max(lo, hi)))


@st.composite
def survivor_rows(draw: st.DrawFn, on: dt.date) -> dict[str, Any]:
    """A consistent survivor row, biased toward eligibility on ``on`` (the verifier's default
    rows are servicemembers, so its survivor checks are mostly refusals)."""
    member_died = _day(draw, dt.date(2000, 1, 1), on)
    born = _day(draw, dt.date(1930, 1, 1), on)
    latest = max(member_died, born)
    month_start = on.replace(day=1)
    confirmed = draw(st.sampled_from(["before", "before", "before", "none", "later"]))
    died = draw(st.sampled_from(["none", "none", "this_month", "earlier"]))
    return {
        "household_division": draw(st.sampled_from(["110101", "440106", "320102"])),
        "relation": draw(st.sampled_from(["parent", "spouse", "child", "sibling", None])),
        "member_status": draw(st.sampled_from(_CATEGORIES)),
        "member_died_on": member_died,
        "birth_date": born,
        "eligibility_confirmed_on": None
        if confirmed == "none"
        else _day(draw, latest, on)
        if confirmed == "before"
        else _day(draw, max(latest, on), dt.date(2026, 12, 31)),
        "died_on": None
        if died == "none"
        else _day(draw, max(latest, month_start), max(latest, on))
        if died == "this_month"
        else _day(draw, latest, max(latest, on)),
        "suspended_from": draw(st.none() | st.dates(dt.date(2019, 1, 1), dt.date(2026, 12, 31)))
        if draw(st.integers(0, 4)) == 0
        else None,
        **{f: draw(st.sampled_from([True, True, False])) for f in _FACTS},
    }


_DATES = st.dates(dt.date(2019, 3, 2), dt.date(2020, 12, 31)) | st.dates(
    dt.date(2024, 9, 1), dt.date(2025, 12, 31)
)
_BATCHES = _DATES.flatmap(
    lambda on: st.tuples(st.just(on), st.lists(survivor_rows(on), min_size=1, max_size=8))
)


def test_invariants_and_batch_equals_per_case() -> None:
    # one engine for all examples of this test (hypothesis runs the inner function many times)
    engine = Engine.create(entry_points=False)

    @settings(max_examples=60, deadline=None)
    @given(example=_BATCHES)
    def check(example: tuple[dt.date, list[dict[str, Any]]]) -> None:
        on, rows = example
        ids = ["survivor_pension", "survivor_funeral_grant"]
        table = {k: np.array([r[k] for r in rows], dtype=object) for k in rows[0]}
        batch = engine.evaluate_batch(table, on, rules=ids)
        for i, row in enumerate(rows):
            per = engine.evaluate(row, on, rules=ids)
            # the largest national standard is 烈属 27,980 (2019): 2,331.67 a month, 13,990.02
            # for six months; the rows here load no local standard
            for rid, bound in (
                ("survivor_pension", Yuan("2331.67")),
                ("survivor_funeral_grant", Yuan("13990.02")),
            ):
                r = per[rid]
                b = batch[rid]
                assert b.status_names()[i] == r.status.value
                if r.status is Status.ELIGIBLE:
                    assert r.amount is not None and Yuan(0) <= r.amount <= bound
                    assert b.amount_fen is not None and int(b.amount_fen[i]) == r.amount.fen
                else:
                    assert r.amount in (None, Yuan(0))
            grant, month = per["survivor_funeral_grant"], per["survivor_pension"]
            if grant.status is Status.ELIGIBLE:
                # the grant is six times the pension of the month of death (第22条 / 第19条)
                assert month.status is Status.ELIGIBLE
                assert month.amount is not None and grant.amount == month.amount * 6

    check()


# -- the pension the person actually received (issue 12 §3) -------------------------------------
RECEIVED_ROW = dict(
    household_division="110101",
    relation="parent",
    member_status="martyr",
    birth_date="1950-03-10",
    member_died_on="2018-05-04",
    eligibility_confirmed_on="2018-06-12",
    unable_to_work=True,
    died_on="2025-03-10",
)


def test_funeral_grant_multiplies_the_amount_received_from_the_record(engine: Engine) -> None:
    # 2024 第22条 "其原享受的定期抚恤金": from the case record, determined without a standard
    row = {**RECEIVED_ROW, "received_monthly_amount": "2800"}
    r = engine.evaluate(row, on="2025-03-10", rules=["survivor_funeral_grant"])
    grant = r["survivor_funeral_grant"]
    assert grant.status is Status.ELIGIBLE and grant.amount == Yuan("16800.00")
    assert "取自案卷记录" in grant.explain()
    without = engine.evaluate(RECEIVED_ROW, on="2025-03-10", rules=["survivor_funeral_grant"])
    assert without["survivor_funeral_grant"].status is Status.UNDETERMINED
    # one meaning: in a batch the recorded row stays determined next to an unrecorded one
    rows = [row, RECEIVED_ROW]
    table = {k: [x.get(k) for x in rows] for k in sorted({k for x in rows for k in x})}
    out = engine.evaluate_batch(table, "2025-03-10", rules=["survivor_funeral_grant"])
    assert out["survivor_funeral_grant"].status_names().tolist() == ["eligible", "undetermined"]


def test_remarriage_clause_is_cited_by_the_numbering_in_force() -> None:
    # 国务院令第718号 (2019-08-01) renumbered the 烈士褒扬条例: 第17条 was 第14条 before
    # (docs/law-before-2019.rst)
    from shuangyong.national import survivors

    for rule_id in ("survivor_pension", "survivor_funeral_grant"):
        by_version = {r.version: r for r in survivors.RULES if r.id == rule_id}
        early, late = by_version["2019-03-02"], by_version["2019-08-01"]
        assert early.effective_to == dt.date(2019, 7, 31)
        cited = {
            v: next(c for c in r.conditions if c.id == "remarried_spouse").citation
            for v, r in (("early", early), ("late", late))
        }
        assert (cited["early"].article, cited["early"].edition) == ("第14条", "2011")
        assert (cited["late"].article, cited["late"].edition) == ("第17条", "2019")


def test_payment_through_the_month_of_death_is_stated_as_a_reading() -> None:
    # issue 12 §2: neither text says a periodic payment runs through the month of death
    from shuangyong.national import survivors

    for rule in survivors.RULES:
        if rule.id == "survivor_pension":
            alive = next(c for c in rule.conditions if c.id == "alive")
            assert "死亡当月照发" in alive.label and "解读" in alive.label
