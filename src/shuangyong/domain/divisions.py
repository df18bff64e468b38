"""Administrative divisions (行政区划): GB/T 2260 codes, records and a dated catalog.

The package ships a snapshot of the county-level-and-above codes of the whole country
(``data/divisions.csv``; its header comments name the source, commit and data date). Township
(9-digit) and village (12-digit) codes are not shipped: plugins add them with
:meth:`DivisionCatalog.with_divisions`, which returns a new catalog — nothing is mutated.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from types import MappingProxyType

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.domain.enums import _Labelled
from shuangyong.domain.periods import date_or_reason
from shuangyong.errors import InvalidValueError, UnknownDivisionError

__all__ = [
    "Abolished",
    "Division",
    "DivisionCatalog",
    "DivisionCode",
    "DivisionLevel",
    "abolished",
    "division_history",
    "successor_hint",
]

_CODE_SHAPE = re.compile(r"[0-9]{6}|[0-9]{9}|[0-9]{12}")
# 北京、天津、上海、重庆: their districts sit directly under the province-level unit.
_MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
# GB/T 2260 reserves 90 in digits 3-4 for county-level units directly under a province
# (省直辖县级行政区划, e.g. 419001 济源市); there is no city above them.
_DIRECT_UNDER_PROVINCE = "90"


class DivisionLevel(_Labelled):
    """The level of an administrative division."""

    NATIONAL = ("national", "国家")
    PROVINCE = ("province", "省级")
    CITY = ("city", "地级")
    COUNTY = ("county", "县级")
    TOWNSHIP = ("township", "乡级")
    VILLAGE = ("village", "村级")


def _check_code(instance: DivisionCode, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str):
        raise InvalidValueError(
            "division", value, "行政区划代码须为字符串 / a division code must be a string"
        )
    if not _CODE_SHAPE.fullmatch(value):
        raise InvalidValueError(
            "division",
            value,
            "行政区划代码须为6、9或12位数字 / a division code has 6, 9 or 12 ASCII digits",
        )


@attrs.frozen(order=True, repr=False)
class DivisionCode:
    """A division code, format-checked only (6, 9 or 12 ASCII digits).

    Whether a code exists is a question for a :class:`DivisionCatalog`; this type only
    guarantees the shape, so retired codes (for example in old id numbers) can still be held.

    Attributes:
        code: the digits, e.g. ``"411003"``.
    """

    code: str = attrs.field(validator=_check_code)

    @property
    def level(self) -> DivisionLevel:
        """The level the code's shape implies (``xx0000`` province, ``xxxx00`` city, ...)."""
        if len(self.code) == 12:
            return DivisionLevel.VILLAGE
        if len(self.code) == 9:
            return DivisionLevel.TOWNSHIP
        if self.code.endswith("0000"):
            return DivisionLevel.PROVINCE
        if self.code.endswith("00"):
            return DivisionLevel.CITY
        return DivisionLevel.COUNTY

    @property
    def province(self) -> DivisionCode:
        """The province-level prefix code, e.g. ``410000``."""
        return DivisionCode(self.code[:2] + "0000")

    @property
    def city(self) -> DivisionCode | None:
        """The prefecture-level prefix code, or ``None`` where there is none.

        ``None`` for province-level codes, for the municipalities (11, 12, 31, 50) whose
        districts sit directly under them, and for units directly under a province (digits
        3–4 are ``90``, e.g. 419001 济源市).
        """
        if self.level is DivisionLevel.PROVINCE:
            return None
        prefix = self.code[:2]
        if prefix in _MUNICIPALITIES or self.code[2:4] == _DIRECT_UNDER_PROVINCE:
            return None
        return DivisionCode(self.code[:4] + "00")

    @property
    def county(self) -> DivisionCode | None:
        """The county-level prefix code for county, township and village codes, else ``None``."""
        if self.level in (DivisionLevel.PROVINCE, DivisionLevel.CITY):
            return None
        return DivisionCode(self.code[:6])

    def __str__(self) -> str:
        return self.code

    def __repr__(self) -> str:
        return f"DivisionCode('{self.code}')"


