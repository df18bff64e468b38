"""The people a ledger operation evaluates, as their facts stood on each date.

A payment run evaluates everyone registered in a division over a range of months, but facts
change over time (a reassessment, a death, a move): the engine asks for the rows as they stood
on each date it evaluates (``rows_at``), and this module answers from the store, once per date.
It also says, per date, which rows were registered in the division then, so that a person who
moved in or out mid-range gets lines only for the months the division was responsible for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from shuangyong.domain.periods import Month
from shuangyong.storage import rows as store_rows
from shuangyong.storage.model import REGISTER_FIELDS
from shuangyong.storage.protocol import Store

__all__ = ["Population", "registered_in"]


def registered_in(store: Store, division: str, first: Month, last: Month) -> list[str]:
    """Everyone registered in ``division`` on the first day of any month of ``first..last``
    or on its last day, sorted."""
    found: set[str] = set()
    m = first
    days = []
    while m <= last:
        days.append(m.start)
        m = m + 1
    days.append(last.end)
    for day in days:
        found.update(r["person_id"] for r in store.rows_on(day, division=division))
    return sorted(found)


class Population:
    """Rows of a fixed list of people on any date, read from the store once per date.

    Args:
        store: the case store.
        person_ids: the people (row ``i`` of every table is ``person_ids[i]``).
        division: the division the operation is for (6-digit county or township code).
        fields: the row fields every table carries (missing values are None, so the engine
            reports them as missing rather than failing the whole batch).
    """

    def __init__(
        self, store: Store, person_ids: Sequence[str], division: str, fields: Iterable[str]
    ) -> None:
        self.store = store
        self.ids = list(person_ids)
        self.division = division
        self.fields = sorted(set(fields) | {"person_id", "household_division"})
        self._rows: dict[dt.date, list[dict[str, Any] | None]] = {}
        self._inside: dict[dt.date, npt.NDArray[np.bool_]] = {}
        self._first_rows: dict[int, dict[str, Any]] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def rows(self, on: dt.date) -> list[dict[str, Any] | None]:
        """Each person's row in force on ``on`` (None: not yet registered then)."""
        hit = self._rows.get(on)
        if hit is None:
            got = {r["person_id"]: r for r in self.store.rows_on(on, person_ids=self.ids)}
            hit = self._rows[on] = [got.get(pid) for pid in self.ids]
            self._inside[on] = np.array(
                [r is not None and store_rows.row_matches_division(r, self.division) for r in hit],
                dtype=bool,
            )
        return hit

    def inside(self, on: dt.date) -> npt.NDArray[np.bool_]:
        """Per person: registered on ``on`` and in the division then."""
        self.rows(on)
        return self._inside[on]

    def _first_row(self, i: int) -> dict[str, Any]:
        # Rows not registered on a date are evaluated on their first registered row (their
        # lines are dropped as outside the division's responsibility); an empty row would be
        # reported as an input error the person does not have.
        hit = self._first_rows.get(i)
        if hit is None:
            pid = self.ids[i]
            facts = self.store.facts(pid)
            hit = self._first_rows[i] = self.store.row_on(pid, facts[0].effective_from)
        return hit

    def table(self, on: dt.date, rows: npt.NDArray[np.int64] | None = None) -> dict[str, Any]:
        """The given rows (indices; default all) as they stood on ``on``, as object columns
        of every recorded field and the ``fields`` asked for (``name`` and
        ``township_division`` left out: the engine does not know them)."""
        all_rows = self.rows(on)
        idx = range(len(self.ids)) if rows is None else rows.tolist()
        chosen = [all_rows[i] or self._first_row(i) for i in idx]
        cols: dict[str, Any] = {}
        # every recorded field, not only those the rules read: the engine checks all columns
        # given, so a record that contradicts itself is reported, never paid on
        names = set(self.fields).union(*(r.keys() for r in chosen))
        for f in sorted(names):
            if f in REGISTER_FIELDS:
                continue
            col = np.empty(len(chosen), dtype=object)
            col[:] = [r.get(f) for r in chosen]
            cols[f] = col
        return cols

    def rows_at(self, on: dt.date, rows: npt.NDArray[np.int64]) -> dict[str, Any]:
        """What :meth:`shuangyong.Engine.evaluate_batch_months` asks for."""
        return self.table(on, rows)

    def place(self, on: dt.date, i: int) -> tuple[str, str | None]:
        """(county, township or None) of person ``i`` on ``on``."""
        row = self.rows(on)[i] or self._first_row(i)
        town = row.get("township_division")
        return str(row["household_division"]), town if isinstance(town, str) else None

    def value(self, on: dt.date, i: int, field: str) -> Any:
        row = self.rows(on)[i] or self._first_row(i)
        return row.get(field)
