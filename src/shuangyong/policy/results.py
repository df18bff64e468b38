"""Results and their explanations (per case), rendered as Chinese text or as a dict/JSON.

An explanation is data: the value; the rule id and version; each condition with its outcome,
reason and citation; each parameter with its value, date of effect, jurisdiction, provenance and
sources; the rounding applied; the plugins active; any override. ``explain()`` renders it for a
caseworker to hand to an applicant; ``to_dict()`` for a host system to store.

Text for a person leads with the answer (what the person is entitled to, what is refused and
why, what could not be decided and what is missing), in Chinese labels, never internal codes;
the full detail follows only on request. JSON carries data, not display strings: amounts as exact
decimal strings and fen, codes apart from labels, division codes apart from names, and a
``format_version``; the JSON Schemas in :mod:`shuangyong.schemas` describe it.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
from typing import Any

import attrs

from shuangyong.citations import Citation
from shuangyong.domain.ids import mask_ids_in
from shuangyong.domain.money import Yuan
from shuangyong.policy.context import ParameterUse, RoundingStep
from shuangyong.policy.labels import cell_code, dimension_label, humane, value_label

__all__ = [
    "FORMAT_VERSION",
    "ConditionOutcome",
    "Evaluation",
    "OverrideNote",
    "PluginInfo",
    "RuleResult",
    "Status",
]

FORMAT_VERSION = 1
"""Version of the ``to_dict()`` shape (``schemas/rule_result.json``); raised on any change that
is not purely additive."""


class Status(str, enum.Enum):
    ELIGIBLE = "eligible"  # 符合
    INELIGIBLE = "ineligible"  # 不符合
    UNDETERMINED = "undetermined"  # 无法确定（缺少标准等）

    @property
    def label(self) -> str:
        return {"eligible": "符合", "ineligible": "不符合", "undetermined": "无法确定"}[self.value]


@attrs.frozen
class ConditionOutcome:
    """One condition checked for one beneficiary.

    Attributes:
        passed: whether it holds.
        undetermined: it does not hold because a value it needs is missing (a parameter
            not set, an input not recorded): it could not be decided, which the result's
            notes explain. Always False when ``passed``.
        timing: the condition ties the rule to a date (the month of a death, a discharge
            under a given regulation): when it fails, the rule is not for the date evaluated,
            and the explanation tells the caseworker which date to evaluate instead rather
            than presenting it as a failing of the applicant.
    """

    id: str
    label: str
    passed: bool
    reason: str
    citation: Citation
    undetermined: bool = False
    timing: bool = False

    @property
    def outcome(self) -> str:
        """``met``, ``not_met``, ``not_checked`` (a value it needs is missing) or
        ``other_date`` (a timing condition: evaluate on the date the rule names)."""
        if self.passed:
            return "met"
        if self.undetermined:
            return "not_checked"
        return "other_date" if self.timing else "not_met"


@attrs.frozen
class PluginInfo:
    name: str
    version: str


@attrs.frozen
class OverrideNote:
    """A rule that replaced another plugin's rule through a declared override."""

    replaced_by: str
    replaced: str
    reason: str


