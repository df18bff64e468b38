"""定期生活补助 (living_subsidy), 在乡复员军人定期定量补助 (demobilized_veteran_subsidy) and the
six extra months on a combat veteran's death (living_subsidy_funeral_grant).

Legal basis and versions (keyed on the evaluated date):

- 2024 《军人抚恤优待条例》 第62条第1款 (in force 2024-10-01) lists five groups: 参战退役军人,
  带病回乡退役军人, 年满60周岁农村籍退役士兵, those enlisted before 1954-10-31 and discharged with
  approval, and 烈士子女 aged 60+ living in the countryside or in towns without an employer who
  were 18 when the periodic pension system was set up. 第61条第2款 treats 参试退役军人 like
  参战退役军人. 第62条第2款: when a 参战退役军人 receiving the subsidy dies, 6 more months are
  paid as a funeral grant (``living_subsidy_funeral_grant``; the id is not in the glossary).
- 《烈士褒扬条例》(2024) 第21条 (in force 2025-01-01, its 第70条) adds for 烈士子女 that payment
  starts in the month eligibility is confirmed on application: a third version of
  ``living_subsidy`` from 2025-01-01 reads ``eligibility_confirmed_on`` for that group.
- Before 2024-10-01 the 2019 条例 has no article granting 定期生活补助 to these groups (they rested
  on State Council and ministry notices that are not among the texts shipped with the project);
  it defines 复员军人 and 带病回乡退伍军人 (第53条), names them as 抚恤优待对象 (第2条) and gives
  复员军人 in hardship a 定期定量补助 (第44条). The 2019 versions cite those articles, so the
  sourced 2018 figures are used for March–July 2019.

The split with ``demobilized_veteran_subsidy``: the 第62条 group "enlisted before 1954-10-31"
is the 复员军人 of 2019 第53条, whose subsidy the glossary names 在乡复员军人定期定量补助. So
``living_subsidy`` pays the four other groups and refuses pre-1954 enlistees with a reason that
points to ``demobilized_veteran_subsidy``; the latter is their 第62条 subsidy. Nobody is paid
twice. Enlistment on 1954-10-31 itself belongs to the 复员 group (the national notices start the
rural-veteran group on 1954-11-01, figures.md §1.3).

The rural group (年满60周岁农村籍退役士兵). 第62条第1款 names the group and pays "按照规定" to
"符合条件的" people; it sets no conditions or amounts itself. The conditions and the per-year
amount come from the national notice 民政部、财政部《关于给部分农村籍退役士兵发放老年生活补助的
通知》(民发〔2011〕110号, from 2011-08-01): enlisted from 1954-11-01 until the 《退役士兵安置条例》
took effect (read here as before 2011-11-01), aged 60 or over, 未享受到国家定期抚恤补助, paid
per year of conscript service with a part year counted as a whole year (不满一年的按一年计算).
The notice was read only in stored secondary copies (a scan on canyonlakefaqs.com; county
reprints on zlq.gov.cn and yanglao.taihe100.com), so these terms are one condition of their own
that cites the notice and says they are the notice's, not the 条例's (``rural_veteran_terms``).

A person in several groups is paid under one, the first of 参战参试, 带病回乡, 烈士老年子女,
农村老兵 — the order of the 2018 levels (600 > 550 > 440 yuan a month). Paying one subsidy is a
library choice: the texts do not say it, and the rural group by definition excludes anyone with
another periodic payment.

Figures (data/living.toml): only the 2018-08-01 monthly levels are sourced as absolute amounts
(600 / 550 / 440 / 35 per year of service, secondary). The 2019 levels of these groups are not
found, so that value ends on 2019-07-31 (the next national adjustment, 2019-08-01): later months
are *undetermined*, never paid at a stale figure. The 2021 (+200 a month, 在乡复员) and 2024
(+42, +31.5, +41 a month, +32 per service year, +1,321 a year) figures are increments; an
increment is not a standard and nothing absolute is invented from them. No absolute national
在乡复员军人 standard is sourced: ``demobilized_veteran_subsidy.standard`` is declared without
values, so that rule is undetermined (naming the parameter and division) until a province or a
later release loads one.

2019 第44条 pays the 定期定量补助 to 复员军人 "生活困难的": the 2019 versions of
``demobilized_veteran_subsidy`` test ``in_hardship`` (the local department's finding); 2024
第62条第1款 names the group without that condition.

Laws cited from the day they took effect: 参试退役军人 are treated like 参战 by 《退役军人保障法》
第83条 (in force 2021-01-01, its 第85条) and, from 2024-10-01, 2024 第61条第2款. From 2019-03-02 to
2020-12-31 no text shipped with the project says so: that version states the equal treatment as
the national notices' practice (a reading), with no article.

Limitations (no field in the schema, reported to the lead):

- 烈士子女 "已满18周岁 when the periodic pension system was set up": not checked.
- Years of conscript service for the rural group: from ``enlisted_on`` to ``promoted_on`` (the
  day a conscript became an NCO or officer) or, if unset, to ``discharged_on``; each started
  year counts (民发〔2011〕110号: 不满一年的按一年计算).
- "农村籍" is read from ``residence`` (the 城乡户籍), the closest field; the notice's own
  definition (rural household on discharge) is not a field.
- The funeral grant of a pre-1954 参战 enlistee is 6 months of ``demobilized_veteran_subsidy``;
  the grant reads both standards, so while the 复员 standard is not loaded every grant is
  undetermined (today both standards lack post-2019 values anyway).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from shuangyong.citations import Citation
from shuangyong.domain.enums import Residence, ServiceKind
from shuangyong.domain.money import RoundingPolicy
from shuangyong.national.common import (
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
    received_or_standard,
    suspension_fields,
)
from shuangyong.national.placement import counted_months, service_months
from shuangyong.policy.columns import BoolColumn, Choice, FenColumn, choose, where
from shuangyong.policy.context import Context, RatioColumn
from shuangyong.policy.invariants import (
    Bounded,
    MonthsAddUp,
    NonNegative,
    ZeroWhenIneligible,
)
from shuangyong.policy.payment import PaidOnce
from shuangyong.policy.rules import Condition, PaymentPeriod, Rule, RuleKind

__all__ = ["DEMOBILIZED_ENLISTED_BY", "MARTYR_CONFIRMATION_FROM", "RULES"]

# Figures of law as dated parameters (data/living.toml), shown with their sources in every
# explanation that uses them, never numbers in code (issue 11 §5):
DEMOBILIZED_ENLISTED_BY = "living.demobilized_enlisted_by"
"""Last enlistment day of the 复员军人 group, 1954-10-31 (2019 第53条; 2024 第62条第1款)."""

MINIMUM_AGE = "living.minimum_age"
"""年满60周岁 (2024 第62条第1款; 烈士褒扬条例 (2024) 第21条; before 2024-10-01
民发〔2011〕110号)."""

RURAL_ENLISTED_BEFORE = "living.rural_enlisted_before"
"""The rural group enlisted before the 《退役士兵安置条例》 took effect, 2011-11-01
(民发〔2011〕110号 第一条, secondary; the 条例's 第53条 dates it)."""

_LAW_FIGURES = (DEMOBILIZED_ENLISTED_BY, MINIMUM_AGE)
"""Read by every rule of this module (the group tests); the rural cut-off by living_subsidy."""

PROTECTION_FROM = dt.date(2021, 1, 1)
"""《退役军人保障法》 in force (第85条): its 第83条 treats 参试 like 参战 from this day."""

NOTICE_DOC = "关于给部分农村籍退役士兵发放老年生活补助的通知"
NOTICE_EDITION = "民发〔2011〕110号"

MARTYR_CONFIRMATION_FROM = dt.date(2025, 1, 1)
"""《烈士褒扬条例》(2024) in force (第70条): 烈士子女 are paid from the month of confirmation."""

V2024_TO = MARTYR_CONFIRMATION_FROM - dt.timedelta(days=1)

MARTYRS_DOC = "烈士褒扬条例"
PROTECTION_DOC = "退役军人保障法"

GROUPS = ["combat", "illness", "martyr_child", "rural_veteran_per_year"]
"""The ``group`` dimension of ``living_subsidy.standard``, in the order of payment preference."""

_EXACT = RoundingPolicy("0.01", "half_up")  # whole yuan × whole numbers: nothing is rounded


def _notice(article: str) -> Citation:
    """民政部、财政部 notice on the rural veterans' old-age subsidy (read in secondary copies)."""
    return Citation(NOTICE_DOC, article, edition=NOTICE_EDITION)


def _art(edition: str, key: str) -> Citation:
    """The article of ``key`` in an edition (2019 or 2024 条例)."""
    if edition == "2019":
        return {
            "groups": cite("2019", "第2条"),
            "illness": cite("2019", "第53条"),
            "demobilized": cite("2019", "第53条"),
            "demobilized_subsidy": cite("2019", "第44条"),
            "test": Citation(PROTECTION_DOC, "第83条", edition="2020", paragraph="第1款"),
            "alive": cite("2019", "第2条"),
        }[key]
    return {
        "groups": cite("2024", "第62条", "第1款"),
        "illness": cite("2024", "第62条", "第1款"),
        "demobilized": cite("2024", "第62条", "第1款"),
        "demobilized_subsidy": cite("2024", "第62条", "第1款"),
        "test": cite("2024", "第61条", "第2款"),
        "alive": cite("2024", "第62条", "第2款"),
        "funeral": cite("2024", "第62条", "第2款"),
    }[key]


# -- shared condition bodies -------------------------------------------------------------------
def _discharged(c: Context) -> BoolColumn:
    # a veteran from the month after discharge: until then the member is serving (whole months)
    result: BoolColumn = c.is_set("discharged_on") & (c["discharged_on"] < c.month_start)
    return result


def _pre1954(c: Context) -> BoolColumn:
    result: BoolColumn = c["enlisted_on"] <= c.param(DEMOBILIZED_ENLISTED_BY)
    return result


def _aged_60(c: Context) -> BoolColumn:
    # 年满60周岁: from the month of the 60th birthday (a whole-month rule)
    age = np.asarray(c.param(MINIMUM_AGE), dtype=np.int64)
    result: BoolColumn = c.years_between(c["birth_date"], c.month_end) >= age
    return result


def _alive(c: Context) -> BoolColumn:
    # paid through the month of death; the funeral grant (第62条第2款) follows for 参战
    result: BoolColumn = ~c.is_set("died_on") | (c["died_on"] >= c.month_start)
    return result


def _conscript_years(c: Context) -> Any:
    # years of 义务兵役 to the day of becoming an NCO or officer, else to discharge; a started
    # year counts in full (民发〔2011〕110号 第二条: 不满一年的按一年计算)
    def compute() -> Any:
        end = where(c.is_set("promoted_on"), c["promoted_on"], c["discharged_on"])
        months, days = service_months(c["enlisted_on"], end)
        return counted_months(months, days, 12) // 12

    return c.cached("conscript_years", compute)


def _rural_group(c: Context) -> BoolColumn:
    # the group as 第62条第1款 names it: 年满60周岁农村籍退役士兵 (not the 复员 group)
    soldier = c["service_kind"].isin(ServiceKind.CONSCRIPT, ServiceKind.NCO)
    result: BoolColumn = (
        (c["residence"] == Residence.RURAL) & _discharged(c) & soldier & _aged_60(c) & ~_pre1954(c)
    )
    return result


def _rural_terms(c: Context) -> BoolColumn:
    # the notice's terms (民发〔2011〕110号 第一、二条), not the 条例's
    enlisted_before = c["enlisted_on"] < c.param(RURAL_ENLISTED_BEFORE)
    result: BoolColumn = (
        ~c["receives_other_periodic"] & enlisted_before & (_conscript_years(c) >= 1)
    )
    return result


def _group(c: Context) -> Choice:
    return c.cached("living_group", lambda: _group_of(c))


def _group_of(c: Context) -> Choice:
    discharged = _discharged(c)
    aged = _aged_60(c)
    combat = (c["combat_veteran"] | c["test_veteran"]) & discharged
    # 带病回乡: ill in service without reaching a disability grade (2019 第53条)
    illness = c["discharged_with_illness"] & discharged & (c["disability_level"] == 0)
    rural = c["residence"] == Residence.RURAL
    martyr = c["martyr_child"] & aged & (rural | ~c["has_employer"])
    return choose([combat, illness, martyr, _rural_group(c)], GROUPS)


def _living_amount(c: Context) -> FenColumn:
    group = _group(c)
    cell = c.table("living_subsidy.standard").lookup(group=group)
    per_year = group == GROUPS.index("rural_veteran_per_year")
    times = where(per_year, _conscript_years(c), 1)
    return c.scale(
        cell,
        RatioColumn(times, 1),
        rounding=_EXACT,
        label="月标准 × 倍数（农村老兵为义务兵役年数，不满一年的按一年计，其他对象为1）",
    )


_READS = (
    "birth_date",
    "residence",
    "service_kind",
    "enlisted_on",
    "discharged_on",
    "promoted_on",
    "disability_level",
    "combat_veteran",
    "test_veteran",
    "discharged_with_illness",
    "martyr_child",
    "has_employer",
    "receives_other_periodic",
    "died_on",
    *suspension_fields,
)


_SERVICE_RECORD = ("enlisted_on", "service_kind")
"""Read by ``living_subsidy`` only when given: the 烈士子女 group has no service of its own."""

SERVICE_RECORD_MISSING = (
    "未录入入伍日期或人员类别：退役军人须据此区分复员军人（1954年10月31日前入伍）和农村籍"
    "退役士兵 / enlisted_on or service_kind not given: a veteran's group turns on them"
)


def _living_subsidy(edition: str, start: dt.date, end: dt.date | None) -> Rule:
    confirm = start >= MARTYR_CONFIRMATION_FROM
    # 参试 like 参战: 《退役军人保障法》第83条 from 2021-01-01, 2024 第61条第2款 from 2024-10-01;
    # before 2021 no shipped text says so (a reading, stated in the condition)
    test_cited = edition == "2024" or start >= PROTECTION_FROM
    martyr_confirm = Citation(MARTYRS_DOC, "第21条", edition="2024")
    test_text = (
        "参战（参试）退役军人"
        if test_cited
        else "参战退役军人（参试退役军人按国家有关通知参照参战，解读：2021年1月1日前无已收录的"
        "条文规定）"
    )
    groups_text = (
        f"{test_text}、带病回乡退役军人、年满60周岁的农村籍退役士兵，或年满60周岁、居住农村或"
        "城镇无工作单位的烈士子女"
    )
    terms_text = (
        "农村籍退役士兵：1954年11月1日至2011年10月31日间入伍、未享受国家定期抚恤补助，按每服"
        "1年义务兵役（不满1年的按1年计算）计发（条件和计发办法出自民政部、财政部民发〔2011〕110号"
        "通知，条例第62条只列对象、未规定条件；该通知文本仅见于二手转载）"
    )

    def in_group(c: Context) -> BoolColumn:
        group = _group(c)
        # enlisted_on and service_kind are read only when given: a 烈士子女 has no service of
        # their own (第62条第1款 asks none). A veteran's row without them cannot be placed (the
        # 复员 split, 农村籍退役士兵) and is undetermined, not refused.
        unplaced = (
            _discharged(c)
            & (group != GROUPS.index("martyr_child"))
            & ~(c.is_set("enlisted_on") & c.is_set("service_kind"))
        )
        c.mark_undetermined(unplaced, SERVICE_RECORD_MISSING)
        result: BoolColumn = group >= 0
        return result

    def rural_terms(c: Context) -> BoolColumn:
        # binds only where the person is paid as a rural veteran
        as_rural = _group(c) == GROUPS.index("rural_veteran_per_year")
        result: BoolColumn = ~as_rural | _rural_terms(c)
        return result

    def martyr_confirmed(c: Context) -> BoolColumn:
        # binds only where the person is paid as a 烈士子女 (another group needs no confirmation)
        as_martyr = _group(c) == GROUPS.index("martyr_child")
        confirmed = c.is_set("eligibility_confirmed_on") & (
            c["eligibility_confirmed_on"] <= c.month_end
        )
        result: BoolColumn = ~as_martyr | confirmed
        return result

    def not_demobilized(c: Context) -> BoolColumn:
        result: BoolColumn = ~(_pre1954(c) & c.is_set("discharged_on"))
        return result

    conditions = [
        Condition(
            "in_group",
            f"属于定期生活补助对象：{groups_text}",
            in_group,
            reason_failed=f"不属于定期生活补助对象（须为{groups_text}）",
            citation=_art(edition, "groups"),
            reason_met="属于定期生活补助对象",
        ),
        Condition(
            "rural_veteran_terms",
            terms_text,
            rural_terms,
            reason_failed="按民发〔2011〕110号通知，农村籍退役士兵老年生活补助只发给1954年11月1日"
            "至2011年10月31日间入伍、未享受国家定期抚恤补助的人员（已享受其他定期抚恤补助、"
            "入伍日期不在此期间或无义务兵役的不发；此为通知的规定，条例第62条未列明）",
            citation=_notice("第一条"),
            reason_met="符合（本人不按农村籍退役士兵计发时不适用）",
        ),
        Condition(
            "not_demobilized_veteran",
            "不是1954年10月31日之前入伍的复员军人",
            not_demobilized,
            reason_failed="1954年10月31日之前入伍、经批准退出现役的人员，其定期补助按"
            "在乡复员军人定期定量补助（demobilized_veteran_subsidy）发给，不重复发放",
            citation=_art(edition, "demobilized"),
        ),
        Condition(
            "alive",
            "本人在计发月份开始时健在（死亡当月照发、次月起停发：条文未规定，本库按整月解读）",
            _alive,
            reason_failed="本人已于计发月份之前死亡（死亡当月照发、次月起停发，本库解读；"
            "参战退役军人另发6个月丧葬补助）",
            citation=_art(edition, "alive"),
        ),
        not_suspended(edition),
        not_cancelled(edition),
    ]
    if confirm:
        conditions.insert(
            2,
            Condition(
                "martyr_child_confirmed",
                "烈士子女经审核确认符合条件（自确认当月起发放）",
                martyr_confirmed,
                reason_failed="烈士子女的定期生活补助依本人申请，自审核确认其符合条件当月起发放；"
                "尚未确认或评估月份早于确认当月",
                citation=martyr_confirm,
            ),
        )
    citations = [_art(edition, "groups")]
    if test_cited:
        citations.append(_art(edition, "test"))
    if edition == "2019":
        citations.append(_art(edition, "illness"))
    citations.append(_notice("第二条"))
    if confirm:
        citations.append(martyr_confirm)
    reads = (*_READS, "eligibility_confirmed_on") if confirm else _READS
    return Rule(
        optional_reads=_SERVICE_RECORD,
        id="living_subsidy",
        label="定期生活补助",
        kind=RuleKind.BENEFIT,
        version=start.isoformat(),
        effective_from=start,
        effective_to=end,
        citations=tuple(citations),
        reads=reads,
        parameters=("living_subsidy.standard", *_LAW_FIGURES, RURAL_ENLISTED_BEFORE),
        conditions=tuple(conditions),
        amount=_living_amount,
        period=PaymentPeriod.MONTH,
        description="参战参试、带病回乡、60周岁以上农村籍退役士兵和烈士老年子女按月享受定期生活"
        "补助；农村籍退役士兵按民发〔2011〕110号通知（条例未规定，二手转载）的条件，按义务兵役"
        "年数计发，不满一年的按一年计算。死亡当月照发（本库解读）。",
        properties=(NonNegative(), ZeroWhenIneligible(), MonthsAddUp()),
    )


# -- 在乡复员军人定期定量补助 ------------------------------------------------------------------
def _demobilized_monthly(c: Context) -> FenColumn:
    return c.divide(
        c.param("demobilized_veteran_subsidy.standard"),
        12,
        c.param("demobilized_veteran_subsidy.rounding"),
        label="年标准÷12（按月发放）",
    )


def _demobilized_veteran_subsidy(edition: str, start: dt.date, end: dt.date | None) -> Rule:
    def demobilized(c: Context) -> BoolColumn:
        result: BoolColumn = _pre1954(c) & _discharged(c)
        return result

    conditions = [
        Condition(
            "demobilized_veteran",
            "1954年10月31日之前入伍、经批准退出现役（复员军人）",
            demobilized,
            reason_failed="不是1954年10月31日之前入伍后经批准退出现役的复员军人",
            citation=_art(edition, "demobilized"),
        ),
        Condition(
            "alive",
            "本人在计发月份开始时健在（死亡当月照发、次月起停发：条文未规定，本库按整月解读）",
            _alive,
            reason_failed="本人已于计发月份之前死亡（死亡当月照发、次月起停发，本库解读）",
            citation=_art(edition, "demobilized_subsidy"),
        ),
        not_suspended(edition),
        not_cancelled(edition),
    ]
    if edition == "2019":
        # 2019 第44条 pays "复员军人生活困难的"; 2024 第62条第1款 names the group without it
        conditions.insert(
            1,
            Condition(
                "in_hardship",
                "复员军人生活困难（经当地退役军人事务部门认定）",
                lambda c: c["in_hardship"],
                reason_failed="未认定为生活困难：2019年条例第44条只对生活困难的复员军人给予"
                "定期定量补助",
                citation=_art(edition, "demobilized_subsidy"),
            ),
        )
    citations: tuple[Citation, ...] = (_art(edition, "demobilized_subsidy"),)
    if edition == "2019":
        citations = (*citations, _art(edition, "demobilized"))
    return Rule(
        id="demobilized_veteran_subsidy",
        label="在乡复员军人定期定量补助",
        kind=RuleKind.BENEFIT,
        version=start.isoformat(),
        effective_from=start,
        effective_to=end,
        citations=citations,
        reads=(
            "enlisted_on",
            "discharged_on",
            "died_on",
            *suspension_fields,
            *(("in_hardship",) if edition == "2019" else ()),
        ),
        parameters=(
            "demobilized_veteran_subsidy.standard",
            "demobilized_veteran_subsidy.rounding",
            DEMOBILIZED_ENLISTED_BY,
        ),
        conditions=tuple(conditions),
        amount=_demobilized_monthly,
        period=PaymentPeriod.MONTH,
        description="1954年10月31日之前入伍、经批准退出现役的复员军人"
        + ("生活困难的，" if edition == "2019" else "")
        + "按年标准按月享受定期定量补助（全国标准未找到来源：结果为“无法确定”）。",
        properties=(
            NonNegative(),
            ZeroWhenIneligible(),
            Bounded(parameter="demobilized_veteran_subsidy.standard", divisor=12),
            MonthsAddUp(),
        ),
    )


# -- 参战退役军人去世后加发6个月 ----------------------------------------------------------------
def _funeral_amount(c: Context) -> FenColumn:
    def standard() -> FenColumn:
        combat = choose([np.ones(c.n, dtype=bool)], ["combat"])
        living = c.table("living_subsidy.standard").lookup(group=combat)
        # pre-1954 enlistees received the 复员 subsidy (see the module docstring): 6 months of it
        result: FenColumn = where(_pre1954(c), _demobilized_monthly(c), living)
        return result

    # 其原享受的定期生活补助: the amount received (the case record, issue 12 §3), else the standard
    monthly = received_or_standard(c, standard)
    months = c.param("living_subsidy_funeral_grant.months")
    return c.scale(
        monthly,
        RatioColumn(np.asarray(months, dtype=np.int64), 1),
        rounding=_EXACT,
        label=f"原享受的月定期生活补助（案卷记录 {RECEIVED} 有数额的取自案卷记录，没有的按"
        "全国标准）× 月数",
    )


def _funeral_grant(start: dt.date) -> Rule:
    art = _art("2024", "funeral")

    def died_this_month(c: Context) -> BoolColumn:
        died = c["died_on"]
        result: BoolColumn = c.is_set("died_on") & (died >= c.month_start) & (died <= c.month_end)
        return result

    def combat(c: Context) -> BoolColumn:
        result: BoolColumn = (
            (c["combat_veteran"] | c["test_veteran"])
            & c.is_set("discharged_on")
            & (c["discharged_on"] < c.month_start)
        )
        return result

    conditions = [
        Condition(
            "died_this_month",
            "本人于评估日期所在月份去世（一次性丧葬补助按去世当月评估）",
            died_this_month,
            reason_failed="评估月份内本人没有去世记录（丧葬补助在去世当月一次性计发）",
            citation=art,
            timing=True,
        ),
        Condition(
            "combat_veteran",
            "去世的是享受国家定期生活补助的参战（参试）退役军人",
            combat,
            reason_failed="只有参战（参试）退役军人去世后才加发6个月定期生活补助",
            citation=art,
        ),
        not_suspended("2024"),
        not_cancelled("2024"),
    ]
    return Rule(
        id="living_subsidy_funeral_grant",
        label="参战退役军人去世后加发定期生活补助（6个月）",
        kind=RuleKind.BENEFIT,
        version=start.isoformat(),
        effective_from=start,
        citations=(art, _art("2024", "test")),
        reads=(
            "enlisted_on",
            "discharged_on",
            "died_on",
            "combat_veteran",
            "test_veteran",
            *suspension_fields,
            RECEIVED,
        ),
        parameters=(
            "living_subsidy.standard",
            "living_subsidy_funeral_grant.months",
            "demobilized_veteran_subsidy.standard",
            "demobilized_veteran_subsidy.rounding",
            *_LAW_FIGURES,
        ),
        conditions=tuple(conditions),
        amount=_funeral_amount,
        period=PaymentPeriod.ONE_OFF,
        payment=PaidOnce("died_on", "去世"),
        description="享受国家定期生活补助的参战退役军人去世后，继续发放6个月其原享受的定期生活"
        "补助，作为丧葬补助。",
        properties=(NonNegative(), ZeroWhenIneligible()),
    )


RULES: tuple[Rule, ...] = (
    # the 2011 text (国务院、中央军委令第602号), same articles: common.edition_2011
    edition_2011(_living_subsidy("2019", V2011_FROM, V2011_TO)),
    _living_subsidy("2019", V2019_FROM, PROTECTION_FROM - dt.timedelta(days=1)),
    _living_subsidy("2019", PROTECTION_FROM, V2019_TO),
    _living_subsidy("2024", V2024_FROM, V2024_TO),
    _living_subsidy("2024", MARTYR_CONFIRMATION_FROM, None),
    edition_2011(_demobilized_veteran_subsidy("2019", V2011_FROM, V2011_TO)),
    _demobilized_veteran_subsidy("2019", V2019_FROM, V2019_TO),
    _demobilized_veteran_subsidy("2024", V2024_FROM, None),
    _funeral_grant(V2024_FROM),
)
