"""Per case, the fields a dict row converts are found once per key order and kept on the
engine (``Engine._run_rows``): the first error reported still follows the row's own order."""

from __future__ import annotations

import datetime as dt

import pytest

from shuangyong import Engine
from shuangyong.errors import BatchInputError, InvalidValueError
from shuangyong.policy.schema import row_fields

ON = dt.date(2025, 3, 1)
ROW = {  # the beneficiary of benchmarks/bench_percase.py
    "birth_date": "1990-01-01",
    "household_division": "411003",
    "residence": "rural",
    "sex": "male",
    "service_kind": "conscript",
    "enlisted_on": "2010-09-01",
    "discharged_on": "2012-09-01",
    "disability_level": 1,
    "disability_cause": "combat",
    "disability_assessed_on": "2012-05-01",
    "disability_approved_on": "2012-06-01",
    "care_arrangement": "dispersed",
}
ENGINE = Engine.create(entry_points=False)


def test_the_first_bad_field_follows_the_row_order_call_after_call() -> None:
    bad = {"sex": "nobody", "residence": "nowhere"}  # neither read by the rule asked for
    base = {k: v for k, v in ROW.items() if k not in bad}
    forward = {**base, **bad}
    backward = {**base, "residence": "nowhere", "sex": "nobody"}
    for _ in range(2):  # the second call of each order finds its fields in the cache
        for row, first in ((forward, "sex"), (backward, "residence")):
            with pytest.raises(InvalidValueError) as info:
                ENGINE.evaluate(row, ON, rules=["glory_plaque"])
            assert info.value.field == first


def test_row_fields_needed_first_then_the_row_then_date_order_partners() -> None:
    wanted = row_fields(("sex", "enlisted_on"), ("birth_date",))
    assert wanted[:3] == ("birth_date", "sex", "enlisted_on")


def test_row_fields_names_unknown_columns() -> None:
    with pytest.raises(BatchInputError, match="unknown columns"):
        row_fields(("no_such_field",), ())