def _as_code(value: DivisionCode | str, field: str = "division") -> DivisionCode:
    if isinstance(value, DivisionCode):
        return value
    if isinstance(value, str):
        return DivisionCode(value)
    raise InvalidValueError(
        field, value, "行政区划代码须为字符串 / a division code must be a DivisionCode or str"
    )


def _read_date(name: str, value: object) -> dt.date | None:
    """None, or the date ``name`` as every path reads one
    (:func:`~shuangyong.domain.periods.date_or_reason`: a date, a naive datetime at 00:00 — a
    date read into a datetime type — or ``YYYY-MM-DD``); anything else is refused."""
    if value is None:
        return None
    day, why = date_or_reason(value)
    if day is None:
        raise InvalidValueError(name, value, why or "不是日期 / not a date")
    return day


def _valid_from(value: object) -> dt.date | None:
    return _read_date("valid_from", value)


def _valid_to(value: object) -> dt.date | None:
    return _read_date("valid_to", value)


@attrs.frozen(order=True)
class Division:
    """One administrative division as the catalog records it.

    Attributes:
        code: its :class:`DivisionCode`.
        name: the official Chinese name.
        level: its :class:`DivisionLevel`; must agree with the code's shape.
        parent: the division directly above it; ``None`` only at province level.
        valid_from: first day the code was in use, when the source records it.
        valid_to: last day the code was in use; ``None`` while it is still in use.
    """

    code: DivisionCode = attrs.field(validator=attrs.validators.instance_of(DivisionCode))
    name: str = attrs.field()
    level: DivisionLevel = attrs.field(validator=attrs.validators.instance_of(DivisionLevel))
    parent: DivisionCode | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(DivisionCode)),
    )
    valid_from: dt.date | None = attrs.field(default=None, converter=_valid_from)
    valid_to: dt.date | None = attrs.field(default=None, converter=_valid_to)

    @name.validator
    def _check_name(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidValueError("name", value, "名称不能为空 / a division needs a name")

    def __attrs_post_init__(self) -> None:
        where = str(self.code)
        if self.level is not self.code.level:
            raise InvalidValueError(
                "level",
                self.level.value,
                f"级别与代码 {where} 不符 / level does not match the shape of code {where}",
            )
        if self.level is DivisionLevel.PROVINCE:
            if self.parent is not None:
                raise InvalidValueError(
                    "parent", str(self.parent), "省级区划没有上级 / a province has no parent"
                )
        elif self.parent is None:
            raise InvalidValueError("parent", None, f"{where} 缺少上级 / {where} needs a parent")
        elif not self.code.code.startswith(_parent_prefix(self.parent)):
            raise InvalidValueError(
                "parent",
                str(self.parent),
                f"上级代码不是 {where} 的前缀 / the parent's code is not a prefix of {where}",
            )
        if (
            self.valid_from is not None
            and self.valid_to is not None
            and self.valid_to < self.valid_from
        ):
            raise InvalidValueError("valid_to", self.valid_to, "早于启用日期 / before valid_from")


def _parent_prefix(parent: DivisionCode) -> str:
    """The digits a child's code must start with (trailing zeros of a 6-digit code dropped)."""
    level = parent.level
    if level is DivisionLevel.PROVINCE:
        return parent.code[:2]
    if level is DivisionLevel.CITY:
        return parent.code[:4]
    return parent.code


@attrs.frozen(eq=False, repr=False)
class DivisionCatalog:
    """An immutable, dated set of divisions with lookups up and down the tree.

    Build the shipped snapshot with :meth:`builtin`; plugins extend it with
    :meth:`with_divisions`, which returns a new catalog.

    Attributes:
        data_date: the date the data describes (codes in use on that day).
        source: where the data came from.
    """

    _by_code: Mapping[DivisionCode, Division]
    data_date: dt.date
    source: str = ""
    _children: Mapping[DivisionCode, tuple[Division, ...]] = attrs.field(init=False, repr=False)
    _county_codes: npt.NDArray[np.int64] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        kids: dict[DivisionCode, list[Division]] = {}
        for division in self._by_code.values():
            if division.parent is not None:
                if division.parent not in self._by_code:
                    raise UnknownDivisionError(str(division.parent), field="parent")
                kids.setdefault(division.parent, []).append(division)
        object.__setattr__(
            self,
            "_children",
            MappingProxyType({k: tuple(sorted(v)) for k, v in kids.items()}),
        )
        six = np.array(
            sorted(int(c.code) for c in self._by_code if len(c.code) == 6), dtype=np.int64
        )
        six.setflags(write=False)
        object.__setattr__(self, "_county_codes", six)

    @classmethod
    def from_divisions(
        cls,
        divisions: Iterable[Division | tuple[str, str, str, str]],
        data_date: dt.date,
        source: str = "",
    ) -> DivisionCatalog:
        """A catalog of ``divisions``; every parent must be among them.

        Raises:
            InvalidValueError: on a duplicate code with a different record.
            UnknownDivisionError: when a division's parent is missing.
        """
        index: dict[DivisionCode, Division] = {}
        _merge(index, divisions)
        return cls(MappingProxyType(index), data_date, source)

    @classmethod
    def builtin(cls) -> DivisionCatalog:
        """The GB/T 2260 snapshot shipped with shuangyong (parsed once, then shared)."""
        return _builtin()

    def get(self, code: DivisionCode | str) -> Division:
        """The division with ``code``.

        Raises:
            InvalidValueError: if ``code`` is not a well-formed code.
            UnknownDivisionError: if the catalog does not know it.
        """
        key = _as_code(code)
        try:
            return self._by_code[key]
        except KeyError:
            raise UnknownDivisionError(key.code, hint=successor_hint(key.code)) from None

    def __contains__(self, code: object) -> bool:
        if isinstance(code, str):
            if not _CODE_SHAPE.fullmatch(code):
                return False
            code = DivisionCode(code)
        return code in self._by_code

    def __iter__(self) -> Iterator[Division]:
        return iter(sorted(self._by_code.values()))

    def __len__(self) -> int:
        return len(self._by_code)

    def ancestors(self, code: DivisionCode | str) -> tuple[Division, ...]:
        """The division and those above it, itself first, up to its province."""
        chain = [self.get(code)]
        while chain[-1].parent is not None:
            chain.append(self._by_code[chain[-1].parent])
        return tuple(chain)

    def children(self, code: DivisionCode | str) -> tuple[Division, ...]:
        """The divisions directly under ``code``, ordered by code."""
        division = self.get(code)
        return self._children.get(division.code, ())

    def with_divisions(
        self, divisions: Iterable[Division | tuple[str, str, str, str]]
    ) -> DivisionCatalog:
        """A new catalog with ``divisions`` added (typically 9- and 12-digit codes from a plugin).

        Each item is a :class:`Division` or a ``(code, name, level, parent)`` tuple of strings,
        as a plugin's ``register_divisions`` supplies them (``parent`` empty for a province).
        A division identical to one already present is accepted; the same code with a
        different record (for example another name) is an error, never a silent replacement.

        Raises:
            InvalidValueError: on a conflicting duplicate.
            UnknownDivisionError: when an added division's parent is unknown.
        """
        index = dict(self._by_code)
        _merge(index, divisions)
        return DivisionCatalog(MappingProxyType(index), self.data_date, self.source)

    def known_county_codes(self) -> npt.NDArray[np.int64]:
        """Every 6-digit code (province, city and county level), sorted, as read-only int64.

        For vectorised validation: ``np.isin(column, catalog.known_county_codes())``.
        """
        return self._county_codes

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DivisionCatalog):
            return NotImplemented
        return (
            self.data_date == other.data_date
            and self.source == other.source
            and dict(self._by_code) == dict(other._by_code)
        )

    def __hash__(self) -> int:
        return hash((self.data_date, len(self._by_code)))

    def __repr__(self) -> str:
        return f"<DivisionCatalog {len(self)} divisions, data date {self.data_date}>"


