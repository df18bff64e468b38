"""Per case, the fields a dict row converts are found once per key order and kept on the
engine (``Engine._run_rows``): the first error reported still follows the row's own order."""

from __future__ import annotations

import datetime as dt

import pytest
from test_scope import veteran

from shuangyong import Engine
from shuangyong.errors import BatchInputError, InvalidValueError
from shuangyong.policy.schema import row_fields

ON = dt.date(2025, 3, 1)
# a 因战 conscript (tests/test_scope.py) with the fields the benchmark's beneficiary also gives
ROW = {
    **{k: v for k, v in veteran("411003", disability_level=1).items() if k != "person_id"},
    "residence": "rural",
    "sex": "male",
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
