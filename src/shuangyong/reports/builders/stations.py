"""Service-station coverage (服务站覆盖): district, township and village level.

For each level, the divisions of that level at or under the division (from the engine's
catalogue; townships and villages come from plugins) and which of them have a station in the
evidence (established by the end of the year, when a year is given). Every station is listed
with its "五有" facts, and every division without one is named. Nothing is assumed: a level the
catalogue has no divisions for is said to be unknown, not counted as covered.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from shuangyong.reports.builders._common import check_division, division_coded, plugin_names
from shuangyong.reports.model import (
    Block,
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
    Subject,
    Table,
)
from shuangyong.reports.registry import ReportBuilder
from shuangyong.reports.request import ReportRequest

__all__ = ["BUILDER", "build_stations"]

KIND = "stations"
_LEVELS = (("county", "区（县）级"), ("township", "乡镇（街道）级"), ("village", "村（社区）级"))


def _below(catalog: Any, code: str, level: str) -> list[Any]:
    out = []
    todo = [catalog.get(code)]
    while todo:
        d = todo.pop()
        if d.level.value == level:
            out.append(d)
        todo.extend(catalog.children(d.code))
    return sorted(out, key=lambda d: str(d.code))


def build_stations(request: ReportRequest) -> Report:
    """Station coverage of ``request.division`` from the evidence files.

    Raises:
        ReportInputError: a missing input or unknown division.
        ShuangyongError: unreadable or invalid evidence (named by file and record).
    """
    from shuangyong.compliance.evidence import Station
    from shuangyong.compliance.loading import load_evidence

    engine = request.need("engine", KIND)
    evidence = request.need("evidence", KIND)
    division = check_division(engine, request.division, KIND)
    data = load_evidence(*evidence)
    year_end = dt.date(max(request.years), 12, 31) if request.years else None
    stations = [
        s
        for s in data.of_type(Station)
        if year_end is None or s.established_on is None or s.established_on <= year_end
    ]
    by_code: dict[str, Any] = {}
    for s in stations:
        by_code.setdefault(str(s.division), s)
    coverage: list[tuple[str, int | None, int | None, Fraction | None]] = []
    missing_blocks: list[Block] = []
    unknown = []
    for level, label in _LEVELS:
        required = _below(engine.divisions, division, level)
        if not required:
            unknown.append(label)
            coverage.append((label, None, None, None))
            continue
        covered = [d for d in required if str(d.code) in by_code]
        coverage.append((label, len(required), len(covered), Fraction(len(covered), len(required))))
        missing = [d for d in required if str(d.code) not in by_code]
        if missing:
            missing_blocks.append(
                Table.from_rows(
                    f"missing_{level}",
                    f"未建站的{label}区划",
                    [Column("division", "区划", ColumnType.CODE), Column("code", "区划代码")],
                    [(Coded(str(d.code), d.name), str(d.code)) for d in missing],
                )
            )
    levels = Table.from_rows(
        "coverage",
        "三级覆盖情况",
        [
            Column("level", "层级"),
            Column("required", "应建（个）", ColumnType.INT),
            Column("covered", "已建（个）", ColumnType.INT),
            Column("ratio", "覆盖率", ColumnType.PERCENT),
        ],
        coverage,
    )
    listed = Table.from_rows(
        "stations",
        "服务中心（站）名录",
        [
            Column("name", "名称"),
            Column("division", "所在区划", ColumnType.CODE),
            Column("established_on", "成立日期", ColumnType.DATE),
            Column("haves", "五有", ColumnType.INT),
            Column("lacking", "缺少"),
            Column("staff", "人员（人）", ColumnType.INT),
            Column("funding", "经费（元）", ColumnType.MONEY),
        ],
        [
            (
                s.name,
                division_coded(engine, str(s.division)),
                s.established_on,
                sum(s.five_haves().values()),
                "、".join(k for k, ok in s.five_haves().items() if not ok),
                s.staff,
                s.funding.fen if s.funding is not None else None,
            )
            for s in sorted(stations, key=lambda s: (str(s.division), s.id))
        ],
        footer=[FooterRow("合计", (f"{len(stations)} 个", None, None, None, None, None, None))],
    )
    where = division_coded(engine, division)
    lead = Paragraph(
        f"{where.label}共有退役军人服务中心（站）{len(stations)} 个。",
        tuple(f"证据文件 {p.name}" for p in request.evidence),
    )
    blocks: list[Block] = [lead, levels]
    caveats = []
    if unknown:
        blocks.append(
            Note(
                "、".join(unknown) + "区划数据缺失（目录中无下级区划，无法核查覆盖；"
                "请加载提供该级区划的插件）。"
            )
        )
        caveats.append(Caveat(CaveatKind.INCOMPLETE, "部分层级无区划数据，覆盖情况不完整。"))
    if data.synthetic:
        caveats.append(Caveat(CaveatKind.SYNTHETIC, "证据为合成的演示数据，不反映任何真实地区。"))
    period = f"{max(request.years)}年" if request.years else ""
    return Report(
        kind=KIND,
        title="退役军人服务中心（站）覆盖情况",
        subject=Subject(
            where,
            period,
            dt.date(max(request.years), 1, 1) if request.years else None,
            year_end,
        ),
        sections=(
            Section("覆盖情况", blocks),
            Section("服务中心（站）名录", (listed,)),
            *((Section("未建站区划", missing_blocks),) if missing_blocks else ()),
        ),
        caveats=caveats,
        plugins=plugin_names(engine),
    )


BUILDER = ReportBuilder(
    KIND,
    "服务站覆盖情况",
    build_stations,
    needs=("engine", "division", "evidence", "years"),
    description="区、乡镇、村三级服务中心（站）覆盖率、名录与未建站区划",
)
