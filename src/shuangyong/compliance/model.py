"""Checklists, sections and items: what is checked, on what basis, for how many points.

An :class:`Item` is data plus one function: ``evaluate(ctx) -> Outcome``. Its points are a
parameter (a cell of a one-dimensional table such as ``five_inclusions.points``), so a district
re-weights an item by setting that parameter for its jurisdiction, or by a declared parameter
override; either shows in every finding it touches. Items and sections are immutable; a plugin
adds items to another plugin's checklist, or replaces one with a stated reason, through the
registrar (:mod:`shuangyong.compliance.registry`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction

import attrs

from shuangyong.citations import Citation
from shuangyong.compliance.context import ItemContext, Outcome
from shuangyong.compliance.findings import OVERRIDE_MARK, Finding, State
from shuangyong.parameters.model import Provenance

__all__ = ["Checklist", "Item", "PointsRef", "Section", "evaluate_item"]

_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")


def _id(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _ID.match(value):
        raise ValueError(f"{attribute.name} {value!r}: use lower_case ids joined by dots")


@attrs.frozen
class PointsRef:
    """Where an item's points possible come from: a parameter and, for a table, its cell."""

    path: str
    cell: str | None = None

    def render(self) -> str:
        return f"{self.path}[{self.cell}]" if self.cell else self.path


@attrs.frozen
class Item:
    """One checklist item.

    Attributes:
        id: public id, e.g. ``five_inclusions.fiscal_budget`` (a stored, printed contract).
        label: Chinese label.
        evaluate: ``ctx -> Outcome``; reads evidence and parameters through ``ctx`` only.
        points: where its points possible come from; ``None`` for an unscored item (a veto).
        citations: the legal or standard basis of the requirement.
        basis: in Chinese, what of the requirement and its points is sourced and what is not.
        provenance: provenance of the requirement (``example`` unless it is read in a source).
        reads: the evidence kinds it reads (documentation, and the "remove its only evidence"
            property test).
        veto: a veto item: not met fails the whole assessment whatever the score.
        supplied_by: stamped by the registry: the distribution that supplied the item.
        override: stamped by the registry when a plugin replaced the item: who and why.
    """

    id: str = attrs.field(validator=_id)
    label: str
    evaluate: Callable[[ItemContext], Outcome] = attrs.field(eq=False)
    points: PointsRef | None = None
    citations: tuple[Citation, ...] = ()
    basis: str = ""
    provenance: Provenance = Provenance.EXAMPLE
    reads: tuple[str, ...] = ()
    veto: bool = False
    supplied_by: str = ""
    override: str | None = None


@attrs.frozen
class Section:
    """A section of a checklist (for a scored assessment: one part of the score sheet)."""

    id: str = attrs.field(validator=_id)
    label: str
    items: tuple[Item, ...] = ()
    basis: str = ""


@attrs.frozen
class Checklist:
    """A checklist: sections of items, and optionally a pass mark.

    Attributes:
        id: public id, e.g. ``model_city_assessment``.
        label: Chinese label.
        sections: the sections in order.
        description: what the checklist checks, in Chinese.
        pass_mark: a ratio parameter: the share of the points possible needed to pass.
        supplied_by: stamped by the registry.
    """

    id: str = attrs.field(validator=_id)
    label: str
    sections: tuple[Section, ...]
    description: str = ""
    pass_mark: str | None = None
    supplied_by: str = ""

    def items(self) -> tuple[Item, ...]:
        return tuple(i for s in self.sections for i in s.items)

    def item(self, item_id: str) -> Item:
        for i in self.items():
            if i.id == item_id:
                return i
        raise KeyError(item_id)


def evaluate_item(item: Item, section: Section, ctx: ItemContext) -> Finding:
    """Run one item and turn its outcome into a :class:`Finding` with points and provenance."""
    ctx.uses = []
    outcome = item.evaluate(ctx)
    if not isinstance(outcome, Outcome):
        raise TypeError(f"item {item.id}: evaluate must return an Outcome, got {outcome!r}")
    possible: Fraction | None = None
    earned: Fraction | None = None
    if item.points is not None:
        possible = Fraction(ctx.param(item.points.path, item.points.cell))
        if outcome.state is State.NOT_APPLICABLE:
            possible = Fraction(0)
        earned = possible * outcome.fraction
    overrides = [item.override] if item.override else []
    overrides += [
        f"参数 {u.path}{'[' + u.cell + ']' if u.cell else ''} 取 {u.jurisdiction_name} 的值 "
        f"{u.value}（{u.supplied_by}）"
        + (f"，全国值 {u.national}" if u.national else "")
        + (f"；{u.note}" if OVERRIDE_MARK in u.note else "")
        for u in ctx.uses
        if u.overridden
    ]
    return Finding(
        item_id=item.id,
        label=item.label,
        section_id=section.id,
        state=outcome.state,
        earned=earned,
        possible=possible,
        evidence=tuple(ctx.ref(r) for r in outcome.used),
        gaps=outcome.gaps,
        notes=outcome.notes,
        citations=item.citations,
        basis=item.basis,
        provenance=item.provenance,
        parameters=tuple(ctx.uses),
        overrides=tuple(overrides),
        veto=item.veto,
        supplied_by=item.supplied_by,
    )
