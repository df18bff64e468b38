"""残疾抚恤金 (disability_pension) and 护理费 (nursing_allowance).

Two versions each: the 2019 《军人抚恤优待条例》 (in force until 2024-09-30) and the 2024 revision
(国务院、中央军委令第788号, in force from 2024-10-01, 第64条). The article numbers differ between
them, so each version carries its own citations; the bodies are shared where the law is the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from shuangyong.citations import Citation
from shuangyong.domain.enums import CareArrangement, DisabilityCause, NcoGrade, ServiceKind
from shuangyong.national.common import (
    PENSIONS_DOC,
    V2019_FROM,
    V2019_TO,
    V2024_FROM,
    needs_nco_grade,
    not_cancelled,
    not_suspended,
    pension_article,
    suspension_fields,
)
from shuangyong.policy.columns import BoolColumn, Choice, FenColumn, choose
from shuangyong.policy.context import Context
from shuangyong.policy.rules import Condition, PaymentPeriod, Rule, RuleKind
from shuangyong.policy.invariants import (
    Bounded,
    MonotoneIn,
    MonthsAddUp,
    NonNegative,
    NotBelowNational,
    ZeroWhenIneligible,
)

__all__ = ["RULES", "grade_payable", "graded", "illness_kind_ok"]

DOC = PENSIONS_DOC


def _cite(key: str, edition: str) -> Citation:
    return pension_article(key, edition)


# -- shared condition bodies -------------------------------------------------------------------
def graded(c: Context) -> BoolColumn:
    lvl = c["disability_level"]
    return (lvl >= 1) & (lvl <= 10)


def illness_kind_ok(c: Context) -> BoolColumn:
    # 因病致残 only for 义务兵 and 初级军士 (初级士官 in 2019)
    illness = c["disability_cause"] == DisabilityCause.ILLNESS
    needs_nco_grade(c, illness)
    conscript = c["service_kind"] == ServiceKind.CONSCRIPT
    junior = (c["service_kind"] == ServiceKind.NCO) & (c["nco_grade"] == NcoGrade.JUNIOR)
    return ~illness | conscript | junior


def grade_payable(c: Context) -> BoolColumn:
    lvl = c["disability_level"]
    illness = c["disability_cause"] == DisabilityCause.ILLNESS
    return (~illness & (lvl >= 1) & (lvl <= 10)) | (illness & (lvl >= 1) & (lvl <= 6))


def _approved(c: Context) -> BoolColumn:
    appr = c["disability_approved_on"]
    return c.is_set("disability_approved_on") & (appr <= c.month_end)


def _alive(c: Context) -> BoolColumn:
    # paid through the month of death; afterwards the funeral grant (第32条/第29条) takes over
    return ~c.is_set("died_on") | (c["died_on"] >= c.month_start)


def _pension_amount(c: Context) -> FenColumn:
    yearly = c.table("disability_pension.standard").lookup(
        cause=c["disability_cause"], level=c["disability_level"]
    )
    return c.divide(
        yearly, 12, c.param("disability_pension.rounding"), label="年标准÷12（按月发放）"
    )


def _disability_pension(edition: str, start: dt.date, end: dt.date | None) -> Rule:
    kind_label = "初级士官" if edition == "2019" else "初级军士"
    conditions = [
        Condition(
            "graded",
            "经评定为一级至十级残疾",
            graded,
            reason_failed="未评定残疾等级（一级至十级），不享受残疾抚恤金",
            citation=_cite("levels", edition),
            reason_met="已评定残疾等级",
        ),
        Condition(
            "illness_service_kind",
            f"因病致残的，仅限义务兵和{kind_label}",
            illness_kind_ok,
            reason_failed=f"因病致残只认定于义务兵和{kind_label}，本人不属于此类人员",
            citation=_cite("illness_kind", edition),
        ),
        Condition(
            "grade_payable",
            "残疾等级在享受抚恤的范围内（因战、因公一至十级；因病一至六级）",
            grade_payable,
            reason_failed="因病致残评定为七级至十级的，不享受残疾抚恤金",
            citation=_cite("grades", edition),
        ),
        Condition(
            "approved",
            "残疾等级已批准，且评估月份不早于批准当月" if edition == "2024" else "残疾等级已批准",
            _approved,
            reason_failed="残疾等级尚未批准，或评估月份早于批准当月（从批准当月起发给）"
            if edition == "2024"
            else "残疾等级尚未批准",
            citation=_cite("grades", edition),
        ),
        Condition(
            "alive",
            "本人在计发月份开始时健在",
            _alive,
            reason_failed="本人已于计发月份之前死亡，改按规定发给丧葬补助",
            citation=_cite("funeral", edition),
        ),
        not_suspended(edition),
        not_cancelled(edition),
    ]
    return Rule(
        id="disability_pension",
        label="残疾抚恤金",
        kind=RuleKind.BENEFIT,
        version=start.isoformat(),
        effective_from=start,
        effective_to=end,
        citations=(_cite("grades", edition), _cite("standard", edition)),
        reads=(
            "disability_level",
            "disability_cause",
            "service_kind",
            "nco_grade",
            "disability_approved_on",
            "died_on",
            *suspension_fields,
        ),
        parameters=("disability_pension.standard", "disability_pension.rounding"),
        conditions=tuple(conditions),
        amount=_pension_amount,
        period=PaymentPeriod.MONTH,
        description="残疾军人按残疾性质和等级享受残疾抚恤金，年标准按月发放。",
        properties=(
            NonNegative(),
            ZeroWhenIneligible(),
            # a more severe grade (a smaller number) never pays less, same cause
            MonotoneIn("disability_level", more_is="less", holding=("disability_cause",)),
            Bounded(parameter="disability_pension.standard", divisor=12),
            NotBelowNational("disability_pension.standard"),
            MonthsAddUp(),
        ),
    )


# -- nursing allowance -------------------------------------------------------------------------
def _discharged(c: Context) -> BoolColumn:
    # payable by the local department from the month after discharge: the army pays through
    # the month of discharge (第34条第2款); whole months, so any day of a month gives one answer
    return c.is_set("discharged_on") & (c["discharged_on"] < c.month_start)


def _nursing_case(c: Context, with_mental: bool) -> Choice:
    # used by a condition and by the amount: computed once per evaluation
    return c.cached(f"nursing_case:{with_mental}", lambda: _nursing_case_of(c, with_mental))


def _nursing_case_of(c: Context, with_mental: bool) -> Choice:
    lvl = c["disability_level"]
    cause = c["disability_cause"]
    combat_duty = cause.isin(DisabilityCause.COMBAT, DisabilityCause.DUTY)
    illness = cause == DisabilityCause.ILLNESS
    conds = [
        combat_duty & (lvl >= 1) & (lvl <= 2),
        combat_duty & (lvl >= 3) & (lvl <= 4),
        illness & (lvl >= 1) & (lvl <= 4),
    ]
    labels = ["combat_duty_1_2", "combat_duty_3_4", "illness_1_4"]
    if with_mental:
        conds.append(c["mental_disorder"] & (lvl >= 5) & (lvl <= 6))
        labels.append("mental_5_6")
    return choose(conds, labels)


def _not_centralized(c: Context) -> BoolColumn:
    lvl = c["disability_level"]
    # 集中供养 matters for grades 1–4 only; the 2024 mental-disorder case has no such limit
    return ~((c["care_arrangement"] == CareArrangement.CENTRALIZED) & (lvl <= 4))


def _nursing_amount(with_mental: bool) -> Callable[[Context], FenColumn]:
    def amount(c: Context) -> FenColumn:
        case = _nursing_case(c, with_mental)
        share = c.table("nursing_allowance.share").lookup(case=case)
        # 上一年度: the statistic of the calendar year before the evaluated date
        wage = c.param("nursing_allowance.wage_base", at=dt.date(c.date.year - 1, 12, 31))
        return c.scale(
            wage,
            share,
            divisor=12,
            rounding=c.param("nursing_allowance.rounding"),
            label="上年度年平均工资÷12×比例",
        )

    return amount


def _nursing_allowance(edition: str, start: dt.date, end: dt.date | None) -> Rule:
    with_mental = edition == "2024"

    def in_case(c: Context) -> BoolColumn:
        result: BoolColumn = _nursing_case(c, with_mental) >= 0
        return result

    grade_label = (
        "一级至四级，或服现役期间因患精神障碍评定为五级至六级" if with_mental else "一级至四级"
    )
    conditions = [
        Condition(
            "discharged",
            "已退出现役（由地方退役军人工作主管部门发给）",
            _discharged,
            reason_failed="未退出现役的残疾军人（含退役当月），护理费由所在部队按军队规定发给",
            citation=_cite("nursing_payer", edition),
        ),
        Condition(
            "illness_service_kind",
            f"因病致残的，仅限义务兵和{'初级士官' if edition == '2019' else '初级军士'}",
            illness_kind_ok,
            reason_failed="因病致残只认定于义务兵和初级军士（士官），本人不属于此类人员",
            citation=_cite("illness_kind", edition),
        ),
        Condition(
            "nursing_grade",
            f"残疾等级为{grade_label}",
            in_case,
            reason_failed=f"护理费只发给残疾等级为{grade_label}的残疾军人",
            citation=_cite("nursing", edition),
        ),
        Condition(
            "dispersed_care",
            "分散供养（非集中供养）",
            _not_centralized,
            reason_failed="集中供养的一级至四级残疾军人，护理费由优抚医院统筹使用，不发给本人",
            citation=_cite("nursing_pool", edition),
        ),
        Condition(
            "approved",
            "残疾等级已批准",
            _approved,
            reason_failed="残疾等级尚未批准",
            citation=_cite("grades", edition),
        ),
        Condition(
            "alive",
            "本人在计发月份开始时健在",
            _alive,
            reason_failed="本人已于计发月份之前死亡",
            citation=_cite("funeral", edition),
        ),
        not_suspended(edition),
        not_cancelled(edition),
    ]
    return Rule(
        id="nursing_allowance",
        label="护理费",
        kind=RuleKind.BENEFIT,
        version=start.isoformat(),
        effective_from=start,
        effective_to=end,
        citations=(_cite("nursing", edition),),
        reads=(
            "disability_level",
            "disability_cause",
            "service_kind",
            "nco_grade",
            "mental_disorder",
            "care_arrangement",
            "discharged_on",
            "disability_approved_on",
            "died_on",
            *suspension_fields,
        ),
        parameters=(
            "nursing_allowance.share",
            "nursing_allowance.wage_base",
            "nursing_allowance.rounding",
        ),
        conditions=tuple(conditions),
        amount=_nursing_amount(with_mental),
        period=PaymentPeriod.MONTH,
        properties=(
            NonNegative(),
            ZeroWhenIneligible(),
            MonotoneIn("disability_level", more_is="less", holding=("disability_cause",)),
            # at most half the monthly wage base (第34条: the largest share is 50%)
            Bounded(parameter="nursing_allowance.wage_base", divisor=24, previous_year=True),
        ),
        description="按当地上一年度城镇单位就业人员月平均工资的一定比例按月发给护理费。",
    )


RULES: tuple[Rule, ...] = (
    _disability_pension("2019", V2019_FROM, V2019_TO),
    _disability_pension("2024", V2024_FROM, None),
    _nursing_allowance("2019", V2019_FROM, V2019_TO),
    _nursing_allowance("2024", V2024_FROM, None),
)
