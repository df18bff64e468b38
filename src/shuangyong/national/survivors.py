"""定期抚恤金 (survivor_pension) and its 6-month funeral grant (survivor_funeral_grant).

The row is the survivor's (the relative's) own row: ``relation`` to the servicemember,
``member_status`` (烈士 / 因公牺牲 / 病故 select the category; 现役 and 退役 members have no
遗属), ``member_died_on``, the relative's ``birth_date`` (for the age-18 thresholds), the facts of
第19条 (``unable_to_work``, ``no_income``, ``income_below_local_average``, ``in_school``,
``supported_by_member``), ``remarried`` and ``supports_member_dependants`` (第20条),
``eligibility_confirmed_on`` and the relative's own ``died_on``. A retired disabled veteran whose
old wound recurred, or a 因战/因公 grade 1–4 veteran who died of illness, leaves survivors of the
因公牺牲 or 病故 category (2024 第32条): the host records that as ``member_status``.

Two versions each, as for the disability rules: the 2019 《军人抚恤优待条例》 (第16–19条, until
2024-09-30) and the 2024 revision (第19–22条, from 2024-10-01, 第64条). Readings the texts leave
open, chosen here and shown in every explanation:

* **Who qualifies** (2024 第19条第1款; 2019 第16条第1款). Parents (抚养人) and spouse: any one of
  无劳动能力、无生活费来源、收入低于当地居民平均生活水平. Children: under 18, or 18 and over
  without income because in school or disabled (``unable_to_work`` stands for the disability:
  the row has no field for a relative's own disability). Siblings: supported by the member, and
  under 18 or 18 and over in school without income (《烈士褒扬条例》 第16条 puts 由烈士生前供养
  before both age groups; the 条例 sentence is read the same way).
* **Age 18** counts by whole months: a month is paid while the relative is under 18 on its first
  day, so payment stops from the month after the 18th birthday (from that month when the birthday
  is the 1st). Any date within a month gives the same answer.
* **A remarried spouse** keeps the pension while supporting the member's parents or the siblings
  the member supported (2024 第20条). The 2019 条例 has no such clause; the 2019 《烈士褒扬条例》
  第17条 has it for 烈士 spouses (paid at the 烈属 standard), and the 2024 条例 wrote the same rule
  for all three categories. The 2019 version applies it to all three and cites 烈士褒扬条例 第17条:
  an interpretive choice, stated in the condition's label.
* **Start**: 2024 第19条 pays from the month eligibility is confirmed on application. The 2019
  text only says a 《定期抚恤金领取证》 is issued (第16条第2款); the 2019 version also pays from
  the month of confirmation (``eligibility_confirmed_on``).
* **End**: the month of the relative's death is paid in full; the funeral grant then pays six
  more months of the monthly pension the relative received (2024 第22条; 2019 第19条), evaluated
  in the month of death. Suspension and cancellation follow 第59条 (2019: 第50条) as for every
  periodic payment; a relative whose pension is suspended or cancelled in the month of death was
  not 享受定期抚恤金 then, so no funeral grant is due.

**Standards.** ``survivor_pension.standard`` is a dated national table by category, from
data/survivors.toml. The national standard is adjusted every year (on 1 August since 2018), but no
三属 figure after the 2019-08-01 one is confirmed (2021: "+10% on average", no amounts; 2023 and
2024: dates only). A standard "in force until replaced" would keep paying the 2019 figure in 2025,
which is certainly wrong, so the 2019-08-01 value carries ``effective_to = 2020-07-31``: the day
before the 2020 adjustment the documents imply (the 2021 adjustment was the "17th consecutive
year"). From 2020-08-01 an eligible survivor is *undetermined*, naming the parameter, until an
official table is loaded; a province's higher standard (local top-up, 2024 第21条) is a local
layer of the same parameter with the national value as its floor.

**Bad input.** A relative of a serving member or a veteran (``member_status`` ``serving`` /
``veteran``) or with no member status is not a 遗属: an explained ineligibility citing 第19条
(2019: 第16条). Conflicting dates (confirmed before the member's death or before the relative's
birth; the relative dying before the member) are explained ineligibilities too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np

from shuangyong.citations import Citation
from shuangyong.domain.enums import MemberStatus, Relation
from shuangyong.national.common import (
    MARTYRS_RENUMBERED,
    PENSIONS_DOC,
    RECEIVED,
    V2011_FROM,
    V2011_TO,
    V2019_FROM,
    V2019_TO,
    V2024_FROM,
    cite,
    edition_2011,
    not_cancelled,
    not_suspended,
    presumed,
    received_or_standard,
    suspension_fields,
)
from shuangyong.policy.columns import BoolColumn, FenColumn
from shuangyong.policy.context import Context, RatioColumn
from shuangyong.policy.invariants import (
    Bounded,
    MonthsAddUp,
    NonNegative,
    NotBelowNational,
    ZeroWhenIneligible,
)
from shuangyong.policy.payment import PaidOnce
from shuangyong.policy.rules import Condition, PaymentPeriod, Rule, RuleKind

__all__ = ["RULES"]

STANDARD = "survivor_pension.standard"
STANDARD_BY_RESIDENCE = "survivor_pension.standard_by_residence"
"""Until 2016-09-30 the national 烈属 standard was split urban/rural (docs/law-before-2019.rst);
the 2016-10-01 adjustment made the three standards single urban–rural figures."""
UNIFIED_FROM = dt.date(2016, 10, 1)
ROUNDING = "survivor_pension.rounding"
FUNERAL_MONTHS = "survivor_funeral_grant.months"
"""6 months (2024 第22条; 2019 第19条): a figure of law, so a dated parameter (issue 11)."""
MARTYRS_DOC = "烈士褒扬条例"

_READS: tuple[str, ...] = (
    "relation",
    "member_status",
    "member_died_on",
    "birth_date",
    "unable_to_work",
    "no_income",
    "income_below_local_average",
    "in_school",
    "supported_by_member",
    "remarried",
    "supports_member_dependants",
    "eligibility_confirmed_on",
    "died_on",
    *suspension_fields,
)
"""Every field the two rules read: the survivor's own row (see the module docstring)."""


