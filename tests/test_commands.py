"""The ``register_commands`` hook: plugins add CLI subcommands; the built-in ones use it too.

Issue 11 §2: the compliance CLI used to import the main CLI for its helpers while the main CLI
imported it to add ``check``: an import cycle. Now ``check``, ``store``, ``pay`` and ``report``
are registered by the built-in plugins through the hook, the shared helpers live in
:mod:`shuangyong.commands`, and no module of the package imports :mod:`shuangyong.cli`.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src"

COMMAND_MODULES = [
    "shuangyong.cli",
    "shuangyong.commands",
    "shuangyong.compliance.cli",
    "shuangyong.storage.cli",
    "shuangyong.ledger.cli",
    "shuangyong.reports.cli",
]

# A district plugin that adds a command reading the engine of the invocation.
DISTRICT = '''
import click

from shuangyong.authoring import hookimpl
from shuangyong.commands import DATE, UserError, engine_of


@click.command("district-rules")
@click.option("--on", type=DATE, required=True, help="The date.")
@click.option("--prefix", default="", help="Only rule ids starting with this.")
@click.pass_context
def district_rules(ctx, on, prefix):
    """List the rules in force on a date (a district's own command)."""
    ids = [r.rule.id for r in engine_of(ctx).rules_in_force(on) if r.rule.id.startswith(prefix)]
    if not ids:
        raise UserError(f"没有以 {prefix!r} 开头的规则 / no rule id starts with {prefix!r}")
    click.echo(f"{on}：{len(ids)} 条规则 / rules")
    for rid in ids:
        click.echo(rid)


@hookimpl
def register_commands(registry):
    registry.add(district_rules)
'''

# A plugin taking the name of a command another supplier registers.
CLASH = '''
import click

from shuangyong.authoring import hookimpl


@click.command("{name}")
def clash():
    """Shadows a command."""


@hookimpl
def register_commands(registry):
    registry.add(clash)
'''


def _run(*args: str, extra: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    paths = [str(SRC), *([str(extra)] if extra else [])]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["PYTHONIOENCODING"] = "utf-8"
    env["SHUANGYONG_LOAD_PLUGINS"] = ""  # the built-in plugins only
    return subprocess.run(
        [sys.executable, "-m", "shuangyong", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("module", COMMAND_MODULES)
def test_each_command_module_imports_alone(module: str) -> None:
    """Imported first and alone in a fresh interpreter, each module loads; only
    ``shuangyong.cli`` itself has the main CLI in ``sys.modules`` afterwards."""
    code = f"import sys, {module}; print('shuangyong.cli' in sys.modules)"
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(module == "shuangyong.cli")


def _imported_modules(path: Path) -> set[str]:
    """Every ``shuangyong`` module ``path`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return {m for m in found if m.startswith("shuangyong")}


def test_no_module_imports_the_main_cli() -> None:
    """The import graph has no edge into ``shuangyong.cli`` (only ``__main__`` runs it), so no
    cycle can go through it."""
    importers = sorted(
        str(p.relative_to(SRC))
        for p in (SRC / "shuangyong").rglob("*.py")
        if p.name != "__main__.py" and "shuangyong.cli" in _imported_modules(p)
    )
    assert importers == []


def test_the_built_in_commands_come_from_the_hook() -> None:
    from shuangyong.cli import main
    from shuangyong.commands import CommandRegistry
    from shuangyong.plugins import create_host

    registry = CommandRegistry()
    host = create_host(entry_points=False)
    host.call_each("register_commands", lambda info: registry.bind(info.supplier))
    found = registry.finish({name: "core" for name in main.commands})
    assert {"check", "store", "pay", "report"} <= set(found)
    assert not {"check", "store", "pay", "report"} & set(main.commands)


def test_a_plugin_command_runs_as_a_subprocess(tmp_path: Path) -> None:
    (tmp_path / "district_cmds.py").write_text(DISTRICT, encoding="utf-8")
    helped = _run("--plugin", "district_cmds", "--help", extra=tmp_path)
    assert helped.returncode == 0, helped.stderr
    assert "district-rules" in helped.stdout and "check" in helped.stdout

    proc = _run(
        "--plugin",
        "district_cmds",
        "district-rules",
        "--on",
        "2025-03-01",
        "--prefix",
        "disability",
        extra=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["2025-03-01：1 条规则 / rules", "disability_pension"]

    bad_date = _run(
        "--plugin", "district_cmds", "district-rules", "--on", "2025-02-30", extra=tmp_path
    )
    assert bad_date.returncode == 2
    assert bad_date.stderr.startswith("错误 / error:") and "2025-02-30" in bad_date.stderr

    none = _run(
        "--plugin",
        "district_cmds",
        "district-rules",
        "--on",
        "2025-03-01",
        "--prefix",
        "zz",
        extra=tmp_path,
    )
    assert none.returncode == 2
    assert (
        none.stderr.strip() == "错误 / error: 没有以 'zz' 开头的规则 / no rule id starts with 'zz'"
    )


def test_without_the_plugin_the_command_is_unknown(tmp_path: Path) -> None:
    proc = _run("district-rules", "--on", "2025-03-01")
    assert proc.returncode == 2
    assert "district-rules" in proc.stderr


@pytest.mark.parametrize(
    ("name", "first"),
    [("check", "shuangyong 0.1.0"), ("demo", "shuangyong (core)")],
)
def test_a_clashing_command_name_is_an_error_naming_both(
    tmp_path: Path, name: str, first: str
) -> None:
    (tmp_path / "clash_cmds.py").write_text(CLASH.format(name=name), encoding="utf-8")
    proc = _run("--plugin", "clash_cmds", "rules", extra=tmp_path)
    assert proc.returncode == 2
    err = proc.stderr
    assert f"command '{name}'" in err and first in err and "clash_cmds" in err
