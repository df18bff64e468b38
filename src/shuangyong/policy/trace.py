"""The explanation trace of one rule evaluation: what it used, rounded and could not decide.

A :class:`Trace` belongs to one evaluation of one rule (never shared between calls or threads).
It records every parameter value used (per case: with its table cell), every rounding step and
which rows are *undetermined* and why. :mod:`shuangyong.policy.results` renders what it holds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.parameters.model import DatedValue

__all__ = ["ParameterUse", "RoundingStep", "Trace"]


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


class Trace:
    """What one rule evaluation records while its body runs.

    Attributes:
        n: rows evaluated.
        explain: whether parameter uses and rounding steps are recorded (the per-case path).
        undetermined: rows that are undetermined (a bool column).
        undetermined_reasons: why, in the words shown to a caseworker.
        uses: parameter uses, in first-use order (per case).
        rounding: rounding steps (per case).
        used_values: every dated value read, by (path, jurisdiction, date of effect).
        missing_cells: (table path, rows whose cell has no value) per lookup.
        touched: rows for which the condition being evaluated met a missing value: False
            (none) or a bool column; reset by :meth:`start_condition`.
        param_reads: parameter reads so far (a condition shared between rules reads none).
        accessed: the fields read while a shared condition runs (None otherwise).
    """

    __slots__ = (
        "accessed",
        "any_undetermined",
        "explain",
        "missing_cells",
        "n",
        "param_reads",
        "rounding",
        "touched",
        "undetermined",
        "undetermined_reasons",
        "used_values",
        "uses",
    )

    def __init__(self, n: int, explain: bool) -> None:
        self.n = n
        self.explain = explain
        self.undetermined = np.zeros(n, dtype=bool)
        self.any_undetermined = False
        self.undetermined_reasons: list[str] = []
        self.uses: list[ParameterUse] = []
        self.rounding: list[RoundingStep] = []
        self.used_values: dict[tuple[str, str, dt.date], DatedValue] = {}
        self.missing_cells: list[tuple[str, npt.NDArray[np.bool_]]] = []
        self.touched: Any = False
        self.param_reads = 0
        self.accessed: list[str] | None = None

    def start_condition(self) -> None:
        """Forget which rows the previous condition met missing values for."""
        self.touched = False

    def note_touched(self, rows: Any) -> None:
        """Rows for which the condition being evaluated met a missing value."""
        if self.touched is False:
            self.touched = np.array(rows, dtype=bool)
        else:
            self.touched = self.touched | rows

    def mark_undetermined(self, rows: Any, reason: str) -> None:
        """Mark ``rows`` (a bool column or scalar) undetermined for ``reason``."""
        mask = np.asarray(rows, dtype=bool)
        if mask.shape != (self.n,):
            mask = np.broadcast_to(mask, (self.n,))
        if mask.any():
            self.note_touched(mask)
            self.undetermined |= mask
            self.any_undetermined = True
            self.undetermined_reasons.append(reason)

    def mark_rows(self, rows: npt.NDArray[np.bool_], reasons: tuple[str, ...]) -> None:
        """Rows whose parameter is missing: undetermined, touched, with the reasons."""
        self.undetermined |= rows
        self.any_undetermined = self.any_undetermined or bool(rows.any())
        self.note_touched(rows)
        self.undetermined_reasons.extend(reasons)

    def record_use(self, use: ParameterUse) -> None:
        """A parameter use for the explanation (once; uses are shared, immutable objects)."""
        if use not in self.uses:
            self.uses.append(use)

    def record_value(self, path: str, value: DatedValue, jurisdiction: str) -> None:
        self.used_values[(path, jurisdiction, value.effective_from)] = value

    def record_rounding(self, step: RoundingStep) -> None:
        self.rounding.append(step)

    def note_missing_cells(self, path: str, missing: npt.NDArray[np.bool_]) -> None:
        self.missing_cells.append((path, missing))
