"""Every exception shuangyong raises, in one place.

Messages that a person will read carry Chinese and English. Each error keeps the facts it reports
as attributes (field, value, reason, row ...) so a host system can act on them without parsing
text.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "BatchInputError",
    "ColumnTruthError",
    "DuplicateRegistrationError",
    "EnumOrderError",
    "FenOverflowError",
    "InputFileError",
    "InvalidValueError",
    "NotInForceError",
    "ParameterFileError",
    "ParameterNotSetError",
    "PluginError",
    "RuleDefinitionError",
    "ScopeError",
    "ShuangyongError",
    "UndeclaredReadError",
    "UnknownDivisionError",
    "UnknownRuleError",
    "field_and_value",
]


class ShuangyongError(Exception):
    """Base class of every error raised by shuangyong."""


def field_and_value(field: str, value: Any) -> str:
    """``field=value`` for a message, or, where there is no value at all (a missing key, a
    null), ``field（缺少数值 / value missing）``: never ``=None``."""
    return f"{field}（缺少数值 / value missing）" if value is None else f"{field}={value!r}"


class InvalidValueError(ShuangyongError, ValueError):
    """A value failed validation: names the field, the value and the reason.

    Attributes:
        field: the field (attribute, column or key) that was wrong.
        value: the offending value, as given.
        reason: why it was rejected, in Chinese and English.
        row: the row number in a batch, when there is one.
    """

    def __init__(self, field: str, value: Any, reason: str, row: int | None = None) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        self.row = row
        where = f"row {row}: " if row is not None else ""
        # a value shaped like an id number (in any field, e.g. a person_id that holds one) is
        # masked in the message: messages end up in logs and on screens
        from shuangyong.domain.ids import mask_ids_in

        super().__init__(mask_ids_in(f"{where}{field_and_value(field, value)}: {reason}"))


class InputFileError(InvalidValueError):
    """A whole input is refused — a file (malformed, nested too deeply, not a table) or a
    record of it that cannot be read —: ``field`` names it, ``value`` is None, and the message
    names it and the reason only (a file's text is never echoed)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, None, reason)
        from shuangyong.domain.ids import mask_ids_in

        self.args = (mask_ids_in(f"{path}: {reason}"),)


class UnknownDivisionError(InvalidValueError):
    """A division code that is not in the shipped GB/T 2260 snapshot or any plugin's data."""

    def __init__(
        self, value: Any, field: str = "division", row: int | None = None, hint: str = ""
    ) -> None:
        super().__init__(
            field,
            value,
            "未知的行政区划代码 / unknown administrative division code" + hint,
            row=row,
        )


class NotInForceError(ShuangyongError, LookupError):
    """A parameter (or rule) was asked for on a date before any value of it took effect."""

    def __init__(self, path: str, jurisdiction: str, on: Any, first: Any = None) -> None:
        self.path = path
        self.jurisdiction = jurisdiction
        self.on = on
        self.first = first
        extra = f"; earliest value takes effect {first}" if first is not None else ""
        super().__init__(
            f"参数 {path} 在 {on} 尚未施行（区划 {jurisdiction}）/ parameter {path!r} is not in "
            f"force on {on} for jurisdiction {jurisdiction}{extra}"
        )


class ParameterNotSetError(ShuangyongError, LookupError):
    """No jurisdiction in a division's chain sets the parameter at all.

    This is the normal state for standards the law leaves to a province when no provincial
    plugin is loaded: rules turn it into an *undetermined* result rather than letting it escape.
    """

    def __init__(self, path: str, division: str, detail: str = "") -> None:
        self.path = path
        self.division = division
        self.detail = detail
        super().__init__(
            detail
            or f"参数 {path} 未由区划 {division} 或其上级设定 / parameter {path!r} is not set for "
            f"division {division} or any jurisdiction above it"
        )


class ParameterFileError(ShuangyongError, ValueError):
    """A parameter file is malformed: names the file, the key and the reason."""

    def __init__(self, source: str, key: str, reason: str) -> None:
        self.source = source
        self.key = key
        self.reason = reason
        super().__init__(f"{source}: {key}: {reason}")


class DuplicateRegistrationError(ShuangyongError):
    """Two plugins registered the same id without a declared override."""

    def __init__(self, kind: str, ident: str, first: str, second: str) -> None:
        self.kind = kind
        self.ident = ident
        self.first = first
        self.second = second
        super().__init__(
            f"{kind} {ident!r} is registered by both {first} and {second}; "
            "declare an override to replace it / 重复注册，如需替换请声明覆盖"
        )


class UnknownRuleError(ShuangyongError, KeyError):
    """A rule id that no loaded plugin registered (or none in force on the date)."""

    def __init__(self, rule_id: str, detail: str = "") -> None:
        self.rule_id = rule_id
        super().__init__(f"unknown rule {rule_id!r}{': ' + detail if detail else ''}")

    def __str__(self) -> str:  # KeyError quotes its argument; we want the sentence
        return str(self.args[0])


class RuleDefinitionError(ShuangyongError):
    """A rule is defined wrongly (reads an undeclared field, uses ``if`` on a column, ...)."""

    def __init__(self, rule_id: str, reason: str) -> None:
        self.rule_id = rule_id
        self.reason = reason
        super().__init__(f"rule {rule_id!r}: {reason}")


class UndeclaredReadError(RuleDefinitionError):
    """A rule body reads a field (or parameter) it does not list in ``reads=`` (``parameters=``).

    Found when the engine is created (each rule version is run once on a synthetic row), so
    the message names the rule, the version and the field.

    Attributes:
        name: the field or parameter read.
        what: ``"field"`` or ``"parameter"``.
        version: the rule version, when known.
    """

    def __init__(self, rule_id: str, name: str, what: str, version: str | None = None) -> None:
        self.name = name
        self.what = what
        self.version = version
        declared = "reads=" if what == "field" else "parameters="
        at = f"version {version}: " if version is not None else ""
        super().__init__(
            rule_id, f"{at}reads {what} {name!r} that it does not declare in {declared}"
        )


class ColumnTruthError(ShuangyongError, TypeError):
    """Python ``if``/``and``/``or``/``not`` was applied to a column inside a rule body."""

    def __init__(self, name: str = "column") -> None:
        self.name = name
        super().__init__(
            f"the truth value of {name} is ambiguous: a rule body works on whole columns. "
            "Use '&', '|', '~' instead of 'and', 'or', 'not', and shuangyong.policy.where() "
            "or select() instead of 'if' / 规则体按列计算，请用 & | ~ 与 where()/select()"
        )


class BatchInputError(ShuangyongError, ValueError):
    """A batch input cannot be evaluated at all (a missing column, a wrong length)."""


class PluginError(ShuangyongError):
    """A plugin failed to load or broke the hook contract."""


class ScopeError(PluginError):
    """Something a plugin registered lies outside the divisions it declared it serves.

    Attributes:
        plugin: the plugin distribution (``name version``).
        item: what it registered (a rule id, or a parameter file and key).
        code: the division code outside its scope.
    """

    def __init__(self, plugin: str, item: str, code: str, reason: str) -> None:
        self.plugin = plugin
        self.item = item
        self.code = code
        self.reason = reason
        super().__init__(f"plugin {plugin}: {item}: division {code}: {reason}")


class EnumOrderError(ShuangyongError, TypeError):
    """``<``, ``<=``, ``>`` or ``>=`` on an enum column: enum codes have no order."""

    def __init__(self, operation: str) -> None:
        self.operation = operation
        super().__init__(
            f"枚举没有大小顺序，不能用 {operation} 比较 / an enum column is unordered: "
            f"{operation} is not defined on it; compare with == or .isin()"
        )


class FenOverflowError(ShuangyongError, OverflowError):
    """Integer (fen) arithmetic in a rule body would overflow int64: an error, never a wrapped
    number."""

    def __init__(self, operation: str, rule_id: str | None = None, part: str = "") -> None:
        self.operation = operation
        self.rule_id = rule_id
        self.part = part
        where = f"rule {rule_id!r}{' ' + part if part else ''}: " if rule_id else ""
        super().__init__(
            f"{where}整数（分）运算超出 int64 范围：{operation} / integer (fen) arithmetic "
            f"overflows int64 in {operation}; the value is never wrapped"
        )
