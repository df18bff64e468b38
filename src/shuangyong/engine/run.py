"""Run one rule over columns: the single code path behind per-case and batch evaluation."""

from __future__ import annotations

import datetime as dt
import sys
import sysconfig
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.errors import (
    ColumnTruthError,
    EnumOrderError,
    FenOverflowError,
    RuleDefinitionError,
    UndeclaredReadError,
)
from shuangyong.policy.cache import EvaluationCache
from shuangyong.policy.context import Context, Scope
from shuangyong.policy.rules import Condition, Rule, RuleKind
from shuangyong.policy.schema import FIELDS, Field
from shuangyong.registries import SCOPE_CONDITION

__all__ = [
    "STATUS_ELIGIBLE",
    "STATUS_INELIGIBLE",
    "STATUS_INVALID",
    "STATUS_UNDETERMINED",
    "RuleRun",
    "Stacked",
    "first_failed",
    "matrix",
    "run_rule",
]

STATUS_INELIGIBLE = 0
STATUS_ELIGIBLE = 1
STATUS_UNDETERMINED = 2
STATUS_INVALID = 3  # the row had bad input and was not evaluated


class Stacked:
    """The conditions × rows matrix of a run, stacked from the conditions' own columns the
    first time it is read: a batch that wants only amounts and statuses never copies the
    conditions into a matrix (k × n bools of fresh memory), and the result is the same
    whenever it is read. Rows ``invalid`` read True (an invalid row has no failing
    condition to report). Reading it from several threads at once is safe: each stacks the
    same matrix, and one of them is kept."""

    __slots__ = ("_invalid", "_n", "_rows", "_value")

    def __init__(
        self,
        rows: Sequence[npt.NDArray[np.bool_]],
        n: int,
        invalid: npt.NDArray[np.bool_] | None = None,
    ) -> None:
        self._rows = tuple(rows)
        self._n = n
        self._invalid = invalid
        self._value: npt.NDArray[np.bool_] | None = None

    def value(self) -> npt.NDArray[np.bool_]:
        """The matrix (built once)."""
        out = self._value
        if out is None:
            out = np.array(self._rows) if self._rows else np.ones((0, self._n), dtype=bool)
            if self._invalid is not None:
                out[:, self._invalid] = True
            self._value = out
            self._rows = ()  # the matrix holds them now
        return out


def matrix(passed: npt.NDArray[np.bool_] | Stacked) -> npt.NDArray[np.bool_]:
    """``passed`` as an array (a :class:`Stacked` is stacked on first use)."""
    return passed.value() if isinstance(passed, Stacked) else passed


@attrs.frozen(eq=False)
class RuleRun:
    """Column results of one rule.

    Attributes:
        status: int8 codes (see ``STATUS_*``).
        passed: bool matrix (conditions × rows).
        unsure: where a condition failed because a value it needed was missing (None: nowhere).
        amount_fen: int64 amounts (0 unless eligible) for benefits, else None.
        context: the context, holding parameter uses, rounding steps and reasons.
        row_undetermined: with explanations, the rows that met something they could not decide
            as each would evaluated alone (whose reasons their explanations give).
    """

    rule: Rule
    status: npt.NDArray[np.int8]
    _passed: npt.NDArray[np.bool_] | Stacked = attrs.field(alias="passed")
    amount_fen: npt.NDArray[np.int64] | None
    context: Context
    undetermined_reasons: tuple[str, ...]
    unsure: npt.NDArray[np.bool_] | None = None  # failed on a missing value (conditions × rows)
    row_undetermined: npt.NDArray[np.bool_] | None = None

    @property
    def passed(self) -> npt.NDArray[np.bool_]:
        """Bool matrix (conditions × rows)."""
        return matrix(self._passed)

    @property
    def passed_lazily(self) -> npt.NDArray[np.bool_] | Stacked:
        """``passed`` as held: not stacked before it is read."""
        return self._passed


def _call(rule: Rule, what: str | None, fn: Callable[[Context], Any], ctx: Context) -> Any:
    """``fn(ctx)``; Python truthiness on a column becomes an error naming the rule and ``what``
    (a condition id, or None for the amount: the text is built only on error)."""
    try:
        return fn(ctx)
    except ColumnTruthError as exc:
        part = "amount" if what is None else f"condition {what!r}"
        raise RuleDefinitionError(
            rule.id,
            f"{part} uses Python if/and/or/not on a column. {exc}",
        ) from None
    except EnumOrderError as exc:
        part = "amount" if what is None else f"condition {what!r}"
        raise RuleDefinitionError(rule.id, f"{part}: {exc}") from None
    except FenOverflowError as exc:
        if exc.rule_id is not None:
            raise
        part = "amount" if what is None else f"condition {what!r}"
        raise FenOverflowError(exc.operation, rule.id, part) from None


