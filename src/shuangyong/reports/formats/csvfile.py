"""CSV: tables for spreadsheets, UTF-8 with a BOM (so Excel opens Chinese correctly) by default.

Options:

* ``encoding``: ``utf-8-sig`` (default: UTF-8 with a byte-order mark, for Excel), ``gb18030``
  (for older systems that expect the national encoding; it encodes every character, so nothing is
  lost), or ``utf-8`` (no BOM, for programs).
* ``table``: the key of one table to write.

**One table** (``table=KEY``, or a report that has only one table): a plain CSV — one header row
of the Chinese column labels, then one row per data row. Footer rows (totals) are left out, so a
program or a pivot table reads clean data; totals are in every other format.

**Several tables** (no ``table`` option): one file with a *section marker* before each
table — a row whose single cell starts with ``#`` (``# 城关镇 / 发放明细``) — then the header
row, the data rows, the footer rows (their label in the first column) and an empty row. The
file starts with ``# `` rows for the title, the subject and each caveat, so a warning about
``example`` figures travels with the figures. Paragraphs and notes are not written: CSV is for
tables.

Money is plain yuan with two decimals (``1234.56``, which Excel reads as a number), dates ISO,
codes their Chinese label, id numbers as the report holds them (masked unless revealed).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING

from shuangyong.reports.cells import plain, plain_column
from shuangyong.reports.errors import ReportInputError
from shuangyong.reports.model import Report, Section, Table
from shuangyong.reports.registry import ReportFormat

if TYPE_CHECKING:
    from _csv import Writer as CsvWriter

__all__ = ["ENCODINGS", "FORMAT", "write_csv"]

ENCODINGS = ("utf-8-sig", "gb18030", "utf-8")


def _encoding(options: Mapping[str, str]) -> str:
    enc = options.get("encoding", "utf-8-sig").lower().replace("_", "-")
    if enc == "utf8":
        enc = "utf-8"
    if enc not in ENCODINGS:
        raise ReportInputError(
            "option encoding",
            options.get("encoding"),
            f"CSV 编码只能是 {'、'.join(ENCODINGS)} / CSV encoding must be one of "
            + ", ".join(ENCODINGS),
        )
    return enc


def _write_table(w: CsvWriter, t: Table, footer: bool) -> None:
    w.writerow([c.label for c in t.columns])
    # whole columns at once, then zip: a million rows without a Python loop per cell
    cols = [plain_column(c, v) for c, v in zip(t.columns, t.data, strict=True)]
    w.writerows(zip(*cols, strict=True))
    if footer:
        for f in t.footer:
            cells = [plain(c, v) for c, v in zip(t.columns, f.cells, strict=True)]
            if cells and not cells[0]:
                cells[0] = f.label
            else:
                cells.insert(0, f.label)
            w.writerow(cells)


def _sections(
    w: CsvWriter,
    sections: tuple[Section, ...],
    path: tuple[str, ...],
) -> None:
    for s in sections:
        here = (*path, s.title)
        for b in s.blocks:
            if isinstance(b, Table):
                w.writerow(["# " + " / ".join((*here, b.caption))])
                _write_table(w, b, footer=True)
                w.writerow([])
        _sections(w, s.sections, here)


def write_csv(report: Report, stream: IO[bytes], options: Mapping[str, str]) -> None:
    """Write the report's tables as CSV (see the module docstring for the layout)."""
    encoding = _encoding(options)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="", write_through=False)
    try:
        w = csv.writer(text)
        tables = list(report.tables())
        if "table" in options:
            _write_table(w, report.table(options["table"]), footer=False)
        elif len(tables) == 1:
            _write_table(w, tables[0], footer=False)
        else:
            w.writerow(["# " + report.title])
            subject = report.subject
            where = subject.division.label if subject.division else ""
            if where or subject.period:
                w.writerow(["# " + " ".join(x for x in (where, subject.period) if x)])
            for c in report.caveats:
                w.writerow([f"# 【{c.kind.label}】{c.text}"])
            w.writerow([])
            _sections(w, report.sections, ())
        text.flush()
    finally:
        text.detach()  # leave the caller's stream open


FORMAT = ReportFormat(
    name="csv",
    label="CSV 表格",
    suffix=".csv",
    media_type="text/csv",
    write=write_csv,
    options={
        "encoding": "utf-8-sig (default, Excel), gb18030, or utf-8",
        "table": "the key of one table to write as a plain CSV",
    },
)
