"""The local rule henan.jianan.hardship_supplement on both sides of each condition.

Legal basis: 《军人抚恤优待条例》(2024) 第31条第2款 — county-level governments may 增发抚恤金 for
disabled veterans with special hardship. Scope and amount (200 元/月) are illustrative.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from shuangyong.errors import UnknownRuleError
from shuangyong.testing.cases import load_cases, run_case

RULE = "henan.jianan.hardship_supplement"
ON = dt.date(2025, 3, 1)


def _result(engine: Any, row: dict[str, Any], on: dt.date = ON) -> Any:
    return engine.evaluate(row, on=on, rules=[RULE])[RULE]


def test_pays_the_example_amount_in_jianan(henan_engine: Any, make_row: Any) -> None:
    """第31条第2款: grade-1 因战, discharged, at home, registered in 411003 → 200.00 元/月."""
    result = _result(henan_engine, make_row())
    assert result.status.value == "eligible"
    assert Decimal(result.amount.amount) == Decimal("200.00")
    assert result.supplied_by == "shuangyong-henan 0.1.0"
    amount = next(
        p for p in result.parameters if p.path == "henan.jianan.hardship_supplement.amount"
    )
    assert amount.jurisdiction == "411003"
    assert amount.provenance == "example"
    text = result.explain()
    assert "第31条第2款" in text
    assert "示例" in text


@pytest.mark.parametrize("division", ["411002", "411000", "411081", "110101"])
def test_never_pays_outside_jianan(henan_engine: Any, make_row: Any, division: str) -> None:
    """第31条第2款 is a county's power: a row registered elsewhere is ineligible (not undetermined).
    The rule's scope (its jurisdiction, 411003) says so first, as guidance: the rule is not for
    this person, which is no failing of theirs."""
    result = _result(henan_engine, make_row(household_division=division))
    assert result.status.value == "ineligible"
    assert result.failed_condition == "in_jurisdiction"
    assert Decimal(result.amount.amount) == 0
    failed = next(c for c in result.conditions if c.id == "in_jurisdiction")
    assert failed.reason == "本规则仅适用于户籍地在许昌市建安区的人员"
    assert failed.outcome == "other_date"  # guidance-style, like a timing condition
    assert "经办提示：本规则仅适用于户籍地在许昌市建安区的人员" in result.explain()
    assert result.notes == ()


@pytest.mark.parametrize(
    ("changes", "eligible", "failed"),
    [
        # discharged: on the evaluated date or earlier
        ({"discharged_on": "2025-03-01"}, True, None),
        ({"discharged_on": None}, False, "discharged"),
        # grades 1–4 only (the example's stand-in for special hardship)
        ({"disability_level": 4}, True, None),
        ({"disability_level": 5}, False, "grade_1_to_4"),
        ({"disability_level": 10, "disability_cause": "duty"}, False, "grade_1_to_4"),
        # 因病 only for 义务兵 and 初级军士 (第25条第3款)
        ({"disability_cause": "illness"}, True, None),
        ({"disability_cause": "illness", "service_kind": "nco", "nco_grade": "junior"}, True, None),
        (
            {"disability_cause": "illness", "service_kind": "nco", "nco_grade": "senior"},
            False,
            "illness_service_kind",
        ),
        ({"disability_cause": "illness", "service_kind": "officer"}, False, "illness_service_kind"),
        ({"disability_cause": "combat", "service_kind": "officer"}, True, None),
        # cared for at home, not in an institution
        ({"care_arrangement": "dispersed"}, True, None),
        ({"care_arrangement": "centralized"}, False, "at_home"),
        # approved by the end of the month evaluated
        (
            {"disability_approved_on": "2025-03-31", "disability_assessed_on": "2025-02-01"},
            True,
            None,
        ),
        (
            {"disability_approved_on": "2025-04-01", "disability_assessed_on": "2025-02-01"},
            False,
            "approved",
        ),
        # alive at the start of the month
        ({"died_on": "2025-03-01"}, True, None),
        ({"died_on": "2025-02-28"}, False, "alive"),
    ],
)
def test_conditions_on_both_sides(
    henan_engine: Any,
    make_row: Any,
    changes: dict[str, Any],
    eligible: bool,
    failed: str | None,
) -> None:
    """第31条第2款 (scope of the example), 第25条第3款, 第27条第2款, 第32条."""
    result = _result(henan_engine, make_row(**changes))
    assert result.eligible is eligible, result.explain()
    assert result.failed_condition == failed
    expected = Decimal("200.00") if eligible else Decimal("0")
    assert Decimal(result.amount.amount) == expected


def test_not_in_force_before_the_2024_regulation(henan_engine: Any, make_row: Any) -> None:
    """The example takes effect with the 2024 条例 (2024-10-01): absent before it."""
    before = henan_engine.evaluate(make_row(), on=dt.date(2024, 9, 30))
    assert RULE not in [r.rule_id for r in before]
    with pytest.raises(UnknownRuleError, match="no version in force"):
        henan_engine.evaluate(make_row(), on=dt.date(2024, 9, 30), rules=[RULE])
    assert _result(henan_engine, make_row(), on=dt.date(2024, 10, 1)).eligible is True


def test_rule_declares_its_jurisdiction(henan_engine: Any) -> None:
    registered = henan_engine.rule(RULE, ON)
    assert registered.rule.jurisdiction == "411003"
    assert registered.override is None
    assert registered.supplied_by == "shuangyong-henan 0.1.0"


def test_scope_alone_keeps_the_rule_in_jianan(henan_engine: Any) -> None:
    """The district test is the engine's scope condition, first and only once: the rule has no
    condition of its own that repeats it (it was ``registered_in_jianan``)."""
    from shuangyong_henan.rules import HARDSHIP_SUPPLEMENT

    ids = [c.id for c in henan_engine.rule(RULE, ON).rule.conditions]
    assert ids[0] == "in_jurisdiction" and ids.count("in_jurisdiction") == 1
    assert "in_jurisdiction" not in [c.id for c in HARDSHIP_SUPPLEMENT.conditions]
    assert "registered_in_jianan" not in ids


def test_batch_equals_per_case(henan_engine: Any, make_row: Any) -> None:
    """One rule, two ways to run: a few rows either side of the conditions give the same answer
    through evaluate_batch as through evaluate."""
    rows = [
        make_row(),
        make_row(household_division="411002"),
        make_row(disability_level=5),
        make_row(care_arrangement="centralized"),
        make_row(disability_cause="illness", service_kind="officer"),
        make_row(disability_level=3, disability_cause="duty", care_arrangement="dispersed"),
        make_row(household_division="110101"),
        make_row(died_on="2025-01-15"),
    ]
    keys = sorted({k for r in rows for k in r})
    table = {k: np.array([r.get(k) for r in rows], dtype=object) for k in keys}
    table["disability_level"] = np.array([r["disability_level"] for r in rows], dtype=np.int64)
    batch = henan_engine.evaluate_batch(table, on=ON)
    assert batch.errors == ()
    cols = batch[RULE]
    for i, row in enumerate(rows):
        single = henan_engine.evaluate(row, on=ON)
        for rule_id in (RULE, "disability_pension", "nursing_allowance"):
            one = single[rule_id]
            many = batch[rule_id]
            assert many.status_names()[i] == one.status.value, (i, rule_id)
            assert many.failed_condition()[i] == one.failed_condition, (i, rule_id)
            fen = int(many.amount_fen[i])
            expected = 0 if one.amount is None else int(Decimal(one.amount.amount) * 100)
            assert fen == expected, (i, rule_id)
    assert list(cols.eligible) == [True, False, False, False, False, True, False, False]
    assert batch.total_fen(RULE) == 2 * 20000


CASES = Path(__file__).resolve().parent / "cases"


@pytest.mark.parametrize(
    "case", load_cases(CASES / "jianan.toml"), ids=lambda c: f"{c.key}:{c.name[:20]}"
)
def test_case_file(henan_engine: Any, case: Any) -> None:
    """The hand-judged cases in ``cases/jianan.toml`` (each cites its article)."""
    outcome = run_case(case, henan_engine)
    assert outcome.mismatches == (), "\n".join(map(str, outcome.mismatches))


def test_missing_nco_grade_is_undetermined_with_the_national_reason(
    henan_engine: Any, make_row: Any
) -> None:
    """第25条第3款: 因病致残 only for 义务兵 and 初级军士. An NCO's grade not recorded: the
    supplement does not say "本人不领取残疾抚恤金" (it cannot know); it is undetermined and names
    the missing field, exactly as the national disability pension does."""
    row = make_row(service_kind="nco", disability_cause="illness", disability_level=2)
    ev = henan_engine.evaluate(row, on=ON)
    local, national = ev[RULE], ev["disability_pension"]
    assert local.status.value == national.status.value == "undetermined"
    assert local.failed_condition == national.failed_condition == "illness_service_kind"
    assert local.notes == national.notes
    assert any("nco_grade" in n and "军士（士官）等级未录入" in n for n in local.notes)
    text = local.explain()
    assert "无法确定" in text and "不领取残疾抚恤金" not in text


def test_reuses_the_national_condition_objects(henan_engine: Any) -> None:
    """The supplement holds the national conditions themselves, not copies that can drift."""
    local = henan_engine.rule(RULE, ON).rule
    national = henan_engine.rule("disability_pension", ON).rule
    shared = [c for c in local.conditions if c.id in {n.id for n in national.conditions}]
    assert [c.id for c in shared] == [c.id for c in national.conditions]
    assert all(a is b for a, b in zip(shared, national.conditions, strict=True))
