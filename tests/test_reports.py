"""The report model and the core formats (issue 13 §1, §3, §5): every format is written to a real
file and read back — JSON parsed, CSV read with the encoding it claims, HTML parsed, Markdown
tables split — and id numbers are masked unless a column is explicitly revealed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

import pytest

from shuangyong.errors import DuplicateRegistrationError, ShuangyongError
from shuangyong.reports import (
    Approval,
    Caveat,
    CaveatKind,
    Coded,
    Column,
    ColumnType,
    Entry,
    FooterRow,
    Note,
    Paragraph,
    Report,
    ReportBuilder,
    ReportFormat,
    ReportInputError,
    ReportWriteError,
    Section,
    Subject,
    Table,
    UnknownReportError,
    collect_reports,
    render_bytes,
    write_report,
)

PID = "411003199001010011"
MASKED = "411003********0011"


def _table(revealed: bool = False) -> Table:
    cols = [
        Column("no", "序号", ColumnType.INT),
        Column("name", "姓名"),
        Column("id_number", "身份证号", ColumnType.ID_NUMBER, revealed=revealed),
        Column("town", "乡镇（街道）", ColumnType.CODE),
        Column("since", "起始日期", ColumnType.DATE),
        Column("share", "比例", ColumnType.PERCENT),
        Column("amount", "金额（元）", ColumnType.MONEY),
    ]
    rows = [
        (
            1,
            "张三",
            PID,
            Coded("411003100", "示例镇"),
            dt.date(2025, 3, 1),
            Fraction(1, 3),
            492_500,
        ),
        (2, "李|四", None, Coded("411003101", "另一镇"), None, Fraction(1), 123_456_789),
    ]
    return Table.from_rows(
        "lines",
        "发放明细",
        cols,
        rows,
        footer=[FooterRow("合计", (None, "2 人", None, None, None, None, 123_949_289))],
    )


def _report(revealed: bool = False) -> Report:
    other = Table.from_rows("towns", "乡镇小计", [Column("n", "人数", ColumnType.INT)], [(2,)])
    return Report(
        kind="test",
        title="测试报表",
        subject=Subject(Coded("411003", "建安区"), "2025年3月"),
        sections=[
            Section(
                "一、明细",
                [
                    Paragraph("共 2 人。", ["发放台账"]),
                    _table(revealed),
                    Note("金额含补发。"),
                    Entry("[符合] 某项", ["证据：某文件"]),
                ],
                sections=[Section("（一）小计", [other])],
            ),
            Section("二、说明", [Paragraph("<script>不是标签</script>")]),
        ],
        caveats=[Caveat(CaveatKind.EXAMPLE, "使用了示例数据。")],
        approval=Approval(),
    )


@pytest.fixture(scope="module")
def formats() -> dict[str, ReportFormat]:
    return collect_reports(entry_points=False).formats


# -- the model ----------------------------------------------------------------------------------
def test_ids_are_masked_when_the_table_is_built() -> None:
    t = _table()
    assert t.column("id_number") == (MASKED, None)
    assert not t.revealed
    assert _table(revealed=True).column("id_number")[0] == PID


@pytest.mark.parametrize(
    ("ctype", "bad"),
    [
        (ColumnType.MONEY, 12.5),  # no float money
        (ColumnType.MONEY, True),  # a bool is not an amount
        (ColumnType.INT, "3"),
        (ColumnType.DATE, dt.datetime(2025, 1, 1)),
        (ColumnType.CODE, "411003"),
        (ColumnType.PERCENT, 0.5),
    ],
)
def test_a_cell_of_the_wrong_type_names_table_column_and_value(
    ctype: ColumnType, bad: object
) -> None:
    with pytest.raises(ReportInputError) as info:
        Table.from_rows("t", "表", [Column("c", "列", ctype)], [(bad,)])
    assert info.value.field == "t.c" and info.value.value is bad
    assert "column 'c'" in str(info.value)


def test_unequal_columns_and_duplicate_keys_are_refused() -> None:
    with pytest.raises(ReportInputError, match="unequal"):
        Table("t", "表", [Column("a", "甲"), Column("b", "乙")], [("x",), ()])
    with pytest.raises(ReportInputError, match="duplicate column"):
        Table("t", "表", [Column("a", "甲"), Column("a", "乙")], [(), ()])
    t = Table("t", "表", [Column("a", "甲")], [()])
    with pytest.raises(ReportInputError, match="duplicate table"):
        Report("k", "题", sections=[Section("节", [t, t])])


# -- JSON ---------------------------------------------------------------------------------------
def test_json_is_data_with_a_format_version(
    formats: dict[str, ReportFormat], tmp_path: Path
) -> None:
    path = write_report(_report(), tmp_path / "r.json", formats["json"])
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "shuangyong.report" and data["format_version"] == 1
    assert data["uses_example"] is True and data["ids_revealed"] is False
    table = data["sections"][0]["blocks"][1]
    assert [c["type"] for c in table["columns"]] == [
        "int",
        "text",
        "id_number",
        "code",
        "date",
        "percent",
        "money",
    ]
    first = table["rows"][0]
    assert first["amount"] == 492_500  # int fen, not a display string
    assert first["town"] == {"code": "411003100", "label": "示例镇"}
    assert first["since"] == "2025-03-01" and first["share"] == "1/3"
    assert first["id_number"] == MASKED
    assert table["footer"][0]["cells"]["amount"] == 123_949_289
    assert data["sections"][0]["sections"][0]["blocks"][0]["rows"] == [{"n": 2}]


# -- CSV ----------------------------------------------------------------------------------------
def test_csv_one_table_utf8_with_bom_for_excel(
    formats: dict[str, ReportFormat], tmp_path: Path
) -> None:
    path = write_report(_report(), tmp_path / "r.csv", formats["csv"], {"table": "lines"})
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["序号", "姓名", "身份证号", "乡镇（街道）", "起始日期", "比例", "金额（元）"]
    assert rows[1] == ["1", "张三", MASKED, "示例镇", "2025-03-01", "33.3%", "4925.00"]
    assert rows[2] == ["2", "李|四", "", "另一镇", "", "100.0%", "1234567.89"]
    assert len(rows) == 3  # a single table has no total rows: clean data


def test_csv_gb18030_on_request(formats: dict[str, ReportFormat], tmp_path: Path) -> None:
    path = write_report(
        _report(), tmp_path / "r.csv", formats["csv"], {"encoding": "gb18030", "table": "lines"}
    )
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    rows = list(csv.reader(io.StringIO(raw.decode("gb18030"), newline="")))
    assert rows[1][1] == "张三"


def test_csv_several_tables_with_section_markers(
    formats: dict[str, ReportFormat], tmp_path: Path
) -> None:
    path = write_report(_report(), tmp_path / "r.csv", formats["csv"])
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0] == ["# 测试报表"]
    assert ["# 【示例数据】使用了示例数据。"] in rows
    markers = [r[0] for r in rows if r and r[0].startswith("# ") and "/" in r[0]]
    assert markers == ["# 一、明细 / 发放明细", "# 一、明细 / （一）小计 / 乡镇小计"]
    start = rows.index(["# 一、明细 / 发放明细"])
    assert rows[start + 1][0] == "序号"
    assert rows[start + 4][0] == "合计" and rows[start + 4][-1] == "1239492.89"


def test_csv_options_are_checked(formats: dict[str, ReportFormat], tmp_path: Path) -> None:
    with pytest.raises(ReportInputError, match="encoding"):
        write_report(_report(), tmp_path / "r.csv", formats["csv"], {"encoding": "latin-1"})
    with pytest.raises(ReportInputError, match="no such option"):
        write_report(_report(), tmp_path / "r.csv", formats["csv"], {"sheet": "x"})
    with pytest.raises(ReportInputError, match="no such table"):
        write_report(_report(), tmp_path / "r.csv", formats["csv"], {"table": "nope"})
    assert list(tmp_path.iterdir()) == []  # a refused write leaves nothing behind


# -- HTML ---------------------------------------------------------------------------------------
class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.cells: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_cell = tag in ("td", "th")
        if self._in_cell:
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_cell:
            self.cells[-1] += data


def test_html_is_self_contained_and_printable(
    formats: dict[str, ReportFormat], tmp_path: Path
) -> None:
    path = write_report(_report(), tmp_path / "r.html", formats["html"])
    page = path.read_text(encoding="utf-8")
    parser = _Collect()
    parser.feed(page)
    parser.close()
    assert "script" not in parser.tags and "link" not in parser.tags  # self-contained
    assert "src=" not in page and "http" not in page
    assert '<html lang="zh-CN">' in page and "@media print" in page and "@page" in page
    assert "break-before: page" in page and "Noto Serif CJK SC" in page
    assert "<script>不是标签</script>" in "".join(parser.text)  # escaped, shown as text
    assert MASKED in parser.cells and PID not in page
    assert "4,925.00" in parser.cells and "1,239,492.89" in parser.cells
    assert "【示例数据】" in "".join(parser.text)
    assert parser.tags.count("section") == 3 and parser.tags.count("table") == 2


# -- Markdown -----------------------------------------------------------------------------------
def test_markdown_tables(formats: dict[str, ReportFormat], tmp_path: Path) -> None:
    path = write_report(_report(), tmp_path / "r.md", formats["markdown"])
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# 测试报表"
    assert "> **【示例数据】** 使用了示例数据。" in lines
    head = lines.index("| 序号 | 姓名 | 身份证号 | 乡镇（街道） | 起始日期 | 比例 | 金额（元） |")
    assert lines[head + 1] == "|---:|---|---|---|---|---:|---:|"
    cells = [c.strip() for c in lines[head + 3].strip("|").split(" | ")]
    assert cells[1] == "李\\|四"  # a pipe in a cell is escaped
    assert lines[head + 4].endswith("**1,239,492.89** |")
    assert "### （一）小计" in lines and "- [符合] 某项" in lines


def test_text_format(formats: dict[str, ReportFormat]) -> None:
    text = render_bytes(_report(), formats["text"]).decode("utf-8")
    assert text.startswith("测试报表\n地区：建安区　期间：2025年3月\n【示例数据】使用了示例数据。")
    assert "  [符合] 某项\n      证据：某文件" in text
    assert "经办人：" in text and MASKED in text


@pytest.mark.parametrize("name", ["json", "csv", "markdown", "html", "text"])
def test_revealed_only_when_the_column_says_so(formats: dict[str, ReportFormat], name: str) -> None:
    masked = render_bytes(_report(), formats[name], {"table": "lines"} if name == "csv" else {})
    assert PID.encode() not in masked
    shown = render_bytes(
        _report(revealed=True), formats[name], {"table": "lines"} if name == "csv" else {}
    )
    assert PID.encode() in shown


# -- writing ------------------------------------------------------------------------------------
def test_a_failing_write_leaves_no_file_and_keeps_the_old_one(
    formats: dict[str, ReportFormat], tmp_path: Path
) -> None:
    def broken(report: Report, stream: object, options: object) -> None:
        stream.write(b"half a report")  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    bad = ReportFormat("broken", "坏格式", ".x", "text/plain", broken)
    target = tmp_path / "r.x"
    with pytest.raises(ReportWriteError, match="nothing left behind"):
        write_report(_report(), target, bad)
    assert list(tmp_path.iterdir()) == []
    target.write_text("old", encoding="utf-8")
    with pytest.raises(ReportWriteError):
        write_report(_report(), target, bad)
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]
    with pytest.raises(ReportWriteError, match="cannot create"):
        write_report(_report(), tmp_path / "missing" / "r.json", formats["json"])


# -- the hooks ----------------------------------------------------------------------------------
def _tsv_plugin(name: str = "tsv_plugin", dist: str = "shuangyong-tsv") -> object:
    """The plugin guide's custom format, as written there."""
    import types

    from shuangyong import hookimpl
    from shuangyong.reports.cells import plain_column

    def write_tsv(report: Report, stream: io.BufferedIOBase, options: object) -> None:
        for caveat in report.caveats:
            stream.write(f"# 【{caveat.kind.label}】{caveat.text}\n".encode())
        for table in report.tables():
            stream.write(("\t".join(c.label for c in table.columns) + "\n").encode())
            columns = [plain_column(c, v) for c, v in zip(table.columns, table.data, strict=True)]
            for row in zip(*columns, strict=True):
                stream.write(("\t".join(row) + "\n").encode())

    tsv = ReportFormat("tsv", "制表符分隔文本", ".tsv", "text/tab-separated-values", write_tsv)

    def build_visits(request: object) -> Report:
        t = Table.from_rows("visits", "走访慰问", [Column("n", "户数", "int")], [(12,)])
        return Report("visits", "走访慰问统计", sections=[Section("走访", [t])])

    mod = types.ModuleType(name)
    mod.__distribution__ = dist  # type: ignore[attr-defined]

    @hookimpl
    def register_report_formats(registry: object) -> None:
        registry.add(tsv)  # type: ignore[attr-defined]

    @hookimpl
    def register_report_builders(registry: object) -> None:
        registry.add(ReportBuilder("visits", "走访慰问统计", build_visits))  # type: ignore[attr-defined]

    mod.register_report_formats = register_report_formats  # type: ignore[attr-defined]
    mod.register_report_builders = register_report_builders  # type: ignore[attr-defined]
    return mod


