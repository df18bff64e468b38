"""What an import did, or would do: counts and every problem by line, field and reason."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from shuangyong.errors import field_and_value

__all__ = ["ImportProblem", "ImportProgress", "ImportReport"]


@attrs.frozen
class ImportProblem:
    """One bad row (or cell) of a file.

    Attributes:
        line: the line a spreadsheet shows (the header is line 1 unless ``header_row`` said
            otherwise).
        field: the field (``disability_level``), or ``person_id``, ``effective_from``,
            ``paid_up_to``; ``""`` when the row as a whole is wrong.
        column: the column as the file names it (``F列“残疾等级”``), or ``""``.
        value: the value as read (a 身份证号 only masked).
        reason: why, in Chinese and English.
    """

    line: int
    field: str
    column: str
    value: Any
    reason: str

    def __str__(self) -> str:
        where = f"第 {self.line} 行 / line {self.line}"
        col = f" {self.column}" if self.column else ""
        fld = f" {self.field}" if self.field else ""
        return f"{where}{col}{field_and_value(fld, self.value)}: {self.reason}"


@attrs.frozen
class ImportProgress:
    """Handed to the ``progress`` callback of an import.

    Attributes:
        stage: ``"check"`` while rows are read and checked, ``"write"`` as chunks commit.
        done: rows checked, or rows whose chunk has committed.
        total: rows in the file.
    """

    stage: str
    done: int
    total: int


@attrs.frozen
class ImportReport:
    """The outcome of :func:`~shuangyong.intake.import_file`.

    Attributes:
        file: the file name; path: its full path; sha256: the digest of its bytes.
        encoding: how it was decoded (``"utf-8 (BOM)"``, ``"gb18030"``, ``"xlsx"``).
        dry_run: True when nothing was (or would be) written.
        rows: data rows read.
        columns: header as written → what it holds (``入伍时间`` → ``enlisted_on``).
        ignored_columns: declared ignored columns (序号 ...), read and left out.
        problems: every bad row, in line order.
        facts: good rows that make a fact.
        paid_up_to: "paid up to" months given on good rows.
        new: facts written that were not in the store (None in a dry run or when nothing was
            written).
        present: facts that were already in the store (same key), so not written again.
        chunks: transactions committed.
        skipped_rows: bad rows left out because ``skip_bad_rows`` was set (0 otherwise: one
            bad row and nothing is written).
    """

    file: str
    path: str
    sha256: str
    encoding: str
    dry_run: bool
    rows: int
    columns: Mapping[str, str]
    ignored_columns: tuple[str, ...]
    problems: tuple[ImportProblem, ...]
    facts: int
    paid_up_to: int
    new: int | None = None
    present: int | None = None
    chunks: int = 0
    skipped_rows: int = 0

    @property
    def ok(self) -> bool:
        """No problem at all."""
        return not self.problems

    @property
    def written(self) -> bool:
        """Whether this import wrote anything (facts or paid-up-to months)."""
        return self.chunks > 0

    def summary(self) -> str:
        """A few lines for a person: what was read, written, and each problem."""
        head = f"{self.file}（{self.encoding}）：{self.rows} 行 / rows"
        if self.dry_run:
            state = "试导入，未写入 / dry run, nothing written"
        elif not self.written:
            state = "未写入任何数据 / nothing written"
        else:
            state = (
                f"新增事实 {self.new} 条，已存在 {self.present} 条 / {self.new} new facts, "
                f"{self.present} already present"
            )
        lines = [
            head,
            f"有效 {self.facts} 条事实，{self.paid_up_to} 项已发至月份 / {self.facts} facts, "
            f"{self.paid_up_to} paid-up-to months",
            state,
        ]
        if self.ignored_columns:
            lines.append(f"忽略的列 / ignored columns: {'、'.join(self.ignored_columns)}")
        if self.problems:
            lines.append(f"问题 {len(self.problems)} 处 / {len(self.problems)} problems:")
            lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)
