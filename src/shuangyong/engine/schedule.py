"""Schedules: the payment lines of one person over a range of months, and their totals.

A line is money falling due: the months it covers, its due date, the rule version, the status
and the amount (see :mod:`shuangyong.policy.payment` for when lines fall due). A total is exact
and never pretends to be complete: undetermined lines are counted, with their months and
reasons, and the Chinese rendering says 不完整.
"""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Iterable

import attrs

from shuangyong.domain.money import Yuan
from shuangyong.domain.periods import Month
from shuangyong.policy.results import RuleResult, Status

__all__ = ["PaymentLine", "Schedule", "ScheduleTotal", "Segment"]

_ZERO = Yuan(0)


@attrs.frozen
class PaymentLine:
    """One payment falling due, with the explained result it comes from.

    Attributes:
        rule_id: the benefit (or, for rules that pay nothing, the eligibility reported).
        first, last: the months covered.
        due: the due date.
        result: the explained evaluation (for an instalment: of the whole year, on its first
            day; ``result.amount`` is then the yearly amount).
        amount: what this line pays: the amount, an instalment's part of it, 0 when
            ineligible, None when undetermined or when the rule pays nothing.
        instalment, instalments: which instalment of how many (1 of 1 otherwise).
        kind: ``month``, ``once`` or ``year``.
    """

    rule_id: str
    first: Month
    last: Month
    due: dt.date
    result: RuleResult
    amount: Yuan | None
    instalment: int = 0
    instalments: int = 1
    kind: str = "month"

    @property
    def status(self) -> Status:
        return self.result.status

    @property
    def version(self) -> str:
        return self.result.version

    @property
    def month(self) -> Month:
        """The due month (what a schedule range selects on)."""
        return Month.of(self.due)

    @property
    def period_label(self) -> str:
        if self.first == self.last:
            return str(self.first)
        return f"{self.first}–{self.last}"


@attrs.frozen
class ScheduleTotal:
    """An exact total that says whether it is complete.

    Attributes:
        amount: the sum of the lines whose amount is known.
        lines: lines counted; paid: lines with an amount above zero.
        undetermined: the lines that could not be decided (their amount is *not* in ``amount``).
        reasons: the distinct reasons of those lines, most frequent first.
    """

    amount: Yuan
    lines: int
    paid: int
    undetermined: tuple[PaymentLine, ...]
    reasons: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.undetermined

    @property
    def undetermined_months(self) -> tuple[str, ...]:
        return tuple(line.period_label for line in self.undetermined)

    def __str__(self) -> str:
        if self.complete:
            return f"合计：{self.amount}"
        months = _ranges([m for line in self.undetermined for m in _months(line)])
        why = "；".join(self.reasons) or "原因见各期说明"
        return (
            f"合计（不完整）：{self.amount}，不含 {len(self.undetermined)} 期无法确定的金额"
            f"（{months}）。原因：{why}"
        )

    @classmethod
    def of(cls, lines: Iterable[PaymentLine]) -> ScheduleTotal:
        total, count, paid = _ZERO, 0, 0
        open_: list[PaymentLine] = []
        reasons: collections.Counter[str] = collections.Counter()
        for line in lines:
            count += 1
            if line.status is Status.UNDETERMINED:
                open_.append(line)
                reasons.update(line.result.notes or ("（未说明）",))
                continue
            if line.amount is not None:
                total = total + line.amount
                paid += line.amount.fen > 0
        return cls(total, count, paid, tuple(open_), tuple(r for r, _ in reasons.most_common()))


@attrs.frozen
class Segment:
    """Consecutive lines paid alike: months at the same amount under the same standards and
    version (monthly benefits), or one line (a one-off or an instalment)."""

    rule_id: str
    first: Month
    last: Month
    status: Status
    amount: Yuan | None  # per line
    lines: int
    version: str
    standards: tuple[str, ...]
    kind: str = "month"
    due: dt.date | None = None
    instalment: int = 0
    instalments: int = 1

    @property
    def total(self) -> Yuan | None:
        return None if self.amount is None else self.amount * self.lines

    @property
    def monthly(self) -> Yuan | None:
        """Per line (kept for the monthly case, where a line is a month)."""
        return self.amount

    @property
    def months(self) -> int:
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1


