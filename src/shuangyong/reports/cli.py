"""``shuangyong report KIND --format FMT -o FILE``: build a report and write it atomically.

KIND is any registered report kind (``roster``, ``payment-sheet``, ``payment-summary``,
``compliance``, ``stations``, ``catalogue`` in the core; plugins add more) and FMT any registered
format (``json``, ``csv``, ``markdown``, ``html``, ``text``; ``xlsx``, ``docx``, ``pdf`` with
``shuangyong-office``); without ``--format`` the suffix of FILE decides. The file is written to a
temporary file in the same directory and renamed into place, so a failure never leaves a partial
report (nor touches an existing file). Every user error is one line ``错误 / error: ...`` and
exit status 2.

The built-in reports plugin registers it through the ``register_commands`` hook.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from shuangyong.commands import DATE
from shuangyong.errors import ShuangyongError

__all__ = ["report_cmd"]


def _user_error(message: str) -> click.ClickException:
    from shuangyong.commands import UserError  # the CLI's error style (exit 2, one line)

    return UserError(message)


def _option_pairs(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise _user_error(
                f"--option {item!r}: 应为 名称=值 / expected NAME=VALUE (e.g. encoding=gb18030)"
            )
        out[key.strip()] = value.strip()
    return out


def _format_for(registry: Any, name: str | None, output: str) -> Any:
    if name is not None:
        return registry.format(name)
    suffix = Path(output).suffix.lower()
    matches = [f for f in registry.formats.values() if f.suffix.lower() == suffix]
    if len(matches) != 1:
        known = ", ".join(sorted(registry.formats))
        raise _user_error(
            f"无法从文件名 {output!r} 判断格式，请用 --format 指定 / cannot tell the format from "
            f"{output!r}; give --format (one of: {known})"
        )
    return matches[0]


@click.command("report")
@click.argument("kind")
@click.argument("evidence", nargs=-1, type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--format", "fmt", metavar="FMT", help="json, csv, markdown, html, text, ...")
@click.option(
    "-o", "--output", required=True, metavar="FILE", help="The file to write ('-' for stdout)."
)
@click.option("--store", "store_url", metavar="URL", help="The case store (sqlite:///…).")
@click.option("--run", "run_id", metavar="ID", help="The payment run (payment-sheet).")
@click.option("--division", metavar="CODE", help="The division the report is about.")
@click.option(
    "--year",
    "years",
    multiple=True,
    type=click.IntRange(1949, 2200),
    help="A year (repeat for a range: --year 2019 --year 2024).",
)
@click.option("--on", "on", type=DATE, help="The date a roster is as of (YYYY-MM-DD).")
@click.option("--rule", "rule_ids", multiple=True, metavar="ID", help="Only these benefits.")
@click.option("--checklist", metavar="ID", help="The checklist (compliance).")
@click.option("--compare", is_flag=True, help="Compliance: also compare with the previous year.")
@click.option(
    "--option",
    "options",
    multiple=True,
    metavar="NAME=VALUE",
    help="A format option (csv: encoding=gb18030, table=KEY).",
)
@click.option(
    "--reveal-ids",
    is_flag=True,
    help="Show id numbers unmasked (needs --actor with --store: recorded in the audit log).",
)
@click.option("--actor", default="", help="Who asks (recorded when ids are revealed).")
@click.pass_context
def report_cmd(
    ctx: click.Context,
    kind: str,
    evidence: tuple[Path, ...],
    fmt: str | None,
    output: str,
    store_url: str | None,
    run_id: str | None,
    division: str | None,
    years: tuple[int, ...],
    on: dt.date | None,
    rule_ids: tuple[str, ...],
    checklist: str | None,
    compare: bool,
    options: tuple[str, ...],
    reveal_ids: bool,
    actor: str,
) -> None:
    """Build a report of KIND and write it to FILE (EVIDENCE files for compliance, stations).

    Kinds: roster, payment-sheet, payment-summary, compliance, stations, catalogue (and any a
    plugin registers). Id numbers are masked unless --reveal-ids.
    """
    from shuangyong.commands import engine_of as _engine
    from shuangyong.commands import plugin_modules as _plugin_modules
    from shuangyong.reports.registry import collect_reports
    from shuangyong.reports.request import ReportRequest
    from shuangyong.reports.writing import render_bytes, write_report

    opts = _option_pairs(options)

    if reveal_ids and store_url is not None and not actor.strip():
        raise _user_error(
            "--reveal-ids 需要 --actor（显示完整身份证号会记入审计日志）/ --reveal-ids needs "
            "--actor: revealing id numbers is recorded in the store's audit log"
        )
    try:
        registry = collect_reports(plugins=_plugin_modules(ctx))
        builder = registry.builder(kind)
        format_ = _format_for(registry, fmt, output)
        format_.check_options(opts)
        engine = _engine(ctx)
        with contextlib.ExitStack() as stack:
            store = None
            if store_url is not None:
                from shuangyong.storage.cli import cli_store

                store = stack.enter_context(cli_store(ctx, store_url))
            request = ReportRequest(
                engine=engine,
                store=store,
                division=division,
                years=years,
                on=on,
                run_id=run_id,
                rule_ids=rule_ids,
                evidence=evidence,
                checklist=checklist,
                reveal_ids=reveal_ids,
                actor=actor,
                compare=compare,
            )
            report = builder.build(request)
        if output == "-":
            sys.stdout.buffer.write(render_bytes(report, format_, opts))
            sys.stdout.flush()
            return
        path = write_report(report, output, format_, opts)
    except ShuangyongError as exc:
        raise _user_error(str(exc)) from None
    except OSError as exc:  # an unreadable evidence file
        raise _user_error(f"{exc.filename or ''}: {exc.strerror or exc}") from None
    click.echo(f"已写入 / written: {path}（{format_.label}）", err=True)
