"""光荣牌, 军人子女入学优先, 依法优先服务 and 送喜报: eligibility only, by the law of the date.

Rows: a row with ``relation`` is a relative's; without it, the member's or veteran's own.
"""

from __future__ import annotations

import datetime as dt

import pytest

from shuangyong import Engine, Status
from shuangyong.errors import InvalidValueError, UnknownRuleError
from shuangyong.national import privileges
from shuangyong.national.privileges import priority_service_entitlements
from shuangyong.policy.rules import RuleKind

SERVING = {"household_division": "110101", "birth_date": "1998-01-01"}
DISABLED = {
    "household_division": "110101",
    "birth_date": "1980-01-01",
    "discharged_on": "2018-09-01",
    "disability_level": 3,
    "disability_cause": "combat",
    "disability_approved_on": "2018-06-01",
}
MARTYR_PARENT = {
    "household_division": "320102",
    "relation": "parent",
    "member_status": "martyr",
    "birth_date": "1960-01-01",
}
ALL = ["glory_plaque", "child_school_priority", "priority_service", "merit_good_news"]


def ids(row: dict[str, object], on: dt.date) -> list[str]:
    return [e.id for e in priority_service_entitlements(row, on)]


def test_privileges_have_no_amount() -> None:
    for rule in privileges.RULES:
        assert rule.kind is RuleKind.PRIVILEGE and rule.amount is None
        assert "not_cancelled" in [c.id for c in rule.conditions]


def test_a_relatives_row_needs_no_service_record(engine: Engine) -> None:
    # privileges read no service field: a martyr's child is evaluated from relation (and, for
    # 光荣牌, the birth date: 第68条 counts a serving member's child while 未成年)
    row = {
        "household_division": "440106",
        "relation": "child",
        "member_status": "martyr",
        "birth_date": "2010-01-01",
    }
    ev = engine.evaluate(row, on="2025-09-01", rules=ALL)
    assert ev["glory_plaque"].status is Status.ELIGIBLE
    assert ev["child_school_priority"].status is Status.ELIGIBLE
    assert ev["priority_service"].status is Status.ELIGIBLE  # 2024 第52条: 遗属 with 优待证
    assert ev["merit_good_news"].failed_condition == "serving_member"


def test_glory_plaque_has_no_basis_before_2021(engine: Engine) -> None:
    # 退役军人保障法 第85条: in force 2021-01-01; no earlier text in the sources
    with pytest.raises(UnknownRuleError):
        engine.evaluate(SERVING, on="2020-12-31", rules=["glory_plaque"])


@pytest.mark.parametrize(
    ("on", "version", "articles"),
    [
        ("2021-01-01", "2021-01-01", {("退役军人保障法", "第59条")}),
        (
            "2021-08-01",
            "2021-08-01",
            {
                ("退役军人保障法", "第59条"),
                ("军人地位和权益保障法", "第31条"),
                ("军人地位和权益保障法", "第68条"),
            },
        ),
        (
            "2024-10-01",
            "2024-10-01",
            {
                ("退役军人保障法", "第59条"),
                ("军人地位和权益保障法", "第31条"),
                ("军人地位和权益保障法", "第68条"),
                ("军人抚恤优待条例", "第37条"),
            },
        ),
    ],
)
def test_glory_plaque_versions_cite_the_law_in_force(
    engine: Engine, on: str, version: str, articles: set[tuple[str, str]]
) -> None:
    r = engine.evaluate(DISABLED, on=on, rules=["glory_plaque"])["glory_plaque"]
    assert r.version == version and r.status is Status.ELIGIBLE
    assert {(c.document, c.article) for c in r.citations} == articles


def test_child_school_priority_explains_the_missing_grade(engine: Engine) -> None:
    # 2024 第43条第2款 covers children of grade 1–4 disabled members, which a row cannot show
    row = {"household_division": "110101", "relation": "child", "member_status": "veteran"}
    r = engine.evaluate(row, on="2025-09-01", rules=["child_school_priority"])
    res = r["child_school_priority"]
    assert res.failed_condition == "child_of_member"
    assert "一级至四级残疾军人" in res.conditions[0].reason
    assert res.conditions[0].citation.article == "第43条"


def test_priority_service_disabled_member_2024() -> None:
    # 2024 第52条: priority (with accompanying family), 50 % off, free city transit
    got = priority_service_entitlements(DISABLED, dt.date(2025, 1, 1))
    assert [e.id for e in got] == ["priority_travel", "half_fare", "free_city_transit"]
    assert got[0].label.endswith("随同出行的家属一同享受")
    assert "50%" in got[1].label
    assert (got[1].citation.article, got[1].citation.paragraph) == ("第52条", "第1款")
    assert (got[2].citation.article, got[2].citation.paragraph) == ("第52条", "第2款")


