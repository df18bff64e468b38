"""Table parameters read per row: coordinates → one flat index → one gather.

Each dimension gets one extra "outside" slot (value 0, no cell), so rows whose coordinates are
not in the table need no masking pass. The padded dense arrays of a table (per set of
resolutions) and the lookup tables of a dimension (per enum or label set) are built once and
cached on the engine (:mod:`shuangyong.policy.cache`).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.domain.money import FEN_PER_YUAN
from shuangyong.errors import RuleDefinitionError
from shuangyong.parameters.model import CompiledValue, ParameterDecl, ValueKind, display_scalar
from shuangyong.policy.arithmetic import RatioColumn, as_column
from shuangyong.policy.cache import EvaluationCache, frozen_array
from shuangyong.policy.columns import Choice, EnumColumn, bounded, enum_codes
from shuangyong.policy.keyed import Keyed
from shuangyong.policy.trace import ParameterUse, group_rows

if TYPE_CHECKING:
    from shuangyong.policy.context import Context

__all__ = ["TableParameter"]

_NO_CELL = "无此标准 / no value for this cell"


class TableParameter:
    """A resolved table parameter, read per row by :meth:`lookup`."""

    def __init__(self, ctx: Context, path: str, keyed: Keyed, decl: ParameterDecl) -> None:
        self._ctx = ctx
        self.path = path
        self._keyed = keyed
        self.decl = decl

    def lookup(self, rows: Any = None, **dims: Any) -> Any:
        """Cells for each row, e.g. ``lookup(cause=c["disability_cause"], level=lvl)``.

        Rows whose coordinates fall outside the table, or on a cell with no value, get 0 and
        are marked *undetermined* (unless the rule has already found them ineligible).

        Args:
            rows: a bool column: only these rows read the table (the others get 0, are never
                marked, and their explanations do not show the table). A rule that reads a
                table for some people only says so here, not with Python ``if`` on the data,
                so that a person's explanation never depends on who else is evaluated.
        """
        ctx = self._ctx
        decl = self.decl
        names = [d.name for d in decl.dimensions]
        if sorted(dims) != sorted(names):
            raise RuleDefinitionError(
                ctx.rule.id, f"{self.path} is indexed by {names}, got {sorted(dims)}"
            )
        cache = ctx.cache
        n = ctx.n
        comp = tuple(r.compiled if r is not None else None for r in self._keyed.resolutions)
        columns = [dims[d.name] for d in decl.dimensions]
        luts = [
            _lut(cache, d.values, col, d.at_least)
            for d, col in zip(decl.dimensions, columns, strict=True)
        ]
        # keyed by the identity of the compiled values, which the parameter set holds for the
        # engine's lifetime; the entry holds them too, and is checked, so an id is never reused
        key = (self.path, tuple(map(id, comp)), tuple(lut.key for lut in luts))
        held, direct = cache.memo("table", key, lambda: (comp, _direct(decl, comp, luts)))
        if any(a is not b for a, b in zip(held, comp, strict=True)):
            direct = _direct(decl, comp, luts)
        # one flat index into the direct table (codes straight to cells), one gather
        flat: Any = None
        owned = False  # whether flat is this call's own array (never a column's)
        for lut, stride, col in zip(luts, direct.strides, columns, strict=True):
            least, greatest = getattr(col, "lo", None), getattr(col, "hi", None)
            a = col.view(np.ndarray) if isinstance(col, np.ndarray) else np.asarray(col)
            if lut.clip:
                # both ends of an integer lut are "outside"; two reductions are cheaper than
                # clipping a column that is already inside, and none are needed where checking
                # the input found its range
                lo, hi = lut.offset, lut.offset + len(lut.positions) - 1
                if least is not None and greatest is not None and lo <= least and greatest <= hi:
                    pass
                elif a.ndim == 0 or a.shape[0] < _SMALL:
                    a = np.minimum(np.maximum(a, lo), hi)
                elif a.min() < lo or a.max() > hi:
                    a = np.clip(a, lo, hi)
            if lut.offset:
                a = np.subtract(a, lut.offset, dtype=np.intp)
            if stride != 1:
                a = np.multiply(a, stride, dtype=np.intp)
            if flat is None:
                flat, owned = a, stride != 1
            elif owned and flat.shape == np.broadcast_shapes(flat.shape, np.shape(a)):
                np.add(flat, a, out=flat, casting="unsafe")
            else:
                flat, owned = np.add(flat, a, dtype=np.intp), True
        keys = self._keyed.keys
        if keys is not None and len(comp) > 1:
            flat, owned = flat + keys * direct.per_key, True
        # rows on no cell (None: every code combination has a value); where no cell with a
        # value holds 0, they are exactly the rows that read 0 (one comparison, not a gather)
        missing = None
        if not direct.complete and not direct.zero_free:
            missing = np.logical_not(np.take(direct.mask, flat))
        if owned and flat.dtype == np.int64 and flat.flags.writeable:
            # the cells into the index's own buffer: one array of n fewer ("clip" never
            # clips here, every index is inside; unlike "raise" it reads each index before
            # writing its cell, so the buffer can be both)
            values = np.take(direct.cells, flat, out=flat, mode="clip")
        else:
            values = np.take(direct.cells, flat)
        if not direct.complete and direct.zero_free:
            missing = np.equal(values, 0)
        if values.shape != (n,):
            values = np.broadcast_to(values, (n,))
            if missing is not None:
                missing = np.broadcast_to(missing, (n,))
        only = None
        if rows is not None:
            only = np.broadcast_to(np.asarray(rows, dtype=bool), (n,))
            values = np.where(only, values, 0)
            if missing is not None:
                missing = missing & only
        if missing is not None:
            ctx.trace.note_missing_cells(self.path, missing)
        if ctx.explain:
            self._record(columns, values, missing, comp, only)
        if decl.unit.kind is ValueKind.RATIO:
            den = int(np.lcm.reduce([c.den for c in comp if c is not None] or [1]))
            scaled = [den // (c.den if c is not None else 1) for c in comp]
            k = np.zeros(1, dtype=np.intp) if keys is None else keys
            factor = np.asarray(scaled, dtype=np.int64)[k]
            return RatioColumn(as_column(values * factor, n), den)
        return bounded(as_column(values, n), direct.extent)

    def _record(
        self,
        columns: list[Any],
        values: npt.NDArray[np.int64],
        missing: npt.NDArray[np.bool_] | None,
        comp: tuple[CompiledValue | None, ...],
        only: npt.NDArray[np.bool_] | None,
    ) -> None:
        """Each row's explanation line: its jurisdiction's value, at its own cell."""
        ctx = self._ctx
        cache = ctx.cache
        decl = self.decl
        keys = self._keyed.keys
        resolutions = self._keyed.resolutions
        key_col = 0 if keys is None else keys
        # rows with the same key and coordinates show the same line: built once per group
        reps, inverse = group_rows(key_col, *(np.asarray(c) for c in columns))
        uses: list[ParameterUse | None] = []
        for r in reps:
            k = 0 if keys is None else int(keys[r])
            res = resolutions[k] if resolutions else None
            if res is None:
                uses.append(None)
                continue
            cell = tuple(
                (d.name, _label(cache, d.values, col, r))
                for d, col in zip(decl.dimensions, columns, strict=True)
            )
            if missing is None or not missing[r]:
                value = int(values[r])
                first = comp[k]
                shown = cache.memo(
                    "cell_shown",
                    (res, value),
                    lambda: _shown(decl, first, value),  # noqa: B023 (called at once)
                )
            else:
                shown = _NO_CELL
            uses.append(ctx.use(res, shown, cell))
        if only is not None:
            codes = np.zeros(len(only), dtype=np.intp) if inverse is None else inverse
            inverse = np.where(only, codes, -1).astype(np.intp)
        ctx.trace.record_uses(inverse, uses)


_SMALL = 256  # below this many rows, clipping costs less than checking whether it is needed


def _shown(decl: ParameterDecl, first: CompiledValue | None, value: int) -> str:
    kind = decl.unit.kind
    raw: Any
    if kind is ValueKind.MONEY:
        raw = Decimal(value) / FEN_PER_YUAN
    elif kind is ValueKind.RATIO:
        raw = Fraction(value, first.den if first is not None else 1)
    else:
        raw = value
    return display_scalar(raw, decl.unit)


@attrs.frozen(eq=False)
class _Lut:
    """A dimension read from a kind of column: the column's raw codes ``offset ..`` → the
    dimension's positions (``len(values)``: "not in the table")."""

    key: tuple[Any, ...]
    positions: npt.NDArray[np.intp]
    offset: int
    clip: bool  # integer columns: codes beyond either end are clipped onto an "outside" slot


