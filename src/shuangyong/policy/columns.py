"""Column types for rule bodies: arrays that refuse Python truthiness.

A rule body is written once over columns, and one row runs through the same numpy code as a
million. On one row, numpy would happily let ``if level > 4`` pass, and the same body would then
fail (or worse, differ) on a million rows. :class:`Column` makes ``bool(column)`` an error on
every size, so the mistake shows up in the first per-case test. :class:`EnumColumn` holds enum
codes and compares with enum members (or their string values), so
``c["disability_cause"] == DisabilityCause.ILLNESS`` means what it says.

numpy's meaning is made safe for money here, once for every size: integer ``+ - *``, negation
and ``abs`` on columns are computed in int64 and raise
:class:`~shuangyong.errors.FenOverflowError` instead of wrapping (see
:mod:`shuangyong.policy._checked`), and ``< <= > >=`` on an enum column raise
:class:`~shuangyong.errors.EnumOrderError` (codes are declaration order, not an order of the
members).
"""

from __future__ import annotations

import enum
import functools
import types
from collections.abc import Mapping
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from shuangyong.errors import ColumnTruthError, EnumOrderError, InvalidValueError
from shuangyong.policy._checked import checked, is_integer_operand

__all__ = [
    "BoolColumn",
    "Choice",
    "Column",
    "EnumColumn",
    "FenColumn",
    "choose",
    "enum_codes",
    "member_code",
    "select",
    "where",
]

BoolColumn: TypeAlias = "npt.NDArray[np.bool_]"
"""What a condition returns: one bool per row."""

FenColumn: TypeAlias = "npt.NDArray[np.int64]"
"""What an amount returns: int64 fen per row."""


_CHECKED = {
    np.add: "add",
    np.subtract: "subtract",
    np.multiply: "multiply",
    np.negative: "negative",
    np.absolute: "absolute",
}
_ORDER = {np.less: "<", np.less_equal: "<=", np.greater: ">", np.greater_equal: ">="}
_ORDER_SYMBOLS = frozenset(_ORDER.values())
# ufunc → what needs checking: an ordering symbol (refused on enums) or a checked operation
_SPECIAL: dict[Any, str] = {**_CHECKED, **_ORDER}


@functools.cache  # keyed by enum classes (a fixed, small set); values are read-only mappings
def enum_codes(enum_type: type[enum.Enum]) -> Mapping[enum.Enum, int]:
    """The column codes of an enum: members in declaration order from 1; 0 means "none"."""
    return types.MappingProxyType({m: i + 1 for i, m in enumerate(enum_type)})


def member_code(enum_type: type[enum.Enum], value: Any) -> int:
    """The column code of ``value`` (a member of ``enum_type``, its value, or None = 0).

    Raises:
        InvalidValueError: ``value`` is not a member of ``enum_type``.
    """
    codes = enum_codes(enum_type)
    if type(value) is enum_type:
        return codes[value]
    if value is None:
        return 0
    try:
        member = value if isinstance(value, enum_type) else enum_type(value)
    except ValueError:
        raise InvalidValueError(
            enum_type.__name__,
            value,
            f"not a member of {enum_type.__name__}: compare with a member",
        ) from None
    return codes[member]


def _plain(x: Any) -> Any:
    return x.view(np.ndarray) if isinstance(x, Column) else x


def _wrap(out: Any) -> Any:
    if isinstance(out, tuple):
        return tuple(_wrap(o) for o in out)
    if isinstance(out, np.ndarray | np.generic):
        return np.asarray(out).view(Column)
    return out


class Column(np.ndarray):  # numpy arrays of any dtype
    """A numpy array whose truth value is always an error, whose integer arithmetic never
    wraps and whose enum codes have no order."""

    def __bool__(self) -> bool:
        raise ColumnTruthError()

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        args = [x.view(np.ndarray) if isinstance(x, Column) else x for x in inputs]
        if method == "__call__" and not kwargs:
            special = _SPECIAL.get(ufunc)
            if special is None:  # most operations: numpy's own, the result kept a Column
                out = ufunc(*args)
                return out.view(Column) if type(out) is np.ndarray else _wrap(out)
            if special in _ORDER_SYMBOLS:
                if any(isinstance(x, EnumColumn) for x in inputs):
                    raise EnumOrderError(special)
            elif any(is_integer_operand(x) for x in args) and all(
                is_integer_operand(x) or _is_bool(x) for x in args
            ):
                return checked(special, *args).view(Column)
            return _wrap(ufunc(*args))
        out = kwargs.get("out")
        if out is not None:
            kwargs["out"] = tuple(map(_plain, out))
        return _wrap(getattr(ufunc, method)(*args, **kwargs))

    def __array_wrap__(self, arr: Any, context: Any = None, return_scalar: bool = False) -> Any:
        # Results stay Columns even when numpy would return a scalar for size-1 input, so one
        # row behaves like a million.
        return np.asarray(arr).view(Column)


def _is_bool(x: Any) -> bool:
    return isinstance(x, bool | np.bool_) or getattr(x, "dtype", None) == np.bool_


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
    return np.where(np.asarray(condition), yes, no).view(Column)


def select(conditions: list[Any], choices: list[Any], default: Any = 0) -> Any:
    """The choice of the first true condition per row, else ``default`` (an ``if/elif`` chain)."""
    return np.select([np.asarray(c) for c in conditions], choices, default).view(Column)


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
    pos: Any = np.int64(-1)
    for i in range(len(conditions) - 1, -1, -1):  # earlier conditions win
        pos = np.where(np.asarray(conditions[i]), i, pos)
    out = np.asarray(pos, dtype=np.int64).view(Choice)
    out.labels = tuple(labels)
    return out
