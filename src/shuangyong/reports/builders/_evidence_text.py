"""Sentences from evidence for the annual work report: each with the records it rests on.

A :class:`Draft` collects paragraphs, their sources, the gaps (what the evidence does not
support) and whether an ``example`` list was used, so the builder never writes a sentence
without a source and never drops a gap.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from shuangyong.domain.money import Yuan
from shuangyong.reports.model import Paragraph

__all__ = ["Draft", "quantities_text", "source_of"]

_MAX_SOURCES = 6
"""Sources named one by one per paragraph; the rest are counted (a roster of 150 officers would
otherwise bury the sentence)."""


def source_of(evidence: Any, record: Any) -> str:
    """``文件 D01：《…》（evidence_2024.toml）`` — the record's kind, id, caption and file."""
    from shuangyong.compliance.evidence import KINDS, kind_of

    kind = kind_of(record)
    origin = evidence.origins.get((kind, record.id), "")
    where = f"（{os.path.basename(origin)}）" if origin else ""
    return f"{KINDS[kind][1]} {record.id}：{record.caption}{where}"


def _sources(evidence: Any, records: Sequence[Any]) -> tuple[str, ...]:
    named = [source_of(evidence, r) for r in records[:_MAX_SOURCES]]
    if len(records) > _MAX_SOURCES:
        rest = records[_MAX_SOURCES:]
        files = sorted(
            {os.path.basename(evidence.origins.get((k, r.id), "")) for k, r in _kinds(rest)} - {""}
        )
        named.append(f"另 {len(rest)} 条同类记录" + (f"（{'、'.join(files)}）" if files else ""))
    return tuple(named)


def _kinds(records: Iterable[Any]) -> Iterable[tuple[str, Any]]:
    from shuangyong.compliance.evidence import kind_of

    return ((kind_of(r), r) for r in records)


def quantities_text(records: Sequence[Any]) -> str:
    """``计 200 次、500 人次、金额 400,000.00元`` over the records that state each quantity.

    Unstated quantities are unknown, not zero: the text says how many records stated none.
    """
    from shuangyong.compliance.evidence import QUANTITIES

    parts = []
    for name, unit in QUANTITIES.items():
        stated = [getattr(r, name) for r in records if getattr(r, name) is not None]
        if not stated:
            continue
        if name == "amount":
            parts.append(f"金额 {Yuan(sum((y.amount for y in stated), Decimal(0)))}")
        else:
            parts.append(f"{sum(stated)} {unit.split('（')[0]}")
    silent = sum(1 for r in records if not r.quantities())
    text = f"计 {'、'.join(parts)}" if parts else ""
    if silent:
        text += f"（{silent} 条记录未载明数量）" if parts else "（记录未载明数量）"
    return text


@attrs.define
class Draft:
    """What the builder has written so far for one section, and what it could not write."""

    evidence: Any
    blocks: list[Any] = attrs.Factory(list)
    gaps: list[str] = attrs.Factory(list)
    uses_example: bool = False

    def say(self, text: str, records: Sequence[Any]) -> None:
        """A paragraph resting on ``records`` (at least one: nothing is said without a source)."""
        if not records:
            raise ValueError(f"a sentence needs a source: {text}")
        self.blocks.append(Paragraph(text, _sources(self.evidence, records)))

    def say_from(self, text: str, sources: Sequence[str]) -> None:
        """A paragraph resting on named sources (a ledger total)."""
        if not sources:
            raise ValueError(f"a sentence needs a source: {text}")
        self.blocks.append(Paragraph(text, tuple(sources)))

    def gap(self, text: str) -> None:
        self.gaps.append(text)
