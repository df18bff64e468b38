"""The xlsx format, read back with openpyxl: values, types, formats, sheets, limits."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from office_sample import COLUMNS, ROWS, TOTAL_FEN, roster_table, sample_report
from shuangyong.reports import (
    Column,
    ColumnType,
    FooterRow,
    Report,
    ReportInputError,
    Section,
    Table,
)
from shuangyong.reports.cells import money_plain

from shuangyong_office.xlsx import MONEY_FORMAT, split_rows, write_xlsx

SHEET = "二、拥军优属／发放明细：2025年3月"


def _write(report: Report, path: Path, **kwargs: int) -> Path:
    with path.open("wb") as f:
        write_xlsx(report, f, {}, **kwargs)
    return path


@pytest.fixture
def book(tmp_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(_write(sample_report(), tmp_path / "r.xlsx"))


def test_sheets_overview_first_then_a_sheet_per_table(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == ["说明", SHEET]
    texts = [r[0] for r in book["说明"].iter_rows(values_only=True) if r[0] is not None]
    assert texts[0] == "建安区2025年3月伤残抚恤金发放花名册"
    assert "地区：建安区（411003）" in texts
    # provenance warnings, the approval block and where each table went
    assert any(t.startswith("【示例数据】") for t in texts)
    assert "填报单位：许昌市建安区退役军人事务局" in texts
    assert any(t.startswith("负责人：李四") and "2025-03-31" in t for t in texts)
    assert any(SHEET in t and t.startswith("表：伤残抚恤金发放花名册") for t in texts)
    assert "来源：证据记录 meeting-2024-01；证据记录 meeting-2024-02" in texts


def test_typed_cells_read_back(book: openpyxl.Workbook) -> None:
    ws = book[SHEET]
    rows = list(ws.iter_rows())
    assert [c.value for c in rows[0]] == [c.label for c in COLUMNS]
    assert all(c.font.b for c in rows[0])
    for cells, want in zip(rows[1:8], ROWS, strict=True):
        no, name, ident, town, since, fen, share = (c.value for c in cells)
        assert no == want[0] and isinstance(no, int) and cells[0].data_type == "n"
        assert name == want[1] and cells[1].data_type == "s"  # "=SUM(..)", "#N/A" stay text
        if want[2] is None:
            assert ident is None
        else:  # masked by the model, and text (a number would lose the last digits)
            assert ident == want[2][:6] + "********" + want[2][-4:]
            assert cells[2].data_type == "s"
        assert town == want[3].label
        if want[4] is None:
            assert since is None
        else:
            assert since == dt.datetime.combine(want[4], dt.time())
            assert cells[4].is_date and cells[4].number_format == "yyyy-mm-dd"
        assert cells[5].data_type == "n" and cells[5].number_format == MONEY_FORMAT
        assert Decimal(repr(fen)) == Decimal(want[5]) / 100
        if want[6] is None:
            assert share is None
        else:
            assert share == pytest.approx(float(want[6]))
            assert cells[6].number_format == "0.0%"
    footer = [c.value for c in rows[8]]
    assert footer[0] == "合计" and rows[8][0].font.b
    assert Decimal(repr(footer[5])) == Decimal(TOTAL_FEN) / 100
    assert len(rows) == 9


def test_frozen_header_filter_widths(book: openpyxl.Workbook) -> None:
    ws = book[SHEET]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:G8"
    assert ws.print_title_rows == "$1:$1"
    widths = {k: v.width for k, v in ws.column_dimensions.items()}
    # "享受待遇起始日期" is 8 characters but 16 display cells wide
    assert widths["E"] >= 16
    # the masked id (18 narrow characters) fits
    assert widths["C"] >= 18


def _sheet_xml(path: Path, sheet: int) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{sheet}.xml").decode()


def test_money_exact_in_the_file_and_read_back(tmp_path: Path) -> None:
    # every amount from 0.00 to 99.99 yuan and some large and negative ones: openpyxl's own
    # float formatting writes 0.07 as 0.07000000000000001; these must be exact
    fens = [*range(10_000), -7, -123456, 10**15 - 1, -(10**15 - 1), 2**53 + 1]
    fens = [f for f in fens if abs(f) <= 10**15 - 1]
    col = Column("amount", "金额（元）", ColumnType.MONEY)
    table = Table("m", "金额", (col,), ((*fens,),))
    report = Report("t", "金额", sections=(Section("金额", blocks=(table,)),))
    path = _write(report, tmp_path / "m.xlsx")
    xml = _sheet_xml(path, 2)
    texts = re.findall(r'<c r="A\d+"[^>]*t="n"[^>]*><v>([^<]*)</v>', xml)
    assert texts == [money_plain(f) for f in fens]
    ws = openpyxl.load_workbook(path)["金额"]
    got = [c.value for (c,) in ws.iter_rows(min_row=2)]
    # a double holds every amount below 10^13 yuan to the fen; repr is its shortest decimal
    assert [Decimal(repr(v)).quantize(Decimal("0.01")) for v in got] == [
        Decimal(f) / 100 for f in fens
    ]
    assert [Decimal(repr(v)) for v in got[:10_000]] == [Decimal(f) / 100 for f in range(10_000)]


def test_amounts_excel_cannot_hold_are_refused(tmp_path: Path) -> None:
    col = Column("amount", "金额（元）", ColumnType.MONEY)
    table = Table("pay", "金额", (col,), ((1, 10**15),))
    report = Report("t", "金额", sections=(Section("金额", blocks=(table,)),))
    with pytest.raises(ReportInputError) as info:
        write_xlsx(report, io.BytesIO(), {})
    assert info.value.field == "pay.amount[row 2]"
    assert "15" in info.value.reason and "Excel" in info.value.reason


def test_control_characters_are_refused_with_the_row(tmp_path: Path) -> None:
    col = Column("name", "姓名", ColumnType.TEXT)
    table = Table("people", "名单", (col,), (("张三", "李\x07四"),))
    report = Report("t", "名单", sections=(Section("名单", blocks=(table,)),))
    with pytest.raises(ReportInputError) as info:
        write_xlsx(report, io.BytesIO(), {})
    assert info.value.field == "people.name[row 2]"
    assert "控制字符" in info.value.reason


@pytest.mark.parametrize(
    ("height", "footer", "max_rows", "want"),
    [
        (0, 0, 10, [0]),
        (9, 0, 10, [9]),
        (10, 0, 10, [9, 1]),
        (8, 1, 10, [8]),
        (9, 1, 10, [8, 1]),  # the footer never sits on a sheet without data
        (25, 2, 10, [9, 9, 7]),
        (1_048_575, 1, 1_048_576, [1_048_574, 1]),
    ],
)
def test_split_rows(height: int, footer: int, max_rows: int, want: list[int]) -> None:
    got = split_rows(height, footer, max_rows)
    assert got == want and sum(got) == height
    assert all(n + 1 <= max_rows for n in got)
    assert got[-1] + footer + 1 <= max_rows


def test_split_rows_refuses_a_sheet_too_small() -> None:
    with pytest.raises(ValueError, match="max_rows"):
        split_rows(10, 2, 3)


def test_rows_beyond_the_sheet_limit_continue_on_further_sheets(tmp_path: Path) -> None:
    rows = [(i, f"姓名{i}", None, ROWS[0][3], None, i, None) for i in range(1, 24)]
    report = sample_report(roster_table(rows=rows))
    book = openpyxl.load_workbook(_write(report, tmp_path / "c.xlsx", max_rows=6))
    names = book.sheetnames[1:]
    assert names == [SHEET] + [f"{SHEET[:27]}（续{n}）" for n in range(2, 6)]
    assert all(len(n) <= 31 for n in names)
    seen = []
    for n, name in enumerate(names):
        ws = book[name]
        values = list(ws.iter_rows(values_only=True))
        assert list(values[0]) == [c.label for c in COLUMNS]  # the header on every sheet
        assert ws.freeze_panes == "A2"
        assert len(values) <= 6
        body = values[1:]
        if n == len(names) - 1:
            assert body[-1][0] == "合计"
            assert Decimal(repr(body[-1][5])) == Decimal(sum(range(1, 24))) / 100
            body = body[:-1]
        seen += [r[0] for r in body]
    assert seen == list(range(1, 24))


def test_empty_table_has_its_header(tmp_path: Path) -> None:
    table = Table.from_rows("empty", "空表", COLUMNS, [], footer=[FooterRow("合计", (None,) * 7)])
    report = Report("t", "空", sections=(Section("空表", blocks=(table,)),))
    ws = openpyxl.load_workbook(_write(report, tmp_path / "e.xlsx"))["空表"]
    values = list(ws.iter_rows(values_only=True))
    assert list(values[0]) == [c.label for c in COLUMNS]
    assert values[1][0] == "合计"


def test_long_text_wraps(tmp_path: Path) -> None:
    col = Column("basis", "依据", ColumnType.TEXT)
    long = "《军人抚恤优待条例》（2024）第四十三条第三款" * 4
    table = Table(
        "rules", "规则", (col, Column("x", "短", ColumnType.TEXT)), ((long, "a"), ("=1", "b"))
    )
    report = Report("t", "规则", sections=(Section("规则", blocks=(table,)),))
    ws = openpyxl.load_workbook(_write(report, tmp_path / "w.xlsx"))["规则"]
    assert ws.column_dimensions["A"].width == 60
    assert ws["A2"].alignment.wrap_text and ws["A2"].value == long
    assert not ws["B2"].alignment.wrap_text and ws["B2"].value == "=1"
    assert ws["B2"].data_type == "s"
