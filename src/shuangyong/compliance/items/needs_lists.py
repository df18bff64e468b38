"""``needs_lists``: the 军地需求"双清单" — both lists kept, items resolved in time.

* ``needs_lists.both_lists``: items raised in the year on both the military and the civil list.
* ``needs_lists.resolution``: of the items raised in the year whose time limit
  (``needs_lists.resolution_days``) had run out by 31 December, or that were resolved by then, the
  share resolved within the limit, against the required share ``needs_lists.resolved_share``.
  A resolution dated after the year is not counted for the year (the finding says so); an open
  item whose limit runs past 31 December is pending, not late.

Provenance: no source was found for the 双清单 or its time limits: the requirement, the limit,
the share and the points are ``example``.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from shuangyong.compliance.context import ItemContext, Outcome
from shuangyong.compliance.evidence import NeedsItem
from shuangyong.compliance.items._common import set_aside
from shuangyong.compliance.kinds import NeedsSide
from shuangyong.compliance.model import Checklist, Item, PointsRef, Section

__all__ = ["CHECKLIST", "both_lists", "resolution"]

_POINTS = "needs_lists.points"


def _raised(ctx: ItemContext) -> tuple[list[NeedsItem], list[str]]:
    all_ = ctx.evidence.of_type(NeedsItem)
    ok = [n for n in all_ if ctx.in_year(n.raised_on)]
    other = [n for n in all_ if not ctx.in_year(n.raised_on)]
    return ok, set_aside(other, ctx, f"提出日期不在考评年度 {ctx.year} 内")


def both_lists(ctx: ItemContext) -> Outcome:
    """Both the military and the civil list have items raised in the year."""
    items, notes = _raised(ctx)
    parts = [
        (any(n.side is side for n in items), f"缺少：{side.label}（{ctx.year}年无事项）")
        for side in NeedsSide
    ]
    return Outcome.of_parts(parts, items, notes)


def resolution(ctx: ItemContext) -> Outcome:
    """Share of due items resolved within the time limit."""
    items, notes = _raised(ctx)
    limit = int(ctx.param("needs_lists.resolution_days"))
    required = Fraction(ctx.param("needs_lists.resolved_share"))
    in_time: list[NeedsItem] = []
    late: list[tuple[NeedsItem, str]] = []
    pending: list[NeedsItem] = []
    after_year: list[NeedsItem] = []
    for n in items:
        deadline = n.raised_on + dt.timedelta(days=limit)
        resolved = n.resolved_on
        if resolved is not None and resolved > ctx.year_end:
            after_year.append(n)
            resolved = None
        if resolved is not None and resolved <= deadline:
            in_time.append(n)
        elif resolved is not None:
            late.append((n, f"{n.id}（{(resolved - n.raised_on).days} 日解决）"))
        elif deadline < ctx.year_end:
            late.append((n, f"{n.id}（逾期未解决）"))
        else:
            pending.append(n)
    notes += set_aside(
        after_year, ctx, f"解决日期在考评年度 {ctx.year} 之后，按年末未解决处理（未到期的不计入）"
    )
    notes += set_aside(
        [n for n in pending if n not in after_year],
        ctx,
        f"年末未解决但尚未超过 {limit} 日时限，不计入",
    )
    due = len(in_time) + len(late)
    if not items:
        return Outcome(Fraction(0), (), (f"缺少：{ctx.year}年提出的需求清单事项",), tuple(notes))
    if due == 0:
        return Outcome.not_applicable(f"{ctx.year}年提出的事项年末均未到期（时限 {limit} 日）")
    share = Fraction(len(in_time), due)
    notes.append(f"按时解决 {len(in_time)}/{due}（时限 {limit} 日，要求 {float(required):.0%}）")
    gaps: tuple[str, ...] = ()
    if required > 0 and share < required:
        texts = [t for _, t in late]
        gaps = ("未按时解决：" + "、".join(texts[:10]) + ("等" if len(texts) > 10 else ""),)
    fraction = Fraction(1) if required == 0 else min(Fraction(1), share / required)
    used = (*in_time, *(n for n, _ in late))
    return Outcome(fraction, used, gaps, tuple(notes))


_BASIS = "未找到成文来源（示例）；时限、比例与分值均为示例参数"

CHECKLIST = Checklist(
    id="needs_lists",
    label="军地需求“双清单”",
    description="建立部队需求和地方需求两张清单，事项在规定时限内解决。",
    sections=(
        Section(
            id="needs_lists",
            label="军地需求“双清单”",
            items=(
                Item(
                    id="needs_lists.both_lists",
                    label="部队需求、地方需求两张清单均已建立",
                    evaluate=both_lists,
                    points=PointsRef(_POINTS, "both_lists"),
                    basis=_BASIS,
                    reads=("needs_item",),
                ),
                Item(
                    id="needs_lists.resolution",
                    label="清单事项按时解决",
                    evaluate=resolution,
                    points=PointsRef(_POINTS, "resolution"),
                    basis=_BASIS,
                    reads=("needs_item",),
                ),
            ),
        ),
    ),
)
