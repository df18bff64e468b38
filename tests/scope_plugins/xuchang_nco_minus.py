"""A deliberately wrong district plugin, for the tests of ``verify`` (never for use).

It serves 许昌市 (411000) and adds one local rule that pays −1.00元 a month to every NCO
(军士) registered there: the kind of sign mistake ``NonNegative`` exists to catch. General
generated people seldom live in 许昌市, so only a verify that places people in the plugin's own
divisions reaches the rule's eligible rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from shuangyong.authoring import (
    Citation,
    Condition,
    NonNegative,
    PaymentPeriod,
    Rule,
    RuleKind,
    ServiceKind,
    hookimpl,
)

__version__ = "0.0.1"
__distribution__ = "xuchang-nco-minus"

XUCHANG = "411000"
_CITE = Citation("军人抚恤优待条例", "第31条", edition="2024", paragraph="第2款")


def _nco(c: Any) -> Any:
    return c["service_kind"] == ServiceKind.NCO


def _minus_one_yuan(c: Any) -> Any:
    # the mistake under test: a negative monthly sum
    return np.full(c.n, -100, dtype=np.int64)


NCO_ALLOWANCE = Rule(
    id="xuchang.nco_allowance",
    label="许昌市军士补助（错误示例）",
    kind=RuleKind.BENEFIT,
    version="2024-10-01",
    effective_from=dt.date(2024, 10, 1),
    citations=(_CITE,),
    reads=("service_kind",),
    conditions=(Condition("nco", "军士", _nco, reason_failed="不是军士", citation=_CITE),),
    amount=_minus_one_yuan,
    period=PaymentPeriod.MONTH,
    properties=(NonNegative(),),
)


@hookimpl
def register_scope(registry: Any) -> None:
    registry.serve(XUCHANG)


@hookimpl
def register_rules(registry: Any) -> None:
    registry.add(NCO_ALLOWANCE)
