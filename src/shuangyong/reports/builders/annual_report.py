"""The annual 双拥 work report draft (年度双拥工作总结（草稿）), from evidence and the ledger.

Sections as a district writes them: 组织领导 (the leading group, "五纳入"), the service system
(stations at district, township and village level), publicity and national-defence education,
拥军优属 with money figures, 拥政爱民 and joint construction, honours. Every sentence is built
from evidence records or a ledger total and names them (``来源：…``); what the evidence does not
support is listed in the last section as a gap, never written as if it were done.

Money: with a store, the paid lines of the ledger since the first year asked for (people and
amounts by year and benefit, reversals and recoveries counted with their sign); without one, the
``payment_total`` evidence records that state totals, each named with the document that states
it. Neither is ever mixed with the other.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from shuangyong.reports.builders._common import (
    EXAMPLE_PAYMENT_CAVEAT,
    benefit,
    check_division,
    division_coded,
    example_digests,
    plugin_names,
    rule_labels,
)
from shuangyong.reports.builders._evidence_text import Draft, quantities_text
from shuangyong.reports.errors import ReportInputError
from shuangyong.reports.model import (
    Approval,
    Caveat,
    CaveatKind,
    Coded,
    Column,
    ColumnType,
    Entry,
    FooterRow,
    Note,
    Report,
    Section,
    Subject,
    Table,
)
from shuangyong.reports.registry import ReportBuilder
from shuangyong.reports.request import ReportRequest

__all__ = ["BUILDER", "build_annual_report"]

KIND = "work-report"
_LEDGER = "发放台账：状态为“已发放”的发放行（冲正、追回按负数计）"


def build_annual_report(request: ReportRequest) -> Report:
    """The annual work report draft of ``request.division`` for the last of ``request.years``.

    Money figures cover ``min(years)`` to ``max(years)`` (``--year 2019 --year 2024``: since
    2019); everything else is about the last year.

    Raises:
        ReportInputError: a missing engine, evidence, division or year; an unknown division.
        ShuangyongError: unreadable or invalid evidence (named by file and record).
    """
    from shuangyong.compliance.assessment import check_jurisdiction
    from shuangyong.compliance.loading import load_evidence

    engine = request.need("engine", KIND)
    files = request.need("evidence", KIND)
    years: tuple[int, ...] = request.need("years", KIND)
    code = check_division(engine, request.division, KIND)
    evidence = load_evidence(*files)
    division = engine.divisions.get(code)
    check_jurisdiction(evidence, engine.divisions, division)
    year, first = max(years), min(years)
    ctx = _Ctx(engine, evidence, division, year)
    parts = [
        ("一、组织领导", _organisation(ctx)),
        ("二、服务保障体系", _service_system(ctx)),
        ("三、双拥宣传和国防教育", _publicity(ctx)),
        ("四、拥军优属", _support_army(ctx, request, first)),
        ("五、拥政爱民和军民共建", _support_government(ctx)),
        ("六、荣誉", _honours(ctx)),
    ]
    sections = [Section(title, d.blocks) for title, d in parts]
    gaps = [(title, g) for title, d in parts for g in d.gaps]
    sections.append(
        Section(
            "七、证据未能支持的内容（缺口）",
            (
                Note(
                    "以下内容在所给证据和台账中找不到依据，报告正文未予表述；补充证据后重新生成。"
                ),
                *(Entry(g, (f"所属部分：{t}",)) for t, g in gaps),
            )
            if gaps
            else (Note("各部分均有证据支持。"),),
        )
    )
    caveats = [
        Caveat(
            CaveatKind.OTHER,
            "本稿由证据材料和发放台账自动生成，每句注明来源；未经核实的内容不得照搬，"
            "定稿前须逐项核对原始材料。",
        )
    ]
    if evidence.synthetic:
        caveats.append(Caveat(CaveatKind.SYNTHETIC, "证据为合成的演示数据，不反映任何真实地区。"))
    if any(d.uses_example for _, d in parts):
        caveats.append(
            Caveat(
                CaveatKind.EXAMPLE,
                "“六化”“五送”等项目清单未找到官方来源，为示例清单（provenance=example），"
                "据此所作的表述仅供参考。",
            )
        )
    if ctx.example_money:
        caveats.append(EXAMPLE_PAYMENT_CAVEAT)
    if gaps:
        caveats.append(
            Caveat(CaveatKind.INCOMPLETE, f"有 {len(gaps)} 项内容缺少证据，见第七部分。")
        )
    where = division_coded(engine, code)
    return Report(
        kind=KIND,
        title=f"{where.label}{year}年双拥工作总结（草稿）",
        subject=Subject(where, f"{year}年", dt.date(year, 1, 1), dt.date(year, 12, 31)),
        sections=sections,
        caveats=caveats,
        approval=Approval(unit=f"{where.label}双拥工作领导小组办公室"),
        as_of=dt.date(year, 12, 31),
        plugins=plugin_names(engine),
    )


class _Ctx:
    """What every section reads: the engine, the evidence, the division and the year."""

    def __init__(self, engine: Any, evidence: Any, division: Any, year: int) -> None:
        self.engine = engine
        self.evidence = evidence
        self.division = division
        self.year = year
        self.example_money = False

    def draft(self) -> Draft:
        return Draft(self.evidence)

    def of(self, cls: type[Any]) -> tuple[Any, ...]:
        return tuple(self.evidence.of_type(cls))

    def activities(self, *kinds: Any) -> list[Any]:
        from shuangyong.compliance.evidence import Activity

        return [a for a in self.of(Activity) if a.kind in kinds and a.date.year == self.year]

    def below(self, level: str) -> list[Any]:
        out, todo = [], [self.division]
        while todo:
            d = todo.pop()
            if d.level.value == level:
                out.append(d)
            todo.extend(self.engine.divisions.children(d.code))
        return sorted(out, key=lambda d: str(d.code))


def _organisation(ctx: _Ctx) -> Draft:
    from shuangyong.compliance.evidence import Document, LeadingGroup, Meeting
    from shuangyong.compliance.kinds import DocumentKind, Role

    out = ctx.draft()
    groups = [
        g
        for g in ctx.of(LeadingGroup)
        if g.jurisdiction == ctx.division.code and g.established_on.year <= ctx.year
    ]
    if groups:
        g = groups[-1]
        roles = []
        for role in (Role.LEADER, Role.DEPUTY):
            held = "、".join(f"{m.name}（{m.position.label}）" for m in g.with_role(role))
            if held:
                roles.append(f"{role.label}{held}")
        office = ""
        if g.office is not None:
            office = f"；下设{g.office.name}" + (
                f"，主任{g.office.director}" if g.office.director else "（主任空缺）"
            )
        out.say(
            f"{g.established_on.year}年{g.established_on.month}月组建（调整）双拥工作领导小组，"
            + "，".join(roles)
            + f"，成员单位 {len(g.member_units)} 个{office}。",
            [g],
        )
        if g.office is not None and not g.office.director:
            out.gap("双拥办主任未明确人选")
    else:
        out.gap(f"缺少：截至{ctx.year}年底的双拥工作领导小组组建（调整）记录")
    docs = [
        d for d in ctx.of(Document) if d.jurisdiction == ctx.division.code and d.covers(ctx.year)
    ]
    five = (
        (DocumentKind.DEVELOPMENT_PLAN, "双拥工作纳入经济和社会发展规划"),
        (DocumentKind.PARTY_COMMITTEE_AGENDA, "纳入党委、政府议事日程"),
        (DocumentKind.FISCAL_BUDGET, "双拥经费纳入财政预算"),
        (DocumentKind.PERFORMANCE_ASSESSMENT, "纳入党政领导干部绩效考核"),
        (DocumentKind.DEFENSE_EDUCATION_PLAN, "全民国防教育纳入精神文明建设"),
    )
    for kind, what in five:
        mine = [d for d in docs if kind in d.kinds]
        if not mine:
            out.gap(f"“五纳入”：{what}（缺少{ctx.year}年适用的{kind.label}）")
            continue
        money = [d.budget_amount for d in mine if d.budget_amount is not None]
        amount = f"，列支双拥经费 {money[0]}" if money else ""
        titles = "、".join(d.caption for d in mine[:3])
        out.say(f"{what}：{titles}{amount}。", mine)
    meetings = [m for m in ctx.of(Meeting) if m.date.year == ctx.year]
    by_kind: dict[Any, list[Any]] = defaultdict(list)
    for m in meetings:
        by_kind[m.kind].append(m)
    if by_kind:
        text = "、".join(f"{k.label} {len(v)} 次" for k, v in by_kind.items())
        out.say(f"{ctx.year}年召开{text}。", meetings)
    else:
        out.gap(f"缺少：{ctx.year}年双拥会议记录")
    return out


def _service_system(ctx: _Ctx) -> Draft:
    from shuangyong.compliance.claims import SupportTeam
    from shuangyong.compliance.evidence import Station

    out = ctx.draft()
    stations = [
        s for s in ctx.of(Station) if s.established_on is None or s.established_on.year <= ctx.year
    ]
    by_code = {str(s.division): s for s in reversed(stations)}
    rows: list[tuple[str, int, int | None, int | None]] = []
    for level, label in (
        ("county", "区（县）级"),
        ("township", "乡镇（街道）级"),
        ("village", "村（社区）级"),
    ):
        mine = [s for s in stations if s.station_level.value == _station_level(level)]
        required = ctx.below(level)
        if not required:
            out.gap(f"{label}区划数据缺失（目录中无下级区划），{label}服务站覆盖无法核查")
            rows.append((label, len(mine), None, None))
            continue
        covered = [d for d in required if str(d.code) in by_code]
        rows.append((label, len(mine), len(required), len(covered)))
        if mine:
            out.say(
                f"建成{label}退役军人服务中心（站）{len(mine)} 个，覆盖{label}区划 "
                f"{len(covered)}/{len(required)} 个。",
                mine,
            )
        missing = [d for d in required if str(d.code) not in by_code]
        if missing:
            names = "、".join(d.name for d in missing[:8]) + (
                f"等 {len(missing)} 个" if len(missing) > 8 else ""
            )
            out.gap(f"{label}服务站未覆盖：{names}")
    out.blocks.append(
        Table.from_rows(
            "station_coverage",
            "服务中心（站）三级覆盖",
            [
                Column("level", "层级"),
                Column("stations", "服务站（个）", ColumnType.INT),
                Column("required", "区划（个）", ColumnType.INT),
                Column("covered", "已覆盖（个）", ColumnType.INT),
            ],
            rows,
        )
    )
    if stations:
        five = [s for s in stations if all(s.five_haves().values())]
        six = [s for s in stations if all(s.six_standards().values())]
        out.say(
            f"“五有”齐全的服务站 {len(five)}/{len(stations)} 个；达到“六化”（示例清单）的 "
            f"{len(six)}/{len(stations)} 个。",
            stations,
        )
        out.uses_example = True
    villages = ctx.below("village")
    if villages:
        out.blocks.append(_village_table(ctx, villages, by_code))
    teams = [t for t in ctx.of(SupportTeam) if t.active_in(ctx.year)]
    if teams:
        out.say(
            f"组建拥军服务队 {len(teams)} 支，队员 {sum(t.members for t in teams)} 人"
            f"（{'、'.join(t.name for t in teams[:4])}{'等' if len(teams) > 4 else ''}）。",
            teams,
        )
    else:
        out.gap(f"缺少：{ctx.year}年存续的拥军服务队记录")
    return out


def _station_level(level: str) -> str:
    return {"county": "district", "township": "township", "village": "village"}[level]


def _village_table(ctx: _Ctx, villages: Sequence[Any], by_code: dict[str, Any]) -> Table:
    """Per township: villages, with a station, with a publicity officer in post."""
    from shuangyong.compliance.evidence import PublicityOfficer

    officers = {str(o.village) for o in ctx.of(PublicityOfficer) if o.in_post_during(ctx.year)}
    by_town: dict[Any, list[Any]] = defaultdict(list)
    for v in villages:
        by_town[v.parent].append(v)
    rows: list[tuple[Coded, int, int, int]] = []
    for town, vs in sorted(by_town.items(), key=lambda kv: str(kv[0])):
        rows.append(
            (
                division_coded(ctx.engine, str(town)),
                len(vs),
                sum(1 for v in vs if str(v.code) in by_code),
                sum(1 for v in vs if str(v.code) in officers),
            )
        )
    return Table.from_rows(
        "village_coverage",
        "村（社区）级覆盖（按乡镇）",
        [
            Column("township", "乡镇（街道）", ColumnType.CODE),
            Column("villages", "村（社区）（个）", ColumnType.INT),
            Column("stations", "有服务站（个）", ColumnType.INT),
            Column("officers", "有宣传员（个）", ColumnType.INT),
        ],
        rows,
        footer=[
            FooterRow(
                "合计",
                (
                    None,
                    sum(r[1] for r in rows),
                    sum(r[2] for r in rows),
                    sum(r[3] for r in rows),
                ),
            )
        ],
    )


def _publicity(ctx: _Ctx) -> Draft:
    from shuangyong.compliance.claims import Signage
    from shuangyong.compliance.evidence import Document, PublicityChannel, PublicityOfficer
    from shuangyong.compliance.kinds import ActivityKind, DocumentKind

    out = ctx.draft()
    channels = [c for c in ctx.of(PublicityChannel) if c.year == ctx.year and c.reports > 0]
    if channels:
        text = "；".join(f"{c.kind.label}“{c.name}” {c.reports} 篇（条）" for c in channels)
        out.say(f"{ctx.year}年刊播双拥宣传稿件：{text}。", channels)
    else:
        out.gap(f"缺少：{ctx.year}年报纸、电视、广播、网络刊播双拥稿件的记录")
    officers = [o for o in ctx.of(PublicityOfficer) if o.in_post_during(ctx.year)]
    villages = ctx.below("village")
    if officers:
        at_group = sum(1 for o in officers if o.group)
        covered = {o.village for o in officers}
        share = f"，覆盖 {len(covered)}/{len(villages)} 个村（社区）" if villages else ""
        group = f"（其中驻村民小组 {at_group} 人）" if at_group else ""
        out.say(f"在岗村（组）双拥宣传员 {len(officers)} 人{group}{share}。", officers)
        if not villages:
            out.gap("村级区划数据缺失，宣传员覆盖率无法核查")
    else:
        out.gap(f"缺少：{ctx.year}年在岗的村级双拥宣传员记录")
    boards = [s for s in ctx.of(Signage) if s.year == ctx.year]
    if boards:
        by_kind: dict[Any, int] = defaultdict(int)
        for b in boards:
            by_kind[b.kind] += b.count
        text = "、".join(f"{k.label} {n} 处" for k, n in by_kind.items())
        out.say(f"{ctx.year}年双拥宣传阵地：{text}。", boards)
    else:
        out.gap(f"缺少：{ctx.year}年双拥宣传栏、标语、公益广告等宣传阵地记录")
    plans = [
        d
        for d in ctx.of(Document)
        if d.jurisdiction == ctx.division.code
        and d.covers(ctx.year)
        and DocumentKind.EDUCATION_SYSTEM_PLAN in d.kinds
    ]
    if plans:
        out.say(
            "国防教育和双拥教育纳入国民教育体系和有关部门工作计划："
            + "、".join(d.caption for d in plans[:3])
            + "。",
            plans,
        )
    edu = ctx.activities(ActivityKind.DEFENSE_EDUCATION)
    if edu:
        out.say(f"开展国防教育活动 {len(edu)} 项{_counted(edu)}。", edu)
    else:
        out.gap(f"缺少：{ctx.year}年国防教育活动记录")
    return out


def _support_army(ctx: _Ctx, request: ReportRequest, first: int) -> Draft:
    from shuangyong.compliance.evidence import NeedsItem
    from shuangyong.compliance.kinds import ActivityKind, NeedsSide

    out = ctx.draft()
    visits = ctx.activities(ActivityKind.VISIT)
    if visits:
        brought = sorted({d for v in visits for d in v.delivers}, key=lambda d: d.value)
        what = f"，慰问内容含{'、'.join(d.label for d in brought)}" if brought else ""
        out.say(
            f"走访慰问部队和优抚对象 {len(visits)} 项，{quantities_text(visits)}{what}。", visits
        )
        out.uses_example = out.uses_example or bool(brought)
    else:
        out.gap(f"缺少：{ctx.year}年走访慰问记录")
    for kind, gap in (
        (ActivityKind.MERIT_NEWS, "为立功受奖军人家庭送喜报"),
        (ActivityKind.PLAQUE_HANGING, "为军人军属、退役军人家庭悬挂光荣牌"),
        (ActivityKind.TEAM_SERVICE, "拥军服务队开展服务"),
    ):
        mine = ctx.activities(kind)
        if mine:
            out.say(f"{gap}：{quantities_text(mine) or f'{len(mine)} 项'}。", mine)
        else:
            out.gap(f"缺少：{ctx.year}年{gap}的记录")
    needs = [
        n
        for n in ctx.of(NeedsItem)
        if n.side is NeedsSide.MILITARY
        and n.resolved_on is not None
        and n.resolved_on.year == ctx.year
    ]
    if needs:
        out.say(f"解决部队需求清单事项 {len(needs)} 件。", needs)
    if request.store is not None:
        _money_from_ledger(ctx, out, request, first)
    else:
        _money_from_evidence(ctx, out, first)
    return out


def _counted(records: Sequence[Any]) -> str:
    """``，计 200 次、500 人次`` — or the note that no record stated a quantity."""
    text = quantities_text(records)
    return text if text.startswith("（") or not text else f"，{text}"


def _money_from_ledger(ctx: _Ctx, out: Draft, request: ReportRequest, first: int) -> None:
    from shuangyong.domain.periods import Month
    from shuangyong.errors import InvalidValueError
    from shuangyong.ledger.totals import ledger_totals
    from shuangyong.storage.model import LineStatus

    store = request.store
    assert store is not None
    county = str(ctx.division.code)[:6]
    try:
        totals = ledger_totals(
            store,
            ctx.engine.divisions,
            statuses=(LineStatus.PAID,),
            first_year=first,
            last_year=ctx.year,
            rule_ids=request.rule_ids or None,
            division=county,
            count_persons=True,
        )
    except InvalidValueError as exc:
        raise ReportInputError(exc.field, exc.value, exc.reason) from None
    span = f"{first}年至{ctx.year}年" if first < ctx.year else f"{ctx.year}年"
    source = f"{_LEDGER}，{span}，区划 {county}"
    if not totals.rows:
        out.gap(f"发放台账中没有{span}已发放的抚恤补助记录")
        return
    out.say_from(
        f"{span}累计发放抚恤金、补助金 {totals.persons} 人、{totals.lines} 笔，"
        f"金额 {totals.amount}。",
        (source,),
    )
    labels = rule_labels(ctx.engine)
    per: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in totals.rows:
        cell = per[(r.year, r.rule_id)]
        cell[0] += r.persons
        cell[1] += r.lines
        cell[2] += r.amount_fen
    out.blocks.append(
        Table.from_rows(
            "money",
            f"{span}抚恤补助发放情况（来源：发放台账）",
            [
                Column("year", "年度", ColumnType.INT),
                Column("benefit", "项目", ColumnType.CODE),
                Column("persons", "人数", ColumnType.INT),
                Column("lines", "笔数", ColumnType.INT),
                Column("amount", "金额（元）", ColumnType.MONEY),
            ],
            [(y, benefit(labels, rid), *v) for (y, rid), v in sorted(per.items())],
            footer=[
                FooterRow("合计", (None, None, totals.persons, totals.lines, totals.amount_fen))
            ],
        )
    )
    out.blocks.append(
        Note("合计人数为不重复的人数，不等于各行人数之和（同一人可在多个年度、项目中出现）。")
    )
    digests = {
        line.explanation_digest
        for line in store.iter_lines(
            status=LineStatus.PAID, first=Month(first, 1), last=Month(ctx.year, 12), division=county
        )
    }
    ctx.example_money = bool(digests) and example_digests(store, digests)


def _money_from_evidence(ctx: _Ctx, out: Draft, first: int) -> None:
    from shuangyong.compliance.claims import PaymentTotal

    stated = [
        t
        for t in ctx.of(PaymentTotal)
        if t.jurisdiction == ctx.division.code and first <= t.years[0] and t.years[1] <= ctx.year
    ]
    if not stated:
        out.gap(
            f"缺少：{first}年以来抚恤金、补助金发放人数和金额（未给发放台账，证据中也没有"
            "载明合计的 payment_total 记录）"
        )
        return
    for t in stated:
        a, b = t.years
        span = f"{a}年" if a == b else f"{a}年至{b}年"
        who = f"{t.persons} 人、" if t.persons is not None else ""
        times = f"{t.person_times} 人次、" if t.person_times is not None else ""
        doc = f"（据{t.document}）" if t.document else ""
        out.say(f"{span}发放{t.benefit} {who}{times}金额 {t.amount}{doc}。", [t])
    out.blocks.append(Note("以上金额为文件所载合计，未与发放台账核对（生成时未给台账）。"))


def _support_government(ctx: _Ctx) -> Draft:
    from shuangyong.compliance.evidence import NeedsItem
    from shuangyong.compliance.kinds import ActivityKind, NeedsSide

    out = ctx.draft()
    for kind, what in (
        (ActivityKind.TROOP_SUPPORT, "部队支援地方经济社会建设"),
        (ActivityKind.EMERGENCY, "部队参加抢险救灾"),
        (ActivityKind.JOINT_CONSTRUCTION, "军民共建结对"),
        (ActivityKind.MUTUAL_VISIT, "军地互访"),
    ):
        mine = ctx.activities(kind)
        if mine:
            out.say(f"{what} {len(mine)} 项{_counted(mine)}。", mine)
        else:
            out.gap(f"缺少：{ctx.year}年{what}的记录")
    needs = [
        n
        for n in ctx.of(NeedsItem)
        if n.side is NeedsSide.CIVIL
        and n.resolved_on is not None
        and n.resolved_on.year == ctx.year
    ]
    if needs:
        out.say(f"部队帮助解决地方需求清单事项 {len(needs)} 件。", needs)
    return out


def _honours(ctx: _Ctx) -> Draft:
    from shuangyong.compliance.claims import Honour

    out = ctx.draft()
    mine = sorted(
        (h for h in ctx.of(Honour) if h.jurisdiction == ctx.division.code and h.year <= ctx.year),
        key=lambda h: (h.year, h.id),
    )
    if not mine:
        out.gap("缺少：荣誉（双拥模范城（县）等命名）记录")
        return out
    for h in mine:
        by = f"被{h.conferred_by}" if h.conferred_by else ""
        term = f"（第{h.term}届）" if h.term else ""
        out.say(f"{h.year}年{by}命名为“{h.title}”{term}。", [h])
    out.blocks.append(
        Table.from_rows(
            "honours",
            "历年荣誉",
            [
                Column("year", "年度", ColumnType.INT),
                Column("title", "称号"),
                Column("level", "级别", ColumnType.CODE),
                Column("by", "命名机关"),
            ],
            [(h.year, h.title, Coded(h.level.value, h.level.label), h.conferred_by) for h in mine],
        )
    )
    return out


BUILDER = ReportBuilder(
    KIND,
    "年度双拥工作总结（草稿）",
    build_annual_report,
    needs=("engine", "evidence", "division", "years", "store", "rule_ids"),
    description="组织领导、服务体系、宣传教育、拥军优属（含发放金额）、拥政爱民、荣誉；"
    "每句注明来源，缺少证据的列为缺口",
)
