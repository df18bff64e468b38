"""Fixtures for the shuangyong-henan tests: a fresh engine per test, installed or not.

The tests run from the repository root (``python -m pytest plugins/shuangyong-henan/tests``)
whether or not the core and the plugin are installed: when a package is not importable, its
source directory in this repository is put on ``sys.path``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

_PLUGIN_SRC = Path(__file__).resolve().parents[1] / "src"
_CORE_SRC = Path(__file__).resolve().parents[3] / "src"

for _name, _src in (("shuangyong", _CORE_SRC), ("shuangyong_henan", _PLUGIN_SRC)):
    if importlib.util.find_spec(_name) is None and (_src / _name).is_dir():
        sys.path.insert(0, str(_src))


@pytest.fixture
def henan_engine() -> Any:
    """National rules plus this plugin, passed explicitly (works installed or not)."""
    from shuangyong import Engine

    import shuangyong_henan

    return Engine.create(plugins=[shuangyong_henan], entry_points=False)


@pytest.fixture
def national_engine() -> Any:
    """The built-in national rule set only."""
    from shuangyong import Engine

    return Engine.create(entry_points=False)


def _veteran(**changes: Any) -> dict[str, Any]:
    """A discharged grade-1 因战 disabled conscript registered in 建安区 (synthetic)."""
    row: dict[str, Any] = {
        "person_id": "synthetic-1",
        "birth_date": "1990-01-01",
        "household_division": "411003",
        "service_kind": "conscript",
        "enlisted_on": "2010-09-01",
        "discharged_on": "2012-09-01",
        "disability_level": 1,
        "disability_cause": "combat",
        "disability_assessed_on": "2012-05-01",
        "disability_approved_on": "2012-06-01",
    }
    row.update(changes)
    return row


@pytest.fixture
def make_row() -> Any:
    """Build a beneficiary row: ``make_row(household_division="411002", ...)``."""
    return _veteran
