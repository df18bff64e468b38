"""Which loaded values no rule reads: the check behind ``shuangyong params check``.

A value nobody reads is a silent mistake (issue 11 §4): a figure for a parameter no rule
declares (a misspelt path a plugin declared itself, an obsolete figure), or a figure dated where
no version of any rule that declares the parameter is in force. Both load without error and
change nothing, so the person who typed them believes they apply.

What is checked is what rules *declare* (``Rule.parameters`` and their dates of effect), not
what a body happens to look up: a rule may read the previous year's figure (上年度), so a value
counts as read when it is in force within a year before a declaring version starts, or during
it. Table cells are not checked one by one (a rule does not declare which cells it can look
up); parameters read by compliance checklists (their path starts with a checklist id) are
listed apart, not as unread, and so are statistical series (``statistics.*``): a series is data
any rule or plugin formula may take as its index (design §4), published whether or not a loaded
rule reads it today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from shuangyong.parameters.model import DatedValue
from shuangyong.parameters.resolver import ParameterSet

__all__ = ["Unread", "unread_values"]

SERIES_PREFIX = "statistics."
"""Statistical series: shared indices, listed apart rather than reported as unread."""

_LOOKBACK = dt.timedelta(days=366)  # a rule may read the figure of the year before (上年度)


@attrs.frozen
class Unread:
    """A dated value no rule version reads.

    Attributes:
        path: the parameter.
        jurisdiction: whose value it is.
        effective_from: its date of effect.
        effective_to: its last day, if it lapses.
        source: the file it came from (with ``key``, where in it).
        key: e.g. ``value[3]``.
        supplied_by: the plugin that supplied it.
        reason: why it is unread, in Chinese and English.
    """

    path: str
    jurisdiction: str
    effective_from: dt.date
    effective_to: dt.date | None
    source: str
    key: str
    supplied_by: str
    reason: str


Cells = tuple[tuple[str, str, tuple[str | int, ...]], ...]
"""``Rule.cells``: (parameter, dimension, the values a version can look up)."""

_Span = tuple[dt.date, dt.date, dict[str, tuple[str | int, ...]] | None]


def unread_values(
    parameters: ParameterSet,
    readers: Iterable[tuple[Any, ...]],
    checklist_ids: Iterable[str] = (),
) -> tuple[list[Unread], list[str]]:
    """Values (and table cells) no rule version reads, and the parameters left to checklists.

    Args:
        parameters: every loaded declaration and value.
        readers: one ``(rule id, effective_from, effective_to, parameters)`` per rule version,
            optionally followed by the version's ``cells`` (:class:`~shuangyong.policy.Rule`).
        checklist_ids: compliance checklists; a path under one of them is theirs.

    Returns:
        The unread values (sorted by path, jurisdiction, date), and the parameters left to
        checklists or published as statistical series that no loaded rule reads.
    """
    spans: dict[str, list[_Span]] = {}
    for _rid, start, end, paths, *rest in readers:
        cells: Cells = rest[0] if rest else ()
        for p in paths:
            only = {dim: vals for path, dim, vals in cells if path == p} or None
            spans.setdefault(p, []).append((start - _LOOKBACK, end or dt.date.max, only))
    prefixes = tuple(f"{c}." for c in checklist_ids)
    unread: list[Unread] = []
    by_checklists: list[str] = []
    for path in parameters.paths():
        if path not in spans and path.startswith((*prefixes, SERIES_PREFIX)):
            by_checklists.append(path)
            continue
        for j, timeline in sorted(parameters.values(path).items()):
            for v in timeline:
                if path not in spans:
                    reason = (
                        "没有任何规则声明读取该参数 / no rule declares this parameter in "
                        "parameters="
                    )
                else:
                    last = v.effective_to or dt.date.max
                    live = [o for s, e, o in spans[path] if s <= last and v.effective_from <= e]
                    if live:
                        unread.extend(_unread_cells(parameters, v, live))
                        continue
                    reason = (
                        "该数值的施行期间内没有读取该参数的规则版本 / no version of a rule that "
                        "reads this parameter is in force on these dates"
                    )
                unread.append(
                    Unread(
                        path,
                        j,
                        v.effective_from,
                        v.effective_to,
                        v.source,
                        v.key,
                        v.supplied_by,
                        reason,
                    )
                )
    return unread, by_checklists


def _unread_cells(
    parameters: ParameterSet,
    v: DatedValue,
    live: list[dict[str, tuple[str | int, ...]] | None],
) -> list[Unread]:
    """The set cells of table value ``v`` that none of the versions in force (``live``: each
    one's readable values per dimension, None for the whole table) can look up."""
    decl = parameters.declaration(v.path)
    if not decl.is_table or any(only is None for only in live):
        return []
    dims = decl.dimensions
    out = []
    for i, first in enumerate(dims[0].values):
        row = v.raw[i]
        coords = (
            [((first,), row, f"{first}")]
            if len(dims) == 1
            else [
                ((first, second), cell, f"{first}[{j}]")
                for j, (second, cell) in enumerate(zip(dims[1].values, row, strict=True))
            ]
        )
        for coord, cell, where in coords:
            if cell is None:
                continue
            readable = any(
                _can_read(only, [d.name for d in dims], coord) for only in live if only is not None
            )
            if readable:
                continue
            shown = "、".join(f"{d.name}={x}" for d, x in zip(dims, coord, strict=True))
            out.append(
                Unread(
                    v.path,
                    v.jurisdiction,
                    v.effective_from,
                    v.effective_to,
                    v.source,
                    f"{v.key}.table.{where}",
                    v.supplied_by,
                    f"该单元格（{shown}）在此期间施行的规则版本中没有对应情形，不会被读取 / no "
                    f"version in force on these dates can look up the cell {shown}",
                )
            )
    return out


def _can_read(
    only: dict[str, tuple[str | int, ...]], names: list[str], coord: tuple[Any, ...]
) -> bool:
    """Whether a version that reads ``only`` (values per dimension; a dimension not named is
    read whole) can look up the cell at ``coord``."""
    return all(n not in only or x in only[n] for n, x in zip(names, coord, strict=True))
