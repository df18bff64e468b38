"""make_converter(): strict round trips for every domain type."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangyong.domain import (
    AwardKind,
    Beneficiary,
    CareArrangement,
    DeathCategory,
    Disability,
    DisabilityCause,
    DivisionCatalog,
    DivisionCode,
    DivisionLevel,
    IdNumber,
    Month,
    NcoGrade,
    Period,
    PlacementRoute,
    Relation,
    Residence,
    RoundingMode,
    RoundingPolicy,
    ServiceKind,
    ServiceRecord,
    Sex,
    Yuan,
)
from shuangyong.errors import InvalidValueError
from shuangyong.serialization import configure_converter, error_paths, make_converter
from shuangyong.testing._hypothesis_setup import _register
from shuangyong.testing.strategies import all_type_strategies

CONVERTER = make_converter()
ENUMS = [
    AwardKind,
    CareArrangement,
    DeathCategory,
    DisabilityCause,
    DivisionLevel,
    NcoGrade,
    PlacementRoute,
    Relation,
    Residence,
    RoundingMode,
    ServiceKind,
    Sex,
]


def round_trip(value: Any, cls: type) -> None:
    data = CONVERTER.unstructure(value, cls)
    assert CONVERTER.structure(data, cls) == value


@pytest.mark.parametrize("cls", list(all_type_strategies()), ids=lambda c: c.__name__)
@given(data=st.data())
def test_round_trip_every_domain_type(cls: type, data: st.DataObject) -> None:
    value = data.draw(all_type_strategies()[cls])
    round_trip(value, cls)


@pytest.mark.parametrize("cls", ENUMS, ids=lambda c: c.__name__)
@given(data=st.data())
def test_round_trip_enums(cls: type, data: st.DataObject) -> None:
    member = data.draw(st.sampled_from(cls))
    assert CONVERTER.unstructure(member) == member.value
    assert type(CONVERTER.unstructure(member)) is str
    round_trip(member, cls)


def test_round_trip_builtin_catalog() -> None:
    catalog = DivisionCatalog.builtin()
    data = CONVERTER.unstructure(catalog)
    assert data["data_date"] == "2024-12-31"
    assert CONVERTER.structure(data, DivisionCatalog) == catalog


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_round_trip_decimal(value: Decimal) -> None:
    assert CONVERTER.unstructure(value) == str(value)
    round_trip(value, Decimal)


def test_registered_strategies_cover_from_type() -> None:
    _register()

    @given(st.from_type(Beneficiary))
    def check(b: Beneficiary) -> None:
        round_trip(b, Beneficiary)

    check()


def test_shapes() -> None:
    assert CONVERTER.unstructure(Yuan("7345.83")) == "7345.83"
    assert CONVERTER.unstructure(RoundingPolicy("1", "up")) == {"unit": "1", "mode": "up"}
    assert CONVERTER.unstructure(Month(2025, 8)) == "2025-08"
    assert CONVERTER.unstructure(Period.year(2025)) == {"first": "2025-01", "last": "2025-12"}
    assert CONVERTER.unstructure(dt.date(2025, 1, 2)) == "2025-01-02"
    assert CONVERTER.unstructure(DivisionCode("411003")) == "411003"


def test_id_number_is_written_in_full() -> None:
    i = IdNumber.build("411003", dt.date(1990, 5, 17), 123)
    assert CONVERTER.unstructure(i) == i.reveal()
    assert CONVERTER.structure(i.reveal(), IdNumber) == i


def test_converters_are_independent() -> None:
    assert make_converter() is not make_converter()
    plain = cattrs.Converter()
    configure_converter(plain)
    assert plain.structure("7345.83", Yuan) == Yuan("7345.83")


def _disability(**changes: Any) -> dict[str, Any]:
    data = {
        "level": 6,
        "cause": "duty",
        "assessed_on": "2010-03-01",
        "approved_on": "2010-06-01",
        "mental_disorder": False,
        "care": "dispersed",
    }
    data.update(changes)
    return data


def _leaf(data: Any, cls: type) -> tuple[str, BaseException]:
    with pytest.raises(cattrs.ClassValidationError) as info:
        CONVERTER.structure(data, cls)
    errors = error_paths(info.value)
    assert len(errors) == 1
    return errors[0]


def test_unknown_cause_string() -> None:
    path, err = _leaf(_disability(cause="war"), Disability)
    assert path == "$.cause"
    assert isinstance(err, InvalidValueError)
    assert err.field == "DisabilityCause"
    assert "unknown DisabilityCause value" in err.reason
    assert "combat, duty, illness" in err.reason


@pytest.mark.parametrize("level", [0, 11])
def test_disability_level_out_of_range(level: int) -> None:
    path, err = _leaf(_disability(level=level), Disability)
    assert path == "$.level"
    assert isinstance(err, InvalidValueError)
    assert err.field == "level"
    assert "must be 1 to 10" in err.reason


@pytest.mark.parametrize("level", [6.0, 6.7, "6", True])
def test_no_coercion_into_int(level: object) -> None:
    path, err = _leaf(_disability(level=level), Disability)
    assert path == "$.level"
    assert isinstance(err, InvalidValueError)
    assert "expected an integer" in err.reason


@pytest.mark.parametrize("flag", ["false", 0, None])
def test_no_coercion_into_bool(flag: object) -> None:
    path, err = _leaf(_disability(mental_disorder=flag), Disability)
    assert path == "$.mental_disorder"
    assert "expected a boolean" in str(err)


def test_unknown_keys_are_rejected() -> None:
    with pytest.raises(cattrs.ClassValidationError) as info:
        CONVERTER.structure(_disability(levle=3), Disability)
    ((path, err),) = error_paths(info.value)
    assert path == "$"
    assert isinstance(err, cattrs.ForbiddenExtraKeysError)
    assert err.extra_fields == {"levle"}


@pytest.mark.parametrize("money", [7345.83, float("nan"), float("inf")])
def test_float_money_is_rejected(money: float) -> None:
    with pytest.raises(InvalidValueError) as info:
        CONVERTER.structure(money, Yuan)
    assert info.value.field == "amount"
    assert "never a float" in info.value.reason


@pytest.mark.parametrize("money", ["NaN", "Infinity", "-inf"])
def test_nan_money_string_is_rejected(money: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        CONVERTER.structure(money, Yuan)
    assert info.value.field == "amount"
    assert "finite" in info.value.reason


def test_decimal_rejects_float_and_nan() -> None:
    with pytest.raises(InvalidValueError):
        CONVERTER.structure(0.1, Decimal)
    with pytest.raises(InvalidValueError) as info:
        CONVERTER.structure("NaN", Decimal)
    assert "finite" in info.value.reason


def test_rounding_policy_shape() -> None:
    assert CONVERTER.structure({"unit": "5", "mode": "up"}, RoundingPolicy) == RoundingPolicy(
        "5", RoundingMode.UP
    )
    with pytest.raises(InvalidValueError):
        CONVERTER.structure({"unit": 0.05, "mode": "up"}, RoundingPolicy)
    with pytest.raises(InvalidValueError):
        CONVERTER.structure({"unit": "5", "mode": "up", "x": 1}, RoundingPolicy)


def test_month_format() -> None:
    with pytest.raises(InvalidValueError):
        CONVERTER.structure("2025-8", Month)
    with pytest.raises(InvalidValueError):
        CONVERTER.structure("2025-08-01", Month)


def test_dates_must_be_iso_strings() -> None:
    with pytest.raises(InvalidValueError):
        CONVERTER.structure("01/02/2025", dt.date)
    with pytest.raises(InvalidValueError):
        CONVERTER.structure(20250102, dt.date)


def test_unknown_division_code_in_a_catalog_document() -> None:
    data = CONVERTER.unstructure(DivisionCatalog.builtin())
    data["divisions"].append(
        {
            "code": "411099100",
            "name": "示例镇",
            "level": "township",
            "parent": "411099",
            "valid_from": None,
            "valid_to": None,
        }
    )
    with pytest.raises(InvalidValueError) as info:
        CONVERTER.structure(data, DivisionCatalog)
    assert info.value.field == "parent"
    assert "unknown administrative division code" in info.value.reason


def test_bad_id_in_a_nested_record_names_the_path_and_is_masked() -> None:
    good = IdNumber.build("411003", dt.date(1990, 5, 17), 123).reveal()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    data = {
        "kind": "conscript",
        "enlisted_on": "2008-09-01",
        "enlistment_division": "411003",
        "discharged_on": "2008-08-01",
        "nco_grade": None,
        "placement_route": None,
    }
    path, err = _leaf(data, ServiceRecord)
    assert path == "$.discharged_on"
    assert "discharged before enlisting" in str(err)
    person = {
        "id_number": bad,
        "name": "王建军",
        "sex": "male",
        "birth_date": "1990-05-17",
        "household_division": "411003",
        "residence": "rural",
    }
    path, err = _leaf(
        {
            "person": person,
            "service": None,
            "awards": [],
            "disability": None,
            "death": None,
            "relationships": [],
        },
        Beneficiary,
    )
    assert path == "$.person.id_number"
    assert isinstance(err, InvalidValueError)
    assert "wrong check digit" in err.reason
    assert bad not in str(err)