# Article numbers by edition: (article, paragraph, item)
_ART: dict[str, dict[str, tuple[str, str | None, str | None]]] = {
    "scope": {"2019": ("第16条", "第1款", None), "2024": ("第19条", "第1款", None)},
    "parent_spouse": {
        "2019": ("第16条", "第1款", "第(一)项"),
        "2024": ("第19条", "第1款", "第(一)项"),
    },
    "child": {"2019": ("第16条", "第1款", "第(二)项"), "2024": ("第19条", "第1款", "第(二)项")},
    "sibling": {"2019": ("第16条", "第1款", "第(三)项"), "2024": ("第19条", "第1款", "第(三)项")},
    "confirmed": {"2019": ("第16条", "第2款", None), "2024": ("第19条", "第1款", None)},
    "standard": {"2019": ("第17条", None, None), "2024": ("第19条", "第2款", None)},
    "top_up": {"2019": ("第18条", None, None), "2024": ("第21条", None, None)},
    "funeral": {"2019": ("第19条", None, None), "2024": ("第22条", None, None)},
}


def _cite(key: str, edition: str) -> Citation:
    article, paragraph, item = _ART[key][edition]
    return Citation(PENSIONS_DOC, article, edition, paragraph, item)


def _remarriage_cite(edition: str, martyrs: str = "2019") -> Citation:
    if edition == "2019":
        # the 2019 条例 has no remarriage clause; the 烈士褒扬条例 has: 第17条 from 2019-08-01,
        # 第14条 before (国务院令第718号 renumbered it; the old number is derived, M-)
        article = "第14条" if martyrs == "2011" else "第17条"
        return cite(martyrs, article, document=MARTYRS_DOC)
    return cite(edition, "第20条")


# -- shared condition bodies -------------------------------------------------------------------
def _member_deceased(c: Context) -> BoolColumn:
    result: BoolColumn = c["member_status"].isin(
        MemberStatus.MARTYR, MemberStatus.DIED_ON_DUTY, MemberStatus.DIED_OF_ILLNESS
    )
    return result


def _relation_known(c: Context) -> BoolColumn:
    return c.is_set("relation")


MINOR_AGE = "survivors.minor_age"
"""未满18周岁 (2024 第18条、第19条; 2019 第15条、第16条): a figure of law, a dated parameter."""


def _under_18(c: Context) -> BoolColumn:
    # whole months: under 18 on the first day of the month (see the module docstring); read by
    # the child and the sibling conditions, so computed once per evaluation
    def compute() -> BoolColumn:
        # the age limit is about children and siblings: only their explanations show it
        kin = c["relation"].isin(Relation.CHILD, Relation.SIBLING)
        age = np.asarray(c.param(MINOR_AGE, rows=kin), dtype=np.int64)
        result: BoolColumn = c.years_between(c["birth_date"], c.month_start) < age
        return result

    return c.cached("under_18", compute)


