"""Shared helpers for the compliance tests (no tests here): engines, a division plugin, records.

The test district is 411003 with two invented townships and three invented villages, registered
by :class:`TestDivisions` — the same mechanism a district plugin uses.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from shuangyong import Engine, hookimpl
from shuangyong.compliance import (
    Activity,
    Document,
    LeadingGroup,
    Meeting,
    Member,
    NeedsItem,
    Office,
    PublicityChannel,
    PublicityOfficer,
    Station,
)
from shuangyong.domain.divisions import DivisionCode
from shuangyong.domain.money import Yuan

DIV = "411003"
TOWNS = ("411003100", "411003101")
VILLAGES = ("411003100901", "411003100902", "411003101901")


class TestDivisions:
    """Two townships and three villages under 411003 (invented names)."""

    __name__ = "test_divisions"
    __distribution__ = "test-divisions"
    __test__ = False  # not a pytest class

    @hookimpl
    def register_divisions(self, registry: Any) -> None:
        registry.add(TOWNS[0], "测试甲镇", "township", DIV)
        registry.add(TOWNS[1], "测试乙镇", "township", DIV)
        registry.add(VILLAGES[0], "测试甲一村", "village", TOWNS[0])
        registry.add(VILLAGES[1], "测试甲二村", "village", TOWNS[0])
        registry.add(VILLAGES[2], "测试乙一村", "village", TOWNS[1])


def make_engine(*plugins: Any, divisions: bool = True) -> Engine:
    """An engine with only the built-in checklists (no benefit rules: compliance needs none),
    plus the test divisions unless told otherwise."""
    import shuangyong.compliance.builtin as builtin

    extra: list[Any] = [builtin]
    if divisions:
        extra.append(TestDivisions())
    return Engine.create(plugins=[*extra, *plugins], entry_points=False, builtins=False)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def doc(ident: str, *kinds: str, date: str = "2024-03-01", **kw: Any) -> Document:
    from shuangyong.compliance import DocumentKind

    return Document(
        id=ident,
        title=f"文件{ident}",
        issuer=kw.pop("issuer", "区政府"),
        date=d(date),
        jurisdiction=DivisionCode(kw.pop("jurisdiction", DIV)),
        kinds=tuple(DocumentKind(k) for k in kinds),
        **kw,
    )


def group(ident: str = "G1", *, leader: bool = True, **kw: Any) -> LeadingGroup:
    from shuangyong.compliance import Position, Role

    members = [
        Member(name="乙", position=Position.GOVERNMENT_HEAD, role=Role.DEPUTY),
        Member(name="丙", position=Position.OFFICIAL, role=Role.MEMBER, unit="区财政局"),
    ]
    if leader:
        members.insert(0, Member(name="甲", position=Position.PARTY_SECRETARY, role=Role.LEADER))
    return LeadingGroup(
        id=ident,
        jurisdiction=DivisionCode(DIV),
        established_on=d(kw.pop("established_on", "2021-01-01")),
        members=tuple(members),
        office=kw.pop(
            "office", Office(name="双拥办", director="丁", jointly_staffed=False, military_staff=1)
        ),
    )


def meeting(ident: str, kind: str, date: str = "2024-05-01") -> Meeting:
    from shuangyong.compliance import MeetingKind

    return Meeting(id=ident, kind=MeetingKind(kind), date=d(date))


def activity(ident: str, kind: str, date: str = "2024-05-01") -> Activity:
    from shuangyong.compliance import ActivityKind

    return Activity(id=ident, kind=ActivityKind(kind), date=d(date), title=f"活动{ident}")


def station(ident: str, division: str, *, complete: bool = True, six: bool = True) -> Station:
    from shuangyong.compliance import StationStandard

    return Station(
        id=ident,
        name=f"服务站{ident}",
        division=DivisionCode(division),
        organisation=True,
        staffing_quota=1 if complete else 0,
        staff=1,
        funding=Yuan("1000"),
        support=True,
        standards=tuple(StationStandard) if six else (),
    )


def channel(ident: str, kind: str, year: int = 2024, reports: int = 3) -> PublicityChannel:
    from shuangyong.compliance import ChannelKind

    return PublicityChannel(
        id=ident, kind=ChannelKind(kind), name=f"渠道{ident}", year=year, reports=reports
    )


def officer(ident: str, village: str, appointed: str = "2023-01-01") -> PublicityOfficer:
    return PublicityOfficer(id=ident, village=DivisionCode(village), appointed_on=d(appointed))


def need(ident: str, side: str, raised: str, resolved: str | None = None) -> NeedsItem:
    from shuangyong.compliance import NeedsSide

    return NeedsItem(
        id=ident,
        side=NeedsSide(side),
        title=f"事项{ident}",
        raised_on=d(raised),
        resolved_on=d(resolved) if resolved else None,
    )
