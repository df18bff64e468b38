"""Arrears (补发), recoveries (追回) and corrections (更正): lines of their own, never updates.

Each recomputes periods the ledger already holds, with the current facts and the engine's
current parameters, and compares the recomputation with the *net* of the period: the sum of
its non-cancelled lines, whatever their kind. The difference is written as one line at the
period's next revision, pointing to the new explanation record; the old lines keep theirs.
Doing the same adjustment twice writes nothing more (the net already equals the
recomputation), and two processes doing it at once compute the same key, so one wins.
"""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Sequence
from typing import Any

from shuangyong.domain.periods import Month
from shuangyong.ledger.compute import (
    Computed,
    benefit_label,
    benefit_labels,
    check_covered,
    compute,
)
from shuangyong.ledger.errors import CorrectionError, NegativeArrearsError
from shuangyong.ledger.population import Population
from shuangyong.ledger.records import nothing_due, record
from shuangyong.ledger.reports import Difference, RunReport, pending_of
from shuangyong.ledger.runs import audit_report
from shuangyong.ledger.writing import new_run_id, write
from shuangyong.storage.model import (
    EvaluationRecord,
    LedgerLine,
    LineKind,
    LineStatus,
    PaymentRun,
    RunKind,
)
from shuangyong.storage.protocol import Store, StoreError

__all__ = ["adjust", "correct"]

Period = tuple[str, str, Month, Month]


class _Held:
    """What the ledger holds for one period: its lines, net and highest revision."""

    def __init__(self) -> None:
        self.lines: list[LedgerLine] = []

    @property
    def net_fen(self) -> int:
        return sum(x.amount_fen for x in self.lines if x.status is not LineStatus.CANCELLED)

    @property
    def revision(self) -> int:
        return max(x.revision for x in self.lines)


def _held(
    store: Store,
    rule_ids: Sequence[str],
    first: Month,
    last: Month,
    division: str | None,
    person_id: str | None = None,
) -> dict[Period, _Held]:
    held: dict[Period, _Held] = collections.defaultdict(_Held)
    for rid in rule_ids:
        for line in store.iter_lines(
            rule_id=rid, first=first, last=last, division=division, person_id=person_id
        ):
            held[(line.person_id, line.rule_id, line.period_first, line.period_last)].lines.append(
                line
            )
    return dict(held)


def _recomputed(
    engine: Any,
    store: Store,
    rule_ids: Sequence[str],
    first: Month,
    last: Month,
    division: str,
    held: dict[Period, _Held],
) -> tuple[dict[Period, Computed], Any, int]:
    persons = sorted({p for p, _, _, _ in held})
    # the recomputation must see every due date of the held periods (a yearly instalment or
    # a one-off may fall due outside first..last while covering months inside it)
    lo = min([first, *(Month.of(x.due_date) for h in held.values() for x in h.lines)])
    hi = max([last, *(Month.of(x.due_date) for h in held.values() for x in h.lines)])
    check_covered(engine, rule_ids, lo, hi)
    pop = Population(store, persons, division, (), specs=engine.fields)
    comp = compute(engine, store, rule_ids, lo, hi, pop, scoped=False, keep_ineligible=True)
    return {c.period: c for c in comp.lines}, comp, len(pop)


def adjust(
    engine: Any,
    store: Store,
    kind: RunKind,
    rule_ids: Sequence[str],
    first: Month,
    last: Month,
    division: str,
    reason: str,
    actor: str,
    *,
    skip_negative: bool = False,
    due: dt.date | None = None,
) -> RunReport:
    """Arrears (``kind`` ARREARS: positive differences) or a recovery (RECOVERY: negative
    differences). See :meth:`shuangyong.ledger.Ledger.arrears` and ``recover``."""
    held = _held(store, rule_ids, first, last, division)
    now, comp, persons = _recomputed(engine, store, rule_ids, first, last, division, held)
    records: dict[str, EvaluationRecord] = dict(comp.records)
    run_id = new_run_id(kind, division, first, last)
    labels = benefit_labels(engine, rule_ids)
    lines: list[LedgerLine] = []
    listed: list[Difference] = []
    undetermined: list[Computed] = []
    for key in sorted(held, key=lambda k: (k[0], k[1], k[2], k[3])):
        h = held[key]
        c = now.get(key)
        if c is None:
            last_line = h.lines[-1]
            rec = record(
                nothing_due(key[1], last_line.rule_version, key[2].start, last_line.division)
            )
            records[rec.digest] = rec
            new_fen, digest, src = 0, rec.digest, None
        elif c.status == "undetermined":
            undetermined.append(c)
            continue
        else:
            new_fen, digest, src = c.amount_fen, c.digest, c
        d = Difference(key[0], key[1], key[2], key[3], h.net_fen, new_fen, digest, labels[key[1]])
        if d.diff_fen == 0:
            continue
        wanted = d.diff_fen > 0 if kind is RunKind.ARREARS else d.diff_fen < 0
        if not wanted:
            listed.append(d)
            continue
        base = h.lines[-1]
        lines.append(
            LedgerLine(
                run_id=run_id,
                person_id=key[0],
                rule_id=key[1],
                period_first=key[2],
                period_last=key[3],
                revision=h.revision + 1,
                kind=LineKind.ARREARS if kind is RunKind.ARREARS else LineKind.RECOVERY,
                amount_fen=d.diff_fen,
                due_date=due or (src.due if src else base.due_date),
                rule_version=src.version if src else base.rule_version,
                evaluated_on=src.on if src else key[2].start,
                division=src.division if src else base.division,
                township=src.township if src else base.township,
                explanation_digest=digest,
                reason=reason,
            )
        )
    if kind is RunKind.ARREARS and listed and not skip_negative:
        d = listed[0]
        raise NegativeArrearsError(
            d.person_id,
            d.rule_id,
            d.first,
            d.net_fen,
            d.new_fen,
            reason,
            more=len(listed) - 1,
            label=labels[d.rule_id],
        )
    run = PaymentRun(run_id, kind, tuple(rule_ids), first, last, division, actor, reason)
    written, written_fen = write(store, run, records, lines, actor)
    report = RunReport(
        run_id=run_id,
        kind=kind,
        rule_ids=tuple(rule_ids),
        first=first,
        last=last,
        division=division,
        persons=persons,
        lines=len(lines),
        amount_fen=sum(x.amount_fen for x in lines),
        written=written,
        written_fen=written_fen,
        pending=pending_of(undetermined, labels),
        problems=comp.problems,
        listed=tuple(listed),
        reason=reason,
        labels=labels,
    )
    audit_report(store, actor, report)
    return report


