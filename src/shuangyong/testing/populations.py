"""Beneficiary rows for rule verification and synthetic populations for batch tests.

:func:`rows` is a hypothesis strategy of whole, consistent beneficiary rows (the flat form rules
read, see :data:`shuangyong.policy.schema.FIELDS`), biased toward the people benefit rules are
about (disabled veterans) so that invariants are exercised on eligible cases, not only on
refusals. :func:`recent_rows` draws members in one of the :data:`SITUATIONS` as of a given date
(a conscript in service, a soldier just discharged and placed by one of the routes of the 安置
条例), the people that family allowances and placement rules are about and that :func:`rows`,
spread over a century, almost never produces. :func:`population` makes a columnar synthetic
population with numpy, fast enough for a million rows, for batch tests, benchmarks and the demo.
All are synthetic by construction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from hypothesis import strategies as st

__all__ = [
    "DEFAULT_DIVISIONS",
    "SITUATIONS",
    "population",
    "recent_rows",
    "rows",
    "survivor_rows",
]

DEFAULT_DIVISIONS: tuple[str, ...] = (
    "411003",
    "411002",
    "411024",
    "411081",
    "410102",
    "110101",
    "440106",
)
"""Counties used by default: 建安区, 魏都区, 鄢陵县, 禹州市, 中原区, 东城区, 天河区."""

_EARLIEST = dt.date(1930, 1, 1)


@st.composite
def rows(
    draw: st.DrawFn,
    divisions: Sequence[str] = DEFAULT_DIVISIONS,
    latest: dt.date = dt.date(2026, 12, 31),
) -> dict[str, Any]:
    """A consistent beneficiary row: dates in order, grades with causes, NCO grades for NCOs."""
    birth = draw(st.dates(_EARLIEST, dt.date(2002, 12, 31)))
    enlisted = birth + dt.timedelta(days=draw(st.integers(18 * 366, 26 * 365)))
    enlisted = min(enlisted, latest)
    kind = draw(st.sampled_from(["conscript", "conscript", "nco", "officer"]))
    served = draw(st.integers(30, 20 * 365))
    discharged = enlisted + dt.timedelta(days=served) if draw(st.integers(0, 9)) < 7 else None
    disabled = draw(st.integers(0, 9)) < 8
    level = draw(st.integers(1, 10)) if disabled else 0
    cause = draw(st.sampled_from(["combat", "duty", "illness"])) if disabled else None
    assessed = enlisted + dt.timedelta(days=draw(st.integers(0, served)))
    approved = assessed + dt.timedelta(days=draw(st.integers(0, 400)))
    died = None
    if draw(st.integers(0, 9)) == 0:
        died = draw(st.dates(max(enlisted, dt.date(2015, 1, 1)), max(enlisted, latest)))
        if discharged is not None and discharged > died:
            discharged = died
        # the records refuse an assessment after death (approval may still follow it)
        assessed = min(assessed, died)
    return {
        "birth_date": birth,
        "household_division": draw(st.sampled_from(list(divisions))),
        "residence": draw(st.sampled_from(["urban", "rural"])),
        "sex": draw(st.sampled_from(["male", "female"])),
        "service_kind": kind,
        "nco_grade": draw(st.sampled_from(["junior", "intermediate", "senior"]))
        if kind == "nco"
        else None,
        "enlisted_on": enlisted,
        "discharged_on": discharged,
        "disability_level": level,
        "disability_cause": cause,
        "disability_assessed_on": assessed if disabled else None,
        "disability_approved_on": approved if disabled else None,
        "mental_disorder": draw(st.booleans()) if disabled else False,
        "care_arrangement": draw(st.sampled_from(["dispersed", "dispersed", "centralized"]))
        if disabled
        else None,
        "died_on": died,
        # death payments: category, wage and honours (posthumous ones included)
        "death_category": draw(st.sampled_from(["martyr", "duty", "illness"]))
        if died is not None
        else None,
        "monthly_basic_wage": str(draw(st.integers(2000, 20000))) if draw(st.booleans()) else None,
        "award_kinds": draw(st.lists(st.sampled_from(_AWARDS), max_size=2, unique=True)),
        "old_wound_recurrence": died is not None and draw(st.booleans()),
        # the 第62条 living-subsidy groups and other facts rules read
        "combat_veteran": draw(st.integers(0, 4)) == 0,
        "test_veteran": draw(st.integers(0, 9)) == 0,
        "discharged_with_illness": draw(st.integers(0, 9)) == 0,
        "placement_route": draw(
            st.sampled_from(
                [None, "self_employment", "assigned_job", "state_support", "retirement"]
            )
        )
        if discharged is not None
        else None,
        "suspended_from": None,
        "suspended_to": None,
        # placement: where enlistment was approved, and when the veteran reported
        "enlistment_division": draw(st.sampled_from(list(divisions))),
        "reported_on": discharged + dt.timedelta(days=draw(st.integers(0, 90)))
        if discharged is not None and draw(st.booleans())
        else None,
        "reporting_delay_justified": discharged is not None and draw(st.integers(0, 9)) == 0,
    }


_AWARDS = [
    "medal",
    "national_title",
    "central_title",
    "war_merit_1",
    "war_merit_2",
    "war_merit_3",
    "war_merit_4",
    "merit_1",
    "merit_2",
    "merit_3",
    "commendation_1",
    "commendation_2",
]

SITUATIONS: tuple[str, ...] = (
    "serving_conscript",
    "self_employment",
    "assigned_job",
    "state_support",
    "retirement",
)
"""What :func:`recent_rows` draws, as of its date: a conscript in service (enlisted up to three
years before), or a conscript or NCO discharged shortly before and placed by 自主就业, 安排工作,
国家供养 or 退休, with facts that give that route a ground."""

# honours that ground 安排工作 under both the 2011 and the 2024 regulation (2011 第29条,
# 2024 第25条): 勋章, 荣誉称号, 三等战功以上, 二等功以上
_JOB_HONOURS = [
    "medal",
    "national_title",
    "central_title",
    "war_merit_1",
    "war_merit_2",
    "war_merit_3",
    "merit_1",
    "merit_2",
]
_YEAR = 365
_SOLDIERS = [
    ("conscript", None),
    ("conscript", None),
    ("nco", "junior"),
    ("nco", "intermediate"),
    ("nco", "senior"),
]
_NCO_YEARS = {"junior": (2, 8), "intermediate": (6, 16), "senior": (12, 30)}


def _days(draw: st.DrawFn, low_years: float, high_years: float) -> int:
    return draw(st.integers(int(low_years * _YEAR), int(high_years * _YEAR)))


def _one_in(draw: st.DrawFn, n: int) -> bool:
    """True one time in ``n``; shrinks to False."""
    return draw(st.integers(1, n)) == n


@st.composite
def recent_rows(
    draw: st.DrawFn,
    on: dt.date,
    situation: str,
    divisions: Sequence[str] = DEFAULT_DIVISIONS,
) -> dict[str, Any]:
    """A member in ``situation`` (one of :data:`SITUATIONS`) as of ``on``.

    Consistent like :func:`rows` (dates in order, grades with causes, NCO grades for NCOs) and,
    as of ``on``, nothing happens after it: a discharge, report or death is on or before ``on``.
    A discharged member left the service from the day itself up to about four years before
    (usually within four months, when one-off payments fall due), so a discharge now and then
    falls under the previous regulation. The situation fixes the placement route and one
    ground for it (a qualifying honour, 12 years as an NCO, …); everything else varies, so the
    rules' other conditions still fail now and then: a report may be late or missing, a
    conscript may have left the service early, a self-employed veteran may be an NCO of any
    grade, with or without a disability. Rare facts (a death, a serious illness) shrink away.
    """
    if situation not in SITUATIONS:
        raise ValueError(f"unknown situation {situation!r}; known: {', '.join(SITUATIONS)}")
    kind, grade = draw(st.sampled_from(_SOLDIERS))
    awards: list[str] = draw(st.lists(st.sampled_from(_AWARDS), max_size=2, unique=True))
    disabled = _one_in(draw, 3)
    level = draw(st.integers(1, 10)) if disabled else 0
    cause = draw(st.sampled_from(["combat", "duty", "illness"])) if disabled else None
    served: int | None = None
    martyr_child = _one_in(draw, 20)
    serious_illness = _one_in(draw, 20)
    route = None if situation == "serving_conscript" else situation
    if situation == "assigned_job":
        ground = draw(st.sampled_from(["nco_12_years", "honour", "combat_5_8", "martyr_child"]))
        if ground == "nco_12_years":
            kind, grade = "nco", draw(st.sampled_from(["intermediate", "senior"]))
            served = _days(draw, 12.1, 20)
        elif ground == "honour":
            awards = sorted({draw(st.sampled_from(_JOB_HONOURS)), *awards[:1]})
        elif ground == "combat_5_8":
            disabled, level, cause = True, draw(st.integers(5, 8)), "combat"
        else:
            martyr_child = True
    elif situation == "state_support":
        disabled, level = True, draw(st.integers(1, 4))
        kind, grade = draw(
            st.sampled_from(
                [("conscript", None), ("conscript", None), ("nco", "junior"), ("nco", "senior")]
            )
        )
        causes = ["combat", "duty"] if grade == "senior" else ["combat", "duty", "illness"]
        cause = draw(st.sampled_from(causes))
    elif situation == "retirement":
        kind, grade = "nco", draw(st.sampled_from(["intermediate", "senior"]))
        ground = draw(st.sampled_from(["30_years", "disabled", "illness"]))
        if ground == "30_years":  # at 55 years of age, too, now and then
            served = _days(draw, 30.1, 37)
        elif ground == "disabled":
            disabled, level = True, draw(st.integers(1, 6))
            cause = draw(st.sampled_from(["combat", "duty"]))
        else:
            serious_illness = True
    if situation == "serving_conscript":
        kind, grade = "conscript", None
        enlisted = on - dt.timedelta(days=_days(draw, 0, 3))
        discharged = None
        if _one_in(draw, 5):  # left early
            discharged = enlisted + dt.timedelta(days=draw(st.integers(0, (on - enlisted).days)))
    else:
        discharged = on - dt.timedelta(
            days=_days(draw, 0, 4) if _one_in(draw, 5) else draw(st.integers(0, 120))
        )
        if served is None:
            served = (
                draw(st.integers(30, 2 * _YEAR + 60))
                if kind == "conscript"
                else _days(draw, *_NCO_YEARS[str(grade)])
            )
        enlisted = discharged - dt.timedelta(days=served)
    birth = enlisted - dt.timedelta(days=draw(st.integers(18 * 366, 26 * 365)))
    end = discharged or on
    assessed = enlisted + dt.timedelta(days=draw(st.integers(0, (end - enlisted).days)))
    approved = assessed + dt.timedelta(days=draw(st.integers(0, 400)))
    reported = None
    if discharged is not None and not _one_in(draw, 10):
        # in time (30 days), late within the 30 days' grace, or more than 60 days after
        late = draw(st.sampled_from([(0, 30), (0, 30), (0, 30), (31, 60), (61, 150)]))
        reported = discharged + dt.timedelta(days=draw(st.integers(*late)))
        if reported > on:
            reported = None  # not reported yet
    placed = None
    if reported is not None and situation == "assigned_job" and _one_in(draw, 3):
        # taken up the post (the awaiting allowance stops): before, in or after the month of on
        placed = reported + dt.timedelta(days=draw(st.integers(0, 120)))
        if placed > on:
            placed = None
    died = None
    if discharged is not None and _one_in(draw, 20):
        died = discharged + dt.timedelta(days=draw(st.integers(0, (on - discharged).days)))
    return {
        "birth_date": birth,
        "household_division": draw(st.sampled_from(list(divisions))),
        "residence": draw(st.sampled_from(["urban", "rural"])),
        "sex": draw(st.sampled_from(["male", "female"])),
        "service_kind": kind,
        "nco_grade": grade,
        "enlisted_on": enlisted,
        "discharged_on": discharged,
        "disability_level": level,
        "disability_cause": cause,
        "disability_assessed_on": assessed if disabled else None,
        "disability_approved_on": approved if disabled else None,
        "mental_disorder": draw(st.booleans()) if disabled else False,
        "care_arrangement": draw(st.sampled_from(["dispersed", "dispersed", "centralized"]))
        if disabled
        else None,
        "died_on": died,
        "death_category": draw(st.sampled_from(["martyr", "duty", "illness"])) if died else None,
        "award_kinds": awards,
        "martyr_child": martyr_child,
        "serious_illness": serious_illness,
        "placement_route": route,
        "reported_on": reported,
        "placed_on": placed,
        "reporting_delay_justified": _one_in(draw, 10),
        "enlistment_division": draw(st.sampled_from(list(divisions))),
        "student_enlistee": _one_in(draw, 5),
        "hardship_posting": _one_in(draw, 5),
    }


@st.composite
def survivor_rows(
    draw: st.DrawFn,
    divisions: Sequence[str] = DEFAULT_DIVISIONS,
) -> dict[str, Any]:
    """A relative (遗属、军属) of a servicemember: relation, member status and survivor facts.

    The person's own service fields describe no service of theirs (a civilian relative), so
    the member's facts are carried by ``member_status`` and ``member_died_on``.
    """
    birth = draw(st.dates(_EARLIEST, dt.date(2024, 12, 31)))
    status = draw(
        st.sampled_from(["martyr", "died_on_duty", "died_of_illness", "serving", "veteran"])
    )
    member_died = (
        draw(st.dates(max(birth, dt.date(2000, 1, 1)), dt.date(2026, 6, 30)))
        if status not in ("serving", "veteran")
        else None
    )
    confirmed = (
        member_died + dt.timedelta(days=draw(st.integers(0, 400)))
        if member_died is not None and draw(st.booleans())
        else None
    )
    return {
        "birth_date": birth,
        "household_division": draw(st.sampled_from(list(divisions))),
        "residence": draw(st.sampled_from(["urban", "rural"])),
        "sex": draw(st.sampled_from(["male", "female"])),
        # a relative has no service of their own: rules about members see a civilian
        "service_kind": "conscript",
        "enlisted_on": birth,
        "relation": draw(st.sampled_from(["parent", "spouse", "child", "sibling"])),
        "member_status": status,
        # the member's own disability grade (一级至四级残疾军人的子女, 第43条第2款)
        "member_disability_level": draw(st.integers(0, 10)) if draw(st.booleans()) else 0,
        "member_died_on": member_died,
        "eligibility_confirmed_on": confirmed,
        "unable_to_work": draw(st.booleans()),
        "no_income": draw(st.booleans()),
        "income_below_local_average": draw(st.booleans()),
        "in_school": draw(st.booleans()),
        "supported_by_member": draw(st.booleans()),
        "remarried": draw(st.integers(0, 4)) == 0,
        "supports_member_dependants": draw(st.booleans()),
        "martyr_child": draw(st.integers(0, 4)) == 0,
        "has_employer": draw(st.booleans()),
    }


def population(
    n: int,
    *,
    seed: int = 0,
    divisions: Sequence[str] = DEFAULT_DIVISIONS,
    on: dt.date = dt.date(2025, 3, 1),
) -> dict[str, npt.NDArray[Any]]:
    """A synthetic columnar population of ``n`` rows (deterministic for a seed).

    Enum columns hold codes (see :func:`shuangyong.policy.columns.enum_codes`), dates are
    datetime64[D] and divisions int64, the fastest input form for ``evaluate_batch``.
    """
    rng = np.random.default_rng(seed)
    day0 = np.datetime64(on, "D")
    age_days = rng.integers(20 * 365, 90 * 365, n)
    birth = day0 - age_days
    enlisted = birth + rng.integers(18 * 366, 24 * 365, n)
    served = rng.integers(60, 16 * 365, n)
    discharged = enlisted + served
    serving = (discharged > day0) | (rng.random(n) < 0.1)
    discharged = np.where(serving, np.datetime64("NaT", "D"), discharged)
    kind = rng.choice(
        np.array([1, 1, 2, 3], dtype=np.int8), n
    )  # conscript, conscript, nco, officer
    grade = np.where(kind == 2, rng.integers(1, 4, n), 0).astype(np.int8)
    disabled = rng.random(n) < 0.85
    level = np.where(disabled, rng.integers(1, 11, n), 0)
    cause = np.where(disabled, rng.integers(1, 4, n), 0).astype(np.int8)
    assessed = enlisted + (served * rng.random(n)).astype(np.int64)
    approved = assessed + rng.integers(0, 400, n)
    nat = np.datetime64("NaT", "D")
    codes = np.array([int(d) for d in divisions], dtype=np.int64)
    return {
        "household_division": codes[rng.integers(0, len(codes), n)],
        "service_kind": kind,
        "nco_grade": grade,
        "birth_date": birth,
        "enlisted_on": enlisted,
        "discharged_on": discharged,
        "disability_level": level,
        "disability_cause": cause,
        "disability_assessed_on": np.where(disabled, assessed, nat),
        "disability_approved_on": np.where(disabled, approved, nat),
        "mental_disorder": disabled & (rng.random(n) < 0.05),
        "care_arrangement": np.where(
            disabled, rng.choice(np.array([1, 1, 1, 2], np.int8), n), 0
        ).astype(np.int8),
        "died_on": np.full(n, nat),
    }
