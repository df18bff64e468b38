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
    effective_from = 2019-08-01         # or: year = 2023 (an annual statistic; with
                                        # applies_from = 2024-07-01 when applied from then)
    provenance = "secondary"
    sources = ["..."]
    table = { combat = ["88150", "-", "-"], duty = [...], illness = [...] }
    # scalars use: value = "88150" | 88150 | "50%" | "1/12" | { unit = "1", mode = "up" }

Money is written as an integer or a decimal string, never a TOML float; ``-`` marks a table cell
that has no value. Unknown keys, unsorted or overlapping dates, wrong table shapes and missing
units are load errors naming the file and the key. So are the silent mistakes of issue 11: a
negative ratio, a ratio above 100 % in a declaration without ``above_100 = true`` (``45`` meant
as 45 %), and a jurisdiction code that is no known division (checked where the divisions are
known: :meth:`shuangyong.registries.ParameterRegistry.finish` and what-if layers).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import cattrs

from shuangyong.citations import Citation
from shuangyong.domain.money import INT64_MAX, RoundingPolicy
from shuangyong.errors import InvalidValueError, ParameterFileError
from shuangyong.parameters.model import (
    A_YEAR_BEFORE,
    NATIONAL,
    ByRegion,
    DatedValue,
    Dimension,
    ParameterDecl,
    Provenance,
    ShareOf,
    Unit,
    ValueKind,
    a_year_before,
    compile_value,
)
from shuangyong.textformats import StructuredTextError, parse_structured

__all__ = [
    "ParameterFile",
    "check_jurisdiction",
    "load_parameter_file",
    "load_parameter_text",
    "parse_value",
]

_PATH_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
_DIVISION_RE = re.compile(r"^\d{6}$")
_TOWNSHIP_RE = re.compile(r"^(?:\d{9}|\d{12})$")


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
    at_least: bool = False


@attrs.define
class _ParameterSpec:
    path: str
    label: str
    unit: str
    description: str = ""
    floor: str | None = None
    above_100: bool = False
    region_field: str | None = None
    read_as_of: str | None = None
    citations: list[_CitationSpec] = attrs.Factory(list)
    dimensions: list[_DimensionSpec] = attrs.Factory(list)


@attrs.define
class _ShareSpec:
    """``share = { ratio = "60%", of = "statistics....", jurisdiction = "410700",
    year = 2023, rounding = { unit = "1", mode = "half_up" } }``: see
    :class:`~shuangyong.parameters.model.ShareOf`."""

    ratio: str
    of: str
    rounding: dict[str, Any]
    jurisdiction: str | None = None
    year: int | None = None
    above_100: bool = False


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
    applies_from: dt.date | None = None
    value: Any = None
    table: dict[str, Any] | None = None
    share: _ShareSpec | None = None
    by_region: dict[str, Any] | None = None


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

    def _bool(v: Any, _: type) -> bool:
        # cattrs would take bool("false") as True
        if not isinstance(v, bool):
            raise ValueError(f"expected true or false, got {v!r}")
        return v

    def _str_or_int(v: Any, _: type) -> str | int:
        if isinstance(v, bool) or not isinstance(v, str | int):
            raise ValueError(f"expected a string or an integer, got {v!r}")
        return v

    conv.register_structure_hook(dt.date, _date)
    conv.register_structure_hook(str, _str)
    conv.register_structure_hook(int, _int)
    conv.register_structure_hook(bool, _bool)
    conv.register_structure_hook(str | int, _str_or_int)
    conv.register_structure_hook(Any, lambda v, _: v)
    return conv


def load_parameter_text(text: str, source: str, supplied_by: str = "") -> ParameterFile:
    """Parse TOML text. ``source`` names the file in errors."""
    try:
        data = parse_structured(text, "toml")
    except StructuredTextError as exc:  # names line and column, never the text
        raise ParameterFileError(source, "(toml)", exc.reason) from None
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
    data = Path(path).read_bytes() if isinstance(path, str | Path) else path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:  # TOML is UTF-8; the bytes are never echoed
        raise ParameterFileError(
            str(path), "(toml)", f"not UTF-8 text (byte offset {exc.start})"
        ) from None
    return load_parameter_text(text, str(path), supplied_by)


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
    if p.read_as_of not in (None, A_YEAR_BEFORE):
        raise ParameterFileError(
            source, f"{key}.read_as_of", f"read_as_of may only be {A_YEAR_BEFORE!r}"
        )
    if p.above_100 and unit is not Unit.RATIO:
        raise ParameterFileError(
            source,
            f"{key}.above_100",
            f'above_100 只用于比例参数（unit = "ratio"），本参数单位为 {unit.value} / above_100 '
            f"applies to unit 'ratio' only, not {unit.value!r}",
        )
    dims = []
    for j, d in enumerate(p.dimensions):
        if not d.values or len(set(d.values)) != len(d.values):
            raise ParameterFileError(
                source, f"{key}.dimensions[{j}]", "dimension values must be non-empty and unique"
            )
        if d.at_least and (
            not all(isinstance(v, int) for v in d.values) or list(d.values) != sorted(d.values)
        ):
            raise ParameterFileError(
                source,
                f"{key}.dimensions[{j}].values",
                "at_least 维度的取值须为递增的整数（如服役年限 1、3、6）/ an at_least dimension "
                f"has ascending integer thresholds, not {d.values}",
            )
        dims.append(Dimension(d.name, tuple(d.values), d.at_least))
    if len(dims) > 2:
        raise ParameterFileError(source, f"{key}.dimensions", "at most two dimensions")
    if dims and unit is Unit.DATE:
        raise ParameterFileError(source, f"{key}.dimensions", "a date parameter is a scalar")
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
        read_as_of=p.read_as_of,
        supplied_by=supplied_by,
        above_100=p.above_100,
        region_field=p.region_field,
    )


