"""Batch benchmark: ``disability_pension`` over 10k / 100k / 1M rows, shuangyong vs numpy.

Runs, in one process, for each N and for enum columns given as strings and as integer codes:

(a) ``engine.evaluate_batch(cols, on, rules=["disability_pension"])`` and the sum of amounts;
(b) a hand-written numpy version of the same formulas (the five eligibility conditions of the
    2024 version, the national table in force on the date compiled once to a dense array,
    yearly ÷ 12 rounded half-up to the fen in integer arithmetic, and the sum).

Both must give the same per-row amounts and the same total. Times are best of 3; peak memory of
(a) is measured with tracemalloc (numpy reports its buffers to it) relative to the total
``nbytes`` of the input columns.

Run from the repository root::

    PYTHONPATH=src .venv/bin/python benchmarks/bench_batch.py [--sizes 10000,100000,1000000]
        [--profile] [--repeat 3]

The population is synthetic (deterministic ``numpy.random.default_rng``); the amounts use the
national table shipped with the library, whose graded figures are ``example`` provenance: the
totals below are a benchmark, not a budget.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import pstats
import sys
import time
import tomllib
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from shuangyong import Engine
from shuangyong.domain.enums import DisabilityCause, NcoGrade, ServiceKind
from shuangyong.policy.columns import enum_codes

ON = dt.date(2025, 3, 1)  # 2024 version of the rule; national table of 2023-08-01 in force
RULE = "disability_pension"
SEED = 20250301

Columns = dict[str, npt.NDArray[Any]]


# -- synthetic population ----------------------------------------------------------------------
def henan_county_codes(engine: Engine) -> npt.NDArray[np.int64]:
    """County-level codes of 河南省 (41xxxx, not ending in 00) that the engine knows."""
    codes = np.asarray(engine.divisions.known_county_codes(), dtype=np.int64)
    henan: npt.NDArray[np.int64] = codes[(codes // 10000 == 41) & (codes % 100 != 0)]
    return henan


def _enum_column(
    rng: np.random.Generator,
    n: int,
    members: list[Any],
    p: list[float],
    as_codes: bool,
    none_mask: npt.NDArray[np.bool_] | None = None,
) -> npt.NDArray[Any]:
    """An enum column: int8 codes (0 = none) or an object array of values / None.

    Object arrays of str with None for "no value" are what pandas hands over for string and
    categorical columns, so that is the string form benchmarked here.
    """
    codes_of = enum_codes(type(members[0]))
    pick = rng.choice(len(members), size=n, p=p)
    codes = np.array([codes_of[m] for m in members], dtype=np.int8)[pick]
    if none_mask is not None:
        codes[none_mask] = 0
    if as_codes:
        return codes
    values = np.array([None, *(m.value for m in type(members[0]))], dtype=object)
    return values[codes]


def make_population(
    n: int, counties: npt.NDArray[np.int64], as_codes: bool, seed: int = SEED
) -> Columns:
    """``n`` synthetic rows with the columns ``disability_pension`` reads.

    About 90 % are graded (levels 1–10; the rest level 0 without a cause), causes 20/50/30 %
    combat/duty/illness, 40/45/15 % conscripts/NCOs/officers, approvals spread over 2000–2026
    (so some are approved after the evaluated month), 5 % died 2015–2026.
    """
    rng = np.random.default_rng(seed)
    graded = rng.random(n) < 0.9
    level = np.where(graded, rng.integers(1, 11, size=n), 0).astype(np.int64)
    cause = _enum_column(rng, n, list(DisabilityCause), [0.2, 0.5, 0.3], as_codes, ~graded)
    kind = _enum_column(rng, n, list(ServiceKind), [0.4, 0.45, 0.15], as_codes)
    is_nco = (
        (kind == enum_codes(ServiceKind)[ServiceKind.NCO])
        if as_codes
        else (kind == ServiceKind.NCO.value)
    )
    grade = _enum_column(rng, n, list(NcoGrade), [0.5, 0.3, 0.2], as_codes, ~is_nco)
    start = np.datetime64("2000-01-01", "D")
    span = (np.datetime64("2026-12-31", "D") - start).astype(np.int64)
    approved = start + rng.integers(0, span, size=n).astype("timedelta64[D]")
    approved[~graded] = np.datetime64("NaT")
    died = np.datetime64("2015-01-01", "D") + rng.integers(0, 4380, size=n).astype("timedelta64[D]")
    died[rng.random(n) >= 0.05] = np.datetime64("NaT")
    return {
        "household_division": counties[rng.integers(0, len(counties), size=n)],
        "disability_level": level,
        "disability_cause": cause,
        "service_kind": kind,
        "nco_grade": grade,
        "disability_approved_on": approved,
        "died_on": died,
    }


def input_nbytes(cols: Columns) -> int:
    """Bytes of the input buffers (object arrays: the pointers; the few str values are shared)."""
    return sum(int(a.nbytes) for a in cols.values())


# -- the hand-written numpy version ------------------------------------------------------------
def _fen(yuan: str) -> int:
    d = Decimal(yuan) * 100
    if d != d.to_integral_value():
        raise ValueError(f"{yuan!r} is not a whole number of fen")
    return int(d)


def compile_national_table(on: dt.date) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """The national ``disability_pension.standard`` in force on ``on``, read straight from the
    shipped TOML (independently of the engine's resolver), as dense arrays indexed by
    ``[cause code, level]`` (cause codes as in :func:`enum_codes`, 0 = none).
    """
    data = tomllib.loads(
        resources.files("shuangyong.national.data").joinpath("disability.toml").read_text("utf-8")
    )
    decl = next(p for p in data["parameter"] if p["path"] == "disability_pension.standard")
    dims = {d["name"]: d["values"] for d in decl["dimensions"]}
    values = [
        v
        for v in data["value"]
        if v["parameter"] == "disability_pension.standard"
        and v["jurisdiction"] == "national"
        and v["effective_from"] <= on
    ]
    current = max(values, key=lambda v: v["effective_from"])
    rounding = next(v for v in data["value"] if v["parameter"] == "disability_pension.rounding")
    # the formula below hard-codes half-up to the fen: make sure that is still what ships
    assert rounding["value"] == {"unit": "0.01", "mode": "half_up"}, rounding["value"]
    codes = enum_codes(DisabilityCause)
    cells = np.zeros((len(codes) + 1, max(dims["level"]) + 1), dtype=np.int64)
    has = np.zeros(cells.shape, dtype=bool)
    for cause_value, row in current["table"].items():
        c = {m.value: code for m, code in codes.items()}[cause_value]
        for level, cell in zip(dims["level"], row, strict=True):
            if cell != "-":
                cells[c, level] = _fen(cell)
                has[c, level] = True
    return cells, has


def _codes(arr: npt.NDArray[Any], enum_type: Any) -> npt.NDArray[np.int8]:
    """Enum codes from codes (as is) or from an object array of values (one compare per value)."""
    if arr.dtype.kind in "iu":
        return arr
    out = np.zeros(len(arr), dtype=np.int8)
    for member, code in enum_codes(enum_type).items():
        out[arr == member.value] = code
    return out


def numpy_pension(
    cols: Columns, on: dt.date, cells: npt.NDArray[np.int64], has: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.int64], int]:
    """The 2024 ``disability_pension`` by hand: per-row monthly fen and their sum."""
    month_start = np.datetime64(on.replace(day=1), "D")
    month_end = np.datetime64(on.replace(day=1), "M") + 1
    month_end = month_end.astype("datetime64[D]") - 1
    ck = enum_codes(DisabilityCause)
    sk = enum_codes(ServiceKind)
    gk = enum_codes(NcoGrade)
    lvl = cols["disability_level"]
    cause = _codes(cols["disability_cause"], DisabilityCause)
    kind = _codes(cols["service_kind"], ServiceKind)
    grade = _codes(cols["nco_grade"], NcoGrade)
    appr = cols["disability_approved_on"]
    died = cols["died_on"]

    graded = (lvl >= 1) & (lvl <= 10)  # 第26条
    illness = cause == ck[DisabilityCause.ILLNESS]
    kind_ok = (
        ~illness
        | (kind == sk[ServiceKind.CONSCRIPT])
        | ((kind == sk[ServiceKind.NCO]) & (grade == gk[NcoGrade.JUNIOR]))
    )  # 第25条第3款
    payable = (~illness & graded) | (illness & (lvl >= 1) & (lvl <= 6))  # 第27条第2款
    approved = ~np.isnat(appr) & (appr <= month_end)  # 第27条第2款
    alive = np.isnat(died) | (died >= month_start)  # 第32条
    ok = graded & kind_ok & payable & approved & alive
    # lean: the table by one flat index and one take, rounded on its cells once, "x where ok
    # else 0" as x * ok (numpy's where takes ~5x as long); the cell check as the engine's
    flat = np.multiply(cause, cells.shape[1], dtype=np.intp)
    flat += np.where(graded, lvl, 0)
    if (ok & ~has.ravel().take(flat)).any():
        raise AssertionError("an eligible row falls on an empty table cell")
    # half-up to the fen: yearly ≥ 0, so floor((y + 6) / 12)
    amount = ((cells + 6) // 12).ravel().take(flat)
    amount *= ok
    return amount, int(amount.sum())


# -- shuangyong --------------------------------------------------------------------------------
def shuangyong_pension(
    engine: Engine, cols: Columns, on: dt.date
) -> tuple[npt.NDArray[np.int64], int, Any]:
    res = engine.evaluate_batch(cols, on, rules=[RULE])
    amount = res[RULE].amount_fen
    assert amount is not None
    return amount, res.total_fen(RULE), res


# -- measuring ---------------------------------------------------------------------------------
def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best = float("inf")
    out = None
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def peak_bytes(fn: Callable[[], Any]) -> int:
    """Peak traced allocation while ``fn`` runs (its inputs were allocated before)."""
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        out = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del out
    return peak


def fmt_s(s: float) -> str:
    return f"{s * 1e3:9.1f} ms" if s >= 1e-3 else f"{s * 1e6:9.1f} µs"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--profile", action="store_true", help="cProfile (a) at the largest size, both enum forms"
    )
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    t = time.perf_counter()
    engine = Engine.create(entry_points=False)
    print(f"Engine.create(): {fmt_s(time.perf_counter() - t)}")
    counties = henan_county_codes(engine)
    cells, has = compile_national_table(ON)
    print(
        f"on {ON}; {len(counties)} Henan county codes; numpy {np.__version__}; "
        f"Python {sys.version.split()[0]}\n"
    )
    # warm-up: first calls import lazily and fill caches
    warm = make_population(1000, counties, True)
    shuangyong_pension(engine, warm, ON)
    numpy_pension(warm, ON, cells, has)

    header = (
        f"{'N':>9} {'enums':>7} | {'shuangyong':>12} {'numpy':>12} {'ratio':>6} | "
        f"{'input MB':>8} {'peak MB':>8} {'peak/in':>7} {'np peak/in':>10} | total (yuan)"
    )
    print(header)
    print("-" * len(header))
    rows = []
    for n in sizes:
        for as_codes in (True, False):
            form = "codes" if as_codes else "strings"
            cols = make_population(n, counties, as_codes)
            t_a, (amt_a, total_a, res) = best_of(
                partial(shuangyong_pension, engine, cols, ON), args.repeat
            )
            t_b, (amt_b, total_b) = best_of(
                partial(numpy_pension, cols, ON, cells, has), args.repeat
            )
            assert not res.errors, res.errors[:3]
            assert not (res[RULE].status == 2).any(), "unexpected undetermined rows"
            assert total_a == total_b, (total_a, total_b)
            assert np.array_equal(amt_a, amt_b), np.flatnonzero(amt_a != amt_b)[:10]
            del res, amt_a, amt_b
            inp = input_nbytes(cols)
            peak = peak_bytes(partial(shuangyong_pension, engine, cols, ON))
            peak_np = peak_bytes(partial(numpy_pension, cols, ON, cells, has))
            rows.append((n, form, t_a, t_b, inp, peak, peak_np))
            print(
                f"{n:>9,} {form:>7} | {fmt_s(t_a)} {fmt_s(t_b)} {t_a / t_b:6.2f} | "
                f"{inp / 1e6:8.1f} {peak / 1e6:8.1f} {peak / inp:7.2f} {peak_np / inp:10.2f} | "
                f"{Decimal(total_a) / 100:,.2f}"
            )

    big = max(sizes)
    print(f"\nTargets at N = {big:,}: time ≤ 2× numpy, peak memory ≤ 3× input")
    for n, form, t_a, t_b, inp, peak, _ in rows:
        if n == big:
            ok_t = "met" if t_a / t_b <= 2 else "MISSED"
            ok_m = "met" if peak / inp <= 3 else "MISSED"
            print(f"  {form:>7}: time {t_a / t_b:.2f}× ({ok_t}); memory {peak / inp:.2f}× ({ok_m})")

    if args.profile:
        for as_codes in (True, False):
            cols = make_population(big, counties, as_codes)
            prof = cProfile.Profile()
            prof.enable()
            shuangyong_pension(engine, cols, ON)
            prof.disable()
            buf = io.StringIO()
            pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(20)
            print(
                f"\n== cProfile of (a), N = {big:,}, enums as "
                f"{'codes' if as_codes else 'strings'} (sorted by tottime) =="
            )
            print(buf.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