def _as_division(item: object) -> Division:
    if isinstance(item, Division):
        return item
    if isinstance(item, tuple) and len(item) == 4 and all(isinstance(x, str) for x in item):
        code, name, level, parent = item
        return Division(
            code=DivisionCode(code),
            name=name,
            level=_level(level),
            parent=DivisionCode(parent) if parent else None,
        )
    raise InvalidValueError(
        "division",
        item,
        "须为 Division 或 (code, name, level, parent) / expected a Division or a "
        "(code, name, level, parent) tuple",
    )


def _merge(
    index: dict[DivisionCode, Division], items: Iterable[Division | tuple[str, str, str, str]]
) -> None:
    for item in items:
        division = _as_division(item)
        existing = index.get(division.code)
        if existing is not None and existing != division:
            raise InvalidValueError(
                "division",
                division.code.code,
                f"代码重复且记录不同（已有“{existing.name}”，新增“{division.name}”）/ duplicate "
                "code with a different record",
            )
        index[division.code] = division


_DATA = "data/divisions.csv"
_HEADER = ["code", "name", "level", "parent", "valid_from", "valid_to"]


def _level(text: str) -> DivisionLevel:
    for member in DivisionLevel:
        if member.value == text:
            return member
    raise InvalidValueError("level", text, "未知的区划级别 / unknown division level")


