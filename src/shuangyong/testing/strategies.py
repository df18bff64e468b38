"""Hypothesis strategies for every domain type, producing only valid, consistent data.

Id numbers carry correct check digits and agree with the person's birth date and sex; division
codes come from the shipped catalog; enlistment is at or after 18; discharge follows enlistment;
a disability is assessed during or after service; death follows birth and enlistment; awards
fall inside the service or are posthumous. Dates stay inside a fixed window (no clock reads), so
the same seed always gives the same data.

Besides one strategy per type, composite strategies make beneficiaries *of a kind*:
:func:`serving_conscripts`, :func:`serving_ncos`, :func:`officers`, :func:`disabled_veterans`,
:func:`martyr_survivors`, :func:`rural_veterans_over`, and :func:`beneficiaries_of_every_kind`
mixing them. Pass ``on`` (the evaluation date) and each one is also consistent for that date:
nothing happens after ``on``, so the engine sees a case that could exist on that day. Flat rows
for rule verification are :func:`shuangyong.testing.populations.rows`.

Example::

    from hypothesis import given
    from shuangyong.testing import strategies as sst

    @given(sst.beneficiaries())
    def test_round_trip(b): ...

    @given(sst.disabled_veterans(on=dt.date(2025, 3, 1)))
    def test_pension_never_negative(b): ...
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from shuangyong.domain.divisions import Division, DivisionCatalog, DivisionCode, DivisionLevel
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
from shuangyong.domain.money import RoundingMode, RoundingPolicy, Yuan
from shuangyong.domain.periods import Month, Period
from shuangyong.domain.records import (
    Award,
    Beneficiary,
    Death,
    Disability,
    Person,
    Relationship,
    ServiceRecord,
    birthday,
)
from shuangyong.errors import InvalidValueError

__all__ = [
    "EARLIEST_BIRTH",
    "EARLIEST_EVALUATION",
    "LATEST_DATE",
    "awards",
    "beneficiaries",
    "beneficiaries_of_every_kind",
    "deaths",
    "disabilities",
    "disabled_veterans",
    "division_codes",
    "divisions",
    "id_numbers",
    "martyr_survivors",
    "months",
    "officers",
    "periods",
    "persons",
    "relationships",
    "rounding_policies",
    "rural_veterans_over",
    "service_records",
    "serving_conscripts",
    "serving_ncos",
    "yuans",
]

#: Earliest birth date generated (veterans of the 1940s are still beneficiaries' relatives).
EARLIEST_BIRTH = dt.date(1920, 1, 1)
#: Latest date of any generated event: a fixed bound, not "today".
LATEST_DATE = dt.date(2080, 12, 31)
_LATEST_BIRTH = dt.date(2006, 12, 31)
_ENLISTMENT_AGE = 18
_NAME_CHARS = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤建国军华明红英伟志强丽敏静秀兰芳海平"  # noqa: E501


def _dates(lo: dt.date, hi: dt.date) -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=lo, max_value=max(lo, hi))


def _catalog(catalog: DivisionCatalog | None) -> DivisionCatalog:
    # Resolved at draw time, so importing this module (which hypothesis' entry point does on
    # every `import hypothesis`) never parses the division table.
    return catalog if catalog is not None else DivisionCatalog.builtin()


@functools.lru_cache(maxsize=64)
def _codes(
    catalog: DivisionCatalog, level: DivisionLevel | None, prefix: str
) -> st.SearchStrategy[DivisionCode]:
    # Catalogs are immutable and hash by identity, so the strategy can be kept: every generated
    # person draws several codes, and sorting the catalog and validating a fresh sampled_from
    # over thousands of codes for each draw dominated the run time of the composite strategies.
    pool = tuple(
        d.code
        for d in catalog
        if (level is None or d.level is level) and d.code.code.startswith(prefix)
    )
    if not pool:
        where = f"{level.value} divisions" if level is not None else "divisions"
        raise ValueError(f"no {where} under {prefix!r} in the catalog")
    return st.sampled_from(pool)


@st.composite
def division_codes(
    draw: st.DrawFn,
    catalog: DivisionCatalog | None = None,
    level: DivisionLevel = DivisionLevel.COUNTY,
    prefix: str = "",
) -> DivisionCode:
    """Codes of ``level`` known to ``catalog`` (default: the shipped one), optionally under a
    ``prefix`` such as ``"41"`` for 河南省."""
    return draw(_codes(_catalog(catalog), level, prefix))


@st.composite
def divisions(draw: st.DrawFn, catalog: DivisionCatalog | None = None) -> Division:
    """Division records from ``catalog`` (default: the shipped one)."""
    cat = _catalog(catalog)
    code = draw(_codes(cat, None, ""))
    return cat.get(code)


@st.composite
def id_numbers(
    draw: st.DrawFn,
    birth_date: dt.date | None = None,
    sex: Sex | None = None,
    address_code: DivisionCode | None = None,
) -> IdNumber:
    """Id numbers with correct check characters, for the given birth date, sex and address
    code when given (otherwise drawn)."""
    born = birth_date if birth_date is not None else draw(_dates(EARLIEST_BIRTH, _LATEST_BIRTH))
    address = address_code if address_code is not None else draw(division_codes())
    chosen = sex if sex is not None else draw(st.sampled_from(Sex))
    half = draw(st.integers(0, 499))
    sequence = 2 * half + (1 if chosen is Sex.MALE else 0)
    return IdNumber.build(address, born, sequence)


@st.composite
def persons(
    draw: st.DrawFn,
    birth_date: dt.date | None = None,
    household_division: DivisionCode | None = None,
) -> Person:
    """People whose id number agrees with their birth date and sex."""
    born = birth_date if birth_date is not None else draw(_dates(EARLIEST_BIRTH, _LATEST_BIRTH))
    sex = draw(st.sampled_from(Sex))
    home = household_division if household_division is not None else draw(division_codes())
    # Most people are registered where they were born; some have moved since.
    address = home if draw(st.booleans()) else draw(division_codes())
    name = draw(st.text(alphabet=_NAME_CHARS, min_size=2, max_size=4))
    return Person(
        id_number=draw(id_numbers(birth_date=born, sex=sex, address_code=address)),
        name=name,
        sex=sex,
        birth_date=born,
        household_division=home,
        residence=draw(st.sampled_from(Residence)),
    )


@st.composite
def service_records(
    draw: st.DrawFn,
    born: dt.date | None = None,
    died_on: dt.date | None = None,
    discharged: bool | None = None,
) -> ServiceRecord:
    """Service records enlisting at 18 or later and, if discharged, discharged after enlisting
    (and not after ``died_on``)."""
    birth = born if born is not None else draw(_dates(EARLIEST_BIRTH, _LATEST_BIRTH))
    last = died_on if died_on is not None else LATEST_DATE
    earliest = birthday(birth, _ENLISTMENT_AGE)
    enlisted = draw(_dates(earliest, min(last, birthday(birth, 40))))
    closed = discharged if discharged is not None else draw(st.booleans())
    discharged_on = (
        draw(_dates(enlisted, min(last, enlisted + dt.timedelta(days=30 * 366))))
        if closed
        else None
    )
    kind = draw(st.sampled_from(ServiceKind))
    return ServiceRecord(
        kind=kind,
        enlisted_on=enlisted,
        enlistment_division=draw(division_codes()),
        discharged_on=discharged_on,
        nco_grade=draw(st.sampled_from(NcoGrade)) if kind is ServiceKind.NCO else None,
        placement_route=(
            draw(st.none() | st.sampled_from(PlacementRoute)) if discharged_on else None
        ),
    )


@st.composite
def awards(
    draw: st.DrawFn,
    service: ServiceRecord | None = None,
    death: Death | None = None,
) -> Award:
    """Awards dated inside ``service`` (before any death), or posthumous awards dated on or
    after ``death``."""
    kind = draw(st.sampled_from(AwardKind))
    start = service.enlisted_on if service is not None else EARLIEST_BIRTH
    end = LATEST_DATE
    if service is not None and service.discharged_on is not None:
        end = service.discharged_on
    if death is not None:
        end = min(end, death.died_on)
        if draw(st.booleans()):
            return Award(
                kind=kind,
                awarded_on=draw(_dates(death.died_on, death.died_on + dt.timedelta(days=730))),
                posthumous=True,
            )
    return Award(kind=kind, awarded_on=draw(_dates(start, end)), posthumous=False)


@st.composite
def disabilities(
    draw: st.DrawFn,
    service: ServiceRecord | None = None,
    death: Death | None = None,
) -> Disability:
    """Disabilities assessed during or after ``service`` and not after ``death``; approval
    on or after assessment."""
    start = service.enlisted_on if service is not None else EARLIEST_BIRTH
    end = death.died_on if death is not None else LATEST_DATE
    assessed = draw(_dates(start, end))
    approved = draw(_dates(assessed, assessed + dt.timedelta(days=365)))
    return Disability(
        level=draw(st.integers(1, 10)),
        cause=draw(st.sampled_from(DisabilityCause)),
        assessed_on=assessed,
        approved_on=approved,
        mental_disorder=draw(st.booleans()),
        care=draw(st.sampled_from(CareArrangement)),
    )


@st.composite
def deaths(
    draw: st.DrawFn,
    born: dt.date | None = None,
    service: ServiceRecord | None = None,
) -> Death:
    """Deaths after birth, after enlistment and not before discharge."""
    start = born if born is not None else EARLIEST_BIRTH
    if service is not None:
        start = max(start, service.discharged_on or service.enlisted_on)
    return Death(
        category=draw(st.sampled_from(DeathCategory)),
        died_on=draw(_dates(start, LATEST_DATE)),
    )


_MAYBE = st.none() | st.booleans()


@st.composite
def relationships(
    draw: st.DrawFn,
    relative: IdNumber | None = None,
    member: IdNumber | None = None,
) -> Relationship:
    """Relationships between two different people, with survivor facts drawn (``None`` =
    unknown)."""
    first = relative if relative is not None else draw(id_numbers())
    second = member if member is not None else draw(id_numbers().filter(lambda i: i != first))
    return Relationship(
        relative=first,
        member=second,
        relation=draw(st.sampled_from(Relation)),
        able_to_work=draw(_MAYBE),
        has_income=draw(_MAYBE),
        income_below_local_average=draw(_MAYBE),
        in_school=draw(_MAYBE),
        remarried=draw(_MAYBE),
        supports_member_parents=draw(_MAYBE),
        supported_by_member=draw(_MAYBE),
    )


@st.composite
def beneficiaries(draw: st.DrawFn) -> Beneficiary:
    """Whole, mutually consistent beneficiaries: a person with or without service, awards,
    a disability, a death and family relationships."""
    person = draw(persons())
    me = person.id_number
    service = draw(st.none() | service_records(born=person.birth_date))
    death = draw(st.none() | deaths(born=person.birth_date, service=service))
    disability = (
        draw(st.none() | disabilities(service=service, death=death))
        if service is not None
        else None
    )
    honours: tuple[Award, ...] = ()
    if service is not None:
        honours = tuple(draw(st.lists(awards(service=service, death=death), max_size=3)))
    others = st.lists(id_numbers().filter(lambda i: i != me), max_size=3, unique=True)
    if service is not None:
        # The person is the service member; the relationships list their relatives.
        links = tuple(draw(relationships(relative=r, member=me)) for r in draw(others))
    else:
        # The person is a relative (军属 or 遗属) of other service members.
        links = tuple(draw(relationships(relative=me, member=m)) for m in draw(others))
    return Beneficiary(
        person=person,
        service=service,
        awards=honours,
        disability=disability,
        death=death,
        relationships=links,
    )


def yuans(min_fen: int = -(10**12), max_fen: int = 10**12) -> st.SearchStrategy[Yuan]:
    """Amounts of money between ``min_fen`` and ``max_fen`` fen."""
    return st.integers(min_fen, max_fen).map(Yuan.from_fen)


_UNITS = tuple(Decimal(u) for u in ("0.01", "0.1", "1", "5", "10"))


def rounding_policies() -> st.SearchStrategy[RoundingPolicy]:
    """Rounding policies with the units published standards use (fen, jiao, 1/5/10 yuan)."""
    return st.builds(
        RoundingPolicy,
        st.sampled_from(_UNITS) | st.integers(1, 100_000).map(lambda f: Decimal(f) / 100),
        st.sampled_from(RoundingMode),
    )


def months(min_year: int = 1950, max_year: int = 2080) -> st.SearchStrategy[Month]:
    """Calendar months between ``min_year`` and ``max_year``."""
    return st.builds(Month, st.integers(min_year, max_year), st.integers(1, 12))


@st.composite
def periods(draw: st.DrawFn) -> Period:
    """Inclusive month ranges, first ≤ last."""
    a, b = draw(months()), draw(months())
    return Period(min(a, b), max(a, b))


# --- beneficiaries of a kind -----------------------------------------------------------------
#
# Each public function below checks its arguments when called (so a wrong argument fails where
# the strategy is built, not deep inside a test run) and returns a private composite. With
# ``on`` given, every generated event happens on or before ``on``.

#: The earliest evaluation date the kind strategies accept: early enough for any historical
#: test, late enough that a martyr born in 1940 or later was an adult by then.
EARLIEST_EVALUATION = dt.date(1960, 1, 1)
_EARLIEST_ENLISTMENT = birthday(EARLIEST_BIRTH, _ENLISTMENT_AGE)
_LATEST_ENLISTMENT = birthday(_LATEST_BIRTH, _ENLISTMENT_AGE)
# Usual ages at enlistment: 兵役法 (2021) takes men from 18 to 22, graduates to 24. Plausibility
# for test data only; the records themselves accept any enlistment from MIN_ENLISTMENT_AGE.
_RECRUIT_MAX_AGE = 24
_OLDEST = 105
_ONE_DAY = dt.timedelta(days=1)
# Rough lengths of service in years (min, max), by kind and NCO grade: conscript terms were
# 3–5 years before 1999 and 2 since; NCO grades follow the order 初级 → 中级 → 高级. Used to
# make records plausible, never as a legal figure.
_SERVICE_YEARS: dict[tuple[ServiceKind, NcoGrade | None], tuple[int, int]] = {
    (ServiceKind.CONSCRIPT, None): (0, 5),
    (ServiceKind.NCO, NcoGrade.JUNIOR): (2, 8),
    (ServiceKind.NCO, NcoGrade.INTERMEDIATE): (8, 16),
    (ServiceKind.NCO, NcoGrade.SENIOR): (16, 30),
    (ServiceKind.OFFICER, None): (0, 35),
}
# 《军人抚恤优待条例》(2024) 第25条第3款: 因病致残 is assessed only for 义务兵 and 初级军士.
_ILLNESS_KINDS: tuple[tuple[ServiceKind, NcoGrade | None], ...] = (
    (ServiceKind.CONSCRIPT, None),
    (ServiceKind.NCO, NcoGrade.JUNIOR),
)
# Placement routes by kind, as 退役军人安置条例 (2024) 第5条 lists them (recalled, not checked
# against the text: plausibility for test data only). Older routes, such as 复员 for
# conscripts before 2011, are not drawn.
_ROUTES: dict[ServiceKind, tuple[PlacementRoute, ...]] = {
    ServiceKind.OFFICER: (
        PlacementRoute.RETIREMENT,
        PlacementRoute.CIVILIAN_TRANSFER,
        PlacementRoute.MONTHLY_PENSION,
        PlacementRoute.DEMOBILIZATION,
    ),
    ServiceKind.NCO: (
        PlacementRoute.MONTHLY_PENSION,
        PlacementRoute.SELF_EMPLOYMENT,
        PlacementRoute.ASSIGNED_JOB,
        PlacementRoute.RETIREMENT,
        PlacementRoute.STATE_SUPPORT,
    ),
    ServiceKind.CONSCRIPT: (
        PlacementRoute.SELF_EMPLOYMENT,
        PlacementRoute.ASSIGNED_JOB,
        PlacementRoute.STATE_SUPPORT,
    ),
}


def _years_before(day: dt.date, years: int) -> dt.date:
    """The latest birth date of someone at least ``years`` full years old on ``day``."""
    born = birthday(day, -years)
    # birthday() moves 29 February to 1 March, which can be one day too late here.
    return born - _ONE_DAY if birthday(born, years) > day else born


def _check_on(on: dt.date | None, field: str = "on") -> None:
    if on is None:
        return
    if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise InvalidValueError(field, on, "须为日期 / must be a datetime.date")
    if not EARLIEST_EVALUATION <= on <= LATEST_DATE:
        raise InvalidValueError(
            field,
            on,
            f"须在 {EARLIEST_EVALUATION} 至 {LATEST_DATE} 之间 / must be between "
            f"{EARLIEST_EVALUATION} and {LATEST_DATE}",
        )


def _check_member(value: object, enum_type: type[Any], field: str) -> None:
    if value is not None and not isinstance(value, enum_type):
        allowed = ", ".join(m.value for m in enum_type)
        raise InvalidValueError(
            field,
            value,
            f"须为 {enum_type.__name__} 或 None / must be a {enum_type.__name__} "
            f"({allowed}) or None",
        )


def _draw_person(
    draw: st.DrawFn,
    born: dt.date,
    *,
    sex: Sex | None = None,
    residence: Residence | None = None,
) -> Person:
    chosen = sex if sex is not None else draw(st.sampled_from(Sex))
    home = draw(division_codes())
    return Person(
        id_number=draw(id_numbers(birth_date=born, sex=chosen, address_code=home)),
        name=draw(st.text(alphabet=_NAME_CHARS, min_size=2, max_size=4)),
        sex=chosen,
        birth_date=born,
        household_division=home,
        residence=residence if residence is not None else draw(st.sampled_from(Residence)),
    )


def _draw_recruit(draw: st.DrawFn, lo: dt.date, hi: dt.date) -> tuple[dt.date, dt.date]:
    """An enlistment date in [lo, hi] and a birth date making the recruit 18 to 24 on it."""
    enlisted = draw(_dates(max(lo, _EARLIEST_ENLISTMENT), hi))
    youngest = _years_before(enlisted, _ENLISTMENT_AGE)
    oldest = max(EARLIEST_BIRTH, _years_before(enlisted, _RECRUIT_MAX_AGE + 1) + _ONE_DAY)
    return draw(_dates(oldest, youngest)), enlisted


def _draw_awards(draw: st.DrawFn, start: dt.date, end: dt.date) -> tuple[Award, ...]:
    """Up to two awards dated in [start, end] (inside the service)."""
    one = st.builds(
        Award,
        kind=st.sampled_from(AwardKind),
        awarded_on=_dates(start, end),
        posthumous=st.just(False),
    )
    return tuple(draw(st.lists(one, max_size=2)))


def _draw_relative_birth(
    draw: st.DrawFn, relation: Relation, member_born: dt.date, on: dt.date | None
) -> dt.date:
    """A birth date fitting ``relation`` to a member born on ``member_born``, not after ``on``.

    Parents are 18–45 years older, spouses within 15 years and adult on ``on``, children born
    when the member was 18–50, siblings within 20 years.
    """
    cap = on if on is not None else LATEST_DATE
    if relation is Relation.PARENT:
        lo, hi = birthday(member_born, -45), _years_before(member_born, 18)
    elif relation is Relation.SPOUSE:
        adult = _years_before(on, 20) if on is not None else LATEST_DATE
        lo, hi = birthday(member_born, -15), min(birthday(member_born, 15), adult)
    elif relation is Relation.CHILD:
        lo, hi = birthday(member_born, 18), min(birthday(member_born, 50), cap)
    else:
        lo, hi = birthday(member_born, -20), min(birthday(member_born, 20), cap)
    return draw(_dates(max(EARLIEST_BIRTH, lo), hi))


def _other(sex: Sex) -> Sex:
    # spouses are of the other sex: the Civil Code's marriage is between a man and a woman
    return Sex.FEMALE if sex is Sex.MALE else Sex.MALE


def _draw_family(
    draw: st.DrawFn, member: Person, on: dt.date | None, max_size: int = 2
) -> tuple[Relationship, ...]:
    """Up to ``max_size`` relatives of a living member, with plausible births; survivor facts
    are left unknown (``None``) because the member is alive."""
    links: list[Relationship] = []
    seen = {member.id_number}
    # a member born in the 1920s cannot have parents born inside the generated window
    feasible = tuple(
        r
        for r in Relation
        if r is not Relation.PARENT or _years_before(member.birth_date, 18) >= EARLIEST_BIRTH
    )
    for relation in draw(st.lists(st.sampled_from(feasible), max_size=max_size)):
        born = _draw_relative_birth(draw, relation, member.birth_date, on)
        sex = _other(member.sex) if relation is Relation.SPOUSE else None
        rid = draw(id_numbers(birth_date=born, sex=sex).filter(lambda i: i not in seen))
        seen.add(rid)
        links.append(Relationship(relative=rid, member=member.id_number, relation=relation))
    return tuple(links)


def _service(
    draw: st.DrawFn,
    kind: ServiceKind,
    grade: NcoGrade | None,
    enlisted: dt.date,
    discharged: dt.date | None,
) -> ServiceRecord:
    route = draw(st.none() | st.sampled_from(_ROUTES[kind])) if discharged is not None else None
    return ServiceRecord(
        kind=kind,
        enlisted_on=enlisted,
        enlistment_division=draw(division_codes()),
        discharged_on=discharged,
        nco_grade=grade,
        placement_route=route,
    )


def _kinds(
    kind: ServiceKind | None = None,
) -> st.SearchStrategy[tuple[ServiceKind, NcoGrade | None]]:
    pool = tuple(k for k in _SERVICE_YEARS if kind is None or k[0] is kind)
    return st.sampled_from(pool)


def _serving(
    draw: st.DrawFn,
    kind: ServiceKind,
    grade: NcoGrade | None,
    lo: dt.date,
    hi: dt.date,
    on: dt.date | None,
) -> Beneficiary:
    """A serving member enlisted in [lo, hi], with awards up to ``on`` and a few relatives."""
    born, enlisted = _draw_recruit(draw, lo, hi)
    person = _draw_person(draw, born)
    service = _service(draw, kind, grade, enlisted, None)
    _, longest = _SERVICE_YEARS[(kind, grade)]
    last = on if on is not None else min(LATEST_DATE, birthday(enlisted, longest))
    return Beneficiary(
        person=person,
        service=service,
        awards=_draw_awards(draw, enlisted, last),
        relationships=_draw_family(draw, person, on),
    )


def serving_conscripts(on: dt.date | None = None) -> st.SearchStrategy[Beneficiary]:
    """Serving conscripts (义务兵): an open service record of kind conscript.

    Args:
        on: the evaluation date. When given, the conscript enlisted within the two years up to
            ``on`` (the conscript term since 1999), awards are dated by ``on`` and relatives
            were born by ``on``.

    Returns:
        A strategy of :class:`Beneficiary` with no disability, death or discharge; their
        relationships list relatives (the member's own family, facts unknown).
    """
    _check_on(on)

    @st.composite
    def build(draw: st.DrawFn) -> Beneficiary:
        if on is None:
            lo, hi = _EARLIEST_ENLISTMENT, _LATEST_ENLISTMENT
        else:
            lo, hi = birthday(on, -2) + _ONE_DAY, on
        return _serving(draw, ServiceKind.CONSCRIPT, None, lo, hi, on)

    return build()


def serving_ncos(
    grade: NcoGrade | None = None, *, on: dt.date | None = None
) -> st.SearchStrategy[Beneficiary]:
    """Serving NCOs (军士): an open service record of kind NCO.

    Args:
        grade: the NCO grade, or ``None`` to draw one.
        on: the evaluation date. When given, the years served by ``on`` are plausible for the
            grade (初级 2–8, 中级 8–16, 高级 16–30; rough, for test data only).

    Returns:
        A strategy of :class:`Beneficiary` with ``service.nco_grade`` set (to ``grade`` when
        given), no disability, death or discharge.
    """
    _check_member(grade, NcoGrade, "grade")
    _check_on(on)

    @st.composite
    def build(draw: st.DrawFn) -> Beneficiary:
        chosen = grade if grade is not None else draw(st.sampled_from(NcoGrade))
        if on is None:
            lo, hi = _EARLIEST_ENLISTMENT, _LATEST_ENLISTMENT
        else:
            fewest, most = _SERVICE_YEARS[(ServiceKind.NCO, chosen)]
            lo, hi = birthday(on, -most), birthday(on, -fewest)
        return _serving(draw, ServiceKind.NCO, chosen, lo, hi, on)

    return build()


def officers(
    *, on: dt.date | None = None, serving: bool | None = None
) -> st.SearchStrategy[Beneficiary]:
    """Officers (军官), serving or discharged.

    Args:
        on: the evaluation date. When given, enlistment and any discharge are on or before it,
            and a serving officer has served at most 35 years by then.
        serving: ``True`` for an open record, ``False`` for a closed one, ``None`` for either.

    Returns:
        A strategy of :class:`Beneficiary` with an officer's service record; a discharged
        officer may have an officer's placement route (退休, 转业, 逐月领取退役金, 复员).
    """
    _check_on(on)
    if serving is not None and not isinstance(serving, bool):
        raise InvalidValueError("serving", serving, "须为 bool 或 None / must be a bool or None")

    @st.composite
    def build(draw: st.DrawFn) -> Beneficiary:
        still = serving if serving is not None else draw(st.booleans())
        _, longest = _SERVICE_YEARS[(ServiceKind.OFFICER, None)]
        if on is None:
            lo, hi = _EARLIEST_ENLISTMENT, _LATEST_ENLISTMENT
        else:
            lo, hi = (birthday(on, -longest), on) if still else (_EARLIEST_ENLISTMENT, on)
        born, enlisted = _draw_recruit(draw, lo, hi)
        end = birthday(enlisted, longest)
        if on is not None:
            end = min(end, on)
        discharged = None if still else draw(_dates(enlisted, end))
        person = _draw_person(draw, born)
        return Beneficiary(
            person=person,
            service=_service(draw, ServiceKind.OFFICER, None, enlisted, discharged),
            awards=_draw_awards(draw, enlisted, discharged or end),
            relationships=_draw_family(draw, person, on),
        )

    return build()


def _check_levels(levels: Iterable[int]) -> tuple[int, ...]:
    try:
        chosen = tuple(levels)
    except TypeError:
        raise InvalidValueError(
            "levels", levels, "须为整数序列 / must be an iterable of ints 1–10"
        ) from None
    bad = [v for v in chosen if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 10]
    if bad or not chosen:
        raise InvalidValueError(
            "levels",
            levels,
            "须为一级至十级中的至少一个等级 / must hold at least one level, each an int 1–10",
        )
    return tuple(sorted(set(chosen)))


def disabled_veterans(
    cause: DisabilityCause | None = None,
    levels: Iterable[int] = range(1, 11),
    *,
    on: dt.date | None = None,
) -> st.SearchStrategy[Beneficiary]:
    """Disabled veterans (残疾军人): discharged, with an approved disability.

    The disability is assessed during or after the service and approved on or after the
    assessment (within a year). 因病 disabilities go only to conscripts and junior NCOs, as
    《军人抚恤优待条例》(2024) 第25条第3款 requires; 集中供养 only at levels 1–4. They are alive.

    Args:
        cause: the disability cause, or ``None`` to draw one.
        levels: the levels to draw from (1 the most severe).
        on: the evaluation date. When given, discharge, assessment and approval are all on or
            before it, so ``Engine.evaluate(b, on)`` sees an approved disability.

    Returns:
        A strategy of :class:`Beneficiary` with a closed service record and a disability.
    """
    _check_member(cause, DisabilityCause, "cause")
    pool = _check_levels(levels)
    _check_on(on)

    @st.composite
    def build(draw: st.DrawFn) -> Beneficiary:
        why = cause if cause is not None else draw(st.sampled_from(DisabilityCause))
        kinds = _ILLNESS_KINDS if why is DisabilityCause.ILLNESS else tuple(_SERVICE_YEARS)
        kind, grade = draw(st.sampled_from(kinds))
        born, enlisted = _draw_recruit(draw, _EARLIEST_ENLISTMENT, on or _LATEST_ENLISTMENT)
        fewest, most = _SERVICE_YEARS[(kind, grade)]
        cap = on if on is not None else LATEST_DATE
        discharged = draw(
            _dates(
                min(birthday(enlisted, fewest), cap),
                min(birthday(enlisted, max(most, 1)), cap),
            )
        )
        assessed = draw(_dates(enlisted, min(birthday(discharged, 30), cap)))
        approved = draw(_dates(assessed, min(assessed + dt.timedelta(days=365), cap)))
        level = draw(st.sampled_from(pool))
        cares = tuple(CareArrangement) if level <= 4 else (CareArrangement.DISPERSED,)
        disability = Disability(
            level=level,
            cause=why,
            assessed_on=assessed,
            approved_on=approved,
            # a mental disorder contracted in service is rare; keep it in view, not dominant
            mental_disorder=draw(st.sampled_from((False, False, False, True))),
            care=draw(st.sampled_from(cares)),
        )
        person = _draw_person(draw, born)
        return Beneficiary(
            person=person,
            service=_service(draw, kind, grade, enlisted, discharged),
            awards=_draw_awards(draw, enlisted, discharged),
            disability=disability,
            relationships=_draw_family(draw, person, on),
        )

    return build()


def rural_veterans_over(age: int = 60, *, on: dt.date) -> st.SearchStrategy[Beneficiary]:
    """Veterans with a rural household registration, at least ``age`` on ``on``.

    Args:
        age: the minimum age in full years (周岁) on ``on``.
        on: the evaluation date (required: an age needs a date); the service ended by then.

    Returns:
        A strategy of :class:`Beneficiary` with ``Residence.RURAL`` and a closed service record,
        born between ``on`` minus 105 years and the latest date making them ``age``.

    Raises:
        InvalidValueError: ``age`` is not an int from 0, or nobody born on or after
            :data:`EARLIEST_BIRTH` can be that old on ``on``.
    """
    _check_on(on)
    if on is None:  # the type says required; a None from untyped code gets a clear error
        raise InvalidValueError("on", on, "须给出评估日期 / an evaluation date is required")
    if isinstance(age, bool) or not isinstance(age, int) or age < 0:
        raise InvalidValueError("age", age, "须为非负整数 / must be an int ≥ 0")
    # A veteran enlisted at 18 at least, so every veteran is over any younger age.
    latest = _years_before(on, max(age, _ENLISTMENT_AGE))
    earliest = max(EARLIEST_BIRTH, _years_before(on, _OLDEST) + _ONE_DAY)
    if latest < earliest:
        raise InvalidValueError(
            "age",
            age,
            f"在 {on} 满此年龄者须生于 {latest} 之前，早于 {earliest} / anyone this old on {on} "
            f"was born by {latest}, before {earliest}",
        )

    @st.composite
    def build(draw: st.DrawFn) -> Beneficiary:
        born = draw(_dates(earliest, latest))
        kind, grade = draw(_kinds())
        enlisted = draw(
            _dates(
                birthday(born, _ENLISTMENT_AGE),
                min(on, birthday(born, _RECRUIT_MAX_AGE + 1) - _ONE_DAY),
            )
        )
        fewest, most = _SERVICE_YEARS[(kind, grade)]
        discharged = draw(
            _dates(min(birthday(enlisted, fewest), on), min(birthday(enlisted, max(most, 1)), on))
        )
        person = _draw_person(draw, born, residence=Residence.RURAL)
        return Beneficiary(
            person=person,
            service=_service(draw, kind, grade, enlisted, discharged),
            awards=_draw_awards(draw, enlisted, discharged),
            relationships=_draw_family(draw, person, on),
        )

    return build()


def _draw_survivor_facts(
    draw: st.DrawFn, relation: Relation, born: dt.date, on: dt.date | None
) -> dict[str, bool]:
    """Survivor facts that fit the relation and (with ``on``) the survivor's age."""
    years = None
    if on is not None:
        years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    minor = years is not None and years < 18
    has_income = False if minor else draw(st.booleans())
    remarried = relation is Relation.SPOUSE and draw(st.booleans())
    schooling = relation in (Relation.CHILD, Relation.SIBLING) and (
        years is None or 6 <= years <= 25
    )
    return {
        "able_to_work": False if minor else draw(st.booleans()),
        "has_income": has_income,
        # no income is below any average; otherwise either
        "income_below_local_average": True if not has_income else draw(st.booleans()),
        "in_school": schooling and draw(st.booleans()),
        "remarried": remarried,
        "supports_member_parents": remarried and draw(st.booleans()),
        "supported_by_member": draw(st.booleans()),
    }


def martyr_survivors(
    relation: Relation | None = None, *, on: dt.date | None = None
) -> st.SearchStrategy[Beneficiary]:
    """Survivors of a martyr (烈士遗属): a living person linked to a member by one relationship.

    The relationship names the survivor as ``relative`` and the martyr as ``member``, with a
    relation of parent, spouse, child or sibling and every survivor fact filled in (no
    ``None``): minors neither work nor have income, only children and siblings of school age
    are in school, only spouses remarry, and only remarried spouses are asked whether they
    still support the member's parents. Births fit the relation to the martyr's birth date
    (read from the martyr's id number).

    Limitation: the martyr's own record (service, death as 烈士, date of death) is not part of
    this :class:`Beneficiary`, which holds one person; the martyr appears only as an id number
    (whose birth date is consistent with the relation). Rules that need the member's facts must
    get them from elsewhere: the row :func:`shuangyong.engine.flatten` makes of a survivor has
    neither service fields nor the relationship, so a caller evaluating survivor rules adds
    them (for flat rows to verify rules with, see :mod:`shuangyong.testing.populations`).

    Args:
        relation: the survivor's relation to the martyr, or ``None`` to draw one.
        on: the evaluation date. When given, the survivor was born by then, the martyr was
            at least 18 by then, and the survivor's age decides the facts above.

    Returns:
        A strategy of :class:`Beneficiary` with no service, disability or death, and exactly
        one relationship, in which ``relative`` is the person.
    """
    _check_member(relation, Relation, "relation")
    _check_on(on)
    member_first = birthday(EARLIEST_BIRTH, 20)

    @st.composite
    def build(draw: st.DrawFn) -> Beneficiary:
        rel = relation if relation is not None else draw(st.sampled_from(Relation))
        last = _years_before(on, _ENLISTMENT_AGE) if on is not None else _LATEST_BIRTH
        member_born = draw(_dates(member_first, last))
        member_sex = draw(st.sampled_from(Sex))
        born = _draw_relative_birth(draw, rel, member_born, on)
        sex = _other(member_sex) if rel is Relation.SPOUSE else None
        person = _draw_person(draw, born, sex=sex)
        member = draw(
            id_numbers(birth_date=member_born, sex=member_sex).filter(
                lambda i: i != person.id_number
            )
        )
        link = Relationship(
            relative=person.id_number,
            member=member,
            relation=rel,
            **_draw_survivor_facts(draw, rel, born, on),
        )
        return Beneficiary(person=person, relationships=(link,))

    return build()


def beneficiaries_of_every_kind(on: dt.date | None = None) -> st.SearchStrategy[Beneficiary]:
    """Any of the kinds above: serving conscripts and NCOs, officers, disabled veterans,
    martyr survivors and rural veterans over 60.

    Args:
        on: the evaluation date passed to every kind. Without it, the rural veterans are over
            60 on a date drawn from 2000–2030 (an age needs a date) and the other kinds have no
            date constraint. Before 1980 nobody born in the generated window
            (:data:`EARLIEST_BIRTH` on) is 60 yet, so the rural kind is left out.

    Returns:
        A strategy of :class:`Beneficiary`, each valid for ``on`` when given.
    """
    _check_on(on)
    kinds = [
        serving_conscripts(on=on),
        serving_ncos(on=on),
        officers(on=on),
        disabled_veterans(on=on),
        martyr_survivors(on=on),
    ]
    if on is None:
        kinds.append(
            _dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)).flatmap(
                lambda d: rural_veterans_over(on=d)
            )
        )
    elif on >= birthday(EARLIEST_BIRTH, 60):
        kinds.append(rural_veterans_over(on=on))
    return st.one_of(kinds)


def all_type_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """The strategy for each domain type, as registered with hypothesis."""
    return {
        IdNumber: id_numbers(),
        DivisionCode: division_codes(),
        Division: divisions(),
        Person: persons(),
        ServiceRecord: service_records(),
        Award: awards(),
        Disability: disabilities(),
        Death: deaths(),
        Relationship: relationships(),
        Beneficiary: beneficiaries(),
        Yuan: yuans(),
        RoundingPolicy: rounding_policies(),
        Month: months(),
        Period: periods(),
    }
