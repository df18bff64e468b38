"""Payment summary: amounts and head counts by year × benefit × county, from the ledger.

The figures are :func:`shuangyong.ledger.totals.ledger_totals` (one GROUP BY in the store) of
*paid* lines, reversals and recoveries counted with their sign. A year's head count is the
distinct people of that year, and the overall head count the distinct people over everything
selected — never a sum of groups, which would count a person once per benefit and year.
"""

from __future__ import annotations

from collections import defaultdict

from shuangyong.reports.builders._common import (
    benefit,
    division_coded,
    plugin_names,
    rule_labels,
    year_bounds,
)
from shuangyong.reports.errors import ReportInputError
from shuangyong.reports.model import (
    Column,
    ColumnType,
    FooterRow,
    Note,
    Paragraph,
    Report,
    Section,
    Subject,
    Table,
)
from shuangyong.reports.registry import ReportBuilder
from shuangyong.reports.request import ReportRequest

__all__ = ["BUILDER", "build_payment_summary"]

KIND = "payment-summary"


def build_payment_summary(request: ReportRequest) -> Report:
    """The payment summary of ``request.years`` (``min..max``) in ``request.division``.

    Raises:
        ReportInputError: no store, engine or years; a bad division prefix.
    """
    from shuangyong.errors import InvalidValueError
    from shuangyong.ledger.totals import ledger_totals
    from shuangyong.storage.model import LineStatus

    store = request.need("store", KIND)
    engine = request.need("engine", KIND)
    years: tuple[int, ...] = request.need("years", KIND)
    first, last = min(years), max(years)
    try:
        totals = ledger_totals(
            store,
            engine.divisions,
            statuses=(LineStatus.PAID,),
            first_year=first,
            last_year=last,
            rule_ids=request.rule_ids or None,
            division=request.division,
            count_persons=True,
        )
    except InvalidValueError as exc:
        raise ReportInputError(exc.field, exc.value, exc.reason) from None
    labels = rule_labels(engine)
    rows = [
        (
            r.year,
            benefit(labels, r.rule_id),
            division_coded(engine, r.division),
            r.persons,
            r.lines,
            r.amount_fen,
        )
        for r in totals.rows
    ]
    by_year: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for r in totals.rows:
        by_year[r.year][0] += r.lines
        by_year[r.year][1] += r.amount_fen
    detail = Table.from_rows(
        "totals",
        "分年度、分项目、分区县发放汇总",
        [
            Column("year", "年度", ColumnType.INT),
            Column("benefit", "优抚项目", ColumnType.CODE),
            Column("division", "区县", ColumnType.CODE),
            Column("persons", "人数", ColumnType.INT),
            Column("lines", "笔数", ColumnType.INT),
            Column("amount", "金额（元）", ColumnType.MONEY),
        ],
        rows,
        footer=[
            FooterRow("合计", (None, None, None, totals.persons, totals.lines, totals.amount_fen))
        ],
    )
    yearly = Table.from_rows(
        "years",
        "分年度合计",
        [
            Column("year", "年度", ColumnType.INT),
            Column("lines", "笔数", ColumnType.INT),
            Column("amount", "金额（元）", ColumnType.MONEY),
        ],
        [(y, n, a) for y, (n, a) in sorted(by_year.items())],
        footer=[FooterRow("合计", (None, totals.lines, totals.amount_fen))],
    )
    where = division_coded(engine, request.division) if request.division else None
    span = f"{first}年" if first == last else f"{first}年至{last}年"
    lead = Paragraph(
        f"{where.label if where else '全部地区'}{span}共发放 {totals.persons} 人、"
        f"{totals.lines} 笔，金额 {totals.amount}。",
        ("发放台账：状态为“已发放”的发放行（冲正、追回按负数计）",),
    )
    note = Note(
        "合计人数为所选范围内不重复的人数，不等于各行人数之和（同一人可在多个年度、项目中出现）。"
    )
    low, high = year_bounds(years)
    return Report(
        kind=KIND,
        title="优抚资金发放汇总表",
        subject=Subject(where, span, low, high),
        sections=(Section("发放汇总", (lead, yearly, detail, note)),),
        plugins=plugin_names(engine),
    )


BUILDER = ReportBuilder(
    KIND,
    "优抚资金发放汇总表",
    build_payment_summary,
    needs=("store", "engine", "years", "division", "rule_ids"),
    description="按年度 × 项目 × 区县汇总已发放金额与人数",
)
