"""The docx format, read back with python-docx: paragraphs, styles, East Asian fonts, tables."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from office_sample import COLUMNS, ROWS, sample_report
from shuangyong.reports.cells import display

from shuangyong_office.docxfile import BODY_FONT, HEADING_FONTS, write_docx


@pytest.fixture(scope="module")
def document() -> docx.document.Document:
    buf = io.BytesIO()
    write_docx(sample_report(), buf, {})
    buf.seek(0)
    return docx.Document(buf)


def _east_asian(style: docx.styles.style.BaseStyle) -> str | None:
    rfonts = style.element.rPr.find(qn("w:rFonts"))
    assert rfonts is not None
    # the theme attribute would win over the named font: it must be gone
    assert rfonts.get(qn("w:eastAsiaTheme")) is None
    return rfonts.get(qn("w:eastAsia"))


def test_title_subject_caveats_in_order(document: docx.document.Document) -> None:
    paras = [(p.style.name, p.text) for p in document.paragraphs]
    assert paras[0] == ("Title", "建安区2025年3月伤残抚恤金发放花名册")
    assert document.paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert paras[1] == ("Subtitle", "地区：建安区　期间：2025年3月　数据截至：2025-03-31")
    assert paras[2] == ("Caveat", "【示例数据】本表使用了示例（example）标准，不得作为发放依据。")
    assert document.paragraphs[2].runs[0].bold
    assert paras[3][1].startswith("【合成数据】")


def test_headings_paragraphs_sources_notes(document: docx.document.Document) -> None:
    paras = [(p.style.name, p.text) for p in document.paragraphs]
    i = paras.index(("Heading 1", "一、组织领导：双拥工作领导小组"))
    assert paras[i + 1] == (
        "Normal",
        "区双拥工作领导小组由区委副书记任组长，2024年召开专题会议4次。",
    )
    assert paras[i + 2] == ("Sources", "来源：证据记录 meeting-2024-01；证据记录 meeting-2024-02")
    assert paras[i + 3] == ("Note", "注：会议次数以会议纪要为准。")
    assert paras[i + 4] == ("Heading 2", "（一）成员单位")
    assert ("Heading 1", "二、拥军优属/发放明细：2025年3月") in paras
    assert ("Table Caption", "伤残抚恤金发放花名册") in paras


def test_approval_block_last(document: docx.document.Document) -> None:
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[-4:] == [
        "填报单位：许昌市建安区退役军人事务局",
        "经办人：张三　　日期：　　　　年　　月　　日",
        "审核人：＿＿＿＿＿＿　　日期：　　　　年　　月　　日",
        "负责人：李四　　日期：2025年3月31日",
    ]


def test_east_asian_fonts_are_set(document: docx.document.Document) -> None:
    styles = document.styles
    assert _east_asian(styles["Normal"]) == BODY_FONT
    for level, font in enumerate(HEADING_FONTS, 1):
        assert _east_asian(styles[f"Heading {level}"]) == font
    assert _east_asian(styles["Title"]) == "宋体"
    assert _east_asian(styles["Table Text"]) == "宋体"
    lang = styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"


def test_table_with_header_row_and_footer(document: docx.document.Document) -> None:
    (table,) = document.tables
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == [c.label for c in COLUMNS]
    # the header row repeats on every page and is bold
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(c.paragraphs[0].runs[0].bold for c in table.rows[0].cells)
    for got, want in zip(rows[1:8], ROWS, strict=True):
        masked = list(want)
        if want[2] is not None:
            masked[2] = want[2][:6] + "********" + want[2][-4:]
        assert got == [display(c, v) for c, v in zip(COLUMNS, masked, strict=True)]
    assert rows[1][5] == "0.07" and rows[6][5] == "999,999.99"
    assert rows[8][0] == "合计" and rows[8][5] == "1,089,385.19"
    # money right-aligned
    assert table.rows[1].cells[5].paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT


def test_page_number_field_in_the_footer(document: docx.document.Document) -> None:
    footer = document.sections[0].footer.paragraphs[0]
    instr = [el.text for el in footer._p.iter(qn("w:instrText"))]
    assert instr == [" PAGE "]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")


def test_a4_page(tmp_path: Path, document: docx.document.Document) -> None:
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert document.core_properties.title == "建安区2025年3月伤残抚恤金发放花名册"
