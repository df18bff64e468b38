"""JSON: the report as data, with a format version, for programs.

The document is an object::

    {"format": "shuangyong.report", "format_version": 1, "kind": "roster", "title": "…",
     "subject": {"division": {"code": "411003", "label": "建安区"}, "period": "…",
                 "first": "2025-03-01", "last": "2025-03-31"},
     "as_of": "2025-03-01", "caveats": [{"kind": "example", "text": "…"}], "plugins": […],
     "sections": [{"title": "…", "blocks": […], "sections": […]}],
     "approval": {"unit": "…", "signatories": [{"role": "经办人", "name": "", "date": null}]}}

Blocks are ``{"type": "paragraph", "text", "sources"}``, ``{"type": "note", "text"}``,
``{"type": "entry", "heading", "details"}`` and ``{"type": "table", "key", "caption",
"columns": [{"key", "label", "type"}], "rows": [{column key: value}], "footer": [{"label",
"cells": {column key: value}}]}``. Values are values, not display strings: money is int fen
(column type ``money``), dates ISO, codes ``{"code", "label"}``, ratios exact strings (``"1/3"``),
id numbers as the report holds them (masked unless revealed). :func:`report_data` gives the same
as a dict.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import IO, Any

from shuangyong.reports.cells import json_value
from shuangyong.reports.errors import ReportInputError
from shuangyong.reports.model import (
    FORMAT_VERSION,
    Block,
    Entry,
    Note,
    Paragraph,
    Report,
    Section,
    Table,
)
from shuangyong.reports.registry import ReportFormat

__all__ = ["FORMAT", "report_data", "write_json"]


def _table(t: Table) -> dict[str, Any]:
    keys = [c.key for c in t.columns]
    cols = t.columns
    return {
        "type": "table",
        "key": t.key,
        "caption": t.caption,
        "columns": [{"key": c.key, "label": c.label, "type": c.type.value} for c in cols],
        "rows": [
            {k: json_value(c, v) for k, c, v in zip(keys, cols, row, strict=True)}
            for row in t.rows()
        ],
        "footer": [
            {
                "label": f.label,
                "cells": {k: json_value(c, v) for k, c, v in zip(keys, cols, f.cells, strict=True)},
            }
            for f in t.footer
        ],
    }


def _block(b: Block) -> dict[str, Any]:
    if isinstance(b, Table):
        return _table(b)
    if isinstance(b, Paragraph):
        return {"type": "paragraph", "text": b.text, "sources": list(b.sources)}
    if isinstance(b, Entry):
        return {"type": "entry", "heading": b.heading, "details": list(b.details)}
    if isinstance(b, Note):
        return {"type": "note", "text": b.text}
    raise TypeError(f"not a report block: {b!r}")


def _section(s: Section) -> dict[str, Any]:
    return {
        "title": s.title,
        "blocks": [_block(b) for b in s.blocks],
        "sections": [_section(x) for x in s.sections],
    }


def report_data(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data (what the ``json`` format writes)."""
    subj = report.subject
    div = subj.division
    approval = report.approval
    return {
        "format": "shuangyong.report",
        "format_version": FORMAT_VERSION,
        "kind": report.kind,
        "title": report.title,
        "subject": {
            "division": None if div is None else {"code": div.code, "label": div.label},
            "period": subj.period,
            "first": subj.first.isoformat() if subj.first else None,
            "last": subj.last.isoformat() if subj.last else None,
        },
        "as_of": report.as_of.isoformat() if report.as_of else None,
        "uses_example": report.uses_example,
        "ids_revealed": report.ids_revealed,
        "caveats": [{"kind": c.kind.value, "text": c.text} for c in report.caveats],
        "plugins": list(report.plugins),
        "sections": [_section(s) for s in report.sections],
        "approval": None
        if approval is None
        else {
            "unit": approval.unit,
            "signatories": [
                {"role": s.role, "name": s.name, "date": s.date.isoformat() if s.date else None}
                for s in approval.signatories
            ],
        },
    }


def write_json(report: Report, stream: IO[bytes], options: Mapping[str, str]) -> None:
    """Write :func:`report_data` as UTF-8 JSON (``indent=N`` option; default 2, 0 for compact)."""
    raw = options.get("indent", "2")
    if not (raw.isascii() and raw.isdigit() and int(raw) <= 8):
        raise ReportInputError(
            "option indent", raw, "缩进应为 0–8 的整数 / indent is an integer from 0 to 8"
        )
    indent = int(raw)
    text = json.dumps(report_data(report), ensure_ascii=False, indent=indent or None)
    stream.write(text.encode("utf-8"))
    stream.write(b"\n")


FORMAT = ReportFormat(
    name="json",
    label="JSON 数据",
    suffix=".json",
    media_type="application/json",
    write=write_json,
    options={"indent": "spaces of indentation (default 2; 0 writes one line)"},
)
