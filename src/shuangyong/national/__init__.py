"""The built-in national rule set, registered as an ordinary plugin.

It goes through the same hooks as any district plugin (no private back door), and its
implementations are ``trylast`` so that a plugin's answer can come first by design. Each rule
family lives in its own module with a ``RULES`` tuple; parameter files are in ``data/``.
"""

from __future__ import annotations

from shuangyong.hookspecs import hookimpl
from shuangyong.national import death, disability, living, placement, privileges, survivors
from shuangyong.registries import ParameterRegistrar, RuleRegistrar

__all__ = ["FAMILIES", "register_parameters", "register_rules"]

FAMILIES = (disability, death, survivors, placement, living, privileges)
"""The modules whose ``RULES`` make up the national rule set."""


@hookimpl(trylast=True)
def register_rules(registry: RuleRegistrar) -> None:
    for family in FAMILIES:
        registry.add(*family.RULES)


@hookimpl(trylast=True)
def register_parameters(registry: ParameterRegistrar) -> None:
    registry.add_package_data("shuangyong.national.data")
