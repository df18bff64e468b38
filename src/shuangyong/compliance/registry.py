"""Checklist registration: what ``register_checklists`` receives, and the assembled registry.

A plugin can

* ``registry.add(checklist)`` — a new checklist id;
* ``registry.add_section(checklist_id, section)`` — a new section in another plugin's checklist;
* ``registry.add_items(checklist_id, section_id, *items)`` — items appended to a section;
* ``registry.override_item(checklist_id, item, reason=...)`` — replace an item (same id); the
  reason shows in every finding of that item.

Re-weighting an item or changing a required frequency is a *parameter* change (register a value
for your jurisdiction, or a declared parameter override); findings show the value used, who
supplied it, and the national value it replaced.

Everything is stamped with the supplying distribution. Conflicts (the same checklist, section or
item id twice, two overrides of one item, an addition to a checklist nobody registered) are
errors naming both suppliers, decided after every plugin has run, so load order never matters.
"""

from __future__ import annotations

from typing import Any

import attrs

from shuangyong.compliance.model import Checklist, Item, Section
from shuangyong.errors import DuplicateRegistrationError, PluginError

__all__ = ["ChecklistRegistrar", "ChecklistRegistry"]


@attrs.define
class _Pending:
    checklists: list[tuple[Checklist, str]] = attrs.Factory(list)
    sections: list[tuple[str, Section, str]] = attrs.Factory(list)
    items: list[tuple[str, str, Item, str]] = attrs.Factory(list)
    overrides: list[tuple[str, Item, str, str]] = attrs.Factory(list)


class ChecklistRegistry:
    """Collects checklists and additions from every plugin; :meth:`finish` assembles them."""

    def __init__(self) -> None:
        self._pending = _Pending()

    def bind(self, supplier: str) -> ChecklistRegistrar:
        """A registrar for one plugin (everything it registers is stamped ``supplier``)."""
        return ChecklistRegistrar(self, supplier)

    def finish(self) -> dict[str, Checklist]:
        """Checklist id → the assembled checklist.

        Raises:
            DuplicateRegistrationError: an id registered twice, or an item overridden twice.
            PluginError: an addition or override names a checklist, section or item that no
                plugin registered.
        """
        p = self._pending
        out: dict[str, Checklist] = {}
        owner: dict[str, str] = {}
        for c, supplier in p.checklists:
            if c.id in out:
                raise DuplicateRegistrationError("checklist", c.id, owner[c.id], supplier)
            owner[c.id] = supplier
            out[c.id] = _stamp(c, supplier)
        for cid, section, supplier in p.sections:
            c = _target(out, cid, supplier, "add_section")
            if any(s.id == section.id for s in c.sections):
                raise DuplicateRegistrationError(
                    f"section of {cid}", section.id, owner[cid], supplier
                )
            stamped = attrs.evolve(
                section, items=tuple(_stamp_item(i, supplier) for i in section.items)
            )
            out[cid] = attrs.evolve(c, sections=(*c.sections, stamped))
        for cid, sid, item, supplier in p.items:
            c = _target(out, cid, supplier, "add_items")
            sections = list(c.sections)
            for n, s in enumerate(sections):
                if s.id == sid:
                    sections[n] = attrs.evolve(s, items=(*s.items, _stamp_item(item, supplier)))
                    break
            else:
                raise PluginError(
                    f"{supplier}: add_items({cid!r}, {sid!r}): no such section; sections: "
                    + ", ".join(s.id for s in c.sections)
                )
            out[cid] = attrs.evolve(c, sections=tuple(sections))
        for cid in out:
            _check_unique_items(out[cid])
        seen: dict[tuple[str, str], str] = {}
        for cid, item, reason, supplier in p.overrides:
            key = (cid, item.id)
            if key in seen:
                raise DuplicateRegistrationError("item override", item.id, seen[key], supplier)
            seen[key] = supplier
            out[cid] = _replace(
                _target(out, cid, supplier, "override_item"), item, reason, supplier
            )
        return out


def _target(out: dict[str, Checklist], cid: str, supplier: str, what: str) -> Checklist:
    if cid not in out:
        raise PluginError(
            f"{supplier}: {what}({cid!r}): no plugin registers that checklist; known: "
            + (", ".join(sorted(out)) or "(none)")
        )
    return out[cid]


def _stamp_item(item: Item, supplier: str) -> Item:
    return attrs.evolve(item, supplied_by=supplier)


def _stamp(c: Checklist, supplier: str) -> Checklist:
    return attrs.evolve(
        c,
        supplied_by=supplier,
        sections=tuple(
            attrs.evolve(s, items=tuple(_stamp_item(i, supplier) for i in s.items))
            for s in c.sections
        ),
    )


def _check_unique_items(c: Checklist) -> None:
    first: dict[str, str] = {}
    for i in c.items():
        if i.id in first:
            raise DuplicateRegistrationError(f"item of {c.id}", i.id, first[i.id], i.supplied_by)
        first[i.id] = i.supplied_by


def _replace(c: Checklist, item: Item, reason: str, supplier: str) -> Checklist:
    sections = []
    found = False
    for s in c.sections:
        items = []
        for i in s.items:
            if i.id == item.id:
                found = True
                note = f"本项由 {supplier} 替换（原由 {i.supplied_by} 提供）：{reason}"
                items.append(attrs.evolve(item, supplied_by=supplier, override=note))
            else:
                items.append(i)
        sections.append(attrs.evolve(s, items=tuple(items)))
    if not found:
        raise PluginError(
            f"{supplier}: override_item({c.id!r}, {item.id!r}): the checklist has no such item"
        )
    return attrs.evolve(c, sections=tuple(sections))


class ChecklistRegistrar:
    """What ``register_checklists`` receives; bound to one plugin.

    Attributes:
        supplier: the plugin's distribution and version, stamped on what it registers.
    """

    def __init__(self, registry: ChecklistRegistry, supplier: str) -> None:
        self._registry = registry
        self.supplier = supplier

    def add(self, *checklists: Checklist) -> None:
        """Register new checklists."""
        for c in checklists:
            _expect(c, Checklist, self.supplier, "add")
            self._registry._pending.checklists.append((c, self.supplier))

    def add_section(self, checklist_id: str, section: Section) -> None:
        """Append a section to a checklist (yours or another plugin's)."""
        _expect(section, Section, self.supplier, "add_section")
        self._registry._pending.sections.append((checklist_id, section, self.supplier))

    def add_items(self, checklist_id: str, section_id: str, *items: Item) -> None:
        """Append items to a section of a checklist (yours or another plugin's)."""
        for i in items:
            _expect(i, Item, self.supplier, "add_items")
            self._registry._pending.items.append((checklist_id, section_id, i, self.supplier))

    def override_item(self, checklist_id: str, item: Item, *, reason: str) -> None:
        """Replace the item with ``item.id`` in another plugin's checklist.

        The reason is shown in every finding of the item, so write it for the person reading the
        assessment (e.g. "许昌市考评细则第3条另有规定").
        """
        _expect(item, Item, self.supplier, "override_item")
        if not reason.strip():
            raise PluginError(f"{self.supplier}: override_item needs a reason")
        self._registry._pending.overrides.append((checklist_id, item, reason, self.supplier))


def _expect(obj: Any, cls: type[Any], supplier: str, what: str) -> None:
    if not isinstance(obj, cls):
        raise PluginError(
            f"{supplier}: register_checklists {what}() expects {cls.__name__}, got {obj!r}"
        )