@attrs.frozen
class Schedule:
    """Payment lines of the rules over a range of months (lines due within it)."""

    lines: tuple[PaymentLine, ...]
    first: Month | None = None
    last: Month | None = None

    def for_rule(self, rule_id: str) -> tuple[PaymentLine, ...]:
        return tuple(line for line in self.lines if line.rule_id == rule_id)

    def total(self, rule_id: str) -> ScheduleTotal:
        """The exact total of a rule's lines, with what could not be decided."""
        return ScheduleTotal.of(self.for_rule(rule_id))

    def segments(self, rule_id: str) -> list[Segment]:
        """Runs of months with the same amount, status, version and standards used; one-offs
        and instalments are segments of their own."""
        out: list[Segment] = []
        for line in self.for_rule(rule_id):
            r = line.result
            std = tuple(f"{p.path}@{p.jurisdiction}:{p.effective_from}" for p in r.parameters)
            prev = out[-1] if out else None
            if (
                line.kind == "month"
                and prev is not None
                and prev.kind == "month"
                and prev.amount == line.amount
                and prev.status is r.status
                and prev.version == r.version
                and prev.standards == std
                and prev.last + 1 == line.first
            ):
                out[-1] = attrs.evolve(prev, last=line.last, lines=prev.lines + 1)
            else:
                out.append(
                    Segment(
                        rule_id,
                        line.first,
                        line.last,
                        r.status,
                        line.amount,
                        1,
                        r.version,
                        std,
                        line.kind,
                        line.due,
                        line.instalment,
                        line.instalments,
                    )
                )
        return out

    def explain(self, rule_id: str) -> str:
        """The schedule of one rule in Chinese, ending with its total (不完整 when it is)."""
        lines = [_segment_text(s) for s in self.segments(rule_id)]
        if not lines:
            span = f"{self.first}–{self.last}" if self.first and self.last else "所选期间"
            lines.append(f"{span}：无应发款项")
        lines.append(str(self.total(rule_id)))
        return "\n".join(lines)


def _segment_text(s: Segment) -> str:
    span = str(s.first) if s.first == s.last else f"{s.first}–{s.last}"
    status = s.status.label
    version = f"（规则版本 {s.version}）"
    if s.status is Status.UNDETERMINED:
        count = f"共 {s.lines} 个月" if s.kind == "month" else f"{s.due} 到期"
        return f"{span}：{status}，{count}，金额不计入合计{version}"
    if s.kind == "once":
        amount = "" if s.amount is None else f"，一次性 {s.amount}"
        return f"{span}（{s.due} 到期）：{status}{amount}{version}"
    if s.kind == "year":
        part = f"第{s.instalment + 1}期，共{s.instalments}期，" if s.instalments > 1 else ""
        amount = "" if s.amount is None else f"，本期 {s.amount}"
        return f"{span}（{part}{s.due} 到期）：{status}{amount}{version}"
    if s.amount is None:
        return f"{span}：{status}，共 {s.lines} 个月{version}"
    return f"{span}：{status}，每月 {s.amount}，共 {s.lines} 个月，小计 {s.total}{version}"


def _months(line: PaymentLine) -> list[Month]:
    out, m = [], line.first
    while m <= line.last:
        out.append(m)
        m = m + 1
    return out


def _ranges(months: list[Month]) -> str:
    """``2019-03–2019-07、2020-01`` from a list of months."""
    parts: list[str] = []
    ms = sorted(set(months))
    i = 0
    while i < len(ms):
        j = i
        while j + 1 < len(ms) and ms[j] + 1 == ms[j + 1]:
            j += 1
        parts.append(str(ms[i]) if i == j else f"{ms[i]}–{ms[j]}")
        i = j + 1
    return "、".join(parts)
