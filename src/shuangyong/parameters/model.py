"""The parameter model: declarations, dated values and their compiled (array) form.

A *declaration* says what a figure is (path, label, unit, table dimensions, citations, whether
the national value is a floor). A *dated value* says what it is for one jurisdiction from a date
of effect, with provenance and sources. Declarations and values are separate so that a
provincial plugin can add values to a parameter the national plugin declared.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.citations import Citation
from shuangyong.domain.money import FEN_PER_YUAN, RoundingPolicy, Yuan

__all__ = [
    "NATIONAL",
    "ByRegion",
    "CompiledValue",
    "DatedValue",
    "Dimension",
    "ParameterDecl",
    "Provenance",
    "ShareOf",
    "Unit",
    "ValueKind",
    "a_year_before",
]

NATIONAL = "national"
"""The jurisdiction key of national (全国) values; other keys are GB/T 2260 division codes."""


def a_year_before(on: dt.date) -> dt.date:
    """The same day a year before ``on`` (28 February for 29 February): where a rule reads a
    上年度 figure.

    An annual figure is in force for its statistical year, 1 January to 31 December unless
    its value says the province applies it from another day (``applies_from``, see the
    loader). Read on the same day a year before, the figure the province applies on ``on``
    is found in both cases: a wage base of 2024 applied from 1 July 2025 is stored from
    2024-07-01 to 2025-06-30.
    """
    try:
        return on.replace(year=on.year - 1)
    except ValueError:  # 29 February
        return on.replace(year=on.year - 1, day=28)


class Provenance(str, enum.Enum):
    """How far a figure can be trusted (see the project's domain notes)."""

    OFFICIAL = "official"  # read in an official text
    SECONDARY = "secondary"  # two or more secondary sources agree
    EXAMPLE = "example"  # unconfirmed: illustration only, never a basis for payment

    @property
    def label(self) -> str:
        return {"official": "官方", "secondary": "二手来源", "example": "示例（未经核实）"}[
            self.value
        ]


class ValueKind(enum.Enum):
    MONEY = "money"
    RATIO = "ratio"
    INTEGER = "integer"
    ROUNDING = "rounding"
    DATE = "date"


class Unit(str, enum.Enum):
    """Units a parameter may have; the unit fixes how values are parsed and compiled."""

    YUAN = "yuan"
    YUAN_PER_YEAR = "yuan/year"
    YUAN_PER_MONTH = "yuan/month"
    RATIO = "ratio"
    TIMES = "times"  # a multiple of a base (30 × an income): exact, shown as 倍
    YEARS = "years"
    MONTHS = "months"
    DAYS = "days"
    COUNT = "count"
    TIMES_PER_YEAR = "times/year"
    ROUNDING = "rounding"
    POINTS = "points"  # assessment points (分): exact, may be fractional (0.5)
    DATE = "date"  # a cut-off date of the law (入伍于1954年10月31日以前): a TOML date

    @property
    def kind(self) -> ValueKind:
        if self.value.startswith("yuan"):
            return ValueKind.MONEY
        if self in (Unit.RATIO, Unit.TIMES, Unit.POINTS):
            return ValueKind.RATIO
        if self is Unit.ROUNDING:
            return ValueKind.ROUNDING
        if self is Unit.DATE:
            return ValueKind.DATE
        return ValueKind.INTEGER

    @property
    def label(self) -> str:
        return {
            "yuan": "元",
            "yuan/year": "元/年",
            "yuan/month": "元/月",
            "ratio": "比例",
            "times": "倍",
            "years": "年",
            "months": "个月",
            "days": "日",
            "count": "个",
            "times/year": "次/年",
            "rounding": "取整规则",
            "points": "分",
            "date": "日期",
        }[self.value]


A_YEAR_BEFORE = "a_year_before"
"""``read_as_of`` of 上年度 figures: see :class:`ParameterDecl`."""


@attrs.frozen
class Dimension:
    """One axis of a table parameter, e.g. ``cause`` over ``combat, duty, illness``.

    ``at_least``: the values are ascending integer thresholds (years of service ``1, 3, 6``) and
    a row falls in the last one it reaches (5 years → the ``3`` column; 20 → ``6``; 0 → no
    cell): a table by years of service without one column per year.
    """

    name: str
    values: tuple[str | int, ...]
    at_least: bool = False

    def index_of(self, value: str | int) -> int:
        return self.values.index(value)


@attrs.frozen
class ParameterDecl:
    """What a parameter is. Declared once, by one plugin.

    Attributes:
        path: dotted id, e.g. ``disability_pension.standard``.
        label: Chinese label.
        unit: the :class:`Unit`.
        description: what the figure means, in a sentence.
        citations: the legal basis of the figure (not of its value: values carry sources).
        dimensions: table axes; empty for a scalar.
        floor: ``"national"`` when the law makes the national value a floor for local ones.
        above_100: a ratio that may exceed 100 % (a multiple: 30 × an income, a 150 % hardship
            multiplier). Without it a ratio above 100 % is a load error, because ``45`` written
            for 45 % would otherwise pay 4,500 %.
        supplied_by: the distribution that declared it.
        region_field: for a scalar that a local standard may set per region of something
            other than the beneficiary's division (the posting of a conscript: 西藏 and 新疆
            hardship multipliers), the input field holding that division; a value may then be
            written ``by_region`` (:class:`ByRegion`).
        read_as_of: ``"a_year_before"`` when rules read the figure in force the same day a year
            before the date evaluated (上年度 figures, :func:`a_year_before`: an annual statistic
            whose own year has lapsed is still what they use); None: on the date evaluated.
    """

    path: str
    label: str
    unit: Unit
    description: str = ""
    citations: tuple[Citation, ...] = ()
    dimensions: tuple[Dimension, ...] = ()
    floor: str | None = None
    supplied_by: str = ""
    above_100: bool = False
    region_field: str | None = None
    read_as_of: str | None = None

    def read_on(self, on: dt.date) -> dt.date:
        """The date rules resolve this parameter at when they evaluate ``on``."""
        if self.read_as_of == A_YEAR_BEFORE:
            return a_year_before(on)
        return on

    @property
    def is_table(self) -> bool:
        return bool(self.dimensions)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(d.values) for d in self.dimensions)


