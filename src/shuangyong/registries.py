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
from typing import TYPE_CHECKING, Any

import attrs

from shuangyong.domain.divisions import DivisionCatalog
from shuangyong.errors import (
    DuplicateRegistrationError,
    ParameterFileError,
    PluginError,
    RuleDefinitionError,
    ScopeError,
)
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
from shuangyong.policy.rules import Condition, Rule
from shuangyong.policy.schema import FIELDS
from shuangyong.scoping import NATIONAL_SCOPE, RuleScope, in_scope

if TYPE_CHECKING:
    from shuangyong.policy.columns import BoolColumn
    from shuangyong.policy.context import Context

__all__ = [
    "SCOPE_CONDITION",
    "DivisionRegistrar",
    "ParameterRegistrar",
    "RegisteredRule",
    "RuleRegistrar",
    "RuleRegistry",
    "ScopeRegistrar",
]

SCOPE_CONDITION = "in_jurisdiction"
"""The id of the first condition of a local rule: the row is inside the rule's scope."""


@attrs.frozen
class RegisteredRule:
    """A rule version as the engine runs it.

    Attributes:
        rule: the rule (its ``jurisdiction`` stamped from the plugin's declared scope).
        supplied_by: the plugin distribution (``name version``).
        override: the declared override it applies, if any.
        scope: the divisions it applies in (empty: national); see :mod:`shuangyong.scoping`.
        base: whether it is the rule's base version, which applies to every row no more
            specific variant holds; otherwise a scoped variant that only its scope's rows see.
    """

    rule: Rule
    supplied_by: str
    override: OverrideNote | None = None
    scope: tuple[str, ...] = NATIONAL_SCOPE
    base: bool = True


_Item = tuple[Rule, str, "str | None", tuple[str, ...]]


class RuleRegistry:
    """Collects rules from every plugin, then resolves versions, duplicates and overrides."""

    def __init__(self) -> None:
        self._items: list[_Item] = []

    def bind(self, supplier: str, scope: tuple[str, ...] = NATIONAL_SCOPE) -> RuleRegistrar:
        return RuleRegistrar(self, supplier, scope)

    def finish(
        self, divisions: DivisionCatalog | None = None
    ) -> dict[str, tuple[RegisteredRule, ...]]:
        """Rule id → its versions, after overrides: the base versions (sorted by date),
        then each scoped variant's versions.

        A rule's scope is its ``jurisdiction`` when it names one, else its plugin's declared
        scope. Per rule id: the national registrations resolve as before (one supplier, or a
        declared override); each scope holds one supplier's versions. A scoped ``override``
        replaces the rule only inside its scope; a scoped ``add`` of an id nobody else
        supplies is a local rule, which rows outside its scope are not covered by (a
        guidance-style condition says so, see :func:`_scope_condition`).

        Raises:
            ScopeError: a rule outside its plugin's declared divisions.
            DuplicateRegistrationError: an id (or one scope of it) supplied by two plugins.
            RuleDefinitionError: an override of a rule no other plugin supplies, or a scoped
                override that selects rows or pays differently from the rule it replaces.
        """
        catalog = DivisionCatalog.builtin() if divisions is None else divisions
        by_id: dict[str, dict[tuple[str, ...], dict[str, list[tuple[Rule, str | None]]]]] = {}
        for rule, supplier, reason, plugin_scope in self._items:
            scope = _rule_scope(catalog, rule, supplier, plugin_scope)
            if scope and rule.jurisdiction != ",".join(scope):
                rule = attrs.evolve(rule, jurisdiction=",".join(scope))
            by_id.setdefault(rule.id, {}).setdefault(scope, {}).setdefault(supplier, []).append(
                (rule, reason)
            )
        out: dict[str, tuple[RegisteredRule, ...]] = {}
        for rid, scopes in by_id.items():
            out[rid] = _resolve_id(rid, scopes, catalog)
        return out


def _rule_scope(
    catalog: DivisionCatalog, rule: Rule, supplier: str, plugin_scope: tuple[str, ...]
) -> tuple[str, ...]:
    if rule.jurisdiction in ("national", ""):
        return plugin_scope
    codes = tuple(c.strip() for c in rule.jurisdiction.split(","))
    for code in codes:
        if code not in catalog:
            raise ScopeError(supplier, f"rule {rule.id}", code, "未知的行政区划代码 / unknown")
        if not in_scope(catalog, code, plugin_scope):
            raise ScopeError(
                supplier,
                f"rule {rule.id}",
                code,
                f"不在插件声明的服务区划内 / outside the divisions it serves "
                f"({', '.join(plugin_scope)})",
            )
    return codes


