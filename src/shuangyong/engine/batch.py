"""Batch results: one column per rule and measure, plus the row errors."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.engine.run import (
    STATUS_ELIGIBLE,
    STATUS_INELIGIBLE,
    STATUS_INVALID,
    STATUS_UNDETERMINED,
    first_failed,
)
from shuangyong.errors import BatchInputError, UnknownRuleError
from shuangyong.policy.schema import RowError

__all__ = ["BatchResult", "BatchSchedule", "RuleColumns", "to_columns"]

STATUS_NAMES = {
    STATUS_INELIGIBLE: "ineligible",
    STATUS_ELIGIBLE: "eligible",
    STATUS_UNDETERMINED: "undetermined",
    STATUS_INVALID: "invalid",
}


def to_columns(table: Any) -> dict[str, Any]:
    """A dict of numpy arrays from a dict of arrays, a pandas DataFrame or an Arrow table.

    pandas and pyarrow are optional: they are only touched when such an object is passed.
    Arrow/pandas nulls become None/NaT/NaN, which the schema then treats as missing values
    (an error where the field is required).
    """
    if isinstance(table, Mapping):
        return dict(table)
    mod = type(table).__module__
    if mod.startswith("pandas"):
        out: dict[str, Any] = {}
        for name in table.columns:
            s = table[name]
            if str(s.dtype) == "category":
                out[name] = s.astype(object).where(s.notna(), None).to_numpy()
            elif s.dtype.kind == "M":
                out[name] = s.to_numpy(dtype="datetime64[D]")
            else:
                out[name] = s.to_numpy()
        return out
    if mod.startswith("pyarrow"):
        cols: dict[str, Any] = {}
        for name in table.column_names:
            col = table.column(name)
            try:
                cols[name] = col.to_numpy(zero_copy_only=False)
            except Exception:  # dictionary or nested types: go through Python objects
                cols[name] = np.asarray(col.to_pylist(), dtype=object)
        return cols
    raise BatchInputError(
        f"cannot read a {type(table).__name__}: pass a dict of arrays, a pandas DataFrame or "
        "a pyarrow Table"
    )


@attrs.frozen(eq=False, slots=False)
class RuleColumns:
    """The columns of one rule in a batch result."""

    rule_id: str
    version: str
    status: npt.NDArray[np.int8]
    amount_fen: npt.NDArray[np.int64] | None
    passed: npt.NDArray[np.bool_]
    condition_ids: tuple[str, ...]
    undetermined_reasons: tuple[str, ...]
    unsure: npt.NDArray[np.bool_] | None = None  # failed on a missing value (conditions × rows)

    @property
    def eligible(self) -> npt.NDArray[np.bool_]:
        return self.status == STATUS_ELIGIBLE

    def failed_condition(self) -> npt.NDArray[np.object_]:
        """The first failing condition id per row (None where none failed)."""
        ids = np.array([*self.condition_ids, None], dtype=object)
        first = self.first_failed
        return ids[np.where(first < 0, len(self.condition_ids), first)]

    @functools.cached_property
    def first_failed(self) -> npt.NDArray[np.int8]:
        """Index of the first failing condition per row (-1: none failed, or invalid row); a
        condition failed on recorded facts before one that failed on a missing value."""
        return first_failed(self.passed, self.unsure)

    def status_names(self) -> npt.NDArray[np.object_]:
        names = np.array([STATUS_NAMES[i] for i in range(4)], dtype=object)
        return names[self.status]


@attrs.frozen(eq=False)
class BatchResult:
    """The result of a batch evaluation.

    Attributes:
        n: number of input rows.
        rules: per rule id, its :class:`RuleColumns`.
        errors: the rows that could not be evaluated, with field, value and reason.
        invalid: bool mask of those rows.
        provenance: every (parameter, jurisdiction, date of effect) → provenance used.
    """

    n: int
    rules: dict[str, RuleColumns]
    errors: tuple[RowError, ...]
    invalid: npt.NDArray[np.bool_]
    provenance: dict[tuple[str, str, str], str]

    def __getitem__(self, rule_id: str) -> RuleColumns:
        try:
            return self.rules[rule_id]
        except KeyError:
            raise UnknownRuleError(rule_id, "not in this batch result") from None

    @property
    def uses_example_figures(self) -> bool:
        return "example" in self.provenance.values()

    def total_fen(self, rule_id: str) -> int:
        amt = self[rule_id].amount_fen
        return int(amt.sum()) if amt is not None else 0

    def columns(self) -> dict[str, npt.NDArray[Any]]:
        """Flat columns: ``<rule>.status``, ``<rule>.amount_fen``, ``<rule>.failed_condition``."""
        out: dict[str, npt.NDArray[Any]] = {"valid": ~self.invalid}
        for rid, rc in self.rules.items():
            out[f"{rid}.status"] = rc.status_names()
            out[f"{rid}.eligible"] = rc.eligible
            if rc.amount_fen is not None:
                out[f"{rid}.amount_fen"] = rc.amount_fen
            out[f"{rid}.failed_condition"] = rc.failed_condition()
        return out

    def to_pandas(self) -> Any:
        import pandas as pd

        return pd.DataFrame(self.columns())

    def to_arrow(self) -> Any:
        import pyarrow as pa

        return pa.table({k: pa.array(v) for k, v in self.columns().items()})


@attrs.frozen(eq=False)
class BatchSchedule:
    """A table evaluated month by month (see ``Engine.evaluate_batch_months``).

    Attributes:
        n: rows.
        months: the months evaluated.
        rules: per rule id, (month, columns) for each month the rule had a version.
        errors: bad rows (never evaluated), with field, value and reason.
        invalid: their mask.
    """

    n: int
    months: tuple[Any, ...]
    rules: dict[str, list[tuple[Any, RuleColumns]]]
    errors: tuple[RowError, ...]
    invalid: npt.NDArray[np.bool_]

    def total_fen(self, rule_id: str) -> npt.NDArray[np.int64]:
        """Per row, the sum over the months of the rule's amounts (int64 fen)."""
        try:
            months = self.rules[rule_id]
        except KeyError:
            raise UnknownRuleError(rule_id, "not in this batch schedule") from None
        total = np.zeros(self.n, dtype=np.int64)
        for _, rc in months:
            if rc.amount_fen is not None:
                total += rc.amount_fen
        return total

    def monthly_totals_fen(self, rule_id: str) -> dict[str, int]:
        """Per month (``YYYY-MM``), the rule's total over all rows."""
        return {
            str(m): int(rc.amount_fen.sum()) if rc.amount_fen is not None else 0
            for m, rc in self.rules.get(rule_id, [])
        }
