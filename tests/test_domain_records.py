"""Records validate themselves, and Beneficiary validates them against each other."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given

from shuangyong.domain import (
    Award,
    AwardKind,
    Beneficiary,
    Death,
    DeathCategory,
    Disability,
    DisabilityCause,
    DivisionCode,
    IdNumber,
    NcoGrade,
    Person,
    PlacementRoute,
    Relation,
    Relationship,
    Residence,
    ServiceKind,
    ServiceRecord,
    Sex,
    birthday,
)
from shuangyong.errors import InvalidValueError
from shuangyong.testing import strategies as sst

D = dt.date
BORN = D(1990, 5, 17)
HOME = DivisionCode("411003")
ME = IdNumber.build("411003", BORN, 123)
FATHER = IdNumber.build("411024", D(1962, 3, 1), 311)
SON = IdNumber.build("411003", D(2018, 8, 8), 15)


def person(**changes: Any) -> Person:
    base = dict(
        id_number=ME,
        name="王建军",
        sex=Sex.MALE,
        birth_date=BORN,
        household_division=HOME,
        residence=Residence.RURAL,
    )
    base.update(changes)
    return Person(**base)


def service(**changes: Any) -> ServiceRecord:
    base: dict[str, Any] = dict(
        kind=ServiceKind.CONSCRIPT,
        enlisted_on=D(2008, 9, 1),
        enlistment_division=HOME,
        discharged_on=D(2010, 9, 1),
    )
    base.update(changes)
    return ServiceRecord(**base)


def disability(**changes: Any) -> Disability:
    base: dict[str, Any] = dict(
        level=6, cause=DisabilityCause.DUTY, assessed_on=D(2010, 3, 1), approved_on=D(2010, 6, 1)
    )
    base.update(changes)
    return Disability(**base)


def rejects(field: str, reason: str, build: Any, *args: Any, **kwargs: Any) -> InvalidValueError:
    with pytest.raises(InvalidValueError) as info:
        build(*args, **kwargs)
    assert info.value.field == field
    assert reason in info.value.reason
    return info.value


def test_a_consistent_case_builds() -> None:
    b = Beneficiary(
        person=person(),
        service=service(
            kind=ServiceKind.NCO,
            nco_grade=NcoGrade.JUNIOR,
            placement_route=PlacementRoute.SELF_EMPLOYMENT,
        ),
        awards=[Award(kind=AwardKind.MERIT_3, awarded_on=D(2009, 8, 1))],
        disability=disability(),
        relationships=[Relationship(relative=SON, member=ME, relation=Relation.CHILD)],
    )
    assert b.awards[0].kind is AwardKind.MERIT_3
    assert isinstance(b.awards, tuple)
    assert b.id_number == ME
    assert b.relatives_of(Relation.CHILD)[0].relative == SON
    assert b.relatives_of(Relation.SPOUSE) == ()


def test_records_are_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        person().name = "x"  # type: ignore[misc]


def test_person_must_agree_with_the_id_number() -> None:
    rejects("birth_date", "does not match the birth date", person, birth_date=D(1990, 5, 18))
    rejects("sex", "does not match the sex", person, sex=Sex.FEMALE)
    rejects("name", "must not be empty", person, name="  ")
    rejects("household_division", "must be a DivisionCode", person, household_division="411003")
    rejects("residence", "must be a Residence", person, residence="rural")


def test_dates_not_datetimes() -> None:
    # a datetime at 00:00 is its date, as on every path (tests/test_strict_inputs.py); a time
    # of day is refused
    assert service(enlisted_on=dt.datetime(2008, 9, 1)).enlisted_on == D(2008, 9, 1)
    err = rejects(
        "enlisted_on", "has a time of day", service, enlisted_on=dt.datetime(2008, 9, 1, 8)
    )
    assert "含有时间部分" in err.reason
    rejects("enlisted_on", "must be a datetime.date", service, enlisted_on="2008-09-01")


def test_discharged_before_enlisted() -> None:
    err = rejects(
        "discharged_on", "discharged before enlisting", service, discharged_on=D(2008, 8, 31)
    )
    assert err.value == D(2008, 8, 31)


def test_nco_grade_iff_nco() -> None:
    rejects("nco_grade", "an NCO needs an nco_grade", service, kind=ServiceKind.NCO)
    rejects("nco_grade", "only an NCO", service, nco_grade=NcoGrade.SENIOR)


def test_placement_route_needs_discharge() -> None:
    rejects(
        "placement_route",
        "needs a discharge date",
        service,
        discharged_on=None,
        placement_route=PlacementRoute.ASSIGNED_JOB,
    )


@pytest.mark.parametrize("level", [0, 11, -1])
def test_disability_level_range(level: int) -> None:
    err = rejects("level", "must be 1 to 10", disability, level=level)
    assert err.value == level


@pytest.mark.parametrize("level", [True, 6.0, "6"])
def test_disability_level_type(level: object) -> None:
    rejects("level", "must be an int", disability, level=level)


def test_disability_approved_before_assessed() -> None:
    rejects("approved_on", "approved before being assessed", disability, approved_on=D(2010, 2, 28))


def test_disability_cause_must_be_the_enum() -> None:
    rejects("cause", "must be a DisabilityCause", disability, cause="war")


def test_strict_bools() -> None:
    rejects(
        "posthumous",
        "must be a bool",
        Award,
        kind=AwardKind.MERIT_1,
        awarded_on=D(2009, 1, 1),
        posthumous=1,
    )
    rejects(
        "able_to_work",
        "must be a bool or None",
        Relationship,
        relative=SON,
        member=ME,
        relation=Relation.CHILD,
        able_to_work="no",
    )


def test_relationship_needs_two_people() -> None:
    err = rejects(
        "relative", "same person", Relationship, relative=ME, member=ME, relation=Relation.SPOUSE
    )
    assert err.value == ME.masked()


def test_enlistment_before_sixteenth_birthday() -> None:
    rejects(
        "service.enlisted_on",
        "before the 16th birthday",
        Beneficiary,
        person=person(),
        service=service(enlisted_on=D(2006, 5, 16)),
    )
    # On the sixteenth birthday itself is accepted (the floor, not the norm).
    Beneficiary(person=person(), service=service(enlisted_on=D(2006, 5, 17)))


def test_birthday_of_a_leap_day_baby() -> None:
    assert birthday(D(2000, 2, 29), 16) == D(2016, 2, 29)
    assert birthday(D(2000, 2, 29), 17) == D(2017, 3, 1)


def test_disability_assessed_before_birth() -> None:
    err = rejects(
        "disability.assessed_on",
        "assessed before being born",
        Beneficiary,
        person=person(),
        disability=disability(assessed_on=D(1989, 1, 1), approved_on=D(1989, 2, 1)),
    )
    assert err.value == D(1989, 1, 1)


def test_disability_assessed_before_enlistment() -> None:
    rejects(
        "disability.assessed_on",
        "assessed before enlisting",
        Beneficiary,
        person=person(),
        service=service(),
        disability=disability(assessed_on=D(2008, 1, 1), approved_on=D(2008, 2, 1)),
    )


def test_disability_assessed_after_death() -> None:
    rejects(
        "disability.assessed_on",
        "assessed after dying",
        Beneficiary,
        person=person(),
        service=service(),
        death=Death(category=DeathCategory.ILLNESS, died_on=D(2010, 12, 1)),
        disability=disability(assessed_on=D(2011, 1, 1), approved_on=D(2011, 2, 1)),
    )


def test_death_before_birth_or_enlistment() -> None:
    rejects(
        "death.died_on",
        "died before being born",
        Beneficiary,
        person=person(),
        death=Death(category=DeathCategory.ILLNESS, died_on=D(1980, 1, 1)),
    )
    rejects(
        "death.died_on",
        "died before enlisting",
        Beneficiary,
        person=person(),
        service=service(discharged_on=None),
        death=Death(category=DeathCategory.MARTYR, died_on=D(2008, 1, 1)),
    )


def test_discharge_after_death() -> None:
    rejects(
        "service.discharged_on",
        "discharged after dying",
        Beneficiary,
        person=person(),
        service=service(),
        death=Death(category=DeathCategory.DUTY, died_on=D(2009, 1, 1)),
    )


def test_award_rules() -> None:
    died = Death(category=DeathCategory.MARTYR, died_on=D(2009, 5, 1))
    open_service = service(discharged_on=None)
    rejects(
        "awards[0].awarded_on",
        "awarded before enlisting",
        Beneficiary,
        person=person(),
        service=service(),
        awards=[Award(kind=AwardKind.MERIT_2, awarded_on=D(2008, 1, 1))],
    )
    rejects(
        "awards[1].awarded_on",
        "not marked posthumous",
        Beneficiary,
        person=person(),
        service=open_service,
        death=died,
        awards=[
            Award(kind=AwardKind.MERIT_3, awarded_on=D(2009, 1, 1)),
            Award(kind=AwardKind.MERIT_1, awarded_on=D(2009, 6, 1)),
        ],
    )
    rejects(
        "awards[0].posthumous",
        "needs a death record",
        Beneficiary,
        person=person(),
        service=service(),
        awards=[Award(kind=AwardKind.MERIT_1, awarded_on=D(2009, 6, 1), posthumous=True)],
    )
    rejects(
        "awards[0].awarded_on",
        "dated before the death",
        Beneficiary,
        person=person(),
        service=open_service,
        death=died,
        awards=[Award(kind=AwardKind.MERIT_1, awarded_on=D(2009, 4, 1), posthumous=True)],
    )
    ok = Beneficiary(
        person=person(),
        service=open_service,
        death=died,
        awards=[Award(kind=AwardKind.MERIT_1, awarded_on=D(2009, 6, 1), posthumous=True)],
    )
    assert ok.awards[0].posthumous


def test_relationship_conventions() -> None:
    survivor = Beneficiary(
        person=person(),
        relationships=[
            Relationship(
                relative=ME, member=FATHER, relation=Relation.CHILD, supported_by_member=True
            )
        ],
    )
    assert survivor.relationships[0].relative == ME
    rejects(
        "relationships[0]",
        "must name this person",
        Beneficiary,
        person=person(),
        relationships=[Relationship(relative=SON, member=FATHER, relation=Relation.SIBLING)],
    )
    rejects(
        "relationships[0].member",
        "no service record",
        Beneficiary,
        person=person(),
        relationships=[Relationship(relative=SON, member=ME, relation=Relation.CHILD)],
    )


def test_sequence_fields_are_checked() -> None:
    rejects("awards[0]", "must be a Award", Beneficiary, person=person(), awards=["merit_1"])
    rejects("awards", "must be a list", Beneficiary, person=person(), awards="merit_1")


@given(sst.beneficiaries())
def test_generated_beneficiaries_rebuild(b: Beneficiary) -> None:
    # Generated data passes every cross-check when built again field by field.
    again = Beneficiary(
        person=b.person,
        service=b.service,
        awards=list(b.awards),
        disability=b.disability,
        death=b.death,
        relationships=list(b.relationships),
    )
    assert again == b
    if b.service is not None:
        assert b.service.enlisted_on >= birthday(b.person.birth_date, 18)
