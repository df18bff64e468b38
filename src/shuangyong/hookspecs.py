"""Every hook a shuangyong plugin can implement, with its full contract.

Plugins are ordinary modules or objects with functions marked ``@shuangyong.hookimpl``.
pluggy's rules apply (see the plugin guide): hooks are called with keyword arguments only; an
implementation may accept fewer arguments than the spec but never one with a default value (it
would never be passed); implementations run last-registered-first.

Each ``register_*`` hook receives a typed *registrar* bound to the calling plugin: whatever the
plugin registers is stamped with its distribution name and version, and an id registered by two
plugins is an error naming both unless one declares an override.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from shuangyong.commands import CommandRegistrar
    from shuangyong.compliance.registry import ChecklistRegistrar
    from shuangyong.policy.fieldset import FieldRegistrar
    from shuangyong.registries import (
        DivisionRegistrar,
        ParameterRegistrar,
        RuleRegistrar,
        ScopeRegistrar,
    )
    from shuangyong.reports.registry import BuilderRegistrar, FormatRegistrar
    from shuangyong.storage.registry import StorageRegistrar

__all__ = ["hookimpl", "hookspec"]

hookspec = pluggy.HookspecMarker("shuangyong")
hookimpl = pluggy.HookimplMarker("shuangyong")


@hookspec
def register_scope(registry: ScopeRegistrar) -> None:
    """Declare, once, the divisions the plugin serves: ``registry.serve("410000")``.

    Everything the plugin registers — new rules, overrides, parameter values and override
    layers — then applies only within those divisions and everything below them (by the
    division catalog, including divisions plugins register). A rule or value registered for a
    division outside them is a load error (:class:`~shuangyong.errors.ScopeError`) naming the
    plugin, the item and the code. A plugin that declares nothing is national, as the built-in
    rule set is.
    """


@hookspec
def register_rules(registry: RuleRegistrar) -> None:
    """Register rules.

    Call ``registry.add(rule, ...)`` for new rule ids (several versions of one id with
    non-overlapping dates are fine), or ``registry.override(rule, reason=...)`` to replace a
    rule another plugin supplies. Overrides show in every explanation they touch.
    """


@hookspec
def register_parameters(registry: ParameterRegistrar) -> None:
    """Register parameter declarations and dated values.

    ``registry.add_file(path)``, ``registry.add_package_data(package)`` or
    ``registry.add_text(toml, source=...)``. Values for a jurisdiction another plugin already
    sets need ``override_reason=...``.
    """


@hookspec
def register_fields(registry: FieldRegistrar) -> None:
    """Register input fields of the beneficiary row that the plugin's rules read.

    ``registry.add(Field(name, kind, label, ...))`` with a
    :class:`~shuangyong.policy.schema.FieldKind`, a Chinese label and the validation national
    fields have: ``min``/``max`` for ints, ``enum_type`` (the allowed values) for enums and
    flags, ``nullable`` and a ``default`` (None: required when a rule reads it). Fields are per
    engine: conversion, JSON Schemas, field listings and prepared populations of an engine see
    the fields of its plugins. A field registered by two plugins, or with the name of a
    national field, is an error naming both.
    """


@hookspec
def register_divisions(registry: DivisionRegistrar) -> None:
    """Register administrative divisions below county level (乡镇、村), or newer codes.

    ``registry.add(code, name, level, parent)``.
    """


@hookspec
def register_checklists(registry: ChecklistRegistrar) -> None:
    """Register compliance checklists (双拥 assessments) and their items.

    ``registry.add(checklist)`` for a new checklist id; see :mod:`shuangyong.compliance` for
    adding items to another plugin's checklist and for declared re-weighting overrides.
    """


@hookspec
def register_storage_backends(registry: StorageRegistrar) -> None:
    """Register storage backends by URL scheme.

    ``registry.add(scheme, factory)`` where ``factory(url, *, migrate) -> Store`` opens the
    store at ``scheme://…`` (see :mod:`shuangyong.storage.protocol` for what a store must do,
    and run :mod:`shuangyong.testing.storage_suite` against it). A scheme registered by two
    plugins is an error naming both.
    """


@hookspec
def register_report_formats(registry: FormatRegistrar) -> None:
    """Register report formats (how a :class:`~shuangyong.reports.Report` is written).

    ``registry.add(ReportFormat(name, label, suffix, media_type, write, options))`` where
    ``write(report, stream, options)`` writes to a binary stream; ``options`` holds only the
    names the format declares. A format only renders: figures, masking of id numbers and
    caveats are already in the report. A name registered by two plugins is an error naming both.
    """


@hookspec
def register_report_builders(registry: BuilderRegistrar) -> None:
    """Register report kinds (花名册, 发放表 ...).

    ``registry.add(ReportBuilder(kind, label, build))`` for a new kind.

    ``build(request) -> Report`` reads what it needs from a
    :class:`~shuangyong.reports.ReportRequest` and raises
    :class:`~shuangyong.reports.ReportInputError` for a missing or bad input. It masks id numbers
    unless ``request.reveal_ids`` (see :func:`shuangyong.reports.privacy.id_column`). A kind
    registered by two plugins is an error naming both.
    """


@hookspec
def register_commands(registry: CommandRegistrar) -> None:
    """Register subcommands of the ``shuangyong`` command line.

    ``registry.add(command)`` with a :mod:`click` command or group (named). Use the helpers of
    :mod:`shuangyong.commands`: ``engine_of(ctx)`` for the engine of the invocation (with the
    ``--plugin`` modules), ``UserError`` for a one-line error with exit status 2, ``DATE`` for
    dates. A name registered by two plugins, or the name of a core command, is an error naming
    both suppliers. The hook is called when the CLI resolves or lists its subcommands, never
    when an engine is created.
    """
