"""``shuangyong check``: run a checklist over evidence files from the command line.

Exit status: 0 when every item is met (or not applicable) and the assessment passes; 1 when
something is not met, the pass mark is missed or a veto applies; 2 on bad input (an unknown
checklist or division, an unreadable or invalid evidence file, evidence outside the
jurisdiction), with one line ``错误 / error: ...`` on stderr.

The built-in compliance plugin registers it through the ``register_commands`` hook.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from shuangyong.errors import ShuangyongError

__all__ = ["check_cmd"]


def _user_error(message: str) -> click.ClickException:
    from shuangyong.commands import UserError  # the CLI's error style (exit 2, one line)

    return UserError(message)


def _engine(ctx: click.Context) -> Any:
    from shuangyong.commands import engine_of  # built once, with --plugin modules

    return engine_of(ctx)


@click.command("check")
@click.argument("checklist")
@click.argument(
    "evidence", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path)
)
@click.option("--division", required=True, metavar="CODE", help="The division assessed.")
@click.option("--year", required=True, type=click.IntRange(1949, 2200), help="The year assessed.")
@click.option(
    "--compare",
    is_flag=True,
    help="Also assess the previous year from the same evidence and show the changes.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--verbose", "-v", is_flag=True, help="Show each parameter's date, supplier and note."
)
@click.option(
    "--encoding", metavar="E", default=None, help="CSV encoding (default: detected, as on import)."
)
@click.pass_context
def check_cmd(
    ctx: click.Context,
    checklist: str,
    evidence: tuple[Path, ...],
    division: str,
    year: int,
    compare: bool,
    fmt: str,
    verbose: bool,
    encoding: str | None,
) -> None:
    """Check EVIDENCE files (.toml, .json, .csv) against CHECKLIST for a division and year.

    Exit 0 when everything is met, 1 when something is not, 2 on bad input.
    """
    from shuangyong.compliance.assessment import assess
    from shuangyong.compliance.loading import load_evidence

    try:
        engine = _engine(ctx)
        if checklist not in engine.checklists:
            known = ", ".join(sorted(engine.checklists)) or "(none loaded)"
            raise _user_error(f"未知的检查清单 / unknown checklist {checklist!r}; loaded: {known}")
        data = load_evidence(*evidence, encoding=encoding)
        previous = None
        if compare:
            previous = assess(engine, checklist, data, division=division, year=year - 1)
        result = assess(engine, checklist, data, division=division, year=year, previous=previous)
    except ShuangyongError as exc:
        raise _user_error(str(exc)) from None
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(result.render_text(verbose))
    if not result.all_met:
        ctx.exit(1)
