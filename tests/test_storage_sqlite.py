"""SQLite specifics: pragmas, schema versions and forward migrations, append-only tables, and
two real processes writing the same ledger lines at once."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from shuangyong.domain.periods import Month
from shuangyong.storage import Fact, LineStatus, SchemaVersionError, StoreError, open_store
from shuangyong.storage.sqlite import MIGRATIONS, SCHEMA_VERSION, SqliteStore
from shuangyong.testing.storage_suite import _evaluation, _run, sample_line, sample_registration

PID = "411003199001011234"


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def test_pragmas_and_version(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with open_store(_url(db), entry_points=False) as store:
        assert store.schema_version == SCHEMA_VERSION == MIGRATIONS[-1].version
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    steps = conn.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()
    assert [v for (v,) in steps] == [m.version for m in MIGRATIONS]
    conn.close()
    store = SqliteStore(db)
    assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store._conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 10_000
    store.close()


def test_relative_and_bad_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite:///rel.db", entry_points=False):
        pass
    assert (tmp_path / "rel.db").exists()
    with pytest.raises(StoreError, match="sqlite:///"):
        open_store("sqlite://", entry_points=False)


def test_forward_migration_from_a_v1_file_keeps_data_and_is_audited(tmp_path: Path) -> None:
    db = tmp_path / "v1.db"
    old = SqliteStore(db, migrate_to=1)
    assert old.schema_version == 1
    old.add_run(_run())
    old.add_evaluations([_evaluation()])
    old.add_lines([sample_line(month=Month(2025, m)) for m in (1, 2)], actor="t")
    old.close()
    with pytest.raises(SchemaVersionError) as info:
        open_store(_url(db), migrate=False, entry_points=False)
    assert (info.value.found, info.value.supported) == (1, SCHEMA_VERSION)
    with open_store(_url(db), entry_points=False) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert len(store.lines()) == 2
        created, event = store.audit_events(action="store.migrate")
        assert created.details == {"from": 0, "to": 1, "steps": [1]}
        assert event.details == {
            "from": 1,
            "to": SCHEMA_VERSION,
            "steps": list(range(2, SCHEMA_VERSION + 1)),
        }
        indexes = {
            r[0]
            for r in store._conn.execute(  # type: ignore[attr-defined]
                "SELECT name FROM sqlite_master WHERE type = 'index'"
            )
        }
        assert {"line_status_line", "ledger_lines_totals"} <= indexes
    # opening again migrates nothing more
    with open_store(_url(db), entry_points=False) as store:
        assert len(store.audit_events(action="store.migrate")) == 2


def test_a_newer_store_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    open_store(_url(db), entry_points=False).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(SchemaVersionError) as info:
        open_store(_url(db), entry_points=False)
    assert info.value.found == SCHEMA_VERSION + 1
    assert "请升级" in str(info.value) and "newer" in str(info.value)


def test_money_rows_cannot_be_updated_or_deleted(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with open_store(_url(db), entry_points=False) as store:
        store.add_run(_run())
        store.add_evaluations([_evaluation()])
        store.add_lines([sample_line()], actor="t")
        store.add_facts([Fact(PID, dt.date(2015, 1, 1), sample_registration())], actor="t")
    conn = sqlite3.connect(db)
    for sql in (
        "UPDATE ledger_lines SET amount_fen = 1",
        "DELETE FROM ledger_lines",
        "DELETE FROM audit_events",
        "UPDATE facts SET values_json = '{}'",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(sql)
    (amount, kind) = conn.execute(
        "SELECT amount_fen, typeof(amount_fen) FROM ledger_lines"
    ).fetchone()
    assert (amount, kind) == (100_00, "integer")
    assert conn.execute("SELECT period_first FROM ledger_lines").fetchone()[0] == "2025-03"
    conn.close()


def test_data_survive_reopening(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with open_store(_url(db), entry_points=False) as store:
        store.add_facts(
            [Fact("411003199001011234", dt.date(2015, 1, 1), sample_registration())], actor="t"
        )
    with open_store(_url(db), entry_points=False) as store:
        assert store.row_on("411003199001011234", dt.date(2020, 1, 1))["disability_level"] == 1


def _write_lines(url: str, start: multiprocessing.synchronize.Event, n: int) -> int:  # type: ignore[name-defined]
    store = open_store(url, entry_points=False)
    lines = [sample_line(f"P{i:06d}", Month(2025, 1)) for i in range(n)]
    start.wait(30)
    written = store.add_lines(lines, actor="proc")
    store.close()
    return written


def test_two_processes_writing_the_same_lines_leave_one_per_key(tmp_path: Path) -> None:
    url = _url(tmp_path / "race.db")
    with open_store(url, entry_points=False) as store:
        store.add_run(_run())
        store.add_evaluations([_evaluation()])
    n = 3000
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        start = manager.Event()
        with ctx.Pool(2) as pool:
            results = [pool.apply_async(_write_lines, (url, start, n)) for _ in range(2)]
            start.set()
            written = sorted(r.get(timeout=120) for r in results)
    assert sum(written) == n  # one process wrote them all, the other none (or they shared)
    with open_store(url, entry_points=False) as store:
        lines = store.lines()
        assert len(lines) == n
        assert len({line.key for line in lines}) == n
        adds = store.audit_events(action="lines.add")
        assert sorted(e.details["written"] for e in adds) == written


def _ids(n: int) -> list[str]:
    return [f"11010519491231{i:04d}" for i in range(n)]


def _history(pid: str, i: int) -> list[Fact]:
    """A registration, a reassessment, a clearing fact and a same-day correction."""
    return [
        Fact(pid, dt.date(2020, 1, 1), sample_registration(pid)),
        Fact(pid, dt.date(2024, 7, 1), {"disability_level": 2 + i % 3, "monthly_basic_wage": 7}),
        Fact(pid, dt.date(2024, 9, 1), {"disability_cause": None, "award_kinds": ["merit_2"]}),
        Fact(pid, dt.date(2024, 9, 1), {"mental_disorder": True, "disability_level": None}),
    ]


def _folds(store: SqliteStore, days: list[dt.date]) -> list[list[dict[str, object]]]:
    """rows_on on each date, checked against each person's own facts folded one by one."""
    from shuangyong.storage.rows import fold

    out = []
    for day in days:
        got = store.rows_on(day)
        want = []
        for pid in store.person_ids():
            row = fold(store.facts(pid), day)
            if row is not None:
                want.append({"person_id": pid, **row})
        assert got == want
        out.append(got)
    return out


