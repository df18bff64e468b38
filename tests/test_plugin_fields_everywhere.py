"""A field a plugin adds (``register_fields``) is a field on every path (issue 11 §2).

The county plugin of ``test_plugin_fields`` adds ``local_hardship_grade`` (本地困难等级（县评定）,
an int 0–3, default 0; an illustrative county fact, like its 困难补助 rule and figure). Here it
is saved and loaded by the store (memory and a real SQLite file, reopened), checked on write
as the engine checks it, read by a payment run, imported from a CSV by its Chinese label or its
name, set with ``shuangyong store record``, drawn by ``verify`` (an invariant over it is
searched, not a KeyError) and read from a case file.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from test_plugin_fields import GRADE, GRANT, RULE, _cli, _plugin

from shuangyong import Engine
from shuangyong.authoring import MonotoneIn, NonNegative, where
from shuangyong.errors import InvalidValueError
from shuangyong.intake import ImportFileError, import_file
from shuangyong.ledger import Ledger
from shuangyong.storage import Fact, open_store
from shuangyong.storage.sqlite import SqliteStore
from shuangyong.testing.cases import CaseFileError, load_cases, run_case
from shuangyong.testing.verify import verify

PID = "110101199001010015"
ON = dt.date(2025, 3, 1)
VET = {
    "name": "张三",
    "household_division": "110101",
    "birth_date": "1990-01-01",
    "sex": "male",
    "residence": "urban",
    "service_kind": "conscript",
    "enlisted_on": "2008-09-01",
    "discharged_on": "2010-09-01",
    "disability_level": 5,
    "disability_cause": "combat",
    "disability_assessed_on": "2010-05-01",
    "disability_approved_on": "2010-06-01",
    "care_arrangement": "dispersed",
}


@pytest.fixture(scope="module")
def plugin() -> Any:
    return _plugin("testcounty", GRADE, rules=(GRANT,))


@pytest.fixture(scope="module")
def engine(plugin: Any) -> Engine:
    return Engine.create(entry_points=False, plugins=[plugin])


def _open(url: str, plugin: Any | None) -> Any:
    return open_store(url, entry_points=False, plugins=[plugin] if plugin else [])


# -- the store ----------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["memory", "sqlite"])
def test_a_plugin_field_is_saved_and_loaded(backend: str, plugin: Any, tmp_path: Path) -> None:
    url = "memory://" if backend == "memory" else f"sqlite:///{tmp_path}/fields.db"
    store = _open(url, plugin)
    assert store.fields["local_hardship_grade"] == GRADE
    store.add_facts([Fact(PID, dt.date(2010, 6, 1), {**VET, "local_hardship_grade": 3})], actor="x")
    store.add_facts([Fact(PID, dt.date(2024, 1, 1), {"local_hardship_grade": 2})], actor="x")
    if backend == "sqlite":  # a real file: closed, reopened, read back
        store.close()
        store = _open(url, plugin)
    assert store.row_on(PID, dt.date(2023, 12, 31))["local_hardship_grade"] == 3
    assert store.row_on(PID, ON)["local_hardship_grade"] == 2
    assert [r["local_hardship_grade"] for r in store.rows_on(ON)] == [2]
    store.close()


@pytest.mark.parametrize("backend", ["memory", "sqlite"])
def test_a_bad_plugin_value_is_refused_naming_field_value_and_reason(
    backend: str, plugin: Any, tmp_path: Path
) -> None:
    url = "memory://" if backend == "memory" else f"sqlite:///{tmp_path}/bad.db"
    with _open(url, plugin) as store:
        for bad, why in ((9, "3"), ("3", "整数"), (True, "整数")):
            fact = Fact(PID, dt.date(2010, 6, 1), {**VET, "local_hardship_grade": bad})
            with pytest.raises(InvalidValueError) as info:
                store.add_facts([fact], actor="x")
            assert info.value.field == "local_hardship_grade"
            assert info.value.value == bad and why in info.value.reason
        assert store.facts(PID) == []


def test_a_store_without_the_plugin_refuses_its_field(tmp_path: Path) -> None:
    with _open(f"sqlite:///{tmp_path}/national.db", None) as store:
        fact = Fact(PID, dt.date(2010, 6, 1), {**VET, "local_hardship_grade": 3})
        with pytest.raises(InvalidValueError) as info:
            store.add_facts([fact], actor="x")
        assert info.value.field == "local_hardship_grade"
        assert "unknown field" in info.value.reason


def test_a_store_built_directly_takes_the_engines_fields(engine: Engine, tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "direct.db", fields=engine.fields)
    store.add_facts([Fact(PID, dt.date(2010, 6, 1), {**VET, "local_hardship_grade": 1})], actor="x")
    store.close()
    again = SqliteStore(tmp_path / "direct.db", fields=engine.fields)
    assert again.row_on(PID, ON)["local_hardship_grade"] == 1
    again.close()


# -- the ledger ---------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["memory", "sqlite"])
def test_a_payment_run_reads_the_plugin_field(
    backend: str, plugin: Any, engine: Engine, tmp_path: Path
) -> None:
    """The county's 困难补助 (300.00元 at grade 3, 150.00元 at grade 2, test figures): the run
    reads the grade from the stored facts, and a change of grade changes the month it
    applies from."""
    url = "memory://" if backend == "memory" else f"sqlite:///{tmp_path}/ledger.db"
    with _open(url, plugin) as store:
        store.add_facts(
            [Fact(PID, dt.date(2010, 6, 1), {**VET, "local_hardship_grade": 3})], actor="x"
        )
        store.add_facts([Fact(PID, dt.date(2025, 2, 1), {"local_hardship_grade": 2})], actor="x")
        report = Ledger(engine, store, actor="经办人").run([RULE], "2025-01", "2025-03", "110101")
        assert report.problems == () and report.written == 3
        paid = {str(x.period_first): x.amount_fen for x in store.lines(rule_id=RULE)}
        assert paid == {"2025-01": 30000, "2025-02": 15000, "2025-03": 15000}


# -- intake -------------------------------------------------------------------------------------

_CSV = (
    "身份证号,姓名,户籍地,出生日期,性别,城乡户籍,人员类别,入伍日期,退役日期,残疾等级,残疾性质,"
    "残疾评定日期,残疾批准日期,{header}\n"
    "{pid},张三,110101,1990-01-01,男,城镇,义务兵,2008-09-01,2010-09-01,5,因战,2010-05-01,"
    "2010-06-01,{value}\n"
)


@pytest.mark.parametrize("header", ["本地困难等级（县评定）", "local_hardship_grade"])
def test_an_import_reads_the_plugin_field_by_label_or_name(
    header: str, plugin: Any, tmp_path: Path
) -> None:
    f = tmp_path / "people.csv"
    f.write_text(_CSV.format(header=header, pid=PID, value="3"), encoding="utf-8")
    with _open("memory://", plugin) as store:
        report = import_file(store, f, actor="x", effective_from=dt.date(2010, 6, 1))
        assert report.ok, report.summary()
        assert store.row_on(PID, ON)["local_hardship_grade"] == 3


def test_an_import_checks_the_plugin_field(plugin: Any, tmp_path: Path) -> None:
    f = tmp_path / "people.csv"
    f.write_text(_CSV.format(header="本地困难等级（县评定）", pid=PID, value="7"), encoding="utf-8")
    with _open("memory://", plugin) as store:
        report = import_file(store, f, dry_run=True, effective_from=dt.date(2010, 6, 1))
        assert not report.ok
        (problem,) = report.problems
        assert problem.field == "local_hardship_grade" and problem.value == "7"
        assert "0..3" in problem.reason
    # a store without the plugin does not know the column
    with (
        _open("memory://", None) as store,
        pytest.raises(ImportFileError, match="本地困难等级（县评定）"),
    ):
        import_file(store, f, dry_run=True, effective_from=dt.date(2010, 6, 1))


# -- verify -------------------------------------------------------------------------------------


def _with(*properties: Any, amount: Any = None) -> Any:
    rule = attrs.evolve(GRANT, properties=properties)
    if amount is not None:
        rule = attrs.evolve(rule, amount=amount)
    return _plugin("testcounty_v", GRADE, rules=(rule,))


def test_verify_searches_an_invariant_over_a_plugin_field() -> None:
    """MonotoneIn over the plugin's field was a KeyError: now generated rows carry the field
    (within its bounds) and the comparison row changes it."""
    eng = Engine.create(entry_points=False, plugins=[_with(MonotoneIn("local_hardship_grade"))])
    report = verify(eng, [RULE], max_examples=30)
    assert report.ok, report.render()
    mono = next(r for r in report.results if r.invariant == "MonotoneIn(local_hardship_grade)")
    assert mono.examples > 0 and mono.error is None
    (counts,) = report.versions
    assert counts.exercised  # grades 2 and 3 were drawn: some examples were paid


def test_verify_catches_a_rule_that_pays_less_for_more_hardship() -> None:
    def upside_down(c: Any) -> Any:
        full = c.param("testcounty.hardship_grant.amount")
        return where(c["local_hardship_grade"] == 3, full // 2, full)

    eng = Engine.create(
        entry_points=False,
        plugins=[_with(NonNegative(), MonotoneIn("local_hardship_grade"), amount=upside_down)],
    )
    # few general rows are graded and of grade 2 with 3 to compare: 200 examples find one
    report = verify(eng, [RULE], max_examples=200)
    failed = {r.invariant: r for r in report.failures}
    assert set(failed) == {"MonotoneIn(local_hardship_grade)"}
    cx = failed["MonotoneIn(local_hardship_grade)"].counterexample
    assert cx is not None and "lowered the amount" in cx.message
    assert "local_hardship_grade" in cx.case_file
    # the counterexample replays on an engine with the plugin
    f = Path(os.environ.get("TMPDIR", "/tmp")) / f"cx_{os.getpid()}.toml"
    f.write_text(cx.case_file, encoding="utf-8")
    try:
        (case,) = load_cases(f)
        assert not run_case(case, eng).passed
    finally:
        f.unlink()


# -- case files -----------------------------------------------------------------------------------

CASE = """
[[case]]
name = "县评定困难等级三级：困难补助 300.00 元（测试数字）"
date = 2025-03-01
division = "110101"
citation = "《军人抚恤优待条例》(2024) 第31条第2款"
[case.inputs]
disability_level = 2
disability_cause = "combat"
{field} = 3
[case.expected."testcounty.hardship_grant"]
eligible = true
amount = "300.00"
"""


def test_a_case_file_gives_a_plugin_field(engine: Engine, tmp_path: Path) -> None:
    f = tmp_path / "county.toml"
    f.write_text(CASE.format(field="local_hardship_grade"), encoding="utf-8")
    (case,) = load_cases(f)
    outcome = run_case(case, engine)
    assert outcome.passed, outcome.mismatches
    # a misspelt field is still refused, naming file and key (when the case runs, where the
    # engine's fields are known)
    f.write_text(CASE.format(field="local_hardship_grad"), encoding="utf-8")
    (case,) = load_cases(f)
    with pytest.raises(CaseFileError) as info:
        run_case(case, engine)
    assert info.value.key.endswith("inputs.local_hardship_grad")
    assert "unknown field" in str(info.value)


# -- the command line ---------------------------------------------------------------------------


def _record(tmp_path: Path, url: str, since: str, grade: str) -> Any:
    """``shuangyong store record`` of a grade (the county plugin loaded with ``--plugin``)."""
    return _cli(
        tmp_path, "store", "record", url, PID, "--from", since, "--kind", "reassessment",
        "--set", f"local_hardship_grade={grade}", "--actor", "x",
    )  # fmt: skip


def test_cli_import_and_record_take_the_plugin_field(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/cli.db"
    assert _cli(tmp_path, "store", "init", url).returncode == 0
    f = tmp_path / "people.csv"
    f.write_text(_CSV.format(header="本地困难等级（县评定）", pid=PID, value="2"), encoding="utf-8")
    out = _cli(
        tmp_path, "store", "import", url, str(f), "--actor", "x", "--effective-from", "2010-06-01"
    )
    assert out.returncode == 0, out.stdout + out.stderr
    rec = _record(tmp_path, url, "2025-01-01", "3")
    assert rec.returncode == 0, rec.stdout + rec.stderr
    assert "本地困难等级（县评定）：3" in rec.stdout  # the label, for a person
    bad = _record(tmp_path, url, "2025-02-01", "8")
    assert bad.returncode != 0 and "local_hardship_grade" in bad.stderr and "8" in bad.stderr
    store = SqliteStore(
        tmp_path / "cli.db",
        fields=Engine.create(entry_points=False, plugins=[_plugin("c", GRADE)]).fields,
    )
    assert store.row_on(PID, dt.date(2024, 12, 31))["local_hardship_grade"] == 2
    assert store.row_on(PID, ON)["local_hardship_grade"] == 3
    store.close()


def test_amounts_of_the_case_file_are_the_rules(engine: Engine) -> None:
    r = engine.evaluate(
        {
            "household_division": "110101",
            "disability_level": 2,
            "disability_cause": "combat",
            "local_hardship_grade": 2,
        },
        on=ON,
    )[RULE]
    assert Decimal(r.amount.amount) == Decimal("150.00")
