"""Store benchmark (issue 9): facts in, rows out and ledger lines into ``sqlite:///``.

For a synthetic population of N people (default 1,000,000) with realistic register facts (the
columns of :func:`shuangyong.testing.populations.population` in their stored JSON form, a name
and a township) and a second, later fact (a reassessment) for one person in ten, it measures:

* ``FactChecker.check`` of all facts (the store's validation alone);
* ``add_facts`` of all facts into a fresh SQLite file (check + write, one transaction);
* ``rows_on`` of everyone on one date: the first call, and a second call on another date (a
  payment run reads several dates: the second one may be served from decoded facts);
* ``rows_on_columns`` of everyone (the columnar form the ledger feeds to the engine), when the
  store has it;
* ``add_lines`` of N ledger lines against a bare ``executemany`` of the same parameter tuples
  into a table of the same shape (no checks, no audit), in a second file.

Run from the repository root::

    PYTHONPATH=src .venv/bin/python benchmarks/bench_store.py [--n 1000000] [--skip-lines]

Times are single runs (a million-row write is not repeated); the machine is whatever runs it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from shuangyong.domain.enums import CareArrangement, DisabilityCause, NcoGrade, ServiceKind
from shuangyong.domain.periods import Month
from shuangyong.policy.columns import enum_codes
from shuangyong.storage import rows
from shuangyong.storage.model import (
    EvaluationRecord,
    Fact,
    FactKind,
    LedgerLine,
    LineKind,
    PaymentRun,
    RunKind,
)
from shuangyong.storage.sqlite import SqliteStore
from shuangyong.testing.populations import population

T = TypeVar("T")
ON = dt.date(2025, 3, 1)
TOWNS = {"411003": ["411003001", "411003002"], "411002": ["411002003"]}


def timed(label: str, fn: Callable[[], T]) -> tuple[T, float]:
    t = time.perf_counter()
    out = fn()
    s = time.perf_counter() - t
    print(f"  {label:<44} {s:8.2f} s", flush=True)
    return out, s


def _values_of(code_col: np.ndarray[Any, Any], enum_type: Any) -> list[str | None]:
    names: list[str | None] = [None, *(m.value for m in enum_codes(enum_type))]
    return [names[c] for c in code_col.tolist()]


def make_facts(n: int) -> list[Fact]:
    """N register facts (JSON form) and a reassessment for one person in ten."""
    cols = population(n, seed=20250301, divisions=("411003", "411002", "411024", "411081"))
    kinds = _values_of(cols["service_kind"], ServiceKind)
    grades = _values_of(cols["nco_grade"], NcoGrade)
    causes = _values_of(cols["disability_cause"], DisabilityCause)
    care = _values_of(cols["care_arrangement"], CareArrangement)

    def dates(name: str) -> list[str | None]:
        return [None if np.isnat(d) else str(d) for d in cols[name]]

    birth, enl, dis = dates("birth_date"), dates("enlisted_on"), dates("discharged_on")
    ass, app = dates("disability_assessed_on"), dates("disability_approved_on")
    div = [str(d) for d in cols["household_division"].tolist()]
    level = cols["disability_level"].tolist()
    mental = cols["mental_disorder"].tolist()
    rng = np.random.default_rng(7)
    town_pick = rng.integers(0, 2, n).tolist()
    urban = (rng.random(n) < 0.4).tolist()
    facts: list[Fact] = []
    for i in range(n):
        pid = f"P{i:09d}"
        values: dict[str, Any] = {
            "name": f"人员{i}",
            "birth_date": birth[i],
            "sex": "male",
            "residence": "urban" if urban[i] else "rural",
            "household_division": div[i],
            "service_kind": kinds[i],
            "enlisted_on": enl[i],
            "disability_level": level[i],
            "mental_disorder": mental[i],
        }
        towns = TOWNS.get(div[i])
        if towns:
            values["township_division"] = towns[town_pick[i] % len(towns)]
        for k, v in (
            ("nco_grade", grades[i]),
            ("discharged_on", dis[i]),
            ("disability_cause", causes[i]),
            ("disability_assessed_on", ass[i]),
            ("disability_approved_on", app[i]),
            ("care_arrangement", care[i]),
        ):
            if v is not None:
                values[k] = v
        facts.append(Fact(pid, dt.date(2020, 1, 1), values, kind=FactKind.IMPORT))
        if i % 10 == 3 and level[i] and level[i] > 1:
            facts.append(
                Fact(
                    pid,
                    dt.date(2024, 7, 1),
                    {"disability_level": level[i] - 1},
                    kind=FactKind.REASSESSMENT,
                )
            )
    return facts


def bench_facts(n: int, folder: Path) -> None:
    facts, _ = timed(f"make {n:,} people's facts", lambda: make_facts(n))
    print(f"  ({len(facts):,} facts)")
    checker = rows.FactChecker(rows.builtin_division_mask())
    _, s_check = timed("FactChecker.check", lambda: checker.check(facts))
    store = SqliteStore(folder / "facts.db")
    _, s_add = timed("add_facts (check + write)", lambda: store.add_facts(facts, actor="bench"))
    got, s_rows1 = timed("rows_on, first date", lambda: store.rows_on(ON))
    assert len(got) == n, len(got)
    del got
    got, s_rows2 = timed("rows_on, second date", lambda: store.rows_on(dt.date(2024, 8, 1)))
    assert len(got) == n
    del got
    _, _s_div = timed("rows_on, one county", lambda: store.rows_on(ON, division="411003"))
    columns = getattr(store, "rows_on_columns", None)
    if columns is not None:
        cols, _s_cols = timed("rows_on_columns, third date", lambda: columns(dt.date(2025, 1, 1)))
        assert len(cols["person_id"]) == n
        del cols
    store.close()
    print(
        f"  per fact: check {s_check / len(facts) * 1e6:.1f} µs, "
        f"add {s_add / len(facts) * 1e6:.1f} µs; rows_on per person "
        f"{s_rows1 / n * 1e6:.1f} / {s_rows2 / n * 1e6:.1f} µs"
    )


_LINE_TABLE = """CREATE TABLE bare (
    line_id INTEGER PRIMARY KEY, run_id TEXT, person_id TEXT, rule_id TEXT,
    period_first TEXT, period_last TEXT, revision INTEGER, kind TEXT, amount_fen INTEGER,
    due_date TEXT, rule_version TEXT, evaluated_on TEXT, division TEXT, township TEXT,
    explanation_digest TEXT, reverses INTEGER, reason TEXT, created_at TEXT,
    UNIQUE (person_id, rule_id, period_first, period_last, revision))"""


def bench_lines(n: int, folder: Path) -> None:
    month = Month(2025, 3)
    digest = "ab" * 32
    lines = [
        LedgerLine(
            run_id="R1",
            person_id=f"P{i:09d}",
            rule_id="disability_pension",
            period_first=month,
            period_last=month,
            revision=0,
            kind=LineKind.REGULAR,
            amount_fen=123_456 + i % 1000,
            due_date=dt.date(2025, 3, 10),
            rule_version="2024",
            evaluated_on=ON,
            division="411003",
            township="411003001",
            explanation_digest=digest,
        )
        for i in range(n)
    ]
    store = SqliteStore(folder / "lines.db")
    store.add_evaluations(
        [EvaluationRecord(digest, "disability_pension", "2024", ON, "eligible", 1, {})]
    )
    store.add_run(
        PaymentRun("R1", RunKind.REGULAR, ("disability_pension",), month, month, "411003", "bench")
    )
    _, s_add = timed("add_lines", lambda: store.add_lines(lines, actor="bench"))
    store.close()
    conn = sqlite3.connect(folder / "bare.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(_LINE_TABLE)
    params = [
        (
            x.run_id, x.person_id, x.rule_id, "2025-03", "2025-03", 0, "regular", x.amount_fen,
            "2025-03-10", x.rule_version, "2025-03-01", x.division, x.township,
            x.explanation_digest, None, "", "2025-03-01T00:00:00+00:00",
        )
        for x in lines
    ]  # fmt: skip

    def bare() -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO bare (run_id, person_id, rule_id, period_first, period_last, revision, "
            "kind, amount_fen, due_date, rule_version, evaluated_on, division, township, "
            "explanation_digest, reverses, reason, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            params,
        )
        conn.execute("COMMIT")

    _, s_bare = timed("bare executemany (tuples ready)", bare)
    conn.close()
    print(f"  add_lines / bare executemany = {s_add / s_bare:.2f}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=1_000_000)
    p.add_argument("--skip-lines", action="store_true")
    p.add_argument("--skip-facts", action="store_true")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench_store_") as tmp:
        folder = Path(tmp)
        if not args.skip_facts:
            print(f"facts and rows, N = {args.n:,}")
            bench_facts(args.n, folder)
        if not args.skip_lines:
            print(f"ledger lines, N = {args.n:,}")
            bench_lines(args.n, folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
