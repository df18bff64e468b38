"""How a benefit is paid: month by month, yearly (in instalments), or once on an event.

A benefit rule computes *an amount* for what its :class:`~shuangyong.policy.rules.PaymentPeriod`
says one amount covers. *When* that money is due is a separate declaration, ``Rule.payment``:

``PaidMonthly()``
    one line a month, evaluated on the month's first day (or on the first day of a rule version
    that takes effect within it).
``PaidYearly(anchor=None, interval=None)``
    one yearly amount, evaluated on the first day of the year — the calendar year, or, with
    ``anchor="enlisted_on"``, the year that starts on each anniversary of that date (a
    conscript's service year) — and paid every ``k`` months, where ``k`` is a dated parameter
    (``interval="conscript_family_allowance.payment_interval_months"``) because the law leaves
    it to the province: ``n = 12 / k`` instalments (``k`` divides 12). Instalment ``i`` covers
    months ``i·k … (i+1)·k − 1`` of the year and is due on its first day; the parts add up to
    the yearly amount to the fen
    (each is ``A·(i+1)//n − A·i//n``).
``PaidOnce(event="died_on")``
    one line in the month of the event (death, discharge, reporting, confirmation ...),
    evaluated on the event's date, with the rule version and standards in force that day. No
    event recorded: no line.

Every line therefore has one *due month*, and a schedule over ``first..last`` holds exactly the
lines due within it: splitting a period into parts never changes the total, and a one-off
appears once across any partition of time (declared invariants ``SplitAddsUp`` and
``OnceOnly``, checked by ``verify``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from shuangyong.domain.periods import Month

__all__ = [
    "PaidMonthly",
    "PaidOnce",
    "PaidYearly",
    "Payment",
    "instalment_months",
    "instalment_part",
    "instalments_of",
]

_DIVISORS_OF_12 = (1, 2, 3, 4, 6, 12)


@attrs.frozen
class PaidMonthly:
    """Paid every month (按月发放)."""

    @property
    def label(self) -> str:
        return "按月发放"

    def fields(self) -> tuple[str, ...]:
        return ()


@attrs.frozen
class PaidYearly:
    """Paid once a year or in instalments (按年发放 / 分期发放).

    Attributes:
        anchor: a date field whose anniversaries start each year (None: the calendar year).
        interval: a parameter path (unit months) giving the months between instalments (1, 2,
            3, 4, 6 or 12); None: once a year.
    """

    anchor: str | None = None
    interval: str | None = None

    @property
    def label(self) -> str:
        start = "自然年度" if self.anchor is None else f"以{self.anchor}周年起算的年度"
        parts = "一次发放" if self.interval is None else "分期发放（间隔见参数）"
        return f"按年发放（{start}，{parts}）"

    def fields(self) -> tuple[str, ...]:
        return () if self.anchor is None else (self.anchor,)


@attrs.frozen
class PaidOnce:
    """Paid once, in the month of an event (一次性发放).

    Attributes:
        event: the date field of the event (``died_on``, ``discharged_on``, ``reported_on`` ...).
        label_event: the event in Chinese, for explanations (e.g. ``死亡``).
    """

    event: str
    label_event: str = ""

    @property
    def label(self) -> str:
        return f"一次性发放（{self.label_event or self.event}当月）"

    def fields(self) -> tuple[str, ...]:
        return (self.event,)


Payment = PaidMonthly | PaidYearly | PaidOnce


def instalment_part(amount_fen: Any, i: int, n: int) -> Any:
    """Instalment ``i`` of ``n`` of a yearly amount (an int or an int64 column): the parts add
    up exactly to the amount."""
    return amount_fen * (i + 1) // n - amount_fen * i // n


def instalments_of(interval_months: int, rule_id: str) -> int:
    """Instalments a year for an interval in months, or a :class:`ValueError` naming the rule."""
    if interval_months not in _DIVISORS_OF_12:
        raise ValueError(
            f"{rule_id}: 发放间隔 {interval_months} 个月不能整除12个月 / an interval of "
            f"{interval_months} months does not divide the year "
            f"(allowed: {', '.join(map(str, _DIVISORS_OF_12))})"
        )
    return 12 // interval_months


def instalment_months(start: dt.date, i: int, count: int) -> tuple[Month, Month, dt.date]:
    """(first month, last month, due date) of instalment ``i`` of ``count`` of the year that
    starts on ``start``: the first is due on ``start``, the others on their first day."""
    step = 12 // count
    f = Month.of(start) + i * step
    return f, f + (step - 1), (start if i == 0 else f.start)
