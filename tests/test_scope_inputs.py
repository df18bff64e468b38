"""A district's version of a rule that reads a field the national version does not.

The test plugin ``tests/scope_plugins/henan_rural_top_up.py`` gives 河南省 (410000) its own
残疾抚恤金 (《军人抚恤优待条例》2024 第31条): the national amount plus a rural top-up, so it
also reads ``residence``. Input without ``residence`` is then judged row by row, by the
version that applies to each row's household division: a row elsewhere is paid the national
version (it never needed the field); a row in 河南省 is undetermined, naming the field. Before,
the fields of every version were asked of every row: a 武汉 veteran was undetermined for want
of a fact only 河南's version reads.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from shuangyong import Engine
from shuangyong.errors import BatchInputError

sys.path.insert(0, str(Path(__file__).parent / "scope_plugins"))

import henan_rural_top_up  # a test plugin module, found on the path above
from test_scope import WUHAN, ZHENGZHOU, veteran

ON = dt.date(2025, 3, 1)
RULE = "disability_pension"
MISSING = "缺少输入字段：residence"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create(entry_points=False, plugins=[henan_rural_top_up])


@pytest.fixture(scope="module")
def national() -> Engine:
    return Engine.create(entry_points=False)


def _without_plugins(result: Any) -> dict[str, Any]:
    return {k: v for k, v in result.to_dict().items() if k != "plugins"}


def _notes(result: Any) -> list[str]:
    return list(result.to_dict()["notes"])


@pytest.mark.parametrize("named", [False, True])
def test_per_case_a_row_elsewhere_never_needs_the_districts_field(
    engine: Engine, national: Engine, named: bool
) -> None:
    rules = [RULE] if named else None
    got = engine.evaluate(veteran(WUHAN), ON, rules)[RULE]
    want = national.evaluate(veteran(WUHAN), ON, rules)[RULE]
    assert got.status.value == "eligible"
    # the same result as without the plugin (which the result lists among the plugins)
    assert _without_plugins(got) == _without_plugins(want)


@pytest.mark.parametrize("named", [False, True])
def test_per_case_a_row_in_the_district_lacking_it_is_undetermined(
    engine: Engine, named: bool
) -> None:
    got = engine.evaluate(veteran(ZHENGZHOU), ON, [RULE] if named else None)[RULE]
    assert got.status.value == "undetermined"
    assert any(n.startswith(MISSING) for n in _notes(got))
    assert got.amount is None
    # the district's version is the one that said so
    assert got.to_dict()["override"] is not None


def test_per_case_with_the_field_the_district_pays_its_version(
    engine: Engine, national: Engine
) -> None:
    here = engine.evaluate(veteran(ZHENGZHOU, residence="rural"), ON)[RULE]
    there = national.evaluate(veteran(ZHENGZHOU, residence="rural"), ON)[RULE]
    assert here.status.value == there.status.value == "eligible"
    assert here.amount.fen == there.amount.fen + henan_rural_top_up.TOP_UP_FEN


@pytest.mark.parametrize("named", [False, True])
def test_batch_and_many_judge_each_row_by_its_version(engine: Engine, named: bool) -> None:
    """A table of both provinces without a ``residence`` column: every path agrees with
    per case, row by row."""
    rows = [veteran(WUHAN), veteran(ZHENGZHOU), veteran(WUHAN, disability_level=2)]
    table = {f: np.array([r[f] for r in rows], dtype=object) for f in rows[0]}
    rules = [RULE] if named else None
    alone = [engine.evaluate(r, ON, rules)[RULE] for r in rows]
    assert [a.status.value for a in alone] == ["eligible", "undetermined", "eligible"]
    batch = engine.evaluate_batch(table, ON, rules)[RULE]
    assert batch.status.tolist() == [1, 2, 1]
    assert batch.amount_fen.tolist() == [a.amount.fen if a.amount else 0 for a in alone]
    many = engine.evaluate_many(rows, ON, rules)
    assert [m[RULE].to_dict() for m in many] == [a.to_dict() for a in alone]
    months = engine.evaluate_batch_months(table, "2025-03-01", "2025-03-31", rules)[RULE]
    by_row = dict(zip(months.row.tolist(), months.status.tolist(), strict=True))
    assert by_row == {0: 1, 1: 2, 2: 1}
    # the same rows handed over date by date (as a case store does), the table only dates
    dated = {"household_division"} | {
        f
        for rid in engine.rule_ids()
        for reg in engine.rule_variants(rid)
        if reg.rule.payment is not None
        for f in reg.rule.payment.fields()
    }
    via = engine.evaluate_batch_months(
        {f: c for f, c in table.items() if f in dated},
        "2025-03-01",
        "2025-03-31",
        rules,
        rows_at=lambda on, idx: {f: c[idx] for f, c in table.items()},
    )[RULE]
    assert dict(zip(via.row.tolist(), via.status.tolist(), strict=True)) == by_row
    for row, a in zip(rows, alone, strict=True):
        sched = engine.schedule(row, "2025-03-01", "2025-03-31", rules)
        (line,) = [ln for ln in sched.lines if ln.rule_id == RULE]
        assert line.result.status == a.status


def test_the_national_version_asked_for_still_needs_its_own_fields(engine: Engine) -> None:
    """Only a district's extra fields are judged per row: a rule asked for by name whose base
    version lacks a field is the error it always was."""
    row = veteran(WUHAN)
    del row["service_kind"]
    with pytest.raises(BatchInputError, match="service_kind"):
        engine.evaluate(row, ON, [RULE])


# -- a district's local rule: rows elsewhere are not covered, whatever they lack ----------------
JIANAN = "411003"  # 许昌市建安区, inside the local rule's divisions


def test_a_local_rule_lacking_a_field_still_says_where_it_applies() -> None:
    """The test plugin ``xuchang_nco_minus`` adds a local rule of 许昌市 (411000) that reads
    ``service_kind``. Without that field, a row elsewhere is ineligible, not covered (its
    first condition, ``in_jurisdiction``, fails on the recorded division, shown as guidance),
    exactly as with the field given; a row of 许昌市 is undetermined, naming the field. Before,
    every row was undetermined, so a 武汉 caseworker saw a pending 许昌 rule."""
    import xuchang_nco_minus

    engine = Engine.create(entry_points=False, plugins=[xuchang_nco_minus])
    rid = xuchang_nco_minus.NCO_ALLOWANCE.id
    rows = [veteran(WUHAN), veteran(JIANAN), veteran(ZHENGZHOU)]
    for r in rows:
        del r["service_kind"]
    alone = [engine.evaluate(r, ON)[rid] for r in rows]
    assert [a.status.value for a in alone] == ["ineligible", "undetermined", "ineligible"]
    for a in (alone[0], alone[2]):
        first = a.to_dict()["conditions"][0]
        assert first["id"] == "in_jurisdiction"
        assert first["outcome"] == "other_date"  # guidance: the rule is not for this person
        assert first["reason"] == "本规则仅适用于户籍地在许昌市的人员"
        # the rule's own condition is open, and the note says for want of what
        assert a.to_dict()["conditions"][1]["outcome"] == "not_checked"
        assert any(n.startswith("缺少输入字段：service_kind") for n in _notes(a))
    # the same first condition and outcome as with the field given
    given = engine.evaluate(veteran(WUHAN), ON)[rid]
    assert given.status.value == "ineligible"
    assert given.to_dict()["conditions"][0] == alone[0].to_dict()["conditions"][0]
    inside = alone[1].to_dict()
    assert inside["conditions"][0]["passed"] is True
    assert any(n.startswith("缺少输入字段：service_kind") for n in _notes(alone[1]))
    # every path agrees with per case
    table = {f: np.array([r[f] for r in rows], dtype=object) for f in rows[0]}
    batch = engine.evaluate_batch(table, ON)[rid]
    assert batch.status.tolist() == [0, 2, 0]
    assert batch.failed_condition().tolist() == ["in_jurisdiction", "nco", "in_jurisdiction"]
    many = engine.evaluate_many(rows, ON)
    assert [m[rid].to_dict() for m in many] == [a.to_dict() for a in alone]
    months = engine.evaluate_batch_months(table, "2025-03-01", "2025-03-31")[rid]
    by_row = dict(zip(months.row.tolist(), months.status.tolist(), strict=True))
    assert by_row == {0: 0, 1: 2, 2: 0}
    # asked for by name, the local rule needs its field, as any rule asked for does
    with pytest.raises(BatchInputError, match="service_kind"):
        engine.evaluate(rows[0], ON, [rid])


def test_a_yearly_benefit_lacking_its_division_is_pending_not_a_crash(national: Engine) -> None:
    """优待金 (``conscript_family_allowance``) is paid at an interval set per jurisdiction of
    ``enlistment_division``. Months of all rules in force on a row without that field (nor
    ``service_kind``) left the rule undetermined and then read the interval for a division
    that was not there: a KeyError out of ``evaluate_batch_months`` and ``schedule``. The rule
    is now pending, one line a year, with the reason, like any rule lacking its inputs."""
    row = veteran(WUHAN)
    del row["service_kind"]
    table = {f: np.array([row[f]], dtype=object) for f in row}
    months = national.evaluate_batch_months(table, "2025-01-01", "2025-12-31")
    allowance = months["conscript_family_allowance"]
    assert len(allowance) == 1
    assert allowance.status.tolist() == [2]
    assert "缺少输入字段" in allowance.reasons[int(allowance.reason[0])]
    sched = national.schedule(row, "2025-01-01", "2025-12-31")
    (line,) = [ln for ln in sched.lines if ln.rule_id == "conscript_family_allowance"]
    assert line.result.status.value == "undetermined"
    assert any(n.startswith("缺少输入字段") for n in _notes(line.result))
