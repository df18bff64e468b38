"""A plugin for the SYNTHETIC county of the annual-report example (合成数据): its villages.

It registers 12 invented villages (``synthetic_villages.csv``; codes end in 9xx, names carry
【合成】) under four real townships of 建安区 that ``shuangyong-henan`` registers. No public,
dated list of 建安区's village codes was found to vendor, so none is used.
"""

from __future__ import annotations

import csv
from pathlib import Path

from shuangyong.authoring import hookimpl
from shuangyong.registries import DivisionRegistrar

__distribution__ = "annual-report-example (synthetic)"
__version__ = "0"

_HERE = Path(__file__).resolve().parent


@hookimpl
def register_divisions(registry: DivisionRegistrar) -> None:
    """Add the synthetic villages (parents: 建安区 townships from shuangyong-henan)."""
    with open(_HERE / "synthetic_villages.csv", encoding="utf-8") as f:
        rows = [line for line in f if line.strip() and not line.startswith("#")]
    reader = csv.reader(rows)
    next(reader)  # header: code,name,level,parent
    registry.extend((code, name, level, parent) for code, name, level, parent in reader)
