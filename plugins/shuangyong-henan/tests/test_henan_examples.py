"""Hand-computed examples for 建安区 / 许昌市 / 河南省, each citing the article it rests on.

All figures are illustrative (provenance ``example``): the national 10-grade table of 2023-08-01,
the 建安区 rounding and the Henan wage base (the national series standing in).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

ON = dt.date(2025, 3, 1)


def _amount(result: Any) -> Decimal:
    assert result.amount is not None, result.explain()
    return Decimal(result.amount.amount)


# -- (3) a national parameter set for the county: disability_pension.rounding -----------------
def test_grade1_combat_in_jianan_rounds_up_to_whole_yuan(henan_engine: Any, make_row: Any) -> None:
    """2024 条例 第31条 (standard) and 第27条第2款 (paid from approval): grade 1 因战 on 2025-03-01.

    National example table (2023-08-01): 116,270 元/年. 116,270 / 12 = 9,689.1666…;
    建安区 rounds the monthly amount UP to the next whole yuan → 9,690.00 元.
    """
    result = henan_engine.evaluate(make_row(), on=ON)["disability_pension"]
    assert _amount(result) == Decimal("9690.00")
    text = result.explain()
    assert "按1元向上进位" in text
    assert "建安区" in text
    rounding = next(p for p in result.parameters if p.path == "disability_pension.rounding")
    assert rounding.jurisdiction == "411003"
    assert rounding.provenance == "example"
    assert rounding.supplied_by == "shuangyong-henan 0.1.0"


def test_same_person_in_weidu_keeps_national_rounding(henan_engine: Any, make_row: Any) -> None:
    """第31条: the same grade-1 因战 veteran registered in 魏都区 (411002) on 2025-03-01.

    116,270 / 12 = 9,689.1666… → national rounding (to the fen, half up) → 9,689.17 元.
    """
    result = henan_engine.evaluate(make_row(household_division="411002"), on=ON)
    pension = result["disability_pension"]
    assert _amount(pension) == Decimal("9689.17")
    rounding = next(p for p in pension.parameters if p.path == "disability_pension.rounding")
    assert rounding.jurisdiction == "national"


def test_county_rounding_only_from_its_date_of_effect(henan_engine: Any, make_row: Any) -> None:
    """2019 条例 第27条 on 2024-09-01: before the county value (2024-10-01) the national applies.

    116,270 / 12 = 9,689.1666… → 9,689.17 元 even in 建安区.
    """
    result = henan_engine.evaluate(make_row(), on=dt.date(2024, 9, 1))["disability_pension"]
    assert result.version == "2019-03-02"
    assert _amount(result) == Decimal("9689.17")


def test_other_grades_round_up_in_jianan(henan_engine: Any, make_row: Any) -> None:
    """第31条: grade 3 因公 in 建安区: 85,970 / 12 = 7,164.1666… → up to 7,165.00 元; grade 10
    因公: 10,850 / 12 = 904.1666… → 905.00 元 (national rounding would give 7,164.17, 904.17)."""
    grade3 = henan_engine.evaluate(make_row(disability_level=3, disability_cause="duty"), on=ON)
    assert _amount(grade3["disability_pension"]) == Decimal("7165.00")
    grade10 = henan_engine.evaluate(make_row(disability_level=10, disability_cause="duty"), on=ON)
    assert _amount(grade10["disability_pension"]) == Decimal("905.00")


def test_whole_yuan_amount_is_not_rounded_up(henan_engine: Any, make_row: Any) -> None:
    """第31条: grade 5 因战: 59,100 / 12 = 4,925 exactly, so rounding up leaves 4,925.00 元."""
    result = henan_engine.evaluate(make_row(disability_level=5), on=ON)["disability_pension"]
    assert _amount(result) == Decimal("4925.00")


def test_without_the_plugin_jianan_uses_national_rounding(
    national_engine: Any, make_row: Any
) -> None:
    """第31条: the national rule set alone gives 9,689.17 元 in 411003 too."""
    result = national_engine.evaluate(make_row(), on=ON)["disability_pension"]
    assert _amount(result) == Decimal("9689.17")


# -- (4) the province wage base reaches the county through the layering ----------------------
@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # 第34条第1款第(一)项: 因战 grade 1 → 50%: 124,110 × 50% / 12 = 5,171.25
        ({}, "5171.25"),
        # 第34条第1款第(二)项: 因公 grade 3 → 40%: 124,110 × 40% / 12 = 4,137.00
        ({"disability_level": 3, "disability_cause": "duty"}, "4137.00"),
        # 第34条第1款第(三)项: 因病 grade 2 (a conscript) → 30%: 124,110 × 30% / 12 = 3,102.75
        ({"disability_level": 2, "disability_cause": "illness"}, "3102.75"),
    ],
)
def test_nursing_allowance_in_jianan_uses_henan_wage_base(
    henan_engine: Any, make_row: Any, changes: dict[str, Any], expected: str
) -> None:
    """2024 条例 第34条第1款: 当地上一年度城镇单位就业人员月平均工资 × share, on 2025-03-01.

    上一年度 = 2024; 410000 supplies 124,110 元/年 (the national figure standing in).
    """
    result = henan_engine.evaluate(make_row(**changes), on=ON)["nursing_allowance"]
    assert _amount(result) == Decimal(expected)
    wage = next(p for p in result.parameters if p.path == "nursing_allowance.wage_base")
    assert wage.jurisdiction == "410000"
    assert wage.jurisdiction_name == "河南省"
    assert wage.provenance == "example"
    assert "全国" in wage.note and "河南省" in wage.note


def test_nursing_allowance_under_2019_rules(henan_engine: Any, make_row: Any) -> None:
    """2019 条例 第30条第1款 on 2024-03-01: the base is "当地职工月平均工资" (no 上一年度), not
    the 2024 base; Henan has no figure of it, so the result is undetermined, naming it."""
    result = henan_engine.evaluate(make_row(), on=dt.date(2024, 3, 1))["nursing_allowance"]
    assert result.version == "2019-03-02"
    assert result.status.value == "undetermined"
    assert any("nursing_allowance.worker_monthly_wage" in n for n in result.notes)
    assert not any(p.path == "nursing_allowance.wage_base" for p in result.parameters)


def test_wage_base_applies_across_the_province(henan_engine: Any, make_row: Any) -> None:
    """第34条: 魏都区 (411002) and 禹州市 (411081) get the same 410000 base: 5,171.25 元."""
    for division in ("411002", "411081"):
        row = make_row(household_division=division)
        result = henan_engine.evaluate(row, on=ON)["nursing_allowance"]
        assert _amount(result) == Decimal("5171.25")


def test_wage_base_does_not_leave_henan(henan_engine: Any, make_row: Any) -> None:
    """第34条: outside Henan (北京市东城区 110101) no plugin sets the wage: undetermined."""
    result = henan_engine.evaluate(make_row(household_division="110101"), on=ON)
    nursing = result["nursing_allowance"]
    assert nursing.status.value == "undetermined"
    assert nursing.amount is None
    assert any("nursing_allowance.wage_base" in n for n in nursing.notes)


def test_explanation_warns_that_the_wage_is_national(henan_engine: Any, make_row: Any) -> None:
    """The note travels into the Chinese explanation and into to_dict()."""
    result = henan_engine.evaluate(make_row(), on=ON)["nursing_allowance"]
    text = result.explain()
    assert "代替尚未核实的河南省数值" in text
    assert "不得作为正式发放依据" in text
    data = result.to_dict()
    wage = next(p for p in data["parameters"] if p["path"] == "nursing_allowance.wage_base")
    assert wage["provenance"] == "example"
    assert wage["jurisdiction"] == "410000"


def test_every_shipped_value_is_example(henan_engine: Any) -> None:
    """Nothing in this plugin is confirmed: every value it supplies is ``example``."""
    params = henan_engine.parameters
    seen = 0
    for path in params.paths():
        for values in params.values(path).values():
            for v in values:
                if v.supplied_by.startswith("shuangyong-henan"):
                    seen += 1
                    assert v.provenance.value == "example", (path, v.jurisdiction)
                    assert v.note, (path, v.jurisdiction)
    assert seen == 2 + 1 + 1  # two wage years (2023, 2024), the supplement, the county rounding
