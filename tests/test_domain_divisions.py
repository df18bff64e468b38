"""The shipped GB/T 2260 snapshot and the catalog API."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from shuangyong.domain import Division, DivisionCatalog, DivisionCode, DivisionLevel
from shuangyong.errors import InvalidValueError, UnknownDivisionError

CATALOG = DivisionCatalog.builtin()

XUCHANG = {
    "411000": "许昌市",
    "411002": "魏都区",
    "411003": "建安区",
    "411024": "鄢陵县",
    "411025": "襄城县",
    "411081": "禹州市",
    "411082": "长葛市",
}


def test_builtin_is_dated_and_sourced() -> None:
    assert CATALOG.data_date == dt.date(2024, 12, 31)
    assert "yescallop/areacodes" in CATALOG.source
    assert DivisionCatalog.builtin() is CATALOG  # parsed once


def test_xuchang_and_henan() -> None:
    for code, name in XUCHANG.items():
        assert CATALOG.get(code).name == name
    assert [d.code.code for d in CATALOG.children("411000")] == sorted(set(XUCHANG) - {"411000"})
    henan = [d for d in CATALOG if d.code.code.startswith("41")]
    assert sum(d.level is DivisionLevel.CITY for d in henan) == 17
    assert sum(d.level is DivisionLevel.COUNTY for d in henan) == 157  # 54 区 21 市 82 县


def test_every_province_level_unit() -> None:
    provinces = [d for d in CATALOG if d.level is DivisionLevel.PROVINCE]
    assert len(provinces) == 34
    for code in ("110000", "440000", "650000", "710000", "810000", "820000"):
        assert code in CATALOG


def test_jiyuan_sits_directly_under_the_province() -> None:
    chain = CATALOG.ancestors("419001")
    assert [d.code.code for d in chain] == ["419001", "410000"]
    assert chain[0].name == "济源市"
    assert DivisionCode("419001").city is None


def test_ancestors_self_first() -> None:
    names = [d.name for d in CATALOG.ancestors(DivisionCode("411003"))]
    assert names == ["建安区", "许昌市", "河南省"]
    assert [d.name for d in CATALOG.ancestors("110105")] == ["朝阳区", "北京市"]


def test_unknown_code() -> None:
    with pytest.raises(UnknownDivisionError) as info:
        CATALOG.get("411099")
    assert info.value.field == "division"
    assert info.value.value == "411099"
    assert "unknown administrative division code" in info.value.reason
    assert "411099" not in CATALOG
    assert "not a code" not in CATALOG


def test_contains() -> None:
    assert "411003" in CATALOG
    assert DivisionCode("411003") in CATALOG
    assert 411003 not in CATALOG


@pytest.mark.parametrize("bad", ["41100", "4110030", "41100a", "４１１００３", ""])
def test_code_format(bad: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        DivisionCode(bad)
    assert info.value.field == "division"
    assert "6, 9 or 12" in info.value.reason


def test_code_rejects_int() -> None:
    with pytest.raises(InvalidValueError):
        DivisionCode(411003)  # type: ignore[arg-type]


def test_prefixes() -> None:
    village = DivisionCode("411003100201")
    assert village.level is DivisionLevel.VILLAGE
    assert village.province == DivisionCode("410000")
    assert village.city == DivisionCode("411000")
    assert village.county == DivisionCode("411003")
    assert DivisionCode("411003100").level is DivisionLevel.TOWNSHIP
    assert DivisionCode("410000").city is None
    assert DivisionCode("410000").county is None
    assert DivisionCode("411000").county is None
    assert DivisionCode("110105").city is None  # municipality
    assert str(village) == "411003100201"


def test_with_divisions_adds_townships_without_mutating() -> None:
    town = Division(
        code=DivisionCode("411003100"),
        name="示例镇",
        level=DivisionLevel.TOWNSHIP,
        parent=DivisionCode("411003"),
    )
    bigger = CATALOG.with_divisions([town, ("411003100201", "示例村", "village", "411003100")])
    assert "411003100" not in CATALOG
    assert bigger.get("411003100") == town
    assert [d.name for d in bigger.ancestors("411003100201")] == [
        "示例村",
        "示例镇",
        "建安区",
        "许昌市",
        "河南省",
    ]
    assert bigger.children("411003") == (town,)
    assert len(bigger) == len(CATALOG) + 2
    # Re-adding an identical record is fine.
    assert bigger.with_divisions([town]) == bigger


def test_with_divisions_rejects_a_conflicting_duplicate() -> None:
    clash = Division(
        code=DivisionCode("411003"),
        name="许昌县",
        level=DivisionLevel.COUNTY,
        parent=DivisionCode("411000"),
    )
    with pytest.raises(InvalidValueError) as info:
        CATALOG.with_divisions([clash])
    assert info.value.field == "division"
    assert "duplicate code" in info.value.reason


def test_with_divisions_rejects_an_unknown_parent() -> None:
    orphan = ("419002999", "孤镇", "township", "419002")
    with pytest.raises(UnknownDivisionError):
        CATALOG.with_divisions([orphan])


def test_division_record_validation() -> None:
    with pytest.raises(InvalidValueError) as info:
        Division(
            code=DivisionCode("411003"),
            name="x",
            level=DivisionLevel.CITY,
            parent=DivisionCode("411000"),
        )
    assert info.value.field == "level"
    with pytest.raises(InvalidValueError) as info:
        Division(
            code=DivisionCode("411003"),
            name="x",
            level=DivisionLevel.COUNTY,
            parent=DivisionCode("420000"),
        )
    assert info.value.field == "parent"
    with pytest.raises(InvalidValueError) as info:
        Division(
            code=DivisionCode("411003"),
            name=" ",
            level=DivisionLevel.COUNTY,
            parent=DivisionCode("411000"),
        )
    assert info.value.field == "name"
    with pytest.raises(InvalidValueError) as info:
        Division(
            code=DivisionCode("411003"),
            name="x",
            level=DivisionLevel.COUNTY,
            parent=DivisionCode("411000"),
            valid_from=dt.date(2020, 1, 1),
            valid_to=dt.date(2019, 1, 1),
        )
    assert info.value.field == "valid_to"


def test_known_county_codes() -> None:
    codes = CATALOG.known_county_codes()
    assert codes.dtype == np.int64
    assert np.all(np.diff(codes) > 0)
    assert len(codes) == len(CATALOG)
    assert not codes.flags.writeable
    batch = np.array([411003, 411099, 419001, 110105], dtype=np.int64)
    assert np.isin(batch, codes).tolist() == [True, False, True, True]


def test_parents_exist_and_prefix() -> None:
    for division in CATALOG:
        if division.parent is not None:
            parent = CATALOG.get(division.parent)
            assert division.code.code.startswith(parent.code.code.rstrip("0")[:4])
