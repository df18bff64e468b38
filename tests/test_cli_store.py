"""``shuangyong store init|import``, run as a user runs them: subprocesses, output, exit codes.

Every run sets ``SHUANGYONG_LOAD_PLUGINS=`` (the built-in national plugin only), so whatever is
installed does not change what is checked.
"""

from __future__ import annotations

import datetime as dt
import os
import pty
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from shuangyong.domain.ids import IdNumber
from shuangyong.storage import open_store
from shuangyong.storage.sqlite import SCHEMA_VERSION, SqliteStore

REPO = Path(__file__).resolve().parents[1]


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


def user_error(p: subprocess.CompletedProcess[str], *needles: str) -> str:
    """Exit 2, one line on stderr, no traceback; returns the line."""
    assert p.returncode == 2, (p.returncode, p.stdout, p.stderr)
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    assert lines[0].startswith("错误 / error: "), lines[0]
    for n in needles:
        assert n in lines[0], (n, lines[0])
    return lines[0]


def pid(seq: int) -> str:
    return IdNumber.build("411003", dt.date(1990, 1, 1), seq).reveal()


HEADER = (
    "序号,姓名,身份证号,性别,出生日期,户籍地,城乡,人员类别,入伍时间,退役时间,"
    "残疾等级,残疾性质,评残时间,批准时间,生效日期,已发至"
)


def row(n: int, seq: int, **over: str) -> str:
    cells = {
        "序号": str(n),
        "姓名": f"合成{n}",
        "身份证号": pid(seq),
        "性别": "男" if seq % 2 else "女",
        "出生日期": "1990-01-01",
        "户籍地": "411003",
        "城乡": "城镇",
        "人员类别": "军士",
        "入伍时间": "2008/9/1",
        "退役时间": "2014年9月1日",
        "残疾等级": "八级",
        "残疾性质": "因战",
        "评残时间": "2014-05-01",
        "批准时间": "2014-06-01",
        "生效日期": "2019-01-01",
        "已发至": "2018-12",
    }
    cells.update(over)
    return ",".join(cells[h] for h in HEADER.split(","))