DAYS = [dt.date(2019, 1, 1), dt.date(2024, 7, 1), dt.date(2024, 8, 31), dt.date(2024, 9, 1)]


def test_migration_3_writes_fact_columns_of_the_stored_facts(tmp_path: Path) -> None:
    db = tmp_path / "v2.db"
    old = SqliteStore(db, migrate_to=2)
    old.add_facts([f for i, p in enumerate(_ids(5)) for f in _history(p, i)], actor="t")
    before = _folds(old, DAYS)  # a v2 file: the facts decoded from their JSON
    old.close()
    with SqliteStore(db) as store:
        (n,) = store._conn.execute("SELECT SUM(n) FROM fact_columns").fetchone()
        assert n == 20
        assert _folds(store, DAYS) == before


def test_small_fact_batches_are_merged_and_read_the_same(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "s.db") as store:
        facts = [f for i, p in enumerate(_ids(12)) for f in _history(p, i)]
        for f in facts:  # one fact per call, as the CLI adds them
            store.add_facts([f], actor="t")
            store.rows_on(DAYS[-1])  # a cached read in between must see the next fact
        (batches, n) = store._conn.execute("SELECT COUNT(*), SUM(n) FROM fact_columns").fetchone()
        assert n == len(facts)
        assert batches < len(facts)  # merged
        after = _folds(store, DAYS)
        assert [len(r) for r in after] == [0, 12, 12, 12]
        assert after[-1][0]["award_kinds"] == ["merit_2"]
        assert "disability_cause" not in after[-1][0] and "disability_level" not in after[-1][0]


# -- line_current: the derived current status ---------------------------------------------------


