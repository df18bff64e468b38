"""The explanation trace of one rule evaluation: what it used, rounded and could not decide.

A :class:`Trace` belongs to one evaluation of one rule (never shared between calls or threads).
It records every parameter value used (with explanations: with its table cell), every rounding
step and which rows are *undetermined* and why. :mod:`shuangyong.policy.results` renders what it
holds.

With explanations the records are kept per row, so that one evaluation of many people explains
each of them exactly as evaluating that person alone would: every record is a :class:`RowRecords`
entry giving each row one item (a parameter use, a rounding step, a reason) or none. Records made
while the amount is computed count only for rows that passed every condition: evaluated alone, a
refused person's amount is never computed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.parameters.model import DatedValue

__all__ = ["ParameterUse", "RoundingStep", "RowRecords", "Trace", "group_rows"]

_T = TypeVar("_T")


@attrs.frozen
class ParameterUse:
    """One parameter value a result used (per case: with the table cell)."""

    path: str
    label: str
    unit: str
    value: str
    effective_from: dt.date
    effective_to: dt.date | None
    jurisdiction: str
    jurisdiction_name: str
    provenance: str
    sources: tuple[str, ...]
    note: str
    supplied_by: str
    cell: tuple[tuple[str, str], ...] = ()
    floor_applied: bool = False


@attrs.frozen
class RoundingStep:
    """A rounding applied at a rule's declared point."""

    label: str
    exact: str
    result: str
    policy: str
    parameter: str | None


def group_rows(*columns: Any) -> tuple[list[int], npt.NDArray[np.intp] | None]:
    """Rows grouped by their values in ``columns`` (integer columns or scalars): one
    representative row per group, and each row's group (None: there is one row, group 0).

    What an explanation shows depends only on such values, so it is built once per group.
    """
    arrays = [c if isinstance(c, np.ndarray) else np.asarray(c) for c in columns]
    n = max((a.shape[0] for a in arrays if a.ndim), default=1)
    if n == 1:
        return [0], None
    cols = [np.broadcast_to(a, (n,)).astype(np.int64, copy=False) for a in arrays if a.ndim]
    if not cols:
        return [0], np.zeros(n, dtype=np.intp)
    if len(cols) == 1:
        _, first, inverse = np.unique(cols[0], return_index=True, return_inverse=True)
    else:
        packed = np.ascontiguousarray(np.stack(cols, axis=1))
        keys = packed.view(np.dtype((np.void, 8 * len(cols)))).ravel()
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return first.tolist(), inverse.reshape(-1).astype(np.intp, copy=False)


class RowRecords(Generic[_T]):
    """Explanation records kept per row.

    Each entry is ``(codes, items, amount)``: row ``i`` gets ``items[codes[i]]`` (``codes``
    None: every row gets ``items[0]``; a code of -1 or an item None: nothing); ``amount`` marks
    an entry made while the amount was computed, which counts only for rows that passed.
    """

    __slots__ = ("entries",)

    def __init__(self) -> None:
        self.entries: list[tuple[npt.NDArray[np.intp] | None, tuple[_T | None, ...], bool]] = []

    def add(
        self,
        codes: npt.NDArray[np.intp] | None,
        items: Sequence[_T | None],
        amount: bool,
    ) -> None:
        self.entries.append((codes, tuple(items), amount))

    def at(self, row: int, passed: bool, unique: bool = True) -> tuple[_T, ...]:
        """Row ``row``'s items in record order (once each, as a per-case record keeps them
        unless ``unique`` is False); ``passed``: whether the row passed every condition."""
        out: list[_T] = []
        for codes, items, amount in self.entries:
            if amount and not passed:
                continue
            if codes is None:
                item = items[0]
            else:
                code = int(codes[row])
                item = items[code] if code >= 0 else None
            if item is not None and (not unique or item not in out):
                out.append(item)
        return tuple(out)

    def signature(self, passed: npt.NDArray[np.bool_]) -> list[npt.NDArray[np.intp]]:
        """Per entry, a column that differs between two rows exactly when the entry gives them
        different items (for grouping rows whose explanations are the same)."""
        out = []
        for codes, _, amount in self.entries:
            if codes is None and not amount:
                continue
            col = np.zeros(len(passed), dtype=np.intp) if codes is None else codes
            out.append(np.where(passed, col, -1) if amount else col)
        return out