def check_jurisdiction(
    code: str, known: Callable[[str], bool] | None, source: str, key: str
) -> None:
    """``code`` is ``national`` or a 6-digit division code that ``known`` accepts.

    A typo (``"411030"`` for ``"411003"``) would otherwise load and never be used: no row ever
    lives in a division that does not exist.

    Raises:
        ParameterFileError: naming ``source``, ``key`` and the code.
    """
    if code == NATIONAL:
        return
    if _TOWNSHIP_RE.match(code):
        # A township's own standard is plausible, but a record's township (or village) code is
        # read as its county (rows hold 6-digit codes; see policy.schema): no row would ever
        # look a township's value up, so it would load and never be used, like a typo.
        county = code[:6]
        raise ParameterFileError(
            source,
            key,
            f"{code!r} 是乡镇（街道）或村级代码，不能作为参数的适用区划：记录中的乡镇、村级代码按其"
            f"所属县级区划 {county} 读取，规则只按县、市、省、全国查找参数，乡镇的数值永远不会被"
            f"用到。请把数值写在 {county} 上；本县各乡镇标准不同的，由插件增加一个输入字段"
            f"（register_fields）区分 / {code!r} is a township or "
            f"village code, which is not a parameter jurisdiction: a record's township or "
            f"village code is read as its county {county}, and rules look parameters up by "
            f"county, city, province and national only, so a township's value would never be "
            f"used. Set it for {county}; where townships of one county differ, a plugin adds "
            "an input field that tells them apart (register_fields)",
        )
    if not _DIVISION_RE.match(code):
        raise ParameterFileError(
            source,
            key,
            f"{code!r} 既不是 national 也不是6位行政区划代码 / {code!r} is neither 'national' "
            "nor a 6-digit division code",
        )
    if known is not None and not known(code):
        raise ParameterFileError(
            source,
            key,
            f"未知的区划代码 {code!r}：不在 GB/T 2260 快照中，也不是插件登记的区划 / unknown "
            f"jurisdiction {code!r}: not in the GB/T 2260 snapshot nor registered by a plugin",
        )


def parse_value(
    decl: ParameterDecl,
    spec: _ValueSpec,
    source: str,
    key: str,
    supplied_by: str = "",
    *,
    known: Callable[[str], bool] | None = None,
) -> DatedValue:
    """Check one value spec against its declaration and compile it.

    Args:
        decl: the declaration the value belongs to.
        spec: the value as read.
        source: the file, for errors.
        key: where in the file (``value[3]``), for errors.
        supplied_by: the distribution that supplies it.
        known: which 6-digit codes are divisions; None checks the shape only (the caller
            checks later, as :meth:`~shuangyong.parameters.ParameterSet.with_layer` does).
    """
    check_jurisdiction(spec.jurisdiction, known, source, f"{key}.jurisdiction")
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
    if spec.share is not None:
        raw: Any = _share(decl, spec, source, f"{key}.share", known)
    elif spec.by_region is not None:
        raw = _by_region(decl, spec, source, f"{key}.by_region", known)
    elif decl.is_table:
        if spec.table is None or spec.value is not None:
            raise ParameterFileError(
                source, key, f"{decl.path} is a table: give 'table', not 'value'"
            )
        raw = _table(decl, spec.table, source, f"{key}.table")
    else:
        if spec.value is None or spec.table is not None:
            raise ParameterFileError(
                source, key, f"{decl.path} is a scalar: give 'value' (money: or 'share')"
            )
        raw = _scalar(decl.unit.kind, spec.value, source, f"{key}.value", allow_empty=False)
    if isinstance(raw, ByRegion):
        for code, cell in (*raw.entries, ("other", raw.other)):
            if cell is not None:
                _check_ratio(decl, cell, source, f"{key}.by_region.{code}")
    elif not isinstance(raw, ShareOf):
        _check_ratio(decl, raw, source, f"{key}.{'table' if decl.is_table else 'value'}")
    return DatedValue(
        path=decl.path,
        jurisdiction=spec.jurisdiction,
        effective_from=start,
        effective_to=end,
        provenance=prov,
        sources=tuple(spec.sources),
        note=_applied_note(spec),
        raw=raw,
        compiled=compile_value(decl, raw),
        supplied_by=supplied_by,
        source=source,
        key=key,
    )


