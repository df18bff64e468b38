"""Converters between domain objects and plain data (dicts, lists, str, int, bool, None).

Follows the shape of cattrs' ``preconf`` modules: :func:`configure_converter` installs the
hooks on a converter you own, :func:`make_converter` builds a fresh one. There is no module-level
converter: hosts create their own, so one host's customisation never leaks into another's.

Structuring is strict, like the rest of the library: unknown keys, floats for money or counts,
strings for booleans, unknown enum codes and malformed dates are errors, never coerced. A bad
value inside a record raises ``cattrs.ClassValidationError`` whose nested exceptions carry the
attribute path (``cattrs.transform_error`` renders it as ``$.disability.level``); the leaf
exception is the library's :class:`~shuangyong.errors.InvalidValueError` with the field, value
and reason. A bad top-level value raises the :class:`InvalidValueError` directly.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import re
from decimal import Decimal
from typing import Any

import cattrs

from shuangyong.domain.divisions import Division, DivisionCatalog, DivisionCode
from shuangyong.domain.enums import _Labelled
from shuangyong.domain.ids import IdNumber, mask_id
from shuangyong.domain.money import RoundingMode, RoundingPolicy, Yuan
from shuangyong.domain.periods import Month, parse_date
from shuangyong.errors import InvalidValueError

__all__ = ["configure_converter", "error_paths", "make_converter"]

_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")


def _is(cls: type) -> Any:
    """A predicate matching exactly ``cls`` (not its subclasses: str enums are not str)."""
    return lambda t: t is cls


def _structure_str(value: object, cls: type) -> Any:
    # Registered for str, so cattrs also offers it str-mixin enums it has no closer hook for.
    if issubclass(cls, enum.Enum):
        return _structure_enum(value, cls)
    if not isinstance(value, str):
        raise InvalidValueError("str", value, "须为字符串 / expected a string")
    return value


def _structure_int(value: object, cls: type) -> Any:
    if issubclass(cls, enum.Enum):
        return _structure_enum(value, cls)
    # int(3.7) == 3 and int("3") == 3 are exactly the silent coercions the library forbids.
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError("int", value, "须为整数 / expected an integer")
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise InvalidValueError("bool", value, "须为 true 或 false / expected a boolean")
    return value


def _structure_decimal(value: object, _: type) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidValueError(
            "decimal", value, "须为十进制字符串 / expected a decimal string (never a float)"
        )
    try:
        number = Decimal(value)
    except decimal.InvalidOperation:
        raise InvalidValueError("decimal", value, "不是数字 / not a number") from None
    if not number.is_finite():
        raise InvalidValueError("decimal", value, "须为有限数 / must be finite (no NaN/inf)")
    return number


def _structure_yuan(value: object, _: type) -> Yuan:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidValueError(
            "amount",
            value,
            '金额须为十进制字符串 / money must be a decimal string such as "7345.83", never a '
            "float",
        )
    return Yuan(value)


def _structure_date(value: object, _: type) -> dt.date:
    if not isinstance(value, str):
        raise InvalidValueError("date", value, "日期须为 YYYY-MM-DD 字符串 / expected YYYY-MM-DD")
    return parse_date(value)


def _structure_month(value: object, _: type) -> Month:
    if not isinstance(value, str) or not _MONTH.fullmatch(value):
        raise InvalidValueError("month", value, "月份格式应为 YYYY-MM / expected YYYY-MM")
    return Month.parse(value)


def _structure_id(value: object, _: type) -> IdNumber:
    if not isinstance(value, str):
        raise InvalidValueError(
            "id_number", mask_id(value), "身份证号须为字符串 / an id number must be a string"
        )
    return IdNumber(value)


def _structure_division_code(value: object, _: type) -> DivisionCode:
    if not isinstance(value, str):
        raise InvalidValueError(
            "division", value, "行政区划代码须为字符串 / a division code must be a string"
        )
    return DivisionCode(value)


def _structure_enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    if isinstance(value, str):
        for member in cls:
            if member.value == value:
                return member
    allowed = ", ".join(str(m.value) for m in cls)
    raise InvalidValueError(
        cls.__name__, value, f"未知的取值 / unknown {cls.__name__} value; allowed: {allowed}"
    )


def _unstructure_enum(member: enum.Enum) -> Any:
    return member.value


def _structure_rounding(value: object, _: type) -> RoundingPolicy:
    if not isinstance(value, dict) or set(value) != {"unit", "mode"}:
        raise InvalidValueError(
            "rounding", value, "须为 {unit, mode} / expected exactly the keys unit and mode"
        )
    unit = _structure_decimal(value["unit"], Decimal)
    mode = _structure_enum(value["mode"], RoundingMode)
    return RoundingPolicy(unit, mode)


def configure_converter(converter: cattrs.Converter) -> None:
    """Install shuangyong's strict hooks on ``converter``.

    Conversions (unstructured form ⇄ Python):

    * ``Decimal`` ⇄ its string, ``"7345.83"``; ints are accepted when structuring; floats, bools,
      NaN and infinities are rejected.
    * :class:`~shuangyong.domain.Yuan` ⇄ its amount as a decimal string, ``"7345.83"``; floats
      are rejected, never rounded.
    * ``datetime.date`` ⇄ ISO 8601 ``"YYYY-MM-DD"``; datetimes are rejected.
    * :class:`~shuangyong.domain.Month` ⇄ ``"YYYY-MM"``;
      :class:`~shuangyong.domain.Period` ⇄ ``{"first": "YYYY-MM", "last": "YYYY-MM"}``.
    * enums ⇄ their value (``"combat"``); unknown codes raise, listing the allowed values.
    * :class:`~shuangyong.domain.IdNumber` ⇄ the **full** 18-character string. Storage needs the
      real number, so the unstructured output is personal data: do not log it.
    * :class:`~shuangyong.domain.DivisionCode` ⇄ its digits as a string.
    * :class:`~shuangyong.domain.RoundingPolicy` ⇄ ``{"unit": "0.01", "mode": "half_up"}``.
    * :class:`~shuangyong.domain.DivisionCatalog` ⇄
      ``{"data_date": ..., "source": ..., "divisions": [...]}``.
    * tuples ⇄ lists.
    * ``int``, ``bool`` and ``str`` fields accept only that type: no ``int("3")``, no
      ``int(3.7)``, no ``bool("no")``.

    Unknown keys are rejected only if the converter was built with ``forbid_extra_keys=True``,
    as :func:`make_converter` does.
    """
    # cattrs matches class hooks along the MRO before predicate hooks, and a str-mixin enum
    # has str ahead of Enum in its MRO: so the primitives and the enums are registered as class
    # hooks, and the str/int hooks hand enum subclasses on to the enum hook.
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    for base in (enum.Enum, _Labelled, RoundingMode):
        converter.register_structure_hook(base, _structure_enum)
        converter.register_unstructure_hook(base, _unstructure_enum)

    converter.register_structure_hook_func(_is(Decimal), _structure_decimal)
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook_func(_is(Yuan), _structure_yuan)
    converter.register_unstructure_hook(Yuan, lambda y: str(y.amount))
    converter.register_structure_hook_func(_is(dt.date), _structure_date)
    converter.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    converter.register_structure_hook_func(_is(Month), _structure_month)
    converter.register_unstructure_hook(Month, str)
    converter.register_structure_hook_func(_is(IdNumber), _structure_id)
    converter.register_unstructure_hook(IdNumber, lambda i: i.reveal())
    converter.register_structure_hook_func(_is(DivisionCode), _structure_division_code)
    converter.register_unstructure_hook(DivisionCode, str)
    converter.register_structure_hook_func(_is(RoundingPolicy), _structure_rounding)
    converter.register_unstructure_hook(
        RoundingPolicy, lambda p: {"unit": str(p.unit), "mode": p.mode.value}
    )

    def unstructure_catalog(catalog: DivisionCatalog) -> dict[str, Any]:
        return {
            "data_date": catalog.data_date.isoformat(),
            "source": catalog.source,
            "divisions": [converter.unstructure(d, Division) for d in catalog],
        }

    def structure_catalog(value: object, _: type) -> DivisionCatalog:
        if not isinstance(value, dict) or set(value) != {"data_date", "source", "divisions"}:
            raise InvalidValueError(
                "catalog",
                type(value).__name__,
                "须为 {data_date, source, divisions} / expected exactly those keys",
            )
        return DivisionCatalog.from_divisions(
            converter.structure(value["divisions"], list[Division]),
            _structure_date(value["data_date"], dt.date),
            _structure_str(value["source"], str),
        )

    converter.register_unstructure_hook(DivisionCatalog, unstructure_catalog)
    converter.register_structure_hook_func(_is(DivisionCatalog), structure_catalog)


def make_converter() -> cattrs.Converter:
    """A new converter with :func:`configure_converter` applied and unknown keys forbidden."""
    converter = cattrs.Converter(
        forbid_extra_keys=True,
        unstruct_collection_overrides={tuple: list},
    )
    configure_converter(converter)
    return converter


def error_paths(exc: BaseException, path: str = "$") -> list[tuple[str, BaseException]]:
    """Flatten a structuring error into ``(path, leaf exception)`` pairs.

    ``path`` is a JSON-path-like location, e.g. ``$.disability.level`` or
    ``$.awards[1].awarded_on``: the attribute path cattrs recorded, extended with the
    :attr:`InvalidValueError.field` when a record's own validation (rather than a field's
    conversion) rejected the value.

    Args:
        exc: what :meth:`cattrs.Converter.structure` raised.
        path: the path of the value ``exc`` is about.

    Returns:
        One pair per leaf error, in the order cattrs collected them.
    """
    if isinstance(exc, cattrs.ClassValidationError):
        with_notes, without = exc.group_exceptions()
        out: list[tuple[str, BaseException]] = []
        for inner, note in with_notes:
            out += error_paths(inner, f"{path}.{note.name}")
        for inner in without:
            # Raised by the record's __init__ (a validator or a cross-field check): the error
            # itself names the field.
            where = f"{path}.{inner.field}" if isinstance(inner, InvalidValueError) else path
            out += error_paths(inner, where)
        return out
    if isinstance(exc, cattrs.IterableValidationError):
        items, rest = exc.group_exceptions()
        out = []
        for inner, item in items:
            out += error_paths(inner, f"{path}[{item.index!r}]")
        for inner in rest:
            out += error_paths(inner, path)
        return out
    return [(path, exc)]
