"""What conversion learnt about a column's values, kept for the operations that would ask.

Checking input finds bounds of each integer column's values (the reductions validation makes
anyway: every value lies in ``lo..hi``, not necessarily reaching either) and whether a required
date column has any NaT. An operation that
needs the same fact (is a table coordinate inside the table, can a date be NaT) reads it here
instead of passing over a million rows again.

A range belongs to one array: it is kept with the array it was found on and used only while the
mapping still holds that very array (``is``), so a column replaced, sliced or rebuilt has no
range, and the operation computes what it needs as before. Ranges only ever say what the data
is; results never depend on whether one is known.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy.typing as npt

__all__ = ["Ranged", "known_range", "with_ranges"]


class Ranged(dict[str, Any]):
    """Converted columns (name → array) and the ranges found on them: name → (array, lo, hi),
    every value of the array in ``lo..hi``, in the column's integer domain (codes, day
    numbers, fen)."""

    __slots__ = ("ranges",)

    def __init__(self, columns: Mapping[str, Any], ranges: Mapping[str, tuple[Any, int, int]]):
        super().__init__(columns)
        self.ranges = dict(ranges)


def known_range(columns: Mapping[str, Any], name: str, arr: Any) -> tuple[int, int] | None:
    """Bounds ``(lo, hi)`` of the values of ``arr``, the column ``name`` of ``columns``, if
    conversion found them on this very array (else None)."""
    ranges = getattr(columns, "ranges", None)
    if not ranges:
        return None
    hit = ranges.get(name)
    if hit is None or hit[0] is not arr:
        return None
    return hit[1], hit[2]


def with_ranges(
    columns: Mapping[str, npt.NDArray[Any]], source: Mapping[str, npt.NDArray[Any]]
) -> Mapping[str, npt.NDArray[Any]]:
    """``columns`` (views, slices or the same arrays as those of ``source``: the same values
    or a subset of them) with the ranges ``source`` had for them; a subset's values lie
    inside the whole's range."""
    ranges = getattr(source, "ranges", None)
    if not ranges:
        return columns
    kept = {}
    for name, (arr, lo, hi) in ranges.items():
        if source.get(name) is arr and name in columns:
            kept[name] = (columns[name], lo, hi)
    return Ranged(columns, kept) if kept else columns
