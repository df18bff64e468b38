"""``shuangyong report`` as a subprocess on a real SQLite store (issue 13 §6): files written and
read back, atomic writes (a failing write leaves no file), one-line errors with exit status 2,
revealed id numbers audited."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shuangyong import Engine
from shuangyong.ledger import Ledger
from shuangyong.storage import Fact, open_store

REPO = Path(__file__).resolve().parent.parent
COUNTY = "411003"
P1 = "411003199001010011"
VET = {
    "name": "张三",
    "township_division": "411003100",
    "birth_date": "1990-01-01",
    "household_division": COUNTY,
    "service_kind": "nco",
    "nco_grade": "junior",
    "care_arrangement": "dispersed",
    "enlisted_on": "2008-09-01",
    "discharged_on": "2014-09-01",
    "disability_level": 5,
    "disability_cause": "combat",
    "disability_assessed_on": "2014-05-01",
    "disability_approved_on": "2014-06-01",
}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO / "src"), *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])]
    )
    env["PYTHONIOENCODING"] = "utf-8"
    env["SHUANGYONG_LOAD_PLUGINS"] = ""
    return env


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shuangyong", "report", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(),
        cwd=cwd,
        timeout=300,
    )


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    path = tmp_path_factory.mktemp("store") / "county.db"
    url = f"sqlite:///{path}"
    with open_store(url, entry_points=False) as store:
        store.add_facts([Fact(P1, __import__("datetime").date(2014, 6, 1), VET)], actor="登记员")
        ledger = Ledger(Engine.create(entry_points=False), store, actor="经办人")
        report = ledger.run(["disability_pension"], "2025-03", "2025-03", COUNTY)
        ledger.approve(run_id=report.run_id)
        ledger.mark_paid(run_id=report.run_id, reference="代发")
    return url, report.run_id


def test_payment_sheet_to_csv_in_gb18030(county: tuple[str, str], tmp_path: Path) -> None:
    url, run_id = county
    out = tmp_path / "发放表.csv"
    r = run(
        "payment-sheet",
        "--store",
        url,
        "--run",
        run_id,
        "-o",
        str(out),
        "--option",
        "encoding=gb18030",
    )
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("gb18030"), newline="")))
    assert rows[0] == ["# 优抚金发放表"]
    flat = [c for row in rows for c in row]
    assert "4925.00" in flat and "411003********0011" in flat and P1 not in flat
    assert "written" in r.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["发放表.csv"]  # no temporary file left


@pytest.mark.parametrize(
    ("fmt", "suffix"), [("json", ".json"), ("html", ".html"), ("markdown", ".md")]
)
def test_roster_in_each_format(
    county: tuple[str, str], tmp_path: Path, fmt: str, suffix: str
) -> None:
    url, _ = county
    out = tmp_path / f"roster{suffix}"
    r = run(
        "roster", "--store", url, "--division", COUNTY, "--on", "2025-03-01", "-o", str(out)
    )  # the suffix decides the format
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert "张三" in text and P1 not in text
    if fmt == "json":
        data = json.loads(text)
        assert data["kind"] == "roster" and data["uses_example"] is True


def test_summary_and_catalogue(county: tuple[str, str], tmp_path: Path) -> None:
    url, _ = county
    r = run(
        "payment-summary",
        "--store",
        url,
        "--year",
        "2025",
        "--format",
        "json",
        "-o",
        str(tmp_path / "s.json"),
    )
    assert r.returncode == 0, r.stderr
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    table = data["sections"][0]["blocks"][2]
    assert table["footer"][0]["cells"]["amount"] == 492_500
    r = run("catalogue", "--format", "markdown", "-o", "-")
    assert r.returncode == 0 and "| 规则 |" in r.stdout


def test_reveal_needs_an_actor_and_is_audited(county: tuple[str, str], tmp_path: Path) -> None:
    url, run_id = county
    out = tmp_path / "sheet.json"
    r = run("payment-sheet", "--store", url, "--run", run_id, "--reveal-ids", "-o", str(out))
    assert r.returncode == 2 and "--actor" in r.stderr and not out.exists()
    r = run(
        "payment-sheet",
        "--store",
        url,
        "--run",
        run_id,
        "--reveal-ids",
        "--actor",
        "审核员",
        "-o",
        str(out),
    )
    assert r.returncode == 0, r.stderr
    assert P1 in out.read_text(encoding="utf-8")
    with open_store(url, entry_points=False) as store:
        events = store.audit_events(action="report.reveal_ids")
    assert events and events[-1].actor == "审核员"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "-o", "x.json"], "unknown report 'nope'"),
        (["catalogue", "--format", "docz", "-o", "x.json"], "unknown format 'docz'"),
        (["catalogue", "-o", "x.unknown"], "cannot tell the format"),
        (["roster", "-o", "x.csv"], "needs --store URL"),
        (
            ["payment-sheet", "--store", "sqlite:///missing.db", "--run", "r", "-o", "x.csv"],
            "does not exist",
        ),
        (["catalogue", "-o", "x.csv", "--option", "encoding=latin-1"], "encoding"),
        (["catalogue", "-o", "x.csv", "--option", "oops"], "NAME=VALUE"),
        (["roster", "--on", "2025-13-01", "-o", "x.csv"], "YYYY-MM-DD"),
    ],
)
def test_user_errors_are_one_line_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    r = run(*args, cwd=tmp_path)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert list(tmp_path.iterdir()) == []


BROKEN_PLUGIN = """
from shuangyong import hookimpl
from shuangyong.reports import ReportFormat

def write(report, stream, options):
    stream.write(b"half a report")
    raise OSError(28, "No space left on device")

@hookimpl
def register_report_formats(registry):
    registry.add(ReportFormat("broken", "坏格式", ".x", "text/plain", write))
"""


def test_a_failing_write_leaves_no_file(tmp_path: Path) -> None:
    (tmp_path / "brokenfmt.py").write_text(BROKEN_PLUGIN, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    old = out / "catalogue.x"
    env = _env()
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), env["PYTHONPATH"]])

    def report(target: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "shuangyong",
                "--plugin",
                "brokenfmt",
                "report",
                "catalogue",
                "--format",
                "broken",
                "-o",
                str(target),
            ],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=300,
        )

    r = report(old)
    assert r.returncode == 2 and "nothing left behind" in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert list(out.iterdir()) == []  # neither the file nor a temporary one
    old.write_text("previous", encoding="utf-8")
    r = report(old)
    assert r.returncode == 2
    assert [p.name for p in out.iterdir()] == ["catalogue.x"]
    assert old.read_text(encoding="utf-8") == "previous"  # the old report is untouched


def test_an_uncreatable_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    r = run("catalogue", "--format", "json", "-o", str(tmp_path / "file" / "x.json"))
    assert r.returncode == 2 and "cannot create" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
