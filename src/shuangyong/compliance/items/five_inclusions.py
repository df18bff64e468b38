"""``five_inclusions``: "五纳入五统一".

Each item has two halves: the 纳入 (the work is written into a plan, an agenda, a budget, an
assessment scheme, the spiritual-civilisation programme) and its 统一 action (deployed, led,
funded, assessed, implemented in the year). Both halves met: met; one: partly met (half the
points); neither: not met.

Provenance: "五纳入" and "五统一" are not found as official named lists (domain notes §5.3).
Four of the five 纳入 correspond to items of the trial assessment standard (one secondary source,
L); "纳入党委政府议事日程" has no source. The requirement is therefore ``example``; the statutes
cited are the general duties these items rest on. Points are the ``five_inclusions.points``
parameter (``example``).
"""

from __future__ import annotations

from collections.abc import Callable

from shuangyong.citations import Citation
from shuangyong.compliance.context import ItemContext, Outcome
from shuangyong.compliance.evidence import Record
from shuangyong.compliance.items._common import (
    STANDARD,
    STANDARD_URL,
    activities,
    cite,
    documents,
    leading_groups,
    meetings,
)
from shuangyong.compliance.kinds import (
    ActivityKind,
    DocumentKind,
    MeetingKind,
    Position,
    Role,
)
from shuangyong.compliance.model import Checklist, Item, PointsRef, Section

__all__ = ["CHECKLIST", "fiscal_budget"]

_POINTS = "five_inclusions.points"
_NOT_LISTED = "“五纳入”“五统一”未见官方成文清单（示例）"


def _development_plan(ctx: ItemContext) -> Outcome:
    plans, n1 = documents(ctx, DocumentKind.DEVELOPMENT_PLAN)
    deploy, n2 = documents(ctx, DocumentKind.ANNUAL_DEPLOYMENT)
    return Outcome.of_parts(
        [
            (bool(plans), f"缺少：{ctx.year}年适用的经济和社会发展规划（含双拥内容）"),
            (bool(deploy), f"缺少：{ctx.year}年度双拥工作部署（统一部署）文件"),
        ],
        [*plans, *deploy],
        [*n1, *n2],
    )


def _party_agenda(ctx: ItemContext) -> Outcome:
    agenda, n1 = documents(ctx, DocumentKind.PARTY_COMMITTEE_AGENDA)
    sessions, n2 = meetings(ctx, MeetingKind.PARTY_STANDING_COMMITTEE)
    need = int(ctx.param("five_inclusions.party_agenda_per_year"))
    groups, n3 = leading_groups(ctx)
    led = [
        g
        for g in groups
        if any(m.position is Position.PARTY_SECRETARY for m in g.with_role(Role.LEADER))
    ]
    held = len(agenda) + len(sessions)
    used: list[Record] = [*agenda, *sessions, *led]
    return Outcome.of_parts(
        [
            (
                held >= need,
                f"缺少：党委、政府研究双拥工作的议题 {need - held} 次"
                f"（{ctx.year}年应至少 {need} 次，已有 {held} 次）",
            ),
            (bool(led), "缺少：由党委书记任组长的双拥工作领导小组（统一领导）"),
        ],
        used,
        [*n1, *n2, *n3],
    )


def fiscal_budget(ctx: ItemContext) -> Outcome:
    """Budgeted 双拥 funds with a stated amount, and disbursement vouchers, for the year."""
    budgets, n1 = documents(ctx, DocumentKind.FISCAL_BUDGET)
    funded = [d for d in budgets if d.budget_amount is not None and d.budget_amount.amount > 0]
    vouchers, n2 = documents(ctx, DocumentKind.DISBURSEMENT_VOUCHER)
    notes = [*n1, *n2]
    unfunded = [d for d in budgets if d not in funded]
    if unfunded:
        notes.append("预算文件未列明双拥经费金额：" + "、".join(d.id for d in unfunded))
    return Outcome.of_parts(
        [
            (bool(funded), f"缺少：{ctx.year}年财政预算中列明金额的双拥经费"),
            (bool(vouchers), f"缺少：{ctx.year}年双拥经费拨付凭证（统一安排）"),
        ],
        [*funded, *vouchers],
        notes,
    )