def _condition(rule: Rule, cond: Condition, ctx: Context) -> Any:
    """A condition's result. A condition function that several rules use is computed once per
    scope (same rows, same date): reused when its first run read no parameter (whose use each
    rule's explanation must record) and met nothing missing, and only for a rule that declares
    every field it read. Bodies are pure functions of the context, so the result is the same."""
    fn = cond.test
    scope = ctx.scope
    if fn not in scope.shareable:
        return _call(rule, cond.id, fn, ctx)
    key = ("condition", fn)
    hit = scope.memo.get(key)
    reads = ctx.reads
    if hit is not None:
        out, fields = hit
        if fields <= reads:
            return out
        missing = sorted(fields - reads)
        raise UndeclaredReadError(rule.id, missing[0], "field")
    trace = ctx.trace
    param_reads, undetermined = trace.param_reads, trace.any_undetermined
    trace.accessed = []
    try:
        out = _call(rule, cond.id, fn, ctx)
        if (
            trace.param_reads == param_reads
            and trace.touched is False
            and trace.any_undetermined == undetermined
        ):
            scope.memo[key] = (out, frozenset(trace.accessed))
    finally:
        trace.accessed = None
    return out


def run_rule(
    rule: Rule,
    columns: Mapping[str, npt.NDArray[Any]],
    n: int,
    on: dt.date,
    cache: EvaluationCache,
    explain: bool,
    invalid: npt.NDArray[np.bool_] | None = None,
    scope: Scope | None = None,
) -> RuleRun:
    """Run ``rule`` on ``n`` rows of ``columns`` on ``on`` (see :class:`RuleRun`)."""
    ctx = Context(scope=scope, rule=rule, columns=columns, n=n, on=on, cache=cache, explain=explain)
    trace = ctx.trace
    k = len(rule.conditions)
    rows: list[npt.NDArray[np.bool_]] = []
    all_pass: npt.NDArray[np.bool_] | None = None
    unsure_at: list[tuple[int, npt.NDArray[np.bool_]]] = []  # failed on a missing value
    for i, cond in enumerate(rule.conditions):
        trace.start_condition()
        out = _condition(rule, cond, ctx)
        arr = out.view(np.ndarray) if isinstance(out, np.ndarray) else np.asarray(out)
        if arr.dtype != np.bool_:
            raise RuleDefinitionError(
                rule.id, f"condition {cond.id!r} returned {arr.dtype}, not bool"
            )
        if arr.shape != (n,):
            arr = np.broadcast_to(arr, (n,))
        rows.append(arr)
        if all_pass is None:
            all_pass = arr.copy()  # a condition's result may be shared: never written to
        else:
            all_pass &= arr
        touched = trace.touched
        if touched is not False:
            unsure_at.append((i, ~arr & touched))
    if all_pass is None:
        all_pass = np.ones(n, dtype=bool)
    unsure = None  # conditions × rows, allocated when some condition failed on a missing value
    if unsure_at:
        unsure = np.zeros((k, n), dtype=bool)
        for i, mask in unsure_at:
            unsure[i] = mask
    amount = None
    if rule.kind is RuleKind.BENEFIT and not all_pass.any():
        # nobody passes every condition: the amount is zero without computing it (one
        # person refused by most rules is the usual per-case evaluation)
        amount = np.zeros(n, dtype=np.int64)
    elif rule.kind is RuleKind.BENEFIT:
        assert rule.amount is not None
        trace.start_amount(all_pass)
        raw = np.asarray(_call(rule, None, rule.amount, ctx))
        if raw.dtype.kind not in "iu":
            raise RuleDefinitionError(
                rule.id,
                f"amount must be integer fen (int64), got {raw.dtype}: use context.divide()",
            )
        if raw.dtype == np.int64:  # the amount where every condition holds, else 0
            # into the body's own result when nothing else can see it (one array of n fewer)
            own = _private(raw, n)  # (asked before raw is an argument of another call)
            amount = np.multiply(all_pass, raw, out=raw if own else None)
        else:
            amount = np.where(all_pass, raw, 0).astype(np.int64, copy=False)
    undetermined = trace.undetermined
    any_undetermined = trace.any_undetermined
    reasons = list(trace.undetermined_reasons)
    row_undetermined = trace.row_undetermined() if trace.explain else None
    for path, missing in trace.missing_cells:
        hit = missing & all_pass
        if hit.any():
            undetermined = undetermined | hit
            any_undetermined = True
            text = f"标准 {path} 中没有适用于该情形的数值 / no value in {path} for this case"
            reasons.append(text)
            if row_undetermined is not None:
                row_undetermined = row_undetermined | hit
                trace.row_reasons.add(np.where(hit, 0, -1).astype(np.intp), (text,), False)
    # bool → 0/1 is exactly ineligible/eligible
    status = all_pass.view(np.int8).copy()
    stacked: npt.NDArray[np.bool_] | None = None  # the conditions × rows matrix, once stacked
    if not any_undetermined:
        reasons = []  # parameters missing only for rows that failed anyway
    else:
        # rows that failed a condition on recorded facts stay ineligible whatever they lack
        # elsewhere (a refusal on recorded facts is a refusal)
        failed_clean: npt.NDArray[np.bool_] = ~all_pass
        if unsure is not None:  # (the matrix stacked here is the one the result keeps)
            stacked = np.array(rows).reshape(k, n)
            failed_clean = np.any(~stacked & ~unsure, axis=0)
        status[undetermined & ~failed_clean] = STATUS_UNDETERMINED
        if amount is not None:
            amount[status != STATUS_ELIGIBLE] = 0
    any_invalid = invalid is not None and bool(invalid.any())
    if any_invalid:
        assert invalid is not None
        status[invalid] = STATUS_INVALID
        if amount is not None:
            amount[invalid] = 0
    # an invalid row has no failing condition to report
    passed: npt.NDArray[np.bool_] | Stacked
    if stacked is not None or n < _STACK_LATER_FROM or not _stable(rows, columns):
        if stacked is None:
            stacked = np.array(rows) if rows else np.ones((0, n), dtype=bool)
        passed = stacked
        if any_invalid:
            passed[:, invalid] = True
    else:  # stacked when read: a batch that wants amounts and statuses never copies them
        passed = Stacked(rows, n, invalid.copy() if any_invalid and invalid is not None else None)
    return RuleRun(rule, status, passed, amount, ctx, tuple(reasons), unsure, row_undetermined)


