"""Two real processes against one PostgreSQL store at the same moment.

Each worker (``sql_worker.py``) opens the store, reports ``ready`` and blocks on stdin; the
test releases both with ``go`` once both are ready, so their write transactions overlap. The
database, not the client, must keep the promises: one line per key, one approver wins.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sql_data
from shuangyong.storage.model import LineStatus

from shuangyong_sql.store import PgStore

_HERE = Path(__file__).resolve().parent
_WORKER = _HERE / "sql_worker.py"


def _env() -> dict[str, str]:
    # The workers import the core, the plugin and sql_data whether or not they are installed.
    paths = [str(_HERE), str(_HERE.parent / "src"), str(_HERE.parents[2] / "src")]
    old = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([*paths, *([old] if old else [])])}


def _race(url: str, *commands: list[str]) -> list[dict[str, object]]:
    """Start one worker per command, release them together, return their JSON results."""
    procs = [
        subprocess.Popen(
            [sys.executable, str(_WORKER), command[0], url, *command[1:]],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for command in commands
    ]
    try:
        for p in procs:
            assert p.stdout is not None
            ready = p.stdout.readline().strip()
            if ready != "ready":
                _, err = p.communicate(timeout=60)
                pytest.fail(f"worker did not start: {ready!r}\n{err}")
        for p in procs:
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        results = []
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
        return results
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()


def _lines_in_db(url: str) -> tuple[int, int]:
    with PgStore(url) as store:
        lines = store.lines()
    return len(lines), len({line.key for line in lines})


def test_two_processes_write_the_same_lines_once(pg_url: str) -> None:
    n = 3_000
    with PgStore(pg_url) as store:
        sql_data.seed(store)
    # Same lines, opposite orders: the slower transaction waits on the faster one's keys (or
    # deadlocks and is retried whole); either way each key is written once.
    first, second = _race(pg_url, ["lines", str(n), "0"], ["lines", str(n), "1"])
    assert first["written"] + second["written"] == n  # type: ignore[operator]
    assert _lines_in_db(pg_url) == (n, n)


def test_two_processes_write_overlapping_runs(pg_url: str) -> None:
    """The first 2,000 lines are shared; each worker has 1,000 of its own beyond that."""
    with PgStore(pg_url) as store:
        sql_data.seed(store)
        store.add_lines([sql_data.line(i) for i in range(3_000, 4_000)], actor="setup")
    first, second = _race(pg_url, ["lines", "3000", "0"], ["lines", "3000", "1"])
    assert first["written"] + second["written"] == 3_000  # type: ignore[operator]
    assert _lines_in_db(pg_url) == (4_000, 4_000)


def test_two_approvers_one_wins(pg_url: str) -> None:
    with PgStore(pg_url) as store:
        sql_data.seed(store)
        store.add_lines([sql_data.line(i) for i in range(500)], actor="setup")
    results = _race(pg_url, ["approve"], ["approve"])
    winners = [r for r in results if "approved" in r]
    losers = [r for r in results if "error" in r]
    assert len(winners) == 1 and winners[0]["approved"] == 500, results
    assert len(losers) == 1 and losers[0]["error"] == "LedgerStateError", results
    with PgStore(pg_url) as store:
        assert {line.status for line in store.lines()} == {LineStatus.APPROVED}
        # exactly one approval per line, never two
        assert all(
            [c.status for c in store.status_history(line.line_id)] == [LineStatus.APPROVED]
            for line in store.lines()
            if line.line_id is not None
        )
        assert len(store.audit_events(action="line.approve")) == 1
