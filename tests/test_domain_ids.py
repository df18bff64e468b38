"""IdNumber: GB 11643 check digit, embedded birth date and sex, masking."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangyong.domain import DivisionCode, IdNumber, Sex, check_character, mask_id
from shuangyong.errors import InvalidValueError
from shuangyong.testing import strategies as sst

# Synthetic: built from a real county code, a chosen birth date and sequence, never a person's.
GOOD = IdNumber.build("411003", dt.date(1990, 5, 17), 123)
FULL = GOOD.reveal()


def test_build_computes_the_check_character() -> None:
    assert FULL[:17] == "41100319900517123"
    assert FULL[17] == check_character(FULL[:17])
    assert IdNumber(FULL) == GOOD


def test_check_character_matches_the_standard_worked_example() -> None:
    # GB 11643-1999 附录: 11010519491231002 → X
    assert check_character("11010519491231002") == "X"


def test_properties() -> None:
    assert GOOD.birth_date == dt.date(1990, 5, 17)
    assert GOOD.sex is Sex.MALE
    assert GOOD.sequence == 123
    assert GOOD.address_code == DivisionCode("411003")
    assert IdNumber.build("411003", dt.date(1990, 5, 17), 124).sex is Sex.FEMALE


def test_lowercase_x_is_normalised() -> None:
    x_id = IdNumber("11010519491231002X")
    assert IdNumber("11010519491231002x") == x_id
    assert x_id.reveal().endswith("X")


def test_str_repr_and_format_are_masked() -> None:
    masked = FULL[:6] + "********" + FULL[-4:]
    assert str(GOOD) == masked
    assert repr(GOOD) == f"IdNumber('{masked}')"
    assert f"{GOOD}" == masked
    assert FULL not in repr([GOOD])
    assert GOOD.masked() == masked


def test_pickle_round_trip() -> None:
    assert pickle.loads(pickle.dumps(GOOD)) == GOOD


def _reject(value: object) -> InvalidValueError:
    with pytest.raises(InvalidValueError) as info:
        IdNumber(value)  # type: ignore[arg-type]
    err = info.value
    assert err.field == "id_number"
    # The error never carries the full number.
    if isinstance(value, str) and len(value) == 18:
        assert err.value == mask_id(value)
        assert value not in str(err)
    return err


def test_wrong_check_digit() -> None:
    wrong = FULL[:17] + ("0" if FULL[17] != "0" else "1")
    err = _reject(wrong)
    assert "check digit" in err.reason
    assert "校验码" in err.reason


def test_impossible_birth_date() -> None:
    first17 = "41100319990230" + "123"  # 30 February 1999
    err = _reject(first17 + check_character(first17))
    assert "not a real date" in err.reason
    assert "19990230" not in str(err)


@pytest.mark.parametrize(
    "value",
    ["", "41100319900517123", "4110031990051712345", "41100319900517123Y", "A1100319900517123X"],
)
def test_malformed(value: str) -> None:
    _reject(value)


def test_non_string() -> None:
    err = _reject(411003199005171234)
    assert err.value == "<int>"


def test_fullwidth_digits_are_rejected() -> None:
    _reject("４" + FULL[1:])


def test_build_rejects_bad_parts() -> None:
    with pytest.raises(InvalidValueError) as info:
        IdNumber.build("41100", dt.date(1990, 1, 1), 1)
    assert info.value.field == "address_code"
    with pytest.raises(InvalidValueError) as info:
        IdNumber.build("411003", dt.datetime(1990, 1, 1, 8, 30), 1)  # a time of day
    assert info.value.field == "birth_date"
    # a date read into a datetime type (00:00) is its date, as on every other path
    midnight = IdNumber.build("411003", dt.datetime(1990, 1, 1), 1)
    assert midnight == IdNumber.build("411003", dt.date(1990, 1, 1), 1)
    with pytest.raises(InvalidValueError) as info:
        IdNumber.build("411003", dt.date(1990, 1, 1), 1000)
    assert info.value.field == "sequence"
    with pytest.raises(InvalidValueError):
        IdNumber.build("411003", dt.date(1990, 1, 1), True)


def test_mask_id() -> None:
    assert mask_id("12345") == "*****"
    assert mask_id("1234567890AB") == "123456**90AB"
    assert mask_id(None) == "<NoneType>"


@given(sst.id_numbers())
def test_generated_ids_round_trip(i: IdNumber) -> None:
    assert IdNumber(i.reveal()) == i
    assert IdNumber.build(i.address_code, i.birth_date, i.sequence) == i


@given(sst.id_numbers(), st.integers(0, 16), st.sampled_from("0123456789"))
def test_any_single_digit_change_is_detected(i: IdNumber, pos: int, digit: str) -> None:
    text = i.reveal()
    changed = text[:pos] + digit + text[pos + 1 :]
    if changed != text:
        with pytest.raises(InvalidValueError):
            IdNumber(changed)


def test_a_divisions_dates_are_read_as_every_date_is() -> None:
    import attrs

    from shuangyong.domain.divisions import DivisionCatalog

    jianan = DivisionCatalog.builtin().get("411003")
    d = attrs.evolve(jianan, valid_from=dt.datetime(2017, 1, 1))
    assert d.valid_from == dt.date(2017, 1, 1) and type(d.valid_from) is dt.date
    assert attrs.evolve(jianan, valid_to="2030-12-31").valid_to == dt.date(2030, 12, 31)
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(jianan, valid_from=dt.datetime(2017, 1, 1, 9))
    assert info.value.field == "valid_from"