_STACK_LATER_FROM = 4096  # rows: below this, stacking at once costs less than deciding


def _stable(rows: Sequence[npt.NDArray[Any]], columns: Mapping[str, npt.NDArray[Any]]) -> bool:
    """Whether every condition column in ``rows`` may be kept to be stacked later: none is
    memory of an input column (which its owner could change after the call returns: a
    condition may return a bool field as it is). Results of operations, the scope's shared
    columns and read-only parameter columns are never written (tests/test_one_meaning.py)."""
    inputs = {id(_root(col)) for col in columns.values()}
    return all(id(_root(arr)) not in inputs for arr in rows)


def _root(arr: Any) -> Any:
    """The array that owns ``arr``'s memory (the end of its chain of views)."""
    while isinstance(getattr(arr, "base", None), np.ndarray):
        arr = arr.base
    return arr


# References are counted as CPython 3.11–3.13 with the GIL count them (checked there); 3.14
# may hold borrowed, uncounted references on the stack, and other builds count otherwise: there
# every amount is a fresh array, as before.
_COUNTED = (
    sys.implementation.name == "cpython"
    and sys.version_info < (3, 14)
    and not sysconfig.get_config_var("Py_GIL_DISABLED")
)


def _private(raw: npt.NDArray[Any], n: int) -> bool:
    """Whether the amount body's result ``raw`` may be written into: fresh memory of its own
    (a result of arithmetic, not an input column, a memo, a parameter or a read-only lookup)
    that nothing but ``raw`` refers to. The references are counted (CPython's, as numpy's own
    elision of temporaries): ``raw`` is held by :func:`run_rule` and this call alone, and each
    array it is a view of only by the view below it; the last owns its data."""
    if not _COUNTED or raw.shape != (n,) or not raw.flags.writeable:
        return False
    if not raw.flags.c_contiguous:
        return False
    # run_rule's variable, this parameter, getrefcount's argument
    if sys.getrefcount(raw) != 3:
        return False
    base = raw.base
    if base is None:
        return bool(raw.flags.owndata)
    while True:
        # the .base of the view below, this variable, getrefcount's argument
        if type(base) is not np.ndarray and not isinstance(base, np.ndarray):
            return False
        if sys.getrefcount(base) != 3:
            return False
        if base.base is None:
            return bool(base.flags.owndata and base.flags.writeable)
        base = base.base


