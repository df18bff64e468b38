"""Calendar arithmetic on date columns, tabulated per distinct day, equals numpy's own.

``month_parts``/``month_starts`` (shuangyong.policy.fields) and the service-time helpers built on
them (``add_months``, ``service_months``) compute each distinct day once and gather; the
direct conversions (``astype("datetime64[M]")`` …) are the meaning they must keep, NaT
included, on columns below and above the size where tabulating starts.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from shuangyong.national.placement import add_months, service_months
from shuangyong.policy.fields import month_parts, month_starts

_NAT = np.datetime64("NaT", "D")


def _direct_add_months(day: Any, months: Any) -> Any:
    d = np.asarray(day, dtype="datetime64[D]")
    m = d.astype("datetime64[M]")
    dom = (d - m.astype("datetime64[D]")).astype(np.int64)
    target = m + np.asarray(months, dtype=np.int64)
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(
        np.int64
    )
    return target.astype("datetime64[D]") + np.minimum(dom, length - 1)


def _direct_service_months(start: Any, end: Any) -> tuple[Any, Any]:
    s, e = np.asarray(start), np.asarray(end)
    missing = np.isnat(s) | np.isnat(e) | (e < s)
    s = np.where(missing, np.datetime64("2000-01-01", "D"), s)
    e = np.where(missing, s, e)
    sm, em = s.astype("datetime64[M]"), e.astype("datetime64[M]")
    sd = (s - sm.astype("datetime64[D]")).astype(np.int64)
    ed = (e - em.astype("datetime64[D]")).astype(np.int64)
    months = (em - sm).astype(np.int64) - (ed < sd).astype(np.int64)
    return months, (e - _direct_add_months(s, months)).astype(np.int64)


def _same(a: Any, b: Any) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and np.array_equal(a.view(np.int64), b.view(np.int64))


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 9000),  # rows: below and above the tabulating threshold (4096)
    st.integers(1, 60000),  # span of days
    st.floats(0, 0.5),  # share of NaT
    st.integers(0, 2**32 - 1),
)
def test_tabulated_calendar_equals_numpys(n: int, span: int, nat: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    # month ends included: 1960-01-31 + k days lands on every day of the month
    start = (np.datetime64("1960-01-31") + rng.integers(0, span, n)).astype("datetime64[D]")
    start[rng.random(n) < nat] = _NAT
    end = start + rng.integers(-60, 9000, n)
    end[rng.random(n) < nat] = _NAT
    months = rng.integers(-40, 500, n)

    m, dom = month_parts(start)
    direct_m = start.astype("datetime64[M]")
    assert _same(m, direct_m)
    assert _same(dom, (start - direct_m.astype("datetime64[D]")).astype(np.int64))
    assert _same(month_starts(direct_m + months), (direct_m + months).astype("datetime64[D]"))
    assert _same(add_months(start, months), _direct_add_months(start, months))
    ours, direct = service_months(start, end), _direct_service_months(start, end)
    assert _same(ours[0], direct[0]) and _same(ours[1], direct[1])


def test_a_month_end_plus_a_month_is_clamped() -> None:
    # 2024-01-31 + 1 month = 2024-02-29 (leap year), + 13 months = 2025-02-28
    day = np.full(5000, np.datetime64("2024-01-31", "D"))  # above the tabulating threshold
    assert set(add_months(day, 1).tolist()) == {np.datetime64("2024-02-29", "D").item()}
    assert set(add_months(day, 13).tolist()) == {np.datetime64("2025-02-28", "D").item()}
    months, days = service_months(day, np.full(5000, np.datetime64("2024-03-30", "D")))
    assert set(months.tolist()) == {1} and set(days.tolist()) == {30}


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 3000),
    st.floats(0, 0.5),
    st.integers(-30000, 30000),
    st.sampled_from(["<", "<=", ">", ">="]),
    st.booleans(),
    st.integers(0, 2**32 - 1),
)
def test_date_columns_ordered_against_a_date_as_numpy_orders_them(
    n: int, nat: float, day: int, op: str, reflected: bool, seed: int
) -> None:
    # a date column against one date is compared as day numbers above 256 rows: the same
    # answer as numpy's datetime comparison, NaT never ordered (on either side)
    from shuangyong.policy.columns import Column

    rng = np.random.default_rng(seed)
    dates = (np.datetime64("1970-01-01") + rng.integers(-30000, 30000, n)).astype("datetime64[D]")
    dates[rng.random(n) < nat] = _NAT
    for one in (np.datetime64(day, "D"), _NAT, np.array(np.datetime64(day, "D"))):
        col = dates.view(Column)
        compare = {
            "<": lambda x, y: x < y,
            "<=": lambda x, y: x <= y,
            ">": lambda x, y: x > y,
            ">=": lambda x, y: x >= y,
        }[op]
        ours = compare(one, col) if reflected else compare(col, one)
        numpys = compare(one, dates) if reflected else compare(dates, one)
        assert ours.dtype == np.bool_ and ours.tolist() == np.asarray(numpys).tolist()
