"""Loud parameter files (issue 11 §4): each silent mistake of the issue is now a load error that
names the file, the key and the value, or a finding of ``shuangyong params check``."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import pytest

from shuangyong import Engine, hookimpl
from shuangyong.domain.divisions import DivisionCatalog
from shuangyong.errors import ParameterFileError, PluginError
from shuangyong.parameters import load_parameter_text
from shuangyong.registries import ParameterRegistry

RATIO = """
[[parameter]]
path = "test.ratio"
label = "测试比例"
unit = "ratio"
{flag}

[[value]]
parameter = "test.ratio"
jurisdiction = "national"
effective_from = 2020-01-01
provenance = "example"
value = "{value}"
"""


def finish(text: str, source: str = "test.toml", divisions: Any = None) -> Any:
    reg = ParameterRegistry()
    reg.bind("tests").add_text(text, source=source)
    return reg.finish(divisions)


def test_a_ratio_of_45_meant_as_45_percent_is_a_load_error() -> None:
    with pytest.raises(ParameterFileError) as info:
        finish(RATIO.format(flag="", value="45"))
    err = info.value
    assert (err.source, err.key) == ("test.toml", "value[0].value")
    assert "4500%" in err.reason and "above_100 = true" in err.reason and "45%" in err.reason


def test_a_ratio_above_100_percent_loads_when_the_declaration_says_so() -> None:
    ps = finish(RATIO.format(flag="above_100 = true", value="150%"))
    res = ps.resolve("test.ratio", dt.date(2020, 6, 1), ("national",))
    assert res.compiled.scalar == Fraction(3, 2)
    # exactly 100 % needs no flag
    finish(RATIO.format(flag="", value="100%"))


@pytest.mark.parametrize("flag", ["", "above_100 = true"])
def test_a_negative_ratio_is_a_load_error(flag: str) -> None:
    with pytest.raises(ParameterFileError) as info:
        finish(RATIO.format(flag=flag, value="-10%"))
    assert info.value.key == "value[0].value"
    assert "不能为负数" in info.value.reason and "-10" in info.value.reason


def test_a_bad_ratio_cell_in_a_table_is_named_by_its_cell() -> None:
    text = """
[[parameter]]
path = "test.table"
label = "测试比例表"
unit = "ratio"
dimensions = [{ name = "tier", values = ["a", "b"] }, { name = "level", values = [1, 2] }]

[[value]]
parameter = "test.table"
jurisdiction = "national"
effective_from = 2020-01-01
provenance = "example"
table = { a = ["10%", "-"], b = ["20%", "25"] }
"""
    with pytest.raises(ParameterFileError) as info:
        finish(text)
    assert info.value.key == "value[0].table.b[1]"


def test_above_100_is_only_for_ratios_and_must_be_a_boolean() -> None:
    money = '[[parameter]]\npath = "t.m"\nlabel = "x"\nunit = "yuan"\nabove_100 = true\n'
    with pytest.raises(ParameterFileError) as info:
        load_parameter_text(money, "m.toml")
    assert info.value.key == "parameter[0].above_100"
    text = '[[parameter]]\npath = "t.r"\nlabel = "x"\nunit = "ratio"\nabove_100 = "false"\n'
    with pytest.raises(ParameterFileError):
        load_parameter_text(text, "r.toml")


def test_a_multiple_is_its_own_unit_and_needs_no_flag() -> None:
    text = """
[[parameter]]
path = "test.multiple"
label = "测试倍数"
unit = "times"

[[value]]
parameter = "test.multiple"
jurisdiction = "national"
effective_from = 2020-01-01
provenance = "example"
value = 30
"""
    ps = finish(text)
    res = ps.resolve("test.multiple", dt.date(2021, 1, 1), ("national",))
    assert res.compiled.scalar == Fraction(30)
    assert res.value.display(res.decl.unit) == "30倍"
    with pytest.raises(ParameterFileError, match="不能为负数"):
        finish(text.replace("value = 30", 'value = "-2"'))


AMOUNT = """
[[parameter]]
path = "test.amount"
label = "测试金额"
unit = "yuan"

