"""``leading_group``: the 双拥工作领导小组 and its standing office.

Provenance: that the party secretary leads and the head of government deputises, and that a
standing office with a named director exists, are common practice but not read in a source here
(``example``). The joint military–civil staffing of the office is item 4 of section 一 of the
trial assessment standard (one secondary source, L): at prefecture level and above the office is
staffed jointly; at county level military staff take part regularly.
"""

from __future__ import annotations

from fractions import Fraction

from shuangyong.compliance.context import ItemContext, Outcome
from shuangyong.compliance.evidence import LeadingGroup
from shuangyong.compliance.items._common import STANDARD, STANDARD_URL, cite, leading_groups
from shuangyong.compliance.kinds import Position, Role
from shuangyong.compliance.model import Checklist, Item, PointsRef, Section
from shuangyong.domain.divisions import DivisionLevel

__all__ = ["CHECKLIST", "joint_office"]

_POINTS = "leading_group.points"
_MISSING = "缺少：双拥工作领导小组（组建或调整文件及成员名单）"


def _role_check(ctx: ItemContext, role: Role, position: Position, what: str) -> Outcome:
    groups, notes = leading_groups(ctx)
    if not groups:
        return Outcome.of_parts([(False, _MISSING)], notes=notes)
    ok = [g for g in groups if any(m.position is position for m in g.with_role(role))]
    if ok:
        return Outcome.of_parts([(True, "")], ok, notes)
    gaps = []
    for g in groups:
        holders = g.with_role(role)
        if not holders:
            gaps.append(f"领导小组 {g.id} 缺少：{role.label}（应由{position.label}担任）")
        else:
            names = "、".join(f"{m.name}（{m.position.label}）" for m in holders)
            gaps.append(f"领导小组 {g.id} 的{role.label}为 {names}，{what}")
    return Outcome(Fraction(0), tuple(groups), tuple(gaps), tuple(notes))


def _leader(ctx: ItemContext) -> Outcome:
    return _role_check(ctx, Role.LEADER, Position.PARTY_SECRETARY, "应由党委书记担任组长")


def _deputy(ctx: ItemContext) -> Outcome:
    return _role_check(ctx, Role.DEPUTY, Position.GOVERNMENT_HEAD, "应由政府主要负责人担任副组长")


def _office(ctx: ItemContext) -> Outcome:
    groups, notes = leading_groups(ctx)
    if not groups:
        return Outcome.of_parts([(False, _MISSING)], notes=notes)
    with_office = [g for g in groups if g.office is not None]
    named = [g for g in with_office if g.office is not None and g.office.director]
    return Outcome.of_parts(
        [
            (bool(with_office), "缺少：领导小组常设办事机构（双拥办）"),
            (bool(named), "缺少：双拥办主任（未明确人选）"),
        ],
        named or with_office or groups,
        notes,
    )


def _jointly_ok(g: LeadingGroup, county: bool) -> bool:
    if g.office is None:
        return False
    return g.office.jointly_staffed or (county and g.office.military_staff > 0)


def joint_office(ctx: ItemContext) -> Outcome:
    """军地合署办公 (reused by the model-city assessment, section 一 item 4)."""
    groups, notes = leading_groups(ctx)
    if not groups:
        return Outcome.of_parts([(False, _MISSING)], notes=notes)
    county = ctx.division.level in (
        DivisionLevel.COUNTY,
        DivisionLevel.TOWNSHIP,
        DivisionLevel.VILLAGE,
    )
    ok = [g for g in groups if _jointly_ok(g, county)]
    need = (
        "缺少：军队人员经常参与双拥办工作（县级）"
        if county
        else "缺少：双拥办军地合署办公（地级以上）"
    )
    return Outcome.of_parts([(bool(ok), need)], ok or groups, notes)


_STD_1_4 = cite(STANDARD, "第一部分第4项", url=STANDARD_URL)
_PRACTICE = "组成要求为通行做法，未找到成文来源（示例）；分值为示例"

CHECKLIST = Checklist(
    id="leading_group",
    label="双拥工作领导小组",
    description="党委书记任组长、政府主要负责人任副组长，设常设办事机构并明确主任，军地合署办公。",
    sections=(
        Section(
            id="leading_group",
            label="双拥工作领导小组",
            items=(
                Item(
                    id="leading_group.leader",
                    label="党委书记任领导小组组长",
                    evaluate=_leader,
                    points=PointsRef(_POINTS, "leader"),
                    basis=_PRACTICE,
                    reads=("leading_group",),
                ),
                Item(
                    id="leading_group.deputy",
                    label="政府主要负责人任副组长",
                    evaluate=_deputy,
                    points=PointsRef(_POINTS, "deputy"),
                    basis=_PRACTICE,
                    reads=("leading_group",),
                ),
                Item(
                    id="leading_group.office",
                    label="设立常设办事机构（双拥办）并明确主任",
                    evaluate=_office,
                    points=PointsRef(_POINTS, "office"),
                    basis=_PRACTICE,
                    reads=("leading_group",),
                ),
                Item(
                    id="leading_group.joint_office",
                    label="双拥办军地合署办公（县级：军队人员经常参与）",
                    evaluate=joint_office,
                    points=PointsRef(_POINTS, "joint_office"),
                    citations=(_STD_1_4,),
                    basis="见考评标准（试行）第一部分第4项（单一二手来源，L，按示例处理）；分值为示例",
                    reads=("leading_group",),
                ),
            ),
        ),
    ),
)
