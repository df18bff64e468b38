"""The built-in national rule set, registered as an ordinary plugin.

It goes through the same hooks as any district plugin (no private back door), and its
implementations are ``trylast`` so that a plugin's answer can come first by design.
"""

from __future__ import annotations

from shuangyong.hookspecs import hookimpl
from shuangyong.national.disability import RULES as DISABILITY_RULES
from shuangyong.registries import ParameterRegistrar, RuleRegistrar

__all__ = ["register_parameters", "register_rules"]


@hookimpl(trylast=True)
def register_rules(registry: RuleRegistrar) -> None:
    registry.add(*DISABILITY_RULES)


@hookimpl(trylast=True)
def register_parameters(registry: ParameterRegistrar) -> None:
    registry.add_package_data("shuangyong.national.data")
