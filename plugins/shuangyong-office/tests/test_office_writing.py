"""The office formats through the core's registry and atomic ``write_report``."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from office_sample import sample_report
from shuangyong.reports import (
    Column,
    ColumnType,
    Report,
    ReportInputError,
    ReportRegistry,
    Section,
    Table,
    collect_reports,
    write_report,
)


@pytest.fixture(scope="module")
def registry() -> ReportRegistry:
    return collect_reports()


def test_xlsx_and_docx_through_write_report(registry: ReportRegistry, tmp_path: Path) -> None:
    xlsx = write_report(sample_report(), tmp_path / "花名册.xlsx", registry.format("xlsx"))
    assert openpyxl.load_workbook(xlsx).sheetnames[0] == "说明"
    doc = write_report(sample_report(), tmp_path / "报告.docx", registry.format("docx"))
    assert docx.Document(str(doc)).paragraphs[0].text == "建安区2025年3月伤残抚恤金发放花名册"


@pytest.mark.usefixtures("pdf_tools", "weasyprint_ok")
def test_pdf_through_write_report(registry: ReportRegistry, tmp_path: Path) -> None:
    pdf = write_report(sample_report(), tmp_path / "报告.pdf", registry.format("pdf"))
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_a_refused_cell_leaves_no_file(registry: ReportRegistry, tmp_path: Path) -> None:
    col = Column("n", "人数", ColumnType.INT)
    table = Table("counts", "人数", (col,), ((1, 10**16),))
    report = Report("t", "人数", sections=(Section("人数", blocks=(table,)),))
    with pytest.raises(ReportInputError, match=r"counts\.n\[row 2\]"):
        write_report(report, tmp_path / "x.xlsx", registry.format("xlsx"))
    assert list(tmp_path.iterdir()) == []


def test_formats_declare_no_options(registry: ReportRegistry) -> None:
    for name in ("xlsx", "docx", "pdf"):
        with pytest.raises(ReportInputError, match="no such option"):
            registry.format(name).check_options({"landscape": "yes"})
