"""Helpers the built-in items share: picking the records that count for the year and division.

Each helper returns the records that count *and* a note naming those of the right kind that were
set aside (another year, another jurisdiction), so no record is ever silently ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from shuangyong.citations import Citation
from shuangyong.compliance.context import ItemContext
from shuangyong.compliance.evidence import (
    Activity,
    Document,
    LeadingGroup,
    Meeting,
    Record,
)
from shuangyong.compliance.kinds import ActivityKind, DocumentKind, MeetingKind

__all__ = [
    "STANDARD",
    "STANDARD_URL",
    "activities",
    "cite",
    "documents",
    "leading_groups",
    "meetings",
    "set_aside",
]

STANDARD = "全国双拥模范城(县)考评标准(试行)"
STANDARD_URL = "cornels-photography.com/p-20321168.html"


def cite(document: str, article: str, edition: str | None = None, **kw: str) -> Citation:
    return Citation(document=document, article=article, edition=edition, **kw)


def set_aside(records: Sequence[Record], ctx: ItemContext, why: str) -> list[str]:
    """One note listing records set aside, or none."""
    if not records:
        return []
    ids = "、".join(r.id for r in records[:8]) + ("等" if len(records) > 8 else "")
    return [f"未予采信 {len(records)} 条（{ids}）：{why}"]


def documents(ctx: ItemContext, kind: DocumentKind) -> tuple[list[Document], list[str]]:
    """Documents of ``kind`` of the division assessed that cover the year."""
    ok: list[Document] = []
    wrong_year: list[Document] = []
    elsewhere: list[Document] = []
    for d in ctx.evidence.documents(kind):
        if d.jurisdiction != ctx.division.code:
            elsewhere.append(d)
        elif not d.covers(ctx.year):
            wrong_year.append(d)
        else:
            ok.append(d)
    notes = set_aside(
        wrong_year, ctx, f"{kind.label}所涉年度不含考评年度 {ctx.year}（不得作为本年度材料）"
    )
    notes += set_aside(
        elsewhere, ctx, f"不是被考评区划 {ctx.division.name}（{ctx.division.code}）的文件"
    )
    return ok, notes


def meetings(ctx: ItemContext, kind: MeetingKind) -> tuple[list[Meeting], list[str]]:
    """Meetings of ``kind`` held in the year."""
    all_ = [m for m in ctx.evidence.of_type(Meeting) if m.kind is kind]
    ok = [m for m in all_ if ctx.in_year(m.date)]
    out = [m for m in all_ if not ctx.in_year(m.date)]
    return ok, set_aside(out, ctx, f"会议日期不在考评年度 {ctx.year} 内")


def activities(ctx: ItemContext, kind: ActivityKind) -> tuple[list[Activity], list[str]]:
    """Activities of ``kind`` in the year."""
    all_ = [a for a in ctx.evidence.of_type(Activity) if a.kind is kind]
    ok = [a for a in all_ if ctx.in_year(a.date)]
    out = [a for a in all_ if not ctx.in_year(a.date)]
    return ok, set_aside(out, ctx, f"活动日期不在考评年度 {ctx.year} 内")


def leading_groups(ctx: ItemContext) -> tuple[list[LeadingGroup], list[str]]:
    """Leading groups of the division set up by the end of the year."""
    ok: list[LeadingGroup] = []
    late: list[LeadingGroup] = []
    elsewhere: list[LeadingGroup] = []
    for g in ctx.evidence.of_type(LeadingGroup):
        if g.jurisdiction != ctx.division.code:
            elsewhere.append(g)
        elif g.established_on > ctx.year_end:
            late.append(g)
        else:
            ok.append(g)
    notes = set_aside(late, ctx, f"组建（调整）日期晚于考评年度 {ctx.year}")
    notes += set_aside(elsewhere, ctx, "不是被考评区划的领导小组")
    return ok, notes


def first(records: Iterable[Record]) -> list[Record]:
    """The first record (in evidence order) as a list, or an empty list."""
    for r in records:
        return [r]
    return []
