"""优待 decided as eligibility only: 光荣牌 (glory_plaque), 军人子女入学优先
(child_school_priority), 依法优先服务 (priority_service) and 立功受奖送喜报 (merit_good_news).

Who a row is. A row with ``relation`` set is a relative's (军属、遗属、退役军人家属): what they are
entitled to follows from ``relation`` and ``member_status`` (the status of the servicemember they
are related to). A row without ``relation`` is the servicemember's or veteran's own: a veteran
when ``discharged_on`` is on or before the evaluated date, serving otherwise. These rules read
only nullable fields, so a relative's row needs no service record.

Versions follow the law in force on the evaluated date:

- ``glory_plaque``: from 2021-01-01 《退役军人保障法》 第59条 (plaques for veterans' families);
  from 2021-08-01 also 《军人地位和权益保障法》 第31条 (families of servicemembers and of 烈士、
  因公牺牲、病故 members); from 2024-10-01 also 2024 《军人抚恤优待条例》 第37条. No text shipped
  with the project provides for it before 2021, so the rule is not in force then.
- ``child_school_priority``: 2019 条例 第39条第2款 (因公牺牲 children; serving members' children
  入学入托优先) with 《烈士褒扬条例》(2019) 第22条第2款 (烈士 children) until 2024-09-30; 2024 条例
  第43条第1–3款 from 2024-10-01.
- ``priority_service``: 2019 条例 第36条 (serving and disabled members); 2024 条例 第52条 (adds
  烈士、因公牺牲、病故 survivors holding a 优待证). What a person gets (priority ticketing, the 50 %
  fare discount for disabled members, free city buses and metro) is told by
  :func:`priority_service_entitlements`; a privilege carries no money amount.
- ``merit_good_news``: from 2021-08-01 《军人地位和权益保障法》 第31条 (a 喜报 to the family of a
  serving member who is awarded); from 2024-10-01 also 2024 条例 第37条. Evaluated on the
  member's own row; the letter goes to the family.

第59条: the 2019 text (第50条) suspends and cancels 抚恤优待 as a whole, so the versions before
2024-10-01 carry both conditions; the 2024 text suspends only 抚恤金、补助金 (payments) but still
cancels 抚恤优待资格, so the 2024 versions carry the cancellation only.

Limitations (no field in the schema, reported to the lead): the children of grade 1–4 disabled
members (2024 第43条第2款; 2019 第39条第2款) cannot be recognised, because a relative's row does
not hold the member's disability grade; the refusal says so.

Who counts for 光荣牌. 《军人地位和权益保障法》 第68条 defines 军人家属 as the spouse, parents
(扶养人), 未成年子女 and 不能独立生活的成年子女, and 遗属 as the spouse, parents, children and the
siblings the member was bound to support. So a serving member's child counts while under 18 on the
date evaluated (the 18th birthday is the first day of adulthood) or, as an adult, when
``cannot_live_independently``; every child of a dead member counts. The 退役军人保障法 第59条
"退役军人家庭" is not defined; the same family is used for it (a reading, stated in the
condition; before 2021-08-01 without citing 第68条, not yet in force): an adult child who lives
independently is not the veteran's household.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import numpy as np

from shuangyong.citations import Citation
from shuangyong.domain.enums import AwardKind, MemberStatus, Relation
from shuangyong.errors import InvalidValueError
from shuangyong.national.common import (
    MARTYRS_RENUMBERED,
    V2011_FROM,
    V2011_TO,
    V2019_FROM,
    V2019_TO,
    V2024_FROM,
    cite,
    edition_2011,
    presumed,
)
from shuangyong.national.common import not_cancelled as _not_cancelled
from shuangyong.national.common import not_suspended as _not_suspended
from shuangyong.parameters.resolver import ParameterSet
from shuangyong.policy.cache import EvaluationCache
from shuangyong.policy.columns import BoolColumn
from shuangyong.policy.context import Context
from shuangyong.policy.rules import Condition, Rule, RuleKind
from shuangyong.policy.schema import convert_row, fields_read_as_given

__all__ = ["RULES", "Entitlement", "priority_service_entitlements"]

PROTECTION_DOC = "退役军人保障法"
STATUS_DOC = "军人地位和权益保障法"
MARTYRS_DOC = "烈士褒扬条例"

PROTECTION_FROM = dt.date(2021, 1, 1)  # 退役军人保障法 第85条
STATUS_FROM = dt.date(2021, 8, 1)  # 军人地位和权益保障法 第71条

_PLAQUE_VETERANS = Citation(PROTECTION_DOC, "第59条", edition="2020")
_PLAQUE_MEMBERS = Citation(STATUS_DOC, "第31条", edition="2021")
_FAMILY = Citation(STATUS_DOC, "第68条", edition="2021")
_HONOURS_2024 = cite("2024", "第37条")

_DEAD_MEMBER = (MemberStatus.MARTYR, MemberStatus.DIED_ON_DUTY, MemberStatus.DIED_OF_ILLNESS)
_CLOSE_FAMILY = (Relation.PARENT, Relation.SPOUSE, Relation.CHILD)


# -- who a row is ------------------------------------------------------------------------------
def _own(c: Context) -> BoolColumn:
    result: BoolColumn = ~c.is_set("relation")
    return result


def _serving_self(c: Context) -> BoolColumn:
    result: BoolColumn = _own(c) & (~c.is_set("discharged_on") | (c["discharged_on"] > c.on))
    return result


def _enlisted_self(c: Context) -> BoolColumn:
    # a servicemember's own row is a serving member's from the day of enlistment: a person whose
    # enlistment is in the future has no privilege of a serving member or family yet; a
    # relative's row, and a row without the date (enlisted_on is read only when given), pass
    result: BoolColumn = ~_own(c) | ~c.is_set("enlisted_on") | (c["enlisted_on"] <= c.on)
    return result


def _enlisted(citation: Citation) -> Condition:
    """The member has enlisted by the date evaluated (a row that records ``enlisted_on``)."""
    return Condition(
        "enlisted",
        "本人已入伍（入伍日期不晚于评估日；亲属的记录及未录入入伍日期的不适用）",
        _enlisted_self,
        reason_failed="本人入伍日期晚于评估日，尚未入伍：还不享受现役军人及其家庭的优待",
        citation=citation,
    )


def _veteran_self(c: Context) -> BoolColumn:
    result: BoolColumn = _own(c) & c.is_set("discharged_on") & (c["discharged_on"] <= c.on)
    return result


def _disabled_self(c: Context) -> BoolColumn:
    # holds a 残疾军人证: a grade (1–10) approved by the evaluated date
    lvl = c["disability_level"]
    approved = c.is_set("disability_approved_on") & (c["disability_approved_on"] <= c.on)
    result: BoolColumn = _own(c) & (lvl >= 1) & (lvl <= 10) & approved
    return result


def _family_of(c: Context, *statuses: MemberStatus) -> BoolColumn:
    result: BoolColumn = c["relation"].isin(*_CLOSE_FAMILY) & c["member_status"].isin(*statuses)
    return result


def _household_member(c: Context, *statuses: MemberStatus) -> BoolColumn:
    # 第68条 军人家属: spouse, parents, 未成年子女, 不能独立生活的成年子女 (an adult child who lives
    # independently is not); 未成年 = under 18 on the date evaluated
    child = c["relation"] == Relation.CHILD
    minor = c.years_between(c["birth_date"], c.on) < 18
    counted = ~child | minor | c["cannot_live_independently"]
    result: BoolColumn = _family_of(c, *statuses) & counted
    return result


def _survivor(c: Context) -> BoolColumn:
    # 遗属: parents, spouse, children, and the siblings the member supported (第68条)
    sibling = (c["relation"] == Relation.SIBLING) & c["supported_by_member"]
    related = c["relation"].isin(*_CLOSE_FAMILY) | sibling
    result: BoolColumn = related & c["member_status"].isin(*_DEAD_MEMBER)
    return result


def _alive(c: Context) -> BoolColumn:
    result: BoolColumn = ~c.is_set("died_on") | (c["died_on"] > c.on)
    return result


def _edition(start: dt.date) -> str:
    return "2024" if start >= V2024_FROM else "2019"


def _standing(start: dt.date, alive_citation: Citation) -> list[Condition]:
    """Alive, and (by the edition of 第59条/第50条) not suspended or cancelled."""
    edition = _edition(start)
    out = [
        Condition(
            "alive",
            "本人健在",
            _alive,
            reason_failed="本人已死亡",
            citation=alive_citation,
        )
    ]
    if edition == "2019":
        out.append(_not_suspended("2019"))
    out.append(_not_cancelled(edition))
    return out


_STANDING_READS = (
    "died_on",
    "suspended_from",
    "suspended_to",
    "cancelled_on",
    "cancellation_reason",
)


# -- 光荣牌 --------------------------------------------------------------------------------------
def _glory_plaque(start: dt.date, end: dt.date | None) -> Rule:
    members = start >= STATUS_FROM

    def household(c: Context) -> BoolColumn:
        veterans = _veteran_self(c) | _household_member(c, MemberStatus.VETERAN)
        if not members:
            return veterans
        result: BoolColumn = (
            veterans | _serving_self(c) | _household_member(c, MemberStatus.SERVING) | _survivor(c)
        )
        return result

    family = "配偶、父母、未成年子女或不能独立生活的成年子女"
    if members:
        who = (
            f"军人本人或其家属（{family}，《军人地位和权益保障法》第68条），退役军人本人或其家属"
            "（同一范围，本库解读），"
            "或烈士、因公牺牲军人、病故军人的遗属（配偶、父母、子女及由其抚养的兄弟姐妹）"
        )
        citation = _PLAQUE_MEMBERS
    else:
        who = f"退役军人本人或其家属（{family}：退役军人家庭的范围法律未界定，本库解读）"
        citation = _PLAQUE_VETERANS
    citations = [_PLAQUE_VETERANS]
    if members:
        citations[:0] = [_PLAQUE_MEMBERS, _FAMILY]
    if start >= V2024_FROM:
        citations.insert(0, _HONOURS_2024)
    conditions = [
        Condition(
            "household",
            f"家庭中有{who}",
            household,
            reason_failed=f"本人不是{who}，不属于悬挂光荣牌的家庭（已成年且能独立生活的子女不是"
            "其家属）" + ("" if members else "（2021年8月1日前只为退役军人家庭悬挂）"),
            citation=citation,
        ),
        _enlisted(citation),
        *_standing(start, citation),
    ]
    return Rule(
        id="glory_plaque",
        label="悬挂光荣牌（光荣之家）",
        kind=RuleKind.PRIVILEGE,
        version=start.isoformat(),
        effective_from=start,
        effective_to=end,
        citations=tuple(citations),
        reads=(
            "relation",
            "member_status",
            "supported_by_member",
            "birth_date",
            "cannot_live_independently",
            "discharged_on",
            *_STANDING_READS,
        ),
        optional_reads=("enlisted_on",),
        conditions=tuple(conditions),
        description="地方人民政府为军人、退役军人家庭和烈士、因公牺牲军人、病故军人遗属家庭悬挂"
        "光荣牌。",
    )


# -- 军人子女入学优先 ----------------------------------------------------------------------------
def _child_school_priority(start: dt.date, end: dt.date | None) -> Rule:
    edition = _edition(start)
    if edition == "2024":
        martyr = cite("2024", "第43条", "第1款")
        duty = cite("2024", "第43条", "第2款")
        serving = cite("2024", "第43条", "第3款")
    else:
        # 烈士褒扬条例: 第22条第2款 from 2019-08-01; 第19条第2款 before (国务院令第718号
        # renumbered it; the old number is derived, M-)
        if start < MARTYRS_RENUMBERED:
            martyr = Citation(MARTYRS_DOC, "第19条", edition="2011", paragraph="第2款")
        else:
            martyr = Citation(MARTYRS_DOC, "第22条", edition="2019", paragraph="第2款")
        duty = serving = cite("2019", "第39条", "第2款")

    def child(c: Context) -> BoolColumn:
        status = c["member_status"]
        grade = c["member_disability_level"]
        # 一级至四级残疾军人的子女 (2024 第43条第2款; 2019 第39条第2款): the member, serving
        # or discharged, holds a disability grade 1–4
        disabled_1_4 = (
            status.isin(MemberStatus.SERVING, MemberStatus.VETERAN) & (grade >= 1) & (grade <= 4)
        )
        listed = status.isin(MemberStatus.SERVING, MemberStatus.MARTYR, MemberStatus.DIED_ON_DUTY)
        result: BoolColumn = (c["relation"] == Relation.CHILD) & (listed | disabled_1_4)
        return result

    conditions = [
        Condition(
            "child_of_member",
            "现役军人、烈士、因公牺牲军人或一级至四级残疾军人的子女",
            child,
            reason_failed="不是现役军人、烈士、因公牺牲军人或一级至四级残疾军人的子女（病故军人、"
            "未评残或五级至十级残疾的退役军人的子女不在此列）",
            citation=serving,
        ),
        *_standing(start, serving),
    ]
    return Rule(
        id="child_school_priority",
        label="军人子女入学入托优先",
        kind=RuleKind.PRIVILEGE,
        version=start.isoformat(),
        effective_from=start,
        effective_to=end,
        citations=tuple(dict.fromkeys((serving, duty, martyr))),
        reads=("relation", "member_status", "member_disability_level", *_STANDING_READS),
        conditions=tuple(conditions),
        description="现役军人子女入学入托优先（2024年起可在户籍地、父母居住地或部队驻地入学），"
        "烈士、因公牺牲军人、一级至四级残疾军人的子女报考时按规定优待或优先录取。",
    )


# -- 依法优先服务 --------------------------------------------------------------------------------
def _priority_group(with_survivors: bool) -> Callable[[Context], BoolColumn]:
    def test(c: Context) -> BoolColumn:
        members = _serving_self(c) | _disabled_self(c)
        if not with_survivors:
            return members
        # 三属 holding a 优待证 (2024 第52条第1款): any relation to a dead member
        survivors = c.is_set("relation") & c["member_status"].isin(*_DEAD_MEMBER)
        result: BoolColumn = members | survivors
        return result

    return test


def _priority_service(start: dt.date, end: dt.date | None) -> Rule:
    edition = _edition(start)
    art = cite(edition, "第52条" if edition == "2024" else "第36条", "第1款")
    who = (
        "现役军人、残疾军人，或烈士、因公牺牲军人、病故军人的遗属（凭优待证）"
        if edition == "2024"
        else "现役军人或残疾军人"
    )
    conditions = [
        Condition(
            "entitled",
            f"{who}凭有效证件享受购票等优先服务",
            _priority_group(edition == "2024"),
            reason_failed=f"不是{who}",
            citation=art,
            reason_met=f"属于{who}；具体优待（优先购票、残疾军人票价减半、免费乘坐市内公共交通）"
            "见 priority_service_entitlements",
        ),
        _enlisted(art),
        *_standing(start, art),
    ]
    return Rule(
        id="priority_service",
        label="军人依法优先（窗口服务）",
        kind=RuleKind.PRIVILEGE,
        version=start.isoformat(),
        effective_from=start,
        effective_to=end,
        citations=(cite(edition, "第52条" if edition == "2024" else "第36条"),),
        reads=(
            "relation",
            "member_status",
            "discharged_on",
            "disability_level",
            "disability_approved_on",
            *_STANDING_READS,
        ),
        optional_reads=("enlisted_on",),
        conditions=tuple(conditions),
        description="军人、残疾军人（2024年起含三属）乘坐火车、轮船、长途客车和民航班机享受优先"
        "服务；残疾军人减收票价50%；军人、残疾军人免费乘坐市内公共交通（2019年条例：残疾军人"
        "免费，现役军人按城市规定优待）。",
    )


@attrs.frozen
class Entitlement:
    """One concrete 优待 under ``priority_service``.

    Attributes:
        id: stable id, e.g. ``half_fare``.
        label: Chinese statement shown to the person.
        citation: the article and paragraph.
    """

    id: str
    label: str
    citation: Citation


def priority_service_entitlements(row: Mapping[str, Any], on: dt.date) -> tuple[Entitlement, ...]:
    """What ``priority_service`` means for one person on a date: which 优待 they get.

    The privilege rule says *whether* a person is entitled; this says *to what*, using the same
    conditions (so the two cannot disagree): priority ticketing and boarding for every entitled
    person (2024: with accompanying family), 50 % off published domestic fares for disabled
    members, and free city buses, trams, ferries and metro for serving and disabled members
    (2019 条例 第36条第2款: free for disabled members, for serving members as each city rules).
    No amounts: fares are the carrier's.

    Args:
        row: the person's beneficiary row (field → value, as for ``Engine.evaluate``).
        on: the date.

    Returns:
        The entitlements, empty when the person is not entitled (or not yet in force).

    Raises:
        InvalidValueError: a field the rule reads is invalid.
    """
    rule = next((r for r in RULES if r.id == "priority_service" and r.in_force(on)), None)
    if rule is None:
        return ()
    needed = [f for f in rule.reads if f != rule.division_field]
    given = {k: v for k, v in row.items() if k in needed}
    fields = fields_read_as_given([rule], given)  # enlisted_on: read only when given
    cols, errors = convert_row(given, needed, np.zeros(1, dtype=bool), fields)
    if errors:
        e = errors[0]
        raise InvalidValueError(e.field, e.value, e.reason)
    cache = EvaluationCache(ParameterSet.build([], []), lambda _code: ("national",), str)
    c = Context(rule=rule, columns=cols, n=1, on=on, cache=cache, explain=False)
    if not all(bool(np.asarray(cond.test(c))[0]) for cond in rule.conditions):
        return ()
    edition = _edition(rule.effective_from)
    art = "第52条" if edition == "2024" else "第36条"
    serving = bool(np.asarray(_serving_self(c))[0])
    disabled = bool(np.asarray(_disabled_self(c))[0])
    out = [
        Entitlement(
            "priority_travel",
            "乘坐境内火车、轮船、长途客车和民航班机享受购票、安检、候乘、通行等优先服务"
            + ("，随同出行的家属一同享受" if edition == "2024" else ""),
            cite(edition, art, "第1款"),
        )
    ]
    if disabled:
        out.append(
            Entitlement(
                "half_fare",
                "残疾军人减收国内运输经营者对外公布票价50%",
                cite(edition, art, "第1款"),
            )
        )
    free_transit = "凭证免费乘坐市内公共汽车、电车、轮渡和轨道交通工具"
    if disabled or (serving and edition == "2024"):
        out.append(Entitlement("free_city_transit", free_transit, cite(edition, art, "第2款")))
    elif serving:
        out.append(
            Entitlement(
                "city_transit_concession",
                "现役军人凭有效证件乘坐市内公共汽车、电车和轨道交通工具享受优待，具体办法由所在"
                "城市人民政府规定",
                cite(edition, art, "第2款"),
            )
        )
    return tuple(out)


# -- 立功受奖送喜报 ------------------------------------------------------------------------------
def _merit_good_news(start: dt.date, end: dt.date | None) -> Rule:
    def awarded(c: Context) -> BoolColumn:
        result: BoolColumn = c.has_any("award_kinds", *AwardKind)
        return result

    citations = [_PLAQUE_MEMBERS]
    if start >= V2024_FROM:
        citations.insert(0, _HONOURS_2024)
    conditions = [
        Condition(
            "serving_member",
            "本人是现役军人（喜报送其家庭）",
            _serving_self,
            reason_failed="送喜报针对现役军人立功受奖：本人不是现役军人（或这是亲属的记录，"
            "应以军人本人的记录评估）",
            citation=_PLAQUE_MEMBERS,
        ),
        Condition(
            "awarded",
            "获得功勋荣誉表彰（勋章、荣誉称号、战功、立功或表彰）",
            awarded,
            reason_failed="没有立功受奖记录",
            citation=_PLAQUE_MEMBERS,
        ),
        _enlisted(_PLAQUE_MEMBERS),
        *_standing(start, _PLAQUE_MEMBERS),
    ]
    return Rule(
        id="merit_good_news",
        label="立功受奖送喜报",
        kind=RuleKind.PRIVILEGE,
        version=start.isoformat(),
        effective_from=start,
        effective_to=end,
        citations=tuple(citations),
        reads=("relation", "discharged_on", "award_kinds", *_STANDING_READS),
        optional_reads=("enlisted_on",),
        conditions=tuple(conditions),
        description="军人获得功勋荣誉表彰，由当地人民政府有关部门和军事机关给其家庭送喜报。",
    )


_DAY = dt.timedelta(days=1)

RULES: tuple[Rule, ...] = (
    _glory_plaque(PROTECTION_FROM, STATUS_FROM - _DAY),
    _glory_plaque(STATUS_FROM, V2024_FROM - _DAY),
    _glory_plaque(V2024_FROM, None),
    # the 2011 text (国务院、中央军委令第602号), same articles: common.edition_2011
    edition_2011(_child_school_priority(V2011_FROM, V2011_TO)),
    presumed(_child_school_priority(V2019_FROM, MARTYRS_RENUMBERED - _DAY)),
    _child_school_priority(MARTYRS_RENUMBERED, V2019_TO),
    _child_school_priority(V2024_FROM, None),
    edition_2011(_priority_service(V2011_FROM, V2011_TO)),
    _priority_service(V2019_FROM, V2019_TO),
    _priority_service(V2024_FROM, None),
    _merit_good_news(STATUS_FROM, V2024_FROM - _DAY),
    _merit_good_news(V2024_FROM, None),
)