@attrs.frozen
class RuleResult:
    """The result of one rule for one beneficiary on one date, with its explanation."""

    rule_id: str
    version: str
    label: str
    kind: str
    status: Status
    on: dt.date
    division: str
    amount: Yuan | None
    period: str | None
    conditions: tuple[ConditionOutcome, ...]
    parameters: tuple[ParameterUse, ...]
    rounding: tuple[RoundingStep, ...]
    citations: tuple[Citation, ...]
    plugins: tuple[PluginInfo, ...]
    supplied_by: str
    override: OverrideNote | None = None
    notes: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()
    """What the rule version assumes rather than read (an article presumed unchanged from a
    later edition): shown at the top of every explanation, like the example-figure warning."""
    # where the rule version applies: "national" (全国) or a plugin's division codes
    jurisdiction: str = "national"
    jurisdiction_name: str = "全国"

    @property
    def eligible(self) -> bool | None:
        """True/False, or None when undetermined."""
        if self.status is Status.UNDETERMINED:
            return None
        return self.status is Status.ELIGIBLE

    @property
    def failed_condition(self) -> str | None:
        """The first condition that does not hold; one that fails on recorded facts comes
        before one that could not be decided (that is the reason for a refusal)."""
        for c in self.conditions:
            if not c.passed and not c.undetermined:
                return c.id
        for c in self.conditions:
            if not c.passed:
                return c.id
        return None

    @property
    def uses_example_figures(self) -> bool:
        return any(p.provenance == "example" for p in self.parameters)

    @property
    def timing_failed(self) -> ConditionOutcome | None:
        """The failed timing condition, if any: the rule is not for the date evaluated (see
        :attr:`ConditionOutcome.timing`)."""
        # the first condition that fails on recorded facts decides: a serving member is
        # refused for not being discharged, not told to evaluate on the discharge date
        deciding = next((c for c in self.conditions if not c.passed and not c.undetermined), None)
        return deciding if deciding is not None and deciding.timing else None

    # -- rendering --------------------------------------------------------------------------
    def summary_line(self) -> str:
        """One line for the summary that leads a person's explanation: the benefit and its
        amount and period, the deciding condition of a refusal, what is missing for an
        undetermined result, or which date to evaluate instead. Chinese labels only."""
        if self.status is Status.ELIGIBLE:
            if self.amount is not None:
                return f"{self.label}：{_amount_for(self.amount, self.period, self.on)}"
            return f"{self.label}：符合条件"
        timing = self.timing_failed
        if timing is not None:
            return f"{self.label}：{humane(timing.reason)}"
        if self.status is Status.INELIGIBLE:
            deciding = next(
                (c for c in self.conditions if not c.passed and not c.undetermined), None
            )
            if deciding is None:
                return f"{self.label}：不符合"
            return f"{self.label}：不符合“{deciding.label}”。{humane(deciding.reason)}"
        missing = "；".join(dict.fromkeys(humane(n, self._labels()) for n in self.notes))
        return f"{self.label}：{missing or '所需数据缺失'}"

    def _labels(self) -> dict[str, str]:
        return {p.path: p.label for p in self.parameters}

    def explain(self) -> str:
        """Chinese text for a caseworker: the answer, then every condition, standard,
        rounding step and citation behind it."""
        lines = [f"【{self.label}】（{self.version} 版）"]
        if self.uses_example_figures:
            lines.append(_EXAMPLE_WARNING)
        lines.extend(f"注意：{c}" for c in self.caveats)
        head = f"结论：{self.status.label}"
        if self.amount is not None and self.status is Status.ELIGIBLE:
            head += f"；金额：{_amount_for(self.amount, self.period, self.on)}"
        elif self.timing_failed is not None:
            head += "（本评估日期不适用，见经办提示）"
        lines.append(head)
        code, name = _split_division(self.division)
        where = f"{name}（{code}）" if code else "未录入"
        lines.append(f"评估日期：{self.on.isoformat()}　　适用区划：{where}")
        if self.jurisdiction != "national":
            # a local version (a district plugin's rule or scoped override) applied
            lines.append(f"适用：{self.jurisdiction_name}规则（{self.version} 版）")
        if self.override is not None:
            lines.append(
                f"注意：本规则由 {self.override.replaced_by} 声明覆盖（原由 "
                f"{self.override.replaced} 提供），理由：{self.override.reason}"
            )
        if self.conditions:
            lines.append("条件：")
            lines.extend(_rendered(c, _condition_line) for c in self.conditions)
        if self.parameters:
            lines.append("使用的标准：")
            lines.extend(_rendered(p, _parameter_lines) for p in self.parameters)
        if self.rounding:
            lines.append("计算与取整：")
            for r in self.rounding:
                lines.append(f"  · {r.label}：{r.exact} → {r.result}元（{r.policy}）")
        labels = self._labels()
        for note in self.notes:
            lines.append(f"说明：{humane(note, labels)}")
        lines.append(_rendered(self.citations, _basis_line))
        plugins = "，".join(f"{p.name} {p.version}" for p in self.plugins)
        lines.append(
            f"规则编号：{self.rule_id}；规则来源：{self.supplied_by}；已加载插件：{plugins}"
        )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (``schemas/rule_result.json``): codes apart from labels,
        amounts as exact decimal strings and as fen, dates ISO."""
        code, name = _split_division(self.division)
        labels = self._labels()
        return {
            "format_version": FORMAT_VERSION,
            "rule_id": self.rule_id,
            "version": self.version,
            "label": self.label,
            "kind": self.kind,
            "status": self.status.value,
            "status_label": self.status.label,
            "on": self.on.isoformat(),
            "division": code,
            "division_name": name,
            "amount": None if self.amount is None else str(self.amount.amount),
            "amount_fen": None if self.amount is None else self.amount.fen,
            "period": self.period,
            "period_label": _period_label(self.period) or None,
            "uses_example_figures": self.uses_example_figures,
            "failed_condition": self.failed_condition,
            "conditions": [_condition_dict(c) for c in self.conditions],
            "parameters": [_parameter_dict(p) for p in self.parameters],
            "rounding": [attrs.asdict(r) for r in self.rounding],
            "citations": [_citation_dict(c) for c in self.citations],
            "plugins": [attrs.asdict(p) for p in self.plugins],
            "supplied_by": self.supplied_by,
            "override": None if self.override is None else attrs.asdict(self.override),
            "jurisdiction": self.jurisdiction,
            "jurisdiction_name": self.jurisdiction_name,
            "notes": list(self.notes),
            "notes_text": [humane(n, labels) for n in self.notes],
            "caveats": list(self.caveats),
            "summary": self.summary_line(),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


_EXAMPLE_WARNING = "警告：本结果使用了示例（未经核实）数据，仅供演示，不得作为正式发放依据。"

# Outcomes, parameter uses and citation tuples are immutable and shared by every evaluation
# (the engine caches them), so their text is rendered once: id(object) → (object, text). The
# object is held, so its id cannot be reused while the entry exists.
_RENDERED: dict[int, tuple[object, str, Any]] = {}


def _rendered(obj: Any, render: Any) -> str:
    hit = _RENDERED.get(id(obj))
    if hit is not None and hit[0] is obj and hit[2] is render:
        return hit[1]
    text: str = render(obj)
    if len(_RENDERED) >= 50_000:  # results built by hand, one-off objects: stay bounded
        _RENDERED.clear()
    _RENDERED[id(obj)] = (obj, text, render)
    return text


_MARKS = {"met": "✓", "not_met": "✗", "not_checked": "?", "other_date": "→"}


def _condition_line(c: ConditionOutcome) -> str:
    outcome = c.outcome
    reason = humane(c.reason)
    if outcome == "other_date":
        # not a failing of the applicant: the rule belongs to another date
        reason = f"经办提示：{reason}"
    elif outcome == "not_checked":
        reason = "未能核实：所需数据缺失（见说明）"
    return f"  {_MARKS[outcome]} {c.label}：{reason}（依据：{c.citation}）"


_PROVENANCE = {
    "official": "官方",
    "secondary": "二手来源",
    "example": "示例数据，未经核实，不得作为发放依据",
}


def _parameter_lines(p: ParameterUse) -> str:
    cell = "，".join(f"{dimension_label(k)}：{value_label(k, v)}" for k, v in p.cell)
    cell = f"［{cell}］" if cell else ""
    until = f"至{p.effective_to.isoformat()}" if p.effective_to else "起"
    lines = [
        f"  · {p.label}{cell}：{p.value}（{p.effective_from.isoformat()}{until}施行，"
        f"{p.jurisdiction_name}，来源性质：{_PROVENANCE[p.provenance]}）"
    ]
    if p.floor_applied:
        lines.append("    本地标准低于国家标准，按国家标准执行。")
    if p.note:
        lines.append(f"    说明：{p.note}")
    if p.sources:
        lines.append(f"    出处：{'；'.join(p.sources)}")
    return "\n".join(lines)


def _basis_line(citations: tuple[Citation, ...]) -> str:
    return "政策依据：" + "；".join(str(c) for c in citations)


def _period_label(period: str | None) -> str:
    return {"month": "当月", "year": "当年", "one_off": "一次性", None: ""}.get(
        period, period or ""
    )


def _amount_for(amount: Yuan, period: str | None, on: dt.date) -> str:
    """An amount with the period it covers, e.g. ``每月 8,700.00元（2025年3月）``."""
    if period == "month":
        return f"每月 {amount}（{on.year}年{on.month}月）"
    if period == "year":
        return f"每年 {amount}（{on.year}年）"
    if period == "one_off":
        return f"一次性 {amount}"
    return str(amount)


# The engine labels a division "名称（代码）"; JSON carries the two apart. Code 000000 is "not
# recorded" (an optional division field left empty), shown as no division at all.
_DIVISION = re.compile(r"^(.*)（([0-9]{6})）$")


def _split_division(shown: str) -> tuple[str | None, str | None]:
    m = _DIVISION.match(shown)
    if m is None:
        return (shown, None) if shown.isdigit() else (None, shown or None)
    name, code = m.group(1), m.group(2)
    if code == "000000":
        return None, None
    return code, (None if name == code else name)


def _citation_dict(c: Citation) -> dict[str, Any]:
    out: dict[str, Any] = attrs.asdict(c)
    out["text"] = str(c)
    return out


def _condition_dict(c: ConditionOutcome) -> dict[str, Any]:
    return {
        "id": c.id,
        "label": c.label,
        "outcome": c.outcome,
        "passed": c.passed,
        "undetermined": c.undetermined,
        "timing": c.timing,
        "reason": c.reason,
        "citation": _citation_dict(c.citation),
    }


def _parameter_dict(p: ParameterUse) -> dict[str, Any]:
    return {
        "path": p.path,
        "label": p.label,
        "unit": p.unit,
        "value": p.value,
        "effective_from": p.effective_from.isoformat(),
        "effective_to": None if p.effective_to is None else p.effective_to.isoformat(),
        "jurisdiction": p.jurisdiction,
        "jurisdiction_name": p.jurisdiction_name,
        "provenance": p.provenance,
        "sources": list(p.sources),
        "note": p.note,
        "supplied_by": p.supplied_by,
        "cell": [
            {
                "dimension": k,
                "dimension_label": dimension_label(k),
                "code": cell_code(k, v),
                "label": value_label(k, v),
            }
            for k, v in p.cell
        ],
        "floor_applied": p.floor_applied,
    }


_NO_SUBJECT = "未录入姓名或身份证号"


def _subject(value: object) -> str:
    """The person an evaluation is about, safe to show: an id number inside it is masked,
    and the engine's placeholder for an anonymous row is no subject at all."""
    text = "" if value is None else str(value).strip()
    if text == "(row)":
        return ""
    return mask_ids_in(text)


