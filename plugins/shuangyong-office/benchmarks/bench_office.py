"""Benchmarks of the office formats: a large roster to xlsx, a 50-page PDF.

    .venv/bin/python plugins/shuangyong-office/benchmarks/bench_office.py [--rows 1000000]
        [--pages 50] [--skip-xlsx] [--skip-pdf] [--keep DIR]

xlsx: a synthetic roster of ``--rows`` lines (序号, 姓名, masked id number, 乡镇 code, date,
money) written by the ``xlsx`` format in openpyxl's write-only (constant-memory) mode. Reports the
time, the file size and memory: the process's peak RSS after building the table and after
writing, so the difference is what writing added on top of the report held in memory. For scale,
the same rows are also written by bare openpyxl write-only with no styles, types or checks
(money as float: the thing the format avoids), the floor any xlsx writer on openpyxl pays.

pdf: a roster long enough for ``--pages`` A4 pages through the ``pdf`` format (WeasyPrint);
reports the time and the pages as counted by ``pdfinfo``.

Synthetic data only; the machine's load changes the figures, so run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from shuangyong.reports import (
    Coded,
    Column,
    ColumnType,
    FooterRow,
    Report,
    Section,
    Subject,
    Table,
)

COLUMNS = (
    Column("no", "序号", ColumnType.INT),
    Column("name", "姓名", ColumnType.TEXT),
    Column("id", "公民身份号码", ColumnType.ID_NUMBER),
    Column("town", "乡镇（街道）", ColumnType.CODE),
    Column("since", "享受待遇起始日期", ColumnType.DATE),
    Column("amount", "发放金额（元）", ColumnType.MONEY),
)
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"
_TOWNS = tuple(
    Coded(f"411003{n:03d}", name)
    for n, name in enumerate(
        ("灵井镇", "陈曹乡", "苏桥镇", "榆林乡", "五女店镇", "将官池镇", "张潘镇", "蒋李集镇"), 1
    )
)


def peak_rss_mib() -> float:
    """The process's peak resident set size so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def roster(rows: int) -> Table:
    """A synthetic roster of ``rows`` lines, built column by column as builders do."""
    start = dt.date(2019, 1, 1)
    names = [
        _SURNAMES[i % 20] + _GIVEN[(i // 20) % 26] + _GIVEN[(i // 520) % 26] for i in range(rows)
    ]
    ids = [
        "411003" + f"{19500101 + (i % 500) * 100:08d}" + f"{i % 1000:03d}" + "X"
        for i in range(rows)
    ]
    data = (
        tuple(range(1, rows + 1)),
        tuple(names),
        tuple(ids),
        tuple(_TOWNS[i % len(_TOWNS)] for i in range(rows)),
        tuple(start + dt.timedelta(days=i % 2000) for i in range(rows)),
        tuple(150_000 + (i * 7919) % 400_000 for i in range(rows)),
    )
    total = sum(data[5])
    return Table(
        "roster",
        "优抚对象花名册",
        COLUMNS,
        data,
        footer=(FooterRow("合计", (None, None, None, None, None, total)),),
    )


def report_of(table: Table) -> Report:
    return Report(
        kind="roster",
        title="建安区优抚对象花名册（基准测试，合成数据）",
        subject=Subject(Coded("411003", "建安区"), "2025年3月"),
        sections=(Section("花名册", blocks=(table,)),),
    )


def bench_xlsx(rows: int, out: Path) -> None:
    from openpyxl import Workbook

    from shuangyong_office.xlsx import write_xlsx

    t0 = time.perf_counter()
    table = roster(rows)
    report = report_of(table)
    built = time.perf_counter() - t0
    gc.collect()
    rss_built = peak_rss_mib()
    path = out / "roster.xlsx"
    t0 = time.perf_counter()
    with path.open("wb") as f:
        write_xlsx(report, f, {})
    took = time.perf_counter() - t0
    rss_written = peak_rss_mib()
    sheets = -(-(rows + 1) // 1_048_575)
    print(
        f"xlsx: {rows:,} rows ({sheets} sheet(s) of data) in {took:.1f} s "
        f"({rows / took:,.0f} rows/s); file {path.stat().st_size / 2**20:.1f} MiB"
    )
    print(
        f"      table built in {built:.1f} s; peak RSS {rss_built:,.0f} MiB after building, "
        f"{rss_written:,.0f} MiB after writing (+{rss_written - rss_built:,.0f} MiB)"
    )

    # the floor: bare write-only openpyxl, plain values, no styles, no checks
    t0 = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("bare")
    ws.append([c.label for c in COLUMNS])
    limit = 1_048_575
    for n, row in enumerate(table.rows()):
        if n and n % limit == 0:
            ws = wb.create_sheet(f"bare{n // limit + 1}")
        ws.append([row[0], row[1], row[2], row[3].label, row[4], row[5] / 100])
    wb.save(out / "bare.xlsx")
    bare = time.perf_counter() - t0
    print(
        f"      bare openpyxl write-only of the same rows: {bare:.1f} s "
        f"(the format takes {took / bare:.2f}x)"
    )


def bench_pdf(pages: int, out: Path) -> None:
    from shuangyong_office.pdf import write_pdf

    pdfinfo = shutil.which("pdfinfo")

    def count(path: Path) -> int:
        if pdfinfo is None:
            return -1
        info = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True, check=True)
        line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
        return int(line.split()[1])

    # rows per page from a small probe, then a roster long enough for the pages asked
    probe = out / "probe.pdf"
    with probe.open("wb") as f:
        write_pdf(report_of(roster(400)), f, {})
    per_page = 400 / max(1, count(probe))
    rows = int(per_page * pages)
    path = out / "report.pdf"
    for _ in range(3):  # the first page holds fewer lines: grow until the pages are there
        report = report_of(roster(rows))
        t0 = time.perf_counter()
        with path.open("wb") as f:
            write_pdf(report, f, {})
        took = time.perf_counter() - t0
        got = count(path)
        if got >= pages or got < 0:
            break
        rows += int(per_page * (pages - got)) + 1
    print(
        f"pdf:  {got} pages ({rows:,} roster lines) in {took:.1f} s "
        f"({took / max(got, 1):.2f} s a page); file {path.stat().st_size / 2**20:.2f} MiB"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--skip-xlsx", action="store_true")
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        # xlsx first: peak RSS only grows, and WeasyPrint's would hide the writer's
        if not args.skip_xlsx:
            bench_xlsx(args.rows, out)
        if not args.skip_pdf:
            bench_pdf(args.pages, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
