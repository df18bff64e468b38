"""``Engine.evaluate_many``: many people explained at batch cost (issue 10: ≥ 20,000 persons/s).

    PYTHONPATH=src .venv/bin/python benchmarks/bench_many.py [--n 20000] [--dicts 5000]
        [--repeat 3]

The population of ``bench_national.py`` (every national rule family represented; typed columns:
enum codes, ``datetime64[D]``, int64 divisions), evaluated on its date by every national rule in
force with the what-if layer of example test figures that ``bench_national.py`` uses. Measured,
best of ``--repeat``: ``evaluate_many(table, on)`` over ``--n`` rows (one ``Evaluation`` with
explanation objects per person), and ``evaluate_many(list of dicts, on)`` over ``--dicts`` rows
(the same people as Python values, ISO dates and enum values, None where not set, as a caller
without numpy hands over the records of a table; rows with different sets of keys are evaluated
in one group per set, which costs more). One person's ``to_dict()`` equals ``evaluate()`` of
that person alone (checked here for the first few; ``tests/test_evaluate_many.py`` checks it
as a property).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

import bench_national as bn

from shuangyong import Engine
from shuangyong.policy.schema import FIELDS, FieldKind


def _dict_rows(cols: dict[str, Any], n: int) -> list[dict[str, Any]]:
    """The first ``n`` rows as Python values (ISO dates, enum values, plain ints and bools; None
    where not set), every row with the same keys, as records read from one table."""
    rows: list[dict[str, Any]] = [{} for _ in range(n)]
    for name, col in cols.items():
        f = FIELDS[name]
        values = col[:n]
        if f.kind is FieldKind.ENUM and f.enum_type is not None:
            members = [None, *list(f.enum_type)]
            out: list[Any] = [None if c == 0 else members[c].value for c in values.tolist()]
        elif f.kind is FieldKind.DATE:
            out = [None if np.isnat(v) else str(v) for v in values]
        elif f.kind is FieldKind.DIVISION:
            out = [str(v) for v in values.tolist()]
        else:
            out = values.tolist()
        for row, v in zip(rows, out, strict=True):
            row[name] = v
    return rows


def _best(fn: Any, repeat: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        out = None
        gc.collect()
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--dicts", type=int, default=5_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    engine = Engine.create(entry_points=False).with_parameters(
        bn.example_layer(), name="bench-example"
    )
    cols = bn.make_population(args.n)
    engine.evaluate_many({k: v[:100] for k, v in cols.items()}, bn.ON)  # plans and caches
    t_table, many = _best(lambda: engine.evaluate_many(cols, bn.ON), args.repeat)
    rows = _dict_rows(cols, args.dicts)
    t_dicts, many_d = _best(lambda: engine.evaluate_many(rows, bn.ON), args.repeat)
    for i in range(5):  # each person explained as alone
        alone = engine.evaluate(rows[i], bn.ON)
        assert many_d[i].to_dict() == alone.to_dict(), i
        assert many[i].to_dict() == alone.to_dict(), i
    n_rules = len(many[0].results)
    print(f"evaluate_many, {n_rules} rules with explanation objects, on {bn.ON}")
    print(
        f"  table of {args.n:,} typed rows: {t_table:.3f} s = {args.n / t_table:,.0f} persons/s "
        f"(target ≥ 20,000)"
    )
    print(
        f"  list of {args.dicts:,} dict rows: {t_dicts:.3f} s = {args.dicts / t_dicts:,.0f} "
        f"persons/s"
    )


if __name__ == "__main__":
    main()
