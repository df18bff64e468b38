"""Declared rule invariants (re-exported from the core, :mod:`shuangyong.policy.invariants`).

Rules declare them without importing test tooling; the verifier and existing imports use this
module.
"""

from shuangyong.policy.invariants import (
    BatchEqualsPerCase,
    Bounded,
    Deterministic,
    Invariant,
    MonotoneIn,
    MonthsAddUp,
    NonNegative,
    NotBelowNational,
    OnceOnly,
    SplitAddsUp,
    ZeroWhenIneligible,
    check_declarations,
    default_invariants,
)

__all__ = [
    "BatchEqualsPerCase",
    "Bounded",
    "Deterministic",
    "Invariant",
    "MonotoneIn",
    "MonthsAddUp",
    "NonNegative",
    "NotBelowNational",
    "OnceOnly",
    "SplitAddsUp",
    "ZeroWhenIneligible",
    "check_declarations",
    "default_invariants",
]