def write_csv(path: Path, rows: list[str], encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(("\r\n".join([HEADER, *rows]) + "\r\n").encode(encoding))
    return path


def people(db: Path) -> list[str]:
    store = open_store(f"sqlite:///{db}", entry_points=False)
    try:
        return store.person_ids()
    finally:
        store.close()


# -- init -------------------------------------------------------------------------------------
def test_init_creates_then_reports_current(tmp_path: Path) -> None:
    p = run("store", "init", "sqlite:///county.db", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert f"结构版本 / schema version: {SCHEMA_VERSION}（已新建 / created）" in p.stdout
    assert str(tmp_path / "county.db") in p.stdout
    assert (tmp_path / "county.db").is_file()
    again = run("store", "init", "sqlite:///county.db", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "已是最新 / already current" in again.stdout


def test_init_migrates_an_older_store(tmp_path: Path) -> None:
    SqliteStore(tmp_path / "old.db", migrate_to=1).close()
    p = run("store", "init", "sqlite:///old.db", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert f"{SCHEMA_VERSION}（已从版本 1 迁移 / migrated from version 1）" in p.stdout


def test_a_newer_schema_is_refused_everywhere(tmp_path: Path) -> None:
    SqliteStore(tmp_path / "new.db").close()
    with sqlite3.connect(tmp_path / "new.db") as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    user_error(
        run("store", "init", "sqlite:///new.db", cwd=tmp_path),
        f"数据库结构版本 {SCHEMA_VERSION + 1}",
        "请升级 shuangyong",
    )
    csv = write_csv(tmp_path / "v.csv", [row(1, 11)])
    user_error(
        run("store", "import", "sqlite:///new.db", str(csv), "--dry-run", cwd=tmp_path),
        "newer than",
    )


def test_bad_urls_are_one_line_errors(tmp_path: Path) -> None:
    user_error(run("store", "init", "foo://x", cwd=tmp_path), "foo://", "sqlite://")
    user_error(run("store", "init", "county.db", cwd=tmp_path), "scheme://")
    user_error(run("store", "init", "sqlite:///no/such/dir/a.db", cwd=tmp_path), "无法打开")


# -- import -----------------------------------------------------------------------------------
def test_dry_run_lists_every_bad_row_and_writes_nothing(tmp_path: Path) -> None:
    run("store", "init", "sqlite:///c.db", cwd=tmp_path)
    csv = write_csv(
        tmp_path / "v.csv",
        [row(1, 11), row(2, 13, 残疾等级="十一级"), row(3, 15), row(4, 17, 入伍时间="2008-09")],
    )
    p = run(
        "store", "import", "sqlite:///c.db", str(csv), "--dry-run",
        "--benefit", "disability_pension", cwd=tmp_path,
    )  # fmt: skip
    assert p.returncode == 1, (p.stdout, p.stderr)
    out = p.stdout
    assert "试导入，未写入 / dry run, nothing written" in out
    assert "问题 2 处" in out
    assert "第 3 行 / line 3" in out and "disability_level" in out
    assert "第 5 行 / line 5" in out and "enlisted_on" in out
    assert "第 2 行" not in out and "第 4 行" not in out
    assert p.stderr == ""  # not a terminal: no progress bar
    assert people(tmp_path / "c.db") == []


def test_import_writes_once_and_a_rerun_adds_nothing(tmp_path: Path) -> None:
    run("store", "init", "sqlite:///c.db", cwd=tmp_path)
    csv = write_csv(tmp_path / "v.csv", [row(i, 2 * i + 1) for i in range(1, 6)], "gb18030")
    args = ("store", "import", "sqlite:///c.db", str(csv), "--benefit", "disability_pension")
    p = run(*args, "--actor", "合成科员", "--chunk-size", "2", cwd=tmp_path)
    assert p.returncode == 0, (p.stdout, p.stderr)
    assert "gb18030" in p.stdout
    assert "新增事实 5 条，已存在 0 条" in p.stdout
    assert len(people(tmp_path / "c.db")) == 5
    again = run(*args, "--actor", "合成科员", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "新增事实 0 条，已存在 5 条" in again.stdout
    store = open_store(f"sqlite:///{tmp_path / 'c.db'}", entry_points=False)
    try:
        assert str(store.paid_up_to(pid(3), "disability_pension")) == "2018-12"
        assert store.audit_events(action="import.file")[0].actor == "合成科员"
    finally:
        store.close()


def test_a_bad_file_stops_the_import_and_names_what_was_not_imported(tmp_path: Path) -> None:
    run("store", "init", "sqlite:///c.db", cwd=tmp_path)
    bad = write_csv(tmp_path / "bad.csv", [row(1, 11, 性别="女")])
    good = write_csv(tmp_path / "good.csv", [row(1, 13)])
    p = run(
        "store", "import", "sqlite:///c.db", str(bad), str(good),
        "--benefit", "disability_pension", "--actor", "a", cwd=tmp_path,
    )  # fmt: skip
    assert p.returncode == 1, (p.stdout, p.stderr)
    assert "未写入任何数据 / nothing written" in p.stdout
    assert "未导入其后的文件 / not imported: good.csv" in p.stdout
    assert people(tmp_path / "c.db") == []


def test_import_user_errors(tmp_path: Path) -> None:
    csv = write_csv(tmp_path / "v.csv", [row(1, 11)])
    user_error(
        run("store", "import", "sqlite:///missing.db", str(csv), "--actor", "a", cwd=tmp_path),
        "store init sqlite:///missing.db",
    )
    assert not (tmp_path / "missing.db").exists()  # a typo never creates an empty store
    run("store", "init", "sqlite:///c.db", cwd=tmp_path)
    user_error(run("store", "import", "sqlite:///c.db", str(csv), cwd=tmp_path), "--actor")
    user_error(
        run("store", "import", "sqlite:///c.db", str(csv), "--dry-run", "--benefit", "nope",
            cwd=tmp_path),
        "--benefit nope", "disability_pension",
    )  # fmt: skip
    user_error(
        run("store", "import", "sqlite:///c.db", "absent.csv", "--dry-run", cwd=tmp_path),
        "absent.csv",
    )
    # a plain 已发至 column without --benefit: the header problem, in one line
    user_error(
        run("store", "import", "sqlite:///c.db", str(csv), "--dry-run", cwd=tmp_path), "已发至"
    )
    user_error(
        run("store", "import", "sqlite:///c.db", str(csv), "--chunk-size", "0", cwd=tmp_path),
        "--chunk-size",
    )


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    run("store", "init", "sqlite:///c.db", cwd=tmp_path)
    csv = write_csv(tmp_path / "v.csv", [row(i, 2 * i + 1) for i in range(1, 4)])
    master, slave = pty.openpty()
    seen: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the other end closed
                return
            if not chunk:
                return
            seen.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        p = subprocess.run(
            [sys.executable, "-m", "shuangyong", "store", "import", "sqlite:///c.db", str(csv),
             "--benefit", "disability_pension", "--actor", "a"],
            stdout=subprocess.PIPE, stderr=slave, env=_env(), cwd=tmp_path, timeout=120,
        )  # fmt: skip
    finally:
        os.close(slave)
        reader.join(timeout=10)
        os.close(master)
    assert p.returncode == 0
    bar = b"".join(seen).decode("utf-8", "replace")
    assert "导入 / importing v.csv" in bar and "3/3" in bar
    assert "新增事实 3 条" in p.stdout.decode("utf-8")


def test_demo_shows_the_store_and_removes_its_file(tmp_path: Path) -> None:
    env = {**_env(), "TMPDIR": str(tmp_path)}
    p = subprocess.run(
        [sys.executable, "-m", "shuangyong", "demo", "--rows", "200"],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert p.returncode == 0, p.stderr
    section = p.stdout.split("—— 存储与发放台账", 1)[1]
    assert "合成示例 / synthetic" in section.splitlines()[0]
    assert "SQLite（结构版本" in section
    assert "6 个批次，审批并发放 18 笔" in section and "（example）" in section
    assert "整段重跑写入 0 笔（不重复发放）" in section
    assert "追回 3 笔（2024-04、2024-05、2024-06）" in section
    assert "汇总 2024 年（已发放，含追回）：3 人，21 笔" in section
    assert list(tmp_path.iterdir()) == []  # the temporary store is gone
    assert p.stderr == ""
