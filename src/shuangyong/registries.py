"""Typed registrars handed to plugins, and the registries that assemble what they register.

A registrar is bound to one plugin; everything registered through it is stamped with that
plugin's distribution (``name version``). The registries decide duplicates only after every
plugin has run, so the answer never depends on load order.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from shuangyong.domain.divisions import DivisionCatalog
from shuangyong.errors import DuplicateRegistrationError, ParameterFileError, RuleDefinitionError
from shuangyong.parameters.loader import (
    ParameterFile,
    load_parameter_file,
    load_parameter_text,
    package_files,
    parse_value,
)
from shuangyong.parameters.model import DatedValue, ParameterDecl
from shuangyong.parameters.resolver import ParameterSet
from shuangyong.policy.results import OverrideNote
from shuangyong.policy.rules import Rule

__all__ = [
    "DivisionRegistrar",
    "ParameterRegistrar",
    "RegisteredRule",
    "RuleRegistrar",
    "RuleRegistry",
]


@attrs.frozen
class RegisteredRule:
    rule: Rule
    supplied_by: str
    override: OverrideNote | None = None


class RuleRegistry:
    """Collects rules from every plugin, then resolves versions, duplicates and overrides."""

    def __init__(self) -> None:
        self._items: list[tuple[Rule, str, str | None]] = []

    def bind(self, supplier: str) -> RuleRegistrar:
        return RuleRegistrar(self, supplier)

    def finish(self) -> dict[str, tuple[RegisteredRule, ...]]:
        """Rule id → its versions (sorted by date), after overrides."""
        by_id: dict[str, dict[str, list[tuple[Rule, str | None]]]] = {}
        for rule, supplier, reason in self._items:
            by_id.setdefault(rule.id, {}).setdefault(supplier, []).append((rule, reason))
        out: dict[str, tuple[RegisteredRule, ...]] = {}
        for rid, suppliers in by_id.items():
            overriding = [s for s, rs in suppliers.items() if any(r is not None for _, r in rs)]
            if len(overriding) > 1:
                raise DuplicateRegistrationError("rule override", rid, overriding[0], overriding[1])
            if overriding:
                winner = overriding[0]
                others = [s for s in suppliers if s != winner]
                reason = next(r for _, r in suppliers[winner] if r is not None)
                note = (
                    OverrideNote(winner, ", ".join(others) or "(none)", reason) if others else None
                )
                if not others:
                    raise RuleDefinitionError(
                        rid, f"{winner} declares an override but no other plugin supplies it"
                    )
            else:
                names = list(suppliers)
                if len(names) > 1:
                    raise DuplicateRegistrationError("rule", rid, names[0], names[1])
                winner, note = names[0], None
            versions = sorted((r for r, _ in suppliers[winner]), key=lambda r: r.effective_from)
            for a, b in itertools.pairwise(versions):
                end = a.effective_to or dt.date.max
                if a.version == b.version or end >= b.effective_from:
                    raise DuplicateRegistrationError(
                        f"rule version {b.version} (overlapping dates)", rid, winner, winner
                    )
            out[rid] = tuple(RegisteredRule(r, winner, note) for r in versions)
        return out


class RuleRegistrar:
    """What ``register_rules`` receives: add rules, or override another plugin's rule."""

    def __init__(self, registry: RuleRegistry, supplier: str) -> None:
        self._registry = registry
        self.supplier = supplier

    def add(self, *rules: Rule) -> None:
        """Register new rules (or further versions of your own rule ids)."""
        for r in rules:
            if not isinstance(r, Rule):
                raise TypeError(f"{self.supplier}: register_rules expects Rule objects, got {r!r}")
            self._registry._items.append((r, self.supplier, None))

    def override(self, *rules: Rule, reason: str) -> None:
        """Replace every version of these rule ids that another plugin supplies.

        The reason is shown in every explanation the override touches, so write it for the
        person who will read it (e.g. "许昌市按市政府令第N号执行").
        """
        if not reason.strip():
            raise ValueError("an override needs a reason")
        for r in rules:
            self._registry._items.append((r, self.supplier, reason))