[[value]]
parameter = "test.amount"
jurisdiction = "{j}"
effective_from = 2020-01-01
provenance = "example"
value = "10"
"""


def test_an_unknown_jurisdiction_code_is_a_load_error_naming_file_and_key() -> None:
    # 411030 is a typo for 411003 (建安区): well-formed, but no such division
    with pytest.raises(ParameterFileError) as info:
        finish(AMOUNT.format(j="411030"), source="jianan.toml")
    err = info.value
    assert (err.source, err.key) == ("jianan.toml", "value[0].jurisdiction")
    assert "411030" in err.reason and "未知的区划代码" in err.reason
    assert "test.amount" in finish(AMOUNT.format(j="411003"))


@pytest.mark.parametrize("code", ["411003001", "411003001001"])
def test_a_township_code_is_refused_as_a_jurisdiction_saying_why(code: str) -> None:
    """A record's township (or village) code is read as its county, so a township's value
    would never be used: refused at load, naming the county to set it for, even when a
    plugin registers the township as a division."""
    catalog = DivisionCatalog.builtin().with_divisions(
        [("411003001", "测试街道", "township", "411003")]
    )
    with pytest.raises(ParameterFileError) as info:
        finish(AMOUNT.format(j=code), source="town.toml", divisions=catalog)
    err = info.value
    assert (err.source, err.key) == ("town.toml", "value[0].jurisdiction")
    assert code in err.reason and "411003" in err.reason
    assert "乡镇" in err.reason and "never be used" in err.reason


def test_a_jurisdiction_a_plugin_registers_is_known() -> None:
    catalog = DivisionCatalog.builtin().with_divisions(
        [("419999", "测试新设县", "county", "410000")]
    )
    finish(AMOUNT.format(j="419999"), divisions=catalog)
    with pytest.raises(ParameterFileError):
        finish(AMOUNT.format(j="419999"))


def test_a_what_if_layer_with_an_unknown_jurisdiction_is_an_error() -> None:
    engine = Engine.create(entry_points=False)
    layer = """
[[value]]
parameter = "disability_pension.rounding"
jurisdiction = "411030"
effective_from = 2030-01-01
provenance = "example"
value = { unit = "1", mode = "up" }
"""
    with pytest.raises(ParameterFileError) as info:
        engine.with_parameters(layer, name="typo-layer")
    assert info.value.key == "value[0].jurisdiction"
    assert "typo-layer" in info.value.source


def test_a_plugin_file_with_an_unknown_jurisdiction_fails_engine_creation() -> None:
    class Typo:
        __name__ = "typo_plugin"

        @hookimpl
        def register_parameters(self, registry: Any) -> None:
            registry.add_text(
                AMOUNT.format(j="411030").replace("test.amount", "typo.amount"), source="typo.toml"
            )

    with pytest.raises(ParameterFileError) as info:
        Engine.create(plugins=[Typo()], entry_points=False)
    assert (info.value.source, info.value.key) == ("typo.toml", "value[0].jurisdiction")


def test_an_unknown_name_in_load_plugins_is_an_error_naming_it_and_the_installed() -> None:
    with pytest.raises(PluginError) as info:
        Engine.create(env={"SHUANGYONG_LOAD_PLUGINS": "henna"})
    text = str(info.value)
    assert "henna" in text and "installed" in text and "未安装" in text
    # set but empty still means "none", and no check is made without entry points
    Engine.create(env={"SHUANGYONG_LOAD_PLUGINS": ""})
    Engine.create(entry_points=False, env={"SHUANGYONG_LOAD_PLUGINS": "henna"})


def test_national_declarations_above_100_percent_are_flagged() -> None:
    engine = Engine.create(entry_points=False)
    flagged = {p for p in engine.parameters.paths() if engine.parameters.declaration(p).above_100}
    assert flagged == {
        "conscript_family_allowance.hardship_multiplier",
        "conscript_family_allowance.student_share",  # a province may double it for students
        "conscript_family_allowance.honours_share",  # 江西: 增发百分之三百 for a title
    }


UNREAD = """
[[parameter]]
path = "typo.never_read"
label = "无人读取的参数"
unit = "yuan"

[[value]]
parameter = "typo.never_read"
jurisdiction = "410000"
effective_from = 2024-01-01
provenance = "example"
value = "10"

[[value]]
parameter = "martyr_commendation.rounding"
jurisdiction = "410000"
effective_from = 2000-01-01
effective_to = 2009-12-31
provenance = "example"
value = { unit = "1", mode = "up" }
"""


def test_params_check_names_values_no_rule_version_reads() -> None:
    from shuangyong.parameters.check import unread_values

    class Province:
        __name__ = "province_typo"

        @hookimpl
        def register_parameters(self, registry: Any) -> None:
            registry.add_text(UNREAD, source="province.toml")

    engine = Engine.create(plugins=[Province()], entry_points=False)
    readers = [
        (v.rule.id, v.rule.effective_from, v.rule.effective_to, v.rule.parameters)
        for rid in engine.rule_ids()
        for v in engine.rule_versions(rid)
    ]
    unread, by_checklists = unread_values(engine.parameters, readers, engine.checklists)
    mine = {(u.source, u.key, u.path): u.reason for u in unread if u.source == "province.toml"}
    assert "no rule declares" in mine[("province.toml", "value[0]", "typo.never_read")]
    # dated before any version of martyr_commendation (2011-08-01) by more than a year
    assert "no version" in mine[("province.toml", "value[1]", "martyr_commendation.rounding")]
    assert "five_inclusions.points" in by_checklists
    # a statistical series is published data, not an unread mistake, even where no rule reads it
    assert "statistics.urban_unit_average_wage" in by_checklists
    assert not [u for u in unread if u.path.startswith("statistics.")]
    # a province's 上年度 statistic and the national figures of law are read
    assert not [u for u in unread if u.path.startswith(("death_gratuity", "nco_retirement"))]


def test_params_check_passes_on_the_shipped_parameters() -> None:
    """Every shipped value is read by some rule version, or is a checklist parameter or a
    statistical series (listed apart): the command exits 0 on what the library ships."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "shuangyong", "params", "check"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "statistics.urban_unit_average_wage" in proc.stdout


