"""Explaining one ledger line to a caseworker, and checking that it is reproducible.

The line's person is re-evaluated per case (``engine.evaluate``) on the line's
``evaluated_on``, with the facts as they were known when the line was written, and the result
is compared with the stored explanation record. Where the facts known today differ (a death
reported late, a corrected grade) the answer also shows today's result: that is why a
recovery or a correction exists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from shuangyong.domain.money import Yuan
from shuangyong.engine.run import missing_required
from shuangyong.errors import ShuangyongError
from shuangyong.ledger.compute import benefit_label
from shuangyong.ledger.errors import mask
from shuangyong.ledger.records import differences
from shuangyong.policy.results import RuleResult
from shuangyong.storage import rows as store_rows
from shuangyong.storage.model import EvaluationRecord, LedgerLine, LineKind, StatusChange
from shuangyong.storage.protocol import Store, StoreError

__all__ = ["LineExplanation", "explain"]


@attrs.frozen
class LineExplanation:
    """A line, its stored explanation and its re-evaluation.

    Attributes:
        line: the ledger line (with its current status).
        record: the stored explanation record it points to.
        history: its status changes (with voucher references).
        result: the per-case result with the facts known when the line was written (None when
            the stored record is not a rule evaluation, or the facts cannot be evaluated).
        differences: how ``result`` differs from ``record`` (empty: reproduced).
        current: the per-case result with the facts known today, when they differ.
        error: why a re-evaluation could not be done, if so.
        label: the benefit's Chinese name (the rule id when no loaded rule has it).
    """

    line: LedgerLine
    record: EvaluationRecord
    history: tuple[StatusChange, ...]
    result: RuleResult | None
    differences: tuple[str, ...]
    current: RuleResult | None = None
    error: str = ""
    label: str = ""
    """The benefit's Chinese name, for the text (empty: the rule id)."""

    @property
    def reproduced(self) -> bool:
        return self.result is not None and not self.differences

    @property
    def amount(self) -> Yuan:
        return Yuan.from_fen(self.line.amount_fen)

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the line's values, the stored record, the check."""
        line = self.line
        return {
            "line_id": line.line_id,
            "person_id": line.person_id,
            "rule_id": line.rule_id,
            "period_first": str(line.period_first),
            "period_last": str(line.period_last),
            "revision": line.revision,
            "kind": line.kind.value,
            "status": line.status.value,
            "amount_fen": line.amount_fen,
            "due_date": line.due_date.isoformat(),
            "evaluated_on": line.evaluated_on.isoformat(),
            "reason": line.reason,
            "explanation_digest": line.explanation_digest,
            "explanation": dict(self.record.explanation),
            "reproduced": self.reproduced,
            "differences": list(self.differences),
        }

    def __str__(self) -> str:
        line = self.line
        period = (
            str(line.period_first)
            if line.period_first == line.period_last
            else f"{line.period_first}–{line.period_last}"
        )
        paid = next((h.reference for h in reversed(self.history) if h.reference), "")
        label = self.label or line.rule_id
        head = (
            f"{self.amount}，{line.status.label}"
            + (f"（凭证 {paid}）" if paid else "")
            + f"：发放行 {line.line_id}，{line.kind.label}，{label}，{period}，"
            f"人员 {mask(line.person_id)}"
        )
        out = [head]
        if line.kind is not LineKind.REGULAR or line.reason:
            out.append(f"原因：{line.reason}")
        if line.kind in (LineKind.ARREARS, LineKind.RECOVERY):
            rec = self.record.amount_fen
            shown = "—" if rec is None else str(Yuan.from_fen(rec))
            out.append(f"本期按现行标准重算为 {shown}，本行为与已入账金额的差额。")
        if line.kind is LineKind.REVERSAL:
            out.append(f"本行冲正发放行 {line.reverses}（金额取相反数），依据原行的评估记录。")
        if self.error:
            out.append(f"复核：无法重新评估（{self.error}）")
        elif self.result is None:
            reasons = "；".join(self.record.explanation.get("reasons", []))
            out.append(f"复核：本行依据的记录不是一次规则评估（{reasons}）")
        elif self.reproduced:
            out.append("复核：按入账时已知的事实重新评估，结果与入账记录一致。")
        else:
            out.append("复核：重新评估与入账记录不一致：" + "；".join(self.differences))
        if self.result is not None:
            out.append("")
            out.append(self.result.explain())
        if self.current is not None:
            out.append("")
            out.append("按目前已知的事实（入账后又登记了事实）重新评估：")
            out.append(self.current.explain())
        return "\n".join(out)


def explain(engine: Any, store: Store, line_id: int) -> LineExplanation:
    """See :meth:`shuangyong.ledger.Ledger.explain_line`."""
    found = store.lines(line_ids=[line_id])
    if not found:
        raise StoreError(f"无此发放行 {line_id} / unknown ledger line {line_id}")
    line = found[0]
    rec = store.evaluation(line.explanation_digest)
    history = tuple(store.status_history(line_id))
    label = benefit_label(engine, line.rule_id)
    if not rec.explanation.get("conditions") and rec.status == "ineligible":
        return LineExplanation(line, rec, history, None, (), label=label)
    try:
        then = store_rows.rule_row(
            store.row_on(line.person_id, line.evaluated_on, known_at=line.created_at)
        )
        result = _evaluate(engine, then, line.evaluated_on, line.rule_id)
        today = store_rows.rule_row(store.row_on(line.person_id, line.evaluated_on))
        current = None
        if today != then:
            current = _evaluate(engine, today, line.evaluated_on, line.rule_id)
    except ShuangyongError as e:
        return LineExplanation(line, rec, history, None, (), error=str(e), label=label)
    diffs = tuple(differences(rec.explanation, result))
    return LineExplanation(line, rec, history, result, diffs, current, label=label)


def _evaluate(engine: Any, row: dict[str, Any], on: dt.date, rule_id: str) -> Any:
    """The rule's result for a stored row, as a payment run computes it: a field the row never
    recorded is absent, and a rule that requires it is undetermined naming it (the rules in
    force are evaluated, as ``Engine.evaluate`` does by default), not an input error."""
    reg = engine.rule(rule_id, on)
    if missing_required(reg.rule, row, engine.fields):
        return engine.evaluate(row, on)[rule_id]
    return engine.evaluate(row, on, [rule_id])[rule_id]