@attrs.frozen(eq=False)
class _Direct:
    """A table as read by columns of given kinds: cells (and whether each has a value) for
    every combination of raw codes, flat, with each dimension's stride; keys (jurisdictions)
    first, ``per_key`` cells apart."""

    cells: npt.NDArray[np.int64]
    mask: npt.NDArray[np.bool_]
    strides: tuple[int, ...]
    per_key: int
    complete: bool  # every combination has a value: no missing-cell mask to compute
    extent: int  # the largest absolute cell value (a bound of every lookup's values)
    zero_free: bool  # no cell with a value holds 0: a cell reads 0 exactly when it has none


def _direct(
    decl: ParameterDecl, comp: tuple[CompiledValue | None, ...], luts: list[_Lut]
) -> _Direct:
    """Every key's table padded with an "outside" slot per dimension (value 0, no cell), then
    indexed by the luts once, so that a lookup is one flat index and one gather."""
    padded = tuple(n + 1 for n in decl.shape)
    cells = np.zeros((len(comp), *padded), dtype=np.int64)
    mask = np.zeros((len(comp), *padded), dtype=bool)
    inner = tuple(slice(0, n) for n in decl.shape)
    for j, c in enumerate(comp):
        if c is not None and c.cells is not None and c.mask is not None:
            cells[j][inner] = c.cells
            mask[j][inner] = c.mask
    grid = np.ix_(np.arange(len(comp)), *(lut.positions for lut in luts))
    cells, mask = cells[grid], mask[grid]
    shape = cells.shape[1:]
    strides = [1] * len(shape)
    for j in range(len(shape) - 2, -1, -1):
        strides[j] = strides[j + 1] * shape[j + 1]
    return _Direct(
        frozen_array(cells.ravel()),
        frozen_array(mask.ravel()),
        tuple(strides),
        int(np.prod(shape)),
        bool(mask.all()),
        int(np.abs(cells).max()) if cells.size else 0,
        bool(np.array_equal(cells != 0, mask)),
    )


