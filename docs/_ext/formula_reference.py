"""Sphinx extension: ``.. shuangyong-formula-reference::`` renders, for every national rule, the
formula, where rounding happens, and which parameters a province must set (issue 11 §7).

Two parts, kept apart on purpose:

* ``FORMULAS``: the formula and the rounding point of each rule id, written by hand (a formula
  is a reading of the article; the code's own step labels are in every explanation). Each text
  names the parameters it uses by path, and ``tests/test_formula_reference.py`` checks those
  names against the rule versions' declared ``parameters``: a parameter added to a rule, or
  dropped from it, fails the test until this text says so.
* everything else is generated from the rule objects and the loaded parameters when the docs are
  built: versions and their dates, payment period, each parameter's label and unit, the national
  values in force during each version (dates and provenance), and, for a parameter with no
  national value on some dates, what a province must do and what happens if it does not.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

__all__ = ["FORMULAS", "render_rst"]

FORMULAS: dict[str, tuple[str, str]] = {
    # rule id: (formula, where rounding happens); parameters by path in ``…``
    "disability_pension": (
        "月额 ＝ ``disability_pension.standard``\\ [残疾性质, 残疾等级] ÷ 12。",
        "年标准 ÷ 12 时取整一次（``disability_pension.rounding``）。",
    ),
    "nursing_allowance": (
        "2024年条例：月额 ＝ ``nursing_allowance.wage_base``\\ （评估日上一年度的年平均工资）"
        " ÷ 12 × ``nursing_allowance.share``\\ [情形]。"
        "2019年条例：月额 ＝ ``nursing_allowance.worker_monthly_wage``\\ （评估日适用的当地职工"
        "月平均工资）× ``nursing_allowance.share``\\ [情形]。"
        "情形：因战、因公一至二级；因战、因公三至四级；因病一至四级；精神障碍五至六级（仅2024）。",
        "乘比例（2024 再除以 12）之后取整一次（``nursing_allowance.rounding``）。",
    ),
    "martyr_commendation": (
        "一次性 ＝ ``statistics.urban_disposable_income_per_capita``\\ （牺牲时上一年度）"
        " × ``martyr_commendation.multiple``。",
        "乘倍数之后取整一次（``martyr_commendation.rounding``）；整元乘整数，取整不改变金额。",
    ),
    "death_gratuity": (
        "基数 ＝ ``statistics.urban_disposable_income_per_capita``\\ （上一年度）"
        " × ``death_gratuity.income_multiple``\\ [烈士和因公牺牲 / 病故]"
        " ＋ 计发月工资 × ``death_gratuity.wage_months``；"
        "一次性 ＝ 基数 × （1 ＋ ``death_gratuity.honour_increment``\\ [最高一项功勋荣誉])。"
        "计发月工资：案卷中部队核定的计发月工资；没有的，2024年条例取月基本工资，不低于"
        " ``death_gratuity.minimum_monthly_wage``\\ （少尉军官基本工资），2019年条例取月工资，"
        "不低于 ``death_gratuity.platoon_lieutenant_wage``\\ （排职少尉军官工资）。",
        "收入部分、工资部分、增发部分各取整一次（``death_gratuity.rounding``）后相加。",
    ),
    "disabled_veteran_funeral_grant": (
        "一次性 ＝ 生前月残疾抚恤金 × ``disabled_veteran_funeral_grant.months``。"
        "生前月残疾抚恤金：案卷记录的实际领取月额；没有的，"
        "``disability_pension.standard``\\ [性质, 等级] ÷ 12。",
        "按标准计算时，年标准 ÷ 12 取整一次；乘月数再取整一次"
        "（均为 ``disability_pension.rounding``，整分乘整数，不改变金额）。",
    ),
    "survivor_pension": (
        "月额 ＝ ``survivor_pension.standard``\\ [烈士 / 因公牺牲 / 病故] ÷ 12；2016-10-01 "
        "以前（城乡分列）为 ``survivor_pension.standard_by_residence``\\ [类别, 遗属本人城乡"
        "户籍] ÷ 12。子女、兄弟姐妹未满 ``survivors.minor_age`` 周岁的不论有无生活费来源。",
        "年标准 ÷ 12 时取整一次（``survivor_pension.rounding``）。",
    ),
    "survivor_funeral_grant": (
        "一次性 ＝ 生前月定期抚恤金 × ``survivor_funeral_grant.months``。生前月定期抚恤金：案卷"
        "记录的实际领取月额；没有的，``survivor_pension.standard``\\ [类别] ÷ 12（2016-10-01 "
        "以前为 ``survivor_pension.standard_by_residence``\\ [类别, 城乡户籍] ÷ 12）。遗属条件同"
        "定期抚恤金（子女、兄弟姐妹的年龄界限 ``survivors.minor_age``）。",
        "按标准计算时，年标准 ÷ 12 取整一次；乘月数再取整一次"
        "（均为 ``survivor_pension.rounding``，整分乘整数，不改变金额）。",
    ),
    "conscript_family_allowance": (
        "本服役年度金额 ＝ （``conscript_family_allowance.index``\\ [``conscript_family_allowance"
        ".index_type`` 所选指标]（上年度） × ``conscript_family_allowance.ratio``"
        " × ``conscript_family_allowance.hardship_multiplier``\\ （仅艰苦地区服役；可按服役地区"
        "设定）× （1 ＋ ``conscript_family_allowance.student_share``\\ （仅大学生入伍）"
        " ＋ ``conscript_family_allowance.honours_share``\\ [本服役年度所获最高奖励]（仅获奖的"
        "服役年度））"
        " ＋ ``conscript_family_allowance.student_extra``\\ （仅大学生入伍））"
        " × 计发月数 ÷ 12；大学生入伍的，第一个服役年度另加"
        " ``conscript_family_allowance.student_one_off``；获奖的服役年度另加"
        " ``conscript_family_allowance.honours_one_off``\\ [奖励]。``index_type`` 为 5 的，"
        "按家庭户籍（``family_residence``）取城镇或农村居民人均可支配收入。计发月数：本服役年度内服役的月数，按"
        " ``conscript_family_allowance.payment_interval_months`` 个月为一档向上取整，至多 12；"
        "自批准入伍起至多 ``conscript_family_allowance.payment_years`` 年。",
        "整个乘积算完后取整一次（``conscript_family_allowance.rounding``）。",
    ),
    "retirement_lump_sum": (
        "一次性 ＝ ``retirement_lump_sum.per_year`` × 计算的服现役月数 ÷ 12"
        " × （1 ＋ 增发比例）。计算的服现役月数：按"
        " ``retirement_lump_sum.counting_unit_months`` 个月为一档向上取整（2011年条例第20条：不满"
        "6个月按6个月、超过6个月不满1年按1年）。增发比例：``retirement_lump_sum.honour_increment``"
        "\\ [奖励]，多项时取最高一项或相加（``retirement_lump_sum.honours_add_up``）。"
        "2024年条例：自退役之日起 ``placement.reporting_days`` 日内未报到、逾期超过"
        " ``placement.late_reporting_days`` 日且无正当理由的，视为放弃（不发给）。",
        "整个乘积算完后取整一次（``retirement_lump_sum.rounding``）。",
    ),
    "local_settlement_subsidy": (
        "一次性 ＝ ``local_settlement_subsidy.base`` ＋ ``local_settlement_subsidy.per_year``"
        " × 计算的服现役月数 ÷ 12；计算的服现役月数按"
        " ``local_settlement_subsidy.counting_unit_months`` 个月为一档向上取整。"
        "逾期报到（``placement.reporting_days`` 日内未报到、逾期超过"
        " ``placement.late_reporting_days`` 日且无正当理由）的视为放弃。",
        "整个算式算完后取整一次（``local_settlement_subsidy.rounding``）。",
    ),
    "awaiting_placement_allowance": (
        "月额 ＝ ``awaiting_placement_allowance.minimum_wage``\\ （2024年条例：当地月最低工资标准）"
        "；2024年9月1日以前退役、适用2011年条例的：``awaiting_placement_allowance.minimum_living_standard``"
        "\\ （不低于当地最低生活水平的标准）。",
        "不取整：参数本身是月额。",
    ),
    "living_subsidy": (
        "月额 ＝ ``living_subsidy.standard``\\ [类别]；农村籍退役士兵为"
        " ``living_subsidy.standard``\\ [每服1年义务兵役] × 义务兵役年数（不满1年的按1年）。"
        "同时属于几类的，按参战参试、带病回乡、烈士子女、农村老兵的顺序取第一类。"
        "农村老兵和烈士老年子女：年满 ``living.minimum_age`` 周岁；农村老兵在"
        " ``living.demobilized_enlisted_by`` 以后、``living.rural_enlisted_before`` 以前入伍。",
        "整元乘整数，不取整（本库按分精确计算，不设取整参数）。",
    ),
    "demobilized_veteran_subsidy": (
        "月额 ＝ ``demobilized_veteran_subsidy.standard`` ÷ 12；对象为"
        " ``living.demobilized_enlisted_by`` 以前（含当日）入伍、经批准复员的人员。",
        "年标准 ÷ 12 时取整一次（``demobilized_veteran_subsidy.rounding``）。",
    ),
    "living_subsidy_funeral_grant": (
        "一次性 ＝ 原享受的月定期生活补助 × ``living_subsidy_funeral_grant.months``。"
        "原享受的月额：案卷记录的实际领取月额；没有的，参战参试类的"
        " ``living_subsidy.standard``\\ [参战]；``living.demobilized_enlisted_by`` 以前入伍的"
        "复员军人为 ``demobilized_veteran_subsidy.standard`` ÷ 12（类别的年龄条件："
        "``living.minimum_age``）。",
        "复员军人年标准 ÷ 12 时取整一次（``demobilized_veteran_subsidy.rounding``）；"
        "乘月数不取整（整分乘整数）。",
    ),
    "assigned_job": (
        "资格，无金额。条件之一：军士（士官）服现役满"
        " ``assigned_job.nco_minimum_service_years`` 年（按整月计）；规定的功勋荣誉表彰；"
        "因战致残五至八级；烈士子女。",
        "不涉及金额。",
    ),
    "nco_retirement": (
        "资格，无金额。中级以上军士（士官），且符合其一：退出现役时年满"
        " ``nco_retirement.minimum_age`` 周岁；服现役满 ``nco_retirement.minimum_service_years``"
        " 年（按整月计）；因战、因公致残一至六级；因病基本丧失工作能力。",
        "不涉及金额。",
    ),
    "state_support": ("资格，无金额。一至四级残疾，按服役类别与致残性质。", "不涉及金额。"),
    "glory_plaque": ("优待资格，无金额。", "不涉及金额。"),
    "child_school_priority": ("优待资格，无金额。", "不涉及金额。"),
    "priority_service": ("优待资格，无金额。", "不涉及金额。"),
    "merit_good_news": ("优待资格，无金额。", "不涉及金额。"),
}

_PERIOD = {"month": "按月", "year": "按服役年度", "one_off": "一次性"}


def _day(d: dt.date | None) -> str:
    return "" if d is None else d.isoformat()


def _coverage(
    params: Any, path: str, start: dt.date, end: dt.date | None
) -> list[tuple[Any, dt.date, dt.date | None]]:
    """National values of ``path`` in force on some day of ``[start, end]``, each with the days
    it is in force: from its date of effect to its own last day or the day before the next
    value, whichever comes first."""
    values = sorted(params.values(path).get("national", ()), key=lambda v: v.effective_from)
    out = []
    for i, v in enumerate(values):
        last = v.effective_to
        if i + 1 < len(values):
            before_next = values[i + 1].effective_from - dt.timedelta(days=1)
            last = before_next if last is None else min(last, before_next)
        if (end is None or v.effective_from <= end) and (last is None or last >= start):
            out.append((v, v.effective_from, last))
    return out


def _gaps(
    spans: list[tuple[Any, dt.date, dt.date | None]], start: dt.date, end: dt.date | None
) -> bool:
    """Whether some day of ``[start, end]`` has no national value."""
    cursor = start
    for _v, first, last in spans:
        if first > cursor:
            return True
        if last is None:
            return False
        cursor = max(cursor, last + dt.timedelta(days=1))
    return end is None or cursor <= end


def _is_statistical_year(value: Any) -> bool:
    """A value of an annual statistic: in force for exactly one calendar year."""
    year = value.effective_from.year
    return (value.effective_from, value.effective_to) == (
        dt.date(year, 1, 1),
        dt.date(year, 12, 31),
    )


def _cells(raw: Any) -> list[Any]:
    if isinstance(raw, tuple):
        return [cell for row in raw for cell in _cells(row)]
    return [raw]


def _value_text(value: Any, decl: Any) -> str:
    if not decl.is_table:
        from shuangyong.parameters.model import display_scalar

        return display_scalar(value.raw, decl.unit)
    cells = _cells(value.raw)
    filled = sum(cell is not None for cell in cells)
    # an empty cell is a key the source gives no figure for: undetermined for those rows
    return f"表，{len(cells)} 格中 {filled} 格有数值"


def _parameter_line(params: Any, path: str, start: dt.date, end: dt.date | None) -> str:
    decl = params.declaration(path)
    every = list(params.values(path).get("national", ()))
    if every and all(_is_statistical_year(v) for v in every):
        years = "、".join(str(v.effective_from.year) for v in every)
        provenance = "、".join(dict.fromkeys(v.provenance.label for v in every))
        return (
            f"``{path}`` {decl.label}（{decl.unit.label}）：按统计年度，全国数值有 {years} 年"
            f"（{provenance}）。规则读取评估日（死亡日）上一年度的数值；该年度没有数值时结果为"
            "“无法确定”，说明中点名此参数，待新年度数值补入参数文件。"
        )
    values = _coverage(params, path, start, end)
    if values:
        shown = "；".join(
            f"{_day(first)} 起"
            + (f"至 {_day(last)}" if last else "")
            + f"：{_value_text(v, decl)}（{v.provenance.label}）"
            for v, first, last in values
        )
        national = f"全国数值 {shown}"
    else:
        national = "全国未设定数值"
    if not values:
        must = "省（市）插件须设定；未设定时，用到它的结果为“无法确定”，说明中点名此参数。"
    elif _gaps(values, start, end):
        must = (
            "在全国数值未覆盖的日期，省（市）插件须设定；未设定时结果为“无法确定”，"
            "说明中点名此参数。"
        )
    else:
        must = "全国已设定，地方可按本地规定覆盖"
        if decl.floor == "national":
            must += "（不得低于全国标准）"
        must += "。"
    return f"``{path}`` {decl.label}（{decl.unit.label}）：{national}。{must}"


def render_rst(engine: Any) -> str:
    """The formula reference of the national rules of ``engine`` (built without plugins)."""
    from shuangyong.national import FAMILIES

    params = engine.parameters
    by_id: dict[str, list[Any]] = {}
    for family in FAMILIES:
        for rule in family.RULES:
            by_id.setdefault(rule.id, []).append(rule)
    lines: list[str] = []
    for rule_id, versions in by_id.items():
        first = versions[0]
        title = f"{first.label}（{rule_id}）"
        lines += [title, "-" * (len(title) * 2), ""]
        formula, rounding = FORMULAS[rule_id]
        period = _PERIOD.get(first.period.value, "") if first.period else ""
        lines += [f"**公式**\\ （{period or '资格'}）：{formula}", ""]
        lines += [f"**取整**\\ ：{rounding}", ""]
        for rule in versions:
            span = f"{_day(rule.effective_from)} 至 {_day(rule.effective_to) or '今'}"
            lines += [f"*版本 {rule.version}*\\ （{span}）", ""]
            if not rule.parameters:
                lines += ["- 不读取参数。", ""]
                continue
            for path in rule.parameters:
                line = _parameter_line(params, path, rule.effective_from, rule.effective_to)
                lines.append(f"- {line}")
            lines.append("")
    return "\n".join(lines)


class FormulaReference(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        from shuangyong.engine import Engine

        text = render_rst(Engine.create(entry_points=False))
        container = nodes.section()
        container.document = self.state.document
        self.state.nested_parse(
            StringList(text.splitlines(), "formula-reference"), 0, container, match_titles=True
        )
        return container.children


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("shuangyong-formula-reference", FormulaReference)
    return {"parallel_read_safe": True, "version": "1"}