def correct(engine: Any, store: Store, line_id: int, reason: str, actor: str) -> RunReport:
    """See :meth:`shuangyong.ledger.Ledger.correct`."""
    found = store.lines(line_ids=[line_id])
    if not found:
        raise StoreError(f"无此发放行 {line_id} / unknown ledger line {line_id}")
    line = found[0]
    assert line.line_id is not None

    def refuse(why: str) -> CorrectionError:
        return CorrectionError(
            line_id,
            line.person_id,
            line.rule_id,
            line.period_first,
            why,
            label=benefit_label(engine, line.rule_id),
        )

    if line.status is LineStatus.CANCELLED:
        raise refuse("该行已作废，无需更正 / the line is cancelled")
    if line.kind is LineKind.REVERSAL:
        raise refuse("冲正行不能再更正 / a reversal is not corrected")
    m = Month.of(line.due_date)
    held = _held(store, [line.rule_id], line.period_first, line.period_last, None, line.person_id)
    h = held[(line.person_id, line.rule_id, line.period_first, line.period_last)]
    if any(x.reverses == line_id and x.status is not LineStatus.CANCELLED for x in h.lines):
        raise refuse("该行已被冲正 / the line has already been reversed")
    now, comp, _ = _recomputed(engine, store, [line.rule_id], m, m, line.division, held)
    c = now.get((line.person_id, line.rule_id, line.period_first, line.period_last))
    if c is not None and c.status == "undetermined":
        raise refuse(f"按现有事实重算无法确定（{'；'.join(c.reasons)}）/ undetermined now")
    if comp.problems:
        raise refuse(f"现有事实有误：{comp.problems[0]}")
    new_fen = c.amount_fen if c is not None else 0
    # the new line brings the period's net to the recomputation (for a regular line that is
    # simply the recomputed amount; for an arrears line it is what is still due beyond the rest)
    rest = h.net_fen - line.amount_fen
    new_line_fen = new_fen - rest
    if new_line_fen < 0:
        raise refuse(
            f"冲正后仍多发 {-new_line_fen} 分，应办理追回 / after the reversal the period is still "
            "overpaid: that is a recovery"
        )
    run_id = new_run_id(RunKind.CORRECTION, line.division, line.period_first, line.period_last)
    rev = h.revision
    lines = [
        LedgerLine(
            run_id=run_id,
            person_id=line.person_id,
            rule_id=line.rule_id,
            period_first=line.period_first,
            period_last=line.period_last,
            revision=rev + 1,
            kind=LineKind.REVERSAL,
            amount_fen=-line.amount_fen,
            due_date=line.due_date,
            rule_version=line.rule_version,
            evaluated_on=line.evaluated_on,
            division=line.division,
            township=line.township,
            explanation_digest=line.explanation_digest,
            reverses=line_id,
            reason=reason,
        )
    ]
    if new_line_fen > 0 and c is not None:
        lines.append(
            LedgerLine(
                run_id=run_id,
                person_id=line.person_id,
                rule_id=line.rule_id,
                period_first=line.period_first,
                period_last=line.period_last,
                revision=rev + 2,
                kind=line.kind if line.kind is not LineKind.RECOVERY else LineKind.ARREARS,
                amount_fen=new_line_fen,
                due_date=c.due,
                rule_version=c.version,
                evaluated_on=c.on,
                division=c.division,
                township=c.township,
                explanation_digest=c.digest,
                reason=reason,
            )
        )
    run = PaymentRun(
        run_id,
        RunKind.CORRECTION,
        (line.rule_id,),
        line.period_first,
        line.period_last,
        line.division,
        actor,
        f"更正发放行 {line_id}：{reason}",
    )
    written, written_fen = write(store, run, comp.records, lines, actor)
    report = RunReport(
        run_id=run_id,
        kind=RunKind.CORRECTION,
        rule_ids=(line.rule_id,),
        first=line.period_first,
        last=line.period_last,
        division=line.division,
        persons=1,
        lines=len(lines),
        amount_fen=sum(x.amount_fen for x in lines),
        written=written,
        written_fen=written_fen,
        reason=reason,
        labels=benefit_labels(engine, [line.rule_id]),
    )
    audit_report(store, actor, report)
    return report
