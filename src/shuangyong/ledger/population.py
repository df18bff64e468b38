"""The people a ledger operation evaluates, as their facts stood on each date.

A payment run evaluates everyone registered in a division over a range of months, but facts
change over time (a reassessment, a death, a move): the engine asks for the rows as they stood
on each date it evaluates (``rows_at``), and this module answers from the store, once per date.
It also says, per date, which rows were registered in the division then, so that a person who
moved in or out mid-range gets lines only for the months the division was responsible for.

Rows are kept as columns, never as a dict per person: the store folds its facts into columns
of codes (``coded_rows_on``), typed here from each field's few distinct values
(:mod:`shuangyong.ledger.columns`), and the table of a date is built once and
shared by every rule evaluated on it. A regular run reads the division once per date
(:class:`DivisionDays`), and the same read says who is registered there and what their rows
are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from shuangyong.domain.periods import Month
from shuangyong.engine.batch import Unrecorded
from shuangyong.ledger.columns import (
    Columns,
    Specs,
    compact_coded,
    compact_rows,
    concat,
    division_text,
    fill_defaults,
    person_index,
    take,
    unset_required,
)
from shuangyong.policy.schema import FIELDS
from shuangyong.storage.model import REGISTER_FIELDS
from shuangyong.storage.protocol import Store, coded_rows_on

__all__ = ["DivisionDays", "Population", "registered_in"]


class DivisionDays:
    """The rows of everyone registered in a division, read from the store once per date.

    Args:
        store: the case store.
        division: a 6-digit county (its townships included) or a township code.
        specs: the engine's row fields (``Engine.fields``: a plugin's fields typed too).
    """

    def __init__(self, store: Store, division: str, specs: Specs = FIELDS) -> None:
        self.store = store
        self.division = division
        self.specs = specs
        self._days: dict[dt.date, Columns] = {}

    def on(self, day: dt.date) -> Columns:
        """Compact columns (``person_id`` sorted) of the division's rows on ``day``."""
        hit = self._days.get(day)
        if hit is None:
            hit = self._days[day] = compact_coded(
                coded_rows_on(self.store, day, division=self.division), self.specs
            )
        return hit

    def forget(self, day: dt.date) -> None:
        """Drop a date once it is no longer needed (a million rows per date)."""
        self._days.pop(day, None)


def registered_in(
    store: Store, division: str, first: Month, last: Month, days: DivisionDays | None = None
) -> list[str]:
    """Everyone registered in ``division`` on the first day of any month of ``first..last``
    or on its last day, sorted. ``days`` keeps what was read for the evaluation."""
    days = days or DivisionDays(store, division)
    m = first
    dates = []
    while m <= last:
        dates.append(m.start)
        m = m + 1
    dates.append(last.end)
    each = [days.on(day)["person_id"] for day in dates]
    if all(len(ids) == len(each[0]) and np.equal(ids, each[0]).all() for ids in each[1:]):
        return list(each[0].tolist())  # the same people every date (sorted): the usual case
    # each date's ids are sorted; in order of first appearance they form a few sorted runs,
    # which Python's sort merges in linear time (a set would lose the order: a full sort)
    found: dict[str, None] = {}
    for ids in each:
        found.update(dict.fromkeys(ids.tolist()))
    return sorted(found)