_NOT_BY_REGION = (ValueKind.ROUNDING, ValueKind.DATE)


def _by_region(
    decl: ParameterDecl,
    spec: _ValueSpec,
    source: str,
    key: str,
    known: Callable[[str], bool] | None,
) -> ByRegion:
    """A scalar set per region of the declaration's ``region_field``: keys are division codes
    (any level) or ``other``."""
    assert spec.by_region is not None
    if decl.region_field is None or decl.is_table or decl.unit.kind in _NOT_BY_REGION:
        raise ParameterFileError(
            source,
            key,
            f"{decl.path} 的声明没有 region_field，不能按地区设定 / {decl.path} declares no "
            "region_field: it cannot be set by region",
        )
    if spec.value is not None or spec.table is not None or spec.share is not None:
        raise ParameterFileError(source, key, "give either by_region or value/table/share")
    entries = []
    other = None
    for code, cell in spec.by_region.items():
        parsed = _scalar(decl.unit.kind, cell, source, f"{key}.{code}", allow_empty=False)
        if code == "other":
            other = parsed
            continue
        check_jurisdiction(code, known, source, f"{key}.{code}")
        if code == NATIONAL:
            raise ParameterFileError(source, f"{key}.{code}", "use other for every other region")
        entries.append((code, parsed))
    if not entries and other is None:
        raise ParameterFileError(source, key, "by_region is empty")
    # most specific first: a county's entry wins over its city's and province's
    entries.sort(key=lambda e: (-_specificity(e[0]), e[0]))
    return ByRegion(tuple(entries), other)


def _specificity(code: str) -> int:
    """3 county, 2 city, 1 province (GB/T 2260 code pattern)."""
    if code.endswith("0000"):
        return 1
    return 2 if code.endswith("00") else 3


def _share(
    decl: ParameterDecl,
    spec: _ValueSpec,
    source: str,
    key: str,
    known: Callable[[str], bool] | None,
) -> ShareOf:
    """A money value written as a share of a statistic, checked as far as one file can be
    (the statistic's declaration is checked when every file is loaded)."""
    share = spec.share
    assert share is not None
    if decl.unit.kind is not ValueKind.MONEY or decl.is_table:
        raise ParameterFileError(
            source,
            key,
            f"share 只用于金额标量参数，{decl.path} 的单位为 {decl.unit.value}"
            f"{'（表）' if decl.is_table else ''} / a share is a value of a scalar money parameter",
        )
    if spec.value is not None or spec.table is not None:
        raise ParameterFileError(source, key, "give either share or value/table, not both")
    ratio = _scalar(ValueKind.RATIO, share.ratio, source, f"{key}.ratio", allow_empty=False)
    shown = f"{Decimal(ratio.numerator) / Decimal(ratio.denominator) * 100:f}%"
    if ratio < 0:
        raise ParameterFileError(
            source, f"{key}.ratio", f"比例不能为负数：{shown} / a share must not be negative"
        )
    if ratio > 1 and not share.above_100:
        raise ParameterFileError(
            source,
            f"{key}.ratio",
            f'比例 {shown} 超过100%：若指百分数请写 "45%"；若确为倍数，请写 above_100 = true / '
            f"share {shown} is above 100% without above_100 = true",
        )
    if not _PATH_RE.match(share.of):
        raise ParameterFileError(source, f"{key}.of", f"invalid parameter path {share.of!r}")
    if share.jurisdiction is not None:
        check_jurisdiction(share.jurisdiction, known, source, f"{key}.jurisdiction")
    rounding = _scalar(
        ValueKind.ROUNDING, share.rounding, source, f"{key}.rounding", allow_empty=False
    )
    return ShareOf(ratio, share.of, share.jurisdiction, share.year, rounding)


