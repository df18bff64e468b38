"""One engine, many threads: the engine's caches give every thread the single-thread results.

The contract (``shuangyong.policy.cache``): cached values are immutable and published with one
atomic step, and everything an evaluation writes is its own. Eight threads evaluate thousands of
people on one fresh engine at once (so they race to fill the same caches) and must give exactly
what one thread gives.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuangyong import Engine
from shuangyong.testing.populations import SITUATIONS, recent_rows, rows, survivor_rows

DATES = (dt.date(2019, 6, 1), dt.date(2023, 1, 15), dt.date(2025, 3, 1))


def _people(n: int) -> list[dict[str, Any]]:
    """``n`` generated people of every kind (rows drawn once, deterministically)."""
    found: list[dict[str, Any]] = []
    strategy = st.one_of(
        rows(),
        st.sampled_from(SITUATIONS).flatmap(lambda s: recent_rows(DATES[-1], s)),
        survivor_rows(),
    )

    @settings(
        max_examples=n,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    @given(strategy)
    def collect(row: dict[str, Any]) -> None:
        found.append(row)

    collect()
    return found


def _evaluate_all(engine: Engine, people: list[tuple[dict[str, Any], dt.date]]) -> list[Any]:
    out: list[Any] = []
    for row, on in people:
        try:
            out.append(engine.evaluate(row, on).to_dict())
        except Exception as exc:  # invalid rows: the same error in every thread
            out.append(f"{type(exc).__name__}: {exc}")
    return out


@pytest.mark.slow
def test_eight_threads_on_one_engine_give_the_single_thread_results() -> None:
    drawn = _people(400)
    # thousands of evaluations: every person on every date
    people = [(row, on) for on in DATES for row in drawn]
    expected = _evaluate_all(Engine.create(entry_points=False), people)
    engine = Engine.create(entry_points=False)  # fresh: the threads fill its caches together
    results: list[list[Any] | None] = [None] * 8
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def work(k: int) -> None:
        try:
            start.wait()
            # each thread walks the people from a different place, so misses interleave
            shift = k * len(people) // 8
            order = people[shift:] + people[:shift]
            got = _evaluate_all(engine, order)
            results[k] = got[len(people) - shift :] + got[: len(people) - shift]
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for got in results:
        assert got == expected
