"""Means-test exclusion (2024 《军人抚恤优待条例》 第4条第2款).

"在审核抚恤优待对象是否符合享受相应社会保障和基本公共服务等条件时，抚恤金、补助金和优待金不计入
抚恤优待对象个人和家庭收入。" When a host system checks whether a beneficiary qualifies for social
security or a basic public service (最低生活保障, 特困供养, 医疗救助, housing …), the pensions,
subsidies and preferential-treatment payments of the 条例 must not be counted as personal or
household income.

Which amounts those are is derived from rule metadata, not from a hand-kept list, so a new rule
(or a district plugin's top-up under the 条例) is covered as soon as it is registered: a rule is
excluded when it is a benefit (it pays money) and some version of it cites the 军人抚恤优待条例 as
its legal basis. Payments under other laws — 一次性退役金, 地方一次性经济补助, 待安排工作期间
生活费 (安置条例) — are not excluded by this article and stay countable unless another rule says
otherwise.

The category (抚恤金 / 补助金 / 优待金) is read from the rule's label and is informational: the
exclusion covers every payment under the 条例. Where the label does not name one of the three
words (烈士褒扬金, a death payment of 第二章, classed with 抚恤金; 护理费, classed with 补助金),
:attr:`IncomeExclusion.literal` is ``False`` so a host can show that the class is a reading.

The 2019 条例 has no such clause: for a means test dated before 2024-10-01 nothing is excluded
under this article (a host may still exclude amounts under local rules).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from shuangyong.citations import Citation
from shuangyong.domain.money import Yuan
from shuangyong.national.common import PENSIONS_DOC, V2024_FROM, cite
from shuangyong.policy.rules import Rule, RuleKind

__all__ = [
    "EXCLUSION_CITATION",
    "EXCLUSION_FROM",
    "IncomeExclusion",
    "countable_income",
    "excluded_rule_ids",
    "income_exclusions",
]

EXCLUSION_CITATION: Citation = cite("2024", "第4条", "第2款")
"""The article: 抚恤金、补助金和优待金不计入个人和家庭收入."""

EXCLUSION_FROM: dt.date = V2024_FROM
"""The first means-test date the exclusion applies to (the 2024 条例 in force, 第64条)."""


@attrs.frozen
class IncomeExclusion:
    """One payment (by rule id) that must not count as income in a means test.

    Attributes:
        rule_id: the rule whose amounts are excluded.
        label: its Chinese name.
        category: 抚恤金, 补助金 or 优待金.
        literal: whether the label names the category itself (``False``: a reading, see the
            module docstring).
        basis: the rule's citation of the 军人抚恤优待条例 (why it is a payment of the 条例).
        citation: the article that excludes it (2024 第4条第2款).
    """

    rule_id: str
    label: str
    category: str
    literal: bool
    basis: Citation
    citation: Citation = EXCLUSION_CITATION


def _category(label: str) -> tuple[str, bool]:
    if "优待金" in label:
        return "优待金", True
    if "补助" in label:
        return "补助金", True
    if "抚恤金" in label:
        return "抚恤金", True
    if "护理费" in label or "生活费" in label:
        return "补助金", False
    return "抚恤金", False


def _all_rules(source: Any) -> list[Rule]:
    if source is None:
        from shuangyong.national import FAMILIES

        return [r for family in FAMILIES for r in family.RULES]
    if hasattr(source, "rule_ids") and hasattr(source, "rule_versions"):
        # an Engine: every version of every registered rule, plugins included
        return [reg.rule for rid in source.rule_ids() for reg in source.rule_versions(rid)]
    return list(source)


def income_exclusions(on: dt.date, source: Any = None) -> tuple[IncomeExclusion, ...]:
    """The payments that must not count as income in a means test dated ``on``.

    Args:
        on: the date of the means test (not the date of the payment).
        source: an ``Engine`` (all its rules, plugins included), an iterable of
            :class:`~shuangyong.policy.rules.Rule`, or ``None`` for the national rule set.

    Returns:
        One :class:`IncomeExclusion` per rule id, sorted by id; empty before 2024-10-01.
    """
    if on < EXCLUSION_FROM:
        return ()
    by_id: dict[str, list[Rule]] = {}
    for rule in _all_rules(source):
        if rule.kind is RuleKind.BENEFIT:
            by_id.setdefault(rule.id, []).append(rule)
    found: dict[str, IncomeExclusion] = {}
    for rule_id, versions in by_id.items():
        # the version in force on the means-test date speaks first, then the latest one
        versions.sort(key=lambda r: (not r.in_force(on), -r.effective_from.toordinal()))
        basis = next((c for r in versions for c in r.citations if c.document == PENSIONS_DOC), None)
        if basis is None:
            continue
        category, literal = _category(versions[0].label)
        found[rule_id] = IncomeExclusion(rule_id, versions[0].label, category, literal, basis)
    return tuple(found[k] for k in sorted(found))


def excluded_rule_ids(on: dt.date, source: Any = None) -> frozenset[str]:
    """The rule ids of :func:`income_exclusions` (for filtering a ledger by rule id)."""
    return frozenset(e.rule_id for e in income_exclusions(on, source))


def countable_income(
    amounts: Mapping[str, Yuan], on: dt.date, source: Any = None
) -> tuple[Yuan, Yuan]:
    """Split a person's (or household's) income into what counts and what is excluded.

    Args:
        amounts: income by source: rule ids for payments of this library, any other key
            (``"wage"``, ``"pension_insurance"`` …) for other income, which always counts.
        on: the date of the means test.
        source: as for :func:`income_exclusions`.

    Returns:
        ``(countable, excluded)``.
    """
    excluded_ids = excluded_rule_ids(on, source)
    counted = Yuan(0)
    excluded = Yuan(0)
    for key, amount in amounts.items():
        if key in excluded_ids:
            excluded = excluded + amount
        else:
            counted = counted + amount
    return counted, excluded
