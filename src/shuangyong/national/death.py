"""Death payments: 烈士褒扬金, 一次性抚恤金 and the 12-month funeral grant of a disabled veteran.

Rules (ids from the glossary), each a one-off payment evaluated in the month of death:

``martyr_commendation`` (烈士褒扬金)
    30 × the national urban per-capita disposable income of the year before the death. The
    multiple is stated in the 《烈士褒扬条例》 (2019 text 第14条第1款; 2024 text 第15条第1款,
    in force 2025-01-01) and, from 2024-10-01, also in the 2024 《军人抚恤优待条例》
    第15条第1款; the 2019 《军人抚恤优待条例》 第12条 only refers to the 《烈士褒扬条例》. Three
    versions, because the texts cited change on 2024-10-01 and on 2025-01-01; the amount rule is
    the same.

``death_gratuity`` (一次性抚恤金)
    烈士 and 因公牺牲: 20 × that income + 40 × the monthly basic wage ``W``; 病故: 2 × + 40 × W
    (2024 第15条第2款; 2019 第13条第1款, where W is the 月工资). W is floored at the 少尉
    (2019: 排职少尉) wage. That floor is *not confirmed*, so ``death_gratuity.minimum_monthly_wage``
    is declared without values: whether the floor applies cannot be known without it, so every
    gratuity is *undetermined* (naming the parameter, with the amount it would be if the wage is
    not below the floor) until a province or the lead supplies the figure. Honour increments
    (2024 第16条: +40/35/30/25/15/5 %; 2019 第13条第2款: +35/30/25/15/5 %) are a percentage of
    the whole gratuity; only the highest counts and posthumous honours count. A retired
    因战/因公 disabled veteran who dies of an old wound is paid at the 因公牺牲 rates (2024
    第32条第1款; 2019 第28条第1款).

``disabled_veteran_funeral_grant`` (残疾军人病故加发12个月)
    A retired disabled veteran who dies of illness: 12 months of the disability pension he
    received, i.e. 12 × (yearly standard of his cause and grade ÷ 12, rounded as the pension is)
    (2024 第32条第2款; 2019 第28条第2款). Not paid for an old-wound death of a 因战/因公 veteran
    (that is the gratuity above).

Why "the month of death" and not "the day of death": a one-off is paid once, with the rule
version and the 上一年度 income of the death. Every date of effect involved falls on the first of
a month (2024-10-01, 2025-01-01, standards on 1 August, statistics by calendar year), so any day
of the death month gives the same answer, and a monthly schedule (evaluated on each month's first
day) shows the payment exactly once, in the month of death. Evaluating another month is an
explained ineligibility (``died_in_month``).

Input conventions of the flat row:

* The row is the deceased's: ``died_on``, ``death_category``, the wage at death in yuan —
  ``monthly_basic_wage`` under the 2024 text (月基本工资) and ``monthly_wage`` under the 2019 text
  (本人40个月的**工资**: the whole monthly wage, not the basic wage; its floor is the 排职少尉军官
  工资标准, the parameter ``death_gratuity.platoon_lieutenant_wage``, not the 2024 少尉 basic-wage
  floor) — missing, the gratuity is *undetermined* naming the field, never computed on zero;
  or ``certified_gratuity_wage``, the monthly wage the military unit certified for the gratuity
  (the office holds it, issue 12 §3): taken from the case record as the wage to count, the floor
  then not needed, and the explanation says it came from the record;
  ``award_kinds`` (*all* honours, including posthumous ones: the flat row has no
  dates for them; the :class:`~shuangyong.domain.records.Beneficiary` record type is where an
  honour dated after the death but not marked posthumous is rejected), ``old_wound_recurrence``.
* 2019 第13条第2款 names only 中央军委 titles (35 %), 军区级 titles (30 %) and 一、二、三等功
  (25/15/5 %). Under the 2019 version, ``central_title`` (which also covers titles of the Party
  Central Committee and the State Council) takes 35 %; 勋章, 国家荣誉称号, 战功 and 表彰 are not
  named by that text and add nothing; there is no award kind for a 军区级 title. Under 2024
  第16条 no award kind stands for "a title granted by a unit authorised by the CMC" (30 %), and
  ``commendation_2`` is taken as approved (经批准).
* A serving member's death is taken as classified by the military (``death_category``); the
  old-wound rule is applied to retired veterans only, as 第32条 reads. For that route W is the
  ``monthly_basic_wage`` the host supplies (floored in the same way); honour increments apply to
  it as well, reading "按照因公牺牲军人的抚恤金标准" as the whole 因公牺牲 standard.
* A posthumous rank sets W by that rank (2024 第15条第2款): the host supplies that wage.
* Not modelled: the wartime raise of the 烈士褒扬金 (第15条第1款, "可以适当提高": no figure) and
  the 一次性特别抚恤金 the military may pay (第17条; 2019 第14条).
* Who receives the money (第18条) depends on the whole family, not on one row, so it is the
  documented helper :func:`recipients`, not a rule: a rule decides one row, and the glossary
  defines no rule id for it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable

import attrs
import numpy as np

from shuangyong.citations import Citation
from shuangyong.domain.enums import (
    AwardKind,
    DeathCategory,
    DisabilityCause,
    Relation,
)
from shuangyong.domain.money import Yuan
from shuangyong.national.common import (
    MARTYRS_RENUMBERED,
    PENSION_ARTICLES,
    RECEIVED,
    V2011_FROM,
    V2011_TO,
    V2019_FROM,
    V2019_TO,
    V2024_FROM,
    cite,
    edition_2011,
    not_cancelled,
    pension_article,
    presumed,
    previous_year,
    received_or_standard,
)
from shuangyong.national.disability import grade_payable, graded, illness_kind_ok
from shuangyong.parameters.model import NATIONAL
from shuangyong.parameters.resolver import ParameterSet
from shuangyong.policy.columns import BoolColumn, Choice, FenColumn, choose
from shuangyong.policy.context import Context, RatioColumn
from shuangyong.policy.invariants import (
    MonotoneIn,
    MonthsAddUp,
    NonNegative,
    NotBelowNational,
    ZeroWhenIneligible,
)
from shuangyong.policy.payment import PaidOnce
from shuangyong.policy.rules import Condition, PaymentPeriod, Rule, RuleKind

__all__ = ["RULES", "Kin", "Recipients", "recipients"]

MARTYRS_DOC = "烈士褒扬条例"
V2024_TO = dt.date(2024, 12, 31)
MARTYRS_2024_FROM = dt.date(2025, 1, 1)
"""The 2024 《烈士褒扬条例》 (国务院令第791号) is in force from 2025-01-01 (its 第70条)."""

INCOME = "statistics.urban_disposable_income_per_capita"

# The multiples (30 ×; 20 × and 2 ×) and month counts (40, 12) are figures of law: dated
# parameters with their articles (data/death.toml), so an explanation shows each with its
# citation and a change of law is a new dated value, not a code change.
COMMENDATION_MULTIPLE = "martyr_commendation.multiple"
INCOME_MULTIPLE = "death_gratuity.income_multiple"
WAGE_MONTHS = "death_gratuity.wage_months"
FUNERAL_MONTHS = "disabled_veteran_funeral_grant.months"


# -- citations by edition -----------------------------------------------------------------------
def _martyrs_law(edition: str, paragraph: str = "第1款") -> Citation:
    # "2011": the numbering before 国务院令第718号 (in force until 2019-07-31), 第11条 then
    article = {"2011": "第11条", "2019": "第14条"}.get(edition, "第15条")
    return cite(edition, article, paragraph, document=MARTYRS_DOC)


def _cite(key: str, edition: str) -> Citation:
    return pension_article(key, edition)


# -- shared condition bodies --------------------------------------------------------------------
def _died_in_month(c: Context) -> BoolColumn:
    died = c["died_on"]
    return c.is_set("died_on") & (died >= c.month_start) & (died <= c.month_end)


def _died_in_month_condition(citation: Citation) -> Condition:
    return Condition(
        "died_in_month",
        "在死亡当月按死亡时的标准一次性计发",
        _died_in_month,
        reason_failed="一次性待遇按死亡时的标准计发：本人未死亡，或死亡日期不在评估的月份"
        "（请以死亡日期评估）",
        citation=citation,
        reason_met="评估月份为死亡当月",
        timing=True,
    )


def _in_service_at_death(c: Context) -> BoolColumn:
    # a discharge dated on or after the death is the end of service by death
    return ~c.is_set("discharged_on") | (c["discharged_on"] >= c["died_on"])


def _retired_before_death(c: Context) -> BoolColumn:
    return c.is_set("discharged_on") & (c["discharged_on"] < c["died_on"])


def _approved_before_death(c: Context) -> BoolColumn:
    return c.is_set("disability_approved_on") & (c["disability_approved_on"] <= c["died_on"])


def _old_wound_death(c: Context) -> BoolColumn:
    """第32条第1款: a retired 因战/因公 disabled veteran who dies of an old wound."""

    def compute() -> BoolColumn:
        lvl = c["disability_level"]
        combat_duty = c["disability_cause"].isin(DisabilityCause.COMBAT, DisabilityCause.DUTY)
        graded = (lvl >= 1) & (lvl <= 10)
        result: BoolColumn = (
            c["old_wound_recurrence"]
            & combat_duty
            & graded
            & _approved_before_death(c)
            & _retired_before_death(c)
        )
        return result

    return c.cached("old_wound_death", compute)


# -- martyr_commendation -------------------------------------------------------------------------
def _commendation_amount(c: Context) -> FenColumn:
    income = c.param(INCOME, at=previous_year(c))
    return c.scale(
        income,
        c.param(COMMENDATION_MULTIPLE),
        rounding=c.param("martyr_commendation.rounding"),
        label="烈士牺牲时上一年度全国城镇居民人均可支配收入×烈士褒扬金倍数",
    )


def _martyr_commendation(
    edition: str, martyrs_edition: str, start: dt.date, end: dt.date | None
) -> Rule:
    basis = _martyrs_law(martyrs_edition)
    conditions = (
        _died_in_month_condition(basis),
        Condition(
            "martyr",
            "评定（批准）为烈士",
            lambda c: c["death_category"] == DeathCategory.MARTYR,
            reason_failed="本人未被评定为烈士（因公牺牲、病故的不发烈士褒扬金）",
            citation=_cite("martyr", edition),
        ),
    )
    return Rule(
        id="martyr_commendation",
        label="烈士褒扬金",
        kind=RuleKind.BENEFIT,
        version=start.isoformat(),
        effective_from=start,
        effective_to=end,
        citations=(_cite("martyr", edition), basis),
        reads=("died_on", "death_category"),
        parameters=(INCOME, COMMENDATION_MULTIPLE, "martyr_commendation.rounding"),
        conditions=conditions,
        amount=_commendation_amount,
        period=PaymentPeriod.ONE_OFF,
        payment=PaidOnce("died_on", "死亡"),
        description=(
            "烈士褒扬金按烈士牺牲时上一年度全国城镇居民人均可支配收入的30倍一次性发给烈士遗属："
            "父母（抚养人）、配偶、子女；没有的，发给未满18周岁的兄弟姐妹和已满18周岁但无生活费"
            "来源且由烈士生前供养的兄弟姐妹（见 recipients()）。"
            + (
                "2019年8月1日前适用的《烈士褒扬条例》条文序号为修订前的第11条（国务院令第718号"
                "改为第14条）。"
                if martyrs_edition == "2011"
                else ""
            )
        ),
        # no Bounded: the bound is 30 × a statistic, and Bounded divides a parameter, never
        # multiplies it; a constant would be wrong as soon as a new year's figure is added
        properties=(NonNegative(), ZeroWhenIneligible(), MonthsAddUp()),
    )


# -- death_gratuity ------------------------------------------------------------------------------
HONOUR_TIERS: dict[str, list[tuple[str, tuple[AwardKind, ...]]]] = {
    # highest first: choose() takes the first tier that holds (第16条第3款 / 第13条第3款)
    "2024": [
        ("medal_or_national_title", (AwardKind.MEDAL, AwardKind.NATIONAL_TITLE)),
        ("central_title", (AwardKind.CENTRAL_TITLE,)),
        ("first_class", (AwardKind.WAR_MERIT_1, AwardKind.COMMENDATION_1)),
        ("second_class", (AwardKind.WAR_MERIT_2, AwardKind.MERIT_1, AwardKind.COMMENDATION_2)),
        ("third_class", (AwardKind.WAR_MERIT_3, AwardKind.MERIT_2)),
        ("fourth_class", (AwardKind.WAR_MERIT_4, AwardKind.MERIT_3)),
    ],
    # 2019 第13条第2款 names CMC titles, 军区级 titles (no award kind) and 一、二、三等功 only
    "2019": [
        ("central_title", (AwardKind.CENTRAL_TITLE,)),
        ("second_class", (AwardKind.MERIT_1,)),
        ("third_class", (AwardKind.MERIT_2,)),
        ("fourth_class", (AwardKind.MERIT_3,)),
    ],
}
"""Honour tiers of the one-off gratuity increment, by edition: tier → award kinds in it.

