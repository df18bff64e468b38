"""The evaluation context a rule body sees: columns, parameters, exact arithmetic, tracing.

The same :class:`Context` class serves one row and a million. With ``explain=True`` (the
per-case path) it also records every parameter value used (with the table cell), every rounding
step, in a form :mod:`shuangyong.policy.results` renders. Parameters are resolved per
*jurisdiction key*, not per row: rows are keyed by the most specific jurisdiction that sets the
parameter, each key is resolved once, and values are gathered with one fancy-index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.domain.money import FEN_PER_YUAN, RoundingPolicy, divide_fen
from shuangyong.errors import FenOverflowError, ParameterNotSetError, RuleDefinitionError
from shuangyong.parameters.model import NATIONAL, DatedValue, ValueKind, display_scalar
from shuangyong.parameters.resolver import ParameterSet, Resolution
from shuangyong.policy._checked import checked_mul
from shuangyong.policy.columns import (
    BoolColumn,
    Choice,
    Column,
    EnumColumn,
    FenColumn,
    enum_codes,
)
from shuangyong.policy.rules import Rule
from shuangyong.policy.schema import FIELDS, MONEY_NULL, FieldKind

__all__ = ["Context", "ParameterUse", "RoundingStep"]


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


class _Keyed:
    """Per-row resolution of one parameter: ``keys`` index into ``resolutions``."""

    def __init__(
        self,
        keys: npt.NDArray[np.intp] | None,
        resolutions: list[Resolution | None],
        missing: list[str],
    ) -> None:
        self.keys = keys
        self.resolutions = resolutions
        self.missing = missing  # division of each key whose parameter is not set (or "")
        self.bad: Any = None  # rows whose value is missing (undetermined), if any

    def gather(self, per_key: Sequence[Any], dtype: Any) -> Any:
        arr = np.asarray(per_key, dtype=dtype)
        if self.keys is None:
            return arr[0]
        return arr[self.keys]


class RatioColumn:
    """Exact ratios per row: ``num / den`` with a common integer denominator."""

    def __init__(self, num: Any, den: int) -> None:
        self.num = num
        self.den = den


class RoundingColumn:
    """Rounding policies per row (different jurisdictions may round differently)."""

    def __init__(
        self, keys: npt.NDArray[np.intp] | None, policies: list[RoundingPolicy], path: str | None
    ) -> None:
        self.keys = keys
        self.policies = policies
        self.path = path


class Scope:
    """What every rule evaluated on the same rows and date shares: the date, the computation
    month, column views and derived columns computed once (see :meth:`Context.shared`)."""

    def __init__(self, on: dt.date, shareable: frozenset[Any] = frozenset()) -> None:
        self.date = on
        # condition functions used by more than one rule: computed once per scope when they
        # read no parameter and meet nothing missing (see shuangyong.engine.run)
        self.shareable = shareable
        self.on, self.month_start, self.month_end = _month_of(on)
        self.views: dict[str, Any] = {}
        self.memo: dict[Any, Any] = {}


def _month_of(on: dt.date) -> tuple[np.datetime64, np.datetime64, np.datetime64]:
    """(date, first day of its month, last day of its month) as datetime64[D]."""
    first = on.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return (
        np.datetime64(on, "D"),
        np.datetime64(first, "D"),
        np.datetime64(nxt - dt.timedelta(days=1), "D"),
    )


class Context:
    """What a rule body reads. Built by the engine, one per rule evaluation.

    Attributes:
        date: the date being evaluated (``datetime.date``); rules never read the clock.
        on: the same date as ``numpy.datetime64[D]``.
        month_start, month_end: the computation month containing ``date`` (datetime64[D]).
        n: number of rows.
    """

    def __init__(
        self,
        *,
        rule: Rule,
        columns: Mapping[str, npt.NDArray[Any]],
        n: int,
        on: dt.date,
        parameters: ParameterSet,
        chain_of: Callable[[int], tuple[str, ...]],
        name_of: Callable[[str], str],
        explain: bool,
        scope: Scope | None = None,
    ) -> None:
        self.rule = rule
        self._reads = rule.read_set
        self._columns = columns
        self.n = n
        if scope is None or scope.date != on:
            scope = Scope(on)
        self._scope = scope
        self.scope = scope  # what rules evaluated on the same rows and date share
        self._views = scope.views
        self.date = on
        self.on = scope.on
        self.month_start = scope.month_start
        self.month_end = scope.month_end
        self.any_undetermined = False
        # rows for which the current condition met a missing value: False (none) or a mask
        # (a bool on one row); the engine resets it before each condition
        self._touched: Any = False
        self.param_reads = 0  # parameter reads so far (a shared condition must read none)
        self._accessed: list[str] | None = None  # fields read, while a shared condition runs
        self._params = parameters
        self._chain_of = chain_of
        self._name_of = name_of
        self.explain = explain
        self.undetermined = np.zeros(n, dtype=bool)
        self.undetermined_reasons: list[str] = []
        self.uses: list[ParameterUse] = []
        self.used_values: dict[tuple[str, str, dt.date], DatedValue] = {}
        self.rounding: list[RoundingStep] = []
        self._keyed: dict[tuple[str, dt.date], _Keyed] = {}
        self.missing_cells: list[tuple[str, npt.NDArray[np.bool_]]] = []
        self._memo: dict[str, Any] = {}

    def mark_undetermined(self, rows: Any, reason: str) -> None:
        """Mark rows *undetermined* for a missing input (e.g. a wage the rule cannot do without),
        with the reason shown in explanations and batch results."""
        mask = np.broadcast_to(np.asarray(rows, dtype=bool), (self.n,))
        if mask.any():
            self._note_touched(mask)
            self.undetermined |= mask
            self.any_undetermined = True
            self.undetermined_reasons.append(reason)

    def _note_touched(self, rows: Any) -> None:
        """Rows for which the condition being evaluated met a missing value (see run_rule)."""
        if self._touched is False:
            self._touched = np.array(rows, dtype=bool)
        else:
            self._touched = self._touched | rows

    def shared(self, key: str, compute: Callable[[], Any]) -> Any:
        """Like :meth:`cached`, but shared by every rule evaluated on the same rows and date
        (e.g. the 第59条 suspension test that every periodic payment applies). Only for
        values that depend on the input columns and the date, never on the rule."""
        memo = self._scope.memo
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    def cached(self, key: str, compute: Callable[[], Any]) -> Any:
        """Compute a derived column once per evaluation, e.g. a case used by a condition and by
        the amount. ``key`` must identify what is computed (it is per rule evaluation)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def _note_missing_cells(self, path: str, missing: npt.NDArray[np.bool_]) -> None:
        self.missing_cells.append((path, missing))

    # -- input columns ----------------------------------------------------------------------
    def column(self, name: str) -> npt.NDArray[Any] | None:
        """The converted input column ``name`` as given to the engine (None if absent), without
        the declaration check of ``context[name]``: for the engine's own reporting."""
        return self._columns.get(name)

    def __getitem__(self, name: str) -> Any:
        if name not in self._reads:
            raise RuleDefinitionError(
                self.rule.id, f"reads field {name!r} that it does not declare in reads="
            )
        if self._accessed is not None:
            self._accessed.append(name)
        views = self._views
        hit = views.get(name)
        if hit is not None:
            return hit
        f = FIELDS[name]
        arr = self._columns[name]
        col: Column
        if f.kind is FieldKind.ENUM:
            enum_col = arr.view(EnumColumn)
            enum_col.enum_type = f.enum_type  # type: ignore[assignment]
            col = enum_col
        else:
            col = arr.view(Column)
        views[name] = col
        return col

    def is_set(self, name: str) -> BoolColumn:
        """True where a nullable field has a value (date not NaT, enum not none, money given)."""
        col = self[name]  # checks the declaration (and notes the read) even when memoised
        key = f"is_set:{name}"
        memo = self._scope.memo
        if key in memo:
            return memo[key]
        kind = FIELDS[name].kind
        col = np.asarray(col)
        if kind is FieldKind.DATE:
            col = np.asarray(col)
        if kind is FieldKind.DATE:
            out = (~np.isnat(col)).view(Column)
        elif kind is FieldKind.MONEY:
            out = (col != MONEY_NULL).view(Column)
        else:
            out = (col != 0).view(Column)
        memo[key] = out
        return out

    def has_any(self, name: str, *members: Any) -> BoolColumn:
        """True where a set-valued field (e.g. ``award_kinds``) holds any of ``members``."""
        f = FIELDS[name]
        if f.kind is not FieldKind.FLAGS or f.enum_type is None:
            raise RuleDefinitionError(self.rule.id, f"{name} is not a set-valued field")
        codes = enum_codes(f.enum_type)
        mask = 0
        for m in members:
            mask |= 1 << codes[m if isinstance(m, f.enum_type) else f.enum_type(m)]
        return ((np.asarray(self[name]) & mask) != 0).view(Column)

    def fen(self, name: str) -> FenColumn:
        """A money field in fen (missing amounts read as 0: check :meth:`is_set`)."""
        col = self[name]
        if FIELDS[name].kind is not FieldKind.MONEY:
            raise RuleDefinitionError(self.rule.id, f"{name} is not a money field")
        col = np.asarray(col)
        return np.where(col == MONEY_NULL, 0, col).view(Column)

    def years_between(self, start: Any, end: Any) -> Any:
        """Whole years from ``start`` to ``end`` (both datetime64[D]), as an age is counted."""
        s = np.asarray(start, dtype="datetime64[D]")
        e = np.asarray(end, dtype="datetime64[D]")
        sy = s.astype("datetime64[Y]").astype(np.int64)
        ey = e.astype("datetime64[Y]").astype(np.int64)
        # compare (month, day), not day-of-year, which shifts in leap years
        sm = s.astype("datetime64[M]").astype(np.int64) % 12
        em = e.astype("datetime64[M]").astype(np.int64) % 12
        sd = (s - s.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64)
        ed = (e - e.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64)
        before = (em < sm) | ((em == sm) & (ed < sd))
        return (ey - sy - before.astype(np.int64)).view(Column)

    # -- parameters -------------------------------------------------------------------------
    def _resolve(self, path: str, at: dt.date | None) -> _Keyed:
        self.param_reads += 1
        if path not in self.rule.parameters:
            raise RuleDefinitionError(
                self.rule.id, f"reads parameter {path!r} that it does not declare in parameters="
            )
        on = at or self.date
        cached = self._keyed.get((path, on))
        if cached is not None:
            if cached.bad is not None:
                self._note_touched(cached.bad)  # this condition reads a missing value too
            return cached
        return self._resolve_new(path, on)

    def _resolve_new(self, path: str, on: dt.date) -> _Keyed:
        divisions = self._columns[self.rule.division_field]
        local = sorted(j for j in self._params.jurisdictions(path) if j != NATIONAL)
        if not local:
            key_codes = [0]
            keys = None
        else:
            keys_arr = np.zeros(self.n, dtype=np.intp)
            # general to specific, so the most specific match wins
            order = sorted(local, key=_level)
            js = [0] + [int(j) for j in order]
            for idx, j in enumerate(order, start=1):
                lvl = _level(j)
                div = 10 ** (4 - 2 * (lvl - 1)) if lvl < 3 else 1
                keys_arr[(divisions // div) == (int(j) // div)] = idx
            used = np.unique(keys_arr) if self.n > 1 else keys_arr
            remap = np.full(len(js), -1, dtype=np.intp)
            remap[used] = np.arange(len(used))
            keys = remap[keys_arr]
            key_codes = [js[u] for u in used.tolist()]
        resolutions: list[Resolution | None] = []
        missing: list[str] = []
        details: list[str] = []
        for code in key_codes:
            chain = self._chain_of(code) if code else (NATIONAL,)
            try:
                res = self._params.resolve(path, on, chain)
            except ParameterNotSetError as exc:
                resolutions.append(None)
                missing.append(exc.division)
                details.append(exc.detail)
                continue
            details.append("")
            resolutions.append(res)
            missing.append("")
            self.used_values[(path, res.jurisdiction, res.value.effective_from)] = res.value
        keyed = _Keyed(keys, resolutions, missing)
        if any(missing):
            bad_keys = [i for i, m in enumerate(missing) if m]
            rows = (
                np.ones(self.n, dtype=bool)
                if keys is None and bad_keys
                else np.isin(keys, bad_keys)
                if keys is not None
                else np.zeros(self.n, dtype=bool)
            )
            self.undetermined |= rows
            self.any_undetermined = self.any_undetermined or bool(rows.any())
            keyed.bad = rows
            self._note_touched(rows)
            for i in bad_keys:
                d = missing[i]
                if d == NATIONAL and self.n == 1:
                    d = f"{int(divisions[0]):06d}"
                elif d == NATIONAL:
                    self.undetermined_reasons.append(
                        f"参数 {path}（{self._params.declaration(path).label}）未由任何区划设定 / "
                        f"parameter {path} is not set by any jurisdiction of these rows"
                    )
                    continue
                if details[i]:
                    self.undetermined_reasons.append(details[i])
                    continue
                self.undetermined_reasons.append(
                    f"参数 {path}（{self._params.declaration(path).label}）未由 "
                    f"{self._name_of(d)}（{d}）或其上级设定 / parameter {path} is not set for "
                    f"division {d}"
                )
        self._keyed[(path, on)] = keyed
        return keyed

    def _record(self, res: Resolution, value: str, cell: tuple[tuple[str, str], ...] = ()) -> None:
        if not self.explain:
            return
        use = self._use(res, value, cell)
        if use not in self.uses:
            self.uses.append(use)

    def _use(
        self, res: Resolution, value: str, cell: tuple[tuple[str, str], ...] = ()
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
            jurisdiction_name=self._name_of(res.jurisdiction),
            provenance=v.provenance.value,
            sources=v.sources,
            note=v.note,
            supplied_by=v.supplied_by,
            cell=cell,
            floor_applied=res.floor is not None,
        )

    def _single(self, keyed: _Keyed) -> Resolution | None:
        if self.explain and keyed.resolutions:
            idx = 0 if keyed.keys is None else int(keyed.keys[0])
            return keyed.resolutions[idx]
        return None

    def param(self, path: str, at: dt.date | None = None) -> Any:
        """A scalar parameter per row: fen (money), int, :class:`RatioColumn` or rounding.

        Args:
            path: a declared parameter path.
            at: resolve on another date (e.g. the end of the previous year for 上年度 figures).
        """
        keyed = self._resolve(path, at)
        decl = self._params.declaration(path)
        if decl.is_table:
            raise RuleDefinitionError(self.rule.id, f"{path} is a table: use context.table()")
        kind = decl.unit.kind
        res = self._single(keyed)
        if res is not None:
            self._record(
                res,
                display_scalar(res.value.raw if res.floor is None else res.floor.raw, decl.unit),
            )
        comp = [r.compiled if r is not None else None for r in keyed.resolutions]
        if kind is ValueKind.ROUNDING:
            pols = [c.scalar if c is not None else _FALLBACK for c in comp]
            return RoundingColumn(keyed.keys, pols, path)  # type: ignore[arg-type]
        if kind is ValueKind.RATIO:
            fr = [c.scalar if c is not None else Fraction(0) for c in comp]
            den = int(np.lcm.reduce([f.denominator for f in fr]))  # type: ignore[union-attr]
            nums = [int(f * den) for f in fr]  # type: ignore[operator]
            return RatioColumn(_col(keyed.gather(nums, np.int64), self.n), den)
        vals = [c.scalar if c is not None else 0 for c in comp]
        return _col(keyed.gather(vals, np.int64), self.n)

    def table(self, path: str, at: dt.date | None = None) -> TableParameter:
        """A table parameter; call ``.lookup(dim=column, ...)`` to read cells per row."""
        keyed = self._resolve(path, at)
        decl = self._params.declaration(path)
        if not decl.is_table:
            raise RuleDefinitionError(self.rule.id, f"{path} is not a table: use context.param()")
        return TableParameter(self, path, keyed)

    # -- arithmetic -------------------------------------------------------------------------
    def divide(
        self, fen: Any, divisor: int, rounding: RoundingColumn | RoundingPolicy, label: str = ""
    ) -> FenColumn:
        """``fen / divisor`` rounded per row by ``rounding``, exactly."""
        return self.scale(fen, RatioColumn(1, 1), divisor, rounding, label)

    def scale(
        self,
        fen: Any,
        ratio: RatioColumn | Fraction,
        divisor: int = 1,
        rounding: RoundingColumn | RoundingPolicy | None = None,
        label: str = "",
    ) -> FenColumn:
        """``fen × ratio / divisor`` rounded by ``rounding`` (a policy or a rounding parameter)."""
        if isinstance(ratio, Fraction):
            ratio = RatioColumn(ratio.numerator, ratio.denominator)
        if rounding is None:
            raise RuleDefinitionError(self.rule.id, "every division declares its rounding")
        if isinstance(rounding, RoundingPolicy):
            rounding = RoundingColumn(None, [rounding], None)
        den = ratio.den * divisor
        try:
            product = checked_mul(fen, ratio.num)
        except FenOverflowError as exc:
            raise FenOverflowError(exc.operation, self.rule.id, label) from None
        if rounding.keys is None or len(rounding.policies) == 1:
            out = divide_fen(product, 1, den, rounding.policies[0])
        else:
            out = np.zeros(self.n, dtype=np.int64)
            prod = np.broadcast_to(product, (self.n,))
            for key, policy in enumerate(rounding.policies):
                m = rounding.keys == key
                out[m] = divide_fen(prod[m], 1, den, policy)
        result: FenColumn = _col(out, self.n)
        if self.explain:
            exact = Fraction(int(product.reshape(-1)[0]), den)
            first = 0 if rounding.keys is None else int(rounding.keys[0])
            pol = rounding.policies[first]
            self.rounding.append(
                RoundingStep(
                    label=label,
                    exact=_fen_fraction(exact),
                    result=f"{Decimal(int(result[0])) / FEN_PER_YUAN:,.2f}",
                    policy=pol.describe(),
                    parameter=rounding.path,
                )
            )
        return result


_FALLBACK = RoundingPolicy("0.01", "half_up")


def _fen_fraction(fen: Fraction) -> str:
    """An exact quotient in yuan, to 4 decimals with an ellipsis if inexact."""
    y = fen / FEN_PER_YUAN
    d = Decimal(y.numerator) / Decimal(y.denominator)
    q = d.quantize(Decimal("0.0001"))
    return f"{q:,}" + ("…" if q != d else "")


def _col(value: Any, n: int) -> Column:
    arr = np.asarray(value)
    if arr.ndim == 0:
        arr = np.full(n, arr)
    return arr.view(Column)


def _level(code: str) -> int:
    """1 province, 2 city, 3 county, by the GB/T 2260 code pattern."""
    if code.endswith("0000"):
        return 1
    if code.endswith("00"):
        return 2
    return 3


class TableParameter:
    """A resolved table parameter, read per row by :meth:`lookup`."""

    def __init__(self, ctx: Context, path: str, keyed: _Keyed) -> None:
        self._ctx = ctx
        self.path = path
        self._keyed = keyed
        self.decl = ctx._params.declaration(path)

    def lookup(self, **dims: Any) -> Any:
        """Cells for each row, e.g. ``lookup(cause=c["disability_cause"], level=lvl)``.

        Rows whose coordinates fall outside the table, or on a cell with no value, get 0 and
        are marked *undetermined* (unless the rule has already found them ineligible).
        """
        ctx = self._ctx
        decl = self.decl
        names = [d.name for d in decl.dimensions]
        if sorted(dims) != sorted(names):
            raise RuleDefinitionError(
                ctx.rule.id, f"{self.path} is indexed by {names}, got {sorted(dims)}"
            )
        idx = []
        labels = []
        for d in decl.dimensions:
            i, lab = _dimension_index(d.values, dims[d.name], ctx.n)
            idx.append(i)
            labels.append(lab)
        comp = [r.compiled if r is not None else None for r in self._keyed.resolutions]
        # Each dimension gets one extra "outside" slot (value 0, no cell), so rows whose
        # coordinates are not in the table need no masking pass: one flat gather does it all.
        padded = tuple(n + 1 for n in decl.shape)
        size = int(np.prod(padded))
        cells = np.zeros((len(comp), *padded), dtype=np.int64)
        mask = np.zeros((len(comp), *padded), dtype=bool)
        inner = tuple(slice(0, n) for n in decl.shape)
        for j, c in enumerate(comp):
            if c is not None and c.cells is not None and c.mask is not None:
                cells[j][inner] = c.cells
                mask[j][inner] = c.mask
        flat = idx[0]
        for j in range(1, len(idx)):
            flat = flat * padded[j] + idx[j]
        if self._keyed.keys is not None and len(comp) > 1:
            flat = flat + self._keyed.keys * size
        values = cells.ravel()[flat]
        has = mask.ravel()[flat]
        k = np.zeros(1, dtype=np.intp) if self._keyed.keys is None else self._keyed.keys
        ctx._note_missing_cells(self.path, ~has)
        res = ctx._single(self._keyed)
        if res is not None:
            cell = tuple((n, labels[j](0)) for j, n in enumerate(names))
            if has[0]:
                kind = decl.unit.kind
                first = comp[int(k[0])]
                raw: Any
                if kind is ValueKind.MONEY:
                    raw = Decimal(int(values[0])) / FEN_PER_YUAN
                elif kind is ValueKind.RATIO:
                    raw = Fraction(int(values[0]), first.den if first is not None else 1)
                else:
                    raw = int(values[0])
                shown = display_scalar(raw, decl.unit)
            else:
                shown = "无此标准 / no value for this cell"
            ctx._record(res, shown, cell)
        if decl.unit.kind is ValueKind.RATIO:
            den = int(np.lcm.reduce([c.den for c in comp if c is not None] or [1]))
            scaled = [den // (c.den if c is not None else 1) for c in comp]
            factor = np.asarray(scaled, dtype=np.int64)[k]
            return RatioColumn(_col(values * factor, ctx.n), den)
        return _col(values, ctx.n)


def _dimension_index(
    values: tuple[str | int, ...], col: Any, n: int
) -> tuple[npt.NDArray[np.intp], Callable[[int], str]]:
    """Map a column onto a dimension's positions; ``len(values)`` means "not in the table"."""
    outside = len(values)
    if isinstance(col, Choice):
        # a Choice holds -1 for "none of the cases": the last lut slot is "outside"
        lut = np.array(
            [values.index(lab) if lab in values else outside for lab in col.labels] + [outside],
            dtype=np.intp,
        )
        pos = np.asarray(col)
        labs = col.labels

        def choice_label(row: int) -> str:
            p = int(pos[row])
            return labs[p] if p >= 0 else "—"

        return lut[pos], choice_label
    if isinstance(col, EnumColumn):
        members = list(col.enum_type)
        lut = np.full(len(members) + 1, outside, dtype=np.intp)
        for m, code in enum_codes(col.enum_type).items():
            if m.value in values:
                lut[code] = values.index(m.value)
        codes = np.asarray(col)

        def enum_label(row: int) -> str:
            c = int(codes[row])
            return str(getattr(members[c - 1], "label", members[c - 1].value)) if c else "—"

        return lut[codes], enum_label
    ints = [v for v in values if isinstance(v, int)]
    if len(ints) != len(values):
        raise RuleDefinitionError("?", f"dimension values {values} need an enum or choose() column")
    lo, hi = min(ints), max(ints)
    # lut covers lo-1 .. hi+1; both ends are "outside"
    int_lut = np.full(hi - lo + 3, outside, dtype=np.intp)
    for position, v in enumerate(ints):
        int_lut[v - lo + 1] = position
    a = np.broadcast_to(np.asarray(col), (n,))
    idx = int_lut[np.clip(a, lo - 1, hi + 1) - (lo - 1)]
    return idx, lambda row: str(int(a[row]))
