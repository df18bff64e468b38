"""A payment run (发放批次): one line per person × benefit × period due, written once.

The run evaluates everyone registered in the division over the months asked, with the facts
in force on each date. Eligible lines with a positive amount are written (kind regular,
revision 0); a key already in the ledger is skipped by the store, so the same run twice, or
from two processes at once, never pays twice. Undetermined lines are never paid as zero: the
report lists them and a later run writes them once they are determined. Months a person was
paid by an older system (paid up to) are skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shuangyong.domain.periods import Month
from shuangyong.ledger.compute import RowProblem, check_covered, compute
from shuangyong.ledger.population import Population, registered_in
from shuangyong.ledger.reports import RunReport, pending_of
from shuangyong.ledger.writing import new_run_id, write
from shuangyong.storage.model import AuditEvent, LedgerLine, LineKind, PaymentRun, RunKind
from shuangyong.storage.protocol import Store

__all__ = ["regular_run"]


def regular_run(
    engine: Any,
    store: Store,
    rule_ids: Sequence[str],
    first: Month,
    last: Month,
    division: str,
    actor: str,
    note: str = "",
) -> RunReport:
    """See :meth:`shuangyong.ledger.Ledger.run`."""
    check_covered(engine, rule_ids, first, last)
    pop = Population(store, registered_in(store, division, first, last), division, ())
    comp = compute(engine, store, rule_ids, first, last, pop)
    paid_to = {rid: store.paid_up_to_all(rid) for rid in rule_ids}
    run_id = new_run_id(RunKind.REGULAR, division, first, last)
    lines: list[LedgerLine] = []
    problems = list(comp.problems)
    migrated = 0
    for c in comp.lines:
        if c.status != "eligible":
            continue
        upto = paid_to[c.rule_id].get(c.person_id)
        if upto is not None and c.first <= upto:
            if c.last > upto:
                # part of the instalment was paid outside this ledger: a person must decide
                problems.append(
                    RowProblem(
                        c.person_id,
                        "paid_up_to",
                        str(upto),
                        f"原系统已发放至 {upto}，与本期 {c.first}–{c.last}（{c.rule_id}）部分"
                        f"重叠，未写入，请人工核对 / paid up to {upto} overlaps the period "
                        f"{c.first}–{c.last}; not written",
                    )
                )
            else:
                migrated += 1
            continue
        lines.append(
            LedgerLine(
                run_id=run_id,
                person_id=c.person_id,
                rule_id=c.rule_id,
                period_first=c.first,
                period_last=c.last,
                revision=0,
                kind=LineKind.REGULAR,
                amount_fen=c.amount_fen,
                due_date=c.due,
                rule_version=c.version,
                evaluated_on=c.on,
                division=c.division,
                township=c.township,
                explanation_digest=c.digest,
            )
        )
    run = PaymentRun(run_id, RunKind.REGULAR, tuple(rule_ids), first, last, division, actor, note)
    written, written_fen = write(store, run, comp.records, lines, actor)
    report = RunReport(
        run_id=run_id,
        kind=RunKind.REGULAR,
        rule_ids=tuple(rule_ids),
        first=first,
        last=last,
        division=division,
        persons=len(pop),
        lines=len(lines),
        amount_fen=sum(line.amount_fen for line in lines),
        written=written,
        written_fen=written_fen,
        migrated=migrated,
        pending=pending_of(comp.lines),
        problems=tuple(problems),
    )
    audit_report(store, actor, report)
    return report


def audit_report(store: Store, actor: str, report: RunReport) -> None:
    """What a run found, for the audit trail (the store already audited its writes)."""
    store.audit(
        AuditEvent(
            actor,
            f"run.{report.kind.value}.report",
            report.run_id,
            {
                "persons": report.persons,
                "lines": report.lines,
                "amount_fen": report.amount_fen,
                "written": report.written,
                "written_fen": report.written_fen,
                "migrated": report.migrated,
                "pending": sum(len(p.months) for p in report.pending),
                "problems": len(report.problems),
                "listed": len(report.listed),
                "reason": report.reason,
            },
        )
    )
