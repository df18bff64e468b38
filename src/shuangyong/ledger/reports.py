"""What a ledger operation did: exact counts and amounts, what waits, and what was refused.

Reports are values (fen as ints, ``Yuan`` for display, months as :class:`Month`) whose Chinese
``__str__`` leads with the answer; a program reads the attributes, never the text.
"""

from __future__ import annotations

import collections
from collections.abc import Iterable, Mapping

import attrs

from shuangyong.domain.money import Yuan
from shuangyong.domain.periods import Month
from shuangyong.ledger.compute import Computed, RowProblem
from shuangyong.ledger.errors import mask
from shuangyong.storage.model import RunKind

__all__ = ["Difference", "Pending", "RunReport", "pending_of"]

_SHOW = 20  # lines of detail in the text (the attributes hold everything)


@attrs.frozen
class Pending:
    """Lines that could not be decided (never paid as zero): who, which benefit, which
    months, and why. A later run writes them once the facts or figures are there."""

    person_id: str
    rule_id: str
    months: tuple[Month, ...]
    reasons: tuple[str, ...]
    label: str = ""
    """The benefit's Chinese name (the text shows it; empty: the id)."""

    def __str__(self) -> str:
        months = "、".join(map(str, self.months))
        why = "；".join(self.reasons) or "（未说明）"
        benefit = self.label or self.rule_id
        return f"人员 {mask(self.person_id)}，{benefit}，{months}：无法确定。原因：{why}"


def pending_of(
    lines: Iterable[Computed], labels: Mapping[str, str] | None = None
) -> tuple[Pending, ...]:
    """Undetermined lines grouped by person and benefit (``labels``: rule id → Chinese name)."""
    names = labels or {}
    groups: dict[tuple[str, str], tuple[list[Month], dict[str, None]]] = {}
    for c in lines:
        if c.status != "undetermined":
            continue
        months, reasons = groups.setdefault((c.person_id, c.rule_id), ([], {}))
        months.append(c.first)
        reasons.update(dict.fromkeys(c.reasons))
    return tuple(
        Pending(p, r, tuple(sorted(set(ms))), tuple(why), names.get(r, ""))
        for (p, r), (ms, why) in sorted(groups.items())
    )


@attrs.frozen
class Difference:
    """A period whose recomputation differs from the ledger's net (non-cancelled lines).

    Attributes:
        person_id, rule_id, first, last: the period.
        net_fen: what the ledger holds for it; new_fen: the recomputation; diff_fen: new − net.
        digest: the recomputation's explanation record.
    """

    person_id: str
    rule_id: str
    first: Month
    last: Month
    net_fen: int
    new_fen: int
    digest: str
    label: str = ""
    """The benefit's Chinese name (the text shows it; empty: the id)."""

    @property
    def diff_fen(self) -> int:
        return self.new_fen - self.net_fen

    def __str__(self) -> str:
        period = str(self.first) if self.first == self.last else f"{self.first}–{self.last}"
        return (
            f"人员 {mask(self.person_id)}，{self.label or self.rule_id}，{period}：已入账 "
            f"{Yuan.from_fen(self.net_fen)}，重算 {Yuan.from_fen(self.new_fen)}，差额 "
            f"{Yuan.from_fen(self.diff_fen)}"
        )


@attrs.frozen
class RunReport:
    """The result of a payment run, arrears, a recovery or a correction.

    Attributes:
        run_id, kind, rule_ids, first, last, division: the run.
        persons: people evaluated.
        lines: lines the run wanted to write; amount_fen: their sum.
        written: lines written now (the others' keys were already taken: written by an
            earlier run, or by a concurrent one); written_fen: the sum written now.
        migrated: lines not written because the old system paid them (paid up to).
        pending: undetermined lines (not written, never as zero).
        problems: people whose facts could not be evaluated (by field).
        listed: periods found but not written (arrears: negative differences skipped;
            recovery: positive differences, which are arrears).
        reason: the reason given (arrears, recovery, correction).
    """

    run_id: str
    kind: RunKind
    rule_ids: tuple[str, ...]
    first: Month
    last: Month
    division: str
    persons: int
    lines: int
    amount_fen: int
    written: int
    written_fen: int
    migrated: int = 0
    pending: tuple[Pending, ...] = ()
    problems: tuple[RowProblem, ...] = ()
    listed: tuple[Difference, ...] = ()
    reason: str = ""
    labels: Mapping[str, str] = attrs.field(factory=dict, eq=False)
    """Rule id → the benefit's Chinese name, for the text (a program reads ``rule_ids``)."""

    @property
    def amount(self) -> Yuan:
        return Yuan.from_fen(self.amount_fen)

    @property
    def written_amount(self) -> Yuan:
        return Yuan.from_fen(self.written_fen)

    @property
    def already(self) -> int:
        """Lines whose key was already in the ledger (nothing paid twice)."""
        return self.lines - self.written

    @property
    def complete(self) -> bool:
        return not self.pending and not self.problems

    def __str__(self) -> str:
        period = str(self.first) if self.first == self.last else f"{self.first}至{self.last}"
        head = (
            f"{self.kind.label}批次 {self.run_id}：本次写入 {self.written} 行，"
            f"{self.written_amount}"
        )
        benefits = "、".join(self.labels.get(r, r) for r in self.rule_ids)
        parts = [head, f"  区划 {self.division}，{period}，待遇 {benefits}"]
        if self.reason:
            parts.append(f"  原因：{self.reason}")
        parts.append(
            f"  评估 {self.persons} 人；应写 {self.lines} 行，合计 {self.amount}；"
            f"已在账（未重复写入）{self.already} 行"
        )
        if self.migrated:
            parts.append(f"  原系统已发放（已发放至）未写入：{self.migrated} 行")
        if self.pending:
            months = collections.Counter(m for p in self.pending for m in p.months)
            parts.append(
                f"  不完整：{sum(months.values())} 期无法确定，未发放"
                f"（{'、'.join(str(m) for m in sorted(months))}）："
            )
            parts.extend(f"    {p}" for p in self.pending[:_SHOW])
            if len(self.pending) > _SHOW:
                parts.append(f"    ……另有 {len(self.pending) - _SHOW} 项")
        if self.problems:
            parts.append(f"  数据有误，未计算：{len(self.problems)} 项：")
            parts.extend(f"    {p}" for p in self.problems[:_SHOW])
            if len(self.problems) > _SHOW:
                parts.append(f"    ……另有 {len(self.problems) - _SHOW} 项")
        if self.listed:
            what = {
                RunKind.ARREARS: "差额为负（应办理追回），已列出未写入",
                RunKind.RECOVERY: "差额为正（应办理补发），已列出未写入",
            }.get(self.kind, "已列出未写入")
            parts.append(f"  {what}：{len(self.listed)} 项：")
            parts.extend(f"    {d}" for d in self.listed[:_SHOW])
            if len(self.listed) > _SHOW:
                parts.append(f"    ……另有 {len(self.listed) - _SHOW} 项")
        return "\n".join(parts)
