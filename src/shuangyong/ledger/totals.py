"""Totals: year × benefit × county, with head counts and exact amounts.

The sums and per-group head counts come from :meth:`Store.totals` (one GROUP BY in the
database). Lines carry the county they were paid in, so townships roll up to their county; a
2-digit province or 4-digit city prefix selects its counties. The overall head count (distinct
people across years and benefits: the "N people" of "since 2019, N people, X yuan") cannot be
added up from groups, so the store counts it separately over the same selection
(:meth:`Store.head_count`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import attrs

from shuangyong.domain.money import Yuan, checked_fen
from shuangyong.errors import InvalidValueError
from shuangyong.storage.model import LineStatus
from shuangyong.storage.protocol import Store

__all__ = ["LedgerTotals", "TotalLine", "ledger_totals"]


@attrs.frozen
class TotalLine:
    """One group: a year (of the period covered), a benefit and a county."""

    year: int
    rule_id: str
    division: str
    division_name: str
    lines: int
    persons: int
    amount_fen: int

    @property
    def amount(self) -> Yuan:
        return Yuan.from_fen(self.amount_fen)


@attrs.frozen
class LedgerTotals:
    """Totals of the selected lines.

    Attributes:
        rows: per year × benefit × county.
        persons: distinct people over all rows (not the sum of the groups' head counts), or
            None when not counted.
        statuses, first_year, last_year, rule_ids, division: the selection.
    """

    rows: tuple[TotalLine, ...]
    persons: int | None
    statuses: tuple[LineStatus, ...]
    first_year: int | None
    last_year: int | None
    rule_ids: tuple[str, ...] | None
    division: str | None

    @property
    def amount_fen(self) -> int:
        total = sum(r.amount_fen for r in self.rows)
        return checked_fen(total, "发放合计（全部分组）/ the ledger total of every group")

    @property
    def amount(self) -> Yuan:
        return Yuan.from_fen(self.amount_fen)

    @property
    def lines(self) -> int:
        return sum(r.lines for r in self.rows)

    def columns(self) -> dict[str, list[Any]]:
        """Plain columns (values, not display strings): amounts as int fen and exact Yuan."""
        return {
            "year": [r.year for r in self.rows],
            "rule_id": [r.rule_id for r in self.rows],
            "division": [r.division for r in self.rows],
            "division_name": [r.division_name for r in self.rows],
            "lines": [r.lines for r in self.rows],
            "persons": [r.persons for r in self.rows],
            "amount_fen": [r.amount_fen for r in self.rows],
            "amount": [r.amount.amount for r in self.rows],
        }

    def to_pandas(self) -> Any:
        """A pandas DataFrame of :meth:`columns` (pandas is an optional extra)."""
        import pandas as pd

        frame = pd.DataFrame(self.columns())
        return frame.astype(
            {"year": "int64", "lines": "int64", "persons": "int64", "amount_fen": "int64"}
        )

    def __str__(self) -> str:
        years = _years(self.first_year, self.last_year, self.rows)
        who = f"{self.persons} 人，" if self.persons is not None else ""
        where = f"区划 {self.division}，" if self.division else ""
        status = "、".join(s.label for s in self.statuses)
        head = f"{where}{years}：{who}{self.amount}（{self.lines} 笔，{status}）"
        out = [head]
        for r in self.rows:
            out.append(
                f"  {r.year}年　{r.rule_id}　{r.division_name}（{r.division}）：{r.persons} 人，"
                f"{r.lines} 笔，{r.amount}"
            )
        return "\n".join(out)


def _years(first: int | None, last: int | None, rows: Sequence[TotalLine]) -> str:
    if first is None and rows:
        first = min(r.year for r in rows)
    if last is None and rows:
        last = max(r.year for r in rows)
    if first is None or last is None:
        return "（无记录）"
    return f"{first}年" if first == last else f"{first}年至{last}年"


def ledger_totals(
    store: Store,
    divisions: Any,
    *,
    statuses: Sequence[LineStatus],
    first_year: int | None,
    last_year: int | None,
    rule_ids: Sequence[str] | None,
    division: str | None,
    count_persons: bool,
) -> LedgerTotals:
    """See :meth:`shuangyong.ledger.Ledger.totals`."""
    if division is not None and not (
        isinstance(division, str) and re.fullmatch(r"[0-9]{2}|[0-9]{4}|[0-9]{6}", division)
    ):
        raise InvalidValueError(
            "division",
            division,
            "汇总区划应为省（2位）、市（4位）或县（6位）代码前缀；乡镇汇总到所属县 / a "
            "province (2 digits), city (4) or county (6) prefix; townships roll up to their county",
        )
    statuses = tuple(LineStatus(s) for s in statuses)
    names: dict[str, str] = {}

    def name(code: str) -> str:
        if code not in names:
            try:
                names[code] = str(divisions.get(code).name)
            except Exception:
                names[code] = code
        return names[code]

    got = store.totals(
        statuses=statuses,
        first_year=first_year,
        last_year=last_year,
        rule_ids=rule_ids,
        division=division,
    )
    rows = tuple(
        TotalLine(t.year, t.rule_id, t.division, name(t.division), t.lines, t.persons, t.amount_fen)
        for t in got
    )
    persons = None
    if count_persons:
        persons = store.head_count(
            statuses=statuses,
            first_year=first_year,
            last_year=last_year,
            rule_ids=rule_ids,
            division=division,
        )
    return LedgerTotals(
        rows,
        persons,
        statuses,
        first_year,
        last_year,
        None if rule_ids is None else tuple(rule_ids),
        division,
    )
