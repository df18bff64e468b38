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
    "bounded",
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


_ndarray = np.ndarray


def _result(out: Any) -> Any:
    """A ufunc's result as a Column (the common case, one array, first)."""
    return out.view(Column) if type(out) is _ndarray else _wrap(out)


def _call(ufunc: Any, inputs: tuple[Any, ...]) -> Any:
    """``ufunc(*inputs)`` with the money-safe meaning: the one place it is decided, for numpy's
    dispatch (``np.add(column, 1)``) and for the operators (``column + 1``, which go straight
    to the function of their kind below: :func:`_plain2`, :func:`_ordered`,
    :func:`_arithmetic`)."""
    special = _SPECIAL.get(ufunc)
    if special is None:  # most operations: numpy's own, the result kept a Column
        if len(inputs) == 2:
            return _plain2(ufunc, inputs[0], inputs[1])
        return _result(ufunc(*[x.view(_ndarray) if isinstance(x, Column) else x for x in inputs]))
    if special in _ORDER_SYMBOLS:
        return _ordered(ufunc, special, inputs[0], inputs[-1])
    return _arithmetic(ufunc, special, inputs)


def _plain2(ufunc: Any, x: Any, y: Any) -> Any:
    """A binary ufunc with numpy's own meaning (``& | ^`` and the rest), kept a Column."""
    return _result(
        ufunc(
            x.view(_ndarray) if isinstance(x, Column) else x,
            y.view(_ndarray) if isinstance(y, Column) else y,
        )
    )


def _ordered(ufunc: Any, symbol: str, x: Any, y: Any) -> Any:
    """``x < y`` (and ``<= > >=``): refused on enum codes; a date column against one date by
    day numbers."""
    if isinstance(x, EnumColumn) or isinstance(y, EnumColumn):
        raise EnumOrderError(symbol)
    a = x.view(_ndarray) if isinstance(x, Column) else x
    b = y.view(_ndarray) if isinstance(y, Column) else y
    # (a cheap test first: one row, the per-case path, never qualifies)
    if (type(a) is _ndarray and a.size >= _DAYS_FROM) or (
        type(b) is _ndarray and b.size >= _DAYS_FROM
    ):
        # a column whose least day number is known above NaT's has no NaT to exclude
        days = _days_compared(ufunc, a, b, _nat_free(x) or _nat_free(y))
        if days is not None:
            return days.view(Column)
    return _result(ufunc(a, b))


def _arithmetic(ufunc: Any, special: str, inputs: tuple[Any, ...]) -> Any:
    """``+ - *``, negation and ``abs``: checked in int64 on integers, numpy's otherwise."""
    args = tuple([x.view(_ndarray) if isinstance(x, Column) else x for x in inputs])
    if _all_integer(args):
        bounds: tuple[int | None, ...]
        if len(inputs) == 2:
            a, b = inputs
            bounds = (
                a.bound if isinstance(a, Column) else None,
                b.bound if isinstance(b, Column) else None,
            )
        else:
            bounds = (inputs[0].bound if isinstance(inputs[0], Column) else None,)
        return checked(special, *args, bounds=bounds).view(Column)
    return _wrap(ufunc(*args))


_DAY = np.dtype("datetime64[D]")
_NAT_DAY = np.iinfo(np.int64).min  # NaT as a day number
_MIRROR = {
    np.less: np.greater,
    np.less_equal: np.greater_equal,
    np.greater: np.less,
    np.greater_equal: np.less_equal,
}
_DAYS_FROM = 256  # below this many rows numpy's own comparison costs less than choosing


def _nat_free(x: Any) -> bool:
    """Whether ``x`` is an input column known to hold no NaT (its least day number, found
    when the input was checked, is above NaT's)."""
    lo = getattr(x, "lo", None)
    return lo is not None and lo > _NAT_DAY


