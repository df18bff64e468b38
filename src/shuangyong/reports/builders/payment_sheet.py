"""发放表: the lines of one payment run, by township, with subtotals and the grand total in
figures and in 人民币大写.

Every line of the run is listed (regular lines, arrears, recoveries and reversals with their
sign), grouped by the township the person was registered in; each township closes with a
小计, and a last section gives the township totals and the 合计 in figures and in 大写. The sums
are exact integer fen, so the subtotals add up to the total by construction.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from shuangyong.domain.periods import Month
from shuangyong.reports.builders._common import (
    EXAMPLE_PAYMENT_CAVEAT,
    benefit,
    division_coded,
    example_digests,
    plugin_names,
    rule_labels,
)
from shuangyong.reports.cells import money_text
from shuangyong.reports.daxie import daxie
from shuangyong.reports.errors import ReportInputError
from shuangyong.reports.model import (
    Approval,
    Caveat,
    CaveatKind,
    Coded,
    Column,
    ColumnType,
    FooterRow,
    Paragraph,
    Report,
    Section,
    Subject,
    Table,
)
from shuangyong.reports.privacy import REVEALED_CAVEAT, audit_reveal, id_column
from shuangyong.reports.registry import ReportBuilder
from shuangyong.reports.request import ReportRequest

__all__ = ["BUILDER", "build_payment_sheet", "period_text"]

KIND = "payment-sheet"


def period_text(first: Month, last: Month) -> str:
    """``2025年3月`` or ``2025年1月—2025年3月``."""
    a = f"{first.year}年{first.month}月"
    return a if first == last else f"{a}—{last.year}年{last.month}月"


def build_payment_sheet(request: ReportRequest) -> Report:
    """The payment sheet (发放表) of run ``request.run_id``.

    Raises:
        ReportInputError: no store or run id, or a run the store does not hold.
    """
    store = request.need("store", KIND)
    run_id: str = request.need("run_id", KIND)
    engine = request.engine
    run = next((r for r in store.runs() if r.run_id == run_id), None)
    if run is None:
        raise ReportInputError(
            "run_id", run_id, "台账中没有该发放批次 / the store holds no such payment run"
        )
    lines = store.lines(run_id=run_id)
    audit_reveal(request, KIND, run_id, len({ln.person_id for ln in lines}))
    names: dict[str, str] = {}
    for r in store.rows_on(run.last.end, division=run.division):
        names[r["person_id"]] = r.get("name") or ""
    for ln in lines:
        if ln.person_id not in names:
            # moved away or died before the run's last month: the name as of the line's date
            try:
                names[ln.person_id] = store.row_on(ln.person_id, ln.due_date).get("name") or ""
            except Exception:  # an unknown person still gets a line, unnamed
                names[ln.person_id] = ""
    labels = rule_labels(engine)
    by_town: dict[str, list[Any]] = defaultdict(list)
    for ln in lines:
        by_town[ln.township or ""].append(ln)
    columns = [
        Column("no", "序号", ColumnType.INT),
        Column("name", "姓名"),
        id_column(request),
        Column("benefit", "优抚项目", ColumnType.CODE),
        Column("period", "所属期间"),
        Column("kind", "类别", ColumnType.CODE),
        Column("amount", "金额（元）", ColumnType.MONEY),
    ]
    sections = []
    totals = []
    for code in sorted(by_town):
        town = division_coded(engine, code or None)
        items = sorted(by_town[code], key=lambda ln: (ln.person_id, ln.rule_id, ln.line_id or 0))
        subtotal = sum(ln.amount_fen for ln in items)
        rows = [
            (
                i,
                names.get(ln.person_id, ""),
                ln.person_id,
                benefit(labels, ln.rule_id),
                period_text(ln.period_first, ln.period_last),
                Coded(ln.kind.value, ln.kind.label),
                ln.amount_fen,
            )
            for i, ln in enumerate(items, 1)
        ]
        persons = len({ln.person_id for ln in items})
        table = Table.from_rows(
            f"lines_{code or 'none'}",
            f"{town.label}发放明细",
            columns,
            rows,
            footer=[FooterRow("小计", (None, f"{persons} 人", None, None, None, None, subtotal))],
        )
        sections.append(Section(town.label, (table,)))
        totals.append((town, persons, len(items), subtotal))
    grand = sum(t[3] for t in totals)
    persons_all = len({ln.person_id for ln in lines})
    summary = Table.from_rows(
        "townships",
        "各乡镇（街道）小计",
        [
            Column("township", "乡镇（街道）", ColumnType.CODE),
            Column("persons", "人数", ColumnType.INT),
            Column("lines", "笔数", ColumnType.INT),
            Column("amount", "金额（元）", ColumnType.MONEY),
        ],
        totals,
        footer=[FooterRow("合计", (None, persons_all, len(lines), grand))],
    )
    total_text = Paragraph(
        f"合计金额（小写）：¥{money_text(grand)}　合计金额（大写）：人民币{daxie(grand)}",
        (f"发放批次 {run_id} 的全部发放行（{len(lines)} 笔）",),
    )
    where = division_coded(engine, run.division)
    caveats: list[Caveat] = []
    if request.reveal_ids:
        caveats.append(REVEALED_CAVEAT)
    if lines and example_digests(store, (ln.explanation_digest for ln in lines)):
        caveats.append(EXAMPLE_PAYMENT_CAVEAT)
    if not lines:
        caveats.append(Caveat(CaveatKind.OTHER, "该批次没有发放行。"))
    status = "、".join(sorted({ln.status.label for ln in lines})) or "无"
    lead = Paragraph(
        f"发放批次 {run_id}（{run.kind.label}），所属期间 {period_text(run.first, run.last)}，"
        f"经办人 {run.created_by}；发放行状态：{status}。"
    )
    return Report(
        kind=KIND,
        title="优抚金发放表",
        subject=Subject(where, period_text(run.first, run.last), run.first.start, run.last.end),
        sections=(*sections, Section("合计", (lead, summary, total_text))),
        caveats=caveats,
        approval=Approval(),
        plugins=plugin_names(engine),
    )


BUILDER = ReportBuilder(
    KIND,
    "优抚金发放表",
    build_payment_sheet,
    needs=("store", "run_id"),
    description="一个发放批次的全部发放行，按乡镇小计，合计含人民币大写",
)