class Population:
    """Rows of a fixed list of people on any date, read from the store once per date.

    Args:
        store: the case store.
        person_ids: the people (row ``i`` of every table is ``person_ids[i]``).
        division: the division the operation is for (6-digit county or township code).
        fields: the row fields every table carries (a field never recorded takes its default,
            as in a dict row; one without a default is unset, and :meth:`rows_at` tells the
            engine which rows never recorded it: they are evaluated as a dict row without that
            key is, see :class:`shuangyong.engine.batch.Unrecorded`).
        days: the division's rows already read (a regular run); without it the people are
            read by id (arrears, recoveries and corrections name few people).
        specs: the engine's row fields (``Engine.fields``: a plugin's fields typed too).
    """

    def __init__(
        self,
        store: Store,
        person_ids: Sequence[str],
        division: str,
        fields: Iterable[str],
        days: DivisionDays | None = None,
        specs: Specs = FIELDS,
    ) -> None:
        self.store = store
        self.specs = specs
        self.ids = list(person_ids)
        self._id_array = np.empty(len(self.ids), dtype=object)
        self._id_array[:] = self.ids
        self.division = division
        self.fields = sorted(set(fields) | {"person_id", "household_division"})
        self._days = days
        self._tables: dict[dt.date, Columns] = {}
        self._inside: dict[dt.date, npt.NDArray[np.bool_]] = {}
        self._gaps: dict[dt.date, dict[str, npt.NDArray[np.bool_]]] = {}
        self._first_rows: dict[int, dict[str, Any]] = {}
        self._raw: dict[tuple[dt.date, str], npt.NDArray[Any]] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def _table(self, on: dt.date) -> Columns:
        """Everyone's row on ``on`` as compact columns in ``ids`` order, every recorded field
        (people not registered then: their first registered row, and ``inside`` False)."""
        hit = self._tables.get(on)
        if hit is not None:
            return hit
        ids = self._id_array
        if self._days is not None:
            got = self._days.on(on)
            pos, found = person_index(got["person_id"], ids)
            inside = found.copy()
        else:
            got = compact_coded(coded_rows_on(self.store, on, person_ids=self.ids), self.specs)
            pos, found = person_index(got["person_id"], ids)
            inside = found & _in_division(got, pos, found, self.division)
        if len(got["person_id"]) == len(ids) and found.all() and _is_identity(pos):
            # everyone registered on this date, in the same order (a regular run's usual
            # case): the date's columns as they are, no copy of a million rows
            table = fill_defaults(
                concat([got], sorted(set(self.fields) - {"person_id"}), self.specs), self.specs
            )
            self._tables[on] = table
            self._inside[on] = inside
            return table
        parts = [take(got, pos[found])]
        order = [np.flatnonzero(found)]
        missing = np.flatnonzero(~found)
        if len(missing) and self._days is not None:
            # registered elsewhere on this date (moved in or out within the range)
            more = compact_coded(
                coded_rows_on(self.store, on, person_ids=ids[missing].tolist()), self.specs
            )
            mpos, mfound = person_index(more["person_id"], ids[missing])
            parts.append(take(more, mpos[mfound]))
            order.append(missing[mfound])
            missing = missing[~mfound]
        if len(missing):
            # Rows not registered on a date are evaluated on their first registered row (their
            # lines are dropped as outside the division's responsibility); an empty row would be
            # reported as an input error the person does not have.
            firsts = [self._first_row(int(i)) for i in missing]
            parts.append(compact_rows(firsts, self.specs))
            order.append(missing)
        every = np.concatenate(order)
        table = concat(parts, sorted(set(self.fields) - {"person_id"}), self.specs)
        back = np.empty(len(every), dtype=np.int64)
        back[every] = np.arange(len(every))
        table = fill_defaults(take(table, back), self.specs)
        self._tables[on] = table
        self._inside[on] = inside
        return table

    def inside(self, on: dt.date) -> npt.NDArray[np.bool_]:
        """Per person: registered on ``on`` and in the division then."""
        self._table(on)
        return self._inside[on]

    def _first_row(self, i: int) -> dict[str, Any]:
        hit = self._first_rows.get(i)
        if hit is None:
            pid = self.ids[i]
            facts = self.store.facts(pid)
            hit = self._first_rows[i] = self.store.row_on(pid, facts[0].effective_from)
        return hit

    def table(self, on: dt.date, rows: npt.NDArray[np.int64] | None = None) -> dict[str, Any]:
        """The given rows (indices; default all) as they stood on ``on``: columns of every
        recorded field and the ``fields`` asked for (``name`` and ``township_division`` left
        out: the engine does not know them). Lossless typed columns where a field allows
        (dates, and integers, booleans and codes without gaps), else object columns."""
        full = self._table(on)
        # every recorded field, not only those the rules read: the engine checks all columns
        # given, so a record that contradicts itself is reported, never paid on
        cols = {f: v for f, v in full.items() if f not in REGISTER_FIELDS}
        if rows is None or (len(rows) == len(self.ids) and _is_identity(rows)):
            return cols
        return take(cols, rows)

    def rows_at(self, on: dt.date, rows: npt.NDArray[np.int64]) -> dict[str, Any] | Unrecorded:
        """What :meth:`shuangyong.Engine.evaluate_batch_months` asks for: :meth:`table`, and
        where some of the rows never recorded a required field (one without a default), which
        rows lack which field (:class:`~shuangyong.engine.batch.Unrecorded`)."""
        cols = self.table(on, rows)
        gaps = self.unrecorded(on)
        if not gaps:
            return cols
        if not (len(rows) == len(self.ids) and _is_identity(rows)):
            gaps = {f: m[rows] for f, m in gaps.items()}
            gaps = {f: m for f, m in gaps.items() if m.any()}
            if not gaps:
                return cols
        return Unrecorded(cols, gaps)

    def unrecorded(self, on: dt.date) -> dict[str, npt.NDArray[np.bool_]]:
        """Per required field (no default, not nullable) that someone never recorded by
        ``on``: who (True). Fields everyone recorded are left out."""
        hit = self._gaps.get(on)
        if hit is None:
            hit = self._gaps[on] = unset_required(self._table(on), self.specs)
        return hit

    def column(self, on: dt.date, field: str) -> npt.NDArray[Any]:
        """The stored values of ``field`` on ``on`` per person (object: text as stored, None
        where unset), e.g. the county, township or a rule's division field."""
        hit = self._raw.get((on, field))
        if hit is None:
            col = self._table(on).get(field)
            # a division code typed for the engine: its text back
            hit = np.full(len(self.ids), None, object) if col is None else division_text(col)
            self._raw[(on, field)] = hit
        return hit

    def place(self, on: dt.date, i: int) -> tuple[str, str | None]:
        """(county, township or None) of person ``i`` on ``on``."""
        town = self.column(on, "township_division")[i]
        return str(self.column(on, "household_division")[i]), town if isinstance(
            town, str
        ) else None

    def value(self, on: dt.date, i: int, field: str) -> Any:
        return self.column(on, field)[i]


def _is_identity(rows: npt.NDArray[np.int64]) -> bool:
    return bool((rows == np.arange(len(rows))).all())


def _in_division(
    got: Columns, pos: npt.NDArray[np.int64], found: npt.NDArray[np.bool_], division: str
) -> npt.NDArray[np.bool_]:
    """Per wanted person (found at ``pos`` of ``got``): registered in ``division`` (a county:
    the household county; a township: the township code starts with it)."""
    out = np.zeros(len(found), dtype=bool)
    idx = pos[found]
    if len(division) == 6:
        col = got.get("household_division")
        if col is None:
            return out
        values = col[idx]
        if values.dtype.kind == "i":
            out[found] = values == int(division)
        else:
            out[found] = values == division
        return out
    towns = got.get("township_division")
    if towns is None:
        return out
    out[found] = [isinstance(t, str) and t.startswith(division) for t in towns[idx].tolist()]
    return out