def _days_compared(ufunc: Any, a: Any, b: Any, nat_free: bool = False) -> Any:
    """A date column ordered against one date, as day numbers (numpy's datetime comparison
    costs ~3× an integer one): the same answer, NaT never ordered (``nat_free``: the column
    is known to hold none). None: not that case."""
    if getattr(a, "dtype", None) != _DAY or getattr(b, "dtype", None) != _DAY:
        return None
    sa, sb = a.shape, b.shape  # (one row first: the per-case path pays least)
    if len(sa) == 1 and not sb:
        if sa[0] < _DAYS_FROM:
            return None
        col, day = a, b
    elif len(sb) == 1 and not sa:
        if sb[0] < _DAYS_FROM:
            return None
        col, day, ufunc = b, a, _MIRROR[ufunc]  # day < col is col > day
    else:
        return None
    d = int(np.asarray(day).view(np.int64))
    if d == _NAT_DAY:
        return None
    ints = col.view(np.int64)
    out = ufunc(ints, d)
    if (ufunc is np.less or ufunc is np.less_equal) and not nat_free:
        out &= ints != _NAT_DAY  # NaT is the least day number: below every date, as no date
    return out


def _all_integer(args: tuple[Any, ...]) -> bool:
    """Integer arithmetic: some operand an integer, the others integers or bools."""
    some = False
    for x in args:
        if is_integer_operand(x):
            some = True
        elif not _is_bool(x):
            return False
    return some


def _opts_out(other: Any) -> bool:
    """Whether ``other`` opts out of numpy's operators (``__array_ufunc__ = None``), as
    ndarray's own operators respect (asked only of operands that are not :data:`_NUMERIC`)."""
    return getattr(type(other), "__array_ufunc__", 0) is None


# the usual other operands, which never opt out (tested first, inline: it is the cheap test)
_NUMERIC = (np.ndarray, np.generic, int, float)


def _binary(ufunc: Any) -> tuple[Any, Any]:
    """The operator and its reflection for a binary ufunc, straight to the function of its
    kind (see :func:`_call`): a rule body on one person is mostly operators, and numpy's
    override dispatch costs more than the operation itself."""
    special = _SPECIAL.get(ufunc)
    if special is None:

        def op(self: Column, other: Any) -> Any:
            if not isinstance(other, _NUMERIC) and _opts_out(other):
                return NotImplemented
            return _plain2(ufunc, self, other)

        def rop(self: Column, other: Any) -> Any:
            if not isinstance(other, _NUMERIC) and _opts_out(other):
                return NotImplemented
            return _plain2(ufunc, other, self)

    elif special in _ORDER_SYMBOLS:

        def op(self: Column, other: Any) -> Any:
            if not isinstance(other, _NUMERIC) and _opts_out(other):
                return NotImplemented
            return _ordered(ufunc, special, self, other)

        rop = op  # unused: Python reflects comparisons itself

    else:

        def op(self: Column, other: Any) -> Any:
            if not isinstance(other, _NUMERIC) and _opts_out(other):
                return NotImplemented
            return _arithmetic(ufunc, special, (self, other))

        def rop(self: Column, other: Any) -> Any:
            if not isinstance(other, _NUMERIC) and _opts_out(other):
                return NotImplemented
            return _arithmetic(ufunc, special, (other, self))

    return op, rop


