"""Render an assessment as Chinese text (for people) or as a plain dict (for JSON and storage)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shuangyong.compliance.findings import Finding, State, format_points

if TYPE_CHECKING:
    from shuangyong.compliance.assessment import Assessment

__all__ = ["assessment_dict", "render_text"]

_MARK = {
    State.MET: "符合",
    State.PARTLY_MET: "部分符合",
    State.NOT_MET: "不符合",
    State.NOT_APPLICABLE: "不适用",
}
_SHOW_EVIDENCE = 8
SYNTHETIC_WARNING = "【合成数据】以下证据为合成的演示数据，不反映任何真实地区的工作情况。"
EXAMPLE_WARNING = (
    "提示：标注【示例】的要求或分值未经官方来源核实（provenance=example），"
    "仅供演示与内部自查，不得作为正式考评依据。"
)


def _points(f: Finding) -> str:
    if f.possible is None:
        return "（不计分）"
    return f"{format_points(f.earned)}/{format_points(f.possible)}分"


def _finding_lines(f: Finding, verbose: bool) -> list[str]:
    example = " 【示例】" if f.uses_example else ""
    veto = " 【否决项】" if f.veto else ""
    lines = [f"  [{_MARK[f.state]}] {f.label}（{f.item_id}）{_points(f)}{veto}{example}"]
    shown = f.evidence if verbose else f.evidence[:_SHOW_EVIDENCE]
    for e in shown:
        lines.append(f"      证据：{e.render()}")
    if len(shown) < len(f.evidence):
        lines.append(
            f"      证据：……另有 {len(f.evidence) - len(shown)} 条（--verbose 或 JSON 可见全部）"
        )
    for g in f.gaps:
        lines.append(f"      {g}")
    for n in f.notes:
        lines.append(f"      说明：{n}")
    if f.citations:
        lines.append("      依据：" + "；".join(c.render() for c in f.citations))
    if f.basis:
        lines.append(f"      来源：{f.basis}")
    for p in f.parameters:
        lines.append(f"      参数：{p.render(verbose)}")
    for o in f.overrides:
        lines.append(f"      覆盖：{o}")
    return lines


def render_text(a: Assessment, verbose: bool = False) -> str:
    """The assessment as a Chinese report: verdict first, then each section's findings.

    Args:
        a: the assessment.
        verbose: also show each parameter value's date of effect, supplier and note.
    """
    where = f"{a.division.name}（{a.division.code}）"
    lines = [f"{a.checklist_label}（{a.checklist_id}）—— {where}{a.year}年"]
    if a.synthetic:
        lines.append(SYNTHETIC_WARNING)
    if a.evidence_title:
        lines.append(f"证据材料：{a.evidence_title}")
    if a.evidence_note:
        lines.append(f"证据说明：{a.evidence_note}")
    total = f"总分：{format_points(a.earned)}/{format_points(a.possible)}分"
    if a.pass_mark is not None and a.pass_mark_use is not None:
        prov = a.pass_mark_use.provenance.label
        total += f"；及格线 {format_points(a.pass_mark)}分（{a.pass_mark_use.value}，{prov}）"
    if a.pass_mark is None and not a.vetoes:
        verdict = "全部符合" if a.all_met else "有未符合项"
    else:
        verdict = "通过" if a.passed else "未通过"
    lines.append(total + f"；结论：{verdict}")
    if a.vetoes:
        lines.append("一票否决：" + "；".join(f"{f.label}（{f.item_id}）" for f in a.vetoes))
    c = a.counts()
    lines.append("统计：" + "，".join(f"{_MARK[s]} {c[s]}" for s in State))
    for s in a.sections:
        lines.append("")
        scored = any(f.possible is not None for f in s.findings)
        score = f"{format_points(s.earned)}/{format_points(s.possible)}分" if scored else "不计分"
        lines.append(f"{s.label}（{score}）")
        if s.basis:
            lines.append(f"  （{s.basis}）")
        for f in s.findings:
            lines.extend(_finding_lines(f, verbose))
    if a.comparison is not None:
        cmp = a.comparison
        sign = "+" if cmp.delta >= 0 else ""
        lines.append("")
        lines.append(
            f"与 {cmp.previous_year} 年比较：总分 {format_points(cmp.earned_before)} → "
            f"{format_points(cmp.earned_after)}（{sign}{format_points(cmp.delta)}）"
        )
        for ch in cmp.changes:
            if ch.before == ch.after and ch.delta == 0:
                continue
            before = _MARK[ch.before] if ch.before else "（无此项）"
            after = _MARK[ch.after] if ch.after else "（无此项）"
            d = ("+" if ch.delta >= 0 else "") + format_points(ch.delta)
            lines.append(f"  {ch.label}（{ch.item_id}）：{before} → {after}（{d}分）")
    if a.plugins:
        lines.append("")
        lines.append("插件：" + "，".join(a.plugins))
    if a.uses_example:
        lines.append(EXAMPLE_WARNING)
    return "\n".join(lines)


def assessment_dict(a: Assessment) -> dict[str, Any]:
    """Plain data (JSON-ready): every finding with its evidence, gaps, parameters, basis."""
    cmp = a.comparison
    return {
        "checklist": a.checklist_id,
        "label": a.checklist_label,
        "division": {"code": a.division.code.code, "name": a.division.name},
        "year": a.year,
        "synthetic": a.synthetic,
        "evidence_title": a.evidence_title,
        "earned": format_points(a.earned),
        "possible": format_points(a.possible),
        "earned_exact": str(a.earned),
        "possible_exact": str(a.possible),
        "pass_mark": format_points(a.pass_mark) if a.pass_mark is not None else None,
        "pass_mark_parameter": a.pass_mark_use.to_dict() if a.pass_mark_use else None,
        "passed": a.passed,
        "all_met": a.all_met,
        "vetoes": [f.item_id for f in a.vetoes],
        "counts": {s.value: n for s, n in a.counts().items()},
        "uses_example": a.uses_example,
        "sections": [
            {
                "id": s.id,
                "label": s.label,
                "basis": s.basis,
                "earned": format_points(s.earned),
                "possible": format_points(s.possible),
                "findings": [f.to_dict() for f in s.findings],
            }
            for s in a.sections
        ],
        "comparison": None
        if cmp is None
        else {
            "previous_year": cmp.previous_year,
            "earned_before": format_points(cmp.earned_before),
            "earned_after": format_points(cmp.earned_after),
            "delta": format_points(cmp.delta),
            "passed_before": cmp.passed_before,
            "changes": [
                {
                    "item_id": ch.item_id,
                    "before": ch.before.value if ch.before else None,
                    "after": ch.after.value if ch.after else None,
                    "delta": format_points(ch.delta),
                }
                for ch in cmp.changes
            ],
        },
        "plugins": list(a.plugins),
    }
