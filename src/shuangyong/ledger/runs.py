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

import numpy as np
import numpy.typing as npt

from shuangyong.domain.periods import Month
from shuangyong.engine.payments import month_of_number
from shuangyong.ledger.compute import (
    DueColumns,
    RowProblem,
    benefit_label,
    benefit_labels,
    check_covered,
    compute,
)
from shuangyong.ledger.population import DivisionDays, Population, registered_in
from shuangyong.ledger.reports import RunReport, pending_of
from shuangyong.ledger.writing import new_run_id, write
from shuangyong.storage.line_columns import LineColumns
from shuangyong.storage.model import AuditEvent, LineKind, LineStatus, PaymentRun, RunKind
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
    days = DivisionDays(store, division, engine.fields)
    people = registered_in(store, division, first, last, days)
    pop = Population(store, people, division, (), days, engine.fields)
    comp = compute(engine, store, rule_ids, first, last, pop)
    run_id = new_run_id(RunKind.REGULAR, division, first, last)
    due = comp.due
    eligible = due.status == 1
    # months paid by an older system (paid up to, per person and benefit) are skipped; a
    # period only partly paid there is listed for a person to decide
    upto = _paid_up_to(store, rule_ids, comp.ids, due)
    covered = eligible & (due.first <= upto)
    partial = covered & (due.last > upto)
    problems = list(comp.problems)
    for k in np.flatnonzero(partial).tolist():
        (c,) = comp.computed(np.array([k]))
        u = month_of_number(int(upto[k]))
        problems.append(
            RowProblem(
                c.person_id,
                "paid_up_to",
                str(u),
                f"原系统已发放至 {u}，与本期 {c.first}–{c.last}"
                f"（{benefit_label(engine, c.rule_id)}）部分"
                f"重叠，未写入，请人工核对 / paid up to {u} overlaps the period "
                f"{c.first}–{c.last}; not written",
            )
        )
    migrated = int((covered & ~partial).sum())
    lines = _lines(run_id, rule_ids, comp.ids, due.take(np.flatnonzero(eligible & ~covered)))
    run = PaymentRun(run_id, RunKind.REGULAR, tuple(rule_ids), first, last, division, actor, note)
    written, written_fen = write(store, run, comp.records, lines, actor)
    labels = benefit_labels(engine, rule_ids)
    report = RunReport(
        run_id=run_id,
        kind=RunKind.REGULAR,
        rule_ids=tuple(rule_ids),
        first=first,
        last=last,
        division=division,
        persons=len(pop),
        lines=len(lines),
        amount_fen=sum(lines.amount_fen.tolist()),
        written=written,
        written_fen=written_fen,
        migrated=migrated,
        pending=pending_of(comp.computed(np.flatnonzero(due.status == 2)), labels),
        problems=tuple(problems),
        labels=labels,
    )
    audit_report(store, actor, report)
    return report


def _paid_up_to(
    store: Store, rule_ids: Sequence[str], ids: Sequence[str], due: DueColumns
) -> npt.NDArray[np.int64]:
    """Per line, the month number its person was paid up to for its benefit (-1: none)."""
    out = np.full(len(due), -1, dtype=np.int64)
    for r, rid in enumerate(rule_ids):
        known = store.paid_up_to_all(rid)
        if not known:
            continue
        per_person = np.array(
            [m.year * 12 + m.month - 1 if (m := known.get(pid)) else -1 for pid in ids],
            dtype=np.int64,
        )
        sel = due.rule == r
        out[sel] = per_person[due.person[sel]]
    return out


def _lines(
    run_id: str, rule_ids: Sequence[str], ids: Sequence[str], due: DueColumns
) -> LineColumns:
    """The regular lines of ``due`` as columns (nothing per line in Python but the person
    and rule ids picked by index)."""
    n = len(due)
    pid = np.empty(len(ids), dtype=object)
    pid[:] = list(ids)
    rules = np.empty(len(rule_ids), dtype=object)
    rules[:] = list(rule_ids)
    return LineColumns(
        run_id=np.full(n, run_id, dtype=object),
        person_id=pid[due.person],
        rule_id=rules[due.rule],
        period_first=due.first.astype(np.int64),
        period_last=due.last.astype(np.int64),
        revision=np.zeros(n, dtype=np.int64),
        kind=_repeat(LineKind.REGULAR, n),
        amount_fen=due.amount_fen.astype(np.int64),
        due_date=due.due.astype("datetime64[D]"),
        rule_version=due.version,
        evaluated_on=due.on.astype("datetime64[D]"),
        division=due.division,
        explanation_digest=due.digest,
        township=due.township,
        reverses=np.full(n, None, dtype=object),
        reason=np.full(n, "", dtype=object),
        status=_repeat(LineStatus.CALCULATED, n),
    )


def _repeat(value: object, n: int) -> npt.NDArray[np.object_]:
    # fill, not np.full: np.full would turn a str enum member into text
    out = np.empty(n, dtype=object)
    out.fill(value)
    return out


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