@attrs.frozen
class Evaluation:
    """Every rule's result for one beneficiary on one date.

    Attributes:
        person: who it is about, as shown (a name or a *masked* id number; empty when the
            row names nobody). An id number given here is masked on the way in.
    """

    person: str = attrs.field(converter=_subject)
    on: dt.date
    results: tuple[RuleResult, ...]

    def __getitem__(self, rule_id: str) -> RuleResult:
        for r in self.results:
            if r.rule_id == rule_id:
                return r
        raise KeyError(rule_id)

    def __iter__(self) -> Any:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    @property
    def uses_example_figures(self) -> bool:
        return any(r.uses_example_figures for r in self.results)

    def groups(self) -> dict[str, list[RuleResult]]:
        """The results as the summary orders them: ``entitled``, ``refused``,
        ``undetermined``, and ``other_date`` (rules that are not for the date evaluated)."""
        out: dict[str, list[RuleResult]] = {
            "entitled": [],
            "refused": [],
            "undetermined": [],
            "other_date": [],
        }
        for r in self.results:
            if r.status is Status.ELIGIBLE:
                out["entitled"].append(r)
            elif r.timing_failed is not None:
                out["other_date"].append(r)
            elif r.status is Status.INELIGIBLE:
                out["refused"].append(r)
            else:
                out["undetermined"].append(r)
        return out

    def summary(self) -> str:
        """The answer, for the person and the caseworker: who and when, a warning when an
        example figure was used, then what is due, what is refused (with the deciding
        condition), what could not be decided (with what is missing), and which rules
        belong to another date."""
        who = self.person or _NO_SUBJECT
        lines = [f"优抚待遇评估　对象：{who}　评估日期：{self.on.isoformat()}"]
        if self.uses_example_figures:
            used = "、".join(r.label for r in self.results if r.uses_example_figures)
            lines.append(
                f"警告：本次评估使用了示例（未经核实）数据（涉及：{used}），"
                "相关结果仅供演示，不得作为正式发放依据。"
            )
        caveats: dict[str, list[str]] = {}
        for r in self.results:
            for c in r.caveats:
                caveats.setdefault(c, []).append(r.label)
        lines.extend(f"注意（{'、'.join(labels)}）：{c}" for c, labels in caveats.items())
        g = self.groups()
        titles = (
            ("entitled", "可以享受"),
            ("refused", "不符合"),
            ("undetermined", "无法确定"),
            ("other_date", "经办提示：以下待遇不按本评估日期判断"),
        )
        for n, (key, title) in enumerate(((k, t) for k, t in titles if g[k]), start=1):
            lines.append(f"{_NUMERALS[n]}、{title}（{len(g[key])}项）")
            lines.extend(f"  · {r.summary_line()}" for r in g[key])
        if not self.results:
            lines.append("该日期没有施行中的规则。")
        return "\n".join(lines)

    def explain(self, detail: bool = False) -> str:
        """The summary (:meth:`summary`); with ``detail``, followed by every rule's full
        explanation (conditions, standards, rounding, citations)."""
        head = self.summary()
        if not detail:
            if self.results:
                head += (
                    "\n\n（每项待遇的条件、标准、计算与政策依据：explain(detail=True)，"
                    "或命令 shuangyong explain --detail）"
                )
            return head
        return "\n\n".join([head, "详细说明", *(r.explain() for r in self.results)])

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (``schemas/evaluation.json``)."""
        g = self.groups()
        return {
            "format": "shuangyong.evaluation",
            "format_version": FORMAT_VERSION,
            "person": self.person or None,
            "on": self.on.isoformat(),
            "uses_example_figures": self.uses_example_figures,
            "summary": {k: [r.rule_id for r in v] for k, v in g.items()},
            "results": [r.to_dict() for r in self.results],
        }


_NUMERALS = "〇一二三四五六七八九"
