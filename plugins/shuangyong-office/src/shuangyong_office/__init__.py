"""shuangyong-office: xlsx, docx and PDF report formats for shuangyong.

Registers three formats with the ``register_report_formats`` hook, so ``shuangyong report KIND
--format xlsx|docx|pdf`` and :func:`shuangyong.reports.collect_reports` find them once this
distribution is installed (entry-point group ``shuangyong``, name ``office``):

- ``xlsx`` (openpyxl, write-only): typed cells, exact money, frozen headers, a sheet per table;
- ``docx`` (python-docx): an official-document layout with 仿宋/宋体 East Asian fonts;
- ``pdf`` (WeasyPrint): the core HTML format printed with Noto CJK fonts embedded.

Importing this module imports none of openpyxl, python-docx or WeasyPrint: every
``Engine.create()`` loads the installed plugins, and most engines never write a report.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from shuangyong.authoring import hookimpl
from shuangyong.reports import Report, ReportFormat

__all__ = [
    "__distribution__",
    "__version__",
    "register_report_formats",
    "write_docx",
    "write_pdf",
    "write_xlsx",
]

__version__ = "0.1.0"
__distribution__ = "shuangyong-office"


def write_xlsx(report: Report, stream: IO[bytes], options: Mapping[str, str]) -> None:
    """Write ``report`` as xlsx: see :mod:`shuangyong_office.xlsx`."""
    from shuangyong_office.xlsx import write_xlsx as write

    write(report, stream, options)


def write_docx(report: Report, stream: IO[bytes], options: Mapping[str, str]) -> None:
    """Write ``report`` as docx: see :mod:`shuangyong_office.docxfile`."""
    from shuangyong_office.docxfile import write_docx as write

    write(report, stream, options)


def write_pdf(report: Report, stream: IO[bytes], options: Mapping[str, str]) -> None:
    """Write ``report`` as PDF: see :mod:`shuangyong_office.pdf`."""
    from shuangyong_office.pdf import write_pdf as write

    write(report, stream, options)


FORMATS = (
    ReportFormat(
        name="xlsx",
        label="Excel 工作簿",
        suffix=".xlsx",
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        write=write_xlsx,
    ),
    ReportFormat(
        name="docx",
        label="Word 文档",
        suffix=".docx",
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        write=write_docx,
    ),
    ReportFormat(
        name="pdf",
        label="PDF 文档",
        suffix=".pdf",
        media_type="application/pdf",
        write=write_pdf,
    ),
)


@hookimpl
def register_report_formats(registry: Any) -> None:
    """Register the ``xlsx``, ``docx`` and ``pdf`` formats."""
    registry.add(*FORMATS)
