"""``sqlite:///path``: the embedded default store, on the standard library's sqlite3.

One file, WAL mode (readers never block the writer), ``foreign_keys=ON``, a busy timeout so
two processes queue instead of failing, and ``synchronous=FULL`` (a committed payment survives a
power cut). Every write is one ``BEGIN IMMEDIATE`` transaction, so a writer takes the lock
before it reads what it will check; keys are ``UNIQUE`` constraints written with ``INSERT ... ON
CONFLICT DO NOTHING``, so two processes writing the same ledger lines at once still leave one
line per key. Append-only tables refuse ``UPDATE`` and ``DELETE`` with triggers.

The schema version is ``PRAGMA user_version`` (and a ``schema_migrations`` row per step).
:data:`MIGRATIONS` is the ordered list of forward steps; opening an older file applies the
missing ones in one transaction and audits it (``store.migrate``); a newer file is refused.

Stored forms: money ``INTEGER`` fen; months ``'YYYY-MM'`` text; dates ``'YYYY-MM-DD'``; times
ISO 8601 UTC text; fact values, explanations and audit details canonical JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.domain.periods import Month
from shuangyong.errors import FenOverflowError
from shuangyong.policy.schema import Field
from shuangyong.storage import fact_blobs, rows
from shuangyong.storage.derived import DerivedReads
from shuangyong.storage.fold import FactColumns, Rows, rows_in_force
from shuangyong.storage.line_columns import LineColumns, check_line_columns
from shuangyong.storage.model import (
    ALLOWED_TRANSITIONS,
    AuditEvent,
    EvaluationRecord,
    Fact,
    FactKind,
    LedgerLine,
    LineKind,
    LineStatus,
    PaidUpTo,
    PaymentRun,
    RunKind,
    StatusChange,
)
from shuangyong.storage.protocol import (
    LedgerStateError,
    SchemaVersionError,
    StoreError,
    TotalRow,
    total_row,
)

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Migration", "SqliteStore"]


@attrs.frozen
class Migration:
    """One forward step of the schema: ``version`` is the version after it."""

    version: int
    description: str
    statements: tuple[str, ...]
    then: Callable[[sqlite3.Connection], None] | None = None
    """A step in Python after the statements (filling a new table from the old ones)."""


_YEAR = "CAST(substr(period_first, 1, 4) AS INTEGER)"
"""The year of a line's period, as the totals index holds it (queries use the same text)."""
_YEAR_OF_L = _YEAR.replace("period_first", "l.period_first")


