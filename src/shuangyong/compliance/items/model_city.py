"""``model_city_assessment``: a scored 双拥模范城（县） assessment with a pass mark and vetoes.

What is sourced (domain notes §5.2, one secondary copy of the 《全国双拥模范城(县)考评标准(试行)》,
confidence L, so shipped as ``example`` with the source named):

* section 一 组织领导坚强有力, 6 points: items 1–5 and their points (2, 1, 1, 1, 1);
* section 二 宣传教育广泛深入, 5 points in total, and the wording of its item 6 only.

Not sourced, and marked ``example`` in every finding: the split of section 二's points, sections
三 and 四 (built from the other checklists), the pass mark, and the veto list (no official list of
一票否决 conditions was found; which incident kinds veto is the ``model_city_assessment.veto``
parameter). The version and current status of the standard are not confirmed.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from shuangyong.citations import Citation
from shuangyong.compliance.context import ItemContext, Outcome
from shuangyong.compliance.evidence import Incident, Record, SupportTeam
from shuangyong.compliance.items._common import (
    STANDARD,
    STANDARD_URL,
    activities,
    cite,
    documents,
    meetings,
    set_aside,
)
from shuangyong.compliance.items.five_inclusions import fiscal_budget
from shuangyong.compliance.items.leading_group import joint_office
from shuangyong.compliance.items.needs_lists import both_lists, resolution
from shuangyong.compliance.items.publicity import channels, signage, village_officers
from shuangyong.compliance.items.service_station import coverage, five_haves
from shuangyong.compliance.items.work_institutions import member_units
from shuangyong.compliance.kinds import ActivityKind, DocumentKind, MeetingKind
from shuangyong.compliance.model import Checklist, Item, PointsRef, Section

__all__ = ["CHECKLIST"]

_ID = "model_city_assessment"
_POINTS = f"{_ID}.points"
_L = "考评标准（试行）{}，分值见同一来源（单一二手来源，L，按示例处理）"
_EXAMPLE = "考评标准其余内容未找到来源：本项及分值为示例"


def _planning(ctx: ItemContext) -> Outcome:
    parts = []
    used: list[Record] = []
    notes: list[str] = []
    for kind, gap in (
        (DocumentKind.DEVELOPMENT_PLAN, "缺少：双拥写入经济和社会发展规划"),
        (DocumentKind.PERFORMANCE_ASSESSMENT, "缺少：双拥纳入党政军领导干部绩效考核"),
        (DocumentKind.GOVERNMENT_WORK_REPORT, "缺少：年度政府工作报告述及双拥"),
        (DocumentKind.ARMED_FORCES_PARTY_REPORT, "缺少：军分区（人武部）党委工作报告述及双拥"),
    ):
        docs, n = documents(ctx, kind)
        parts.append((bool(docs), gap))
        used += docs
        notes += n
    return Outcome.of_parts(parts, used, notes)


def _meetings(ctx: ItemContext) -> Outcome:
    parts = []
    used: list[Record] = []
    notes: list[str] = []
    for key, kind in (
        ("party_military_affairs", MeetingKind.PARTY_MILITARY_AFFAIRS),
        ("joint_meeting", MeetingKind.JOINT_MILITARY_CIVIL),
        ("leading_group_meeting", MeetingKind.LEADING_GROUP_PLENARY),
    ):
        need = int(ctx.param("work_institutions.frequency", key))
        held, n = meetings(ctx, kind)
        parts.append((len(held) >= need, f"缺少：{kind.label}（应 {need} 次，已 {len(held)} 次）"))
        used += held
        notes += n
    return Outcome.of_parts(parts, used, notes)


def _member_units(ctx: ItemContext) -> Outcome:
    kinds = (DocumentKind.MEMBER_UNIT_PLAN, DocumentKind.MEMBER_UNIT_REPORT)
    return member_units(ctx, kinds, 1)


def _education_system(ctx: ItemContext) -> Outcome:
    docs, notes = documents(ctx, DocumentKind.EDUCATION_SYSTEM_PLAN)
    gap = "缺少：国防教育和双拥教育纳入国民教育体系及宣传、教育、文化、广电、新闻部门工作计划的文件"
    return Outcome.of_parts([(bool(docs), gap)], docs, notes)


def _joint_work(ctx: ItemContext) -> Outcome:
    support, n1 = activities(ctx, ActivityKind.TROOP_SUPPORT)
    pairs, n2 = activities(ctx, ActivityKind.JOINT_CONSTRUCTION)
    return Outcome.of_parts(
        [
            (bool(support), f"缺少：{ctx.year}年部队支援地方建设记录"),
            (bool(pairs), f"缺少：{ctx.year}年军民共建结对记录"),
        ],
        [*support, *pairs],
        [*n1, *n2],
    )


def _visits(ctx: ItemContext) -> Outcome:
    """Visits to troops and families in the year; what they brought and counted is noted."""
    visits, notes = activities(ctx, ActivityKind.VISIT)
    if visits:
        brought = sorted({d.label for v in visits for d in v.delivers})
        times = sum(v.times or 1 for v in visits)
        notes.append(
            f"走访慰问记录 {len(visits)} 条，计 {times} 次"
            + (f"；慰问内容：{'、'.join(brought)}" if brought else "")
        )
    return Outcome.of_parts([(bool(visits), f"缺少：{ctx.year}年走访慰问记录")], visits, notes)


def _honouring(ctx: ItemContext) -> Outcome:
    """喜报 sent to families and 光荣牌 hung in the year."""
    news, n1 = activities(ctx, ActivityKind.MERIT_NEWS)
    plaques, n2 = activities(ctx, ActivityKind.PLAQUE_HANGING)
    return Outcome.of_parts(
        [
            (bool(news), f"缺少：{ctx.year}年送喜报记录"),
            (bool(plaques), f"缺少：{ctx.year}年悬挂光荣牌记录"),
        ],
        [*news, *plaques],
        [*n1, *n2],
    )


def _support_teams(ctx: ItemContext) -> Outcome:
    """A support team active in the year."""
    teams = [t for t in ctx.evidence.of_type(SupportTeam) if t.active_in(ctx.year)]
    idle = [t for t in ctx.evidence.of_type(SupportTeam) if t not in teams]
    notes = set_aside(idle, ctx, f"{ctx.year} 年未存续（成立或撤销日期）")
    if teams:
        notes.append(f"拥军服务队 {len(teams)} 支，队员 {sum(t.members for t in teams)} 人")
    gap = f"缺少：{ctx.year}年存续的拥军服务队"
    return Outcome.of_parts([(bool(teams), gap)], teams, notes)


def _veto(ctx: ItemContext) -> Outcome:
    all_ = ctx.evidence.of_type(Incident)
    year = [i for i in all_ if ctx.in_year(i.date)]
    notes = set_aside([i for i in all_ if i not in year], ctx, f"不在考评年度 {ctx.year} 内")
    vetoing = [i for i in year if int(ctx.param(f"{_ID}.veto", i.kind.value)) == 1]
    others = [i for i in year if i not in vetoing]
    notes += set_aside(others, ctx, "依参数 model_city_assessment.veto 不构成否决")
    if not vetoing:
        return Outcome(Fraction(1), tuple(others), (), tuple(notes))
    gaps = tuple(f"一票否决：{i.kind.label} — {i.title}（{i.date.isoformat()}）" for i in vetoing)
    notes.append("否决事项清单为示例参数：未找到官方的一票否决条件")
    return Outcome(Fraction(0), tuple(vetoing), gaps, tuple(notes))


def _item(
    key: str,
    label: str,
    fn: Callable[[ItemContext], Outcome],
    basis: str,
    reads: tuple[str, ...],
    *cites: Citation,
) -> Item:
    section, _, name = key.partition(".")
    return Item(
        id=f"{_ID}.{key}",
        label=label,
        evaluate=fn,
        points=PointsRef(_POINTS, f"{section}_{name}"),
        citations=cites,
        basis=basis,
        reads=reads,
    )


def _std(part: str) -> Citation:
    return cite(STANDARD, part, url=STANDARD_URL)


CHECKLIST = Checklist(
    id=_ID,
    label="双拥模范城（县）考评",
    description="按《全国双拥模范城(县)考评标准(试行)》的结构计分（仅第一、二部分有二手来源），"
    "设及格线与一票否决。",
    pass_mark=f"{_ID}.pass_mark",
    sections=(
        Section(
            id="leadership",
            label="一、组织领导坚强有力",
            basis="第一部分6分及各项分值见考评标准（试行）（单一二手来源，L）",
            items=(
                _item(
                    "leadership.planning",
                    "双拥写入发展规划、纳入领导干部绩效考核、政府工作报告和军分区（人武部）党委工作报告述及双拥",
                    _planning,
                    _L.format("第一部分第1项（每项0.5分）"),
                    ("document",),
                    _std("第一部分第1项"),
                ),
                _item(
                    "leadership.meetings",
                    "召开党委议军会、军地联席会议，领导小组每年至少召开一次全体会议",
                    _meetings,
                    _L.format("第一部分第2项") + "；频次取 work_institutions.frequency",
                    ("meeting",),
                    _std("第一部分第2项"),
                ),
                _item(
                    "leadership.member_units",
                    "成员单位职责明确，有年度计划和总结，每年报告工作",
                    _member_units,
                    _L.format("第一部分第3项"),
                    ("leading_group", "document", "unit"),
                    _std("第一部分第3项"),
                ),
                _item(
                    "leadership.joint_office",
                    "双拥办军地合署办公（县级：军队人员经常参与）",
                    joint_office,
                    _L.format("第一部分第4项"),
                    ("leading_group",),
                    _std("第一部分第4项"),
                ),
                _item(
                    "leadership.funding",
                    "走访慰问部队和重点优抚对象经费列入财政预算，有拨付凭证",
                    fiscal_budget,
                    _L.format("第一部分第5项"),
                    ("document",),
                    _std("第一部分第5项"),
                ),
            ),
        ),
        Section(
            id="education",
            label="二、宣传教育广泛深入",
            basis="第二部分总分5分及第6项内容见考评标准（试行）（L）；各项分值划分与其余各项为示例",
            items=(
                _item(
                    "education.education_system",
                    "国防教育和双拥教育纳入国民教育体系和宣传、教育、文化、广电、新闻部门工作计划",
                    _education_system,
                    "内容见考评标准（试行）第二部分第6项（L）；分值为示例",
                    ("document",),
                    _std("第二部分第6项"),
                ),
                _item(
                    "education.channels",
                    "报纸、电视、广播、网络开展双拥宣传",
                    channels,
                    _EXAMPLE,
                    ("publicity_channel",),
                    cite("国防教育法", "第25条", "2024"),
                ),
                _item(
                    "education.village_officers",
                    "村级双拥宣传员覆盖",
                    village_officers,
                    _EXAMPLE,
                    ("publicity_officer", "village_group"),
                ),
                _item(
                    "education.signage",
                    "双拥宣传栏、标语、公益广告等宣传阵地",
                    signage,
                    _EXAMPLE,
                    ("signage",),
                ),
            ),
        ),
        Section(
            id="support_army",
            label="三、拥军优属扎实有效（示例部分）",
            basis="考评标准第三部分及以后未找到来源：本部分结构与分值为示例",
            items=(
                _item(
                    "support_army.five_haves",
                    "退役军人服务中心（站）“五有”",
                    five_haves,
                    _EXAMPLE,
                    ("station",),
                    cite("退役军人保障法", "第65条", "2020"),
                ),
                _item(
                    "support_army.coverage",
                    "服务站区、乡、村三级全覆盖",
                    coverage,
                    _EXAMPLE,
                    ("station",),
                    cite("退役军人保障法", "第65条", "2020"),
                ),
                _item(
                    "support_army.visits",
                    "走访慰问部队和优抚对象（含“五送”）",
                    _visits,
                    _EXAMPLE,
                    ("activity",),
                ),
                _item(
                    "support_army.honouring",
                    "为立功受奖军人家庭送喜报、为军人军属家庭悬挂光荣牌",
                    _honouring,
                    _EXAMPLE,
                    ("activity",),
                ),
                _item(
                    "support_army.support_teams",
                    "组建拥军服务队",
                    _support_teams,
                    _EXAMPLE,
                    ("support_team",),
                ),
                _item(
                    "support_army.needs_resolution",
                    "军地需求清单事项按时解决",
                    resolution,
                    _EXAMPLE,
                    ("needs_item",),
                ),
            ),
        ),
        Section(
            id="support_government",
            label="四、拥政爱民成果显著（示例部分）",
            basis="考评标准第三部分及以后未找到来源：本部分结构与分值为示例",
            items=(
                _item(
                    "support_government.joint_work",
                    "部队支援地方建设、军民共建结对",
                    _joint_work,
                    _EXAMPLE,
                    ("activity",),
                ),
                _item(
                    "support_government.needs_lists",
                    "部队需求、地方需求两张清单均已建立",
                    both_lists,
                    _EXAMPLE,
                    ("needs_item",),
                ),
            ),
        ),
        Section(
            id="veto",
            label="一票否决（示例）",
            basis="未找到官方的一票否决条件：否决事项由示例参数 model_city_assessment.veto 决定",
            items=(
                Item(
                    id=f"{_ID}.veto",
                    label="无一票否决事项",
                    evaluate=_veto,
                    basis="未找到官方的一票否决条件（示例）",
                    reads=("incident",),
                    veto=True,
                ),
            ),
        ),
    ),
)
