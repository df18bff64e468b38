"""``shuangyong pay ...`` and ``shuangyong store record``, run as subprocesses on a real SQLite
store: the whole path (run, approve, pay, a late-reported death recovered, arrears after a
raise, totals as table, CSV and JSON, a line explained) and every refusal as one line, exit 2.

The store is filled once per module through the Python API (fast) and copied per test.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import pty
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from shuangyong.domain.ids import IdNumber
from shuangyong.storage import Fact, open_store
from shuangyong.storage.sqlite import SCHEMA_VERSION

REPO = Path(__file__).resolve().parents[1]
COUNTY = "411003"
# Two 因战一级 (a figure for every month) and one 因战五级 (figures from 2021-08 only).
LEVELS = {1: 1, 3: 1, 5: 5}
# The raise as a what-if layer: TEST FIGURES, not a published standard.
RAISE = """
[[value]]
parameter = "disability_pension.standard"
jurisdiction = "national"
effective_from = 2024-08-01
provenance = "example"
note = "测试数字，不是公布的标准 / a test figure, not a published standard"
table = { combat = ["120000", "105220", "92320", "75670", "60000", "46170", "34780", "21960", "18240", "12810"], duty = ["111560", "98770", "85970", "67680", "51200", "43290", "30840", "19910", "14510", "10850"], illness = ["106900", "94190", "79770", "61620", "47110", "36230", "-", "-", "-", "-"] }
"""  # noqa: E501
LOWER = (
    RAISE.replace('"120000"', '"100000"')
    .replace('"60000"', '"50000"')
    .replace("2024-08-01", "2024-01-01")
)


def pid(seq: int) -> str:
    return IdNumber.build(COUNTY, dt.date(1960, 1, 1), seq).reveal()


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO / "src"), *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])]
    )
    env["PYTHONIOENCODING"] = "utf-8"
    env["SHUANGYONG_LOAD_PLUGINS"] = ""
    return env


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shuangyong", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(),
        cwd=cwd,
        timeout=120,
    )


def ok(p: subprocess.CompletedProcess[str]) -> str:
    assert p.returncode == 0, (p.returncode, p.stdout, p.stderr)
    return p.stdout


def user_error(p: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert p.returncode == 2, (p.returncode, p.stdout, p.stderr)
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    assert lines[0].startswith("错误 / error: "), lines[0]
    assert "Traceback" not in p.stderr
    for n in needles:
        assert n in lines[0], (n, lines[0])
    return lines[0]


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with three registered veterans (no ledger lines yet)."""
    db = tmp_path_factory.mktemp("pay") / "county.db"
    store = open_store(f"sqlite:///{db}", entry_points=False)
    base = {
        "sex": "male",
        "birth_date": "1960-01-01",
        "household_division": COUNTY,
        "residence": "urban",
        "service_kind": "conscript",
        "enlisted_on": "1978-03-01",
        "discharged_on": "1982-01-01",
        "disability_cause": "combat",
        "disability_assessed_on": "1981-05-01",
        "disability_approved_on": "1981-06-01",
    }
    store.add_facts(
        [
            Fact(pid(s), dt.date(2019, 1, 1), {**base, "name": f"合成{s}", "disability_level": lv})
            for s, lv in LEVELS.items()
        ],
        actor="fixture",
    )
    store.close()
    return db


@pytest.fixture
def county(filled: Path, tmp_path: Path) -> Path:
    """A fresh copy of the filled store in the test's folder (commands run there)."""
    shutil.copy(filled, tmp_path / "county.db")
    (tmp_path / "raise.toml").write_text(RAISE, encoding="utf-8")
    (tmp_path / "lower.toml").write_text(LOWER, encoding="utf-8")
    return tmp_path


URL = "sqlite:///county.db"
RUN = ("--rules", "disability_pension", "--division", COUNTY, "--actor", "合成科员")


def run_id(text: str) -> str:
    return text.split("批次号 / run: ", 1)[1].split()[0]


def pay_months(cwd: Path, first: str, last: str) -> str:
    out = ok(run("pay", "run", URL, *RUN, "--from", first, "--to", last, cwd=cwd))
    rid = run_id(out)
    ok(run("pay", "approve", URL, "--run", rid, "--actor", "合成科长", cwd=cwd))
    ok(run("pay", "mark-paid", URL, "--run", rid, "--reference", "代发-1", "--actor", "a", cwd=cwd))
    return out


