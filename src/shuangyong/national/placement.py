"""义务兵家庭优待金 and the placement of discharged conscripts and NCOs (安置).

Rules:

- ``conscript_family_allowance`` (义务兵家庭优待金): paid to the family during service by the
  county that approved enlistment (《军人抚恤优待条例》2024 第42条; 2019 第33条 "当地人民政府"),
  so local parameters are looked up by ``enlistment_division``. The standard is the province's:
  the national framework (an L-rated MVA explanation of a joint circular, figures.md §3) only
  says what the standard is built from, so every figure of the formula is a parameter that
  ships *without* a national value, and the result stays *undetermined*, naming the parameter
  and the division, until a province loads its figures. Two versions follow the 条例 (2019-03-02
  to 2024-09-30; from 2024-10-01), keyed on the evaluation date like the other periodic
  benefits of the 条例.
- ``retirement_lump_sum`` (一次性退役金), ``local_settlement_subsidy`` (地方一次性经济补助),
  ``assigned_job`` (安排工作), ``state_support`` (国家供养), ``nco_retirement`` (军士退休;
  the id is not in the glossary yet) and ``awaiting_placement_allowance`` (待安排工作期间生活
  补助): two versions each, the 2011 《退役士兵安置条例》 (2011-11-01 to 2024-08-31) and the
  2024 《退役军人安置条例》 (from 2024-09-01).

Which regulation governs a discharge: the one in force on the *discharge date*. 2011 第53条
第3款 says so in terms (a soldier enlisted before and discharged after 2011-11-01 is placed under
the 2011 regulation), and the 2024 regulation, which repeals the 2011 one on 2024-09-01 (第93条),
has no transitional clause that says otherwise. Placement is decided, and the one-off sums fall
due, on discharge, and one-off payments are evaluated on the date of their event, so the versions
are keyed on the evaluation date; each version also carries a ``regulation_applies`` condition on
``discharged_on``, so that evaluating a 2020 discharge on a 2025 date gives an explained refusal
("use the discharge date") rather than silently applying the 2024 text. The monthly
``awaiting_placement_allowance`` is the exception: a periodic payment follows the text in force
for the month paid, as the 条例 rules do, so it has no such condition.

Service time is measured exactly, in whole months plus days from ``enlisted_on`` to
``discharged_on`` (:func:`service_months`); a month runs from a day to the same day of the next
month (the last day of a shorter month when that day does not exist).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np

from shuangyong.citations import Citation
from shuangyong.domain.enums import (
    AwardKind,
    CancellationReason,
    DisabilityCause,
    NcoGrade,
    PlacementRoute,
    Residence,
    ServiceKind,
)
from shuangyong.national.common import (
    V2019_FROM,
    V2019_TO,
    V2024_FROM,
    cite,
    needs_nco_grade,
    not_cancelled,
    not_suspended,
    previous_year,
    suspension_fields,
)
from shuangyong.policy.columns import BoolColumn, Column, FenColumn, choose
from shuangyong.policy.context import Context, RatioColumn
from shuangyong.policy.fields import month_parts, month_starts
from shuangyong.policy.invariants import Bounded, MonthsAddUp, NonNegative, ZeroWhenIneligible
from shuangyong.policy.payment import PaidOnce, PaidYearly
from shuangyong.policy.rules import Condition, PaymentPeriod, Rule, RuleKind

__all__ = ["RULES", "add_months", "service_months"]

DOC_2011 = "退役士兵安置条例"
DOC_2024 = "退役军人安置条例"
P2011_FROM = dt.date(2011, 11, 1)
P2011_TO = dt.date(2024, 8, 31)
P2024_FROM = dt.date(2024, 9, 1)
_P2024_DAY = np.datetime64(P2024_FROM, "D")
_P2011_DAY = np.datetime64(P2011_FROM, "D")

# Article numbers by regulation edition: (article, paragraph)
ART: dict[str, dict[str, tuple[str, str | None]]] = {
    "in_force": {"2011": ("第53条", "第3款"), "2024": ("第93条", None)},
    "self_employment": {"2011": ("第18条", None), "2024": ("第20条", None)},
    "lump_sum": {"2011": ("第19条", "第1款"), "2024": ("第21条", "第1款")},
    "lump_sum_standard": {"2011": ("第20条", "第1款"), "2024": ("第21条", "第2款")},
    "service_counting": {"2011": ("第20条", "第2款"), "2024": ("第21条", "第1款")},
    "honours": {"2011": ("第20条", "第3款"), "2024": ("第22条", None)},
    "subsidy": {"2011": ("第19条", "第1款"), "2024": ("第23条", None)},
    "reporting": {"2011": ("第17条", None), "2024": ("第51条", "第2款")},
    "assigned_job": {"2011": ("第29条", "第1款"), "2024": ("第25条", "第1款")},
    "retirement": {"2011": ("第41条", "第1款"), "2024": ("第36条", None)},
    "state_support": {"2011": ("第42条", "第1款"), "2024": ("第38条", "第1款")},
    "state_support_choice": {"2011": ("第43条", None), "2024": ("第38条", "第2款")},
    "awaiting": {"2011": ("第35条", "第2款"), "2024": ("第75条", "第1款")},
    "awaiting_cancelled": {"2011": ("第40条", None), "2024": ("第34条", None)},
}


def _cite(key: str, edition: str) -> Citation:
    art, para = ART[key][edition]
    return Citation(
        DOC_2011 if edition == "2011" else DOC_2024, art, edition=edition, paragraph=para
    )


def _soldier_word(edition: str) -> str:
    return "士官" if edition == "2011" else "军士"


# -- exact service time ---------------------------------------------------------------------
def add_months(day: Any, months: Any) -> Any:
    """``day`` plus whole ``months`` (datetime64[D] columns), clamped to the last day of a
    shorter month: 2024-01-31 plus one month is 2024-02-29."""
    return _add_months(*month_parts(day), months)


def _add_months(m: Any, dom: Any, months: Any) -> Any:
    """:func:`add_months` of a date given as its month ``m`` and day of the month ``dom``."""
    target = m + np.asarray(months, dtype=np.int64)
    start = month_starts(target)
    length = (month_starts(target + 1) - start).astype(np.int64)
    return start + np.minimum(dom, length - 1)


def service_months(start: Any, end: Any) -> tuple[Any, Any]:
    """Whole months and remaining days from ``start`` to ``end`` (datetime64[D] columns).

    Rows where either date is missing (NaT) give (0, 0): conditions refuse them before any
    amount is used, and zeros keep the arithmetic on them harmless.
    """
    s = np.asarray(start, dtype="datetime64[D]")
    e = np.asarray(end, dtype="datetime64[D]")
    missing = np.isnat(s) | np.isnat(e) | (e < s)
    s = np.where(missing, np.datetime64("2000-01-01", "D"), s)
    e = np.where(missing, s, e)
    # calendar parts by day number, tabulated once per distinct day (policy.fields)
    sm, sd = month_parts(s)
    em, ed = month_parts(e)
    months = (em - sm).astype(np.int64) - (ed < sd).astype(np.int64)
    days = (e - _add_months(sm, sd, months)).astype(np.int64)
    return months, days


def counted_months(months: Any, days: Any, unit: Any) -> Any:
    """Service counted in whole units of ``unit`` months, a started unit counting in full: with
    6, under 6 months counts as 6 and over 6 months but under a year as a year (2011 第20条第2款).
    """
    u = np.maximum(np.asarray(unit, dtype=np.int64), 1)
    started = np.asarray(months, dtype=np.int64) + (np.asarray(days) > 0).astype(np.int64)
    return -(-started // u) * u


def _service(c: Context) -> tuple[Any, Any]:
    # the same for every placement rule on these rows
    return c.shared(
        "placement.service_months", lambda: service_months(c["enlisted_on"], c["discharged_on"])
    )


# -- shared conditions ------------------------------------------------------------------------
def _discharged_cond(edition: str, key: str) -> Condition:
    def test(c: Context) -> BoolColumn:
        return c.is_set("discharged_on") & (c["discharged_on"] <= c.on)

    return Condition(
        "discharged",
        "已退出现役",
        test,
        reason_failed="评估日尚未退出现役（或未录入退役日期），不涉及退役安置",
        citation=_cite(key, edition),
        reason_met="已退出现役",
    )


def _regulation_applies(edition: str) -> Condition:
    if edition == "2011":

        def test(c: Context) -> BoolColumn:
            d = c["discharged_on"]
            return c.is_set("discharged_on") & (d >= _P2011_DAY) & (d < _P2024_DAY)

        return Condition(
            "regulation_applies",
            "2011年11月1日至2024年8月31日期间退出现役（适用《退役士兵安置条例》）",
            test,
            reason_failed="退役日期不在《退役士兵安置条例》施行期间（2011-11-01至2024-08-31）："
            "2024年9月1日以后退役的适用《退役军人安置条例》，2011年11月1日以前退役的适用当时的规定",
            citation=_cite("in_force", edition),
            timing=True,
        )

    def test24(c: Context) -> BoolColumn:
        return c.is_set("discharged_on") & (c["discharged_on"] >= _P2024_DAY)

    return Condition(
        "regulation_applies",
        "2024年9月1日以后退出现役（适用《退役军人安置条例》）",
        test24,
        reason_failed="2024年9月1日以前退出现役的，按退役时施行的《退役士兵安置条例》(2011)"
        "安置：请以退役日期评估",
        citation=_cite("in_force", edition),
        timing=True,
    )


def _soldier_cond(edition: str, key: str) -> Condition:
    word = _soldier_word(edition)

    def test(c: Context) -> BoolColumn:
        return c["service_kind"].isin(ServiceKind.CONSCRIPT, ServiceKind.NCO)

    return Condition(
        "soldier",
        f"退役{word}或义务兵",
        test,
        reason_failed=f"本条只适用于退役{word}和义务兵，军官另有安置规定",
        citation=_cite(key, edition),
    )


def _route_cond(edition: str, route: PlacementRoute, key: str, label: str) -> Condition:
    def test(c: Context) -> BoolColumn:
        return c["placement_route"] == route

    return Condition(
        f"{route.value}_route",
        f"以{label}方式安置",
        test,
        reason_failed=f"安置方式不是{label}（或未录入安置方式）",
        citation=_cite(key, edition),
    )


def _reported_in_time(edition: str) -> Condition:
    """30 days to report, and settlement benefits are forfeited only when the report is more than
    30 days past that time *without good reason* (2024 第51条第2款; 2011 第13条第1款、第17条)."""

    def test(c: Context) -> BoolColumn:
        due = c.param("placement.reporting_days")
        grace = c.param("placement.late_reporting_days")
        last = c["discharged_on"] + (due + grace)  # whole days
        late_report = c.is_set("reported_on") & (c["reported_on"] > last)
        never_reported = ~c.is_set("reported_on") & (c.on > last)
        return ~(late_report | never_reported) | c["reporting_delay_justified"]

    return Condition(
        "reported_in_time",
        "按规定时间报到（自批准退出现役之日起30日内；逾期不超过30日或有正当理由的不视为放弃）",
        test,
        reason_failed="自批准退出现役之日起30日内未报到，逾期超过30日且无经认定的正当理由，"
        "视为放弃安置待遇",
        citation=_cite("reporting", edition),
        reason_met="按规定时间报到，或逾期未超过30日，或逾期有经认定的正当理由",
    )


_REPORTING_PARAMETERS = ("placement.reporting_days", "placement.late_reporting_days")
"""What :func:`_reported_in_time` reads."""

_SELF_EMPLOYED_READS = (
    "service_kind",
    "enlisted_on",
    "discharged_on",
    "placement_route",
    "reported_on",
    "reporting_delay_justified",
)
"""The fields :func:`_self_employed` reads (add the rule's own)."""


def _self_employed(edition: str, key: str) -> list[Condition]:
    """The conditions every payment to a self-employed (自主就业) veteran shares: discharged,
    under the regulation of the discharge date, a soldier, the route, reported in time."""
    return [
        _discharged_cond(edition, key),
        _regulation_applies(edition),
        _soldier_cond(edition, key),
        _route_cond(edition, PlacementRoute.SELF_EMPLOYMENT, "self_employment", "自主就业"),
        _reported_in_time(edition),
    ]


# -- conscript_family_allowance ------------------------------------------------------------------
INDEX_TYPES = (
    "urban_disposable_income",
    "rural_disposable_income",
    "resident_disposable_income",
    "resident_consumption_expenditure",
)
"""What a province may index the 优待金 to (codes 1–4 of the ``index_type`` parameter)."""

BY_FAMILY_RESIDENCE = len(INDEX_TYPES) + 1
"""``index_type`` 5: the family's own statistic, urban or rural by its 户籍 (the row's
``family_residence``): 城镇居民人均可支配收入 for an urban family, 农村居民 for a rural one."""


def _index_kind(c: Context) -> Any:
    """Per row, the statistic the province indexes the 优待金 to (``index_type`` 1–5); a
    family indexed by its own 户籍 whose 户籍 is not recorded is undetermined, naming it."""
    code = np.asarray(c.param("conscript_family_allowance.index_type"))
    own = code == BY_FAMILY_RESIDENCE
    known = c.is_set("family_residence")
    c.mark_undetermined(
        own & ~np.asarray(known),
        "本省按家庭户籍（城镇、农村）分别确定优待金基数，但未录入家庭户籍（family_residence）"
        " / the province indexes by the family's urban or rural registration: family_residence "
        "is not recorded",
    )
    urban = np.asarray(c["family_residence"] == Residence.URBAN)
    return choose(
        [*(code == i + 1 for i in range(len(INDEX_TYPES))), own & urban, own],
        [*INDEX_TYPES, "urban_disposable_income", "rural_disposable_income"],
    )


def _was_conscript(c: Context) -> BoolColumn:
    kind = c["service_kind"]
    plain = (kind == ServiceKind.CONSCRIPT) & ~c.is_set("nco_grade")
    # a conscript since selected as an NCO or officer served as a conscript before promoted_on
    promoted = kind.isin(ServiceKind.NCO, ServiceKind.OFFICER) & c.is_set("promoted_on")
    return plain | promoted


def _counting_stops(c: Context) -> Any:
    """The first of discharge, death, promotion and entry to an academy (9999-12-31 if none)."""

    def compute() -> Any:
        far = np.datetime64("9999-12-31", "D")
        stop = np.full(c.n, far)
        for name in ("discharged_on", "died_on", "promoted_on", "entered_academy_on"):
            col = np.asarray(c[name])
            stop = np.where(np.isnat(col), stop, np.minimum(stop, col))
        return stop

    return c.cached("cfa_stop", compute)


def _not_before(name: str) -> Callable[[Context], BoolColumn]:
    def test(c: Context) -> BoolColumn:
        return ~c.is_set(name) | (c.on < c[name])

    return test


def _within_payment_years(c: Context) -> BoolColumn:
    years = c.param("conscript_family_allowance.payment_years")
    end = add_months(c["enlisted_on"], years * 12)
    result: BoolColumn = c.on < end
    return result


def _honoured_in_year(c: Context, year_start: Any, year_end: Any) -> Any:
    """Rows whose highest award (``conscript_award``) was given within the service year
    evaluated (本库解读：“当年”按服役年度); an award without its date is undetermined."""
    has = np.asarray(c.is_set("conscript_award"))
    dated = np.asarray(c.is_set("conscript_award_on"))
    c.mark_undetermined(
        has & ~dated,
        "已录入所获奖励，但未录入授予日期（conscript_award_on），无法确定增发哪个服役年度的"
        "优待金 / conscript_award is recorded without its date (conscript_award_on)",
    )
    on = np.asarray(c["conscript_award_on"])
    return has & dated & (on >= np.asarray(year_start)) & (on < np.asarray(year_end))


def _cfa_amount(c: Context) -> FenColumn:
    at = previous_year(c)
    kind = _index_kind(c)
    index = np.asarray(
        c.table("conscript_family_allowance.index", at=at).lookup(index_type=kind), dtype=np.int64
    )
    ratio: RatioColumn = c.param("conscript_family_allowance.ratio")
    hardship = np.asarray(c["hardship_posting"])
    student = np.asarray(c["student_enlistee"])
    # what applies, blocks: a province that has not set the multiplier or the student top-ups
    # leaves only the families they apply to undetermined (issue 11 §5); the multiplier may be
    # set per posting region (西藏, 新疆, other), issue 11 §3
    mult: RatioColumn = c.param("conscript_family_allowance.hardship_multiplier", rows=hardship)
    extra = np.asarray(
        c.param("conscript_family_allowance.student_extra", rows=student), dtype=np.int64
    )
    share: RatioColumn = c.param("conscript_family_allowance.student_share", rows=student)
    one_off = np.asarray(
        c.param("conscript_family_allowance.student_one_off", rows=student), dtype=np.int64
    )
    m_num = np.where(hardship, np.asarray(mult.num, dtype=np.int64), mult.den)
    s_num = np.where(student, np.asarray(share.num, dtype=np.int64), 0)
    r_num = np.asarray(ratio.num, dtype=np.int64)
    # the service year that contains the evaluated date, and how much of it is served
    enlisted = c["enlisted_on"]
    months_in, _ = service_months(enlisted, np.full(c.n, c.on))
    year_no = np.maximum(months_in, 0) // 12
    year_start = add_months(enlisted, year_no * 12)
    year_end = add_months(enlisted, year_no * 12 + 12)
    # honours (issue 11 §3): the year's highest award adds a share of the standard and/or a
    # one-off sum to that service year's allowance; only those families read the figures
    honoured = _honoured_in_year(c, year_start, year_end)
    h_share = c.table("conscript_family_allowance.honours_share", rows=honoured).lookup(
        award=c["conscript_award"], rows=honoured
    )
    h_once = np.asarray(
        c.table("conscript_family_allowance.honours_one_off", rows=honoured).lookup(
            award=c["conscript_award"], rows=honoured
        ),
        dtype=np.int64,
    )
    h_num = np.where(honoured, np.asarray(h_share.num, dtype=np.int64), 0)
    den = ratio.den * mult.den * share.den * h_share.den
    years = np.asarray(c.param("conscript_family_allowance.payment_years"))
    cap = add_months(enlisted, years * 12)
    stop = np.minimum(np.minimum(_counting_stops(c), year_end), cap)
    mm, dd = service_months(year_start, stop)
    interval = c.param("conscript_family_allowance.payment_interval_months")
    counted = np.minimum(counted_months(mm, dd, interval), 12)
    # (index × ratio × multiplier × (1 + student share) + student extra) × counted/12, plus a
    # student's one-off sum with the first service year, exactly, rounded once
    standard = index * r_num * m_num
    tops = share.den * h_share.den + s_num * h_share.den + h_num * share.den
    yearly_scaled = standard * tops + np.where(student, extra, 0) * den
    first_year = student & (year_no == 0)
    once = (np.where(first_year, one_off, 0) + np.where(honoured, h_once, 0)) * den * 12
    return c.scale(
        yearly_scaled * counted + once,
        RatioColumn(1, 1),
        divisor=den * 12,
        rounding=c.param("conscript_family_allowance.rounding"),
        label="（上年度指标×比例×艰苦地区倍数×（1＋大学生增发比例＋立功受奖增发比例）＋大学生"
        "增发额）×本服役年度计发月数÷12（大学生第一个服役年度另加一次性增发额；获奖的服役年度"
        "另加立功受奖一次性增发额）",
    )


MILITARY_SERVICE_FROM = dt.date(2021, 10, 1)
"""The 2021 兵役法 in force (its 第65条): its 第50条 (the 优待金 system) is cited from then."""


def _conscript_family_allowance(edition: str, start: dt.date, end: dt.date | None) -> Rule:
    art = "第42条" if edition == "2024" else "第33条"
    main = cite(edition, art, "第1款")
    # 兵役法 (2021) 第50条 only from the day it took effect; before, no shipped text sets the
    # payment years, so the condition cites the 条例 and states the years as a provincial figure
    has_framework = start >= MILITARY_SERVICE_FROM
    framework = Citation("兵役法", "第50条", edition="2021") if has_framework else main
    years_text = (
        "在规定的发放年限内（原则上2年，示例）"
        if has_framework
        else "在规定的发放年限内（原则上2年，示例；2021年10月1日前无已收录的条文规定发放年限，"
        "按省级规定，解读）"
    )
    payer = "批准入伍地县级人民政府" if edition == "2024" else "当地人民政府"
    conditions = [
        Condition(
            "conscript",
            "义务兵（含其后选改为军士或提干的，计至选改之日）",
            _was_conscript,
            reason_failed="不是义务兵：优待金只发给义务兵家庭（义务兵不应有军士等级，人员类别与"
            "军士等级矛盾的按非义务兵处理）",
            citation=main,
        ),
        Condition(
            "enlistment_division_known",
            "已录入批准入伍地",
            lambda c: c.is_set("enlistment_division"),
            reason_failed=f"未录入批准入伍地，无法确定发放优待金的{payer}",
            citation=main,
        ),
        Condition(
            "enlisted",
            "评估日已批准入伍（自批准入伍起计算）",
            lambda c: c["enlisted_on"] <= c.on,
            reason_failed="评估日尚未入伍",
            citation=main,
        ),
        Condition(
            "in_service",
            "评估日仍在服现役",
            lambda c: _not_before("discharged_on")(c) & _not_before("died_on")(c),
            reason_failed="已退出现役（或已死亡）：优待金只在义务兵服现役期间发给",
            citation=main,
        ),
        Condition(
            "not_promoted",
            "未选改为军士或提干",
            _not_before("promoted_on"),
            reason_failed="已选改为军士或提拔为军官，自选改之日起不再是义务兵，停发优待金",
            citation=main,
        ),
        Condition(
            "not_in_academy",
            "未考入军队院校",
            _not_before("entered_academy_on"),
            reason_failed="已考入军队院校，停发优待金",
            citation=main,
        ),
        Condition(
            "within_payment_years",
            years_text,
            _within_payment_years,
            reason_failed="已超过义务兵家庭优待金的发放年限",
            citation=framework,
        ),
    ]
    if edition == "2019":
        conditions.append(not_suspended(edition))
    conditions.append(not_cancelled(edition))
    return Rule(
        id="conscript_family_allowance",
        label="义务兵家庭优待金",
        kind=RuleKind.BENEFIT,
        version=start.isoformat(),
        effective_from=start,
        effective_to=end,
        citations=tuple(dict.fromkeys((main, framework))),
        reads=(
            "service_kind",
            "nco_grade",
            "enlistment_division",
            "enlisted_on",
            "discharged_on",
            "died_on",
            "promoted_on",
            "entered_academy_on",
            "student_enlistee",
            "hardship_posting",
            "posting_division",
            "conscript_award",
            "conscript_award_on",
            "family_residence",
            *suspension_fields,
        ),
        parameters=(
            "conscript_family_allowance.index_type",
            "conscript_family_allowance.index",
            "conscript_family_allowance.ratio",
            "conscript_family_allowance.hardship_multiplier",
            "conscript_family_allowance.student_extra",
            "conscript_family_allowance.student_share",
            "conscript_family_allowance.student_one_off",
            "conscript_family_allowance.honours_share",
            "conscript_family_allowance.honours_one_off",
            "conscript_family_allowance.payment_years",
            "conscript_family_allowance.payment_interval_months",
            "conscript_family_allowance.rounding",
        ),
        conditions=tuple(conditions),
        amount=_cfa_amount,
        period=PaymentPeriod.YEAR,
        # paid by service year (from each anniversary of enlistment), every k months
        payment=PaidYearly("enlisted_on", "conscript_family_allowance.payment_interval_months"),
        division_field="enlistment_division",
        description=f"义务兵服现役期间，其家庭由{payer}发给优待金；标准由省级人民政府以当地"
        "上年度统计指标为基数确定，城乡统一，按服役年度计发（不满发放间隔的按一个间隔计），"
        "大学生入伍和艰苦地区服役的可增发。",
        properties=(NonNegative(), ZeroWhenIneligible()),
    )


# -- retirement_lump_sum -----------------------------------------------------------------------
AWARD_DIMENSION = (*(k.value for k in AwardKind), "none")


def _honour_increment(c: Context) -> RatioColumn:
    """The 退役金 increment as an exact ratio per row: the highest of the honours held, or
    their sum where ``retirement_lump_sum.honours_add_up`` is 1."""
    table = c.table("retirement_lump_sum.honour_increment")
    parts: list[tuple[Any, int]] = []
    everyone = np.ones(c.n, dtype=bool)
    none_held = everyone
    for kind in AwardKind:
        held = c.has_any("award_kinds", kind)
        none_held = none_held & ~np.asarray(held)
        if not np.asarray(held).any():
            continue  # reads nothing for anyone (only holders read the table, below)
        # only holders read this honour's cell, so a person's explanation shows the honours
        # that person holds, and only holders of an honour that has no figure under this
        # regulation become undetermined
        r = table.lookup(award=choose([held, everyone], [kind.value, "none"]), rows=held)
        parts.append((np.asarray(r.num, dtype=np.int64), r.den))
    if np.asarray(none_held).any():
        r = table.lookup(award=choose([everyone], ["none"]), rows=none_held)
        parts.append((np.asarray(r.num, dtype=np.int64), r.den))
    den = int(np.lcm.reduce([d for _, d in parts]))
    nums = [n * (den // d) for n, d in parts]
    stacked = np.vstack([np.broadcast_to(n, (c.n,)) for n in nums])
    add_up = np.asarray(c.param("retirement_lump_sum.honours_add_up")) == 1
    return RatioColumn(np.where(add_up, stacked.sum(axis=0), stacked.max(axis=0)), den)


def _lump_sum_amount(c: Context) -> FenColumn:
    per_year = np.asarray(c.param("retirement_lump_sum.per_year"), dtype=np.int64)
    months, days = _service(c)
    counted = counted_months(months, days, c.param("retirement_lump_sum.counting_unit_months"))
    inc = _honour_increment(c)
    return c.scale(
        per_year * counted * (inc.den + np.asarray(inc.num, dtype=np.int64)),
        RatioColumn(1, 1),
        divisor=12 * inc.den,
        rounding=c.param("retirement_lump_sum.rounding"),
        label="每年标准×计算的服现役月数÷12×（1＋立功受奖增发比例）",
    )


_PAID_BY_UNIT = (
    "一次性退役金由部队发给（2011年条例第19条第1款），不属于第17条逾期报到“视为放弃”的安置待遇："
    "逾期报到不影响（本库解读：第13条的报到对象是安置地人民政府主管部门，第17条的后果针对其"
    "安置待遇；条文未明定第17条是否及于由部队发给的退役金）"
)


def _not_forfeited_2011(c: Context) -> BoolColumn:
    # the reading stated in _PAID_BY_UNIT: nothing on the row can forfeit the unit's payment
    return np.ones(c.n, dtype=bool).view(Column)


def _retirement_lump_sum(edition: str, start: dt.date, end: dt.date | None) -> Rule:
    highest = (
        "多次获奖的按其中最高等级奖励的增发比例"
        if edition == "2011"
        else "条例未规定多次获奖如何计算，本库按最高一项（参数 retirement_lump_sum.honours_add_up）"
    )
    conditions = _self_employed(edition, "lump_sum")
    reads: tuple[str, ...] = (*_SELF_EMPLOYED_READS, "award_kinds")
    reporting: tuple[str, ...] = _REPORTING_PARAMETERS
    forfeiture = "逾期报到超过30日且无正当理由的视为放弃"
    if edition == "2011":
        # 2011: the unit pays on discharge (第19条第1款), before any report to the local
        # department is due; 第17条 forfeits what that department places. A reading, so it is a
        # condition of its own that every explanation shows, not a silent omission
        conditions = [
            *conditions[:-1],
            Condition(
                "not_forfeited",
                _PAID_BY_UNIT,
                _not_forfeited_2011,
                reason_failed="（不会不符合）",
                citation=_cite("lump_sum", edition),
                reason_met="由部队发给，逾期报到不视为放弃（本库解读）",
            ),
        ]
        reads = tuple(f for f in reads if f not in ("reported_on", "reporting_delay_justified"))
        reporting = ()
        forfeiture = "由部队发给，逾期报到不视为放弃（本库解读，见条件说明）"
    return Rule(
        id="retirement_lump_sum",
        label="一次性退役金",
        kind=RuleKind.BENEFIT,
        version=start.isoformat(),
        effective_from=start,
        effective_to=end,
        citations=tuple(
            dict.fromkeys(
                (
                    _cite("lump_sum", edition),
                    _cite("lump_sum_standard", edition),
                    _cite("service_counting", edition),
                    _cite("honours", edition),
                )
            )
        ),
        reads=reads,
        parameters=(
            "retirement_lump_sum.per_year",
            "retirement_lump_sum.counting_unit_months",
            "retirement_lump_sum.honour_increment",
            "retirement_lump_sum.honours_add_up",
            "retirement_lump_sum.rounding",
            *reporting,
        ),
        conditions=tuple(conditions),
        amount=_lump_sum_amount,
        period=PaymentPeriod.ONE_OFF,
        payment=PaidOnce("discharged_on", "退役"),
        description="自主就业的退役士兵（军士）和义务兵，按服现役年限发给一次性退役金，"
        f"服现役期间立功受奖的按比例增发；{highest}；{forfeiture}。按退役日期评估。",
        properties=(NonNegative(), ZeroWhenIneligible(), Bounded(maximum="2000000")),
    )


# -- local_settlement_subsidy --------------------------------------------------------------------
def _subsidy_amount(c: Context) -> FenColumn:
    base = np.asarray(c.param("local_settlement_subsidy.base"), dtype=np.int64)
    per_year = np.asarray(c.param("local_settlement_subsidy.per_year"), dtype=np.int64)
    months, days = _service(c)
    counted = counted_months(months, days, c.param("local_settlement_subsidy.counting_unit_months"))
    return c.scale(
        base * 12 + per_year * counted,
        RatioColumn(1, 1),
        divisor=12,
        rounding=c.param("local_settlement_subsidy.rounding"),
        label="定额＋每年标准×计算的服现役月数÷12",
    )


def _local_settlement_subsidy(edition: str, start: dt.date, end: dt.date | None) -> Rule:
    conditions = _self_employed(edition, "subsidy")
    return Rule(
        id="local_settlement_subsidy",
        label="地方一次性经济补助",
        kind=RuleKind.BENEFIT,
        version=start.isoformat(),
        effective_from=start,
        effective_to=end,
        citations=(_cite("subsidy", edition),),
        reads=_SELF_EMPLOYED_READS,
        parameters=(
            "local_settlement_subsidy.base",
            "local_settlement_subsidy.per_year",
            "local_settlement_subsidy.counting_unit_months",
            "local_settlement_subsidy.rounding",
            *_REPORTING_PARAMETERS,
        ),
        conditions=tuple(conditions),
        amount=_subsidy_amount,
        period=PaymentPeriod.ONE_OFF,
        payment=PaidOnce("discharged_on", "退役"),
        description="地方人民政府可以给予自主就业的退役士兵（军士）和义务兵一次性经济补助，"
        "标准及发放办法由省、自治区、直辖市人民政府制定；未设定地方标准时结果为“无法确定”。",
        properties=(NonNegative(), ZeroWhenIneligible()),
    )


# -- assigned_job ----------------------------------------------------------------------------
_TITLES = (AwardKind.MEDAL, AwardKind.NATIONAL_TITLE, AwardKind.CENTRAL_TITLE)


def _assigned_job_grounds(edition: str) -> Callable[[Context], BoolColumn]:
    def test(c: Context) -> BoolColumn:
        months, _ = _service(c)
        # 满12年: whole months of service against the statutory years (a figure of law)
        years = np.asarray(c.param("assigned_job.nco_minimum_service_years"), dtype=np.int64)
        nco_12 = (c["service_kind"] == ServiceKind.NCO) & (months >= years * 12)
        if edition == "2024":
            # 第25条第1款第(二)–(四)项: 勋章、荣誉称号; 三等战功、二等功以上; 一级表彰
            honours = c.has_any(
                "award_kinds",
                *_TITLES,
                AwardKind.WAR_MERIT_1,
                AwardKind.WAR_MERIT_2,
                AwardKind.WAR_MERIT_3,
                AwardKind.MERIT_1,
                AwardKind.MERIT_2,
                AwardKind.COMMENDATION_1,
            )
        else:
            # 第29条第1款第(二)项: 平时二等功以上 or 战时三等功以上 (战功 are wartime awards);
            # 荣誉称号 and 勋章 rank above 一等功
            honours = c.has_any(
                "award_kinds",
                *_TITLES,
                AwardKind.WAR_MERIT_1,
                AwardKind.WAR_MERIT_2,
                AwardKind.WAR_MERIT_3,
                AwardKind.MERIT_1,
                AwardKind.MERIT_2,
            )
        lvl = c["disability_level"]
        combat_5_8 = (c["disability_cause"] == DisabilityCause.COMBAT) & (lvl >= 5) & (lvl <= 8)
        return nco_12 | honours | combat_5_8 | c["martyr_child"]

    return test


def _no_exclusion(c: Context) -> BoolColumn:
    # 第35条第(二)项 受过刑事处罚: its own fact, the date the judgment took effect. Not the
    # suspension record: 第59条 suspends for 被通缉 too, and a warrant is not a penalty. A death
    # sentence or life imprisonment is a penalty; 开除军籍 is read under 第(三)项 (强制退役等)
    penalty = c.is_set("criminal_penalty_on") & (c["criminal_penalty_on"] <= c.on)
    cancelled = (
        c.is_set("cancellation_reason") & c.is_set("cancelled_on") & (c["cancelled_on"] <= c.on)
    )
    return ~(penalty | cancelled)


def _assigned_job(edition: str, start: dt.date, end: dt.date | None) -> Rule:
    word = _soldier_word(edition)
    grounds = (
        f"{word}服现役满12年；服现役期间获得勋章、荣誉称号，或荣获三等战功、二等功以上奖励，"
        "或获得一级表彰；因战致残被评定为5级至8级；是烈士子女（符合其一）"
        if edition == "2024"
        else f"{word}服现役满12年；服现役期间平时荣获二等功以上或战时荣获三等功以上奖励；"
        "因战致残被评定为5级至8级；是烈士子女（符合其一）"
    )
    conditions = [
        _discharged_cond(edition, "assigned_job"),
        _regulation_applies(edition),
        _soldier_cond(edition, "assigned_job"),
        Condition(
            "grounds",
            grounds,
            _assigned_job_grounds(edition),
            reason_failed=f"不符合安排工作的任何一项条件（{grounds}）",
            citation=_cite("assigned_job", edition),
        ),
    ]
    if edition == "2024":
        conditions.append(
            Condition(
                "not_excluded",
                "未受过刑事处罚（以受刑事处罚的判决生效日期 criminal_penalty_on 为准；中止发放"
                "记录含被通缉，不作刑事处罚）、未被开除军籍",
                _no_exclusion,
                reason_failed="受过刑事处罚（有判决生效日期记录，或被判处死刑、无期徒刑）或被开除"
                "军籍的，不以安排工作方式安置（被开除党籍的同样不安排工作：本库无此字段）",
                citation=Citation(DOC_2024, "第35条", edition="2024"),
            )
        )
    return Rule(
        id="assigned_job",
        label="安排工作",
        kind=RuleKind.ELIGIBILITY,
        version=start.isoformat(),
        effective_from=start,
        effective_to=end,
        citations=(_cite("assigned_job", edition),)
        + ((Citation(DOC_2024, "第35条", edition="2024"),) if edition == "2024" else ()),
        reads=(
            "service_kind",
            "enlisted_on",
            "discharged_on",
            "award_kinds",
            "disability_level",
            "disability_cause",
            "martyr_child",
            # 第35条 (2024 only): the penalty fact and the cancellation it implies
            *(
                ("criminal_penalty_on", "cancelled_on", "cancellation_reason")
                if edition == "2024"
                else ()
            ),
        ),
        parameters=("assigned_job.nco_minimum_service_years",),
        conditions=tuple(conditions),
        description="符合条件的退役士兵（军士）和义务兵，由安置地人民政府安排工作（也可选择"
        "自主就业）。按退役日期评估。",
    )


# -- state_support -----------------------------------------------------------------------------
def _graded_1_4(c: Context) -> BoolColumn:
    lvl = c["disability_level"]
    return (lvl >= 1) & (lvl <= 4)


def _support_kind(c: Context) -> BoolColumn:
    kind = c["service_kind"]
    grade = c["nco_grade"]
    needs_nco_grade(c, kind == ServiceKind.NCO)
    junior = ((kind == ServiceKind.CONSCRIPT) & ~c.is_set("nco_grade")) | (
        (kind == ServiceKind.NCO) & (grade == NcoGrade.JUNIOR)
    )
    senior = (kind == ServiceKind.NCO) & grade.isin(NcoGrade.INTERMEDIATE, NcoGrade.SENIOR)
    chose = (
        senior
        & c["disability_cause"].isin(DisabilityCause.COMBAT, DisabilityCause.DUTY)
        & (c["placement_route"] == PlacementRoute.STATE_SUPPORT)
    )
    return junior | chose


def _state_support(edition: str, start: dt.date, end: dt.date | None) -> Rule:
    word = _soldier_word(edition)
    conditions = [
        _discharged_cond(edition, "state_support"),
        _regulation_applies(edition),
        Condition(
            "graded_1_4",
            "被评定为1级至4级残疾等级",
            _graded_1_4,
            reason_failed="未被评定为1级至4级残疾等级，不由国家供养",
            citation=_cite("state_support", edition),
        ),
        Condition(
            "support_kind",
            f"义务兵或初级{word}；或因战、因公致残的中级以上{word}本人自愿放弃退休安置、"
            "选择国家供养",
            _support_kind,
            reason_failed=f"国家供养只适用于义务兵和初级{word}；中级以上{word}须因战、因公致残"
            "并本人选择放弃退休安置（安置方式录为供养）；人员类别与军士等级矛盾的不予认定",
            citation=_cite("state_support_choice", edition),
        ),
    ]
    return Rule(
        id="state_support",
        label="国家供养",
        kind=RuleKind.ELIGIBILITY,
        version=start.isoformat(),
        effective_from=start,
        effective_to=end,
        citations=(_cite("state_support", edition), _cite("state_support_choice", edition)),
        reads=(
            "service_kind",
            "nco_grade",
            "discharged_on",
            "disability_level",
            "disability_cause",
            "placement_route",
        ),
        conditions=tuple(conditions),
        description=f"被评定为1级至4级残疾等级的义务兵和初级{word}退出现役的，由国家供养终身。"
        "按退役日期评估。",
    )


# -- nco_retirement ----------------------------------------------------------------------------
def _intermediate_or_senior(c: Context) -> BoolColumn:
    nco = c["service_kind"] == ServiceKind.NCO
    needs_nco_grade(c, nco)
    return nco & c["nco_grade"].isin(NcoGrade.INTERMEDIATE, NcoGrade.SENIOR)


def _retirement_grounds(c: Context) -> BoolColumn:
    months, _ = _service(c)
    age = c.years_between(c["birth_date"], c["discharged_on"])
    lvl = c["disability_level"]
    disabled = (
        c["disability_cause"].isin(DisabilityCause.COMBAT, DisabilityCause.DUTY)
        & (lvl >= 1)
        & (lvl <= 6)
    )
    # 年满55周岁 / 服现役满30年: figures of law, dated parameters with their articles
    min_age = np.asarray(c.param("nco_retirement.minimum_age"), dtype=np.int64)
    min_years = np.asarray(c.param("nco_retirement.minimum_service_years"), dtype=np.int64)
    result: BoolColumn = (
        (age >= min_age) | (months >= min_years * 12) | disabled | c["serious_illness"]
    )
    return result


def _nco_retirement(edition: str, start: dt.date, end: dt.date | None) -> Rule:
    word = _soldier_word(edition)
    illness = (
        "患有严重疾病且经医学鉴定基本丧失工作能力"
        if edition == "2024"
        else "经军队医院证明和军级以上单位卫生部门审核确认因病基本丧失工作能力"
    )
    grounds = (
        f"退出现役时年满55周岁；服现役满30年；因战、因公致残被评定为1级至6级；{illness}（符合其一）"
    )
    conditions = [
        _discharged_cond(edition, "retirement"),
        _regulation_applies(edition),
        Condition(
            "intermediate_or_senior",
            f"中级以上{word}",
            _intermediate_or_senior,
            reason_failed=f"退休安置只适用于中级以上{word}",
            citation=_cite("retirement", edition),
        ),
        Condition(
            "grounds",
            grounds,
            _retirement_grounds,
            reason_failed=f"不符合退休安置的任何一项条件（{grounds}）",
            citation=_cite("retirement", edition),
        ),
    ]
    return Rule(
        id="nco_retirement",
        label=f"{word}退休安置",
        kind=RuleKind.ELIGIBILITY,
        version=start.isoformat(),
        effective_from=start,
        effective_to=end,
        citations=(_cite("retirement", edition),),
        reads=(
            "service_kind",
            "nco_grade",
            "birth_date",
            "enlisted_on",
            "discharged_on",
            "disability_level",
            "disability_cause",
            "serious_illness",
        ),
        parameters=("nco_retirement.minimum_age", "nco_retirement.minimum_service_years"),
        conditions=tuple(conditions),
        description=f"中级以上{word}退出现役，符合条件之一的作退休安置。按退役日期评估。",
    )


# -- awaiting_placement_allowance -----------------------------------------------------------------
def _reported_by_month_end(c: Context) -> BoolColumn:
    return c.is_set("reported_on") & (c["reported_on"] <= c.month_end)


def _not_prosecuted(c: Context) -> BoolColumn:
    # criminal liability while waiting (a sentence, deprivation or a warrant, as recorded in
    # the suspension fields; or a death sentence or life imprisonment) ends the entitlement
    # from that month on; before reporting it is the 第35条 matter of assigned_job
    start = c["reported_on"]
    prosecuted = (
        c.is_set("suspended_from")
        & (c["suspended_from"] >= start)
        & (c["suspended_from"] <= c.month_end)
    )
    cancelled = (
        c["cancellation_reason"].isin(
            CancellationReason.DEATH_SENTENCE, CancellationReason.LIFE_IMPRISONMENT
        )
        & c.is_set("cancelled_on")
        & (c["cancelled_on"] <= c.month_end)
    )
    return ~(prosecuted | cancelled)


def _not_yet_placed(c: Context) -> BoolColumn:
    # the waiting period ends when the veteran takes up the post: a month in which that
    # happens is not paid (a whole-month reading; the article does not say)
    result: BoolColumn = ~c.is_set("placed_on") | (c["placed_on"] > c.month_end)
    return result


def _awaiting_amount(path: str) -> Callable[[Context], FenColumn]:
    def amount(c: Context) -> FenColumn:
        return np.asarray(c.param(path), dtype=np.int64).view(Column)

    return amount


def _awaiting_placement_allowance(edition: str, start: dt.date, end: dt.date | None) -> Rule:
    word = _soldier_word(edition)
    path = (
        "awaiting_placement_allowance.minimum_wage"
        if edition == "2024"
        else "awaiting_placement_allowance.minimum_living_standard"
    )
    standard = "当地月最低工资标准" if edition == "2024" else "不低于当地最低生活水平的标准"
    conditions = [
        _soldier_cond(edition, "awaiting"),
        _route_cond(edition, PlacementRoute.ASSIGNED_JOB, "awaiting", "安排工作"),
        Condition(
            "reported",
            "已到安置地报到、待安排工作（自报到当月起）",
            _reported_by_month_end,
            reason_failed="尚未到安置地退役军人工作主管部门报到（或报到日期晚于计发月份）",
            citation=_cite("awaiting", edition),
        ),
        Condition(
            "not_yet_placed",
            "待安排工作期间：计发月份结束前尚未上岗（上岗当月起不再发给）",
            _not_yet_placed,
            reason_failed="已于计发月份或之前上岗，待安排工作期间已结束",
            citation=_cite("awaiting", edition),
            reason_met="尚未上岗",
        ),
        Condition(
            "alive",
            "本人在计发月份开始时健在（死亡当月照发、次月起停发：条文未规定，本库按整月解读）",
            lambda c: ~c.is_set("died_on") | (c["died_on"] >= c.month_start),
            reason_failed="本人已于计发月份之前死亡（死亡当月照发、次月起停发，本库解读）",
            citation=_cite("awaiting", edition),
        ),
        Condition(
            "not_prosecuted",
            "待安排工作期间未被依法追究刑事责任",
            _not_prosecuted,
            reason_failed="在待安排工作期间被依法追究刑事责任，取消其安排工作待遇",
            citation=_cite("awaiting_cancelled", edition),
        ),
    ]
    return Rule(
        id="awaiting_placement_allowance",
        label="待安排工作期间生活补助",
        kind=RuleKind.BENEFIT,
        version=start.isoformat(),
        effective_from=start,
        effective_to=end,
        citations=(_cite("awaiting", edition),),
        reads=(
            "service_kind",
            "placement_route",
            "reported_on",
            "placed_on",
            "died_on",
            *suspension_fields,
        ),
        parameters=(path,),
        conditions=tuple(conditions),
        amount=_awaiting_amount(path),
        period=PaymentPeriod.MONTH,
        description=f"安排工作的退役{word}和义务兵待安排工作期间，安置地人民政府按{standard}"
        "逐月发给生活补助；标准由地方设定，未设定时结果为“无法确定”。上岗之月起不再发给"
        "（按上岗日期 placed_on 判断；条文未明定上岗当月是否发给，本库按不发处理）。",
        properties=(
            NonNegative(),
            ZeroWhenIneligible(),
            Bounded(parameter=path),
            MonthsAddUp(),
        ),
    )


RULES: tuple[Rule, ...] = (
    _conscript_family_allowance("2019", V2019_FROM, MILITARY_SERVICE_FROM - dt.timedelta(days=1)),
    _conscript_family_allowance("2019", MILITARY_SERVICE_FROM, V2019_TO),
    _conscript_family_allowance("2024", V2024_FROM, None),
    _retirement_lump_sum("2011", P2011_FROM, P2011_TO),
    _retirement_lump_sum("2024", P2024_FROM, None),
    _local_settlement_subsidy("2011", P2011_FROM, P2011_TO),
    _local_settlement_subsidy("2024", P2024_FROM, None),
    _assigned_job("2011", P2011_FROM, P2011_TO),
    _assigned_job("2024", P2024_FROM, None),
    _state_support("2011", P2011_FROM, P2011_TO),
    _state_support("2024", P2024_FROM, None),
    _nco_retirement("2011", P2011_FROM, P2011_TO),
    _nco_retirement("2024", P2024_FROM, None),
    _awaiting_placement_allowance("2011", P2011_FROM, P2011_TO),
    _awaiting_placement_allowance("2024", P2024_FROM, None),
)
