"""Evidence (证据材料): the records a jurisdiction's 双拥 work is checked against.

Every record is an attrs value with validators, so an impossible record (a needs item resolved
before it was raised, a staff count of -1, a village officer outside a village) cannot be built.
Records carry an ``id`` unique within their kind; a finding refers to the records it used by kind
and id. An :class:`EvidenceSet` holds the records of all kinds and rejects duplicate ids.

Records are facts as reported, not judgements: whether a record counts for a year or a division
is decided by the checklist items, which say so in their findings when they set one aside.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from shuangyong.compliance._checks import amount as _amount
from shuangyong.compliance._checks import count as _count
from shuangyong.compliance._checks import div as _div
from shuangyong.compliance._checks import flag as _bool
from shuangyong.compliance._checks import nonempty as _nonempty
from shuangyong.compliance._checks import optional_count as _optional_count
from shuangyong.compliance._checks import plain_date as _plain_date
from shuangyong.compliance._checks import text as _text
from shuangyong.compliance._checks import to_tuple as _tuple
from shuangyong.compliance._checks import year as _year
from shuangyong.compliance.claims import (
    Honour,
    PaymentTotal,
    Signage,
    SupportTeam,
    UnitName,
    VillageGroup,
)
from shuangyong.compliance.kinds import (
    ActivityKind,
    ChannelKind,
    Delivery,
    DocumentKind,
    IncidentKind,
    MeetingKind,
    NeedsSide,
    Position,
    Role,
    StationLevel,
    StationStandard,
)
from shuangyong.domain.divisions import DivisionCode, DivisionLevel
from shuangyong.domain.money import Yuan
from shuangyong.errors import InvalidValueError

__all__ = [
    "KINDS",
    "QUANTITIES",
    "Activity",
    "Document",
    "EvidenceSet",
    "Fact",
    "Honour",
    "Incident",
    "LeadingGroup",
    "Meeting",
    "Member",
    "NeedsItem",
    "Office",
    "PaymentTotal",
    "PublicityChannel",
    "PublicityOfficer",
    "Record",
    "Signage",
    "Station",
    "SupportTeam",
    "UnitName",
    "VillageGroup",
    "places",
]


@attrs.frozen(kw_only=True)
class Fact:
    """A fact extracted from a document, e.g. ``走访慰问经费`` → ``400000元``."""

    name: str = attrs.field(validator=_nonempty)
    value: str = attrs.field(validator=_text)


@attrs.frozen(kw_only=True)
class Document:
    """A document: plan, agenda, budget, assessment scheme, report, minutes ...

    Attributes:
        id: unique among documents, e.g. ``"D01"``.
        title: the title (without book-title marks).
        issuer: the issuing body, e.g. ``中共某区委办公室``.
        date: date of issue.
        jurisdiction: the division whose party committee or government it belongs to.
        kinds: what it is evidence of (at least one :class:`DocumentKind`).
        number: the document number (文号), e.g. ``某政〔2024〕3号``.
        covers_from: first year the document covers (default: the year of ``date``); a
            five-year plan covers five years, a budget usually the year after it is passed.
        covers_to: last year it covers (default: ``covers_from``).
        budget_amount: for a budget, the 双拥 funds it allocates.
        indicators: for an assessment scheme, the names of its 双拥 indicators.
        facts: further extracted facts, shown as they are (:class:`Fact`, name and text).
    """

    id: str = attrs.field(validator=_nonempty)
    title: str = attrs.field(validator=_nonempty)
    issuer: str = attrs.field(validator=_nonempty)
    date: dt.date = attrs.field(validator=_plain_date)
    jurisdiction: DivisionCode = attrs.field(validator=_div)
    kinds: tuple[DocumentKind, ...] = attrs.field(converter=_tuple)
    number: str | None = None
    covers_from: int | None = attrs.field(default=None, validator=_year)
    covers_to: int | None = attrs.field(default=None, validator=_year)
    budget_amount: Yuan | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Yuan))
    )
    indicators: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    facts: tuple[Fact, ...] = attrs.field(default=(), converter=_tuple)

    @kinds.validator
    def _check_kinds(self, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        if not value:
            raise InvalidValueError("kinds", value, "至少一种文件类别 / at least one kind")
        if len(set(value)) != len(value):
            raise InvalidValueError("kinds", value, "类别重复 / duplicate kinds")
        for k in value:
            if not isinstance(k, DocumentKind):
                raise InvalidValueError("kinds", k, "未知的文件类别 / unknown document kind")

    def __attrs_post_init__(self) -> None:
        if self.budget_amount is not None and self.budget_amount.amount < 0:
            raise InvalidValueError("budget_amount", str(self.budget_amount), "不能为负 / negative")
        first, last = self.years
        if last < first:
            raise InvalidValueError(
                "covers_to", self.covers_to, f"早于 covers_from {first} / before covers_from"
            )

    @property
    def years(self) -> tuple[int, int]:
        """The first and last year the document covers."""
        first = self.covers_from if self.covers_from is not None else self.date.year
        return first, self.covers_to if self.covers_to is not None else first

    def covers(self, year: int) -> bool:
        first, last = self.years
        return first <= year <= last

    @property
    def caption(self) -> str:
        number = f"（{self.number}）" if self.number else ""
        return f"《{self.title}》{number}"


@attrs.frozen(kw_only=True)
class Member:
    """A member of the leading group.

    Attributes:
        name: the member's name (or post title where names are not recorded).
        position: the office held outside the group (:class:`Position`).
        role: the role in the group (:class:`Role`).
        unit: the member unit (成员单位) the member represents, e.g. ``区财政局``.
        military: a serving member of the armed forces.
    """

    name: str = attrs.field(validator=_nonempty)
    position: Position = attrs.field(validator=attrs.validators.instance_of(Position))
    role: Role = attrs.field(validator=attrs.validators.instance_of(Role))
    unit: str = attrs.field(default="", validator=_text)
    military: bool = attrs.field(default=False, validator=_bool)


@attrs.frozen(kw_only=True)
class Office:
    """The standing office of the leading group (双拥办).

    Attributes:
        name: e.g. ``区双拥工作领导小组办公室``.
        director: the director's name; ``None`` when the post is vacant.
        jointly_staffed: staffed jointly by the government and the military (军地合署办公).
        military_staff: military staff taking part in the office's work.
    """

    name: str = attrs.field(validator=_nonempty)
    director: str | None = None
    jointly_staffed: bool = attrs.field(default=False, validator=_bool)
    military_staff: int = attrs.field(default=0, validator=_count)


@attrs.frozen(kw_only=True)
class LeadingGroup:
    """The 双拥工作领导小组 of a jurisdiction.

    A group without a 组长 can be recorded (the post may be vacant); the ``leading_group``
    checklist reports it as not met rather than rejecting the record.

    Attributes:
        id: unique among leading groups.
        jurisdiction: its division.
        established_on: the date of the notice that set up (or last reorganised) the group.
        members: the members with their roles.
        office: the standing office, or ``None`` if there is none.
        document: id of the notice among the documents, when supplied.
    """

    id: str = attrs.field(validator=_nonempty)
    jurisdiction: DivisionCode = attrs.field(validator=_div)
    established_on: dt.date = attrs.field(validator=_plain_date)
    members: tuple[Member, ...] = attrs.field(converter=_tuple)
    office: Office | None = None
    document: str | None = None

    def with_role(self, role: Role) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.role is role)

    @property
    def member_units(self) -> tuple[str, ...]:
        """Distinct member units, in the order first listed."""
        return tuple(dict.fromkeys(m.unit for m in self.members if m.unit))

    @property
    def caption(self) -> str:
        return f"双拥工作领导小组（{self.established_on.isoformat()} 组建/调整）"


@attrs.frozen(kw_only=True)
class Meeting:
    """A meeting held or a duty session.

    Attributes:
        id: unique among meetings.
        kind: :class:`MeetingKind`.
        date: the day held.
        chair: who chaired it (name or post).
        topic: what it dealt with.
        minutes: id of its minutes among the documents, when supplied.
    """

    id: str = attrs.field(validator=_nonempty)
    kind: MeetingKind = attrs.field(validator=attrs.validators.instance_of(MeetingKind))
    date: dt.date = attrs.field(validator=_plain_date)
    chair: str = attrs.field(default="", validator=_text)
    topic: str = attrs.field(default="", validator=_text)
    minutes: str | None = None

    @property
    def caption(self) -> str:
        return f"{self.kind.label}（{self.date.isoformat()}）"


@attrs.frozen(kw_only=True)
class Station:
    """A 退役军人服务中心（站） and its "五有" facts.

    The five (有机构、有编制、有人员、有经费、有保障; the list stated by the minister in 2019, one
    secondary source) are recorded as facts, not as a verdict.

    Attributes:
        id: unique among stations.
        name: the station's name.
        division: the district, township or village it serves.
        level: optional; when given it must agree with the division code's level.
        established_on: when it was set up.
        organisation: 有机构 — set up by a document as an organisation.
        staffing_quota: 有编制 — posts allotted.
        staff: 有人员 — people working there.
        funding: 有经费 — annual working funds.
        support: 有保障 — premises and facilities secured.
        standards: the "六化" items the station meets (:class:`StationStandard`; the list is
            ``example``: no official text was found).
    """

    id: str = attrs.field(validator=_nonempty)
    name: str = attrs.field(validator=_nonempty)
    division: DivisionCode = attrs.field(validator=_div)
    level: StationLevel | None = None
    established_on: dt.date | None = attrs.field(default=None, validator=_plain_date)
    organisation: bool = attrs.field(default=False, validator=_bool)
    staffing_quota: int = attrs.field(default=0, validator=_count)
    staff: int = attrs.field(default=0, validator=_count)
    funding: Yuan | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Yuan))
    )
    support: bool = attrs.field(default=False, validator=_bool)
    standards: tuple[StationStandard, ...] = attrs.field(default=(), converter=_tuple)

    @standards.validator
    def _check_standards(self, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        for v in value:
            if not isinstance(v, StationStandard):
                raise InvalidValueError("standards", v, "未知的“六化”项目 / unknown standard")
        if len(set(value)) != len(value):
            raise InvalidValueError("standards", [v.value for v in value], "重复 / duplicates")

    def six_standards(self) -> dict[str, bool]:
        """Each "六化" item (example list), in order, and whether the station meets it."""
        return {k.label: k in self.standards for k in StationStandard}

    def __attrs_post_init__(self) -> None:
        implied = StationLevel.of(self.division.level)
        if implied is None:
            raise InvalidValueError(
                "division",
                str(self.division),
                "服务站须设在区县、乡镇或村级区划 / a station serves a county, township or village",
            )
        if self.level is not None and self.level is not implied:
            raise InvalidValueError(
                "level",
                self.level.value,
                f"与区划代码 {self.division} 的级别（{implied.value}）不符 / does not match the "
                "division code",
            )
        if self.funding is not None and self.funding.amount < 0:
            raise InvalidValueError("funding", str(self.funding), "不能为负 / negative")

    @property
    def station_level(self) -> StationLevel:
        level = StationLevel.of(self.division.level)
        assert level is not None  # checked in __attrs_post_init__
        return level

    def five_haves(self) -> dict[str, bool]:
        """Each of the five, in order: 有机构、有编制、有人员、有经费、有保障."""
        return {
            "有机构": self.organisation,
            "有编制": self.staffing_quota > 0,
            "有人员": self.staff > 0,
            "有经费": self.funding is not None and self.funding.amount > 0,
            "有保障": self.support,
        }

    @property
    def caption(self) -> str:
        return f"{self.name}（{self.division}）"


@attrs.frozen(kw_only=True)
class PublicityChannel:
    """A publicity channel used in a year.

    Attributes:
        id: unique among channels.
        kind: :class:`ChannelKind` (报纸、电视、广播、网络).
        name: the outlet or column, e.g. ``某区融媒体中心"双拥之窗"``.
        year: the year the record is about.
        reports: 双拥 pieces published or broadcast in that year.
    """

    id: str = attrs.field(validator=_nonempty)
    kind: ChannelKind = attrs.field(validator=attrs.validators.instance_of(ChannelKind))
    name: str = attrs.field(validator=_nonempty)
    year: int = attrs.field(validator=_year)
    reports: int = attrs.field(default=0, validator=_count)

    @property
    def caption(self) -> str:
        return f"{self.kind.label}：{self.name}（{self.year}年 {self.reports} 篇/条）"


@attrs.frozen(kw_only=True)
class PublicityOfficer:
    """A village publicity officer (村级双拥宣传员).

    Attributes:
        id: unique among officers.
        village: the 12-digit village (村、社区) code.
        appointed_on: first day in post.
        left_on: last day in post, if they left.
        name: optional (personal data: leave it out where not needed).
        group: the 组 (村民小组、居民小组) of the village the officer serves, by name, when the
            officer serves a group rather than the whole village (``""``: the village). Groups
            have no statistical code; declare them with ``village_group`` records.
    """

    id: str = attrs.field(validator=_nonempty)
    village: DivisionCode = attrs.field(validator=_div)
    appointed_on: dt.date = attrs.field(validator=_plain_date)
    left_on: dt.date | None = attrs.field(default=None, validator=_plain_date)
    name: str = attrs.field(default="", validator=_text)
    group: str = attrs.field(default="", validator=_text)

    def __attrs_post_init__(self) -> None:
        if self.village.level is not DivisionLevel.VILLAGE:
            raise InvalidValueError(
                "village", str(self.village), "须为12位村级代码 / must be a 12-digit village code"
            )
        if self.left_on is not None and self.left_on < self.appointed_on:
            raise InvalidValueError(
                "left_on",
                self.left_on.isoformat(),
                f"早于任职日期 {self.appointed_on} / before appointed_on",
            )

    def in_post_during(self, year: int) -> bool:
        return self.appointed_on.year <= year and (
            self.left_on is None or self.left_on.year >= year
        )

    @property
    def caption(self) -> str:
        where = f"{self.village} {self.group}" if self.group else str(self.village)
        return f"宣传员 {self.id}（{where}）"


@attrs.frozen(kw_only=True)
class NeedsItem:
    """An item on the 军地需求"双清单".

    Attributes:
        id: unique among needs items.
        side: which list (:class:`NeedsSide`).
        title: what is needed.
        raised_on: the day it was put on the list.
        resolved_on: the day it was resolved; ``None`` while open. Never before ``raised_on``.
    """

    id: str = attrs.field(validator=_nonempty)
    side: NeedsSide = attrs.field(validator=attrs.validators.instance_of(NeedsSide))
    title: str = attrs.field(validator=_nonempty)
    raised_on: dt.date = attrs.field(validator=_plain_date)
    resolved_on: dt.date | None = attrs.field(default=None, validator=_plain_date)

    def __attrs_post_init__(self) -> None:
        if self.resolved_on is not None and self.resolved_on < self.raised_on:
            raise InvalidValueError(
                "resolved_on",
                self.resolved_on.isoformat(),
                f"解决日期早于提出日期 {self.raised_on} / resolved before it was raised",
            )

    @property
    def caption(self) -> str:
        return f"{self.title}（{self.raised_on.isoformat()} 提出）"


QUANTITIES: Mapping[str, str] = {
    "times": "次",
    "person_times": "人次",
    "vehicle_times": "台次",
    "people": "人",
    "pieces": "件（块、份）",
    "amount": "元",
}
"""The quantity fields an activity may state, with the unit each is counted in."""


@attrs.frozen(kw_only=True)
class Activity:
    """An activity: a visit, a joint-construction pair, troop support, an emergency deployment.

    A record is one activity or a summary of many ("2024年春节走访慰问 200 次"): the quantity
    fields state what it counted, exactly (whole numbers; money in yuan as a decimal string,
    never a float). An unstated quantity is unknown, not zero: reports add up only the stated
    ones and say how many records stated none.

    Attributes:
        id: unique among activities.
        kind: :class:`ActivityKind`.
        date: when it took place (or the pair was formed; for a summary, its last day).
        title: what it was.
        partners: the units involved (e.g. the troop unit and the village of a pair).
        division: where, when recorded (a county, township or village code).
        delivers: for a visit, what it brought (:class:`Delivery`, the "五送").
        times: how many occasions (次), e.g. visits or performances.
        person_times: 人次 (people served or taking part, counted per occasion).
        vehicle_times: 台次 (vehicles or machines deployed, per occasion).
        people: distinct people (人), e.g. families visited.
        pieces: things handed over or hung (件、块、份): plaques, 喜报, gifts.
        amount: money spent or handed over (元).
        document: id of a supporting document among the documents, when supplied.
    """

    id: str = attrs.field(validator=_nonempty)
    kind: ActivityKind = attrs.field(validator=attrs.validators.instance_of(ActivityKind))
    date: dt.date = attrs.field(validator=_plain_date)
    title: str = attrs.field(validator=_nonempty)
    partners: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    division: DivisionCode | None = None
    delivers: tuple[Delivery, ...] = attrs.field(default=(), converter=_tuple)
    times: int | None = attrs.field(default=None, validator=_optional_count)
    person_times: int | None = attrs.field(default=None, validator=_optional_count)
    vehicle_times: int | None = attrs.field(default=None, validator=_optional_count)
    people: int | None = attrs.field(default=None, validator=_optional_count)
    pieces: int | None = attrs.field(default=None, validator=_optional_count)
    amount: Yuan | None = attrs.field(default=None, validator=_amount)
    document: str | None = None

    @delivers.validator
    def _check_delivers(self, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        for v in value:
            if not isinstance(v, Delivery):
                raise InvalidValueError("delivers", v, "未知的慰问内容 / unknown delivery kind")
        if len(set(value)) != len(value):
            raise InvalidValueError("delivers", value, "重复 / duplicate entries")
        if value and self.kind is not ActivityKind.VISIT:
            raise InvalidValueError(
                "delivers", [v.value for v in value], "仅走访慰问可填 / only for a visit"
            )

    def quantities(self) -> dict[str, int | Yuan]:
        """The stated quantities (field name → value), in the order of :data:`QUANTITIES`."""
        out: dict[str, int | Yuan] = {}
        for name in QUANTITIES:
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out

    @property
    def caption(self) -> str:
        return f"{self.kind.label}：{self.title}（{self.date.isoformat()}）"


@attrs.frozen(kw_only=True)
class Incident:
    """An event that may veto a 双拥模范城 assessment (whether it does is a parameter).

    Attributes:
        id: unique among incidents.
        kind: :class:`IncidentKind`.
        date: when it happened.
        title: what happened.
        confirmed_by: the body or document that established it.
    """

    id: str = attrs.field(validator=_nonempty)
    kind: IncidentKind = attrs.field(validator=attrs.validators.instance_of(IncidentKind))
    date: dt.date = attrs.field(validator=_plain_date)
    title: str = attrs.field(validator=_nonempty)
    confirmed_by: str = attrs.field(default="", validator=_text)

    @property
    def caption(self) -> str:
        return f"{self.title}（{self.date.isoformat()}）"


Record = (
    Document
    | LeadingGroup
    | Meeting
    | Station
    | PublicityChannel
    | PublicityOfficer
    | NeedsItem
    | Activity
    | Incident
    | SupportTeam
    | Signage
    | Honour
    | PaymentTotal
    | UnitName
    | VillageGroup
)
"""Any evidence record."""

KINDS: Mapping[str, tuple[type[Any], str]] = {
    "document": (Document, "文件"),
    "leading_group": (LeadingGroup, "领导小组"),
    "meeting": (Meeting, "会议"),
    "station": (Station, "服务站"),
    "publicity_channel": (PublicityChannel, "宣传渠道"),
    "publicity_officer": (PublicityOfficer, "村级宣传员"),
    "needs_item": (NeedsItem, "需求清单事项"),
    "activity": (Activity, "活动"),
    "incident": (Incident, "事件"),
    "support_team": (SupportTeam, "拥军服务队"),
    "signage": (Signage, "宣传阵地（标识、展板）"),
    "honour": (Honour, "荣誉"),
    "payment_total": (PaymentTotal, "发放合计（文件所述）"),
    "unit": (UnitName, "单位名称"),
    "village_group": (VillageGroup, "村（居）民小组"),
}
"""Evidence kind (as written in files) → (record class, Chinese label)."""

_KIND_OF: dict[type[Any], str] = {cls: name for name, (cls, _) in KINDS.items()}


def places(record: Any) -> tuple[tuple[str, DivisionCode], ...]:
    """The division codes a record places itself in, with the field naming each.

    The assessment checks these against the catalogue and the division assessed. Documents,
    leading groups and honours name a *jurisdiction* (whose document it is), which items compare
    instead, setting aside another jurisdiction's with a note.
    """
    if isinstance(record, Station | SupportTeam):
        return (("division", record.division),)
    if isinstance(record, PublicityOfficer | VillageGroup):
        return (("village", record.village),)
    if isinstance(record, Activity | Signage) and record.division is not None:
        return (("division", record.division),)
    return ()


def kind_of(record: Any) -> str:
    """The evidence kind name of ``record``."""
    try:
        return _KIND_OF[type(record)]
    except KeyError:
        raise InvalidValueError(
            "evidence", type(record).__name__, "不是证据记录 / not an evidence record"
        ) from None


@attrs.frozen(kw_only=True)
class EvidenceSet:
    """Records of every kind, with ids unique per kind.

    Build one with :meth:`of` (or :func:`~shuangyong.compliance.load_evidence`); ``with_``
    and ``without`` return new sets, so an assessment never sees a set change under it.

    Attributes:
        records: every record, in the order given.
        origins: where each record came from (``(kind, id)`` → file and position), for messages.
        title: a title for reports.
        synthetic: the data is synthetic (demo or test data); reports say so prominently.
        note: anything a reader must know about the data.
    """

    records: tuple[Record, ...] = attrs.field(converter=_tuple)
    origins: Mapping[tuple[str, str], str] = attrs.field(factory=dict)
    title: str = ""
    synthetic: bool = False
    note: str = ""
    _index: dict[tuple[str, str], Record] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        index: dict[tuple[str, str], Record] = {}
        for r in self.records:
            key = (kind_of(r), r.id)
            if key in index:
                first = self.origins.get(key, "")
                raise InvalidValueError(
                    f"{key[0]}.id",
                    r.id,
                    f"{KINDS[key[0]][1]}编号重复 / duplicate {key[0]} id"
                    + (f"（首次出现于 / first in {first}）" if first else ""),
                )
            index[key] = r
        object.__setattr__(self, "_index", index)

    @classmethod
    def of(cls, *records: Record, **kwargs: Any) -> EvidenceSet:
        """A set of ``records`` (keyword arguments as for the class)."""
        return cls(records=records, **kwargs)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def get(self, kind: str, ident: str) -> Record | None:
        return self._index.get((kind, ident))

    def of_type(self, cls: type[Any]) -> tuple[Any, ...]:
        """Records of one class, in the order given."""
        return tuple(r for r in self.records if type(r) is cls)

    def documents(self, kind: DocumentKind) -> tuple[Document, ...]:
        return tuple(d for d in self.of_type(Document) if kind in d.kinds)

    def with_(self, *records: Record) -> EvidenceSet:
        """A new set with ``records`` added."""
        return attrs.evolve(self, records=(*self.records, *records))

    def without(self, kind: str, ident: str) -> EvidenceSet:
        """A new set without the record ``(kind, ident)``."""
        kept = tuple(r for r in self.records if (kind_of(r), r.id) != (kind, ident))
        return attrs.evolve(self, records=kept)

    def merge(self, other: EvidenceSet) -> EvidenceSet:
        """Both sets' records (duplicate ids are an error naming where each came from)."""
        origins = {**other.origins, **self.origins}
        for r in other.records:
            key = (kind_of(r), r.id)
            if key in self._index:
                raise InvalidValueError(
                    f"{key[0]}.id",
                    r.id,
                    f"{KINDS[key[0]][1]}编号重复 / duplicate {key[0]} id: "
                    f"{self.origins.get(key, '?')} 与 / and {other.origins.get(key, '?')}",
                )
        return EvidenceSet(
            records=(*self.records, *other.records),
            origins=origins,
            title="；".join(dict.fromkeys(t for t in (self.title, other.title) if t)),
            synthetic=self.synthetic or other.synthetic,
            note="；".join(n for n in (self.note, other.note) if n),
        )
