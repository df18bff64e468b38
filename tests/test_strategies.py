"""The public strategies make valid beneficiaries of each kind, consistent for the evaluation date.

Every object is validated when it is built, so these tests check the *promises* on top of
validity: the kind, the dates relative to ``on``, the plausibility rules the docstrings state,
and that the engine accepts the result. The last tests check packaging: ``st.from_type`` works
through the ``hypothesis`` entry point, and importing the library does not import hypothesis.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from shuangyong import Engine
from shuangyong.domain import (
    Beneficiary,
    DisabilityCause,
    NcoGrade,
    PlacementRoute,
    Relation,
    Residence,
    ServiceKind,
    birthday,
)
from shuangyong.engine import flatten
from shuangyong.errors import InvalidValueError
from shuangyong.testing import strategies as sst

D = dt.date
ON = D(2025, 3, 1)
# The national disability rules are in force from this date (2019 edition of the 条例).
RULES_FROM = D(2019, 3, 2)
ROOT = Path(__file__).resolve().parents[1]
ENGINE = Engine.create(entry_points=False)  # immutable: safe to share between examples
OFFICER_ROUTES = (
    PlacementRoute.RETIREMENT,
    PlacementRoute.CIVILIAN_TRANSFER,
    PlacementRoute.MONTHLY_PENSION,
    PlacementRoute.DEMOBILIZATION,
)


def events(b: Beneficiary) -> list[dt.date]:
    """Every date a beneficiary records, including the births in related id numbers."""
    out = [b.person.birth_date, *(a.awarded_on for a in b.awards)]
    if b.service is not None:
        out.append(b.service.enlisted_on)
        if b.service.discharged_on is not None:
            out.append(b.service.discharged_on)
    if b.disability is not None:
        out += [b.disability.assessed_on, b.disability.approved_on]
    if b.death is not None:
        out.append(b.death.died_on)
    for link in b.relationships:
        out += [link.relative.birth_date, link.member.birth_date]
    return out


def rebuilt(b: Beneficiary) -> Beneficiary:
    """Build the beneficiary again, running every validator once more."""
    return attrs.evolve(b)


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def assert_relatives_of_member(b: Beneficiary) -> None:
    me = b.person.id_number
    for link in b.relationships:
        assert link.member == me and link.relative != me
        if link.relation is Relation.PARENT:
            assert link.relative.birth_date <= birthday(b.person.birth_date, -18)


# --- serving members --------------------------------------------------------------------------


@given(sst.serving_conscripts(on=ON))
def test_serving_conscripts_enlisted_within_two_years(b: Beneficiary) -> None:
    s = b.service
    assert s is not None and s.kind is ServiceKind.CONSCRIPT and s.is_open
    assert birthday(ON, -2) < s.enlisted_on <= ON
    assert 18 <= age_on(b.person.birth_date, s.enlisted_on) <= 24
    assert b.disability is None and b.death is None and s.placement_route is None
    assert max(events(b)) <= ON
    assert_relatives_of_member(b)
    assert rebuilt(b) == b


@given(sst.serving_conscripts())
def test_serving_conscripts_without_a_date(b: Beneficiary) -> None:
    assert b.service is not None and b.service.kind is ServiceKind.CONSCRIPT
    assert b.service.is_open
    assert all(a.awarded_on >= b.service.enlisted_on and not a.posthumous for a in b.awards)


@given(st.sampled_from([*NcoGrade, None]), st.data())
def test_serving_ncos(grade: NcoGrade | None, data: st.DataObject) -> None:
    b = data.draw(sst.serving_ncos(grade, on=ON))
    s = b.service
    assert s is not None and s.kind is ServiceKind.NCO and s.is_open
    assert s.nco_grade is not None
    if grade is not None:
        assert s.nco_grade is grade
    served = age_on(s.enlisted_on, ON)
    lo, hi = {NcoGrade.JUNIOR: (2, 8), NcoGrade.INTERMEDIATE: (8, 16), NcoGrade.SENIOR: (16, 30)}[
        s.nco_grade
    ]
    assert lo <= served <= hi
    assert max(events(b)) <= ON
    assert_relatives_of_member(b)


@given(sst.serving_ncos())
def test_serving_ncos_without_a_date(b: Beneficiary) -> None:
    assert b.service is not None and b.service.nco_grade is not None and b.service.is_open


@given(st.sampled_from([True, False, None]), st.data())
def test_officers(serving: bool | None, data: st.DataObject) -> None:
    b = data.draw(sst.officers(on=ON, serving=serving))
    s = b.service
    assert s is not None and s.kind is ServiceKind.OFFICER and s.nco_grade is None
    if serving is not None:
        assert s.is_open is serving
    if s.is_open:
        assert age_on(s.enlisted_on, ON) <= 35
    assert s.placement_route in (None, *OFFICER_ROUTES)
    assert max(events(b)) <= ON


# --- disabled veterans ------------------------------------------------------------------------


@given(sst.disabled_veterans(), st.integers(0, 20 * 366))
def test_disabled_veterans_evaluate_after_approval(b: Beneficiary, later: int) -> None:
    d, s = b.disability, b.service
    assert d is not None and s is not None and s.discharged_on is not None
    assert s.enlisted_on <= d.assessed_on <= d.approved_on
    assert b.death is None
    on = min(d.approved_on + dt.timedelta(days=later), sst.LATEST_DATE)
    row = flatten(b)
    assert row["disability_level"] == d.level and row["discharged_on"] == s.discharged_on
    ENGINE.evaluate(b, on)  # must not raise: the row is complete and valid


@given(sst.disabled_veterans(on=ON))
def test_disabled_veterans_on_a_date_are_paid_where_the_law_says(b: Beneficiary) -> None:
    d = b.disability
    assert d is not None
    assert max(events(b)) <= ON
    result = ENGINE.evaluate(b, ON)["disability_pension"]
    # 因病 7–10 is graded but not paid (2024 第27条第2款); every other case is approved by ON.
    payable = d.cause is not DisabilityCause.ILLNESS or d.level <= 6
    assert result.eligible is payable, result.explain()
    if payable:
        assert result.amount is not None and result.amount.fen > 0


@given(sst.disabled_veterans(cause=DisabilityCause.ILLNESS, levels=[5, 9], on=ON))
def test_illness_only_for_conscripts_and_junior_ncos(b: Beneficiary) -> None:
    d, s = b.disability, b.service
    assert d is not None and s is not None
    assert d.cause is DisabilityCause.ILLNESS and d.level in (5, 9)
    # 《军人抚恤优待条例》(2024) 第25条第3款
    assert s.kind is ServiceKind.CONSCRIPT or s.nco_grade is NcoGrade.JUNIOR
    assert ENGINE.evaluate(b, ON)["disability_pension"].eligible is (d.level == 5)


@given(sst.disabled_veterans(levels=range(5, 11)))
def test_centralised_care_only_for_levels_one_to_four(b: Beneficiary) -> None:
    assert b.disability is not None and b.disability.level >= 5
    assert b.disability.care.value == "dispersed"


# --- survivors and rural veterans -------------------------------------------------------------


@given(sst.martyr_survivors(on=ON))
def test_martyr_survivors(b: Beneficiary) -> None:
    assert b.service is None and b.disability is None and b.death is None
    (link,) = b.relationships
    me, member = b.person.id_number, link.member
    assert link.relative == me and member != me
    facts = attrs.asdict(link, recurse=False)
    assert None not in facts.values()
    born, member_born = b.person.birth_date, member.birth_date
    assert born <= ON and age_on(member_born, ON) >= 18
    if link.relation is Relation.PARENT:
        assert age_on(born, member_born) >= 18
    elif link.relation is Relation.CHILD:
        assert age_on(member_born, born) >= 18
    elif link.relation is Relation.SPOUSE:
        assert b.person.sex is not member.sex and age_on(born, ON) >= 20
    if age_on(born, ON) < 18:
        assert link.able_to_work is False and link.has_income is False
    if link.relation is not Relation.SPOUSE:
        assert link.remarried is False
    if not link.remarried:
        assert link.supports_member_parents is False
    if link.relation in (Relation.PARENT, Relation.SPOUSE):
        assert link.in_school is False
    if not link.has_income:
        assert link.income_below_local_average is True


@pytest.mark.parametrize("relation", list(Relation), ids=str)
def test_martyr_survivors_of_one_relation(relation: Relation) -> None:
    @settings(max_examples=10)
    @given(sst.martyr_survivors(relation))
    def check(b: Beneficiary) -> None:
        assert b.relationships[0].relation is relation

    check()


@pytest.mark.parametrize(
    ("age", "on"), [(60, ON), (80, ON), (0, D(1990, 6, 30)), (60, D(2080, 2, 29))]
)
def test_rural_veterans_over(age: int, on: dt.date) -> None:
    @settings(max_examples=20)
    @given(sst.rural_veterans_over(age, on=on))
    def check(b: Beneficiary) -> None:
        assert b.person.residence is Residence.RURAL
        assert birthday(b.person.birth_date, age) <= on
        s = b.service
        assert s is not None and s.discharged_on is not None and s.discharged_on <= on
        assert max(events(b)) <= on

    check()


# --- the mixture ------------------------------------------------------------------------------


@given(sst.beneficiaries_of_every_kind(on=ON))
def test_every_kind_is_consistent_for_the_date(b: Beneficiary) -> None:
    assert max(events(b)) <= ON
    assert rebuilt(b) == b
    if b.service is not None:
        ENGINE.evaluate(b, ON)


@given(sst.beneficiaries_of_every_kind())
def test_every_kind_without_a_date(b: Beneficiary) -> None:
    assert rebuilt(b) == b


@pytest.mark.parametrize("on", [sst.EARLIEST_EVALUATION, D(1979, 12, 31), sst.LATEST_DATE])
def test_every_kind_at_the_edges_of_the_window(on: dt.date) -> None:
    # Before 1980 nobody generated is 60 yet: the mixture leaves the rural kind out.
    @settings(max_examples=15)
    @given(sst.beneficiaries_of_every_kind(on=on))
    def check(b: Beneficiary) -> None:
        assert max(events(b)) <= on

    check()


KINDS: dict[str, Any] = {
    "conscript": lambda b: (
        b.service is not None and b.service.is_open and b.service.kind is ServiceKind.CONSCRIPT
    ),
    "nco": lambda b: (
        b.service is not None and b.service.is_open and b.service.kind is ServiceKind.NCO
    ),
    "officer": lambda b: b.service is not None and b.service.kind is ServiceKind.OFFICER,
    "disabled": lambda b: b.disability is not None,
    "survivor": lambda b: b.service is None,
    "rural": lambda b: (
        b.person.residence is Residence.RURAL
        and b.disability is None
        and b.service is not None
        and not b.service.is_open
        and birthday(b.person.birth_date, 60) <= ON
    ),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_reaches_each_kind(kind: str) -> None:
    # No shrinking: the first example of the kind is enough, and shrinking one is slow.
    quick = settings(database=None, phases=(Phase.generate,), max_examples=500)
    find(sst.beneficiaries_of_every_kind(on=ON), KINDS[kind], settings=quick)


# --- bad arguments ----------------------------------------------------------------------------


# Some arguments have the wrong type on purpose (what untyped callers pass): the type: ignore
# comments mark them.
@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: sst.disabled_veterans(levels=[0, 3]), "levels"),
        (lambda: sst.disabled_veterans(levels=[]), "levels"),
        (lambda: sst.disabled_veterans(levels=[True]), "levels"),
        (lambda: sst.disabled_veterans(levels=7), "levels"),  # type: ignore[arg-type]
        (lambda: sst.disabled_veterans(cause="combat"), "cause"),  # type: ignore[arg-type]
        (lambda: sst.serving_ncos("junior"), "grade"),  # type: ignore[arg-type]
        (lambda: sst.martyr_survivors("spouse"), "relation"),  # type: ignore[arg-type]
        (lambda: sst.serving_conscripts(on=dt.datetime(2025, 1, 1)), "on"),
        (lambda: sst.serving_conscripts(on=D(1959, 12, 31)), "on"),
        (lambda: sst.officers(on=D(2081, 1, 1)), "on"),
        (lambda: sst.officers(serving=1), "serving"),  # type: ignore[arg-type]
        (lambda: sst.rural_veterans_over(True, on=ON), "age"),
        (lambda: sst.rural_veterans_over(-1, on=ON), "age"),
        (lambda: sst.rural_veterans_over(110, on=ON), "age"),
        (lambda: sst.rural_veterans_over(on=None), "on"),  # type: ignore[arg-type]
    ],
)
def test_bad_arguments_fail_when_the_strategy_is_built(make: Any, field: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        make()
    assert info.value.field == field


# --- packaging --------------------------------------------------------------------------------

FROM_TYPE = textwrap.dedent(
    """
    import sys
    from hypothesis import given, settings, strategies as st
    from shuangyong.domain import Beneficiary, Person

    @settings(max_examples=15, database=None)
    @given(st.from_type(Person), st.from_type(Beneficiary))
    def check(p, b):
        assert isinstance(p, Person) and p.birth_date == p.id_number.birth_date
        assert isinstance(b, Beneficiary)

    check()
    print("ok")
    """
)


def run_python(code: str, cwd: Path, pythonpath: list[Path]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "HYPOTHESIS_NO_PLUGINS")}
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in pythonpath)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def _installed() -> bool:
    return any(
        ep.value == "shuangyong.testing._hypothesis_setup:_register"
        for ep in importlib.metadata.entry_points(group="hypothesis")
    )


def declared_entry_point(tmp_path: Path) -> list[Path]:
    """A PYTHONPATH on which the entry point declared in pyproject.toml is active, installed or
    not: distribution metadata holding it, next to the sources."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = project["project"]["entry-points"]["hypothesis"]
    info = tmp_path / "shuangyong_entry_point_probe-0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: shuangyong-entry-point-probe\nVersion: 0\n",
        encoding="utf-8",
    )
    lines = "".join(f"{k} = {v}\n" for k, v in declared.items())
    (info / "entry_points.txt").write_text(f"[hypothesis]\n{lines}", encoding="utf-8")
    return [tmp_path, ROOT / "src"]


