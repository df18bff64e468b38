"""The evaluation context a rule body sees: fields, parameters, money arithmetic, the trace.

The same :class:`Context` serves one row and a million. It composes small parts, each in its
own module: field access (:mod:`~shuangyong.policy.fields`), jurisdiction-keyed parameters
(:mod:`~shuangyong.policy.keyed`), tables (:mod:`~shuangyong.policy.tables`), money arithmetic
(:mod:`~shuangyong.policy.arithmetic`) and the explanation trace
(:mod:`~shuangyong.policy.trace`). With ``explain=True`` (explained results, for one person or
many) the trace records, per row, every parameter value used (with the table cell), every
rounding step and every reason a result could not be decided. What it derives from
the engine's parameters is cached on the engine (:mod:`~shuangyong.policy.cache`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.domain.money import FEN_PER_YUAN, RoundingPolicy
from shuangyong.errors import RuleDefinitionError, UndeclaredReadError
from shuangyong.parameters.model import ByRegion, ShareOf, ValueKind, display_scalar
from shuangyong.parameters.resolver import Resolution
from shuangyong.policy.arithmetic import (
    FALLBACK_ROUNDING,
    RatioColumn,
    RoundingColumn,
    as_column,
    scale,
)
from shuangyong.policy.cache import EvaluationCache
from shuangyong.policy.columns import FenColumn
from shuangyong.policy.fields import Fields, years_before, years_between
from shuangyong.policy.keyed import Keyed, KeySet, resolve_keyed, row_reasons
from shuangyong.policy.regional import as_ints, as_ratio, regional_cells
from shuangyong.policy.rules import Rule
from shuangyong.policy.tables import TableParameter
from shuangyong.policy.trace import ParameterUse, RoundingStep, Trace

__all__ = [
    "Context",
    "ParameterUse",
    "RatioColumn",
    "RoundingColumn",
    "RoundingStep",
    "Scope",
    "TableParameter",
]


class Scope:
    """What every rule evaluated on the same rows and date shares: the date, the computation
    month, column views and derived columns computed once (see :meth:`Context.shared`).

    Args:
        on: the date evaluated.
        shareable: condition functions used by more than one of the rules: computed once per
            scope when they read no parameter and meet nothing missing (see
            :mod:`shuangyong.engine.run`).
        month: (date, first and last day of its month) as datetime64[D], if known.
    """

    __slots__ = ("date", "memo", "month_end", "month_start", "on", "shareable", "views")

    def __init__(
        self,
        on: dt.date,
        shareable: frozenset[Any] = frozenset(),
        month: tuple[np.datetime64, np.datetime64, np.datetime64] | None = None,
    ) -> None:
        self.date = on
        self.shareable = shareable
        self.on, self.month_start, self.month_end = month or _month_of(on)
        self.views: dict[str, Any] = {}
        self.memo: dict[Any, Any] = {}


def _month_of(on: dt.date) -> tuple[np.datetime64, np.datetime64, np.datetime64]:
    first = on.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return (
        np.datetime64(on, "D"),
        np.datetime64(first, "D"),
        np.datetime64(nxt - dt.timedelta(days=1), "D"),
    )


class Context(Fields):
    """What a rule body reads. Built by the engine, one per rule evaluation.

    Field access (``context[name]``, :meth:`is_set`, :meth:`has_any`, :meth:`fen`) is
    :class:`~shuangyong.policy.fields.Fields`'s, inherited so that the most frequent call in a
    rule body is one call.

    Attributes:
        rule: the rule evaluated.
        date: the date being evaluated (``datetime.date``); rules never read the clock.
        on: the same date as ``numpy.datetime64[D]``.
        month_start, month_end: the computation month containing ``date`` (datetime64[D]).
        n: number of rows.
        explain: whether results are explained (parameter uses, rounding and reasons recorded
            per row).
        trace: what this evaluation records (:class:`~shuangyong.policy.trace.Trace`).
        scope: what the rules evaluated on the same rows and date share.
        cache: the engine's caches.
    """

    def __init__(
        self,
        *,
        rule: Rule,
        columns: Mapping[str, npt.NDArray[Any]],
        n: int,
        on: dt.date,
        cache: EvaluationCache,
        explain: bool,
        scope: Scope | None = None,
    ) -> None:
        self.rule = rule
        self.n = n
        if scope is None or scope.date != on:
            scope = Scope(on, month=cache.month_of(on))
        self.scope = scope
        self.date = on
        self.on = scope.on
        self.month_start = scope.month_start
        self.month_end = scope.month_end
        self.explain = explain
        self.cache = cache
        self.trace = Trace(n, explain)
        Fields.__init__(
            self, rule.id, rule.read_set, columns, scope.views, scope.memo, self.trace, cache.fields
        )
        self._keyed: dict[tuple[str, dt.date], Keyed] = {}
        # per parameter and date, the rows already marked undetermined for its missing value
        self._marked: dict[tuple[str, dt.date], npt.NDArray[np.bool_]] = {}
        self._memo: dict[str, Any] = {}

    # -- what the engine reads back -----------------------------------------------------------
    @property
    def reads(self) -> frozenset[str]:
        """The fields the rule declares."""
        return self.rule.read_set

    @property
    def undetermined(self) -> npt.NDArray[np.bool_]:
        """Rows undetermined so far (for a missing input or parameter)."""
        return self.trace.undetermined

    @property
    def undetermined_reasons(self) -> list[str]:
        """Why (a rule body may add a reason of its own)."""
        return self.trace.undetermined_reasons

    @property
    def any_undetermined(self) -> bool:
        return self.trace.any_undetermined

    @property
    def used_values(self) -> dict[tuple[str, str, dt.date], Any]:
        return self.trace.used_values

    @property
    def missing_cells(self) -> list[tuple[str, npt.NDArray[np.bool_]]]:
        return self.trace.missing_cells

    @property
    def param_reads(self) -> int:
        return self.trace.param_reads

    # -- memos ----------------------------------------------------------------------------------
    def mark_undetermined(
        self, rows: Any, reason: str, per_row: npt.NDArray[np.object_] | None = None
    ) -> None:
        """Mark rows *undetermined* for a missing input (e.g. a wage the rule cannot do without),
        with the reason shown in explanations and batch results.

        Args:
            per_row: with explanations (:attr:`explain`), a text per row (an object column,
                None where ``reason`` applies) for a reason that names the row's own figures.
        """
        self.trace.mark_undetermined(rows, reason, per_row)

    def shared(self, key: str, compute: Callable[[], Any]) -> Any:
        """Like :meth:`cached`, but shared by every rule evaluated on the same rows and date
        (e.g. the 第59条 suspension test that every periodic payment applies). Only for
        values that depend on the input columns and the date, never on the rule."""
        memo = self.scope.memo
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    def cached(self, key: str, compute: Callable[[], Any]) -> Any:
        """Compute a derived column once per evaluation, e.g. a case used by a condition and by
        the amount. ``key`` must identify what is computed (it is per rule evaluation)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    # -- input columns ----------------------------------------------------------------------
    def years_between(self, start: Any, end: Any) -> Any:
        """Whole years from ``start`` to ``end`` (both datetime64[D]), as an age is counted."""
        return years_between(start, end)

    def years_before(self, years: Any) -> Any:
        """The date ``years`` whole years before the date evaluated, per row: ``birth <=
        c.years_before(60)`` is ``years_between(birth, on) >= 60`` as one date comparison."""
        return years_before(self.on, years)

    # -- parameters -------------------------------------------------------------------------
    def _resolve(self, path: str, at: dt.date | None, rows: Any = None) -> Keyed:
        """``path`` resolved per row; rows whose value is missing are marked undetermined.

        ``rows`` (a bool column) limits the marking to the rows the value applies to: a student
        top-up that a province has not set blocks students only (issue 11 §5)."""
        trace = self.trace
        trace.param_reads += 1
        if path not in self.rule.parameters:
            raise UndeclaredReadError(self.rule.id, path, "parameter")
        on = at or self.date
        keyed = self._keyed.get((path, on))
        if keyed is None:
            decl = self.cache.parameters.declaration(path)
            if decl.read_as_of is not None and on != decl.read_on(self.date):
                # the declaration is what `shuangyong params show` reads: the two must agree
                raise RuleDefinitionError(
                    self.rule.id,
                    f"reads {path!r} on {on}; its declaration (read_as_of = "
                    f"{decl.read_as_of!r}) says {decl.read_on(self.date)}",
                )
        divisions = self._columns[self.rule.division_field]
        if keyed is None:
            keyed = resolve_keyed(path, on, divisions, self.n, self.cache)
            for res in keyed.resolutions:
                if res is not None:
                    trace.record_value(path, res.value, res.jurisdiction)
                    if res.share is not None:  # the statistic a share was computed from
                        stat = res.share
                        trace.record_value(stat.decl.path, stat.value, stat.jurisdiction)
            self._keyed[(path, on)] = keyed
        if keyed.bad is None:
            return keyed
        bad = keyed.bad if rows is None else keyed.bad & _bool_rows(rows, self.n)
        marked = self._marked.get((path, on))
        if marked is None:  # (only a value that is missing somewhere marks rows)
            marked = self._marked[(path, on)] = np.zeros(self.n, dtype=bool)
        new = bad & ~marked
        if not new.any():
            trace.note_touched(bad)  # this condition reads a missing value too
            return keyed
        marked |= new
        # only the keys of the rows marked now give their reasons
        keys = np.zeros(self.n, dtype=np.intp) if keyed.keys is None else keyed.keys
        hit = set(np.unique(keys[new]).tolist()) if self.n > 1 else {int(keys[0])}
        reasons = tuple(
            r for k, r in zip(keyed.keyset.bad_keys, keyed.keyset.reasons, strict=True) if k in hit
        )
        per_row = None
        if self.explain:
            per_row = row_reasons(path, on, attrs.evolve(keyed, bad=new), divisions, self.cache)
        trace.mark_rows(new, reasons, per_row)
        return keyed

    def use(
        self, res: Resolution, value: str, cell: tuple[tuple[str, str], ...] = ()
    ) -> ParameterUse:
        """The explanation line of ``res`` shown as ``value`` (at a table ``cell``), kept once
        on the engine."""
        cache = self.cache
        return cache.memo("use", (res, value, cell), lambda: _use(res, value, cell, cache))

    def param(self, path: str, at: dt.date | None = None, rows: Any = None) -> Any:
        """A scalar parameter per row: fen (money), int, :class:`RatioColumn` or rounding.

        Args:
            path: a declared parameter path.
            at: resolve on another date (e.g. the end of the previous year for 上年度 figures).
            rows: a bool column: the rows the value applies to (e.g. ``c["student_enlistee"]``
                for a student top-up). A value that is not set makes only these rows
                undetermined, and only their explanations show the value; the other rows get
                the value where it is set and 0 where it is not (a rule must not use it for
                them). Like ``TableParameter.lookup(rows=...)``: what applies to whom is said
                here, never with Python ``if`` on the data.
        """
        keyed = self._resolve(path, at, rows)
        decl = self.cache.parameters.declaration(path)
        if decl.is_table:
            raise RuleDefinitionError(self.rule.id, f"{path} is a table: use context.table()")
        if decl.region_field is not None and any(
            r is not None and isinstance(r.value.raw, ByRegion) for r in keyed.resolutions
        ):
            return self._regional(path, keyed, decl, rows)
        # what depends only on the resolutions (explanation lines, values per key), once
        per_key = self.cache.memo_of(
            "param_values",
            (keyed.keyset,),
            (path, self.explain),
            lambda: self._param_values(keyed.keyset, decl),
        )
        kind, values, extra, uses, share_uses = per_key
        if uses is not None:
            # each row's explanation shows the value of its own jurisdiction
            codes = keyed.keys
            if rows is not None:
                only = _bool_rows(rows, self.n)
                base = np.zeros(self.n, dtype=np.intp) if codes is None else codes
                codes = np.where(only, base, -1).astype(np.intp)
            self.trace.record_uses(codes, uses)
            if share_uses is not None:
                # a share shows the statistic it was computed from, with its own provenance
                self.trace.record_uses(codes, share_uses)
        if kind is ValueKind.ROUNDING:
            return RoundingColumn(keyed.keys, list(extra), path)
        gathered = keyed.gather(values, values.dtype)  # (values: already an array, no copy)
        if kind is ValueKind.DATE:
            # a cut-off date of the law, compared with date columns (NaT where not set)
            return gathered
        if kind is ValueKind.RATIO:
            return RatioColumn(as_column(gathered, self.n), extra)
        return as_column(gathered, self.n)

    def _param_values(self, keyset: KeySet, decl: Any) -> Any:
        """(the kind of value, values per key, the ratio's denominator or the rounding
        policies, explanation lines per key or None, a share's statistic lines per key or None)
        of a scalar parameter: a pure function of the resolutions, kept on the engine
        (immutable)."""
        kind = decl.unit.kind
        resolutions = keyset.resolutions
        uses = share_uses = None
        if self.explain:
            uses = tuple(self._scalar_use(r, decl) for r in resolutions)
            if any(r is not None and r.share is not None for r in resolutions):
                share_uses = tuple(self._share_use(r) for r in resolutions)
        comp = [r.compiled if r is not None else None for r in resolutions]
        extra: Any = None
        values: Any = None
        if kind is ValueKind.DATE:
            days = [_NAT if c is None else _day(c.scalar) for c in comp]
            values = np.asarray(days, dtype="datetime64[D]")
        elif kind is ValueKind.ROUNDING:
            extra = tuple(c.scalar if c is not None else FALLBACK_ROUNDING for c in comp)
        elif kind is ValueKind.RATIO:
            fr = [c.scalar if c is not None else Fraction(0) for c in comp]
            extra = int(np.lcm.reduce([f.denominator for f in fr]))  # type: ignore[union-attr]
            values = np.asarray([int(f * extra) for f in fr], dtype=np.int64)
        else:
            values = np.asarray([c.scalar if c is not None else 0 for c in comp], dtype=np.int64)
        if values is not None:
            values.flags.writeable = False
        return kind, values, extra, uses, share_uses

    def _regional(self, path: str, keyed: Keyed, decl: Any, rows: Any) -> Any:
        """A scalar some jurisdiction sets ``by_region``: each row its region's value."""
        cells, at_row, _ = regional_cells(self, path, keyed, decl, rows)
        if decl.unit.kind is ValueKind.RATIO:
            nums, den = as_ratio(cells, at_row)
            return RatioColumn(as_column(nums, self.n), den)
        return as_column(as_ints(decl.unit.kind, cells, at_row), self.n)

    def _scalar_use(self, res: Resolution | None, decl: Any) -> ParameterUse | None:
        if res is None:
            return None
        raw = res.value.raw if res.floor is None else res.floor.raw
        if isinstance(raw, ShareOf):
            share, cache = raw, self.cache
            shown = cache.memo("shown", res, lambda: _share_shown(res, share, decl, cache))
        else:
            shown = self.cache.memo("shown", res, lambda: display_scalar(raw, decl.unit))
        return self.use(res, shown)

    def _share_use(self, res: Resolution | None) -> ParameterUse | None:
        if res is None or res.share is None:
            return None
        stat = res.share
        shown = self.cache.memo(
            "shown", stat, lambda: display_scalar(stat.value.raw, stat.decl.unit)
        )
        return self.use(stat, shown)

    def table(self, path: str, at: dt.date | None = None, rows: Any = None) -> TableParameter:
        """A table parameter; call ``.lookup(dim=column, ...)`` to read cells per row.

        ``rows``: as for :meth:`param`, the rows the table applies to: where no jurisdiction
        sets it, only these rows are undetermined (pass the same mask to ``lookup``).
        """
        keyed = self._resolve(path, at, rows)
        decl = self.cache.parameters.declaration(path)
        if not decl.is_table:
            raise RuleDefinitionError(self.rule.id, f"{path} is not a table: use context.param()")
        return TableParameter(self, path, keyed, decl)

    # -- arithmetic -------------------------------------------------------------------------
    def divide(
        self, fen: Any, divisor: int, rounding: RoundingColumn | RoundingPolicy, label: str = ""
    ) -> FenColumn:
        """``fen / divisor`` rounded per row by ``rounding``, exactly."""
        return scale(self.trace, self.rule.id, fen, _ONE, divisor, rounding, label, self.cache)

    def scale(
        self,
        fen: Any,
        ratio: RatioColumn | Fraction,
        divisor: int = 1,
        rounding: RoundingColumn | RoundingPolicy | None = None,
        label: str = "",
    ) -> FenColumn:
        """``fen × ratio / divisor`` rounded by ``rounding`` (a policy or a rounding parameter)."""
        return scale(self.trace, self.rule.id, fen, ratio, divisor, rounding, label, self.cache)


