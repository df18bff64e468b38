"""Issue 12 §5, strict inputs on every path: dates (time zones, times of day, the formats the
message names), cross-field checks as the records make them, and missing values in pandas
nullable integers and Arrow nulls. Each test failed on the code before this change.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangyong import Engine
from shuangyong.domain.records import MIN_ENLISTMENT_AGE, birthday
from shuangyong.engine.run import STATUS_ELIGIBLE, STATUS_INELIGIBLE, STATUS_INVALID
from shuangyong.errors import InvalidValueError
from shuangyong.policy.schema import MONEY_NULL, enlistment_floor

ON = dt.date(2025, 3, 1)
# 1级因战 disability pension, 2024 条例 第28条: table A (example figure) 116,270 yuan a year,
# paid monthly: 116,270 / 12 = 9,689.166… → 9,689.17 yuan = 968,917 fen
PENSION_FEN = 968_917
VETERAN: dict[str, Any] = {
    "birth_date": "1990-01-01",
    "household_division": "411003",
    "residence": "urban",
    "service_kind": "nco",
    "nco_grade": "junior",
    "enlisted_on": "2008-09-01",
    "discharged_on": "2014-09-01",
    "disability_level": 1,
    "disability_cause": "combat",
    "disability_assessed_on": "2014-05-01",
    "disability_approved_on": "2014-06-01",
}
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
HAS_TIME = "has a time of day"
HAS_TZ = "time-zone-aware"
NOT_A_DATE = "not a date (expected YYYY-MM-DD)"


def _frame(n: int = 2) -> pd.DataFrame:
    return pd.DataFrame({k: [v] * n for k, v in VETERAN.items()})


def _errors(engine: Engine, table: Any) -> tuple[list[tuple[int, str, str]], list[int]]:
    res = engine.evaluate_batch(table, ON, rules=["disability_pension"])
    found = [(e.row, e.field, e.reason) for e in res.errors]
    return found, res["disability_pension"].status.tolist()


# -- dates ---------------------------------------------------------------------------------------
def test_time_zone_aware_refused_per_case(engine: Engine) -> None:
    """Before: 1990-01-01 01:00+08:00 was shifted to UTC and became 1989-12-31."""
    aware = dt.datetime(1990, 1, 1, 1, 0, tzinfo=SHANGHAI)
    with pytest.raises(InvalidValueError, match=HAS_TZ) as info:
        engine.evaluate({**VETERAN, "birth_date": aware}, on=ON)
    assert info.value.field == "birth_date"
    midnight = dt.datetime(1990, 1, 1, tzinfo=SHANGHAI)  # even at 00:00: never shifted
    with pytest.raises(InvalidValueError, match=HAS_TZ):
        engine.evaluate({**VETERAN, "birth_date": midnight}, on=ON)


def test_time_zone_aware_refused_in_dict_rows(engine: Engine) -> None:
    cols = {k: np.array([v, v], dtype=object) for k, v in VETERAN.items()}
    cols["disability_approved_on"] = np.array(
        [dt.datetime(2014, 6, 1, tzinfo=SHANGHAI), "2014-06-01"], dtype=object
    )
    found, status = _errors(engine, cols)
    assert [(r, f) for r, f, _ in found] == [(0, "disability_approved_on")]
    assert HAS_TZ in found[0][2]
    assert status == [STATUS_INVALID, STATUS_ELIGIBLE]


def test_pandas_time_zone_aware_column_refused_row_by_row(engine: Engine) -> None:
    """Before: a tz-aware datetime64 column was converted to UTC dates without a word."""
    df = _frame(3)
    df["disability_approved_on"] = pd.to_datetime(
        ["2014-06-01 00:00", None, "2014-06-01 07:00"]
    ).tz_localize("Asia/Shanghai")
    found, status = _errors(engine, df)
    assert [(r, f) for r, f, _ in found] == [
        (0, "disability_approved_on"),
        (2, "disability_approved_on"),
    ]
    assert all(HAS_TZ in why for _, _, why in found)
    # NaT: not set (an optional field), so not approved: refused on its conditions
    assert status == [STATUS_INVALID, STATUS_INELIGIBLE, STATUS_INVALID]


def test_arrow_timestamp_with_time_zone_refused(engine: Engine) -> None:
    """Before: to_numpy() gave UTC wall times; midnight in Shanghai was reported as 16:00."""
    t = pa.Table.from_pandas(_frame(2), preserve_index=False)
    i = t.column_names.index("disability_approved_on")
    aware = pa.array(
        [dt.datetime(2014, 6, 1, tzinfo=SHANGHAI), None],
        type=pa.timestamp("s", tz="Asia/Shanghai"),
    )
    found, status = _errors(engine, t.set_column(i, "disability_approved_on", aware))
    assert [(r, f) for r, f, _ in found] == [(0, "disability_approved_on")]
    assert HAS_TZ in found[0][2]
    assert status == [STATUS_INVALID, STATUS_INELIGIBLE]  # null: not approved


def test_a_time_of_day_is_treated_the_same_on_every_path(engine: Engine) -> None:
    """00:00 is the date; any other time of day is refused, per case, in dict rows, pandas
    and Arrow (before: pandas truncated 07:00 to the day, per case refused even 00:00)."""
    midnight, morning = dt.datetime(2014, 6, 1), dt.datetime(2014, 6, 1, 7, 0)
    r = engine.evaluate({**VETERAN, "disability_approved_on": midnight}, on=ON)
    assert r["disability_pension"].amount.fen == PENSION_FEN
    with pytest.raises(InvalidValueError, match=HAS_TIME):
        engine.evaluate({**VETERAN, "disability_approved_on": morning}, on=ON)
    tables: list[Any] = []
    cols = {k: np.array([v, v], dtype=object) for k, v in VETERAN.items()}
    cols["disability_approved_on"] = np.array([morning, midnight], dtype=object)
    tables.append(cols)
    cols64 = dict(cols)
    cols64["disability_approved_on"] = np.array([morning, midnight], dtype="datetime64[s]")
    tables.append(cols64)
    df = _frame(2)
    df["disability_approved_on"] = pd.to_datetime([morning, midnight])
    tables.append(df)
    tables.append(pa.Table.from_pandas(df, preserve_index=False))
    for table in tables:
        found, status = _errors(engine, table)
        assert [(r, f) for r, f, _ in found] == [(0, "disability_approved_on")], type(table)
        assert HAS_TIME in found[0][2]
        assert status == [STATUS_INVALID, STATUS_ELIGIBLE]


# every other path that takes a date: each reads a datetime the one way (domain.periods.
# date_or_reason). Before: typed records, the date evaluated, person files, evidence and store
# facts refused even 00:00, which the row paths accept.
def _typed_record(engine: Engine, tmp_path: Path, value: Any) -> dt.date:
    from shuangyong.domain.divisions import DivisionCode
    from shuangyong.domain.enums import ServiceKind
    from shuangyong.domain.records import ServiceRecord

    kind = ServiceKind.CONSCRIPT
    rec = ServiceRecord(kind=kind, enlistment_division=DivisionCode("411003"), enlisted_on=value)
    return rec.enlisted_on


def _row(engine: Engine, tmp_path: Path, value: Any) -> dt.date:
    engine.evaluate({**VETERAN, "enlisted_on": value}, on=ON)
    return value.date()


def _date_evaluated(engine: Engine, tmp_path: Path, value: Any) -> dt.date:
    return engine.evaluate(VETERAN, on=value).on


def _toml(value: dt.datetime) -> str:
    text = value.isoformat()
    return text if value.tzinfo is None else text.replace("+00:00", "Z")


def _person_file(engine: Engine, tmp_path: Path, value: Any) -> dt.date:
    from shuangyong.cli import read_person

    f = tmp_path / "p.toml"
    f.write_text(f"birth_date = 1990-01-01\nenlisted_on = {_toml(value)}\n", encoding="utf-8")
    day: dt.date = read_person(f)["enlisted_on"]
    return day


def _evidence(engine: Engine, tmp_path: Path, value: Any) -> dt.date:
    from shuangyong.compliance import load_evidence

    f = tmp_path / "e.toml"
    f.write_text(
        '[[document]]\nid = "D1"\ntitle = "t"\nissuer = "i"\njurisdiction = "411003"\n'
        f'kinds = ["development_plan"]\ndate = {_toml(value)}\n',
        encoding="utf-8",
    )
    day: dt.date = load_evidence(f).records[0].date  # type: ignore[attr-defined]
    return day


def _store_fact(engine: Engine, tmp_path: Path, value: Any) -> dt.date:
    from shuangyong.storage import Fact, open_store

    with open_store("memory://", entry_points=False) as store:
        store.add_facts([Fact("P1", value, {"enlisted_on": "2008-09-01"})], actor="t")
        return store.facts("P1")[0].effective_from


DATE_PATHS = {
    "row": _row,
    "typed record": _typed_record,
    "date evaluated": _date_evaluated,
    "person file": _person_file,
    "evidence": _evidence,
    "store fact": _store_fact,
}


@pytest.mark.parametrize("path", sorted(DATE_PATHS))
@pytest.mark.parametrize(
    ("value", "why"),
    [
        (dt.datetime(2008, 9, 1), None),
        (dt.datetime(2008, 9, 1, 8, 30), HAS_TIME),
        (dt.datetime(2008, 9, 1, tzinfo=dt.UTC), HAS_TZ),
    ],
    ids=["midnight", "time-of-day", "time-zone"],
)
def test_a_datetime_is_read_the_same_way_on_every_path(
    engine: Engine, tmp_path: Path, path: str, value: dt.datetime, why: str | None
) -> None:
    """A naive datetime at 00:00 is its date; a time of day or a time zone is refused with the
    same reason, on every path that takes a date."""
    from shuangyong.commands import UserError

    read = DATE_PATHS[path]
    if why is None:
        got = read(engine, tmp_path, value)
        assert got == dt.date(2008, 9, 1) and type(got) is dt.date
        return
    with pytest.raises((InvalidValueError, UserError)) as info:
        read(engine, tmp_path, value)
    message = str(info.value) if isinstance(info.value, InvalidValueError) else info.value.message
    assert why in message, message


@pytest.mark.parametrize("text", ["19900101", "1990-W01-1", "1990-1-1", "1990/01/01", "1990-02-30"])
def test_the_message_and_the_accepted_formats_agree(engine: Engine, text: str) -> None:
    """The message says YYYY-MM-DD: 19900101 and ISO week dates were accepted before."""
    with pytest.raises(InvalidValueError, match="YYYY-MM-DD") as info:
        engine.evaluate({**VETERAN, "birth_date": text}, on=ON)
    assert info.value.field == "birth_date"
    cols = {k: np.array([v]) for k, v in VETERAN.items()}
    cols["birth_date"] = np.array([text])
    found, _ = _errors(engine, cols)
    assert found == [(0, "birth_date", found[0][2])] and NOT_A_DATE in found[0][2]


# -- cross-field checks -------------------------------------------------------------------------
CROSS = [
    # (changes, field named, words of the reason)
    ({"enlisted_on": "2005-12-31"}, "enlisted_on", "16th birthday"),  # born 1990-01-01
    ({"disability_assessed_on": "2008-08-31"}, "disability_assessed_on", "assessed before"),
    (
        {"died_on": "2014-08-31", "death_category": "illness"},
        "died_on",
        "discharged after death",
    ),
    (
        {"died_on": "2014-04-30", "death_category": "illness", "discharged_on": "2014-04-30"},
        "died_on",
        "assessed after death",
    ),
]


@pytest.mark.parametrize(("change", "field", "why"), CROSS)
def test_cross_field_checks_of_the_records_on_row_and_batch(
    engine: Engine, change: dict[str, Any], field: str, why: str
) -> None:
    """Beneficiary (domain/records.py) refuses these; the row and batch paths accepted them."""
    with pytest.raises(InvalidValueError, match=why) as info:
        engine.evaluate({**VETERAN, **change}, on=ON)
    assert info.value.field == field
    cols = {k: np.array([v, v], dtype=object) for k, v in {**VETERAN, **change}.items()}
    for k, v in VETERAN.items():  # the second row is the good veteran
        cols[k][1] = v
    for k in change:
        if k not in VETERAN:
            cols[k][1] = None
    found, status = _errors(engine, cols)
    assert [(r, f) for r, f, _ in found] == [(0, field)] and why in found[0][2]
    assert status == [STATUS_INVALID, STATUS_ELIGIBLE]


def test_enlisted_on_the_16th_birthday_is_accepted(engine: Engine) -> None:
    r = engine.evaluate({**VETERAN, "enlisted_on": "2006-01-01"}, on=ON)
    assert r["disability_pension"].amount.fen == PENSION_FEN


@given(born=st.dates(dt.date(1900, 1, 1), dt.date(2150, 12, 31)))
def test_the_age_floor_is_the_records_birthday(born: dt.date) -> None:
    """The column check means what Beneficiary checks (birthday(), 29 Feb → 1 Mar)."""
    got = enlistment_floor(np.array([born], dtype="datetime64[D]"))[0]
    assert got == np.datetime64(birthday(born, MIN_ENLISTMENT_AGE), "D")


def test_born_after_the_date_evaluated(engine: Engine) -> None:
    """Before: the row was evaluated (and refused on its conditions) as if it were a person."""
    child = {
        "birth_date": "2025-03-02",
        "household_division": "411003",
        "relation": "child",
        "member_status": "serving",
    }
    with pytest.raises(InvalidValueError, match="born after the date evaluated") as info:
        engine.evaluate(child, on=ON)
    assert info.value.field == "birth_date"
    assert engine.evaluate({**child, "birth_date": "2025-03-01"}, on=ON)  # born that day: fine
    cols = {k: np.array([v, v], dtype=object) for k, v in child.items()}
    cols["birth_date"] = np.array(["2025-03-02", "2025-03-01"], dtype="datetime64[D]")
    res = engine.evaluate_batch(cols, ON, rules=["glory_plaque"])
    assert [(e.row, e.field) for e in res.errors] == [(0, "birth_date")]
    assert res["glory_plaque"].status.tolist() == [STATUS_INVALID, STATUS_ELIGIBLE]


ORPHAN: dict[str, Any] = {
    "sex": "female",
    "residence": "urban",
    "household_division": "110101",
    "relation": "child",
    "member_status": "martyr",
    "birth_date": "2024-06-15",
    "member_died_on": "2024-05-04",
    "eligibility_confirmed_on": "2024-07-01",
}


def test_born_after_a_month_evaluated_on_every_path(engine: Engine) -> None:
    """A child born on 2024-06-15 (a martyr's posthumous child): the months evaluated on a day
    before the birth (1 January … 1 June) are invalid for that row, as ``evaluate_batch`` makes
    the row invalid for such a date, and reported once; the later months are evaluated. Before,
    ``evaluate_batch_months`` (and so the ledger) evaluated January–June as if the child were
    a person, refused on the conditions, with no error."""
    cols = {k: np.array([v]) for k, v in ORPHAN.items()}
    prepared = engine.prepare(cols)
    for table in (cols, prepared):
        months = engine.evaluate_batch_months(
            table, "2024-01-01", "2024-12-01", rules=["survivor_pension"]
        )
        assert [(e.row, e.field, e.value) for e in months.errors] == [
            (0, "birth_date", "2024-06-15")
        ]
        status = months.rules["survivor_pension"].status.tolist()
        assert status[:6] == [STATUS_INVALID] * 6 and STATUS_INVALID not in status[6:]
        # the batch path on those dates says the same
        for on, invalid in ((dt.date(2024, 6, 1), True), (dt.date(2024, 7, 1), False)):
            res = engine.evaluate_batch(table, on, rules=["survivor_pension"])
            assert bool(res["survivor_pension"].status[0] == STATUS_INVALID) is invalid
    # per person: an error, as evaluate
    with pytest.raises(InvalidValueError, match="born after the date evaluated"):
        engine.evaluate(ORPHAN, on=dt.date(2024, 6, 1))
    with pytest.raises(InvalidValueError, match="born after the date evaluated"):
        engine.schedule(ORPHAN, "2024-01-01", "2024-12-01", rules=["survivor_pension"])
    assert engine.schedule(ORPHAN, "2024-07-01", "2024-12-01", rules=["survivor_pension"])


# -- missing values in integer and money columns -------------------------------------------------
def test_pandas_nullable_int_with_na_is_a_row_error_for_that_row_only(engine: Engine) -> None:
    df = _frame(3)
    df["disability_level"] = pd.array([1, pd.NA, 1], dtype="Int64")
    found, status = _errors(engine, df)
    assert [(r, f) for r, f, _ in found] == [(1, "disability_level")]
    assert "missing" in found[0][2]
    assert status == [STATUS_ELIGIBLE, STATUS_INVALID, STATUS_ELIGIBLE]
    res = engine.evaluate_batch(df, ON, rules=["disability_pension"])
    assert res["disability_pension"].amount_fen.tolist() == [PENSION_FEN, 0, PENSION_FEN]


def test_one_na_keeps_a_money_column_exact(engine: Engine) -> None:
    """Before: one pd.NA turned the column to float and every row was refused."""
    df = _frame(3)
    df["monthly_basic_wage"] = pd.array([8000, pd.NA, 12345], dtype="Int64")
    prepared = engine.prepare(df)
    assert not prepared.errors
    assert prepared.columns["monthly_basic_wage"].tolist() == [800_000, MONEY_NULL, 1_234_500]
    t = pa.Table.from_pandas(_frame(3), preserve_index=False).append_column(
        "monthly_basic_wage", pa.array([8000, None, 12345], type=pa.int64())
    )
    prepared = engine.prepare(t)
    assert not prepared.errors
    assert prepared.columns["monthly_basic_wage"].tolist() == [800_000, MONEY_NULL, 1_234_500]


def test_arrow_null_in_an_integer_column_is_that_rows_error(engine: Engine) -> None:
    t = pa.Table.from_pandas(_frame(2), preserve_index=False)
    i = t.column_names.index("disability_level")
    found, status = _errors(engine, t.set_column(i, "disability_level", pa.array([None, 1])))
    assert [(r, f) for r, f, _ in found] == [(0, "disability_level")]
    assert status == [STATUS_INVALID, STATUS_ELIGIBLE]


def test_float_money_stays_refused_and_says_what_to_use(engine: Engine) -> None:
    df = _frame(2)
    df["monthly_basic_wage"] = [8000.0, np.nan]
    found, _ = _errors(engine, df)
    assert {r for r, _, _ in found} == {0, 1}
    assert all("Int64" in why and "Decimal" in why for _, _, why in found)
    with pytest.raises(InvalidValueError, match=r"8000\.50"):
        engine.evaluate({**VETERAN, "monthly_basic_wage": 8000.5}, on=ON)
