"""The payment ledger (issue 9 §3) on memory:// and real SQLite files.

Amounts are computed by hand from the library's disability pension table A (2023-08-01,
provenance ``example``; src/shuangyong/national/data/disability.toml), 《军人抚恤优待条例》
(2024) 第27条第2款 (paid monthly: the yearly standard ÷ 12, rounded to the fen — the library's
``example`` rounding) and 第31条:

* 五级因战 59,100 ÷ 12 = 4,925.00
* 十级因公 10,850 ÷ 12 = 904.1666… → 904.17
* 五级因病 47,110 ÷ 12 = 3,925.8333… → 3,925.83
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from shuangyong import Engine, Yuan
from shuangyong.domain.periods import Month
from shuangyong.errors import InvalidValueError
from shuangyong.ledger import (
    CorrectionError,
    Ledger,
    LineStateError,
    NegativeArrearsError,
    PeriodNotCoveredError,
)
from shuangyong.storage import (
    Fact,
    FactKind,
    LedgerStateError,
    LineKind,
    LineStatus,
    PaidUpTo,
    RunKind,
    Store,
    open_store,
)

COUNTY = "411003"  # 许昌市建安区
TOWN_A = "411003100"
TOWN_B = "411003101"
OTHER = "411002"  # 许昌市魏都区

FIVE_COMBAT = 492_500
TEN_DUTY = 90_417
FIVE_ILLNESS = 392_583

VET: dict[str, Any] = {
    "name": "张三",
    "township_division": TOWN_A,
    "birth_date": "1990-01-01",
    "household_division": COUNTY,
    "service_kind": "nco",
    "nco_grade": "junior",
    "care_arrangement": "dispersed",
    "enlisted_on": "2008-09-01",
    "discharged_on": "2014-09-01",
    "disability_level": 5,
    "disability_cause": "combat",
    "disability_assessed_on": "2014-05-01",
    "disability_approved_on": "2014-06-01",
}
REGISTERED = dt.date(2014, 6, 1)
P1, P2, P3 = "411003199001010011", "411003199001010022", "411002199001010033"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create(entry_points=False)


def pg_server() -> str:
    """``SHUANGYONG_TEST_PG_URL`` (``tools/pg-start.sh`` prints one), or skip; under
    ``CI=true`` a missing server fails (as in plugins/shuangyong-sql/tests/conftest.py)."""
    url = os.environ.get("SHUANGYONG_TEST_PG_URL", "").strip()
    if url:
        return url
    reason = "SHUANGYONG_TEST_PG_URL is not set: no PostgreSQL server (tools/pg-start.sh)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"under CI a PostgreSQL server is required: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param != "postgresql":
        url = "memory://" if request.param == "memory" else f"sqlite:///{tmp_path}/ledger.db"
        with open_store(url, entry_points=False) as s:
            yield s
        return
    server = pg_server()
    schema = f"t_{uuid.uuid4().hex[:16]}"
    sep = "&" if "?" in server else "?"
    # a fresh schema per test, dropped afterwards; the backend is the shuangyong-sql plugin
    with open_store(f"{server}{sep}schema={schema}") as s:
        yield s
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def register(store: Store, pid: str, on: dt.date = REGISTERED, **changes: Any) -> None:
    store.add_facts([Fact(pid, on, {**VET, **changes})], actor="登记员")


def two_veterans(store: Store) -> None:
    register(store, P1)
    register(
        store,
        P2,
        disability_level=10,
        disability_cause="duty",
        township_division=TOWN_B,
        name="李四",
    )


def ledger(engine: Engine, store: Store) -> Ledger:
    return Ledger(engine, store, actor="经办人")


# -- runs ---------------------------------------------------------------------------------------


def test_a_run_writes_one_line_per_person_and_month(engine: Engine, store: Store) -> None:
    two_veterans(store)
    report = ledger(engine, store).run(["disability_pension"], "2025-01", "2025-03", COUNTY)
    assert (report.persons, report.lines, report.written) == (2, 6, 6)
    assert report.written_fen == 3 * (FIVE_COMBAT + TEN_DUTY) == 1_748_751
    assert report.amount == Yuan("17487.51") and report.complete
    assert str(report).startswith(f"发放批次 {report.run_id}：本次写入 6 行，17,487.51元")
    lines = store.lines()
    assert {(x.person_id, str(x.period_first), x.amount_fen) for x in lines} == {
        (P1, "2025-01", FIVE_COMBAT),
        (P1, "2025-02", FIVE_COMBAT),
        (P1, "2025-03", FIVE_COMBAT),
        (P2, "2025-01", TEN_DUTY),
        (P2, "2025-02", TEN_DUTY),
        (P2, "2025-03", TEN_DUTY),
    }
    first = lines[0]
    assert (first.kind, first.revision, first.status) == (
        LineKind.REGULAR,
        0,
        LineStatus.CALCULATED,
    )
    assert (first.rule_version, first.evaluated_on, first.due_date) == (
        "2024-10-01",
        dt.date(2025, 1, 1),
        dt.date(2025, 1, 1),
    )
    assert (first.division, first.township) == (COUNTY, TOWN_A)
    rec = store.evaluation(first.explanation_digest)
    exp = rec.explanation
    assert (rec.status, rec.amount_fen, exp["version"], exp["on"]) == (
        "eligible",
        FIVE_COMBAT,
        "2024-10-01",
        "2025-01-01",
    )
    assert all(c["passed"] for c in exp["conditions"])
    std = [p for p in exp["parameters"] if p["path"] == "disability_pension.standard"]
    assert [(p["jurisdiction"], p["effective_from"], p["provenance"]) for p in std] == [
        ("national", "2023-08-01", "example")
    ]
    assert exp["uses_example_figures"] is True
    # the same explanation is stored once: both months' lines of P1 and P2 differ only by date
    assert len({x.explanation_digest for x in lines}) == 6
    assert [e.action for e in store.audit_events(action="run.regular")] == ["run.regular"]
    assert store.audit_events(action="run.regular.report")[0].details["written"] == 6


def test_the_same_run_twice_pays_nothing_more(engine: Engine, store: Store) -> None:
    two_veterans(store)
    led = ledger(engine, store)
    led.run("disability_pension", "2025-01", "2025-02", COUNTY)
    again = led.run("disability_pension", "2025-01", "2025-03", COUNTY)
    assert (again.lines, again.written, again.already) == (6, 2, 4)
    assert again.written_fen == FIVE_COMBAT + TEN_DUTY
    assert len(store.lines()) == 6
    assert len(store.runs()) == 2


def test_a_township_run_covers_only_its_people(engine: Engine, store: Store) -> None:
    two_veterans(store)
    report = ledger(engine, store).run("disability_pension", "2025-01", "2025-01", TOWN_B)
    assert report.persons == 1
    assert [(x.person_id, x.township) for x in store.lines()] == [(P2, TOWN_B)]


def test_undetermined_months_are_listed_never_paid_as_zero_and_paid_later(
    engine: Engine, store: Store
) -> None:
    # an NCO disabled by illness without a recorded grade: 2024 第25条第3款 turns on the grade
    register(store, P1, disability_cause="illness", nco_grade=None)
    led = ledger(engine, store)
    report = led.run("disability_pension", "2025-01", "2025-02", COUNTY)
    assert report.written == 0 and store.lines() == []
    assert not report.complete
    [pending] = report.pending
    assert (pending.person_id, pending.rule_id) == (P1, "disability_pension")
    assert pending.months == (Month(2025, 1), Month(2025, 2))
    assert "nco_grade" in " ".join(pending.reasons) or pending.reasons
    assert "不完整：2 期无法确定" in str(report)
    # text for people names the benefit in Chinese, never by its rule id
    assert "残疾抚恤金" in str(pending) and "disability_pension" not in str(report)
    # the grade is recorded later: the next run writes the months (their keys were free)
    store.add_facts(
        [Fact(P1, REGISTERED, {"nco_grade": "junior"}, kind=FactKind.CORRECTION)], actor="x"
    )
    later = led.run("disability_pension", "2025-01", "2025-02", COUNTY)
    assert later.written == 2 and later.written_fen == 2 * FIVE_ILLNESS
    assert later.complete


def test_bad_facts_are_reported_by_person_and_field(engine: Engine, store: Store) -> None:
    two_veterans(store)
    # each fact is valid alone; together P2's service ends before it began
    store.add_facts(
        [Fact(P2, dt.date(2024, 1, 1), {"discharged_on": "2005-01-01"}, kind=FactKind.CORRECTION)],
        actor="x",
    )
    report = ledger(engine, store).run("disability_pension", "2025-01", "2025-01", COUNTY)
    assert report.written == 1  # P1 still paid
    assert {p.person_id for p in report.problems} == {P2}
    assert {p.field for p in report.problems} & {"discharged_on", "enlisted_on"}
    assert "数据有误，未计算" in str(report)


def test_a_period_the_rules_do_not_cover_is_refused_before_writing(
    engine: Engine, store: Store
) -> None:
    two_veterans(store)
    led = ledger(engine, store)
    # disability_pension's first version (2011 条例) takes effect on 2011-08-01
    with pytest.raises(PeriodNotCoveredError) as info:
        led.run("disability_pension", "2011-07", "2011-09", COUNTY)
    assert info.value.rule_id == "disability_pension"
    assert info.value.month == Month(2011, 7)
    assert "待遇“残疾抚恤金” 2011-07" in str(info.value)
    with pytest.raises(PeriodNotCoveredError, match="glory_plaque"):
        led.run(["disability_pension", "glory_plaque"], "2025-01", "2025-01", COUNTY)
    assert store.lines() == [] and store.runs() == []


def test_bad_arguments_are_named(engine: Engine, store: Store) -> None:
    led = ledger(engine, store)
    with pytest.raises(InvalidValueError, match="division"):
        led.run("disability_pension", "2025-01", "2025-01", "4110")
    with pytest.raises(InvalidValueError, match="last"):
        led.run("disability_pension", "2025-03", "2025-01", COUNTY)
    with pytest.raises(InvalidValueError, match="first"):
        led.run("disability_pension", "2025/01", "2025-01", COUNTY)
    with pytest.raises(InvalidValueError, match="actor"):
        Ledger(engine, store, actor=" ")


def test_migration_starts_after_paid_up_to(engine: Engine, store: Store) -> None:
    two_veterans(store)
    store.set_paid_up_to(
        [PaidUpTo(P1, "disability_pension", Month(2025, 2), source="旧系统")], actor="迁移"
    )
    report = ledger(engine, store).run("disability_pension", "2025-01", "2025-03", COUNTY)
    assert report.migrated == 2
    assert sorted((x.person_id, str(x.period_first)) for x in store.lines()) == [
        (P1, "2025-03"),
        (P2, "2025-01"),
        (P2, "2025-02"),
        (P2, "2025-03"),
    ]


def test_a_person_who_moves_is_paid_by_each_county_for_its_months(
    engine: Engine, store: Store
) -> None:
    register(store, P1)
    store.add_facts(
        [
            Fact(
                P1,
                dt.date(2025, 2, 15),
                {"household_division": OTHER, "township_division": None},
                kind=FactKind.MOVE,
            )
        ],
        actor="x",
    )
    led = ledger(engine, store)
    led.run("disability_pension", "2025-01", "2025-03", COUNTY)
    led.run("disability_pension", "2025-01", "2025-03", OTHER)
    got = sorted((str(x.period_first), x.division) for x in store.lines())
    assert got == [("2025-01", COUNTY), ("2025-02", COUNTY), ("2025-03", OTHER)]


# -- states -------------------------------------------------------------------------------------


def test_approve_pay_and_the_forbidden_moves(engine: Engine, store: Store) -> None:
    two_veterans(store)
    led = ledger(engine, store)
    report = led.run("disability_pension", "2025-01", "2025-01", COUNTY)
    assert led.approve(run_id=report.run_id) == 2
    with pytest.raises(LineStateError) as info:
        led.approve([1])
    err = info.value
    assert isinstance(err, LedgerStateError)
    assert (err.line_id, err.person_id, err.current, err.wanted) == (
        1,
        P1,
        LineStatus.APPROVED,
        LineStatus.APPROVED,
    )
    assert "411003********0011" in str(err) and "不能重复审批" in str(err)
    assert "2025-01" in str(err)
    with pytest.raises(InvalidValueError, match="reference"):
        led.mark_paid([1], reference="")
    assert led.mark_paid([1], reference="建行代发 20250110-001") == 1
    led.cancel([2], reason="重复登记")
    with pytest.raises(LineStateError, match="已作废的行不能发放"):
        led.mark_paid([2], reference="X")
    with pytest.raises(LineStateError, match="已发放的行不能作废"):
        led.cancel([1], reason="x")
    assert [h.status for h in store.status_history(1)] == [LineStatus.APPROVED, LineStatus.PAID]
    assert store.status_history(1)[-1].reference == "建行代发 20250110-001"
    # a refused batch changes nothing
    with pytest.raises(LineStateError):
        led.approve([1, 2])
    assert store.lines(line_ids=[2])[0].status is LineStatus.CANCELLED


# -- corrections -----------------------------------------------------------------------------------


def test_a_correction_reverses_the_line_and_writes_the_recomputed_one(
    engine: Engine, store: Store
) -> None:
    register(store, P1, disability_level=10, disability_cause="duty")
    led = ledger(engine, store)
    led.run("disability_pension", "2025-01", "2025-01", COUNTY)
    led.approve([1])
    led.mark_paid([1], reference="V1")
    # the grade was typed wrong: it was 五级因战 from the start
    store.add_facts(
        [
            Fact(
                P1,
                REGISTERED,
                {"disability_level": 5, "disability_cause": "combat"},
                kind=FactKind.CORRECTION,
            )
        ],
        actor="x",
    )
    report = led.correct(1, "残疾等级录入错误，更正为五级因战")
    assert report.kind is RunKind.CORRECTION and report.written == 2
    lines = store.lines(person_id=P1)
    assert [(x.revision, x.kind, x.amount_fen, x.reverses) for x in lines] == [
        (0, LineKind.REGULAR, TEN_DUTY, None),
        (1, LineKind.REVERSAL, -TEN_DUTY, 1),
        (2, LineKind.REGULAR, FIVE_COMBAT, None),
    ]
    assert sum(x.amount_fen for x in lines) == FIVE_COMBAT
    assert lines[1].explanation_digest == lines[0].explanation_digest
    assert store.evaluation(lines[2].explanation_digest).amount_fen == FIVE_COMBAT
    with pytest.raises(CorrectionError, match="已被冲正"):
        led.correct(1, "again")
    with pytest.raises(CorrectionError, match="冲正行不能再更正"):
        led.correct(2, "x")


# -- arrears and recovery --------------------------------------------------------------------------

# A hypothetical raise (provenance example, not a real standard), dated 2025-08-01 and announced
# later: 五级因战 59,100 → 62,100 a year, i.e. 5,175.00 a month (62,100 ÷ 12), +250.00.
RAISE = """
[[value]]
parameter = "disability_pension.standard"
jurisdiction = "national"
effective_from = 2025-08-01
provenance = "example"
note = "测试用假设标准：五级因战提高到62,100元/年"
table = { combat = ["116270", "105220", "92320", "75670", "62100", "46170", "34780", "21960", "18240", "12810"], duty = ["111560", "98770", "85970", "67680", "51200", "43290", "30840", "19910", "14510", "10850"], illness = ["106900", "94190", "79770", "61620", "47110", "36230", "-", "-", "-", "-"] }
"""  # noqa: E501
LOWER = RAISE.replace('"62100"', '"58100"').replace("提高到62,100", "降低到58,100")


def paid_run(led: Ledger, first: str, last: str, division: str = COUNTY) -> None:
    report = led.run("disability_pension", first, last, division)
    if report.written:
        led.approve(run_id=report.run_id)
        led.mark_paid(run_id=report.run_id, reference=f"V-{first}")


def test_arrears_after_a_raise_dated_1_august(engine: Engine, store: Store) -> None:
    two_veterans(store)
    paid_run(ledger(engine, store), "2025-06", "2025-09")
    raised = ledger(engine.with_parameters(RAISE, name="2025年调标"), store)
    report = raised.arrears(
        "disability_pension", "2025-06", "2025-09", COUNTY, "2025年8月1日起调标"
    )
    assert report.kind is RunKind.ARREARS
    assert (report.lines, report.written, report.written_fen) == (2, 2, 2 * 25_000)
    arrears = store.lines(run_id=report.run_id)
    assert [(x.person_id, str(x.period_first), x.revision, x.amount_fen) for x in arrears] == [
        (P1, "2025-08", 1, 25_000),
        (P1, "2025-09", 1, 25_000),
    ]
    # both explanations are kept: the old line's and the new evaluation's
    old = store.lines(person_id=P1, first=Month(2025, 8), last=Month(2025, 8))
    assert [store.evaluation(x.explanation_digest).amount_fen for x in old] == [
        FIVE_COMBAT,
        517_500,
    ]
    new_params = store.evaluation(arrears[0].explanation_digest).explanation["parameters"]
    assert ("national", "2025-08-01") in {
        (p["jurisdiction"], p["effective_from"]) for p in new_params
    }
    assert arrears[0].reason == "2025年8月1日起调标"
    # twice: nothing more
    again = raised.arrears("disability_pension", "2025-06", "2025-09", COUNTY, "再次执行")
    assert again.written == 0 and again.lines == 0


def test_a_negative_difference_is_refused_as_arrears(engine: Engine, store: Store) -> None:
    two_veterans(store)
    paid_run(ledger(engine, store), "2025-08", "2025-08")
    lowered = ledger(engine.with_parameters(LOWER), store)
    before = (len(store.lines()), len(store.runs()))
    with pytest.raises(NegativeArrearsError) as info:
        lowered.arrears("disability_pension", "2025-08", "2025-08", COUNTY, "调标")
    err = info.value
    assert (err.person_id, err.rule_id, err.month) == (P1, "disability_pension", Month(2025, 8))
    assert (err.net_fen, err.new_fen) == (FIVE_COMBAT, 484_167)  # 58,100 ÷ 12 = 4,841.67
    assert "差额为负，应办理追回" in str(err) and "调标" in str(err)
    assert "，残疾抚恤金，2025-08" in str(err)
    assert (len(store.lines()), len(store.runs())) == before
    listed = lowered.arrears(
        "disability_pension", "2025-08", "2025-08", COUNTY, "调标", skip_negative=True
    )
    assert listed.written == 0 and [d.diff_fen for d in listed.listed] == [-8_333]
    assert "，残疾抚恤金，2025-08：已入账" in str(listed.listed[0])
    assert "disability_pension" not in str(listed)
    # that is a recovery
    rec = lowered.recover("disability_pension", "2025-08", "2025-08", COUNTY, "标准下调")
    assert rec.written_fen == -8_333


def test_recovery_after_a_late_reported_death(engine: Engine, store: Store) -> None:
    two_veterans(store)
    led = ledger(engine, store)
    paid_run(led, "2025-01", "2025-04")
    # reported in May: P1 died on 2025-02-10. 2024 第32条第2款: paid for the month of death
    # (alive when the month began), not after.
    store.add_facts(
        [
            Fact(
                P1,
                dt.date(2025, 2, 10),
                {"died_on": "2025-02-10", "death_category": "illness"},
                kind=FactKind.DEATH,
            )
        ],
        actor="x",
    )
    report = led.recover("disability_pension", "2025-01", "2025-04", COUNTY, "死亡迟报，追回多发")
    got = store.lines(run_id=report.run_id)
    assert [(str(x.period_first), x.kind, x.amount_fen, x.revision) for x in got] == [
        ("2025-03", LineKind.RECOVERY, -FIVE_COMBAT, 1),
        ("2025-04", LineKind.RECOVERY, -FIVE_COMBAT, 1),
    ]
    why = store.evaluation(got[0].explanation_digest).explanation
    assert why["status"] == "ineligible"
    assert {c["id"]: c["passed"] for c in why["conditions"]}["alive"] is False
    assert led.recover("disability_pension", "2025-01", "2025-04", COUNTY, "再次").written == 0
    # the line's own explanation still reproduces; today's facts are shown next to it
    shown = led.explain_line(got[0].line_id or 0)
    assert str(shown).startswith("-4,925.00元，已核算：发放行")
    old = led.explain_line(3)  # P1 2025-03, paid before the death was known
    assert old.reproduced and old.current is not None
    assert old.current.status.value == "ineligible"
    assert "按目前已知的事实" in str(old)


def test_recovery_lists_positive_differences(engine: Engine, store: Store) -> None:
    register(store, P1)
    paid_run(ledger(engine, store), "2025-08", "2025-08")
    raised = ledger(engine.with_parameters(RAISE), store)
    report = raised.recover("disability_pension", "2025-08", "2025-08", COUNTY, "核查")
    assert report.written == 0 and [d.diff_fen for d in report.listed] == [25_000]
    assert "差额为正（应办理补发）" in str(report)


def test_a_cancelled_line_is_paid_again_by_arrears(engine: Engine, store: Store) -> None:
    register(store, P1)
    led = ledger(engine, store)
    led.run("disability_pension", "2025-01", "2025-01", COUNTY)
    led.cancel([1], reason="银行账号错误")
    assert led.run("disability_pension", "2025-01", "2025-01", COUNTY).written == 0
    report = led.arrears("disability_pension", "2025-01", "2025-01", COUNTY, "账号更正后补发")
    assert report.written_fen == FIVE_COMBAT


# -- totals and explanations -----------------------------------------------------------------------


def test_totals_by_year_benefit_and_county_with_head_counts(engine: Engine, store: Store) -> None:
    two_veterans(store)
    register(store, P3, household_division=OTHER, township_division=None)
    led = ledger(engine, store)
    paid_run(led, "2024-11", "2025-01")
    paid_run(led, "2024-12", "2025-01", OTHER)
    led.run("disability_pension", "2025-02", "2025-02", COUNTY)  # calculated, not paid
    t = led.totals(division=COUNTY)
    assert [(r.year, r.division, r.persons, r.lines, r.amount_fen) for r in t.rows] == [
        (2024, COUNTY, 2, 4, 2 * (FIVE_COMBAT + TEN_DUTY)),
        (2025, COUNTY, 2, 2, FIVE_COMBAT + TEN_DUTY),
    ]
    # two townships roll up to the county; the head count is of distinct people, not 2 + 2
    assert t.persons == 2 and t.amount == Yuan.from_fen(3 * (FIVE_COMBAT + TEN_DUTY))
    assert str(t).startswith("区划 411003，2024年至2025年：2 人，17,487.51元（6 笔，已发放）")
    city = led.totals(division="4110", first_year=2025)
    assert [(r.division, r.persons) for r in city.rows] == [(OTHER, 1), (COUNTY, 2)]
    assert city.persons == 3 and city.rows[1].division_name == "建安区"
    both = led.totals(division="41", statuses=(LineStatus.PAID, LineStatus.CALCULATED))
    assert both.lines == 6 + 2 + 2
    with pytest.raises(InvalidValueError, match="division"):
        led.totals(division=TOWN_A)


def test_totals_as_a_dataframe(engine: Engine, store: Store) -> None:
    pd = pytest.importorskip("pandas")
    two_veterans(store)
    paid_run(ledger(engine, store), "2025-01", "2025-02")
    frame = ledger(engine, store).totals().to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == [
        "year",
        "rule_id",
        "division",
        "division_name",
        "lines",
        "persons",
        "amount_fen",
        "amount",
    ]
    assert frame["amount_fen"].dtype == "int64"
    assert int(frame["amount_fen"].sum()) == 2 * (FIVE_COMBAT + TEN_DUTY)
    assert str(frame["amount"][0]) == "11658.34"


def test_explain_line_leads_with_the_amount_and_reproduces(engine: Engine, store: Store) -> None:
    two_veterans(store)
    led = ledger(engine, store)
    paid_run(led, "2025-03", "2025-03")
    shown = led.explain_line(1)
    text = str(shown)
    assert text.startswith(
        "4,925.00元，已发放（凭证 V-2025-03）：发放行 1，发放，残疾抚恤金，2025-03"
    )
    assert shown.reproduced and shown.differences == ()
    assert "复核：按入账时已知的事实重新评估，结果与入账记录一致" in text
    assert "残疾抚恤金标准［残疾性质：因战，残疾等级：5级］：59,100.00元/年" in text
    data = shown.to_dict()
    assert data["amount_fen"] == FIVE_COMBAT and data["reproduced"] is True
    # under a raised standard the stored line no longer reproduces, and says why
    raised = ledger(engine.with_parameters(RAISE.replace("2025-08-01", "2025-03-01")), store)
    other = raised.explain_line(1)
    assert not other.reproduced
    assert any("金额" in d for d in other.differences)


def test_a_flag_never_recorded_takes_its_default_as_in_a_dict_row(
    engine: Engine, store: Store
) -> None:
    """A veteran whose facts never mention ``combat_veteran`` (nor the other flags the living
    subsidy reads) is evaluated as a dict row without them is: the flags are false. They were
    reported as "value missing" and the person was never evaluated."""
    register(store, P1, residence="rural")
    report = ledger(engine, store).run(
        ["living_subsidy", "demobilized_veteran_subsidy"], "2025-01", "2025-01", COUNTY
    )
    assert not report.problems, [str(p) for p in report.problems]
    assert report.persons == 1
