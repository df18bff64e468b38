"""Header and value aliases: which column is which field, and which word is which value.

Most of it is derived, not restated: every field of :data:`~shuangyong.policy.schema.FIELDS`
and :data:`~shuangyong.storage.model.REGISTER_FIELDS` is known by its name and its Chinese
label, every enum member by its value and its label, and an integer field graded up to 10
(残疾等级) by ``3``, ``3级`` and ``三级``. Package data (``intake/data/aliases.toml``) adds the
words existing 优抚 systems use (入伍时间, 评残时间, 士官, 非农业 ...); a district extends it with
the same shape (:meth:`Aliases.extend`).

Text is compared after normalisation (:func:`normalise`): NFKC, so full-width brackets, colons
and digits equal their ASCII forms; no whitespace; case-folded. An alias that would mean two
different things is an error that names both, never a silent override.
"""

from __future__ import annotations

import enum
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from shuangyong.errors import InvalidValueError
from shuangyong.policy.schema import FIELDS, Field, FieldKind
from shuangyong.storage.model import REGISTER_FIELDS
from shuangyong.textformats import StructuredTextError, parse_structured

__all__ = ["IMPORT_COLUMNS", "Aliases", "normalise"]

IMPORT_COLUMNS = {
    "person_id": "身份证号",
    "effective_from": "生效日期",
    "note": "备注",
    "paid_up_to": "已发至",
}
"""Columns of an import file that are not row fields: the person's 身份证号 (the key), the date
the row's facts take effect, a note kept on the fact, and the month a benefit was paid up to."""

_DATA_FILE = "aliases.toml"
_NUMERALS = "一二三四五六七八九十"
_TOP_KEYS = {"headers", "survivor_headers", "ignore", "values", "bool"}


