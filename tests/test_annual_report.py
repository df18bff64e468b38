"""The work-report builder without a store: sentences from evidence with their sources, money
from stated totals, gaps for everything the evidence does not hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_compliance_claims import ALL_KINDS
from test_compliance_support import make_engine

from shuangyong.reports import Entry, Paragraph, ReportInputError, ReportRequest
from shuangyong.reports.builders.annual_report import build_annual_report


def _report(tmp_path: Path, text: str) -> object:
    path = tmp_path / "evidence.toml"
    path.write_text(text, encoding="utf-8")
    request = ReportRequest(
        engine=make_engine(), division="411003", years=(2019, 2024), evidence=(path,)
    )
    return build_annual_report(request)


def _paragraphs(report: object) -> list[Paragraph]:
    return [b for s in report.sections for b in s.blocks if isinstance(b, Paragraph)]  # type: ignore[attr-defined]


def test_every_sentence_names_a_source(tmp_path: Path) -> None:
    report = _report(tmp_path, ALL_KINDS)
    paras = _paragraphs(report)
    assert paras and all(p.sources for p in paras)
    text = "\n".join(p.text for p in paras)
    assert "计 200 次、500 人次、金额 400,000.50元" in text
    assert (
        "2019年至2024年发放抚恤金 1234 人、金额 98,765,432.10元（据区退役军人事务局2024年工作总结）"
        in text
    )
    assert "2021年命名为“省级双拥模范城（县）”（第2届）" in text
    assert any(
        "payment_total PT1" in s or "发放合计（文件所述） PT1" in s
        for p in paras
        for s in p.sources
    )


def test_what_the_evidence_does_not_hold_is_a_gap(tmp_path: Path) -> None:
    report = _report(tmp_path, '[meta]\ntitle = "空"\n')
    gaps = [b.heading for b in report.sections[-1].blocks if isinstance(b, Entry)]  # type: ignore[attr-defined]
    assert any("双拥工作领导小组" in g for g in gaps)
    assert any("抚恤金、补助金发放人数和金额" in g for g in gaps)
    assert any("荣誉" in g for g in gaps)
    assert not [p for p in _paragraphs(report) if "发放" in p.text]
    assert any(c.kind.value == "incomplete" for c in report.caveats)  # type: ignore[attr-defined]


def test_missing_inputs_are_named(tmp_path: Path) -> None:
    with pytest.raises(ReportInputError, match="EVIDENCE"):
        build_annual_report(ReportRequest(engine=make_engine(), division="411003", years=(2024,)))
