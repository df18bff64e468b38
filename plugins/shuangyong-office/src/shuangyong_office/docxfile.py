"""The ``docx`` format: a Word document laid out like an official document (公文).

After GB/T 9704 (党政机关公文格式) as far as a report needs it: A4 with the standard margins,
the title centred in a 宋体-style face, level-1 headings in 黑体, level-2 in 楷体, the body in
仿宋 三号 (16 pt), tables in 宋体 五号 (10.5 pt) with a header row repeated on every page, page
numbers ``— N —`` centred in the footer, and the approval block (填报单位, 经办人/审核人/负责人
with a line to sign) at the end. Caveats (example figures, synthetic data) lead the document in
bold red, and each paragraph's sources follow it in small type.

Fonts: Word picks the font for Chinese characters from ``w:rFonts/@w:eastAsia``, not from the
font name python-docx sets (``w:ascii``/``w:hAnsi``), and the default template points both at
theme fonts that win over an explicit name. So every style here names its East Asian font
explicitly and drops the theme attributes; a machine without 仿宋 falls back to another CJK font
rather than to a Latin one that has no Chinese glyphs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from shuangyong.reports import Entry, Note, Paragraph, Report, Section, Table
from shuangyong.reports.cells import display, display_column

__all__ = ["BODY_FONT", "HEADING_FONTS", "TABLE_FONT", "TITLE_FONT", "write_docx"]

TITLE_FONT = "宋体"  # 方正小标宋 is what offices use, but few machines have it; 宋体 all do
BODY_FONT = "仿宋"
TABLE_FONT = "宋体"
HEADING_FONTS = ("黑体", "楷体", "仿宋")
"""East Asian fonts of heading levels 1, 2 and 3+ (一、 / （一） / 1.)."""
LATIN_FONT = "Times New Roman"

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_RED = RGBColor(0xC0, 0x00, 0x00)
_GREY = RGBColor(0x40, 0x40, 0x40)


def write_docx(report: Report, stream: IO[bytes], options: Mapping[str, str]) -> None:
    """Write ``report`` as a .docx document to ``stream`` (the ``docx`` format's writer)."""
    del options  # the format declares none
    doc = Document()
    _page_setup(doc)
    _styles(doc)
    props = doc.core_properties
    props.title = report.title
    props.subject = report.subject.period
    props.language = "zh-CN"
    props.author = report.approval.unit if report.approval and report.approval.unit else ""

    title = doc.add_paragraph(report.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    facts = []
    if report.subject.division is not None:
        facts.append(f"地区：{report.subject.division.label}")
    if report.subject.period:
        facts.append(f"期间：{report.subject.period}")
    if report.as_of is not None:
        facts.append(f"数据截至：{report.as_of.isoformat()}")
    if facts:
        p = doc.add_paragraph("　".join(facts), style="Subtitle")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for caveat in report.caveats:
        p = doc.add_paragraph(style="Caveat")
        run = p.add_run(f"【{caveat.kind.label}】")
        run.bold = True
        p.add_run(caveat.text)
    for section in report.sections:
        _section(doc, section, 1)
    if report.approval is not None:
        _approval(doc, report)
    doc.save(stream)


# -- page and styles -------------------------------------------------------------------------


def _page_setup(doc: Any) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    # GB/T 9704: top 37 mm, left 28 mm, type area 156 × 225 mm
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    _page_field(footer)
    footer.add_run(" —")
    for run in footer.runs:
        _fonts(run, TABLE_FONT)
        run.font.size = Pt(14)


def _page_field(paragraph: Any) -> None:
    """A ``PAGE`` field: Word fills in the page number when it lays out the page."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1")):
        if kind is not None:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)
    end = paragraph.add_run()
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), "end")
    end._r.append(el)


def _fonts(target: Any, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Set the Latin and East Asian fonts of a run or style, overriding the theme's."""
    target.font.name = latin
    # a run's element is its w:r, a style's its w:style: both hold a w:rPr
    element = target._r if hasattr(target, "_r") else target.element
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in _THEME_ATTRS:
        key = qn(attr)
        if key in rfonts.attrib:
            del rfonts.attrib[key]
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)


def _lang(style: Any) -> None:
    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _styles(doc: Any) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    _fonts(normal, BODY_FONT)
    _lang(normal)
    normal.font.size = Pt(16)  # 三号
    fmt = normal.paragraph_format
    fmt.line_spacing = Pt(28)  # 公文: 22 lines of 28 pt on a page
    fmt.first_line_indent = Pt(32)  # two characters
    fmt.space_before = fmt.space_after = Pt(0)

    for name, font, size in (("Title", TITLE_FONT, 22), ("Subtitle", BODY_FONT, 14)):
        style = styles[name]
        _fonts(style, font)
        style.font.size = Pt(size)  # 二号 title, 四号 subject line
        style.font.bold = name == "Title"
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.first_line_indent = Pt(0)
        style.paragraph_format.space_after = Pt(12)
        _no_border(style)
    for level, font in enumerate(HEADING_FONTS, 1):
        style = styles[f"Heading {level}"]
        _fonts(style, font)
        style.font.size = Pt(16)
        style.font.bold = False  # 黑体 is heavy by design; 楷体 and 仿宋 headings are not bold
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.first_line_indent = Pt(32)
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(0)
    extra: tuple[tuple[str, float, RGBColor | None], ...] = (
        ("Caveat", 12, _RED),
        ("Sources", 10.5, _GREY),
        ("Note", 12, None),
    )
    for name, points, color in extra:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        _fonts(style, BODY_FONT)
        style.font.size = Pt(points)
        if color is not None:
            style.font.color.rgb = color
        style.paragraph_format.first_line_indent = Pt(0) if name == "Caveat" else Pt(32)
        style.paragraph_format.line_spacing = 1.0
    table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    _fonts(table_text, TABLE_FONT)
    table_text.font.size = Pt(10.5)  # 五号
    table_text.paragraph_format.first_line_indent = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0
    caption = styles.add_style("Table Caption", WD_STYLE_TYPE.PARAGRAPH)
    caption.base_style = table_text
    caption.font.bold = True
    caption.font.size = Pt(12)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_before = Pt(6)
    caption.paragraph_format.keep_with_next = True


def _no_border(style: Any) -> None:
    # the default template's Title has a blue bottom border; an official title has none
    ppr = style.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)


