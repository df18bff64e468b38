"""A test plugin (never for use): 河南省's own version of 残疾抚恤金 that also reads
``residence``, adding a monthly top-up for rural residents.

The national version does not read ``residence``; this one requires it. It is the case of a
district's version needing a fact the national one does not: a person elsewhere never needs it,
a person in 河南省 who lacks it is undetermined, naming it (tests/test_scope_inputs.py,
tests/test_ledger_unrecorded.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from test_scope import top_up_toml

from shuangyong import Engine
from shuangyong.authoring import hookimpl
from shuangyong.domain.enums import Residence
from shuangyong.policy.columns import where

__version__ = "0.0.1"
__distribution__ = "henan-rural-top-up"

HENAN = "410000"
TOP_UP = "scope_test.henan_rural.top_up"  # the path top_up_toml gives it
TOP_UP_FEN = 100_00
REASON = "河南测试：农村户籍另加测试补助（示例）"

# the test provinces' parameter file of tests/test_scope.py, for this plugin's own top-up
_TOML = top_up_toml("henan_rural", HENAN, str(TOP_UP_FEN // 100), rounding=False)


def _rule() -> Any:
    base = Engine.create(entry_points=False).rule("disability_pension", dt.date(2025, 1, 1)).rule
    national_amount = base.amount

    def amount(c: Any) -> Any:
        rural = c["residence"] == Residence.RURAL
        return national_amount(c) + where(rural, c.param(TOP_UP), 0)

    return attrs.evolve(
        base,
        label="残疾抚恤金（河南测试）",
        reads=(*base.reads, "residence"),
        parameters=(*base.parameters, TOP_UP),
        amount=amount,
    )


@hookimpl
def register_scope(registry: Any) -> None:
    registry.serve(HENAN)


@hookimpl
def register_rules(registry: Any) -> None:
    registry.override(_rule(), reason=REASON)


@hookimpl
def register_parameters(registry: Any) -> None:
    registry.add_text(_TOML, source="henan-rural-top-up.toml")
