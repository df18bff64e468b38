"""Two payment runs for the same division and months, in two real processes at once, leave
exactly one line per key (issue 9, "Concurrency and crashes"): on a SQLite file, and on a real
PostgreSQL server when ``SHUANGYONG_TEST_PG_URL`` is set (``tools/pg-start.sh`` prints one).
Without it the PostgreSQL case skips, except under ``CI=true``, where it fails: a skipped
backend must not look like a tested one (as in plugins/shuangyong-sql/tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from shuangyong.storage import Fact, open_store

PG_ENV = "SHUANGYONG_TEST_PG_URL"
COUNTY = "411003"
PEOPLE = 120
MONTHS = ("2025-01", "2025-03")  # 3 months → 360 lines

VET: dict[str, Any] = {
    "birth_date": "1990-01-01",
    "household_division": COUNTY,
    "service_kind": "nco",
    "nco_grade": "junior",
    "enlisted_on": "2008-09-01",
    "discharged_on": "2014-09-01",
    "disability_cause": "combat",
    "disability_assessed_on": "2014-05-01",
    "disability_approved_on": "2014-06-01",
}


def _pg_url() -> str:
    url = os.environ.get(PG_ENV, "").strip()
    if url:
        return url
    reason = f"{PG_ENV} is not set: no PostgreSQL server (start one with tools/pg-start.sh)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"under CI a PostgreSQL server is required: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/race.db"
        return
    server = _pg_url()
    schema = f"t_{uuid.uuid4().hex[:16]}"
    yield server + ("&" if "?" in server else "?") + f"schema={schema}"
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def _open(url: str) -> Any:
    # postgresql:// comes from the shuangyong-sql plugin (an entry point)
    return open_store(url, entry_points=url.startswith("postgres"))


def _run(url: str, start: Any) -> int:
    from shuangyong import Engine
    from shuangyong.ledger import Ledger

    engine = Engine.create(entry_points=False)
    store = _open(url)
    try:
        start.wait(60)
        report = Ledger(engine, store, actor=f"proc-{os.getpid()}").run(
            "disability_pension", *MONTHS, COUNTY
        )
        return report.written
    finally:
        store.close()


def test_two_processes_running_the_same_run_pay_each_key_once(url: str) -> None:
    with _open(url) as store:
        store.add_facts(
            [
                Fact(f"P{i:05d}", dt.date(2014, 6, 1), {**VET, "disability_level": 1 + i % 10})
                for i in range(PEOPLE)
            ],
            actor="登记员",
        )
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        start = manager.Event()
        with ctx.Pool(2) as pool:
            results = [pool.apply_async(_run, (url, start)) for _ in range(2)]
            start.set()
            written = sorted(r.get(timeout=300) for r in results)
    expected = PEOPLE * 3
    assert sum(written) == expected  # one wrote them all, or they shared: never both
    with _open(url) as store:
        lines = store.lines()
        assert len(lines) == expected
        assert len({line.key for line in lines}) == expected
        assert len(store.runs()) == 2
        reports = store.audit_events(action="run.regular.report")
        assert sorted(e.details["written"] for e in reports) == written
