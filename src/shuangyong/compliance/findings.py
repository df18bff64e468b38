"""Findings (发现/结论): what one checklist item concluded, and everything it rests on."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import attrs

from shuangyong.citations import Citation
from shuangyong.parameters.model import Provenance

__all__ = ["OVERRIDE_MARK", "EvidenceRef", "Finding", "ParamUse", "State", "format_points"]

OVERRIDE_MARK = "（覆盖："
"""What the parameter registry appends to the note of a value registered as a declared override."""


class State(str, enum.Enum):
    """The four states of a finding."""

    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return {
            "met": "符合",
            "partly_met": "部分符合",
            "not_met": "不符合",
            "not_applicable": "不适用",
        }[self.value]


def format_points(value: Fraction | int | None) -> str:
    """A score as people write it: ``2``, ``0.5``, ``0.33`` (exact where it can be)."""
    if value is None:
        return "—"
    d = Decimal(Fraction(value).numerator) / Decimal(Fraction(value).denominator)
    q = d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{q.normalize():f}"
    return text if q == d else f"{text}≈"


@attrs.frozen
class EvidenceRef:
    """A reference to one evidence record a finding used.

    Attributes:
        kind: the evidence kind (``document``, ``station`` ...).
        id: the record's id.
        caption: a short Chinese description (title, name, date).
        origin: the file and position it was loaded from, when known.
    """

    kind: str
    id: str
    caption: str
    origin: str = ""

    def render(self) -> str:
        from shuangyong.compliance.evidence import KINDS

        return f"{KINDS[self.kind][1]} {self.id}：{self.caption}"

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.id, "caption": self.caption, "origin": self.origin}


@attrs.frozen
class ParamUse:
    """A parameter value a finding used (points, a required frequency, a time limit ...).

    Attributes:
        path: the parameter path.
        cell: the table cell (an item or institution key), for table parameters.
        label: the parameter's Chinese label.
        value: the value as displayed (``2分``, ``1次/年``).
        jurisdiction: the jurisdiction that supplied it (``national`` or a division code).
        jurisdiction_name: its name.
        effective_from: date of effect of the value.
        provenance: :class:`~shuangyong.parameters.Provenance` of the value.
        supplied_by: the distribution that supplied the value.
        note: the value's note (an override's reason is in it).
        national: the national value, displayed, when a local value replaced a different one.
    """

    path: str
    cell: str | None
    label: str
    value: str
    jurisdiction: str
    jurisdiction_name: str
    effective_from: dt.date
    provenance: Provenance
    supplied_by: str
    note: str = ""
    national: str | None = None

    @property
    def overridden(self) -> bool:
        """A local or declared-override value replaced the default."""
        return self.national is not None or OVERRIDE_MARK in self.note

    def render(self, verbose: bool = False) -> str:
        """One line; ``verbose`` adds the date of effect, the supplier and the value's note."""
        where = f"[{self.cell}]" if self.cell else ""
        text = f"{self.label}（{self.path}{where}）= {self.value}（{self.jurisdiction_name}"
        if verbose:
            text += f"，{self.effective_from.isoformat()} 起，{self.supplied_by}"
        text += f"，{self.provenance.label}"
        if self.national is not None:
            text += f"，全国值为 {self.national}"
        text += "）"
        return text + (f"；{self.note}" if verbose and self.note else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "cell": self.cell,
            "label": self.label,
            "value": self.value,
            "jurisdiction": self.jurisdiction,
            "jurisdiction_name": self.jurisdiction_name,
            "effective_from": self.effective_from.isoformat(),
            "provenance": self.provenance.value,
            "supplied_by": self.supplied_by,
            "note": self.note,
            "national": self.national,
        }


@attrs.frozen
class Finding:
    """What one item concluded.

    Attributes:
        item_id: the item, e.g. ``five_inclusions.fiscal_budget``.
        label: its Chinese label.
        section_id: the section it belongs to.
        state: :class:`State`.
        earned: points earned (``None`` for an unscored item such as a veto).
        possible: points possible (``None`` when unscored; 0 when not applicable).
        evidence: the records used.
        gaps: what is missing or wrong, in Chinese ("缺少：…"); empty when met.
        notes: what else a reader must know (records set aside and why, counts).
        citations: the legal or standard basis of the requirement.
        basis: how far the requirement and its points are sourced, in Chinese.
        provenance: provenance of the requirement itself.
        parameters: parameter values used.
        overrides: declared overrides that changed this item (its logic or its parameters).
        veto: the item is a veto item (一票否决); not met fails the whole assessment.
        supplied_by: the distribution that supplied the item.
    """

    item_id: str
    label: str
    section_id: str
    state: State
    earned: Fraction | None
    possible: Fraction | None
    evidence: tuple[EvidenceRef, ...] = ()
    gaps: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    basis: str = ""
    provenance: Provenance = Provenance.EXAMPLE
    parameters: tuple[ParamUse, ...] = ()
    overrides: tuple[str, ...] = ()
    veto: bool = False
    supplied_by: str = ""

    @property
    def uses_example(self) -> bool:
        """The requirement or a figure it used is ``example`` (unconfirmed)."""
        return self.provenance is Provenance.EXAMPLE or any(
            p.provenance is Provenance.EXAMPLE for p in self.parameters
        )

    @property
    def vetoes(self) -> bool:
        """This finding fails the whole assessment."""
        return self.veto and self.state is State.NOT_MET

    def to_dict(self) -> dict[str, Any]:
        return {
            "item_id": self.item_id,
            "label": self.label,
            "section": self.section_id,
            "state": self.state.value,
            "state_label": self.state.label,
            "earned": format_points(self.earned) if self.earned is not None else None,
            "possible": format_points(self.possible) if self.possible is not None else None,
            # exact values (a fraction such as "14/3"), for hosts that add scores up themselves
            "earned_exact": str(self.earned) if self.earned is not None else None,
            "possible_exact": str(self.possible) if self.possible is not None else None,
            "evidence": [e.to_dict() for e in self.evidence],
            "gaps": list(self.gaps),
            "notes": list(self.notes),
            "citations": [c.render() for c in self.citations],
            "basis": self.basis,
            "provenance": self.provenance.value,
            "uses_example": self.uses_example,
            "parameters": [p.to_dict() for p in self.parameters],
            "overrides": list(self.overrides),
            "veto": self.veto,
            "supplied_by": self.supplied_by,
        }
