"""The core report formats and builders, registered as an ordinary plugin (in
``DEFAULT_PLUGINS``). ``trylast`` like the other built-ins, though a name registered twice is an
error whatever the order."""

from __future__ import annotations

from shuangyong.commands import CommandRegistrar
from shuangyong.hookspecs import hookimpl
from shuangyong.reports.registry import BuilderRegistrar, FormatRegistrar

__all__ = ["register_commands", "register_report_builders", "register_report_formats"]


@hookimpl(trylast=True)
def register_report_formats(registry: FormatRegistrar) -> None:
    from shuangyong.reports.formats import csvfile, html, jsondoc, markdown, text

    registry.add(jsondoc.FORMAT, csvfile.FORMAT, markdown.FORMAT, html.FORMAT, text.FORMAT)


@hookimpl(trylast=True)
def register_report_builders(registry: BuilderRegistrar) -> None:
    from shuangyong.reports.builders import BUILDERS

    registry.add(*BUILDERS)


@hookimpl(trylast=True)
def register_commands(registry: CommandRegistrar) -> None:
    """``shuangyong report`` (imported only when the CLI asks)."""
    from shuangyong.reports.cli import report_cmd

    registry.add(report_cmd)
