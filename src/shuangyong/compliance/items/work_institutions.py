"""``work_institutions``: the meeting and duty systems of 双拥 work, each at a required frequency.

The required frequency of each institution is the ``work_institutions.frequency`` parameter (a
table over institutions, times per year) — a parameter of the jurisdiction, so a district sets its
own. Credit is proportional: holding 1 of 2 required meetings earns half the points. A required
frequency of 0 makes the item not applicable.

Provenance: the trial assessment standard (section 一 items 2 and 3; one secondary source, L)
asks for the party committee's military-affairs meeting and the joint military–civil meeting,
at least one full meeting of the leading group a year, and annual reports of member units. The
other institutions (军事日, mutual visits, joint office sessions) and every frequency are
``example``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

from shuangyong.citations import Citation
from shuangyong.compliance.context import ItemContext, Outcome
from shuangyong.compliance.evidence import Document, LeadingGroup, Record, UnitName
from shuangyong.compliance.items._common import (
    STANDARD,
    STANDARD_URL,
    activities,
    cite,
    documents,
    leading_groups,
    meetings,
)
from shuangyong.compliance.kinds import ActivityKind, DocumentKind, MeetingKind
from shuangyong.compliance.model import Checklist, Item, PointsRef, Section
from shuangyong.compliance.units import UnitNames

__all__ = ["CHECKLIST", "counted", "member_units"]

_FREQ = "work_institutions.frequency"
_POINTS = "work_institutions.points"


def counted(
    ctx: ItemContext, key: str, label: str, held: Sequence[Record], notes: list[str]
) -> Outcome:
    """Proportional credit for ``held`` against the required frequency ``_FREQ[key]``."""
    need = int(ctx.param(_FREQ, key))
    if need == 0:
        return Outcome.not_applicable(f"本辖区未要求{label}（要求频次为 0）")
    n = len(held)
    gaps = (
        ()
        if n >= need
        else (f"缺少：{label} {need - n} 次（{ctx.year}年应 {need} 次，已 {n} 次）",)
    )
    return Outcome(Fraction(min(n, need), need), tuple(held), gaps, tuple(notes))


def _meeting(key: str, kind: MeetingKind) -> Callable[[ItemContext], Outcome]:
    def evaluate(ctx: ItemContext) -> Outcome:
        held, notes = meetings(ctx, kind)
        return counted(ctx, key, kind.label, held, notes)

    return evaluate


def _mutual_visits(ctx: ItemContext) -> Outcome:
    held, notes = activities(ctx, ActivityKind.MUTUAL_VISIT)
    return counted(ctx, "mutual_visits", "军地互访", held, notes)


def member_units(ctx: ItemContext, kinds: Sequence[DocumentKind], per_unit: int) -> Outcome:
    """Each member unit of a leading group has ``per_unit`` documents of every one of ``kinds``.

    A document counts for a unit when its issuer is the unit's name or a declared alias of it
    (``unit`` records); an issuer that only looks like the unit's name is named in the gap as a
    near miss, never counted. With several leading-group records the best-documented one
    counts, so adding evidence never lowers the share.
    """
    groups, notes = leading_groups(ctx)
    with_units = [g for g in groups if g.member_units]
    if not with_units:
        gap = "缺少：领导小组成员单位名单" if groups else "缺少：双拥工作领导小组及其成员单位"
        return Outcome(Fraction(0), tuple(groups), (gap,), tuple(notes))
    names = UnitNames(ctx.evidence.of_type(UnitName))
    docs: dict[DocumentKind, list[Document]] = {}
    for k in kinds:
        docs[k], n = documents(ctx, k)
        notes += n
    best: tuple[Fraction, LeadingGroup, list[str], list[Record], list[str]] | None = None
    for g in with_units:
        done, gaps, used, aliased = 0, [], list[Record]([g]), []
        for unit in g.member_units:
            missing = []
            for k in kinds:
                mine = [d for d in docs[k] if names.same(d.issuer, unit)]
                used += mine
                aliased += [
                    f"文件 {d.id} 的发文单位“{d.issuer}”按声明的别名计为成员单位“{unit}”"
                    for d in mine
                    if names.alias_used(unit, d.issuer)
                ]
                if len(mine) < per_unit:
                    missing.append(k.label + _near(names, unit, docs[k]))
            if missing:
                gaps.append(f"成员单位 {unit} 缺少：" + "、".join(missing))
            else:
                done += 1
        share = Fraction(done, len(g.member_units))
        if best is None or share > best[0]:
            best = (share, g, gaps, used, aliased)
    assert best is not None
    share, _, gaps, used, aliased = best
    used += [u for u in ctx.evidence.of_type(UnitName) if aliased]
    return Outcome(
        share, tuple(dict.fromkeys(used)), tuple(gaps), (*notes, *dict.fromkeys(aliased))
    )


def _near(names: UnitNames, unit: str, docs: Sequence[Document]) -> str:
    """A near-miss hint for a gap: documents whose issuer only looks like ``unit``."""
    near = [d for d in docs if d.issuer in names.near_misses(unit, [d.issuer])]
    if not near:
        return ""
    which = "、".join(f"文件 {d.id} 的发文单位“{d.issuer}”" for d in near[:3])
    return (
        f"（近似：{which}与“{unit}”相近但不相同，未计入；如为同一单位，请以 unit 记录声明别名 / "
        "near miss: declare the alias in a unit record if it is the same unit）"
    )


def _member_reports(ctx: ItemContext) -> Outcome:
    per_unit = int(ctx.param(_FREQ, "member_unit_reports"))
    if per_unit == 0:
        return Outcome.not_applicable("本辖区未要求成员单位年度报告（要求频次为 0）")
    return member_units(ctx, (DocumentKind.MEMBER_UNIT_REPORT,), per_unit)


_STD_1_2 = cite(STANDARD, "第一部分第2项", url=STANDARD_URL)
_STD_1_3 = cite(STANDARD, "第一部分第3项", url=STANDARD_URL)
_L = "见考评标准（试行）{}（单一二手来源，L，按示例处理）；频次与分值为示例参数"
_EXAMPLE = "未找到成文来源（示例）；频次与分值为示例参数"


def _item(
    key: str,
    label: str,
    fn: Callable[[ItemContext], Outcome],
    basis: str,
    reads: tuple[str, ...],
    *cites: Citation,
) -> Item:
    return Item(
        id=f"work_institutions.{key}",
        label=label,
        evaluate=fn,
        points=PointsRef(_POINTS, key),
        citations=cites,
        basis=basis,
        reads=reads,
    )


CHECKLIST = Checklist(
    id="work_institutions",
    label="双拥工作制度",
    description="领导小组全体会议、党委议军会、军地联席会议、领导干部军事日、军地互访、联合办公、成员单位年度报告，各按规定频次落实。",
    sections=(
        Section(
            id="work_institutions",
            label="双拥工作制度落实",
            items=(
                _item(
                    "leading_group_meeting",
                    "双拥工作领导小组全体会议",
                    _meeting("leading_group_meeting", MeetingKind.LEADING_GROUP_PLENARY),
                    _L.format("第一部分第2项（每年至少一次）"),
                    ("meeting",),
                    _STD_1_2,
                ),
                _item(
                    "party_military_affairs",
                    "党委议军会",
                    _meeting("party_military_affairs", MeetingKind.PARTY_MILITARY_AFFAIRS),
                    _L.format("第一部分第2项"),
                    ("meeting",),
                    _STD_1_2,
                ),
                _item(
                    "joint_meeting",
                    "军地联席会议",
                    _meeting("joint_meeting", MeetingKind.JOINT_MILITARY_CIVIL),
                    _L.format("第一部分第2项"),
                    ("meeting",),
                    _STD_1_2,
                ),
                _item(
                    "military_day",
                    "党政领导干部军事日",
                    _meeting("military_day", MeetingKind.MILITARY_DAY),
                    _EXAMPLE,
                    ("meeting",),
                ),
                _item("mutual_visits", "军地互访", _mutual_visits, _EXAMPLE, ("activity",)),
                _item(
                    "joint_office",
                    "军地联合办公",
                    _meeting("joint_office", MeetingKind.JOINT_OFFICE),
                    _EXAMPLE,
                    ("meeting",),
                ),
                _item(
                    "member_unit_reports",
                    "成员单位年度工作报告",
                    _member_reports,
                    _L.format("第一部分第3项"),
                    ("leading_group", "document", "unit"),
                    _STD_1_3,
                ),
            ),
        ),
    ),
)
