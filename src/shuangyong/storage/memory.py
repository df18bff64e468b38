"""``memory://``: the store in Python dicts, for tests and notebooks.

Same semantics as the durable backends (the behaviour suite runs on it): uniqueness by key,
append-only records, one lock, and every write checked in full before anything changes, so a
refused call leaves the store as it was. Nothing survives the process; two ``open_store
("memory://")`` calls give two independent stores.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.domain.periods import Month
from shuangyong.policy.schema import Field
from shuangyong.storage import rows
from shuangyong.storage.derived import DerivedReads
from shuangyong.storage.fold import FactColumns, Rows, rows_in_force
from shuangyong.storage.model import (
    ALLOWED_TRANSITIONS,
    AuditEvent,
    EvaluationRecord,
    Fact,
    LedgerLine,
    LineStatus,
    PaidUpTo,
    PaymentRun,
    StatusChange,
)
from shuangyong.storage.protocol import LedgerStateError, StoreError, TotalRow, total_row

__all__ = ["SCHEMA_VERSION", "MemoryStore"]

SCHEMA_VERSION = 1
"""A memory store has no file to migrate; its version only says which contract it keeps."""


class MemoryStore(DerivedReads):
    """A store in memory. See :mod:`shuangyong.storage.protocol` for the contract.

    Args:
        url: the URL it was opened with (``memory://`` or ``memory://name``).
        known_divisions: mask of known county codes (default: the shipped snapshot).
        fields: the engine's row fields (default: the national ones); with a plugin's fields
            (``Engine.fields``) facts may set them, checked as the engine checks them.
    """

    def __init__(
        self,
        url: str = "memory://",
        *,
        known_divisions: npt.NDArray[np.bool_] | None = None,
        fields: Mapping[str, Field] | None = None,
    ) -> None:
        self.url = url
        self._checker = rows.FactChecker(
            rows.builtin_division_mask() if known_divisions is None else known_divisions,
            fields,
        )
        self._lock = threading.RLock()
        self._facts: dict[str, list[Fact]] = {}  # person → facts in (effective_from, seq) order
        self._fact_keys: set[str] = set()
        self._fact_seq = 0
        self._fact_cache: tuple[int, FactColumns] | None = None
        self._paid: dict[tuple[str, str], PaidUpTo] = {}
        self._evaluations: dict[str, EvaluationRecord] = {}
        self._runs: dict[str, PaymentRun] = {}
        self._lines: list[LedgerLine] = []  # index = line_id - 1
        self._line_keys: set[tuple[str, str, Month, Month, int]] = set()
        self._changes: dict[int, list[StatusChange]] = {}
        self._audit: list[AuditEvent] = []
        self._closed = False

    # -- lifecycle ---------------------------------------------------------------------------
    @property
    def fields(self) -> Mapping[str, Field]:
        """The row fields a fact may set: the national ones and those of the plugins the
        store was opened with (``open_store``) or given (``fields=``)."""
        return self._checker.fields

    @property
    def schema_version(self) -> int:
        return SCHEMA_VERSION

    def close(self) -> None:
        self._closed = True

    def __enter__(self) -> MemoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self) -> None:
        if self._closed:
            raise StoreError(f"存储已关闭 / store {self.url} is closed")

    def _audit_locked(
        self, actor: str, action: str, subject: str, details: Mapping[str, Any], at: dt.datetime
    ) -> None:
        self._audit.append(
            AuditEvent(actor, action, subject, details, seq=len(self._audit) + 1, at=at)
        )

    # -- facts -------------------------------------------------------------------------------
    def add_facts(
        self, facts: Sequence[Fact], *, actor: str, paid_up_to: Sequence[PaidUpTo] = ()
    ) -> int:
        """See :meth:`shuangyong.storage.protocol.Store.add_facts`; ``paid_up_to`` months are
        written with the facts, all or nothing (their people known or among ``facts``)."""
        _check_actor(actor)
        facts = list(facts)
        items = list(paid_up_to)
        for i, item in enumerate(items):
            rows.check_paid_up_to(item, i)
        self._checker.check(facts)
        with self._lock:
            self._open()
            new = self._new_facts(facts)
            touched = {f.person_id for f in new}
            for item in items:
                if item.person_id not in self._facts and item.person_id not in touched:
                    raise _unknown_paid(item.person_id)
            now = rows.utc_now()
            for f in new:
                self._fact_seq += 1
                stored = attrs.evolve(
                    f,
                    values=_plain(f.values),
                    seq=self._fact_seq,
                    recorded_at=now,
                    recorded_by=actor,
                )
                lst = self._facts.setdefault(f.person_id, [])
                keys = [(x.effective_from, x.seq or 0) for x in lst]
                lst.insert(bisect.bisect_right(keys, (f.effective_from, self._fact_seq)), stored)
                self._fact_keys.add(f.key)
            self._audit_locked(
                actor,
                "facts.add",
                _subject(sorted(touched)),
                {"given": len(facts), "new": len(new), "persons": len(touched)},
                now,
            )
            if items:
                self._set_paid_locked(items, actor, now)
            return len(new)

    def check_facts(self, facts: Sequence[Fact]) -> None:
        """The checks of :meth:`add_facts`, writing nothing."""
        facts = list(facts)
        self._checker.check(facts)
        with self._lock:
            self._open()
            self._new_facts(facts)

    def _new_facts(self, facts: Sequence[Fact]) -> list[Fact]:
        new: list[Fact] = []
        seen: set[str] = set()
        for f in facts:
            if f.key in self._fact_keys or f.key in seen:
                continue
            seen.add(f.key)
            new.append(f)
        for pid in {f.person_id for f in new}:
            self._checker.check_history(
                [*self._facts.get(pid, ()), *(f for f in new if f.person_id == pid)]
            )
        return new

    def facts(self, person_id: str) -> list[Fact]:
        with self._lock:
            self._open()
            return list(self._facts.get(person_id, ()))

    def fact_columns(self) -> FactColumns:
        """Every fact as columns, kept until a fact is added."""
        with self._lock:
            self._open()
            cached = self._fact_cache
            if cached is not None and cached[0] == self._fact_seq:
                return cached[1]
            every = [f for facts in self._facts.values() for f in facts]
            table = FactColumns.build(
                [f.person_id for f in every],
                [f.effective_from for f in every],
                [f.seq for f in every],
                [f.values for f in every],
            )
            self._fact_cache = (self._fact_seq, table)
            return table

    def rows_on_coded(
        self, on: dt.date, *, division: str | None = None, person_ids: Iterable[str] | None = None
    ) -> Rows:
        """:meth:`rows_on` as columns of codes (see :mod:`shuangyong.storage.fold`)."""
        rows.check_division_filter(division)
        return rows_in_force(self.fact_columns(), on, division=division, person_ids=person_ids)

    def person_ids(self) -> list[str]:
        with self._lock:
            self._open()
            return sorted(self._facts)

    # -- paid up to --------------------------------------------------------------------------
    def set_paid_up_to(self, items: Sequence[PaidUpTo], *, actor: str) -> None:
        _check_actor(actor)
        items = list(items)
        for i, item in enumerate(items):
            rows.check_paid_up_to(item, i)
        with self._lock:
            self._open()
            for item in items:
                if item.person_id not in self._facts:
                    raise _unknown_paid(item.person_id)
            self._set_paid_locked(items, actor, rows.utc_now())

    def _set_paid_locked(self, items: Sequence[PaidUpTo], actor: str, now: dt.datetime) -> None:
        for item in items:
            self._paid[(item.person_id, item.rule_id)] = item
        self._audit_locked(
            actor,
            "paid_up_to.set",
            _subject(sorted({i.person_id for i in items})),
            {"items": len(items)},
            now,
        )

    def paid_up_to(self, person_id: str, rule_id: str) -> Month | None:
        with self._lock:
            item = self._paid.get((person_id, rule_id))
        return None if item is None else item.month

    def paid_up_to_all(self, rule_id: str) -> dict[str, Month]:
        with self._lock:
            return {p: item.month for (p, r), item in sorted(self._paid.items()) if r == rule_id}

    # -- evaluations -------------------------------------------------------------------------
    def add_evaluations(self, records: Sequence[EvaluationRecord]) -> int:
        records = list(records)
        for i, r in enumerate(records):
            rows.check_evaluation(r, i)
        with self._lock:
            self._open()
            n = 0
            for r in records:
                if r.digest not in self._evaluations:
                    self._evaluations[r.digest] = attrs.evolve(r, explanation=_plain(r.explanation))
                    n += 1
            return n

    def evaluation(self, digest: str) -> EvaluationRecord:
        with self._lock:
            rec = self._evaluations.get(digest)
        if rec is None:
            raise StoreError(f"无此评估记录 {digest} / unknown evaluation {digest}")
        return rec

    # -- ledger ------------------------------------------------------------------------------
    def add_run(self, run: PaymentRun) -> PaymentRun:
        rows.check_run(run)
        with self._lock:
            self._open()
            if run.run_id in self._runs:
                raise StoreError(f"批次已存在 {run.run_id} / run {run.run_id} already exists")
            now = rows.utc_now()
            stored = attrs.evolve(run, created_at=now)
            self._runs[run.run_id] = stored
            self._audit_locked(
                run.created_by,
                f"run.{run.kind.value}",
                run.run_id,
                rows.run_details(run),
                now,
            )
            return stored

    def runs(self) -> list[PaymentRun]:
        with self._lock:
            return list(self._runs.values())

    def add_lines(self, lines: Sequence[LedgerLine], *, actor: str) -> int:
        _check_actor(actor)
        lines = list(lines)
        rows.check_lines(lines)
        with self._lock:
            self._open()
            for i, line in enumerate(lines):
                self._check_refs(line, i)
            now = rows.utc_now()
            first = len(self._lines) + 1
            for line in lines:
                if line.key in self._line_keys:
                    continue
                self._line_keys.add(line.key)
                self._lines.append(
                    attrs.evolve(
                        line,
                        line_id=len(self._lines) + 1,
                        created_at=now,
                        status=LineStatus.CALCULATED,
                    )
                )
            n = len(self._lines) + 1 - first
            self._audit_locked(
                actor,
                "lines.add",
                rows.lines_subject(first, first + n - 1),
                rows.lines_details(lines, n),
                now,
            )
            return n

    def _check_refs(self, line: LedgerLine, index: int) -> None:
        if line.run_id not in self._runs:
            raise rows.missing_reference(line, index, "run_id", line.run_id)
        if line.explanation_digest not in self._evaluations:
            raise rows.missing_reference(line, index, "explanation_digest", line.explanation_digest)
        if line.reverses is not None and not 1 <= line.reverses <= len(self._lines):
            raise rows.missing_reference(line, index, "reverses", line.reverses)

    def _current(self, line_id: int) -> LineStatus:
        changes = self._changes.get(line_id)
        return changes[-1].status if changes else LineStatus.CALCULATED

    def _with_status(self, line: LedgerLine) -> LedgerLine:
        assert line.line_id is not None
        status = self._current(line.line_id)
        return line if status is line.status else attrs.evolve(line, status=status)

    def iter_lines(self, **filters: Any) -> Iterator[LedgerLine]:
        return iter(self._select_lines(**filters))

    def _select_lines(
        self,
        *,
        person_id: str | None = None,
        rule_id: str | None = None,
        run_id: str | None = None,
        first: Month | None = None,
        last: Month | None = None,
        division: str | None = None,
        status: LineStatus | None = None,
        line_ids: Iterable[int] | None = None,
    ) -> list[LedgerLine]:
        rows.check_division_filter(division)
        ids = None if line_ids is None else set(line_ids)
        out = []
        # filtered under the lock, handed out after it: a caller may write while iterating
        with self._lock:
            self._open()
            for line in self._lines:
                if (
                    (person_id is not None and line.person_id != person_id)
                    or (rule_id is not None and line.rule_id != rule_id)
                    or (run_id is not None and line.run_id != run_id)
                    or (first is not None and line.period_last < first)
                    or (last is not None and line.period_first > last)
                    or (ids is not None and line.line_id not in ids)
                    or (division is not None and not rows.line_in_division(line, division))
                ):
                    continue
                current = self._with_status(line)
                if status is not None and current.status is not status:
                    continue
                out.append(current)
        return out

    def set_status(
        self,
        line_ids: Sequence[int],
        status: LineStatus,
        *,
        actor: str,
        reference: str = "",
        reason: str = "",
    ) -> int:
        ids = rows.status_request(line_ids, status, actor, reference)
        with self._lock:
            self._open()
            # check every move first (in order: the same id twice is a second move)
            moved: dict[int, LineStatus] = {}
            for lid in ids:
                if not isinstance(lid, int) or not 1 <= lid <= len(self._lines):
                    raise StoreError(f"无此发放行 {lid} / unknown ledger line {lid}")
                current = moved.get(lid) or self._current(lid)
                if status not in ALLOWED_TRANSITIONS[current]:
                    line = self._lines[lid - 1]
                    raise LedgerStateError(lid, line.person_id, line.rule_id, current, status)
                moved[lid] = status
            now = rows.utc_now()
            for lid in ids:
                self._changes.setdefault(lid, []).append(
                    StatusChange(lid, status, actor, reference, reason, at=now)
                )
            self._audit_locked(
                actor,
                f"line.{rows.STATUS_VERBS[status]}",
                rows.ids_subject(ids),
                {
                    "lines": len(ids),
                    "status": status.value,
                    "reference": reference,
                    "reason": reason,
                },
                now,
            )
            return len(ids)

    def status_history(self, line_id: int) -> list[Any]:
        with self._lock:
            if not 1 <= line_id <= len(self._lines):
                raise StoreError(f"无此发放行 {line_id} / unknown ledger line {line_id}")
            return list(self._changes.get(line_id, ()))

    def totals(
        self,
        *,
        statuses: Sequence[LineStatus] = (LineStatus.PAID,),
        first_year: int | None = None,
        last_year: int | None = None,
        rule_ids: Sequence[str] | None = None,
        division: str | None = None,
    ) -> list[TotalRow]:
        groups: dict[tuple[int, str, str], tuple[int, set[str], int]] = {}
        for line in self._selected(statuses, first_year, last_year, rule_ids, division):
            k = (line.period_first.year, line.rule_id, line.division)
            n, persons, fen = groups.get(k, (0, set(), 0))
            persons.add(line.person_id)
            groups[k] = (n + 1, persons, fen + line.amount_fen)
        return [
            total_row(y, r, d, n, len(p), fen) for (y, r, d), (n, p, fen) in sorted(groups.items())
        ]

    def head_count(
        self,
        *,
        statuses: Sequence[LineStatus] = (LineStatus.PAID,),
        first_year: int | None = None,
        last_year: int | None = None,
        rule_ids: Sequence[str] | None = None,
        division: str | None = None,
    ) -> int:
        selected = self._selected(statuses, first_year, last_year, rule_ids, division)
        return len({line.person_id for line in selected})

    def _selected(
        self,
        statuses: Sequence[LineStatus],
        first_year: int | None,
        last_year: int | None,
        rule_ids: Sequence[str] | None,
        division: str | None,
    ) -> list[LedgerLine]:
        """The lines :meth:`totals` and :meth:`head_count` count."""
        wanted = set(statuses)
        with self._lock:
            self._open()
            out = []
            for line in self._lines:
                year = line.period_first.year
                assert line.line_id is not None
                if (
                    self._current(line.line_id) not in wanted
                    or (first_year is not None and year < first_year)
                    or (last_year is not None and year > last_year)
                    or (rule_ids is not None and line.rule_id not in rule_ids)
                    or (division is not None and not line.division.startswith(division))
                ):
                    continue
                out.append(line)
            return out

    # -- audit -------------------------------------------------------------------------------
    def audit(self, event: AuditEvent) -> None:
        rows.check_audit(event)
        with self._lock:
            self._open()
            self._audit_locked(
                event.actor, event.action, event.subject, event.details, rows.utc_now()
            )

    def audit_events(
        self, *, since: int | None = None, action: str | None = None
    ) -> list[AuditEvent]:
        with self._lock:
            return [
                e
                for e in self._audit
                if (since is None or (e.seq or 0) > since)
                and (action is None or e.action == action)
            ]


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    """What a durable backend hands back: the values through JSON (tuples become lists)."""
    return rows.decode_values(rows.encode_values(values))


def _unknown_paid(person_id: str) -> StoreError:
    return StoreError(f"已发放至：无此人员 {person_id} / paid up to: unknown person {person_id}")


def _check_actor(actor: str) -> None:
    rows.check_actor(actor)


def _subject(person_ids: Sequence[str]) -> str:
    return rows.persons_subject(person_ids)
