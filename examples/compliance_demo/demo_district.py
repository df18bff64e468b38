"""A demo plugin for a SYNTHETIC district (合成数据): villages and one local parameter value.

Nothing here is real. It

1. registers 150 invented villages (``synthetic_villages.csv``; codes end in 9xx, names carry
   【合成】) under the 18 real townships of 建安区 that the ``shuangyong-henan`` plugin registers
   — village codes are not available from a real source;
2. sets ``work_institutions.frequency`` for 411003 as if the district had decided not to run a
   军地联合办公 system (frequency 0, so that item is *not applicable*) and to hold two
   leading-group plenaries a year. Findings show this local value beside the national one.

Load it with ``Engine.create(plugins=[demo_district])`` or
``PYTHONPATH=examples/compliance_demo shuangyong --plugin demo_district check ...``.
"""

from __future__ import annotations

import csv
from pathlib import Path

from shuangyong.authoring import hookimpl
from shuangyong.registries import DivisionRegistrar, ParameterRegistrar

__distribution__ = "compliance-demo (synthetic)"
__version__ = "0"

_HERE = Path(__file__).resolve().parent

_FREQUENCY = """
[[value]]
parameter = "work_institutions.frequency"
jurisdiction = "411003"
effective_from = 2016-01-01
provenance = "example"
note = "合成演示数据：假设本区不设军地联合办公制度、每年召开两次领导小组全体会议。"

[value.table]
leading_group_meeting = 2
party_military_affairs = 1
joint_meeting = 1
military_day = 1
mutual_visits = 2
joint_office = 0
member_unit_reports = 1
"""


@hookimpl
def register_divisions(registry: DivisionRegistrar) -> None:
    """Add the synthetic villages (parents: 建安区 townships from shuangyong-henan)."""
    with open(_HERE / "synthetic_villages.csv", encoding="utf-8") as f:
        rows = [line for line in f if line.strip() and not line.startswith("#")]
    reader = csv.reader(rows)
    next(reader)  # header: code,name,level,parent
    registry.extend((code, name, level, parent) for code, name, level, parent in reader)


@hookimpl
def register_parameters(registry: ParameterRegistrar) -> None:
    """The synthetic district's own required frequencies."""
    registry.add_text(_FREQUENCY, source="demo_district.py (synthetic)")