class ParameterRegistry:
    """Collects parameter files from every plugin, then builds the :class:`ParameterSet`."""

    def __init__(self) -> None:
        self._files: list[tuple[ParameterFile, str, str | None]] = []

    def bind(self, supplier: str) -> ParameterRegistrar:
        return ParameterRegistrar(self, supplier)

    def finish(self, divisions: DivisionCatalog | None = None) -> ParameterSet:
        """Check every file against every declaration and build the set.

        Args:
            divisions: the divisions jurisdiction codes are checked against (the engine's
                catalog, including codes plugins register); default: the shipped GB/T 2260
                snapshot. A value for a code that is no division is a load error naming the
                file and the key: it could never apply to anyone.
        """
        catalog = DivisionCatalog.builtin() if divisions is None else divisions

        def known(code: str) -> bool:
            return code in catalog

        decls: list[ParameterDecl] = []
        for f, _, _ in self._files:
            decls.extend(f.declarations)
        dmap: dict[str, ParameterDecl] = {}
        for d in decls:
            if d.path in dmap:
                raise DuplicateRegistrationError(
                    "parameter", d.path, dmap[d.path].supplied_by, d.supplied_by
                )
            dmap[d.path] = d
        plain: list[DatedValue] = []
        overrides: list[DatedValue] = []
        owner: dict[tuple[str, str], str] = {}
        for f, supplier, reason in self._files:
            for i, spec in enumerate(f.values):
                key = f"value[{i}]"
                decl = dmap.get(spec.parameter)
                if decl is None:
                    raise ParameterFileError(
                        f.source, f"{key}.parameter", f"undeclared parameter {spec.parameter!r}"
                    )
                v = parse_value(decl, spec, f.source, key, supplier, known=known)
                if reason is not None:
                    overrides.append(attrs.evolve(v, note=(v.note + f"（覆盖：{reason}）").strip()))
                    continue
                k = (v.path, v.jurisdiction)
                prev = owner.setdefault(k, supplier)
                if prev != supplier:
                    raise DuplicateRegistrationError(
                        f"parameter values for {v.jurisdiction}", v.path, prev, supplier
                    )
                plain.append(v)
        base = ParameterSet.build(dmap.values(), plain, known)
        return base.with_layer(overrides, "override") if overrides else base


class ParameterRegistrar:
    """What ``register_parameters`` receives."""

    def __init__(self, registry: ParameterRegistry, supplier: str) -> None:
        self._registry = registry
        self.supplier = supplier

    def add_file(self, path: str | Path | Any, *, override_reason: str | None = None) -> None:
        """Add a TOML parameter file (a path or an importlib.resources traversable)."""
        f = load_parameter_file(path, self.supplier)
        self._registry._files.append((f, self.supplier, override_reason))

    def add_text(self, text: str, *, source: str, override_reason: str | None = None) -> None:
        f = load_parameter_text(text, source, self.supplier)
        self._registry._files.append((f, self.supplier, override_reason))

    def add_package_data(self, package: str, pattern: str = "*.toml") -> None:
        """Add every ``pattern`` file shipped in ``package`` (sorted by name)."""
        for f in package_files(package, pattern):
            self.add_file(f)


class DivisionRegistrar:
    """What ``register_divisions`` receives: divisions below county level, or newer codes."""

    def __init__(self, supplier: str) -> None:
        self.supplier = supplier
        self.items: list[tuple[str, str, str, str]] = []

    def add(self, code: str, name: str, level: str, parent: str) -> None:
        self.items.append((code, name, level, parent))

    def extend(self, rows: Iterable[tuple[str, str, str, str]]) -> None:
        for r in rows:
            self.add(*r)
