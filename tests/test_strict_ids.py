"""Issue 12 §5: no output path prints a full id number — errors, batch row errors,
explanations (text and JSON), CLI lines, reports and the ledger's explanations — including a
``person_id`` that holds one. Every output is searched for any 18-character id shape."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from shuangyong import Engine
from shuangyong.domain.ids import IdNumber
from shuangyong.errors import InvalidValueError
from shuangyong.storage import Fact, open_store

REPO = Path(__file__).resolve().parents[1]
FULL_ID = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
COUNTY = "411003"
ON = dt.date(2025, 3, 1)


def pid(seq: int) -> str:
    return IdNumber.build(COUNTY, dt.date(1960, 1, 1), seq).reveal()


VETERAN: dict[str, Any] = {
    "person_id": pid(11),
    "birth_date": "1960-01-01",
    "household_division": COUNTY,
    "residence": "urban",
    "service_kind": "conscript",
    "enlisted_on": "1978-03-01",
    "discharged_on": "1982-01-01",
    "disability_level": 1,
    "disability_cause": "combat",
    "disability_assessed_on": "1981-05-01",
    "disability_approved_on": "1981-06-01",
}


def no_full_id(*texts: str) -> None:
    for text in texts:
        found = FULL_ID.search(text)
        assert found is None, text[max(0, found.start() - 200) : found.end() + 200]


# -- the library ----------------------------------------------------------------------------------
def test_explanations_and_their_data_mask_a_person_id(engine: Engine) -> None:
    ev = engine.evaluate(VETERAN, on=ON)
    no_full_id(
        ev.explain(),
        ev.explain(detail=True),
        json.dumps(ev.to_dict(), ensure_ascii=False),
        str(ev),
        repr(ev),
        *(r.explain() for r in ev),
    )


def test_errors_and_batch_row_errors_mask_ids(engine: Engine) -> None:
    # a refused value shaped like an id, in a field of each kind that echoes its value
    for field in ("household_division", "birth_date", "monthly_basic_wage", "service_kind"):
        with pytest.raises(InvalidValueError) as info:
            engine.evaluate({**VETERAN, field: pid(13)}, on=ON)
        no_full_id(str(info.value), repr(info.value))
    table = {k: np.array([v, v], dtype=object) for k, v in VETERAN.items()}
    table["person_id"] = np.array([pid(11), pid(13)], dtype=object)
    table["residence"] = np.array([pid(15), "urban"], dtype=object)
    table["birth_date"] = np.array(["1960-01-01", pid(17)], dtype=object)
    res = engine.evaluate_batch(table, ON)
    assert {e.row for e in res.errors} == {0, 1}
    no_full_id(*(str(e) for e in res.errors), *(repr(e) for e in res.errors))


# -- the commands ---------------------------------------------------------------------------
def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), env.get("PYTHONPATH", "")])
    env.update(SHUANGYONG_LOAD_PLUGINS="", PYTHONIOENCODING="utf-8")
    p = subprocess.run(
        [sys.executable, "-m", "shuangyong", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=180,
    )
    assert "Traceback" not in p.stderr, p.stderr[-2000:]
    no_full_id(p.stdout, p.stderr)
    return p


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("ids")
    store = open_store(f"sqlite:///{d / 'county.db'}", entry_points=False)
    facts = {k: v for k, v in VETERAN.items() if k != "person_id"}
    store.add_facts(
        [Fact(pid(s), dt.date(2019, 1, 1), {**facts, "sex": "male", "name": f"合成{s}"})
         for s in (11, 13)],
        actor="fixture",
    )  # fmt: skip
    store.close()
    return d


URL = "sqlite:///county.db"


def test_no_command_prints_a_full_id(county: Path) -> None:
    p = _run(
        *("pay", "run", URL, "--rules", "disability_pension", "--division", COUNTY),
        *("--from", "2024-01", "--to", "2024-02", "--actor", "合成科员"),
        cwd=county,
    )
    assert p.returncode == 0, p.stderr
    for fmt in ("text", "json"):
        assert _run("pay", "explain", URL, "1", "--format", fmt, cwd=county).returncode == 0
    assert _run("pay", "totals", URL, "--format", "json", cwd=county).returncode == 0
    for fmt in ("text", "csv", "json", "markdown", "html"):
        out = _run(
            *("report", "roster", "--store", URL, "--division", COUNTY, "--on", "2024-02-01"),
            *("-o", "-", "--format", fmt),
            cwd=county,
        )
        assert out.returncode == 0, out.stderr
        assert "合成11" in out.stdout  # the roster is there, its ids masked
    person = county / "p.json"
    person.write_text(json.dumps(VETERAN), encoding="utf-8")
    for extra in ([], ["--detail"], ["--format", "json"]):
        assert (
            _run("explain", str(person), "--on", "2025-03-01", *extra, cwd=county).returncode == 0
        )
    bad = county / "bad.json"
    bad.write_text(json.dumps({**VETERAN, "residence": pid(15)}), encoding="utf-8")
    assert _run("explain", str(bad), "--on", "2025-03-01", cwd=county).returncode == 2
    # an import with a bad row: the report names the row and the field, the id masked
    csv_file = county / "v.csv"
    csv_file.write_text(
        "姓名,身份证号,性别,出生日期,户籍地,城乡,人员类别,入伍时间,退役时间,生效日期\r\n"
        f"合成21,{pid(21)},男,1960-01-01,411003,城镇,义务兵,1978-03-01,1975-01-01,2024-01-01\r\n",
        encoding="utf-8",
    )
    p = _run("store", "import", URL, str(csv_file), "--dry-run", cwd=county)
    assert p.returncode == 1 and "退役" in p.stdout + p.stderr
