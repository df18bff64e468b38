"""One-row values for rule bodies: the per-case backend of "one rule, two ways".

A rule body is written once over columns. On a million rows the columns are numpy arrays and
every operator is one vectorised call. On one row (``Engine.evaluate``) a numpy call on a
one-element array costs about a microsecond plus the :class:`~shuangyong.policy.columns.Column`
wrapper, and a person evaluated against every national rule makes several hundred of them. The
*cells* here hold the row's Python value instead and implement the operators rule bodies use
(comparisons, ``& | ~``, integer arithmetic, enum comparison, ``isin``), so the same body runs
on one row at Python speed.

Why this cannot drift from the batch path:

* Only operations whose Python meaning is exactly numpy's are done in Python: integer ``+ - *
  // %`` (no overflow at these magnitudes; a zero divisor goes to numpy), comparisons, boolean
  ``& | ^ ~`` on booleans, and date comparisons with numpy's NaT rule (every comparison with NaT
  is false except ``!=``).
* Everything else — a numpy function (``np.where``, ``np.maximum``, ``np.isnat``…), a method
  (``.astype("datetime64[M]")``, ``.sum()``), mixed types, timedelta arithmetic — is done by
  numpy itself on a one-element array (``__array__``, ``__array_ufunc__``,
  ``__array_function__``, ``__getattr__``), and the one-element result is wrapped back into a
  cell. Correct for any body; only the fast path is faster.
* ``bool(cell)`` raises :class:`~shuangyong.errors.ColumnTruthError`, like a column: a body
  that uses Python ``if``/``and``/``or`` still fails on its first per-case test.
* The ``BatchEqualsPerCase`` invariant (``shuangyong verify``) compares the two paths on
  generated rows for every rule.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import types
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from shuangyong.errors import ColumnTruthError, InvalidValueError

__all__ = [
    "Cell",
    "ChoiceCell",
    "Code",
    "Day",
    "Flag",
    "Num",
    "cell_of",
    "cell_of_value",
    "day_number",
    "enum_codes",
    "from_array",
    "int_value",
    "member_code",
]

_DAY = np.dtype("datetime64[D]")
_EPOCH = dt.date(1970, 1, 1).toordinal()
_NAT = np.datetime64("NaT", "D")


class Cell:
    """Base of the one-row values; falls back to numpy for anything without a fast path."""

    __slots__ = ("v",)
    v: Any
    shape = (1,)
    ndim = 1
    size = 1

    def __bool__(self) -> bool:
        raise ColumnTruthError()

    __hash__ = None  # type: ignore[assignment]  # like an array: unhashable

    def __len__(self) -> int:
        return 1

    # -- numpy interoperation: the exact fallback -------------------------------------------
    def _array(self) -> npt.NDArray[Any]:
        """The one-element array this cell stands for (each kind of cell defines it)."""
        raise NotImplementedError(type(self).__name__)

    def __array__(self, dtype: Any = None, copy: Any = None) -> npt.NDArray[Any]:
        arr = self._array()
        return arr if dtype is None else arr.astype(dtype)

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        args = [_np(x) for x in inputs]
        if "out" in kwargs:
            kwargs["out"] = tuple(_np(x) for x in kwargs["out"])
        return from_array(getattr(ufunc, method)(*args, **kwargs))

    def __array_function__(
        self, func: Callable[..., Any], types: Any, args: Any, kwargs: Any
    ) -> Any:
        return from_array(func(*_np(args), **{k: _np(v) for k, v in kwargs.items()}))

    def __getattr__(self, name: str) -> Any:
        # ndarray methods and attributes (astype to other units, sum, reshape, dtype, …)
        if name.startswith("__"):
            raise AttributeError(name)
        attr = getattr(self._array(), name)
        if callable(attr):

            def call(*args: Any, **kwargs: Any) -> Any:
                return from_array(attr(*_np(args), **{k: _np(v) for k, v in kwargs.items()}))

            return call
        return attr

    def __getitem__(self, key: Any) -> Any:
        return self._array()[key]

    def view(self, cls: Any = None) -> Any:
        """``view(Column)`` keeps the cell (it already refuses truthiness)."""
        if cls is None or (isinstance(cls, type) and issubclass(cls, np.ndarray)):
            return self
        return from_array(self._array().view(cls))

    def copy(self) -> Any:
        return self

    def _ufunc(self, ufunc: np.ufunc, other: Any, reflected: bool = False) -> Any:
        a, b = (other, self) if reflected else (self, other)
        return from_array(ufunc(_np(a), _np(b)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.v!r})"


def _np(x: Any) -> Any:
    if isinstance(x, Cell):
        return x._array()
    if type(x) in (list, tuple):
        return type(x)(_np(i) for i in x)
    return x


def from_array(out: Any) -> Any:
    """Wrap a one-element numpy result as a cell (other shapes and kinds are returned as
    columns, so their truth value is still refused)."""
    if isinstance(out, tuple):
        return tuple(from_array(o) for o in out)
    if isinstance(out, np.ndarray):
        if out.shape == (1,):
            kind = out.dtype.kind
            if kind == "b":
                return _FLAG[bool(out[0])]
            if kind in "iu":
                return Num(int(out[0]))
            if out.dtype == _DAY:
                return Day(day_number(out[0]))
        from shuangyong.policy.columns import Column

        return out.view(Column)
    return out


def int_value(x: Any) -> int | None:
    """The Python int of a one-row integer value — a :class:`Num`, an ``int`` (not a bool), a
    signed numpy integer or a one-element signed-integer array — or None, where numpy must
    decide (unsigned integers promote differently in numpy, so they are left to it)."""
    t = type(x)
    if t is Num:
        v: int = x.v
        return v
    if t is int:
        return x
    if isinstance(x, np.signedinteger) and not isinstance(x, np.timedelta64):
        return int(x)  # (numpy's timedelta64 is a signedinteger, but a duration)
    if isinstance(x, np.ndarray) and x.shape == (1,) and x.dtype.kind == "i":
        return int(x[0])
    return None


_int = int_value  # the operators' spelling


class Num(Cell):
    """An integer value (levels, months, codes of divisions, money in fen, bit masks)."""

    __slots__ = ()

    def __init__(self, v: int) -> None:
        self.v = v

    dtype = np.dtype(np.int64)

    def _array(self) -> npt.NDArray[Any]:
        return np.array([self.v], dtype=np.int64)

    def astype(self, dtype: Any, copy: bool = True, **kwargs: Any) -> Any:
        d = np.dtype(dtype)
        if d.kind in "iu" and not kwargs:
            return Num(self.v)
        if d.kind == "b" and not kwargs:
            return Flag(self.v != 0)
        return from_array(self._array().astype(dtype, copy=copy, **kwargs))

    # arithmetic
    def __add__(self, o: Any) -> Any:
        b = _int(o)
        return Num(self.v + b) if b is not None else self._ufunc(np.add, o)

    def __radd__(self, o: Any) -> Any:
        b = _int(o)
        return Num(b + self.v) if b is not None else self._ufunc(np.add, o, True)

    def __sub__(self, o: Any) -> Any:
        b = _int(o)
        return Num(self.v - b) if b is not None else self._ufunc(np.subtract, o)

    def __rsub__(self, o: Any) -> Any:
        b = _int(o)
        return Num(b - self.v) if b is not None else self._ufunc(np.subtract, o, True)

    def __mul__(self, o: Any) -> Any:
        b = _int(o)
        return Num(self.v * b) if b is not None else self._ufunc(np.multiply, o)

    def __rmul__(self, o: Any) -> Any:
        b = _int(o)
        return Num(b * self.v) if b is not None else self._ufunc(np.multiply, o, True)

    def __floordiv__(self, o: Any) -> Any:
        b = _int(o)
        # numpy gives 0 (with a warning) for a zero divisor where Python raises: let numpy
        return Num(self.v // b) if b else self._ufunc(np.floor_divide, o)

    def __rfloordiv__(self, o: Any) -> Any:
        b = _int(o)
        return (
            Num(b // self.v) if b is not None and self.v else self._ufunc(np.floor_divide, o, True)
        )

    def __mod__(self, o: Any) -> Any:
        b = _int(o)
        return Num(self.v % b) if b else self._ufunc(np.remainder, o)

    def __rmod__(self, o: Any) -> Any:
        b = _int(o)
        return Num(b % self.v) if b is not None and self.v else self._ufunc(np.remainder, o, True)

    def __pow__(self, o: Any) -> Any:
        return self._ufunc(np.power, o)

    def __rpow__(self, o: Any) -> Any:
        return self._ufunc(np.power, o, True)

    def __lshift__(self, o: Any) -> Any:
        return self._ufunc(np.left_shift, o)

    def __rshift__(self, o: Any) -> Any:
        return self._ufunc(np.right_shift, o)

    def __pos__(self) -> Any:
        return self

    def __truediv__(self, o: Any) -> Any:
        return self._ufunc(np.true_divide, o)

    def __rtruediv__(self, o: Any) -> Any:
        return self._ufunc(np.true_divide, o, True)

    def __neg__(self) -> Any:
        return Num(-self.v)

    def __abs__(self) -> Any:
        return Num(abs(self.v))

    def __and__(self, o: Any) -> Any:
        b = _int(o)
        return Num(self.v & b) if b is not None else self._ufunc(np.bitwise_and, o)

    __rand__ = __and__

    def __or__(self, o: Any) -> Any:
        b = _int(o)
        return Num(self.v | b) if b is not None else self._ufunc(np.bitwise_or, o)

    __ror__ = __or__

    def __invert__(self) -> Any:
        return Num(~self.v)

    # comparisons
    def __lt__(self, o: Any) -> Any:
        if type(o) is int:
            return _FLAG[self.v < o]
        b = _int(o)
        return _FLAG[self.v < b] if b is not None else self._ufunc(np.less, o)

    def __le__(self, o: Any) -> Any:
        if type(o) is int:
            return _FLAG[self.v <= o]
        b = _int(o)
        return _FLAG[self.v <= b] if b is not None else self._ufunc(np.less_equal, o)

    def __gt__(self, o: Any) -> Any:
        if type(o) is int:
            return _FLAG[self.v > o]
        b = _int(o)
        return _FLAG[self.v > b] if b is not None else self._ufunc(np.greater, o)

    def __ge__(self, o: Any) -> Any:
        if type(o) is int:
            return _FLAG[self.v >= o]
        b = _int(o)
        return _FLAG[self.v >= b] if b is not None else self._ufunc(np.greater_equal, o)

    def __eq__(self, o: Any) -> Any:
        if type(o) is int:
            return _FLAG[self.v == o]
        b = _int(o)
        return _FLAG[self.v == b] if b is not None else self._ufunc(np.equal, o)

    def __ne__(self, o: Any) -> Any:
        if type(o) is int:
            return _FLAG[self.v != o]
        b = _int(o)
        return _FLAG[self.v != b] if b is not None else self._ufunc(np.not_equal, o)


def _bool(x: Any) -> bool | None:
    t = type(x)
    if t is Flag:
        v: bool = x.v
        return v
    if t is bool:
        return x
    if t is np.bool_:
        return bool(x)
    return None


class Flag(Cell):
    """A boolean value: what conditions return."""

    __slots__ = ()

    def __init__(self, v: bool) -> None:
        self.v = v

    dtype = np.dtype(bool)

    def _array(self) -> npt.NDArray[Any]:
        return np.array([self.v], dtype=bool)

    def astype(self, dtype: Any, copy: bool = True, **kwargs: Any) -> Any:
        d = np.dtype(dtype)
        if d.kind in "iu" and not kwargs:
            return Num(int(self.v))
        if d.kind == "b" and not kwargs:
            return self
        return from_array(self._array().astype(dtype, copy=copy, **kwargs))

    def any(self, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs:
            return from_array(self._array().any(*args, **kwargs))
        return np.bool_(self.v)

    def all(self, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs:
            return from_array(self._array().all(*args, **kwargs))
        return np.bool_(self.v)

    def __and__(self, o: Any) -> Any:
        if type(o) is Flag:
            return _FLAG[self.v and o.v]
        b = _bool(o)
        return _FLAG[self.v and b] if b is not None else self._ufunc(np.bitwise_and, o)

    def __rand__(self, o: Any) -> Any:
        if type(o) is Flag:
            return _FLAG[o.v and self.v]
        b = _bool(o)
        return _FLAG[b and self.v] if b is not None else self._ufunc(np.bitwise_and, o, True)

    def __or__(self, o: Any) -> Any:
        if type(o) is Flag:
            return _FLAG[self.v or o.v]
        b = _bool(o)
        return _FLAG[self.v or b] if b is not None else self._ufunc(np.bitwise_or, o)

    def __ror__(self, o: Any) -> Any:
        if type(o) is Flag:
            return _FLAG[o.v or self.v]
        b = _bool(o)
        return _FLAG[b or self.v] if b is not None else self._ufunc(np.bitwise_or, o, True)

    def __xor__(self, o: Any) -> Any:
        if type(o) is Flag:
            return _FLAG[self.v != o.v]
        b = _bool(o)
        return _FLAG[self.v != b] if b is not None else self._ufunc(np.bitwise_xor, o)

    def __rxor__(self, o: Any) -> Any:
        if type(o) is Flag:
            return _FLAG[o.v != self.v]
        b = _bool(o)
        return _FLAG[b != self.v] if b is not None else self._ufunc(np.bitwise_xor, o, True)

    def __invert__(self) -> Any:
        return _FLAG[not self.v]

    def __eq__(self, o: Any) -> Any:
        if type(o) is Flag:
            return _FLAG[self.v == o.v]
        b = _bool(o)
        return _FLAG[self.v == b] if b is not None else self._ufunc(np.equal, o)

    def __ne__(self, o: Any) -> Any:
        if type(o) is Flag:
            return _FLAG[self.v != o.v]
        b = _bool(o)
        return _FLAG[self.v != b] if b is not None else self._ufunc(np.not_equal, o)

    # numpy's arithmetic on booleans (True + True is 2, but True - True is an error)
    def __add__(self, o: Any) -> Any:
        return self._ufunc(np.add, o)

    def __radd__(self, o: Any) -> Any:
        return self._ufunc(np.add, o, True)

    def __mul__(self, o: Any) -> Any:
        return self._ufunc(np.multiply, o)

    def __rmul__(self, o: Any) -> Any:
        return self._ufunc(np.multiply, o, True)

    def __sub__(self, o: Any) -> Any:
        return self._ufunc(np.subtract, o)

    def __rsub__(self, o: Any) -> Any:
        return self._ufunc(np.subtract, o, True)


_FALSE = Flag(False)
_TRUE = Flag(True)
# Flags are immutable: every boolean result is one of two objects, indexed by the bool
_FLAG: tuple[Flag, Flag] = (_FALSE, _TRUE)

_DAY_CACHE: dict[Any, int | None] = {}


def day_number(x: Any) -> int | None:
    """Days since 1970-01-01 of a ``datetime64`` (any unit, truncated to the day as
    ``astype("datetime64[D]")`` does), ``datetime.date`` or :class:`Day`; None for NaT."""
    if type(x) is Day:
        v: int | None = x.v
        return v
    if isinstance(x, np.datetime64):
        hit = _DAY_CACHE.get(x, _DAY_CACHE)
        if hit is not _DAY_CACHE:
            return hit  # type: ignore[return-value]
        out = None if np.isnat(x) else int(x.astype(_DAY).astype(np.int64))
        if len(_DAY_CACHE) < 4096:  # constants and evaluation dates: a small set
            _DAY_CACHE[x] = out
        return out
    if isinstance(x, dt.date) and not isinstance(x, dt.datetime):
        return x.toordinal() - _EPOCH
    raise TypeError(f"not a date: {x!r}")


def _day(x: Any) -> tuple[bool, int | None]:
    """(understood, days) of a date operand; (False, None) when numpy must decide."""
    t = type(x)
    if t is Day:
        return True, x.v
    if t is np.datetime64:
        if x.dtype != _DAY:  # other units compare by numpy's own promotion rules
            return False, None
        return True, day_number(x)
    return False, None


class Day(Cell):
    """A date as days since 1970-01-01, or None for "not set" (numpy's NaT)."""

    __slots__ = ()

    def __init__(self, v: int | None) -> None:
        self.v = v

    dtype = _DAY

    def _array(self) -> npt.NDArray[Any]:
        if self.v is None:
            return np.array([_NAT])
        return np.array([self.v], dtype=np.int64).view(_DAY)

    def date(self) -> dt.date | None:
        """The ``datetime.date`` (None if not set)."""
        return None if self.v is None else dt.date.fromordinal(self.v + _EPOCH)

    # Comparisons: NaT compares false (and != true), as in numpy. Spelled out per operator
    # because they are the hottest operations of a per-case evaluation.
    def __lt__(self, o: Any) -> Any:
        if type(o) is Day:
            b = o.v
        else:
            ok, b = _day(o)
            if not ok:
                return self._ufunc(np.less, o)
        a = self.v
        return _FALSE if a is None or b is None else _FLAG[a < b]

    def __le__(self, o: Any) -> Any:
        if type(o) is Day:
            b = o.v
        else:
            ok, b = _day(o)
            if not ok:
                return self._ufunc(np.less_equal, o)
        a = self.v
        return _FALSE if a is None or b is None else _FLAG[a <= b]

    def __gt__(self, o: Any) -> Any:
        if type(o) is Day:
            b = o.v
        else:
            ok, b = _day(o)
            if not ok:
                return self._ufunc(np.greater, o)
        a = self.v
        return _FALSE if a is None or b is None else _FLAG[a > b]

    def __ge__(self, o: Any) -> Any:
        if type(o) is Day:
            b = o.v
        else:
            ok, b = _day(o)
            if not ok:
                return self._ufunc(np.greater_equal, o)
        a = self.v
        return _FALSE if a is None or b is None else _FLAG[a >= b]

    def __eq__(self, o: Any) -> Any:
        ok, b = _day(o)
        if not ok:
            return self._ufunc(np.equal, o)
        a = self.v
        return _FALSE if a is None or b is None else _FLAG[a == b]

    def __ne__(self, o: Any) -> Any:
        ok, b = _day(o)
        if not ok:
            return self._ufunc(np.not_equal, o)
        a = self.v
        return _TRUE if a is None or b is None else _FLAG[a != b]

    # a date plus or minus whole days (an integer, as numpy reads it for datetime64[D])
    def __add__(self, o: Any) -> Any:
        b = _int(o)
        if b is None:
            return self._ufunc(np.add, o)
        return self if self.v is None else Day(self.v + b)

    def __radd__(self, o: Any) -> Any:
        b = _int(o)
        if b is None:
            return self._ufunc(np.add, o, True)
        return self if self.v is None else Day(b + self.v)

    def __sub__(self, o: Any) -> Any:
        b = _int(o)
        if b is None:
            return self._ufunc(np.subtract, o)
        return self if self.v is None else Day(self.v - b)

    def __rsub__(self, o: Any) -> Any:
        return self._ufunc(np.subtract, o, True)


@functools.cache
def enum_codes(enum_type: type[enum.Enum]) -> Mapping[enum.Enum, int]:
    """The column codes of an enum: members in declaration order from 1; 0 means "none"."""
    return types.MappingProxyType({m: i + 1 for i, m in enumerate(enum_type)})


def member_code(enum_type: type[enum.Enum], value: Any) -> int:
    """The column code of ``value`` (a member of ``enum_type``, its value, or None = 0).

    Raises:
        InvalidValueError: ``value`` is not a member of ``enum_type``.
    """
    if type(value) is enum_type:
        code = _MEMBER_CODES.get(id(value))
        if code is not None:
            return code
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
    code = enum_codes(enum_type)[member]
    _MEMBER_CODES[id(member)] = code
    return code


# id(member) → column code. Not the member itself: str-valued enums compare by value and hash
# by name, so members of two enums could collide. Members live as long as their class.
_MEMBER_CODES: dict[int, int] = {}


class Code(Cell):
    """An enum code (0 = none), compared with members or their values like
    :class:`~shuangyong.policy.columns.EnumColumn`."""

    __slots__ = ("enum_type",)

    def __init__(self, v: int, enum_type: type[enum.Enum]) -> None:
        self.v = v
        self.enum_type = enum_type

    dtype = np.dtype(np.int8)

    def _array(self) -> npt.NDArray[Any]:
        return np.array([self.v], dtype=np.int8)

    def _code(self, value: Any) -> int:
        return member_code(self.enum_type, value)

    def __eq__(self, other: Any) -> Any:
        code = _MEMBER_CODES.get(id(other)) if type(other) is self.enum_type else None
        return _FLAG[self.v == (self._code(other) if code is None else code)]

    def __ne__(self, other: Any) -> Any:
        code = _MEMBER_CODES.get(id(other)) if type(other) is self.enum_type else None
        return _FLAG[self.v != (self._code(other) if code is None else code)]

    def isin(self, *members: Any) -> Flag:
        """True where the value is one of ``members``."""
        v = self.v
        return _FLAG[any(v == self._code(m) for m in members)]


class ChoiceCell(Num):
    """The position of the first true case of :func:`~shuangyong.policy.columns.choose`
    (-1 = none), with the labels; arithmetic and comparisons are those of its position."""

    __slots__ = ("labels",)

    def __init__(self, v: int, labels: tuple[str, ...]) -> None:
        self.v = v
        self.labels = labels

    def _array(self) -> npt.NDArray[Any]:
        from shuangyong.policy.columns import Choice

        out = np.array([self.v], dtype=np.int64).view(Choice)
        out.labels = self.labels
        return out


def cell_of(arr: npt.NDArray[Any], kind: str, enum_type: type[enum.Enum] | None = None) -> Any:
    """The cell of a one-row column of a field of ``kind`` (see ``FieldKind`` values)."""
    if kind == "date":
        return Day(day_number(arr[0]))
    if kind == "bool":
        return _FLAG[bool(arr[0])]
    if kind == "enum":
        assert enum_type is not None
        return Code(int(arr[0]), enum_type)
    if kind in ("int", "money", "flags", "division"):
        return Num(int(arr[0]))
    from shuangyong.policy.columns import Column

    return arr.view(Column)  # text: no fast path needed


def cell_of_value(value: Any, kind: str, enum_type: type[enum.Enum] | None = None) -> Any:
    """The cell of a converted row value (``shuangyong.policy.schema.convert_row_values``)."""
    if kind == "date":
        return Day(value)
    if kind == "bool":
        return _FLAG[value]
    if kind == "enum":
        assert enum_type is not None
        return Code(value, enum_type)
    if kind in ("int", "money", "flags", "division"):
        return Num(value)
    from shuangyong.policy.columns import Column

    return np.array([value]).view(Column)
