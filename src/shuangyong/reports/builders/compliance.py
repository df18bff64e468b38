"""The compliance assessment as a report: the verdict first, then every finding with its points,
gaps, evidence, basis and parameters, and the comparison with a previous year.

:func:`assessment_report` turns an :class:`~shuangyong.compliance.Assessment` into a
:class:`~shuangyong.reports.Report`; ``Assessment.render_text()`` (what ``shuangyong check``
prints) is that report in the ``text`` format. The ``compliance`` builder loads evidence files
and assesses them first.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from shuangyong.compliance.findings import Finding, State, format_points
from shuangyong.reports.errors import ReportInputError
from shuangyong.reports.model import (
    Block,
    Caveat,
    CaveatKind,
    Coded,
    Column,
    ColumnType,
    Entry,
    FooterRow,
    Note,
    Paragraph,
    Report,
    Section,
    Subject,
    Table,
)
from shuangyong.reports.registry import ReportBuilder
from shuangyong.reports.request import ReportRequest

if TYPE_CHECKING:
    from shuangyong.compliance.assessment import Assessment

__all__ = [
    "BUILDER",
    "EXAMPLE_WARNING",
    "SYNTHETIC_WARNING",
    "assessment_report",
    "build_compliance",
]

KIND = "compliance"
SHOW_EVIDENCE = 8
"""Evidence records listed per finding unless ``verbose`` (JSON has them all)."""
SYNTHETIC_WARNING = "以下证据为合成的演示数据，不反映任何真实地区的工作情况。"
EXAMPLE_WARNING = (
    "标注【示例】的要求或分值未经官方来源核实（provenance=example），"
    "仅供演示与内部自查，不得作为正式考评依据。"
)


def _points(f: Finding) -> str:
    if f.possible is None:
        return "（不计分）"
    return f"{format_points(f.earned)}/{format_points(f.possible)}分"


def finding_entry(f: Finding, verbose: bool = False) -> Entry:
    """One finding: ``[部分符合] label（item id）1/2分`` and its detail lines."""
    example = " 【示例】" if f.uses_example else ""
    veto = " 【否决项】" if f.veto else ""
    details = []
    shown = f.evidence if verbose else f.evidence[:SHOW_EVIDENCE]
    details += [f"证据：{e.render()}" for e in shown]
    if len(shown) < len(f.evidence):
        rest = len(f.evidence) - len(shown)
        details.append(f"证据：……另有 {rest} 条（--verbose 或 JSON 可见全部）")
    details += list(f.gaps)
    details += [f"说明：{n}" for n in f.notes]
    if f.citations:
        details.append("依据：" + "；".join(c.render() for c in f.citations))
    if f.basis:
        details.append(f"来源：{f.basis}")
    details += [f"参数：{p.render(verbose)}" for p in f.parameters]
    details += [f"覆盖：{o}" for o in f.overrides]
    return Entry(f"[{f.state.label}] {f.label}（{f.item_id}）{_points(f)}{veto}{example}", details)


def _verdict(a: Assessment) -> str:
    if a.pass_mark is None and not a.vetoes:
        return "全部符合" if a.all_met else "有未符合项"
    return "通过" if a.passed else "未通过"


def assessment_report(a: Assessment, verbose: bool = False) -> Report:
    """The assessment as a report.

    Args:
        a: the assessment.
        verbose: list every evidence record, and each parameter's date, supplier and note.
    """
    lead: list[Block] = []
    if a.evidence_title:
        lead.append(Paragraph(f"证据材料：{a.evidence_title}"))
    if a.evidence_note:
        lead.append(Paragraph(f"证据说明：{a.evidence_note}"))
    total = f"总分：{format_points(a.earned)}/{format_points(a.possible)}分"
    if a.pass_mark is not None and a.pass_mark_use is not None:
        prov = a.pass_mark_use.provenance.label
        total += f"；及格线 {format_points(a.pass_mark)}分（{a.pass_mark_use.value}，{prov}）"
    lead.append(Paragraph(f"{total}；结论：{_verdict(a)}"))
    if a.vetoes:
        vetoes = "；".join(f"{f.label}（{f.item_id}）" for f in a.vetoes)
        lead.append(Paragraph(f"一票否决：{vetoes}"))
    c = a.counts()
    lead.append(Paragraph("统计：" + "，".join(f"{s.label} {c[s]}" for s in State)))
    scores = Table.from_rows(
        "sections",
        "各部分得分",
        [
            Column("section", "部分"),
            Column("earned", "得分", ColumnType.TEXT),
            Column("possible", "满分", ColumnType.TEXT),
            Column("met", "符合项", ColumnType.INT),
            Column("items", "检查项", ColumnType.INT),
        ],
        [
            (
                s.label,
                format_points(s.earned),
                format_points(s.possible),
                sum(1 for f in s.findings if f.state is State.MET),
                len(s.findings),
            )
            for s in a.sections
        ],
        footer=[
            FooterRow(
                "合计",
                (
                    None,
                    format_points(a.earned),
                    format_points(a.possible),
                    c[State.MET],
                    len(a.findings),
                ),
            )
        ],
    )
    sections = [Section("总体情况", (*lead, scores))]
    for s in a.sections:
        scored = any(f.possible is not None for f in s.findings)
        score = f"{format_points(s.earned)}/{format_points(s.possible)}分" if scored else "不计分"
        blocks: list[Block] = [Note(s.basis)] if s.basis else []
        blocks += [finding_entry(f, verbose) for f in s.findings]
        sections.append(Section(f"{s.label}（{score}）", blocks))
    if a.comparison is not None:
        cmp = a.comparison
        sign = "+" if cmp.delta >= 0 else ""
        blocks = [
            Paragraph(
                f"总分 {format_points(cmp.earned_before)} → {format_points(cmp.earned_after)}"
                f"（{sign}{format_points(cmp.delta)}）"
            )
        ]
        for ch in cmp.changes:
            if ch.before == ch.after and ch.delta == 0:
                continue
            before = ch.before.label if ch.before else "（无此项）"
            after = ch.after.label if ch.after else "（无此项）"
            d = ("+" if ch.delta >= 0 else "") + format_points(ch.delta)
            blocks.append(Entry(f"{ch.label}（{ch.item_id}）：{before} → {after}（{d}分）"))
        sections.append(Section(f"与 {cmp.previous_year} 年比较", blocks))
    caveats = []
    if a.synthetic:
        caveats.append(Caveat(CaveatKind.SYNTHETIC, SYNTHETIC_WARNING))
    if a.uses_example:
        caveats.append(Caveat(CaveatKind.EXAMPLE, EXAMPLE_WARNING))
    return Report(
        kind=KIND,
        title=f"{a.checklist_label}情况报告",
        subject=Subject(
            Coded(a.division.code.code, f"{a.division.name}（{a.division.code}）"),
            f"{a.year}年",
            dt.date(a.year, 1, 1),
            dt.date(a.year, 12, 31),
        ),
        sections=sections,
        caveats=caveats,
        plugins=tuple(dict.fromkeys(a.plugins)),
    )


def build_compliance(request: ReportRequest) -> Report:
    """Assess the evidence files for the checklist, division and (last) year, as a report.

    Raises:
        ReportInputError: a missing input, or an unknown checklist.
        ShuangyongError: bad evidence (named by file and record), unknown division.
    """
    from shuangyong.compliance.assessment import assess
    from shuangyong.compliance.loading import load_evidence

    engine = request.need("engine", KIND)
    checklist: str = request.need("checklist", KIND)
    division: str = request.need("division", KIND)
    years: tuple[int, ...] = request.need("years", KIND)
    evidence = request.need("evidence", KIND)
    if checklist not in engine.checklists:
        known = ", ".join(sorted(engine.checklists)) or "(none)"
        raise ReportInputError(
            "checklist", checklist, f"未知的检查清单 / unknown checklist; loaded: {known}"
        )
    data = load_evidence(*evidence)
    year = max(years)
    previous = None
    if request.compare:
        previous = assess(engine, checklist, data, division=division, year=year - 1)
    result = assess(engine, checklist, data, division=division, year=year, previous=previous)
    return assessment_report(result)


BUILDER = ReportBuilder(
    KIND,
    "双拥工作考评报告",
    build_compliance,
    needs=("engine", "checklist", "division", "years", "evidence", "compare"),
    description="按检查清单评估证据材料：结论、各项得分、差距、证据与依据",
)
