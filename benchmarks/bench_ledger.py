"""Ledger benchmark (issue 9 "Speed"): a payment run against the leanest honest reference.

One process, one synthetic county (411003 建安区, three townships) of N people (default
1,000,000) registered in a case store, for ``disability_pension`` and ``nursing_allowance``,
one month (2025-03). It measures, in one run:

* **the payment run** ``Ledger.run(RULES, "2025-03", "2025-03", "411003")`` on a copy of the
  cached store: reading everyone from the store, evaluating, building and writing the lines,
  their explanation records and the audit events;
* **the reference**: ``engine.evaluate_batch`` of the same rows, already typed columns (enum
  codes, ``datetime64[D]``; built before the clock starts, best of three), plus a bare
  ``executemany`` (SQLite) or binary ``COPY`` (``--pg``) of exactly the lines the run wrote,
  read back as tuples before the clock starts, into a fresh table of the same schema with the
  same indexes (nothing else: no checks, no audit). The ratio is run / reference;
* **totals** by year × benefit × county over twelve months of lines (the run's month and eleven
  earlier months copied from it by SQL, 12 × the run's lines), ``Ledger.totals`` over calculated
  lines with the distinct head count;
* **bytes per ledger line**: SQLite ``dbstat`` of ``ledger_lines`` and its indexes over the
  lines (and the file's growth over the lines); PostgreSQL ``pg_total_relation_size``.

The reference's totals are checked against the run's (same rows, same result), so the two sides
compute the same thing. The engine is warmed on a few rows first (both sides use it warm).

The synthetic store (``shuangyong.testing.populations.population``, seed ``--seed``; a
reassessment for one person in ten, a death in 2023–2024 for one in a hundred, names, sexes,
residences, townships) is built once and cached under ``/tmp`` keyed by N and seed, so reruns
skip the build. Nursing allowance needs a wage base no shipped file sets: a what-if layer
``bench-example`` sets it to the national 2024 urban average wage, ``provenance = "example"``
(a stand-in, not any province's figure). Totals are a benchmark, not a budget.

Run from the repository root::

    PYTHONPATH=src .venv/bin/python benchmarks/bench_ledger.py [--n 1000000] [--seed 7]
    PYTHONPATH=src .venv/bin/python benchmarks/bench_ledger.py --n 20000     # quick
    SHUANGYONG_TEST_PG_URL="$(bash tools/pg-start.sh)" \\
        PYTHONPATH=src .venv/bin/python benchmarks/bench_ledger.py --pg         # PostgreSQL too

``--profile`` writes cProfile of the run to ``/tmp/bench_ledger.prof``. Memory is the process's
peak resident set (``ru_maxrss``) before and after each phase.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
import tomllib
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from shuangyong import Engine
from shuangyong.domain.enums import CareArrangement, DisabilityCause, NcoGrade, ServiceKind
from shuangyong.domain.periods import Month
from shuangyong.ledger import Ledger
from shuangyong.policy.columns import enum_codes
from shuangyong.storage import Fact, FactKind, LineStatus, Store
from shuangyong.storage.sqlite import SqliteStore
from shuangyong.testing.populations import population

T = TypeVar("T")
COUNTY = "411003"
TOWNS = ("411003100", "411003101", "411003102")
MONTH = Month(2025, 3)
ON = MONTH.start
RULES = ("disability_pension", "nursing_allowance")
CACHE_FORMAT = 1  # bump when the synthetic store changes
ACTOR = "bench"
ALL_STATUSES = (LineStatus.CALCULATED, LineStatus.APPROVED, LineStatus.PAID)
_LINE_COLUMNS = (
    "run_id, person_id, rule_id, period_first, period_last, revision, kind, amount_fen, "
    "due_date, rule_version, evaluated_on, division, township, explanation_digest, reverses, "
    "reason, created_at"
)


def say(text: str) -> None:
    print(text, flush=True)


def peak_mb() -> float:
    """Peak resident set of this process so far (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, fn: Callable[[], T]) -> tuple[T, float]:
    t = time.perf_counter()
    out = fn()
    s = time.perf_counter() - t
    say(f"  {label:<52} {s:8.2f} s   (peak RSS {peak_mb():,.0f} MB)")
    return out, s


