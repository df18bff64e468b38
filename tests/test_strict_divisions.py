"""Issue 12 §5, division codes on a record: a township code a plugin registers is accepted and
rolls up to its county (the jurisdiction rules and parameters read); an abolished county code
names its successor where the shipped division history knows it. Before, a 9-digit code was
"not 6 digits" and 411023 was only "unknown"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

from shuangyong import Engine, hookimpl
from shuangyong.domain.divisions import DivisionCatalog, abolished, division_history
from shuangyong.errors import InvalidValueError, UnknownDivisionError

ON = dt.date(2025, 3, 1)
TOWN, VILLAGE = "411003901", "411003901001"  # invented codes under 建安区
VETERAN: dict[str, Any] = {
    "birth_date": "1990-01-01",
    "household_division": "411003",
    "residence": "urban",
    "service_kind": "nco",
    "nco_grade": "junior",
    "enlisted_on": "2008-09-01",
    "discharged_on": "2014-09-01",
    "disability_level": 1,
    "disability_cause": "combat",
    "disability_assessed_on": "2014-05-01",
    "disability_approved_on": "2014-06-01",
}


class Townships:
    __name__ = "test_townships"
    __distribution__ = "test-townships"

    @hookimpl
    def register_divisions(self, registry: Any) -> None:
        registry.add(TOWN, "测试镇", "township", "411003")
        registry.add(VILLAGE, "测试村", "village", TOWN)


@pytest.fixture(scope="module")
def with_towns() -> Engine:
    return Engine.create(plugins=[Townships()], env={"SHUANGYONG_LOAD_PLUGINS": ""})


@pytest.mark.parametrize("code", [TOWN, VILLAGE])
def test_a_registered_township_rolls_up_to_its_county(with_towns: Engine, code: str) -> None:
    county = with_towns.evaluate(VETERAN, on=ON)["disability_pension"]
    here = with_towns.evaluate({**VETERAN, "household_division": code}, on=ON)
    assert here["disability_pension"].amount == county.amount  # 2024 条例 第28条: 968,917 fen
    assert here["disability_pension"].amount.fen == 968_917
    cols = {k: np.array([v, v], dtype=object) for k, v in VETERAN.items()}
    cols["household_division"] = np.array([code, "411003"], dtype=object)
    res = with_towns.evaluate_batch(cols, ON, rules=["disability_pension"])
    assert not res.errors
    assert res["disability_pension"].amount_fen.tolist() == [968_917, 968_917]
    prepared = with_towns.prepare(cols)
    assert prepared.columns["household_division"].tolist() == [411003, 411003]


def test_an_unregistered_township_is_refused_naming_why(with_towns: Engine, engine: Engine) -> None:
    for eng, code in ((with_towns, "411003999"), (engine, TOWN)):
        with pytest.raises(InvalidValueError, match="no loaded plugin registers") as info:
            eng.evaluate({**VETERAN, "household_division": code}, on=ON)
        assert info.value.field == "household_division"
    cols = {k: np.array([v]) for k, v in VETERAN.items()}
    cols["household_division"] = np.array(["411003999"])
    res = with_towns.evaluate_batch(cols, ON, rules=["disability_pension"])
    assert [(e.row, e.field) for e in res.errors] == [(0, "household_division")]


def test_an_abolished_county_names_its_successor(engine: Engine) -> None:
    """许昌县 411023 became 建安区 411003 (国函〔2016〕189号)."""
    with pytest.raises(InvalidValueError) as info:
        engine.evaluate({**VETERAN, "household_division": "411023"}, on=ON)
    assert "411003 建安区" in info.value.reason and "国函〔2016〕189号" in info.value.reason
    cols = {k: np.array([v, v, v]) for k, v in VETERAN.items()}
    cols["household_division"] = np.array([411023, 130421, 999999])  # integer codes too
    res = engine.evaluate_batch(cols, ON, rules=["disability_pension"])
    reasons = {e.row: e.reason for e in res.errors}
    assert "use 411003" in reasons[0]
    assert "130402 邯山区、130403 丛台区" in reasons[1]  # split between two districts
    assert "abolished" not in reasons[2]  # unknown, and no history: no successor invented
    with pytest.raises(UnknownDivisionError, match="411003 建安区"):
        DivisionCatalog.builtin().get("411023")


def test_the_shipped_history_points_only_at_codes_in_use() -> None:
    catalog = DivisionCatalog.builtin()
    gone = abolished("411023")
    assert gone is not None and gone.successors == ("411003",) and gone.year == 2016
    for code, record in division_history().items():
        assert code not in catalog, code  # abolished: not a code in use
        assert record.successors and all(s in catalog for s in record.successors), code