def _parent_spouse_need(c: Context) -> BoolColumn:
    rel = c["relation"]
    applies = rel.isin(Relation.PARENT, Relation.SPOUSE)
    need = c["unable_to_work"] | c["no_income"] | c["income_below_local_average"]
    return ~applies | need


def _child_need(c: Context) -> BoolColumn:
    applies = c["relation"] == Relation.CHILD
    adult_need = (c["in_school"] | c["unable_to_work"]) & c["no_income"]
    return ~applies | _under_18(c) | adult_need


def _sibling_supported(c: Context) -> BoolColumn:
    applies = c["relation"] == Relation.SIBLING
    return ~applies | c["supported_by_member"]


def _sibling_need(c: Context) -> BoolColumn:
    applies = c["relation"] == Relation.SIBLING
    adult_need = c["in_school"] & c["no_income"]
    return ~applies | _under_18(c) | adult_need


def _remarried_spouse(c: Context) -> BoolColumn:
    remarried_spouse = (c["relation"] == Relation.SPOUSE) & c["remarried"]
    return ~remarried_spouse | c["supports_member_dependants"]


def _survived_member(c: Context) -> BoolColumn:
    both = c.is_set("died_on") & c.is_set("member_died_on")
    return ~both | (c["died_on"] >= c["member_died_on"])


def _confirmed_after_death_and_birth(c: Context) -> BoolColumn:
    confirmed = c["eligibility_confirmed_on"]
    is_confirmed = c.is_set("eligibility_confirmed_on")
    before_death = is_confirmed & c.is_set("member_died_on") & (confirmed < c["member_died_on"])
    before_birth = is_confirmed & (confirmed < c["birth_date"])
    return ~(before_death | before_birth)


def _confirmed(c: Context) -> BoolColumn:
    return c.is_set("eligibility_confirmed_on") & (c["eligibility_confirmed_on"] <= c.month_end)


def _alive(c: Context) -> BoolColumn:
    # the month of death is paid in full; the funeral grant (第22条/第19条) follows
    return ~c.is_set("died_on") | (c["died_on"] >= c.month_start)


def _died_this_month(c: Context) -> BoolColumn:
    died = c["died_on"]
    return c.is_set("died_on") & (died >= c.month_start) & (died <= c.month_end)


def _monthly(c: Context) -> FenColumn:
    yearly = c.table(STANDARD).lookup(category=c["member_status"])
    return c.divide(yearly, 12, c.param(ROUNDING), label="年标准÷12（按月发放）")


def _monthly_by_residence(c: Context) -> FenColumn:
    # before 2016-10-01: the 城镇 or 农村 standard by the survivor's own residence
    yearly = c.table(STANDARD_BY_RESIDENCE).lookup(
        category=c["member_status"], residence=c["residence"]
    )
    return c.divide(yearly, 12, c.param(ROUNDING), label="年标准（城乡分列）÷12（按月发放）")


def _funeral_amount(c: Context) -> FenColumn:
    return _funeral_of(c, _monthly)


def _funeral_amount_by_residence(c: Context) -> FenColumn:
    return _funeral_of(c, _monthly_by_residence)


def _funeral_of(c: Context, standard: Callable[[Context], FenColumn]) -> FenColumn:
    # 继续发放（2019: 增发）6个月其原享受的定期抚恤金: the monthly amount the relative received
    # (the case record, issue 12 §3), else the national standard's monthly amount, times 6
    monthly = received_or_standard(c, lambda: standard(c))
    months = np.asarray(c.param(FUNERAL_MONTHS), dtype=np.int64)
    label = (
        f"生前实际领取的月定期抚恤金（案卷记录 {RECEIVED} 有数额的取自案卷记录，"
        "没有的按全国标准）×月数"
    )
    return c.scale(monthly, RatioColumn(months, 1), 1, c.param(ROUNDING), label=label)


