"""Embedding shuangyong: one veteran explained, then a small population as columns.

This is the README's example as a script (the test suite runs it, so it cannot rot)::

    python examples/embed.py                 # explanation, batch statuses and the total
    python examples/embed.py --explanation   # only the explanation (docs/explanation.txt)

The national figures it uses are partly ``example`` (unconfirmed) data: every explanation says
so, and the batch result reports it. The population is synthetic.
"""

from __future__ import annotations

import datetime as dt
import sys

import numpy as np

from shuangyong import Engine, Yuan

# One 退役军士 (junior NCO), disabled in combat, grade 1, living in 许昌市建安区.
veteran = {
    "birth_date": "1990-01-01",
    "household_division": "411003",
    "service_kind": "nco",
    "nco_grade": "junior",
    "care_arrangement": "dispersed",
    "enlisted_on": "2008-09-01",
    "discharged_on": "2014-09-01",
    "disability_level": 1,
    "disability_cause": "combat",
    "disability_assessed_on": "2014-05-01",
    "disability_approved_on": "2014-06-01",
}


def main(argv: list[str]) -> int:
    engine = Engine.create()  # loads the national rules and any installed district plugin
    on = dt.date(2025, 3, 1)  # rules never read the clock: the caller names the date
    evaluation = engine.evaluate(veteran, on=on)
    # the answer first (due, refused, undetermined, other dates), then every rule in detail
    print(evaluation.explain(detail=True))
    if "--explanation" in argv:
        return 0

    # The same rules over columns: 因病 grade 5 is payable, 因病 grade 8 is not (第27条).
    rows = [
        veteran,
        {**veteran, "disability_level": 5, "disability_cause": "illness"},
        {**veteran, "disability_level": 8, "disability_cause": "illness"},
    ]
    table = {field: np.array([row[field] for row in rows]) for field in veteran}
    batch = engine.evaluate_batch(table, on=on)
    pension = batch["disability_pension"]
    print()
    print("status:", list(pension.status_names()))
    print("failed condition:", list(pension.failed_condition()))
    # columns hold int64 fen; Yuan turns the total back into exact money (never a float)
    total = Yuan.from_fen(batch.total_fen("disability_pension"))
    print(f"disability_pension total for {on:%Y-%m}: {total}")
    if batch.uses_example_figures:
        print("warning: example (unconfirmed) figures were used; not a basis for payment")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
