"""What an item's evaluate function receives (:class:`ItemContext`) and returns (:class:`Outcome`).

An item reads evidence and parameters only through the context, so every parameter it used is
recorded (value, jurisdiction, provenance, supplier) and shows in its finding. Items never read
the clock: the year assessed is given, and "by the end of the year" means 31 December of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import attrs

from shuangyong.compliance.evidence import EvidenceSet, Record, kind_of
from shuangyong.compliance.findings import EvidenceRef, ParamUse, State, format_points
from shuangyong.domain.divisions import Division, DivisionCatalog, DivisionLevel
from shuangyong.errors import ParameterNotSetError
from shuangyong.parameters.model import NATIONAL, ParameterDecl, Unit, ValueKind
from shuangyong.parameters.resolver import ParameterSet

__all__ = ["ItemContext", "Outcome"]


def _fraction(instance: Outcome, attribute: attrs.Attribute[Fraction], value: Fraction) -> None:
    if not isinstance(value, Fraction) or not 0 <= value <= 1:
        raise ValueError(f"an outcome's fraction must be a Fraction in [0, 1], got {value!r}")


@attrs.frozen
class Outcome:
    """What an item's evaluate function returns.

    Attributes:
        fraction: the share of the item's points earned, exactly (1 met, 0 not met).
        used: the evidence records the conclusion rests on.
        gaps: each shortfall in Chinese ("缺少：…"); required whenever ``fraction < 1``.
        notes: anything else a reader must know (records set aside, and why).
        applicable: ``False`` when the item does not apply to this jurisdiction.
    """

    fraction: Fraction = attrs.field(validator=_fraction)
    used: tuple[Record, ...] = ()
    gaps: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    applicable: bool = True

    def __attrs_post_init__(self) -> None:
        # nothing silently: a shortfall is always stated, a full score never carries one
        if self.applicable and self.fraction < 1 and not self.gaps:
            raise ValueError("an outcome below full marks must state its gaps")
        if self.fraction == 1 and self.gaps:
            raise ValueError("a met outcome cannot have gaps")

    @property
    def state(self) -> State:
        if not self.applicable:
            return State.NOT_APPLICABLE
        if self.fraction == 1:
            return State.MET
        return State.NOT_MET if self.fraction == 0 else State.PARTLY_MET

    @classmethod
    def of_parts(
        cls,
        parts: Sequence[tuple[bool, str]],
        used: Iterable[Record] = (),
        notes: Iterable[str] = (),
    ) -> Outcome:
        """Equal-weight sub-requirements: ``(satisfied, gap if not)`` each."""
        done = sum(1 for ok, _ in parts if ok)
        return cls(
            Fraction(done, len(parts)),
            tuple(dict.fromkeys(used)),
            tuple(gap for ok, gap in parts if not ok),
            tuple(notes),
        )

    @classmethod
    def not_applicable(cls, reason: str) -> Outcome:
        return cls(Fraction(0), notes=(reason,), applicable=False)


@attrs.define
class ItemContext:
    """The evidence, year, division and parameters an item evaluates against.

    Attributes:
        evidence: the :class:`EvidenceSet`.
        year: the calendar year assessed.
        division: the division assessed.
        catalog: the engine's division catalog (with plugins' townships and villages).
        parameters: the engine's parameter set.
        uses: parameter values used so far (filled by :meth:`param`).
    """

    evidence: EvidenceSet
    year: int
    division: Division
    catalog: DivisionCatalog
    parameters: ParameterSet
    uses: list[ParamUse] = attrs.Factory(list)

    @property
    def year_end(self) -> dt.date:
        """31 December of the year assessed: the day parameters are read for."""
        return dt.date(self.year, 12, 31)

    def in_year(self, day: dt.date) -> bool:
        return day.year == self.year

    def chain(self) -> list[str]:
        """Jurisdictions for parameters, most specific first (6-digit codes, then national)."""
        codes = [d.code.code for d in self.catalog.ancestors(self.division.code)]
        return [c for c in codes if len(c) == 6] + [NATIONAL]

    def param(self, path: str, cell: str | None = None) -> Any:
        """The value of ``path`` (``cell`` of a one-dimensional table) for the year assessed.

        Ratios and points come back as :class:`~fractions.Fraction`, counts and days as int.

        Raises:
            ParameterNotSetError: no jurisdiction sets it, or the table cell is empty.
            NotInForceError: no value is in force on 31 December of the year assessed.
        """
        res = self.parameters.resolve(path, self.year_end, self.chain())
        raw = _cell(res.decl, res.value.raw, cell)
        national = None
        if res.jurisdiction != NATIONAL:
            try:
                nat = self.parameters.resolve(path, self.year_end, [NATIONAL])
                nat_raw = _cell(res.decl, nat.value.raw, cell)
                if nat_raw != raw:
                    national = display(res.decl, nat_raw)
            except (ParameterNotSetError, LookupError):
                national = None
        use = ParamUse(
            path=path,
            cell=cell,
            label=res.decl.label,
            value=display(res.decl, raw),
            jurisdiction=res.jurisdiction,
            jurisdiction_name=self.name_of(res.jurisdiction),
            effective_from=res.value.effective_from,
            provenance=res.value.provenance,
            supplied_by=res.value.supplied_by,
            note=res.value.note,
            national=national,
        )
        if use not in self.uses:
            self.uses.append(use)
        return raw

    def name_of(self, code: str) -> str:
        if code == NATIONAL:
            return "全国"
        try:
            return f"{self.catalog.get(code).name}（{code}）"
        except LookupError:
            return code
        except ValueError:
            return code

    def below(self, level: DivisionLevel) -> tuple[Division, ...]:
        """The divisions of ``level`` at or under the division assessed, ordered by code."""
        out: list[Division] = []
        todo = [self.division]
        while todo:
            d = todo.pop()
            if d.level is level:
                out.append(d)
            todo.extend(self.catalog.children(d.code))
        return tuple(sorted(out))

    def ref(self, record: Record) -> EvidenceRef:
        kind = kind_of(record)
        return EvidenceRef(
            kind, record.id, record.caption, self.evidence.origins.get((kind, record.id), "")
        )


def _cell(decl: ParameterDecl, raw: Any, cell: str | None) -> Any:
    if not decl.is_table:
        if cell is not None:
            raise ParameterNotSetError(decl.path, "-", f"参数 {decl.path} 不是表 / not a table")
        return raw
    if cell is None or len(decl.dimensions) != 1:
        raise ParameterNotSetError(
            decl.path, "-", f"参数 {decl.path} 是表，须指明一个单元 / name one cell of the table"
        )
    dim = decl.dimensions[0]
    if cell not in dim.values:
        raise ParameterNotSetError(
            decl.path, "-", f"参数 {decl.path} 没有单元 {cell!r} / no cell {cell!r} in {dim.values}"
        )
    value = raw[dim.index_of(cell)]
    if value is None:
        raise ParameterNotSetError(
            decl.path, "-", f"参数 {decl.path}[{cell}] 未设定 / cell {cell!r} has no value"
        )
    return value


def display(decl: ParameterDecl, raw: Any) -> str:
    """A value with the unit people expect; points-like ratios (see builtin data) as 分."""
    if decl.unit is Unit.POINTS:
        return f"{format_points(raw)}分"
    if decl.unit.kind is ValueKind.RATIO:
        return f"{format_points(Fraction(raw) * 100)}%"
    return f"{raw}{decl.unit.label}"
