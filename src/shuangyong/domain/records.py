"""People and the facts that make them beneficiaries (优抚对象), as validated attrs records.

Every record checks itself when built, and :class:`Beneficiary` checks the records against each
other, so an inconsistent case cannot exist in memory. Each error is an
:class:`~shuangyong.errors.InvalidValueError` naming the field (with its path, e.g.
``service.enlisted_on`` or ``awards[2].awarded_on``), the value and the reason in Chinese and
English. Validators never read the clock: whether a date is "in the future" depends on the
evaluation date, which the caller passes to the engine.

Records are keyword-only (``ServiceRecord(kind=..., enlisted_on=...)``) because most fields are
dates, and two dates swapped by position would pass every type check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from shuangyong.domain.divisions import DivisionCode
from shuangyong.domain.enums import (
    AwardKind,
    CareArrangement,
    DeathCategory,
    DisabilityCause,
    NcoGrade,
    PlacementRoute,
    Relation,
    Residence,
    ServiceKind,
    Sex,
)
from shuangyong.domain.ids import IdNumber
from shuangyong.domain.periods import NOT_A_DATE, date_or_reason, midnight_to_date
from shuangyong.errors import InvalidValueError

__all__ = [
    "MIN_ENLISTMENT_AGE",
    "Award",
    "Beneficiary",
    "Death",
    "Disability",
    "Person",
    "Relationship",
    "ServiceRecord",
    "birthday",
]

#: The youngest age, in full years (周岁), at which an enlistment date is accepted.
#:
#: 兵役法 (2021) 第20、22条: men are conscripted from the year they turn 18, and volunteers may
#: be taken from 17. The floor here is one year lower on purpose: household-register birth dates
#: of older veterans were often recorded in 虚岁 or corrected later, so a lawful enlistment at 17
#: can appear as 16 in the data. Below 16 is treated as a data error rather than a fact.
MIN_ENLISTMENT_AGE = 16

_E = TypeVar("_E")


def birthday(born: dt.date, years: int) -> dt.date:
    """The day a person born on ``born`` reaches ``years`` full years (周岁).

    Someone born on 29 February reaches a birthday on 1 March in common years.
    """
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February in a common year
        return dt.date(born.year + years, 3, 1)


# --- field validators -----------------------------------------------------------------------


def _date(attribute: attrs.Attribute[Any], value: object) -> None:
    # a naive datetime at 00:00 was made a date by the converter (midnight_to_date), as on
    # every path; what is left of datetimes has a time of day or a time zone
    if isinstance(value, dt.datetime):
        raise InvalidValueError(attribute.name, value, date_or_reason(value)[1] or NOT_A_DATE)
    if not isinstance(value, dt.date):
        raise InvalidValueError(
            attribute.name, value, "须为日期 / must be a datetime.date (YYYY-MM-DD)"
        )


def _check_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _date(attribute, value)


def _check_optional_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _date(attribute, value)


def _member_of(enum_type: type[Any], *, optional: bool = False) -> Any:
    """A validator requiring a member of ``enum_type`` (strings are not silently accepted)."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if not isinstance(value, enum_type):
            allowed = ", ".join(m.value for m in enum_type)
            raise InvalidValueError(
                attribute.name,
                value,
                f"须为 {enum_type.__name__} 取值 / must be a {enum_type.__name__}: {allowed}",
            )

    return check


def _instance(cls: type[Any], what: str, *, optional: bool = False) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if not isinstance(value, cls):
            raise InvalidValueError(
                attribute.name,
                value,
                f"须为{what} / must be a {cls.__name__}, got {type(value).__name__}",
            )

    return check


def _strict_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidValueError(attribute.name, value, "须为 true 或 false / must be a bool")


def _optional_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, bool):
        raise InvalidValueError(
            attribute.name, value, "须为 true、false 或空 / must be a bool or None (unknown)"
        )


def _tuple_of(cls: type[_E], field: str) -> Callable[[object], tuple[_E, ...]]:
    """A converter to a tuple of ``cls``, rejecting anything that is not a list or tuple."""

    def convert(value: object) -> tuple[_E, ...]:
        if not isinstance(value, list | tuple):
            raise InvalidValueError(field, value, "须为列表 / must be a list or tuple")
        for i, item in enumerate(value):
            if not isinstance(item, cls):
                raise InvalidValueError(
                    f"{field}[{i}]",
                    item,
                    f"须为 {cls.__name__} / must be a {cls.__name__}",
                )
        return tuple(value)

    return convert


def _fail(field: str, value: object, reason: str) -> None:
    raise InvalidValueError(field, value, reason)