_ONE = RatioColumn(1, 1)
_NAT = np.datetime64("NaT", "D")


def _day(value: Any) -> np.datetime64:
    assert isinstance(value, dt.date)
    return np.datetime64(value, "D")


def _share_shown(res: Resolution, share: ShareOf, decl: Any, cache: EvaluationCache) -> str:
    """A share's line: the figure it comes to, then how (新乡市上年度…的60%，按1元四舍五入)."""
    assert res.share is not None and isinstance(res.compiled.scalar, int)
    stat = res.share
    how = share.describe(stat.decl.label, cache.name_of(stat.jurisdiction))
    return f"{display_scalar(Decimal(res.compiled.scalar) / FEN_PER_YUAN, decl.unit)}（{how}）"


def _bool_rows(rows: Any, n: int) -> npt.NDArray[np.bool_]:
    return np.broadcast_to(np.asarray(rows, dtype=bool), (n,))


def _use(
    res: Resolution, value: str, cell: tuple[tuple[str, str], ...], cache: EvaluationCache
) -> ParameterUse:
    v = res.value
    return ParameterUse(
        path=res.decl.path,
        label=res.decl.label,
        unit=res.decl.unit.label,
        value=value,
        effective_from=v.effective_from,
        effective_to=v.effective_to,
        jurisdiction=res.jurisdiction,
        jurisdiction_name=cache.name_of(res.jurisdiction),
        provenance=v.provenance.value,
        sources=v.sources,
        note=v.note,
        supplied_by=v.supplied_by,
        cell=cell,
        floor_applied=res.floor is not None,
    )
