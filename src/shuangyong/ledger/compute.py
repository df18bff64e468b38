"""Recomputing what is due: the engine's batch schedule over people read from the store.

Every ledger operation (a regular run, arrears, a recovery, a correction) starts here: the
people are evaluated for the benefits and months asked, with the facts as they stood on each
date evaluated (as known now), and each line due comes back as a :class:`Computed` pointing to
its explanation record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.domain.periods import Month
from shuangyong.engine.payments import month_of_number
from shuangyong.errors import UnknownRuleError, field_and_value
from shuangyong.ledger.errors import PeriodNotCoveredError, mask
from shuangyong.ledger.population import Population
from shuangyong.ledger.records import STATUS_OF_CODE, chain_of, from_columns, record
from shuangyong.policy.rules import RuleKind
from shuangyong.policy.schema import FIELDS, Field, FieldKind
from shuangyong.storage.model import EvaluationRecord
from shuangyong.storage.protocol import Store

__all__ = ["Computation", "Computed", "RowProblem", "check_covered", "compute"]

_KEY_LIMIT = 2**62  # a group key stays below this (so key * width never wraps)


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
        return (
            f"人员 {mask(self.person_id)}：{field_and_value(self.field, self.value)}：{self.reason}"
        )


@attrs.frozen(eq=False)
class DueColumns:
    """The lines due as columns, one entry per line, in (rule, person, due) order.

    Attributes:
        person: index into the population's ids; rule: index into ``rule_ids``.
        first, last: months covered (``year * 12 + month - 1``); due, on: datetime64[D].
        status: 0 ineligible, 1 eligible, 2 undetermined; amount_fen: 0 unless eligible.
        version, division, township, digest: object columns (text; township None if unset).
    """

    person: npt.NDArray[np.int64]
    rule: npt.NDArray[np.int64]
    first: npt.NDArray[np.int64]
    last: npt.NDArray[np.int64]
    due: npt.NDArray[np.datetime64]
    on: npt.NDArray[np.datetime64]
    status: npt.NDArray[np.int8]
    amount_fen: npt.NDArray[np.int64]
    version: npt.NDArray[np.object_]
    division: npt.NDArray[np.object_]
    township: npt.NDArray[np.object_]
    digest: npt.NDArray[np.object_]

    def __len__(self) -> int:
        return len(self.person)

    def take(self, idx: npt.NDArray[np.int64]) -> DueColumns:
        return DueColumns(**{f.name: getattr(self, f.name)[idx] for f in attrs.fields(DueColumns)})


class Computation:
    """Lines due (in person, rule, due order), their explanation records, and bad rows.

    ``due`` holds the lines as columns (what a regular run writes from); ``lines`` the same
    lines as :class:`Computed` objects, built on first use (arrears, recoveries and
    corrections compare them period by period).
    """

    def __init__(
        self,
        ids: Sequence[str],
        rule_ids: Sequence[str],
        due: DueColumns,
        records: dict[str, EvaluationRecord],
        problems: tuple[RowProblem, ...],
    ) -> None:
        self.ids = ids
        self.rule_ids = tuple(rule_ids)
        self.due = due
        self.records = records
        self.problems = problems
        self._lines: tuple[Computed, ...] | None = None

    @property
    def lines(self) -> tuple[Computed, ...]:
        if self._lines is None:
            self._lines = self.computed(np.arange(len(self.due)))
        return self._lines

    def computed(self, idx: npt.NDArray[np.int64]) -> tuple[Computed, ...]:
        """Lines ``idx`` of :attr:`due` as :class:`Computed` objects."""
        d = self.due.take(idx)
        months = _months(d.first, d.last)
        days = _dates(d.due, d.on)
        reasons = {k: tuple(r.explanation["reasons"]) for k, r in self.records.items()}
        return tuple(
            Computed(
                person_id=self.ids[p],
                rule_id=self.rule_ids[r],
                first=months[a],
                last=months[b],
                due=days[due],
                on=days[on],
                status=STATUS_OF_CODE[st],
                amount_fen=amt,
                version=v,
                division=div,
                township=town,
                digest=key,
                reasons=reasons[key],
            )
            for p, r, a, b, due, on, st, amt, v, div, town, key in zip(
                d.person.tolist(),
                d.rule.tolist(),
                d.first.tolist(),
                d.last.tolist(),
                d.due.astype(np.int64).tolist(),
                d.on.astype(np.int64).tolist(),
                d.status.tolist(),
                d.amount_fen.tolist(),
                d.version.tolist(),
                d.division.tolist(),
                d.township.tolist(),
                d.digest.tolist(),
                strict=True,
            )
        )


def _groups(
    table: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """``np.unique(table, axis=0, return_index=True, return_inverse=True)`` without the
    values: per distinct row (in the same lexicographic order) its first index, and per row
    its group. ``axis=0`` sorts whole rows as opaque records (seconds for a million lines);
    here the columns are folded into one int64 key (``key * width + value - low``, which
    keeps the rows' order), so one sort of plain integers does it. Where the key would pass
    2**62 it is first made dense (and a wide column too), so any table works."""
    key = np.zeros(len(table), dtype=np.int64)
    span = 1  # every key is below span
    for j in range(table.shape[1] if len(table) else 0):
        col = table[:, j].astype(np.int64)
        low = int(col.min())
        width = int(col.max()) - low + 1
        if span * width >= _KEY_LIMIT:
            key = _dense(key)
            span = int(key.max()) + 1
            if span * width >= _KEY_LIMIT:
                col, low = _dense(col), 0
                width = int(col.max()) + 1
        key = key * width + (col - low)
        span *= width
    _, first_of, which = np.unique(key, return_index=True, return_inverse=True)
    return first_of.astype(np.int64), which.reshape(-1).astype(np.int64)


def _dense(values: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Each value's rank among the distinct values (order kept)."""
    _, code = np.unique(values, return_inverse=True)
    return code.reshape(-1).astype(np.int64)


def _months(*cols: npt.NDArray[np.int64]) -> dict[int, Month]:
    """One Month object per month number used (not two per line)."""
    return {int(n): month_of_number(int(n)) for n in np.unique(np.concatenate(cols))}


def _dates(*cols: npt.NDArray[np.datetime64]) -> dict[int, dt.date]:
    """One date object per day used, keyed by days since 1970."""
    days = np.unique(np.concatenate([c.astype("datetime64[D]") for c in cols]))
    return {int(d.astype(np.int64)): d.astype(dt.date) for d in days}


def benefit_label(engine: Any, rule_id: str) -> str:
    """The Chinese name of a benefit for messages to people (the id when no rule has it)."""
    try:
        return str(engine.rule_versions(rule_id)[-1].rule.label)
    except UnknownRuleError:
        return rule_id


def benefit_labels(engine: Any, rule_ids: Sequence[str]) -> dict[str, str]:
    """Rule id → Chinese name, for every rule of a run."""
    return {r: benefit_label(engine, r) for r in rule_ids}


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
                rid,
                None,
                "不是发放类待遇（没有金额）/ not a benefit: it pays nothing",
                label=versions[-1].rule.label,
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
                    label=versions[-1].rule.label,
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
    fields = {f for rid in rule_ids for reg in engine.rule_variants(rid) for f in reg.rule.reads}
    pop = population
    if not len(pop):
        return Computation(pop.ids, rule_ids, _no_lines(), {}, ())
    pop.fields = sorted(set(pop.fields) | fields)
    dated = sorted(
        {
            f
            for rid in rule_ids
            for reg in engine.rule_variants(rid)
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

    parts: list[DueColumns] = []
    records: dict[str, EvaluationRecord] = {}
    chains: dict[str, tuple[str, ...]] = {}
    for r, rid in enumerate(rule_ids):
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
        ks = np.flatnonzero(keep)
        if not len(ks):
            continue
        division_field = {
            reg.rule.version: reg.rule.division_field for reg in engine.rule_variants(rid)
        }
        rows = pc.row[ks]
        county = np.empty(len(ks), dtype=object)
        town = np.empty(len(ks), dtype=object)
        rule_div = np.empty(len(ks), dtype=object)
        version = np.asarray(pc.versions, dtype=object)[pc.version[ks]]
        # where each person was registered on the date their line was evaluated, and the
        # division that selects their local parameters (the rule version's division field)
        for day in np.unique(pc.on[ks]):
            on = day.astype(dt.date)
            sel = pc.on[ks] == day
            at = rows[sel]
            c = pop.column(on, "household_division")[at]
            county[sel] = c
            t = pop.column(on, "township_division")[at]
            town[sel] = [x if isinstance(x, str) else None for x in t.tolist()]
            for v in np.unique(pc.version[ks][sel]):
                vsel = sel.copy()
                vsel[sel] = pc.version[ks][sel] == v
                f = division_field[pc.versions[int(v)]]
                vals = pop.column(on, f)[rows[vsel]]
                rule_div[vsel] = [
                    str(x or y) for x, y in zip(vals.tolist(), county[vsel].tolist(), strict=True)
                ]
        # one explanation record per distinct outcome: people with the same rule version,
        # date, status, conditions, amount, instalment and parameter division share it
        div_names, div_code = np.unique(rule_div.astype(str), return_inverse=True)
        group = np.stack(
            [
                pc.version[ks].astype(np.int64),
                pc.on[ks].astype(np.int64),
                pc.status[ks].astype(np.int64),
                pc.passed[ks],
                pc.unsure[ks],
                pc.reason[ks].astype(np.int64),
                amount[ks],
                pc.instalment[ks].astype(np.int64),
                pc.instalments[ks].astype(np.int64),
                div_code.astype(np.int64),
            ],
            axis=1,
        )
        first_of, which = _groups(group)
        digests = []
        for k_local, code in zip(first_of.tolist(), group[first_of, 9].tolist(), strict=True):
            div = str(div_names[code])
            chain = chains.get(div)
            if chain is None:
                chain = chains[div] = chain_of(engine.divisions, div)
            rec = record(from_columns(pc, int(ks[k_local]), div, chain))
            records[rec.digest] = rec
            digests.append(rec.digest)
        status = pc.status[ks].astype(np.int8)
        parts.append(
            DueColumns(
                person=rows.astype(np.int64),
                rule=np.full(len(ks), r, dtype=np.int64),
                first=pc.first[ks].astype(np.int64),
                last=pc.last[ks].astype(np.int64),
                due=pc.due[ks].astype("datetime64[D]"),
                on=pc.on[ks].astype("datetime64[D]"),
                status=status,
                amount_fen=np.where(status == 1, amount[ks], 0).astype(np.int64),
                version=version,
                division=county,
                township=town,
                digest=np.asarray(digests, dtype=object)[which.reshape(-1)],
            )
        )
    problems = {
        (pop.ids[e.row], e.field, repr(v), e.reason): RowProblem(
            pop.ids[e.row], e.field, v, e.reason
        )
        for e in bs.errors
        for v in [stored_value(e.field, e.value, engine.fields)]
    }
    due = _concat(parts) if parts else _no_lines()
    return Computation(pop.ids, rule_ids, due, records, tuple(problems.values()))


def stored_value(field: str, value: Any, specs: Mapping[str, Field] = FIELDS) -> Any:
    """An engine error's value as the store holds it (a typed column shows numpy scalars and
    division codes as integers; the person's record shows text and Python values)."""
    spec = specs.get(field)
    kind = spec.kind if spec is not None else None
    if kind is FieldKind.DATE and (
        value == "NaT" or (isinstance(value, np.datetime64) and np.isnat(value))
    ):
        return None  # an unset date (stored dates are ISO text, never "NaT")
    if isinstance(value, np.generic):
        value = value.item()
    if kind is FieldKind.DIVISION and type(value) is int and 100000 <= value <= 999999:
        return f"{value:06d}"
    return value


def _no_lines() -> DueColumns:
    i = np.empty(0, dtype=np.int64)
    d = np.empty(0, dtype="datetime64[D]")
    o = np.empty(0, dtype=object)
    return DueColumns(i, i, i, i, d, d, np.empty(0, np.int8), i, o, o, o, o)


def _concat(parts: Sequence[DueColumns]) -> DueColumns:
    if len(parts) == 1:
        return parts[0]
    return DueColumns(
        **{
            f.name: np.concatenate([getattr(p, f.name) for p in parts])
            for f in attrs.fields(DueColumns)
        }
    )
