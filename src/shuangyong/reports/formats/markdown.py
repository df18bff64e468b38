"""Markdown: a readable document (GitHub-flavoured tables) for wikis, tickets and review.

The title is a level-1 heading, then the subject, the caveats as a quotation, sections as
headings (sub-sections one level deeper), paragraphs with their sources, entries as nested
lists, tables as pipe tables (numbers right-aligned, footer rows in bold), notes in italics, and
the approval block last. Money is ``1,234.56`` (the column header says 元).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO

from shuangyong.reports.cells import display, display_column
from shuangyong.reports.model import Entry, Note, Paragraph, Report, Section, Table
from shuangyong.reports.registry import ReportFormat

__all__ = ["FORMAT", "render_markdown", "write_markdown"]


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def _table(t: Table, out: list[str]) -> None:
    out.append(f"**{_cell(t.caption)}**")
    out.append("")
    out.append("| " + " | ".join(_cell(c.label) for c in t.columns) + " |")
    out.append("|" + "|".join("---:" if c.numeric else "---" for c in t.columns) + "|")
    cols = [display_column(c, v) for c, v in zip(t.columns, t.data, strict=True)]
    for row in zip(*cols, strict=True):
        out.append("| " + " | ".join(_cell(x) for x in row) + " |")
    for f in t.footer:
        cells = [display(c, v) for c, v in zip(t.columns, f.cells, strict=True)]
        if cells and not cells[0]:
            cells[0] = f.label
        out.append("| " + " | ".join(f"**{_cell(x)}**" if x else "" for x in cells) + " |")
    out.append("")


def _section(s: Section, level: int, out: list[str]) -> None:
    out.append("#" * min(level, 6) + " " + s.title)
    out.append("")
    for b in s.blocks:
        if isinstance(b, Paragraph):
            out.append(b.text)
            if b.sources:
                out.append("")
                out.append("*来源：" + "；".join(b.sources) + "*")
            out.append("")
        elif isinstance(b, Entry):
            out.append(f"- {b.heading}")
            out.extend(f"  - {d}" for d in b.details)
            out.append("")
        elif isinstance(b, Note):
            out.append(f"*注：{b.text}*")
            out.append("")
        elif isinstance(b, Table):
            _table(b, out)
    for sub in s.sections:
        _section(sub, level + 1, out)


def render_markdown(report: Report) -> str:
    """The report as Markdown text."""
    out = [f"# {report.title}", ""]
    subj = report.subject
    facts = []
    if subj.division is not None:
        facts.append(f"**地区**：{subj.division.label}")
    if subj.period:
        facts.append(f"**期间**：{subj.period}")
    if report.as_of is not None:
        facts.append(f"**数据截至**：{report.as_of.isoformat()}")
    if facts:
        out.extend(["　".join(facts), ""])
    for c in report.caveats:
        out.extend([f"> **【{c.kind.label}】** {c.text}", ""])
    for s in report.sections:
        _section(s, 2, out)
    if report.approval is not None:
        a = report.approval
        out.append("---")
        out.append("")
        if a.unit:
            out.extend([f"填报单位：{a.unit}", ""])
        for sig in a.signatories:
            date = sig.date.isoformat() if sig.date else "＿＿＿＿＿＿"
            out.append(f"{sig.role}：{sig.name or '＿＿＿＿＿＿'}　日期：{date}  ")
        out.append("")
    if report.plugins:
        out.extend([f"*插件：{'，'.join(report.plugins)}*", ""])
    return "\n".join(out).rstrip("\n") + "\n"


def write_markdown(report: Report, stream: IO[bytes], options: Mapping[str, str]) -> None:
    """Write :func:`render_markdown` as UTF-8."""
    stream.write(render_markdown(report).encode("utf-8"))


FORMAT = ReportFormat(
    name="markdown",
    label="Markdown 文档",
    suffix=".md",
    media_type="text/markdown; charset=utf-8",
    write=write_markdown,
)
