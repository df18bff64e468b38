"""Reports: documents offices hand in, as data first, then written by a format plugin.

A builder turns a :class:`ReportRequest` (an engine, a store, a division, years, a run ...) into
a :class:`Report` — title, subject, sections of paragraphs, typed tables, notes, caveats and an
approval block — and a :class:`ReportFormat` writes it (``json``, ``csv``, ``markdown``, ``html``
and ``text`` in the core; ``xlsx``, ``docx`` and ``pdf`` in ``shuangyong-office``). Both are
registered by plugins through ``register_report_builders`` and ``register_report_formats``;
:func:`collect_reports` gathers them::

    from shuangyong.reports import ReportRequest, collect_reports, write_report

    reports = collect_reports()
    report = reports.builder("roster").build(ReportRequest(engine=engine, store=store,
                                                            division="411003", on=on))
    write_report(report, "花名册.csv", reports.format("csv"), {"encoding": "gb18030"})

Id numbers are masked (first 6, last 4) unless the request reveals them, which is audited.
Importing this package opens nothing and loads no plugin.
"""

from __future__ import annotations

from shuangyong.reports.errors import (
    ReportError,
    ReportInputError,
    ReportWriteError,
    UnknownReportError,
)
from shuangyong.reports.model import (
    FORMAT_VERSION,
    Approval,
    Block,
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
    Section,
    Signatory,
    Subject,
    Table,
)
from shuangyong.reports.registry import (
    BuilderRegistrar,
    FormatRegistrar,
    ReportBuilder,
    ReportFormat,
    ReportRegistry,
    Writer,
    collect_reports,
)
from shuangyong.reports.request import ReportRequest
from shuangyong.reports.writing import render_bytes, write_report

__all__ = [
    "FORMAT_VERSION",
    "Approval",
    "Block",
    "BuilderRegistrar",
    "Caveat",
    "CaveatKind",
    "Coded",
    "Column",
    "ColumnType",
    "Entry",
    "FooterRow",
    "FormatRegistrar",
    "Note",
    "Paragraph",
    "Report",
    "ReportBuilder",
    "ReportError",
    "ReportFormat",
    "ReportInputError",
    "ReportRegistry",
    "ReportRequest",
    "ReportWriteError",
    "Section",
    "Signatory",
    "Subject",
    "Table",
    "UnknownReportError",
    "Writer",
    "collect_reports",
    "render_bytes",
    "write_report",
]
