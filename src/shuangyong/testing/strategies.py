"""Hypothesis strategies for every domain type, producing only valid, consistent data.

Id numbers carry correct check digits and agree with the person's birth date and sex; division
codes come from the shipped catalog; enlistment is at or after 18; discharge follows enlistment;
a disability is assessed during or after service; death follows birth and enlistment; awards
fall inside the service or are posthumous. Dates stay inside a fixed window (no clock reads), so
the same seed always gives the same data.

Example::

    from hypothesis import given
    from shuangyong.testing import strategies as sst

    @given(sst.beneficiaries())
    def test_round_trip(b): ...
"""

from __future__ import annotations

import datetime as dt
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

__all__ = [
    "EARLIEST_BIRTH",
    "LATEST_DATE",
    "awards",
    "beneficiaries",
    "deaths",
    "disabilities",
    "division_codes",
    "divisions",
    "id_numbers",
    "months",
    "periods",
    "persons",
    "relationships",
    "rounding_policies",
    "service_records",
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


@st.composite
def division_codes(
    draw: st.DrawFn,
    catalog: DivisionCatalog | None = None,
    level: DivisionLevel = DivisionLevel.COUNTY,
    prefix: str = "",
) -> DivisionCode:
    """Codes of ``level`` known to ``catalog`` (default: the shipped one), optionally under a
    ``prefix`` such as ``"41"`` for 河南省."""
    pool = tuple(
        d.code
        for d in _catalog(catalog)
        if d.level is level and d.code.code.startswith(prefix)
    )
    if not pool:
        raise ValueError(f"no {level.value} divisions under {prefix!r} in the catalog")
    return draw(st.sampled_from(pool))


@st.composite
def divisions(draw: st.DrawFn, catalog: DivisionCatalog | None = None) -> Division:
    """Division records from ``catalog`` (default: the shipped one)."""
    cat = _catalog(catalog)
    code = draw(st.sampled_from(tuple(d.code for d in cat)))
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


def yuans(
    min_fen: int = -10**12, max_fen: int = 10**12
) -> st.SearchStrategy[Yuan]:
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
