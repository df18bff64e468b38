"""The 优待金's honours top-up and index by the family's own 户籍 (issue 11 §3).

The hand-computed cases are ``tests/cases/national/conscript_family_allowance_honours.toml``
(江西 360000; the honours scale is ``example``: two county pages quote it from a provincial rule
whose text was not found). Here: the batch path agrees with the per-case path on every case, the
explanation names the award in Chinese and the reading of “当年”, and the new inputs are checked
like every other input.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from shuangyong.errors import InvalidValueError
from shuangyong.testing.cases import case_engine, load_cases

CASES = load_cases(
    Path(__file__).parent / "cases" / "national" / "conscript_family_allowance_honours.toml"
)
RULE = "conscript_family_allowance"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name[:24])
def test_batch_agrees_with_per_case(case: object) -> None:
    engine = case_engine(case)  # type: ignore[arg-type]
    inputs, on = case.inputs, case.date  # type: ignore[attr-defined]
    one = engine.evaluate(inputs, on, rules=[RULE])[RULE]
    table = {}
    for k, v in inputs.items():
        col = np.empty(1, dtype=object)
        col[0] = v
        table[k] = col
    many = engine.evaluate_batch(table, on, rules=[RULE])[RULE]
    assert many.status_names()[0] == one.status.value
    fen = 0 if one.amount is None or one.status.value != "eligible" else one.amount.fen
    got = int(many.amount_fen[0]) if many.status_names()[0] == "eligible" else 0
    assert got == fen


def test_the_explanation_names_the_award_and_the_reading() -> None:
    case = next(c for c in CASES if "三等功：增发20%" in c.name)
    r = case_engine(case).evaluate(case.inputs, case.date, rules=[RULE])[RULE]
    text = r.explain()
    assert "奖励：三等功" in text and "立功受奖增发比例" in text and "示例数据" in text
    paths = {p.path for p in r.parameters}
    assert "conscript_family_allowance.honours_share" in paths


def test_families_without_an_award_do_not_show_the_honours_figures() -> None:
    case = next(c for c in CASES if c.name.startswith("按家庭户籍取指标：农村家庭"))
    r = case_engine(case).evaluate(case.inputs, case.date, rules=[RULE])[RULE]
    assert not any("honours" in p.path for p in r.parameters)


def test_missing_inputs_are_named() -> None:
    no_date = next(c for c in CASES if "没有授予日期" in c.name)
    r = case_engine(no_date).evaluate(no_date.inputs, no_date.date, rules=[RULE])[RULE]
    assert any("conscript_award_on" in n for n in r.notes)
    no_home = next(c for c in CASES if "未录入家庭户籍" in c.name)
    r = case_engine(no_home).evaluate(no_home.inputs, no_home.date, rules=[RULE])[RULE]
    assert any("family_residence" in n for n in r.notes)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"conscript_award": "merit_9"}, "conscript_award"),
        ({"conscript_award_on": "2020-01-01"}, "conscript_award_on"),  # before enlisting
        ({"family_residence": "suburban"}, "family_residence"),
    ],
)
def test_bad_inputs_name_the_field(changes: dict[str, str], field: str) -> None:
    case = CASES[0]
    with pytest.raises(InvalidValueError) as info:
        case_engine(case).evaluate({**case.inputs, **changes}, case.date, rules=[RULE])
    assert info.value.field == field
