"""Evidence kinds for the claims a district's annual work report makes beyond its checklists.

Support teams, signage and publicity boards, honours by year, payment totals a document states,
the names a unit goes by, and the 组 (groups) of a village. Like every record they are facts as
reported, validated when built; whether they count for a year or a division is decided by the
checklist items and report builders that read them, which say so when they set one aside.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import attrs

from shuangyong.compliance import _checks as check
from shuangyong.compliance.kinds import HonourLevel, SignageKind, TeamKind
from shuangyong.domain.divisions import DivisionCode, DivisionLevel
from shuangyong.domain.money import Yuan
from shuangyong.errors import InvalidValueError

__all__ = [
    "Honour",
    "PaymentTotal",
    "Signage",
    "SupportTeam",
    "UnitName",
    "VillageGroup",
    "normalise_name",
]


def normalise_name(name: str) -> str:
    """A unit name compared loosely: NFKC (full-width brackets and digits), no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


@attrs.frozen(kw_only=True)
class SupportTeam:
    """A support team (拥军服务队、志愿服务队) and its size.

    Attributes:
        id: unique among support teams.
        name: the team's name.
        kind: :class:`TeamKind`.
        division: the county, township or village it belongs to.
        established_on: when it was set up.
        disbanded_on: when it stopped, if it did.
        members: members (人).
    """

    id: str = attrs.field(validator=check.nonempty)
    name: str = attrs.field(validator=check.nonempty)
    kind: TeamKind = attrs.field(validator=attrs.validators.instance_of(TeamKind))
    division: DivisionCode = attrs.field(validator=check.div)
    established_on: dt.date = attrs.field(validator=check.plain_date)
    disbanded_on: dt.date | None = attrs.field(default=None, validator=check.plain_date)
    members: int = attrs.field(default=0, validator=check.count)

    def __attrs_post_init__(self) -> None:
        if self.disbanded_on is not None and self.disbanded_on < self.established_on:
            raise InvalidValueError(
                "disbanded_on",
                self.disbanded_on.isoformat(),
                f"早于成立日期 {self.established_on} / before established_on",
            )

    def active_in(self, year: int) -> bool:
        return self.established_on.year <= year and (
            self.disbanded_on is None or self.disbanded_on.year >= year
        )

    @property
    def caption(self) -> str:
        return f"{self.name}（{self.kind.label}，{self.members} 人）"


@attrs.frozen(kw_only=True)
class Signage:
    """Signage and publicity boards put up (双拥宣传栏、标语、双拥路、主题公园 ...).

    Attributes:
        id: unique among signage records.
        kind: :class:`SignageKind`.
        year: the year they were put up (or, with ``in_place``, the year they were counted).
        count: how many (块、处、条); at least 1.
        division: where (county, township or village code).
        title: what they say or where they stand.
        in_place: the record counts boards standing in ``year`` rather than put up in it.
    """

    id: str = attrs.field(validator=check.nonempty)
    kind: SignageKind = attrs.field(validator=attrs.validators.instance_of(SignageKind))
    year: int = attrs.field(validator=check.year)
    count: int = attrs.field(default=1, validator=check.count)
    division: DivisionCode | None = attrs.field(
        default=None, validator=attrs.validators.optional(check.div)
    )
    title: str = attrs.field(default="", validator=check.text)
    in_place: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))

    def __attrs_post_init__(self) -> None:
        if self.count < 1:
            raise InvalidValueError("count", self.count, "至少 1 / at least one")

    @property
    def caption(self) -> str:
        what = f"：{self.title}" if self.title else ""
        return f"{self.kind.label}{what}（{self.year}年 {self.count} 处）"


