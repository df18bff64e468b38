"""What many national rules share: citations by edition and the 第59条 suspension conditions.

Periodic payments (抚恤金、补助金) are suspended for the months a person is serving a
fixed-term sentence, deprived of political rights or wanted, and entitlement ends on a death
sentence, life imprisonment or (from 2024) expulsion from the military (2024 第59条; 2019 第50条
without expulsion). A month is suspended when the suspension overlaps it at all, and a
cancellation stops payment from the month in which it takes effect: both are whole-month rules,
so any date within a month gives the same answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs
import numpy as np

from shuangyong.citations import Citation
from shuangyong.domain.enums import CancellationReason, ServiceKind
from shuangyong.parameters.model import a_year_before
from shuangyong.policy.columns import BoolColumn, FenColumn, where
from shuangyong.policy.context import Context
from shuangyong.policy.rules import Condition, Rule

__all__ = [
    "MARTYRS_DOC",
    "MARTYRS_RENUMBERED",
    "PENSIONS_DOC",
    "PENSION_ARTICLES",
    "READ_2011",
    "RECEIVED",
    "V2011_FROM",
    "V2011_TO",
    "V2019_FROM",
    "V2019_TO",
    "V2024_FROM",
    "cite",
    "edition_2011",
    "needs_nco_grade",
    "not_cancelled",
    "not_suspended",
    "pension_article",
    "presumed",
    "previous_year",
    "received_or_standard",
    "suspension_fields",
]

RECEIVED = "received_monthly_amount"
"""What the person actually received a month, from the case record (issue 12 §3)."""

PENSIONS_DOC = "军人抚恤优待条例"
MARTYRS_DOC = "烈士褒扬条例"
V2011_FROM = dt.date(2011, 8, 1)
"""The 2011 revision (国务院、中央军委令第602号) in force: the first day the library's 条例 rules
apply. Before it the 2004 text governed, which the library does not model."""
V2019_FROM = dt.date(2019, 3, 2)
V2011_TO = V2019_FROM - dt.timedelta(days=1)
V2019_TO = dt.date(2024, 9, 30)
V2024_FROM = dt.date(2024, 10, 1)

MARTYRS_RENUMBERED = dt.date(2019, 8, 1)
"""国务院令第718号 (2019-08-01) renumbered the 《烈士褒扬条例》: old 第11条 → 第14条 (named in the
decision), the articles after it three higher (derived from "对条文序号作相应调整",
docs/law-before-2019.rst). Citations before this day use the old numbers, edition "2011"."""

READ_2011: frozenset[str] = frozenset(
    {
        "第2条",
        "第12条",
        "第13条",
        "第14条",
        "第15条",
        "第16条",
        "第17条",
        "第18条",
        "第19条",
        "第21条",
        "第22条",
        "第23条",
        "第27条",
        "第28条第1款",
        "第30条",
        "第36条",
        "第44条",
    }
)
"""Articles (or paragraphs) of the 2011 《军人抚恤优待条例》 whose 2011 wording was read in a dated
copy, or one that the old department name (民政部门) dates, and found to be the 2019 wording with
民政部门 for 退役军人事务部门 (docs/law-before-2019.rst, article by article). A 2011 citation of
anything else (第8条至第10条, 第28条第2款, 第33条, 第39条, 第50条, 第53条) rests on the 2019 text
presumed unchanged, and every explanation of it says so (:func:`presumed`)."""

_PRESUMED_2011 = (
    "条文按2019年修订本推定未变：{articles}的2011年文本未能找到原文，本规则按2019年修订本的条文"
    "适用（推定2011年文本相同；国务院令第709号的修改内容亦未找到，推定仅将“民政部门”改为"
    "“退役军人事务部门”），不是已核实的2011年条文"
)
_PRESUMED_MARTYRS_2011 = (
    "条文按2019年修订本推定未变：{articles}的2011年文本未能找到原文，条号由国务院令第718号"
    "（2019-08-01）“对条文序号作相应调整”推算，条文按2019年8月修订本推定未变"
)


def _key(c: Citation) -> str:
    return c.article + (c.paragraph or "")


def _unread_2011(citations: list[Citation]) -> tuple[list[str], list[str]]:
    pensions: dict[str, None] = {}
    martyrs: dict[str, None] = {}
    for c in citations:
        if c.edition != "2011":
            continue
        if c.document == PENSIONS_DOC and c.article not in READ_2011 and _key(c) not in READ_2011:
            pensions[_key(c)] = None
        elif c.document == MARTYRS_DOC:
            martyrs[_key(c)] = None
    return list(pensions), list(martyrs)


def presumed(rule: Rule) -> Rule:
    """``rule`` with a caveat for every 2011 article it cites whose 2011 wording was not read
    (issue 12 §1): the explanation says the wording is presumed, and never shows it as the text."""
    cited = [*rule.citations, *(k.citation for k in rule.conditions)]
    pensions, martyrs = _unread_2011(cited)
    caveats = list(rule.caveats)
    if pensions:
        names = f"《{PENSIONS_DOC}》(2011) " + "、".join(pensions)
        caveats.append(_PRESUMED_2011.format(articles=names))
    if martyrs:
        names = f"《{MARTYRS_DOC}》(2011) " + "、".join(martyrs)
        caveats.append(_PRESUMED_MARTYRS_2011.format(articles=names))
    return attrs.evolve(rule, caveats=tuple(caveats))


def _to_2011(c: Citation) -> Citation:
    if c.document == PENSIONS_DOC and c.edition == "2019":
        return attrs.evolve(c, edition="2011")
    return c


def _text_2011(text: str) -> str:
    # the conditions' own words name the edition they read ("2019年条例未规定…") and the
    # department by its 2019 name (the one difference found between the texts); the 2011
    # version reads the same article numbers (docs/law-before-2019.rst)
    return text.replace("2019年条例", "2011年条例").replace("退役军人事务部门", "民政部门")


def edition_2011(rule: Rule) -> Rule:
    """The 2011 edition of a rule built on the 2019 text for dates before 2019-03-02.

    The 2011 and 2019 texts have the same 54 articles with the same numbers; every article read
    in both differs only in the department's name (docs/law-before-2019.rst). So the 2011
    version is the 2019 body, with its 《军人抚恤优待条例》 citations in the 2011 edition and a
    caveat (:func:`presumed`) for every cited article whose 2011 wording was not read.
    """
    conditions = tuple(
        attrs.evolve(
            k,
            citation=_to_2011(k.citation),
            label=_text_2011(k.label),
            reason_failed=_text_2011(k.reason_failed),
            reason_met=None if k.reason_met is None else _text_2011(k.reason_met),
        )
        for k in rule.conditions
    )
    return presumed(
        attrs.evolve(
            rule,
            citations=tuple(_to_2011(c) for c in rule.citations),
            conditions=conditions,
            description=_text_2011(rule.description),
        )
    )


suspension_fields: tuple[str, ...] = (
    "suspended_from",
    "suspended_to",
    "cancelled_on",
    "cancellation_reason",
)
"""The fields :func:`not_suspended` and :func:`not_cancelled` read: add them to ``reads``."""


def cite(
    edition: str, article: str, paragraph: str | None = None, document: str = PENSIONS_DOC
) -> Citation:
    """A citation of the 军人抚恤优待条例 (or another ``document``) of an edition."""
    return Citation(document, article, edition=edition, paragraph=paragraph)


# Article (and paragraph) of the 军人抚恤优待条例 by subject and edition. One table for every
# rule family, so a renumbering is corrected in one place.
PENSION_ARTICLES: dict[str, dict[str, tuple[str, str | None]]] = {
    "classification": {"2019": ("第8条至第10条", None), "2024": ("第11条至第13条", None)},
    "martyr": {"2019": ("第12条", None), "2024": ("第15条", "第1款")},
    "gratuity": {"2019": ("第13条", "第1款"), "2024": ("第15条", "第2款")},
    "honours": {"2019": ("第13条", "第2款"), "2024": ("第16条", "第1款")},
    "highest": {"2019": ("第13条", "第3款"), "2024": ("第16条", "第3款")},
    "recipients": {"2019": ("第15条", None), "2024": ("第18条", "第2款")},
    "illness_kind": {"2019": ("第21条", "第2款"), "2024": ("第25条", "第3款")},
    "levels": {"2019": ("第22条", None), "2024": ("第26条", None)},
    "grades": {"2019": ("第23条", "第2款"), "2024": ("第27条", "第2款")},
    "standard": {"2019": ("第27条", None), "2024": ("第31条", None)},
    "old_wound": {"2019": ("第28条", "第1款"), "2024": ("第32条", "第1款")},
    "funeral": {"2019": ("第28条", "第2款"), "2024": ("第32条", "第2款")},
    "nursing": {"2019": ("第30条", "第1款"), "2024": ("第34条", "第1款")},
    "nursing_payer": {"2019": ("第30条", "第2款"), "2024": ("第34条", "第2款")},
    # 分散安置 (2019) / 退出现役时分散供养 (2024): the paragraph that grants the allowance
    "nursing_dispersed": {"2019": ("第30条", "第1款"), "2024": ("第34条", "第1款")},
    "nursing_pool": {"2019": ("第30条", "第1款"), "2024": ("第34条", "第3款")},
}


def pension_article(key: str, edition: str) -> Citation:
    """The citation of ``key`` (see :data:`PENSION_ARTICLES`) in the 2011, 2019 or 2024 edition
    (2011 numbers its articles as 2019 does: docs/law-before-2019.rst)."""
    article, paragraph = PENSION_ARTICLES[key]["2019" if edition == "2011" else edition]
    return cite(edition, article, paragraph)


def previous_year(c: Context) -> dt.date:
    """Where 上年度 figures are read: the same day a year before the evaluated date (for a
    figure of a calendar year, a day of the year before; for one a province applies from
    1 July, the figure it applies on the evaluated date, see
    :func:`~shuangyong.parameters.model.a_year_before`)."""
    return a_year_before(c.date)


def _suspension_article(edition: str) -> Citation:
    if edition in ("2011", "2019"):
        return cite(edition, "第50条")
    return cite(edition, "第59条", "第1款")


def not_suspended(edition: str) -> Condition:
    """服刑、被剥夺政治权利或被通缉期间中止发放."""

    def compute(c: Context) -> BoolColumn:
        start = c["suspended_from"]
        end = c["suspended_to"]
        started = c.is_set("suspended_from") & (start <= c.month_end)
        open_or_later = ~c.is_set("suspended_to") | (end >= c.month_start)
        return ~(started & open_or_later)

    def test(c: Context) -> BoolColumn:
        # the same for every periodic payment evaluated on these rows and this month
        return c.shared("national.not_suspended", lambda: compute(c))

    return Condition(
        "not_suspended",
        "不在中止发放期间（服刑、被剥夺政治权利或被通缉期间中止发放）",
        test,
        reason_failed="本月处于被判处有期徒刑、剥夺政治权利或被通缉期间，中止发放",
        citation=_suspension_article(edition),
        reason_met="未处于中止发放期间",
    )


def not_cancelled(edition: str) -> Condition:
    """被判处死刑、无期徒刑（2024 年起另含被开除军籍）的，取消资格."""
    grounds = [CancellationReason.DEATH_SENTENCE, CancellationReason.LIFE_IMPRISONMENT]
    if edition != "2019":
        grounds.append(CancellationReason.EXPULSION)

    def compute(c: Context) -> BoolColumn:
        on_grounds = c["cancellation_reason"].isin(*grounds)
        effective = c.is_set("cancelled_on") & (c["cancelled_on"] <= c.month_end)
        return ~(on_grounds & effective)

    def test(c: Context) -> BoolColumn:
        return c.shared(f"national.not_cancelled:{edition}", lambda: compute(c))

    label = "、".join(g.label for g in grounds)
    return Condition(
        "not_cancelled",
        f"未被取消抚恤优待资格（{label}的，取消资格）",
        test,
        reason_failed=f"因{label}，已取消抚恤优待资格",
        citation=_suspension_article(edition),
        reason_met="未被取消资格",
    )


NCO_GRADE_MISSING = (
    "军士（士官）等级未录入，无法判断是否符合按等级区分的规定（初级/中级/高级） / "
    "nco_grade is missing for an NCO, and this rule depends on it"
)


def needs_nco_grade(c: Context, rows: BoolColumn) -> None:
    """Where ``rows`` turn on the NCO grade and an NCO's grade was not given: *undetermined*,
    naming the field. (A missing grade is not a junior grade: guessing either way would pay or
    refuse on a fact nobody recorded.) Reads ``service_kind`` and ``nco_grade``."""
    unknown = rows & (c["service_kind"] == ServiceKind.NCO) & ~c.is_set("nco_grade")
    c.mark_undetermined(unknown, NCO_GRADE_MISSING)


def received_or_standard(c: Context, standard: Callable[[], FenColumn]) -> FenColumn:
    """The monthly amount a grant multiplies (其原享受的…): the amount the person actually
    received, where the case record holds it (``received_monthly_amount``, issue 12 §3), else the
    national standard computed by ``standard``.

    The record is what the articles name (原享受的, which includes a local top-up), so it is taken
    as it is; the standard is then not needed, and a row with the record is never undetermined for
    want of it, in a batch as per case. The caller's label says which rows use the record (one
    label for every row: a person's explanation is the same alone or among many).
    """
    record = np.asarray(c.is_set(RECEIVED))
    received = c.fen(RECEIVED)
    if bool(record.all()):
        return received
    before = np.asarray(c.undetermined).copy()
    cells_before = len(c.missing_cells)
    computed = standard()
    # the standard's missing values (a scalar parameter marks every row of a division; a table
    # notes the rows whose cell is empty) do not concern a recorded row, which needs none
    c.undetermined[np.asarray(c.undetermined) & ~before & record] = False
    cells = c.missing_cells
    for i in range(cells_before, len(cells)):
        path, missing = cells[i]
        cells[i] = (path, np.asarray(missing) & ~record)
    out: FenColumn = where(record, received, computed)
    return out
