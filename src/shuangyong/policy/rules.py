"""Rule definitions: what a rule is, declares and promises.

A rule is data plus small functions over columns. It declares its id (a public contract, see the
glossary), version and dates of effect, citations, the fields and parameters it reads, its named
conditions (each with a Chinese reason and a citation) and, for benefits, an amount function that
returns int64 fen. The engine runs the same functions on one row (with an explanation) and on a
million rows (at numpy speed).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from shuangyong.citations import Citation
from shuangyong.errors import RuleDefinitionError
from shuangyong.policy.payment import PaidMonthly, PaidOnce, PaidYearly, Payment

if TYPE_CHECKING:
    from shuangyong.policy.columns import BoolColumn, FenColumn
    from shuangyong.policy.context import Context

__all__ = ["Condition", "PaymentPeriod", "Rule", "RuleKind"]

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")


class RuleKind(str, enum.Enum):
    ELIGIBILITY = "eligibility"  # 资格
    BENEFIT = "benefit"  # 待遇金额
    PRIVILEGE = "privilege"  # 优待（只判断资格）

    @property
    def label(self) -> str:
        return {"eligibility": "资格认定", "benefit": "待遇", "privilege": "优待"}[self.value]


class PaymentPeriod(str, enum.Enum):
    """What one evaluated amount covers."""

    MONTH = "month"  # 按月
    YEAR = "year"  # 按年
    ONE_OFF = "one_off"  # 一次性

    @property
    def label(self) -> str:
        return {"month": "每月", "year": "每年", "one_off": "一次性"}[self.value]


def _cells(value: Any) -> tuple[tuple[str, str, tuple[str | int, ...]], ...]:
    """``{path: {dimension: values}}`` (or triples already) as hashable triples."""
    if isinstance(value, tuple):
        return value
    return tuple(
        (path, dim, tuple(values)) for path, dims in value.items() for dim, values in dims.items()
    )


@attrs.frozen
class Condition:
    """A named condition of eligibility.

    Attributes:
        id: stable id within the rule, e.g. ``grade_payable``; batch results report it.
        label: Chinese statement of the condition, e.g. ``残疾等级在可享受抚恤的范围内``.
        test: ``(context) -> bool Column``.
        reason_failed: Chinese reason shown when not met.
        citation: the article the condition comes from.
        reason_met: Chinese statement shown when met (defaults to the label).
        timing: the condition ties the rule to a date (the month of a death, a discharge
            under a given regulation); when it fails the explanation tells the caseworker
            which date to evaluate (``reason_failed`` says it), not that the applicant failed.
    """

    id: str
    label: str
    test: Callable[[Context], BoolColumn]
    reason_failed: str
    citation: Citation
    reason_met: str | None = None
    timing: bool = False


@attrs.frozen
class Rule:
    """A rule of one of the :class:`RuleKind` kinds.

    Attributes:
        id: the public rule id (glossary), e.g. ``disability_pension``.
        label: Chinese name, e.g. ``残疾抚恤金``.
        kind: eligibility, benefit or privilege.
        version: a version string, by convention the date the version takes effect.
        effective_from: first day this version applies to.
        effective_to: last day (None: open).
        citations: the legal basis of the rule as a whole.
        reads: input fields the rule body reads (checked at run time).
        parameters: parameter paths the rule reads (checked at load time).
        conditions: named eligibility conditions, all of which must hold.
        amount: for benefits, ``(context) -> int64 fen Column`` for one ``period``.
        period: what one amount covers.
        payment: when the money is due (:mod:`shuangyong.policy.payment`): monthly (the
            default for ``MONTH``), yearly or in instalments (the default for ``YEAR``: once a
            calendar year), or once on an event (``PaidOnce("died_on")``, required for
            ``ONE_OFF``).
        division_field: the field whose division selects local parameters (户籍地 by default;
            e.g. 批准入伍地 for the conscript family allowance).
        jurisdiction: ``national`` or the division code of the plugin's jurisdiction.
        description: a sentence for documentation.
        properties: declared invariants (used by the verification toolkit).
        caveats: Chinese statements every explanation of this version leads with, for what
            the version assumes rather than read: e.g. an article whose text of that edition
            was not found and is presumed unchanged (issue 12 §1). Never the text of the law.
        cells: for a table parameter this version can read only part of, the values of each
            dimension it can look up, e.g. ``{"nursing_allowance.share": {"case": (...)}}``
            (the 2019 text has no 精神障碍五至六级 case). ``shuangyong params check`` reports a
            table cell set where no version in force can read it (issue 11 §4). Stored as
            ``(path, dimension, values)`` triples; a table not named is read whole.
        optional_reads: fields the rule reads only where the input has them (a servicemember's
            enlistment date, which a relative's row does not carry). Absent from the input,
            such a field is read as not set and the rule is evaluated, not *undetermined*;
            the rule says what a missing value means (``c.is_set``). Added to ``reads``.
    """

    id: str
    label: str
    kind: RuleKind
    version: str
    effective_from: dt.date
    citations: tuple[Citation, ...]
    reads: tuple[str, ...]
    conditions: tuple[Condition, ...] = ()
    parameters: tuple[str, ...] = ()
    amount: Callable[[Context], FenColumn] | None = None
    period: PaymentPeriod | None = None
    effective_to: dt.date | None = None
    division_field: str = "household_division"
    jurisdiction: str = "national"
    description: str = ""
    properties: tuple[Any, ...] = ()
    payment: Payment | None = None
    caveats: tuple[str, ...] = ()
    cells: tuple[tuple[str, str, tuple[str | int, ...]], ...] = attrs.field(
        default=(), converter=_cells
    )
    optional_reads: tuple[str, ...] = ()
    # ``reads`` as a set, for the context's check of every field access
    read_set: frozenset[str] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        extra = [f for f in self.optional_reads if f not in self.reads]
        if extra:
            object.__setattr__(self, "reads", (*self.reads, *extra))
        object.__setattr__(self, "read_set", frozenset(self.reads))
        if not _ID_RE.match(self.id):
            raise RuleDefinitionError(self.id, "rule ids are lower_snake_case, dotted for plugins")
        if self.kind is RuleKind.BENEFIT and (self.amount is None or self.period is None):
            raise RuleDefinitionError(self.id, "a benefit rule needs amount and period")
        if self.kind is not RuleKind.BENEFIT and self.amount is not None:
            raise RuleDefinitionError(self.id, f"a {self.kind.value} rule has no amount")
        if not self.citations:
            raise RuleDefinitionError(self.id, "every rule cites its legal basis")
        ids = [c.id for c in self.conditions]
        if len(set(ids)) != len(ids):
            raise RuleDefinitionError(self.id, f"duplicate condition ids {ids}")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise RuleDefinitionError(self.id, "effective_to before effective_from")
        stray = sorted({p for p, _, _ in self.cells} - set(self.parameters))
        if stray:
            raise RuleDefinitionError(self.id, f"cells= names parameters it does not read: {stray}")
        if self.division_field not in self.reads:
            object.__setattr__(self, "reads", (*self.reads, self.division_field))
        if self.kind is RuleKind.BENEFIT:
            self._check_payment()
        elif self.payment is not None:
            raise RuleDefinitionError(self.id, f"a {self.kind.value} rule pays nothing")

    def _check_payment(self) -> None:
        pay = self.payment
        if pay is None:
            if self.period is PaymentPeriod.ONE_OFF:
                raise RuleDefinitionError(
                    self.id,
                    "a one-off benefit names the event it is paid on, e.g. "
                    "payment=PaidOnce('died_on', '死亡')",
                )
            pay = PaidMonthly() if self.period is PaymentPeriod.MONTH else PaidYearly()
            object.__setattr__(self, "payment", pay)
        assert self.period is not None  # a benefit has one (checked above)
        expected = {
            PaymentPeriod.MONTH: PaidMonthly,
            PaymentPeriod.YEAR: PaidYearly,
            PaymentPeriod.ONE_OFF: PaidOnce,
        }[self.period]
        if not isinstance(pay, expected):
            raise RuleDefinitionError(
                self.id, f"period {self.period.value} is paid as {expected.__name__}, not {pay!r}"
            )
        missing = [f for f in pay.fields() if f not in self.reads]
        if missing:
            object.__setattr__(self, "reads", (*self.reads, *missing))
        if (
            isinstance(pay, PaidYearly)
            and pay.interval is not None
            and pay.interval not in self.parameters
        ):
            object.__setattr__(self, "parameters", (*self.parameters, pay.interval))

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    @property
    def key(self) -> tuple[str, str]:
        return (self.id, self.version)
