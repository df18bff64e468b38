"""The worked example (examples/ledger_county, docs/worked-example.rst) runs end to end as a
subprocess, and its key figures hold: counts, the recovery and the arrears recomputed here by
hand from the parameter tables, totals that add up, and the same totals through the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ledger_county"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p
    )
    env["PYTHONIOENCODING"] = "utf-8"
    env["SHUANGYONG_LOAD_PLUGINS"] = ""
    return env


def _run(*args: str) -> str:
    p = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, encoding="utf-8",
        env=_env(), cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert p.returncode == 0, (p.stdout, p.stderr)
    return p.stdout


def _monthly_fen(table: dict[str, list[str]], cause: str, level: int) -> int:
    """A yearly standard ÷ 12, rounded to the fen half up (the national rounding)."""
    yearly = Decimal(table[cause][level - 1])
    return int((yearly * 100 / 12).quantize(Decimal(1), ROUND_HALF_UP))


def _table(path: Path, start: str) -> dict[str, list[str]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for v in data["value"]:
        if v["parameter"] == "disability_pension.standard" and str(v["effective_from"]) == start:
            return dict(v["table"])
    raise AssertionError(f"no table from {start} in {path}")


def test_worked_example_figures(tmp_path: Path) -> None:
    out = _run(str(EXAMPLE / "run_example.py"), "--json", "--keep", str(tmp_path))
    f = json.loads(out)
    assert f["imported_people"] == 8
    assert f["regular_lines"] == 326
    # grades 3, 5, 6 and 8 have no figure before 2021-08: 4 people × 28 months, never paid as 0
    assert f["pending_months"] == 4 * 28

    national = ROOT / "src" / "shuangyong" / "national" / "data" / "disability.toml"
    t2021, t2023 = _table(national, "2021-08-01"), _table(national, "2023-08-01")
    raised = _table(EXAMPLE / "raise_2024-08_test_figures.toml", "2024-08-01")
    # recovery: 因公五级, died 2023-05-10, paid 2023-06 .. 2024-02 (2 months of the 2021
    # table, 7 of the 2023 table)
    assert f["recovery_lines"] == 9
    assert f["recovery_fen"] == -(
        2 * _monthly_fen(t2021, "duty", 5) + 7 * _monthly_fen(t2023, "duty", 5)
    )
    # arrears: six people alive and paid, 2024-08 .. 2024-10 (3 months each)
    living = [("combat", 1), ("duty", 1), ("combat", 3), ("illness", 6), ("combat", 8),
              ("duty", 4)]  # fmt: skip
    assert f["arrears_lines"] == 18
    assert f["arrears_fen"] == sum(
        3 * (_monthly_fen(raised, c, lv) - _monthly_fen(t2023, c, lv)) for c, lv in living
    )
    # totals since 2019 add up, and say how many distinct people were paid
    assert f["total_lines"] == 326 + 9 + 18
    assert f["total_fen"] == f["regular_fen"] + f["recovery_fen"] + f["arrears_fen"]
    assert f["total_fen"] == 191419759
    assert f["total_persons"] == 7  # the 八级 因病 veteran is not payable (第23条)
    assert sum(f["by_year_fen"].values()) == f["total_fen"]

    # the same store through the command line
    cli = json.loads(
        _run("-m", "shuangyong", "pay", "totals", f"sqlite:///{tmp_path / 'county.db'}",
             "--from-year", "2019", "--format", "json")
    )  # fmt: skip
    assert cli["amount_fen"] == f["total_fen"] and cli["persons"] == 7
    assert cli["uses_example_figures"] is True


def test_worked_example_text() -> None:
    out = _run(str(EXAMPLE / "run_example.py"))
    assert "1. 导入 roster_gb18030.csv（gb18030）：8 人" in out
    assert "3. 迟报死亡追回：9 笔，-37,768.35元" in out
    assert "5. 自 2019 年以来：7 人，353 笔，1,914,197.59元（已发放）" in out
    assert "不得作为发放依据" in out