# -- conditions --------------------------------------------------------------------------------
def _eligibility(edition: str, martyrs: str = "2019") -> list[Condition]:
    """第19条（2019: 第16条） and 第20条: who is a 遗属 entitled to the periodic pension."""
    if edition == "2019":
        article = "第14条（2019年8月1日修订前的序号）" if martyrs == "2011" else "第17条"
        remarriage_label = (
            "配偶再婚的，须继续赡养军人父母（抚养人）或继续抚养其生前供养的兄弟姐妹（2019年条例"
            f"未作规定，按《烈士褒扬条例》{article}同一口径，后为2024年条例第20条所采）"
        )
    else:
        remarriage_label = "配偶再婚的，须继续赡养军人父母（抚养人）或继续抚养其生前供养的兄弟姐妹"
    return [
        Condition(
            "member_deceased",
            "所关联的军人被评定为烈士、确认为因公牺牲或者病故（本人为其遗属）",
            _member_deceased,
            reason_failed="所关联的军人不是烈士、因公牺牲军人或病故军人（军人状况为现役、退役或"
            "未填写），本人不是遗属，不享受定期抚恤金",
            citation=_cite("scope", edition),
            reason_met="本人为烈士、因公牺牲军人或病故军人的遗属",
        ),
        Condition(
            "relation_known",
            "本人是该军人的父母（抚养人）、配偶、子女或兄弟姐妹",
            _relation_known,
            reason_failed="未填写与军人的关系，无法认定为享受定期抚恤金的遗属",
            citation=_cite("scope", edition),
        ),
        Condition(
            "parent_spouse_need",
            "父母（抚养人）、配偶：无劳动能力、无生活费来源，或者收入水平低于当地居民平均生活水平",
            _parent_spouse_need,
            reason_failed="父母（抚养人）、配偶有劳动能力、有生活费来源，且收入水平不低于当地"
            "居民平均生活水平，不享受定期抚恤金",
            citation=_cite("parent_spouse", edition),
            reason_met="符合（本人不是父母或配偶时不适用）",
        ),
        Condition(
            "child_need",
            "子女：未满18周岁，或者已满18周岁但因上学或者残疾无生活费来源",
            _child_need,
            reason_failed="子女已满18周岁，且不是因上学或残疾而无生活费来源，不享受定期抚恤金",
            citation=_cite("child", edition),
            reason_met="符合（本人不是子女时不适用）",
        ),
        Condition(
            "sibling_supported",
            "兄弟姐妹：由该军人生前供养",
            _sibling_supported,
            reason_failed="兄弟姐妹不是由该军人生前供养的，不享受定期抚恤金",
            citation=_cite("sibling", edition),
            reason_met="符合（本人不是兄弟姐妹时不适用）",
        ),
        Condition(
            "sibling_need",
            "兄弟姐妹：未满18周岁，或者已满18周岁但因上学无生活费来源",
            _sibling_need,
            reason_failed="兄弟姐妹已满18周岁，且不是因上学而无生活费来源，不享受定期抚恤金",
            citation=_cite("sibling", edition),
            reason_met="符合（本人不是兄弟姐妹时不适用）",
        ),
        Condition(
            "remarried_spouse",
            remarriage_label,
            _remarried_spouse,
            reason_failed="配偶再婚后未继续赡养军人父母（抚养人），也未继续抚养其生前供养的"
            "兄弟姐妹，不再发放定期抚恤金",
            citation=_remarriage_cite(edition, martyrs),
            reason_met="符合（本人不是再婚的配偶时不适用）",
        ),
        Condition(
            "survived_member",
            "本人死亡日期不早于军人死亡日期",
            _survived_member,
            reason_failed="本人死亡日期早于军人死亡日期，事实相互矛盾：本人不是该军人的遗属",
            citation=_cite("scope", edition),
        ),
        Condition(
            "confirmed_after_member_death",
            "资格确认日期不早于军人死亡日期和本人出生日期",
            _confirmed_after_death_and_birth,
            reason_failed="资格确认日期早于军人死亡日期或本人出生日期，事实相互矛盾",
            citation=_cite("confirmed", edition),
        ),
        Condition(
            "confirmed",
            "经县级退役军人工作主管部门审核确认符合条件，评估月份不早于确认当月"
            if edition == "2024"
            else "已经县级退役军人事务部门确认符合条件（发给《定期抚恤金领取证》），"
            "评估月份不早于确认当月",
            _confirmed,
            reason_failed="尚未审核确认符合条件，或评估月份早于确认当月（自审核确认符合条件"
            "当月起发给）"
            if edition == "2024"
            else "尚未确认符合条件（未发给《定期抚恤金领取证》），或评估月份早于确认当月",
            citation=_cite("confirmed", edition),
        ),
    ]


def _martyrs_edition(start: dt.date) -> str:
    """The 《烈士褒扬条例》 numbering in force from ``start`` (renumbered on 2019-08-01)."""
    return "2011" if start < MARTYRS_RENUMBERED else "2019"


