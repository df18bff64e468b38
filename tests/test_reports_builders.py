"""The builders over a real store and ledger (issue 13 §2, §5): a payment sheet's township
subtotals add up exactly to its total (in figures and in 大写), the roster and the summary agree
with the ledger, revealing id numbers is audited, and the compliance and catalogue reports.

Amounts as in tests/test_ledger.py: 五级因战 59,100 ÷ 12 = 4,925.00; 十级因公 10,850 ÷ 12 =
904.1666… → 904.17 (table A, provenance ``example``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from shuangyong import Engine
from shuangyong.ledger import Ledger
from shuangyong.reports import CaveatKind, ReportInputError, ReportRequest
from shuangyong.reports.builders.catalogue import build_catalogue
from shuangyong.reports.builders.compliance import assessment_report
from shuangyong.reports.builders.payment_sheet import build_payment_sheet
from shuangyong.reports.builders.payment_summary import build_payment_summary
from shuangyong.reports.builders.roster import build_roster
from shuangyong.reports.daxie import parse_daxie
from shuangyong.storage import Fact, Store, open_store
from shuangyong.storage.model import LineStatus

COUNTY = "411003"
TOWN_A, TOWN_B = "411003100", "411003101"
P1, P2, P3 = "411003199001010011", "411003199001010022", "411003199001010033"
VET: dict[str, Any] = {
    "name": "张三",
    "township_division": TOWN_A,
    "birth_date": "1990-01-01",
    "household_division": COUNTY,
    "service_kind": "nco",
    "nco_grade": "junior",
    "care_arrangement": "dispersed",
    "enlisted_on": "2008-09-01",
    "discharged_on": "2014-09-01",
    "disability_level": 5,
    "disability_cause": "combat",
    "disability_assessed_on": "2014-05-01",
    "disability_approved_on": "2014-06-01",
}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create(entry_points=False)


@pytest.fixture
def paid(engine: Engine) -> Iterator[tuple[Store, str]]:
    with open_store("memory://", entry_points=False) as store:
        on = dt.date(2014, 6, 1)
        store.add_facts(
            [
                Fact(P1, on, VET),
                Fact(
                    P2,
                    on,
                    {**VET, "name": "李四", "disability_level": 10, "disability_cause": "duty"},
                ),
                Fact(P3, on, {**VET, "name": "王五", "township_division": TOWN_B}),
            ],
            actor="登记员",
        )
        ledger = Ledger(engine, store, actor="经办人")
        run = ledger.run(["disability_pension"], "2025-01", "2025-03", COUNTY)
        ledger.approve(run_id=run.run_id)
        ledger.mark_paid(run_id=run.run_id, reference="代发 2025Q1")
        yield store, run.run_id


def test_payment_sheet_subtotals_add_up_exactly(engine: Engine, paid: tuple[Store, str]) -> None:
    store, run_id = paid
    report = build_payment_sheet(ReportRequest(engine=engine, store=store, run_id=run_id))
    lines = store.lines(run_id=run_id)
    assert len(lines) == 9  # 3 people × 3 months
    town_tables = [t for t in report.tables() if t.key.startswith("lines_")]
    assert [t.key for t in town_tables] == [f"lines_{TOWN_A}", f"lines_{TOWN_B}"]
    subtotals = []
    for t in town_tables:
        (footer,) = t.footer
        assert footer.label == "小计"
        assert footer.cells[-1] == sum(t.column("amount"))
        subtotals.append(footer.cells[-1])
    grand = sum(ln.amount_fen for ln in lines)
    assert grand == 3 * (492_500 * 2 + 90_417)
    summary = report.table("townships")
    assert list(summary.column("amount")) == subtotals
    assert summary.footer[0].cells == (None, 3, 9, grand)
    total = next(
        b.text
        for s in report.sections
        for b in s.blocks
        if getattr(b, "text", "").startswith("合计金额")
    )
    assert "¥32,262.51" in total  # 3,226,251 fen
    assert parse_daxie(total.split("人民币")[1]) == grand
    assert "人民币叁万贰仟贰佰陆拾贰元伍角壹分" in total
    assert report.uses_example  # table A ships as example figures
    assert all("********" in pid for t in town_tables for pid in t.column("id_number"))
    assert report.approval is not None
    assert [s.role for s in report.approval.signatories] == ["经办人", "审核人", "负责人"]


def test_payment_sheet_of_an_unknown_run(engine: Engine, paid: tuple[Store, str]) -> None:
    store, _ = paid
    with pytest.raises(ReportInputError, match="no such payment run"):
        build_payment_sheet(ReportRequest(engine=engine, store=store, run_id="nope"))
    with pytest.raises(ReportInputError, match="needs --run ID"):
        build_payment_sheet(ReportRequest(engine=engine, store=store))


def test_roster_by_benefit_and_division(engine: Engine, paid: tuple[Store, str]) -> None:
    store, _ = paid
    report = build_roster(
        ReportRequest(engine=engine, store=store, division=COUNTY, on=dt.date(2025, 3, 1))
    )
    table = report.table("roster_disability_pension")
    assert table.column("name") == ("张三", "李四", "王五")  # by township, then id
    assert table.column("amount") == (492_500, 90_417, 492_500)
    assert table.footer[0].cells[-1] == 1_075_417
    assert table.column("birth_date")[0] == dt.date(1990, 1, 1)
    assert report.table("summary").footer[0].cells == (None, 3, 1_075_417)
    assert not report.ids_revealed
    with pytest.raises(ReportInputError, match="unknown administrative division"):
        build_roster(
            ReportRequest(engine=engine, store=store, division="999999", on=dt.date(2025, 3, 1))
        )


def test_revealing_ids_is_explicit_and_audited(engine: Engine, paid: tuple[Store, str]) -> None:
    store, run_id = paid
    before = len(store.audit_events(action="report.reveal_ids"))
    report = build_payment_sheet(
        ReportRequest(engine=engine, store=store, run_id=run_id, reveal_ids=True, actor="审核员")
    )
    assert report.ids_revealed
    assert P1 in report.table(f"lines_{TOWN_A}").column("id_number")
    assert any(c.kind is CaveatKind.REVEALED for c in report.caveats)
    events = store.audit_events(action="report.reveal_ids")
    assert len(events) == before + 1
    assert events[-1].actor == "审核员" and events[-1].subject == run_id
    assert events[-1].details == {"report": "payment-sheet", "people": 3}


def test_payment_summary_from_ledger_totals(engine: Engine, paid: tuple[Store, str]) -> None:
    store, _ = paid
    report = build_payment_summary(
        ReportRequest(engine=engine, store=store, years=(2025,), division=COUNTY)
    )
    totals = Ledger(engine, store, actor="x").totals(
        first_year=2025, last_year=2025, division=COUNTY
    )
    table = report.table("totals")
    assert table.column("amount") == tuple(r.amount_fen for r in totals.rows)
    assert table.column("persons") == (3,)
    assert table.footer[0].cells[3:] == (totals.persons, 9, totals.amount_fen)
    assert table.column("benefit")[0].code == "disability_pension"
    assert table.column("benefit")[0].label != "disability_pension"  # a Chinese label
    assert report.table("years").column("year") == (2025,)
    assert all(s.value == "paid" for s in [LineStatus.PAID])


def test_catalogue_lists_every_rule(engine: Engine) -> None:
    report = build_catalogue(ReportRequest(engine=engine))
    rules = {c.code for c in report.table("rules").column("rule")}
    assert {"disability_pension", "nursing_allowance"} <= rules
    assert report.uses_example


def test_compliance_report_keeps_findings_points_gaps_and_evidence(engine: Engine) -> None:
    from shuangyong.compliance import EvidenceSet, assess

    a = assess(engine, "five_inclusions", EvidenceSet.of(), division=COUNTY, year=2024)
    report = assessment_report(a)
    scores = report.table("sections")
    assert scores.footer[0].cells[3] == sum(1 for f in a.findings if f.state.value == "met")
    entries = [b for s in report.sections[1:] for b in s.blocks if hasattr(b, "heading")]
    assert len(entries) == len(a.findings)
    assert any(d.startswith("缺少：") for e in entries for d in e.details)
    assert a.render_text().startswith("五纳入五统一情况报告")
    assert report.uses_example  # the points are example figures, and the report says so
