"""Input fields a plugin adds to the beneficiary row (the ``register_fields`` hook).

The national row (:data:`shuangyong.policy.schema.FIELDS`) is fixed; a district whose standard
turns on a fact the national law does not (a local hardship status, a local honour) adds a field
of its own, with a type (:class:`~shuangyong.policy.schema.FieldKind`), a Chinese label and its
validation (``min``/``max`` for integers, the members of ``enum_type`` for enums, ``nullable``
and a ``default``), exactly as national fields have. Fields are per engine: the engine's
conversion, JSON Schemas, field listings and prepared populations see the fields of the plugins
it loaded, and another engine without the plugin does not.

A field registered by two plugins is an error naming both; a field with the name of a national
field is an error too (a plugin cannot change what a national field means).
"""

from __future__ import annotations

import enum
import re
import types
from collections.abc import Mapping

import numpy as np

from shuangyong.errors import DuplicateRegistrationError, InvalidValueError
from shuangyong.policy.schema import FIELDS, Field, FieldKind, convert_columns

__all__ = ["NATIONAL_SUPPLIER", "FieldRegistrar", "FieldRegistry"]

NATIONAL_SUPPLIER = "shuangyong (national fields)"
"""The supplier named when a plugin field takes the name of a national field."""

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_NO_DIVISIONS = np.zeros(1, dtype=bool)  # a default is never a division (checked per engine)


def _check(field: Field, supplier: str) -> None:
    """A field a plugin adds is valid, or an error naming the plugin, the field and why."""

    def bad(attr: str, value: object, reason: str) -> InvalidValueError:
        return InvalidValueError(f"{field.name}.{attr}", value, f"{supplier}: {reason}")

    if not isinstance(field, Field):
        raise InvalidValueError(
            "field", field, f"{supplier}: register_fields expects Field objects"
        )
    if not _NAME.match(field.name):
        raise bad("name", field.name, "字段名应为 lower_snake_case / names are lower_snake_case")
    if not isinstance(field.kind, FieldKind):
        raise bad("kind", field.kind, "not a FieldKind")
    if not field.label.strip():
        raise bad("label", field.label, "每个字段需要中文名称 / every field needs a Chinese label")
    needs_enum = field.kind in (FieldKind.ENUM, FieldKind.FLAGS)
    is_enum = isinstance(field.enum_type, type) and issubclass(field.enum_type, enum.Enum)
    if needs_enum != is_enum:
        raise bad(
            "enum_type",
            field.enum_type,
            "enum and flags fields need an enum type (their allowed values); others have none",
        )
    if (field.min is not None or field.max is not None) and field.kind is not FieldKind.INT:
        raise bad("min", field.min, "bounds are for int fields")
    if field.min is not None and field.max is not None and field.min > field.max:
        raise bad("max", field.max, f"below min {field.min}")
    try:
        hash(field)  # a field is a value: engines cache per field
    except TypeError:
        raise bad(
            "default",
            field.default,
            "默认值须为不可变值 / an immutable value (a tuple, not a list)",
        ) from None
    if field.default is not None and field.kind is not FieldKind.DIVISION:
        # the default goes through the converter every value goes through
        value = np.empty(1, dtype=object)
        value[0] = field.default
        _, errors, _, _ = convert_columns(
            {field.name: value}, [field.name], _NO_DIVISIONS, {field.name: field}
        )
        if errors:
            raise bad("default", field.default, errors[0].reason)


class FieldRegistry:
    """Collects the fields every plugin adds; decides clashes after all have run."""

    def __init__(self) -> None:
        self._items: list[tuple[Field, str]] = []

    def bind(self, supplier: str) -> FieldRegistrar:
        return FieldRegistrar(self, supplier)

    def finish(self, national: Mapping[str, Field] = FIELDS) -> Mapping[str, Field]:
        """The national fields plus every plugin's (read-only).

        Raises:
            DuplicateRegistrationError: a field added by two plugins, or with the name of a
                national field (naming both suppliers).
        """
        owner = dict.fromkeys(national, NATIONAL_SUPPLIER)
        out = dict(national)
        for field, supplier in self._items:
            if field.name in owner:
                raise DuplicateRegistrationError("field", field.name, owner[field.name], supplier)
            owner[field.name] = supplier
            out[field.name] = field
        return types.MappingProxyType(out)


class FieldRegistrar:
    """What ``register_fields`` receives: ``registry.add(Field(...))``."""

    def __init__(self, registry: FieldRegistry, supplier: str) -> None:
        self._registry = registry
        self.supplier = supplier

    def add(self, *fields: Field) -> None:
        """Add input fields (checked now: name, kind, label, allowed values and bounds)."""
        for f in fields:
            _check(f, self.supplier)
            self._registry._items.append((f, self.supplier))
