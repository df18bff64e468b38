"""Registers shuangyong's strategies with hypothesis (the ``hypothesis`` entry point).

Hypothesis calls :func:`_register` when it is imported in an environment where shuangyong is
installed, so ``st.from_type(Beneficiary)`` and ``st.builds(...)`` with domain-typed arguments
produce valid data.

The strategies module imports hypothesis, and importing hypothesis runs this entry point: to
avoid that cycle, the types are imported from the domain (which never imports hypothesis) and
each is registered with a resolver that imports the strategies only when a type is first drawn.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st


def _strategy_for(cls: type) -> st.SearchStrategy[Any]:
    from shuangyong.testing.strategies import all_type_strategies

    return all_type_strategies()[cls]


def _register() -> None:
    """Register a strategy for every domain type (idempotent)."""
    from shuangyong.domain.divisions import Division, DivisionCode
    from shuangyong.domain.ids import IdNumber
    from shuangyong.domain.money import RoundingPolicy, Yuan
    from shuangyong.domain.periods import Month, Period
    from shuangyong.domain.records import (
        Award,
        Beneficiary,
        Death,
        Disability,
        Person,
        Relationship,
        ServiceRecord,
    )

    for cls in (
        IdNumber,
        DivisionCode,
        Division,
        Person,
        ServiceRecord,
        Award,
        Disability,
        Death,
        Relationship,
        Beneficiary,
        Yuan,
        RoundingPolicy,
        Month,
        Period,
    ):
        st.register_type_strategy(cls, _strategy_for)
