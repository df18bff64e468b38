"""A property of the ledger: whatever sequence of runs, arrears, recoveries, cancellations,
late-reported deaths and standard raises happened, once a final run, arrears and recovery are
applied the net of every period (person × benefit × months covered, non-cancelled lines of all
revisions) equals what a per-case evaluation with the current facts and parameters says is
due, and no key appears twice.

The expected amounts come from ``engine.evaluate`` per person and month (the per-case path),
not from the ledger's own batch recomputation. The raise is a hypothetical ``example`` layer
(test data, not a real standard).
"""

from __future__ import annotations

import collections
import datetime as dt
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from shuangyong import Engine
from shuangyong.domain.periods import Month
from shuangyong.ledger import Ledger
from shuangyong.storage import Fact, FactKind, LineStatus, Store, open_store
from shuangyong.storage.rows import rule_row

COUNTY = "411003"
PEOPLE = {
    "P1": {"disability_level": 5, "disability_cause": "combat"},
    "P2": {"disability_level": 10, "disability_cause": "duty"},
    "P3": {"disability_level": 2, "disability_cause": "illness"},
}
BASE: dict[str, Any] = {
    "birth_date": "1990-01-01",
    "household_division": COUNTY,
    "service_kind": "conscript",
    "enlisted_on": "2008-09-01",
    "discharged_on": "2010-09-01",
    "disability_assessed_on": "2010-05-01",
    "disability_approved_on": "2010-06-01",
}
RAISE = """
[[value]]
parameter = "disability_pension.standard"
jurisdiction = "national"
effective_from = 2025-08-01
provenance = "example"
note = "测试用假设标准"
table = { combat = ["120000", "110000", "95000", "78000", "62100", "48000", "36000", "23000", "19000", "13500"], duty = ["115000", "100000", "88000", "70000", "53000", "45000", "32000", "21000", "15000", "11400"], illness = ["110000", "97000", "82000", "63000", "49000", "38000", "-", "-", "-", "-"] }
"""  # noqa: E501
YEAR = [Month(2025, m) for m in range(1, 13)]

_ENGINES: dict[str, Engine] = {}


def engines() -> dict[str, Engine]:
    if not _ENGINES:
        base = Engine.create(entry_points=False)
        _ENGINES.update(base=base, raised=base.with_parameters(RAISE, name="调标"))
    return _ENGINES


months = st.tuples(st.integers(0, 11), st.integers(0, 11)).map(
    lambda ab: (YEAR[min(ab)], YEAR[max(ab)])
)
ops = st.one_of(
    st.tuples(st.just("run"), months),
    st.tuples(st.just("arrears"), months),
    st.tuples(st.just("recover"), months),
    st.tuples(st.just("raise"), st.none()),
    st.tuples(st.just("death"), st.tuples(st.sampled_from(sorted(PEOPLE)), st.integers(1, 360))),
    st.tuples(st.just("cancel"), st.integers(0, 50)),
    st.tuples(st.just("pay"), st.none()),
)


def expected(engine: Engine, store: Store) -> dict[tuple[str, Month], int]:
    out = {}
    for pid in PEOPLE:
        for m in YEAR:
            row = rule_row(store.row_on(pid, m.start))
            r = engine.evaluate(row, m.start, ["disability_pension"])["disability_pension"]
            assert r.status.value != "undetermined", r.notes
            out[(pid, m)] = r.amount.fen if r.amount is not None else 0
    return out


@given(steps=st.lists(ops, max_size=7))
# the situations the ledger exists for, always tried: a death reported after the months were
# paid, a raise after they were paid, a cancelled line, a raise then a death
@example([("run", (YEAR[0], YEAR[-1])), ("pay", None), ("death", ("P1", 40))])
@example([("run", (YEAR[5], YEAR[9])), ("raise", None), ("arrears", (YEAR[6], YEAR[8]))])
@example([("run", (YEAR[0], YEAR[1])), ("cancel", 1), ("recover", (YEAR[0], YEAR[1]))])
@example([("run", (YEAR[0], YEAR[-1])), ("raise", None), ("death", ("P2", 250))])
def test_net_of_every_period_equals_the_recomputation(steps: list[tuple[str, Any]]) -> None:
    store = open_store("memory://", entry_points=False)
    store.add_facts(
        [Fact(pid, dt.date(2010, 6, 1), {**BASE, **facts}) for pid, facts in PEOPLE.items()],
        actor="登记员",
    )
    engine = engines()["base"]
    dead: set[str] = set()
    for op, arg in steps:
        led = Ledger(engine, store, actor="经办人")
        if op == "run":
            led.run("disability_pension", *arg, COUNTY)
        elif op == "arrears":
            led.arrears("disability_pension", *arg, COUNTY, "补发", skip_negative=True)
        elif op == "recover":
            led.recover("disability_pension", *arg, COUNTY, "追回")
        elif op == "raise":
            engine = engines()["raised"]
        elif op == "death" and arg[0] not in dead:
            dead.add(arg[0])
            died = dt.date(2025, 1, 1) + dt.timedelta(days=arg[1])
            store.add_facts(
                [
                    Fact(
                        arg[0],
                        died,
                        {"died_on": died.isoformat(), "death_category": "illness"},
                        kind=FactKind.DEATH,
                    )
                ],
                actor="x",
            )
        elif op == "cancel":
            open_lines = [
                x.line_id for x in store.lines() if x.status is LineStatus.CALCULATED and x.line_id
            ]
            if open_lines:
                led.cancel([open_lines[arg % len(open_lines)]], reason="作废")
        elif op == "pay":
            calculated = [
                x.line_id for x in store.lines() if x.status is LineStatus.CALCULATED and x.line_id
            ]
            if calculated:
                led.approve(calculated)
                led.mark_paid(calculated, reference="V")
    led = Ledger(engine, store, actor="经办人")
    led.run("disability_pension", YEAR[0], YEAR[-1], COUNTY)
    led.arrears("disability_pension", YEAR[0], YEAR[-1], COUNTY, "补发", skip_negative=True)
    led.recover("disability_pension", YEAR[0], YEAR[-1], COUNTY, "追回")

    lines = store.lines()
    assert len({x.key for x in lines}) == len(lines)
    net: collections.Counter[tuple[str, Month]] = collections.Counter()
    for x in lines:
        assert x.period_first == x.period_last  # monthly benefit
        if x.status is not LineStatus.CANCELLED:
            net[(x.person_id, x.period_first)] += x.amount_fen
    want = expected(engine, store)
    assert {k: v for k, v in net.items() if v} == {k: v for k, v in want.items() if v}
