"""An assessment as Chinese text (for people) or as a plain dict (for JSON and storage).

The text is the assessment's report (:mod:`shuangyong.reports`) in the ``text`` format; the dict
is the assessment's data, for programs (``shuangyong check --format json``). For HTML, Markdown,
CSV or the office formats, use ``shuangyong report compliance`` or
:func:`~shuangyong.reports.builders.compliance.assessment_report` with a report format.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shuangyong.compliance.findings import format_points

if TYPE_CHECKING:
    from shuangyong.compliance.assessment import Assessment

__all__ = ["assessment_dict", "render_text"]


def render_text(a: Assessment, verbose: bool = False) -> str:
    """The assessment as a Chinese report: verdict first, then each section's findings.

    It is the assessment's report (:func:`shuangyong.reports.builders.compliance.
    assessment_report`) in the ``text`` format, so the printed report, the HTML page and the
    office formats show the same findings.

    Args:
        a: the assessment.
        verbose: every evidence record, and each parameter value's date of effect, supplier
            and note.
    """
    from shuangyong.reports.builders.compliance import assessment_report
    from shuangyong.reports.formats.text import render_text as text_of

    return text_of(assessment_report(a, verbose))


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
