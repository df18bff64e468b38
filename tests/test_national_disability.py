"""残疾抚恤金 and 护理费, computed by hand from the articles and the shipped standards.

Figures used (see src/shuangyong/national/data/disability.toml for provenance):
- grade 1 from 2019-08-01: 因战 88,150 / 因公 85,370 / 因病 82,570 (secondary, two sources);
- the 10-grade table from 2021-08-01 (example, "table B") and from 2023-08-01 (example, "table A").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shuangyong import Engine, Status, Yuan
from shuangyong.errors import InvalidValueError, UnknownRuleError
from shuangyong.policy.rules import Rule

BASE = dict(
    birth_date="1990-01-01",
    household_division="411003",
    service_kind="conscript",
    enlisted_on="2008-09-01",
    discharged_on="2010-09-01",
    disability_level=1,
    disability_cause="combat",
    disability_assessed_on="2010-05-01",
    disability_approved_on="2010-06-01",
)


def person(**changes: object) -> dict[str, object]:
    return {**BASE, **changes}


def pension(engine: Engine, on: str, **changes: object):  # type: ignore[no-untyped-def]
    return engine.evaluate(person(**changes), on=on, rules=["disability_pension"])[
        "disability_pension"
    ]


def test_grade1_combat_2019_is_yearly_standard_over_12(engine: Engine) -> None:
    # 2019 条例 第23条第2款 + 第27条: 88,150 / 12 = 7,345.8333… → 7,345.83 (to the fen, half up)
    r = pension(engine, "2019-09-01")
    assert r.status is Status.ELIGIBLE
    assert r.amount == Yuan("7345.83")
    assert r.version == "2019-03-02"
    std = next(p for p in r.parameters if p.path == "disability_pension.standard")
    assert std.provenance == "secondary" and std.effective_from == dt.date(2019, 8, 1)
    assert dict(std.cell) == {"cause": "因战", "level": "1"}
    assert r.rounding[0].exact.startswith("7,345.8333")


def test_grade1_illness_conscript_2019(engine: Engine) -> None:
    # 2019 第21条第2款: 因病 applies to conscripts; 82,570 / 12 = 6,880.8333… → 6,880.83
    r = pension(engine, "2019-09-01", disability_cause="illness")
    assert r.amount == Yuan("6880.83")


def test_2024_version_applies_from_2024_10_01(engine: Engine) -> None:
    # 2024 条例 第64条: in force 2024-10-01; the standard is table A (example, from 2023-08-01):
    # 116,270 / 12 = 9,689.1666… → 9,689.17
    before = pension(engine, "2024-09-30")
    after = pension(engine, "2024-10-01")
    assert before.version == "2019-03-02" and after.version == "2024-10-01"
    assert before.amount == after.amount == Yuan("9689.17")
    assert after.uses_example_figures
    assert "示例" in after.explain()
    assert any(c.article == "第31条" for c in after.citations)


def test_illness_junior_nco_grade3_2025(engine: Engine) -> None:
    # 2024 第25条第3款 (junior NCO may be 因病), table A 因病 grade 3 = 79,770 / 12 = 6,647.50
    r = pension(
        engine,
        "2025-03-01",
        service_kind="nco",
        nco_grade="junior",
        disability_cause="illness",
        disability_level=3,
    )
    assert r.amount == Yuan("6647.50")


def test_illness_grade8_is_an_explained_ineligibility_not_an_error(engine: Engine) -> None:
    # 2024 第27条第2款: 因病致残 only grades 1–6 are compensated
    r = pension(engine, "2025-03-01", disability_cause="illness", disability_level=8)
    assert r.status is Status.INELIGIBLE
    assert r.failed_condition == "grade_payable"
    failed = next(c for c in r.conditions if not c.passed)
    assert failed.citation.article == "第27条" and "七级至十级" in failed.reason
    assert r.amount == Yuan(0)


def test_illness_for_an_officer_fails_the_service_kind_condition(engine: Engine) -> None:
    # 2024 第25条第3款: only 义务兵 and 初级军士 can be 因病致残
    r = pension(
        engine, "2025-03-01", service_kind="officer", disability_cause="illness", disability_level=3
    )
    assert r.failed_condition == "illness_service_kind"
    assert next(c for c in r.conditions if not c.passed).citation.article == "第25条"


@pytest.mark.parametrize(
    ("approved", "eligible"),
    [
        ("2025-03-31", True),  # 从批准当月起发给 (2024 第27条第2款): approval month counts
        ("2025-03-01", True),
        ("2025-04-01", False),
    ],
)
def test_payable_from_the_month_of_approval(engine: Engine, approved: str, eligible: bool) -> None:
    r = pension(
        engine, "2025-03-01", disability_approved_on=approved, disability_assessed_on="2025-02-01"
    )
    assert r.eligible is eligible
    if not eligible:
        assert r.failed_condition == "approved"


def test_grade5_in_2019_is_undetermined_because_no_sourced_figure(engine: Engine) -> None:
    # only grade 1 is sourced for 2019-08-01; grades 2–10 are left empty rather than invented
    r = pension(engine, "2019-09-01", disability_level=5)
    assert r.status is Status.UNDETERMINED
    assert r.eligible is None and r.amount is None
    assert any("disability_pension.standard" in n for n in r.notes)


def test_death_ends_the_pension_after_the_month_of_death(engine: Engine) -> None:
    # 2024 第32条: after death the survivors get the 12-month funeral grant instead
    assert pension(engine, "2025-01-01", died_on="2025-01-10").eligible is True
    r = pension(engine, "2025-03-01", died_on="2025-01-10")
    assert r.failed_condition == "alive"


def test_before_the_first_rule_version_is_an_error(engine: Engine) -> None:
    # the 2011 条例 (国务院、中央军委令第602号) is the first text modelled, from 2011-08-01
    with pytest.raises(UnknownRuleError, match="no version in force"):
        pension(engine, "2011-07-31")


def test_schedule_splits_where_the_standard_changes_on_1_august(engine: Engine) -> None:
    # table B (2021-08-01) 106,670/12 = 8,889.17 for Jan–Jul 2023; table A (2023-08-01)
    # 116,270/12 = 9,689.17 from August
    s = engine.schedule(person(), "2023-01-01", "2023-12-31", rules=["disability_pension"])
    segs = s.segments("disability_pension")
    assert [(str(g.first), str(g.last), g.monthly) for g in segs] == [
        ("2023-01", "2023-07", Yuan("8889.17")),
        ("2023-08", "2023-12", Yuan("9689.17")),
    ]
    assert s.total("disability_pension").amount == Yuan("8889.17") * 7 + Yuan("9689.17") * 5
    assert "2023-08–2023-12" in s.explain("disability_pension")


# -- nursing allowance ---------------------------------------------------------------------------
WAGE = """
[[value]]
parameter = "nursing_allowance.wage_base"
jurisdiction = "410000"
year = {year}
provenance = "example"
value = "{value}"
"""


@pytest.fixture
def with_wage(engine: Engine) -> Engine:
    # test figures, not Henan's: 120,000 a year → 10,000 a month makes the shares easy to check
    return engine.with_parameters(
        WAGE.format(year=2023, value="120000") + WAGE.format(year=2024, value="120000")
    )


def nursing(engine: Engine, on: str, **changes: object):  # type: ignore[no-untyped-def]
    return engine.evaluate(person(**changes), on=on, rules=["nursing_allowance"])[
        "nursing_allowance"
    ]


def test_nursing_without_a_local_wage_is_undetermined_naming_the_parameter(engine: Engine) -> None:
    r = nursing(engine, "2025-03-01")
    assert r.status is Status.UNDETERMINED
    assert "nursing_allowance.wage_base" in r.notes[0] and "411003" in r.notes[0]


@pytest.mark.parametrize(
    ("cause", "level", "mental", "expected"),
    [
        ("combat", 1, False, "5000.00"),  # 2024 第34条第1款第(一)项: 50%
        ("duty", 2, False, "5000.00"),
        ("combat", 3, False, "4000.00"),  # 第(二)项: 40%
        ("illness", 4, False, "3000.00"),  # 第(三)项: 30%
        ("combat", 5, True, "2500.00"),  # 第(四)项 (new in 2024): 25%
    ],
)
def test_nursing_shares_2024(
    with_wage: Engine, cause: str, level: int, mental: bool, expected: str
) -> None:
    r = nursing(
        with_wage,
        "2025-03-01",
        disability_cause=cause,
        disability_level=level,
        mental_disorder=mental,
    )
    assert r.amount == Yuan(expected)
    wage = next(p for p in r.parameters if p.path == "nursing_allowance.wage_base")
    assert wage.effective_from == dt.date(2024, 1, 1)  # 上一年度 = 2024 for a 2025 date
    assert wage.jurisdiction == "410000"


def test_mental_disorder_grade5_not_covered_before_2024(with_wage: Engine) -> None:
    # 2019 第30条 has no 精神障碍 case
    r = nursing(with_wage, "2024-09-01", disability_level=5, mental_disorder=True)
    assert r.failed_condition == "nursing_grade"


def test_nursing_needs_discharge_and_dispersed_care(with_wage: Engine) -> None:
    serving = nursing(with_wage, "2025-03-01", discharged_on=None)
    assert serving.failed_condition == "discharged"  # 第34条第2款: the army pays serving members
    central = nursing(with_wage, "2025-03-01", care_arrangement="centralized")
    assert central.failed_condition == "dispersed_care"


# -- bad input -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"disability_level": 11}, "disability_level"),
        ({"disability_level": 0}, "disability_level"),
        ({"disability_cause": "war"}, "disability_cause"),
        ({"discharged_on": "2008-01-01"}, "discharged_on"),
        ({"disability_assessed_on": "1989-12-31"}, "disability_assessed_on"),
        ({"household_division": "419999"}, "household_division"),
        ({"enlisted_on": "2008-02-30"}, "enlisted_on"),
        ({"disability_level": 1.5}, "disability_level"),
        ({"disability_level": float("nan")}, "disability_level"),
    ],
)
def test_bad_input_names_field_value_and_reason(
    engine: Engine, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidValueError) as info:
        engine.evaluate(person(**changes), on="2025-03-01")
    assert info.value.field == field
    assert info.value.reason


def test_explanation_renders_text_and_dict(engine: Engine) -> None:
    ev = engine.evaluate(person(), on=dt.date(2025, 3, 1))
    text = ev.explain(detail=True)
    assert "残疾抚恤金" in text and "第27条" in text and "9,689.17元" in text
    d = ev["disability_pension"].to_dict()
    assert d["amount"] == "9689.17"
    assert d["status"] == "eligible"
    assert d["conditions"][0]["citation"]["article"] == "第26条"
    assert Decimal(d["amount"]) == Decimal("9689.17")


def test_all_rules_on_a_partial_row_mark_unevaluable_rules_undetermined(engine: Engine) -> None:
    # the row was prepared for the disability pension; rules that need e.g. 户籍 (residence)
    # are not silently dropped and do not fail the call: they say what is missing
    ev = engine.evaluate(person(), on="2025-03-01")
    assert ev["disability_pension"].amount == Yuan("9689.17")
    missing = [r for r in ev if any("缺少输入字段" in n for n in r.notes)]
    for r in missing:
        assert r.status is Status.UNDETERMINED
        assert "missing input fields" in r.notes[0]
    # asking for such a rule by name is an error naming the field
    if missing:
        from shuangyong.errors import BatchInputError

        with pytest.raises(BatchInputError, match="missing required column"):
            engine.evaluate(person(), on="2025-03-01", rules=[missing[0].rule_id])


# -- readings corrected (issue 12 §2) ------------------------------------------------------------
def _rule(rule_id: str, version: str) -> Rule:
    from shuangyong.national import disability

    return next(r for r in disability.RULES if r.id == rule_id and r.version == version)


def test_2024_dispersed_care_cites_paragraph_1_not_3() -> None:
    # 2024 第34条第1款 grants the allowance to 退出现役时分散供养 veterans; 第3款 is the pool
    rule = _rule("nursing_allowance", "2024-10-01")
    dispersed = next(c for c in rule.conditions if c.id == "dispersed_care")
    assert (dispersed.citation.article, dispersed.citation.paragraph) == ("第34条", "第1款")


def test_2019_nursing_allowance_reads_its_own_base() -> None:
    # 2019 第30条第1款 "当地职工月平均工资": no 上一年度, not the 2024 statistic
    rule = _rule("nursing_allowance", "2019-03-02")
    assert "nursing_allowance.worker_monthly_wage" in rule.parameters
    assert "nursing_allowance.wage_base" not in rule.parameters
    assert "上一年度城镇单位就业人员" not in rule.description
    assert "当地职工月平均工资" in rule.description
    new = _rule("nursing_allowance", "2024-10-01")
    assert "nursing_allowance.wage_base" in new.parameters


def test_conventions_are_stated_as_readings() -> None:
    # issue 12 §2: the month of approval (2019), the month of death, the month after discharge
    approved = next(
        c for c in _rule("disability_pension", "2019-03-02").conditions if c.id == "approved"
    )
    assert "批准当月" in approved.label and "解读" in approved.label
    for rule_id in ("disability_pension", "nursing_allowance"):
        for version in ("2019-03-02", "2024-10-01"):
            alive = next(c for c in _rule(rule_id, version).conditions if c.id == "alive")
            assert "死亡当月照发" in alive.label and "解读" in alive.label
    for version in ("2019-03-02", "2024-10-01"):
        discharged = next(
            c for c in _rule("nursing_allowance", version).conditions if c.id == "discharged"
        )
        assert "退役次月" in discharged.label and "解读" in discharged.label
