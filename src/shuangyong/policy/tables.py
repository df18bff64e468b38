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

import numpy as np
import numpy.typing as npt

from shuangyong.domain.money import FEN_PER_YUAN
from shuangyong.errors import RuleDefinitionError
from shuangyong.parameters.model import CompiledValue, ParameterDecl, ValueKind, display_scalar
from shuangyong.policy.arithmetic import RatioColumn, as_column
from shuangyong.policy.cache import EvaluationCache, frozen_array
from shuangyong.policy.columns import Choice, EnumColumn, enum_codes
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
        # keyed by the identity of the compiled values, which the parameter set holds for the
        # engine's lifetime; the entry holds them too, and is checked, so an id is never reused
        key = (self.path, tuple(map(id, comp)))
        held, cells, mask, padded = cache.memo("table", key, lambda: _padded(decl, comp))
        if any(a is not b for a, b in zip(held, comp, strict=True)):
            held, cells, mask, padded = _padded(decl, comp)
        # one flat index: each dimension's lookup table is pre-multiplied by its stride (cached),
        # so the index is a sum of gathers
        strides = _strides(padded)
        flat: Any = None
        columns = []
        for d, stride in zip(decl.dimensions, strides, strict=True):
            col = dims[d.name]
            lut, offset = _lut(cache, d.values, col, stride)
            a = col.view(np.ndarray) if isinstance(col, np.ndarray) else np.asarray(col)
            if offset is not None:
                # the lut covers offset .. offset + len - 1, both ends "outside"; two
                # reductions are cheaper than clipping a column that is already inside
                hi = offset + len(lut) - 1
                if a.ndim == 0 or a.shape[0] < _SMALL:
                    a = np.minimum(np.maximum(a, offset), hi)
                elif a.min() < offset or a.max() > hi:
                    a = np.clip(a, offset, hi)
                if offset:
                    a = a - offset
            part = lut[a]
            flat = part if flat is None else flat + part
            columns.append(col)
        keys = self._keyed.keys
        if keys is not None and len(comp) > 1:
            flat = flat + keys * int(np.prod(padded))
        values = cells[flat]
        has = mask[flat]
        if values.shape != (n,):
            values = np.broadcast_to(values, (n,))
            has = np.broadcast_to(has, (n,))
        if rows is not None:
            only = np.broadcast_to(np.asarray(rows, dtype=bool), (n,))
            values = np.where(only, values, 0)
            has = has | ~only
        ctx.trace.note_missing_cells(self.path, ~has)
        if ctx.explain:
            self._record(columns, values, has, comp, None if rows is None else only)
        if decl.unit.kind is ValueKind.RATIO:
            den = int(np.lcm.reduce([c.den for c in comp if c is not None] or [1]))
            scaled = [den // (c.den if c is not None else 1) for c in comp]
            k = np.zeros(1, dtype=np.intp) if keys is None else keys
            factor = np.asarray(scaled, dtype=np.int64)[k]
            return RatioColumn(as_column(values * factor, n), den)
        return as_column(values, n)

    def _record(
        self,
        columns: list[Any],
        values: npt.NDArray[np.int64],
        has: npt.NDArray[np.bool_],
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
            if has[r]:
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


def _strides(padded: tuple[int, ...]) -> list[int]:
    """Each dimension's stride in the flat padded table (plain Python: a few dimensions)."""
    out = [1] * len(padded)
    for j in range(len(padded) - 2, -1, -1):
        out[j] = out[j + 1] * padded[j + 1]
    return out


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


_Padded = tuple[
    tuple[CompiledValue | None, ...], npt.NDArray[np.int64], npt.NDArray[np.bool_], tuple[int, ...]
]


def _padded(decl: ParameterDecl, comp: tuple[CompiledValue | None, ...]) -> _Padded:
    """Flat cells and mask of every key's table, each dimension padded with "outside"."""
    padded = tuple(n + 1 for n in decl.shape)
    cells = np.zeros((len(comp), *padded), dtype=np.int64)
    mask = np.zeros((len(comp), *padded), dtype=bool)
    inner = tuple(slice(0, n) for n in decl.shape)
    for j, c in enumerate(comp):
        if c is not None and c.cells is not None and c.mask is not None:
            cells[j][inner] = c.cells
            mask[j][inner] = c.mask
    return comp, frozen_array(cells.ravel()), frozen_array(mask.ravel()), padded


def _lut(
    cache: EvaluationCache, values: tuple[str | int, ...], col: Any, stride: int = 1
) -> tuple[npt.NDArray[np.intp], int | None]:
    """(lookup table, offset): a column's codes → the dimension's positions (``len(values)``
    means "not in the table") times ``stride``; integer columns are clipped to ``offset ..``
    first."""
    if isinstance(col, Choice):
        labels = col.labels
        key: tuple[Any, ...] = (values, "choice", labels)
        make: Any = lambda: _choice_lut(values, labels)  # noqa: E731
    elif isinstance(col, EnumColumn):
        et = col.enum_type
        key, make = (values, "enum", et), lambda: _enum_lut(values, et)
    else:
        key, make = (values, "int"), lambda: _int_lut(values)
    if stride == 1:
        return cache.memo("lut", key, make)

    def scaled() -> tuple[npt.NDArray[np.intp], int | None]:
        lut, offset = _lut(cache, values, col)
        return frozen_array(lut * stride), offset

    return cache.memo("lut", (*key, stride), scaled)


def _choice_lut(
    values: tuple[str | int, ...], labels: tuple[str, ...]
) -> tuple[npt.NDArray[np.intp], None]:
    # a Choice holds -1 for "none of the cases": the last lut slot is "outside"
    outside = len(values)
    lut = [values.index(lab) if lab in values else outside for lab in labels] + [outside]
    return frozen_array(np.array(lut, dtype=np.intp)), None


def _enum_lut(values: tuple[str | int, ...], enum_type: Any) -> tuple[npt.NDArray[np.intp], None]:
    lut = np.full(len(enum_type) + 1, len(values), dtype=np.intp)
    for m, code in enum_codes(enum_type).items():
        if m.value in values:
            lut[code] = values.index(m.value)
    return frozen_array(lut), None


def _int_lut(values: tuple[str | int, ...]) -> tuple[npt.NDArray[np.intp], int]:
    ints = [v for v in values if isinstance(v, int)]
    if len(ints) != len(values):
        raise RuleDefinitionError("?", f"dimension values {values} need an enum or choose() column")
    lo, hi = min(ints), max(ints)
    # lut covers lo-1 .. hi+1; both ends are "outside"
    lut = np.full(hi - lo + 3, len(values), dtype=np.intp)
    for position, v in enumerate(ints):
        lut[v - lo + 1] = position
    return frozen_array(lut), lo - 1


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
