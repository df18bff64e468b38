"""Results and their explanations (per case), rendered as Chinese text or as a dict/JSON.

An explanation is data: the value; the rule id and version; each condition with its outcome,
reason and citation; each parameter with its value, date of effect, jurisdiction, provenance and
sources; the rounding applied; the plugins active; any override. ``explain()`` renders it for a
caseworker to hand to an applicant; ``to_dict()`` for a host system to store.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from typing import Any

import attrs

from shuangyong.citations import Citation
from shuangyong.domain.money import Yuan
from shuangyong.policy.context import ParameterUse, RoundingStep

__all__ = ["ConditionOutcome", "Evaluation", "OverrideNote", "PluginInfo", "RuleResult", "Status"]


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
    """

    id: str
    label: str
    passed: bool
    reason: str
    citation: Citation
    undetermined: bool = False


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

    # -- rendering --------------------------------------------------------------------------
    def explain(self) -> str:
        """Chinese text for a caseworker (with the legal basis of every step)."""
        lines = [f"【{self.label}】（规则 {self.rule_id}，版本 {self.version}）"]
        lines.append(f"评估日期：{self.on.isoformat()}　　适用区划：{self.division}")
        head = f"结论：{self.status.label}"
        if self.amount is not None:
            head += f"；金额：{self.amount}（{_period_label(self.period)}）"
        lines.append(head)
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
        for note in self.notes:
            lines.append(f"说明：{note}")
        if self.uses_example_figures:
            lines.append("警告：本结果使用了示例（未经核实）数据，仅供演示，不得作为正式发放依据。")
        lines.append(_rendered(self.citations, _basis_line))
        plugins = "，".join(f"{p.name} {p.version}" for p in self.plugins)
        lines.append(f"规则来源：{self.supplied_by}；已加载插件：{plugins}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (dates ISO, money as decimal strings)."""
        out: dict[str, Any] = _plain(attrs.asdict(self, recurse=True))
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


# Outcomes, parameter uses and citation tuples are immutable and shared by every evaluation
# (the engine caches them), so their text is rendered once: id(object) → (object, text). The
# object is held, so its id cannot be reused while the entry exists.
_RENDERED: dict[int, tuple[object, str]] = {}


def _rendered(obj: Any, render: Any) -> str:
    hit = _RENDERED.get(id(obj))
    if hit is not None and hit[0] is obj:
        return hit[1]
    text: str = render(obj)
    if len(_RENDERED) >= 50_000:  # results built by hand, one-off objects: stay bounded
        _RENDERED.clear()
    _RENDERED[id(obj)] = (obj, text)
    return text


def _condition_line(c: ConditionOutcome) -> str:
    mark = "✓" if c.passed else "?" if c.undetermined else "✗"
    return f"  {mark} {c.label}：{c.reason}（依据：{c.citation}）"


_PROVENANCE = {
    "official": "官方",
    "secondary": "二手来源",
    "example": "示例数据，未经核实，不得作为发放依据",
}


def _parameter_lines(p: ParameterUse) -> str:
    cell = "，".join(f"{k}={v}" for k, v in p.cell)
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


def _plain(v: Any) -> Any:
    if isinstance(v, dict):
        if set(v) == {"amount"}:
            return str(v["amount"])
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, enum.Enum):
        return v.value
    if isinstance(v, Yuan):
        return str(v.amount)
    return v if isinstance(v, str | int | float | bool | type(None)) else str(v)


@attrs.frozen
class Evaluation:
    """Every rule's result for one beneficiary on one date."""

    person: str
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

    def explain(self) -> str:
        head = f"优抚待遇评估　对象：{self.person}　日期：{self.on.isoformat()}"
        return "\n\n".join([head, *(r.explain() for r in self.results)])

    def to_dict(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "on": self.on.isoformat(),
            "results": [r.to_dict() for r in self.results],
        }