class Trace:
    """What one rule evaluation records while its body runs.

    Attributes:
        n: rows evaluated.
        explain: whether explanation records are kept (per row; see the module docstring).
        undetermined: rows that are undetermined (a bool column).
        undetermined_reasons: why, in the words shown to a caseworker (every reason met by any
            row; per row in ``row_reasons``).
        row_uses, row_rounding, row_reasons: with ``explain``, the parameter uses (with table
            cells), rounding steps and reasons of each row.
        amount_rows: rows that passed every condition, once the amount is being computed
            (None before).
        used_values: every dated value read, by (path, jurisdiction, date of effect).
        missing_cells: (table path, rows whose cell has no value) per lookup.
        touched: rows for which the condition being evaluated met a missing value: False
            (none) or a bool column; reset by :meth:`start_condition`.
        param_reads: parameter reads so far (a condition shared between rules reads none).
        accessed: the fields read while a shared condition runs (None otherwise).
    """

    __slots__ = (
        "accessed",
        "amount_rows",
        "any_undetermined",
        "explain",
        "missing_cells",
        "n",
        "param_reads",
        "row_reasons",
        "row_rounding",
        "row_uses",
        "touched",
        "undetermined",
        "undetermined_before_amount",
        "undetermined_reasons",
        "used_values",
    )

    def __init__(self, n: int, explain: bool) -> None:
        self.n = n
        self.explain = explain
        self.undetermined = np.zeros(n, dtype=bool)
        self.any_undetermined = False
        self.undetermined_reasons: list[str] = []
        self.row_uses: RowRecords[ParameterUse] = RowRecords()
        self.row_rounding: RowRecords[RoundingStep] = RowRecords()
        self.row_reasons: RowRecords[str] = RowRecords()
        self.amount_rows: npt.NDArray[np.bool_] | None = None
        self.undetermined_before_amount: npt.NDArray[np.bool_] | None = None
        self.used_values: dict[tuple[str, str, dt.date], DatedValue] = {}
        self.missing_cells: list[tuple[str, npt.NDArray[np.bool_]]] = []
        self.touched: Any = False
        self.param_reads = 0
        self.accessed: list[str] | None = None

    @property
    def in_amount(self) -> bool:
        """Whether the amount is being computed (records count only for rows that passed)."""
        return self.amount_rows is not None

    def start_condition(self) -> None:
        """Forget which rows the previous condition met missing values for."""
        self.touched = False

    def start_amount(self, passed: npt.NDArray[np.bool_]) -> None:
        """The conditions are done and the amount is computed for the rows that ``passed``."""
        self.amount_rows = passed
        if self.explain and self.any_undetermined:
            self.undetermined_before_amount = self.undetermined.copy()

    def note_touched(self, rows: Any) -> None:
        """Rows for which the condition being evaluated met a missing value."""
        if self.touched is False:
            self.touched = np.array(rows, dtype=bool)
        else:
            self.touched = self.touched | rows

    def mark_undetermined(
        self, rows: Any, reason: str, per_row: npt.NDArray[np.object_] | None = None
    ) -> None:
        """Mark ``rows`` (a bool column or scalar) undetermined for ``reason``; with
        explanations, ``per_row`` (a text per row, None where ``reason`` applies) words it
        for each person."""
        mask = np.asarray(rows, dtype=bool)
        if mask.shape != (self.n,):
            mask = np.broadcast_to(mask, (self.n,))
        if mask.any():
            self.note_touched(mask)
            self.undetermined |= mask
            self.any_undetermined = True
            self.undetermined_reasons.append(reason)
            if self.explain:
                self.add_reasons(mask, reason, per_row)

    def add_reasons(
        self,
        rows: npt.NDArray[np.bool_],
        reason: str,
        per_row: npt.NDArray[np.object_] | None = None,
    ) -> None:
        """Per row: ``reason`` (or the row's own text in ``per_row``) for ``rows``."""
        if per_row is None:
            self.row_reasons.add(np.where(rows, 0, -1).astype(np.intp), (reason,), self.in_amount)
            return
        texts = np.array([reason if t is None else t for t in per_row.tolist()], dtype=str)
        labels, codes = np.unique(texts, return_inverse=True)
        codes = np.where(rows, codes.reshape(-1), -1).astype(np.intp)
        self.row_reasons.add(codes, [str(t) for t in labels], self.in_amount)

    def mark_rows(
        self,
        rows: npt.NDArray[np.bool_],
        reasons: tuple[str, ...],
        per_row: tuple[npt.NDArray[np.intp], Sequence[str]] | None = None,
    ) -> None:
        """Rows whose parameter is missing: undetermined, touched, with the reasons (with
        explanations, ``per_row``: each row's reason as (codes, texts))."""
        self.undetermined |= rows
        self.any_undetermined = self.any_undetermined or bool(rows.any())
        self.note_touched(rows)
        self.undetermined_reasons.extend(reasons)
        if self.explain and per_row is not None:
            self.row_reasons.add(per_row[0], per_row[1], self.in_amount)

    def record_uses(
        self, codes: npt.NDArray[np.intp] | None, uses: Sequence[ParameterUse | None]
    ) -> None:
        """Parameter uses for the explanation: row ``i`` used ``uses[codes[i]]``."""
        self.row_uses.add(codes, uses, self.in_amount)

    def record_value(self, path: str, value: DatedValue, jurisdiction: str) -> None:
        self.used_values[(path, jurisdiction, value.effective_from)] = value

    def record_rounding(
        self, codes: npt.NDArray[np.intp] | None, steps: Sequence[RoundingStep]
    ) -> None:
        """Rounding steps: row ``i`` was rounded as ``steps[codes[i]]``."""
        self.row_rounding.add(codes, steps, self.in_amount)

    def note_missing_cells(self, path: str, missing: npt.NDArray[np.bool_]) -> None:
        self.missing_cells.append((path, missing))

    # -- per row, once the rule has run ---------------------------------------------------------
    def uses_at(self, row: int) -> tuple[ParameterUse, ...]:
        return self.row_uses.at(row, self._passed(row))

    def rounding_at(self, row: int) -> tuple[RoundingStep, ...]:
        return self.row_rounding.at(row, self._passed(row), unique=False)

    def reasons_at(self, row: int) -> tuple[str, ...]:
        return self.row_reasons.at(row, self._passed(row), unique=False)

    def _passed(self, row: int) -> bool:
        return self.amount_rows is None or bool(self.amount_rows[row])

    def row_undetermined(self) -> npt.NDArray[np.bool_]:
        """Rows that met something they could not decide, as each would alone (a refused
        row's amount, never computed alone, adds nothing)."""
        if self.amount_rows is None or not self.any_undetermined:
            return self.undetermined
        during = self.undetermined & self.amount_rows
        before = self.undetermined_before_amount
        return during if before is None else before | during