The percentages are the parameter ``death_gratuity.honour_increment`` (by tier); which award
kinds fall in which tier is the structure of the article, so it is code."""


def _honour_tier(c: Context, edition: str) -> Choice:
    tiers = HONOUR_TIERS[edition]
    conds = [c.has_any("award_kinds", *kinds) for _, kinds in tiers]
    labels = [name for name, _ in tiers]
    # "none": no honour named by the article, no increment
    conds.append(np.ones(c.n, dtype=bool))
    labels.append("none")
    return choose(conds, labels)


def _mark_undetermined(c: Context, rows: BoolColumn, reason: str) -> None:
    """Mark rows *undetermined* for a missing input (from the amount, after the conditions, so
    that a row already ineligible stays ineligible, as with a missing parameter)."""
    c.mark_undetermined(rows, reason)


CERTIFIED = "certified_gratuity_wage"
"""The wage the unit certified for the gratuity, from the case record (issue 12 §3)."""

_WAGE = {
    # field, floor parameter, what the text calls the wage, what it calls the floor
    "2024": (
        "monthly_basic_wage",
        "death_gratuity.minimum_monthly_wage",
        "月基本工资",
        "少尉军官基本工资标准",
    ),
    "2019": (
        "monthly_wage",
        "death_gratuity.platoon_lieutenant_wage",
        "月工资",
        "排职少尉军官工资标准",
    ),
}


def _gratuity_amount(edition: str) -> Callable[[Context], FenColumn]:
    art, para = PENSION_ARTICLES["gratuity"][edition]
    where_cited = f"（{art}{para or ''}）"
    field, floor_path, wage_word, floor_word = _WAGE[edition]

    def amount(c: Context) -> FenColumn:
        rounding = c.param("death_gratuity.rounding")
        income = c.param(INCOME, at=previous_year(c))
        category = c["death_category"]
        duty_rates = _old_wound_death(c) | category.isin(DeathCategory.MARTYR, DeathCategory.DUTY)
        rates = choose([duty_rates, np.ones(c.n, dtype=bool)], ["duty", "illness"])
        income_part = c.scale(
            income,
            c.table(INCOME_MULTIPLE).lookup(category=rates),
            rounding=rounding,
            label="上一年度全国城镇居民人均可支配收入×倍数（烈士、因公牺牲或病故）",
        )
        certified = np.asarray(c.is_set(CERTIFIED))
        wage_given = c.is_set(field) | certified
        _mark_undetermined(
            c,
            ~wage_given,
            f"缺少死亡时的{wage_word}（{field}）或部队核定的计发月工资（{CERTIFIED}），无法计算"
            f"一次性抚恤金{where_cited} / the {field} at death is missing",
        )
        wage = np.asarray(c.fen(field))
        before = np.asarray(c.undetermined).copy()
        floor_unknown = np.zeros(c.n, dtype=bool)
        floor = np.zeros(c.n, dtype=np.int64)
        if bool((~certified).any()):
            floor = np.asarray(c.param(floor_path))
            floor_unknown = np.asarray(c.undetermined) & ~before
            # a certified wage needs no floor (the unit applied it): those rows stay determined,
            # in a batch as per case (the param marks every row of a division that lacks it)
            c.undetermined[floor_unknown & certified] = False
            floor_unknown &= ~certified
        used_wage = np.where(
            certified, np.asarray(c.fen(CERTIFIED)), np.maximum(wage, floor)
        ).astype(np.int64)
        months = np.asarray(c.param(WAGE_MONTHS), dtype=np.int64)
        # one label for every row: a person's explanation is the same alone or among many
        wage_part = c.scale(
            used_wage,
            RatioColumn(months, 1),
            rounding=rounding,
            label=f"计发月工资（案卷记录有部队核定的计发月工资 {CERTIFIED} 的，取自案卷记录；"
            f"没有的为{wage_word}，不低于{floor_word}）×月数",
        )
        base = np.asarray(income_part) + np.asarray(wage_part)
        tier = _honour_tier(c, edition)
        share = c.table("death_gratuity.honour_increment").lookup(tier=tier)
        extra = c.scale(
            base,
            share,
            rounding=rounding,
            label="一次性抚恤金×立功受奖增发比例（取最高一项）",
        )
        total = base + np.asarray(extra)
        if bool(floor_unknown.any()):
            note = (
                f"{wage_word}低于{floor_word}的按该标准计算{where_cited}；该标准未经证实，"
                f"参数 {floor_path} 未设定，无法判断下限是否适用，故一次性抚恤金无法确定"
                f"（案卷中有部队核定的计发月工资的，请填 {CERTIFIED}）"
            )
            per_row = None
            if c.explain:
                # each person's explanation gives the amount without the floor, when nothing
                # else (income, wage) is missing for that person
                per_row = np.full(c.n, None, dtype=object)
                for i in np.flatnonzero(floor_unknown & ~before).tolist():
                    per_row[i] = (
                        f"{note}（若本人{wage_word}不低于该标准，金额为 "
                        f"{Yuan.from_fen(int(total[i]))}）"
                    )
            c.mark_undetermined(floor_unknown, note, per_row)
        return np.asarray(total, dtype=np.int64)

    return amount


def _gratuity_conditions(edition: str) -> tuple[Condition, ...]:
    def member_or_old_wound(c: Context) -> BoolColumn:
        result: BoolColumn = _in_service_at_death(c) | _old_wound_death(c)
        return result

    def category_known(c: Context) -> BoolColumn:
        result: BoolColumn = c.is_set("death_category") | _old_wound_death(c)
        return result

    kind = (
        "评定为烈士、确认为因公牺牲或者病故"
        if edition == "2024"
        else "批准为烈士、确认为因公牺牲或者病故"
    )
    return (
        _died_in_month_condition(_cite("gratuity", edition)),
        Condition(
            "in_service_or_old_wound",
            "服现役期间死亡，或退出现役的因战、因公致残残疾军人因旧伤复发死亡",
            member_or_old_wound,
            reason_failed="不属于服现役期间死亡，也不属于因战、因公致残的退役残疾军人因旧伤复发"
            "死亡，不发一次性抚恤金（退役残疾军人因病死亡的，发给12个月残疾抚恤金作为丧葬补助）",
            citation=_cite("old_wound", edition),
        ),
        Condition(
            "death_category",
            f"死亡性质已{kind}",
            category_known,
            reason_failed=f"死亡性质尚未{kind}，一次性抚恤金根据死亡性质计发",
            citation=_cite("classification", edition),
        ),
    )


def _death_gratuity(edition: str, start: dt.date, end: dt.date | None) -> Rule:
    citations = (
        _cite("gratuity", edition),
        _cite("honours", edition),
        _cite("highest", edition),
        _cite("recipients", edition),
        _cite("old_wound", edition),
    )
    return Rule(
        id="death_gratuity",
        label="一次性抚恤金",
        kind=RuleKind.BENEFIT,
        version=start.isoformat(),
        effective_from=start,
        effective_to=end,
        citations=citations,
        reads=(
            "died_on",
            "death_category",
            "discharged_on",
            _WAGE[edition][0],
            CERTIFIED,
            "award_kinds",
            "old_wound_recurrence",
            "disability_level",
            "disability_cause",
            "disability_approved_on",
        ),
        parameters=(
            INCOME,
            INCOME_MULTIPLE,
            WAGE_MONTHS,
            _WAGE[edition][1],
            "death_gratuity.honour_increment",
            "death_gratuity.rounding",
        ),
        conditions=_gratuity_conditions(edition),
        amount=_gratuity_amount(edition),
        period=PaymentPeriod.ONE_OFF,
        payment=PaidOnce("died_on", "死亡"),
        description=(
            "烈士和因公牺牲的，为上一年度全国城镇居民人均可支配收入的20倍加本人40个月的"
            f"{'基本工资' if edition == '2024' else '工资'}；病故的为2倍加40个月；月工资低于"
            f"{'少尉军官基本工资' if edition == '2024' else '排职少尉军官工资'}标准的按该标准计算"
            "（该标准未经证实，未设定时结果无法确定；案卷中有部队核定的计发月工资的，按该记录"
            "计算，不需要下限）；立功受奖的按最高一项比例增发（含追授）。"
            "发给父母（抚养人）、配偶、子女；没有的，发给未满18周岁的兄弟姐妹和已满18周岁但无生活费"
            "来源且由该军人生前供养的兄弟姐妹（见 recipients()）。"
        ),
        # no Bounded: see martyr_commendation (a multiple of a statistic plus a wage)
        properties=(NonNegative(), ZeroWhenIneligible(), MonthsAddUp()),
    )


# -- disabled_veteran_funeral_grant --------------------------------------------------------------
def _funeral_conditions(edition: str) -> tuple[Condition, ...]:
    # graded / illness_kind_ok / grade_payable are the disability pension's own conditions:
    # the grant is 12 months of the pension the veteran received, so the same law decides

    def not_old_wound(c: Context) -> BoolColumn:
        combat_duty = c["disability_cause"].isin(DisabilityCause.COMBAT, DisabilityCause.DUTY)
        return ~(c["old_wound_recurrence"] & combat_duty)

    junior = "初级士官" if edition == "2019" else "初级军士"
    return (
        _died_in_month_condition(_cite("funeral", edition)),
        Condition(
            "retired",
            "死亡时已退出现役",
            _retired_before_death,
            reason_failed="不属于退出现役后死亡（服现役期间死亡的，按死亡性质发给一次性抚恤金）",
            citation=_cite("funeral", edition),
        ),
        Condition(
            "graded",
            "生前经评定为一级至十级残疾且已批准",
            lambda c: graded(c) & _approved_before_death(c),
            reason_failed="未经评定、批准残疾等级（或批准晚于死亡），不是享受残疾抚恤金的残疾军人",
            citation=_cite("grades", edition),
        ),
        Condition(
            "illness_service_kind",
            f"因病致残的，仅限义务兵和{junior}",
            illness_kind_ok,
            reason_failed=f"因病致残只认定于义务兵和{junior}，本人生前不享受因病残疾抚恤金",
            citation=_cite("illness_kind", edition),
        ),
        Condition(
            "grade_payable",
            "生前享受残疾抚恤金（因战、因公一至十级；因病一至六级）",
            grade_payable,
            reason_failed="因病致残评定为七级至十级的，生前不享受残疾抚恤金，无从加发",
            citation=_cite("grades", edition),
        ),
        Condition(
            "died_of_illness",
            "因病死亡",
            lambda c: c["death_category"] == DeathCategory.ILLNESS,
            reason_failed="未记录为因病死亡（死亡性质应为病故），不发此项丧葬补助",
            citation=_cite("funeral", edition),
        ),
        Condition(
            "not_old_wound",
            "不属于因战、因公致残者旧伤复发死亡",
            not_old_wound,
            reason_failed="因战、因公致残的残疾军人因旧伤复发死亡的，按因公牺牲标准发给一次性"
            "抚恤金（death_gratuity），不发此项丧葬补助",
            citation=_cite("old_wound", edition),
        ),
        not_cancelled(edition),
    )


def _funeral_amount(c: Context) -> FenColumn:
    rounding = c.param("disability_pension.rounding")

    def standard() -> FenColumn:
        yearly = c.table("disability_pension.standard").lookup(
            cause=c["disability_cause"], level=c["disability_level"]
        )
        return c.divide(yearly, 12, rounding, label="残疾抚恤金年标准÷12（原享受的月抚恤金）")

    # 其原享受的残疾抚恤金: the amount received (the case record, issue 12 §3), else the standard
    monthly = received_or_standard(c, standard)
    months = np.asarray(c.param(FUNERAL_MONTHS), dtype=np.int64)
    label = (
        f"生前实际领取的月残疾抚恤金（案卷记录 {RECEIVED} 有数额的取自案卷记录，没有的按全国"
        "标准）×月数"
    )
    return c.scale(monthly, RatioColumn(months, 1), rounding=rounding, label=label)


def _disabled_veteran_funeral_grant(edition: str, start: dt.date, end: dt.date | None) -> Rule:
    verb = "继续发放" if edition == "2024" else "增发"
    return Rule(
        id="disabled_veteran_funeral_grant",
        label="残疾军人病故丧葬补助（12个月残疾抚恤金）",
        kind=RuleKind.BENEFIT,
        version=start.isoformat(),
        effective_from=start,
        effective_to=end,
        citations=(_cite("funeral", edition), _cite("grades", edition)),
        reads=(
            "died_on",
            "death_category",
            "discharged_on",
            "old_wound_recurrence",
            "disability_level",
            "disability_cause",
            "disability_approved_on",
            "service_kind",
            "nco_grade",
            "cancelled_on",
            "cancellation_reason",
            RECEIVED,
        ),
        parameters=("disability_pension.standard", "disability_pension.rounding", FUNERAL_MONTHS),
        conditions=_funeral_conditions(edition),
        amount=_funeral_amount,
        period=PaymentPeriod.ONE_OFF,
        payment=PaidOnce("died_on", "死亡"),
        description=(
            f"退出现役的残疾军人因病死亡的，对其遗属{verb}12个月其原享受的残疾抚恤金，作为丧葬补助"
            "（案卷中有生前实际领取的月数额的按该记录，否则按死亡时的全国残疾抚恤金标准）。"
        ),
        # no Bounded: the amount received (a case record) may include a local increase (第31条)
        properties=(
            NonNegative(),
            ZeroWhenIneligible(),
            MonotoneIn("disability_level", more_is="less", holding=("disability_cause",)),
            NotBelowNational("disability_pension.standard"),
            MonthsAddUp(),
        ),
    )


# -- recipients (第18条) -------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class Kin:
    """A relative of the deceased, as 第18条 asks about them.

    Attributes:
        relation: what the relative is to the deceased (``parent`` includes a 抚养人).
        birth_date: needed for a sibling (under 18 at the death?); optional for others.
        no_income: has no source of living (无生活费来源).
        supported_by_member: was supported by the deceased while alive (由该军人生前供养).
        name: a display name or id for the caller's own use.
    """

    relation: Relation
    birth_date: dt.date | None = None
    no_income: bool = False
    supported_by_member: bool = False
    name: str = ""


@attrs.frozen
class Recipients:
    """Who receives a death payment, with the reason and the legal basis.

    Attributes:
        who: the relatives entitled (they share the payment; the article sets no shares).
        undetermined: siblings whose entitlement cannot be told (no birth date given).
        reason: a Chinese sentence for the explanation.
        citations: the articles applied.
    """

    who: tuple[Kin, ...]
    undetermined: tuple[Kin, ...]
    reason: str
    citations: tuple[Citation, ...]


def _age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _minor_age(parameters: ParameterSet | None, died_on: dt.date) -> int:
    """未满18周岁 as the dated parameter ``survivors.minor_age`` sets it on the day of death
    (from ``parameters``, else the shipped national figures)."""
    pset = parameters if parameters is not None else _national_parameters()
    value = pset.resolve("survivors.minor_age", died_on, [NATIONAL]).compiled.scalar
    assert isinstance(value, int)
    return value


@functools.cache
def _national_parameters() -> ParameterSet:
    from shuangyong.registries import ParameterRegistry  # the registry imports the rule sets

    registry = ParameterRegistry()
    registry.bind("shuangyong").add_package_data("shuangyong.national.data")
    return registry.finish(None)


def recipients(
    relatives: Iterable[Kin],
    died_on: dt.date,
    payment: str = "death_gratuity",
    parameters: ParameterSet | None = None,
) -> Recipients:
    """Who may receive the 一次性抚恤金 or the 烈士褒扬金 (2024 第18条; 2019 第15条).

    The parents (or those who raised the deceased), the spouse and the children; only when
    there are none, the siblings under 18 and the siblings aged 18 or over who have no source
    of living and were supported by the deceased. Ages are counted on the date of death.

    Args:
        relatives: the deceased's living relatives.
        died_on: the date of death (chooses the edition and the day ages are counted on).
        payment: ``death_gratuity`` or ``martyr_commendation``.
        parameters: the engine's parameters (``engine.parameters``), for the age limit
            ``survivors.minor_age`` (未满18周岁); default: the shipped national figures.

    Returns:
        The entitled relatives, any sibling that cannot be decided, a reason and citations.

    Raises:
        ValueError: ``payment`` is neither of the two.
    """
    if payment not in ("death_gratuity", "martyr_commendation"):
        raise ValueError(f"payment must be death_gratuity or martyr_commendation, not {payment!r}")
    edition = "2024" if died_on >= V2024_FROM else "2019" if died_on >= V2019_FROM else "2011"
    if payment == "death_gratuity":
        citations: tuple[Citation, ...] = (_cite("recipients", edition),)
    else:
        martyrs = (
            "2024"
            if died_on >= MARTYRS_2024_FROM
            else "2019"
            if died_on >= MARTYRS_RENUMBERED
            else "2011"
        )
        citations = (_martyrs_law(martyrs, "第2款"),)
        if edition == "2024":
            citations = (cite("2024", "第18条", "第1款"), *citations)
    kin = list(relatives)
    first = tuple(
        k for k in kin if k.relation in (Relation.PARENT, Relation.SPOUSE, Relation.CHILD)
    )
    if first:
        return Recipients(first, (), "发给父母（抚养人）、配偶、子女", citations)
    who: list[Kin] = []
    unknown: list[Kin] = []
    minor = _minor_age(parameters, died_on)
    for k in kin:
        if k.relation is not Relation.SIBLING:
            continue
        if k.no_income and k.supported_by_member:
            who.append(k)
        elif k.birth_date is None:
            unknown.append(k)
        elif _age_on(k.birth_date, died_on) < minor:
            who.append(k)
    reason = (
        f"没有父母（抚养人）、配偶、子女，发给未满{minor}周岁的兄弟姐妹和已满{minor}周岁但无生活费"
        "来源且由该军人生前供养的兄弟姐妹"
    )
    if not who and not unknown:
        reason += "；无符合条件的亲属"
    if unknown:
        reason += f"；部分兄弟姐妹未提供出生日期，无法判断是否未满{minor}周岁"
    return Recipients(tuple(who), tuple(unknown), reason, citations)


RULES: tuple[Rule, ...] = (
    # the 2011 text (国务院、中央军委令第602号) and the 2011 《烈士褒扬条例》 (国务院令第601号),
    # both in force from 2011-08-01: common.edition_2011
    edition_2011(_martyr_commendation("2019", "2011", V2011_FROM, V2011_TO)),
    presumed(
        _martyr_commendation("2019", "2011", V2019_FROM, MARTYRS_RENUMBERED - dt.timedelta(days=1))
    ),
    _martyr_commendation("2019", "2019", MARTYRS_RENUMBERED, V2019_TO),
    _martyr_commendation("2024", "2019", V2024_FROM, V2024_TO),
    _martyr_commendation("2024", "2024", MARTYRS_2024_FROM, None),
    edition_2011(_death_gratuity("2019", V2011_FROM, V2011_TO)),
    _death_gratuity("2019", V2019_FROM, V2019_TO),
    _death_gratuity("2024", V2024_FROM, None),
    edition_2011(_disabled_veteran_funeral_grant("2019", V2011_FROM, V2011_TO)),
    _disabled_veteran_funeral_grant("2019", V2019_FROM, V2019_TO),
    _disabled_veteran_funeral_grant("2024", V2024_FROM, None),
)
