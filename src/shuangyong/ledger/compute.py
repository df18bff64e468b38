"""Recomputing what is due: the engine's batch schedule over people read from the store.

Every ledger operation (a regular run, arrears, a recovery, a correction) starts here: the
people are evaluated for the benefits and months asked, with the facts as they stood on each
date evaluated (as known now), and each line due comes back as a :class:`Computed` pointing to
its explanation record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np

from shuangyong.domain.periods import Month
from shuangyong.engine.payments import month_of_number
from shuangyong.errors import UnknownRuleError
from shuangyong.ledger.errors import PeriodNotCoveredError, mask
from shuangyong.ledger.population import Population
from shuangyong.ledger.records import STATUS_OF_CODE, chain_of, from_columns, record
from shuangyong.policy.rules import RuleKind
from shuangyong.storage.model import EvaluationRecord
from shuangyong.storage.protocol import Store

__all__ = ["Computation", "Computed", "RowProblem", "check_covered", "compute"]


@attrs.frozen
class Computed:
    """One line due under the current facts and parameters.

    Attributes:
        person_id, rule_id: who and which benefit.
        first, last: the months covered; due: the due date; on: the date evaluated.
        status: ``eligible`` / ``ineligible`` / ``undetermined``.
        amount_fen: what is due (0 unless eligible).
        version: the rule version; division, township: where the person was registered.
        digest: the explanation record; reasons: why an undetermined line is undetermined.
    """

    person_id: str
    rule_id: str
    first: Month
    last: Month
    due: dt.date
    on: dt.date
    status: str
    amount_fen: int
    version: str
    division: str
    township: str | None
    digest: str
    reasons: tuple[str, ...] = ()

    @property
    def period(self) -> tuple[str, str, Month, Month]:
        """The key of the period (person, rule, first, last), without the revision."""
        return (self.person_id, self.rule_id, self.first, self.last)


@attrs.frozen
class RowProblem:
    """A person whose facts could not be evaluated: field, value and reason."""

    person_id: str
    field: str
    value: Any
    reason: str

    def __str__(self) -> str:
        return f"人员 {mask(self.person_id)}：{self.field}={self.value!r}：{self.reason}"


@attrs.frozen
class Computation:
    """Lines due (in person, rule, due order), their explanation records, and bad rows."""

    lines: tuple[Computed, ...]
    records: dict[str, EvaluationRecord]
    problems: tuple[RowProblem, ...]


def check_covered(engine: Any, rule_ids: Sequence[str], first: Month, last: Month) -> None:
    """Refuse rules that pay nothing and months no version of a rule covers.

    Raises:
        PeriodNotCoveredError: naming the rule and the first month not covered.
    """
    for rid in rule_ids:
        try:
            versions = engine.rule_versions(rid)
        except UnknownRuleError:
            raise PeriodNotCoveredError(rid, None, "未知的待遇 / unknown rule") from None
        if versions[-1].rule.kind is not RuleKind.BENEFIT:
            raise PeriodNotCoveredError(
                rid, None, "不是发放类待遇（没有金额）/ not a benefit: it pays nothing"
            )
        m = first
        while m <= last:
            if not any(_overlaps(r.rule, m) for r in versions):
                starts = "、".join(str(r.rule.effective_from) for r in versions)
                raise PeriodNotCoveredError(
                    rid,
                    m,
                    f"该月没有施行中的规则版本（各版本施行日期：{starts}）/ no version of the "
                    f"rule is in force in {m}",
                )
            m = m + 1


def _overlaps(rule: Any, m: Month) -> bool:
    return bool(
        rule.effective_from <= m.end and (rule.effective_to is None or m.start <= rule.effective_to)
    )


def compute(
    engine: Any,
    store: Store,
    rule_ids: Sequence[str],
    first: Month,
    last: Month,
    population: Population,
    *,
    scoped: bool = True,
    keep_ineligible: bool = False,
) -> Computation:
    """Evaluate ``population`` for ``rule_ids`` over ``first..last``.

    Args:
        scoped: keep only lines of dates on which the person was registered in the
            population's division (a regular run); arrears and recoveries recompute the
            periods the ledger already holds, wherever the person is now.
        keep_ineligible: also return ineligible lines (an amount of 0 with the explanation of
            why: a recovery needs it).

    Raises:
        PeriodNotCoveredError: a rule has no version on a date it must be evaluated on.
    """
    fields = {f for rid in rule_ids for reg in engine.rule_versions(rid) for f in reg.rule.reads}
    if not len(population):
        return Computation((), {}, ())
    pop = population
    pop.fields = sorted(set(pop.fields) | fields)
    dated = sorted(
        {
            f
            for rid in rule_ids
            for reg in engine.rule_versions(rid)
            if reg.rule.payment is not None
            for f in reg.rule.payment.fields()
        }
        | {"person_id", "household_division"}
    )
    full = pop.table(last.end)
    table = {f: full[f] for f in dated}
    try:
        bs = engine.evaluate_batch_months(table, first, last, list(rule_ids), rows_at=pop.rows_at)
    except UnknownRuleError as e:
        raise PeriodNotCoveredError(e.rule_id, None, str(e)) from None

    out: list[Computed] = []
    records: dict[str, EvaluationRecord] = {}
    made: dict[tuple[Any, ...], str] = {}
    chains: dict[str, tuple[str, ...]] = {}
    months: dict[int, Month] = {}  # one Month object per month number, not two per line

    def month(n: int) -> Month:
        hit = months.get(n)
        if hit is None:
            hit = months[n] = month_of_number(n)
        return hit

    for rid in rule_ids:
        pc = bs[rid]
        if not len(pc):
            continue
        amount = pc.amount_fen if pc.amount_fen is not None else np.zeros(len(pc), np.int64)
        keep = pc.status != 3
        if not keep_ineligible:
            keep &= (pc.status == 2) | ((pc.status == 1) & (amount > 0))
        if scoped:
            for day in np.unique(pc.on):
                sel = pc.on == day
                keep[sel] &= pop.inside(day.astype(dt.date))[pc.row[sel]]
        division_field = {
            reg.rule.version: reg.rule.division_field for reg in engine.rule_versions(rid)
        }
        for k in np.flatnonzero(keep).tolist():
            i = int(pc.row[k])
            on = pc.on[k].astype(dt.date)
            version = pc.versions[int(pc.version[k])]
            county, town = pop.place(on, i)
            rule_div = str(pop.value(on, i, division_field[version]) or county)
            group = (
                rid,
                int(pc.version[k]),
                on,
                int(pc.status[k]),
                int(pc.passed[k]),
                int(pc.unsure[k]),
                int(pc.reason[k]),
                int(amount[k]),
                int(pc.instalment[k]),
                int(pc.instalments[k]),
                rule_div,
            )
            key = made.get(group)
            if key is None:
                chain = chains.get(rule_div)
                if chain is None:
                    chain = chains[rule_div] = chain_of(engine.divisions, rule_div)
                rec = record(from_columns(pc, k, rule_div, chain))
                records[rec.digest] = rec
                key = made[group] = rec.digest
            status = STATUS_OF_CODE[int(pc.status[k])]
            out.append(
                Computed(
                    person_id=pop.ids[i],
                    rule_id=rid,
                    first=month(int(pc.first[k])),
                    last=month(int(pc.last[k])),
                    due=pc.due[k].astype(dt.date),
                    on=on,
                    status=status,
                    amount_fen=int(amount[k]) if status == "eligible" else 0,
                    version=version,
                    division=county,
                    township=town,
                    digest=key,
                    reasons=tuple(records[key].explanation["reasons"]),
                )
            )
    problems = {
        (pop.ids[e.row], e.field, repr(e.value), e.reason): RowProblem(
            pop.ids[e.row], e.field, e.value, e.reason
        )
        for e in bs.errors
    }
    return Computation(tuple(out), records, tuple(problems.values()))
