"""Compliance checks of a jurisdiction's 双拥 work: evidence, checklists, findings, scores.

A checklist (registered by a plugin) has sections of items; an item reads an
:class:`EvidenceSet` and returns a :class:`Finding` — met, partly met, not met or not applicable
— with the evidence used, the gap in Chinese, the points earned of the points possible, the
citation and the provenance of the requirement and of every figure it used. :func:`assess` runs a
checklist for a division and year into an :class:`Assessment`: findings grouped by section,
totals, the pass mark, vetoes, and a comparison with a previous year's assessment.

Importing this package has no side effects.
"""

from __future__ import annotations

from shuangyong.compliance.assessment import (
    Assessment,
    Change,
    Comparison,
    SectionResult,
    assess,
    run_checklist,
)
from shuangyong.compliance.context import ItemContext, Outcome
from shuangyong.compliance.evidence import (
    KINDS,
    Activity,
    Document,
    EvidenceSet,
    Incident,
    LeadingGroup,
    Meeting,
    Member,
    NeedsItem,
    Office,
    PublicityChannel,
    PublicityOfficer,
    Station,
)
from shuangyong.compliance.findings import EvidenceRef, Finding, ParamUse, State
from shuangyong.compliance.kinds import (
    ActivityKind,
    ChannelKind,
    DocumentKind,
    IncidentKind,
    MeetingKind,
    NeedsSide,
    Position,
    Role,
    StationLevel,
)
from shuangyong.compliance.loading import evidence_from_data, load_evidence
from shuangyong.compliance.model import Checklist, Item, PointsRef, Section
from shuangyong.compliance.registry import ChecklistRegistrar, ChecklistRegistry

__all__ = [
    "KINDS",
    "Activity",
    "ActivityKind",
    "Assessment",
    "Change",
    "ChannelKind",
    "Checklist",
    "ChecklistRegistrar",
    "ChecklistRegistry",
    "Comparison",
    "Document",
    "DocumentKind",
    "EvidenceRef",
    "EvidenceSet",
    "Finding",
    "Incident",
    "IncidentKind",
    "Item",
    "ItemContext",
    "LeadingGroup",
    "Meeting",
    "MeetingKind",
    "Member",
    "NeedsItem",
    "NeedsSide",
    "Office",
    "Outcome",
    "ParamUse",
    "PointsRef",
    "Position",
    "PublicityChannel",
    "PublicityOfficer",
    "Role",
    "Section",
    "SectionResult",
    "State",
    "Station",
    "StationLevel",
    "assess",
    "evidence_from_data",
    "load_evidence",
    "run_checklist",
]