@pytest.mark.skipif(not _installed(), reason="shuangyong is not installed (no entry point)")
def test_from_type_works_through_the_installed_entry_point(tmp_path: Path) -> None:
    # A fresh interpreter that never calls _register itself: only the entry point can.
    done = run_python(FROM_TYPE, tmp_path, [])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_from_type_works_through_the_declared_entry_point(tmp_path: Path) -> None:
    done = run_python(FROM_TYPE, tmp_path, declared_entry_point(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_strategies_can_be_imported_before_hypothesis(tmp_path: Path) -> None:
    # What a user's test module does first: import the strategies, not hypothesis.
    code = "from shuangyong.testing import strategies as sst\nprint(sst.persons())"
    done = run_python(code, tmp_path, declared_entry_point(tmp_path))
    assert done.returncode == 0, done.stderr


def test_importing_the_library_does_not_import_hypothesis(tmp_path: Path) -> None:
    code = textwrap.dedent(
        """
        import sys
        import shuangyong, shuangyong.domain, shuangyong.engine
        from shuangyong import Engine
        Engine.create(entry_points=False)
        loaded = sorted(m for m in sys.modules if m.split(".")[0] == "hypothesis")
        print(loaded)
        """
    )
    done = run_python(code, tmp_path, [ROOT / "src"])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