def _resolve_id(
    rid: str,
    scopes: dict[tuple[str, ...], dict[str, list[tuple[Rule, str | None]]]],
    catalog: DivisionCatalog,
) -> tuple[RegisteredRule, ...]:
    national = scopes.get(NATIONAL_SCOPE)
    out: list[RegisteredRule] = []
    if national is not None:
        regs = _resolve_national(rid, national)
        out.extend(regs)
    seen: dict[str, str] = {}  # code → supplier: two scopes of one rule never share a code
    local = sorted(
        (s for s in scopes if s),
        key=lambda s: min(len(catalog.ancestors(c)) for c in s),  # broadest first
    )
    for scope in local:
        suppliers = scopes[scope]
        names = list(suppliers)
        if len(names) > 1:
            raise DuplicateRegistrationError(f"rule (scope {','.join(scope)})", rid, *names[:2])
        supplier = names[0]
        for c in scope:
            if c in seen:
                raise DuplicateRegistrationError(f"rule (scope {c})", rid, seen[c], supplier)
            seen[c] = supplier
        items = suppliers[supplier]
        reason = next((r for _, r in items if r is not None), None)
        versions = _sorted_versions(rid, [r for r, _ in items], supplier)
        # what this scope's versions stand in for: the national rule, or a broader scope's
        # (never a sibling's: two provinces never see each other)
        covering = [
            reg
            for reg in out
            if not reg.scope or all(in_scope(catalog, c, reg.scope) for c in scope)
        ]
        replaced = [reg.supplied_by for reg in covering]
        if reason is None and out:
            # a second supplier of the id must say it replaces the rule (and why)
            raise DuplicateRegistrationError("rule", rid, replaced[0], supplier)
        if reason is not None and not covering:
            raise RuleDefinitionError(
                rid, f"{supplier} declares an override but no other plugin supplies it"
            )
        if reason is None:
            # a local rule: it is the base, and rows outside its scope are not covered
            sc = RuleScope.build(catalog, scope)
            versions = [_with_scope_condition(r, sc) for r in versions]
            out.extend(RegisteredRule(r, supplier, None, scope, True) for r in versions)
            continue
        for r in versions:
            _check_same_shape(covering[-1].rule, r, supplier)
        note = OverrideNote(supplier, ", ".join(dict.fromkeys(replaced)), reason)
        out.extend(RegisteredRule(r, supplier, note, scope, False) for r in versions)
    return tuple(out)


def _resolve_national(
    rid: str, suppliers: dict[str, list[tuple[Rule, str | None]]]
) -> list[RegisteredRule]:
    overriding = [s for s, rs in suppliers.items() if any(r is not None for _, r in rs)]
    if len(overriding) > 1:
        raise DuplicateRegistrationError("rule override", rid, overriding[0], overriding[1])
    if overriding:
        winner = overriding[0]
        others = [s for s in suppliers if s != winner]
        reason = next(r for _, r in suppliers[winner] if r is not None)
        if not others:
            raise RuleDefinitionError(
                rid, f"{winner} declares an override but no other plugin supplies it"
            )
        note: OverrideNote | None = OverrideNote(winner, ", ".join(others), reason)
    else:
        names = list(suppliers)
        if len(names) > 1:
            raise DuplicateRegistrationError("rule", rid, names[0], names[1])
        winner, note = names[0], None
    versions = _sorted_versions(rid, [r for r, _ in suppliers[winner]], winner)
    return [RegisteredRule(r, winner, note) for r in versions]


def _sorted_versions(rid: str, rules: list[Rule], supplier: str) -> list[Rule]:
    versions = sorted(rules, key=lambda r: r.effective_from)
    for a, b in itertools.pairwise(versions):
        end = a.effective_to or dt.date.max
        if a.version == b.version or end >= b.effective_from:
            raise DuplicateRegistrationError(
                f"rule version {b.version} (overlapping dates)", rid, supplier, supplier
            )
    return versions


def _check_same_shape(base: Rule, variant: Rule, supplier: str) -> None:
    """A scoped override stands in for the rule on some rows: it must select rows by the
    same division and pay the same way, or the rows could not be routed and paid as one."""
    for what in ("kind", "period", "division_field"):
        if getattr(base, what) != getattr(variant, what):
            raise RuleDefinitionError(
                variant.id,
                f"{supplier}: a scoped override keeps the rule's {what} "
                f"({getattr(base, what)!r}), not {getattr(variant, what)!r}",
            )
    if type(base.payment) is not type(variant.payment):
        raise RuleDefinitionError(
            variant.id, f"{supplier}: a scoped override is paid as the rule is ({base.payment!r})"
        )