# -- the synthetic county -------------------------------------------------------------------
def layer() -> str:
    """The ``bench-example`` what-if layer: a nursing wage base (example provenance)."""
    text = resources.files("shuangyong.national.data").joinpath("statistics.toml").read_text()
    wages = {
        v["year"]: v["value"]
        for v in tomllib.loads(text)["value"]
        if v["parameter"] == "statistics.urban_unit_average_wage" and "year" in v
    }
    year = max(wages)
    return f"""
[[value]]
parameter = "nursing_allowance.wage_base"
jurisdiction = "national"
effective_from = {year}-01-01
provenance = "example"
note = "基准测试替代值：全国{year}年城镇非私营单位年平均工资，不是任何省的护理费基数。"
value = "{wages[year]}"
"""


def columns(n: int, seed: int) -> dict[str, Any]:
    """The register as typed columns on ``ON`` (what the store's facts fold to then), plus the
    columns only the facts carry (``_reassessed``, ``_died``, ``_town``, ``_urban``)."""
    cols = population(n, seed=seed, divisions=(COUNTY,), on=ON)
    rng = np.random.default_rng(seed + 1)
    idx = np.arange(n)
    level = cols["disability_level"]
    reassessed = (idx % 10 == 3) & (level > 1)
    cols["disability_level"] = np.where(reassessed, level - 1, level)
    died = idx % 100 == 57
    day0 = np.datetime64("2023-01-01", "D")
    death_day = day0 + rng.integers(0, 730, n).astype("timedelta64[D]")
    # a death before the enlistment would be refused as a bad record: keep it after
    death_day = np.maximum(death_day, cols["enlisted_on"] + 1)
    died &= death_day < np.datetime64(ON, "D")
    cols["died_on"] = np.where(died, death_day, np.datetime64("NaT", "D"))
    cols["_reassessed"] = reassessed
    cols["_died"] = died
    cols["_town"] = rng.integers(0, len(TOWNS), n)
    cols["_urban"] = rng.random(n) < 0.4
    return cols


def _names(code_col: Any, enum_type: Any) -> list[str | None]:
    names: list[str | None] = [None, *(m.value for m in enum_codes(enum_type))]
    return [names[c] for c in code_col.tolist()]


def _texts(col: Any) -> list[str | None]:
    return [None if t == "NaT" else t for t in np.datetime_as_string(col, unit="D").tolist()]


def facts(cols: dict[str, Any], lo: int, hi: int) -> Iterator[Fact]:
    """The facts of people ``lo..hi-1``: registration, reassessment, death."""
    sl = slice(lo, hi)
    kinds = _names(cols["service_kind"][sl], ServiceKind)
    grades = _names(cols["nco_grade"][sl], NcoGrade)
    causes = _names(cols["disability_cause"][sl], DisabilityCause)
    care = _names(cols["care_arrangement"][sl], CareArrangement)
    birth, enl = _texts(cols["birth_date"][sl]), _texts(cols["enlisted_on"][sl])
    dis = _texts(cols["discharged_on"][sl])
    ass = _texts(cols["disability_assessed_on"][sl])
    app = _texts(cols["disability_approved_on"][sl])
    died = _texts(cols["died_on"][sl])
    level = cols["disability_level"][sl].tolist()
    reassessed = cols["_reassessed"][sl].tolist()
    mental = cols["mental_disorder"][sl].tolist()
    town = cols["_town"][sl].tolist()
    urban = cols["_urban"][sl].tolist()
    registered = dt.date(2020, 1, 1)
    for j in range(hi - lo):
        pid = f"P{lo + j:09d}"
        values: dict[str, Any] = {
            "name": f"人员{lo + j}",
            "birth_date": birth[j],
            "sex": "male",
            "residence": "urban" if urban[j] else "rural",
            "household_division": COUNTY,
            "township_division": TOWNS[town[j]],
            "service_kind": kinds[j],
            "enlisted_on": enl[j],
            # the level before a reassessment
            "disability_level": level[j] + 1 if reassessed[j] else level[j],
            "mental_disorder": mental[j],
        }
        for k, v in (
            ("nco_grade", grades[j]),
            ("discharged_on", dis[j]),
            ("disability_cause", causes[j]),
            ("disability_assessed_on", ass[j]),
            ("disability_approved_on", app[j]),
            ("care_arrangement", care[j]),
        ):
            if v is not None:
                values[k] = v
        yield Fact(pid, registered, values, kind=FactKind.IMPORT)
        if reassessed[j]:
            yield Fact(
                pid, dt.date(2024, 7, 1), {"disability_level": level[j]}, FactKind.REASSESSMENT
            )
        day = died[j]
        if day is not None:
            yield Fact(pid, dt.date.fromisoformat(day), {"died_on": day}, FactKind.DEATH)


