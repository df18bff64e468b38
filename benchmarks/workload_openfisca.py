"""The issue-10 workload in OpenFisca-core (run by ``bench_workload.py`` in its own venv).

Usage: ``python workload_openfisca.py INPUT.npz OUTPUT.npy REPEAT``. Reads the columns the
shuangyong benchmark wrote (with the integer age the peers are handed), builds a one-entity
tax-benefit system with the same dated example figures, and prints one line per timed run:
``build <s> calculate <s>``. The per-person amounts (fen) of the last run go to OUTPUT.

The table is read with OpenFisca's table-as-array idiom: the parameter node of the period
turned into a numpy array once per calculation and indexed by (cause, grade).
"""

from __future__ import annotations

import sys
import time

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import MONTH
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

PERIOD = "2025-03"
CAUSES = ("combat", "duty", "illness")
TABLE = {
    "combat": [3000, 2700, 2400, 2100, 1800, 1500, 1200, 900, 600, 300],
    "duty": [2800, 2500, 2200, 1900, 1600, 1300, 1000, 700, 500, 250],
    "illness": [2600, 2300, 2000, 1700, 1400, 1100, 800, 600, 400, 200],
}

Person = build_entity(key="person", plural="persons", label="person", is_person=True)


def _dated(old: float, new: float) -> dict[str, object]:
    return {"values": {"2020-01-01": old, "2025-01-01": new}}


PARAMETERS = {
    "min_age": _dated(16, 18),
    "income_ceiling": _dated(3500, 4000),
    "care_supplement": {"values": {"2020-01-01": 500}},
    "standard": {
        cause: {
            f"g{g}": _dated(int(TABLE[cause][g - 1] * 0.9), TABLE[cause][g - 1])
            for g in range(1, 11)
        }
        for cause in CAUSES
    },
}


def _input(name: str, value_type: type) -> type[Variable]:
    return type(
        name,
        (Variable,),
        {"value_type": value_type, "entity": Person, "definition_period": MONTH, "label": name},
    )


class allowance(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "allowance (yuan)"

    def formula(person, period, parameters):
        p = parameters(period)
        ok = (
            (person("age", period) >= p.min_age)
            * (person("income", period) <= p.income_ceiling)
            * person("certificate", period)
        )
        table = np.zeros((4, 11))
        for i, cause in enumerate(CAUSES, start=1):
            node = p.standard[cause]
            table[i, 1:] = [node[f"g{g}"] for g in range(1, 11)]
        amount = table[person("cause", period), person("grade", period)]
        amount = amount + person("care", period) * p.care_supplement
        return ok * amount


def build() -> TaxBenefitSystem:
    tbs = TaxBenefitSystem([Person])
    tbs.parameters = ParameterNode("", data=PARAMETERS)
    for name, kind in (
        ("age", int),
        ("income", int),
        ("certificate", bool),
        ("grade", int),
        ("cause", int),
        ("care", bool),
    ):
        tbs.add_variable(_input(name, kind))
    tbs.add_variable(allowance)
    return tbs


def main() -> None:
    data = np.load(sys.argv[1])
    repeat = int(sys.argv[3])
    tbs = build()
    n = len(data["age"])
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        sim = SimulationBuilder().build_default_simulation(tbs, count=n)
        for name in ("age", "income", "certificate", "grade", "cause", "care"):
            sim.set_input(name, PERIOD, data[name])
        t1 = time.perf_counter()
        out = sim.calculate("allowance", PERIOD)
        total = int(out.sum())
        t2 = time.perf_counter()
        print(f"build {t1 - t0:.6f} calculate {t2 - t1:.6f} total {total}", flush=True)
    assert out is not None
    np.save(sys.argv[2], np.asarray(out, dtype=np.int64) * 100)


if __name__ == "__main__":
    main()