def _check_ratio(decl: ParameterDecl, raw: Any, source: str, key: str) -> None:
    """A ratio is never negative, and above 100 % only where the declaration says so.

    ``45`` written for 45 % loads as 4,500 % and a negative ratio pays a negative amount: both
    are typing slips no rule can detect later, so they stop the load here, cell by cell.
    """
    if decl.unit not in (Unit.RATIO, Unit.TIMES):
        return
    for where, cell in _cells(decl, raw, key):
        if cell is None:
            continue
        shown = f"{Decimal(cell.numerator) / Decimal(cell.denominator) * 100:f}%"
        if cell < 0:
            raise ParameterFileError(
                source,
                where,
                f"比例不能为负数：{shown}（{decl.path}）/ a ratio must not be negative: {shown}",
            )
        if cell > 1 and decl.unit is Unit.RATIO and not decl.above_100:
            raise ParameterFileError(
                source,
                where,
                f'比例 {shown} 超过100%（{decl.path}）：若指百分数请写 "45%"；若确为倍数，请在参数'
                f"声明中写 above_100 = true / ratio {shown} is above 100% but {decl.path} is not "
                "declared above_100 = true (write '45%' for 45 percent)",
            )


def _cells(decl: ParameterDecl, raw: Any, key: str) -> list[tuple[str, Any]]:
    """Every cell of a parsed value with its key in the file (``table.combat[2]``)."""
    if not decl.is_table:
        return [(key, raw)]
    out: list[tuple[str, Any]] = []
    for name, row in zip(decl.dimensions[0].values, raw, strict=True):
        if len(decl.dimensions) == 1:
            out.append((f"{key}.{name}", row))
        else:
            out.extend((f"{key}.{name}[{i}]", c) for i, c in enumerate(row))
    return out


def _dates(spec: _ValueSpec, source: str, key: str) -> tuple[dt.date, dt.date | None]:
    if spec.applies_from is not None and spec.year is None:
        raise ParameterFileError(
            source,
            f"{key}.applies_from",
            "applies_from 只与 year 一起使用（某年度的统计数值自某日起作为上年度数值适用）/ "
            "applies_from goes with year (the date a province applies that year's figure)",
        )
    if spec.year is not None:
        if spec.effective_from is not None or spec.effective_to is not None:
            raise ParameterFileError(source, f"{key}.year", "give either year or effective dates")
        if spec.applies_from is None:
            return dt.date(spec.year, 1, 1), dt.date(spec.year, 12, 31)
        return _applied_year(spec.year, spec.applies_from, source, f"{key}.applies_from")
    if spec.effective_from is None:
        raise ParameterFileError(source, f"{key}.effective_from", "missing date of effect")
    if spec.effective_to is not None and spec.effective_to < spec.effective_from:
        raise ParameterFileError(source, f"{key}.effective_to", "before effective_from")
    return spec.effective_from, spec.effective_to


def _applied_note(spec: _ValueSpec) -> str:
    """The note shown with the value: for a figure applied from a day other than 1 January,
    which year it is and from when it applies (its stored dates are a year earlier)."""
    if spec.applies_from is None:
        return spec.note
    said = f"{spec.year}年度数值，自{spec.applies_from}起作为上年度数值适用"
    return f"{said}；{spec.note}" if spec.note else said


def _applied_year(
    year: int, applies_from: dt.date, source: str, key: str
) -> tuple[dt.date, dt.date]:
    """The dates of an annual figure of ``year`` that a province applies (as 上年度 figure)
    from ``applies_from``, a day of the next year.

    Rules read 上年度 figures on the same day a year before the date evaluated
    (:func:`~shuangyong.parameters.model.a_year_before`), so the figure is stored for the year
    that ends the day before the next year's figure applies, shifted back a year: 2024's wage
    base applied from 2025-07-01 is stored from 2024-07-01 to 2025-06-30, and a payment for
    2025-03 still reads 2023's.
    """
    if applies_from.year != year + 1:
        raise ParameterFileError(
            source,
            key,
            f"{year}年度的数值应在{year + 1}年内开始适用，而不是 {applies_from} / the figure of "
            f"{year} is applied from a day of {year + 1}, not {applies_from}",
        )
    return a_year_before(applies_from), applies_from - dt.timedelta(days=1)


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


_MAX_YUAN = f"{Decimal(INT64_MAX) / 100:,.2f}"


def _scalar(kind: ValueKind, v: Any, source: str, key: str, *, allow_empty: bool) -> Any:
    if allow_empty and v == "-":
        return None
    if isinstance(v, float):
        raise ParameterFileError(
            source, key, f"TOML float {v!r} is not exact: write the figure as a string"
        )
    if kind is ValueKind.DATE:
        if isinstance(v, dt.datetime) or not isinstance(v, dt.date):
            raise ParameterFileError(source, key, f"expected a TOML date (YYYY-MM-DD), got {v!r}")
        return v
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
        if (
            d.is_finite() and d * 100 > INT64_MAX
        ):  # compiled to int64 fen: it would wrap to a negative number
            raise ParameterFileError(
                source, key, f"amount {v!r} does not fit in int64 fen (at most {_MAX_YUAN} yuan)"
            )
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
    if not -INT64_MAX <= v <= INT64_MAX:  # compiled to int64 cells
        raise ParameterFileError(source, key, f"integer {v} does not fit in int64")
    return v
