"""The plugin host: registration, stamping, duplicates, overrides, switches, check_pending."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import sys
import types
from pathlib import Path

import pytest

from shuangyong import Citation, Condition, Engine, Rule, RuleKind, hookimpl
from shuangyong.errors import DuplicateRegistrationError, PluginError, RuleDefinitionError
from shuangyong.policy.columns import Column
from shuangyong.policy.context import Context

CITE = Citation("测试文件", "第1条")


def _plugin(name: str, **hooks: object) -> types.ModuleType:
    mod = types.ModuleType(name)
    mod.__version__ = "9.9"  # type: ignore[attr-defined]
    for k, v in hooks.items():
        setattr(mod, k, v)
    return mod


def _rule(
    rule_id: str, test: object = None, reads: tuple[str, ...] = ("disability_level",)
) -> Rule:
    def level_positive(c: Context) -> Column:
        return c["disability_level"] > 0

    return Rule(
        id=rule_id,
        label="测试优待",
        kind=RuleKind.PRIVILEGE,
        version="2020-01-01",
        effective_from=dt.date(2020, 1, 1),
        citations=(CITE,),
        reads=reads,
        conditions=(
            Condition(
                "c1",
                "有残疾等级",
                test or level_positive,  # type: ignore[arg-type]
                reason_failed="无残疾等级",
                citation=CITE,
            ),
        ),
    )


def rules_plugin(name: str, *rules: Rule, override: str | None = None) -> types.ModuleType:
    @hookimpl
    def register_rules(registry):  # type: ignore[no-untyped-def]
        if override:
            registry.override(*rules, reason=override)
        else:
            registry.add(*rules)

    return _plugin(name, register_rules=register_rules)


ROW = dict(household_division="411003", disability_level=2)


def test_a_plugin_rule_is_evaluated_and_stamped_with_its_supplier() -> None:
    e = Engine.create(entry_points=False, plugins=[rules_plugin("district_a", _rule("local.x"))])
    r = e.evaluate(ROW, "2025-01-01", rules=["local.x"])["local.x"]
    assert r.eligible is True
    assert r.supplied_by == "district_a 9.9"
    assert any(p.name == "district_a" for p in r.plugins)
    info = {p.name: p for p in e.plugins}
    assert info["district_a"].hooks == ("register_rules",)
    assert info["shuangyong.national"].builtin


def test_duplicate_rule_ids_name_both_suppliers() -> None:
    with pytest.raises(DuplicateRegistrationError) as exc:
        Engine.create(
            entry_points=False,
            plugins=[
                rules_plugin("district_a", _rule("local.x")),
                rules_plugin("district_b", _rule("local.x")),
            ],
        )
    assert {exc.value.first, exc.value.second} == {"district_a 9.9", "district_b 9.9"}
    assert "district_a" in str(exc.value) and "district_b" in str(exc.value)
    with pytest.raises(DuplicateRegistrationError, match="disability_pension"):
        Engine.create(
            entry_points=False, plugins=[rules_plugin("district_a", _rule("disability_pension"))]
        )


def test_declared_override_replaces_the_rule_and_shows_everywhere() -> None:
    plug = rules_plugin("district_a", _rule("disability_pension"), override="本县规定（测试）")
    e = Engine.create(entry_points=False, plugins=[plug])
    r = e.evaluate(ROW, "2025-01-01", rules=["disability_pension"])["disability_pension"]
    assert r.supplied_by == "district_a 9.9"
    assert r.override is not None and r.override.replaced.startswith("shuangyong")
    assert "本县规定（测试）" in r.explain()
    assert r.to_dict()["override"]["reason"] == "本县规定（测试）"


def test_override_of_nothing_is_an_error() -> None:
    with pytest.raises(RuleDefinitionError, match="no other plugin"):
        Engine.create(
            entry_points=False, plugins=[rules_plugin("district_a", _rule("local.y"), override="x")]
        )


def test_python_if_on_a_column_names_the_rule_and_the_fix() -> None:
    def bad(c: Context) -> Column:
        if c["disability_level"] > 0:  # the mistake under test
            return c["disability_level"] > 0
        return c["disability_level"] > 0

    def bad_and(c: Context) -> Column:
        return (c["disability_level"] > 0) and (c["disability_level"] < 5)  # type: ignore[return-value]

    for body in (bad, bad_and):
        e = Engine.create(
            entry_points=False, plugins=[rules_plugin("district_a", _rule("local.bad", body))]
        )
        with pytest.raises(RuleDefinitionError) as exc:
            e.evaluate(ROW, "2025-01-01", rules=["local.bad"])  # fails on ONE row too
        assert exc.value.rule_id == "local.bad"
        assert "where()" in str(exc.value) and "&" in str(exc.value)


def test_reading_an_undeclared_field_is_an_error_at_create() -> None:
    def sneaky(c: Context) -> Column:
        return c["died_on"] == c["died_on"]

    with pytest.raises(RuleDefinitionError, match="version 2020-01-01: reads field 'died_on'"):
        Engine.create(
            entry_points=False, plugins=[rules_plugin("district_a", _rule("local.z", sneaky))]
        )


def test_unknown_field_or_parameter_is_a_load_error() -> None:
    with pytest.raises(RuleDefinitionError, match="unknown field"):
        Engine.create(
            entry_points=False,
            plugins=[rules_plugin("district_a", _rule("local.f", reads=("favourite_colour",)))],
        )


def test_misspelled_hook_fails_check_pending() -> None:
    @hookimpl
    def register_rulez(registry):  # type: ignore[no-untyped-def]
        pass

    with pytest.raises(PluginError, match="unknown hook"):
        Engine.create(entry_points=False, plugins=[_plugin("typo", register_rulez=register_rulez)])


def test_hook_with_default_argument_is_rejected() -> None:
    @hookimpl
    def register_rules(registry, extra=1):  # type: ignore[no-untyped-def]
        pass

    with pytest.raises(PluginError):
        Engine.create(
            entry_points=False, plugins=[_plugin("defaults", register_rules=register_rules)]
        )


def test_trace_switch_logs_hook_calls(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="shuangyong.plugins"):
        Engine.create(entry_points=False, env={"SHUANGYONG_TRACE_PLUGINS": "1"})
    assert any("register_rules" in r.getMessage() for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="shuangyong.plugins"):
        Engine.create(entry_points=False, env={})
    assert not caplog.records


def test_load_plugins_allowlist_empty_loads_no_entry_points() -> None:
    e = Engine.create(env={"SHUANGYONG_LOAD_PLUGINS": ""})
    assert [p.name for p in e.plugins] == [
        "shuangyong.national",
        "shuangyong.compliance.builtin",
        "shuangyong.storage.builtin",
        "shuangyong.reports.builtin",
    ]
    assert all(p.builtin for p in e.plugins)


def test_parameter_values_from_two_plugins_for_one_jurisdiction_conflict() -> None:
    text = """