def _parse_csv(text: str) -> tuple[list[Division], dict[str, str]]:
    meta: dict[str, str] = {}
    body: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if sep:
                meta[key.strip()] = value.strip()
        elif line.strip():
            body.append(line)
    reader = csv.reader(io.StringIO("\n".join(body)))
    header = next(reader)
    if header != _HEADER:
        raise InvalidValueError("header", header, f"表头应为 {_HEADER} / unexpected header")
    divisions = []
    for code, name, level, parent, valid_from, valid_to in reader:
        divisions.append(
            Division(
                code=DivisionCode(code),
                name=name,
                level=_level(level),
                parent=DivisionCode(parent) if parent else None,
                valid_from=dt.date.fromisoformat(valid_from) if valid_from else None,
                valid_to=dt.date.fromisoformat(valid_to) if valid_to else None,
            )
        )
    return divisions, meta


@functools.cache
def _builtin() -> DivisionCatalog:
    text = resources.files("shuangyong.domain").joinpath(_DATA).read_text(encoding="utf-8")
    divisions, meta = _parse_csv(text)
    return DivisionCatalog.from_divisions(
        divisions, dt.date.fromisoformat(meta["data_date"]), meta.get("source", "")
    )


_HISTORY = "data/division_history.csv"


@attrs.frozen
class Abolished:
    """A county-level code no longer in use, and the codes in use that took over its area.

    Attributes:
        code: the abolished code.
        name: its name when abolished.
        year: the year of the change.
        successors: the codes in the shipped snapshot that took over the area.
        document: the document that made the change (e.g. ``国函〔2016〕189号``).
    """

    code: str
    name: str
    year: int
    successors: tuple[str, ...]
    document: str


@functools.cache
def _history() -> dict[str, Abolished]:
    text = resources.files("shuangyong.domain").joinpath(_HISTORY).read_text(encoding="utf-8")
    body = [line for line in text.splitlines() if line and not line.startswith("#")]
    out = {}
    for code, name, year, successors, document in csv.reader(body[1:]):
        out[code] = Abolished(code, name, int(year), tuple(successors.split()), document)
    return out


def division_history() -> Mapping[str, Abolished]:
    """Every abolished code the shipped history knows (``data/division_history.csv``)."""
    return MappingProxyType(_history())


def abolished(code: str) -> Abolished | None:
    """What the shipped division history (``data/division_history.csv``: changes of 2016-2020)
    knows of ``code`` as an abolished code, or None."""
    return _history().get(code)


def successor_hint(code: str) -> str:
    """A clause for an error about an unknown ``code``: its abolition and successors when the
    shipped history knows them, else the empty string."""
    gone = abolished(code)
    if gone is None:
        return ""
    catalog = _builtin()
    now = "、".join(f"{c} {catalog.get(c).name}" for c in gone.successors)
    return (
        f"；{gone.code} {gone.name} 已于{gone.year}年撤销（{gone.document}），现为 {now} / "
        f"abolished in {gone.year}: use {' or '.join(gone.successors)}"
    )