# --- records --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Person:
    """A natural person: identity, household registration and residence type.

    Attributes:
        id_number: the resident id number (shown masked).
        name: the name, non-empty.
        sex: must match the id number's sequence parity.
        birth_date: must match the birth date embedded in the id number.
        household_division: the county (or finer) of household registration (户籍地).
        residence: urban or rural household registration.
    """

    id_number: IdNumber = attrs.field(validator=_instance(IdNumber, "身份证号"))
    name: str = attrs.field()
    sex: Sex = attrs.field(validator=_member_of(Sex))
    birth_date: dt.date = attrs.field(converter=midnight_to_date, validator=_check_date)
    household_division: DivisionCode = attrs.field(
        validator=_instance(DivisionCode, "行政区划代码")
    )
    residence: Residence = attrs.field(validator=_member_of(Residence))

    @name.validator
    def _check_name(self, attribute: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidValueError("name", value, "姓名不能为空 / the name must not be empty")

    def __attrs_post_init__(self) -> None:
        if self.birth_date != self.id_number.birth_date:
            _fail(
                "birth_date",
                self.birth_date,
                "与身份证号中的出生日期不一致 / does not match the birth date in the id number",
            )
        if self.sex is not self.id_number.sex:
            _fail(
                "sex",
                self.sex.value,
                "与身份证号顺序码表示的性别不一致 / does not match the sex the id number encodes",
            )


@attrs.frozen(kw_only=True)
class ServiceRecord:
    """A period of active service (服现役).

    Attributes:
        kind: conscript, NCO or officer.
        enlisted_on: date of enlistment (入伍).
        enlistment_division: the division that approved the enlistment (批准入伍地).
        discharged_on: date of discharge (退役); ``None`` while serving.
        nco_grade: required for an NCO, forbidden otherwise.
        placement_route: how the veteran was placed (安置方式); only once discharged.
    """

    kind: ServiceKind = attrs.field(validator=_member_of(ServiceKind))
    enlisted_on: dt.date = attrs.field(converter=midnight_to_date, validator=_check_date)
    enlistment_division: DivisionCode = attrs.field(
        validator=_instance(DivisionCode, "行政区划代码")
    )
    discharged_on: dt.date | None = attrs.field(
        default=None, converter=midnight_to_date, validator=_check_optional_date
    )
    nco_grade: NcoGrade | None = attrs.field(
        default=None, validator=_member_of(NcoGrade, optional=True)
    )
    placement_route: PlacementRoute | None = attrs.field(
        default=None, validator=_member_of(PlacementRoute, optional=True)
    )

    def __attrs_post_init__(self) -> None:
        if self.discharged_on is not None and self.discharged_on < self.enlisted_on:
            _fail(
                "discharged_on",
                self.discharged_on,
                f"退役日期早于入伍日期 {self.enlisted_on} / discharged before enlisting "
                f"on {self.enlisted_on}",
            )
        if self.kind is ServiceKind.NCO and self.nco_grade is None:
            _fail("nco_grade", None, "军士须填写等级 / an NCO needs an nco_grade")
        if self.kind is not ServiceKind.NCO and self.nco_grade is not None:
            _fail(
                "nco_grade",
                self.nco_grade.value,
                f"只有军士有军士等级 / only an NCO has an nco_grade, not a {self.kind.value}",
            )
        if self.placement_route is not None and self.discharged_on is None:
            _fail(
                "placement_route",
                self.placement_route.value,
                "未退役不能有安置方式 / a placement route needs a discharge date",
            )

    @property
    def is_open(self) -> bool:
        """Still serving (no discharge date)."""
        return self.discharged_on is None


@attrs.frozen(kw_only=True)
class Award:
    """An award or honour (立功受奖).

    Attributes:
        kind: the :class:`AwardKind`.
        awarded_on: the date of the award.
        posthumous: awarded after death (追授/追记).
    """

    kind: AwardKind = attrs.field(validator=_member_of(AwardKind))
    awarded_on: dt.date = attrs.field(converter=midnight_to_date, validator=_check_date)
    posthumous: bool = attrs.field(default=False, validator=_strict_bool)


@attrs.frozen(kw_only=True)
class Disability:
    """An assessed disability (残疾军人).

    Attributes:
        level: 残疾等级 1–10, 1 the most severe; an int, not a bool.
        cause: 因战, 因公 or 因病.
        assessed_on: the date of assessment (评定).
        approved_on: the date of approval (审批), on or after ``assessed_on``.
        mental_disorder: assessed for a mental disorder contracted during active service
            (服现役期间因患精神障碍评定).
        care: dispersed or centralised support (供养方式).
    """

    level: int = attrs.field()
    cause: DisabilityCause = attrs.field(validator=_member_of(DisabilityCause))
    assessed_on: dt.date = attrs.field(converter=midnight_to_date, validator=_check_date)
    approved_on: dt.date = attrs.field(converter=midnight_to_date, validator=_check_date)
    mental_disorder: bool = attrs.field(default=False, validator=_strict_bool)
    care: CareArrangement = attrs.field(
        default=CareArrangement.DISPERSED, validator=_member_of(CareArrangement)
    )

    @level.validator
    def _check_level(self, attribute: attrs.Attribute[int], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            _fail("level", value, "残疾等级须为整数 / the disability level must be an int")
        elif not 1 <= value <= 10:
            _fail(
                "level",
                value,
                "残疾等级须为一级至十级 / the disability level must be 1 to 10",
            )

    def __attrs_post_init__(self) -> None:
        if self.approved_on < self.assessed_on:
            _fail(
                "approved_on",
                self.approved_on,
                f"审批日期早于评定日期 {self.assessed_on} / approved before being assessed on "
                f"{self.assessed_on}",
            )


@attrs.frozen(kw_only=True)
class Death:
    """A death and its category (死亡性质).

    Attributes:
        category: martyr (烈士), died on duty (因公牺牲) or of illness (病故).
        died_on: the date of death.
    """

    category: DeathCategory = attrs.field(validator=_member_of(DeathCategory))
    died_on: dt.date = attrs.field(converter=midnight_to_date, validator=_check_date)


@attrs.frozen(kw_only=True)
class Relationship:
    """``relative`` is the ``relation`` of ``member``: e.g. ``relation=PARENT`` means the relative
    is the service member's parent.

    The survivor facts are what survivor and family rules ask; ``None`` means not recorded (a
    rule then reports itself undetermined rather than guessing).

    Attributes:
        relative: the family member (军属 / 遗属).
        member: the service member, serving, discharged or deceased.
        relation: what the relative is to the member.
        able_to_work: the relative can work (有劳动能力).
        has_income: the relative has a source of income (有生活来源).
        income_below_local_average: the relative's income is below the local average.
        in_school: the relative is in full-time education.
        remarried: the relative (a spouse) has remarried.
        supports_member_parents: the relative (a remarried spouse) still supports the member's
            parents.
        supported_by_member: the relative was supported by the member while alive (生前供养).
    """

    relative: IdNumber = attrs.field(validator=_instance(IdNumber, "身份证号"))
    member: IdNumber = attrs.field(validator=_instance(IdNumber, "身份证号"))
    relation: Relation = attrs.field(validator=_member_of(Relation))
    able_to_work: bool | None = attrs.field(default=None, validator=_optional_bool)
    has_income: bool | None = attrs.field(default=None, validator=_optional_bool)
    income_below_local_average: bool | None = attrs.field(default=None, validator=_optional_bool)
    in_school: bool | None = attrs.field(default=None, validator=_optional_bool)
    remarried: bool | None = attrs.field(default=None, validator=_optional_bool)
    supports_member_parents: bool | None = attrs.field(default=None, validator=_optional_bool)
    supported_by_member: bool | None = attrs.field(default=None, validator=_optional_bool)

    def __attrs_post_init__(self) -> None:
        if self.relative == self.member:
            _fail(
                "relative",
                self.relative.masked(),
                "亲属与军人不能是同一人 / the relative and the member are the same person",
            )


def _awards(value: object) -> tuple[Award, ...]:
    return _tuple_of(Award, "awards")(value)


def _relationships(value: object) -> tuple[Relationship, ...]:
    return _tuple_of(Relationship, "relationships")(value)


@attrs.frozen(kw_only=True)
class Beneficiary:
    """A person with the facts that make them an 优抚对象, checked against each other.

    Relationship convention: each relationship must name this person, either as the
    ``relative`` (the person is a family member or survivor of ``member``; for a survivor,
    ``relative == person.id_number``) or as the ``member`` (the person is the service member
    and the relationship lists one of their relatives; the person must then have a service
    record).

    Cross-record checks (each error names the field path):

    * enlistment on or after the :data:`MIN_ENLISTMENT_AGE` birthday;
    * a disability assessed neither before birth, nor before enlistment, nor after death;
    * a death neither before birth nor before enlistment, and no discharge after death;
    * awards not before enlistment; after death only when posthumous; posthumous awards only
      for a dead person and dated on or after the death.

    Attributes:
        person: the :class:`Person`.
        service: their service record, if they served.
        awards: their awards.
        disability: their assessed disability, if any.
        death: their death, if they died.
        relationships: family links involving them (see the convention above).
    """

    person: Person = attrs.field(validator=_instance(Person, "人员记录"))
    service: ServiceRecord | None = attrs.field(
        default=None, validator=_instance(ServiceRecord, "服役记录", optional=True)
    )
    awards: tuple[Award, ...] = attrs.field(default=(), converter=_awards)
    disability: Disability | None = attrs.field(
        default=None, validator=_instance(Disability, "残疾记录", optional=True)
    )
    death: Death | None = attrs.field(
        default=None, validator=_instance(Death, "死亡记录", optional=True)
    )
    relationships: tuple[Relationship, ...] = attrs.field(default=(), converter=_relationships)

    def __attrs_post_init__(self) -> None:
        born = self.person.birth_date
        service, death = self.service, self.death
        if service is not None:
            floor = birthday(born, MIN_ENLISTMENT_AGE)
            if service.enlisted_on < floor:
                _fail(
                    "service.enlisted_on",
                    service.enlisted_on,
                    f"入伍时未满{MIN_ENLISTMENT_AGE}周岁（出生于 {born}）/ enlisted before the "
                    f"{MIN_ENLISTMENT_AGE}th birthday (born {born})",
                )
        if death is not None:
            self._check_death(death, born, service)
        if self.disability is not None:
            self._check_disability(self.disability, born, service, death)
        for i, award in enumerate(self.awards):
            self._check_award(i, award, service, death)
        for i, link in enumerate(self.relationships):
            self._check_relationship(i, link, service)

    @staticmethod
    def _check_death(death: Death, born: dt.date, service: ServiceRecord | None) -> None:
        if death.died_on < born:
            _fail(
                "death.died_on",
                death.died_on,
                f"死亡日期早于出生日期 {born} / died before being born on {born}",
            )
        if service is not None:
            if death.died_on < service.enlisted_on:
                _fail(
                    "death.died_on",
                    death.died_on,
                    f"死亡日期早于入伍日期 {service.enlisted_on} / died before enlisting on "
                    f"{service.enlisted_on}",
                )
            if service.discharged_on is not None and service.discharged_on > death.died_on:
                _fail(
                    "service.discharged_on",
                    service.discharged_on,
                    f"退役日期晚于死亡日期 {death.died_on} / discharged after dying on "
                    f"{death.died_on}",
                )

    @staticmethod
    def _check_disability(
        disability: Disability,
        born: dt.date,
        service: ServiceRecord | None,
        death: Death | None,
    ) -> None:
        when = disability.assessed_on
        if when < born:
            _fail(
                "disability.assessed_on",
                when,
                f"评定日期早于出生日期 {born} / assessed before being born on {born}",
            )
        if service is not None and when < service.enlisted_on:
            _fail(
                "disability.assessed_on",
                when,
                f"评定日期早于入伍日期 {service.enlisted_on} / assessed before enlisting on "
                f"{service.enlisted_on}",
            )
        if death is not None and when > death.died_on:
            _fail(
                "disability.assessed_on",
                when,
                f"评定日期晚于死亡日期 {death.died_on} / assessed after dying on {death.died_on}",
            )

    @staticmethod
    def _check_award(
        i: int, award: Award, service: ServiceRecord | None, death: Death | None
    ) -> None:
        field = f"awards[{i}]"
        if service is not None and award.awarded_on < service.enlisted_on:
            _fail(
                f"{field}.awarded_on",
                award.awarded_on,
                f"授奖日期早于入伍日期 {service.enlisted_on} / awarded before enlisting on "
                f"{service.enlisted_on}",
            )
        if award.posthumous:
            if death is None:
                _fail(
                    f"{field}.posthumous",
                    True,
                    "追授须有死亡记录 / a posthumous award needs a death record",
                )
            elif award.awarded_on < death.died_on:
                _fail(
                    f"{field}.awarded_on",
                    award.awarded_on,
                    f"追授日期早于死亡日期 {death.died_on} / posthumous award dated before the "
                    f"death on {death.died_on}",
                )
        elif death is not None and award.awarded_on > death.died_on:
            _fail(
                f"{field}.awarded_on",
                award.awarded_on,
                f"授奖日期晚于死亡日期 {death.died_on} 但未标记追授 / awarded after dying on "
                f"{death.died_on} but not marked posthumous",
            )

    def _check_relationship(
        self, i: int, link: Relationship, service: ServiceRecord | None
    ) -> None:
        me = self.person.id_number
        if link.relative != me and link.member != me:
            _fail(
                f"relationships[{i}]",
                f"relative={link.relative.masked()}, member={link.member.masked()}",
                "关系须涉及本人（作为亲属或军人）/ the relationship must name this person as "
                "the relative or the member",
            )
        if link.member == me and service is None:
            _fail(
                f"relationships[{i}].member",
                me.masked(),
                "本人作为军人出现但没有服役记录 / this person is named as the member but has no "
                "service record",
            )

    @property
    def id_number(self) -> IdNumber:
        """The person's id number (shortcut)."""
        return self.person.id_number

    def relatives_of(self, relation: Relation | None = None) -> tuple[Relationship, ...]:
        """The relationships where this person is the member, optionally of one ``relation``."""
        me = self.person.id_number
        return tuple(
            r
            for r in self.relationships
            if r.member == me and (relation is None or r.relation is relation)
        )