@attrs.frozen
class ByRegion:
    """A scalar value that differs by region (issue 11 §3): ``by_region = { "540000" = "200%",
    "650000" = "150%", other = "120%" }`` keyed by the division in the declaration's
    ``region_field`` (e.g. the conscript's posting), not the beneficiary's own division.

    Attributes:
        entries: (division code, value as parsed), most specific code first, so a county's
            entry wins over its province's.
        other: the value for every other region; None: a row elsewhere has no value (and is
            undetermined, naming the parameter).
    """

    entries: tuple[tuple[str, Any], ...]
    other: Any = None


@attrs.frozen
class ShareOf:
    """A money value written as a share of a statistic (issue 11 §3): "60 % of 新乡市's urban
    per-capita disposable income of the year before", for any money parameter, read by any rule.

    The figure is computed where it is resolved, for the date evaluated:
    ``statistic × ratio``, rounded by ``rounding`` (the local standard says how; required, so
    no rounding is invented).

    Attributes:
        ratio: the share, exact.
        of: the path of the statistic (a scalar money parameter, e.g.
            ``statistics.urban_disposable_income_per_capita``).
        jurisdiction: whose statistic: a division code or ``national``; None means the
            jurisdiction that set the value. Only that jurisdiction's own figure is used, never
            a figure of the level above (a city's income is not the nation's).
        year: the statistical year; None means 上年度, the year before the date evaluated
            (read as rules read 上年度 figures, :func:`a_year_before`).
        rounding: how the product is rounded.
    """

    ratio: Fraction
    of: str
    jurisdiction: str | None
    year: int | None
    rounding: RoundingPolicy

    def describe(self, of_label: str, jurisdiction_name: str) -> str:
        """E.g. ``新乡市上年度城镇居民人均可支配收入的60%，按1元四舍五入``."""
        pct = Decimal(self.ratio.numerator) / Decimal(self.ratio.denominator) * 100
        year = "上年度" if self.year is None else f"{self.year}年度"
        share = f"{pct.normalize():f}%"
        return f"{jurisdiction_name}{year}{of_label}的{share}，{self.rounding.describe()}"


Scalar: TypeAlias = int | Fraction | RoundingPolicy | dt.date
"""A compiled scalar: fen (money), Fraction (ratio), int (integer units), RoundingPolicy, or a
date (a cut-off date of the law)."""


@attrs.frozen(eq=False)
class CompiledValue:
    """A value ready for column arithmetic.

    For money, ``cells``/``scalar`` are in fen. For ratios, ``cells`` are numerators over the
    common ``den``. ``mask`` marks table cells that have a value (``-`` in files means none:
    e.g. no 因病 standard exists for grades 7–10).
    """

    kind: ValueKind
    scalar: Scalar | None = None
    cells: npt.NDArray[np.int64] | None = None
    mask: npt.NDArray[np.bool_] | None = None
    den: int = 1