def _current_from_history(conn: sqlite3.Connection) -> dict[int, str]:
    """The latest change per line, from the append-only record."""
    return {
        lid: st
        for lid, st, _ in conn.execute(
            "SELECT line_id, status, MAX(seq) FROM line_status GROUP BY line_id"
        )
    }


def _lines_with_history(store: SqliteStore) -> list[int]:
    store.add_run(_run())
    store.add_evaluations([_evaluation()])
    store.add_lines([sample_line(month=Month(2025, m)) for m in range(1, 9)], actor="t")
    return [i for (i,) in store._conn.execute("SELECT line_id FROM ledger_lines ORDER BY 1")]


def test_line_current_follows_every_status_change(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "s.db") as store:
        ids = _lines_with_history(store)
        store.set_status(ids[:6], LineStatus.APPROVED, actor="t")
        store.set_status(ids[:3], LineStatus.PAID, actor="t", reference="V1")
        store.set_status(ids[3:5], LineStatus.CANCELLED, actor="t")
        store.set_status(ids[5:6], LineStatus.CANCELLED, actor="t")
        with pytest.raises(StoreError):  # refused as a whole: neither table moves
            store.set_status([ids[6], ids[0]], LineStatus.CANCELLED, actor="t")
        conn = store._conn
        current = dict(conn.execute("SELECT line_id, status FROM line_current").fetchall())
        assert current == _current_from_history(conn)
        assert set(current) == set(ids[:6])  # lines never changed are calculated, not listed
        assert [line.status for line in store.lines()] == [
            *[LineStatus.PAID] * 3,
            *[LineStatus.CANCELLED] * 3,
            *[LineStatus.CALCULATED] * 2,
        ]


def test_migration_4_rebuilds_line_current_from_the_status_record(tmp_path: Path) -> None:
    db = tmp_path / "v3.db"
    with SqliteStore(db, migrate_to=3) as old:
        ids = _lines_with_history(old)
        # a v3 library wrote status changes to line_status only
        old._conn.executemany(
            "INSERT INTO line_status (line_id, status, actor, reference, reason, at) "
            "VALUES (?, ?, 't', '', '', '2025-01-01T00:00:00+00:00')",
            [(ids[0], "approved"), (ids[1], "approved"), (ids[0], "paid"), (ids[2], "cancelled")],
        )
        # (this library reads a v3 file's statuses through line_current: read them raw)
        latest = _current_from_history(old._conn)
        before = [(i, LineStatus(latest.get(i, "calculated"))) for i in ids]
        (count,) = old._conn.execute("SELECT COUNT(*) FROM ledger_lines").fetchone()
    with SqliteStore(db) as store:
        conn = store._conn
        assert dict(conn.execute("SELECT line_id, status FROM line_current")) == {
            ids[0]: "paid",
            ids[1]: "approved",
            ids[2]: "cancelled",
        }
        assert [(line.line_id, line.status) for line in store.lines()] == before
        everything = (LineStatus.CALCULATED, LineStatus.APPROVED, LineStatus.PAID)
        got = store.totals(statuses=everything)
        assert sum(t.lines for t in got) == count - 1  # the cancelled one
        assert store.head_count(statuses=(LineStatus.PAID,)) == 1


def test_totals_read_the_index_in_order(tmp_path: Path) -> None:
    """The totals' plan: one covering-index scan grouped as it goes (no sort of the lines)."""
    with SqliteStore(tmp_path / "s.db") as store:
        sql = store._conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'ledger_lines_totals'"
        ).fetchone()[0]
        assert "rule_id, division, CAST(substr(period_first, 1, 4) AS INTEGER), person_id" in sql
        captured: list[str] = []
        store._conn.set_trace_callback(captured.append)
        store.totals(statuses=(LineStatus.CALCULATED,))
        store._conn.set_trace_callback(None)
        (query,) = [q for q in captured if "GROUP BY" in q]
        plan = [r[3] for r in store._conn.execute(f"EXPLAIN QUERY PLAN {query}")]
        assert "SCAN l USING COVERING INDEX ledger_lines_totals" in plan
        assert plan.count("USE TEMP B-TREE FOR GROUP BY") == 1  # the person-year groups only
