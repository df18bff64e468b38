"""Jurisdiction-keyed parameters: one resolution per jurisdiction key, gathered per row.

Parameters are resolved per *jurisdiction key*, not per row: rows are keyed by the most specific
jurisdiction that sets the parameter, each key is resolved once (and cached on the engine, see
:mod:`shuangyong.policy.cache`), and values are gathered with one fancy-index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.parameters.model import NATIONAL
from shuangyong.parameters.resolver import Resolution
from shuangyong.policy.cache import EvaluationCache
from shuangyong.policy.trace import group_rows

__all__ = ["KeySet", "Keyed", "resolve_keyed", "row_reasons"]


@attrs.frozen(eq=False)
class KeySet:
    """The resolutions of one parameter on one date for a set of jurisdiction keys (immutable,
    cached on the engine).

    Attributes:
        codes: the division code of each key (0: national).
        resolutions: per key, the resolution (None: not set).
        bad_keys: keys whose value is not set.
        reasons: why, in the words shown to a caseworker.
    """

    codes: tuple[int, ...]
    resolutions: tuple[Resolution | None, ...]
    bad_keys: tuple[int, ...]
    reasons: tuple[str, ...]


@attrs.frozen(eq=False)
class Keyed:
    """Per-row resolution of one parameter in one evaluation: ``keys`` (None: every row has key
    0) index into ``keyset.resolutions``; ``bad`` marks rows whose value is missing."""

    keys: npt.NDArray[np.intp] | None
    keyset: KeySet
    bad: npt.NDArray[np.bool_] | None

    @property
    def resolutions(self) -> tuple[Resolution | None, ...]:
        return self.keyset.resolutions

    def gather(self, per_key: Sequence[Any], dtype: Any) -> Any:
        """One value per key → one value per row (a scalar when every row has key 0)."""
        arr = np.asarray(per_key, dtype=dtype)
        if self.keys is None:
            return arr[0]
        return arr[self.keys]

    def first(self) -> Resolution | None:
        """The resolution of the first row (what a one-person explanation shows)."""
        if not self.keyset.resolutions:
            return None
        idx = 0 if self.keys is None else int(self.keys[0])
        return self.keyset.resolutions[idx]


def resolve_keyed(
    path: str,
    on: dt.date,
    divisions: npt.NDArray[Any],
    n: int,
    cache: EvaluationCache,
) -> Keyed:
    """Resolve ``path`` on ``on`` for rows in ``divisions`` (county codes)."""
    local = cache.local_levels(path)
    keys: npt.NDArray[np.intp] | None
    if not local:
        keys, codes = None, (0,)
    else:
        keys_arr = np.zeros(n, dtype=np.intp)
        js = [0]
        for idx, (code, div) in enumerate(local, start=1):
            keys_arr[(divisions // div) == (code // div)] = idx
            js.append(code)
        used = np.unique(keys_arr) if n > 1 else keys_arr
        remap = np.full(len(js), -1, dtype=np.intp)
        remap[used] = np.arange(len(used))
        keys = remap[keys_arr]
        codes = tuple(js[u] for u in used.tolist())
    # the reason for a parameter no jurisdiction sets names the person's division per case
    single = int(divisions[0]) if n == 1 else -1
    keyset = cache.memo(
        "keyset", (path, on, codes, single), lambda: _keyset(path, on, codes, single, cache)
    )
    bad = None
    if keyset.bad_keys:
        bad = np.ones(n, dtype=bool) if keys is None else np.isin(keys, keyset.bad_keys)
    return Keyed(keys, keyset, bad)


def row_reasons(
    path: str, on: dt.date, keyed: Keyed, divisions: npt.NDArray[Any], cache: EvaluationCache
) -> tuple[npt.NDArray[np.intp], list[str]]:
    """Why each row's value of ``path`` is missing, as (codes, texts): -1 for rows that have
    one. Worded as for that person alone (a parameter no jurisdiction sets names the person's
    own division), so explaining many people gives each the text it would get alone."""
    assert keyed.bad is not None
    n = len(keyed.bad)
    key_col = np.zeros(n, dtype=np.intp) if keyed.keys is None else keyed.keys
    div_col = np.broadcast_to(np.asarray(divisions), (n,))
    reps, inverse = group_rows(key_col, div_col, keyed.bad)
    texts: list[str] = []
    for r in reps:
        if not keyed.bad[r]:
            texts.append("")
            continue
        code, single = keyed.keyset.codes[int(key_col[r])], int(div_col[r])
        one = cache.memo(
            "keyset",
            (path, on, (code,), single),
            lambda: _keyset(path, on, (code,), single, cache),  # noqa: B023 (called at once)
        )
        texts.append(one.reasons[0])
    codes = np.zeros(n, dtype=np.intp) if inverse is None else inverse
    return np.where(keyed.bad, codes, -1).astype(np.intp), texts


def _keyset(
    path: str, on: dt.date, codes: tuple[int, ...], single: int, cache: EvaluationCache
) -> KeySet:
    resolutions: list[Resolution | None] = []
    bad: list[int] = []
    reasons: list[str] = []
    label = cache.parameters.declaration(path).label
    for i, code in enumerate(codes):
        res, missing, detail = cache.resolve(path, on, code)
        resolutions.append(res)
        if res is not None:
            continue
        bad.append(i)
        d = missing
        if d == NATIONAL and single >= 0:
            d = f"{single:06d}"
        elif d == NATIONAL:
            reasons.append(
                f"参数 {path}（{label}）未由任何区划设定 / "
                f"parameter {path} is not set by any jurisdiction of these rows"
            )
            continue
        if detail:
            reasons.append(detail)
            continue
        reasons.append(
            f"参数 {path}（{label}）未由 {cache.name_of(d)}（{d}）或其上级设定 / "
            f"parameter {path} is not set for division {d}"
        )
    return KeySet(codes, tuple(resolutions), tuple(bad), tuple(reasons))
