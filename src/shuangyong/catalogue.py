"""The rule catalogue: every loaded rule with its label, versions, dates of effect, citations,
conditions, parameters and the provenance of their figures, generated from rule metadata.

The documentation's rule reference and ``shuangyong rules`` are rendered from this, so they
cannot drift from the code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

__all__ = ["ParameterInfo", "RuleInfo", "VersionInfo", "catalogue", "render_rst"]


@attrs.frozen
class ParameterInfo:
    path: str
    label: str
    unit: str
    provenance: tuple[str, ...]
    """Provenance of every national value in force at some time during the version."""


@attrs.frozen
class VersionInfo:
    version: str
    effective_from: dt.date
    effective_to: dt.date | None
    citations: tuple[str, ...]
    conditions: tuple[tuple[str, str, str], ...]
    parameters: tuple[ParameterInfo, ...]
    reads: tuple[str, ...]
    invariants: tuple[str, ...]


@attrs.frozen
class RuleInfo:
    id: str
    label: str
    kind: str
    period: str | None
    supplier: str
    description: str
    versions: tuple[VersionInfo, ...]


def _provenance(engine: Any, path: str, start: dt.date, end: dt.date | None) -> tuple[str, ...]:
    found: set[str] = set()
    for j, values in engine.parameters.values(path).items():
        for i, v in enumerate(values):
            nxt = values[i + 1].effective_from if i + 1 < len(values) else None
            v_end = v.effective_to or (nxt - dt.timedelta(days=1) if nxt else None)
            overlaps = (end is None or v.effective_from <= end) and (
                v_end is None or v_end >= start
            )
            if overlaps:
                label = v.provenance.value if j == "national" else f"{v.provenance.value}@{j}"
                found.add(label)
    return tuple(sorted(found)) or ("not set",)


def catalogue(engine: Any) -> list[RuleInfo]:
    """Every rule of ``engine`` (all versions), in rule-id order."""
    out = []
    for rid in engine.rule_ids():
        versions = []
        regs = engine.rule_versions(rid)
        for reg in regs:
            r = reg.rule
            params = tuple(
                ParameterInfo(
                    p,
                    engine.parameters.declaration(p).label,
                    engine.parameters.declaration(p).unit.label,
                    _provenance(engine, p, r.effective_from, r.effective_to),
                )
                for p in r.parameters
            )
            versions.append(
                VersionInfo(
                    version=r.version,
                    effective_from=r.effective_from,
                    effective_to=r.effective_to,
                    citations=tuple(str(c) for c in r.citations),
                    conditions=tuple((c.id, c.label, str(c.citation)) for c in r.conditions),
                    parameters=params,
                    reads=r.reads,
                    invariants=tuple(i.id for i in r.properties),
                )
            )
        first = regs[-1].rule
        out.append(
            RuleInfo(
                id=rid,
                label=first.label,
                kind=first.kind.value,
                period=first.period.value if first.period else None,
                supplier=regs[-1].supplied_by,
                description=first.description,
                versions=tuple(versions),
            )
        )
    return out


def _width(text: str) -> int:
    """Display width as docutils counts it (East Asian wide characters take two columns)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = [".. list-table::", "   :header-rows: 1", ""]
    for row in [headers, *rows]:
        lines.append(f"   * - {row[0] or '—'}")
        lines += [f"     - {cell or '—'}" for cell in row[1:]]
    return [*lines, ""]


def render_rst(engine: Any) -> str:
    """reStructuredText of the catalogue (used by the docs' ``shuangyong-rule-reference``)."""
    lines: list[str] = []
    for info in catalogue(engine):
        title = f"``{info.id}`` — {info.label}"
        lines += [title, "-" * _width(title), ""]
        kind = info.kind + (f", {info.period}" if info.period else "")
        lines += [f"{info.description} ({kind}; supplied by {info.supplier})", ""]
        for v in info.versions:
            end = v.effective_to.isoformat() if v.effective_to else "open"
            head = f"Version ``{v.version}``: {v.effective_from.isoformat()} – {end}"
            lines += [head, "~" * _width(head), ""]
            lines += [f"Legal basis: {'；'.join(v.citations)}", ""]
            if v.conditions:
                lines += _table(
                    ["condition", "条件", "依据"],
                    [[f"``{c}``", label, cite] for c, label, cite in v.conditions],
                )
            if v.parameters:
                lines += _table(
                    ["parameter", "名称", "unit", "provenance of values in force"],
                    [
                        [f"``{p.path}``", p.label, p.unit, ", ".join(p.provenance)]
                        for p in v.parameters
                    ],
                )
            lines += ["Reads: " + ", ".join(f"``{f}``" for f in v.reads), ""]
            if v.invariants:
                lines += ["Declared invariants: " + ", ".join(f"``{i}``" for i in v.invariants), ""]
    return "\n".join(lines)
