"""Registers shuangyong's strategies with hypothesis (the ``hypothesis`` entry point).

Hypothesis calls :func:`_register` when it is imported in an environment where shuangyong is
installed, so ``st.from_type(Beneficiary)`` and ``st.builds(...)`` with domain-typed arguments
produce valid data. Registering is cheap: strategies are lazy and read the division table only
when they draw.
"""

from __future__ import annotations

from hypothesis import strategies as st


def _register() -> None:
    """Register a strategy for every domain type (idempotent)."""
    from shuangyong.testing.strategies import all_type_strategies

    for cls, strategy in all_type_strategies().items():
        st.register_type_strategy(cls, strategy)
