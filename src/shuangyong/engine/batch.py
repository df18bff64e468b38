"""Batch results: one column per rule and measure, plus the row errors."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.domain.money import sum_fen
from shuangyong.engine.run import (
    STATUS_ELIGIBLE,
    STATUS_INELIGIBLE,
    STATUS_INVALID,
    STATUS_UNDETERMINED,
    Stacked,
    first_failed,
    matrix,
)
from shuangyong.errors import BatchInputError, UnknownRuleError
from shuangyong.policy.schema import RowError

__all__ = [
    "BatchResult",
    "BatchSchedule",
    "BatchTotal",
    "MonthTotals",
    "PaymentColumns",
    "RuleColumns",
    "Unrecorded",
    "to_columns",
]

STATUS_NAMES = {
    STATUS_INELIGIBLE: "ineligible",
    STATUS_ELIGIBLE: "eligible",
    STATUS_UNDETERMINED: "undetermined",
    STATUS_INVALID: "invalid",
}


def to_columns(table: Any) -> dict[str, Any]:
    """A dict of numpy arrays from a dict of arrays, a pandas DataFrame or an Arrow table.

    pandas and pyarrow are optional: they are only touched when such an object is passed.
    Nothing is converted on the way, so the schema sees what the caller gave: a datetime
    column keeps its time of day and its time zone (both refused, never truncated or shifted
    to UTC), and a nullable integer column with missing values (pandas ``Int64`` with
    ``pd.NA``, an Arrow integer column with nulls) becomes Python ints with None, never
    floats, so a missing value is that row's error (or "missing" where the field is optional)
    and the other rows of the column stay exact.
    """
    if isinstance(table, Mapping):
        return dict(table)
    mod = type(table).__module__
    if mod.startswith("pandas"):
        return {name: _pandas_column(table[name]) for name in table.columns}
    if mod.startswith("pyarrow"):
        return {name: _arrow_column(table.column(name)) for name in table.column_names}
    raise BatchInputError(
        f"cannot read a {type(table).__name__}: pass a dict of arrays, a pandas DataFrame or "
        "a pyarrow Table"
    )


def _objects(s: Any) -> npt.NDArray[np.object_]:
    """A pandas Series as Python objects, None where missing."""
    out: npt.NDArray[np.object_] = s.astype(object).where(s.notna(), None).to_numpy()
    return out


def _pandas_column(s: Any) -> Any:
    dtype = s.dtype
    if isinstance(dtype, np.dtype):
        return s.to_numpy()  # datetime64 keeps its unit: a time of day is seen and refused
    if str(dtype) == "category" or getattr(dtype, "tz", None) is not None or s.hasnans:
        # categories, time-zone-aware datetimes (each refused) and extension columns with
        # missing values: element by element, as per case
        return _objects(s)
    numpy_dtype = getattr(dtype, "numpy_dtype", None)  # Int64, boolean without NA
    return s.to_numpy(dtype=numpy_dtype) if numpy_dtype is not None else s.to_numpy()


def _arrow_column(col: Any) -> Any:
    import pyarrow as pa

    kind = col.type
    aware = pa.types.is_timestamp(kind) and kind.tz is not None
    exact = pa.types.is_integer(kind) or pa.types.is_boolean(kind)
    if aware or (exact and col.null_count):
        # to_numpy would shift to UTC / turn ints with nulls into floats
        return np.asarray(col.to_pylist(), dtype=object)
    try:
        return col.to_numpy(zero_copy_only=False)
    except Exception:  # dictionary or nested types: go through Python objects
        return np.asarray(col.to_pylist(), dtype=object)


@attrs.frozen(eq=False)
class Unrecorded:
    """Rows read from a case store, with the fields never recorded for some of them.

    What a ``rows_at`` of :meth:`shuangyong.Engine.evaluate_batch_months` may return instead
    of a plain table. A row whose ``unrecorded`` mask is set for a field is evaluated as the
    dict row that lacks that key is per case (:meth:`shuangyong.Engine.evaluate`): a rule
    that requires the field is undetermined for it ("缺少输入字段：…"), a rule that reads it
    only when given (``Rule.optional_reads``) runs as if it were absent, every other rule
    runs as usual. The value in ``columns`` at such a row is not read (None or NaT there).
    A None a caller gives in a plain table stays what it is: an input error naming the field.

    Attributes:
        columns: field → numpy array, one entry per row asked for.
        unrecorded: field → bool array (True: never recorded for that row); fields without
            a gap may be left out.
    """

    columns: Mapping[str, npt.NDArray[Any]]
    unrecorded: Mapping[str, npt.NDArray[np.bool_]]


@attrs.frozen(eq=False, slots=False)
class RuleColumns:
    """The columns of one rule in a batch result."""

    rule_id: str
    version: str
    status: npt.NDArray[np.int8]
    amount_fen: npt.NDArray[np.int64] | None
    _passed: npt.NDArray[np.bool_] | Stacked = attrs.field(alias="passed")
    condition_ids: tuple[str, ...]
    undetermined_reasons: tuple[str, ...]
    unsure: npt.NDArray[np.bool_] | None = None  # failed on a missing value (conditions × rows)
    # rows routed to scoped variants (None: every row ran ``version``): per row an index
    # into ``variants``, each (jurisdiction, version); see shuangyong.engine.routed
    variant: npt.NDArray[np.int8] | None = None
    variants: tuple[tuple[str, str], ...] = ()

    @property
    def passed(self) -> npt.NDArray[np.bool_]:
        """Bool matrix (conditions × rows): whether each row met each condition (stacked
        from the conditions' columns when first read)."""
        return matrix(self._passed)

    @property
    def eligible(self) -> npt.NDArray[np.bool_]:
        out: npt.NDArray[np.bool_] = self.status == STATUS_ELIGIBLE
        return out

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
        return sum_fen(amt, "total", rule_id) if amt is not None else 0

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


STATUS_LABELS = ("ineligible", "eligible", "undetermined", "invalid")


@attrs.frozen(eq=False)
class PaymentColumns:
    """The payment lines of one rule over a table and a range of months, as columns.

    One entry per line (a row's month, instalment or one-off due in the range); see
    :mod:`shuangyong.policy.payment`. Months are integers ``year * 12 + month - 1``
    (:func:`shuangyong.engine.payments.month_of_number` turns one back into a ``Month``).

    Attributes:
        rule_id: the rule.
        row: the input row of each line.
        first: the first month covered (with ``last``, the months a line covers).
        last: the last month covered.
        due: the date a line falls due (datetime64[D]).
        on: the date evaluated for it (datetime64[D]).
        status: ``STATUS_*`` codes (0 ineligible, 1 eligible, 2 undetermined, 3 invalid input).
        amount_fen: what the line pays (an instalment's part of the yearly amount), 0 unless
            eligible; None for rules that pay nothing.
        instalment: which instalment a line is (0 unless paid in instalments).
        instalments: of how many (1 unless paid in instalments).
        version: index into ``versions`` (and ``jurisdictions``: a scoped variant may share
            its version string with the national rule).
        passed: a bit mask per line: bit ``i`` set when condition ``i`` of the version
            passed (conditions in ``conditions[version]`` order).
        unsure: a bit mask per line: bit ``i`` set when condition ``i`` could not be decided.
        reason: index into ``reasons`` of an undetermined line's reasons (-1: none).
        parameters: (path, jurisdiction, effective_from) → (value as text, provenance) of every
            parameter value used by the evaluations.
    """

    rule_id: str
    row: npt.NDArray[np.int64]
    first: npt.NDArray[np.int32]
    last: npt.NDArray[np.int32]
    due: npt.NDArray[np.datetime64]
    on: npt.NDArray[np.datetime64]
    status: npt.NDArray[np.int8]
    amount_fen: npt.NDArray[np.int64] | None
    instalment: npt.NDArray[np.int8]
    instalments: npt.NDArray[np.int8]
    version: npt.NDArray[np.int16]
    versions: tuple[str, ...]
    conditions: tuple[tuple[str, ...], ...]
    passed: npt.NDArray[np.int64]
    unsure: npt.NDArray[np.int64]
    reason: npt.NDArray[np.int16]
    reasons: tuple[str, ...]
    parameters: dict[tuple[str, str, str], tuple[str, str]]
    jurisdictions: tuple[str, ...] = ()  # per version: "national" or its scope's codes

    def __len__(self) -> int:
        return len(self.row)

    def due_month(self) -> npt.NDArray[np.int32]:
        return (self.due.astype("datetime64[M]").astype(np.int64) + 1970 * 12).astype(np.int32)

    def total(self) -> BatchTotal:
        """Exact total over the lines, with what could not be decided."""
        return BatchTotal.of(self)

    def per_row_fen(self, n: int) -> npt.NDArray[np.int64]:
        """Per input row, the sum of its decided lines (int64 fen)."""
        out = np.zeros(n, dtype=np.int64)
        if self.amount_fen is not None:
            decided = np.where(self.status == 1, self.amount_fen, 0)
            sum_fen(
                decided, "per-row total", self.rule_id
            )  # every row's sum fits if the whole does
            np.add.at(out, self.row, decided)
        return out

    def columns(self) -> dict[str, npt.NDArray[Any]]:
        """Plain columns (values, not display strings): for a DataFrame or Arrow table."""

        def months(a: npt.NDArray[np.int32]) -> npt.NDArray[np.datetime64]:
            return (a.astype(np.int64) - 1970 * 12).astype("datetime64[M]")

        out: dict[str, npt.NDArray[Any]] = {
            "row": self.row,
            "rule_id": np.full(len(self), self.rule_id, dtype=object),
            "first": months(self.first),
            "last": months(self.last),
            "due": self.due,
            "on": self.on,
            "status": np.asarray(STATUS_LABELS, dtype=object)[self.status],
            "instalment": self.instalment,
            "instalments": self.instalments,
            "version": np.asarray(self.versions, dtype=object)[self.version]
            if self.versions
            else np.empty(0, dtype=object),
        }
        if self.amount_fen is not None:
            out["amount_fen"] = self.amount_fen
        return out


@attrs.frozen
class BatchTotal:
    """An exact total of payment lines that says whether it is complete.

    Attributes:
        amount_fen: the sum of the eligible lines.
        lines: lines; paid: lines paying more than zero; persons: distinct rows paid.
        undetermined: lines that could not be decided (not in ``amount_fen``).
        invalid: lines of rows with bad input (not evaluated).
        undetermined_months: ``YYYY-MM`` due months of those lines, with their counts.
        reasons: the reasons given for them.
    """

    amount_fen: int
    lines: int
    paid: int
    persons: int
    undetermined: int
    invalid: int
    undetermined_months: dict[str, int]
    reasons: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.undetermined == 0 and self.invalid == 0

    @classmethod
    def of(cls, pc: PaymentColumns) -> BatchTotal:
        from shuangyong.engine.payments import month_of_number

        ok = pc.status == 1
        amounts = pc.amount_fen if pc.amount_fen is not None else np.zeros(len(pc), np.int64)
        paid = ok & (amounts > 0)
        open_ = pc.status == 2
        months, counts = np.unique(pc.due_month()[open_ | (pc.status == 3)], return_counts=True)
        used = np.unique(pc.reason[open_ & (pc.reason >= 0)])
        return cls(
            amount_fen=sum_fen(amounts[ok], "total", pc.rule_id),
            lines=len(pc),
            paid=int(paid.sum()),
            persons=len(np.unique(pc.row[paid])),
            undetermined=int(open_.sum()),
            invalid=int((pc.status == 3).sum()),
            undetermined_months={
                str(month_of_number(int(m))): int(c) for m, c in zip(months, counts, strict=True)
            },
            reasons=tuple(pc.reasons[int(i)] for i in used),
        )

    @classmethod
    def of_totals(cls, mt: MonthTotals) -> BatchTotal:
        """The same total from lines added up as they were evaluated (no line kept)."""
        from shuangyong.engine.payments import month_of_number

        open_ = (mt.status == 2) | (mt.status == 3)
        months: dict[str, int] = {}
        for m, c in zip(mt.month[open_].tolist(), mt.lines[open_].tolist(), strict=True):
            key = str(month_of_number(int(m)))
            months[key] = months.get(key, 0) + int(c)
        return cls(
            amount_fen=sum_fen(mt.amount_fen[mt.status == 1], "total", mt.rule_id),
            lines=int(mt.lines.sum()),
            paid=int(mt.paid.sum()),
            persons=mt.persons,
            undetermined=int(mt.lines[mt.status == 2].sum()),
            invalid=int(mt.lines[mt.status == 3].sum()),
            undetermined_months=dict(sorted(months.items())),
            reasons=mt.reasons,
        )

    def __str__(self) -> str:
        from shuangyong.domain.money import Yuan

        head = f"合计：{Yuan.from_fen(self.amount_fen)}（{self.persons} 人，{self.paid} 笔）"
        if self.complete:
            return head
        parts = []
        if self.undetermined:
            parts.append(f"{self.undetermined} 笔无法确定")
        if self.invalid:
            parts.append(f"{self.invalid} 笔因输入有误未计算")
        months = "、".join(self.undetermined_months)
        why = "；".join(self.reasons) or "见各行说明"
        head = head.replace("合计", "合计（不完整）", 1)
        return f"{head}，另有{'、'.join(parts)}（{months}）。原因：{why}"


@attrs.frozen(eq=False)
class MonthTotals:
    """One rule's payment lines added up by due month × division × status, without the lines
    (``Engine.evaluate_batch_months(..., keep_lines=False)``).

    One entry per (month, division, status) that has lines. Months are integers
    ``year * 12 + month - 1``; divisions are the county codes in the rule's jurisdiction field
    (``Rule.division_field``, usually the household's) on the date each line was evaluated
    (0: none or unknown).

    Attributes:
        month, division, status: the key of each entry (``STATUS_*`` codes).
        lines: lines; amount_fen: their exact sum (0 unless eligible); paid: lines paying
            more than zero.
        persons: distinct rows paid at least once.
        reasons: the reasons given for undetermined lines.
        pays: whether the rule pays money (False for a privilege).
    """

    rule_id: str
    month: npt.NDArray[np.int32]
    division: npt.NDArray[np.int64]
    status: npt.NDArray[np.int8]
    lines: npt.NDArray[np.int64]
    amount_fen: npt.NDArray[np.int64]
    paid: npt.NDArray[np.int64]
    persons: int
    reasons: tuple[str, ...]
    pays: bool

    def __len__(self) -> int:
        return len(self.month)

    def total(self) -> BatchTotal:
        return BatchTotal.of_totals(self)

    def columns(self) -> dict[str, npt.NDArray[Any]]:
        """Plain columns, for a DataFrame or Arrow table."""
        return {
            "rule_id": np.full(len(self), self.rule_id, dtype=object),
            "month": (self.month.astype(np.int64) - 1970 * 12).astype("datetime64[M]"),
            "division": self.division,
            "status": np.asarray(STATUS_LABELS, dtype=object)[self.status],
            "lines": self.lines,
            "amount_fen": self.amount_fen,
            "paid": self.paid,
        }


@attrs.frozen(eq=False)
class BatchSchedule:
    """A table's payment lines over a range of months (``Engine.evaluate_batch_months``).

    Attributes:
        n: rows.
        first: the first month of the range (lines due within it).
        last: the last month of the range.
        rules: per rule id, its :class:`PaymentColumns` (empty when lines were not kept).
        errors: bad rows (never evaluated), with field, value and reason.
        invalid: their mask.
        totals: per rule id, its :class:`MonthTotals` (when lines were not kept).
    """

    n: int
    first: Any
    last: Any
    rules: dict[str, PaymentColumns]
    errors: tuple[RowError, ...]
    invalid: npt.NDArray[np.bool_]
    totals: dict[str, MonthTotals] = attrs.field(factory=dict)

    def __getitem__(self, rule_id: str) -> PaymentColumns:
        try:
            return self.rules[rule_id]
        except KeyError:
            why = "lines not kept (keep_lines=False): see totals" if rule_id in self.totals else ""
            raise UnknownRuleError(rule_id, why or "not in this batch schedule") from None

    def total(self, rule_id: str) -> BatchTotal:
        """The exact total of a rule's lines, complete or saying what is missing."""
        if rule_id in self.totals:
            return self.totals[rule_id].total()
        return self[rule_id].total()

    def total_fen(self, rule_id: str) -> npt.NDArray[np.int64]:
        """Per row, the sum of the rule's decided lines in the range (int64 fen)."""
        return self[rule_id].per_row_fen(self.n)

    def monthly_totals_fen(self, rule_id: str) -> dict[str, int]:
        """Per due month (``YYYY-MM``), the rule's decided total over all rows."""
        from shuangyong.engine.payments import month_of_number

        if rule_id in self.totals:
            mt = self.totals[rule_id]
            if not mt.pays:
                return {}
            by_month = dict.fromkeys(sorted(set(mt.month.tolist())), 0)
            ok = mt.status == 1
            for m, v in zip(mt.month[ok].tolist(), mt.amount_fen[ok].tolist(), strict=True):
                by_month[m] += v
            return {str(month_of_number(m)): v for m, v in by_month.items()}
        pc = self[rule_id]
        if pc.amount_fen is None:
            return {}
        dm = pc.due_month()
        amounts = np.where(pc.status == 1, pc.amount_fen, 0)
        sum_fen(amounts, "monthly totals", rule_id)  # each month's sum fits if the whole does
        months, inv = np.unique(dm, return_inverse=True)
        sums = np.zeros(len(months), dtype=np.int64)
        np.add.at(sums, inv, amounts)
        return {str(month_of_number(int(m))): int(v) for m, v in zip(months, sums, strict=True)}
