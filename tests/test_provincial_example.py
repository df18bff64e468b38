"""The plugin the tutorial builds (docs/tutorial-provincial-plugin.rst, examples/provincial_plugin)
runs its case files, loads cleanly and leaves no value unread, so the tutorial cannot rot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from shuangyong import Engine
from shuangyong.testing.cases import load_cases, run_case

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "provincial_plugin"
CASES = EXAMPLE / "cases" / "hangzhou.toml"


@pytest.fixture(scope="module")
def plugin() -> Any:
    sys.path.insert(0, str(EXAMPLE))
    try:
        import shuangyong_example_zhejiang

        yield shuangyong_example_zhejiang
    finally:
        sys.path.remove(str(EXAMPLE))


@pytest.fixture(scope="module")
def engine(plugin: Any) -> Engine:
    return Engine.create(plugins=[plugin], entry_points=False)


@pytest.mark.parametrize("case", load_cases(CASES), ids=lambda c: f"{c.key}:{c.name[:16]}")
def test_the_tutorials_case_files_pass(engine: Engine, case: Any) -> None:
    outcome = run_case(case, engine)
    assert outcome.mismatches == (), "\n".join(map(str, outcome.mismatches))


def test_every_figure_says_it_is_an_example(engine: Engine) -> None:
    """The amounts are not 杭州市's published figures: every result using them says so."""
    row = dict(
        birth_date="2005-03-01",
        household_division="330106",
        service_kind="conscript",
        enlisted_on="2024-09-15",
        enlistment_division="330106",
    )
    r = engine.evaluate(row, on="2025-03-01", rules=["conscript_family_allowance"])
    result = r["conscript_family_allowance"]
    assert result.uses_example_figures
    index = next(p for p in result.parameters if p.path.endswith(".index"))
    assert dict(index.cell) == {"index_type": "resident_consumption_expenditure"}


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(EXAMPLE), os.environ.get("PYTHONPATH", "")]),
        "SHUANGYONG_LOAD_PLUGINS": "",
    }
    return subprocess.run(
        [sys.executable, "-m", "shuangyong", "-p", "shuangyong_example_zhejiang", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        env=env,
    )


def test_the_tutorials_commands_run() -> None:
    """What the tutorial tells the author to run: the case files pass and no value is unread."""
    cases = _cli("cases", "run", str(CASES))
    assert cases.returncode == 0, cases.stdout + cases.stderr
    assert "6 passed, 0 failed" in cases.stdout
    check = _cli("params", "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_tutorial_shows_the_shipped_files() -> None:
    page = (ROOT / "docs" / "tutorial-provincial-plugin.rst").read_text(encoding="utf-8")
    for shown in (
        "shuangyong_example_zhejiang/__init__.py",
        "shuangyong_example_zhejiang/data/zhejiang.toml",
        "cases/hangzhou.toml",
    ):
        assert f"../examples/provincial_plugin/{shown}" in page, shown
