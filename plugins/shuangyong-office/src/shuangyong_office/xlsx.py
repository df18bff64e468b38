"""The ``xlsx`` format: a workbook with typed cells, written in constant memory.

Layout: a first sheet ``说明`` holds what is not a table — the title, the subject, the caveats
(provenance warnings), each section's paragraphs and notes, the approval block and the plugins
used — and says on which sheet each table is. Every table then gets sheets of its own, named
after its section (``section-caption`` when a section holds several tables), with its header in
row 1, frozen, filtered and repeated on every printed page, and its footer (合计) rows last.
A table longer than an Excel sheet (1,048,576 rows) continues on ``…（续2）``, ``…（续3）`` with
the header repeated, the footer on the last one.

Cells are typed: money is a number in yuan with a ``#,##0.00`` format, written exactly from int
fen (see :mod:`shuangyong_office._money`); dates are date cells; counts are integers; ratios are
numbers with a ``0.0%`` format; id numbers and codes are text (an 18-digit number would lose its
last digits as a number). Text is never taken for a formula or an error code, and never cut.

openpyxl's write-only mode streams every row to a temporary file, so memory stays flat however
long the table; the price is that column widths must be set before the first row, so they are
measured on the header, the footer and the first :data:`WIDTH_SAMPLE` rows.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterator, Mapping
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from shuangyong.reports import (
    Column,
    ColumnType,
    Entry,
    Note,
    Paragraph,
    Report,
    ReportInputError,
    Section,
    Table,
)
from shuangyong.reports.cells import display, money_plain

from shuangyong_office._money import MAX_EXACT, too_many_digits
from shuangyong_office._sheetnames import SheetNamer
from shuangyong_office._text import MAX_WIDTH, column_width, display_width

__all__ = ["EXCEL_MAX_ROWS", "WIDTH_SAMPLE", "write_xlsx"]

EXCEL_MAX_ROWS = 1_048_576
"""Rows in one Excel worksheet (2^20); a longer table continues on further sheets."""

WIDTH_SAMPLE = 1000
"""Rows read to size the columns (write-only sheets need widths before the first row)."""

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0.0%"
MAX_TEXT = 32767  # Excel's limit for one cell; openpyxl would cut longer text silently

OVERVIEW = "说明"

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=16)
_WARN = Font(bold=True, color="C00000")
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_THIN = Side(style="thin", color="808080")
_HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER_WRAP = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def write_xlsx(
    report: Report,
    stream: IO[bytes],
    options: Mapping[str, str],
    *,
    max_rows: int = EXCEL_MAX_ROWS,
) -> None:
    """Write ``report`` as an xlsx workbook to ``stream`` (the ``xlsx`` format's writer).

    Args:
        report: the document.
        stream: a binary stream (a file opened ``"wb"``).
        options: none are declared; the registry refuses any before this is called.
        max_rows: rows per sheet, header included; tests inject a small one to exercise the
            continuation sheets without writing a million rows.

    Raises:
        ReportInputError: a cell Excel cannot hold as it is (a number of more than 15 digits,
            text over 32,767 characters or with control characters), naming table, column, row.
    """
    del options  # the format declares none
    plan = _plan(report, max_rows)
    wb = Workbook(write_only=True)
    try:
        _write_overview(wb, report, plan)
        for table, parts in plan:
            rows = table.rows()
            first_row = 1
            for name, count, with_footer in parts:
                _write_table_sheet(
                    wb.create_sheet(name),
                    table,
                    itertools.islice(rows, count),
                    first_row=first_row,
                    footer=with_footer,
                )
                first_row += count
    except BaseException:
        _abandon(wb)
        raise
    wb.save(stream)


def _abandon(wb: Workbook) -> None:
    """Close and delete the sheets' temporary files after a failure.

    A write-only sheet streams to a temporary file through open generators; left alone they
    leak the file and complain when collected. The first error is what the caller must see,
    so errors while cleaning up are not raised over it.
    """
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        with contextlib.suppress(Exception):
            ws.close()
        with contextlib.suppress(Exception):
            writer.cleanup()


Part = tuple[str, int, bool]
"""A sheet of a table: its name, how many data rows it holds, whether the footer is on it."""


def _plan(report: Report, max_rows: int) -> list[tuple[Table, list[Part]]]:
    """Sheet names and row counts for every table, before anything is written.

    The overview sheet is named first (it comes first and names the others).
    """
    namer = SheetNamer()
    namer.name(OVERVIEW)
    plan: list[tuple[Table, list[Part]]] = []
    for section in report.sections:
        tables = list(section.tables())
        for table in tables:
            title = section.title if len(tables) == 1 else f"{section.title}-{table.caption}"
            counts = split_rows(table.height, len(table.footer), max_rows)
            parts = [
                (namer.name(title, part=n), count, n == len(counts))
                for n, count in enumerate(counts, 1)
            ]
            plan.append((table, parts))
    return plan


def split_rows(height: int, footer: int, max_rows: int) -> list[int]:
    """Data rows per sheet for a table of ``height`` rows and ``footer`` total rows.

    Every sheet has the header in row 1; the footer rows go on the last sheet, which therefore
    holds at least one data row when there are any (a total on a sheet of its own would look
    like a table without data).

    Raises:
        ValueError: ``max_rows`` cannot hold a header, a data row and the footer.
    """
    room = max_rows - 1
    if room < footer + 1:
        raise ValueError(
            f"每个工作表至少需要 {footer + 2} 行 / max_rows must be at least {footer + 2} "
            f"(header, a data row and {footer} footer rows): max_rows={max_rows}"
        )
    counts: list[int] = []
    remaining = height
    while remaining + footer > room:
        take = min(room, remaining - 1)
        counts.append(take)
        remaining -= take
    counts.append(remaining)
    return counts


# -- the table sheets -----------------------------------------------------------------------


def _write_table_sheet(
    ws: WriteOnlyWorksheet,
    table: Table,
    rows: Iterator[tuple[Any, ...]],
    *,
    first_row: int,
    footer: bool,
) -> None:
    columns = table.columns
    widths = _size_columns(ws, table)
    last = get_column_letter(len(columns))
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"

    header = []
    for col in columns:
        cell = WriteOnlyCell(ws, value=_safe_text(col.label, f"{table.key}.{col.key}.label"))
        _force_text(cell)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.border = _HEADER_BORDER
        cell.alignment = _CENTER_WRAP
        header.append(cell)
    ws.append(header)

    # text wider than the widest column wraps instead of running under its neighbours
    converters = [
        _converter(ws, table, col, wrap=w > MAX_WIDTH)
        for col, w in zip(columns, widths, strict=True)
    ]
    pairs = list(zip(converters, range(len(columns)), strict=True))
    data_rows = 0
    for data_rows, row in enumerate(rows, 1):
        try:
            ws.append([conv(row[i]) for conv, i in pairs])
        except _CellError as exc:
            raise exc.at(first_row + data_rows - 1) from None
    if data_rows:
        ws.auto_filter.ref = f"A1:{last}{data_rows + 1}"
    if footer:
        for frow in table.footer:
            ws.append(_footer_cells(ws, table, frow.label, frow.cells))


def _size_columns(ws: WriteOnlyWorksheet, table: Table) -> list[int]:
    """Set the column widths from the sample; return the widest text of each column."""
    widths = [display_width(col.label) for col in table.columns]
    sample = itertools.islice(table.rows(), WIDTH_SAMPLE)
    for row in itertools.chain(sample, (f.cells for f in table.footer)):
        for i, (col, value) in enumerate(zip(table.columns, row, strict=True)):
            if value is not None:
                widths[i] = max(widths[i], display_width(display(col, value)))
    for frow in table.footer:
        widths[0] = max(widths[0], display_width(frow.label))
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = column_width(w)
    return widths


class _CellError(Exception):
    """A bad cell found while converting a row; the caller adds the row number."""

    def __init__(self, field: str, value: Any, reason: str) -> None:
        super().__init__(field)
        self.field = field
        self.value = value
        self.reason = reason

    def at(self, row: int) -> ReportInputError:
        return ReportInputError(f"{self.field}[row {row}]", self.value, self.reason)


def _check_text(value: str, field: str) -> None:
    if len(value) > MAX_TEXT:
        raise _CellError(
            field,
            value[:40] + "…",
            f"文本超过 Excel 单元格上限 {MAX_TEXT} 字符 / text longer than Excel's {MAX_TEXT} "
            f"characters per cell ({len(value)})",
        )
    if ILLEGAL_CHARACTERS_RE.search(value):
        raise _CellError(
            field,
            value,
            "文本含 Excel 不允许的控制字符 / text holds control characters Excel refuses",
        )


def _safe_text(value: str, field: str) -> str:
    try:
        _check_text(value, field)
    except _CellError as exc:
        raise ReportInputError(exc.field, exc.value, exc.reason) from None
    return value


def _needs_guard(value: str) -> bool:
    # openpyxl turns "=..." into a formula and "#N/A" into an error cell; report text is
    # neither (and a formula from data is a spreadsheet-injection risk)
    return (len(value) > 1 and value[0] == "=") or value in ERROR_CODES


def _force_text(cell: Any) -> None:
    cell.data_type = "s"


def _converter(
    ws: WriteOnlyWorksheet, table: Table, col: Column, *, wrap: bool = False
) -> Callable[[Any], Any]:
    """A function from a value of ``col`` to what ``ws.append`` takes for it.

    Plain values (int, str) go through openpyxl's own cell; styled values reuse one cell per
    column: write-only sheets serialise each cell as the row is appended, so the cell is free
    again for the next row, and a million rows do not build a million cell objects.
    """
    field = f"{table.key}.{col.key}"
    t = col.type
    if t is ColumnType.MONEY:
        cell = WriteOnlyCell(ws)
        cell.number_format = MONEY_FORMAT

        def money(v: int | None) -> Any:
            if v is None:
                return None
            if not -MAX_EXACT <= v <= MAX_EXACT:
                raise _CellError(field, v, too_many_digits(money=True))
            # exact decimal text, marked numeric: see _money for why not the number itself
            cell._value = money_plain(v)
            cell.data_type = "n"
            return cell

        return money
    if t is ColumnType.INT:

        def integer(v: int | None) -> Any:
            if v is not None and not -MAX_EXACT <= v <= MAX_EXACT:
                raise _CellError(field, v, too_many_digits(money=False))
            return v

        return integer
    if t is ColumnType.DATE:
        cell = WriteOnlyCell(ws)
        cell.number_format = DATE_FORMAT

        def date(v: Any) -> Any:
            if v is None:
                return None
            cell.value = v
            return cell

        return date
    if t is ColumnType.PERCENT:
        cell = WriteOnlyCell(ws)
        cell.number_format = PERCENT_FORMAT

        def percent(v: Any) -> Any:
            if v is None:
                return None
            # a ratio is shown to 0.1 %; Excel holds it as a double like every number
            cell.value = v.numerator / v.denominator
            return cell

        return percent
    guard = WriteOnlyCell(ws)
    if wrap:
        guard.alignment = _WRAP
    label = t is ColumnType.CODE

    def text(v: Any) -> Any:
        if v is None:
            return None
        s = v.label if label else v
        _check_text(s, field)
        if wrap or _needs_guard(s):
            guard._value = s
            guard.data_type = "s"
            return guard
        return s

    return text


def _footer_cells(
    ws: WriteOnlyWorksheet, table: Table, label: str, values: tuple[Any, ...]
) -> list[Any]:
    out: list[Any] = []
    for i, (col, value) in enumerate(zip(table.columns, values, strict=True)):
        if i == 0 and value is None:
            value, col = label, Column(col.key, col.label)
        conv = _converter(ws, table, col)
        try:
            got = conv(value)
        except _CellError as exc:
            raise ReportInputError(f"{exc.field}（{label}）", exc.value, exc.reason) from None
        cell = got if isinstance(got, Cell) else WriteOnlyCell(ws, value=got)
        if got is not None and isinstance(got, str) and _needs_guard(got):
            _force_text(cell)
        cell.font = _BOLD
        out.append(cell)
    return out


# -- the overview sheet ----------------------------------------------------------------------


def _write_overview(wb: Workbook, report: Report, plan: list[tuple[Table, list[Part]]]) -> None:
    ws = wb.create_sheet(OVERVIEW)
    ws.column_dimensions["A"].width = 100
    sheets = {id(t): [p[0] for p in parts] for t, parts in plan}

    def line(text: str, font: Font | None = None) -> None:
        cell = WriteOnlyCell(ws, value=_safe_text(text, "report"))
        _force_text(cell)
        cell.alignment = _WRAP
        if font is not None:
            cell.font = font
        ws.append([cell])

    line(report.title, _TITLE)
    subject = report.subject
    if subject.division is not None:
        line(f"地区：{subject.division.label}（{subject.division.code}）")
    if subject.period:
        line(f"期间：{subject.period}")
    if report.as_of is not None:
        line(f"数据截至：{report.as_of.isoformat()}")
    for caveat in report.caveats:
        line(f"【{caveat.kind.label}】{caveat.text}", _WARN)

    def section(s: Section, depth: int) -> None:
        ws.append([])
        line(s.title, Font(bold=True, size=max(11, 14 - 2 * depth)))
        for block in s.blocks:
            if isinstance(block, Paragraph):
                line(block.text)
                if block.sources:
                    line("来源：" + "；".join(block.sources), Font(italic=True, color="595959"))
            elif isinstance(block, Note):
                line("注：" + block.text, Font(italic=True))
            elif isinstance(block, Entry):
                line("· " + block.heading)
                for detail in block.details:
                    line("　　" + detail)
            else:
                names = "、".join(sheets.get(id(block), []))
                line(f"表：{block.caption}（{block.height} 行，见工作表 {names}）")
        for sub in s.sections:
            section(sub, depth + 1)

    for s in report.sections:
        section(s, 0)
    if report.approval is not None:
        ws.append([])
        if report.approval.unit:
            line(f"填报单位：{report.approval.unit}", _BOLD)
        for sig in report.approval.signatories:
            date = sig.date.isoformat() if sig.date else "        年    月    日"
            line(f"{sig.role}：{sig.name or '____________'}    日期：{date}")
    if report.plugins:
        ws.append([])
        line("使用的插件：" + "、".join(report.plugins), Font(italic=True, color="595959"))
