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
    QUANTITIES,
    Activity,
    Document,
    EvidenceSet,
    Honour,
    Incident,
    LeadingGroup,
    Meeting,
    Member,
    NeedsItem,
    Office,
    PaymentTotal,
    PublicityChannel,
    PublicityOfficer,
    Signage,
    Station,
    SupportTeam,
    UnitName,
    VillageGroup,
)
from shuangyong.compliance.findings import EvidenceRef, Finding, ParamUse, State
from shuangyong.compliance.kinds import (
    ActivityKind,
    ChannelKind,
    Delivery,
    DocumentKind,
    HonourLevel,
    IncidentKind,
    MeetingKind,
    NeedsSide,
    Position,
    Role,
    SignageKind,
    StationLevel,
    StationStandard,
    TeamKind,
)
from shuangyong.compliance.loading import evidence_from_data, load_evidence
from shuangyong.compliance.model import Checklist, Item, PointsRef, Section
from shuangyong.compliance.registry import ChecklistRegistrar, ChecklistRegistry
from shuangyong.compliance.units import UnitNames

__all__ = [
    "KINDS",
    "QUANTITIES",
    "Activity",
    "ActivityKind",
    "Assessment",
    "Change",
    "ChannelKind",
    "Checklist",
    "ChecklistRegistrar",
    "ChecklistRegistry",
    "Comparison",
    "Delivery",
    "Document",
    "DocumentKind",
    "EvidenceRef",
    "EvidenceSet",
    "Finding",
    "Honour",
    "HonourLevel",
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
    "PaymentTotal",
    "PointsRef",
    "Position",
    "PublicityChannel",
    "PublicityOfficer",
    "Role",
    "Section",
    "SectionResult",
    "Signage",
    "SignageKind",
    "State",
    "Station",
    "StationLevel",
    "StationStandard",
    "SupportTeam",
    "TeamKind",
    "UnitName",
    "UnitNames",
    "VillageGroup",
    "assess",
    "evidence_from_data",
    "load_evidence",
    "run_checklist",
]
