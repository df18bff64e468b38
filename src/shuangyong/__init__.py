"""shuangyong: China's military-support policy (双拥) as explainable, tested rules-as-code.

Importing this package has no side effects: nothing is loaded until you ask for it, and plugins
are discovered only when an :class:`Engine` is created::

    import datetime as dt
    from shuangyong import Engine

    engine = Engine.create()
    evaluation = engine.evaluate(beneficiary, on=dt.date(2025, 3, 1))
    print(evaluation.explain())

Public names are loaded lazily (PEP 562) so that ``import shuangyong`` stays cheap for hosts
that only need part of it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from shuangyong._version import __version__

if TYPE_CHECKING:
    from shuangyong.citations import Citation
    from shuangyong.domain.money import RoundingMode, RoundingPolicy, Yuan
    from shuangyong.domain.periods import Month, Period
    from shuangyong.engine import BatchResult, Engine, Schedule
    from shuangyong.hookspecs import hookimpl
    from shuangyong.parameters import Provenance
    from shuangyong.policy import (
        Condition,
        Context,
        Evaluation,
        PaidMonthly,
        PaidOnce,
        PaidYearly,
        PaymentPeriod,
        Rule,
        RuleKind,
        RuleResult,
        Status,
        choose,
        select,
        where,
    )

__all__ = [
    "BatchResult",
    "Citation",
    "Condition",
    "Context",
    "Engine",
    "Evaluation",
    "Month",
    "PaidMonthly",
    "PaidOnce",
    "PaidYearly",
    "PaymentPeriod",
    "Period",
    "Provenance",
    "RoundingMode",
    "RoundingPolicy",
    "Rule",
    "RuleKind",
    "RuleResult",
    "Schedule",
    "Status",
    "Yuan",
    "__version__",
    "choose",
    "hookimpl",
    "select",
    "where",
]

_WHERE = {
    "BatchResult": "shuangyong.engine",
    "Citation": "shuangyong.citations",
    "Condition": "shuangyong.policy",
    "Context": "shuangyong.policy",
    "Engine": "shuangyong.engine",
    "Evaluation": "shuangyong.policy",
    "Month": "shuangyong.domain.periods",
    "PaidMonthly": "shuangyong.policy",
    "PaidOnce": "shuangyong.policy",
    "PaidYearly": "shuangyong.policy",
    "PaymentPeriod": "shuangyong.policy",
    "Period": "shuangyong.domain.periods",
    "Provenance": "shuangyong.parameters",
    "RoundingMode": "shuangyong.domain.money",
    "RoundingPolicy": "shuangyong.domain.money",
    "Rule": "shuangyong.policy",
    "RuleKind": "shuangyong.policy",
    "RuleResult": "shuangyong.policy",
    "Schedule": "shuangyong.engine",
    "Status": "shuangyong.policy",
    "Yuan": "shuangyong.domain.money",
    "choose": "shuangyong.policy",
    "hookimpl": "shuangyong.hookspecs",
    "select": "shuangyong.policy",
    "where": "shuangyong.policy",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'shuangyong' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
