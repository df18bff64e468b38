"""Plain text: the report for a terminal (what ``shuangyong check`` prints).

The title, the subject, the caveats, then each section: its title at the left margin,
paragraphs as they are (sources on a ``来源：`` line), entries indented two spaces with their
details under them indented six, tables as an ASCII grid that counts CJK characters as two
columns, notes as ``注：`` lines, sub-sections after a blank line. The approval block ends it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import IO

from shuangyong.reports.cells import display, display_column
from shuangyong.reports.model import Entry, Note, Paragraph, Report, Section, Table
from shuangyong.reports.registry import ReportFormat

__all__ = ["FORMAT", "render_text", "write_text"]


def _width(text: str) -> int:
    # east-asian wide and full-width characters take two terminal columns
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap


def _grid(headers: Sequence[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [_width(h) for h in headers]
    for r in rows:
        widths = [max(w, _width(c)) for w, c in zip(widths, r, strict=True)]
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"

    def line(cells: Sequence[str], header: bool = False) -> str:
        padded = (
            _pad(c, w, i in right and not header)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )
        return "| " + " | ".join(padded) + " |"

    out = [rule, line(headers, header=True), rule.replace("-", "=")]
    out += [line(r) for r in rows]
    out.append(rule)
    return out


def _table(t: Table, out: list[str]) -> None:
    out.append(t.caption)
    cols = [display_column(c, v) for c, v in zip(t.columns, t.data, strict=True)]
    rows = [list(r) for r in zip(*cols, strict=True)]
    for f in t.footer:
        cells = [display(c, v) for c, v in zip(t.columns, f.cells, strict=True)]
        if cells and not cells[0]:
            cells[0] = f.label
        rows.append(cells)
    right = {i for i, c in enumerate(t.columns) if c.numeric}
    out.extend(_grid([c.label for c in t.columns], rows, right))


def _section(s: Section, out: list[str]) -> None:
    out.append("")
    out.append(s.title)
    for b in s.blocks:
        if isinstance(b, Paragraph):
            out.append(b.text)
            if b.sources:
                out.append("来源：" + "；".join(b.sources))
        elif isinstance(b, Entry):
            out.append(f"  {b.heading}")
            out.extend(f"      {d}" for d in b.details)
        elif isinstance(b, Note):
            out.append(f"  注：{b.text}")
        elif isinstance(b, Table):
            _table(b, out)
    for sub in s.sections:
        _section(sub, out)


def render_text(report: Report) -> str:
    """The report as plain text lines (no trailing newline)."""
    out = [report.title]
    subj = report.subject
    facts = []
    if subj.division is not None:
        facts.append(f"地区：{subj.division.label}")
    if subj.period:
        facts.append(f"期间：{subj.period}")
    if report.as_of is not None:
        facts.append(f"数据截至：{report.as_of.isoformat()}")
    if facts:
        out.append("　".join(facts))
    out.extend(f"【{c.kind.label}】{c.text}" for c in report.caveats)
    for s in report.sections:
        _section(s, out)
    if report.approval is not None:
        a = report.approval
        out.append("")
        if a.unit:
            out.append(f"填报单位：{a.unit}")
        for sig in a.signatories:
            date = sig.date.isoformat() if sig.date else "＿＿＿＿＿＿"
            out.append(f"{sig.role}：{sig.name or '＿＿＿＿＿＿'}　日期：{date}")
    if report.plugins:
        out.append("")
        out.append("插件：" + "，".join(report.plugins))
    return "\n".join(out)


def write_text(report: Report, stream: IO[bytes], options: Mapping[str, str]) -> None:
    """Write :func:`render_text` as UTF-8, with a final newline."""
    stream.write((render_text(report) + "\n").encode("utf-8"))


FORMAT = ReportFormat(
    name="text",
    label="纯文本",
    suffix=".txt",
    media_type="text/plain; charset=utf-8",
    write=write_text,
)
