"""What-if: raise the national disability pension standard by 5% from 2025-08-01.

``engine.with_parameters(toml_text)`` returns a *new* engine whose layer values take over from
their date of effect; the original engine is untouched, so both evaluate the same population and
the difference is the cost of the change. Run::

    python examples/whatif.py

The 5% rise is a hypothetical scenario, not a real standard: the layer ships its values with
provenance ``example`` and says so in every explanation. The population is synthetic.
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from shuangyong import Engine, Yuan

PATH = "disability_pension.standard"
RAISE_FROM = dt.date(2025, 8, 1)
FACTOR = Decimal("1.05")


def raised_standard(engine: Engine, on: dt.date) -> str:
    """A TOML what-if layer: the national table in force on ``on``, raised by FACTOR."""
    current = engine.parameters.resolve(PATH, on, ["national"]).value
    decl = engine.parameters.declaration(PATH)
    causes = [str(v) for v in decl.dimensions[0].values]
    cells = []
    for cause, row in zip(causes, current.raw, strict=True):
        # whole yuan, like the published tables; "-" keeps a cell the law leaves empty
        raised = [
            '"-"' if c is None else f'"{(c * FACTOR).quantize(Decimal(1), ROUND_HALF_UP)}"'
            for c in row
        ]
        cells.append(f"{cause} = [{', '.join(raised)}]")
    return f"""
[[value]]
parameter = "{PATH}"
jurisdiction = "national"
effective_from = {RAISE_FROM}
provenance = "example"
note = "假设情景：自{RAISE_FROM}起在{current.effective_from}标准上上调5%（非真实标准）"
table = {{ {", ".join(cells)} }}
"""


def population(n: int, seed: int = 2025) -> dict[str, np.ndarray]:
    """``n`` synthetic disabled veterans (退役军士) as columns."""
    rng = np.random.default_rng(seed)
    enlisted = np.datetime64("2005-09-01") + rng.integers(0, 3650, n).astype("timedelta64[D]")
    discharged = enlisted + np.timedelta64(5 * 365, "D")
    assessed = discharged - np.timedelta64(120, "D")
    return {
        "birth_date": enlisted - np.timedelta64(19 * 365, "D"),
        "household_division": rng.choice(["411003", "411002", "410102"], n),
        "service_kind": np.full(n, "nco"),
        "nco_grade": rng.choice(["junior", "intermediate", "senior"], n),
        "care_arrangement": rng.choice(["dispersed", "centralized"], n, p=[0.9, 0.1]),
        "enlisted_on": enlisted,
        "discharged_on": discharged,
        "disability_level": rng.integers(1, 11, n),
        "disability_cause": rng.choice(["combat", "duty", "illness"], n),
        "disability_assessed_on": assessed,
        "disability_approved_on": assessed + np.timedelta64(30, "D"),
    }


def main() -> int:
    base = Engine.create()
    what_if = base.with_parameters(raised_standard(base, RAISE_FROM), name="上调5%情景")
    people = population(200)

    print(f"disability_pension, {len(people['disability_level'])} synthetic veterans, per month")
    print(f"{'month':<10}{'base':>16}{'what-if':>16}{'difference':>14}")
    for on in (dt.date(2025, 7, 1), dt.date(2025, 8, 1), dt.date(2025, 9, 1)):
        before = base.evaluate_batch(people, on=on)
        after = what_if.evaluate_batch(people, on=on)
        a = Yuan.from_fen(before.total_fen("disability_pension"))
        b = Yuan.from_fen(after.total_fen("disability_pension"))
        print(f"{on:%Y-%m}{a.amount:>16,}{b.amount:>16,}{(b - a).amount:>14,}")

    # One person month by month: the schedule splits where the raised standard starts.
    # (.item() gives plain Python values: datetime.date, str, int)
    one = {field: column[0].item() for field, column in people.items()}
    schedule = what_if.schedule(one, "2025-06-01", "2025-10-31", rules=["disability_pension"])
    print()
    print(
        f"veteran 0 ({one['disability_cause']}, grade {one['disability_level']}) under the "
        "what-if, month by month:"
    )
    print(schedule.explain("disability_pension"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
