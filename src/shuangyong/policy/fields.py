"""Field access for rule bodies: declared input columns as :class:`Column` views.

A rule reads only the fields it declares (``reads=``); every read is checked. Views and derived
columns that do not depend on the rule (``is_set``) are made once per scope (same rows, same
date) and shared by every rule evaluated there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from shuangyong.errors import RuleDefinitionError, UndeclaredReadError
from shuangyong.policy.columns import BoolColumn, Column, EnumColumn, FenColumn, enum_codes
from shuangyong.policy.ranges import known_range
from shuangyong.policy.schema import MONEY_NULL, Field, FieldKind
from shuangyong.policy.trace import Trace

_NAT_DAY = np.iinfo(np.int64).min  # NaT as a day number

__all__ = ["Fields", "by_day", "month_parts", "month_starts", "years_before", "years_between"]


class Fields:
    """The input columns one rule may read.

    Args:
        rule_id: for errors.
        reads: the fields the rule declares.
        columns: the converted input columns.
        views: the scope's column views (shared by the rules of one scope).
        memo: the scope's derived columns.
        trace: the evaluation's trace (fields read by a shared condition are noted there).
        specs: the engine's fields (national and plugin) by name.
    """

    __slots__ = ("_columns", "_memo", "_reads", "_rule_id", "_specs", "_trace", "_views")

    def __init__(
        self,
        rule_id: str,
        reads: frozenset[str],
        columns: Mapping[str, npt.NDArray[Any]],
        views: dict[str, Any],
        memo: dict[Any, Any],
        trace: Trace,
        specs: Mapping[str, Field],
    ) -> None:
        self._rule_id = rule_id
        self._specs = specs
        self._reads = reads
        self._columns = columns
        self._views = views
        self._memo = memo
        self._trace = trace

    def column(self, name: str) -> npt.NDArray[Any] | None:
        """The converted input column ``name`` (None if absent), without the declaration
        check: for the engine's own reporting."""
        return self._columns.get(name)

    def __getitem__(self, name: str) -> Any:
        if name not in self._reads:
            raise UndeclaredReadError(self._rule_id, name, "field")
        accessed = self._trace.accessed
        if accessed is not None:
            accessed.append(name)
        hit = self._views.get(name)
        if hit is not None:
            return hit
        f = self._specs[name]
        arr = self._columns[name]
        col: Column
        if f.kind is FieldKind.ENUM:
            enum_col = arr.view(EnumColumn)
            enum_col.enum_type = f.enum_type  # type: ignore[assignment]
            col = enum_col
        else:
            col = arr.view(Column)
        found = known_range(self._columns, name, arr)
        if found is not None:  # what conversion found: no pass over the rows to ask again
            col.lo, col.hi = found
        self._views[name] = col
        return col

    def is_set(self, name: str) -> BoolColumn:
        """True where a nullable field has a value (date not NaT, enum not none, money given)."""
        col = self[name]  # checks the declaration (and notes the read) even when memoised
        key = ("is_set", name)
        hit: BoolColumn | None = self._memo.get(key)
        if hit is not None:
            return hit
        kind = self._specs[name].kind
        arr = col.view(np.ndarray)
        out: BoolColumn
        if kind is FieldKind.DATE:
            # as day numbers: one comparison instead of isnat and a negation
            out = np.not_equal(arr.view(np.int64), _NAT_DAY).view(Column)
        elif kind is FieldKind.MONEY:
            out = np.not_equal(arr, MONEY_NULL).view(Column)
        else:
            out = np.not_equal(arr, 0).view(Column)
        self._memo[key] = out
        return out

    def has_any(self, name: str, *members: Any) -> BoolColumn:
        """True where a set-valued field (e.g. ``award_kinds``) holds any of ``members``."""
        f = self._specs[name]
        if f.kind is not FieldKind.FLAGS or f.enum_type is None:
            raise RuleDefinitionError(self._rule_id, f"{name} is not a set-valued field")
        codes = enum_codes(f.enum_type)
        mask = 0
        for m in members:
            mask |= 1 << codes[m if isinstance(m, f.enum_type) else f.enum_type(m)]
        out: BoolColumn = ((self[name].view(np.ndarray) & mask) != 0).view(Column)
        return out

    def fen(self, name: str) -> FenColumn:
        """A money field in fen (missing amounts read as 0: check :meth:`is_set`)."""
        col = self[name]
        if self._specs[name].kind is not FieldKind.MONEY:
            raise RuleDefinitionError(self._rule_id, f"{name} is not a money field")
        arr = col.view(np.ndarray)
        least = col.lo  # where checking the input found it: no reduction
        if arr.shape[0] and (least if least is not None else arr.min()) != MONEY_NULL:
            # nothing missing: the column itself, read-only (one reduction, no copy)
            view = arr.view(Column)
            view.flags.writeable = False
            return view
        out: FenColumn = np.where(arr == MONEY_NULL, 0, arr).view(Column)
        return out


