"""Compliance benchmark (issue 12 §5): ``check service_station`` over N stations.

The three items of the ``service_station`` checklist (五有, 六化, three-level coverage) over N
synthetic stations of 建安区, a tenth of them set up after the year assessed (set aside). Each
item is one pass over the stations (and one over the divisions), so the time grows linearly:
the run prints the time for N/4, N/2 and N and the ratio per station, which stays flat (it was
quadratic before: 20,000 stations took 42 s). Run from the repository root::

    PYTHONPATH=src .venv/bin/python benchmarks/bench_compliance.py [--n 20000]

Times are the best of ``--repeat`` runs (default 3); the machine is whatever runs it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from shuangyong import Engine
from shuangyong.compliance import EvidenceSet, assess
from shuangyong.compliance.evidence import Station
from shuangyong.domain.divisions import DivisionCode


def stations(n: int) -> EvidenceSet:
    """``n`` stations of 建安区, every tenth set up after 2024."""
    out = []
    for i in range(n):
        late = i % 10 == 9
        out.append(
            Station(
                id=f"S{i:06d}",
                name=f"示例服务站{i}",
                division=DivisionCode("411003"),
                established_on=dt.date(2025, 6, 1) if late else dt.date(2020, 1, 1),
                organisation=True,
                staffing_quota=2,
                staff=i % 3,
                support=True,
            )
        )
    return EvidenceSet.of(*out, title="bench", synthetic=True)


def timed(engine: Engine, evidence: EvidenceSet, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        assess(engine, "service_station", evidence, division="411003", year=2024)
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    engine = Engine.create()
    for n in (args.n // 4, args.n // 2, args.n):
        seconds = timed(engine, stations(n), args.repeat)
        print(f"{n:>8} stations: {seconds:8.3f} s   {seconds / n * 1e6:8.1f} µs/station")


if __name__ == "__main__":
    main()
