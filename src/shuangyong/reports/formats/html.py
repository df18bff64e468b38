"""HTML: one self-contained, printable page (inline CSS, no scripts, no external files).

A CJK font stack (Source Han / Noto CJK, then the fonts Windows and macOS ship), A4 print
styles, a page break before every top-level section after the first, table headers repeated on
every printed page, numbers right-aligned, totals in the table footer, caveats in a box at the top
and the approval block at the end. The PDF format of ``shuangyong-office`` renders this page.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import IO

from shuangyong.reports.cells import display, display_column
from shuangyong.reports.model import Entry, Note, Paragraph, Report, Section, Table
from shuangyong.reports.registry import ReportFormat

__all__ = ["CSS", "FORMAT", "render_html", "write_html"]

CSS = """
@page { size: A4; margin: 18mm 15mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC",
  "Source Han Sans SC", "SimSun", "宋体", "Songti SC", "Microsoft YaHei", "PingFang SC",
  serif; font-size: 11pt; line-height: 1.6; color: #000; margin: 0 auto; max-width: 60em; }
h1 { font-size: 18pt; text-align: center; margin: 0.5em 0; }
h2 { font-size: 14pt; margin: 1.2em 0 0.4em; }
h3, h4, h5, h6 { font-size: 12pt; margin: 1em 0 0.3em; }
.subject { text-align: center; margin-bottom: 1em; }
.caveat { border: 1px solid #000; padding: 0.4em 0.8em; margin: 0.5em 0; }
.sources, .note { font-size: 9.5pt; color: #333; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 1em; font-size: 10pt; }
caption { font-weight: bold; text-align: left; padding-bottom: 0.2em; }
th, td { border: 1px solid #000; padding: 2px 5px; vertical-align: top; }
th { background: #eee; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tfoot td { font-weight: bold; }
ul.entries { padding-left: 1.2em; }
.approval { margin-top: 2em; display: flex; flex-wrap: wrap; gap: 0.5em 3em; }
.approval span.line { display: inline-block; min-width: 7em; border-bottom: 1px solid #000; }
@media print {
  body { max-width: none; }
  section.top + section.top { break-before: page; page-break-before: always; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th { background: none; }
}
"""


def _table(t: Table, out: list[str]) -> None:
    out.append("<table>")
    out.append(f"<caption>{escape(t.caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{escape(c.label)}</th>" for c in t.columns))
    out.append("</tr></thead>")
    opens = ['<td class="num">' if c.numeric else "<td>" for c in t.columns]
    if t.footer:
        out.append("<tfoot>")
        for f in t.footer:
            cells = [display(c, v) for c, v in zip(t.columns, f.cells, strict=True)]
            if cells and not cells[0]:
                cells[0] = f.label
            out.append(
                "<tr>"
                + "".join(f"{o}{escape(x)}</td>" for o, x in zip(opens, cells, strict=True))
                + "</tr>"
            )
        out.append("</tfoot>")
    out.append("<tbody>")
    cols = [display_column(c, v) for c, v in zip(t.columns, t.data, strict=True)]
    for row in zip(*cols, strict=True):
        out.append(
            "<tr>"
            + "".join(f"{o}{escape(x)}</td>" for o, x in zip(opens, row, strict=True))
            + "</tr>"
        )
    out.append("</tbody></table>")


def _section(s: Section, level: int, out: list[str]) -> None:
    cls = ' class="top"' if level == 2 else ""
    h = min(level, 6)
    out.append(f"<section{cls}><h{h}>{escape(s.title)}</h{h}>")
    for b in s.blocks:
        if isinstance(b, Paragraph):
            out.append(f"<p>{escape(b.text)}</p>")
            if b.sources:
                out.append(f'<p class="sources">来源：{escape("；".join(b.sources))}</p>')
        elif isinstance(b, Entry):
            details = "".join(f"<li>{escape(d)}</li>" for d in b.details)
            inner = f"<ul>{details}</ul>" if details else ""
            out.append(f'<ul class="entries"><li>{escape(b.heading)}{inner}</li></ul>')
        elif isinstance(b, Note):
            out.append(f'<p class="note">注：{escape(b.text)}</p>')
        elif isinstance(b, Table):
            _table(b, out)
    for sub in s.sections:
        _section(sub, level + 1, out)
    out.append("</section>")


def render_html(report: Report) -> str:
    """The report as one HTML document (UTF-8, ``lang="zh-CN"``)."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(report.title)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<header><h1>{escape(report.title)}</h1>",
    ]
    subj = report.subject
    facts = []
    if subj.division is not None:
        facts.append(f"地区：{subj.division.label}")
    if subj.period:
        facts.append(f"期间：{subj.period}")
    if report.as_of is not None:
        facts.append(f"数据截至：{report.as_of.isoformat()}")
    if facts:
        out.append(f'<p class="subject">{escape("　".join(facts))}</p>')
    for c in report.caveats:
        out.append(
            f'<p class="caveat caveat-{c.kind.value}"><strong>【{escape(c.kind.label)}】'
            f"</strong>{escape(c.text)}</p>"
        )
    out.append("</header>")
    for s in report.sections:
        _section(s, 2, out)
    if report.approval is not None:
        a = report.approval
        out.append('<footer class="approval">')
        if a.unit:
            out.append(f"<div>填报单位：{escape(a.unit)}</div>")
        for sig in a.signatories:
            name = escape(sig.name) if sig.name else "&nbsp;"
            date = sig.date.isoformat() if sig.date else "&nbsp;"
            out.append(
                f'<div>{escape(sig.role)}：<span class="line">{name}</span>　'
                f'日期：<span class="line">{date}</span></div>'
            )
        out.append("</footer>")
    if report.plugins:
        out.append(f'<p class="note">插件：{escape("，".join(report.plugins))}</p>')
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write_html(report: Report, stream: IO[bytes], options: Mapping[str, str]) -> None:
    """Write :func:`render_html` as UTF-8."""
    stream.write(render_html(report).encode("utf-8"))


FORMAT = ReportFormat(
    name="html",
    label="HTML 网页（可打印）",
    suffix=".html",
    media_type="text/html; charset=utf-8",
    write=write_html,
)
