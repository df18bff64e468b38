"""The issue-10 workload, written once in shuangyong and once in lean numpy.

Over N synthetic persons: eligible if the age is at least a dated minimum, the monthly income at
most a dated ceiling, and the person holds a certificate; the amount is a dated 10 × 3 table
(grade × cause) plus a care supplement; then a sum.

shuangyong has no plugin-defined fields (a rule reads only the fields of
``shuangyong.policy.schema.FIELDS``), so the benchmark plugin reads existing fields, said
plainly:

* age: ``birth_date`` (the peers are handed an integer age; here it is one date comparison
  against the date that many years before the evaluated date, ``c.years_before``);
* monthly income: ``monthly_basic_wage`` (given in whole yuan, kept in fen; an unrecorded
  income counts as none);
* certificate: ``disability_approved_on`` is recorded (a 残疾军人证 follows the approval);
* grade × cause: ``disability_level`` × ``disability_cause``;
* care: ``care_arrangement`` is recorded.

Every figure is a made-up **example** in the plugin's own parameter file (``bench.*``), dated, with
a change on 2025-01-01 so that the date matters.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import numpy.typing as npt

from shuangyong import hookimpl
from shuangyong.citations import Citation
from shuangyong.policy.columns import BoolColumn, FenColumn, enum_codes, where
from shuangyong.policy.context import Context
from shuangyong.policy.rules import Condition, PaymentPeriod, Rule, RuleKind

ON = dt.date(2025, 3, 1)
CAUSES = ("combat", "duty", "illness")
# yuan a month by cause, grades 1..10 (example figures, 2025-01-01)
TABLE = {
    "combat": [3000, 2700, 2400, 2100, 1800, 1500, 1200, 900, 600, 300],
    "duty": [2800, 2500, 2200, 1900, 1600, 1300, 1000, 700, 500, 250],
    "illness": [2600, 2300, 2000, 1700, 1400, 1100, 800, 600, 400, 200],
}
MIN_AGE = 18
CEILING_YUAN = 4000
CARE_YUAN = 500

_CITE = Citation(document="基准测试示例", article="第1条")


def _table_toml(scale: float) -> str:
    rows = ", ".join(
        f"{cause} = [{', '.join(repr(str(int(v * scale))) for v in TABLE[cause])}]"
        for cause in CAUSES
    ).replace("'", '"')
    return "{ " + rows + " }"


PARAMETERS = f"""
[[parameter]]
path = "bench.min_age"
label = "最低年龄"
unit = "years"
citations = [{{ document = "基准测试示例", article = "第1条" }}]

[[parameter]]
path = "bench.income_ceiling"
label = "月收入上限"
unit = "yuan/month"
citations = [{{ document = "基准测试示例", article = "第1条" }}]

[[parameter]]
path = "bench.care_supplement"
label = "护理补贴"
unit = "yuan/month"
citations = [{{ document = "基准测试示例", article = "第1条" }}]

[[parameter]]
path = "bench.standard"
label = "月标准"
unit = "yuan/month"
citations = [{{ document = "基准测试示例", article = "第1条" }}]
dimensions = [
  {{ name = "cause", values = ["combat", "duty", "illness"] }},
  {{ name = "level", values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }},
]

[[value]]
parameter = "bench.min_age"
jurisdiction = "national"
effective_from = 2020-01-01
effective_to = 2024-12-31
provenance = "example"
value = 16

[[value]]
parameter = "bench.min_age"
jurisdiction = "national"
effective_from = 2025-01-01
provenance = "example"
value = {MIN_AGE}

[[value]]
parameter = "bench.income_ceiling"
jurisdiction = "national"
effective_from = 2020-01-01
effective_to = 2024-12-31
provenance = "example"
value = "3500"

[[value]]
parameter = "bench.income_ceiling"
jurisdiction = "national"
effective_from = 2025-01-01
provenance = "example"
value = "{CEILING_YUAN}"

[[value]]
parameter = "bench.care_supplement"
jurisdiction = "national"
effective_from = 2020-01-01
provenance = "example"
value = "{CARE_YUAN}"

[[value]]
parameter = "bench.standard"
jurisdiction = "national"
effective_from = 2020-01-01
effective_to = 2024-12-31
provenance = "example"
table = {_table_toml(0.9)}