[[value]]
parameter = "disability_pension.rounding"
jurisdiction = "national"
effective_from = 2030-01-01
provenance = "example"
value = { unit = "1", mode = "up" }
"""

    @hookimpl
    def register_parameters(registry):  # type: ignore[no-untyped-def]
        registry.add_text(text, source="district.toml")

    with pytest.raises(DuplicateRegistrationError, match=r"disability_pension\.rounding"):
        Engine.create(
            entry_points=False,
            plugins=[_plugin("district_p", register_parameters=register_parameters)],
        )

    @hookimpl
    def register_parameters_override(registry):  # type: ignore[no-untyped-def]
        registry.add_text(text, source="district.toml", override_reason="测试覆盖")

    plug = _plugin("district_q")
    plug.register_parameters = register_parameters_override  # type: ignore[attr-defined]
    e = Engine.create(entry_points=False, plugins=[plug])
    res = e.parameters.resolve("disability_pension.rounding", dt.date(2031, 1, 1), ("national",))
    assert res.value.supplied_by == "district_q 9.9" and "测试覆盖" in res.value.note


def test_import_has_no_side_effects() -> None:
    code = (
        "import sys, shuangyong, logging\n"
        "heavy = [m for m in ('numpy', 'hypothesis', 'pluggy', 'cattrs') if m in sys.modules]\n"
        "print(heavy, logging.getLogger().handlers, shuangyong.__version__)\n"
    )
    src = str(Path(__file__).resolve().parents[1] / "src")
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": src},
    )
    assert out.stdout.startswith("[] [] ")
    assert out.stderr == ""
