"""Report benchmark (issue 13): a 1M-line roster to CSV against ``pandas.DataFrame.to_csv``.

The roster table has the columns of a real 花名册 — 序号 (int), 姓名 (text), 身份证号 (id number,
masked), 出生日期 (date), 乡镇（街道） (a code with its label), 金额（元） (money, int fen) — for
N synthetic people (default 1,000,000). It measures:

* building the :class:`~shuangyong.reports.Table` (type checks, masking of id numbers);
* writing it with the ``csv`` format (UTF-8 with BOM, one table) to a file;
* the reference: ``DataFrame.to_csv`` (UTF-8 with BOM) of the *same data* as pandas would hold
  it — the masked ids and labels as strings, dates as ``datetime64``, amounts as float yuan with
  ``float_format="%.2f"`` — with the frame built beforehand and not timed.

The target is CSV write ≤ 2× pandas. Our file is one byte a line larger: the ``csv`` module
ends lines with CRLF (RFC 4180, what Excel writes), pandas with LF. Run from the repository root::

    PYTHONPATH=src .venv/bin/python benchmarks/bench_reports.py [--n 1000000]

Times are the best of ``--repeat`` runs (default 3); the machine is whatever runs it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from shuangyong.domain.ids import check_character
from shuangyong.reports import Coded, Column, ColumnType, Report, Section, Table, write_report
from shuangyong.reports.formats.csvfile import FORMAT as CSV


def _best(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    n = args.n
    rng = np.random.default_rng(13)
    births = [dt.date(1950, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 20000, n)]
    ids = []
    for i, b in enumerate(births):
        first17 = f"411003{b:%Y%m%d}{i % 1000:03d}"
        ids.append(first17 + check_character(first17))
    towns = [Coded(f"411003{100 + k}", f"示例镇{k}") for k in range(12)]
    town_of = [towns[int(k)] for k in rng.integers(0, 12, n)]
    amounts = [int(a) for a in rng.integers(50_000, 800_000, n)]
    names = [f"合成{i}" for i in range(n)]
    columns = [
        Column("no", "序号", ColumnType.INT),
        Column("name", "姓名"),
        Column("id_number", "身份证号", ColumnType.ID_NUMBER),
        Column("birth_date", "出生日期", ColumnType.DATE),
        Column("township", "乡镇（街道）", ColumnType.CODE),
        Column("amount", "金额（元）", ColumnType.MONEY),
    ]
    data = (
        tuple(range(1, n + 1)),
        tuple(names),
        tuple(ids),
        tuple(births),
        tuple(town_of),
        tuple(amounts),
    )

    t = time.perf_counter()
    table = Table("roster", "花名册", columns, data)
    build = time.perf_counter() - t
    report = Report("roster", "花名册", sections=[Section("名单", [table])])

    import pandas as pd

    frame = pd.DataFrame(
        {
            "序号": np.arange(1, n + 1, dtype=np.int64),
            "姓名": names,
            "身份证号": list(table.column("id_number")),  # already masked: same work for both
            "出生日期": pd.to_datetime(np.array(births, dtype="datetime64[D]")),
            "乡镇（街道）": [c.label for c in town_of],
            "金额（元）": np.array(amounts, dtype=np.int64) / 100,
        }
    )
    with tempfile.TemporaryDirectory() as tmp:
        ours_path = Path(tmp) / "ours.csv"
        theirs_path = Path(tmp) / "pandas.csv"
        ours = _best(lambda: write_report(report, ours_path, CSV), args.repeat)
        theirs = _best(
            lambda: frame.to_csv(
                theirs_path,
                index=False,
                encoding="utf-8-sig",
                float_format="%.2f",
                date_format="%Y-%m-%d",
            ),
            args.repeat,
        )
        same_size = ours_path.stat().st_size, theirs_path.stat().st_size
    print(f"roster of {n:,} lines")
    print(f"  Table build (checks, masking):        {build:7.2f} s")
    print(f"  csv format (UTF-8 BOM, atomic write): {ours:7.2f} s")
    print(f"  pandas DataFrame.to_csv:              {theirs:7.2f} s")
    print(f"  ratio csv / pandas:                   {ours / theirs:7.2f}x  (target <= 2x)")
    print(f"  file sizes (ours, pandas):            {same_size[0]:,} / {same_size[1]:,} bytes")


if __name__ == "__main__":
    main()
