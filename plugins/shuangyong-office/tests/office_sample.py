"""A small report with every kind of block and column, for the office format tests.

Synthetic: the names, id numbers and amounts are made up (the id numbers have valid check
digits so the model accepts them; they are masked in the report anyway).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from shuangyong.reports import (
    Approval,
    Caveat,
    CaveatKind,
    Coded,
    Column,
    ColumnType,
    FooterRow,
    Note,
    Paragraph,
    Report,
    Section,
    Signatory,
    Subject,
    Table,
)

COLUMNS = (
    Column("no", "序号", ColumnType.INT),
    Column("name", "姓名", ColumnType.TEXT),
    Column("id", "公民身份号码", ColumnType.ID_NUMBER),
    Column("town", "乡镇（街道）", ColumnType.CODE),
    Column("since", "享受待遇起始日期", ColumnType.DATE),
    Column("amount", "发放金额（元）", ColumnType.MONEY),
    Column("share", "占比", ColumnType.PERCENT),
)

# 7 fen is the amount openpyxl's float formatting gets wrong (0.07000000000000001)
AMOUNTS = (7, 123456, 88150_00, 56, 1, 999_999_99, 0)

ROWS = [
    (
        1,
        "张三",
        "411003199001011234",
        Coded("411003001", "灵井镇"),
        dt.date(2019, 4, 1),
        AMOUNTS[0],
        Fraction(1, 3),
    ),
    (
        2,
        "李四",
        None,
        Coded("411003002", "陈曹乡"),
        dt.date(2020, 1, 1),
        AMOUNTS[1],
        Fraction(1, 2),
    ),
    (3, "=SUM(A1:A2)", "41100319900101123X", Coded("411003001", "灵井镇"), None, AMOUNTS[2], None),
    (
        4,
        "欧阳·买买提",
        None,
        Coded("411003003", "苏桥镇"),
        dt.date(2024, 12, 31),
        AMOUNTS[3],
        Fraction(0),
    ),
    (5, "#N/A", None, Coded("411003003", "苏桥镇"), dt.date(2025, 3, 1), AMOUNTS[4], None),
    (6, "王五", None, Coded("411003002", "陈曹乡"), dt.date(2025, 3, 1), AMOUNTS[5], None),
    (7, "赵六", None, Coded("411003002", "陈曹乡"), dt.date(2025, 3, 1), AMOUNTS[6], None),
]
TOTAL_FEN = sum(AMOUNTS)


def roster_table(key: str = "roster", rows: list[tuple] | None = None) -> Table:
    body = ROWS if rows is None else rows
    total = sum(r[5] for r in body)
    return Table.from_rows(
        key,
        "伤残抚恤金发放花名册",
        COLUMNS,
        body,
        footer=[FooterRow("合计", (None, None, None, None, None, total, None))],
    )


def sample_report(table: Table | None = None) -> Report:
    return Report(
        kind="roster",
        title="建安区2025年3月伤残抚恤金发放花名册",
        subject=Subject(
            Coded("411003", "建安区"), "2025年3月", dt.date(2025, 3, 1), dt.date(2025, 3, 31)
        ),
        sections=(
            Section(
                "一、组织领导：双拥工作领导小组",
                blocks=(
                    Paragraph(
                        "区双拥工作领导小组由区委副书记任组长，2024年召开专题会议4次。",
                        sources=("证据记录 meeting-2024-01", "证据记录 meeting-2024-02"),
                    ),
                    Note("会议次数以会议纪要为准。"),
                ),
                sections=(Section("（一）成员单位", blocks=(Paragraph("成员单位共32个。"),)),),
            ),
            Section(
                "二、拥军优属/发放明细：2025年3月",
                blocks=(
                    Paragraph("本月发放伤残抚恤金如下表。"),
                    table if table is not None else roster_table(),
                ),
            ),
        ),
        caveats=(
            Caveat(CaveatKind.EXAMPLE, "本表使用了示例（example）标准，不得作为发放依据。"),
            Caveat(CaveatKind.SYNTHETIC, "本表数据为合成数据。"),
        ),
        approval=Approval(
            (
                Signatory("经办人", "张三"),
                Signatory("审核人"),
                Signatory("负责人", "李四", dt.date(2025, 3, 31)),
            ),
            unit="许昌市建安区退役军人事务局",
        ),
        as_of=dt.date(2025, 3, 31),
        plugins=("shuangyong-henan 0.1.0",),
    )