def fill(store: Store, cols: dict[str, Any], n: int, chunk: int = 100_000) -> None:
    """Add everyone's facts, a chunk of people per transaction (a bulk path when the store has
    one: ``add_facts_bulk``)."""
    add = getattr(store, "add_facts_bulk", store.add_facts)
    for lo in range(0, n, chunk):
        add(list(facts(cols, lo, min(n, lo + chunk))), actor=ACTOR)
        if (lo + chunk) % 100_000 == 0 or lo + chunk >= n:
            say(f"    {min(n, lo + chunk):,} people")


def cached_store(n: int, seed: int, cols: dict[str, Any]) -> Path:
    """The synthetic SQLite store, built once per (N, seed) under /tmp."""
    path = Path(tempfile.gettempdir()) / f"shuangyong-bench-ledger-n{n}-s{seed}-v{CACHE_FORMAT}.db"
    if path.exists():
        say(f"  cached store {path}")
        t = time.perf_counter()
        SqliteStore(path).close()  # a store cached by an older library: migrate it once, here
        if time.perf_counter() - t > 1:
            say(f"  migrated in {time.perf_counter() - t:.1f} s")
        return path
    part = path.with_suffix(f".{os.getpid()}.part")
    say(f"  building {path} (once)")
    t = time.perf_counter()
    store = SqliteStore(part)
    fill(store, cols, n)
    store.close()  # the last connection checkpoints the WAL into the file
    for ext in ("-wal", "-shm"):
        Path(f"{part}{ext}").unlink(missing_ok=True)
    os.replace(part, path)
    say(f"  built in {time.perf_counter() - t:.1f} s")
    return path


# -- the reference ----------------------------------------------------------------------------
def reference_eval(engine: Any, cols: dict[str, Any]) -> tuple[float, int, int]:
    """evaluate_batch of the typed columns (best of 3): (seconds, lines paid, fen)."""
    reads = {f for rid in RULES for reg in engine.rule_versions(rid) for f in reg.rule.reads}
    table = {k: v for k, v in cols.items() if k in reads or k == "household_division"}
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        res = engine.evaluate_batch(table, ON, rules=list(RULES))
        best = min(best, time.perf_counter() - t)
    paid = fen = 0
    for rid in RULES:
        rc = res[rid]
        assert rc.amount_fen is not None
        ok = (rc.status == 1) & (rc.amount_fen > 0)
        paid += int(ok.sum())
        fen += int(rc.amount_fen[ok].sum())
    say(f"  {'reference: evaluate_batch, typed columns (best of 3)':<52} {best:8.2f} s")
    return best, paid, fen


