"""花名册: the beneficiaries of each benefit in a division, as of a date.

A beneficiary of a benefit is a person registered in the division on the date (``store.rows_on``)
with a net positive amount in the ledger for the month of that date (``store.lines``: regular
lines, arrears, recoveries and reversals add up). One section per benefit, people ordered by
township and id number; a summary table of people and amounts per benefit leads.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from shuangyong.domain.periods import Month
from shuangyong.reports.builders._common import (
    EXAMPLE_PAYMENT_CAVEAT,
    benefit,
    check_division,
    division_coded,
    example_digests,
    plugin_names,
    rule_labels,
)
from shuangyong.reports.model import (
    Approval,
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

__all__ = ["BUILDER", "build_roster"]

KIND = "roster"


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value)
    return None


def build_roster(request: ReportRequest) -> Report:
    """The roster (花名册) of ``request.division`` on ``request.on``.

    Needs ``store``, ``division`` and ``on``; ``rule_ids`` restricts the benefits.

    Raises:
        ReportInputError: a missing input or an unknown division.
    """
    store = request.need("store", KIND)
    on: dt.date = request.need("on", KIND)
    engine = request.engine
    division = check_division(engine, request.division, KIND)
    month = Month.of(on)
    net: dict[tuple[str, str], int] = defaultdict(int)
    digests: set[str] = set()
    wanted = set(request.rule_ids)
    for line in store.iter_lines(first=month, last=month, division=division):
        if wanted and line.rule_id not in wanted:
            continue
        net[(line.rule_id, line.person_id)] += line.amount_fen
        digests.add(line.explanation_digest)
    rows = {r["person_id"]: r for r in store.rows_on(on, division=division)}
    by_rule: dict[str, list[str]] = defaultdict(list)
    for (rule_id, pid), amount in net.items():
        if amount > 0:
            by_rule[rule_id].append(pid)
    people = {pid for pids in by_rule.values() for pid in pids}
    audit_reveal(request, KIND, f"{division} {on.isoformat()}", len(people))
    labels = rule_labels(engine)
    towns: dict[str | None, Any] = {}

    def town(code: str | None) -> Any:
        if code not in towns:
            towns[code] = division_coded(engine, code)
        return towns[code]

    summary = []
    sections = []
    for rule_id in sorted(by_rule):
        pids = by_rule[rule_id]
        info = {pid: rows.get(pid, {}) for pid in pids}
        pids.sort(key=lambda p: (info[p].get("township_division") or "", p))
        amounts = [net[(rule_id, p)] for p in pids]
        columns = [
            Column("no", "序号", ColumnType.INT),
            Column("name", "姓名"),
            id_column(request),
            Column("birth_date", "出生日期", ColumnType.DATE),
            Column("township", "乡镇（街道）", ColumnType.CODE),
            Column("amount", f"{month.year}年{month.month}月金额（元）", ColumnType.MONEY),
        ]
        table = Table(
            f"roster_{rule_id}",
            f"{labels.get(rule_id, rule_id)}花名册",
            columns,
            (
                tuple(range(1, len(pids) + 1)),
                tuple(info[p].get("name") or "" for p in pids),
                tuple(pids),
                tuple(_date(info[p].get("birth_date")) for p in pids),
                tuple(town(info[p].get("township_division")) for p in pids),
                tuple(amounts),
            ),
            (FooterRow("合计", (None, f"{len(pids)} 人", None, None, None, sum(amounts))),),
        )
        label = benefit(labels, rule_id)
        summary.append((label, len(pids), sum(amounts)))
        sections.append(Section(label.label, (table,)))
    where = division_coded(engine, division)
    overview = Table.from_rows(
        "summary",
        "各项目人数与金额",
        [
            Column("benefit", "优抚项目", ColumnType.CODE),
            Column("persons", "人数", ColumnType.INT),
            Column("amount", "金额（元）", ColumnType.MONEY),
        ],
        summary,
        footer=[FooterRow("合计", (None, len(people), sum(a for _, _, a in summary)))],
    )
    lead = Paragraph(
        f"{where.label}{on.year}年{on.month}月{on.day}日在册、当月有发放记录的优抚对象"
        f"共 {len(people)} 人（按项目分列，同一人可享受多个项目）。",
        ("发放台账（已记入台账的各类发放行，补发、追回与冲正合并计算）",),
    )
    caveats = []
    if request.reveal_ids:
        caveats.append(REVEALED_CAVEAT)
    if digests and example_digests(store, digests):
        caveats.append(EXAMPLE_PAYMENT_CAVEAT)
    return Report(
        kind=KIND,
        title="优抚对象花名册",
        subject=Subject(where, f"{on.year}年{on.month}月", month.start, month.end),
        sections=(Section("汇总", (lead, overview)), *sections),
        caveats=caveats,
        approval=Approval(),
        as_of=on,
        plugins=plugin_names(engine),
    )


BUILDER = ReportBuilder(
    KIND,
    "优抚对象花名册",
    build_roster,
    needs=("store", "division", "on", "rule_ids"),
    description="在册且当月有发放记录的优抚对象，按项目分列",
)
