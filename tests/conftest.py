"""Shared fixtures: a fresh engine per test (never shared state) and hypothesis profiles."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=40, deadline=None)
settings.register_profile(
    "ci", max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("SHUANGYONG_HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def engine():  # type: ignore[no-untyped-def]
    """The built-in national rule set only (installed district plugins are not loaded)."""
    from shuangyong import Engine

    return Engine.create(entry_points=False)
