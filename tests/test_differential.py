"""Per case and batch are one meaning: a differential property test.

Rule bodies have one semantics, numpy's made safe for money, whatever the number of rows. Here
generated expressions over columns of mixed kinds and dtypes (integers near the int64 limits,
small integer dtypes, dates with NaT, enums, bools, zero divisors) are evaluated on a whole batch
and on each row alone; row ``i`` of the batch must equal the row evaluated alone, and an error
(an overflow, an ordered enum, a division by zero) must be raised by the batch exactly when some
row raises it alone. Then every national rule on generated people: each person evaluated alone
(``evaluate``) against the same person in a batch (``evaluate_batch``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from shuangyong import Engine
from shuangyong.domain.enums import DisabilityCause
from shuangyong.policy.columns import Column, EnumColumn, where
from shuangyong.testing.populations import SITUATIONS, recent_rows, rows, survivor_rows

I64 = np.iinfo(np.int64)
NEAR_LIMITS = st.one_of(
    st.integers(I64.min, I64.min + 10),
    st.integers(I64.max - 10, I64.max),
    st.integers(-3_037_000_500, 3_037_000_500),
    st.integers(-5, 5),
)
DAYS = st.one_of(st.none(), st.integers(-20_000, 40_000))

Expr = Callable[[dict[str, Any]], Any]


@st.composite
def tables(draw: st.DrawFn) -> dict[str, np.ndarray]:
    n = draw(st.integers(1, 6))
    big = draw(st.lists(NEAR_LIMITS, min_size=n, max_size=n))
    small = draw(st.lists(st.integers(-128, 127), min_size=n, max_size=n))
    days = draw(st.lists(DAYS, min_size=n, max_size=n))
    codes = draw(st.lists(st.integers(0, len(DisabilityCause)), min_size=n, max_size=n))
    flags = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    return {
        "big": np.array(big, dtype=np.int64),
        "small": np.array(small, dtype=np.int8),
        "day": np.array(
            [np.datetime64("NaT") if d is None else np.datetime64(d, "D") for d in days],
            dtype="datetime64[D]",
        ),
        "cause": np.array(codes, dtype=np.int8),
        "flag": np.array(flags, dtype=bool),
    }


def _columns(table: dict[str, np.ndarray]) -> dict[str, Any]:
    out: dict[str, Any] = {k: v.view(Column) for k, v in table.items()}
    cause = table["cause"].view(EnumColumn)
    cause.enum_type = DisabilityCause
    out["cause"] = cause
    return out


INTS = st.sampled_from(["big", "small"])
SCALARS = st.one_of(NEAR_LIMITS, st.sampled_from([0, 1, -1, 2, 100]))


def _int_leaves() -> st.SearchStrategy[Expr]:
    column = INTS.map(lambda name: lambda c: c[name])
    scalar = SCALARS.map(lambda v: lambda c: v)
    return st.one_of(column, column, scalar)


def _int_exprs() -> st.SearchStrategy[Expr]:
    def extend(inner: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
        binary = st.sampled_from(
            [
                lambda a, b: a + b,
                lambda a, b: a - b,
                lambda a, b: a * b,
                lambda a, b: a // b,  # zero divisors included
                lambda a, b: a % b,
                np.maximum,
                np.add,
                np.multiply,
            ]
        )
        return st.one_of(
            st.tuples(binary, inner, inner).map(lambda t: lambda c: t[0](t[1](c), t[2](c))),
            inner.map(lambda a: lambda c: -a(c)),
            inner.map(lambda a: lambda c: abs(a(c))),
            st.tuples(_bool_leaves(), inner, inner).map(
                lambda t: lambda c: where(t[0](c), t[1](c), t[2](c))
            ),
        )

    return st.recursive(_int_leaves(), extend, max_leaves=6)


def _bool_leaves() -> st.SearchStrategy[Expr]:
    compare = st.sampled_from(
        [lambda a, b: a < b, lambda a, b: a >= b, lambda a, b: a == b, lambda a, b: a != b]
    )
    member = st.sampled_from(list(DisabilityCause) + [m.value for m in DisabilityCause])
    return st.one_of(
        st.just(lambda c: c["flag"]),
        st.tuples(compare, INTS, SCALARS).map(lambda t: lambda c: t[0](c[t[1]], t[2])),
        st.tuples(compare, st.dates(dt.date(1900, 1, 1), dt.date(2080, 1, 1))).map(
            lambda t: lambda c: t[0](c["day"], np.datetime64(t[1], "D"))
        ),
        member.map(lambda m: lambda c: c["cause"] == m),
        st.lists(member, min_size=1, max_size=3).map(lambda ms: lambda c: c["cause"].isin(*ms)),
        # enums are unordered: an error on every path
        st.tuples(compare, member).map(lambda t: lambda c: t[0](c["cause"], t[1])),
    )


def _bool_exprs() -> st.SearchStrategy[Expr]:
    def extend(inner: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
        return st.one_of(
            st.tuples(inner, inner).map(lambda t: lambda c: t[0](c) & t[1](c)),
            st.tuples(inner, inner).map(lambda t: lambda c: t[0](c) | t[1](c)),
            inner.map(lambda a: lambda c: ~a(c)),
            st.tuples(_int_exprs(), _int_exprs()).map(lambda t: lambda c: t[0](c) > t[1](c)),
        )

    return st.recursive(_bool_leaves(), extend, max_leaves=5)


def _outcome(expr: Expr, table: dict[str, np.ndarray]) -> tuple[str, Any]:
    """("ok", values) or ("error", exception type)."""
    try:
        out = expr(_columns(table))
    except Exception as exc:
        return "error", _kind(exc)
    arr = np.asarray(out)
    n = len(table["big"])
    return "ok", (np.broadcast_to(arr, (n,)).tolist(), arr.dtype.str)


def _kind(exc: Exception) -> str:
    # an error's type, and for numpy's warnings-as-errors the operation it names
    return type(exc).__name__ + (
        str(exc).split(" encountered")[0] if "encountered" in str(exc) else ""
    )


@settings(max_examples=400, deadline=None)
@given(table=tables(), expr=st.one_of(_int_exprs(), _bool_exprs()))
def test_an_expression_means_the_same_on_one_row_and_on_many(
    table: dict[str, np.ndarray], expr: Expr
) -> None:
    batch = _outcome(expr, table)
    alone = [
        _outcome(expr, {k: v[i : i + 1] for k, v in table.items()})
        for i in range(len(table["big"]))
    ]
    errors = {o[1] for o in alone if o[0] == "error"}
    if errors:
        # the batch fails exactly when a row fails alone, with one of the rows' errors
        assert batch[0] == "error" and batch[1] in errors, (batch, alone)
        return
    assert batch[0] == "ok", (batch, alone)
    values, dtype = batch[1]
    for i, o in enumerate(alone):
        assert o[1][1] == dtype
        row = o[1][0][0]
        assert (row != row and values[i] != values[i]) or row == values[i], (i, row, values[i])


# -- every national rule on generated people ------------------------------------------------------
ON = st.dates(dt.date(2019, 3, 2), dt.date(2026, 12, 31))
PEOPLE = st.one_of(
    rows(),
    st.sampled_from(SITUATIONS).flatmap(lambda s: recent_rows(dt.date(2025, 3, 1), s)),
    survivor_rows(),
)
_ENGINE: list[Engine] = []


def _engine() -> Engine:
    if not _ENGINE:
        _ENGINE.append(Engine.create(entry_points=False))
    return _ENGINE[0]


@settings(max_examples=60, deadline=None)
@given(people=st.lists(PEOPLE, min_size=1, max_size=8), on=ON)
def test_every_national_rule_means_the_same_alone_and_in_a_batch(
    people: list[dict[str, Any]], on: dt.date
) -> None:
    engine = _engine()
    fields = sorted({k for p in people for k in p})
    # rows drawn by different strategies set different fields: give each the same set
    alone_rows = [{k: p.get(k) for k in fields if k in p or _nullable(k)} for p in people]
    fields = sorted({k for p in alone_rows for k in p})
    cols = {k: _objects([p.get(k) for p in alone_rows]) for k in fields}
    batch = engine.evaluate_batch(cols, on)
    bad = {e.row for e in batch.errors}
    for i, p in enumerate(alone_rows):
        if i in bad:
            continue
        for r in engine.evaluate(p, on):
            rc = batch[r.rule_id]
            assert rc.status_names()[i] == r.status.value, (r.rule_id, i)
            assert rc.failed_condition()[i] == r.failed_condition, (r.rule_id, i)
            assert rc.passed[:, i].tolist() == [c.passed for c in r.conditions], (r.rule_id, i)
            if rc.amount_fen is not None:
                per_case = r.amount.fen if r.amount is not None else 0
                assert int(rc.amount_fen[i]) == per_case, (r.rule_id, i)


def _nullable(field: str) -> bool:
    from shuangyong.policy.schema import FIELDS

    return FIELDS[field].nullable


def _objects(values: list[Any]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out
