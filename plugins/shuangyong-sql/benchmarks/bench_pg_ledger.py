"""Ledger writes into PostgreSQL: ``add_lines`` against a bare ``COPY`` of the same lines.

    python plugins/shuangyong-sql/benchmarks/bench_pg_ledger.py URL [--lines N] [--months M]

URL is a server where the role may create schemas (``bash tools/pg-start.sh`` prints one). The
script works in a schema of its own and drops it at the end. It reports, for N lines of one
month (M months with ``--months``):

* building the ``LedgerLine`` objects (not counted in either figure);
* ``COPY`` alone: binary COPY of the same rows, same column types, into a table with no key,
  index or foreign key: the floor of what any writer can do;
* ``add_lines``: the store's write (checks in Python, COPY into a temporary table, reference
  anti-join, ``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` into the keyed, indexed ledger,
  audit event, commit), and the ratio to COPY;
* ``add_lines`` again on the same lines (a repeated run: every key exists, nothing is written);
* bytes per line (``pg_total_relation_size`` of the ledger, indexes included, over the count);
* ``totals`` over everything written, paid and calculated.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
import uuid

import psycopg
from shuangyong import Month
from shuangyong.storage.model import (
    EvaluationRecord,
    LedgerLine,
    LineKind,
    LineStatus,
    PaymentRun,
    RunKind,
    digest,
)

from shuangyong_sql.ledger import _COPY_TYPES, LINE_COLUMNS
from shuangyong_sql.store import PgStore
from shuangyong_sql.url import parse_url

COUNTIES = ("411002", "411003", "411023", "411024", "411025", "411081")
RULES = ("disability_pension", "nursing_allowance", "living_subsidy")


def make_lines(n: int, month: Month, digests: list[str]) -> list[LedgerLine]:
    return [
        LedgerLine(
            run_id=f"bench-{month}",
            person_id=f"4110{i % 6:02d}{i:012d}",
            rule_id=RULES[i % 3],
            period_first=month,
            period_last=month,
            revision=0,
            kind=LineKind.REGULAR,
            amount_fen=100_000 + i % 50_000,
            due_date=month.start,
            rule_version="2024",
            evaluated_on=month.start,
            division=COUNTIES[i % 6],
            explanation_digest=digests[i % len(digests)],
        )
        for i in range(n)
    ]


def bare_copy(conn: psycopg.Connection[object], lines: list[LedgerLine]) -> float:
    conn.execute(
        "CREATE TABLE copy_only (ord bigint, run_id text, person_id text, rule_id text, "
        "period_first date, period_last date, revision integer, kind text, amount_fen bigint, "
        "due_date date, rule_version text, evaluated_on date, division text, township text, "
        "explanation_digest text, reverses bigint, reason text)"
    )
    t = time.perf_counter()
    with conn.transaction(), conn.cursor() as cur:
        cols = ", ".join(LINE_COLUMNS)
        with cur.copy(f"COPY copy_only (ord, {cols}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(list(_COPY_TYPES))
            for i, line in enumerate(lines):
                copy.write_row(
                    (
                        i,
                        line.run_id,
                        line.person_id,
                        line.rule_id,
                        line.period_first.start,
                        line.period_last.start,
                        line.revision,
                        line.kind.value,
                        line.amount_fen,
                        line.due_date,
                        line.rule_version,
                        line.evaluated_on,
                        line.division,
                        line.township,
                        line.explanation_digest,
                        line.reverses,
                        line.reason,
                    )
                )
    elapsed = time.perf_counter() - t
    conn.execute("DROP TABLE copy_only")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=1)
    args = parser.parse_args()
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    url = args.url + ("&" if "?" in args.url else "?") + f"schema={schema}"
    conninfo = parse_url(args.url).conninfo
    try:
        with PgStore(url) as store, psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f"SET search_path TO {schema}")
            records = [
                EvaluationRecord(
                    digest({"bench": k}),
                    RULES[k % 3],
                    "2024",
                    dt.date(2025, 1, 1),
                    "eligible",
                    100_000,
                    {"bench": k},
                )
                for k in range(1000)
            ]
            store.add_evaluations(records)
            digests = [r.digest for r in records]
            print(f"lines per month: {args.lines:,}; months: {args.months}")
            for m in range(args.months):
                month = Month(2025, 1) + m
                store.add_run(
                    PaymentRun(
                        f"bench-{month}", RunKind.REGULAR, RULES, month, month, "411000", "bench"
                    )
                )
                t = time.perf_counter()
                lines = make_lines(args.lines, month, digests)
                build = time.perf_counter() - t
                copy_s = bare_copy(conn, lines) if m == 0 else None
                t = time.perf_counter()
                written = store.add_lines(lines, actor="bench")
                add_s = time.perf_counter() - t
                assert written == len(lines), written
                if m == 0:
                    t = time.perf_counter()
                    again = store.add_lines(lines, actor="bench")
                    again_s = time.perf_counter() - t
                    assert again == 0
                    assert copy_s is not None
                    print(f"build LedgerLine objects: {build:.2f} s (not counted)")
                    print(
                        f"bare COPY:                {copy_s:.2f} s "
                        f"({len(lines) / copy_s:,.0f} lines/s)"
                    )
                    print(
                        f"add_lines:                {add_s:.2f} s "
                        f"({len(lines) / add_s:,.0f} lines/s) = {add_s / copy_s:.2f}x COPY"
                    )
                    print(f"add_lines again (0 new): {again_s:.2f} s")
                else:
                    print(f"month {month}: add_lines {add_s:.2f} s")
                del lines
            conn.execute("VACUUM ANALYZE ledger_lines")
            size, count = conn.execute(
                "SELECT pg_total_relation_size('ledger_lines'), count(*) FROM ledger_lines"
            ).fetchone()  # type: ignore[misc]
            heap = conn.execute("SELECT pg_relation_size('ledger_lines')").fetchone()[0]  # type: ignore[index]
            print(
                f"ledger: {count:,} lines, {size / 2**20:,.0f} MiB with indexes: "
                f"{size / count:.0f} bytes per line ({heap / count:.0f} in the table itself)"
            )
            t = time.perf_counter()
            rows = store.totals(statuses=[LineStatus.CALCULATED, LineStatus.PAID])
            print(
                f"totals (year x rule x county, {len(rows)} groups over {count:,} lines): "
                f"{time.perf_counter() - t:.2f} s"
            )
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


if __name__ == "__main__":
    main()
