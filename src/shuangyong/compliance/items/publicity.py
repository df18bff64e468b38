"""``publicity_channels``: the four channels in use, and village publicity officers.

* ``publicity_channels.channels``: newspaper, TV, radio and online each carried 双拥 pieces in the
  year (a quarter of the points each).
* ``publicity_channels.village_officers``: the share of villages (from the division catalog) with
  a publicity officer in post during the year, against the required share
  ``publicity_channels.village_officer_share``; credit in proportion up to it.

Provenance: 国防教育法 第25条 asks press, broadcasting and online departments to carry defence
education (statute text); the four-channel requirement, the village officers and every figure
here are ``example``.
"""

from __future__ import annotations

from fractions import Fraction

from shuangyong.compliance.context import ItemContext, Outcome
from shuangyong.compliance.evidence import PublicityChannel, PublicityOfficer, Signage, VillageGroup
from shuangyong.compliance.items._common import cite, set_aside
from shuangyong.compliance.kinds import ChannelKind
from shuangyong.compliance.model import Checklist, Item, PointsRef, Section
from shuangyong.domain.divisions import DivisionLevel

__all__ = ["CHECKLIST", "channels", "signage", "village_officers"]

_POINTS = "publicity_channels.points"


def channels(ctx: ItemContext) -> Outcome:
    """Each of the four channels carried at least one 双拥 piece in the year."""
    all_ = ctx.evidence.of_type(PublicityChannel)
    year = [c for c in all_ if c.year == ctx.year]
    notes = set_aside([c for c in all_ if c.year != ctx.year], ctx, f"不是 {ctx.year} 年的记录")
    idle = [c for c in year if c.reports == 0]
    notes += set_aside(idle, ctx, "当年双拥报道数为 0")
    active = [c for c in year if c.reports > 0]
    parts = [
        (any(c.kind is k for c in active), f"缺少：{k.label}渠道的双拥宣传（{ctx.year}年）")
        for k in ChannelKind
    ]
    return Outcome.of_parts(parts, active, notes)


def signage(ctx: ItemContext) -> Outcome:
    """双拥 signage or publicity boards put up (or standing) in the year."""
    all_ = ctx.evidence.of_type(Signage)
    year = [s for s in all_ if s.year == ctx.year]
    notes = set_aside([s for s in all_ if s.year != ctx.year], ctx, f"不是 {ctx.year} 年的记录")
    if year:
        total = sum(s.count for s in year)
        notes.append(f"{ctx.year}年双拥宣传阵地记录 {len(year)} 条，共 {total} 处")
    gap = f"缺少：{ctx.year}年双拥宣传栏、标语、公益广告等宣传阵地记录"
    return Outcome.of_parts([(bool(year), gap)], year, notes)


def _groups(ctx: ItemContext, in_post: list[PublicityOfficer]) -> list[str]:
    """Notes on officers serving a 组, and declared groups without one (no requirement known)."""
    notes = []
    at_group = [o for o in in_post if o.group]
    if at_group:
        notes.append(f"其中驻组（村民小组）宣传员 {len(at_group)} 人，计入所在村")
    declared = ctx.evidence.of_type(VillageGroup)
    served = {(o.village, o.group) for o in at_group}
    bare = [g for g in declared if (g.village, g.name) not in served]
    if declared:
        names = "、".join(f"{g.village} {g.name}" for g in bare[:5]) + (
            "等" if len(bare) > 5 else ""
        )
        notes.append(
            f"已登记村（居）民小组 {len(declared)} 个，有驻组宣传员 {len(declared) - len(bare)} 个"
            + (f"（无：{names}；未见组级要求，不扣分）" if bare else "")
        )
    unknown = sorted(
        {f"{o.village} {o.group}" for o in at_group} - {f"{g.village} {g.name}" for g in declared}
    )
    if declared and unknown:
        notes.append("未登记的组：" + "、".join(unknown[:5]) + "（请以 village_group 记录登记）")
    return notes


def village_officers(ctx: ItemContext) -> Outcome:
    """Share of villages with a publicity officer, against the required share."""
    villages = ctx.below(DivisionLevel.VILLAGE)
    required = Fraction(ctx.param("publicity_channels.village_officer_share"))
    officers = ctx.evidence.of_type(PublicityOfficer)
    in_post = [o for o in officers if o.in_post_during(ctx.year)]
    notes = set_aside(
        [o for o in officers if o not in in_post], ctx, f"{ctx.year} 年不在岗（任职日期或离任日期）"
    )
    if not villages:
        gap = (
            f"缺少：{ctx.division.name} 的村级区划数据"
            "（无法核查宣传员覆盖；请加载提供村级区划的插件）"
        )
        return Outcome(Fraction(0), tuple(in_post), (gap,), tuple(notes))
    if required == 0:
        return Outcome.not_applicable("本辖区未要求村级宣传员（要求比例为 0）")
    notes += _groups(ctx, in_post)
    codes = {v.code for v in villages}
    covered = {o.village for o in in_post if o.village in codes}
    share = Fraction(len(covered), len(villages))
    notes.append(f"有宣传员的村 {len(covered)}/{len(villages)}（{float(share):.1%}）")
    gaps: tuple[str, ...] = ()
    if share < required:
        missing = [v for v in villages if v.code not in covered]
        names = "、".join(v.name for v in missing[:10]) + (
            f"等 {len(missing)} 个村" if len(missing) > 10 else ""
        )
        gaps = (f"缺少：村级宣传员 — {names}（要求比例 {float(required):.0%}）",)
    used = tuple(o for o in in_post if o.village in covered)
    return Outcome(min(Fraction(1), share / required), used, gaps, tuple(notes))


CHECKLIST = Checklist(
    id="publicity_channels",
    label="双拥宣传",
    description="报纸、电视、广播、网络四类渠道开展双拥宣传；村级双拥宣传员覆盖。",
    sections=(
        Section(
            id="publicity_channels",
            label="双拥宣传",
            items=(
                Item(
                    id="publicity_channels.channels",
                    label="报纸、电视、广播、网络四类宣传渠道",
                    evaluate=channels,
                    points=PointsRef(_POINTS, "channels"),
                    citations=(cite("国防教育法", "第25条", "2024"),),
                    basis="新闻出版、广播电视、网信等部门开展国防教育见国防教育法第25条；"
                    "四类渠道齐备的要求与分值为示例",
                    reads=("publicity_channel",),
                ),
                Item(
                    id="publicity_channels.signage",
                    label="双拥宣传栏、标语、公益广告等宣传阵地",
                    evaluate=signage,
                    points=PointsRef(_POINTS, "signage"),
                    basis="未找到成文来源（示例）；分值为示例",
                    reads=("signage",),
                ),
                Item(
                    id="publicity_channels.village_officers",
                    label="村级双拥宣传员覆盖",
                    evaluate=village_officers,
                    points=PointsRef(_POINTS, "village_officers"),
                    basis="未找到成文来源（示例）；要求比例与分值为示例参数",
                    reads=("publicity_officer", "village_group"),
                ),
            ),
        ),
    ),
)
