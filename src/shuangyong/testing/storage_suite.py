"""The behaviour suite every storage backend runs (memory, SQLite, PostgreSQL ...).

Subclass :class:`StorageSuite` in a test module and give it a ``make_store`` fixture: a
callable returning a new, empty, open store of your backend. Every test of the suite then runs
against it, including a hypothesis state machine that compares the backend with a plain Python
model over random sequences of writes and reads::

    import pytest
    from shuangyong.storage import open_store
    from shuangyong.testing.storage_suite import StorageSuite

    class TestMyBackend(StorageSuite):
        @pytest.fixture
        def make_store(self, tmp_path):
            urls = iter(f"mydb:///{tmp_path}/s{i}" for i in range(10**6))
            return lambda: open_store(next(urls), entry_points=False, plugins=[my_plugin])

The state machine runs ``STATE_MACHINE_EXAMPLES`` examples of up to ``STATE_MACHINE_STEPS``
steps (at least 1,000 steps per backend under the ``ci`` hypothesis profile); a subclass may
change both class attributes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from shuangyong.domain.money import INT64_MAX
from shuangyong.domain.periods import Month
from shuangyong.errors import FenOverflowError, InvalidValueError
from shuangyong.storage.line_columns import MAX_LINE_FEN
from shuangyong.storage.model import (
    ALLOWED_TRANSITIONS,
    EvaluationRecord,
    Fact,
    FactKind,
    LedgerLine,
    LineKind,
    LineStatus,
    PaidUpTo,
    PaymentRun,
    RunKind,
    StatusChange,
    digest,
)
from shuangyong.storage.protocol import LedgerStateError, Store, StoreError, TotalRow
from shuangyong.storage.rows import fold

__all__ = ["StorageSuite", "StoreMachine", "sample_line", "sample_registration"]

StoreFactory = Callable[[], Store]

A = "411003199001011234"
B = "411002198505052345"
C = "410102197712123456"
ACTOR = "测试员"
RULE = "disability_pension"


def sample_registration(person_id: str = A, county: str = "411003") -> dict[str, Any]:
    """A registration fact carrying every kind of value (date, int, enum, bool, division,
    money, flags, text) and both register fields."""
    return {
        "name": "张三",
        "township_division": county + "001",
        "sex": "male",
        "birth_date": "1990-01-01",
        "household_division": county,
        "residence": "rural",
        "service_kind": "nco",
        "nco_grade": "junior",
        "enlisted_on": "2008-09-01",
        "discharged_on": "2014-09-01",
        "disability_level": 1,
        "disability_cause": "combat",
        "disability_assessed_on": "2014-05-01",
        "disability_approved_on": "2014-06-01",
        "mental_disorder": False,
        "care_arrangement": "dispersed",
        "monthly_basic_wage": "5321.50",
        "award_kinds": ["merit_3", "commendation_1"],
    }


def _evaluation(
    rule_id: str = RULE, amount: int | None = 100_00, tag: str = ""
) -> EvaluationRecord:
    explanation: dict[str, Any] = {
        "rule": rule_id,
        "amount_fen": amount,
        "tag": tag,
        "conditions": [],
    }
    return EvaluationRecord(
        digest=digest(explanation),
        rule_id=rule_id,
        rule_version="2024",
        on=dt.date(2025, 3, 1),
        status="eligible" if amount is not None else "undetermined",
        amount_fen=amount,
        explanation=explanation,
    )


def _run(run_id: str = "run-1") -> PaymentRun:
    return PaymentRun(
        run_id=run_id,
        kind=RunKind.REGULAR,
        rule_ids=(RULE,),
        first=Month(2025, 1),
        last=Month(2025, 12),
        division="411003",
        created_by=ACTOR,
    )


def sample_line(
    person_id: str = A,
    month: Month = Month(2025, 3),  # noqa: B008 - Month is immutable
    *,
    amount_fen: int = 100_00,
    rule_id: str = RULE,
    division: str = "411003",
    revision: int = 0,
    run_id: str = "run-1",
    explanation_digest: str | None = None,
) -> LedgerLine:
    """A regular line for one month (its evaluation and run must be in the store)."""
    return LedgerLine(
        run_id=run_id,
        person_id=person_id,
        rule_id=rule_id,
        period_first=month,
        period_last=month,
        revision=revision,
        kind=LineKind.REGULAR,
        amount_fen=amount_fen,
        due_date=month.start,
        rule_version="2024",
        evaluated_on=month.start,
        division=division,
        explanation_digest=explanation_digest or _evaluation().digest,
        township=division + "001",
    )


_FLOAT: Any = 1.5  # money as a float: refused


def _ids(lines: list[LedgerLine]) -> list[int]:
    out = [line.line_id for line in lines]
    assert all(i is not None for i in out)
    return out  # type: ignore[return-value]


def _ledger_ready(store: Store) -> None:
    store.add_run(_run())
    store.add_evaluations([_evaluation()])


class StorageSuite:
    """The behaviour every backend shares. Subclass it and provide a ``make_store`` fixture."""

    STATE_MACHINE_STEPS = 50
    STATE_MACHINE_EXAMPLES = 50

    @pytest.fixture
    def store(self, make_store: StoreFactory) -> Iterator[Store]:
        s = make_store()
        try:
            yield s
        finally:
            s.close()

    # -- facts ---------------------------------------------------------------------------------
    def test_facts_round_trip_every_value_kind(self, store: Store) -> None:
        values = sample_registration()
        fact = Fact(A, dt.date(2015, 1, 1), values, note="民政决定第1号", source="suite")
        assert store.add_facts([fact], actor=ACTOR) == 1
        (back,) = store.facts(A)
        assert back.values == values
        assert (back.person_id, back.effective_from, back.kind, back.key) == (
            A,
            dt.date(2015, 1, 1),
            FactKind.REGISTER,
            fact.key,
        )
        assert (back.note, back.source, back.recorded_by) == ("民政决定第1号", "suite", ACTOR)
        assert back.seq is not None and back.recorded_at is not None
        assert back.recorded_at.tzinfo is not None and back.recorded_at.utcoffset() == dt.timedelta(
            0
        )
        row = store.row_on(A, dt.date(2025, 1, 1))
        assert row == {"person_id": A, **values}
        assert store.person_ids() == [A]

    def test_row_on_past_dates_and_none_clears(self, store: Store) -> None:
        store.add_facts(
            [
                Fact(A, dt.date(2015, 1, 1), sample_registration()),
                Fact(A, dt.date(2020, 7, 1), {"disability_level": 3}, kind=FactKind.REASSESSMENT),
                Fact(
                    A,
                    dt.date(2023, 1, 1),
                    {"nco_grade": None, "service_kind": "conscript"},
                    kind=FactKind.CORRECTION,
                ),
            ],
            actor=ACTOR,
        )
        assert store.row_on(A, dt.date(2020, 6, 30))["disability_level"] == 1
        assert store.row_on(A, dt.date(2020, 7, 1))["disability_level"] == 3
        late = store.row_on(A, dt.date(2024, 1, 1))
        assert "nco_grade" not in late and late["service_kind"] == "conscript"
        assert store.row_on(A, dt.date(2022, 12, 31))["nco_grade"] == "junior"
        with pytest.raises(StoreError):
            store.row_on(A, dt.date(2014, 12, 31))  # not yet registered
        with pytest.raises(StoreError):
            store.row_on(B, dt.date(2024, 1, 1))  # unknown

    def test_same_date_facts_apply_in_recording_order(self, store: Store) -> None:
        store.add_facts([Fact(A, dt.date(2015, 1, 1), sample_registration())], actor=ACTOR)
        store.add_facts([Fact(A, dt.date(2020, 1, 1), {"disability_level": 4})], actor=ACTOR)
        store.add_facts(
            [Fact(A, dt.date(2020, 1, 1), {"disability_level": 2}, kind=FactKind.CORRECTION)],
            actor=ACTOR,
        )
        assert store.row_on(A, dt.date(2020, 1, 1))["disability_level"] == 2
        # and a fact recorded later with an earlier date of effect applies from that date only
        store.add_facts(
            [Fact(A, dt.date(2018, 1, 1), {"disability_level": 5}, kind=FactKind.CORRECTION)],
            actor=ACTOR,
        )
        assert store.row_on(A, dt.date(2019, 1, 1))["disability_level"] == 5
        assert store.row_on(A, dt.date(2021, 1, 1))["disability_level"] == 2
        assert [f.effective_from for f in store.facts(A)] == [
            dt.date(2015, 1, 1),
            dt.date(2018, 1, 1),
            dt.date(2020, 1, 1),
            dt.date(2020, 1, 1),
        ]

    def test_known_at_reads_what_was_known(self, store: Store) -> None:
        store.add_facts([Fact(A, dt.date(2015, 1, 1), sample_registration())], actor=ACTOR)
        (first,) = store.facts(A)
        assert first.recorded_at is not None
        store.add_facts(
            [Fact(A, dt.date(2016, 1, 1), {"disability_level": 6}, kind=FactKind.REASSESSMENT)],
            actor=ACTOR,
        )
        later = store.facts(A)[1].recorded_at
        assert later is not None and later >= first.recorded_at
        on = dt.date(2020, 1, 1)
        assert store.row_on(A, on)["disability_level"] == 6
        if later > first.recorded_at:
            assert store.row_on(A, on, known_at=first.recorded_at)["disability_level"] == 1
        with pytest.raises(StoreError):
            store.row_on(A, on, known_at=first.recorded_at - dt.timedelta(days=1))

    def test_facts_are_idempotent(self, store: Store) -> None:
        facts = [
            Fact(A, dt.date(2015, 1, 1), sample_registration()),
            Fact(A, dt.date(2016, 1, 1), {"disability_level": 2}),
        ]
        assert store.add_facts(facts, actor=ACTOR) == 2
        assert store.add_facts(facts, actor=ACTOR) == 0
        assert store.add_facts([facts[0], facts[0]], actor=ACTOR) == 0
        assert len(store.facts(A)) == 2
        fresh = Fact(B, dt.date(2015, 1, 1), sample_registration(B, "411002"))
        assert store.add_facts([fresh, fresh], actor=ACTOR) == 1

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("disability_level", 11),
            ("disability_level", 2.5),
            ("disability_level", True),
            ("birth_date", "1990-02-30"),
            ("birth_date", "19900101"),
            ("service_kind", "general"),
            ("household_division", "999999"),
            ("household_division", 411003),
            ("monthly_basic_wage", 5321.5),
            ("monthly_basic_wage", "-1"),
            ("award_kinds", ["no_such_award"]),
            ("mental_disorder", "yes"),
            ("favourite_colour", "red"),
            ("person_id", A),
            ("township_division", "4110030"),
            ("township_division", "411002001"),
        ],
    )
    def test_invalid_fact_names_person_field_value_and_writes_nothing(
        self, store: Store, field: str, value: Any
    ) -> None:
        good = Fact(B, dt.date(2015, 1, 1), sample_registration(B, "411002"))
        bad = Fact(A, dt.date(2015, 1, 1), {**sample_registration(), field: value})
        events = len(store.audit_events())
        with pytest.raises(InvalidValueError) as info:
            store.add_facts([good, bad], actor=ACTOR)
        err = info.value
        assert err.field == field
        assert err.value == value
        assert err.row == 1
        assert getattr(err, "person_id", None) == A
        assert A[:6] in str(err) and A[-4:] in str(err) and field in str(err)
        assert store.person_ids() == []
        assert store.facts(B) == []
        assert len(store.audit_events()) == events

    def test_inconsistent_dates_within_a_fact_are_refused(self, store: Store) -> None:
        with pytest.raises(InvalidValueError) as info:
            store.add_facts(
                [
                    Fact(
                        A,
                        dt.date(2015, 1, 1),
                        {**sample_registration(), "enlisted_on": "1980-01-01"},
                    )
                ],
                actor=ACTOR,
            )
        assert info.value.field == "enlisted_on"

    def test_a_move_must_not_strand_the_township(self, store: Store) -> None:
        store.add_facts([Fact(A, dt.date(2015, 1, 1), sample_registration())], actor=ACTOR)
        with pytest.raises(InvalidValueError) as info:
            store.add_facts(
                [
                    Fact(
                        A, dt.date(2020, 1, 1), {"household_division": "411002"}, kind=FactKind.MOVE
                    )
                ],
                actor=ACTOR,
            )
        assert info.value.field == "township_division"
        assert len(store.facts(A)) == 1
        moved = {"household_division": "411002", "township_division": "411002003"}
        assert (
            store.add_facts([Fact(A, dt.date(2020, 1, 1), moved, kind=FactKind.MOVE)], actor=ACTOR)
            == 1
        )
        gone = {"household_division": "411081", "township_division": None}
        store.add_facts([Fact(A, dt.date(2022, 1, 1), gone, kind=FactKind.MOVE)], actor=ACTOR)
        assert "township_division" not in store.row_on(A, dt.date(2022, 1, 1))

    def test_rows_on_by_county_and_township(self, store: Store) -> None:
        store.add_facts(
            [
                Fact(A, dt.date(2015, 1, 1), sample_registration(A, "411003")),
                Fact(
                    B,
                    dt.date(2015, 1, 1),
                    {**sample_registration(B, "411003"), "township_division": "411003002"},
                ),
                Fact(C, dt.date(2015, 1, 1), sample_registration(C, "411002")),
                Fact(
                    C,
                    dt.date(2021, 1, 1),
                    {"household_division": "411003", "township_division": "411003002"},
                    kind=FactKind.MOVE,
                ),
                Fact("411003200001019999", dt.date(2030, 1, 1), sample_registration("x", "411003")),
            ],
            actor=ACTOR,
        )
        on = dt.date(2020, 1, 1)
        assert [r["person_id"] for r in store.rows_on(on)] == [C, B, A]
        assert [r["person_id"] for r in store.rows_on(on, division="411003")] == [B, A]
        assert [r["person_id"] for r in store.rows_on(on, division="411003002")] == [B]
        assert [r["person_id"] for r in store.rows_on(on, division="411002")] == [C]
        later = dt.date(2021, 6, 1)
        assert [r["person_id"] for r in store.rows_on(later, division="411003002")] == [C, B]
        assert [r["person_id"] for r in store.rows_on(later, person_ids=[A, C])] == [C, A]
        assert store.rows_on(later, division="411003") == [
            store.row_on(p, later) for p in (C, B, A)
        ]
        with pytest.raises(InvalidValueError):
            store.rows_on(on, division="4110")

    # -- paid up to ------------------------------------------------------------------------------
    def test_paid_up_to_latest_value_wins(self, store: Store) -> None:
        store.add_facts([Fact(A, dt.date(2015, 1, 1), sample_registration())], actor=ACTOR)
        assert store.paid_up_to(A, RULE) is None
        store.set_paid_up_to([PaidUpTo(A, RULE, Month(2024, 6), "old.csv")], actor=ACTOR)
        assert store.paid_up_to(A, RULE) == Month(2024, 6)
        store.set_paid_up_to([PaidUpTo(A, RULE, Month(2024, 3), "fix")], actor=ACTOR)
        assert store.paid_up_to(A, RULE) == Month(2024, 3)
        assert store.paid_up_to_all(RULE) == {A: Month(2024, 3)}
        assert store.paid_up_to_all("other") == {}
        with pytest.raises(StoreError):
            store.set_paid_up_to([PaidUpTo(B, RULE, Month(2024, 3))], actor=ACTOR)
        assert store.paid_up_to(A, RULE) == Month(2024, 3)

    # -- evaluations -----------------------------------------------------------------------------
    def test_evaluations_round_trip(self, store: Store) -> None:
        rec = _evaluation()
        undetermined = _evaluation(amount=None, tag="缺少参数")
        assert store.add_evaluations([rec, undetermined, rec]) == 2
        assert store.add_evaluations([rec]) == 0
        assert store.evaluation(rec.digest) == rec
        assert store.evaluation(undetermined.digest) == undetermined
        with pytest.raises(StoreError):
            store.evaluation("0" * 64)

    # -- ledger ----------------------------------------------------------------------------------
    def test_runs_round_trip_and_are_unique(self, store: Store) -> None:
        stored = store.add_run(_run())
        assert stored.created_at is not None
        assert store.runs() == [stored]
        assert attrs.evolve(stored, created_at=None) == _run()
        with pytest.raises(StoreError):
            store.add_run(_run())

    def test_lines_are_idempotent_by_key(self, store: Store) -> None:
        _ledger_ready(store)
        lines = [sample_line(A, Month(2025, m)) for m in (1, 2, 3)]
        assert store.add_lines(lines, actor=ACTOR) == 3
        assert store.add_lines(lines, actor=ACTOR) == 0
        # the same key with another amount is still the same key: never paid twice
        assert store.add_lines([sample_line(A, Month(2025, 1), amount_fen=1)], actor=ACTOR) == 0
        assert (
            store.add_lines(
                [lines[0], sample_line(B, Month(2025, 1)), sample_line(B, Month(2025, 1))],
                actor=ACTOR,
            )
            == 1
        )
        assert store.add_lines([sample_line(A, Month(2025, 1), revision=1)], actor=ACTOR) == 1
        got = store.lines()
        assert len(got) == 5
        assert [g.line_id for g in got] == sorted(g.line_id for g in got)  # type: ignore[type-var]
        assert all(g.status is LineStatus.CALCULATED and g.created_at is not None for g in got)
        first = got[0]
        assert attrs.evolve(first, line_id=None, created_at=None) == lines[0]

    def test_lines_refused_before_anything_is_written(self, store: Store) -> None:
        _ledger_ready(store)
        good = sample_line(A, Month(2025, 1))
        for bad in (
            attrs.evolve(
                good,
                amount_fen=_FLOAT,
                period_first=Month(2025, 2),
                period_last=Month(2025, 2),
            ),
            attrs.evolve(good, period_last=Month(2024, 12)),
            attrs.evolve(good, division="4110"),
            attrs.evolve(good, status=LineStatus.PAID),
        ):
            with pytest.raises(InvalidValueError) as info:
                store.add_lines([good, bad], actor=ACTOR)
            assert info.value.row == 1
        for missing in (
            attrs.evolve(
                good, period_first=Month(2025, 2), period_last=Month(2025, 2), run_id="nope"
            ),
            attrs.evolve(
                good,
                period_first=Month(2025, 2),
                period_last=Month(2025, 2),
                explanation_digest="f" * 64,
            ),
        ):
            with pytest.raises(StoreError):
                store.add_lines([good, missing], actor=ACTOR)
        assert store.lines() == []

    def test_line_filters(self, store: Store) -> None:
        _ledger_ready(store)
        store.add_lines(
            [
                sample_line(A, Month(2025, 1)),
                sample_line(A, Month(2025, 2)),
                sample_line(B, Month(2025, 2), division="411002"),
                sample_line(C, Month(2025, 3), rule_id="other_rule"),
            ],
            actor=ACTOR,
        )
        assert len(store.lines(person_id=A)) == 2
        assert len(store.lines(rule_id="other_rule")) == 1
        assert len(store.lines(first=Month(2025, 2), last=Month(2025, 2))) == 2
        assert len(store.lines(division="411002")) == 1
        assert len(store.lines(division="411003001")) == 3
        assert len(store.lines(run_id="run-1")) == 4
        ids = _ids(store.lines(person_id=A))
        assert [x.line_id for x in store.lines(line_ids=ids[:1])] == ids[:1]
        store.set_status(ids[:1], LineStatus.APPROVED, actor=ACTOR)
        assert [x.line_id for x in store.lines(status=LineStatus.APPROVED)] == ids[:1]
        assert list(store.iter_lines(person_id=A)) == store.lines(person_id=A)

    def test_status_transitions(self, store: Store) -> None:
        _ledger_ready(store)
        store.add_lines([sample_line(A, Month(2025, m)) for m in (1, 2, 3)], actor=ACTOR)
        one, two, three = (x.line_id for x in store.lines())
        assert one is not None and two is not None and three is not None
        assert store.set_status([one, two], LineStatus.APPROVED, actor="审批人") == 2
        with pytest.raises(LedgerStateError) as info:
            store.set_status([three, one], LineStatus.APPROVED, actor="审批人")  # approve twice
        assert (info.value.line_id, info.value.person_id, info.value.rule_id) == (one, A, RULE)
        assert info.value.current is LineStatus.APPROVED
        assert store.lines(line_ids=[three])[0].status is LineStatus.CALCULATED  # nothing moved
        with pytest.raises(InvalidValueError):
            store.set_status([one], LineStatus.PAID, actor="出纳")  # no voucher
        store.set_status([one], LineStatus.PAID, actor="出纳", reference="VCH-2025-001")
        store.set_status([two], LineStatus.CANCELLED, actor="审批人", reason="重复")
        with pytest.raises(LedgerStateError) as paid_cancelled:
            store.set_status([two], LineStatus.PAID, actor="出纳", reference="VCH-2")
        assert paid_cancelled.value.current is LineStatus.CANCELLED
        with pytest.raises(LedgerStateError):
            store.set_status([one], LineStatus.CANCELLED, actor="审批人")
        with pytest.raises(LedgerStateError):
            store.set_status(
                [three], LineStatus.PAID, actor="出纳", reference="V"
            )  # skips approval
        with pytest.raises(LedgerStateError):
            store.set_status([three, three], LineStatus.APPROVED, actor="审批人")
        with pytest.raises(StoreError):
            store.set_status([10**9], LineStatus.APPROVED, actor="审批人")
        assert {x.line_id: x.status for x in store.lines()} == {
            one: LineStatus.PAID,
            two: LineStatus.CANCELLED,
            three: LineStatus.CALCULATED,
        }

    def test_status_history(self, store: Store) -> None:
        _ledger_ready(store)
        store.add_lines([sample_line()], actor=ACTOR)
        (line,) = store.lines()
        assert line.line_id is not None
        assert store.status_history(line.line_id) == []
        store.set_status([line.line_id], LineStatus.APPROVED, actor="审批人", reason="ok")
        store.set_status([line.line_id], LineStatus.PAID, actor="出纳", reference="BANK-7")
        history = store.status_history(line.line_id)
        assert [(h.status, h.actor, h.reference, h.reason) for h in history] == [
            (LineStatus.APPROVED, "审批人", "", "ok"),
            (LineStatus.PAID, "出纳", "BANK-7", ""),
        ]
        assert all(isinstance(h, StatusChange) and h.line_id == line.line_id for h in history)
        assert all(h.at is not None and h.at.utcoffset() == dt.timedelta(0) for h in history)

    def test_totals(self, store: Store) -> None:
        _ledger_ready(store)
        store.add_lines(
            [
                sample_line(A, Month(2024, 12), amount_fen=1),
                sample_line(A, Month(2025, 1), amount_fen=100_01),
                sample_line(A, Month(2025, 2), amount_fen=100_02),
                sample_line(B, Month(2025, 1), amount_fen=50_00),
                sample_line(C, Month(2025, 1), amount_fen=7, division="411002"),
                sample_line(
                    C, Month(2025, 2), amount_fen=-3, rule_id="other_rule", division="411002"
                ),
            ],
            actor=ACTOR,
        )
        ids = _ids(store.lines())
        assert store.totals() == []  # nothing paid yet
        everything = (LineStatus.CALCULATED, LineStatus.APPROVED, LineStatus.PAID)
        assert store.totals(statuses=everything) == [
            TotalRow(2024, RULE, "411003", 1, 1, 1),
            TotalRow(2025, RULE, "411002", 1, 1, 7),
            TotalRow(2025, RULE, "411003", 3, 2, 100_01 + 100_02 + 50_00),
            TotalRow(2025, "other_rule", "411002", 1, 1, -3),
        ]
        store.set_status(ids[1:4], LineStatus.APPROVED, actor=ACTOR)
        store.set_status(ids[1:3], LineStatus.PAID, actor=ACTOR, reference="V1")
        store.set_status(ids[3:4], LineStatus.CANCELLED, actor=ACTOR)
        assert store.totals() == [TotalRow(2025, RULE, "411003", 2, 1, 200_03)]
        assert store.totals(statuses=(LineStatus.CANCELLED,)) == [
            TotalRow(2025, RULE, "411003", 1, 1, 50_00)
        ]
        assert store.totals(statuses=everything, first_year=2025, rule_ids=["other_rule"]) == [
            TotalRow(2025, "other_rule", "411002", 1, 1, -3)
        ]
        assert store.totals(statuses=everything, last_year=2024) == [
            TotalRow(2024, RULE, "411003", 1, 1, 1)
        ]
        assert [t.division for t in store.totals(statuses=everything, division="411002")] == [
            "411002",
            "411002",
        ]
        assert len(store.totals(statuses=everything, division="41")) == 4
        # the overall head count: distinct people over the same selection, not a sum of groups
        assert store.head_count(statuses=everything) == 2  # B's one line is cancelled
        assert store.head_count(statuses=(LineStatus.CANCELLED,)) == 1
        assert store.head_count() == 1  # A's two paid lines
        assert store.head_count(statuses=everything, division="411002") == 1
        assert store.head_count(statuses=everything, first_year=2025, last_year=2025) == 2
        assert store.head_count(statuses=everything, last_year=2024) == 1
        assert store.head_count(statuses=everything, rule_ids=["other_rule"]) == 1
        assert store.head_count(statuses=everything, rule_ids=[]) == 0
        assert store.head_count(statuses=()) == 0

    def test_totals_beyond_int64_fen_are_an_error_never_wrapped(self, store: Store) -> None:
        """A group whose sum an int64 fen column cannot hold raises ``FenOverflowError``
        naming the group and the rule, on every backend (SQLite raised its own "integer
        overflow", PostgreSQL "bigint out of range", the memory store returned a number no
        column holds). A line is at most 10^14 fen, so 92,234 lines of it pass 2^63 − 1."""
        _ledger_ready(store)
        n = INT64_MAX // MAX_LINE_FEN + 1
        store.add_lines(
            [sample_line(f"P{i:06d}", Month(2025, 1), amount_fen=MAX_LINE_FEN) for i in range(n)],
            actor=ACTOR,
        )
        everything = (LineStatus.CALCULATED,)
        with pytest.raises(FenOverflowError) as info:
            store.totals(statuses=everything)
        assert "int64" in str(info.value)
        assert "disability_pension" in str(info.value)
        assert store.totals(statuses=everything, division="411002") == []  # others still work

    # -- audit -----------------------------------------------------------------------------------
    def test_every_write_is_audited(self, store: Store) -> None:
        store.add_facts([Fact(A, dt.date(2015, 1, 1), sample_registration())], actor="登记员")
        store.set_paid_up_to([PaidUpTo(A, RULE, Month(2024, 12))], actor="迁移")
        _ledger_ready(store)
        store.add_lines([sample_line()], actor="核算员")
        (line,) = store.lines()
        assert line.line_id is not None
        store.set_status([line.line_id], LineStatus.APPROVED, actor="审批人")
        store.set_status([line.line_id], LineStatus.PAID, actor="出纳", reference="V")
        events = store.audit_events()
        got = [(e.action, e.actor) for e in events]
        for want in [
            ("facts.add", "登记员"),
            ("paid_up_to.set", "迁移"),
            ("run.regular", ACTOR),
            ("lines.add", "核算员"),
            ("line.approve", "审批人"),
            ("line.pay", "出纳"),
        ]:
            assert want in got
        seqs = [e.seq for e in events]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)  # type: ignore[type-var]
        assert all(e.at is not None and e.at.utcoffset() == dt.timedelta(0) for e in events)
        last = events[-1].seq
        assert last is not None
        from shuangyong.storage.model import AuditEvent

        store.audit(AuditEvent("外部系统", "report.export", "411003", {"rows": 3}))
        (mine,) = store.audit_events(since=last)
        assert (mine.actor, mine.action, mine.subject, mine.details) == (
            "外部系统",
            "report.export",
            "411003",
            {"rows": 3},
        )
        assert [e.action for e in store.audit_events(action="line.pay")] == ["line.pay"]
        with pytest.raises(InvalidValueError):
            store.add_facts([Fact(B, dt.date(2015, 1, 1), sample_registration(B))], actor="")

    def test_schema_version(self, store: Store) -> None:
        assert isinstance(store.schema_version, int) and store.schema_version >= 1
        assert isinstance(store, Store)

    # -- against a model -------------------------------------------------------------------------
    def test_state_machine_against_a_model(self, make_store: StoreFactory) -> None:
        machine = type("Machine", (StoreMachine,), {"factory": staticmethod(make_store)})
        base = settings()
        before = StoreMachine.steps
        run_state_machine_as_test(
            machine,
            settings=settings(
                base,
                max_examples=max(self.STATE_MACHINE_EXAMPLES, base.max_examples // 6),
                stateful_step_count=self.STATE_MACHINE_STEPS,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            ),
        )
        if base.max_examples >= 100:  # the ci profile promises 1,000 steps per backend
            assert StoreMachine.steps - before >= 1000, StoreMachine.steps - before


# -- the state machine ---------------------------------------------------------------------------

_PEOPLE = [A, B, C, "411081200001011111"]
_COUNTIES = ["411003", "411002"]
_MONTHS = [Month(2024, 11), Month(2024, 12), Month(2025, 1), Month(2025, 2)]
_RULES = [RULE, "nursing_allowance"]
_DATES = [dt.date(2015, 1, 1), dt.date(2020, 1, 1), dt.date(2020, 7, 1), dt.date(2024, 1, 1)]


class StoreMachine(RuleBasedStateMachine):
    """Random writes and reads on a backend compared with a plain Python model.

    Subclasses set ``factory`` (a callable returning a new, empty store)."""

    factory: Callable[[], Store]
    steps = 0  # counted across examples, so a test can report how many ran

    lines = Bundle("lines")

    def __init__(self) -> None:
        super().__init__()
        self.store = type(self).factory()
        self.model_facts: list[Fact] = []
        self.model_keys: set[str] = set()
        self.model_lines: dict[tuple[Any, ...], tuple[LedgerLine, LineStatus]] = {}
        self.ids: dict[int, tuple[Any, ...]] = {}
        self.paid: dict[tuple[str, str], Month] = {}

    @initialize()
    def ready(self) -> None:
        self.store.add_run(_run())
        self.store.add_evaluations([_evaluation(r) for r in _RULES])

    def teardown(self) -> None:
        self.store.close()

    def _step(self) -> None:
        StoreMachine.steps += 1

    @rule(
        person=st.sampled_from(_PEOPLE),
        on=st.sampled_from(_DATES),
        county=st.sampled_from(_COUNTIES),
        level=st.integers(0, 10) | st.just(11),
        clear=st.booleans(),
        full=st.booleans(),
    )
    def add_fact(
        self, person: str, on: dt.date, county: str, level: int, clear: bool, full: bool
    ) -> None:
        self._step()
        if full:
            values: dict[str, Any] = {
                **sample_registration(person, county),
                "disability_level": max(level, 1),
            }
            if level == 11:
                values["disability_level"] = 11
        else:
            values = {
                "disability_level": level if level else 1,
                "care_arrangement": None if clear else "centralized",
            }
            if level == 11:
                values["disability_level"] = 11
        fact = Fact(person, on, values)
        mine = [f for f in self.model_facts if f.person_id == person]
        valid = level != 11
        if valid and fact.key not in self.model_keys:
            # a township left in another county by a move is refused (see check_history)
            trial = sorted(
                [*mine, attrs.evolve(fact, seq=10**9 + len(self.model_facts))],
                key=lambda f: (f.effective_from, f.seq),
            )
            row: dict[str, Any] = {}
            for f in trial:
                for k, v in f.values.items():
                    if v is None:
                        row.pop(k, None)
                    else:
                        row[k] = v
                t, h = row.get("township_division"), row.get("household_division")
                if t is not None and h is not None and t[:6] != h:
                    valid = False
        if not valid:
            with pytest.raises(InvalidValueError):
                self.store.add_facts([fact], actor=ACTOR)
            return
        n = self.store.add_facts([fact], actor=ACTOR)
        expect_new = fact.key not in self.model_keys
        assert n == int(expect_new)
        if expect_new:
            self.model_keys.add(fact.key)
            self.model_facts.append(attrs.evolve(fact, seq=10**9 + len(self.model_facts)))

    @rule(
        person=st.sampled_from(_PEOPLE),
        on=st.sampled_from([*_DATES, dt.date(2014, 1, 1), dt.date(2030, 1, 1)]),
    )
    def read_row(self, person: str, on: dt.date) -> None:
        self._step()
        want = fold([f for f in self.model_facts if f.person_id == person], on)
        if want is None:
            with pytest.raises(StoreError):
                self.store.row_on(person, on)
        else:
            assert self.store.row_on(person, on) == {"person_id": person, **want}

    @rule(on=st.sampled_from(_DATES), division=st.sampled_from([None, *_COUNTIES, "411003001"]))
    def read_rows(self, on: dt.date, division: str | None) -> None:
        self._step()
        want = []
        for person in sorted({f.person_id for f in self.model_facts}):
            row = fold([f for f in self.model_facts if f.person_id == person], on)
            if row is None:
                continue
            if division is None or (
                row.get("household_division") == division
                if len(division) == 6
                else str(row.get("township_division", "")).startswith(division)
            ):
                want.append({"person_id": person, **row})
        assert self.store.rows_on(on, division=division) == want

    @rule(
        target=lines,
        person=st.sampled_from(_PEOPLE),
        month=st.sampled_from(_MONTHS),
        rule_id=st.sampled_from(_RULES),
        revision=st.integers(0, 1),
        amount=st.integers(-10_000_00, 10_000_00),
        county=st.sampled_from(_COUNTIES),
    )
    def add_line(
        self, person: str, month: Month, rule_id: str, revision: int, amount: int, county: str
    ) -> tuple[Any, ...]:
        self._step()
        line = sample_line(
            person,
            month,
            amount_fen=amount,
            rule_id=rule_id,
            division=county,
            revision=revision,
            explanation_digest=_evaluation(rule_id).digest,
        )
        new = line.key not in self.model_lines
        assert self.store.add_lines([line], actor=ACTOR) == int(new)
        if new:
            self.model_lines[line.key] = (line, LineStatus.CALCULATED)
            stored = self.store.lines(person_id=person, rule_id=rule_id, first=month, last=month)
            (mine,) = [s for s in stored if s.revision == revision]
            assert mine.line_id is not None and mine.line_id not in self.ids
            self.ids[mine.line_id] = line.key
        return line.key

    @rule(key=lines, status=st.sampled_from(list(LineStatus)))
    def move(self, key: tuple[Any, ...], status: LineStatus) -> None:
        self._step()
        line_id = next(i for i, k in self.ids.items() if k == key)
        line, current = self.model_lines[key]
        if status in ALLOWED_TRANSITIONS[current]:
            self.store.set_status([line_id], status, actor=ACTOR, reference="V")
            self.model_lines[key] = (line, status)
        else:
            with pytest.raises(LedgerStateError):
                self.store.set_status([line_id], status, actor=ACTOR, reference="V")

    @rule(person=st.sampled_from(_PEOPLE), month=st.sampled_from(_MONTHS))
    def paid_up_to(self, person: str, month: Month) -> None:
        self._step()
        if not any(f.person_id == person for f in self.model_facts):
            with pytest.raises(StoreError):
                self.store.set_paid_up_to([PaidUpTo(person, RULE, month)], actor=ACTOR)
            return
        self.store.set_paid_up_to([PaidUpTo(person, RULE, month)], actor=ACTOR)
        self.paid[(person, RULE)] = month

    @rule(statuses=st.sets(st.sampled_from(list(LineStatus)), min_size=1))
    def totals(self, statuses: set[LineStatus]) -> None:
        self._step()
        groups: dict[tuple[int, str, str], tuple[int, set[str], int]] = {}
        for line, status in self.model_lines.values():
            if status not in statuses:
                continue
            k = (line.period_first.year, line.rule_id, line.division)
            n, persons, fen = groups.get(k, (0, set(), 0))
            groups[k] = (n + 1, persons | {line.person_id}, fen + line.amount_fen)
        want = [TotalRow(y, r, d, n, len(p), f) for (y, r, d), (n, p, f) in sorted(groups.items())]
        order = [s for s in LineStatus if s in statuses]
        assert self.store.totals(statuses=order) == want
        people = {line.person_id for line, s in self.model_lines.values() if s in statuses}
        assert self.store.head_count(statuses=order) == len(people)

    @invariant()
    def ledger_matches(self) -> None:
        got = {
            line.key: (
                attrs.evolve(line, line_id=None, created_at=None, status=LineStatus.CALCULATED),
                line.status,
            )
            for line in self.store.lines()
        }
        assert got == self.model_lines
        for (person, rule_id), month in self.paid.items():
            assert self.store.paid_up_to(person, rule_id) == month
