"""Small synthetic ledger data for the shuangyong-sql tests (no real person; ids are made up
with valid check digits where the store needs a person id that looks like one)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shuangyong import Month
from shuangyong.storage.model import (
    EvaluationRecord,
    Fact,
    LedgerLine,
    LineKind,
    PaymentRun,
    RunKind,
    digest,
)

COUNTY = "411003"
RULE = "disability_pension"
EXPLANATION = {"rule_id": RULE, "conditions": [{"id": "level", "passed": True}]}
EVALUATION = EvaluationRecord(
    digest=digest(EXPLANATION),
    rule_id=RULE,
    rule_version="2024.1",
    on=dt.date(2025, 1, 1),
    status="eligible",
    amount_fen=123_456,
    explanation=EXPLANATION,
)


def person(i: int) -> str:
    return f"P{i:07d}"


def fact(i: int, **values: Any) -> Fact:
    base = {"birth_date": "1990-01-01", "household_division": COUNTY}
    return Fact(person(i), dt.date(2020, 1, 1), {**base, **values})


def run(run_id: str = "R1") -> PaymentRun:
    first, last = Month(2025, 1), Month(2025, 12)
    return PaymentRun(run_id, RunKind.REGULAR, (RULE,), first, last, COUNTY, "t")


def line(i: int, month: int = 1, *, run_id: str = "R1", amount_fen: int = 123_456) -> LedgerLine:
    m = Month(2025, month)
    return LedgerLine(
        run_id=run_id,
        person_id=person(i),
        rule_id=RULE,
        period_first=m,
        period_last=m,
        revision=0,
        kind=LineKind.REGULAR,
        amount_fen=amount_fen,
        due_date=m.start,
        rule_version="2024.1",
        evaluated_on=m.start,
        division=COUNTY,
        explanation_digest=EVALUATION.digest,
    )


def seed(store: Any, run_id: str = "R1") -> None:
    """The run and evaluation that lines refer to."""
    store.add_evaluations([EVALUATION])
    store.add_run(run(run_id))