def test_hook_register_report_formats() -> None:
    reg = collect_reports(plugins=[_tsv_plugin()], entry_points=False)
    tsv = reg.format("tsv")
    assert tsv.supplied_by == "shuangyong-tsv 0"
    assert reg.format("csv").supplied_by.startswith("shuangyong ")
    out = render_bytes(_report(), tsv).decode("utf-8")
    assert out.splitlines()[0] == "# 【示例数据】使用了示例数据。"
    assert f"1\t张三\t{MASKED}\t示例镇" in out


def test_hook_register_report_builders() -> None:
    from shuangyong.reports import ReportRequest

    reg = collect_reports(plugins=[_tsv_plugin()], entry_points=False)
    assert set(reg.builders) >= {
        "roster",
        "payment-sheet",
        "payment-summary",
        "compliance",
        "stations",
        "catalogue",
        "visits",
    }
    report = reg.builder("visits").build(ReportRequest())
    assert report.table("visits").column("n") == (12,)
    with pytest.raises(UnknownReportError, match="registered: catalogue"):
        reg.builder("nope")


def test_a_name_registered_twice_names_both_suppliers() -> None:
    with pytest.raises(DuplicateRegistrationError) as info:
        collect_reports(
            plugins=[_tsv_plugin(), _tsv_plugin("other", "shuangyong-other")],
            entry_points=False,
        )
    assert "shuangyong-tsv" in str(info.value) and "shuangyong-other" in str(info.value)


def test_errors_are_shuangyong_errors() -> None:
    assert issubclass(ReportInputError, ShuangyongError)
    assert issubclass(ReportWriteError, ShuangyongError)
