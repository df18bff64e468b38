"""The one fold of dated facts into the rows in force on a date, over columns.

A person's row on a date is the fold, in ``(effective_from, seq)`` order, of every fact in
force then: a later fact's value for a field replaces an earlier one, ``None`` clears it (see
:mod:`shuangyong.storage.model`). Every backend and every reader (``row_on``, ``rows_on``, the
ledger's columns) folds through :meth:`FactColumns.fold`, so the meaning is written once.

Facts are held as columns, not as a dict per fact: per field, the distinct stored values (JSON
form) and a small integer code per fact (-1: the fact does not set the field). The fold then
only moves codes: for each field, the last fact in force that sets it, per person, found with a
few numpy passes over a million facts. A person with one fact (the common case) costs nothing
more than the passes; no row is ever built as a dict unless asked for (:meth:`Rows.dicts`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

__all__ = ["Coded", "FactColumns", "Rows", "code_values", "object_array", "rows_in_force"]

_NEW_SEQ = np.int64(2**62)
_DEDUPE_MAX = 100_000  # a fact not yet written sorts after the stored ones of its date


@attrs.frozen(eq=False)
class Coded:
    """One field over many facts or rows.

    Attributes:
        values: the distinct stored values (object; JSON form: text, int, bool, list; ``None``
            in a fact's column means the fact clears the field).
        codes: per entry, the index into ``values``; -1 where the field is not set.
    """

    values: npt.NDArray[np.object_]
    codes: npt.NDArray[np.signedinteger[Any]]

    def objects(self) -> npt.NDArray[np.object_]:
        """The stored value per entry (object; None where unset)."""
        # code -1 picks the last entry: None
        padded = np.empty(len(self.values) + 1, dtype=object)
        padded[:-1] = self.values
        out: npt.NDArray[np.object_] = padded[self.codes]
        return out


def _key(value: Any) -> Any:
    # True == 1 and "1" != 1: the type is part of the key, so an int never stands for a bool;
    # a list (a set field) is keyed by its items
    if isinstance(value, list | tuple):
        return (list, tuple(value))
    return (type(value), value)


def code_values(column: Sequence[Any]) -> Coded:
    """A column of stored values (``_UNSET`` where not set) as :class:`Coded`."""
    memo: dict[Any, int] = {}
    values: list[Any] = []
    codes = np.empty(len(column), dtype=np.int64)
    for i, v in enumerate(column):
        if v is _UNSET:
            codes[i] = -1
            continue
        try:
            c = memo.get(v)
        except TypeError:  # a list (a set field)
            c = None
        # True == 1 and 1 == 1.0: a hit of another type is not the same value
        if c is None or type(values[c]) is not type(v):
            k = _key(v)
            c = memo.get(k)
            if c is None:
                c = memo[k] = len(values)
                values.append(list(v) if isinstance(v, tuple) else v)
                if not isinstance(v, list | tuple):
                    memo.setdefault(v, c)
        codes[i] = c
    return Coded(object_array(values), _narrow(codes, len(values)))


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


_UNSET: Any = _Unset()


def object_array(values: Sequence[Any]) -> npt.NDArray[np.object_]:
    """An object array of the values as they are (a list value stays one entry)."""
    return np.fromiter(values, dtype=object, count=len(values))


def _narrow(codes: npt.NDArray[np.int64], n: int) -> npt.NDArray[np.signedinteger[Any]]:
    """The smallest signed dtype that holds codes up to ``n - 1`` and -1."""
    for dtype in (np.int8, np.int16, np.int32):
        if n <= np.iinfo(dtype).max:
            return codes.astype(dtype)
    return codes


@attrs.frozen(eq=False)
class FactColumns:
    """Facts as columns, sorted by ``(person, effective_from, seq)``.

    Attributes:
        ids: the distinct person ids, sorted (object).
        person: per fact, the index of its person in ``ids`` (non-decreasing).
        effective: per fact, its date of effect (``datetime64[D]``).
        seq: per fact, the store's order of recording (facts not yet written sort last).
        fields: per field any fact sets, its values and a code per fact.
    """

    ids: npt.NDArray[np.object_]
    person: npt.NDArray[np.int64]
    effective: npt.NDArray[np.datetime64]
    seq: npt.NDArray[np.int64]
    fields: Mapping[str, Coded]

    def __len__(self) -> int:
        return len(self.person)

    @classmethod
    def build(
        cls,
        person_ids: Sequence[str],
        effective: Sequence[dt.date] | npt.NDArray[np.datetime64],
        seqs: Sequence[int | None] | npt.NDArray[np.int64],
        values: Sequence[Mapping[str, Any]],
    ) -> FactColumns:
        """Columns of facts given one by one (any order); ``seq`` None: not yet written."""
        n = len(person_ids)
        by_field: dict[str, list[Any]] = {}
        for i, vals in enumerate(values):
            for k, v in vals.items():
                col = by_field.get(k)
                if col is None:
                    col = by_field[k] = [_UNSET] * n
                col[i] = v
        seq = np.fromiter(
            (_NEW_SEQ + i if s is None else s for i, s in enumerate(seqs)), np.int64, count=n
        )
        return cls.sort(
            np.asarray(person_ids, dtype=object) if n else np.empty(0, dtype=object),
            np.asarray(effective, dtype="datetime64[D]"),
            seq,
            {k: code_values(col) for k, col in sorted(by_field.items())},
        )

    @classmethod
    def sort(
        cls,
        person_ids: npt.NDArray[np.object_],
        effective: npt.NDArray[np.datetime64],
        seq: npt.NDArray[np.int64],
        fields: Mapping[str, Coded],
    ) -> FactColumns:
        """From unsorted per-fact columns (person ids as text)."""
        given = person_ids.tolist()
        # in order of appearance first: batches are mostly sorted already, which Python's
        # sort exploits (numpy's string sort does not)
        ids = sorted(dict.fromkeys(given))
        index = {p: i for i, p in enumerate(ids)}
        person = np.fromiter(map(index.__getitem__, given), np.int64, count=len(given))
        order = np.lexsort((seq, effective, person))
        return cls(
            ids=object_array(ids),
            person=person[order],
            effective=effective[order],
            seq=seq[order],
            fields={k: Coded(c.values, c.codes[order]) for k, c in fields.items()},
        )

    @classmethod
    def concat(cls, parts: Sequence[FactColumns]) -> FactColumns:
        """Facts of several parts (written at different times, each sorted or not) as one,
        sorted."""
        if not parts:
            return cls.build([], [], [], [])
        names = sorted({k for p in parts for k in p.fields})
        fields: dict[str, Coded] = {}
        for name in names:
            values: list[npt.NDArray[np.object_]] = []
            codes: list[npt.NDArray[np.int64]] = []
            offset = 0
            for p in parts:
                c = p.fields.get(name)
                if c is None:
                    codes.append(np.full(len(p), -1, dtype=np.int64))
                    continue
                values.append(c.values)
                codes.append(np.where(c.codes >= 0, c.codes.astype(np.int64) + offset, -1))
                offset += len(c.values)
            every = np.concatenate(values)
            both = np.concatenate(codes)
            # parts written apart repeat values ("combat" in each): share one where few are
            # distinct; a million names are left as they are (sharing them saves nothing)
            fields[name] = (
                _dedupe(every, both)
                if len(every) <= _DEDUPE_MAX
                else Coded(every, _narrow(both, len(every)))
            )
        effective = np.concatenate([p.effective for p in parts])
        seq = np.concatenate([p.seq for p in parts])
        keys = [np.asarray(p.ids, dtype=str) for p in parts]
        # one width for all, so that merging never truncates a longer id
        width = max(k.dtype.itemsize // 4 for k in keys) or 1
        keys = [k.astype(f"<U{width}") for k in keys]
        if not all(_increasing(k) for k in keys):  # not one of ours: sort it the long way
            return cls.sort(
                np.concatenate([p.ids[p.person] for p in parts]), effective, seq, fields
            )
        # Each part's ids are sorted and distinct: merge them as sorted text arrays and map
        # each part's person indices onto the merged ids, never touching an id in Python.
        ids = _union([k for k in keys if len(k)])
        person = np.concatenate(
            [
                np.searchsorted(ids, k).astype(np.int64)[p.person]
                for p, k in zip(parts, keys, strict=True)
            ]
        )
        table = cls(object_array(ids.tolist()), person, effective, seq, fields)
        # parts written one after another for different people (an import in batches) are
        # already in order; otherwise one sort of integers puts them in order
        return (
            table
            if _in_order(person, effective, seq)
            else table.take_facts(np.lexsort((seq, effective, person)))
        )

    def take_facts(self, order: npt.NDArray[np.int64]) -> FactColumns:
        """The facts at ``order`` (a permutation or a selection; the ids stay as they are)."""
        return FactColumns(
            ids=self.ids,
            person=self.person[order],
            effective=self.effective[order],
            seq=self.seq[order],
            fields={k: Coded(c.values, c.codes[order]) for k, c in self.fields.items()},
        )

    def select(self, person_ids: Iterable[str]) -> FactColumns:
        """The facts of these people only."""
        wanted = np.asarray(sorted(set(person_ids)), dtype=str)
        keys = self.ids.astype(str)
        keep_ids = np.isin(keys, wanted)
        keep = keep_ids[self.person]
        renumber = np.cumsum(keep_ids) - 1
        return FactColumns(
            ids=self.ids[keep_ids],
            person=renumber[self.person[keep]].astype(np.int64),
            effective=self.effective[keep],
            seq=self.seq[keep],
            fields={k: Coded(c.values, c.codes[keep]) for k, c in self.fields.items()},
        )

    def fold(self, on: dt.date) -> Rows:
        """Everyone's row in force on ``on``: people with a fact in force by then, sorted by
        id; per field, the value of the last fact in force that sets it (None clears)."""
        live = self.effective <= np.datetime64(on, "D")
        registered = np.zeros(len(self.ids), dtype=bool)
        registered[self.person[live]] = True
        people = np.flatnonzero(registered)
        row_of = np.full(len(self.ids), -1, dtype=np.int64)
        row_of[people] = np.arange(len(people))
        fields: dict[str, Coded] = {}
        for name, col in self.fields.items():
            idx = np.flatnonzero(live & (col.codes >= 0))
            if not len(idx):
                continue
            who = self.person[idx]
            # facts are sorted by person, date, seq: a person's last fact setting the field
            # is the one before the next person's first
            last = np.ones(len(idx), dtype=bool)
            last[:-1] = who[1:] != who[:-1]
            codes = np.full(len(people), -1, dtype=col.codes.dtype)
            codes[row_of[who[last]]] = col.codes[idx[last]]
            cleared = _is_none(col.values)
            if cleared.any():
                codes[(codes >= 0) & cleared[codes]] = -1
            if (codes >= 0).any():
                fields[name] = Coded(col.values, codes)
        return Rows(self.ids[people], fields)


def _increasing(keys: npt.NDArray[np.str_]) -> bool:
    return bool((keys[1:] > keys[:-1]).all())


def _union(keys: Sequence[npt.NDArray[np.str_]]) -> npt.NDArray[np.str_]:
    """The sorted union of sorted, distinct text arrays, merged pairwise (each merge is a
    binary search of the smaller into the larger and one insert: linear, no sort)."""
    if not keys:
        return np.empty(0, dtype=str)
    # batches of different people (an import in chunks) follow one another: joined as they are
    ordered = sorted(keys, key=lambda k: str(k[0]))
    if all(str(a[-1]) < str(b[0]) for a, b in itertools.pairwise(ordered)):
        return np.concatenate(ordered)
    parts = sorted(keys, key=len, reverse=True)
    out = parts[0]
    for k in parts[1:]:
        at = np.searchsorted(out, k)
        # a key already held (a person with facts in both batches) is not inserted again
        held = at < len(out)
        held[held] = out[at[held]] == k[held]
        out = np.insert(out, at[~held], k[~held])
    return out


def _in_order(
    person: npt.NDArray[np.int64], effective: npt.NDArray[np.datetime64], seq: npt.NDArray[np.int64]
) -> bool:
    """Whether facts are sorted by (person, effective, seq)."""
    dp = np.diff(person)
    de = np.diff(effective.astype(np.int64))
    ds = np.diff(seq)
    return bool(((dp > 0) | ((dp == 0) & ((de > 0) | ((de == 0) & (ds > 0))))).all())


def _is_none(values: npt.NDArray[np.object_]) -> npt.NDArray[np.bool_]:
    # element-wise == in C (a million names); only None equals None among stored values
    out: npt.NDArray[np.bool_] = np.equal(values, np.array(None, dtype=object)).astype(bool)
    return out


def _dedupe(values: npt.NDArray[np.object_], codes: npt.NDArray[np.int64]) -> Coded:
    """One entry per distinct value (parts written apart repeat values: "combat" once)."""
    memo: dict[Any, int] = {}
    distinct: list[Any] = []
    remap = np.empty(len(values) + 1, dtype=np.int64)
    remap[-1] = -1
    for i, v in enumerate(values.tolist()):
        k = _key(v)
        c = memo.get(k)
        if c is None:
            c = memo[k] = len(distinct)
            distinct.append(v)
        remap[i] = c
    return Coded(object_array(distinct), _narrow(remap[codes], len(distinct)))


@attrs.frozen(eq=False)
class Rows:
    """Rows in force on a date, as columns: person ids (sorted) and the fields set.

    Attributes:
        ids: person ids (object).
        fields: per field set in some row, the stored values and a code per row.
    """

    ids: npt.NDArray[np.object_]
    fields: Mapping[str, Coded]

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def of_dicts(cls, rows: Sequence[Mapping[str, Any]]) -> Rows:
        """Rows as ``Store.rows_on`` returns them (``person_id`` and every field set)."""
        names = sorted({k for r in rows for k in r} - {"person_id"})
        return cls(
            object_array([r["person_id"] for r in rows]),
            {k: code_values([r.get(k, _UNSET) for r in rows]) for k in names},
        )

    def take(self, idx: npt.NDArray[np.int64] | npt.NDArray[np.bool_]) -> Rows:
        fields = {k: Coded(c.values, c.codes[idx]) for k, c in self.fields.items()}
        return Rows(self.ids[idx], {k: c for k, c in fields.items() if (c.codes >= 0).any()})

    def in_division(self, division: str | None) -> npt.NDArray[np.bool_]:
        """Per row: ``division`` is its county (6 digits: ``household_division``) or a prefix
        of its township code (``township_division``); None: every row."""
        if division is None:
            return np.ones(len(self), dtype=bool)
        name = "household_division" if len(division) == 6 else "township_division"
        col = self.fields.get(name)
        if col is None:
            return np.zeros(len(self), dtype=bool)
        if len(division) == 6:
            hit = [v == division for v in col.values.tolist()]
        else:
            hit = [isinstance(v, str) and v.startswith(division) for v in col.values.tolist()]
        padded = np.zeros(len(hit) + 1, dtype=bool)  # code -1 (unset) picks the last: False
        padded[:-1] = hit
        out: npt.NDArray[np.bool_] = padded[col.codes]
        return out

    def objects(self) -> dict[str, npt.NDArray[np.object_]]:
        """Object columns: ``person_id`` first, then every field set, sorted; None where a row
        lacks the field."""
        out = {"person_id": self.ids}
        for name in sorted(self.fields):
            out[name] = self.fields[name].objects()
        return out

    def dicts(self) -> list[dict[str, Any]]:
        """One dict per row: ``person_id`` and the fields set (stored values)."""
        out: list[dict[str, Any]] = [{"person_id": p} for p in self.ids.tolist()]
        for name in sorted(self.fields):
            col = self.fields[name]
            values = col.values.tolist()
            for i, c in enumerate(col.codes.tolist()):
                if c >= 0:
                    out[i][name] = values[c]
        return out


def rows_in_force(
    table: FactColumns,
    on: dt.date,
    *,
    division: str | None = None,
    person_ids: Iterable[str] | None = None,
) -> Rows:
    """``Store.rows_on`` over facts as columns: the rows in force on ``on`` of the people
    asked (default all) whose county or township on ``on`` is ``division`` (default any)."""
    if person_ids is not None:
        table = table.select(person_ids)
    got = table.fold(on)
    if division is None:
        return got
    return got.take(np.flatnonzero(got.in_division(division)))