def totals_json(cwd: Path, *args: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(
        ok(run("pay", "totals", URL, "--format", "json", *args, cwd=cwd))
    )
    return data


# -- the path ---------------------------------------------------------------------------------
def test_run_approve_pay_and_totals(county: Path) -> None:
    out = ok(run("pay", "run", URL, *RUN, "--from", "2021-01", "--to", "2021-12", cwd=county))
    # 2 × 12 months of 一级, and 五级 from 2021-08 (no figure before: listed, never paid as 0)
    assert out.startswith("发放批次完成：本次写入 29 行")
    assert "建安区（411003）" in out and "残疾抚恤金" in out
    assert "不完整：1 人次共 7 期无法确定" in out and "2021-01 至 2021-07（7 期）" in out
    assert "含示例数据 example" in out
    again = ok(run("pay", "run", URL, *RUN, "--from", "2021-01", "--to", "2021-12", cwd=county))
    assert again.startswith("发放批次完成：本次写入 0 行") and "已在账（未重复写入）29 行" in again
    rid = run_id(out)
    approved = ok(run("pay", "approve", URL, "--run", rid, "--actor", "合成科长", cwd=county))
    assert approved.startswith("已审批 29 行")
    paid = ok(
        run("pay", "mark-paid", URL, "--lines", "1-10,12", "--reference", "建行代发-2021",
            "--actor", "a", cwd=county)
    )  # fmt: skip
    assert paid.startswith("已发放 11 行") and "建行代发-2021" in paid

    table = ok(run("pay", "totals", URL, cwd=county))
    assert table.splitlines()[0].startswith("2021 年：共 ")
    assert "11 笔（已发放）" in table.splitlines()[0]
    data = totals_json(county, "--status", "paid", "--status", "approved")
    assert data["lines"] == 29 and data["persons"] == 3
    assert data["statuses"] == ["paid", "approved"]
    rows = data["rows"]
    assert isinstance(rows, list) and rows[0]["rule_id"] == "disability_pension"
    assert rows[0]["amount"] == f"{rows[0]['amount_fen'] // 100}.{rows[0]['amount_fen'] % 100:02d}"
    assert isinstance(rows[0]["amount_fen"], int)
    got = list(
        csv.DictReader(
            io.StringIO(
                ok(run("pay", "totals", URL, "--format", "csv", "--status", "approved", cwd=county))
            )
        )
    )
    assert got[0]["lines"] == "18" and got[0]["division"] == COUNTY  # 29 - 11 paid
    assert got[0]["rule_label"] == "残疾抚恤金"


def test_late_death_recovered_and_arrears_after_a_raise(county: Path) -> None:
    pay_months(county, "2023-01", "2024-12")
    before = totals_json(county)
    rec = ok(
        run("store", "record", URL, pid(1), "--from", "2023-05-10", "--kind", "death",
            "--set", "died_on=2023-05-10", "--set", "death_category=因病",
            "--note", "2024-03 报告", "--actor", "a", cwd=county)
    )  # fmt: skip
    assert rec.startswith("已记录：人员 411003********") and "死亡日期：2023-05-10" in rec
    out = ok(
        run("pay", "recover", URL, *RUN, "--from", "2023-01", "--to", "2024-12",
            "--reason", "死亡迟报", cwd=county)
    )  # fmt: skip
    # paid for 2023-06 .. 2024-12 after the death: 19 months recovered, negative
    assert out.startswith("追回批次完成：本次写入 19 行，合计 -")
    assert "原因：死亡迟报" in out
    rid = run_id(out)
    ok(run("pay", "approve", URL, "--run", rid, "--actor", "a", cwd=county))
    ok(run("pay", "mark-paid", URL, "--run", rid, "--reference", "追回-1", "--actor", "a",
           cwd=county))  # fmt: skip
    after = totals_json(county)
    assert isinstance(after["amount_fen"], int) and isinstance(before["amount_fen"], int)
    assert after["amount_fen"] < before["amount_fen"]

    # a raise from 2024-08-01, announced later: arrears for the months already paid
    arr = ok(
        run("pay", "arrears", URL, *RUN, "--from", "2024-08", "--to", "2024-12",
            "--parameters", "raise.toml", "--reason", "2024年8月1日起调整标准（测试数字）",
            cwd=county)
    )  # fmt: skip
    # the living 一级 and the 五级: 2 people × 5 months (the dead one is not paid again)
    assert arr.startswith("补发批次完成：本次写入 10 行")
    assert totals_json(county, "--status", "calculated")["lines"] == 10
    # 72 regular lines (3 people × 24 months), 19 recovered, then the 10 arrears lines
    first = ok(run("pay", "explain", URL, "1", cwd=county)).splitlines()
    assert "元，已发放（凭证 代发-1）：发放行 1" in first[0]
    assert "复核：按入账时已知的事实重新评估，结果与入账记录一致。" in first
    arrears = ok(run("pay", "explain", URL, "92", "--parameters", "raise.toml", cwd=county))
    assert "补发" in arrears.splitlines()[0] and "已核算" in arrears.splitlines()[0]
    assert "复核：按入账时已知的事实重新评估，结果与入账记录一致。" in arrears
    as_json = json.loads(ok(run("pay", "explain", URL, "92", "--format", "json", cwd=county)))
    assert as_json["kind"] == "arrears" and as_json["reproduced"] is False  # without the layer


def test_refusals_are_one_line(county: Path) -> None:
    # no version before the 2011 条例 (in force 2011-08-01): the run is refused, naming a month
    user_error(
        run("pay", "run", URL, *RUN, "--from", "2011-01", "--to", "2011-12", cwd=county),
        "disability_pension", "2011-01", "nothing was written",
    )  # fmt: skip
    out = ok(run("pay", "run", URL, *RUN, "--from", "2024-01", "--to", "2024-02", cwd=county))
    rid = run_id(out)
    ok(run("pay", "approve", URL, "--run", rid, "--actor", "a", cwd=county))
    user_error(
        run("pay", "approve", URL, "--run", rid, "--actor", "a", cwd=county),
        "不能重复审批", "411003********", "2024-01",
    )  # fmt: skip
    ok(run("pay", "cancel", URL, "--lines", "5,6", "--reason", "核对", "--actor", "a", cwd=county))
    user_error(
        run("pay", "mark-paid", URL, "--lines", "4-5", "--reference", "x", "--actor", "a",
            cwd=county),
        "发放行 5", "已作废", "cannot be paid",
    )  # fmt: skip
    # nothing of a refused change was written: line 4 is still approved, payable
    paid = ok(run("pay", "mark-paid", URL, "--lines", "1-4", "--reference", "x", "--actor", "a",
                  cwd=county))  # fmt: skip
    assert paid.startswith("已发放 4 行")
    # a lower "raise" would pay a negative difference: that is a recovery, refused whole
    user_error(
        run("pay", "arrears", URL, *RUN, "--from", "2024-01", "--to", "2024-02",
            "--parameters", "lower.toml", "--reason", "r", cwd=county),
        "411003********", "disability_pension", "recovery",
    )  # fmt: skip
    user_error(run("pay", "approve", URL, "--lines", "999", "--actor", "a", cwd=county), "999")
    user_error(run("pay", "approve", URL, "--actor", "a", cwd=county), "--run", "--lines")
    user_error(run("pay", "approve", URL, "--lines", "3-1", "--actor", "a", cwd=county), "3-1")
    user_error(run("pay", "run", URL, *RUN, "--from", "2024-13", "--to", "2024-12", cwd=county),
               "2024-13")  # fmt: skip
    user_error(
        run("pay", "run", URL, "--rules", "glory_plaque", "--from", "2024-01", "--to", "2024-01",
            "--division", COUNTY, "--actor", "a", cwd=county),
        "glory_plaque",
    )  # fmt: skip
    user_error(run("pay", "run", URL, *RUN[:-2], "--from", "2024-01", "--to", "2024-01",
                   cwd=county), "--actor")  # fmt: skip
    user_error(run("pay", "explain", URL, "999", cwd=county), "999")
    user_error(run("pay", "totals", URL, "--division", "41100", cwd=county), "division")
    user_error(run("pay", "totals", "sqlite:///absent.db", cwd=county), "store init")
    user_error(
        run("pay", "arrears", URL, *RUN, "--from", "2024-01", "--to", "2024-02",
            "--parameters", "absent.toml", "--reason", "r", cwd=county),
        "absent.toml",
    )  # fmt: skip
    user_error(
        run("store", "record", URL, pid(99), "--from", "2024-01-01", "--kind", "death",
            "--set", "died_on=2024-01-01", "--actor", "a", cwd=county),
        "未登记",
    )  # fmt: skip


def test_a_newer_store_is_refused(county: Path) -> None:
    with sqlite3.connect(county / "county.db") as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    user_error(run("pay", "totals", URL, cwd=county), "请升级 shuangyong")


def test_progress_bar_on_a_terminal_only(county: Path) -> None:
    master, slave = pty.openpty()
    seen: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                return
            if not chunk:
                return
            seen.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        p = subprocess.run(
            [sys.executable, "-m", "shuangyong", "pay", "run", URL, *RUN,
             "--from", "2022-01", "--to", "2022-06"],
            stdout=subprocess.PIPE, stderr=slave, env=_env(), cwd=county, timeout=120,
        )  # fmt: skip
    finally:
        os.close(slave)
        reader.join(timeout=10)
        os.close(master)
    assert p.returncode == 0
    assert "计算 / computing" in b"".join(seen).decode("utf-8", "replace")
    assert p.stdout.decode("utf-8").startswith("发放批次完成：本次写入 18 行")
