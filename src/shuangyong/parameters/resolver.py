"""The assembled parameter set: layered, dated resolution, floors and what-if layers.

A :class:`ParameterSet` is immutable. :meth:`ParameterSet.resolve` picks, for a date and a
division's jurisdiction chain (county → city → province → national), the value of the most
specific jurisdiction that has one in force. A what-if is :meth:`ParameterSet.with_layer`: a new
set whose layer values take over from their first date of effect; the base is untouched.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs
import numpy as np

from shuangyong.domain.money import divide_fen_int
from shuangyong.errors import (
    DuplicateRegistrationError,
    NotInForceError,
    ParameterFileError,
    ParameterNotSetError,
)
from shuangyong.parameters.loader import check_jurisdiction
from shuangyong.parameters.model import (
    NATIONAL,
    CompiledValue,
    DatedValue,
    ParameterDecl,
    ShareOf,
    ValueKind,
    a_year_before,
)

__all__ = ["ParameterSet", "Resolution"]


@attrs.frozen(eq=False)
class Resolution:
    """The value of a parameter for one jurisdiction chain on one date.

    Attributes:
        decl: the declaration.
        value: the dated value that applies.
        jurisdiction: the jurisdiction that supplied it.
        compiled: what rules compute with (after any floor).
        floor: the national value, when a local value fell below it and the floor was applied.
        share: for a value written as a share of a statistic, the statistic's resolution (its
            figure, jurisdiction, provenance and sources), which ``compiled`` was computed from.
    """

    decl: ParameterDecl
    value: DatedValue
    jurisdiction: str
    compiled: CompiledValue
    floor: DatedValue | None = None
    share: Resolution | None = None


class ParameterSet:
    """Declarations and dated values from every loaded plugin, checked and indexed.

    ``known`` says which 6-digit codes are divisions (the engine's catalog, with the codes
    plugins register); what-if layers are checked against it, so a typo in a layer's
    jurisdiction is a load error too. None: codes are checked for their shape only.
    """

    def __init__(
        self,
        decls: dict[str, ParameterDecl],
        values: dict[str, dict[str, tuple[DatedValue, ...]]],
        layers: tuple[str, ...] = (),
        known: Callable[[str], bool] | None = None,
    ) -> None:
        self._decls = decls
        self._values = values
        self.layers = layers
        self.known = known
        self._cache: dict[tuple[str, dt.date, tuple[str, ...]], Resolution] = {}
        # per-case evaluation keeps what it derives from resolutions here (the set never
        # changes: a what-if is a new set), keyed by the evaluation (see policy.context)
        self.row_cache: dict[Any, Any] = {}

    # -- building ---------------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        decls: Iterable[ParameterDecl],
        values: Iterable[DatedValue],
        known: Callable[[str], bool] | None = None,
    ) -> ParameterSet:
        """Check and index. Duplicate declarations, overlapping dates and (with ``known``)
        unknown jurisdiction codes are errors."""
        dmap: dict[str, ParameterDecl] = {}
        for d in decls:
            if d.path in dmap:
                raise DuplicateRegistrationError(
                    "parameter", d.path, dmap[d.path].supplied_by, d.supplied_by
                )
            dmap[d.path] = d
        grouped: dict[str, dict[str, list[DatedValue]]] = {}
        for v in values:
            if v.path not in dmap:
                raise ParameterFileError(
                    v.supplied_by or "?", v.path, "value for an undeclared parameter"
                )
            _check_known(v, known)
            _check_share(v, dmap)
            grouped.setdefault(v.path, {}).setdefault(v.jurisdiction, []).append(v)
        vmap: dict[str, dict[str, tuple[DatedValue, ...]]] = {}
        for path, by_j in grouped.items():
            vmap[path] = {}
            for j, vs in by_j.items():
                _check_timeline(path, j, vs)
                vmap[path][j] = tuple(vs)
        return cls(dmap, vmap, known=known)

    def with_layer(self, values: Sequence[DatedValue], name: str = "what-if") -> ParameterSet:
        """A new set where ``values`` take over from their first date of effect.

        For each (parameter, jurisdiction) in the layer, base values that start on or after
        the layer's first date are dropped and the one in force then is cut off the day before;
        earlier history is kept, so a re-run of a past period still gives the past answer.
        """
        new = {p: dict(js) for p, js in self._values.items()}
        grouped: dict[tuple[str, str], list[DatedValue]] = {}
        for v in values:
            if v.path not in self._decls:
                raise ParameterFileError(name, v.path, "value for an undeclared parameter")
            _check_known(v, self.known, name)
            _check_share(v, self._decls, name)
            grouped.setdefault((v.path, v.jurisdiction), []).append(v)
        for (path, j), vs in grouped.items():
            _check_timeline(path, j, vs)
            start = vs[0].effective_from
            kept = []
            for old in new.get(path, {}).get(j, ()):
                if old.effective_from >= start:
                    continue
                if old.effective_to is None or old.effective_to >= start:
                    old = attrs.evolve(old, effective_to=start - dt.timedelta(days=1))
                kept.append(old)
            new.setdefault(path, {})[j] = tuple(kept + vs)
        return ParameterSet(self._decls, new, (*self.layers, name), self.known)

    # -- reading ----------------------------------------------------------------------------
    def declaration(self, path: str) -> ParameterDecl:
        try:
            return self._decls[path]
        except KeyError:
            raise ParameterNotSetError(path, "(undeclared)") from None

    def __contains__(self, path: object) -> bool:
        return path in self._decls

    def paths(self) -> list[str]:
        return sorted(self._decls)

    def values(self, path: str) -> dict[str, tuple[DatedValue, ...]]:
        """Every jurisdiction's dated values for ``path``."""
        self.declaration(path)
        return dict(self._values.get(path, {}))

    def jurisdictions(self, path: str) -> frozenset[str]:
        """Jurisdictions that set ``path`` at any date (used to key batch rows)."""
        return frozenset(self._values.get(path, {}))

    def change_dates(self, path: str) -> list[dt.date]:
        """Every date on which some jurisdiction's value of ``path`` starts or stops."""
        out: set[dt.date] = set()
        for vs in self._values.get(path, {}).values():
            for v in vs:
                out.add(v.effective_from)
                if v.effective_to is not None:
                    out.add(v.effective_to + dt.timedelta(days=1))
        return sorted(out)

    def resolve(self, path: str, on: dt.date, chain: Sequence[str]) -> Resolution:
        """The value in force on ``on`` for the most specific jurisdiction in ``chain``.

        Args:
            path: the parameter.
            on: the date.
            chain: jurisdictions, most specific first; ``national`` is appended if missing.

        Raises:
            NotInForceError: some jurisdiction sets it, but none has a value in force on ``on``.
            ParameterNotSetError: no jurisdiction in the chain sets it at all.
        """
        key = (path, on, tuple(chain))
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        decl = self.declaration(path)
        by_j = self._values.get(path, {})
        full = list(chain) if chain and chain[-1] == NATIONAL else [*chain, NATIONAL]
        found: tuple[str, DatedValue] | None = None
        earliest: tuple[str, dt.date] | None = None
        lapsed: DatedValue | None = None
        for j in full:
            timeline = by_j.get(j, ())
            if timeline and (earliest is None or timeline[0].effective_from < earliest[1]):
                earliest = (j, timeline[0].effective_from)
            # the latest value that has started; it is in force unless it lapsed by itself
            current = None
            for v in timeline:
                if v.effective_from > on:
                    break
                current = v
            if current is not None and (current.effective_to is None or on <= current.effective_to):
                found = (j, current)
                break
            if current is not None and lapsed is None:
                lapsed = current
        if found is None:
            if lapsed is not None:
                # e.g. an annual statistic whose next year is not published (or loaded) yet:
                # the data is missing, not the law; rules report it as undetermined
                raise ParameterNotSetError(
                    path,
                    full[0],
                    f"参数 {path} 最近的数值已于 {lapsed.effective_to} 失效，{on} 适用的数值尚未"
                    f"设定 / the latest value lapsed on {lapsed.effective_to}; "
                    f"none is set for {on}",
                )
            if earliest is None:
                raise ParameterNotSetError(path, full[0])
            first = by_j[earliest[0]][0]
            if first.effective_to is not None:
                # a series of dated figures (annual statistics) that starts later: the figure
                # for this date is missing data, not law that is not yet in force
                raise ParameterNotSetError(
                    path,
                    full[0],
                    f"参数 {path} 在 {on} 没有数值（最早的数值自 {first.effective_from} 起）/ no "
                    f"value of {path} for {on}; the earliest starts {first.effective_from}",
                )
            raise NotInForceError(path, full[0], on, earliest[1])
        j, v = found
        res = Resolution(decl=decl, value=v, jurisdiction=j, compiled=v.compiled)
        if isinstance(v.raw, ShareOf):
            res = self._share(res, v.raw, on)
        if decl.floor == NATIONAL and j != NATIONAL:
            res = self._apply_floor(res, on)
        self._cache[key] = res
        return res

    def _share(self, res: Resolution, share: ShareOf, on: dt.date) -> Resolution:
        """The figure of a value written as a share: the statistic of the named jurisdiction
        (its own figure only) for the year, times the ratio, rounded as the value says."""
        target = share.jurisdiction or res.jurisdiction
        stat_on = a_year_before(on) if share.year is None else dt.date(share.year, 12, 31)
        year = f"{stat_on.year}年度" if share.year is None else f"{share.year}年度"
        missing = (
            f"参数 {res.decl.path} 按 {share.of} 的比例计算，但区划 {target} 的{year}数值未设定 / "
            f"{res.decl.path} is a share of {share.of}, which {target} does not set for {year[:4]}"
        )
        try:
            stat = self.resolve(share.of, stat_on, [target])
        except (NotInForceError, ParameterNotSetError):
            raise ParameterNotSetError(res.decl.path, target, missing) from None
        if stat.jurisdiction != target:
            # never the level above: a city's income is not the province's or the nation's
            raise ParameterNotSetError(res.decl.path, target, missing)
        base = stat.compiled.scalar
        assert isinstance(base, int)
        ratio = share.ratio
        fen = divide_fen_int(base * ratio.numerator, ratio.denominator, share.rounding)
        compiled = CompiledValue(kind=ValueKind.MONEY, scalar=fen)
        return attrs.evolve(res, compiled=compiled, share=stat)

    def _apply_floor(self, res: Resolution, on: dt.date) -> Resolution:
        try:
            nat = self.resolve(res.decl.path, on, [NATIONAL])
        except (NotInForceError, ParameterNotSetError):
            return res
        loc, ref = res.compiled, nat.compiled
        if loc.kind is not ValueKind.MONEY and loc.kind is not ValueKind.INTEGER:
            return res
        if loc.cells is None:
            assert isinstance(loc.scalar, int) and isinstance(ref.scalar, int)
            if loc.scalar >= ref.scalar:
                return res
            return attrs.evolve(res, compiled=ref, floor=nat.value)
        assert ref.cells is not None and loc.mask is not None and ref.mask is not None
        low = (loc.cells < ref.cells) & ref.mask
        if not low.any():
            return res
        merged = CompiledValue(
            kind=loc.kind,
            cells=np.maximum(loc.cells, np.where(ref.mask, ref.cells, 0)),
            mask=loc.mask | ref.mask,
        )
        return attrs.evolve(res, compiled=merged, floor=nat.value)


