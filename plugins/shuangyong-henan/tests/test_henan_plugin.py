"""The plugin mechanism: hooks, entry point, allowlist, declared overrides and duplicates."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import subprocess
import sys
from decimal import Decimal
from typing import Any

import attrs
import pytest
from shuangyong import Engine
from shuangyong.authoring import hookimpl
from shuangyong.errors import DuplicateRegistrationError
from shuangyong.registries import RuleRegistrar

import shuangyong_henan
from shuangyong_henan.rules import HARDSHIP_SUPPLEMENT

ON = dt.date(2025, 3, 1)


def _national(rule_id: str) -> Any:
    """The national rule version in force on ON, through the public engine API."""
    return Engine.create(entry_points=False).rule(rule_id, ON).rule


RULE = "henan.jianan.hardship_supplement"


def _installed() -> bool:
    """True when the ``henan`` entry point of the ``shuangyong`` group is installed."""
    return any(ep.name == "henan" for ep in importlib.metadata.entry_points(group="shuangyong"))


needs_install = pytest.mark.skipif(
    not _installed(), reason="shuangyong-henan is not installed (pip install -e ...)"
)


# -- the hooks --------------------------------------------------------------------------------
def test_plugin_implements_four_hooks(henan_engine: Any) -> None:
    info = next(p for p in henan_engine.plugins if p.name == "shuangyong_henan")
    assert info.hooks == (
        "register_divisions",
        "register_parameters",
        "register_rules",
        "register_scope",
    )
    assert info.supplier == "shuangyong-henan 0.1.0"
    assert not info.builtin


def test_register_rules_adds_the_local_rule(henan_engine: Any) -> None:
    assert RULE in henan_engine.rule_ids()
    assert {"disability_pension", "nursing_allowance"} <= set(henan_engine.rule_ids())


def test_register_parameters_declares_the_local_parameter(henan_engine: Any) -> None:
    decl = henan_engine.parameters.declaration("henan.jianan.hardship_supplement.amount")
    assert decl.supplied_by == "shuangyong-henan 0.1.0"
    assert decl.unit.value == "yuan/month"
    values = henan_engine.parameters.values("disability_pension.rounding")
    assert set(values) == {"national", "411003"}
    assert set(henan_engine.parameters.values("nursing_allowance.wage_base")) == {"410000"}


def test_register_divisions_adds_jianan_townships(henan_engine: Any) -> None:
    children = henan_engine.divisions.children("411003")
    assert len(children) == 18
    shangji = henan_engine.divisions.get("411003102")
    assert shangji.name == "尚集镇"
    assert str(shangji.parent) == "411003"
    assert [d.name for d in henan_engine.divisions.ancestors("411003102")] == [
        "尚集镇",
        "建安区",
        "许昌市",
        "河南省",
    ]


def test_import_has_no_side_effects() -> None:
    """Importing the plugin registers nothing and reads no data: a fresh interpreter shows no
    package data read (the data package is not even imported)."""
    code = (
        "import sys, shuangyong_henan\n"
        "assert 'shuangyong_henan.data' not in sys.modules, 'data read at import'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=_child_env())


# -- SHUANGYONG_LOAD_PLUGINS --------------------------------------------------------------------
@needs_install
def test_entry_point_loads_the_plugin() -> None:
    engine = Engine.create(env={"SHUANGYONG_LOAD_PLUGINS": "henan"})
    info = next(p for p in engine.plugins if p.name == "henan")
    assert info.distribution == "shuangyong-henan"
    assert info.version == shuangyong_henan.__version__
    assert RULE in engine.rule_ids()
    result = engine.evaluate(_row(), on=ON)
    assert Decimal(result["disability_pension"].amount.amount) == Decimal("9690.00")


@needs_install
def test_entry_point_loads_without_allowlist() -> None:
    engine = Engine.create(env={})
    assert "henan" in [p.name for p in engine.plugins]


@needs_install
@pytest.mark.parametrize("allow", ["", "office", " , sql"])
def test_allowlist_excludes_the_plugin(allow: str) -> None:
    engine = Engine.create(env={"SHUANGYONG_LOAD_PLUGINS": allow})
    assert "henan" not in [p.name for p in engine.plugins]
    assert RULE not in engine.rule_ids()
    result = engine.evaluate(_row(), on=ON)
    # without the county layer the national rounding applies in 411003
    assert Decimal(result["disability_pension"].amount.amount) == Decimal("9689.17")
    assert result["nursing_allowance"].status.value == "undetermined"


@needs_install
def test_allowlist_with_spaces_and_others() -> None:
    engine = Engine.create(env={"SHUANGYONG_LOAD_PLUGINS": "sql, henan ,office"})
    assert "henan" in [p.name for p in engine.plugins]


def test_explicit_plugins_ignore_the_allowlist() -> None:
    """The allowlist governs installed entry points; a module passed in by the host is loaded
    (this is how the tests run the plugin uninstalled)."""
    engine = Engine.create(
        plugins=[shuangyong_henan], entry_points=False, env={"SHUANGYONG_LOAD_PLUGINS": ""}
    )
    assert RULE in engine.rule_ids()


def test_national_only_without_the_plugin(national_engine: Any) -> None:
    assert RULE not in national_engine.rule_ids()
    assert "411003102" not in national_engine.divisions


# -- declared override (a test plugin, not shipped) ---------------------------------------------
_REASON = "测试：许昌市护理费按本市办法执行（示例覆盖）"


class _OverrideNursing:
    """A test plugin that replaces the national nursing_allowance through a declared override."""

    __distribution__ = "test-override"
    __version__ = "0"

    @hookimpl
    def register_rules(self, registry: RuleRegistrar) -> None:
        national = _national("nursing_allowance")
        registry.override(attrs.evolve(national, label="护理费（覆盖示例）"), reason=_REASON)


def test_declared_override_shows_in_explanation_and_dict() -> None:
    engine = Engine.create(plugins=[shuangyong_henan, _OverrideNursing()], entry_points=False)
    result = engine.evaluate(_row(), on=ON)["nursing_allowance"]
    assert result.supplied_by == "test-override 0"
    assert result.label == "护理费（覆盖示例）"
    # the overriding rule still reads the province wage base: same amount, 5,171.25
    assert Decimal(result.amount.amount) == Decimal("5171.25")
    text = result.explain()
    assert "声明覆盖" in text
    assert _REASON in text
    assert "test-override 0" in text and "shuangyong 0.1.0" in text
    data = result.to_dict()
    assert data["override"] == {
        "replaced_by": "test-override 0",
        "replaced": "shuangyong 0.1.0",
        "reason": _REASON,
    }
    # rules it does not touch carry no override note
    assert engine.evaluate(_row(), on=ON)["disability_pension"].to_dict()["override"] is None


# -- duplicates without an override ---------------------------------------------------------
class _DuplicateLocal:
    """A test plugin that registers the henan rule id again, without declaring an override."""

    __distribution__ = "test-duplicate"
    __version__ = "0"

    @hookimpl
    def register_rules(self, registry: RuleRegistrar) -> None:
        registry.add(HARDSHIP_SUPPLEMENT)


class _DuplicateNational:
    """A test plugin that registers a national rule id without declaring an override."""

    __distribution__ = "test-duplicate"
    __version__ = "0"

    @hookimpl
    def register_rules(self, registry: RuleRegistrar) -> None:
        registry.add(_national("disability_pension"))


def test_duplicate_rule_id_names_both_distributions() -> None:
    with pytest.raises(DuplicateRegistrationError) as caught:
        Engine.create(plugins=[shuangyong_henan, _DuplicateLocal()], entry_points=False)
    err = caught.value
    assert err.ident == RULE
    assert {err.first, err.second} == {"shuangyong-henan 0.1.0", "test-duplicate 0"}
    assert "shuangyong-henan 0.1.0" in str(err) and "test-duplicate 0" in str(err)


def test_duplicate_of_a_national_rule_names_both_distributions() -> None:
    with pytest.raises(DuplicateRegistrationError) as caught:
        Engine.create(plugins=[_DuplicateNational()], entry_points=False)
    assert {caught.value.first, caught.value.second} == {"shuangyong 0.1.0", "test-duplicate 0"}
    assert "declare an override" in str(caught.value)


# -- helpers --------------------------------------------------------------------------------------
def _row() -> dict[str, Any]:
    return {
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


def _child_env() -> dict[str, str]:
    """The environment for a child interpreter: this one's import path, so it finds the same
    (installed or source) packages."""
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return env