def normalise(text: str) -> str:
    """The form headers and values are compared in: NFKC, no whitespace, case-folded."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _targets(fields: Mapping[str, Field] = FIELDS) -> dict[str, str]:
    """Every header target with its Chinese label (``fields``: the engine's row fields, the
    national ones and those its plugins add)."""
    out = {name: f.label for name, f in fields.items() if name != "person_id"}
    out.update(REGISTER_FIELDS)
    out.update(IMPORT_COLUMNS)
    return out


def _graded(field: str, fields: Mapping[str, Field] = FIELDS) -> bool:
    f = fields.get(field)
    return f is not None and f.kind is FieldKind.INT and f.max is not None and f.max <= 10


def _enum_type(field: str, fields: Mapping[str, Field] = FIELDS) -> type[enum.Enum] | None:
    f = fields.get(field)
    if f is None or f.kind not in (FieldKind.ENUM, FieldKind.FLAGS):
        return None
    return f.enum_type


class _Table:
    """A normalised-text → target map that refuses a second, different meaning."""

    def __init__(self, what: str, entries: Mapping[str, Any] | None = None) -> None:
        self.what = what
        self.entries: dict[str, Any] = dict(entries or {})

    def add(self, text: str, target: Any, source: str) -> None:
        key = normalise(text)
        if not key:
            raise InvalidValueError(source, text, "别名不能为空 / an alias cannot be empty")
        have = self.entries.get(key, _MISSING)
        if have is not _MISSING and have != target:
            raise InvalidValueError(
                source,
                text,
                f"{self.what}“{text}”已表示 {have!r}，不能再表示 {target!r} / {self.what} "
                f"alias {text!r} already means {have!r}, cannot also mean {target!r}",
            )
        self.entries[key] = target


_MISSING = object()


def _derived_headers(fields: Mapping[str, Field] = FIELDS) -> _Table:
    table = _Table("表头 / header")
    for target, label in _targets(fields).items():
        table.add(target, target, "FIELDS")
        table.add(label, target, "FIELDS")
    return table


def _derived_values(fields: Mapping[str, Field] = FIELDS) -> dict[str, _Table]:
    tables: dict[str, _Table] = {}
    for name in fields:
        enum_type = _enum_type(name, fields)
        if enum_type is not None:
            t = tables[name] = _Table(f"{name} 取值 / value")
            for member in enum_type:
                t.add(str(member.value), member.value, "enums")
                t.add(str(getattr(member, "label", member.value)), member.value, "enums")
        elif _graded(name, fields):
            t = tables[name] = _Table(f"{name} 取值 / value")
            f = fields[name]
            for n in range(max(f.min or 0, 1), (f.max or 0) + 1):
                for text in (str(n), f"{n}级", _NUMERALS[n - 1], f"{_NUMERALS[n - 1]}级"):
                    t.add(text, n, "grades")
            t.add("0", 0, "grades")
    return tables


@attrs.frozen
class Aliases:
    """What headers and values mean. Build with :meth:`builtin`, extend with :meth:`extend`.

    Attributes:
        headers: normalised header → target (a field, a register field or an import column).
        survivor_headers: the same, used instead of ``headers`` in a survivors' file.
        ignored: normalised headers of columns that hold no fact (序号 ...).
        values: field → normalised text → the value stored in a fact (an enum value, an int).
        bools: normalised text → True / False, for every boolean field.
        fields: the row fields cells are read as (the national ones, plus a plugin's when
            built with an engine's or a store's ``fields``).
    """

    headers: Mapping[str, str]
    survivor_headers: Mapping[str, str]
    ignored: frozenset[str]
    values: Mapping[str, Mapping[str, Any]]
    bools: Mapping[str, bool]
    fields: Mapping[str, Field] = attrs.field(default=FIELDS, eq=False, repr=False)

    @classmethod
    def builtin(cls, fields: Mapping[str, Field] | None = None) -> Aliases:
        """The derived aliases plus the package data.

        Args:
            fields: the row fields (default: the national ones); an engine's or a store's
                ``fields`` make a plugin's field known by its name and its Chinese label, and
                its values (enum labels, grades) read as the national ones are.
        """
        fields = FIELDS if fields is None else fields
        base = cls(
            headers=_derived_headers(fields).entries,
            survivor_headers={},
            ignored=frozenset(),
            values={k: t.entries for k, t in _derived_values(fields).items()},
            bools={},
            fields=fields,
        )
        text = resources.files("shuangyong.intake").joinpath("data", _DATA_FILE)
        return base.extend(tomllib.loads(text.read_text(encoding="utf-8")), source=_DATA_FILE)

    @classmethod
    def load(cls, path: str | Path, fields: Mapping[str, Field] | None = None) -> Aliases:
        """The built-in aliases (of ``fields``, see :meth:`builtin`) extended by a district's
        TOML file of the same shape."""
        p = Path(path)
        try:
            data = parse_structured(p.read_text(encoding="utf-8"), "toml")
        except StructuredTextError as exc:
            raise InvalidValueError(
                str(p), None, f"无法读取别名文件 / cannot read the aliases file: {exc.reason}"
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidValueError(
                str(p), None, f"无法读取别名文件 / cannot read the aliases file: {exc}"
            ) from None
        return cls.builtin(fields).extend(data, source=str(p))

    def extend(self, data: Mapping[str, Any], *, source: str = "aliases") -> Aliases:
        """These aliases plus ``data`` (the TOML shape: ``headers``, ``survivor_headers``,
        ``ignore.headers``, ``values.<field>``, ``bool``).

        Raises:
            InvalidValueError: an unknown key, target, field or value, or an alias that would
                mean two things; ``field`` names ``source`` and the key.
        """
        _expect_table(data, source)
        unknown = sorted(set(data) - _TOP_KEYS)
        if unknown:
            raise InvalidValueError(
                source,
                unknown,
                f"未知的键 / unknown key(s); allowed: {', '.join(sorted(_TOP_KEYS))}",
            )
        targets = _targets(self.fields)
        headers = _Table("表头 / header", self.headers)
        survivor = _Table("表头 / header", self.survivor_headers)
        for key, table in (("headers", headers), ("survivor_headers", survivor)):
            section = data.get(key, {})
            _expect_table(section, f"{source}: {key}")
            for target, texts in section.items():
                where = f"{source}: {key}.{target}"
                if target not in targets:
                    raise InvalidValueError(
                        where,
                        target,
                        f"未知的字段 / unknown field; known: {', '.join(sorted(targets))}",
                    )
                for text in _strings(texts, where):
                    table.add(text, target, where)
        ignored = set(self.ignored)
        ignore = data.get("ignore", {})
        _expect_table(ignore, f"{source}: ignore")
        if set(ignore) - {"headers"}:
            raise InvalidValueError(
                f"{source}: ignore", sorted(ignore), "只能有 headers / only 'headers' is allowed"
            )
        for text in _strings(ignore.get("headers", []), f"{source}: ignore.headers"):
            if normalise(text) in headers.entries:
                raise InvalidValueError(
                    f"{source}: ignore.headers",
                    text,
                    f"该表头已表示 {headers.entries[normalise(text)]!r}，不能忽略 / the header "
                    f"already means {headers.entries[normalise(text)]!r} and cannot be ignored",
                )
            ignored.add(normalise(text))
        values = {k: _Table(f"{k} 取值 / value", v) for k, v in self.values.items()}
        section = data.get("values", {})
        _expect_table(section, f"{source}: values")
        for field, mapping in section.items():
            where = f"{source}: values.{field}"
            _expect_table(mapping, where)
            if field not in values:
                raise InvalidValueError(
                    where,
                    field,
                    "只有枚举、多选和等级字段可以有取值别名 / value aliases are for enum, set "
                    f"and graded fields: {', '.join(sorted(values))}",
                )
            for value, texts in mapping.items():
                target = _value_target(field, value, where, self.fields)
                for text in _strings(texts, f"{where}.{value}"):
                    values[field].add(text, target, f"{where}.{value}")
        bools = _Table("布尔 / boolean", self.bools)
        section = data.get("bool", {})
        _expect_table(section, f"{source}: bool")
        for key, texts in section.items():
            if key not in ("true", "false"):
                raise InvalidValueError(
                    f"{source}: bool", key, "只能是 true 或 false / only 'true' and 'false'"
                )
            for text in _strings(texts, f"{source}: bool.{key}"):
                bools.add(text, key == "true", f"{source}: bool.{key}")
        return Aliases(
            headers=headers.entries,
            survivor_headers=survivor.entries,
            ignored=frozenset(ignored),
            values={k: t.entries for k, t in values.items()},
            bools=bools.entries,
            fields=self.fields,
        )

    def header(self, text: str, *, survivors: bool = False) -> str | None:
        """The target a header means (None if unknown); a survivors' file looks in
        ``survivor_headers`` first."""
        key = normalise(text)
        if survivors and key in self.survivor_headers:
            return self.survivor_headers[key]
        return self.headers.get(key)

    def is_ignored(self, text: str) -> bool:
        return normalise(text) in self.ignored

    def value(self, field: str, text: str) -> Any:
        """The fact value a word means for ``field`` (None if it means nothing)."""
        return self.values.get(field, {}).get(normalise(text))

    def headers_by_target(self, *, survivors: bool = False) -> dict[str, list[str]]:
        """Target → the normalised headers that mean it (for documentation and messages)."""
        out: dict[str, list[str]] = {}
        merged = dict(self.headers)
        if survivors:
            merged.update(self.survivor_headers)
        for text, target in merged.items():
            out.setdefault(target, []).append(text)
        return out


def _expect_table(value: object, where: str) -> None:
    if not isinstance(value, Mapping):
        raise InvalidValueError(where, value, "须为表 / expected a table")


def _strings(value: object, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise InvalidValueError(where, value, "须为字符串或字符串列表 / expected a list of strings")


def _value_target(field: str, value: str, where: str, fields: Mapping[str, Field] = FIELDS) -> Any:
    enum_type = _enum_type(field, fields)
    if enum_type is not None:
        allowed = [str(m.value) for m in enum_type]
        if value not in allowed:
            raise InvalidValueError(
                where, value, f"未知取值 / unknown value; allowed: {', '.join(allowed)}"
            )
        return value
    f = fields[field]
    try:
        n = int(value)
    except ValueError:
        n = -1
    if not (f.min or 0) <= n <= (f.max or 0):
        raise InvalidValueError(
            where, value, f"须为 {f.min}..{f.max} 的整数 / expected an integer {f.min}..{f.max}"
        )
    return n


def alias_tables_rst(aliases: Aliases | None = None) -> str:
    """reStructuredText tables of what headers and values mean (for ``docs/importing.rst``,
    whose tables a test keeps equal to this output). Texts are shown normalised."""
    a = aliases or Aliases.builtin()
    labels = _targets()

    def table(title: str, head: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
        out = [f".. list-table:: {title}", "   :header-rows: 1", ""]
        for row in (head, *rows):
            out.append(f"   * - {row[0]}")
            out += [f"     - {cell}" for cell in row[1:]]
        return [*out, ""]

    def words(texts: list[str]) -> str:
        return "、".join(texts)

    by_target = a.headers_by_target()
    header_rows = [
        (f"``{t}``", labels[t], words([h for h in by_target.get(t, []) if h != t])) for t in labels
    ]
    survivor_rows = [
        (f"``{t}``", labels[t], words([h for h, x in a.survivor_headers.items() if x == t]))
        for t in dict.fromkeys(a.survivor_headers.values())
    ]
    value_rows: list[tuple[str, ...]] = []
    for field, table_ in a.values.items():
        targets: dict[Any, list[str]] = {}
        for text, value in table_.items():
            targets.setdefault(value, []).append(text)
        for value, texts in targets.items():
            value_rows.append((f"``{field}``", f"``{value}``", words(texts)))
    bool_rows = [
        (f"``{flag}``".lower(), words([t for t, v in a.bools.items() if v is flag]))
        for flag in (True, False)
    ]
    lines = table(
        "表头 / headers", ("字段 / field", "标签 / label", "可用表头 / headers"), header_rows
    )
    lines += table(
        "遗属文件的表头（survivors=True）/ headers of a survivors' file",
        ("字段 / field", "标签 / label", "可用表头 / headers"),
        survivor_rows,
    )
    lines += table(
        "取值 / values", ("字段 / field", "取值 / value", "可用写法 / words"), value_rows
    )
    lines += table("是否 / yes and no", ("取值 / value", "可用写法 / words"), bool_rows)
    if a.ignored:
        lines.append("忽略的列 / ignored columns: " + words(sorted(a.ignored)))
        lines.append("")
    return "\n".join(lines)
