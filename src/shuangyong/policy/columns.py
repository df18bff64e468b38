"""Column types for rule bodies: arrays that refuse Python truthiness.

A rule body is written once over columns. On one row, numpy would happily let ``if level > 4``
pass, and the same body would then fail (or worse, differ) on a million rows. :class:`Column`
makes ``bool(column)`` an error on every size, so the mistake shows up in the first per-case
test. :class:`EnumColumn` holds enum codes and compares with enum members (or their string
values), so ``c["disability_cause"] == DisabilityCause.ILLNESS`` means what it says.
"""

from __future__ import annotations

import enum
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from shuangyong.errors import ColumnTruthError
from shuangyong.policy.cells import (
    Cell,
    ChoiceCell,
    Day,
    Flag,
    Num,
    enum_codes,
    from_array,
    int_value,
    member_code,
)

__all__ = [
    "BoolColumn",
    "Choice",
    "Column",
    "EnumColumn",
    "FenColumn",
    "choose",
    "enum_codes",
    "select",
    "where",
]

BoolColumn: TypeAlias = "npt.NDArray[np.bool_]"
"""What a condition returns: one bool per row."""

FenColumn: TypeAlias = "npt.NDArray[np.int64]"
"""What an amount returns: int64 fen per row."""


class Column(np.ndarray):  # numpy arrays of any dtype
    """A numpy array whose truth value is always an error."""

    def __bool__(self) -> bool:
        raise ColumnTruthError()

    def __array_wrap__(self, arr: Any, context: Any = None, return_scalar: bool = False) -> Any:
        # Results of ufuncs stay Columns even when numpy would return a scalar for size-1
        # input, so one row behaves like a million.
        out = np.asarray(arr).view(Column)
        return out


class EnumColumn(Column):
    """Integer codes of an enum (0 = none). Compare with members or their values."""

    enum_type: type[enum.Enum]

    def __array_finalize__(self, obj: Any) -> None:
        self.enum_type = getattr(obj, "enum_type", None)  # type: ignore[assignment]

    def __array_wrap__(self, arr: Any, context: Any = None, return_scalar: bool = False) -> Any:
        return np.asarray(arr).view(Column)

    def _code(self, value: Any) -> int:
        return member_code(self.enum_type, value)

    def __eq__(self, other: Any) -> Any:
        return (np.asarray(self) == self._code(other)).view(Column)

    def __ne__(self, other: Any) -> Any:
        return (np.asarray(self) != self._code(other)).view(Column)

    def isin(self, *members: Any) -> Column:
        """True where the value is one of ``members``."""
        arr = np.asarray(self)
        out = np.zeros(arr.shape, dtype=bool)
        for m in members:  # a few members: cheaper than np.isin's sort
            out |= arr == self._code(m)
        return out.view(Column)

    __hash__ = None  # type: ignore[assignment]  # like ndarray: unhashable


def where(condition: Any, yes: Any, no: Any) -> Any:
    """Elementwise ``yes if condition else no`` (use it where you would write ``if``)."""
    if type(condition) is Flag:
        # one row: the same choice without numpy, where the branches' kinds agree
        a, b = int_value(yes), int_value(no)
        if a is not None and b is not None:
            return Num(a if condition.v else b)
        if type(yes) is type(no) and type(yes) in (Flag, Day):
            return yes if condition.v else no
    out = np.where(np.asarray(condition), _arr(yes), _arr(no)).view(Column)
    return from_array(out) if _any_cell(condition, yes, no) else out


def select(conditions: list[Any], choices: list[Any], default: Any = 0) -> Any:
    """The choice of the first true condition per row, else ``default`` (an ``if/elif`` chain)."""
    if all(type(c) is Flag for c in conditions):
        picked = [int_value(x) for x in (*choices, default)]
        if all(p is not None for p in picked):
            for cond, value in zip(conditions, picked, strict=False):
                if cond.v:
                    return Num(value)  # type: ignore[arg-type]
            return Num(picked[-1])  # type: ignore[arg-type]
    out = np.select(
        [np.asarray(c) for c in conditions], [_arr(x) for x in choices], _arr(default)
    ).view(Column)
    return from_array(out) if _any_cell(*conditions, *choices, default) else out


def _any_cell(*xs: Any) -> bool:
    return any(isinstance(x, Cell) for x in xs)


def _arr(x: Any) -> Any:
    return np.asarray(x) if isinstance(x, Cell) else x


class Choice(Column):
    """Positions into ``labels`` (-1 = none), as made by :func:`choose`; a table lookup maps the
    labels onto a dimension of the same names."""

    labels: tuple[str, ...]

    def __array_finalize__(self, obj: Any) -> None:
        self.labels = getattr(obj, "labels", ())

    def __array_wrap__(self, arr: Any, context: Any = None, return_scalar: bool = False) -> Any:
        return np.asarray(arr).view(Column)


def choose(conditions: list[Any], labels: list[str]) -> Choice:
    """The label of the first true condition per row (-1 where none holds).

    Use it to pick a table row by a case that is not an input field, e.g. the 护理费 case
    (因战因公一至二级 …) from cause and level.
    """
    if len(conditions) != len(labels):
        raise ValueError("choose() needs one label per condition")
    if all(type(c) is Flag for c in conditions):
        first = next((i for i, c in enumerate(conditions) if c.v), -1)
        return ChoiceCell(first, tuple(labels))  # type: ignore[return-value]
    pos: Any = np.int64(-1)
    for i in range(len(conditions) - 1, -1, -1):  # earlier conditions win
        pos = np.where(np.asarray(conditions[i]), i, pos)
    out = np.asarray(pos, dtype=np.int64).view(Choice)
    out.labels = tuple(labels)
    return out
