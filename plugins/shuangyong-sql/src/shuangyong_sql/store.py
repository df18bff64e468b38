"""The PostgreSQL store: the :class:`~shuangyong.storage.protocol.Store` protocol on psycopg 3.

What a fact may say, how facts fold into a row, and how lines, runs and evaluations are checked
is :mod:`shuangyong.storage.rows`, shared with the memory and SQLite backends; this module only
decides how PostgreSQL keeps it. Each write method is one transaction (``with
conn.transaction()`` on an autocommit connection, so reads never hold one open), everything is
checked before anything is written, and the guarantees the protocol asks for are the
database's, not the client's:

* idempotency keys are UNIQUE constraints and writes are ``INSERT ... ON CONFLICT DO NOTHING``,
  so two processes writing the same lines at once leave exactly one of each (the second waits
  for the first to commit, then skips);
* a status change locks its lines (``SELECT ... FOR UPDATE``, in line order so two approvers
  cannot deadlock) and reads their status under the lock: under READ COMMITTED the loser of a
  race sees the winner's change and gets :class:`LedgerStateError`;
* opening a store takes a transaction-level advisory lock per schema, so two processes opening
  a new or an old store at once create or migrate it once;
* new facts of a person are checked against the person's stored history under a lock on that
  person (``pg_advisory_xact_lock``), so two writers cannot each pass a check the pair fails.

Fast paths: :meth:`PgStore.add_lines` is binary ``COPY`` into a temporary table and one
``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` (:mod:`shuangyong_sql.ledger`);
:meth:`PgStore.rows_on_coded` reads the facts in force as columns a chunk at a time and
folds them with :meth:`~shuangyong.storage.fold.FactColumns.fold` (the fold every backend
uses); :meth:`PgStore.totals` is one ``GROUP BY``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import psycopg
from psycopg import sql
from shuangyong import Month
from shuangyong.authoring import Field
from shuangyong.storage import (
    LedgerStateError,
    SchemaVersionError,
    StoreError,
    TotalRow,
    rows,
    total_row,
)
from shuangyong.storage.derived import DerivedReads
from shuangyong.storage.fold import FactColumns, Rows, rows_in_force
from shuangyong.storage.model import (
    ALLOWED_TRANSITIONS,
    AuditEvent,
    EvaluationRecord,
    Fact,
    FactKind,
    LedgerLine,
    LineStatus,
    PaidUpTo,
    PaymentRun,
    RunKind,
    StatusChange,
)

from shuangyong_sql import ledger
from shuangyong_sql.schema import MIGRATIONS, SCHEMA_VERSION
from shuangyong_sql.url import parse_url

__all__ = ["PgStore"]

_FETCH = 10_000  # rows per round trip when streaming
_RETRIES = 5  # a deadlock between two writers of overlapping lines aborts one: run it again


class PgStore(DerivedReads):
    """A store in one PostgreSQL schema (``?schema=`` in the URL, default ``public``).

    Args:
        url: ``postgresql://user:password@host:port/dbname[?schema=name&libpq options]``.
        migrate: migrate an older schema forward (audited); if False an older schema is
            refused with :class:`SchemaVersionError`. A newer schema is always refused.
        known_divisions: mask of known county codes (default: the shipped snapshot), as
            :func:`shuangyong.storage.open_store` passes it from the installed plugins.
        migrate_to: stop migrating at this version (tests build old stores with it).
        fields: the engine's row fields (default: the national ones); with a plugin's fields
            (``Engine.fields``) facts may set them, checked as the engine checks them.

    Raises:
        StoreError: the server cannot be reached or refuses the login (the message names the
            URL with its password masked).
        SchemaVersionError: see ``migrate``.
    """

    def __init__(
        self,
        url: str,
        *,
        migrate: bool = True,
        known_divisions: npt.NDArray[np.bool_] | None = None,
        migrate_to: int | None = None,
        fields: Mapping[str, Field] | None = None,
    ) -> None:
        parsed = parse_url(url)
        self.url = parsed.display
        self._schema = parsed.schema
        self._checker = rows.FactChecker(
            rows.builtin_division_mask() if known_divisions is None else known_divisions,
            fields,
        )
        try:
            self._conn = psycopg.connect(parsed.conninfo, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(
                f"无法连接数据库 {self.url}：{exc} / cannot connect to {self.url}: {exc}"
            ) from exc
        try:
            # UTC store times whatever the server's or the role's default zone is.
            self._conn.execute("SET TIME ZONE 'UTC'")
            self._version = self._open_schema(
                migrate, SCHEMA_VERSION if migrate_to is None else migrate_to
            )
        except BaseException:
            self._conn.close()
            raise

    # -- lifecycle -------------------------------------------------------------------------------
    @property
    def fields(self) -> Mapping[str, Field]:
        """The row fields a fact may set: the national ones and those of the plugins the
        store was opened with (``open_store``) or given (``fields=``)."""
        return self._checker.fields

    @property
    def schema_version(self) -> int:
        return self._version

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> PgStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PgStore({self.url!r}, schema={self._schema!r}, version={self._version})"

    def _open_schema(self, migrate: bool, target: int) -> int:
        """Create, check or migrate the schema, under an advisory lock (one opener at a time:
        a second process opening the same old store waits, then finds it migrated)."""
        with self._conn.transaction():
            self._conn.execute(
                "SELECT pg_advisory_xact_lock(hashtext('shuangyong.schema:' || %s))",
                (self._schema,),
            )
            self._conn.execute(
                sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(self._schema))
            )
            self._conn.execute(
                sql.SQL("SET search_path TO {}").format(sql.Identifier(self._schema))
            )
            found = self._read_version()
            if found > SCHEMA_VERSION:
                raise SchemaVersionError(self.url, found, SCHEMA_VERSION)
            if found >= target:
                return found
            if not migrate:
                raise SchemaVersionError(
                    self.url,
                    found,
                    SCHEMA_VERSION,
                    f"数据库结构版本 {found} 低于本库的 {SCHEMA_VERSION}，未获准迁移 / store "
                    f"{self.url} has schema version {found}, older than {SCHEMA_VERSION}, and "
                    "migration was not allowed (open it with migrate=True)",
                )
            done = []
            for m in MIGRATIONS:
                if found < m.version <= target:
                    for statement in m.statements:
                        self._conn.execute(statement)
                    self._conn.execute(
                        "INSERT INTO schema_migrations VALUES (%s, %s, now())",
                        (m.version, m.description),
                    )
                    done.append(m.version)
            self._insert_audit(
                "shuangyong",
                "store.migrate",
                self.url,
                {"from": found, "to": done[-1], "steps": done},
            )
            return done[-1]

    def _read_version(self) -> int:
        exists = self._conn.execute(
            "SELECT to_regclass(%s) IS NOT NULL", (f"{self._schema}.schema_migrations",)
        ).fetchone()
        if not exists or not exists[0]:
            return 0
        row = self._conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return 0 if row is None or row[0] is None else int(row[0])

    # -- people and their dated facts ------------------------------------------------------------
    def add_facts(self, facts: Sequence[Fact], *, actor: str) -> int:
        rows.check_actor(actor)
        facts = list(facts)
        self._checker.check(facts)
        # Keys new to this batch, in order (the store skips the ones it already holds).
        batch: dict[str, Fact] = {}
        for fact in facts:
            batch.setdefault(fact.key, fact)
        with self._conn.transaction(), self._conn.cursor() as cur:
            touched = sorted({f.person_id for f in batch.values()})
            # Lock each person (sorted: no deadlock) so the history check below sees every
            # fact another writer could add to the same person.
            cur.execute(
                "SELECT pg_advisory_xact_lock(hashtext('shuangyong.person:' || p)) "
                "FROM unnest(%s::text[]) AS p ORDER BY p",
                (touched,),
            )
            cur.execute("SELECT key FROM facts WHERE key = ANY(%s)", (list(batch),))
            for (key,) in cur.fetchall():
                del batch[key]
            new = list(batch.values())
            persons = sorted({f.person_id for f in new})
            stored = self._facts_of(cur, persons)
            for pid in persons:
                self._checker.check_history(
                    [*stored.get(pid, ()), *(f for f in new if f.person_id == pid)]
                )
            cur.executemany(
                """
                INSERT INTO facts (key, person_id, effective_from, kind, values_json,
                                   note, source, recorded_at, recorded_by)
                VALUES (%s, %s, %s, %s, %s::jsonb, %s, %s, now(), %s)
                ON CONFLICT (key) DO NOTHING
                """,
                [
                    (
                        f.key,
                        f.person_id,
                        f.effective_from,
                        f.kind.value,
                        rows.encode_values(f.values),
                        f.note,
                        f.source,
                        actor,
                    )
                    for f in new
                ],
            )
            self._insert_audit(
                actor,
                "facts.add",
                rows.persons_subject(persons),
                {"given": len(facts), "new": len(new), "persons": len(persons)},
            )
        return len(new)

    def _facts_of(
        self, cur: psycopg.Cursor[Any], person_ids: Sequence[str]
    ) -> dict[str, list[Fact]]:
        """Facts of these people, each person's in ``(effective_from, seq)`` order."""
        out: dict[str, list[Fact]] = {}
        if not person_ids:
            return out
        cur.execute(
            """
            SELECT seq, key, person_id, effective_from, kind, values_json::text, note, source,
                   recorded_at, recorded_by
            FROM facts WHERE person_id = ANY(%s)
            ORDER BY person_id, effective_from, seq
            """,
            (list(person_ids),),
        )
        fetched = cur.fetchall()
        values = rows.decode_many([r[5] for r in fetched])
        for r, v in zip(fetched, values, strict=True):
            out.setdefault(r[2], []).append(
                Fact(
                    person_id=r[2],
                    effective_from=r[3],
                    values=v,
                    kind=FactKind(r[4]),
                    note=r[6],
                    source=r[7],
                    key=r[1],
                    seq=r[0],
                    recorded_at=r[8],
                    recorded_by=r[9],
                )
            )
        return out

    def facts(self, person_id: str) -> list[Fact]:
        with self._conn.cursor() as cur:
            return self._facts_of(cur, [person_id]).get(person_id, [])

    def rows_on_coded(
        self, on: dt.date, *, division: str | None = None, person_ids: Iterable[str] | None = None
    ) -> Rows:
        """:meth:`rows_on` as columns of codes (see :mod:`shuangyong.storage.fold`)."""
        rows.check_division_filter(division)
        clauses = ["effective_from <= %(on)s"]
        params: dict[str, Any] = {"on": on}
        if person_ids is not None:
            clauses.append("person_id = ANY(%(ids)s)")
            params["ids"] = list(person_ids)
        if division is not None:
            # Only a prefilter (people ever recorded there); the fold below decides where each
            # person belongs on ``on``.
            field = "household_division" if len(division) == 6 else "township_division"
            clauses.append(
                "person_id IN (SELECT person_id FROM facts "
                f"WHERE starts_with(values_json->>'{field}', %(division)s))"
            )
            params["division"] = division
        query = (
            "SELECT person_id, effective_from, seq, values_json::text FROM facts WHERE "
            + " AND ".join(clauses)
            + " ORDER BY person_id, effective_from, seq"
        )
        parts: list[FactColumns] = []
        with self._conn.transaction(), self._conn.cursor(name="shuangyong_rows") as cur:
            cur.itersize = _FETCH
            cur.execute(query, params)
            while chunk := cur.fetchmany(_FETCH):
                parts.append(
                    FactColumns.build(
                        [r[0] for r in chunk],
                        [r[1] for r in chunk],
                        [r[2] for r in chunk],
                        rows.decode_many([r[3] for r in chunk]),
                    )
                )
        return rows_in_force(FactColumns.concat(parts), on, division=division)

    def person_ids(self) -> list[str]:
        return [
            r[0]
            for r in self._conn.execute("SELECT DISTINCT person_id FROM facts ORDER BY person_id")
        ]

    # -- migration from an older system ----------------------------------------------------------
    def set_paid_up_to(self, items: Sequence[PaidUpTo], *, actor: str) -> None:
        rows.check_actor(actor)
        items = list(items)
        for i, item in enumerate(items):
            rows.check_paid_up_to(item, i)
        persons = sorted({i.person_id for i in items})
        with self._conn.transaction(), self._conn.cursor() as cur:
            cur.execute(
                "SELECT p FROM unnest(%s::text[]) AS p "
                "WHERE NOT EXISTS (SELECT 1 FROM facts f WHERE f.person_id = p) ORDER BY p LIMIT 1",
                (persons,),
            )
            unknown = cur.fetchone()
            if unknown is not None:
                raise StoreError(
                    f"已发放至：无此人员 {unknown[0]} / paid up to: unknown person {unknown[0]}"
                )
            cur.executemany(
                "INSERT INTO paid_up_to (person_id, rule_id, month, source, recorded_at, "
                "recorded_by) VALUES (%s, %s, %s, %s, now(), %s)",
                [(i.person_id, i.rule_id, i.month.start, i.source, actor) for i in items],
            )
            self._insert_audit(
                actor, "paid_up_to.set", rows.persons_subject(persons), {"items": len(items)}
            )

    def paid_up_to(self, person_id: str, rule_id: str) -> Month | None:
        # Append-only: the latest setting wins.
        row = self._conn.execute(
            "SELECT month FROM paid_up_to WHERE person_id = %s AND rule_id = %s "
            "ORDER BY seq DESC LIMIT 1",
            (person_id, rule_id),
        ).fetchone()
        return None if row is None else Month.of(row[0])

    def paid_up_to_all(self, rule_id: str) -> dict[str, Month]:
        return {
            person_id: Month.of(month)
            for person_id, month in self._conn.execute(
                "SELECT DISTINCT ON (person_id) person_id, month FROM paid_up_to "
                "WHERE rule_id = %s ORDER BY person_id, seq DESC",
                (rule_id,),
            )
        }

    # -- evaluations -----------------------------------------------------------------------------
    def add_evaluations(self, records: Sequence[EvaluationRecord]) -> int:
        records = list(records)
        for i, r in enumerate(records):
            rows.check_evaluation(r, i)
        if not records:
            return 0
        with self._conn.transaction(), self._conn.cursor() as cur:
            cur.execute(
                """
                WITH ins AS (
                    INSERT INTO evaluations (digest, rule_id, rule_version, on_date, status,
                                             amount_fen, explanation_json)
                    SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::date[],
                                         %s::text[], %s::bigint[], %s::jsonb[])
                    ON CONFLICT (digest) DO NOTHING
                    RETURNING 1
                )
                SELECT count(*) FROM ins
                """,
                (
                    [r.digest for r in records],
                    [r.rule_id for r in records],
                    [r.rule_version for r in records],
                    [r.on for r in records],
                    [r.status for r in records],
                    [r.amount_fen for r in records],
                    [rows.encode_values(r.explanation) for r in records],
                ),
            )
            written = cur.fetchone()
        return int(written[0]) if written else 0

    def evaluation(self, digest: str) -> EvaluationRecord:
        row = self._conn.execute(
            "SELECT digest, rule_id, rule_version, on_date, status, amount_fen, "
            "explanation_json::text FROM evaluations WHERE digest = %s",
            (digest,),
        ).fetchone()
        if row is None:
            raise StoreError(f"无此评估记录 {digest} / unknown evaluation {digest}")
        return EvaluationRecord(
            digest=row[0],
            rule_id=row[1],
            rule_version=row[2],
            on=row[3],
            status=row[4],
            amount_fen=row[5],
            explanation=rows.decode_values(row[6]),
        )

    # -- the ledger ------------------------------------------------------------------------------
    def add_run(self, run: PaymentRun) -> PaymentRun:
        rows.check_run(run)
        with self._conn.transaction():
            row = self._conn.execute(
                """
                INSERT INTO runs (run_id, kind, rule_ids, first_month, last_month, division,
                                  created_by, note, created_at)
                VALUES (%s, %s, %s, %s, %s, %s, %s, %s, now())
                ON CONFLICT (run_id) DO NOTHING
                RETURNING created_at
                """,
                (
                    run.run_id,
                    run.kind.value,
                    list(run.rule_ids),
                    run.first.start,
                    run.last.start,
                    run.division,
                    run.created_by,
                    run.note,
                ),
            ).fetchone()
            if row is None:
                raise StoreError(f"批次已存在 {run.run_id} / run {run.run_id} already exists")
            self._insert_audit(
                run.created_by, f"run.{run.kind.value}", run.run_id, rows.run_details(run)
            )
        return attrs.evolve(run, created_at=row[0])

    def runs(self) -> list[PaymentRun]:
        return [
            PaymentRun(
                run_id=r[0],
                kind=RunKind(r[1]),
                rule_ids=tuple(r[2]),
                first=Month.of(r[3]),
                last=Month.of(r[4]),
                division=r[5],
                created_by=r[6],
                note=r[7],
                created_at=r[8],
            )
            for r in self._conn.execute(
                "SELECT run_id, kind, rule_ids, first_month, last_month, division, created_by, "
                "note, created_at FROM runs ORDER BY seq"
            )
        ]

    def add_lines(self, lines: Sequence[LedgerLine], *, actor: str) -> int:
        rows.check_actor(actor)
        lines = list(lines)
        rows.check_lines(lines)
        for attempt in range(_RETRIES):
            try:
                with self._conn.transaction():
                    written, first, last = ledger.copy_lines(self._conn, lines)
                    self._insert_audit(
                        actor,
                        "lines.add",
                        rows.lines_subject(first, last),
                        rows.lines_details(lines, written),
                    )
                return written
            except psycopg.errors.DeadlockDetected:
                # Two writers inserting overlapping keys in different orders: PostgreSQL
                # aborted this one whole, so running it again is safe (and now skips the
                # other's lines).
                if attempt == _RETRIES - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def iter_lines(self, **filters: Any) -> Iterator[LedgerLine]:
        rows.check_division_filter(filters.get("division"))
        query, params = ledger.select_lines(**filters)
        # A named (server-side) cursor streams; it lives in a transaction of its own.
        with self._conn.transaction(), self._conn.cursor(name="shuangyong_lines") as cur:
            cur.itersize = _FETCH
            cur.execute(query, params)
            for row in cur:
                yield ledger.line_from_row(row)

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
        with self._conn.transaction(), self._conn.cursor() as cur:
            # Lock in line order: two transactions locking overlapping sets queue instead of
            # deadlocking.
            cur.execute(
                "SELECT line_id, person_id, rule_id FROM ledger_lines "
                "WHERE line_id = ANY(%s) ORDER BY line_id FOR UPDATE",
                (sorted(set(ids)),),
            )
            found = {r[0]: (r[1], r[2]) for r in cur.fetchall()}
            # Read under the locks: a racing writer's change is committed (and visible to this
            # new statement) by the time its lock is released to us.
            cur.execute(
                "SELECT DISTINCT ON (line_id) line_id, status FROM line_status "
                "WHERE line_id = ANY(%s) ORDER BY line_id, seq DESC",
                (list(found),),
            )
            current = {r[0]: LineStatus(r[1]) for r in cur.fetchall()}
            # In the order given: the same id twice is two moves (the second one refused).
            for lid in ids:
                if lid not in found:
                    raise StoreError(f"无此发放行 {lid} / unknown ledger line {lid}")
                now = current.get(lid, LineStatus.CALCULATED)
                if status not in ALLOWED_TRANSITIONS[now]:
                    person_id, rule_id = found[lid]
                    raise LedgerStateError(lid, person_id, rule_id, now, status)
                current[lid] = status
            cur.executemany(
                "INSERT INTO line_status (line_id, status, actor, reference, reason, at) "
                "VALUES (%s, %s, %s, %s, %s, now())",
                [(lid, status.value, actor, reference, reason) for lid in ids],
            )
            self._insert_audit(
                actor,
                f"line.{rows.STATUS_VERBS[status]}",
                rows.ids_subject(ids),
                {
                    "lines": len(ids),
                    "status": status.value,
                    "reference": reference,
                    "reason": reason,
                },
            )
        return len(ids)

    def status_history(self, line_id: int) -> list[Any]:
        with self._conn.cursor() as cur:
            cur.execute("SELECT 1 FROM ledger_lines WHERE line_id = %s", (line_id,))
            if cur.fetchone() is None:
                raise StoreError(f"无此发放行 {line_id} / unknown ledger line {line_id}")
            cur.execute(
                "SELECT line_id, status, actor, reference, reason, at FROM line_status "
                "WHERE line_id = %s ORDER BY seq",
                (line_id,),
            )
            return [
                StatusChange(r[0], LineStatus(r[1]), r[2], r[3], r[4], at=r[5])
                for r in cur.fetchall()
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
        query, params = ledger.totals_query(
            statuses=statuses,
            first_year=first_year,
            last_year=last_year,
            rule_ids=rule_ids,
            division=division,
        )
        # the sum is numeric (exact): checked in Python, never cast to bigint in SQL
        return [total_row(*row) for row in self._conn.execute(query, params)]

    def head_count(
        self,
        *,
        statuses: Sequence[LineStatus] = (LineStatus.PAID,),
        first_year: int | None = None,
        last_year: int | None = None,
        rule_ids: Sequence[str] | None = None,
        division: str | None = None,
    ) -> int:
        query, params = ledger.totals_query(
            statuses=statuses,
            first_year=first_year,
            last_year=last_year,
            rule_ids=rule_ids,
            division=division,
            count_persons=True,
        )
        row = self._conn.execute(query, params).fetchone()
        return int(row[0]) if row is not None else 0

    # -- audit -----------------------------------------------------------------------------------
    def audit(self, event: AuditEvent) -> None:
        rows.check_audit(event)
        with self._conn.transaction():
            self._insert_audit(event.actor, event.action, event.subject, event.details)

    def _insert_audit(self, actor: str, action: str, subject: str, details: Any) -> None:
        self._conn.execute(
            "INSERT INTO audit_events (actor, action, subject, details_json, at) "
            "VALUES (%s, %s, %s, %s::jsonb, now())",
            (actor, action, subject, rows.encode_values(details)),
        )

    def audit_events(
        self, *, since: int | None = None, action: str | None = None
    ) -> list[AuditEvent]:
        return [
            AuditEvent(
                actor=r[1],
                action=r[2],
                subject=r[3],
                details=rows.decode_values(r[4]),
                seq=r[0],
                at=r[5],
            )
            for r in self._conn.execute(
                "SELECT seq, actor, action, subject, details_json::text, at FROM audit_events "
                "WHERE (%(since)s::bigint IS NULL OR seq > %(since)s) "
                "AND (%(action)s::text IS NULL OR action = %(action)s) ORDER BY seq",
                {"since": since, "action": action},
            )
        ]
