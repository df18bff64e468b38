"""Batch evaluation: strictness per row, Arrow/pandas input, and batch == per-case."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangyong import Engine
from shuangyong.domain.enums import DisabilityCause
from shuangyong.engine.run import STATUS_INVALID
from shuangyong.errors import BatchInputError
from shuangyong.policy.columns import enum_codes

ON = dt.date(2025, 3, 1)
DP = ["disability_pension"]  # these tables carry only what the disability pension reads


def table(n: int = 4) -> dict[str, np.ndarray]:
    return {
        "household_division": np.array(["411003", "411002", "411003", "411024"][:n]),
        "service_kind": np.array(["conscript", "nco", "officer", "conscript"][:n]),
        "nco_grade": np.array([None, "junior", None, None][:n], dtype=object),
        "disability_level": np.array([1, 3, 8, 5][:n]),
        "disability_cause": np.array(["combat", "illness", "illness", "duty"][:n]),
        "disability_approved_on": np.array(["2010-06-01"] * n, dtype="datetime64[D]"),
        "died_on": np.array(["NaT"] * n, dtype="datetime64[D]"),
    }


def test_batch_amounts_and_failing_conditions(engine: Engine) -> None:
    res = engine.evaluate_batch(table(), ON, rules=["disability_pension"])
    rc = res["disability_pension"]
    # table A (example): 116,270/12 → 9,689.17; 因病 3 → 79,770/12 = 6,647.50; 因公 5 → 51,200/12
    assert rc.amount_fen.tolist() == [968917, 664750, 0, 426667]
    assert rc.failed_condition().tolist() == [None, None, "illness_service_kind", None]
    assert res.total_fen("disability_pension") == 968917 + 664750 + 426667
    assert res.uses_example_figures
    assert not res.errors


def test_bad_rows_are_listed_and_the_rest_still_evaluate(engine: Engine) -> None:
    t = table()
    t["disability_level"] = np.array([1.0, 11.0, np.nan, 5.5])
    t["disability_cause"] = np.array(["combat", "illness", "war", "duty"])
    t["household_division"] = np.array(["411003", "411002", "411003", "419999"])
    res = engine.evaluate_batch(t, ON, rules=["disability_pension"])
    rows = {(e.row, e.field) for e in res.errors}
    assert (1, "disability_level") in rows  # 11: above maximum
    assert (2, "disability_level") in rows  # NaN
    assert (2, "disability_cause") in rows  # unknown value "war"
    assert (3, "disability_level") in rows  # 5.5 is never truncated
    assert (3, "household_division") in rows  # unknown division
    assert res.invalid.tolist() == [False, True, True, True]
    rc = res["disability_pension"]
    assert rc.status.tolist()[1:] == [STATUS_INVALID] * 3
    assert rc.amount_fen[0] == 968917
    assert all(e.reason for e in res.errors)


def test_missing_required_column_and_unknown_column(engine: Engine) -> None:
    t = table()
    del t["disability_cause"]
    t["disability_level"] = np.zeros(4, dtype=int)
    only_level = {"disability_level": t["disability_level"]}
    # a rule asked for by name needs its inputs
    with pytest.raises(BatchInputError, match=r"missing required column 'household_division'"):
        engine.evaluate_batch(only_level, ON, rules=DP)
    # all rules in force: those that cannot run are undetermined, naming the missing fields
    res = engine.evaluate_batch(only_level, ON)
    rc = res["disability_pension"]
    assert rc.status_names().tolist() == ["undetermined"] * 4
    assert "household_division" in rc.undetermined_reasons[0]
    with pytest.raises(BatchInputError, match="unknown columns"):
        engine.evaluate_batch({**table(), "colour": np.zeros(4)}, ON, rules=DP)
    with pytest.raises(BatchInputError, match="rows"):
        engine.evaluate_batch(
            {**table(), "died_on": np.array(["NaT"] * 3, "datetime64[D]")}, ON, rules=DP
        )


def test_enum_columns_may_be_codes(engine: Engine) -> None:
    t = table()
    codes = enum_codes(DisabilityCause)
    t["disability_cause"] = np.array([codes[DisabilityCause(v)] for v in t["disability_cause"]])
    a = engine.evaluate_batch(t, ON, rules=DP)["disability_pension"].amount_fen
    b = engine.evaluate_batch(table(), ON, rules=DP)["disability_pension"].amount_fen
    assert a.tolist() == b.tolist()


def test_pandas_and_arrow_inputs(engine: Engine) -> None:
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    df = pd.DataFrame(table())
    r1 = engine.evaluate_batch(df, ON, rules=DP)
    r2 = engine.evaluate_batch(pa.Table.from_pandas(df, preserve_index=False), ON, rules=DP)
    ref = engine.evaluate_batch(table(), ON, rules=DP)
    for r in (r1, r2):
        assert (
            r["disability_pension"].amount_fen.tolist()
            == ref["disability_pension"].amount_fen.tolist()
        )
    out = ref.to_pandas()
    assert list(out["disability_pension.status"]) == [
        "eligible",
        "eligible",
        "ineligible",
        "eligible",
    ]
    assert ref.to_arrow().num_rows == 4


# -- batch == per-case, for every rule -----------------------------------------------------------
DIVISIONS = ["411003", "411002", "411024", "410102", "110101"]


@st.composite
def rows(draw: st.DrawFn) -> dict[str, object]:
    birth = draw(st.dates(dt.date(1930, 1, 1), dt.date(2000, 12, 31)))
    enlisted = birth + dt.timedelta(days=draw(st.integers(18 * 366, 30 * 365)))
    served = draw(st.integers(0, 20 * 365))
    discharged = draw(st.one_of(st.none(), st.just(enlisted + dt.timedelta(days=served))))
    level = draw(st.integers(0, 10))
    cause = draw(st.sampled_from(["combat", "duty", "illness"])) if level else None
    assessed = enlisted + dt.timedelta(days=draw(st.integers(0, served + 1)))
    approved = assessed + dt.timedelta(days=draw(st.integers(0, 400)))
    kind = draw(st.sampled_from(["conscript", "nco", "officer"]))
    return {
        "birth_date": birth,
        "household_division": draw(st.sampled_from(DIVISIONS)),
        "service_kind": kind,
        "nco_grade": draw(st.sampled_from(["junior", "intermediate", "senior"]))
        if kind == "nco"
        else None,
        "enlisted_on": enlisted,
        "discharged_on": discharged,
        "disability_level": level,
        "disability_cause": cause,
        "disability_assessed_on": assessed if level else None,
        "disability_approved_on": approved if level else None,
        "mental_disorder": draw(st.booleans()),
        "care_arrangement": draw(st.sampled_from(["dispersed", "centralized", None])),
        # a death after enlistment, discharge and assessment, as the records require
        "died_on": draw(
            st.one_of(
                st.none(),
                st.dates(dt.date(2019, 1, 1), dt.date(2026, 1, 1)).filter(
                    lambda d: (
                        d > enlisted
                        and (discharged is None or d >= discharged)
                        and (not level or d >= assessed)
                    )
                ),
            )
        ),
    }


WAGE = "\n".join(
    f"""
