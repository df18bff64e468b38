"""Schedules: amounts month by month, split where a standard or a rule version changes."""

from __future__ import annotations

import attrs

from shuangyong.domain.money import Yuan
from shuangyong.domain.periods import Month
from shuangyong.policy.results import RuleResult, Status

__all__ = ["Schedule", "ScheduleLine", "Segment"]


@attrs.frozen
class ScheduleLine:
    month: Month
    rule_id: str
    result: RuleResult

    @property
    def amount(self) -> Yuan:
        return self.result.amount if self.result.amount is not None else Yuan(0)


@attrs.frozen
class Segment:
    """Consecutive months paid at the same amount under the same standards and rule version."""

    rule_id: str
    first: Month
    last: Month
    status: Status
    monthly: Yuan
    months: int
    version: str
    standards: tuple[str, ...]

    @property
    def total(self) -> Yuan:
        return self.monthly * self.months


@attrs.frozen
class Schedule:
    """Monthly results of the rules over a range of months."""

    lines: tuple[ScheduleLine, ...]

    def for_rule(self, rule_id: str) -> tuple[ScheduleLine, ...]:
        return tuple(line for line in self.lines if line.rule_id == rule_id)

    def total(self, rule_id: str) -> Yuan:
        total = Yuan(0)
        for line in self.for_rule(rule_id):
            total = total + line.amount
        return total

    def segments(self, rule_id: str) -> list[Segment]:
        """Runs of months with the same amount, status, version and standards used."""
        out: list[Segment] = []
        for line in self.for_rule(rule_id):
            r = line.result
            std = tuple(f"{p.path}@{p.jurisdiction}:{p.effective_from}" for p in r.parameters)
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.monthly == line.amount
                and prev.status is r.status
                and prev.version == r.version
                and prev.standards == std
                and prev.last + 1 == line.month
            ):
                out[-1] = attrs.evolve(prev, last=line.month, months=prev.months + 1)
            else:
                out.append(
                    Segment(
                        rule_id, line.month, line.month, r.status, line.amount, 1, r.version, std
                    )
                )
        return out

    def explain(self, rule_id: str) -> str:
        lines = []
        for s in self.segments(rule_id):
            lines.append(
                f"{s.first}–{s.last}：{s.status.label}，每月 {s.monthly}，共 {s.months} 个月，"
                f"小计 {s.total}（规则版本 {s.version}）"
            )
        lines.append(f"合计：{self.total(rule_id)}")
        return "\n".join(lines)
