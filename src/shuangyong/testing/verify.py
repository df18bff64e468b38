"""``verify``: try hard to break every rule's declared invariants, and report counterexamples.

For each rule version loaded from every plugin, and each invariant it declares (plus the
engine's own promises: deterministic, batch equals per-case, zero when ineligible), hypothesis
searches beneficiary rows and dates inside the version's dates of effect. A violation is shrunk to
a minimal example and written out as a ready-to-run case file (see :mod:`.cases`) that fails
until the rule is fixed.

The rows are general (:func:`rows`). A rule that general rows seldom get past (a placement rule
needs a recent discharge under the regulation in force on its date, a matching route and a timely
report) is tried first on rows in each of the :data:`~.populations.SITUATIONS`, and half of its
examples are then members in the situations that reach it, as of the example's date
(:func:`_situations`), so its amounts and invariants are exercised on eligible rows too.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hseed
from hypothesis import strategies as st
from hypothesis.errors import FlakyFailure, HypothesisException

from shuangyong.domain.money import Yuan
from shuangyong.domain.periods import Month, parse_date
from shuangyong.errors import InvalidValueError, NotInForceError, ShuangyongError, UnknownRuleError
from shuangyong.parameters.model import NATIONAL, a_year_before
from shuangyong.policy.payment import PaidOnce, instalment_part
from shuangyong.policy.results import RuleResult, Status
from shuangyong.policy.schema import FIELDS, Field, FieldKind
from shuangyong.testing.cases import Case, write_case
from shuangyong.testing.invariants import (
    BatchEqualsPerCase,
    Bounded,
    Deterministic,
    Invariant,
    MonotoneIn,
    MonthsAddUp,
    NonNegative,
    NotBelowNational,
    OnceOnly,
    SplitAddsUp,
    ZeroWhenIneligible,
    default_invariants,
)
from shuangyong.testing.populations import SITUATIONS, recent_rows, survivor_rows
from shuangyong.testing.populations import rows as member_rows


def rows(where: _Where | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """Members (most of the time) and their relatives, so every rule meets eligible rows;
    with ``where``, registered in its divisions (see :func:`placed`)."""
    return placed(st.one_of(member_rows(), member_rows(), survivor_rows()), where)


@attrs.frozen
class _Where:
    """Where generated rows live: ``field`` (a rule's division field) is one of ``counties``
    (none: anywhere), and the fields plugins add that each row is given a value of."""

    field: str
    counties: tuple[str, ...]
    extra: tuple[Field, ...] = ()

    def spec(self, name: str) -> Field:
        """A field by name: a national one or one of ``extra``."""
        return FIELDS.get(name) or next(f for f in self.extra if f.name == name)


_SOME_COUNTIES = ("110101", "411003", "540102", "650102")  # 东城区, 建安区, 城关区, 天山区


def field_values(field: Field) -> st.SearchStrategy[Any]:
    """Values of a field a plugin adds (``register_fields``), within its validation: its
    bounds, its enum's members, a date, a known county; None too where it is nullable."""
    kind = field.kind
    base: st.SearchStrategy[Any]
    if kind is FieldKind.INT:
        lo = field.min if field.min is not None else 0
        base = st.integers(lo, field.max if field.max is not None else lo + 100)
    elif kind is FieldKind.BOOL:
        base = st.booleans()
    elif kind is FieldKind.ENUM:
        assert field.enum_type is not None
        base = st.sampled_from([m.value for m in field.enum_type])
    elif kind is FieldKind.FLAGS:
        assert field.enum_type is not None
        members = [m.value for m in field.enum_type]
        base = st.lists(st.sampled_from(members), unique=True, max_size=len(members))
    elif kind is FieldKind.DATE:
        base = st.dates(dt.date(1950, 1, 1), _LATEST)
    elif kind is FieldKind.DIVISION:
        base = st.sampled_from(_SOME_COUNTIES)
    elif kind is FieldKind.MONEY:
        base = st.integers(0, 100_000)
    else:
        base = st.text("甲乙丙丁abc", min_size=1, max_size=6)
    if field.nullable and kind is not FieldKind.BOOL:
        return st.one_of(st.none(), base)
    return base


def placed(
    strategy: st.SearchStrategy[dict[str, Any]], where: _Where | None
) -> st.SearchStrategy[dict[str, Any]]:
    """``strategy``'s rows, each moved into one of ``where``'s counties (None: as drawn).

    A district's rule is verified on its own people: general rows seldom live in one city.
    The county is chosen from the row's own drawn division (not drawn anew), so the rows are
    exactly as varied as the strategy's: a further draw would change what hypothesis draws
    for everything else (NCOs, for one, became rare).
    """
    if where is None:
        return strategy
    field, counties = where.field, where.counties

    def move(row: dict[str, Any]) -> dict[str, Any]:
        drawn = str(row.get("household_division") or "0")
        return {**row, field: counties[int(drawn) % len(counties)]}

    out = strategy.map(move) if counties else strategy
    if where.extra:
        # a plugin's fields drawn beside the row: an invariant over one (MonotoneIn) is
        # searched like a national field's, and a rule reading one meets its values
        values = st.fixed_dictionaries({f.name: field_values(f) for f in where.extra})
        out = st.tuples(out, values).map(lambda rv: {**rv[0], **rv[1]})
    return out


def _rows_on(
    on: dt.date, situations: Sequence[str], where: _Where | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """Half :func:`rows`, half members in ``situations`` as of ``on`` (drawn by weight: a
    situation may be repeated)."""
    if not situations:
        return rows(where)
    recent = placed(st.sampled_from(list(situations)).flatmap(lambda s: recent_rows(on, s)), where)
    return st.booleans().flatmap(lambda general: rows(where) if general else recent)


__all__ = [
    "Counterexample",
    "InvariantResult",
    "VerifyReport",
    "VersionCounts",
    "placed",
    "recheck",
    "verify",
]

_LATEST = dt.date(2026, 12, 31)
_ROUNDING_SLACK_FEN = 1000  # the largest rounding unit in use (10 yuan)
_PILOT_GENERAL = 50  # general rows to try every rule version on
_PILOT_DATES = 8  # dates per span of effect with a row of each situation, to try a rule on
_SELDOM = 0.1  # below this share of general rows getting past a rule, add situations


@attrs.frozen
class Counterexample:
    """A minimal input that breaks an invariant, and the case file that reproduces it."""

    rule_id: str
    invariant: str
    message: str
    inputs: dict[str, Any]
    on: dt.date
    case_file: str
    supplied_by: str = ""
    """Who supplied the failing rule version: a plugin's distribution and version
    (``shuangyong-henan 0.1.0``), or the library's for a built-in rule."""
    jurisdiction: str = NATIONAL
    """Where the failing version applies (``national`` or division codes)."""


@attrs.frozen
class InvariantResult:
    rule_id: str
    version: str
    invariant: str
    description: str
    examples: int
    seconds: float
    counterexample: Counterexample | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.counterexample is None and self.error is None


@attrs.frozen
class VersionCounts:
    """How the examples drawn for one rule version came out (over all its invariants).

    Only results of this version count: a row routed to another version (a more specific
    district's variant) is counted as ``elsewhere``.

    Attributes:
        jurisdiction: where the version applies (``national`` or division codes).
        division: the division its examples lived in ("" : anywhere).
    """

    rule_id: str
    version: str
    jurisdiction: str
    division: str
    eligible: int
    ineligible: int
    undetermined: int
    elsewhere: int = 0

    @property
    def exercised(self) -> bool:
        """Whether some example was eligible: its amount and invariants were really tried."""
        return self.eligible > 0


@attrs.frozen
class VerifyReport:
    results: tuple[InvariantResult, ...]
    versions: tuple[VersionCounts, ...] = ()

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    @property
    def not_exercised(self) -> tuple[VersionCounts, ...]:
        """Rule versions no example was eligible for (``--strict`` fails on them)."""
        return tuple(v for v in self.versions if not v.exercised)

    @property
    def failures(self) -> tuple[InvariantResult, ...]:
        return tuple(r for r in self.results if not r.ok)

    @property
    def examples(self) -> int:
        return sum(r.examples for r in self.results)

    def render(self) -> str:
        """A summary table, then every counterexample as its case file."""
        head = f"{'rule':<28} {'version':<11} {'invariant':<46} {'examples':>8}  result"
        lines = [head, "-" * len(head)]
        for r in self.results:
            mark = "ok" if r.ok else "FAILED"
            lines.append(
                f"{r.rule_id:<28} {r.version:<11} {r.invariant:<46} {r.examples:>8}  {mark}"
            )
        lines.append(
            f"{len(self.results)} checks, {self.examples} examples, {len(self.failures)} failed"
        )
        if self.versions:
            lines.append("")
            head = (
                f"{'rule':<28} {'version':<11} {'jurisdiction':<13} {'eligible':>8} "
                f"{'ineligible':>10} {'undetermined':>12}  exercised"
            )
            lines.extend([head, "-" * len(head)])
            for v in self.versions:
                where = f" (examples in {v.division})" if v.division else ""
                mark = "yes" if v.exercised else "NOT EXERCISED (no eligible example)"
                lines.append(
                    f"{v.rule_id:<28} {v.version:<11} {v.jurisdiction:<13} {v.eligible:>8} "
                    f"{v.ineligible:>10} {v.undetermined:>12}  {mark}{where}"
                )
            if self.not_exercised:
                lines.append(f"{len(self.not_exercised)} rule version(s) not exercised")
        for r in self.failures:
            lines.append("")
            by = f" [{r.counterexample.supplied_by}]" if r.counterexample else ""
            lines.append(
                f"== {r.rule_id} {r.invariant}{by}: "
                f"{r.counterexample.message if r.counterexample else r.error}"
            )
            if r.counterexample:
                lines.append(r.counterexample.case_file)
        return "\n".join(lines)


class _Violation(AssertionError):
    pass


def _status_amount(r: RuleResult) -> tuple[str, int | None, str | None]:
    return (r.status.value, None if r.amount is None else r.amount.fen, r.failed_condition)


def _one(engine: Any, rule_id: str, row: dict[str, Any], on: dt.date) -> RuleResult:
    result: RuleResult = engine.evaluate(row, on, rules=[rule_id])[rule_id]
    return result


def _check(
    engine: Any,
    rule_id: str,
    inv: Invariant,
    row: dict[str, Any],
    on: dt.date,
    other: dict[str, Any] | None,
    seen: Callable[[RuleResult], None] | None = None,
) -> str | None:
    """None if ``inv`` holds for this example, else what went wrong (Chinese and English);
    ``seen`` is told the example's result."""
    r = _one(engine, rule_id, row, on)
    if seen is not None:
        seen(r)
    if isinstance(inv, NonNegative):
        if r.amount is not None and r.amount.fen < 0:
            return f"金额为负 / negative amount {r.amount}"
    elif isinstance(inv, ZeroWhenIneligible):
        if r.status is not Status.ELIGIBLE and r.amount not in (None, Yuan(0)):
            return f"{r.status.value} but amount {r.amount}"
    elif isinstance(inv, Bounded):
        if r.amount is None or r.status is not Status.ELIGIBLE:
            return None
        if inv.maximum is not None:
            bound = Yuan(inv.maximum).fen
        else:
            assert inv.parameter is not None
            at = a_year_before(on) if inv.previous_year else on
            bound = _parameter_max(engine, inv.parameter, row, at) // inv.divisor
            bound += _ROUNDING_SLACK_FEN
        if r.amount.fen > bound:
            return f"amount {r.amount} exceeds bound {Yuan.from_fen(bound)}"
    elif isinstance(inv, MonotoneIn):
        assert other is not None
        r2 = _one(engine, rule_id, {**row, **other}, on)
        default = engine.fields[inv.field].default  # a plugin's field too
        v1, v2 = row.get(inv.field, default), other.get(inv.field, default)
        better = v2 > v1 if inv.more_is == "more" else v2 < v1
        if v1 == v2 or not better:
            return None
        both = r.status is Status.ELIGIBLE and r2.status is Status.ELIGIBLE
        if inv.when_both_eligible and not both:
            return None
        a1 = r.amount.fen if r.amount else 0
        a2 = r2.amount.fen if r2.amount else 0
        if a2 < a1:
            return (
                f"{inv.field} {v1}→{v2} lowered the amount {Yuan.from_fen(a1)}→{Yuan.from_fen(a2)}"
            )
    elif isinstance(inv, MonthsAddUp):
        first, last = _year_within_version(engine, rule_id, on)
        sched = engine.schedule(row, first, last, rules=[rule_id])
        lines = Yuan(0)
        for line in sched.for_rule(rule_id):
            if line.status is Status.UNDETERMINED:
                continue
            alone = _one(engine, rule_id, row, line.result.on).amount or Yuan(0)
            lines = lines + Yuan.from_fen(
                instalment_part(alone.fen, line.instalment, line.instalments)
            )
        if sched.total(rule_id).amount != lines:
            return f"year total {sched.total(rule_id).amount} != sum of its lines {lines}"
    elif isinstance(inv, SplitAddsUp):
        return _split_violation(engine, rule_id, row, on)
    elif isinstance(inv, OnceOnly):
        return _once_violation(engine, rule_id, row, on)
    elif isinstance(inv, NotBelowNational):
        return _floor_violation(engine, inv.parameter, row, on)
    elif isinstance(inv, Deterministic):
        again = _one(engine, rule_id, row, on)
        if again.to_dict() != r.to_dict():
            return "同一输入两次结果不同 / two evaluations of the same input differ"
    elif isinstance(inv, BatchEqualsPerCase):
        import numpy as np

        def one(v: Any) -> Any:
            # element by element: np.array([[...]]) would make a list value two-dimensional
            a = np.empty(1, dtype=object)
            a[0] = v
            return a

        batch = engine.evaluate_batch({k: one(v) for k, v in row.items()}, on, rules=[rule_id])[
            rule_id
        ]
        b = (
            batch.status_names()[0],
            None
            if batch.amount_fen is None or batch.status_names()[0] != "eligible"
            else int(batch.amount_fen[0]),
            batch.failed_condition()[0],
        )
        p = _status_amount(r)
        if p[1] is not None and p[0] != "eligible":
            p = (p[0], None, p[2])
        if b != p:
            return f"batch {b} != per-case {p}"
    return None


def _chain(engine: Any, row: dict[str, Any], field: str = "household_division") -> tuple[str, ...]:
    chain: tuple[str, ...] = engine._chain_of(int(row[field]))
    return chain


def _parameter_max(engine: Any, path: str, row: dict[str, Any], on: dt.date) -> int:
    res = engine.parameters.resolve(path, on, _chain(engine, row))
    c = res.compiled
    if c.cells is not None:
        return int(c.cells[c.mask].max()) if c.mask.any() else 0
    return int(c.scalar)


def _floor_violation(engine: Any, path: str, row: dict[str, Any], on: dt.date) -> str | None:
    try:
        local = engine.parameters.resolve(path, on, _chain(engine, row)).compiled
        nat = engine.parameters.resolve(path, on, (NATIONAL,)).compiled
    except ShuangyongError:
        return None
    if local.cells is None:
        if int(local.scalar) < int(nat.scalar):
            return f"local {local.scalar} < national {nat.scalar}"
        return None
    low = (local.cells < nat.cells) & nat.mask & local.mask
    if low.any():
        return f"{int(low.sum())} cell(s) of {path} below the national value"
    return None


def _examples(
    inv: Invariant,
    start: dt.date,
    end: dt.date,
    situations: Sequence[str] = (),
    where: _Where | None = None,
) -> st.SearchStrategy[Any]:
    dates = st.dates(start, end)
    if situations:
        return _examples_on(inv, dates, situations, where)
    if isinstance(inv, MonotoneIn):

        @st.composite
        def pair(draw: st.DrawFn) -> tuple[dict[str, Any], dt.date, dict[str, Any]]:
            row = draw(rows(where))
            other = _compare_with(draw, inv, row, where)
            return row, draw(dates), other

        return pair()
    return st.tuples(rows(where), dates, st.none())


def _examples_on(
    inv: Invariant,
    dates: st.SearchStrategy[dt.date],
    situations: Sequence[str],
    where: _Where | None = None,
) -> st.SearchStrategy[Any]:
    """Like :func:`_examples`, but the date first and then a row as of it (:func:`_rows_on`)."""

    @st.composite
    def example(draw: st.DrawFn) -> tuple[dict[str, Any], dt.date, dict[str, Any] | None]:
        on = draw(dates)
        row = draw(_rows_on(on, situations, where))
        other = _compare_with(draw, inv, row, where) if isinstance(inv, MonotoneIn) else None
        return row, on, other

    return example()


def _compare_with(
    draw: st.DrawFn, inv: MonotoneIn, row: dict[str, Any], where: _Where | None = None
) -> dict[str, Any]:
    """The other value of a :class:`MonotoneIn` field to compare ``row`` with (a national
    field, or one a plugin adds)."""
    f = FIELDS[inv.field] if where is None else where.spec(inv.field)
    lo, hi = f.min if f.min is not None else 0, f.max if f.max is not None else 100
    floor = max(lo, 1) if row.get(inv.field) else lo
    other = {inv.field: draw(st.integers(floor, hi))}
    if not row.get(inv.field):
        other = {inv.field: row.get(inv.field, lo)}
    return other


def _draw_all(strategy: st.SearchStrategy[Any], n: int, seed: int | None) -> list[Any]:
    """``n`` examples of ``strategy`` (fewer if it has fewer), repeatable like the search."""
    out: list[Any] = []

    def keep(example: Any) -> None:
        out.append(example)

    test = settings(
        max_examples=n,
        database=None,
        deadline=None,
        derandomize=seed is None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )(given(strategy)(keep))
    if seed is not None:
        test = hseed(seed)(test)
    test()
    return out


_Tried = tuple[str, dict[str, Any], dt.date]  # (situation, row, date)


class _Pilot:
    """Rows to try each rule version on before its search: :data:`_PILOT_GENERAL` general rows
    (drawn once) and, per span of effect, :data:`_PILOT_DATES` dates with a row of every
    situation as of each date (drawn when first needed)."""

    def __init__(self, seed: int | None, where: _Where | None = None) -> None:
        self.seed = seed
        self.where = where
        self._general: list[dict[str, Any]] | None = None
        self._recent: dict[tuple[dt.date, dt.date], list[_Tried]] = {}

    def general(self, start: dt.date, end: dt.date) -> list[tuple[dict[str, Any], dt.date]]:
        """The general rows, on dates spread evenly over ``[start, end]``."""
        if self._general is None:
            self._general = _draw_all(rows(self.where), _PILOT_GENERAL, self.seed)
        n, span = len(self._general), (end - start).days
        return [
            (row, start + dt.timedelta(days=span * (2 * i + 1) // (2 * n)))
            for i, row in enumerate(self._general)
        ]

    def recent(self, start: dt.date, end: dt.date) -> list[_Tried]:
        """(situation, row, date) for each pilot date in ``[start, end]`` and situation."""
        if (start, end) not in self._recent:

            @st.composite
            def one_date(draw: st.DrawFn) -> list[_Tried]:
                on = draw(st.dates(start, end))
                return [(s, draw(placed(recent_rows(on, s), self.where)), on) for s in SITUATIONS]

            drawn = _draw_all(one_date(), _PILOT_DATES, self.seed)
            self._recent[start, end] = [x for xs in drawn for x in xs]
        return self._recent[start, end]


def _situations(
    engine: Any, rule_id: str, start: dt.date, end: dt.date, pilot: _Pilot
) -> tuple[str, ...]:
    """The :data:`~shuangyong.testing.populations.SITUATIONS` to draw rows from for a rule
    version that general rows seldom get past, each repeated by how often it did.

    The rule is tried on the ``pilot`` rows. If fewer than one general row in ten is eligible or
    undetermined (most examples would check refusals only: a placement rule, for one, needs a
    discharge under the regulation in force on its date, a route and a timely report), the
    situations whose rows get past the rule's conditions more often are returned, weighted by
    their hits; otherwise none, and the rule's examples are drawn exactly as before.
    """

    def reached(row: dict[str, Any], on: dt.date) -> bool:
        try:
            return _one(engine, rule_id, row, on).status is not Status.INELIGIBLE
        except ShuangyongError:
            return False

    general = pilot.general(start, end)
    hits = 0
    for row, on in general:
        hits += reached(row, on)
        if hits >= _SELDOM * len(general):
            return ()  # general rows reach the rule often enough
    tried: dict[str, int] = dict.fromkeys(SITUATIONS, 0)
    reach = dict(tried)
    for situation, row, on in pilot.recent(start, end):
        tried[situation] += 1
        reach[situation] += reached(row, on)
    rate = hits / max(len(general), 1)
    return tuple(s for s in SITUATIONS if reach[s] > rate * tried[s] for _ in range(reach[s]))


def _search(
    engine: Any,
    rule_id: str,
    inv: Invariant,
    start: dt.date,
    end: dt.date,
    max_examples: int,
    seed: int | None,
    situations: Sequence[str] = (),
    where: _Where | None = None,
    seen: Callable[[RuleResult], None] | None = None,
) -> tuple[int, tuple[Any, ...] | None, str | None]:
    state: dict[str, Any] = {"n": 0, "last": None}

    def prop(example: tuple[dict[str, Any], dt.date, dict[str, Any] | None]) -> None:
        row, on, other = example
        state["n"] += 1
        try:
            msg = _check(engine, rule_id, inv, row, on, other, seen)
        except (InvalidValueError, NotInForceError, UnknownRuleError):
            return  # outside the rule's domain: not a counterexample
        except ShuangyongError as exc:
            msg = f"{type(exc).__name__}: {exc}"
        if msg is not None:
            state["last"] = (row, on, other, msg)
            raise _Violation(msg)

    test = settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        derandomize=seed is None,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )(given(_examples(inv, start, end, situations, where))(prop))
    if seed is not None:
        test = hseed(seed)(test)
    try:
        test()
    except (_Violation, FlakyFailure):
        return state["n"], state["last"], None
    except HypothesisException as exc:
        return state["n"], state["last"], f"{type(exc).__name__}: {exc}"
    except ShuangyongError as exc:
        return state["n"], None, f"{type(exc).__name__}: {exc}"
    return state["n"], None, None


def _invariants(rule: Any) -> list[Invariant]:
    out: list[Invariant] = list(rule.properties)
    for d in default_invariants():
        if isinstance(d, SplitAddsUp) and rule.amount is None:
            continue  # nothing is paid, so nothing to add up
        if isinstance(d, OnceOnly) and not isinstance(rule.payment, PaidOnce):
            continue
        if not any(type(i) is type(d) for i in out):
            out.append(d)
    return out


def _year_within_version(engine: Any, rule_id: str, on: dt.date) -> tuple[Month, Month]:
    """The months of ``on``'s year inside the dates of the rule version in force on ``on``
    (so a schedule of them never meets a month without a version)."""
    rule = engine.rule(rule_id, on).rule
    first = max(Month(on.year, 1), Month.of(rule.effective_from))
    last = Month(on.year, 12)
    if rule.effective_to is not None:
        last = min(last, Month.of(rule.effective_to))
    return first, last


def _split_violation(engine: Any, rule_id: str, row: dict[str, Any], on: dt.date) -> str | None:
    first, last = _year_within_version(engine, rule_id, on)
    if first == last:
        return None
    cut = Month.of(on) if first < Month.of(on) <= last else first + 1
    whole = engine.schedule(row, first, last, rules=[rule_id]).total(rule_id)
    a = engine.schedule(row, first, cut + (-1), rules=[rule_id]).total(rule_id)
    b = engine.schedule(row, cut, last, rules=[rule_id]).total(rule_id)
    if a.amount + b.amount != whole.amount or a.lines + b.lines != whole.lines:
        return (
            f"{first}–{last}: whole {whole.amount} ({whole.lines} lines) != "
            f"{first}–{cut + (-1)} {a.amount} ({a.lines}) + {cut}–{last} {b.amount} ({b.lines})"
        )
    if len(a.undetermined) + len(b.undetermined) != len(whole.undetermined):
        return f"{first}–{last}: the parts leave a different number of lines undetermined"
    return None


def _once_violation(engine: Any, rule_id: str, row: dict[str, Any], on: dt.date) -> str | None:
    first, last = _year_within_version(engine, rule_id, on)
    field = engine.rule(rule_id, on).rule.payment.event
    event = row.get(field)
    event_day = parse_date(event, field) if event not in (None, "") else None
    seen = 0
    m = first
    while m <= last:  # the finest partition: month by month
        seen += len(engine.schedule(row, m, m, rules=[rule_id]).for_rule(rule_id))
        m = m + 1
    inside = event_day is not None and first.start <= event_day <= last.end
    if seen != (1 if inside else 0):
        return f"{field}={event}: {seen} lines over {first}–{last} month by month"
    return None


def verify(
    engine: Any,
    rules: Sequence[str] | None = None,
    *,
    max_examples: int = 100,
    seed: int | None = None,
    write_dir: str | Path | None = None,
    on_result: Callable[[InvariantResult], None] | None = None,
    division: str | None = None,
) -> VerifyReport:
    """Check every declared invariant of every rule version loaded in ``engine``.

    Every version is checked: the national ones and each district plugin's (a local rule, a
    scoped override). A district's version is checked on people registered in its own
    divisions (its scope), where it applies; with ``division``, every version is checked on
    people registered in that division (a county, or any county below a city or province).

    Args:
        engine: an :class:`~shuangyong.Engine`.
        rules: rule ids to check (default: all).
        max_examples: hypothesis examples per invariant and rule version.
        seed: a fixed seed; by default the search is derandomized (repeatable).
        write_dir: also write each counterexample's case file there.
        on_result: called after each check (for progress output).
        division: a division code the examples live in (default: a version's own scope, or
            anywhere for a national version).

    Returns:
        A :class:`VerifyReport`: ``report.ok`` is False if an invariant failed, and
        ``report.versions`` counts, per rule version, the examples that were eligible,
        ineligible and undetermined (``report.not_exercised``: never eligible).

    Raises:
        UnknownDivisionError: ``division`` is not a division of the engine's catalog.
    """
    results: list[InvariantResult] = []
    counts: list[VersionCounts] = []
    pilots: dict[Any, _Pilot] = {}
    if division is not None:
        engine.divisions.get(division)  # an unknown code is an error naming it
    for rid in rules or engine.rule_ids():
        for reg in engine.rule_variants(rid):
            rule = reg.rule
            start = rule.effective_from
            end = min(rule.effective_to or _LATEST, _LATEST)
            if end < start:
                continue
            codes = (division,) if division is not None else tuple(reg.scope)
            where = _where(engine, rule.division_field, codes)
            pilot = pilots.setdefault(where, _Pilot(seed, where))
            jurisdiction = engine.jurisdiction_of(reg)[0]
            tally, seen = _counter(jurisdiction, rule.version)
            situations = _situations(engine, rid, start, end, pilot)
            for inv in _invariants(rule):
                t0 = time.perf_counter()
                n, last, error = _search(
                    engine, rid, inv, start, end, max_examples, seed, situations, where, seen
                )
                cx = None
                if last is not None:
                    row, on, other, msg = last
                    origin = _origin(engine, reg, jurisdiction)
                    text = write_case(
                        name=f"counterexample: {rid} {inv.id} ({reg.supplied_by})",
                        inputs=row,
                        on=on,
                        rule_id=rid,
                        invariants=[inv.id],
                        compare_with=other,
                        note=f"found by shuangyong verify: {msg}\n{origin}",
                        plugins=_entry_point_names(engine),
                    )
                    cx = Counterexample(
                        rid, inv.id, msg, row, on, text, reg.supplied_by, jurisdiction
                    )
                    if write_dir is not None:
                        d = Path(write_dir)
                        d.mkdir(parents=True, exist_ok=True)
                        safe = inv.id.replace("(", "_").replace(")", "").replace(".", "_")
                        local = "" if not reg.scope else f"-{'_'.join(reg.scope)}"
                        name = f"{rid}-{rule.version}{local}-{safe}.toml"
                        (d / name).write_text(text, "utf-8")
                res = InvariantResult(
                    rid,
                    rule.version,
                    inv.id,
                    inv.describe(),
                    n,
                    time.perf_counter() - t0,
                    cx,
                    error,
                )
                results.append(res)
                if on_result is not None:
                    on_result(res)
            counts.append(
                VersionCounts(
                    rid,
                    rule.version,
                    jurisdiction,
                    ",".join(codes),
                    tally["eligible"],
                    tally["ineligible"],
                    tally["undetermined"],
                    tally["elsewhere"],
                )
            )
    return VerifyReport(tuple(results), tuple(counts))


def _origin(engine: Any, reg: Any, jurisdiction: str) -> str:
    """Whose rule version failed, for the case file's note: the plugin's distribution and
    version (and its entry-point name), or the library for a built-in rule."""
    info = next((p for p in engine.plugins if p.supplier == reg.supplied_by), None)
    where = "全国 / national" if jurisdiction == NATIONAL else jurisdiction
    version = f"rule version {reg.rule.version}, jurisdiction {where}"
    if info is None or info.builtin:
        return f"规则版本由 {reg.supplied_by} 内置提供 / built-in rule ({version})"
    return (
        f"规则版本由插件 {info.distribution} {info.version} 提供（插件名 {info.name}）/ "
        f"supplied by plugin {info.distribution} {info.version} (loaded as {info.name!r}; "
        f"{version})"
    )


def _entry_point_names(engine: Any) -> list[str] | None:
    """The engine's plugins by entry-point name, so the case file loads exactly them; None
    when one was passed as an object (no name ``SHUANGYONG_LOAD_PLUGINS`` could load)."""
    import importlib.metadata

    from shuangyong.plugins import ENTRY_POINT_GROUP

    extra = [p for p in engine.plugins if not p.builtin]
    if not extra:
        return None
    installed = {
        (ep.name, ep.dist.name if ep.dist is not None else ep.name)
        for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
    }
    if all((p.name, p.distribution) in installed for p in extra):
        return [p.name for p in extra]
    return None


def _counter(
    jurisdiction: str, version: str
) -> tuple[dict[str, int], Callable[[RuleResult], None]]:
    """A tally of a version's example results, and the callback that counts them."""
    tally = {"eligible": 0, "ineligible": 0, "undetermined": 0, "elsewhere": 0}

    def seen(r: RuleResult) -> None:
        if r.version == version and r.jurisdiction == jurisdiction:
            tally[r.status.value] += 1
        else:
            tally["elsewhere"] += 1

    return tally, seen


def _where(engine: Any, field: str, codes: Sequence[str]) -> _Where | None:
    """The counties (6-digit codes a row's division may hold) inside ``codes`` (none: any),
    and the engine's plugin fields; None: national rows anywhere, as drawn."""
    extra = tuple(f for name, f in engine.fields.items() if name not in FIELDS)
    if not codes:
        return _Where(field, (), extra) if extra else None
    from shuangyong.scoping import RuleScope

    members = RuleScope.build(engine.divisions, codes).members
    counties = tuple(f"{c:06d}" for c in members.nonzero()[0].tolist())
    if not counties:
        raise InvalidValueError(
            "division",
            ",".join(codes),
            "该区划下没有县级区划，无法生成户籍在此的人员 / no county-level division inside "
            "it for generated people to be registered in",
        )
    return _Where(field, counties, extra)


def recheck(engine: Any, case: Case) -> Iterable[str]:
    """Re-check the invariants a case names on its inputs (used to replay counterexamples)."""
    if case.date is None:
        return []
    out = []
    rule_ids = case.rules or tuple(case.expected)
    for rid in rule_ids:
        rule = engine.rule(rid, case.date).rule
        known = {i.id: i for i in _invariants(rule)}
        for inv_id in case.invariants:
            inv = known.get(inv_id)
            if inv is None:
                out.append(f"{rid}: unknown invariant {inv_id!r}; declared: {sorted(known)}")
                continue
            other = case.compare_with or None
            msg = _check(engine, rid, inv, dict(case.inputs), case.date, other)
            if msg:
                out.append(f"{rid} {inv_id}: {msg}")
    return out