class Column(np.ndarray):  # numpy arrays of any dtype
    """A numpy array whose truth value is always an error, whose integer arithmetic never
    wraps and whose enum codes have no order."""

    bound: int | None = None
    """The largest absolute value, where known (set by :func:`bounded` on read-only columns
    only, so it cannot go stale; a view or a result of arithmetic has none)."""

    lo: int | None = None
    hi: int | None = None
    """Bounds of an input column's values (codes, day numbers, fen: every value in
    ``lo..hi``), where checking the input found them (:mod:`shuangyong.policy.ranges`; a
    view or a result has none)."""

    def __bool__(self) -> bool:
        raise ColumnTruthError()

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        if method == "__call__" and not kwargs:
            return _call(ufunc, inputs)
        args = tuple(map(_plain, inputs))
        out = kwargs.get("out")
        if out is not None:
            kwargs["out"] = tuple(map(_plain, out))
        return _wrap(getattr(ufunc, method)(*args, **kwargs))

    def __array_wrap__(self, arr: Any, context: Any = None, return_scalar: bool = False) -> Any:
        # Results stay Columns even when numpy would return a scalar for size-1 input, so one
        # row behaves like a million.
        return np.asarray(arr).view(Column)

    # The operators rule bodies use most, dispatched without numpy's override machinery; the
    # meaning is _call's either way (== and != stay ndarray's: EnumColumn defines its own).
    # (Python reflects comparisons itself: ``1 < column`` calls ``column > 1``.)
    __lt__ = _binary(np.less)[0]
    __le__ = _binary(np.less_equal)[0]
    __gt__ = _binary(np.greater)[0]
    __ge__ = _binary(np.greater_equal)[0]
    __and__, __rand__ = _binary(np.bitwise_and)
    __or__, __ror__ = _binary(np.bitwise_or)
    __xor__, __rxor__ = _binary(np.bitwise_xor)
    __add__, __radd__ = _binary(np.add)
    __sub__, __rsub__ = _binary(np.subtract)
    __mul__, __rmul__ = _binary(np.multiply)

    def __invert__(self) -> Any:
        return _result(np.invert(self.view(_ndarray)))

    def __neg__(self) -> Any:
        return _arithmetic(np.negative, "negative", (self,))

    def __abs__(self) -> Any:
        return _arithmetic(np.absolute, "absolute", (self,))


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
        return _result(np.equal(self.view(_ndarray), self._code(other)))

    def __ne__(self, other: Any) -> Any:
        return _result(np.not_equal(self.view(_ndarray), self._code(other)))

    def isin(self, *members: Any) -> Column:
        """True where the value is one of ``members``."""
        arr = self.view(np.ndarray)
        codes = [self._code(m) for m in members]
        if not codes:
            return np.zeros(arr.shape, dtype=bool).view(Column)
        out = arr == codes[0]
        for code in codes[1:]:  # a few members: cheaper than np.isin's sort
            out |= arr == code
        result: Column = out.view(Column)
        return result

    __hash__ = None  # type: ignore[assignment]  # like ndarray: unhashable


def where(condition: Any, yes: Any, no: Any) -> Any:
    """Elementwise ``yes if condition else no`` (use it where you would write ``if``)."""
    cond = np.asarray(condition)
    if (
        type(no) is int
        and no == 0
        and cond.dtype == np.bool_
        and cond.size >= _PRODUCT_FROM
        and _is_integer(yes)
    ):
        # ``yes`` where true, else 0: an integer times a bool is exactly that (same dtype and
        # shape as numpy's where, which takes ~5× as long to select)
        out = np.multiply(cond, _plain(yes))  # ×0/1 never overflows
        bound = _bound_of(yes)
        return out.view(Column) if bound is None else bounded(out, bound)
    return np.where(cond, yes, no).view(Column)


_PRODUCT_FROM = 256  # below this many rows numpy's where costs less than choosing


def bounded(arr: Any, bound: int) -> Column:
    """``arr`` as a read-only column whose absolute values are at most ``bound``: checked
    arithmetic on it needs no reduction to know it cannot overflow."""
    col: Column = np.asarray(arr).view(Column)
    col.flags.writeable = False
    col.bound = bound
    return col


def _bound_of(x: Any) -> int | None:
    """A known bound of an integer operand: a Python int, a bounded column, one repeated
    value; else None (finding one would cost a reduction)."""
    if type(x) is int:
        return abs(x)
    if isinstance(x, Column) and x.bound is not None:
        return x.bound
    if isinstance(x, np.ndarray) and x.ndim == 1 and x.size and x.strides[0] == 0:
        return abs(int(x[0]))
    if isinstance(x, np.integer):
        return abs(int(x))
    return None


def _is_integer(x: Any) -> bool:
    """An integer array or scalar that is not a bool (bool × bool would be a bool, not 0/1)."""
    if type(x) is int:
        return True
    dtype = getattr(x, "dtype", None)
    return dtype is not None and dtype.kind in "iu"


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