def first_failed(
    passed: npt.NDArray[np.bool_], unsure: npt.NDArray[np.bool_] | None = None
) -> npt.NDArray[np.int8]:
    """Index of the first failing condition per row (-1 if none), from a conditions×rows matrix.

    With ``unsure`` (conditions that failed on a missing value), a condition failed on recorded
    facts comes first: it is the reason the row is refused. Computed on demand: a batch that
    only needs amounts does not pay for it.
    """
    k, n = passed.shape
    first = np.full(n, -1, dtype=np.int8)
    # walk backwards so earlier conditions overwrite later ones
    for i in range(k - 1, -1, -1):
        first[~passed[i]] = i
    if unsure is not None:
        clean = ~passed & ~unsure
        first_clean = np.full(n, -1, dtype=np.int8)
        for i in range(k - 1, -1, -1):
            first_clean[clean[i]] = i
        first = np.where(first_clean >= 0, first_clean, first).astype(np.int8)
    return first


def missing_input_run(
    rule: Rule,
    n: int,
    on: dt.date,
    missing: Sequence[str],
    cache: EvaluationCache,
    explain: bool = False,
    columns: Mapping[str, npt.NDArray[Any]] | None = None,
) -> RuleRun:
    """The result of a rule that cannot run because required input fields are absent.

    Used when *all* rules in force are evaluated on a row that was prepared for some of them:
    the others are undetermined, naming what is missing, rather than failing the whole call.

    A district's local rule still checks where it applies (its first condition,
    :data:`~shuangyong.registries.SCOPE_CONDITION`, reads only the division, when
    ``columns`` hold it): a row outside its divisions is not covered by it, ineligible with
    that reason as with every field given, and never pending for a fact the rule would need
    only where it applies.
    """
    first = rule.conditions[0] if rule.conditions else None
    division = rule.division_field
    scoped = (
        first is not None
        and first.id == SCOPE_CONDITION
        and columns is not None
        and division in columns
        and division not in missing
    )
    # (only a local rule's division is read: nothing else of the rows is shown)
    cols = {division: columns[division]} if scoped and columns is not None else {}
    ctx = Context(rule=rule, columns=cols, n=n, on=on, cache=cache, explain=explain)
    labels = "、".join(f"{f}（{cache.fields[f].label}）" for f in missing)
    reason = f"缺少输入字段：{labels} / missing input fields: {', '.join(missing)}"
    k = len(rule.conditions)
    # no condition was checked: each is open ("?"), never shown as met (issue 12 §4)
    passed = np.zeros((k, n), dtype=bool)
    unsure = np.ones((k, n), dtype=bool)
    inside = np.ones(n, dtype=bool)  # the rows the rule covers
    if scoped and first is not None:
        ctx.trace.start_condition()
        inside = np.broadcast_to(np.asarray(_condition(rule, first, ctx), dtype=bool), (n,))
        passed[0] = inside
        unsure[0] = False  # checked, on the recorded division
    everyone = np.ones(n, dtype=bool)
    if explain:  # (a row outside shows it too: its other conditions are open for want of it)
        ctx.trace.add_reasons(everyone, reason)
    amount = np.zeros(n, dtype=np.int64) if rule.kind is RuleKind.BENEFIT else None
    status = np.where(inside, STATUS_UNDETERMINED, STATUS_INELIGIBLE).astype(np.int8)
    return RuleRun(
        rule,
        status,
        passed,
        amount,
        ctx,
        (reason,),
        unsure,
        row_undetermined=everyone if explain else None,
    )


def missing_required(
    rule: Rule, given: Iterable[str], fields: Mapping[str, Field] = FIELDS
) -> list[str]:
    """Required fields (no default, not nullable) that ``rule`` reads and ``given`` lacks
    (``fields``: the engine's); a field the rule reads only when given
    (``Rule.optional_reads``) is never missing."""
    have = set(given)
    return [
        f
        for f in rule.reads
        if f not in have
        and fields[f].default is None
        and not fields[f].nullable
        and f not in rule.optional_reads
    ]