[[value]]
parameter = "nursing_allowance.wage_base"
jurisdiction = "{j}"
year = {y}
provenance = "example"
value = "{v}"
"""
    for j, v in (("410000", "90001"), ("411003", "100003"))
    for y in range(2018, 2026)
)


@given(
    people=st.lists(rows(), min_size=1, max_size=12),
    on=st.dates(dt.date(2019, 3, 2), dt.date(2026, 12, 31)),
)
def test_batch_equals_per_case_for_every_rule(people: list[dict[str, object]], on: dt.date) -> None:
    engine = Engine.create(entry_points=False).with_parameters(WAGE)
    cols = {k: np.array([p[k] for p in people], dtype=object) for k in people[0]}
    batch = engine.evaluate_batch(cols, on)
    assert not batch.errors
    for i, p in enumerate(people):
        ev = engine.evaluate(p, on)
        for r in ev:
            rc = batch[r.rule_id]
            assert rc.status_names()[i] == r.status.value, (r.rule_id, i)
            assert rc.failed_condition()[i] == r.failed_condition
            if rc.amount_fen is not None:
                per_case = r.amount.fen if r.amount is not None else 0
                assert int(rc.amount_fen[i]) == per_case


# -- the per-case fast path converts exactly like the column path ---------------------------------
_ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            "combat",
            "illness",
            "war",
            "conscript",
            "nco",
            "junior",
            "urban",
            "male",
            "dispersed",
            "411003",
            "419999",
            "41100",
            "2020-02-30",
            "2020-02-29",
            "1990-01-01",
            "",
            "spouse",
            "martyr",
            "self_employment",
        ]
    ),
    st.dates(dt.date(1950, 1, 1), dt.date(2030, 1, 1)),
    st.lists(st.sampled_from(["merit_1", "medal", "war_merit_2", "bogus"]), max_size=3),
    st.sampled_from(["5000.50", "5000.505", "-3", "1e3", "abc"]),
    st.integers(-5, 10**6),
)
FUZZ_FIELDS = sorted(
    [
        "birth_date",
        "household_division",
        "service_kind",
        "nco_grade",
        "enlisted_on",
        "discharged_on",
        "disability_level",
        "disability_cause",
        "disability_assessed_on",
        "disability_approved_on",
        "mental_disorder",
        "care_arrangement",
        "died_on",
        "residence",
        "sex",
        "monthly_basic_wage",
        "award_kinds",
        "suspended_from",
        "suspended_to",
        "relation",
        "member_status",
        "in_school",
        "placement_route",
    ]
)


def _objects(v: object) -> np.ndarray:
    a = np.empty(1, dtype=object)
    a[0] = v
    return a


@given(st.dictionaries(st.sampled_from(FUZZ_FIELDS), _ANY_VALUE, min_size=1))
def test_per_case_and_column_conversion_agree(row: dict[str, object]) -> None:
    from shuangyong.errors import BatchInputError
    from shuangyong.policy.schema import convert_columns, convert_row

    engine = _ENGINE
    needed = sorted(row)
    try:
        cols_a, errs_a = convert_row(row, needed, engine._known)
    except BatchInputError as exc:
        with pytest.raises(BatchInputError) as info:
            convert_columns({k: _objects(v) for k, v in row.items()}, needed, engine._known)
        assert str(info.value) == str(exc)
        return
    # as Python objects, and as the typed arrays numpy infers (int64, float64, <U, bool)
    makers = [_objects]
    if not any(isinstance(v, list) for v in row.values()):
        makers.append(lambda v: np.array([v]))
    for make in makers:
        cols_b, errs_b, _, _ = convert_columns(
            {k: make(v) for k, v in row.items()}, needed, engine._known
        )
        assert {(e.field, e.reason) for e in errs_a} == {(e.field, e.reason) for e in errs_b}
        if not errs_a:
            for k in cols_a:
                assert cols_a[k].tolist() == cols_b[k].tolist(), k


_ENGINE = Engine.create(entry_points=False)


def test_batch_months_equal_the_per_case_schedule(engine: Engine) -> None:
    t = table()
    res = engine.evaluate_batch_months(t, "2023-01-01", "2023-12-31", rules=["disability_pension"])
    assert str(res.first) == "2023-01" and str(res.last) == "2023-12"
    assert len(res["disability_pension"]) == 12 * len(t["disability_level"])  # a line a month
    totals = res.total_fen("disability_pension")
    for i in range(len(t["disability_level"])):
        row = {k: (v[i].item() if hasattr(v[i], "item") else v[i]) for k, v in t.items()}
        sched = engine.schedule(row, "2023-01-01", "2023-12-31", rules=["disability_pension"])
        assert int(totals[i]) == sched.total("disability_pension").amount.fen
    # the August standard change shows in the monthly totals
    monthly = res.monthly_totals_fen("disability_pension")
    assert monthly["2023-07"] < monthly["2023-08"]
