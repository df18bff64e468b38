"""Checklist registration: what ``register_checklists`` receives, and the assembled registry.

This module is the seam between the plugin host and the compliance package; the checklist
model itself lives beside it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ChecklistRegistrar", "ChecklistRegistry"]


class ChecklistRegistry:
    """Collects checklists from every plugin; :meth:`finish` resolves duplicates/overrides."""

    def __init__(self) -> None:
        self._items: list[tuple[Any, str, str | None]] = []

    def bind(self, supplier: str) -> ChecklistRegistrar:
        return ChecklistRegistrar(self, supplier)

    def finish(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for checklist, supplier, _reason in self._items:
            out[checklist.id] = checklist
            del supplier
        return out


class ChecklistRegistrar:
    """What ``register_checklists`` receives."""

    def __init__(self, registry: ChecklistRegistry, supplier: str) -> None:
        self._registry = registry
        self.supplier = supplier

    def add(self, *checklists: Any) -> None:
        for c in checklists:
            self._registry._items.append((c, self.supplier, None))
