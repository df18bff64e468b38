"""Matching unit names (成员单位 ↔ document issuers) through declared aliases, with near misses.

Documents name their issuer as the office wrote it: "区退役军人事务局" in one,
"建安区退役军人事务局" in another. Guessing that those are one unit would credit a unit with
another's report, so names match only exactly (after NFKC and removing spaces) or through a
``unit`` evidence record that declares the aliases. A name that *looks* like the wanted one (one
ends with the other, or they differ by a few characters) is reported as a near miss in the
finding, so the office can declare the alias, or see that it is really another unit, instead of
wondering why a report was missed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from shuangyong.compliance.claims import UnitName, normalise_name
from shuangyong.errors import InvalidValueError

__all__ = ["UnitNames"]

_CLOSE = 0.85
"""difflib ratio at or above which two different names are a near miss (a heuristic for hints
only; it never decides a match)."""

_SHORTEST = 4
"""The shorter name must have this many characters for "one ends with the other" to hint."""


class UnitNames:
    """The units declared in the evidence, and name matching through their aliases.

    Args:
        units: the ``unit`` records.

    Raises:
        InvalidValueError: one name declared for two different units.
    """

    def __init__(self, units: Iterable[UnitName]) -> None:
        self._unit_of: dict[str, UnitName] = {}
        for u in units:
            for n in (u.name, *u.aliases):
                key = normalise_name(n)
                other = self._unit_of.get(key)
                if other is not None and other.id != u.id:
                    raise InvalidValueError(
                        f"unit[{u.id}].aliases",
                        n,
                        f"该名称已属于单位 {other.id}（{other.name}）/ already a name of unit "
                        f"{other.id}",
                    )
                self._unit_of[key] = u

    def key(self, name: str) -> str:
        """What identifies the unit named ``name``: its declared unit id, or its own name."""
        n = normalise_name(name)
        unit = self._unit_of.get(n)
        return f"unit:{unit.id}" if unit is not None else n

    def same(self, a: str, b: str) -> bool:
        """``a`` and ``b`` name the same unit (exactly, or through declared aliases)."""
        return self.key(a) == self.key(b)

    def alias_used(self, wanted: str, found: str) -> bool:
        """``found`` matched ``wanted`` only through a declared alias (worth saying so)."""
        return self.same(wanted, found) and normalise_name(wanted) != normalise_name(found)

    def near_misses(self, wanted: str, candidates: Iterable[str]) -> list[str]:
        """Names among ``candidates`` that do not match ``wanted`` but look like it."""
        w = normalise_name(wanted)
        out: list[str] = []
        for c in dict.fromkeys(candidates):
            if self.same(wanted, c):
                continue
            n = normalise_name(c)
            if not n or not w:
                continue
            short, long_ = sorted((w, n), key=len)
            # "区财政局" inside "建安区财政局" is a hint; a bare "局" inside anything is not
            contained = len(short) >= _SHORTEST and long_.endswith(short)
            if contained or difflib.SequenceMatcher(None, w, n).ratio() >= _CLOSE:
                out.append(c)
        return out
