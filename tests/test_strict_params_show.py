"""Issue 12 §4: ``shuangyong params show`` agrees with the engine. Before, it said an annual
statistic had lapsed (exit 2) on a date the rules resolved it without trouble, because rules
read 上年度 figures (the same day a year before) and ``params show`` read the date itself."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shuangyong import Engine

REPO = Path(__file__).resolve().parents[1]
INCOME = "statistics.urban_disposable_income_per_capita"
MARTYR = {
    "birth_date": "1990-05-01",
    "household_division": "110101",
    "service_kind": "officer",
    "enlisted_on": "2010-09-01",
    "death_category": "martyr",
}


def _show(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), env.get("PYTHONPATH", "")])
    env.update(SHUANGYONG_LOAD_PLUGINS="", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "shuangyong", "params", "show", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("died", "year", "figure"),
    [
        # 烈士褒扬条例 (2019) 第14条第1款: 30 × 上一年度 income; 2025 reads 2024: 54,188
        ("2025-03-10", 2024, "54,188.00"),
        # on 2024-06-01 the 2024 figure is in force, but the rules read 2023's: 51,821
        ("2024-06-01", 2023, "51,821.00"),
    ],
)
def test_params_show_prints_the_value_the_engine_uses(
    engine: Engine, died: str, year: int, figure: str
) -> None:
    on = dt.date.fromisoformat(died)
    r = engine.evaluate({**MARTYR, "died_on": died}, on=on)["martyr_commendation"]
    use = next(u for u in r.parameters if u.path == INCOME)
    assert use.effective_from == dt.date(year, 1, 1)
    p = _show(INCOME, "--on", died)
    assert p.returncode == 0, p.stderr  # before: exit 2, "the latest value lapsed on 2024-12-31"
    assert f"施行 / in force: {use.effective_from} 至 / to {use.effective_to}" in p.stdout
    assert f"{figure}元/年" in p.stdout
    assert f"in force on {year}{died[4:]}" in p.stdout  # the same day a year before


def test_every_previous_year_parameter_is_declared_so(engine: Engine) -> None:
    """The three 上年度 figures the national rules read carry the declaration that
    ``params show`` and the engine's own check (policy.context) both use."""
    declared = {
        path
        for path in engine.parameters.paths()
        if engine.parameters.declaration(path).read_as_of == "a_year_before"
    }
    assert declared == {
        INCOME,
        "nursing_allowance.wage_base",
        "conscript_family_allowance.index",
    }
    decl = engine.parameters.declaration(INCOME)
    assert decl.read_on(dt.date(2025, 3, 1)) == dt.date(2024, 3, 1)
    assert engine.parameters.declaration("disability_pension.standard").read_on(
        dt.date(2025, 1, 1)
    ) == dt.date(2025, 1, 1)