def _survivor_pension(edition: str, start: dt.date, end: dt.date | None) -> Rule:
    split = end is not None and end < UNIFIED_FROM
    standard = STANDARD_BY_RESIDENCE if split else STANDARD
    conditions = [
        *_eligibility(edition, _martyrs_edition(start)),
        Condition(
            "alive",
            "本人在计发月份开始时健在（死亡当月照发、次月起停发：条文未规定，本库按整月解读）",
            _alive,
            reason_failed="本人已于计发月份之前死亡，停发定期抚恤金（死亡当月照发、次月起停发，"
            "本库解读；死亡时另发6个月丧葬补助）",
            citation=_cite("funeral", edition),
        ),
        not_suspended(edition),
        not_cancelled(edition),
    ]
    return Rule(
        id="survivor_pension",
        label="定期抚恤金",
        kind=RuleKind.BENEFIT,
        version=start.isoformat(),
        effective_from=start,
        effective_to=end,
        citations=(_cite("scope", edition), _cite("standard", edition)),
        reads=(*_READS, "residence") if split else _READS,
        parameters=(standard, ROUNDING, MINOR_AGE),
        conditions=tuple(conditions),
        amount=_monthly_by_residence if split else _monthly,
        period=PaymentPeriod.MONTH,
        description="符合条件的烈士遗属、因公牺牲军人遗属、病故军人遗属，按类别的全国年标准"
        + ("（2016年10月1日前城镇、农村分列，按遗属本人户籍）" if split else "")
        + "按月发给定期抚恤金，自审核确认符合条件当月起发给。",
        properties=(
            NonNegative(),
            ZeroWhenIneligible(),
            Bounded(parameter=standard, divisor=12),
            NotBelowNational(standard),
            MonthsAddUp(),
        ),
    )


def _survivor_funeral_grant(edition: str, start: dt.date, end: dt.date | None) -> Rule:
    word = "继续发放" if edition == "2024" else "增发"
    split = end is not None and end < UNIFIED_FROM
    standard = STANDARD_BY_RESIDENCE if split else STANDARD
    conditions = [
        Condition(
            "died_this_month",
            "享受定期抚恤金的遗属本人在评估月份死亡",
            _died_this_month,
            reason_failed="本人未在评估月份死亡：丧葬补助在享受定期抚恤金的遗属死亡时一次性发给"
            "（按死亡日期评估）",
            citation=_cite("funeral", edition),
            timing=True,
        ),
        *_eligibility(edition, _martyrs_edition(start)),
        not_suspended(edition),
        not_cancelled(edition),
    ]
    return Rule(
        id="survivor_funeral_grant",
        label="定期抚恤金对象死亡加发（6个月）",
        kind=RuleKind.BENEFIT,
        version=start.isoformat(),
        effective_from=start,
        effective_to=end,
        citations=(_cite("funeral", edition), _cite("standard", edition)),
        reads=(*_READS, RECEIVED, *(("residence",) if split else ())),
        parameters=(standard, ROUNDING, FUNERAL_MONTHS, MINOR_AGE),
        conditions=tuple(conditions),
        amount=_funeral_amount_by_residence if split else _funeral_amount,
        period=PaymentPeriod.ONE_OFF,
        payment=PaidOnce("died_on", "死亡"),
        description=f"享受定期抚恤金的遗属死亡的，{word}6个月其原享受的定期抚恤金，作为丧葬补助；"
        "案卷中有生前实际领取的月数额的，按该记录计算，否则按全国标准。",
        # no Bounded: the amount received (a case record) may include a local top-up (第21条)
        properties=(NonNegative(), ZeroWhenIneligible(), NotBelowNational(standard)),
    )


RULES: tuple[Rule, ...] = (
    # the 2011 text (国务院、中央军委令第602号), same articles (common.edition_2011); split where
    # the national standard became one urban–rural figure (2016-10-01)
    edition_2011(_survivor_pension("2019", V2011_FROM, UNIFIED_FROM - dt.timedelta(days=1))),
    edition_2011(_survivor_pension("2019", UNIFIED_FROM, V2011_TO)),
    presumed(_survivor_pension("2019", V2019_FROM, MARTYRS_RENUMBERED - dt.timedelta(days=1))),
    _survivor_pension("2019", MARTYRS_RENUMBERED, V2019_TO),
    _survivor_pension("2024", V2024_FROM, None),
    edition_2011(_survivor_funeral_grant("2019", V2011_FROM, UNIFIED_FROM - dt.timedelta(days=1))),
    edition_2011(_survivor_funeral_grant("2019", UNIFIED_FROM, V2011_TO)),
    presumed(
        _survivor_funeral_grant("2019", V2019_FROM, MARTYRS_RENUMBERED - dt.timedelta(days=1))
    ),
    _survivor_funeral_grant("2019", MARTYRS_RENUMBERED, V2019_TO),
    _survivor_funeral_grant("2024", V2024_FROM, None),
)