def _lut(
    cache: EvaluationCache, values: tuple[str | int, ...], col: Any, at_least: bool = False
) -> _Lut:
    """How a column of ``col``'s kind reads a dimension of ``values`` (cached per kind);
    ``at_least``: integer thresholds, each value falls in the last one it reaches."""
    if isinstance(col, Choice):
        labels = col.labels
        key: tuple[Any, ...] = (values, "choice", labels)
        return cache.memo("lut", key, lambda: _choice_lut(key, values, labels))
    if isinstance(col, EnumColumn):
        et = col.enum_type
        key = (values, "enum", et)
        return cache.memo("lut", key, lambda: _enum_lut(key, values, et))
    if at_least:
        key = (values, "at_least")
        return cache.memo("lut", key, lambda: _at_least_lut(key, values))
    key = (values, "int")
    return cache.memo("lut", key, lambda: _int_lut(key, values))


def _choice_lut(
    key: tuple[Any, ...], values: tuple[str | int, ...], labels: tuple[str, ...]
) -> _Lut:
    # a Choice holds -1 for "none of the cases": codes -1 .. len(labels) - 1, -1 "outside"
    outside = len(values)
    lut = [outside] + [values.index(lab) if lab in values else outside for lab in labels]
    return _Lut(key, frozen_array(np.array(lut, dtype=np.intp)), -1, False)


def _enum_lut(key: tuple[Any, ...], values: tuple[str | int, ...], enum_type: Any) -> _Lut:
    lut = np.full(len(enum_type) + 1, len(values), dtype=np.intp)
    for m, code in enum_codes(enum_type).items():
        if m.value in values:
            lut[code] = values.index(m.value)
    return _Lut(key, frozen_array(lut), 0, False)


def _int_lut(key: tuple[Any, ...], values: tuple[str | int, ...]) -> _Lut:
    ints = [v for v in values if isinstance(v, int)]
    if len(ints) != len(values):
        raise RuleDefinitionError("?", f"dimension values {values} need an enum or choose() column")
    lo, hi = min(ints), max(ints)
    # lut covers lo-1 .. hi+1; both ends are "outside"
    lut = np.full(hi - lo + 3, len(values), dtype=np.intp)
    for position, v in enumerate(ints):
        lut[v - lo + 1] = position
    return _Lut(key, frozen_array(lut), lo - 1, True)


def _at_least_lut(key: tuple[Any, ...], values: tuple[str | int, ...]) -> _Lut:
    """Like :func:`_int_lut`, for ascending thresholds (years of service 2, 5, 8): every
    integer from a threshold up to the next falls in its column, and so does everything above
    the last (the top slot, where larger values are clipped)."""
    ints = [int(v) for v in values]
    lo, hi = ints[0], ints[-1]
    lut = np.full(hi - lo + 3, len(values), dtype=np.intp)
    for position, v in enumerate(ints):
        lut[v - lo + 1 :] = position
    return _Lut(key, frozen_array(lut), lo - 1, True)


def _label(cache: EvaluationCache, values: tuple[str | int, ...], col: Any, row: int) -> str:
    """The coordinate of ``row`` as shown in an explanation's table cell."""
    a = np.asarray(col).reshape(-1)
    code = int(a[row if a.shape[0] > 1 else 0])
    if isinstance(col, Choice):
        return col.labels[code] if code >= 0 else "—"
    if isinstance(col, EnumColumn):
        et = col.enum_type
        return cache.memo("enum_label", (et, code), lambda: _enum_label(et, code))
    return str(code)


def _enum_label(enum_type: Any, code: int) -> str:
    if not code:
        return "—"
    member = list(enum_type)[code - 1]
    return str(getattr(member, "label", member.value))