def test_priority_service_serving_member_2019_and_2024() -> None:
    # 2019 第36条第2款: serving members get city transit concessions as each city rules;
    # 2024 第52条第2款: free
    assert ids(SERVING, dt.date(2020, 1, 1)) == ["priority_travel", "city_transit_concession"]
    assert ids(SERVING, dt.date(2024, 10, 1)) == ["priority_travel", "free_city_transit"]


def test_priority_service_survivor_gets_priority_only() -> None:
    # 2024 第52条第1款: 遗属 with a 优待证 get priority, no fare discount, no free transit
    assert ids(MARTYR_PARENT, dt.date(2025, 1, 1)) == ["priority_travel"]
    assert ids(MARTYR_PARENT, dt.date(2024, 9, 30)) == []


def test_priority_service_helper_agrees_with_the_rule(engine: Engine) -> None:
    rows = [
        SERVING,
        DISABLED,
        MARTYR_PARENT,
        {"household_division": "110101", "discharged_on": "2010-01-01"},
    ]
    for on in (dt.date(2020, 6, 1), dt.date(2025, 6, 1)):
        for row in rows:
            r = engine.evaluate(row, on=on, rules=["priority_service"])["priority_service"]
            assert bool(priority_service_entitlements(row, on)) == (r.status is Status.ELIGIBLE)


def test_priority_service_helper_respects_cancellation() -> None:
    row = {**DISABLED, "cancelled_on": "2024-12-01", "cancellation_reason": "expulsion"}
    assert ids(row, dt.date(2025, 1, 1)) == []
    # 2019 第50条 has no expulsion: still entitled in 2024-09
    row = {**DISABLED, "cancelled_on": "2024-01-01", "cancellation_reason": "expulsion"}
    assert ids(row, dt.date(2024, 9, 1)) == ["priority_travel", "half_fare", "free_city_transit"]


def test_priority_service_helper_rejects_bad_input() -> None:
    with pytest.raises(InvalidValueError):
        priority_service_entitlements({**SERVING, "relation": "cousin"}, dt.date(2025, 1, 1))


def test_merit_good_news_for_the_serving_members_own_row(engine: Engine) -> None:
    # 军人地位和权益保障法 第31条 (2021-08-01): a 喜报 to the family of an awarded member
    row = {**SERVING, "award_kinds": ["war_merit_2"]}
    r = engine.evaluate(row, on="2025-01-01", rules=["merit_good_news"])["merit_good_news"]
    assert r.status is Status.ELIGIBLE and r.version == "2024-10-01"
    relative = {**MARTYR_PARENT, "member_status": "serving", "award_kinds": ["merit_1"]}
    r = engine.evaluate(relative, on="2025-01-01", rules=["merit_good_news"])["merit_good_news"]
    assert r.failed_condition == "serving_member"
    with pytest.raises(UnknownRuleError):
        engine.evaluate(row, on="2021-07-31", rules=["merit_good_news"])


def test_glory_plaque_counts_only_minor_or_dependent_children_of_a_serving_member(
    engine: Engine,
) -> None:
    # 军人地位和权益保障法 第68条第1款: 未成年子女、不能独立生活的成年子女 (issue 12 §2)
    child = {"household_division": "110101", "relation": "child", "member_status": "serving"}
    adult = engine.evaluate({**child, "birth_date": "1995-03-01"}, on="2025-05-01")
    assert adult["glory_plaque"].failed_condition == "household"
    dependent = {**child, "birth_date": "1995-03-01", "cannot_live_independently": True}
    assert engine.evaluate(dependent, on="2025-05-01")["glory_plaque"].eligible
    minor = engine.evaluate({**child, "birth_date": "2010-03-01"}, on="2025-05-01")
    assert minor["glory_plaque"].eligible
    label = next(c for c in adult["glory_plaque"].conditions if c.id == "household").label
    assert "未成年子女" in label and "第68条" in label


def test_martyr_children_cite_the_martyrs_regulation_by_the_numbering_in_force() -> None:
    # 国务院令第718号 (2019-08-01): 烈士褒扬条例 第22条第2款 was 第19条第2款 before
    by_version = {r.version: r for r in privileges.RULES if r.id == "child_school_priority"}
    early, late = by_version["2019-03-02"], by_version["2019-08-01"]
    assert early.effective_to == dt.date(2019, 7, 31)
    early_cited = {(c.document, c.edition, c.article) for c in early.citations}
    late_cited = {(c.document, c.edition, c.article) for c in late.citations}
    assert ("烈士褒扬条例", "2011", "第19条") in early_cited
    assert ("烈士褒扬条例", "2019", "第22条") in late_cited
