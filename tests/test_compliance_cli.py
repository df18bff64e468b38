"""``shuangyong check``: output, exit status 0 / 1 / 2, and the demo through the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from shuangyong.cli import main
from shuangyong.compliance.cli import check_cmd
from shuangyong.plugins import DEFAULT_PLUGINS

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "compliance_demo"
DEMO_FILES = [
    str(DEMO / f)
    for f in ("evidence_2024.toml", "evidence_2023.toml", "station.csv", "publicity_officer.csv")
]

GOOD = """
[[leading_group]]
id = "G1"
jurisdiction = "411003"
established_on = 2021-05-10
members = [
  { name = "甲", position = "party_secretary", role = "leader" },
  { name = "乙", position = "government_head", role = "deputy" },
]
office = { name = "双拥办", director = "丁", military_staff = 1 }
"""


def _plugins(*extra: str) -> list[str]:
    args = []
    if "shuangyong.compliance.builtin" not in DEFAULT_PLUGINS:
        args += ["--plugin", "shuangyong.compliance.builtin"]
    for name in extra:
        args += ["--plugin", name]
    return args


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> click.Group:
    """The main group (``check`` comes from the built-in compliance plugin's
    ``register_commands``), no installed plugins."""
    monkeypatch.setenv("SHUANGYONG_LOAD_PLUGINS", "")
    return main


def _run(cli: click.Group, *args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, [*args], catch_exceptions=False)


def test_all_met_exits_0(cli: click.Group, tmp_path: Path) -> None:
    f = tmp_path / "e.toml"
    f.write_text(GOOD, encoding="utf-8")
    r = _run(
        cli, *_plugins(), "check", "leading_group", str(f), "--division", "411003", "--year", "2024"
    )
    assert r.exit_code == 0, r.output
    assert "结论：全部符合" in r.output


def test_something_not_met_exits_1_and_json_is_valid(cli: click.Group, tmp_path: Path) -> None:
    f = tmp_path / "e.toml"
    f.write_text(GOOD.replace(', director = "丁"', ""), encoding="utf-8")
    r = _run(
        cli,
        *_plugins(),
        "check",
        "leading_group",
        str(f),
        "--division",
        "411003",
        "--year",
        "2024",
        "--format",
        "json",
    )
    assert r.exit_code == 1
    data = json.loads(r.output)
    assert data["all_met"] is False
    office = data["sections"][0]["findings"][2]
    assert office["state"] == "partly_met" and office["gaps"] == ["缺少：双拥办主任（未明确人选）"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no_such", "E", "--division", "411003", "--year", "2024"], "unknown checklist"),
        (["leading_group", "E", "--division", "999999", "--year", "2024"], "unknown"),
        (
            ["leading_group", "missing.toml", "--division", "411003", "--year", "2024"],
            "cannot read",
        ),
        (["leading_group", "E", "--division", "411003", "--year", "20x4"], "20x4"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    cli: click.Group, tmp_path: Path, args: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = tmp_path / "e.toml"
    f.write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = [str(f) if a == "E" else a for a in args]
    r = CliRunner().invoke(cli, [*_plugins(), "check", *args])
    assert r.exit_code == 2, r.output
    assert message in r.output
    assert "Traceback" not in r.output


def test_bad_evidence_exits_2(cli: click.Group, tmp_path: Path) -> None:
    f = tmp_path / "station.csv"
    f.write_text("id,name,division\nS1,站,411002\n", encoding="utf-8")  # another district
    r = CliRunner().invoke(
        cli,
        [*_plugins(), "check", "service_station", str(f), "--division", "411003", "--year", "2024"],
    )
    assert r.exit_code == 2
    assert "outside the division assessed" in r.output


def test_check_cmd_is_a_plain_click_command() -> None:
    assert isinstance(check_cmd, click.Command) and check_cmd.name == "check"


def test_demo_through_the_cli(cli: click.Group, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("shuangyong_henan")
    monkeypatch.syspath_prepend(str(DEMO))
    r = _run(
        cli,
        *_plugins("shuangyong_henan", "demo_district"),
        "check",
        "model_city_assessment",
        *DEMO_FILES,
        "--division",
        "411003",
        "--year",
        "2024",
        "--compare",
    )
    assert r.exit_code == 1, r.output  # the demo has deliberate gaps
    assert "【合成数据】" in r.output
    assert "与 2023 年比较" in r.output
    for state in ("[符合]", "[部分符合]", "[不符合]"):
        assert state in r.output
    r = _run(
        cli,
        *_plugins("shuangyong_henan", "demo_district"),
        "check",
        "work_institutions",
        *DEMO_FILES,
        "--division",
        "411003",
        "--year",
        "2024",
    )
    assert "[不适用]" in r.output  # joint office: frequency 0 in the synthetic district
    assert sys.modules.get("demo_district") is not None