def _with_scope_condition(rule: Rule, scope: RuleScope) -> Rule:
    """A local rule with a first condition that its row is inside its scope."""
    return attrs.evolve(rule, conditions=(_scope_condition(rule, scope), *rule.conditions))


def _scope_condition(rule: Rule, scope: RuleScope) -> Condition:
    """Rows outside a local rule's scope are not covered by it: like a timing condition, the
    explanation says where the rule applies (guidance for the caseworker), not that the
    applicant failed something."""
    field = rule.division_field
    where = FIELDS[field].label if field in FIELDS else field
    holds = scope.holds

    def inside(c: Context) -> BoolColumn:
        return holds(c[field])

    return Condition(
        SCOPE_CONDITION,
        f"{where}在{scope.name}",
        inside,
        reason_failed=f"本规则仅适用于{where}在{scope.name}的人员",
        citation=rule.citations[0],
        reason_met=f"{where}在{scope.name}",
        timing=True,
    )


class RuleRegistrar:
    """What ``register_rules`` receives: add rules, or override another plugin's rule."""

    def __init__(
        self, registry: RuleRegistry, supplier: str, scope: tuple[str, ...] = NATIONAL_SCOPE
    ) -> None:
        self._registry = registry
        self.supplier = supplier
        self.scope = scope
        """The divisions the plugin serves (``register_scope``); empty: national."""

    def add(self, *rules: Rule) -> None:
        """Register new rules (or further versions of your own rule ids).

        A rule applies within its ``jurisdiction`` when it names one (inside the plugin's
        declared divisions), else within the divisions the plugin serves.
        """
        for r in rules:
            if not isinstance(r, Rule):
                raise TypeError(f"{self.supplier}: register_rules expects Rule objects, got {r!r}")
            self._registry._items.append((r, self.supplier, None, self.scope))

    def override(self, *rules: Rule, reason: str) -> None:
        """Replace these rule ids, which another plugin supplies, within your scope.

        A plugin that declares its divisions (``register_scope``) replaces the rule only for
        rows in them; elsewhere the national rule (or another plugin's) applies. A plugin
        that declares none replaces the rule everywhere. The reason is shown in every
        explanation the override touches, so write it for the person who will read it (e.g.
        "许昌市按市政府令第N号执行").
        """
        if not reason.strip():
            raise ValueError("an override needs a reason")
        for r in rules:
            self._registry._items.append((r, self.supplier, reason, self.scope))


class ParameterRegistry:
    """Collects parameter files from every plugin, then builds the :class:`ParameterSet`."""

    def __init__(self) -> None:
        self._files: list[tuple[ParameterFile, str, str | None]] = []
        self._scopes: dict[str, tuple[str, ...]] = {}

    def bind(self, supplier: str, scope: tuple[str, ...] = NATIONAL_SCOPE) -> ParameterRegistrar:
        if scope:
            self._scopes[supplier] = scope
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
                scope = self._scopes.get(supplier, NATIONAL_SCOPE)
                if not in_scope(catalog, v.jurisdiction, scope):
                    # a value outside the plugin's divisions would change other districts'
                    # results: refused, naming the plugin, the value and the code
                    raise ScopeError(
                        supplier,
                        f"{f.source} {key} ({v.path})",
                        v.jurisdiction,
                        f"不在插件声明的服务区划内 / outside the divisions it serves "
                        f"({', '.join(scope)})",
                    )
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


class ScopeRegistrar:
    """What ``register_scope`` receives: the divisions the plugin serves, declared once.

    ``registry.serve("410000")`` (or several codes). Everything the plugin registers — new
    rules, overrides, parameter values and override layers — then applies only within those
    divisions and everything below them.
    """

    def __init__(self, supplier: str) -> None:
        self.supplier = supplier
        self.codes: tuple[str, ...] = NATIONAL_SCOPE

    def serve(self, *codes: str) -> None:
        if self.codes:
            raise PluginError(
                f"{self.supplier}: 服务区划只能声明一次 / the divisions a plugin serves are "
                f"declared once (already {', '.join(self.codes)})"
            )
        if not codes:
            raise PluginError(f"{self.supplier}: serve() needs at least one division code")
        for c in codes:
            if not isinstance(c, str) or not c.isdigit():
                raise ScopeError(
                    self.supplier,
                    "register_scope",
                    c,
                    "区划代码应为数字字符串 / a division code is a string of digits",
                )
        self.codes = tuple(dict.fromkeys(codes))

    def check(self, catalog: DivisionCatalog) -> tuple[str, ...]:
        """The declared codes, each a division of ``catalog``."""
        for c in self.codes:
            if c not in catalog:
                raise ScopeError(
                    self.supplier, "register_scope", c, "未知的行政区划代码 / unknown division"
                )
        return self.codes