def years_between(start: Any, end: Any) -> Any:
    """Whole years from ``start`` to ``end`` (both datetime64[D]), as an age is counted."""
    s = np.asarray(start, dtype="datetime64[D]")
    e = np.asarray(end, dtype="datetime64[D]")
    if e.ndim == 0 and s.ndim == 1:
        # one end date (the date evaluated): computed once per distinct day, then gathered
        return by_day(s, lambda days: _years_between(days, e))
    return _years_between(s, e)


_BY_DAY_MIN = 4096  # below this many rows, computing each row directly is as cheap


def by_day(days: npt.NDArray[np.datetime64], f: Any) -> Any:
    """``f(days)`` for an elementwise calendar function ``f``, computed once for each day (or
    month, for a ``datetime64[M]`` column) of the column's range and gathered by day number (a
    population's dates span far fewer days than it has rows). NaT rows go through ``f``
    themselves, so the result is ``f``'s."""
    n = days.shape[0]
    if n < _BY_DAY_MIN:
        return f(days)
    nums = days.view(np.int64)
    nat = np.isnat(days)
    valid = nums[~nat] if nat.any() else nums
    if valid.shape[0] == 0:
        return f(days)
    lo, hi = int(valid.min()), int(valid.max())
    if hi - lo + 1 > n:
        return f(days)
    table = np.asarray(f(np.arange(lo, hi + 1, dtype=np.int64).view(days.dtype)))
    out = table[np.clip(nums - lo, 0, hi - lo)]
    if nat.any():
        out[nat] = np.asarray(f(days[nat]))
    return out.view(Column)


def month_parts(days: Any) -> tuple[Any, Any]:
    """(the month, the day of the month counted from 0) of each date, as
    ``days.astype("datetime64[M]")`` and ``(days - month).astype(np.int64)`` give them (NaT
    included), from one table per distinct day: numpy's calendar conversion costs ~30 ns a
    row, a gather ~4."""
    d = np.asarray(days, dtype="datetime64[D]")
    if d.ndim != 1 or d.shape[0] < _BY_DAY_MIN:  # a few rows: directly
        m = d.astype("datetime64[M]")
        return m, (d - m.astype("datetime64[D]")).astype(np.int64)
    month = np.asarray(by_day(d, lambda x: x.astype("datetime64[M]").view(np.int64)))
    dom = np.asarray(
        by_day(
            d, lambda x: (x - x.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64)
        )
    )
    return month.view(np.int64).view("datetime64[M]"), dom.view(np.int64)


def month_starts(months: Any) -> Any:
    """The first day of each month (``months.astype("datetime64[D]")``, NaT included), from
    one table per distinct month."""
    m = np.asarray(months, dtype="datetime64[M]")
    if m.ndim != 1 or m.shape[0] < _BY_DAY_MIN:
        return m.astype("datetime64[D]")
    out = by_day(m, lambda x: x.astype("datetime64[D]").view(np.int64))
    return np.asarray(out).view(np.int64).view("datetime64[D]")


def _years_between(s: npt.NDArray[np.datetime64], e: npt.NDArray[np.datetime64]) -> Any:
    sy = s.astype("datetime64[Y]").astype(np.int64)
    ey = e.astype("datetime64[Y]").astype(np.int64)
    # compare (month, day), not day-of-year, which shifts in leap years
    sm = s.astype("datetime64[M]").astype(np.int64) % 12
    em = e.astype("datetime64[M]").astype(np.int64) % 12
    sd = (s - s.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64)
    ed = (e - e.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64)
    before = (em < sm) | ((em == sm) & (ed < sd))
    return (ey - sy - before.astype(np.int64)).view(Column)


def years_before(on: Any, years: Any) -> Any:
    """Per row, the date ``years`` whole years before ``on`` (a 29 February becomes 28
    February in a common year): someone born on or before it is at least ``years`` old on
    ``on``, as :func:`years_between` counts. One date per distinct number of years."""
    day = np.datetime64(on, "D").astype(object)
    y = np.asarray(years)
    if y.ndim and y.shape[0] and y.strides == (0,):
        y = y[:1].reshape(())  # one value repeated (a national parameter)
    if y.ndim == 0:
        return np.datetime64(_minus_years(day, int(y)), "D")
    values, inverse = np.unique(y, return_inverse=True)
    dates = np.array([_minus_years(day, int(v)) for v in values.tolist()], "datetime64[D]")
    return dates[inverse.reshape(-1)].view(Column)


def _minus_years(day: Any, years: int) -> Any:
    import datetime as dt

    year = day.year - years
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a common year
        return dt.date(year, 2, 28)
