"""One row of a file → one :class:`~shuangyong.storage.model.Fact` and its "paid up to" months.

Each row becomes a fact of kind ``import`` about the person its 身份证号 names, taking effect on
the row's 生效日期 (or the import's ``effective_from=``), with ``source`` =
``import:<file name>:<line>``. Its values are the non-empty cells, on top of the import's
``defaults=``. An empty cell sets nothing (it never clears a field). The fact is then checked
by the store's own :class:`~shuangyong.storage.rows.FactChecker`, so a dry run refuses exactly
what the store would.

Every problem of a row is reported, not only the first: every unreadable cell, then (when all
cells read) the first value the store's checks refuse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from shuangyong.domain.ids import IdNumber, mask_id
from shuangyong.domain.periods import Month
from shuangyong.errors import InvalidValueError
from shuangyong.intake.aliases import Aliases
from shuangyong.intake.cells import (
    CellError,
    is_empty,
    read_cell,
    read_date,
    read_month,
    read_person_id,
)
from shuangyong.intake.columns import Column, ColumnMap, column_letter
from shuangyong.intake.reading import Cell, SourceRow
from shuangyong.intake.report import ImportProblem
from shuangyong.storage.model import Fact, FactKind, PaidUpTo
from shuangyong.storage.rows import FactChecker, fact_fields

__all__ = ["RowConverter", "RowFacts", "parse_defaults"]

_NO_HEADER = "该列没有表头 / a value under no header"
_MEMO_SIZE = 50_000  # distinct cells remembered per column
_UNIQUE = frozenset({"name"})  # columns whose cells seldom repeat: not remembered


@attrs.frozen
class RowFacts:
    """What one good row holds: a fact (None when the row only gives paid-up-to months) and
    its paid-up-to months."""

    line: int
    person_id: str
    fact: Fact | None
    paid: tuple[PaidUpTo, ...]


def parse_defaults(defaults: Mapping[str, Any], aliases: Aliases) -> dict[str, Any]:
    """The ``defaults=`` of an import read like cells (``"义务兵"`` or ``"conscript"``,
    ``dt.date`` or ``"2020-09-01"``, ``True`` or ``"是"``).

    Raises:
        InvalidValueError: ``field`` is ``defaults.<name>``; an unknown field or a bad value.
    """
    out: dict[str, Any] = {}
    allowed = fact_fields(aliases.fields)  # a plugin's fields too, when the aliases know them
    for name, value in defaults.items():
        where = f"defaults.{name}"
        if name not in allowed:
            raise InvalidValueError(where, value, "不是可导入的字段 / not a field a fact can carry")
        if isinstance(value, str | int | float | bool | dt.date) and not is_empty(value):
            try:
                out[name] = read_cell(name, value, aliases)
            except CellError as exc:
                raise InvalidValueError(where, value, exc.reason) from None
        else:
            raise InvalidValueError(where, value, "缺省值须为非空的单元格值 / expected a value")
    return out


class RowConverter:
    """Turns rows of one file into facts (see the module docstring).

    Args:
        file_name: the file name, for ``source``.
        columns: the mapped header.
        aliases: header and value aliases.
        checker: the store's fact checker.
        effective_from: the date of effect of rows without a 生效日期 cell.
        defaults: values (already read, :func:`parse_defaults`) every row starts from.
        kind: the fact kind (``import``).
    """

    def __init__(
        self,
        file_name: str,
        columns: ColumnMap,
        aliases: Aliases,
        checker: FactChecker,
        *,
        effective_from: dt.date | None,
        defaults: Mapping[str, Any],
        kind: FactKind = FactKind.IMPORT,
    ) -> None:
        self.file_name = file_name
        self.columns = columns
        self.aliases = aliases
        self.checker = checker
        self.effective_from = effective_from
        self.defaults = dict(defaults)
        self.kind = kind
        self._memo: dict[int, dict[tuple[type, Cell], tuple[Any, str | None]]] = {}

    def _where(self, field: str) -> str:
        col = self.columns.target(field)
        return col.where if col is not None else ""

    def convert(self, row: SourceRow) -> tuple[RowFacts | None, list[ImportProblem]]:
        """The row's fact and months, or None and the row's problems."""
        line = row.line
        problems: list[ImportProblem] = []

        def bad(field: str, column: str, value: Any, reason: str) -> None:
            problems.append(ImportProblem(line, field, column, value, reason))

        for i, value in enumerate(row.cells[self.columns.width :], start=self.columns.width):
            if not is_empty(value):
                bad("", f"{column_letter(i)}列", value, _NO_HEADER)
        for i in self.columns.unnamed:
            if i < len(row.cells) and not is_empty(row.cells[i]):
                bad("", f"{column_letter(i)}列", row.cells[i], _NO_HEADER)

        ident: IdNumber | None = None
        effective = self.effective_from
        note = ""
        values = dict(self.defaults)
        months: list[tuple[str, Month]] = []
        for col in self.columns.columns:
            cell: Cell = row.cells[col.index] if col.index < len(row.cells) else None
            if is_empty(cell):
                continue
            try:
                if col.target == "person_id":
                    ident = read_person_id(cell)
                elif col.target == "note":
                    note = str(cell).strip()
                else:
                    value = self._read(col, cell)
                    if col.target == "effective_from":
                        effective = value
                    elif col.target == "paid_up_to":
                        assert col.rule_id is not None
                        months.append((col.rule_id, value))
                    else:
                        values[col.target] = value
            except CellError as exc:
                field = col.target if col.rule_id is None else f"paid_up_to.{col.rule_id}"
                shown = mask_id(cell) if col.target == "person_id" else cell
                bad(field, col.where, shown, exc.reason)
        person_id = None if ident is None else ident.reveal()
        if person_id is None and not any(p.field == "person_id" for p in problems):
            bad("person_id", self._where("person_id"), None, "必填 / required")
        # a row with only paid-up-to months makes no fact, so it needs no date of effect
        if effective is None and values and not any(p.field == "effective_from" for p in problems):
            bad(
                "effective_from",
                self._where("effective_from"),
                None,
                "缺少生效日期：请填写“生效日期”列或指定 effective_from= / no date of effect: "
                "fill the 生效日期 column or pass effective_from=",
            )
        if problems or person_id is None:
            return None, problems
        assert ident is not None
        self._check_id(ident, values, bad)
        if not values and not months:
            bad("", "", None, "该行除身份证号外没有任何数据 / the row holds nothing but the id")
        if problems:
            return None, problems
        source = f"import:{self.file_name}:{line}"
        fact = None
        if values:
            assert effective is not None
            fact = Fact(
                person_id,
                effective,
                values,
                kind=self.kind,
                note=note,
                source=source,
            )
            try:
                self.checker.check_one(fact)
            except InvalidValueError as exc:
                bad(exc.field, self._where(exc.field), exc.value, exc.reason)
                return None, problems
        paid = tuple(PaidUpTo(person_id, rule, month, source) for rule, month in months)
        return RowFacts(line, person_id, fact, paid), problems

    def _read(self, col: Column, cell: Cell) -> Any:
        """A cell of a column through the column's memo: reading is a pure function of the
        cell, and the same 因病, 411003 or 2008-09-01 recurs on thousands of rows."""
        memo = self._memo.setdefault(col.index, {})
        key = (type(cell), cell)
        hit = memo.get(key)
        if hit is None:
            try:
                if col.target == "effective_from":
                    hit = (read_date(cell), None)
                elif col.target == "paid_up_to":
                    hit = (read_month(cell), None)
                else:
                    hit = (read_cell(col.target, cell, self.aliases), None)
            except CellError as exc:
                hit = (None, exc.reason)
            if len(memo) < _MEMO_SIZE and col.target not in _UNIQUE:
                memo[key] = hit
        if hit[1] is not None:
            raise CellError(hit[1])
        return hit[0]

    def _check_id(self, ident: IdNumber, values: Mapping[str, Any], bad: Any) -> None:
        """性别 and 出生日期 must agree with what the 身份证号 encodes: a mismatch is a keying
        error in one of them, and which one is for a person to decide."""
        sex = values.get("sex")
        if sex is not None and sex != ident.sex.value:
            bad(
                "sex",
                self._where("sex"),
                sex,
                f"与身份证号所示性别（{ident.sex.label}）不符 / differs from the sex the id "
                f"number encodes ({ident.sex.value})",
            )
        born = values.get("birth_date")
        if born is not None and born != ident.birth_date.isoformat():
            bad(
                "birth_date",
                self._where("birth_date"),
                born,
                "与身份证号中的出生日期不符 / differs from the birth date in the id number",
            )
