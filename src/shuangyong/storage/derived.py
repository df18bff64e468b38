"""Reads every backend derives the same way from its own primitives, written once.

A backend implements ``facts``, ``rows_on_coded`` (the facts in force as coded columns, see
:mod:`shuangyong.storage.fold`) and ``iter_lines``; ``row_on``, ``rows_on``, ``rows_on_columns``
and ``lines`` follow from them and must mean the same on every backend, so they live here
rather than in each backend (the behaviour suite checks them on all).
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from shuangyong.domain.periods import Month
from shuangyong.storage import rows
from shuangyong.storage.fold import Rows
from shuangyong.storage.model import Fact, LedgerLine, LineStatus
from shuangyong.storage.protocol import StoreError

__all__ = ["DerivedReads"]


class DerivedReads(abc.ABC):
    """Mixin for a store: the reads defined by its ``rows_on_coded`` and ``iter_lines``."""

    @abc.abstractmethod
    def facts(self, person_id: str) -> list[Fact]:
        """Every fact of a person in ``(effective_from, seq)`` order (the backend's read)."""

    def row_on(
        self, person_id: str, on: dt.date, *, known_at: dt.datetime | None = None
    ) -> dict[str, Any]:
        """The person's row in force on ``on`` (see the Store protocol)."""
        facts = self.facts(person_id)
        if not facts:
            raise StoreError(f"无此人员 {person_id} / unknown person {person_id}")
        row = rows.fold(facts, on, known_at=known_at)
        if row is None:
            raise StoreError(
                f"人员 {person_id} 在 {on} 尚未登记 / person {person_id} has no fact in force "
                f"on {on}" + (f" known at {known_at.isoformat()}" if known_at else "")
            )
        return {"person_id": person_id, **row}

    @abc.abstractmethod
    def rows_on_coded(
        self, on: dt.date, *, division: str | None = None, person_ids: Iterable[str] | None = None
    ) -> Rows:
        """The rows in force on ``on`` as coded columns (the backend's one read of facts)."""

    @abc.abstractmethod
    def iter_lines(self, **filters: Any) -> Iterator[LedgerLine]:
        """Ledger lines with their current status, filtered (the backend's one read)."""

    def rows_on(
        self, on: dt.date, *, division: str | None = None, person_ids: Iterable[str] | None = None
    ) -> list[dict[str, Any]]:
        """The rows in force on ``on``, one dict per person (see the Store protocol)."""
        return self.rows_on_coded(on, division=division, person_ids=person_ids).dicts()

    def rows_on_columns(
        self, on: dt.date, *, division: str | None = None, person_ids: Iterable[str] | None = None
    ) -> dict[str, Any]:
        """:meth:`rows_on` as object columns (see
        :func:`shuangyong.storage.protocol.columns_of_rows`)."""
        return self.rows_on_coded(on, division=division, person_ids=person_ids).objects()

    def lines(
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
        """:meth:`iter_lines` as a list (see the Store protocol)."""
        return list(
            self.iter_lines(
                person_id=person_id,
                rule_id=rule_id,
                run_id=run_id,
                first=first,
                last=last,
                division=division,
                status=status,
                line_ids=line_ids,
            )
        )
