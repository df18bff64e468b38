"""The rule catalogue: every rule loaded, each version with its dates of effect and citations,
and whether its figures are confirmed (from :func:`shuangyong.catalogue.catalogue`)."""

from __future__ import annotations

from shuangyong.reports.builders._common import plugin_names
from shuangyong.reports.model import (
    Caveat,
    CaveatKind,
    Coded,
    Column,
    ColumnType,
    Paragraph,
    Report,
    Section,
    Table,
)
from shuangyong.reports.registry import ReportBuilder
from shuangyong.reports.request import ReportRequest

__all__ = ["BUILDER", "build_catalogue"]

KIND = "catalogue"
_KIND = {"eligibility": "资格", "benefit": "待遇金额", "privilege": "优待"}
_PERIOD = {"month": "按月", "year": "按年", "one_off": "一次性", None: ""}
_PROVENANCE = {"official": "官方", "secondary": "二手来源", "example": "示例"}


def build_catalogue(request: ReportRequest) -> Report:
    """Every rule of ``request.engine``.

    Raises:
        ReportInputError: no engine.
    """
    from shuangyong.catalogue import catalogue

    engine = request.need("engine", KIND)
    rows = []
    example = False
    for info in catalogue(engine):
        for v in info.versions:
            provs = sorted({p for par in v.parameters for p in par.provenance})
            example = example or "example" in provs
            rows.append(
                (
                    Coded(info.id, info.label),
                    Coded(info.kind, _KIND.get(info.kind, info.kind)),
                    _PERIOD.get(info.period, info.period or ""),
                    v.version,
                    v.effective_from,
                    v.effective_to,
                    "；".join(v.citations),
                    "、".join(_PROVENANCE.get(p, p) for p in provs) or "（无参数）",
                    info.supplier,
                )
            )
    table = Table.from_rows(
        "rules",
        "规则目录",
        [
            Column("rule", "规则", ColumnType.CODE),
            Column("kind", "类别", ColumnType.CODE),
            Column("period", "支付周期"),
            Column("version", "版本"),
            Column("effective_from", "生效日期", ColumnType.DATE),
            Column("effective_to", "失效日期", ColumnType.DATE),
            Column("citations", "依据"),
            Column("provenance", "数额来源"),
            Column("supplier", "提供者"),
        ],
        rows,
    )
    lead = Paragraph(
        f"已加载规则 {len({r[0].code for r in rows})} 条、版本 {len(rows)} 个。"
        "“数额来源”为各版本所用参数在其有效期内的来源等级。"
    )
    caveats = []
    if example:
        caveats.append(
            Caveat(
                CaveatKind.EXAMPLE,
                "部分规则所用数额为示例数据（未经官方来源核实），其结果不得作为发放依据。",
            )
        )
    return Report(
        kind=KIND,
        title="优抚政策规则目录",
        sections=(Section("规则目录", (lead, table)),),
        caveats=caveats,
        plugins=plugin_names(engine),
    )


BUILDER = ReportBuilder(
    KIND,
    "规则目录",
    build_catalogue,
    needs=("engine",),
    description="已加载的全部规则及版本、生效日期、依据与数额来源",
)