def _performance_assessment(ctx: ItemContext) -> Outcome:
    schemes, n1 = documents(ctx, DocumentKind.PERFORMANCE_ASSESSMENT)
    with_indicator = [d for d in schemes if d.indicators]
    results, n2 = documents(ctx, DocumentKind.ASSESSMENT_RESULT)
    notes = [*n1, *n2]
    if len(with_indicator) < len(schemes):
        notes.append(
            "考核方案未列出双拥指标名称：" + "、".join(d.id for d in schemes if not d.indicators)
        )
    return Outcome.of_parts(
        [
            (bool(with_indicator), f"缺少：{ctx.year}年含双拥指标的绩效考核方案"),
            (bool(results), f"缺少：{ctx.year}年双拥工作考核结果（统一考核）"),
        ],
        [*with_indicator, *results],
        notes,
    )


def _defense_education(ctx: ItemContext) -> Outcome:
    plans, n1 = documents(ctx, DocumentKind.DEFENSE_EDUCATION_PLAN)
    acts, n2 = activities(ctx, ActivityKind.DEFENSE_EDUCATION)
    return Outcome.of_parts(
        [
            (bool(plans), f"缺少：{ctx.year}年将全民国防教育纳入精神文明建设的计划"),
            (bool(acts), f"缺少：{ctx.year}年国防教育活动记录（统一实施）"),
        ],
        [*plans, *acts],
        [*n1, *n2],
    )


def _item(
    key: str,
    label: str,
    fn: Callable[[ItemContext], Outcome],
    basis: str,
    reads: tuple[str, ...],
    *cites: Citation,
) -> Item:
    return Item(
        id=f"five_inclusions.{key}",
        label=label,
        evaluate=fn,
        points=PointsRef(_POINTS, key),
        citations=cites,
        basis=f"{_NOT_LISTED}；{basis}；分值为示例",
        reads=reads,
    )


_STD_1_1 = cite(STANDARD, "第一部分第1项", url=STANDARD_URL)
_STD_1_5 = cite(STANDARD, "第一部分第5项", url=STANDARD_URL)
_STD_2_6 = cite(STANDARD, "第二部分第6项", url=STANDARD_URL)

CHECKLIST = Checklist(
    id="five_inclusions",
    label="五纳入五统一",
    description="双拥工作纳入规划、议事日程、财政预算、绩效考核和精神文明建设，并统一部署、领导、安排、考核、实施。",
    sections=(
        Section(
            id="five_inclusions",
            label="五纳入五统一",
            basis=_NOT_LISTED,
            items=(
                _item(
                    "development_plan",
                    "纳入经济和社会发展总体规划，统一部署",
                    _development_plan,
                    "“纳入规划”见考评标准（试行）第一部分第1项（单一二手来源，L）",
                    ("document",),
                    _STD_1_1,
                    cite("国防教育法", "第28条", "2024"),
                ),
                _item(
                    "party_agenda",
                    "纳入党委政府议事日程，统一领导",
                    _party_agenda,
                    "“纳入党委政府议事日程”未找到来源；研究次数为示例参数",
                    ("document", "meeting", "leading_group"),
                ),
                _item(
                    "fiscal_budget",
                    "经费纳入财政预算，统一安排",
                    fiscal_budget,
                    "“经费纳入财政预算并有拨付凭证”见考评标准（试行）第一部分第5项（L）",
                    ("document",),
                    _STD_1_5,
                ),
                _item(
                    "performance_assessment",
                    "纳入绩效考核目标，统一考核",
                    _performance_assessment,
                    "“纳入领导干部绩效考核”见考评标准（试行）第一部分第1项（L）",
                    ("document",),
                    _STD_1_1,
                    cite("军人地位和权益保障法", "第8条", "2021"),
                    cite("兵役法", "第10条", "2021", paragraph="第2款"),
                ),
                _item(
                    "defense_education",
                    "全民国防教育纳入精神文明建设，统一实施",
                    _defense_education,
                    "国防教育纳入国民教育体系见考评标准（试行）第二部分第6项（L）",
                    ("document", "activity"),
                    _STD_2_6,
                    cite("国防教育法", "第24条", "2024"),
                    cite("国防教育法", "第28条", "2024"),
                ),
            ),
        ),
    ),
)