[[value]]
parameter = "bench.standard"
jurisdiction = "national"
effective_from = 2025-01-01
provenance = "example"
table = {_table_toml(1.0)}
"""


def _old_enough(c: Context) -> BoolColumn:
    return c["birth_date"] <= c.years_before(c.param("bench.min_age"))


def _income_below(c: Context) -> BoolColumn:
    return c.fen("monthly_basic_wage") <= c.param("bench.income_ceiling")


def _certified(c: Context) -> BoolColumn:
    return c.is_set("disability_approved_on")


def _amount(c: Context) -> FenColumn:
    base = c.table("bench.standard").lookup(
        cause=c["disability_cause"], level=c["disability_level"]
    )
    care = where(c.is_set("care_arrangement"), c.param("bench.care_supplement"), 0)
    return base + care


RULE = Rule(
    id="bench.allowance",
    label="基准测试补贴（示例）",
    kind=RuleKind.BENEFIT,
    version="2020-01-01",
    effective_from=dt.date(2020, 1, 1),
    citations=(_CITE,),
    reads=(
        "birth_date",
        "monthly_basic_wage",
        "disability_approved_on",
        "disability_level",
        "disability_cause",
        "care_arrangement",
    ),
    parameters=(
        "bench.min_age",
        "bench.income_ceiling",
        "bench.care_supplement",
        "bench.standard",
    ),
    conditions=(
        Condition("age", "年满最低年龄", _old_enough, "未满最低年龄", _CITE),
        Condition("income", "月收入不高于上限", _income_below, "月收入高于上限", _CITE),
        Condition("certificate", "持有证件", _certified, "未持有证件", _CITE),
    ),
    amount=_amount,
    period=PaymentPeriod.MONTH,
)


class Plugin:
    """The benchmark plugin: its parameter file and its one rule."""

    @hookimpl
    def register_parameters(self, registry: Any) -> None:
        registry.add_text(PARAMETERS, source="bench-workload.toml")

    @hookimpl
    def register_rules(self, registry: Any) -> None:
        registry.add(RULE)


# -- data ---------------------------------------------------------------------------------
def population(n: int, seed: int = 20251) -> dict[str, npt.NDArray[Any]]:
    """Typed columns (enum codes int8, dates datetime64[D], whole yuan int64), no missing
    incomes."""
    from shuangyong.domain.enums import CareArrangement, DisabilityCause

    rng = np.random.default_rng(seed)
    cause_codes = enum_codes(DisabilityCause)
    care_codes = enum_codes(CareArrangement)
    level = rng.integers(0, 11, n)
    cause = np.where(
        level > 0,
        np.array([cause_codes[DisabilityCause(c)] for c in CAUSES], np.int8)[rng.integers(0, 3, n)],
        0,
    ).astype(np.int8)
    approved = np.datetime64("2010-01-01") + rng.integers(0, 5000, n)
    approved = np.where((level > 0) & (rng.random(n) < 0.8), approved, np.datetime64("NaT"))
    care = np.where(
        (level > 0) & (level <= 4) & (rng.random(n) < 0.5),
        min(care_codes.values()),
        0,
    ).astype(np.int8)
    return {
        "birth_date": (np.datetime64("1940-01-01") + rng.integers(0, 80 * 365, n)).astype(
            "datetime64[D]"
        ),
        "household_division": np.full(n, 110101, np.int64),
        # whole yuan (integer money columns are yuan; the engine keeps fen)
        "monthly_basic_wage": rng.integers(0, 8000, n).astype(np.int64),
        "disability_approved_on": approved.astype("datetime64[D]"),
        "disability_level": level.astype(np.int64),
        "disability_cause": cause,
        "care_arrangement": care,
    }


def dense_table(scale: float = 1.0) -> npt.NDArray[np.int64]:
    """The standard in fen as ``[cause code, level]`` (code 0 and level 0: no cell, 0)."""
    from shuangyong.domain.enums import DisabilityCause

    codes = enum_codes(DisabilityCause)
    out = np.zeros((len(codes) + 1, 11), np.int64)
    for cause in CAUSES:
        out[codes[DisabilityCause(cause)], 1:] = [int(v * scale) * 100 for v in TABLE[cause]]
    return out


def lean_numpy(cols: dict[str, npt.NDArray[Any]], on: dt.date) -> npt.NDArray[np.int64]:
    """The same rule by hand, as lean as numpy allows: no validation and no check of any kind
    (codes and levels are trusted to index the table), the table and the cut-off date computed
    once, the table read by one flat index and one ``take``, "x where c else 0" as ``x * c``
    (numpy's ``where`` takes ~5× as long), the last steps in place; dates compared as day
    numbers (an int64 view: numpy's datetime comparison and ``isnat`` cost 3–4× an integer
    comparison, and the engine compares day numbers too; births are trusted to be set)."""
    cutoff = np.datetime64(on.replace(year=on.year - MIN_AGE), "D").astype(np.int64)  # 1 March
    ok = cols["birth_date"].view(np.int64) <= cutoff
    ok &= cols["monthly_basic_wage"] <= CEILING_YUAN  # whole yuan
    ok &= cols["disability_approved_on"].view(np.int64) != _NAT
    flat = np.multiply(cols["disability_cause"], _TABLE.shape[1], dtype=np.intp)
    flat += cols["disability_level"]
    amount = _FLAT.take(flat)
    amount += (cols["care_arrangement"] != 0) * (CARE_YUAN * 100)
    amount *= ok
    return amount


def idiomatic_numpy(cols: dict[str, npt.NDArray[Any]], on: dt.date) -> npt.NDArray[np.int64]:
    """The lean reference of the previous round, for comparison only: the same work written as
    numpy is usually written (a 2-D gather, two ``np.where``), no validation either."""
    cutoff = np.datetime64(on.replace(year=on.year - MIN_AGE), "D")
    ok = cols["birth_date"] <= cutoff
    ok &= cols["monthly_basic_wage"] <= CEILING_YUAN
    ok &= ~np.isnat(cols["disability_approved_on"])
    amount = _TABLE[cols["disability_cause"], cols["disability_level"]]
    amount += np.where(cols["care_arrangement"] != 0, CARE_YUAN * 100, 0)
    return np.where(ok, amount, 0)


_TABLE = dense_table()
_FLAT = _TABLE.ravel()
_NAT = np.iinfo(np.int64).min  # NaT as a day number
