"""The verification toolkit: invariants, verify(), counterexample case files, case-file errors."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
import time
import types
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangyong import Citation, Condition, Engine, PaymentPeriod, Rule, RuleKind, hookimpl
from shuangyong.errors import RuleDefinitionError
from shuangyong.policy.context import Context
from shuangyong.testing.cases import CaseFileError, load_cases, run_case
from shuangyong.testing.invariants import MonotoneIn, NonNegative
from shuangyong.testing.populations import SITUATIONS, recent_rows
from shuangyong.testing.verify import (
    _LATEST,
    _draw_all,
    _examples,
    _one,
    _Pilot,
    _situations,
    verify,
)

pytest_plugins = ["pytester"]

CITE = Citation("测试文件", "第1条")
EXAMPLES = int(os.environ.get("SHUANGYONG_VERIFY_EXAMPLES", "25"))
SRC = str(Path(__file__).resolve().parents[1] / "src")


def _bad_rule(rule_id: str, amount, properties=()):  # type: ignore[no-untyped-def]
    def disabled(c: Context):  # type: ignore[no-untyped-def]
        return c["disability_level"] > 0

    return Rule(
        id=rule_id,
        label="故意写错的规则",
        kind=RuleKind.BENEFIT,
        version="2020-01-01",
        effective_from=dt.date(2020, 1, 1),
        citations=(CITE,),
        reads=("disability_level",),
        conditions=(
            Condition("disabled", "有残疾等级", disabled, reason_failed="无", citation=CITE),
        ),
        amount=amount,
        period=PaymentPeriod.MONTH,
        properties=tuple(properties),
    )


def _plugin(*rules: Rule) -> types.ModuleType:
    mod = types.ModuleType("wrong_rules")

    @hookimpl
    def register_rules(registry):  # type: ignore[no-untyped-def]
        registry.add(*rules)

    mod.register_rules = register_rules  # type: ignore[attr-defined]
    return mod


def _reproduces(text: str, tmp_path: Path, engine: Engine) -> bool:
    """Does the written counterexample case file fail when run (i.e. reproduce the bug)?"""
    f = tmp_path / "cx.toml"
    f.write_text(text, encoding="utf-8")
    return not all(run_case(c, engine).passed for c in load_cases(f))


def test_national_rules_pass_verify() -> None:
    engine = Engine.create(entry_points=False)
    report = verify(engine, max_examples=EXAMPLES)
    assert report.ok, report.render()
    # every rule version is checked, with the declared invariants and the engine's own
    checked = {(r.rule_id, r.version, r.invariant) for r in report.results}
    assert ("disability_pension", "2024-10-01", "MonotoneIn(disability_level)") in checked
    assert ("nursing_allowance", "2019-03-02", "BatchEqualsPerCase") in checked
    assert report.examples >= EXAMPLES * len(report.results) // 2


# -- rows for rules that general rows seldom get past (placement) ---------------------------------
_ENGINE = Engine.create(entry_points=False)


@given(st.sampled_from(SITUATIONS), st.dates(dt.date(2011, 11, 1), _LATEST), st.data())
def test_recent_rows_are_consistent_as_of_their_date(
    situation: str, on: dt.date, data: st.DataObject
) -> None:
    row: dict[str, Any] = data.draw(recent_rows(on, situation))
    _ENGINE.evaluate(row, on)  # accepted: dates in order, grades with causes, NCO grades for NCOs
    assert (row["nco_grade"] is not None) == (row["service_kind"] == "nco")
    assert (row["disability_level"] > 0) == (row["disability_cause"] is not None)
    end = row["discharged_on"] or on
    assert row["birth_date"] < row["enlisted_on"] <= end <= on
    if row["disability_assessed_on"] is not None:
        assert row["enlisted_on"] <= row["disability_assessed_on"] <= end
    for later in ("reported_on", "placed_on", "died_on"):
        assert row[later] is None or row["discharged_on"] <= row[later] <= on
    if situation == "serving_conscript":
        assert row["service_kind"] == "conscript" and row["placement_route"] is None
    else:
        assert row["service_kind"] != "officer" and row["placement_route"] == situation
        assert row["discharged_on"] is not None


# rule (2024 regulation), the situation that reaches it, statuses that count as reaching it
_PLACEMENT = [
    ("retirement_lump_sum", "self_employment", {"eligible"}),
    ("assigned_job", "assigned_job", {"eligible"}),
    ("state_support", "state_support", {"eligible"}),
    ("nco_retirement", "retirement", {"eligible"}),
    ("local_settlement_subsidy", "self_employment", {"eligible", "undetermined"}),
    ("awaiting_placement_allowance", "assigned_job", {"eligible", "undetermined"}),
    ("conscript_family_allowance", "serving_conscript", {"eligible", "undetermined"}),
]


def test_verify_reaches_placement_rules_past_their_conditions() -> None:
    # general rows almost never combine a discharge under the regulation in force on the date,
    # the route and a timely report; verify adds rows in the situations that do
    pilot = _Pilot(None)
    for rule_id, situation, reached in _PLACEMENT:
        rule = _ENGINE.rule(rule_id, dt.date(2025, 3, 1)).rule
        start, end = rule.effective_from, _LATEST
        situations = _situations(_ENGINE, rule_id, start, end, pilot)
        assert situation in situations, (rule_id, situations)
        examples = _draw_all(_examples(NonNegative(), start, end, situations), 80, None)
        statuses = [_one(_ENGINE, rule_id, row, on).status.value for row, on, _ in examples]
        share = sum(s in reached for s in statuses) / len(statuses)
        # general rows alone reach these rules in about 0 of 300 draws; the situations in
        # 10–45 % (a margin: the share moves whenever the row generators draw differently)
        assert share >= 0.08, (rule_id, share)
    # a rule that general rows reach keeps its examples
    rule = _ENGINE.rule("disability_pension", dt.date(2025, 3, 1)).rule
    assert _situations(_ENGINE, "disability_pension", rule.effective_from, _LATEST, pilot) == ()


def test_negative_amount_is_caught_and_reproduced(tmp_path: Path) -> None:
    rule = _bad_rule("wrong.negative", lambda c: (c["disability_level"] - 5) * 100, [NonNegative()])
    engine = Engine.create(entry_points=False, plugins=[_plugin(rule)])
    report = verify(engine, ["wrong.negative"], max_examples=50)
    bad = [r for r in report.results if not r.ok]
    assert [r.invariant for r in bad] == ["NonNegative"]
    cx = bad[0].counterexample
    assert cx is not None and "negative" in cx.message
    assert 1 <= cx.inputs["disability_level"] <= 4  # shrunk to a level that pays below zero
    assert _reproduces(cx.case_file, tmp_path, engine)
    assert "FAILED" in report.render() and "[[case]]" in report.render()


def test_non_monotone_amount_is_caught(tmp_path: Path) -> None:
    # pays MORE for a milder grade: violates "a more severe grade never pays less"
    rule = _bad_rule(
        "wrong.monotone",
        lambda c: c["disability_level"] * 10000,
        [MonotoneIn("disability_level", more_is="less")],
    )
    engine = Engine.create(entry_points=False, plugins=[_plugin(rule)])
    report = verify(engine, ["wrong.monotone"], max_examples=100)
    bad = {r.invariant: r for r in report.results if not r.ok}
    assert "MonotoneIn(disability_level)" in bad
    cx = bad["MonotoneIn(disability_level)"].counterexample
    assert cx is not None and "lowered" in cx.message
    assert _reproduces(cx.case_file, tmp_path, engine)


def test_rule_reading_the_clock_is_caught() -> None:
    # a rule must never read the clock; this one does, so two evaluations disagree
    rule = _bad_rule(
        "wrong.clock", lambda c: c["disability_level"] * 0 + time.perf_counter_ns() % 997
    )
    engine = Engine.create(entry_points=False, plugins=[_plugin(rule)])
    report = verify(engine, ["wrong.clock"], max_examples=30)
    failed = {r.invariant for r in report.results if not r.ok}
    assert {"Deterministic", "BatchEqualsPerCase"} & failed


def test_invariant_over_a_field_the_rule_does_not_read_is_a_load_error() -> None:
    rule = _bad_rule(
        "wrong.decl", lambda c: c["disability_level"] * 0, [MonotoneIn("disability_cause")]
    )
    with pytest.raises(RuleDefinitionError, match="does not read"):
        Engine.create(entry_points=False, plugins=[_plugin(rule)])


# -- case files ----------------------------------------------------------------------------------
GOOD = """
plugins = []
[[case]]
name = "一级因战，2025年3月"
date = 2025-03-01
division = "110101"
citation = "《军人抚恤优待条例》(2024) 第27条、第31条"
note = "116,270 ÷ 12 = 9,689.1666… → 9,689.17"
[case.inputs]
service_kind = "conscript"
disability_level = 1
disability_cause = "combat"
disability_approved_on = 2010-06-01
[case.expected.disability_pension]
amount = "9689.17"
eligible = true
"""


def test_a_case_file_runs(tmp_path: Path) -> None:
    f = tmp_path / "ok.toml"
    f.write_text(GOOD, encoding="utf-8")
    [case] = load_cases(f)
    out = run_case(case)
    assert out.passed, out.mismatches
    wrong = GOOD.replace('"9689.17"', '"9689.18"')
    f.write_text(wrong, encoding="utf-8")
    out = run_case(load_cases(f)[0])
    assert not out.passed
    assert "expected '9689.18', got '9689.17'" in str(out.mismatches[0])
    assert "残疾抚恤金" in out.explanation


@pytest.mark.parametrize(
    ("change", "key", "reason"),
    [
        (("name =", "nmae ="), "case[0].nmae", "unknown key"),
        (
            ('amount = "9689.17"', "amount = 9689.17"),
            "expected.disability_pension.amount",
            "never floats",
        ),
        (
            ("[case.expected.disability_pension]", "[case.expected.no_such_rule]"),
            "expected.no_such_rule",
            "unknown rule id",
        ),
        (
            ('division = "110101"', 'division = "119999"'),
            "inputs.household_division",
            "unknown division",
        ),
        (("date = 2025-03-01", "date = 2010-03-01"), "date", "no version in force"),
        (
            ("disability_level = 1", "disability_levle = 1"),
            "inputs.disability_levle",
            "unknown field",
        ),
        (("date = 2025-03-01", 'date = "2025-03-01"'), "date", "TOML date"),
        (("[[case]]", "[[case]\n"), "(toml)", "line"),
    ],
)
def test_bad_case_files_name_file_key_and_reason(
    tmp_path: Path, change: tuple[str, str], key: str, reason: str
) -> None:
    f = tmp_path / "bad.toml"
    f.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(CaseFileError) as info:
        for c in load_cases(f):
            run_case(c)
    err = info.value
    assert err.source == str(f)
    assert key in err.key
    assert reason in str(err)


def test_pytest_plugin_collects_case_files(pytester: pytest.Pytester) -> None:
    import importlib.metadata

    if not any(ep.name == "shuangyong" for ep in importlib.metadata.entry_points(group="pytest11")):
        pytest.skip("shuangyong is not installed, so its pytest11 entry point is not registered")
    pytester.makefile(".toml", **{"tests/cases/national/good": GOOD})
    pytester.makefile(".toml", **{"tests/cases/national/bad": GOOD.replace('"9689.17"', '"1.00"')})
    res = pytester.runpytest("-p", "no:cacheprovider")
    res.assert_outcomes(passed=1, failed=1)
    res.stdout.fnmatch_lines(["*disability_pension.amount: expected '1.00', got '9689.17'*"])
    res.stdout.fnmatch_lines(["*政策依据*"])


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {
        **os.environ,
        "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "SHUANGYONG_LOAD_PLUGINS": "",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "shuangyong", *args],
        capture_output=True,
        text=True,
        env=full,
        timeout=300,
    )


def test_cli_verify_and_cases(tmp_path: Path) -> None:
    ok = _cli("verify", "--rules", "disability_pension", "--max-examples", "5")
    assert ok.returncode == 0, ok.stderr
    assert "0 failed" in ok.stdout
    (tmp_path / "wrongplug.py").write_text(
        textwrap.dedent("""
        import datetime as dt
        from shuangyong import Citation, Condition, PaymentPeriod, Rule, RuleKind, hookimpl
        from shuangyong.testing.invariants import NonNegative
        C = Citation("测试", "第1条")
        RULE = Rule(id="wrong.negative", label="错", kind=RuleKind.BENEFIT, version="1",
                    effective_from=dt.date(2020, 1, 1), citations=(C,),
                    reads=("disability_level",),
                    conditions=(Condition("d", "d", lambda c: c["disability_level"] > 0,
                                          reason_failed="无", citation=C),),
                    amount=lambda c: c["disability_level"] * -100, period=PaymentPeriod.MONTH,
                    properties=(NonNegative(),))
        @hookimpl
        def register_rules(registry):
            registry.add(RULE)
    """),
        encoding="utf-8",
    )
    bad = _cli(
        "--plugin",
        "wrongplug",
        "verify",
        "--rules",
        "wrong.negative",
        "--max-examples",
        "20",
        "--write-cases",
        str(tmp_path / "cx"),
        env={"PYTHONPATH": SRC + os.pathsep + str(tmp_path)},
    )
    assert bad.returncode == 1, bad.stderr
    assert "NonNegative" in bad.stdout and "[[case]]" in bad.stdout
    assert list((tmp_path / "cx").glob("*.toml"))
    f = tmp_path / "good.toml"
    f.write_text(GOOD, encoding="utf-8")
    ran = _cli("cases", "run", str(f))
    assert ran.returncode == 0 and "1 passed, 0 failed, 0 refused" in ran.stdout
    f.write_text(GOOD.replace('"9689.17"', '"1.00"'), encoding="utf-8")
    ran = _cli("cases", "run", str(f))
    assert ran.returncode == 1 and "FAIL" in ran.stdout
    f.write_text(GOOD.replace("name =", "nmae ="), encoding="utf-8")
    ran = _cli("cases", "run", str(f))
    assert ran.returncode == 2 and "nmae" in ran.stderr and "Traceback" not in ran.stderr
    assert "0 passed, 0 failed, 1 refused" in ran.stdout
