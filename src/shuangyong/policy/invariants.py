"""Declared rule invariants: what a rule promises, stated as data the verifier can check.

A rule lists its invariants in ``Rule.properties``::

    Rule(..., properties=(
        NonNegative(),
        ZeroWhenIneligible(),
        MonotoneIn("disability_level", more_is="less", holding=("disability_cause",)),
        Bounded(parameter="disability_pension.standard", divisor=12),
    ))

These classes only *describe*; :mod:`shuangyong.testing.verify` checks them with hypothesis.
They live in the core (rules never import test tooling), so rule modules declare them at no
cost; :mod:`shuangyong.testing.invariants` re-exports them. :func:`check_declarations` runs
when an engine is created: an invariant over a field the rule does not read, or over a
parameter it does not declare, is a load error.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Literal

import attrs

from shuangyong.errors import RuleDefinitionError

if TYPE_CHECKING:
    from shuangyong.policy.rules import Rule

__all__ = [
    "BatchEqualsPerCase",
    "Bounded",
    "Deterministic",
    "Invariant",
    "MonotoneIn",
    "MonthsAddUp",
    "NonNegative",
    "NotBelowNational",
    "OnceOnly",
    "SplitAddsUp",
    "ZeroWhenIneligible",
    "check_declarations",
    "default_invariants",
]


@attrs.frozen
class Invariant:
    """Base class. ``id`` names the invariant in reports and case files."""

    @property
    def id(self) -> str:
        return type(self).__name__

    def describe(self) -> str:
        return self.id

    def fields(self) -> tuple[str, ...]:
        return ()

    def parameters(self) -> tuple[str, ...]:
        return ()


@attrs.frozen
class NonNegative(Invariant):
    """The amount is never below zero."""

    def describe(self) -> str:
        return "金额不为负 / amount is never negative"


@attrs.frozen
class ZeroWhenIneligible(Invariant):
    """Whenever the result is not eligible, the amount is zero."""

    def describe(self) -> str:
        return "不符合条件时金额为零 / zero when not eligible"


@attrs.frozen
class Bounded(Invariant):
    """The amount never exceeds a constant (yuan) or the largest cell of a parameter / divisor.

    Attributes:
        maximum: a constant bound in yuan, as a string (``"50000"``).
        parameter: a money parameter (scalar or table) whose largest value in force bounds it.
        divisor: divide the parameter bound by this (12 for a yearly standard paid monthly).
        previous_year: read the parameter for the previous calendar year (上年度 figures).
    """

    maximum: str | None = None
    parameter: str | None = None
    divisor: int = 1
    previous_year: bool = False

    def __attrs_post_init__(self) -> None:
        if (self.maximum is None) == (self.parameter is None):
            raise ValueError("Bounded needs exactly one of maximum= or parameter=")
        if self.maximum is not None:
            Decimal(self.maximum)

    def parameters(self) -> tuple[str, ...]:
        return (self.parameter,) if self.parameter else ()

    def describe(self) -> str:
        bound = f"{self.maximum}元" if self.maximum else f"{self.parameter} 的最大值/{self.divisor}"
        return f"金额不超过 {bound} / amount bounded"


@attrs.frozen
class MonotoneIn(Invariant):
    """Changing one field in one direction never lowers (or never raises) the amount.

    Attributes:
        field: an int field the rule reads.
        more_is: ``"more"`` if a larger value never pays less; ``"less"`` if a *smaller* value
            never pays less (disability level: 1 is the most severe).
        holding: fields held equal (documentation; the verifier changes only ``field``).
        when_both_eligible: compare only when both results are eligible (the default: a level
            outside the payable range is ineligible, not "less").
    """

    field: str
    more_is: Literal["more", "less"] = "more"
    holding: tuple[str, ...] = ()
    when_both_eligible: bool = True

    def fields(self) -> tuple[str, ...]:
        return (self.field, *self.holding)

    @property
    def id(self) -> str:
        return f"MonotoneIn({self.field})"

    def describe(self) -> str:
        word = "越大" if self.more_is == "more" else "越小"
        return f"{self.field}{word}，金额不减少 / monotone in {self.field}"


@attrs.frozen
class MonthsAddUp(Invariant):
    """A year's schedule total equals the sum of its lines evaluated one by one (each month of a
    monthly benefit, each instalment's part of the yearly amount, the one-off on its event)."""

    def describe(self) -> str:
        return "全年合计等于各期之和 / the lines of a year add up to the year"


@attrs.frozen
class SplitAddsUp(Invariant):
    """Splitting a period into parts gives the same total, and the same undetermined lines, as
    the whole (checked for every benefit: an engine promise)."""

    def describe(self) -> str:
        return "期间拆分后合计不变 / splitting a period keeps the total"


@attrs.frozen
class OnceOnly(Invariant):
    """A one-off appears exactly once across any partition of time that contains its event,
    and never when the event is outside (checked for every one-off: an engine promise)."""

    def describe(self) -> str:
        return "一次性待遇在任何期间划分中只出现一次 / a one-off is due exactly once"


@attrs.frozen
class NotBelowNational(Invariant):
    """The value used for any division is never below the national value (a legal floor)."""

    parameter: str

    def parameters(self) -> tuple[str, ...]:
        return (self.parameter,)

    @property
    def id(self) -> str:
        return f"NotBelowNational({self.parameter})"

    def describe(self) -> str:
        return f"地方标准不低于国家标准（{self.parameter}）/ local value not below national"


@attrs.frozen
class Deterministic(Invariant):
    """The same input on the same date always gives the same result and explanation."""

    def describe(self) -> str:
        return "相同输入结果相同 / deterministic"


@attrs.frozen
class BatchEqualsPerCase(Invariant):
    """Batch evaluation gives exactly the per-case result for every row."""

    def describe(self) -> str:
        return "批量结果等于逐人结果 / batch equals per-case"


def default_invariants() -> tuple[Invariant, ...]:
    """Checked for every rule whether declared or not: the engine's own promises."""
    return (
        Deterministic(),
        BatchEqualsPerCase(),
        ZeroWhenIneligible(),
        SplitAddsUp(),
        OnceOnly(),
    )


def check_declarations(rule: Rule) -> None:
    """Load-time check: invariants may only speak of what the rule reads and declares."""
    for inv in rule.properties:
        if not isinstance(inv, Invariant):
            raise RuleDefinitionError(rule.id, f"properties must be Invariant objects, got {inv!r}")
        for f in inv.fields():
            if f not in rule.reads:
                raise RuleDefinitionError(
                    rule.id, f"invariant {inv.id} is over field {f!r}, which the rule does not read"
                )
        for p in inv.parameters():
            if p not in rule.parameters:
                raise RuleDefinitionError(
                    rule.id,
                    f"invariant {inv.id} is over parameter {p!r}, which the rule does not declare",
                )
        if (
            isinstance(inv, NonNegative | Bounded | MonotoneIn | MonthsAddUp)
            and rule.amount is None
        ):
            raise RuleDefinitionError(
                rule.id, f"invariant {inv.id} needs an amount (a benefit rule)"
            )