def bare_sqlite(store_path: Path, folder: Path, run_id: str) -> tuple[float, int]:
    """executemany of the run's lines into a fresh file, same table DDL and indexes."""
    src = sqlite3.connect(store_path)
    ddl = [
        sql
        for (sql,) in src.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'ledger_lines' "
            "AND type IN ('table', 'index') AND sql IS NOT NULL ORDER BY type DESC, name"
        )
    ]
    tuples = src.execute(
        f"SELECT {_LINE_COLUMNS} FROM ledger_lines WHERE run_id = ? ORDER BY line_id", (run_id,)
    ).fetchall()
    src.close()
    conn = sqlite3.connect(folder / "bare.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    for sql in ddl:
        conn.execute(sql)
    marks = ", ".join("?" * 17)

    def insert() -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(f"INSERT INTO ledger_lines ({_LINE_COLUMNS}) VALUES ({marks})", tuples)
        conn.execute("COMMIT")

    _, s = timed(f"reference: bare executemany of the {len(tuples):,} lines", insert)
    conn.close()
    return s, len(tuples)


def _month_before(m: Month, k: int) -> Month:
    n = m.year * 12 + m.month - 1 - k
    return Month(n // 12, n % 12 + 1)


# -- totals and size --------------------------------------------------------------------------
def twelve_months_sqlite(path: Path, run_id: str) -> int:
    """Copy the run's lines to the eleven months before it (2024-04 … 2025-02), by SQL."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    first = f"{MONTH.year:04d}-{MONTH.month:02d}"
    for back in range(1, 12):
        m = _month_before(MONTH, back)
        text = f"{m.year:04d}-{m.month:02d}"
        conn.execute(
            f"INSERT INTO ledger_lines ({_LINE_COLUMNS}) SELECT run_id, person_id, rule_id, ?, ?, "
            "revision, kind, amount_fen, ?, rule_version, ?, division, township, "
            "explanation_digest, reverses, reason, created_at FROM ledger_lines WHERE run_id = ? "
            "AND period_first = ?",
            (text, text, m.start.isoformat(), m.start.isoformat(), run_id, first),
        )
    conn.execute("COMMIT")
    (count,) = conn.execute("SELECT COUNT(*) FROM ledger_lines").fetchone()
    conn.close()
    return int(count)


def sqlite_bytes(path: Path) -> int | None:
    """Bytes of ledger_lines and its indexes (``dbstat``), None when SQLite lacks it."""
    conn = sqlite3.connect(path)
    try:
        (size,) = conn.execute(
            "SELECT SUM(pgsize) FROM dbstat WHERE name = 'ledger_lines' OR name IN "
            "(SELECT name FROM sqlite_master WHERE tbl_name = 'ledger_lines' AND type = 'index')"
        ).fetchone()
    except sqlite3.OperationalError:
        return None
    finally:
        conn.close()
    return int(size)


def file_bytes(path: Path) -> int:
    return sum(
        Path(f"{path}{ext}").stat().st_size for ext in ("", "-wal") if Path(f"{path}{ext}").exists()
    )


@contextmanager
def profiled(enabled: bool) -> Iterator[None]:
    if not enabled:
        yield
        return
    prof = cProfile.Profile()
    prof.enable()
    try:
        yield
    finally:
        prof.disable()
        prof.dump_stats("/tmp/bench_ledger.prof")
        say("  cProfile written to /tmp/bench_ledger.prof")


# -- the phases ---------------------------------------------------------------------------------
def run_ledger(engine: Any, store: Store, profile: bool) -> tuple[Any, float]:
    led = Ledger(engine, store, actor=ACTOR)
    with profiled(profile):
        report, s = timed(
            f"Ledger.run({', '.join(RULES)}, {MONTH})",
            lambda: led.run(list(RULES), MONTH, MONTH, COUNTY),
        )
    pending = sum(len(p.months) for p in report.pending)
    say(
        f"    {report.persons:,} people, {report.lines:,} lines written {report.written:,}, "
        f"{report.written_fen / 100:,.2f} yuan; pending {pending:,}, "
        f"problems {len(report.problems):,}"
    )
    return report, s


def check_same(report: Any, paid: int, fen: int) -> None:
    if (report.lines, report.amount_fen) != (paid, fen):
        raise SystemExit(
            f"the reference computes something else: run {report.lines} lines / "
            f"{report.amount_fen} fen, evaluate_batch {paid} / {fen}"
        )


def bench_sqlite(engine: Any, n: int, seed: int, cols: dict[str, Any], profile: bool) -> None:
    say(f"SQLite, N = {n:,}")
    cache = cached_store(n, seed, cols)
    with tempfile.TemporaryDirectory(prefix="bench_ledger_") as tmp:
        folder = Path(tmp)
        work = folder / "ledger.db"
        shutil.copyfile(cache, work)
        before = file_bytes(work)
        store = SqliteStore(work)
        report, s_run = run_ledger(engine, store, profile)
        store.close()
        s_eval, paid, fen = reference_eval(engine, cols)
        check_same(report, paid, fen)
        s_ins, count = bare_sqlite(work, folder, report.run_id)
        assert count == report.written
        ref = s_eval + s_ins
        say(
            f"  => run / (evaluate_batch + executemany) = {s_run:.2f} / ({s_eval:.2f} + "
            f"{s_ins:.2f}) = {s_run / ref:.2f}x   (target <= 3x)"
        )
        grown = file_bytes(work) - before
        total = twelve_months_sqlite(work, report.run_id)
        store = SqliteStore(work)
        led = Ledger(engine, store, actor=ACTOR)
        totals, _ = timed(
            f"totals, year x benefit x county, {total:,} lines",
            lambda: led.totals(statuses=ALL_STATUSES),
        )
        say(f"    {len(totals.rows)} groups, {totals.persons:,} people")
        store.close()
        size = sqlite_bytes(work)
        say(
            f"  bytes per line: ledger_lines + indexes {size / total:.0f} B (dbstat)"
            if size is not None
            else "  bytes per line: dbstat not available"
        )
        say(f"  file growth of the run / its lines: {grown / max(1, report.written):.0f} B")


# -- PostgreSQL ---------------------------------------------------------------------------------
def _pg_url(schema: str) -> str:
    url = os.environ.get("SHUANGYONG_TEST_PG_URL", "").strip()
    if not url:
        raise SystemExit("--pg needs SHUANGYONG_TEST_PG_URL (bash tools/pg-start.sh prints one)")
    return f"{url}{'&' if '?' in url else '?'}schema={schema}"


def _server() -> Any:
    import psycopg

    return psycopg.connect(os.environ["SHUANGYONG_TEST_PG_URL"].strip(), autocommit=True)


def cached_pg_schema(n: int, seed: int, cols: dict[str, Any]) -> str:
    """A schema holding the synthetic facts, built once per (N, seed) through the store."""
    from shuangyong.storage import open_store

    schema = f"bench_ledger_n{n}_s{seed}_v{CACHE_FORMAT}"
    with _server() as conn:
        done = conn.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = %s "
            "AND table_name = 'bench_complete'",
            (schema,),
        ).fetchone()
        if done:
            say(f"  cached schema {schema}")
            return schema
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    say(f"  building schema {schema} (once)")
    t = time.perf_counter()
    with open_store(_pg_url(schema)) as store:
        # a smaller chunk: add_facts takes an advisory lock per person in its transaction
        fill(store, cols, n, chunk=5_000)
    with _server() as conn:
        conn.execute(f"CREATE TABLE {schema}.bench_complete ()")
    say(f"  built in {time.perf_counter() - t:.1f} s")
    return schema


def bare_copy(conn: Any, schema: str, run_id: str) -> tuple[float, int]:
    """Binary COPY of the run's lines into a table like ledger_lines (same columns, types,
    key and indexes; no triggers, no foreign keys)."""
    names = [c.strip() for c in _LINE_COLUMNS.split(",")]
    types = dict(
        conn.execute(
            "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t "
            "ON t.oid = a.atttypid WHERE a.attrelid = %s::regclass AND a.attnum > 0",
            (f"{schema}.ledger_lines",),
        ).fetchall()
    )
    tuples = conn.execute(
        f"SELECT {_LINE_COLUMNS} FROM {schema}.ledger_lines WHERE run_id = %s ORDER BY line_id",
        (run_id,),
    ).fetchall()
    conn.execute(f"CREATE TABLE {schema}.bare (LIKE {schema}.ledger_lines INCLUDING ALL)")

    def copy() -> None:
        sql = f"COPY {schema}.bare ({_LINE_COLUMNS}) FROM STDIN (FORMAT BINARY)"
        with conn.transaction(), conn.cursor() as cur, cur.copy(sql) as cp:
            cp.set_types([types[c] for c in names])
            for row in tuples:
                cp.write_row(row)

    _, s = timed(f"reference: bare COPY of the {len(tuples):,} lines", copy)
    return s, len(tuples)


def bench_pg(engine: Any, n: int, seed: int, cols: dict[str, Any], profile: bool) -> None:
    from shuangyong.storage import open_store

    say(f"PostgreSQL, N = {n:,}")
    cache = cached_pg_schema(n, seed, cols)
    schema = f"bench_ledger_run_{uuid.uuid4().hex[:12]}"
    conn = _server()
    try:
        store = open_store(_pg_url(schema))
        conn.execute(
            f"INSERT INTO {schema}.facts OVERRIDING SYSTEM VALUE SELECT * FROM {cache}.facts"
        )
        conn.execute(f"ANALYZE {schema}.facts")
        report, s_run = run_ledger(engine, store, profile)
        store.close()
        s_eval, paid, fen = reference_eval(engine, cols)
        check_same(report, paid, fen)
        s_copy, count = bare_copy(conn, schema, report.run_id)
        assert count == report.written
        ref = s_eval + s_copy
        say(
            f"  => run / (evaluate_batch + COPY) = {s_run:.2f} / ({s_eval:.2f} + "
            f"{s_copy:.2f}) = {s_run / ref:.2f}x"
        )
        first = MONTH.start
        for back in range(1, 12):
            m = _month_before(MONTH, back).start
            conn.execute(
                f"INSERT INTO {schema}.ledger_lines ({_LINE_COLUMNS}) SELECT run_id, person_id, "
                "rule_id, %s, %s, revision, kind, amount_fen, %s, rule_version, %s, division, "
                "township, explanation_digest, reverses, reason, created_at "
                f"FROM {schema}.ledger_lines WHERE run_id = %s AND period_first = %s",
                (m, m, m, m, report.run_id, first),
            )
        conn.execute(f"ANALYZE {schema}.ledger_lines")
        (total,) = conn.execute(f"SELECT COUNT(*) FROM {schema}.ledger_lines").fetchone()
        store = open_store(_pg_url(schema))
        led = Ledger(engine, store, actor=ACTOR)
        totals, _ = timed(
            f"totals, year x benefit x county, {total:,} lines",
            lambda: led.totals(statuses=ALL_STATUSES),
        )
        say(f"    {len(totals.rows)} groups, {totals.persons:,} people")
        store.close()
        (size,) = conn.execute(
            "SELECT pg_total_relation_size(%s::regclass)", (f"{schema}.ledger_lines",)
        ).fetchone()
        say(
            f"  bytes per line: pg_total_relation_size(ledger_lines) / lines = {size / total:.0f} B"
        )
    finally:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--pg", action="store_true", help="also PostgreSQL (SHUANGYONG_TEST_PG_URL)")
    p.add_argument("--pg-only", action="store_true")
    p.add_argument("--profile", action="store_true")
    args = p.parse_args(argv)
    say(
        f"Python {sys.version.split()[0]}, numpy {np.__version__}, {os.cpu_count()} CPUs; "
        f"what-if layer 'bench-example' (example wage base)"
    )
    # national rules only (an installed province plugin would change the figures between runs)
    engine = Engine.create(entry_points=False).with_parameters(layer(), name="bench-example")
    cols, _ = timed(f"synthetic columns, N = {args.n:,}", lambda: columns(args.n, args.seed))
    warm = {k: v[:100] for k, v in cols.items() if not k.startswith("_")}
    engine.evaluate_batch(warm, ON, rules=list(RULES))
    if not args.pg_only:
        bench_sqlite(engine, args.n, args.seed, cols, args.profile)
    if args.pg or args.pg_only:
        bench_pg(engine, args.n, args.seed, cols, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
