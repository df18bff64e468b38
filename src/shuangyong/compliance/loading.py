"""Load evidence from TOML, JSON and CSV files into an :class:`EvidenceSet`.

TOML and JSON files hold any kinds, one array of tables per kind, plus an optional ``meta``
table::

    [meta]
    title = "某区2024年双拥工作台账"
    synthetic = true                  # demo or test data: every report says so

    [[document]]
    id = "D01"
    title = "某区国民经济和社会发展第十四个五年规划"
    issuer = "某区人民政府"
    date = 2021-03-20
    jurisdiction = "411003"
    kinds = ["development_plan"]
    covers_from = 2021
    covers_to = 2025

A CSV file holds one kind: named by a first line ``# kind: station`` or, failing that, by the file
name (``station.csv``, ``2024.station.csv``). Cells are text; booleans are ``true``/``false``
(或 ``是``/``否``); list cells separate items with ``;``; an empty cell takes the default.

Everything is strict: an unknown kind or key, a float where an amount is expected, a date that is
not ``YYYY-MM-DD`` or a duplicate id raises :class:`~shuangyong.errors.InvalidValueError` whose
``field`` names the file, the record and the key.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import cattrs

from shuangyong.compliance.evidence import KINDS, EvidenceSet, LeadingGroup, Record, kind_of
from shuangyong.errors import InputFileError, InvalidValueError
from shuangyong.serialization import error_paths, make_converter
from shuangyong.textformats import StructuredTextError, parse_structured

__all__ = ["evidence_from_data", "load_evidence", "make_evidence_converter"]

_META_KEYS = {"title", "synthetic", "note"}
_KIND_LINE = re.compile(r"^#\s*kind\s*:\s*([a-z_]+)\s*$")
_TRUE = {"true", "是"}
_FALSE = {"false", "否"}


def make_evidence_converter() -> cattrs.Converter:
    """The library converter, also accepting native TOML dates (never datetimes)."""
    conv = make_converter()

    def date(value: object, _: type) -> dt.date:
        # the one reading of a date (a local datetime at 00:00 is its date)
        from shuangyong.domain.periods import parse_date

        return parse_date(value)

    conv.register_structure_hook_func(lambda t: t is dt.date, date)
    return conv


def _fail(where: str, exc: BaseException) -> InvalidValueError:
    """The first leaf of a structuring error, as one precise InvalidValueError."""
    path, leaf = error_paths(exc)[0]
    field = where + path[1:]
    if isinstance(leaf, InvalidValueError):
        return InvalidValueError(field, leaf.value, leaf.reason)
    if isinstance(leaf, cattrs.ForbiddenExtraKeysError):
        keys = ", ".join(sorted(leaf.extra_fields))
        return InvalidValueError(field, keys, "未知的字段 / unknown key(s)")
    if isinstance(leaf, KeyError):
        return InvalidValueError(field, None, "缺少必填字段 / missing key")
    return InputFileError(field, f"{type(leaf).__name__}: {leaf}")


def _structure(conv: cattrs.Converter, data: object, kind: str, where: str) -> Record:
    cls = KINDS[kind][0]
    if not isinstance(data, Mapping):
        raise InvalidValueError(where, data, "须为表（键值对）/ expected a table of keys")
    try:
        record: Record = conv.structure(dict(data), cls)
    except (cattrs.BaseValidationError, InvalidValueError) as exc:
        raise _fail(where, exc) from None
    except (TypeError, ValueError) as exc:
        raise InputFileError(where, str(exc)) from None
    return record


def _unknown_kind(where: str, kind: str) -> InvalidValueError:
    allowed = ", ".join(sorted(KINDS))
    return InvalidValueError(
        where, kind, f"未知的证据类别 / unknown evidence kind; allowed: {allowed}, meta"
    )


def evidence_from_data(data: Mapping[str, Any], source: str = "(data)") -> EvidenceSet:
    """An evidence set from parsed TOML/JSON data (``kind → list of tables``, plus ``meta``).

    Raises:
        InvalidValueError: an unknown kind or key, a bad value, a duplicate id; ``field``
            names ``source``, the kind, the position and the key.
    """
    conv = make_evidence_converter()
    records: list[Record] = []
    origins: dict[tuple[str, str], str] = {}
    meta: dict[str, Any] = {}
    for kind, items in data.items():
        if kind == "meta":
            if not isinstance(items, Mapping) or set(items) - _META_KEYS:
                extra = sorted(set(items) - _META_KEYS) if isinstance(items, Mapping) else items
                raise InvalidValueError(
                    f"{source}: meta", extra, f"meta 只能含 / meta keys are {sorted(_META_KEYS)}"
                )
            meta = dict(items)
            continue
        if kind not in KINDS:
            raise _unknown_kind(f"{source}: {kind}", kind)
        if not isinstance(items, list):
            raise InvalidValueError(
                f"{source}: {kind}", type(items).__name__, "须为表数组 / expected [[kind]] tables"
            )
        for i, item in enumerate(items):
            where = f"{source}: {kind}[{i}]"
            record = _structure(conv, item, kind, where)
            _add(records, origins, record, where)
    title = meta.get("title", "")
    synthetic = meta.get("synthetic", False)
    note = meta.get("note", "")
    if not isinstance(title, str) or not isinstance(note, str) or not isinstance(synthetic, bool):
        raise InvalidValueError(
            f"{source}: meta", meta, "title/note 为文本，synthetic 为 true/false / wrong types"
        )
    return EvidenceSet(
        records=tuple(records), origins=origins, title=title, synthetic=synthetic, note=note
    )


def _add(
    records: list[Record], origins: dict[tuple[str, str], str], record: Record, where: str
) -> None:
    key = (kind_of(record), record.id)
    if key in origins:
        raise InvalidValueError(
            f"{where}.id",
            record.id,
            f"{KINDS[key[0]][1]}编号重复 / duplicate {key[0]} id（首次出现于 / first in "
            f"{origins[key]}）",
        )
    origins[key] = where
    records.append(record)


def _field_kinds(cls: type[Any]) -> dict[str, str]:
    """attribute name → "bool" | "int" | "list" | "nested" | "text", for CSV cells."""
    hints = typing.get_type_hints(cls)
    out: dict[str, str] = {}
    for a in attrs.fields(cls):
        t = hints[a.name]
        args = [x for x in typing.get_args(t) if x is not type(None)]
        if isinstance(t, types.UnionType) and len(args) == 1:
            t = args[0]
        origin = typing.get_origin(t)
        if t is bool:
            out[a.name] = "bool"
        elif t is int:
            out[a.name] = "int"
        elif origin is tuple and attrs.has(typing.get_args(t)[0]):
            out[a.name] = "nested"
        elif origin is tuple:
            out[a.name] = "list"
        else:
            out[a.name] = "text"
    return out


def _cell(kind: str, text: str, where: str) -> object:
    if kind == "bool":
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise InvalidValueError(where, text, "须为 true/false（是/否）/ expected true or false")
    if kind == "int":
        if not re.fullmatch(r"[0-9]+", text):
            raise InvalidValueError(where, text, "须为非负整数 / expected a whole number")
        return int(text)
    if kind == "list":
        return [p.strip() for p in re.split(r"[;；]", text) if p.strip()]
    if kind == "nested":
        raise InvalidValueError(where, text, "CSV 不支持此字段，请用 TOML/JSON / not in CSV")
    return text


def _csv_kind(path: Path, first_line: str) -> str:
    m = _KIND_LINE.match(first_line.strip())
    kind = m.group(1) if m else path.name.split(".")[-2]
    if kind not in KINDS:
        raise _unknown_kind(f"{path}", kind)
    if KINDS[kind][0] is LeadingGroup:
        raise InvalidValueError(
            str(path), kind, "领导小组含成员名单，请用 TOML/JSON / use TOML or JSON for this kind"
        )
    return kind


def _load_csv(path: Path, text: str) -> EvidenceSet:
    lines = text.splitlines()
    kind = _csv_kind(path, lines[0] if lines else "")
    body = [
        (n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")
    ]
    if not body:
        return EvidenceSet(records=())
    reader = csv.reader(io.StringIO("\n".join(line for _, line in body)))
    header = [h.strip() for h in next(reader)]
    fkinds = _field_kinds(KINDS[kind][0])
    for h in header:
        if h not in fkinds:
            raise InvalidValueError(
                f"{path}:{body[0][0]}", h, f"未知的列 / unknown column; allowed: {sorted(fkinds)}"
            )
    conv = make_evidence_converter()
    records: list[Record] = []
    origins: dict[tuple[str, str], str] = {}
    for (lineno, _), row in zip(body[1:], reader, strict=True):
        where = f"{path}:{lineno}"
        if len(row) != len(header):
            raise InvalidValueError(
                where, len(row), f"列数应为 {len(header)} / expected {len(header)} cells"
            )
        data = {
            h: _cell(fkinds[h], c.strip(), f"{where}: {h}")
            for h, c in zip(header, row, strict=True)
            if c.strip()
        }
        _add(records, origins, _structure(conv, data, kind, f"{where}: {kind}"), where)
    return EvidenceSet(records=tuple(records), origins=origins)


MAX_EVIDENCE_BYTES = 64 << 20  # a year of a district's evidence is far less


def _text(path: Path, encoding: str | None) -> str:
    """The file's text: a CSV in Excel's encodings (UTF-8 with or without BOM, GB18030/GBK,
    detected as on import, or ``encoding``); TOML and JSON in UTF-8. Never echoes the bytes."""
    from shuangyong.intake.reading import ImportFileError, decode_csv, read_bytes

    try:
        data = read_bytes(path, MAX_EVIDENCE_BYTES)
        if path.suffix.lower() == ".csv":
            return decode_csv(str(path), data, encoding)[0]
    except ImportFileError as exc:
        raise InputFileError(str(path), exc.reason) from None
    try:
        return data.decode("utf-8-sig")  # Excel and Notepad write a BOM
    except UnicodeDecodeError as exc:
        raise InputFileError(
            str(path),
            f"不是 UTF-8 编码（第 {exc.start} 字节）/ not UTF-8 text (byte offset {exc.start})",
        ) from None


def _load_one(path: Path, encoding: str | None = None) -> EvidenceSet:
    text = _text(path, encoding)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _load_csv(path, text)
    if suffix == ".toml":
        try:
            data = parse_structured(text, "toml")
        except StructuredTextError as exc:
            raise InputFileError(str(path), exc.reason) from None
    elif suffix == ".json":
        try:
            data = parse_structured(text, "json")
        except StructuredTextError as exc:
            raise InputFileError(str(path), exc.reason) from None
        if not isinstance(data, dict):
            raise InputFileError(str(path), "顶层须为对象 / top level must be an object")
    else:
        raise InvalidValueError(
            str(path), suffix, "证据文件须为 .toml、.json 或 .csv / unsupported file type"
        )
    return evidence_from_data(data, str(path))


def load_evidence(*paths: str | Path, encoding: str | None = None) -> EvidenceSet:
    """Load and merge evidence files (``.toml``, ``.json``, ``.csv``) in the order given.

    A CSV file's encoding is ``encoding`` when given, else detected as on import (UTF-8 with
    or without BOM, then GB18030/GBK: see :func:`shuangyong.intake.reading.decode_csv`).

    Raises:
        InvalidValueError: naming the file, record and key, for any problem in any file, and
            for an id that two files both use.
    """
    if not paths:
        raise InvalidValueError("evidence", (), "至少一个证据文件 / give at least one file")
    out: EvidenceSet | None = None
    for p in paths:
        one = _load_one(Path(p), encoding)
        out = one if out is None else out.merge(one)
    assert out is not None
    return out
