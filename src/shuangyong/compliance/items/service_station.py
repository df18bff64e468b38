"""``service_station``: "五有" of every 退役军人服务中心（站）, and "三级全覆盖".

* ``service_station.five_haves``: the share of stations (set up by the end of the year) that have
  all five of 有机构、有编制、有人员、有经费、有保障; every station lacking one is listed.
* ``service_station.coverage``: district, township and village levels, one third of the points
  each, in proportion to the divisions of that level with a station. The township and village
  lists come from the division catalog (plugins' ``register_divisions``); a level with no data
  earns nothing and the finding says the data is missing.

Provenance: stations in towns, sub-districts, villages and communities are required by
退役军人保障法 第65条 (statute text, H). The "五有" list was stated by the minister in 2019 (one
secondary source, L), so that item is ``example``. Points are ``example``.
"""

from __future__ import annotations

from fractions import Fraction

from shuangyong.compliance.context import ItemContext, Outcome
from shuangyong.compliance.evidence import Station
from shuangyong.compliance.items._common import cite, set_aside
from shuangyong.compliance.kinds import StationLevel
from shuangyong.compliance.model import Checklist, Item, PointsRef, Section
from shuangyong.domain.divisions import DivisionLevel
from shuangyong.parameters.model import Provenance

__all__ = ["CHECKLIST", "coverage", "five_haves", "six_standards"]

_POINTS = "service_station.points"
_LEVELS = (
    (DivisionLevel.COUNTY, StationLevel.DISTRICT, "区（县）级"),
    (DivisionLevel.TOWNSHIP, StationLevel.TOWNSHIP, "乡镇（街道）级"),
    (DivisionLevel.VILLAGE, StationLevel.VILLAGE, "村（社区）级"),
)


def _stations(ctx: ItemContext) -> tuple[list[Station], list[str]]:
    # one pass: "s not in ok" compared every station with every other (20,000 stations: 42 s)
    ok: list[Station] = []
    late: list[Station] = []
    for s in ctx.evidence.of_type(Station):
        (ok if s.established_on is None or s.established_on <= ctx.year_end else late).append(s)
    return ok, set_aside(late, ctx, f"服务站成立日期晚于考评年度 {ctx.year}")


def five_haves(ctx: ItemContext) -> Outcome:
    """Share of stations with all of the "五有"."""
    stations, notes = _stations(ctx)
    if not stations:
        return Outcome(Fraction(0), (), ("缺少：退役军人服务中心（站）记录",), tuple(notes))
    gaps = []
    full = 0
    for s in stations:
        lacking = [name for name, ok in s.five_haves().items() if not ok]
        if lacking:
            gaps.append(f"服务站 {s.id} {s.name} 缺少：" + "、".join(lacking))
        else:
            full += 1
    notes.append(f"五有齐全的站点 {full}/{len(stations)} 个")
    return Outcome(Fraction(full, len(stations)), tuple(stations), tuple(gaps), tuple(notes))


def six_standards(ctx: ItemContext) -> Outcome:
    """Share of stations meeting every "六化" item (the list is ``example``)."""
    stations, notes = _stations(ctx)
    if not stations:
        return Outcome(Fraction(0), (), ("缺少：退役军人服务中心（站）记录",), tuple(notes))
    gaps = []
    full = 0
    for s in stations:
        lacking = [name for name, ok in s.six_standards().items() if not ok]
        if lacking:
            gaps.append(f"服务站 {s.id} {s.name} 未达“六化”：" + "、".join(lacking))
        else:
            full += 1
    notes.append(f"“六化”齐全的站点 {full}/{len(stations)} 个（“六化”项目为示例清单）")
    return Outcome(Fraction(full, len(stations)), tuple(stations), tuple(gaps), tuple(notes))


def coverage(ctx: ItemContext) -> Outcome:
    """三级全覆盖: one third per level, in proportion to the divisions with a station."""
    stations, notes = _stations(ctx)
    by_division = {s.division: s for s in reversed(stations)}  # first station per division
    total = Fraction(0)
    gaps: list[str] = []
    used: list[Station] = []
    for div_level, _, label in _LEVELS:
        required = ctx.below(div_level)
        if not required:
            gaps.append(
                f"缺少：{label}区划数据（目录中无 {ctx.division.name} 的{label}区划，"
                "无法核查；请加载提供该级区划的插件）"
            )
            continue
        covered = [d for d in required if d.code in by_division]
        used += [by_division[d.code] for d in covered]
        total += Fraction(len(covered), len(required)) / len(_LEVELS)
        notes.append(f"{label}覆盖 {len(covered)}/{len(required)}")
        missing = [d for d in required if d.code not in by_division]
        if missing:
            names = "、".join(f"{d.name}（{d.code}）" for d in missing[:10])
            more = f"等 {len(missing)} 个" if len(missing) > 10 else ""
            gaps.append(f"缺少：{label}服务站 — {names}{more}")
    return Outcome(total, tuple(used), tuple(gaps), tuple(notes))


_LAW_65 = cite("退役军人保障法", "第65条", "2020")
_LAW_66 = cite("退役军人保障法", "第66条", "2020")

CHECKLIST = Checklist(
    id="service_station",
    label="退役军人服务中心（站）建设",
    description="每个服务中心（站）“五有”齐全、达到“六化”（示例）；区、乡镇、村三级全覆盖。",
    sections=(
        Section(
            id="service_station",
            label="退役军人服务中心（站）",
            items=(
                Item(
                    id="service_station.five_haves",
                    label="服务中心（站）“五有”（有机构、有编制、有人员、有经费、有保障）",
                    evaluate=five_haves,
                    points=PointsRef(_POINTS, "five_haves"),
                    citations=(_LAW_65, _LAW_66),
                    basis="“五有”见2019年部长答记者问（单一二手来源，L，按示例处理）；分值为示例",
                    reads=("station",),
                ),
                Item(
                    id="service_station.six_standards",
                    label="服务站“六化”标准（示例清单）",
                    evaluate=six_standards,
                    points=PointsRef(_POINTS, "six_standards"),
                    citations=(_LAW_65,),
                    basis="未找到“六化”的官方文本（仅见地方标准目录，未读正文）：项目清单与分值均为示例",
                    reads=("station",),
                ),
                Item(
                    id="service_station.coverage",
                    label="区、乡、村三级全覆盖",
                    evaluate=coverage,
                    points=PointsRef(_POINTS, "coverage"),
                    citations=(_LAW_65,),
                    basis="乡镇、街道、农村和城市社区设立服务站点见退役军人保障法第65条（法律文本）；"
                    "各级等分计分的方法与分值为示例",
                    provenance=Provenance.OFFICIAL,
                    reads=("station",),
                ),
            ),
        ),
    ),
)
