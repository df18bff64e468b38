"""Which column of a file is which field: the header row mapped through the aliases.

Every header must mean something: a row field, a register field, one of the import columns
(身份证号, 生效日期, 备注, 已发至) or a declared ignored column (序号). An unknown header, two
columns for the same field, or a file without a 身份证号 column is refused before any row is
read, with every problem of the header row in one message: a column is never dropped unnoticed.

A "paid up to" column names its benefit in the header — ``已发至（disability_pension）``,
``disability_pension已发至``, ``paid_up_to:disability_pension`` — or, when the header is a plain
``已发至``, through the ``benefit=`` option of the import.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Sequence

import attrs

from shuangyong.intake.aliases import Aliases, normalise
from shuangyong.intake.reading import ImportFileError

__all__ = ["Column", "ColumnMap", "column_letter", "map_columns"]

_RULE_ID = re.compile(r"[a-z][a-z0-9_]*")


def column_letter(index: int) -> str:
    """``0`` → ``A``, ``26`` → ``AA``: the column as a spreadsheet names it."""
    letters = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(ord("A") + r) + letters
    return letters


@attrs.frozen
class Column:
    """One mapped column.

    Attributes:
        index: 0-based position in the row.
        header: the header as written in the file.
        target: the field, register field or import column it holds (``paid_up_to`` for a
            "paid up to" column).
        rule_id: for a "paid up to" column, the benefit it names.
    """

    index: int
    header: str
    target: str
    rule_id: str | None = None

    @property
    def where(self) -> str:
        """``C列“入伍时间”``: how messages name the column."""
        return f"{column_letter(self.index)}列“{self.header}”"


@attrs.frozen
class ColumnMap:
    """The mapped header row.

    Attributes:
        columns: the columns that hold data, in file order.
        ignored: headers of declared ignored columns.
        unnamed: indexes of columns with an empty header (any value under one is a row error).
        width: the number of header cells.
    """

    columns: tuple[Column, ...]
    ignored: tuple[str, ...]
    unnamed: tuple[int, ...]
    width: int

    def target(self, name: str) -> Column | None:
        for c in self.columns:
            if c.target == name:
                return c
        return None


def _paid_rule(header: str, aliases: Aliases) -> str | None:
    """The rule id of a "paid up to" header that names one, else None."""
    key = normalise(header)
    bases = [h for h, t in aliases.headers.items() if t == "paid_up_to"]
    for base in sorted(bases, key=len, reverse=True):
        if key.startswith(base):
            rest = key[len(base) :].strip("()[]:：.-_")
            if _RULE_ID.fullmatch(rest):
                return rest
        if key.endswith(base):
            rest = key[: -len(base)].strip("()[]:：.-_")
            if _RULE_ID.fullmatch(rest):
                return rest
    return None


def map_columns(
    path: str,
    headers: Sequence[str],
    aliases: Aliases,
    *,
    survivors: bool = False,
    benefit: str | None = None,
    rule_ids: Collection[str] | None = None,
    header_line: int = 1,
) -> ColumnMap:
    """Map a header row.

    Raises:
        ImportFileError: every problem of the header row, one per line of the message: unknown
            headers (with the nearest known ones), duplicates, a missing 身份证号 column, a
            plain 已发至 column without ``benefit=``, an unknown benefit.
    """
    problems: list[str] = []
    columns: list[Column] = []
    ignored: list[str] = []
    unnamed: list[int] = []
    seen: dict[tuple[str, str | None], Column] = {}
    for i, header in enumerate(headers):
        if not header.strip():
            unnamed.append(i)
            continue
        target = aliases.header(header, survivors=survivors)
        rule: str | None = None
        if target is None:
            rule = _paid_rule(header, aliases)
            target = "paid_up_to" if rule is not None else None
        elif target == "paid_up_to":
            rule = benefit
            if rule is None:
                problems.append(
                    f"{column_letter(i)}列“{header}”没有写明哪项待遇，请在表头写明（如 "
                    f"“已发至（disability_pension）”）或指定 benefit= / column {column_letter(i)} "
                    f"{header!r} does not name its benefit: write it in the header or pass "
                    "benefit="
                )
                continue
        if target is None:
            if aliases.is_ignored(header):
                ignored.append(header)
                continue
            near = difflib.get_close_matches(normalise(header), list(aliases.headers), n=3)
            hint = f"；相近的表头 / did you mean: {'、'.join(near)}" if near else ""
            problems.append(
                f"{column_letter(i)}列“{header}”不是已知的表头 / column {column_letter(i)} "
                f"{header!r} is not a known header{hint}"
            )
            continue
        if target == "paid_up_to" and rule_ids is not None and rule not in rule_ids:
            problems.append(
                f"{column_letter(i)}列“{header}”：未知的待遇 {rule} / unknown benefit {rule!r}; "
                f"known: {', '.join(sorted(rule_ids))}"
            )
            continue
        col = Column(i, header, target, rule)
        first = seen.get((target, rule))
        if first is not None:
            problems.append(
                f"{col.where}与{first.where}是同一字段 {target}{'（' + rule + '）' if rule else ''}"
                f" / columns {column_letter(first.index)} and {column_letter(i)} both hold "
                f"{target}{' of ' + rule if rule else ''}"
            )
            continue
        seen[(target, rule)] = col
        columns.append(col)
    if not any(c.target == "person_id" for c in columns):
        problems.append(
            "缺少“身份证号”列（人员以身份证号为准）/ no 身份证号 (person_id) column: people are "
            "keyed by their id number"
        )
    if problems:
        text = "表头有误 / bad header row:\n  " + "\n  ".join(problems)
        raise ImportFileError(path, text, header_line)
    return ColumnMap(tuple(columns), tuple(ignored), tuple(unnamed), len(headers))
