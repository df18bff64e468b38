"""Read parameter files (TOML) into declarations and dated values.

File layout::

    [[parameter]]                       # a declaration (once per path, by one plugin)
    path = "disability_pension.standard"
    label = "残疾抚恤金标准"
    unit = "yuan/year"
    citations = [{ document = "军人抚恤优待条例", edition = "2024", article = "第31条" }]
    dimensions = [{ name = "cause", values = ["combat", "duty", "illness"] },
                  { name = "level", values = [1, 2, 3] }]

    [[value]]                           # a dated value for one jurisdiction
    parameter = "disability_pension.standard"
    jurisdiction = "national"           # or a division code such as "411003"
    effective_from = 2019-08-01         # or: year = 2023 (an annual statistic)
    provenance = "secondary"
    sources = ["..."]
    table = { combat = ["88150", "-", "-"], duty = [...], illness = [...] }
    # scalars use: value = "88150" | 88150 | "50%" | "1/12" | { unit = "1", mode = "up" }

Money is written as an integer or a decimal string, never a TOML float; ``-`` marks a table cell
that has no value. Unknown keys, unsorted or overlapping dates, wrong table shapes and missing
units are load errors naming the file and the key.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import cattrs

from shuangyong.citations import Citation
from shuangyong.domain.money import RoundingPolicy
from shuangyong.errors import InvalidValueError, ParameterFileError
from shuangyong.parameters.model import (
    NATIONAL,
    DatedValue,
    Dimension,
    ParameterDecl,
    Provenance,
    Unit,
    ValueKind,
    compile_value,
)

__all__ = ["ParameterFile", "load_parameter_file", "load_parameter_text", "parse_value"]

_PATH_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
_DIVISION_RE = re.compile(r"^\d{6}$")


@attrs.define
class _CitationSpec:
    document: str
    article: str
    edition: str | None = None
    paragraph: str | None = None
    item: str | None = None
    url: str | None = None


@attrs.define
class _DimensionSpec:
    name: str
    values: list[str | int]


@attrs.define
class _ParameterSpec:
    path: str
    label: str
    unit: str
    description: str = ""
    floor: str | None = None
    citations: list[_CitationSpec] = attrs.Factory(list)
    dimensions: list[_DimensionSpec] = attrs.Factory(list)


@attrs.define
class _ValueSpec:
    parameter: str
    jurisdiction: str
    provenance: str
    sources: list[str] = attrs.Factory(list)
    note: str = ""
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    year: int | None = None
    value: Any = None
    table: dict[str, Any] | None = None


@attrs.define
class _FileSpec:
    parameter: list[_ParameterSpec] = attrs.Factory(list)
    value: list[_ValueSpec] = attrs.Factory(list)


@attrs.frozen
class ParameterFile:
    """What one file contributes: declarations and values (not yet checked against others)."""

    source: str
    declarations: tuple[ParameterDecl, ...]
    values: tuple[_ValueSpec, ...]


def _converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)

    def _date(v: Any, _: type) -> dt.date:
        if isinstance(v, dt.datetime) or not isinstance(v, dt.date):
            raise ValueError(f"expected a TOML date (YYYY-MM-DD), got {v!r}")
        return v

    def _str(v: Any, _: type) -> str:
        if not isinstance(v, str):
            raise ValueError(f"expected a string, got {v!r}")
        return v

    def _int(v: Any, _: type) -> int:
        if isinstance(v, bool) or not isinstance(v, int):
            raise ValueError(f"expected an integer, got {v!r}")
        return v

    def _str_or_int(v: Any, _: type) -> str | int:
        if isinstance(v, bool) or not isinstance(v, str | int):
            raise ValueError(f"expected a string or an integer, got {v!r}")
        return v

    conv.register_structure_hook(dt.date, _date)
    conv.register_structure_hook(str, _str)
    conv.register_structure_hook(int, _int)
    conv.register_structure_hook(str | int, _str_or_int)
    conv.register_structure_hook(Any, lambda v, _: v)
    return conv


def load_parameter_text(text: str, source: str, supplied_by: str = "") -> ParameterFile:
    """Parse TOML text. ``source`` names the file in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # carries line and column
        raise ParameterFileError(source, "(toml)", str(exc)) from None
    try:
        spec = _converter().structure(data, _FileSpec)
    except cattrs.BaseValidationError as exc:
        msgs = cattrs.transform_error(exc, path="")
        first = msgs[0] if msgs else str(exc)
        key = first.split(" @ ")[-1] if " @ " in first else "(file)"
        raise ParameterFileError(source, key, first.split(" @ ")[0]) from None
    decls = tuple(
        _declaration(p, source, f"parameter[{i}]", supplied_by)
        for i, p in enumerate(spec.parameter)
    )
    return ParameterFile(source=source, declarations=decls, values=tuple(spec.value))


