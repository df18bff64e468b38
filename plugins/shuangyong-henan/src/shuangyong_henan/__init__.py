"""shuangyong-henan: an example district plugin for 河南省 / 许昌市 / 建安区.

Jurisdictions: 河南省 (410000), 许昌市 (411000), 建安区 (411003). The plugin declares that it
serves 河南省 (``register_scope``): everything it registers applies only to rows registered in
Henan, and its 建安区 rule only to rows of 建安区.

It proves the plugin mechanism end to end and is registered under the ``shuangyong`` entry-point
group as ``henan``. It

1. declares a local parameter, ``henan.jianan.hardship_supplement.amount`` (建安区, ``example``);
2. adds a local rule, ``henan.jianan.hardship_supplement`` (第31条第2款 增发抚恤金, illustrative);
3. sets a national parameter for its county: ``disability_pension.rounding`` for 411003 rounds
   the monthly amount up to the next whole yuan (``example``: no 建安区 document is known);
4. supplies ``nursing_allowance.wage_base`` for 410000 so that 护理费 can be computed in demos.
   No Henan wage figure is confirmed, so the values are the **national** urban non-private
   average wage, shipped as ``example`` with a note saying so;
5. registers the townships (乡镇、街道) of 建安区 from the statistical division codes.

Nothing is loaded at import time: the hooks read the package data when an ``Engine`` is created.
Every figure here is illustrative; none may be used as a basis for payment.
"""

from __future__ import annotations

import csv
import io
from importlib import resources

from shuangyong.authoring import (
    DivisionRegistrar,
    ParameterRegistrar,
    RuleRegistrar,
    ScopeRegistrar,
    hookimpl,
)

from shuangyong_henan.rules import RULES

__all__ = [
    "__distribution__",
    "__version__",
    "register_divisions",
    "register_parameters",
    "register_rules",
    "register_scope",
]

__version__ = "0.1.0"
__distribution__ = "shuangyong-henan"
"""The distribution name, so the supplier stamp is the same whether the module is loaded from
its entry point or passed to ``Engine.create(plugins=[...])`` uninstalled."""

_DATA = "shuangyong_henan.data"
_DIVISIONS = "divisions_411003.csv"


HENAN = "410000"
"""河南省: the plugin serves the province and everything below it (``register_scope``)."""


@hookimpl
def register_scope(registry: ScopeRegistrar) -> None:
    """Serve 河南省 only: its rules and values never reach another province's rows."""
    registry.serve(HENAN)


@hookimpl
def register_rules(registry: RuleRegistrar) -> None:
    """Add the 建安区 local rule (no national rule is replaced)."""
    registry.add(*RULES)


@hookimpl
def register_parameters(registry: ParameterRegistrar) -> None:
    """Add the province and county parameter files shipped in ``shuangyong_henan/data``."""
    registry.add_package_data(_DATA)


@hookimpl
def register_divisions(registry: DivisionRegistrar) -> None:
    """Add the townships and sub-districts (乡镇、街道) of 建安区 (9-digit codes)."""
    text = resources.files(_DATA).joinpath(_DIVISIONS).read_text(encoding="utf-8")
    lines = (line for line in io.StringIO(text) if line.strip() and not line.startswith("#"))
    reader = csv.reader(lines)
    header = next(reader)
    if header != ["code", "name", "level", "parent"]:
        # a packaging mistake, not user input: fail loudly with the file name
        raise ValueError(f"{_DIVISIONS}: unexpected header {header}")
    registry.extend((code, name, level, parent) for code, name, level, parent in reader)
