"""Run a checklist over evidence for a division and year: findings, totals, vetoes, comparison.

:func:`assess` is the entry point::

    from shuangyong.compliance import assess, load_evidence

    evidence = load_evidence("taizhang_2024.toml", "stations.csv")
    result = assess(engine, "model_city_assessment", evidence, division="411003", year=2024)
    print(result.render_text())

Before any item runs, the evidence is checked against the jurisdiction: a station or a village
publicity officer in a division the catalog does not know, or outside the division assessed, is
an error naming the record. Records that are merely irrelevant (another year, a higher-level
document) are not errors: the items that would have used them say in their findings that they
were set aside and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from shuangyong.compliance.context import ItemContext
from shuangyong.compliance.evidence import EvidenceSet, kind_of, places
from shuangyong.compliance.findings import Finding, ParamUse, State, format_points
from shuangyong.compliance.model import Checklist, evaluate_item
from shuangyong.domain.divisions import Division, DivisionCatalog
from shuangyong.errors import InvalidValueError, UnknownDivisionError
from shuangyong.parameters.resolver import ParameterSet

if TYPE_CHECKING:
    from shuangyong.engine import Engine

__all__ = ["Assessment", "Change", "Comparison", "SectionResult", "assess"]


@attrs.frozen
class SectionResult:
    """The findings of one section and their totals."""

    id: str
    label: str
    basis: str
    findings: tuple[Finding, ...]

    @property
    def earned(self) -> Fraction:
        return sum((f.earned for f in self.findings if f.earned is not None), Fraction(0))

    @property
    def possible(self) -> Fraction:
        return sum((f.possible for f in self.findings if f.possible is not None), Fraction(0))


@attrs.frozen
class Change:
    """How one item moved between two years."""

    item_id: str
    label: str
    before: State | None
    after: State | None
    earned_before: Fraction | None
    earned_after: Fraction | None

    @property
    def delta(self) -> Fraction:
        return (self.earned_after or Fraction(0)) - (self.earned_before or Fraction(0))


@attrs.frozen
class Comparison:
    """This year's assessment against a previous one of the same checklist and division."""

    previous_year: int
    earned_before: Fraction
    earned_after: Fraction
    passed_before: bool
    changes: tuple[Change, ...]

    @property
    def delta(self) -> Fraction:
        return self.earned_after - self.earned_before


@attrs.frozen
class Assessment:
    """The result of running one checklist.

    Attributes:
        checklist_id: the checklist.
        checklist_label: its Chinese label.
        division: the division assessed.
        year: the year assessed.
        sections: findings grouped by section.
        pass_mark: points needed to pass, when the checklist has a pass mark.
        pass_mark_use: the parameter the pass mark came from.
        synthetic: the evidence is labelled synthetic.
        evidence_title: the evidence set's title.
        evidence_note: the evidence set's note.
        plugins: the plugins loaded (distribution and version).
        comparison: against a previous year's assessment, when one was given.
    """

    checklist_id: str
    checklist_label: str
    division: Division
    year: int
    sections: tuple[SectionResult, ...]
    pass_mark: Fraction | None = None
    pass_mark_use: ParamUse | None = None
    synthetic: bool = False
    evidence_title: str = ""
    evidence_note: str = ""
    plugins: tuple[str, ...] = ()
    comparison: Comparison | None = None

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for s in self.sections for f in s.findings)

    @property
    def earned(self) -> Fraction:
        return sum((s.earned for s in self.sections), Fraction(0))

    @property
    def possible(self) -> Fraction:
        return sum((s.possible for s in self.sections), Fraction(0))

    @property
    def vetoes(self) -> tuple[Finding, ...]:
        """Veto findings that fail the assessment."""
        return tuple(f for f in self.findings if f.vetoes)

    @property
    def passed(self) -> bool:
        """No veto, and the pass mark (if any) reached."""
        if self.vetoes:
            return False
        return self.pass_mark is None or self.earned >= self.pass_mark

    @property
    def all_met(self) -> bool:
        """Every item met (or not applicable) and the assessment passed: CLI exit status 0."""
        ok = all(f.state in (State.MET, State.NOT_APPLICABLE) for f in self.findings)
        return ok and self.passed

    @property
    def uses_example(self) -> bool:
        return any(f.uses_example for f in self.findings) or (
            self.pass_mark_use is not None and self.pass_mark_use.provenance.value == "example"
        )

    def counts(self) -> dict[State, int]:
        out = dict.fromkeys(State, 0)
        for f in self.findings:
            out[f.state] += 1
        return out

    def finding(self, item_id: str) -> Finding:
        for f in self.findings:
            if f.item_id == item_id:
                return f
        raise KeyError(item_id)

    def compare(self, previous: Assessment) -> Assessment:
        """This assessment with a comparison against ``previous`` (same checklist, division)."""
        if (previous.checklist_id, previous.division.code) != (
            self.checklist_id,
            self.division.code,
        ):
            raise InvalidValueError(
                "previous",
                f"{previous.checklist_id}/{previous.division.code}",
                "须为同一清单、同一区划的考评结果 / must be the same checklist and division",
            )
        before = {f.item_id: f for f in previous.findings}
        after = {f.item_id: f for f in self.findings}
        changes = []
        for item_id in dict.fromkeys([*after, *before]):
            a, b = after.get(item_id), before.get(item_id)
            either = a if a is not None else b
            label = either.label if either is not None else item_id
            changes.append(
                Change(
                    item_id,
                    label,
                    b.state if b else None,
                    a.state if a else None,
                    b.earned if b else None,
                    a.earned if a else None,
                )
            )
        comparison = Comparison(
            previous.year, previous.earned, self.earned, previous.passed, tuple(changes)
        )
        return attrs.evolve(self, comparison=comparison)

    def to_dict(self) -> dict[str, Any]:
        from shuangyong.compliance.render import assessment_dict

        return assessment_dict(self)

    def render_text(self, verbose: bool = False) -> str:
        """Chinese text report (see :func:`shuangyong.compliance.render.render_text`)."""
        from shuangyong.compliance.render import render_text

        return render_text(self, verbose)

    def summary(self) -> str:
        """One line: total, pass or fail, vetoes."""
        if self.pass_mark is None and not self.vetoes:
            verdict = "全部符合" if self.all_met else "有未符合项"
        else:
            verdict = "通过" if self.passed else "未通过"
        if self.vetoes:
            verdict += "（一票否决）"
        return (
            f"{self.checklist_label}：{format_points(self.earned)}/{format_points(self.possible)}"
            f"分，{verdict}"
        )