def load_parameter_file(path: str | Path | Any, supplied_by: str = "") -> ParameterFile:
    """Load a TOML parameter file from a path or an ``importlib.resources`` traversable."""
    if isinstance(path, str | Path):
        p = Path(path)
        return load_parameter_text(p.read_text(encoding="utf-8"), str(p), supplied_by)
    return load_parameter_text(path.read_text(encoding="utf-8"), str(path), supplied_by)


def package_files(package: str, pattern: str = "*.toml") -> list[Any]:
    """Parameter files shipped inside a package (sorted, so load order is stable)."""
    root = resources.files(package)
    return sorted(
        (f for f in root.iterdir() if f.is_file() and Path(f.name).match(pattern)),
        key=lambda f: f.name,
    )


def _declaration(p: _ParameterSpec, source: str, key: str, supplied_by: str) -> ParameterDecl:
    if not _PATH_RE.match(p.path):
        raise ParameterFileError(source, f"{key}.path", f"invalid parameter path {p.path!r}")
    try:
        unit = Unit(p.unit)
    except ValueError:
        allowed = ", ".join(u.value for u in Unit)
        raise ParameterFileError(
            source, f"{key}.unit", f"unknown unit {p.unit!r}; allowed: {allowed}"
        ) from None
    if p.floor not in (None, NATIONAL):
        raise ParameterFileError(source, f"{key}.floor", "floor may only be 'national'")
    dims = []
    for j, d in enumerate(p.dimensions):
        if not d.values or len(set(d.values)) != len(d.values):
            raise ParameterFileError(
                source, f"{key}.dimensions[{j}]", "dimension values must be non-empty and unique"
            )
        dims.append(Dimension(d.name, tuple(d.values)))
    if len(dims) > 2:
        raise ParameterFileError(source, f"{key}.dimensions", "at most two dimensions")
    try:
        cites = tuple(Citation(**attrs.asdict(c)) for c in p.citations)
    except InvalidValueError as exc:
        raise ParameterFileError(source, f"{key}.citations", exc.reason) from None
    return ParameterDecl(
        path=p.path,
        label=p.label,
        unit=unit,
        description=p.description,
        citations=cites,
        dimensions=tuple(dims),
        floor=p.floor,
        supplied_by=supplied_by,
    )


def parse_value(
    decl: ParameterDecl, spec: _ValueSpec, source: str, key: str, supplied_by: str = ""
) -> DatedValue:
    """Check one value spec against its declaration and compile it."""
    if spec.jurisdiction != NATIONAL and not _DIVISION_RE.match(spec.jurisdiction):
        raise ParameterFileError(
            source,
            f"{key}.jurisdiction",
            f"{spec.jurisdiction!r} is neither 'national' nor a 6-digit division code",
        )
    try:
        prov = Provenance(spec.provenance)
    except ValueError:
        raise ParameterFileError(
            source,
            f"{key}.provenance",
            f"unknown provenance {spec.provenance!r}; allowed: official, secondary, example",
        ) from None
    if prov is not Provenance.EXAMPLE and not spec.sources:
        raise ParameterFileError(
            source, f"{key}.sources", f"a {prov.value} value must name its sources"
        )
    start, end = _dates(spec, source, key)
    if decl.is_table:
        if spec.table is None or spec.value is not None:
            raise ParameterFileError(
                source, key, f"{decl.path} is a table: give 'table', not 'value'"
            )
        raw: Any = _table(decl, spec.table, source, f"{key}.table")
    else:
        if spec.value is None or spec.table is not None:
            raise ParameterFileError(source, key, f"{decl.path} is a scalar: give 'value'")
        raw = _scalar(decl.unit.kind, spec.value, source, f"{key}.value", allow_empty=False)
    return DatedValue(
        path=decl.path,
        jurisdiction=spec.jurisdiction,
        effective_from=start,
        effective_to=end,
        provenance=prov,
        sources=tuple(spec.sources),
        note=spec.note,
        raw=raw,
        compiled=compile_value(decl, raw),
        supplied_by=supplied_by,
    )


