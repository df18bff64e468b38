"""残疾抚恤金 (disability_pension) and 护理费 (nursing_allowance).

Three versions each: the 2011 《军人抚恤优待条例》 (国务院、中央军委令第602号, 2011-08-01 …
2019-03-01: the 2019 articles and bodies, see ``common.edition_2011``), the 2019 text (in force
until 2024-09-30) and the 2024 revision (国务院、中央军委令第788号, in force from 2024-10-01,
第64条). The article numbers differ between
them, so each version carries its own citations; the bodies are shared where the law is the same.

Readings the texts leave open, stated in the conditions they belong to:

* The 2019 text (第23条) does not say from which month the disability pension is paid; 2024
  第27条第2款 says 从批准当月起. The 2019 version pays from the month of approval too.
* Neither text says when a periodic payment stops on death: the month of death is paid in full,
  the funeral grant (12 months, 第32条第2款 / 2019 第28条第2款) follows.
* The nursing allowance is paid by the local department to a discharged veteran (第34条第2款;
  2019 第30条第2款) and by the unit before discharge. The month of discharge is read as the unit's,
  so the local allowance starts the month after.

The nursing allowance base differs by edition: 2024 第34条第1款 "当地上一年度城镇单位就业人员月平均
工资" (``nursing_allowance.wage_base``, a yearly wage of the previous year ÷ 12); 2019 第30条第1款
"当地职工月平均工资", no 上一年度 and another statistic, so the 2019 version reads its own
parameter ``nursing_allowance.worker_monthly_wage`` (yuan a month, the value in force on the date
evaluated). Neither has a national value: the result is *undetermined* until a province sets it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from shuangyong.citations import Citation
from shuangyong.domain.enums import CareArrangement, DisabilityCause, NcoGrade, ServiceKind
from shuangyong.national.common import (
    PENSIONS_DOC,
    V2011_FROM,
    V2011_TO,
    V2019_FROM,
    V2019_TO,
    V2024_FROM,
    edition_2011,
    needs_nco_grade,
    not_cancelled,
    not_suspended,
    pension_article,
    suspension_fields,
)
from shuangyong.parameters.model import a_year_before
from shuangyong.policy.columns import BoolColumn, Choice, FenColumn, choose
from shuangyong.policy.context import Context
from shuangyong.policy.invariants import (
    Bounded,
    MonotoneIn,
    MonthsAddUp,
    NonNegative,
    NotBelowNational,
    ZeroWhenIneligible,
)
from shuangyong.policy.rules import Condition, PaymentPeriod, Rule, RuleKind

__all__ = [
    "PENSION_CONDITIONS",
    "PENSION_READS",
    "RULES",
    "grade_payable",
    "graded",
    "illness_kind_ok",
]

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


_ALIVE_TEXT = "本人在计发月份开始时健在（死亡当月照发、次月起停发：条文未规定，本库按整月解读）"


def _alive(c: Context) -> BoolColumn:
    # paid through the month of death; afterwards the funeral grant (第32条/第28条) takes over
    return ~c.is_set("died_on") | (c["died_on"] >= c.month_start)


def _pension_amount(c: Context) -> FenColumn:
    yearly = c.table("disability_pension.standard").lookup(
        cause=c["disability_cause"], level=c["disability_level"]
    )
    return c.divide(
        yearly, 12, c.param("disability_pension.rounding"), label="年标准÷12（按月发放）"
    )


def _pension_conditions(edition: str) -> tuple[Condition, ...]:
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
            "残疾等级已批准，且评估月份不早于批准当月"
            if edition == "2024"
            else "残疾等级已批准，且评估月份不早于批准当月（2019年条例未规定起发月份，本库按批准"
            "当月起发，与2024年条例第27条第2款相同：解读）",
            _approved,
            reason_failed="残疾等级尚未批准，或评估月份早于批准当月（从批准当月起发给）"
            if edition == "2024"
            else "残疾等级尚未批准，或评估月份早于批准当月（本库按批准当月起发：2019年条例未规定，"
            "解读）",
            citation=_cite("grades", edition),
        ),
        Condition(
            "alive",
            _ALIVE_TEXT,
            _alive,
            reason_failed="本人已于计发月份之前死亡（死亡当月照发、次月起停发，本库解读），改按"
            "规定发给丧葬补助",
            citation=_cite("funeral", edition),
        ),
        not_suspended(edition),
        not_cancelled(edition),
    ]
    return tuple(conditions)


PENSION_CONDITIONS: dict[str, tuple[Condition, ...]] = {
    edition: _pension_conditions(edition) for edition in ("2019", "2024")
}
"""The conditions of ``disability_pension`` by edition of the 条例: built once, so a local rule
that reuses them (:mod:`shuangyong.national.conditions`) holds the very objects the national
rule holds."""

PENSION_READS: tuple[str, ...] = (
    "disability_level",
    "disability_cause",
    "service_kind",
    "nco_grade",
    "disability_approved_on",
    "died_on",
    *suspension_fields,
)
"""The fields :data:`PENSION_CONDITIONS` (and the amount) read."""


def _disability_pension(edition: str, start: dt.date, end: dt.date | None) -> Rule:
    return Rule(
        id="disability_pension",
        label="残疾抚恤金",
        kind=RuleKind.BENEFIT,
        version=start.isoformat(),
        effective_from=start,
        effective_to=end,
        citations=(_cite("grades", edition), _cite("standard", edition)),
        reads=PENSION_READS,
        parameters=("disability_pension.standard", "disability_pension.rounding"),
        conditions=PENSION_CONDITIONS[edition],
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
    # the month of discharge (第34条第2款 names who pays, not from which month: a reading, stated
    # in the condition); whole months, so any day of a month gives one answer
    return c.is_set("discharged_on") & (c["discharged_on"] < c.month_start)


NURSING_CASES_2019 = ("combat_duty_1_2", "combat_duty_3_4", "illness_1_4")
"""The cases of 2019 第30条第1款 (the 2024 text adds ``mental_5_6``): the cells of
``nursing_allowance.share`` the 2019 version can read."""


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
    labels = list(NURSING_CASES_2019)
    if with_mental:
        conds.append(c["mental_disorder"] & (lvl >= 5) & (lvl <= 6))
        labels.append("mental_5_6")
    return choose(conds, labels)


def _not_centralized(c: Context) -> BoolColumn:
    lvl = c["disability_level"]
    # 集中供养 matters for grades 1–4 only; the 2024 mental-disorder case has no such limit
    return ~((c["care_arrangement"] == CareArrangement.CENTRALIZED) & (lvl <= 4))


WORKER_WAGE_2019 = "nursing_allowance.worker_monthly_wage"
"""2019 第30条第1款 "当地职工月平均工资": a monthly figure, in force on the date evaluated."""


def _nursing_amount(with_mental: bool) -> Callable[[Context], FenColumn]:
    if not with_mental:
        return _nursing_amount_2019

    def amount(c: Context) -> FenColumn:
        case = _nursing_case(c, with_mental)
        share = c.table("nursing_allowance.share").lookup(case=case)
        # 上一年度: the statistic of the calendar year before the evaluated date
        wage = c.param("nursing_allowance.wage_base", at=a_year_before(c.date))
        return c.scale(
            wage,
            share,
            divisor=12,
            rounding=c.param("nursing_allowance.rounding"),
            label="上年度年平均工资÷12×比例",
        )

    return amount


def _nursing_amount_2019(c: Context) -> FenColumn:
    # 2019 第30条第1款: 当地职工月平均工资 × share; the text has no 上一年度, so the figure in force
    # on the date evaluated, and the statistic is its own parameter, not the 2024 one
    case = _nursing_case(c, False)
    share = c.table("nursing_allowance.share").lookup(case=case)
    wage = c.param(WORKER_WAGE_2019)
    return c.scale(
        wage,
        share,
        rounding=c.param("nursing_allowance.rounding"),
        label="当地职工月平均工资×比例（2011、2019年条例第30条第1款）",
    )


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
            "已退出现役，自退役次月起由地方退役军人工作主管部门发给（退役当月由部队发给：条文只"
            "规定由谁发给，未规定按月划分，本库解读）",
            _discharged,
            reason_failed="未退出现役的残疾军人（含退役当月，本库解读），护理费由所在部队按军队"
            "规定发给",
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
            "退出现役时分散供养（非集中供养）" if with_mental else "分散安置（非集中供养）",
            _not_centralized,
            reason_failed="护理费只发给退出现役时分散供养的一级至四级残疾军人；集中供养的不发给"
            "本人（在优抚医院集中收治期间由优抚医院统筹使用，第34条第3款）"
            if with_mental
            else "护理费只发给分散安置的一级至四级残疾军人，集中供养的不发给本人",
            citation=_cite("nursing_dispersed", edition),
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
            _ALIVE_TEXT,
            _alive,
            reason_failed="本人已于计发月份之前死亡（死亡当月照发、次月起停发，本库解读）",
            citation=_cite("funeral", edition),
        ),
        not_suspended(edition),
        not_cancelled(edition),
    ]
    if with_mental:
        parameters: tuple[str, ...] = (
            "nursing_allowance.share",
            "nursing_allowance.wage_base",
            "nursing_allowance.rounding",
        )
        # at most half the monthly wage base (第34条: the largest share is 50%)
        bound = Bounded(parameter="nursing_allowance.wage_base", divisor=24, previous_year=True)
        description = "按当地上一年度城镇单位就业人员月平均工资的一定比例按月发给护理费。"
    else:
        parameters = ("nursing_allowance.share", WORKER_WAGE_2019, "nursing_allowance.rounding")
        bound = Bounded(parameter=WORKER_WAGE_2019, divisor=2)
        description = (
            "按当地职工月平均工资的一定比例按月发给护理费（2019年条例第30条：未规定“上一年度”，"
            "取评估日适用的当地数值；全国未设定，未设定时结果为“无法确定”）。"
        )
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
        parameters=parameters,
        # a 25% tier set for a date the 2019 text governs is read by no one: params check says so
        cells={} if with_mental else {"nursing_allowance.share": {"case": NURSING_CASES_2019}},
        conditions=tuple(conditions),
        amount=_nursing_amount(with_mental),
        period=PaymentPeriod.MONTH,
        properties=(
            NonNegative(),
            ZeroWhenIneligible(),
            MonotoneIn("disability_level", more_is="less", holding=("disability_cause",)),
            bound,
        ),
        description=description,
    )


RULES: tuple[Rule, ...] = (
    # the 2011 text (国务院、中央军委令第602号), same articles: common.edition_2011
    edition_2011(_disability_pension("2019", V2011_FROM, V2011_TO)),
    _disability_pension("2019", V2019_FROM, V2019_TO),
    _disability_pension("2024", V2024_FROM, None),
    edition_2011(_nursing_allowance("2019", V2011_FROM, V2011_TO)),
    _nursing_allowance("2019", V2019_FROM, V2019_TO),
    _nursing_allowance("2024", V2024_FROM, None),
)
