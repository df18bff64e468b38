"""Integer arithmetic that never wraps: numpy's meaning, made safe for money.

numpy integer arrays wrap silently on overflow (``2**62 * 4`` is 0 in int64) and small integer
dtypes wrap far earlier (an int8 level times 100). Rule bodies compute money in int64 fen, so
a wrapped number would be a wrong payment. Here integer ``+ - *``, negation and ``abs`` are done
in int64 whatever the operands' integer widths, and a result that does not fit raises
:class:`~shuangyong.errors.FenOverflowError` (the engine adds the rule's id). The same functions
serve one row and a million.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from shuangyong.errors import FenOverflowError

__all__ = ["checked", "checked_mul", "is_integer_operand"]

_I64 = np.dtype(np.int64)
_MIN = np.iinfo(np.int64).min
_MAX = np.iinfo(np.int64).max
# |a| and |b| at most this: |a × b| < 2**63, no overflow possible (isqrt(2**63 - 1))
_SAFE_FACTOR = 3_037_000_499

_SYMBOL = {"add": "+", "subtract": "-", "multiply": "*", "negative": "-x", "absolute": "abs"}


def is_integer_operand(x: Any) -> bool:
    """Whether ``x`` is an integer array or scalar (bools are not integers here)."""
    t = type(x)
    if t is int:
        return True
    if t is bool or isinstance(x, np.bool_):
        return False
    if isinstance(x, int):
        return True
    dtype = getattr(x, "dtype", None)
    return dtype is not None and dtype.kind in "iu"


def _int64(x: Any, op: str) -> Any:
    """``x`` as int64: an array, or a Python int that fits (numpy keeps the array's int64)."""
    if type(x) is int:
        if _MIN <= x <= _MAX:
            return x
        raise FenOverflowError(f"{op} with operand {x!r}")
    if type(x) is np.ndarray and x.dtype == _I64:
        return x
    try:
        return np.asarray(x, dtype=_I64)
    except OverflowError:
        raise FenOverflowError(f"{op} with operand {x!r}") from None


def _apply(ufunc: Any, x: Any, y: Any) -> npt.NDArray[np.int64]:
    """``ufunc(x, y)`` in int64, wrapping silently (the caller checks); numpy warns only for
    scalar results, so the warning is silenced only there."""
    if getattr(x, "ndim", 0) or getattr(y, "ndim", 0):
        return ufunc(x, y)
    with np.errstate(over="ignore"):
        return np.asarray(ufunc(x, y), dtype=_I64)


def _extent(x: Any, bound: int | None = None) -> int:
    """The largest absolute value in ``x`` (an int64 array or a Python int), as a Python int,
    or ``bound`` where the caller knows one (a read-only column whose values are bounded).

    A bound, not a result: when the bounds of the operands cannot overflow, no element can, and
    the exact element-wise check is skipped (a few numpy calls saved on every checked
    operation, which is what a rule body on one person mostly pays for).
    """
    if bound is not None:
        return bound
    if isinstance(x, int):
        return abs(x)
    size = x.size
    if size == 1:
        return abs(int(x.item()))
    if size == 0:
        return 0
    if x.ndim == 1 and x.strides[0] == 0:  # one value repeated (a parameter for every row)
        return abs(int(x[0]))
    return max(-int(x.min()), int(x.max()))


_NO_BOUNDS: tuple[int | None, ...] = (None, None)


def checked_mul(
    a: Any, b: Any, bounds: tuple[int | None, ...] = _NO_BOUNDS
) -> npt.NDArray[np.int64]:
    """``a * b`` in int64, raising instead of wrapping (``bounds``: known extents of the
    operands, or None)."""
    x, y = _int64(a, "*"), _int64(b, "*")
    out = _apply(np.multiply, x, y)
    if _extent(x, bounds[0]) * _extent(y, bounds[1]) <= _MAX:
        return out
    x, y = np.asarray(x, dtype=_I64), np.asarray(y, dtype=_I64)
    big = (x > _SAFE_FACTOR) | (x < -_SAFE_FACTOR) | (y > _SAFE_FACTOR) | (y < -_SAFE_FACTOR)
    if big.any():
        xb, yb = np.broadcast_to(x, big.shape)[big], np.broadcast_to(y, big.shape)[big]
        ob = np.broadcast_to(out, big.shape)[big]
        nz = xb != 0
        # the wrapped product divided back is not the other factor exactly when it wrapped
        with np.errstate(over="ignore"):
            back = ob // np.where(nz, xb, 1)
        wrong = nz & ((back != yb) | ((xb == -1) & (yb == _MIN)))
        if wrong.any():
            i = int(np.flatnonzero(wrong)[0])
            raise FenOverflowError(f"{int(xb[i])} * {int(yb[i])}")
    return out


def checked(
    name: str, *args: Any, bounds: tuple[int | None, ...] = _NO_BOUNDS
) -> npt.NDArray[np.int64]:
    """The integer ufunc ``name`` (add, subtract, multiply, negative, absolute) in int64,
    raising :class:`~shuangyong.errors.FenOverflowError` where numpy would wrap. ``bounds``:
    the operands' known extents (None: computed), so a bounded operand costs no reduction."""
    if name == "multiply":
        return checked_mul(args[0], args[1], bounds)
    op = _SYMBOL[name]
    if name in ("negative", "absolute"):
        x = np.asarray(_int64(args[0], op), dtype=_I64)
        if _extent(x) > _MAX:
            raise FenOverflowError(f"{op} of {_MIN}")
        return np.negative(x) if name == "negative" else np.absolute(x)
    x, y = _int64(args[0], op), _int64(args[1], op)
    out = _apply(np.add if name == "add" else np.subtract, x, y)
    if _extent(x, bounds[0]) + _extent(y, bounds[1]) <= _MAX:
        return out
    x, y = np.asarray(x, dtype=_I64), np.asarray(y, dtype=_I64)
    wrapped = (((x ^ out) & (y ^ out)) if name == "add" else ((x ^ y) & (x ^ out))) < 0
    if wrapped.any():
        i = int(np.flatnonzero(np.broadcast_to(wrapped, np.shape(out)))[0])
        xi = int(np.broadcast_to(x, np.shape(out)).flat[i])
        yi = int(np.broadcast_to(y, np.shape(out)).flat[i])
        raise FenOverflowError(f"{xi} {op} {yi}")
    return out
