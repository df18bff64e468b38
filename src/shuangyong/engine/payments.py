"""When each row's payments fall due over a range of months: the plan both paths execute.

``Engine.schedule`` (one person, explained) and ``Engine.evaluate_batch_months`` /
``Engine.payment_lines`` (a table, at numpy speed) share this plan, so a one-off is due once, a
yearly amount once a year or per instalment, and a monthly amount every month, in both. The
plan groups rows by the date their rule is evaluated on (a month's first day, an event's date,
a year's first day), so a table is evaluated once per distinct date, never row by row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.domain.periods import Month
from shuangyong.policy.payment import PaidMonthly, PaidOnce, PaidYearly, Payment
from shuangyong.registries import RegisteredRule

__all__ = ["Group", "month_number", "month_of_number", "plan"]

_DAY = np.timedelta64(1, "D")


def month_number(m: Month) -> int:
    """A month as one integer (``year * 12 + month - 1``), the form month columns hold."""
    return m.year * 12 + m.month - 1


def month_of_number(n: int) -> Month:
    return Month(n // 12, n % 12 + 1)


@attrs.frozen(eq=False)
class Group:
    """Rows evaluated together: one rule version on one date.

    Attributes:
        on: the date evaluated.
        reg: the rule version in force then (None: no version; see ``missing``).
        rows: row indices (into the table the plan was made for).
        kind: ``month``, ``once`` or ``year``.
        month: for ``month`` and ``once``, the month covered (and due).
    """

    on: dt.date
    reg: RegisteredRule | None
    rows: npt.NDArray[np.int64]
    kind: str
    month: Month | None = None


VersionFinder = Callable[[dt.date], RegisteredRule | None]
MonthVersionFinder = Callable[[Month], tuple[RegisteredRule | None, dt.date]]


def payment_of(regs: tuple[RegisteredRule, ...]) -> Payment:
    """The payment declaration of a rule id (versions agree: checked when the engine loads);
    rules that pay nothing (eligibility, privileges) are reported month by month."""
    pay = regs[-1].rule.payment
    return pay if pay is not None else PaidMonthly()


def plan(
    payment: Payment,
    first: Month,
    last: Month,
    n: int,
    dates: Callable[[str], npt.NDArray[np.datetime64]],
    valid: npt.NDArray[np.bool_],
    version_on: VersionFinder,
    version_in_month: MonthVersionFinder,
) -> Iterator[Group]:
    """The groups to evaluate for one rule id over ``first..last``.

    Args:
        payment: the rule's payment declaration.
        n: rows in the table.
        dates: the converted column (datetime64[D], NaT for none) of an event or anchor field.
        valid: rows with good input (bad rows are planned as months only: they have no
            trustworthy event date, and the caller reports them as errors).
        version_on: the version in force on a date.
        version_in_month: the version of a month and the day to evaluate it on.
    """
    everyone = np.arange(n, dtype=np.int64)
    if isinstance(payment, PaidMonthly):
        m = first
        while m <= last:
            reg, day = version_in_month(m)
            yield Group(day, reg, everyone, "month", m)
            m = m + 1
        return
    if isinstance(payment, PaidOnce):
        ev = dates(payment.event)
        lo, hi = np.datetime64(first.start, "D"), np.datetime64(last.end, "D")
        hit = valid & ~np.isnat(ev) & (ev >= lo) & (ev <= hi)
        rows = np.flatnonzero(hit)
        for day, members in _by_value(ev[rows], rows):
            yield Group(day, version_on(day), members, "once", Month.of(day))
        return
    assert isinstance(payment, PaidYearly)
    if payment.anchor is None:
        for y in range(first.year - 1, last.year + 1):
            d = dt.date(y, 1, 1)
            yield Group(d, version_on(d), everyone, "year")
        return
    anchor = dates(payment.anchor)
    rows = np.flatnonzero(valid & ~np.isnat(anchor))
    starts: dict[dt.date, list[npt.NDArray[np.int64]]] = {}
    if len(rows):
        a = anchor[rows]
        years = a.astype("datetime64[Y]").astype(np.int64) + 1970
        # years k ≥ 0 after the anchor whose instalments can fall due in first..last: the
        # year starting before ``first`` (its later instalments) up to the one starting in it
        k_lo = np.maximum(first.year - 1 - years, 0)
        k_hi = last.year - years
        end = last.end
        for k in range(int(k_lo.min()), int(k_hi.max()) + 1 if len(k_hi) else 0):
            take = (k >= k_lo) & (k <= k_hi)
            if not take.any():
                continue
            for d, members in _by_value(_add_years(a[take], k), rows[take]):
                if d <= end:
                    starts.setdefault(d, []).append(members)
    for d in sorted(starts):
        yield Group(d, version_on(d), np.sort(np.concatenate(starts[d])), "year")


def _by_value(
    days: npt.NDArray[np.datetime64], rows: npt.NDArray[np.int64]
) -> Iterator[tuple[dt.date, npt.NDArray[np.int64]]]:
    """``rows`` grouped by their day, days in order, rows in their order within a day (one
    sort, not one pass over all rows per distinct day)."""
    if not len(days):
        return
    order = np.argsort(days, kind="stable")
    sorted_days = days[order]
    values, starts = np.unique(sorted_days, return_index=True)
    bounds = [*starts.tolist()[1:], len(order)]
    for day, lo, hi in zip(values.tolist(), starts.tolist(), bounds, strict=True):
        yield day, rows[order[lo:hi]]


def _add_years(days: npt.NDArray[np.datetime64], k: int) -> npt.NDArray[np.datetime64]:
    """``days`` plus ``k`` years, 29 February becoming 28 February (as dateutil does)."""
    months = days.astype("datetime64[M]")
    dom = (days - months).astype(np.int64)  # 0-based day of month
    target = months + np.timedelta64(12 * k, "M")
    length = ((target + np.timedelta64(1, "M")).astype("datetime64[D]") - target).astype(np.int64)
    out: npt.NDArray[np.datetime64] = (
        target.astype("datetime64[D]") + np.minimum(dom, length - 1) * _DAY
    )
    return out


def as_int_array(value: Any, n: int) -> npt.NDArray[np.int64]:
    """A parameter read through a context (a scalar on one row, a column on many) as n ints."""
    a = np.asarray(value, dtype=np.int64).reshape(-1)
    return np.broadcast_to(a, (n,)) if a.size == 1 else a
