"""Scalar parameters set per region of another field (issue 11 §3): a province's hardship
multiplier for a conscript posted in 西藏 is not the one for 新疆.

A value written ``by_region`` (:class:`~shuangyong.parameters.model.ByRegion`) is keyed by the
division in the declaration's ``region_field`` (the posting), not by the beneficiary's own
division, which still selects whose value applies. Each row gets the entry of the most specific
listed division that contains its region, else ``other``, else no value: the row is then
undetermined, naming the parameter and the region.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from shuangyong.parameters.model import (
    ByRegion,
    ParameterDecl,
    ValueKind,
    compile_scalar,
    display_scalar,
)
from shuangyong.policy.trace import ParameterUse, group_rows

if TYPE_CHECKING:
    from shuangyong.policy.context import Context
    from shuangyong.policy.keyed import Keyed

__all__ = ["as_ints", "as_ratio", "regional_cells"]


def _divisor(code: str) -> int:
    """Rows whose division ``d`` satisfies ``d // divisor == code // divisor`` lie inside."""
    if code.endswith("0000"):
        return 10_000
    return 100 if code.endswith("00") else 1


def regional_cells(
    ctx: Context, path: str, keyed: Keyed, decl: ParameterDecl, rows: Any
) -> tuple[list[Any], npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
    """Per row, which cell applies: (cells, codes, missing).

    ``cells`` are the parsed values (raw: Decimal yuan, Fraction, int), ``codes`` index them
    per row (-1: none), ``missing`` marks rows with no value for their region. Rows outside
    ``rows`` (the rows the value applies to) are never missing.
    """
    n = ctx.n
    assert decl.region_field is not None
    region = np.broadcast_to(np.asarray(ctx[decl.region_field], dtype=np.int64), (n,))
    keys = np.zeros(n, dtype=np.intp) if keyed.keys is None else keyed.keys
    cells: list[Any] = []
    labels: list[str] = []
    codes = np.full(n, -1, dtype=np.intp)
    for k, res in enumerate(keyed.resolutions):
        if res is None:
            continue
        mine = keys == k
        raw = res.value.raw
        if not isinstance(raw, ByRegion):
            codes[mine] = len(cells)
            cells.append(raw)
            labels.append("")
            continue
        left = mine.copy()
        for code, value in raw.entries:
            d = _divisor(code)
            hit = left & (region // d == int(code) // d)
            codes[hit] = len(cells)
            cells.append(value)
            labels.append(ctx.cache.name_of(code))
            left &= ~hit
        if raw.other is not None:
            codes[left] = len(cells)
            cells.append(raw.other)
            labels.append("其他地区")
    only = np.ones(n, dtype=bool) if rows is None else np.broadcast_to(np.asarray(rows, bool), (n,))
    # rows whose jurisdiction sets no value at all are already undetermined (keyed.bad)
    missing = (codes < 0) & only
    if keyed.bad is not None:
        missing &= ~keyed.bad
    if missing.any():
        field = decl.region_field
        known = ctx.cache.fields.get(field)  # a plugin's region field has its label too
        label = known.label if known is not None else field
        ctx.mark_undetermined(
            missing,
            f"参数 {path}（{decl.label}）没有规定本人{label}的数值，也没有“其他地区”的数值 / "
            f"{path} has no value for the region in {field} and no 'other'",
        )
    if ctx.explain:
        _record(ctx, keyed, decl, cells, labels, codes, only)
    return cells, codes, missing


def _record(
    ctx: Context,
    keyed: Keyed,
    decl: ParameterDecl,
    cells: list[Any],
    labels: list[str],
    codes: npt.NDArray[np.intp],
    only: npt.NDArray[np.bool_],
) -> None:
    """Each row's explanation line: its jurisdiction's value for its own region."""
    keys = np.zeros(ctx.n, dtype=np.intp) if keyed.keys is None else keyed.keys
    reps, inverse = group_rows(keys, codes)
    uses: list[ParameterUse | None] = []
    for r in reps:
        res = keyed.resolutions[int(keys[r])]
        c = int(codes[r])
        if res is None or c < 0:
            uses.append(None)
            continue
        shown = display_scalar(cells[c], decl.unit)
        if labels[c]:
            shown = f"{labels[c]}：{shown}"
        uses.append(ctx.use(res, shown))
    group = np.zeros(ctx.n, dtype=np.intp) if inverse is None else inverse
    ctx.trace.record_uses(np.where(only, group, -1).astype(np.intp), uses)


def as_ratio(cells: list[Any], codes: npt.NDArray[np.intp]) -> tuple[npt.NDArray[np.int64], int]:
    """Ratio cells per row as (numerators, common denominator); 0 where there is none."""
    fr = [Fraction(c) for c in cells] or [Fraction(0)]
    den = int(np.lcm.reduce([f.denominator for f in fr]))
    nums = np.array([int(f * den) for f in fr] + [0], dtype=np.int64)
    return nums[codes], den


def as_ints(kind: ValueKind, cells: list[Any], codes: npt.NDArray[np.intp]) -> Any:
    """Money (fen) or integer cells per row; 0 where there is none."""
    vals: list[Any] = [compile_scalar(kind, c)[0] for c in cells]
    return np.array([*vals, 0], dtype=np.int64)[codes]