@attrs.frozen(eq=False)
class DatedValue:
    """One dated value of a parameter for one jurisdiction.

    Attributes:
        path: the parameter.
        jurisdiction: ``"national"`` or a 6-digit division code.
        effective_from: date of effect (the legal one, not the publication date).
        effective_to: last day in force, when the value lapses by itself (annual statistics).
        provenance: :class:`Provenance`.
        sources: where the figure was read (documents, publications).
        note: anything a reader must know, e.g. "date of effect inferred".
        raw: the value as written (Decimal/Fraction/int/RoundingPolicy, or a tuple of rows of
            them, with None for an empty cell).
        compiled: the array form.
        supplied_by: the distribution that supplied it.
        source: the file (or text) it was read from, for errors.
        key: where in that file, e.g. ``value[3]``, for errors.
    """

    path: str
    jurisdiction: str
    effective_from: dt.date
    effective_to: dt.date | None
    provenance: Provenance
    sources: tuple[str, ...]
    note: str
    raw: Any
    compiled: CompiledValue
    supplied_by: str = ""
    source: str = ""
    key: str = ""

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def display(self, unit: Unit) -> str:
        """Human form of the whole value: a one-dimensional table lists its cells (empty ones
        as "—"), a two-dimensional one is summarised by its shape."""
        raw = self.raw
        if isinstance(raw, tuple):
            if raw and all(isinstance(r, tuple) for r in raw):
                width = max(len(r) for r in raw)
                return f"表（{len(raw)}行×{width}列）"
            return f"表（{len(raw)}项）：" + "；".join(display_scalar(v, unit) for v in raw)
        return display_scalar(raw, unit)


def display_scalar(raw: Any, unit: Unit) -> str:
    if raw is None:
        return "—"
    if isinstance(raw, ShareOf):
        return raw.describe(raw.of, raw.jurisdiction or "本区划")
    if isinstance(raw, ByRegion):
        parts = [f"{code}：{display_scalar(v, unit)}" for code, v in raw.entries]
        if raw.other is not None:
            parts.append(f"其他地区：{display_scalar(raw.other, unit)}")
        return "；".join(parts)
    if unit.kind is ValueKind.MONEY:
        return f"{Yuan(raw)}"[:-1] + unit.label
    if unit in (Unit.POINTS, Unit.TIMES):
        exact = Decimal(raw.numerator) / Decimal(raw.denominator)
        return f"{exact.normalize():f}{unit.label}"
    if unit.kind is ValueKind.RATIO:
        pct = Decimal(raw.numerator) / Decimal(raw.denominator) * 100
        return f"{pct.normalize():f}%"
    if isinstance(raw, RoundingPolicy):
        return raw.describe()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return f"{raw}{unit.label}"


def compile_scalar(kind: ValueKind, raw: Any) -> tuple[Scalar, int]:
    """(compiled scalar, denominator) of one parsed value."""
    if kind is ValueKind.MONEY:
        return int(Decimal(raw) * FEN_PER_YUAN), 1
    if kind is ValueKind.RATIO:
        return Fraction(raw), Fraction(raw).denominator
    return raw, 1


def compile_value(decl: ParameterDecl, raw: Any) -> CompiledValue:
    """Compile a parsed value (scalar or table) once, at load time (a :class:`ShareOf` is
    computed where it is resolved: its scalar is None here)."""
    kind = decl.unit.kind
    if isinstance(raw, ShareOf | ByRegion):
        return CompiledValue(kind=kind)
    if not decl.is_table:
        scalar, den = compile_scalar(kind, raw)
        return CompiledValue(kind=kind, scalar=scalar, den=den)
    flat: list[Any] = []
    _flatten(raw, flat)
    mask = np.array([c is not None for c in flat], dtype=bool).reshape(decl.shape)
    if kind is ValueKind.RATIO:
        fracs = [Fraction(c) if c is not None else Fraction(0) for c in flat]
        den = int(np.lcm.reduce([f.denominator for f in fracs])) if fracs else 1
        nums = [int(f * den) for f in fracs]
        cells = np.array(nums, dtype=np.int64).reshape(decl.shape)
        return CompiledValue(kind=kind, cells=cells, mask=mask, den=den)
    if kind is ValueKind.MONEY:
        vals = [int(Decimal(c) * FEN_PER_YUAN) if c is not None else 0 for c in flat]
    else:
        vals = [int(c) if c is not None else 0 for c in flat]
    cells = np.array(vals, dtype=np.int64).reshape(decl.shape)
    return CompiledValue(kind=kind, cells=cells, mask=mask)


def _flatten(raw: Any, out: list[Any]) -> None:
    if isinstance(raw, tuple):
        for r in raw:
            _flatten(r, out)
    else:
        out.append(raw)