def _dates(spec: _ValueSpec, source: str, key: str) -> tuple[dt.date, dt.date | None]:
    if spec.year is not None:
        if spec.effective_from is not None or spec.effective_to is not None:
            raise ParameterFileError(source, f"{key}.year", "give either year or effective dates")
        return dt.date(spec.year, 1, 1), dt.date(spec.year, 12, 31)
    if spec.effective_from is None:
        raise ParameterFileError(source, f"{key}.effective_from", "missing date of effect")
    if spec.effective_to is not None and spec.effective_to < spec.effective_from:
        raise ParameterFileError(source, f"{key}.effective_to", "before effective_from")
    return spec.effective_from, spec.effective_to


def _table(decl: ParameterDecl, table: dict[str, Any], source: str, key: str) -> tuple[Any, ...]:
    first = decl.dimensions[0]
    names = [str(v) for v in first.values]
    if sorted(table) != sorted(names):
        raise ParameterFileError(
            source,
            key,
            f"wrong table shape: keys {sorted(table)} but dimension {first.name!r} has {names}",
        )
    rows = []
    for name in names:
        cell = table[name]
        if len(decl.dimensions) == 1:
            rows.append(_scalar(decl.unit.kind, cell, source, f"{key}.{name}", allow_empty=True))
            continue
        second = decl.dimensions[1]
        if not isinstance(cell, list) or len(cell) != len(second.values):
            raise ParameterFileError(
                source,
                f"{key}.{name}",
                f"wrong table shape: expected a list of {len(second.values)} cells "
                f"(one per {second.name})",
            )
        rows.append(
            tuple(
                _scalar(decl.unit.kind, c, source, f"{key}.{name}[{i}]", allow_empty=True)
                for i, c in enumerate(cell)
            )
        )
    return tuple(rows)


def _scalar(kind: ValueKind, v: Any, source: str, key: str, *, allow_empty: bool) -> Any:
    if allow_empty and v == "-":
        return None
    if isinstance(v, float):
        raise ParameterFileError(
            source, key, f"TOML float {v!r} is not exact: write the figure as a string"
        )
    if kind is ValueKind.ROUNDING:
        if not isinstance(v, dict) or sorted(v) != ["mode", "unit"]:
            raise ParameterFileError(
                source, key, 'a rounding value is { unit = "0.01", mode = "half_up" }'
            )
        try:
            return RoundingPolicy(v["unit"], v["mode"])
        except (InvalidValueError, ValueError) as exc:
            raise ParameterFileError(source, key, str(exc)) from None
    if isinstance(v, bool) or not isinstance(v, int | str):
        raise ParameterFileError(source, key, f"expected an integer or a string, got {v!r}")
    text = str(v).strip()
    if kind is ValueKind.MONEY:
        try:
            d = Decimal(text)
        except InvalidOperation:
            raise ParameterFileError(source, key, f"not an amount: {v!r}") from None
        if not d.is_finite() or d != d.quantize(Decimal("0.01")) or d < 0:
            raise ParameterFileError(
                source, key, f"amount must be finite, non-negative, at most 2 decimals: {v!r}"
            )
        return d
    if kind is ValueKind.RATIO:
        try:
            if text.endswith("%"):
                return Fraction(Decimal(text[:-1])) / 100
            return Fraction(Decimal(text)) if "/" not in text else Fraction(text)
        except (InvalidOperation, ValueError, ZeroDivisionError):
            raise ParameterFileError(
                source, key, f"not a ratio: {v!r} (use '50%', '0.5' or '1/2')"
            ) from None
    if not isinstance(v, int):
        raise ParameterFileError(source, key, f"expected an integer, got {v!r}")
    return v
