"""The payment ledger of a district office: runs, approval, payment, adjustments, totals.

:class:`Ledger` binds an engine (the rules and the parameters known now), a store (the people,
their dated facts and the ledger) and the actor every write is recorded under. It never reads
the clock for a rule: the months are named by the caller, and the store stamps its own times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from shuangyong.errors import InvalidValueError
from shuangyong.ledger import adjustments, runs
from shuangyong.ledger.errors import LineStateError
from shuangyong.ledger.explain import LineExplanation, explain
from shuangyong.ledger.reports import RunReport
from shuangyong.ledger.totals import LedgerTotals, ledger_totals
from shuangyong.ledger.writing import MonthLike, check_division, check_range, check_rule_ids
from shuangyong.storage import rows as store_rows
from shuangyong.storage.model import LineStatus, RunKind
from shuangyong.storage.protocol import LedgerStateError, Store, StoreError

__all__ = ["Ledger"]


class Ledger:
    """Payment runs and the ledger's life cycle over one store.

    Args:
        engine: a :class:`shuangyong.Engine` (for arrears: one built with the raised
            standard, e.g. ``engine.with_parameters(toml)``).
        store: an open store (:func:`shuangyong.storage.open_store`).
        actor: who does the work (recorded on every write and audit event).
    """

    def __init__(self, engine: Any, store: Store, *, actor: str) -> None:
        store_rows.check_actor(actor)
        self.engine = engine
        self.store = store
        self.actor = actor

    # -- runs ---------------------------------------------------------------------------------
    def run(
        self,
        rule_ids: Sequence[str] | str,
        first: MonthLike,
        last: MonthLike,
        division: str,
        *,
        note: str = "",
    ) -> RunReport:
        """A payment run (发放批次): one line per person × benefit × period due.

        Everyone registered in ``division`` (a 6-digit county with its townships, or a
        township code) on a date evaluated is evaluated with the facts in force then; months
        up to a person's paid-up-to month for the benefit are skipped. Eligible lines with a
        positive amount are written (regular, revision 0, calculated); a key already in the
        ledger is skipped, so running it again, or concurrently, never pays twice.
        Undetermined lines are listed in the report (never paid as zero) and a later run
        writes them once determined.

        Raises:
            PeriodNotCoveredError: a benefit has no rule version for a month, or pays nothing
                (naming the rule and month); nothing is written.
            InvalidValueError: a bad month, division or rule list.
        """
        ids = check_rule_ids(rule_ids)
        a, b = check_range(first, last)
        return runs.regular_run(
            self.engine, self.store, ids, a, b, check_division(division), self.actor, note
        )

    def arrears(
        self,
        rule_ids: Sequence[str] | str,
        first: MonthLike,
        last: MonthLike,
        division: str,
        reason: str,
        *,
        skip_negative: bool = False,
        due: dt.date | None = None,
    ) -> RunReport:
        """Arrears (补发) after a standard is raised with an earlier date of effect.

        The periods the ledger holds for ``division`` in ``first..last`` are recomputed with
        this ledger's engine; where the recomputation exceeds the period's net (its
        non-cancelled lines), one arrears line (the difference, next revision) is written,
        pointing to the new explanation; the old lines keep theirs. Running it twice writes
        nothing more.

        Args:
            reason: why (shown on every line), e.g. "2025年8月1日起提高残疾抚恤金标准".
            skip_negative: list periods whose recomputation is *below* the net in the report
                and write the others (default: refuse them all).
            due: the due date of the arrears lines (default: each period's own due date).

        Raises:
            NegativeArrearsError: a period would get a negative difference (that is a
                recovery), naming the person, rule, month and reason; nothing is written.
        """
        return self._adjust(
            RunKind.ARREARS, rule_ids, first, last, division, reason, skip_negative, due
        )

    def recover(
        self,
        rule_ids: Sequence[str] | str,
        first: MonthLike,
        last: MonthLike,
        division: str,
        reason: str,
        *,
        due: dt.date | None = None,
    ) -> RunReport:
        """Recovery (追回) of overpayments, e.g. after a death or suspension reported late
        (a fact recorded now with an earlier date of effect).

        Writes one negative recovery line per period whose recomputation is below its net;
        periods whose recomputation is above it are listed (that is arrears), not written.
        """
        return self._adjust(RunKind.RECOVERY, rule_ids, first, last, division, reason, True, due)

    def _adjust(
        self,
        kind: RunKind,
        rule_ids: Sequence[str] | str,
        first: MonthLike,
        last: MonthLike,
        division: str,
        reason: str,
        skip_negative: bool,
        due: dt.date | None,
    ) -> RunReport:
        _check_reason(reason)
        ids = check_rule_ids(rule_ids)
        a, b = check_range(first, last)
        if due is not None and type(due) is not dt.date:
            raise InvalidValueError("due", due, "应为日期 / expected a date")
        return adjustments.adjust(
            self.engine,
            self.store,
            kind,
            ids,
            a,
            b,
            check_division(division),
            reason,
            self.actor,
            skip_negative=skip_negative,
            due=due,
        )

    def correct(self, line_id: int, reason: str) -> RunReport:
        """Correct a line (更正): a reversal line (its negative, ``reverses`` = the line) and
        a new line recomputed from the current facts, at the period's next revisions.

        The new line brings the period's net to the recomputation (for a regular line alone
        in its period: the recomputed amount); none is written when nothing is due now.

        Raises:
            CorrectionError: the line is cancelled, a reversal, already reversed, or the
                recomputation is undetermined or below the rest of the period (a recovery).
        """
        _check_reason(reason)
        return adjustments.correct(self.engine, self.store, line_id, reason, self.actor)

    # -- states -------------------------------------------------------------------------------
    def approve(self, line_ids: Sequence[int] | None = None, *, run_id: str | None = None) -> int:
        """Approve lines (审批): the given ones, or every line of ``run_id``.

        Raises:
            LineStateError: a line is not ``calculated`` (approving twice ...), naming the
                line, person, period and reason; nothing changes.
        """
        return self._move(line_ids, run_id, LineStatus.APPROVED, "", "")

    def mark_paid(
        self,
        line_ids: Sequence[int] | None = None,
        *,
        run_id: str | None = None,
        reference: str,
    ) -> int:
        """Mark approved lines paid (已发放) with the voucher or bank reference.

        Raises:
            LineStateError: a line is not approved (cancelled, already paid ...).
            InvalidValueError: no reference.
        """
        return self._move(line_ids, run_id, LineStatus.PAID, reference, "")

    def cancel(
        self, line_ids: Sequence[int] | None = None, *, run_id: str | None = None, reason: str
    ) -> int:
        """Cancel (作废) calculated or approved lines. A cancelled line's key stays taken: what
        is still due for its period is paid by :meth:`arrears` (the net is then zero).

        Raises:
            LineStateError: a line is paid or already cancelled.
        """
        _check_reason(reason)
        return self._move(line_ids, run_id, LineStatus.CANCELLED, "", reason)

    def _move(
        self,
        line_ids: Sequence[int] | None,
        run_id: str | None,
        status: LineStatus,
        reference: str,
        reason: str,
    ) -> int:
        if (line_ids is None) == (run_id is None):
            raise InvalidValueError(
                "line_ids", line_ids, "请给出发放行或批次之一 / give line ids or a run id"
            )
        if line_ids is None:
            ids = [x.line_id for x in self.store.iter_lines(run_id=run_id) if x.line_id]
        else:
            ids = list(line_ids)
        try:
            return self.store.set_status(
                ids, status, actor=self.actor, reference=reference, reason=reason
            )
        except LedgerStateError as e:
            if isinstance(e, LineStateError):
                raise
            found = self.store.lines(line_ids=[e.line_id])
            if not found:
                raise
            raise LineStateError(e, found[0].period_first) from e

    # -- reading ------------------------------------------------------------------------------
    def totals(
        self,
        *,
        first_year: int | None = None,
        last_year: int | None = None,
        rule_ids: Sequence[str] | None = None,
        division: str | None = None,
        statuses: Sequence[LineStatus] = (LineStatus.PAID,),
        count_persons: bool = True,
    ) -> LedgerTotals:
        """Totals by year (of the period covered) × benefit × county, with head counts and
        exact amounts (default: paid lines; reversals and recoveries count with their sign).

        Args:
            division: a province (2 digits), city (4) or county (6) prefix; townships roll up
                to their county.
            count_persons: also count distinct people over everything selected
                (``LedgerTotals.persons``; streams the selected lines once).
        """
        return ledger_totals(
            self.store,
            self.engine.divisions,
            statuses=statuses,
            first_year=first_year,
            last_year=last_year,
            rule_ids=rule_ids,
            division=division,
            count_persons=count_persons,
        )

    def explain_line(self, line_id: int) -> LineExplanation:
        """The caseworker's answer for one line: amount and status first, then the per-case
        explanation re-evaluated with the facts known when the line was written, checked
        against the stored record (and today's result when the facts have changed since).

        Raises:
            StoreError: no such line.
        """
        if not isinstance(line_id, int):
            raise StoreError(f"无此发放行 {line_id!r} / unknown ledger line {line_id!r}")
        return explain(self.engine, self.store, line_id)


def _check_reason(reason: str) -> None:
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidValueError(
            "reason", reason, "须写明原因 / a reason is required (it is shown on every line)"
        )
