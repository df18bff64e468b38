"""The built-in checklists, registered as an ordinary plugin (add it to ``DEFAULT_PLUGINS``).

Like the national rule set it goes through the public hooks: its checklists through
``register_checklists`` and their points, required frequencies and time limits as parameter
files through ``register_parameters``. Its implementations are ``trylast`` so that a district
plugin's registrations come first by design.
"""

from __future__ import annotations

from shuangyong.commands import CommandRegistrar
from shuangyong.compliance.items import (
    five_inclusions,
    leading_group,
    model_city,
    needs_lists,
    publicity,
    service_station,
    work_institutions,
)
from shuangyong.compliance.registry import ChecklistRegistrar
from shuangyong.hookspecs import hookimpl
from shuangyong.registries import ParameterRegistrar

__all__ = ["CHECKLISTS", "register_checklists", "register_commands", "register_parameters"]

CHECKLISTS = (
    five_inclusions.CHECKLIST,
    leading_group.CHECKLIST,
    work_institutions.CHECKLIST,
    service_station.CHECKLIST,
    publicity.CHECKLIST,
    needs_lists.CHECKLIST,
    model_city.CHECKLIST,
)
"""The built-in checklists, in the order they are listed."""


@hookimpl(trylast=True)
def register_checklists(registry: ChecklistRegistrar) -> None:
    registry.add(*CHECKLISTS)


@hookimpl(trylast=True)
def register_parameters(registry: ParameterRegistrar) -> None:
    registry.add_package_data("shuangyong.compliance.data")


@hookimpl(trylast=True)
def register_commands(registry: CommandRegistrar) -> None:
    """``shuangyong check`` (imported only when the CLI asks)."""
    from shuangyong.compliance.cli import check_cmd

    registry.add(check_cmd)
