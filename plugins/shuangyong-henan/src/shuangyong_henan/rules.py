"""建安区的本地规则：残疾军人困难增发抚恤金（示例）。

The 2024 《军人抚恤优待条例》 第31条第2款 lets county-level and higher governments 增发抚恤金
(or help in other ways) for disabled veterans who still have special hardship after receiving
the disability pension. No 建安区 document implementing it is known to us, so this rule is an
**illustration of the mechanism**: the scope below (grades 1–4, discharged, cared for at home)
and the amount (the parameter ``henan.jianan.hardship_supplement.amount``, provenance
``example``) are ours, not the district's.

The core beneficiary row has no "special hardship" field. A plugin may add one
(``register_fields``); this example keeps to national fields and uses the severity of the
disability and home care as a stand-in for hardship, and says so in its labels.
"""

from __future__ import annotations

import datetime as dt

from shuangyong.authoring import (
    BoolColumn,
    CareArrangement,
    Citation,
    Condition,
    Context,
    FenColumn,
    PaymentPeriod,
    Rule,
    RuleKind,
)
from shuangyong.national.conditions import DISABILITY_PENSION_READS, receives_disability_pension

__all__ = ["HARDSHIP_SUPPLEMENT", "JIANAN", "RULES", "SUPPLEMENT_AMOUNT"]

JIANAN = "411003"
"""许昌市建安区 (GB/T 2260)."""

SUPPLEMENT_AMOUNT = "henan.jianan.hardship_supplement.amount"
"""The local parameter the rule pays (元/月, declared in ``data/jianan.toml``)."""

_DOC = "军人抚恤优待条例"
# 第31条第2款: 县级以上地方人民政府可以增发抚恤金 — the legal basis of every condition here.
_ART31_2 = Citation(_DOC, "第31条", edition="2024", paragraph="第2款")


def _discharged(c: Context) -> BoolColumn:
    return c.is_set("discharged_on") & (c["discharged_on"] <= c.on)


def _grade_1_to_4(c: Context) -> BoolColumn:
    lvl = c["disability_level"]
    return (lvl >= 1) & (lvl <= 4)


def _at_home(c: Context) -> BoolColumn:
    return c["care_arrangement"] != CareArrangement.CENTRALIZED


def _amount(c: Context) -> FenColumn:
    # A flat monthly sum in fen: no division, so no rounding step to declare.
    return c.param(SUPPLEMENT_AMOUNT)


HARDSHIP_SUPPLEMENT = Rule(
    id="henan.jianan.hardship_supplement",
    label="建安区残疾军人困难增发抚恤金（示例）",
    kind=RuleKind.BENEFIT,
    version="2024-10-01",
    effective_from=dt.date(2024, 10, 1),
    # the rule is the district's own: its jurisdiction (inside the plugin's 河南省) makes the
    # engine add the first condition, ``in_jurisdiction`` (户籍地在许昌市建安区), so it never
    # pays a row registered elsewhere; the rule does not test the division itself
    jurisdiction=JIANAN,
    citations=(_ART31_2,),
    reads=("discharged_on", "care_arrangement", *DISABILITY_PENSION_READS),
    parameters=(SUPPLEMENT_AMOUNT,),
    conditions=(
        Condition(
            "discharged",
            "已退出现役",
            _discharged,
            reason_failed="未退出现役，不由县级人民政府增发抚恤金",
            citation=_ART31_2,
        ),
        Condition(
            "grade_1_to_4",
            "残疾等级为一级至四级（示例办法以此代表生活特殊困难）",
            _grade_1_to_4,
            reason_failed="示例办法只对一级至四级残疾军人增发",
            citation=_ART31_2,
        ),
        Condition(
            "at_home",
            "分散供养（居家），非集中供养",
            _at_home,
            reason_failed="集中供养的残疾军人由供养机构保障，不在示例办法增发范围内",
            citation=_ART31_2,
        ),
        # 增发 supplements the disability pension: whoever does not draw it has nothing to
        # supplement. The national conditions themselves, not a copy, so the reasons and the
        # undetermined answers (an NCO's grade not recorded) are the national ones.
        *receives_disability_pension("2024"),
    ),
    amount=_amount,
    period=PaymentPeriod.MONTH,
    description=(
        "示例：依据《军人抚恤优待条例》第31条第2款，建安区对户籍在本区、分散供养的一级至四级"
        "残疾军人按月增发抚恤金。适用范围与数额均为演示用的假设，并非建安区的实际规定。"
    ),
)

RULES: tuple[Rule, ...] = (HARDSHIP_SUPPLEMENT,)