@attrs.frozen(kw_only=True)
class Honour:
    """An honour conferred on the jurisdiction (双拥模范城（县）, 先进单位 ...), by year.

    Attributes:
        id: unique among honours.
        title: the title as conferred, e.g. ``河南省双拥模范城（县）``.
        level: :class:`HonourLevel` (who conferred it).
        year: the year conferred (命名年度).
        jurisdiction: the division honoured.
        conferred_by: the conferring body.
        term: the round (届) when the title is conferred in rounds, e.g. 7 for 第七届.
        document: the naming document (文号 or title).
    """

    id: str = attrs.field(validator=check.nonempty)
    title: str = attrs.field(validator=check.nonempty)
    level: HonourLevel = attrs.field(validator=attrs.validators.instance_of(HonourLevel))
    year: int = attrs.field(validator=check.year)
    jurisdiction: DivisionCode = attrs.field(validator=check.div)
    conferred_by: str = attrs.field(default="", validator=check.text)
    term: int | None = attrs.field(default=None, validator=check.optional_count)
    document: str = attrs.field(default="", validator=check.text)

    @property
    def caption(self) -> str:
        term = f"（第{self.term}届）" if self.term else ""
        return f"{self.year}年 {self.title}{term}"


@attrs.frozen(kw_only=True)
class PaymentTotal:
    """A total paid, as a document states it (used only when no payment ledger is given).

    Attributes:
        id: unique among payment totals.
        benefit: what was paid, as the document names it (``抚恤金``、``生活补助``).
        first_year, last_year: the years the total covers (``last_year`` defaults to the first).
        persons: people paid (人), when stated.
        person_times: 人次, when stated.
        amount: the amount (元), exact.
        jurisdiction: the division that paid.
        document: the document that states it (id among the documents, or its title).
    """

    id: str = attrs.field(validator=check.nonempty)
    benefit: str = attrs.field(validator=check.nonempty)
    first_year: int = attrs.field(validator=check.year)
    amount: Yuan = attrs.field(validator=check.amount)
    jurisdiction: DivisionCode = attrs.field(validator=check.div)
    last_year: int | None = attrs.field(default=None, validator=check.year)
    persons: int | None = attrs.field(default=None, validator=check.optional_count)
    person_times: int | None = attrs.field(default=None, validator=check.optional_count)
    document: str = attrs.field(default="", validator=check.text)

    def __attrs_post_init__(self) -> None:
        if self.last_year is not None and self.last_year < self.first_year:
            raise InvalidValueError(
                "last_year", self.last_year, f"早于 first_year {self.first_year} / before it"
            )

    @property
    def years(self) -> tuple[int, int]:
        return self.first_year, self.last_year if self.last_year is not None else self.first_year

    @property
    def caption(self) -> str:
        a, b = self.years
        span = f"{a}年" if a == b else f"{a}年至{b}年"
        return f"{span}{self.benefit}发放合计"


@attrs.frozen(kw_only=True)
class UnitName:
    """A unit and the other names documents call it by (declared aliases).

    Member units are matched to document issuers by name; "区退役军人事务局" is the same unit as
    "建安区退役军人事务局" only when a record says so. Findings hint at near misses, never merge
    them.

    Attributes:
        id: unique among units.
        name: the name the leading group lists.
        aliases: other names of the same unit (a short form, a former name).
    """

    id: str = attrs.field(validator=check.nonempty)
    name: str = attrs.field(validator=check.nonempty)
    aliases: tuple[str, ...] = attrs.field(
        default=(), converter=check.to_tuple, validator=check.strings
    )

    def __attrs_post_init__(self) -> None:
        names = [normalise_name(n) for n in (self.name, *self.aliases)]
        if len(set(names)) != len(names):
            raise InvalidValueError("aliases", list(self.aliases), "别名重复 / duplicate names")

    @property
    def caption(self) -> str:
        return f"{self.name}（又称 {'、'.join(self.aliases)}）" if self.aliases else self.name


@attrs.frozen(kw_only=True)
class VillageGroup:
    """A 组 (村民小组、居民小组): a named unit under a village, which has no statistical code.

    Attributes:
        id: unique among village groups.
        village: the 12-digit village code.
        name: the group's name, e.g. ``第三村民组``.
    """

    id: str = attrs.field(validator=check.nonempty)
    village: DivisionCode = attrs.field(validator=check.div)
    name: str = attrs.field(validator=check.nonempty)

    def __attrs_post_init__(self) -> None:
        if self.village.level is not DivisionLevel.VILLAGE:
            raise InvalidValueError(
                "village", str(self.village), "须为12位村级代码 / must be a 12-digit village code"
            )

    @property
    def caption(self) -> str:
        return f"{self.village} {self.name}"
