"""A district plugin with a deliberately wrong rule, for the verification docs.

The rule pays a monthly living subsidy (生活补助) to discharged disabled veterans registered in
河南省, from a table by disability grade. Whoever typed the table entered it in the order of a
form that lists grade 10 first, so the figures run the wrong way: a milder grade (a larger
number) is paid *more* than a severe one. The rule declares that a more severe grade never pays
less (``MonotoneIn("disability_level", more_is="less")``), and ``shuangyong verify`` finds a
counterexample and writes it out as a case file::

    PYTHONPATH=src:examples .venv/bin/python -m shuangyong --plugin wrong_rule_plugin \\
        verify --rules demo.disability_subsidy --max-examples 50

Everything here is invented for the demonstration: no 河南省 document sets such a subsidy, and
the figures have provenance ``example``. tests/test_wrong_rule_example.py runs this plugin
through ``verify`` so docs/verification.rst cannot fall out of date.
"""

from __future__ import annotations

import datetime as dt

from shuangyong.authoring import (
    BoolColumn,
    Bounded,
    Citation,
    Condition,
    Context,
    FenColumn,
    MonotoneIn,
    NonNegative,
    ParameterRegistrar,
    PaymentPeriod,
    Rule,
    RuleKind,
    RuleRegistrar,
    ZeroWhenIneligible,
    hookimpl,
)

__all__ = ["RULE", "RULE_ID", "register_parameters", "register_rules"]

__version__ = "0.0.1"
__distribution__ = "wrong-rule-example"

RULE_ID = "demo.disability_subsidy"
AMOUNT = "demo.disability_subsidy.amount"
HENAN = "410000"

# 第31条第2款 lets local governments add to the disability pension; the subsidy itself is
# invented, so the citation names the enabling article only.
_BASIS = Citation("军人抚恤优待条例", "第31条", edition="2024", paragraph="第2款")

# The mistake: grade 1 should be the largest figure, but the table was typed from a form that
# lists grade 10 first.
PARAMETERS = f"""
[[parameter]]
path = "{AMOUNT}"
label = "残疾军人生活补助（演示）"
unit = "yuan/month"
description = "演示用的地方补助标准，按残疾等级确定，按月发放。"
citations = [
  {{ document = "军人抚恤优待条例", edition = "2024", article = "第31条", paragraph = "第2款" }},
]
dimensions = [{{ name = "level", values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }}]

[[value]]
parameter = "{AMOUNT}"
jurisdiction = "{HENAN}"
effective_from = 2025-01-01
provenance = "example"
note = "虚构数额，仅用于演示verify；录入时把十级到一级的顺序抄反了（故意写错）。"
[value.table]
"1" = "100"
"2" = "150"
"3" = "200"
"4" = "250"
"5" = "300"
"6" = "350"
"7" = "400"
"8" = "450"
"9" = "500"
"10" = "550"
"""


def _in_henan(c: Context) -> BoolColumn:
    # division codes are integers in columns; a province owns the codes 41xxxx
    division = c["household_division"]
    return (division >= 410000) & (division < 420000)


def _discharged(c: Context) -> BoolColumn:
    return c.is_set("discharged_on") & (c["discharged_on"] <= c.on)


def _graded(c: Context) -> BoolColumn:
    level = c["disability_level"]
    approved = c.is_set("disability_approved_on") & (c["disability_approved_on"] <= c.month_end)
    return (level >= 1) & (level <= 10) & approved


def _amount(c: Context) -> FenColumn:
    return c.table(AMOUNT).lookup(level=c["disability_level"])


RULE = Rule(
    id=RULE_ID,
    label="残疾军人生活补助（演示：故意写错的规则）",
    kind=RuleKind.BENEFIT,
    version="2025-01-01",
    effective_from=dt.date(2025, 1, 1),
    jurisdiction=HENAN,
    citations=(_BASIS,),
    reads=("household_division", "discharged_on", "disability_level", "disability_approved_on"),
    parameters=(AMOUNT,),
    conditions=(
        Condition(
            "registered_in_henan",
            "户籍在河南省",
            _in_henan,
            reason_failed="户籍不在河南省",
            citation=_BASIS,
        ),
        Condition(
            "discharged",
            "已退出现役",
            _discharged,
            reason_failed="未退出现役",
            citation=_BASIS,
        ),
        Condition(
            "graded",
            "残疾等级（一级至十级）已批准",
            _graded,
            reason_failed="未评定或尚未批准残疾等级",
            citation=_BASIS,
        ),
    ),
    amount=_amount,
    period=PaymentPeriod.MONTH,
    properties=(
        NonNegative(),
        ZeroWhenIneligible(),
        # what the table should have said: a more severe grade (smaller number) never pays less
        MonotoneIn("disability_level", more_is="less"),
        Bounded(parameter=AMOUNT),
    ),
)


@hookimpl
def register_parameters(registry: ParameterRegistrar) -> None:
    registry.add_text(PARAMETERS, source="wrong_rule_plugin.PARAMETERS")


@hookimpl
def register_rules(registry: RuleRegistrar) -> None:
    registry.add(RULE)