# -- body ------------------------------------------------------------------------------------


def _section(doc: Any, section: Section, level: int) -> None:
    doc.add_paragraph(section.title, style=f"Heading {min(level, 3)}")
    for block in section.blocks:
        if isinstance(block, Paragraph):
            doc.add_paragraph(block.text)
            if block.sources:
                doc.add_paragraph("来源：" + "；".join(block.sources), style="Sources")
        elif isinstance(block, Note):
            doc.add_paragraph("注：" + block.text, style="Note")
        elif isinstance(block, Entry):
            doc.add_paragraph(block.heading)
            for detail in block.details:
                p = doc.add_paragraph(detail, style="Note")
                p.paragraph_format.left_indent = Pt(32)
        elif isinstance(block, Table):
            _table(doc, block)
    for sub in section.sections:
        _section(doc, sub, level + 1)


def _table(doc: Any, table: Table) -> None:
    doc.add_paragraph(table.caption, style="Table Caption")
    columns = table.columns
    body = [display_column(c, v) for c, v in zip(columns, table.data, strict=True)]
    footer = []
    for f in table.footer:
        cells = [display(c, v) for c, v in zip(columns, f.cells, strict=True)]
        if cells and not cells[0]:
            cells[0] = f.label
        footer.append(cells)
    grid = doc.add_table(rows=1 + table.height + len(footer), cols=len(columns))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = grid.rows
    header = rows[0]
    _repeat_header(header)
    for cell, col in zip(header.cells, columns, strict=True):
        _fill(cell, col.label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _shade(cell)
    aligns = [WD_ALIGN_PARAGRAPH.RIGHT if c.numeric else None for c in columns]
    for r, values in enumerate(zip(*body, strict=True), 1) if body else ():
        for cell, text, align in zip(rows[r].cells, values, aligns, strict=True):
            _fill(cell, text, align=align)
    for r, texts in enumerate(footer, 1 + table.height):
        for cell, text, align in zip(rows[r].cells, texts, aligns, strict=True):
            _fill(cell, text, bold=True, align=align)


def _fill(cell: Any, text: str, *, bold: bool = False, align: Any = None) -> None:
    p = cell.paragraphs[0]
    p.style = "Table Text"
    if text:
        run = p.add_run(text)
        run.bold = bold or None
    if align is not None:
        p.alignment = align


def _repeat_header(row: Any) -> None:
    # w:tblHeader: Word repeats this row at the top of every page the table runs onto
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _shade(cell: Any) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), "D9D9D9")
    tcpr.append(shd)


def _approval(doc: Any, report: Report) -> None:
    approval = report.approval
    assert approval is not None
    doc.add_paragraph()
    if approval.unit:
        p = doc.add_paragraph(f"填报单位：{approval.unit}")
        p.paragraph_format.first_line_indent = Pt(0)
    for sig in approval.signatories:
        name = sig.name or "＿＿＿＿＿＿"
        date = (
            f"{sig.date.year}年{sig.date.month}月{sig.date.day}日"
            if sig.date
            else "　　　　年　　月　　日"
        )
        p = doc.add_paragraph(f"{sig.role}：{name}　　日期：{date}")
        p.paragraph_format.first_line_indent = Pt(0)