def _check_share(v: DatedValue, decls: dict[str, ParameterDecl], source: str = "") -> None:
    """A share names a declared scalar money statistic other than its own parameter."""
    if not isinstance(v.raw, ShareOf):
        return
    of = decls.get(v.raw.of)
    if of is None or of.unit.kind is not ValueKind.MONEY or of.is_table or of.path == v.path:
        raise ParameterFileError(
            v.source or source or v.supplied_by or "?",
            f"{v.key}.share.of" if v.key else f"{v.path}.share.of",
            f"{v.raw.of!r} 不是已声明的金额标量参数（统计指标）/ {v.raw.of!r} is not a declared "
            "scalar money parameter",
        )


def _check_known(v: DatedValue, known: Callable[[str], bool] | None, source: str = "") -> None:
    key = f"{v.key}.jurisdiction" if v.key else f"{v.path}.jurisdiction"
    where = v.source or source or v.supplied_by or "?"
    check_jurisdiction(v.jurisdiction, known, where, key)
    if isinstance(v.raw, ShareOf) and v.raw.jurisdiction is not None:
        share_key = f"{v.key}.share.jurisdiction" if v.key else f"{v.path}.share.jurisdiction"
        check_jurisdiction(v.raw.jurisdiction, known, where, share_key)


def _check_timeline(path: str, jurisdiction: str, vs: list[DatedValue] | Sequence[Any]) -> None:
    for a, b in itertools.pairwise(vs):
        src = b.supplied_by or "?"
        if b.effective_from <= a.effective_from:
            raise ParameterFileError(
                src,
                path,
                f"dates unsorted or duplicated for {jurisdiction}: {b.effective_from} after "
                f"{a.effective_from}",
            )
        if a.effective_to is not None and a.effective_to >= b.effective_from:
            raise ParameterFileError(
                src,
                path,
                f"overlapping values for {jurisdiction}: {a.effective_from}..{a.effective_to} "
                f"and {b.effective_from}",
            )