def check_jurisdiction(evidence: EvidenceSet, catalog: DivisionCatalog, division: Division) -> None:
    """Records placed in a division (stations, village officers and groups, support teams,
    activities and signage with a division) must be in known divisions inside the one assessed."""
    for r in evidence.records:
        kind = kind_of(r)
        for name, code in places(r):
            field = f"{kind}[{r.id}].{name}"
            origin = evidence.origins.get((kind, r.id), "")
            where = f"{origin}: {field}" if origin else field
            if code not in catalog:
                raise UnknownDivisionError(str(code), field=where)
            if division not in catalog.ancestors(code):
                raise InvalidValueError(
                    where,
                    str(code),
                    f"不在被考评区划 {division.name}（{division.code}）内 / outside the division "
                    "assessed",
                )


def run_checklist(
    checklist: Checklist,
    evidence: EvidenceSet,
    *,
    division: Division,
    year: int,
    catalog: DivisionCatalog,
    parameters: ParameterSet,
    plugins: tuple[str, ...] = (),
) -> Assessment:
    """Run ``checklist`` without an engine (the parts an engine would supply, given directly)."""
    if isinstance(year, bool) or not isinstance(year, int) or not 1949 <= year <= 2200:
        raise InvalidValueError("year", year, "须为年份 / must be a year (1949–2200)")
    check_jurisdiction(evidence, catalog, division)
    ctx = ItemContext(evidence, year, division, catalog, parameters)
    sections = tuple(
        SectionResult(s.id, s.label, s.basis, tuple(evaluate_item(i, s, ctx) for i in s.items))
        for s in checklist.sections
    )
    pass_mark = use = None
    result = Assessment(
        checklist_id=checklist.id,
        checklist_label=checklist.label,
        division=division,
        year=year,
        sections=sections,
        synthetic=evidence.synthetic,
        evidence_title=evidence.title,
        evidence_note=evidence.note,
        plugins=plugins,
    )
    if checklist.pass_mark is not None:
        ctx.uses = []
        share = Fraction(ctx.param(checklist.pass_mark))
        pass_mark, use = result.possible * share, ctx.uses[0]
        result = attrs.evolve(result, pass_mark=pass_mark, pass_mark_use=use)
    return result


def assess(
    engine: Engine,
    checklist: str | Checklist,
    evidence: EvidenceSet,
    *,
    division: str,
    year: int,
    previous: Assessment | None = None,
) -> Assessment:
    """Assess ``division``'s 双拥 work in ``year`` against a checklist.

    Args:
        engine: supplies the checklists, parameters (points, frequencies, time limits) and the
            division catalog (with plugins' townships and villages).
        checklist: a checklist id registered by a plugin, or a :class:`Checklist`.
        evidence: the evidence (:func:`~shuangyong.compliance.load_evidence`).
        division: the division assessed (a code the catalog knows).
        year: the calendar year assessed.
        previous: an earlier assessment of the same checklist and division to compare with.

    Raises:
        InvalidValueError: an unknown checklist, bad year, or evidence outside the jurisdiction.
        UnknownDivisionError: an unknown division code.
        NotInForceError, ParameterNotSetError: a points or frequency parameter has no value for
            the year and division.
    """
    checklists: Mapping[str, Checklist] = engine.checklists
    if isinstance(checklist, str):
        if checklist not in checklists:
            raise InvalidValueError(
                "checklist",
                checklist,
                "未知的检查清单 / unknown checklist; loaded: " + ", ".join(sorted(checklists)),
            )
        checklist = checklists[checklist]
    result = run_checklist(
        checklist,
        evidence,
        division=engine.divisions.get(division),
        year=year,
        catalog=engine.divisions,
        parameters=engine.parameters,
        plugins=tuple(p.supplier for p in engine.plugins),
    )
    return result.compare(previous) if previous is not None else result
