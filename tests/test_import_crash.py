"""A chunked import of 100,000 rows killed with SIGKILL mid-way, then run again.

The import runs in a real subprocess against a real SQLite store; its progress callback prints
each committed chunk. The test kills it with SIGKILL after a few chunks, checks that every
chunk it saw committed is there (and no chunk half-written), imports the same file again, and
checks that every row is present exactly once.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from shuangyong.domain.ids import IdNumber
from shuangyong.intake import import_file
from shuangyong.storage import open_store

ROWS = 100_000
CHUNK = 5_000
KILL_AFTER = 4 * CHUNK  # rows committed before the kill
ON = dt.date(2024, 1, 1)

HEADER = (
    "身份证号,姓名,性别,出生日期,户籍地,城乡,人员类别,入伍时间,退役时间,残疾等级,残疾性质,评残时间"
)

CHILD = textwrap.dedent(
    """
    import datetime as dt, sys
    from shuangyong.intake import import_file
    from shuangyong.storage import open_store

    def progress(p):
        if p.stage == "write":
            print("committed", p.done, flush=True)

    store = open_store(sys.argv[1], entry_points=False)
    print("started", flush=True)
    import_file(store, sys.argv[2], effective_from=dt.date(2024, 1, 1), actor="crash-test",
                chunk_size=int(sys.argv[3]), progress=progress)
    print("finished", flush=True)
    """
)


def person(i: int) -> str:
    born = dt.date(1960, 1, 1) + dt.timedelta(days=i // 400)
    return IdNumber.build("411003", born, (i % 400) * 2 + 1).reveal()


def write_file(path: Path) -> list[str]:
    ids = [person(i) for i in range(ROWS)]
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        f.write(HEADER + "\r\n")
        for i, p in enumerate(ids):
            born = f"{p[6:10]}-{p[10:12]}-{p[12:14]}"
            level = ("八级", "九级", "十级")[i % 3]
            f.write(
                f"{p},张{i},男,{born},411003,{'城镇' if i % 2 else '农村'},军士,"
                f"2008-09-{1 + i % 28:02d},2014-09-01,{level},因病,2014-05-01\r\n"
            )
    return ids


def count_facts(url: str) -> dict[str, int]:
    store = open_store(url, entry_points=False)
    try:
        return {p: len(store.facts(p)) for p in store.person_ids()}
    finally:
        store.close()


@pytest.mark.slow
def test_killed_import_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    csv_path = tmp_path / "veterans.csv"
    ids = write_file(csv_path)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, url, str(csv_path), str(CHUNK)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    committed = 0
    try:
        for line in child.stdout:
            if line.startswith("committed"):
                committed = int(line.split()[1])
                if committed >= KILL_AFTER:
                    os.kill(child.pid, signal.SIGKILL)
                    break
    finally:
        child.stdout.close()
        if child.poll() is None and committed < KILL_AFTER:
            child.kill()
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL, "the import ended before it could be killed"

    after_kill = count_facts(url)
    present = len(after_kill)
    # every chunk reported committed survived; the chunk being written when the process died
    # is all there or not at all; nobody is there twice
    assert present >= committed
    assert present % CHUNK == 0
    assert present < ROWS
    assert set(after_kill.values()) == {1}

    store = open_store(url, entry_points=False)
    try:
        report = import_file(
            store, csv_path, effective_from=ON, actor="crash-test", chunk_size=CHUNK
        )
    finally:
        store.close()
    assert report.ok, report.summary()
    assert (report.new, report.present) == (ROWS - present, present)

    final = count_facts(url)
    assert sorted(final) == sorted(ids)
    assert set(final.values()) == {1}