def _append_only(table: str) -> tuple[str, ...]:
    return tuple(
        f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} BEGIN "
        f"SELECT RAISE(ABORT, '{table} is append-only'); END"
        for op in ("UPDATE", "DELETE")
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "facts, paid_up_to, evaluations, runs, ledger_lines, line_status, audit_events",
        (
            """CREATE TABLE schema_migrations (
                version INTEGER PRIMARY KEY,
                description TEXT NOT NULL,
                applied_at TEXT NOT NULL)""",
            """CREATE TABLE facts (
                seq INTEGER PRIMARY KEY,
                key TEXT NOT NULL UNIQUE,
                person_id TEXT NOT NULL,
                effective_from TEXT NOT NULL,
                kind TEXT NOT NULL,
                values_json TEXT NOT NULL,
                note TEXT NOT NULL,
                source TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL)""",
            "CREATE INDEX facts_person ON facts (person_id, effective_from, seq)",
            # a second value for (person, rule) is a correction: the latest (highest seq) is
            # in force; earlier ones stay for the record
            """CREATE TABLE paid_up_to (
                seq INTEGER PRIMARY KEY,
                person_id TEXT NOT NULL,
                rule_id TEXT NOT NULL,
                month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
                source TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL)""",
            "CREATE INDEX paid_up_to_key ON paid_up_to (rule_id, person_id, seq)",
            """CREATE TABLE evaluations (
                digest TEXT PRIMARY KEY,
                rule_id TEXT NOT NULL,
                rule_version TEXT NOT NULL,
                on_date TEXT NOT NULL,
                status TEXT NOT NULL,
                amount_fen INTEGER,
                explanation_json TEXT NOT NULL) WITHOUT ROWID""",
            """CREATE TABLE runs (
                run_id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                rule_ids_json TEXT NOT NULL,
                first_month TEXT NOT NULL,
                last_month TEXT NOT NULL,
                division TEXT NOT NULL,
                created_by TEXT NOT NULL,
                note TEXT NOT NULL,
                created_at TEXT NOT NULL) WITHOUT ROWID""",
            """CREATE TABLE ledger_lines (
                line_id INTEGER PRIMARY KEY,
                run_id TEXT NOT NULL REFERENCES runs (run_id),
                person_id TEXT NOT NULL,
                rule_id TEXT NOT NULL,
                period_first TEXT NOT NULL,
                period_last TEXT NOT NULL,
                revision INTEGER NOT NULL,
                kind TEXT NOT NULL,
                amount_fen INTEGER NOT NULL,
                due_date TEXT NOT NULL,
                rule_version TEXT NOT NULL,
                evaluated_on TEXT NOT NULL,
                division TEXT NOT NULL,
                township TEXT,
                explanation_digest TEXT NOT NULL REFERENCES evaluations (digest),
                reverses INTEGER REFERENCES ledger_lines (line_id),
                reason TEXT NOT NULL,
                created_at TEXT NOT NULL,
                UNIQUE (person_id, rule_id, period_first, period_last, revision))""",
            """CREATE TABLE line_status (
                seq INTEGER PRIMARY KEY,
                line_id INTEGER NOT NULL REFERENCES ledger_lines (line_id),
                status TEXT NOT NULL,
                actor TEXT NOT NULL,
                reference TEXT NOT NULL,
                reason TEXT NOT NULL,
                at TEXT NOT NULL)""",
            """CREATE TABLE audit_events (
                seq INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                details_json TEXT NOT NULL)""",
            *_append_only("facts"),
            *_append_only("paid_up_to"),
            *_append_only("ledger_lines"),
            *_append_only("line_status"),
            *_append_only("audit_events"),
        ),
    ),
    Migration(
        2,
        "indexes for the current status of a line and for totals by year, rule and county",
        (
            # the current status is the latest change: found by (line_id, seq) without a scan
            "CREATE INDEX line_status_line ON line_status (line_id, seq)",
            "CREATE INDEX ledger_lines_totals ON ledger_lines "
            "(period_first, rule_id, division, person_id, amount_fen)",
            "CREATE INDEX ledger_lines_run ON ledger_lines (run_id)",
        ),
    ),
    Migration(
        3,
        "fact_columns: the facts' values as columns, a blob per batch, for reading many rows",
        (
            # derived from facts (rebuilt by this step, rewritten when small batches are
            # merged), so neither append-only nor the record
            """CREATE TABLE fact_columns (
                first_seq INTEGER PRIMARY KEY,
                last_seq INTEGER NOT NULL,
                n INTEGER NOT NULL,
                header TEXT NOT NULL,
                data BLOB NOT NULL)""",
        ),
        then=lambda conn: _fill_fact_columns(conn),
    ),
    Migration(
        4,
        "totals without temporary B-trees over all lines: an index by benefit, county, year "
        "and person; line_current, each changed line's current status",
        (
            "DROP INDEX ledger_lines_totals",
            # the order GROUP BY rule, county, year, person reads them in: each person-year
            # group is summed as the index is scanned (period_first too: SQLite 3.40 counts
            # an index as covering only by its plain columns)
            f"CREATE INDEX ledger_lines_totals ON ledger_lines (rule_id, division, {_YEAR}, "
            "person_id, amount_fen, period_first)",
            # derived from line_status (its latest change per line; a line without one is
            # calculated), written in the same transaction as each change and rebuilt here;
            # line_status stays the append-only record
            """CREATE TABLE line_current (
                line_id INTEGER PRIMARY KEY REFERENCES ledger_lines (line_id),
                status TEXT NOT NULL)""",
            "INSERT INTO line_current (line_id, status) SELECT s.line_id, s.status "
            "FROM line_status s WHERE s.seq = "
            "(SELECT MAX(t.seq) FROM line_status t WHERE t.line_id = s.line_id)",
        ),
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version
"""The schema version this library writes and reads."""

_BUSY_MS = 60_000
_SMALL_BATCH = 4_096  # fact_columns batches below this many facts are merged ...
_SMALL_BATCHES = 32  # ... once there are this many of them (a CLI adds one fact at a time)
_FILL_BATCH = 100_000
_CHUNK = 500  # ids per IN (...) query, well below SQLite's parameter limit
_CURRENT_STATUS = (
    "COALESCE((SELECT c.status FROM line_current c WHERE c.line_id = l.line_id), 'calculated')"
)
_LINE_COLUMNS = (
    "l.line_id, l.run_id, l.person_id, l.rule_id, l.period_first, l.period_last, l.revision, "
    "l.kind, l.amount_fen, l.due_date, l.rule_version, l.evaluated_on, l.division, "
    "l.township, l.explanation_digest, l.reverses, l.reason, l.created_at"
)


def _now_text() -> tuple[dt.datetime, str]:
    now = rows.utc_now()
    return now, now.isoformat()


def _chunks(items: Sequence[Any], n: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


class SqliteStore(DerivedReads):
    """A store in one SQLite file. See :mod:`shuangyong.storage.protocol` for the contract.

    Args:
        path: the database file (created when missing).
        url: the URL it was opened with (for messages).
        migrate: apply missing migrations (audited); with False an older file is refused.
        known_divisions: mask of known county codes (default: the shipped snapshot).
        migrate_to: stop migrating at this version (to build old files in tests).
        fields: the engine's row fields (default: the national ones); with a plugin's fields
            (``Engine.fields``) facts may set them, checked as the engine checks them.

    Raises:
        SchemaVersionError: the file is newer than this library, or older and ``migrate`` is
            False.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        url: str | None = None,
        migrate: bool = True,
        known_divisions: npt.NDArray[np.bool_] | None = None,
        migrate_to: int | None = None,
        fields: Mapping[str, Field] | None = None,
    ) -> None:
        self.path = Path(path)
        self.url = url or f"sqlite:///{self.path}"
        self._checker = rows.FactChecker(
            rows.builtin_division_mask() if known_divisions is None else known_divisions,
            fields,
        )
        self._lock = threading.RLock()
        # every fact as columns, as of the highest seq it covers (facts are append-only, so
        # the same highest seq means the same facts)
        self._fact_cache: tuple[int, FactColumns] | None = None
        try:
            self._conn = sqlite3.connect(
                str(self.path),
                isolation_level=None,  # we issue BEGIN IMMEDIATE / COMMIT ourselves
                check_same_thread=False,
                timeout=_BUSY_MS / 1000,
            )
        except sqlite3.Error as exc:
            raise StoreError(f"无法打开 {self.url} / cannot open {self.url}: {exc}") from exc
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = FULL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._open_schema(migrate, SCHEMA_VERSION if migrate_to is None else migrate_to)
            # a file kept at an older version (tests build them) has no fact_columns yet
            self._blobs = self._user_version() >= 3
        except BaseException:
            self._conn.close()
            raise

    # -- lifecycle ---------------------------------------------------------------------------
    def _open_schema(self, migrate: bool, target: int) -> None:
        found = self._user_version()
        if found > SCHEMA_VERSION:
            raise SchemaVersionError(self.url, found, SCHEMA_VERSION)
        if found >= target:
            return
        if not migrate:
            raise SchemaVersionError(
                self.url,
                found,
                SCHEMA_VERSION,
                f"数据库结构版本 {found} 低于本库的 {SCHEMA_VERSION}，未获准迁移 / store "
                f"{self.url} has schema version {found}, older than {SCHEMA_VERSION}, and "
                "migration was not allowed (open it with migrate=True)",
            )
        with self._write():
            found = self._user_version()  # another process may have migrated meanwhile
            if found > SCHEMA_VERSION:
                raise SchemaVersionError(self.url, found, SCHEMA_VERSION)
            _, at = _now_text()
            done = []
            for m in MIGRATIONS:
                if found < m.version <= target:
                    for statement in m.statements:
                        self._conn.execute(statement)
                    if m.then is not None:
                        m.then(self._conn)
                    self._conn.execute(
                        "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                        (m.version, m.description, at),
                    )
                    self._conn.execute(f"PRAGMA user_version = {m.version}")
                    done.append(m.version)
            if done:
                self._audit_in_tx(
                    "shuangyong",
                    "store.migrate",
                    self.url,
                    {"from": found, "to": done[-1], "steps": done},
                    at,
                )

    def _user_version(self) -> int:
        version: int = self._conn.execute("PRAGMA user_version").fetchone()[0]
        return version

    @property
    def fields(self) -> Mapping[str, Field]:
        """The row fields a fact may set: the national ones and those of the plugins the
        store was opened with (``open_store``) or given (``fields=``)."""
        return self._checker.fields

    @property
    def schema_version(self) -> int:
        with self._lock:
            return self._user_version()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: the database lock is taken before anything is read."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.ProgrammingError as exc:
                raise StoreError(f"存储已关闭 / store {self.url} is closed: {exc}") from exc
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._conn.execute("SELECT 1")
            except sqlite3.ProgrammingError as exc:
                raise StoreError(f"存储已关闭 / store {self.url} is closed: {exc}") from exc
            yield self._conn

    def _audit_in_tx(
        self, actor: str, action: str, subject: str, details: Mapping[str, Any], at: str
    ) -> None:
        self._conn.execute(
            "INSERT INTO audit_events (at, actor, action, subject, details_json) "
            "VALUES (?, ?, ?, ?, ?)",
            (at, actor, action, subject, rows.encode_values(details)),
        )

    # -- facts -------------------------------------------------------------------------------
    def add_facts(
        self, facts: Sequence[Fact], *, actor: str, paid_up_to: Sequence[PaidUpTo] = ()
    ) -> int:
        """See :meth:`shuangyong.storage.protocol.Store.add_facts`; ``paid_up_to`` months are
        written in the same transaction (their people known or among ``facts``)."""
        rows.check_actor(actor)
        facts = list(facts)
        items = list(paid_up_to)
        for i, item in enumerate(items):
            rows.check_paid_up_to(item, i)
        self._checker.check(facts)
        with self._write() as conn:
            new = self._new_facts(conn, facts)
            _, at = _now_text()
            seq_before = _max_seq(conn)
            before = conn.total_changes
            conn.executemany(
                "INSERT INTO facts (key, person_id, effective_from, kind, values_json, note, "
                "source, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (key) DO NOTHING",
                [
                    (
                        f.key,
                        f.person_id,
                        f.effective_from.isoformat(),
                        f.kind.value,
                        rows.encode_values(f.values),
                        f.note,
                        f.source,
                        at,
                        actor,
                    )
                    for f in new
                ],
            )
            n = conn.total_changes - before
            self._add_fact_columns(conn, new, seq_before)
            persons = sorted({f.person_id for f in new})
            self._audit_in_tx(
                actor,
                "facts.add",
                rows.persons_subject(persons),
                {"given": len(facts), "new": n, "persons": len(persons)},
                at,
            )
            if items:
                self._set_paid_up_to_in_tx(conn, items, actor, at)
            return n

    def check_facts(self, facts: Sequence[Fact]) -> None:
        """The checks of :meth:`add_facts` (each fact, and each person's history with the
        stored facts), writing nothing."""
        facts = list(facts)
        self._checker.check(facts)
        with self._read() as conn:
            self._new_facts(conn, facts)

    def _new_facts(self, conn: sqlite3.Connection, facts: Sequence[Fact]) -> list[Fact]:
        """The facts whose keys the store does not hold (first of each key), their people's
        histories checked."""
        existing: set[str] = set()
        keys = list({f.key for f in facts})
        for part in _chunks(keys):
            q = f"SELECT key FROM facts WHERE key IN ({','.join('?' * len(part))})"
            existing.update(k for (k,) in conn.execute(q, part))
        new: list[Fact] = []
        for f in facts:
            if f.key not in existing:
                existing.add(f.key)
                new.append(f)
        self._check_histories(conn, new)
        return new

    def _check_histories(self, conn: sqlite3.Connection, new: Sequence[Fact]) -> None:
        # only a fact that sets a county or a township can make them disagree
        placed = {"household_division", "township_division"}
        persons = sorted({f.person_id for f in new if placed & set(f.values)})
        if not persons:
            return
        by_person: dict[str, list[Fact]] = {p: [] for p in persons}
        for part in _chunks(persons):
            q = (
                f"SELECT {_FACT_COLUMNS} FROM facts WHERE person_id IN "
                f"({','.join('?' * len(part))})"
            )
            for r in conn.execute(q, part):
                f = _fact(r)
                by_person[f.person_id].append(f)
        for f in new:
            if f.person_id in by_person:
                by_person[f.person_id].append(f)
        for facts in by_person.values():
            self._checker.check_history(facts)

    def facts(self, person_id: str) -> list[Fact]:
        with self._read() as conn:
            cur = conn.execute(
                f"SELECT {_FACT_COLUMNS} FROM facts WHERE person_id = ? "
                "ORDER BY effective_from, seq",
                (person_id,),
            )
            return [_fact(r) for r in cur]

    def _add_fact_columns(self, conn: sqlite3.Connection, new: Sequence[Fact], after: int) -> None:
        """The batch just written (seq above ``after``) as a fact_columns blob; small blobs
        merged now and then."""
        if not new or not self._blobs:
            return
        seqs = [
            s for (s,) in conn.execute("SELECT seq FROM facts WHERE seq > ? ORDER BY seq", (after,))
        ]
        if len(seqs) != len(new):  # new holds no existing key: each one was inserted, in order
            raise StoreError(f"事实写入数不符 / wrote {len(seqs)} facts of {len(new)}")
        table = FactColumns.build(
            [f.person_id for f in new],
            [f.effective_from for f in new],
            seqs,
            [f.values for f in new],
        )
        _insert_batch(conn, table)
        small = conn.execute(
            "SELECT first_seq, header, data FROM fact_columns WHERE n < ? ORDER BY first_seq",
            (_SMALL_BATCH,),
        ).fetchall()
        if len(small) >= _SMALL_BATCHES:
            merged = FactColumns.concat([fact_blobs.decode(h, d) for _, h, d in small])
            conn.executemany(
                "DELETE FROM fact_columns WHERE first_seq = ?", [(f,) for f, _, _ in small]
            )
            _insert_batch(conn, merged)

    def fact_columns(self) -> FactColumns:
        """Every fact as columns (as known now), kept decoded until a fact is added."""
        with self._read() as conn:
            top = _max_seq(conn)
            cached = self._fact_cache
            if cached is not None and cached[0] == top:
                return cached[1]
            if not self._blobs:
                table = FactColumns.concat(list(_decoded_batches(conn)))
                self._fact_cache = (top, table)
                return table
            # one statement: a consistent snapshot (a batch commits with its facts)
            got = conn.execute(
                "SELECT last_seq, header, data FROM fact_columns ORDER BY first_seq"
            ).fetchall()
            table = FactColumns.concat([fact_blobs.decode(h, d) for _, h, d in got])
            self._fact_cache = (max((r[0] for r in got), default=0), table)
            return table

    def rows_on_coded(
        self, on: dt.date, *, division: str | None = None, person_ids: Iterable[str] | None = None
    ) -> Rows:
        """:meth:`rows_on` as columns of codes (see :mod:`shuangyong.storage.fold`)."""
        rows.check_division_filter(division)
        return rows_in_force(self.fact_columns(), on, division=division, person_ids=person_ids)

    def person_ids(self) -> list[str]:
        with self._read() as conn:
            return [p for (p,) in conn.execute("SELECT DISTINCT person_id FROM facts ORDER BY 1")]

    # -- paid up to --------------------------------------------------------------------------
    def set_paid_up_to(self, items: Sequence[PaidUpTo], *, actor: str) -> None:
        rows.check_actor(actor)
        items = list(items)
        for i, item in enumerate(items):
            rows.check_paid_up_to(item, i)
        with self._write() as conn:
            _, at = _now_text()
            self._set_paid_up_to_in_tx(conn, items, actor, at)

    def _set_paid_up_to_in_tx(
        self, conn: sqlite3.Connection, items: Sequence[PaidUpTo], actor: str, at: str
    ) -> None:
        persons = sorted({i.person_id for i in items})
        known: set[str] = set()
        for part in _chunks(persons):
            q = (
                "SELECT DISTINCT person_id FROM facts WHERE person_id IN "
                f"({','.join('?' * len(part))})"
            )
            known.update(p for (p,) in conn.execute(q, part))
        for p in persons:
            if p not in known:
                raise StoreError(f"已发放至：无此人员 {p} / paid up to: unknown person {p}")
        conn.executemany(
            "INSERT INTO paid_up_to (person_id, rule_id, month, source, recorded_at, "
            "recorded_by) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (i.person_id, i.rule_id, rows.month_text(i.month), i.source, at, actor)
                for i in items
            ],
        )
        self._audit_in_tx(
            actor, "paid_up_to.set", rows.persons_subject(persons), {"items": len(items)}, at
        )

    def paid_up_to(self, person_id: str, rule_id: str) -> Month | None:
        with self._read() as conn:
            r = conn.execute(
                "SELECT month FROM paid_up_to WHERE rule_id = ? AND person_id = ? "
                "ORDER BY seq DESC LIMIT 1",
                (rule_id, person_id),
            ).fetchone()
        return None if r is None else rows.parse_month(r[0])

    def paid_up_to_all(self, rule_id: str) -> dict[str, Month]:
        with self._read() as conn:
            # SQLite takes the bare column (month) from the row holding MAX(seq)
            cur = conn.execute(
                "SELECT person_id, month, MAX(seq) FROM paid_up_to WHERE rule_id = ? "
                "GROUP BY person_id ORDER BY person_id",
                (rule_id,),
            )
            return {p: rows.parse_month(m) for p, m, _ in cur}

    # -- evaluations -------------------------------------------------------------------------
    def add_evaluations(self, records: Sequence[EvaluationRecord]) -> int:
        records = list(records)
        for i, r in enumerate(records):
            rows.check_evaluation(r, i)
        with self._write() as conn:
            before = conn.total_changes
            conn.executemany(
                "INSERT INTO evaluations VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (digest) DO NOTHING",
                [
                    (
                        r.digest,
                        r.rule_id,
                        r.rule_version,
                        r.on.isoformat(),
                        r.status,
                        r.amount_fen,
                        rows.encode_values(r.explanation),
                    )
                    for r in records
                ],
            )
            return conn.total_changes - before

    def evaluation(self, digest: str) -> EvaluationRecord:
        with self._read() as conn:
            r = conn.execute("SELECT * FROM evaluations WHERE digest = ?", (digest,)).fetchone()
        if r is None:
            raise StoreError(f"无此评估记录 {digest} / unknown evaluation {digest}")
        return EvaluationRecord(
            digest=r[0],
            rule_id=r[1],
            rule_version=r[2],
            on=dt.date.fromisoformat(r[3]),
            status=r[4],
            amount_fen=r[5],
            explanation=json.loads(r[6]),
        )

    # -- ledger ------------------------------------------------------------------------------
    def add_run(self, run: PaymentRun) -> PaymentRun:
        rows.check_run(run)
        with self._write() as conn:
            now, at = _now_text()
            try:
                conn.execute(
                    "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        run.run_id,
                        run.kind.value,
                        json.dumps(list(run.rule_ids)),
                        rows.month_text(run.first),
                        rows.month_text(run.last),
                        run.division,
                        run.created_by,
                        run.note,
                        at,
                    ),
                )
            except sqlite3.IntegrityError:
                raise StoreError(
                    f"批次已存在 {run.run_id} / run {run.run_id} already exists"
                ) from None
            self._audit_in_tx(
                run.created_by, f"run.{run.kind.value}", run.run_id, rows.run_details(run), at
            )
            return attrs.evolve(run, created_at=now)

    def runs(self) -> list[PaymentRun]:
        with self._read() as conn:
            cur = conn.execute("SELECT * FROM runs ORDER BY created_at, run_id")
            return [
                PaymentRun(
                    run_id=r[0],
                    kind=RunKind(r[1]),
                    rule_ids=tuple(json.loads(r[2])),
                    first=rows.parse_month(r[3]),
                    last=rows.parse_month(r[4]),
                    division=r[5],
                    created_by=r[6],
                    note=r[7],
                    created_at=dt.datetime.fromisoformat(r[8]),
                )
                for r in cur
            ]

    def add_lines(self, lines: Sequence[LedgerLine], *, actor: str) -> int:
        rows.check_actor(actor)
        return self.add_line_columns(LineColumns.of_lines(list(lines)), actor=actor)

    def add_line_columns(self, cols: LineColumns, *, actor: str) -> int:
        """:meth:`add_lines` of lines given as columns (what a payment run writes): checked a
        column at a time, written from the columns."""
        rows.check_actor(actor)
        check_line_columns(cols)
        with self._no_row_foreign_keys(), self._write() as conn:
            _, at = _now_text()
            first = self._next_line_id(conn)
            before = conn.total_changes
            try:
                conn.executemany(
                    "INSERT INTO ledger_lines (run_id, person_id, rule_id, period_first, "
                    "period_last, revision, kind, amount_fen, due_date, rule_version, "
                    "evaluated_on, division, township, explanation_digest, reverses, reason, "
                    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (person_id, rule_id, period_first, period_last, revision) "
                    "DO NOTHING",
                    cols.params(at),
                )
            except sqlite3.IntegrityError as exc:
                raise StoreError(f"发放行写入失败 / writing ledger lines failed: {exc}") from None
            # what the foreign keys would have checked row by row, checked per distinct value
            # (one run, a few hundred explanation records); the transaction is undone on error
            missing = self._missing_reference(conn, cols)
            if missing is not None:
                raise missing
            n = conn.total_changes - before
            self._audit_in_tx(
                actor,
                "lines.add",
                rows.lines_subject(first, first + n - 1),
                rows.lines_details_of_columns(cols, n),
                at,
            )
            return n

    @staticmethod
    def _next_line_id(conn: sqlite3.Connection) -> int:
        (top,) = conn.execute("SELECT COALESCE(MAX(line_id), 0) FROM ledger_lines").fetchone()
        return int(top) + 1

    @contextmanager
    def _no_row_foreign_keys(self) -> Iterator[None]:
        """Foreign keys off for one write whose references are checked in bulk instead.

        The pragma cannot change inside a transaction, so it wraps the write; the lock keeps
        every other use of this connection out meanwhile. Other connections keep their own
        setting, and the referenced tables are append-only, so a reference checked in the
        transaction stays valid.
        """
        with self._lock:
            try:
                self._conn.execute("PRAGMA foreign_keys = OFF")
            except sqlite3.ProgrammingError as exc:
                raise StoreError(f"存储已关闭 / store {self.url} is closed: {exc}") from exc
            try:
                yield
            finally:
                self._conn.execute("PRAGMA foreign_keys = ON")

    @staticmethod
    def _missing_reference(conn: sqlite3.Connection, cols: LineColumns) -> StoreError | None:
        """The first line (by index) naming a run, an evaluation or a reversed line the store
        does not hold (after the lines are inserted: a reversal may name a line of the same
        batch), as its error; None when every reference is held."""
        checks = (
            ("run_id", cols.run_id, "SELECT run_id FROM runs WHERE run_id IN"),
            (
                "explanation_digest",
                cols.explanation_digest,
                "SELECT digest FROM evaluations WHERE digest IN",
            ),
            ("reverses", cols.reverses, "SELECT line_id FROM ledger_lines WHERE line_id IN"),
        )
        bad = np.zeros(len(cols), dtype=bool)
        per_field: list[tuple[str, npt.NDArray[np.bool_]]] = []
        for field, col, query in checks:
            values = col.tolist()
            wanted = sorted({v for v in values if v is not None}, key=repr)
            held: set[Any] = set()
            for part in _chunks(wanted):
                held.update(
                    v for (v,) in conn.execute(f"{query} ({','.join('?' * len(part))})", part)
                )
            if len(held) == len(wanted):
                continue
            lacking = np.fromiter(
                (v is not None and v not in held for v in values), bool, count=len(values)
            )
            per_field.append((field, lacking))
            bad |= lacking
        if not bad.any():
            return None
        i = int(np.argmax(bad))
        (line,) = LineColumns(
            **{f.name: getattr(cols, f.name)[i : i + 1] for f in attrs.fields(LineColumns)}
        ).lines()
        field = next(f for f, lacking in per_field if lacking[i])
        return rows.missing_reference(line, i, field, getattr(line, field))

    def _line_query(
        self,
        *,
        person_id: str | None = None,
        rule_id: str | None = None,
        run_id: str | None = None,
        first: Month | None = None,
        last: Month | None = None,
        division: str | None = None,
        status: LineStatus | None = None,
        line_ids: Iterable[int] | None = None,
    ) -> tuple[str, list[Any]]:
        rows.check_division_filter(division)
        where: list[str] = []
        args: list[Any] = []
        for column, value in (("person_id", person_id), ("rule_id", rule_id), ("run_id", run_id)):
            if value is not None:
                where.append(f"l.{column} = ?")
                args.append(value)
        if first is not None:
            where.append("l.period_last >= ?")
            args.append(rows.month_text(first))
        if last is not None:
            where.append("l.period_first <= ?")
            args.append(rows.month_text(last))
        if division is not None:
            if len(division) == 6:
                where.append("l.division = ?")
            else:
                where.append(f"substr(l.township, 1, {len(division)}) = ?")
            args.append(division)
        if line_ids is not None:
            where.append("l.line_id IN (SELECT value FROM json_each(?))")
            args.append(json.dumps([int(i) for i in line_ids]))
        q = f"SELECT {_LINE_COLUMNS}, {_CURRENT_STATUS} AS status FROM ledger_lines l"
        if where:
            q += " WHERE " + " AND ".join(where)
        if status is not None:
            q = f"SELECT * FROM ({q}) WHERE status = ?"
            args.append(status.value)
        return q + " ORDER BY line_id", args

    def iter_lines(self, **filters: Any) -> Iterator[LedgerLine]:
        q, args = self._line_query(**filters)
        months: dict[str, Month] = {}
        with self._read() as conn:
            cur = conn.execute(q, args)
            batch = cur.fetchmany(10_000)
        while batch:
            for r in batch:
                yield _line(r, months)
            with self._read():
                batch = cur.fetchmany(10_000)

    def set_status(
        self,
        line_ids: Sequence[int],
        status: LineStatus,
        *,
        actor: str,
        reference: str = "",
        reason: str = "",
    ) -> int:
        ids = rows.status_request(line_ids, status, actor, reference)
        with self._write() as conn:
            known: dict[int, tuple[str, str, LineStatus]] = {}
            for part in _chunks(sorted(set(ids))):
                q = (
                    f"SELECT l.line_id, l.person_id, l.rule_id, {_CURRENT_STATUS} "
                    f"FROM ledger_lines l WHERE l.line_id IN ({','.join('?' * len(part))})"
                )
                for lid, pid, rid, st in conn.execute(q, part):
                    known[lid] = (pid, rid, LineStatus(st))
            moved: dict[int, LineStatus] = {}
            for lid in ids:
                if lid not in known:
                    raise StoreError(f"无此发放行 {lid} / unknown ledger line {lid}")
                pid, rid, current = known[lid]
                current = moved.get(lid, current)
                if status not in ALLOWED_TRANSITIONS[current]:
                    raise LedgerStateError(lid, pid, rid, current, status)
                moved[lid] = status
            _, at = _now_text()
            conn.executemany(
                "INSERT INTO line_status (line_id, status, actor, reference, reason, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(lid, status.value, actor, reference, reason, at) for lid in ids],
            )
            # the derived current status, in the same transaction (the last change wins)
            conn.executemany(
                "INSERT INTO line_current (line_id, status) VALUES (?, ?) "
                "ON CONFLICT (line_id) DO UPDATE SET status = excluded.status",
                [(lid, status.value) for lid in sorted(set(ids))],
            )
            self._audit_in_tx(
                actor,
                f"line.{rows.STATUS_VERBS[status]}",
                rows.ids_subject(ids),
                {
                    "lines": len(ids),
                    "status": status.value,
                    "reference": reference,
                    "reason": reason,
                },
                at,
            )
            return len(ids)

    def status_history(self, line_id: int) -> list[Any]:
        with self._read() as conn:
            if not conn.execute(
                "SELECT 1 FROM ledger_lines WHERE line_id = ?", (line_id,)
            ).fetchone():
                raise StoreError(f"无此发放行 {line_id} / unknown ledger line {line_id}")
            cur = conn.execute(
                "SELECT line_id, status, actor, reference, reason, at FROM line_status "
                "WHERE line_id = ? ORDER BY seq",
                (line_id,),
            )
            return [
                StatusChange(lid, LineStatus(st), actor, ref, why, at=dt.datetime.fromisoformat(at))
                for lid, st, actor, ref, why, at in cur
            ]

    def totals(
        self,
        *,
        statuses: Sequence[LineStatus] = (LineStatus.PAID,),
        first_year: int | None = None,
        last_year: int | None = None,
        rule_ids: Sequence[str] | None = None,
        division: str | None = None,
    ) -> list[TotalRow]:
        got = self._totals_where(statuses, first_year, last_year, rule_ids, division)
        if got is None:
            return []
        where, args = got
        # Two steps, each reading its input in order: per person, year, benefit and county
        # (the totals index's order: no sort of the lines), then per group (a sort of the
        # person-year groups, a few per person). The current status is the derived
        # line_current (a line without a change is calculated).
        per_person = (
            f"SELECT {_YEAR_OF_L} AS year, l.rule_id AS rule_id, l.division AS division, "
            "COUNT(*) AS n, SUM(l.amount_fen) AS fen "
            "FROM ledger_lines l LEFT JOIN line_current c ON c.line_id = l.line_id "
            f"WHERE {where} GROUP BY l.rule_id, l.division, {_YEAR_OF_L}, l.person_id"
        )
        q = (
            f"SELECT year, rule_id, division, SUM(n), COUNT(*), SUM(fen) FROM ({per_person}) "
            "GROUP BY rule_id, division, year ORDER BY year, rule_id, division"
        )
        with self._read() as conn:
            try:
                return [total_row(*r) for r in conn.execute(q, args)]
            except sqlite3.OperationalError as exc:
                # SQLite's SUM() of integers refuses to overflow (it never wraps): the groups
                # are added up exactly here, so the error names the group, as on every backend
                if "integer overflow" not in str(exc):
                    raise
                groups: dict[tuple[int, str, str], list[int]] = {}
                try:
                    for year, rule_id, division, n, fen in conn.execute(per_person, args):
                        g = groups.setdefault((year, rule_id, division), [0, 0, 0])
                        g[0] += n
                        g[1] += 1
                        g[2] += fen
                except sqlite3.OperationalError:  # one person's lines alone overflow
                    raise FenOverflowError(
                        "发放合计 SUM(amount_fen) / the ledger totals SUM(amount_fen)"
                    ) from None
                return [total_row(y, r, d, *g) for (y, r, d), g in sorted(groups.items())]

    def head_count(
        self,
        *,
        statuses: Sequence[LineStatus] = (LineStatus.PAID,),
        first_year: int | None = None,
        last_year: int | None = None,
        rule_ids: Sequence[str] | None = None,
        division: str | None = None,
    ) -> int:
        got = self._totals_where(statuses, first_year, last_year, rule_ids, division)
        if got is None:
            return 0
        where, args = got
        q = (
            "SELECT COUNT(DISTINCT l.person_id) FROM ledger_lines l "
            f"LEFT JOIN line_current c ON c.line_id = l.line_id WHERE {where}"
        )
        with self._read() as conn:
            (n,) = conn.execute(q, args).fetchone()
        return int(n)

    @staticmethod
    def _totals_where(
        statuses: Sequence[LineStatus],
        first_year: int | None,
        last_year: int | None,
        rule_ids: Sequence[str] | None,
        division: str | None,
    ) -> tuple[str, list[Any]] | None:
        """The selection of :meth:`totals` as SQL over ``ledger_lines l`` left-joined to
        ``line_current c``; None when it selects nothing."""
        wanted = [LineStatus(s).value for s in statuses]
        if not wanted:
            return None
        where = [f"COALESCE(c.status, 'calculated') IN ({','.join('?' * len(wanted))})"]
        args: list[Any] = list(wanted)
        if first_year is not None:
            where.append(f"{_YEAR_OF_L} >= ?")
            args.append(first_year)
        if last_year is not None:
            where.append(f"{_YEAR_OF_L} <= ?")
            args.append(last_year)
        if rule_ids is not None:
            rule_ids = list(rule_ids)
            if not rule_ids:
                return None
            where.append(f"l.rule_id IN ({','.join('?' * len(rule_ids))})")
            args.extend(rule_ids)
        if division is not None:
            where.append(f"substr(l.division, 1, {len(division)}) = ?")
            args.append(division)
        return " AND ".join(where), args

    # -- audit -------------------------------------------------------------------------------
    def audit(self, event: AuditEvent) -> None:
        rows.check_audit(event)
        with self._write():
            _, at = _now_text()
            self._audit_in_tx(event.actor, event.action, event.subject, event.details, at)

    def audit_events(
        self, *, since: int | None = None, action: str | None = None
    ) -> list[AuditEvent]:
        q = "SELECT seq, at, actor, action, subject, details_json FROM audit_events"
        where: list[str] = []
        args: list[Any] = []
        if since is not None:
            where.append("seq > ?")
            args.append(since)
        if action is not None:
            where.append("action = ?")
            args.append(action)
        if where:
            q += " WHERE " + " AND ".join(where)
        with self._read() as conn:
            return [
                AuditEvent(
                    actor,
                    act,
                    subject,
                    json.loads(details),
                    seq=seq,
                    at=dt.datetime.fromisoformat(at),
                )
                for seq, at, actor, act, subject, details in conn.execute(q + " ORDER BY seq", args)
            ]


_FACT_COLUMNS = (
    "seq, key, person_id, effective_from, kind, values_json, note, source, recorded_at, recorded_by"
)


def _fact(r: Sequence[Any]) -> Fact:
    seq, key, pid, eff, kind, values, note, source, at, by = r
    return Fact(
        person_id=pid,
        effective_from=dt.date.fromisoformat(eff),
        values=rows.decode_values(values),
        kind=FactKind(kind),
        note=note,
        source=source,
        key=key,
        seq=seq,
        recorded_at=dt.datetime.fromisoformat(at),
        recorded_by=by,
    )


def _line(r: Sequence[Any], months: dict[str, Month]) -> LedgerLine:
    def m(text: str) -> Month:
        hit = months.get(text)
        if hit is None:
            hit = months[text] = rows.parse_month(text)
        return hit

    return LedgerLine(
        run_id=r[1],
        person_id=r[2],
        rule_id=r[3],
        period_first=m(r[4]),
        period_last=m(r[5]),
        revision=r[6],
        kind=LineKind(r[7]),
        amount_fen=r[8],
        due_date=dt.date.fromisoformat(r[9]),
        rule_version=r[10],
        evaluated_on=dt.date.fromisoformat(r[11]),
        division=r[12],
        township=r[13],
        explanation_digest=r[14],
        reverses=r[15],
        reason=r[16],
        line_id=r[0],
        created_at=dt.datetime.fromisoformat(r[17]),
        status=LineStatus(r[18]),
    )


def _max_seq(conn: sqlite3.Connection) -> int:
    (top,) = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM facts").fetchone()
    return int(top)


def _insert_batch(conn: sqlite3.Connection, table: FactColumns) -> None:
    header, data = fact_blobs.encode(table)
    seq = table.seq
    conn.execute(
        "INSERT INTO fact_columns (first_seq, last_seq, n, header, data) VALUES (?, ?, ?, ?, ?)",
        (int(seq.min()), int(seq.max()), len(table), header, data),
    )


def _decoded_batches(conn: sqlite3.Connection) -> Iterator[FactColumns]:
    """Every stored fact decoded from its JSON, as columns, 100,000 facts at a time."""
    cur = conn.execute("SELECT seq, person_id, effective_from, values_json FROM facts ORDER BY seq")
    while batch := cur.fetchmany(_FILL_BATCH):
        yield FactColumns.build(
            [r[1] for r in batch],
            [dt.date.fromisoformat(r[2]) for r in batch],
            [r[0] for r in batch],
            rows.decode_many([r[3] for r in batch]),
        )


def _fill_fact_columns(conn: sqlite3.Connection) -> None:
    """Migration 3: every stored fact into fact_columns."""
    for table in list(_decoded_batches(conn)):
        _insert_batch(conn, table)
