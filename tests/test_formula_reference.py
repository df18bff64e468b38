"""The formula reference (docs/formula-reference.rst, issue 11 §7) says what the code does.

The page is generated from the rule objects by ``docs/_ext/formula_reference.py``, except the
hand-written formula and rounding lines of each rule id. These tests tie those lines to the code:
every national rule has them, each names exactly the parameters its versions declare, the rounding
line names every rounding parameter, and what the page says happens to an unset parameter
(*undetermined*, naming it) is what the engine does.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from shuangyong import Engine
from shuangyong.national import FAMILIES

ROOT = Path(__file__).resolve().parent.parent
EXT = ROOT / "docs" / "_ext" / "formula_reference.py"
PATH = re.compile(r"``([a-z_]+(?:\.[a-z_]+)+)``")


def _extension() -> ModuleType:
    spec = importlib.util.spec_from_file_location("formula_reference", EXT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ext() -> ModuleType:
    return _extension()


@pytest.fixture(scope="module")
def engine() -> Any:
    return Engine.create(entry_points=False)


def _versions() -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for family in FAMILIES:
        for rule in family.RULES:
            out.setdefault(rule.id, []).append(rule)
    return out


def test_every_national_rule_has_a_formula(ext: ModuleType) -> None:
    assert set(ext.FORMULAS) == set(_versions())


@pytest.mark.parametrize("rule_id", sorted(_versions()))
def test_formula_names_exactly_the_declared_parameters(ext: ModuleType, rule_id: str) -> None:
    formula, rounding = ext.FORMULAS[rule_id]
    named = set(PATH.findall(formula + rounding))
    declared = {p for rule in _versions()[rule_id] for p in rule.parameters}
    assert named == declared, (
        f"{rule_id}: the formula names {sorted(named - declared)} that no version reads, and "
        f"omits {sorted(declared - named)}"
    )


@pytest.mark.parametrize("rule_id", sorted(_versions()))
def test_rounding_line_names_each_rounding_parameter(
    ext: ModuleType, engine: Any, rule_id: str
) -> None:
    _formula, rounding = ext.FORMULAS[rule_id]
    declared = {p for rule in _versions()[rule_id] for p in rule.parameters}
    policies = {p for p in declared if engine.parameters.declaration(p).unit.value == "rounding"}
    assert policies <= set(PATH.findall(rounding)), rule_id
    if not policies:
        # no rounding parameter: the line must say why nothing is rounded
        assert "不取整" in rounding or "不涉及金额" in rounding, rule_id


def test_page_lists_every_version_and_parameter(ext: ModuleType, engine: Any) -> None:
    text = ext.render_rst(engine)
    for rule_id, versions in _versions().items():
        assert f"（{rule_id}）" in text
        for rule in versions:
            assert f"*版本 {rule.version}*" in text
            for path in rule.parameters:
                assert f"``{path}``" in text
    assert (
        (ROOT / "docs" / "formula-reference.rst")
        .read_text(encoding="utf-8")
        .rstrip()
        .endswith(".. shuangyong-formula-reference::")
    )
    assert "formula-reference" in (ROOT / "docs" / "index.rst").read_text(encoding="utf-8")


def _line(text: str, rule_id: str, version: str, path: str) -> str:
    section = text.split(f"（{rule_id}）\n", 1)[1]
    block = section.split(f"*版本 {version}*", 1)[1]
    return next(line for line in block.splitlines() if line.startswith(f"- ``{path}``"))


NURSING = {
    "birth_date": dt.date(1990, 1, 1),
    "service_kind": "conscript",
    "enlisted_on": dt.date(2008, 9, 1),
    "discharged_on": dt.date(2010, 9, 1),
    "disability_level": 1,
    "disability_cause": "combat",
    "disability_approved_on": dt.date(2010, 6, 1),
    "household_division": "110101",
}


@pytest.mark.parametrize(
    ("version", "on", "path"),
    [
        ("2024-10-01", dt.date(2025, 3, 1), "nursing_allowance.wage_base"),
        ("2019-03-02", dt.date(2023, 3, 1), "nursing_allowance.worker_monthly_wage"),
    ],
)
def test_unset_parameter_is_undetermined_and_named(
    ext: ModuleType, engine: Any, version: str, on: dt.date, path: str
) -> None:
    """What the page says a province must set, and what happens if it does not, is true."""
    line = _line(ext.render_rst(engine), "nursing_allowance", version, path)
    assert "全国未设定数值" in line and "省（市）插件须设定" in line and "无法确定" in line
    (result,) = engine.evaluate(NURSING, on, rules=["nursing_allowance"]).results
    assert result.version == version
    assert result.status.value == "undetermined"
    assert any(path in note for note in result.notes)


def test_set_parameter_is_not_claimed_missing(ext: ModuleType, engine: Any) -> None:
    line = _line(
        ext.render_rst(engine), "disability_pension", "2024-10-01", "disability_pension.standard"
    )
    assert "全国已设定" in line and "2023-08-01 起" in line
    (result,) = engine.evaluate(NURSING, dt.date(2025, 3, 1), rules=["disability_pension"]).results
    assert result.status.value == "eligible"
