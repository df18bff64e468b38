"""The ``shuangyong`` command, run as a user runs it: a subprocess, output and exit codes.

Most runs set ``SHUANGYONG_LOAD_PLUGINS=`` (no installed plugins) so that the figures are the
built-in national ones whatever is installed; a few runs load a tiny local plugin through
``--plugin`` to show that local standards change the demo, and one uses the Henan plugin when it
is installed. A couple of fast checks go through click's CliRunner.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from click.testing import CliRunner

from shuangyong import __version__
from shuangyong.cli import grid, main, read_person

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "person_disabled_veteran.toml"

# A district plugin under development: sets the wage base of 护理费 for 河南省 (a test figure).
WAGE_PLUGIN = '''
from shuangyong import hookimpl

TEXT = """
[[value]]
parameter = "nursing_allowance.wage_base"
jurisdiction = "410000"
year = 2024
provenance = "example"
note = "test figure, not a statistic"
value = "120000"
"""


@hookimpl
def register_parameters(registry):
    registry.add_text(TEXT, source="test_wage_plugin")
'''


def run(
    *args: str, plugins: bool = False, extra_path: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m shuangyong ARGS`` with the repo's src on the path (works uninstalled)."""
    env = dict(os.environ)
    paths = [str(REPO / "src"), *([str(extra_path)] if extra_path else [])]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["PYTHONIOENCODING"] = "utf-8"
    if plugins:
        env.pop("SHUANGYONG_LOAD_PLUGINS", None)
    else:
        env["SHUANGYONG_LOAD_PLUGINS"] = ""  # the built-in national plugin only
    return subprocess.run(
        [sys.executable, "-m", "shuangyong", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=REPO,
        timeout=120,
    )


def user_error(p: subprocess.CompletedProcess[str], *needles: str) -> str:
    """Assert a user error: exit 2, one line on stderr, no traceback; return the line."""
    assert p.returncode == 2, (p.returncode, p.stdout, p.stderr)
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    assert lines[0].startswith("错误 / error: "), lines[0]
    assert "Traceback" not in p.stderr
    for n in needles:
        assert n in lines[0], (n, lines[0])
    return lines[0]


@pytest.fixture
def person(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a person file built from the example plus changes; returns its path."""
    base = read_person(EXAMPLE)

    def make(suffix: str = ".json", **changes: object) -> Path:
        data = {
            k: (v.isoformat() if hasattr(v, "isoformat") else v)
            for k, v in {**base, **changes}.items()
        }
        path = tmp_path / f"person{suffix}"
        path.write_text(json.dumps(data), encoding="utf-8")
        return path

    return make


# -- every command, happy path ----------------------------------------------------------------
def test_version() -> None:
    p = run("--version")
    assert p.returncode == 0
    assert p.stdout.strip() == f"shuangyong {__version__}"


def test_demo_national_only() -> None:
    from shuangyong import Engine
    from shuangyong.demo import synthetic_population

    p = run("demo")
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert "SYNTHETIC" in out and "合成数据" in out
    assert "不得作为发放依据" in out and "NOT a basis for payment" in out
    assert "评估日期 / date: 2025-03-01" in out
    assert "行数 / rows: 5,000" in out
    # summary: one row per rule in force, totals marked when they rest on example figures
    assert "| disability_pension" in out and "| nursing_allowance" in out
    assert "(example)" in out
    assert "建安区（411003）" in out and "魏都区（411002）" in out and "鄢陵县（411024）" in out
    # 因病 grades 7-10 fail grade_payable (第27条), listed as a reason, not an error
    assert "（grade_payable）" in out
    # without a provincial plugin the wage base of 护理费 is unset: undetermined, with the reason
    assert "nursing_allowance.wage_base" in out
    # the deliberately bad rows, with row numbers, and every other row evaluated
    planted = synthetic_population(
        known_divisions=Engine.create(entry_points=False).divisions
    ).bad_rows
    assert "输入错误 / row errors：5 行无效" in out
    for row, _ in planted:
        assert f"第 {row} 行 / row {row}:" in out
    assert "disability_level=11" in out and "'accident'" in out
    # one person's full explanation
    assert "对象：SYN-00000" in out
    assert "【残疾抚恤金】" in out and "【护理费】" in out
    assert "政策依据：《军人抚恤优待条例》(2024)" in out
    assert p.stderr == ""  # 5000 rows are one chunk: no progress bar


def test_demo_with_a_local_plugin_shows_nursing_amounts(tmp_path: Path) -> None:
    (tmp_path / "test_wage_plugin.py").write_text(WAGE_PLUGIN, encoding="utf-8")
    p = run("--plugin", "test_wage_plugin", "demo", "--rows", "800", extra_path=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "test_wage_plugin" in p.stdout  # listed among the loaded plugins
    # showcase: 因战二级 → 50% × 120000 / 12 (第34条)
    explanation = p.stdout.split("【护理费】", 1)[1]
    assert "结论：符合；金额：每月 5,000.00元（2025年3月）" in explanation
    assert "河南省" in explanation


@pytest.mark.skipif(
    not any(ep.name == "henan" for ep in entry_points(group="shuangyong")),
    reason="the shuangyong-henan plugin is not installed",
)
def test_demo_with_the_henan_plugin() -> None:
    p = run("demo", "--rows", "800", plugins=True)
    assert p.returncode == 0, p.stderr
    assert "shuangyong-henan" in p.stdout
    explanation = p.stdout.split("【护理费】", 1)[1]
    assert "结论：符合；金额：" in explanation


def test_explain_text() -> None:
    p = run("explain", str(EXAMPLE), "--on", "2025-03-01", "--detail")
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("优抚待遇评估　对象：EXAMPLE-0001　评估日期：2025-03-01")
    assert "【残疾抚恤金】" in p.stdout
    assert "结论：符合；金额：" in p.stdout
    assert "因公" in p.stdout and "第31条" in p.stdout


def test_explain_json_one_rule() -> None:
    p = run(
        "explain",
        str(EXAMPLE),
        "--on",
        "2025-03-01",
        "--rule",
        "disability_pension",
        "--format",
        "json",
    )
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert data["on"] == "2025-03-01"
    assert [r["rule_id"] for r in data["results"]] == ["disability_pension"]
    assert data["results"][0]["status"] == "eligible"


def test_params_show_resolved_value() -> None:
    p = run(
        "params",
        "show",
        "disability_pension.standard",
        "--division",
        "411003",
        "--on",
        "2025-03-01",
    )
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert "名称 / label: 残疾抚恤金标准" in out
    assert "单位 / unit: 元/年（yuan/year）" in out
    assert "第31条" in out  # citation
    assert "取值 / value for 建安区（411003） on 2025-03-01" in out
    assert "适用区划 / jurisdiction: 全国（national）" in out
    assert "来源性质 / provenance: example" in out
    assert "| cause \\ level |" in out and "| 因战 combat" in out


def test_params_show_timeline() -> None:
    p = run("params", "show", "disability_pension.standard")
    assert p.returncode == 0, p.stderr
    assert "时间线 / timeline" in p.stdout
    assert "== 全国（national） ==" in p.stdout
    assert "· 2018-08-01 至 / to 2019-07-31（被取代 / superseded）" in p.stdout


def test_params_list() -> None:
    from shuangyong import Engine

    p = run("params", "list")
    assert p.returncode == 0, p.stderr
    for path in Engine.create(entry_points=False).parameters.paths():
        assert f"| {path} " in p.stdout
    assert "残疾抚恤金标准" in p.stdout and "元/年" in p.stdout


def test_rules() -> None:
    p = run("rules")
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert "| disability_pension " in out and "残疾抚恤金" in out
    assert "| nursing_allowance " in out and "护理费" in out
    assert "2019-03-02 ~ 2024-09-30" in out and "2024-10-01 ~ —" in out
    assert "《军人抚恤优待条例》(2024) 第34条第1款" in out
    assert "shuangyong " + __version__ in out


def test_plugins() -> None:
    p = run("plugins")
    assert p.returncode == 0, p.stderr
    assert "| shuangyong.national " in p.stdout
    assert "register_parameters, register_rules" in p.stdout
    assert "内置 / built-in" in p.stdout


# -- user errors: one line, exit 2, no traceback ----------------------------------------------
def test_unknown_parameter_path() -> None:
    user_error(
        run("params", "show", "disability_pension.standrd"),
        "unknown parameter 'disability_pension.standrd'",
        "did you mean 'disability_pension.standard'",
    )


def test_bad_dates() -> None:
    user_error(
        run("params", "show", "disability_pension.standard", "--on", "2025-02-30"),
        "--on",
        "'2025-02-30'",
        "YYYY-MM-DD",
    )
    user_error(run("explain", str(EXAMPLE), "--on", "yesterday"), "'yesterday'")


def test_unknown_and_malformed_division() -> None:
    user_error(
        run(
            "params",
            "show",
            "disability_pension.standard",
            "--division",
            "419999",
            "--on",
            "2025-03-01",
        ),
        "'419999'",
        "unknown",
    )
    user_error(run("params", "show", "disability_pension.standard", "--division", "41x"), "'41x'")


def test_parameter_not_in_force() -> None:
    user_error(
        run("params", "show", "disability_pension.standard", "--on", "2010-01-01"),
        "not in force",
        "2010-01-01",
    )


def test_file_with_unknown_field(tmp_path: Path) -> None:
    f = tmp_path / "p.toml"
    f.write_text("disability_levl = 3\nbirth_date = 1990-01-01\n", encoding="utf-8")
    user_error(
        run("explain", str(f), "--on", "2025-03-01"),
        "unknown field 'disability_levl'",
        "did you mean 'disability_level'",
    )


def test_file_with_invalid_values(person) -> None:  # type: ignore[no-untyped-def]
    user_error(
        run("explain", str(person(disability_level=11)), "--on", "2025-03-01"),
        "disability_level",
        "11",
    )
    user_error(
        run("explain", str(person(household_division="419999")), "--on", "2025-03-01"),
        "household_division",
        "419999",
    )


def test_invalid_rule_id() -> None:
    user_error(
        run("explain", str(EXAMPLE), "--on", "2025-03-01", "--rule", "no_such_rule"),
        "unknown rule 'no_such_rule'",
    )


def test_bad_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("x = [", encoding="utf-8")
    user_error(run("explain", str(broken), "--on", "2025-03-01"), "TOML")
    user_error(run("explain", str(tmp_path / "missing.json"), "--on", "2025-03-01"), "no such file")


def test_usage_error_is_one_line() -> None:
    user_error(run("demo", "--bogus"), "--bogus", "shuangyong demo --help")


# -- fast in-process checks -------------------------------------------------------------------
def test_cli_runner_quick_checks(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"SHUANGYONG_LOAD_PLUGINS": ""}
    r = runner.invoke(main, ["--version"])
    assert r.exit_code == 0 and __version__ in r.output
    r = runner.invoke(main, ["params", "list"], env=env)
    assert r.exit_code == 0 and "disability_pension.standard" in r.output
    r = runner.invoke(main, ["demo", "--on", "2025-13-01"], env=env)
    assert r.exit_code == 2 and "错误 / error:" in r.output and "Traceback" not in r.output
    # more than one chunk: a progress bar (on stderr), then the same report
    r = runner.invoke(main, ["demo", "--rows", "45000"], env=env)
    assert r.exit_code == 0, r.output
    assert "评估中 / evaluating" in r.output and "行数 / rows: 45,000" in r.output
    # TOML dates are accepted as dates
    f = tmp_path / "p.toml"
    f.write_text("birth_date = 1990-01-02\n", encoding="utf-8")
    assert read_person(f)["birth_date"].isoformat() == "1990-01-02"


def test_grid_counts_chinese_as_two_columns() -> None:
    text = grid(["名称", "n"], [["护理费", 1], ["ab", 22]], right=(1,))
    widths = {len(line) + sum(1 for ch in line if ord(ch) > 0x2E80) for line in text.splitlines()}
    assert len(widths) == 1  # every line has the same display width
    assert "|  1 |" in text
