"""Where a plugin's rules and values apply: the divisions it serves, and routing rows to them.

A district plugin declares once the divisions it serves (``register_scope``); everything it
registers applies within those divisions — a division and everything below it, by the division
catalog's ancestors. A row is *inside* a scope when its division (the rule's
``division_field``) has one of the scope's codes in its chain. Among the variants of one rule
whose scope holds a row, the most specific wins (county → city → province → national).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.domain.divisions import DivisionCatalog

__all__ = ["NATIONAL_SCOPE", "RuleScope", "in_scope", "route_rows", "route_table"]

NATIONAL_SCOPE: tuple[str, ...] = ()
"""The scope of a plugin that declares none (and of the built-in national rule set)."""

_CODES = 1_000_000  # division columns hold 6-digit county codes (see policy.schema)


def in_scope(catalog: DivisionCatalog, code: str, scope: Sequence[str]) -> bool:
    """Whether ``code`` is one of ``scope``'s divisions or below one (national: always)."""
    if not scope:
        return True
    if code not in catalog:
        return False
    return any(str(d.code) in scope for d in catalog.ancestors(code))


@attrs.frozen(eq=False)
class RuleScope:
    """A scope resolved against a catalog, ready to test division columns.

    Attributes:
        codes: the division codes (empty: national).
        name: their names, for people (``河南省``; several joined by ``、``).
        depth: how specific the scope is (1 province, 2 city, 3 county ...; 0 national): of
            the variants holding a row, the deepest applies.
        members: bool over 6-digit county codes: the code is inside the scope.
    """

    codes: tuple[str, ...]
    name: str
    depth: int
    members: npt.NDArray[np.bool_] = attrs.field(repr=False)

    @classmethod
    def build(cls, catalog: DivisionCatalog, codes: Sequence[str]) -> RuleScope:
        if not codes:
            return cls((), "全国", 0, np.ones(_CODES, dtype=bool))
        members = np.zeros(_CODES, dtype=bool)
        counties = catalog.known_county_codes()
        wanted = set(codes)
        for c in counties[(counties >= 0) & (counties < _CODES)].tolist():
            chain = catalog.ancestors(f"{c:06d}")
            if any(str(d.code) in wanted for d in chain):
                members[c] = True
        for c in codes:  # a county scope holds itself even if the snapshot lists it oddly
            if len(c) == 6 and c.isdigit():
                members[int(c)] = True
        members[0] = members[_CODES - 1] = False  # where out-of-range codes are clipped to
        members.flags.writeable = False
        names = "、".join(_full_name(catalog, c) for c in codes)
        depth = max(len(catalog.ancestors(c)) for c in codes)
        return cls(tuple(codes), names, depth, members)

    def holds(self, division: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        """Which rows (division codes; 0 or out of range: none recorded) are inside.

        One lookup: an out-of-range code is clipped to 0 or 999999, which no scope holds.
        """
        out: npt.NDArray[np.bool_] = self.members.take(
            np.asarray(division, dtype=np.int64), mode="clip"
        )
        return out


def _full_name(catalog: DivisionCatalog, code: str) -> str:
    """A division's name as people say it: a city or county under its city, without the
    province (许昌市建安区), a province alone (河南省)."""
    chain = [str(d.name) for d in reversed(catalog.ancestors(code))]
    return "".join(chain[1:] if len(chain) > 1 else chain)


def route_table(scopes: Sequence[RuleScope]) -> npt.NDArray[np.int8]:
    """Per 6-digit county code, the index of the most specific scope holding it (-1: none,
    the base rule): built once per set of scopes, so routing a column is one lookup.

    Scopes of one rule never share a code (the registry refuses it), so at most one scope of
    each depth holds a code and assigning shallow to deep makes the deepest win.
    """
    table = np.full(_CODES, -1, dtype=np.int8)
    for i in sorted(range(len(scopes)), key=lambda k: scopes[k].depth):
        table[scopes[i].members] = i
    table.flags.writeable = False
    return table


def route_rows(
    division: npt.NDArray[np.int64], table: npt.NDArray[np.int8]
) -> npt.NDArray[np.int8]:
    """Per row, the index of the scope (of :func:`route_table`) its division is in (-1: none).

    A code outside the table (none recorded is 0) holds no scope: clipped to a slot that no
    6-digit division code uses (0, or 999999), which is -1.
    """
    out: npt.NDArray[np.int8] = table.take(np.asarray(division, dtype=np.int64), mode="clip")
    return out
