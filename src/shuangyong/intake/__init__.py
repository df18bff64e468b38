"""Getting people in: importing beneficiaries and their facts from CSV and xlsx files.

:func:`import_file` reads a file the way existing 优抚 systems export it (CSV in UTF-8, UTF-8
with BOM or GBK/GB18030; xlsx), maps Chinese headers (or field names) and Chinese labels (or
codes) through declared :class:`Aliases`, checks every row with the store's own checks, and
writes each row as a dated :class:`~shuangyong.storage.model.Fact` (kind ``import``) plus its
"paid up to" months: all or nothing, or in resumable chunks. A dry run reports every bad row
by line, field and reason and writes nothing. See ``docs/importing.rst``.

Importing this package has no side effects.
"""

from __future__ import annotations

from shuangyong.intake.aliases import IMPORT_COLUMNS, Aliases, normalise
from shuangyong.intake.importer import import_file, resolve_aliases
from shuangyong.intake.reading import ImportFileError, SourceTable, read_table
from shuangyong.intake.report import ImportProblem, ImportProgress, ImportReport

__all__ = [
    "IMPORT_COLUMNS",
    "Aliases",
    "ImportFileError",
    "ImportProblem",
    "ImportProgress",
    "ImportReport",
    "SourceTable",
    "import_file",
    "normalise",
    "read_table",
    "resolve_aliases",
]
