"""What evaluations derive from an engine's immutable parameters and divisions, kept once.

An :class:`EvaluationCache` belongs to one :class:`~shuangyong.engine.Engine` (a what-if engine
has its own: its parameters differ). Every entry is a pure function of its key and of the
engine's parameters and divisions, which never change, so an entry computed once serves every
later evaluation: parameter resolutions per (path, date, division), the keying of a parameter's
jurisdictions, explanation lines (:class:`~shuangyong.policy.trace.ParameterUse`) per value and
table cell, dense padded tables per resolution, lookup tables per dimension, month bounds per
date, per-case plans and condition outcomes.

Thread safety: one engine may be used from any number of threads at once. Every cached value is
immutable (tuples, frozen attrs objects, read-only numpy arrays). A miss computes its value
without a lock and publishes it with ``dict.setdefault``, whose single step is atomic: two
threads that miss together may both compute, and both then use the one value stored first,
which equals the other. Nothing iterates over a cache. A cache that grows past its bound (keys
from ever-new dates or row shapes) is cleared, which costs recomputation, never a wrong value.
Everything an evaluation writes (its :class:`~shuangyong.policy.trace.Trace`, its scope) is its
own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from shuangyong.errors import ParameterNotSetError
from shuangyong.parameters.model import NATIONAL
from shuangyong.parameters.resolver import ParameterSet, Resolution
from shuangyong.policy.schema import FIELDS, Field

__all__ = ["EvaluationCache", "KeyResolution", "frozen_array"]

_T = TypeVar("_T")

KeyResolution = tuple[Resolution | None, str, str]
"""(resolution or None, division whose value is missing or "", the resolver's detail or "")."""

_LIMIT = 100_000  # entries per cache before it is cleared (see the module docstring)


def frozen_array(arr: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """``arr`` made read-only, so a cached array cannot be changed by whoever reads it."""
    arr.flags.writeable = False
    return arr


class EvaluationCache:
    """An engine's evaluation caches (see the module docstring for the thread-safety contract).

    Args:
        parameters: the engine's parameter set.
        chain_of: a county code → its jurisdiction chain (most specific first, ``national``
            last).
        name_of: a jurisdiction → its name (``全国`` for ``national``).
    """

    def __init__(
        self,
        parameters: ParameterSet,
        chain_of: Callable[[int], tuple[str, ...]],
        name_of: Callable[[str], str],
        fields: Mapping[str, Field] | None = None,
    ) -> None:
        self.parameters = parameters
        self.chain_of = chain_of
        self.name_of = name_of
        # the engine's input fields: the national ones plus those its plugins add
        self.fields: Mapping[str, Field] = FIELDS if fields is None else fields
        self._maps: dict[str, dict[Any, Any]] = {}

    def memo(self, kind: str, key: Hashable, compute: Callable[[], _T]) -> _T:
        """The cached value of ``key`` in the cache ``kind``, computing it on a miss.

        ``compute`` must be pure (its value a function of ``key`` and the engine) and return
        an immutable value.
        """
        table = self._maps.get(kind)
        if table is None:
            table = self._maps.setdefault(kind, {})
        hit = table.get(key, _MISSING)
        if hit is not _MISSING:
            return hit
        value = compute()
        if len(table) >= _LIMIT:
            table.clear()
        return table.setdefault(key, value)

    def memo_of(
        self, kind: str, owners: tuple[Any, ...], key: Hashable, compute: Callable[[], _T]
    ) -> _T:
        """Like :meth:`memo` for values that belong to ``owners`` (rules, rule versions),
        keyed by their identities: rules compare by value, which is slow to hash. The entry
        holds the owners, so their ids cannot be reused while it exists."""
        full = (tuple(map(id, owners)), key)
        table = self._maps.get(kind)
        hit = None if table is None else table.get(full)
        if hit is None:  # (a hit, the usual case, builds no closure)
            hit = self.memo(kind, full, lambda: (owners, compute()))
        held, value = hit
        for a, b in zip(held, owners, strict=True):
            if a is not b:  # pragma: no cover
                return compute()  # the ids were reused after the entry's owners were dropped
        return value

    def resolve(self, path: str, on: dt.date, code: int) -> KeyResolution:
        """``path`` on ``on`` for the division ``code`` (0: national only), failures included
        (a parameter that is not set makes results undetermined; the reason is kept too)."""
        return self.memo("resolve", (path, on, code), lambda: self._resolve(path, on, code))

    def _resolve(self, path: str, on: dt.date, code: int) -> KeyResolution:
        chain = self.chain_of(code) if code else (NATIONAL,)
        try:
            return self.parameters.resolve(path, on, chain), "", ""
        except ParameterNotSetError as exc:
            return None, exc.division, exc.detail

    def local_levels(self, path: str) -> tuple[tuple[int, int], ...]:
        """(division code, divisor) of each jurisdiction below national that sets ``path``,
        general to specific: a row's division ``d`` falls under ``code`` when
        ``d // divisor == code // divisor``."""
        return self.memo("local", path, lambda: _local_levels(self.parameters, path))

    def month_of(self, on: dt.date) -> tuple[np.datetime64, np.datetime64, np.datetime64]:
        """(date, first day of its month, last day of its month) as datetime64[D]."""
        return self.memo("month", on, lambda: _month_of(on))


_MISSING = object()


def _level(code: str) -> int:
    """1 province, 2 city, 3 county, by the GB/T 2260 code pattern."""
    if code.endswith("0000"):
        return 1
    if code.endswith("00"):
        return 2
    return 3


def _local_levels(parameters: ParameterSet, path: str) -> tuple[tuple[int, int], ...]:
    local = sorted(j for j in parameters.jurisdictions(path) if j != NATIONAL)
    out = []
    for j in sorted(local, key=_level):  # general to specific: the most specific match wins
        lvl = _level(j)
        out.append((int(j), 10 ** (4 - 2 * (lvl - 1)) if lvl < 3 else 1))
    return tuple(out)


def _month_of(on: dt.date) -> tuple[np.datetime64, np.datetime64, np.datetime64]:
    first = on.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return (
        np.datetime64(on, "D"),
        np.datetime64(first, "D"),
        np.datetime64(nxt - dt.timedelta(days=1), "D"),
    )