TIER_PLUGIN = '''
from shuangyong import hookimpl

TEXT = """
[[value]]
parameter = "nursing_allowance.share"
jurisdiction = "410000"
effective_from = 2020-01-01
effective_to = 2022-12-31
provenance = "example"
note = "测试：2019年条例没有的25%档"
[value.table]
combat_duty_1_2 = "50%"
combat_duty_3_4 = "40%"
illness_1_4 = "30%"
mental_5_6 = "25%"

[[value]]
parameter = "nursing_allowance.share"
jurisdiction = "410000"
effective_from = 2024-10-01
provenance = "example"
note = "测试：2024年条例有25%档"
[value.table]
combat_duty_1_2 = "50%"
combat_duty_3_4 = "40%"
illness_1_4 = "30%"
mental_5_6 = "25%"
"""


@hookimpl
def register_parameters(registry):
    registry.add_text(TEXT, source="henan_tiers.toml")
'''


def test_params_check_fails_on_a_table_cell_no_rule_version_reads(tmp_path: Any) -> None:
    """Issue 11 §4: a provincial 25 % tier (精神障碍五至六级, 2024 第34条) dated while only the
    2019 text (第30条, no such case) is in force is read by no one: ``params check`` names the
    cell and exits 1. The same tier from 2024-10-01, when the 2024 rule reads it, is not
    reported, nor are the other cells of the 2019-dated value."""
    import os
    import subprocess
    import sys

    (tmp_path / "henan_tiers.py").write_text(TIER_PLUGIN, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
        "SHUANGYONG_LOAD_PLUGINS": "",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "shuangyong", "-p", "henan_tiers", "params", "check"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        env=env,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    mine = [line for line in proc.stdout.splitlines() if line.startswith("henan_tiers.toml")]
    assert mine == [
        "henan_tiers.toml: value[0].table.mental_5_6: nursing_allowance.share [410000] "
        "2020-01-01..2022-12-31 (henan_tiers 0): 该单元格（case=mental_5_6）在此期间施行的规则版本"
        "中没有对应情形，不会被读取 / no version in force on these dates can look up the cell "
        "case=mental_5_6"
    ], proc.stdout


def test_a_rule_declares_cells_only_of_parameters_it_reads() -> None:
    from shuangyong.errors import RuleDefinitionError
    from shuangyong.national.disability import RULES

    nursing_2019 = next(r for r in RULES if r.id == "nursing_allowance")
    assert nursing_2019.cells == (
        ("nursing_allowance.share", "case", ("combat_duty_1_2", "combat_duty_3_4", "illness_1_4")),
    )
    import attrs

    with pytest.raises(RuleDefinitionError, match="cells= names parameters it does not read"):
        attrs.evolve(nursing_2019, cells={"disability_pension.standard": {"level": (1,)}})


def test_every_shipped_value_displays_tables_included() -> None:
    """Before: ``DatedValue.display()`` raised TypeError on a one-dimensional table (it took the
    length of the first cell), e.g. ``survivor_pension.standard``; a two-dimensional one said
    "表（10，3行）"."""
    ps = Engine.create(env={"SHUANGYONG_LOAD_PLUGINS": ""}).parameters
    shown = {}
    for path in ps.paths():
        unit = ps.declaration(path).unit
        for values in ps.values(path).values():
            for v in values:
                shown[(path, v.effective_from)] = v.display(unit)
    survivors = shown[("survivor_pension.standard", dt.date(2016, 10, 1))]
    # 2016-10-01 (secondary): 烈属 21,030, 因公牺牲 18,050, 病故 16,980 yuan a year
    assert survivors == "表（3项）：21,030.00元/年；18,050.00元/年；16,980.00元/年"
    assert shown[("death_gratuity.income_multiple", dt.date(2024, 10, 1))] == "表（2项）：20倍；2倍"
    # 3 causes × 10 grades
    assert shown[("disability_pension.standard", dt.date(2023, 8, 1))] == "表（3行×10列）"
