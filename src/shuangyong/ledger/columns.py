"""Stored rows as compact columns: the form a payment run hands the engine.

A store returns a field's values as they are stored (JSON form: dates as ``YYYY-MM-DD`` text,
enum values as text, integers, booleans, 6-digit division text). The engine converts object
columns value by value, which costs more than the rest of a run; typed columns it converts in
bulk. So a field is typed here where the typed column holds exactly the same values (the store
checked every value with the engine's own converter when the fact was written):

* dates → ``datetime64[D]`` (an unset date is NaT, which the engine reads as missing, as None);
* integers and booleans without gaps → ``int64`` / ``bool`` (a column with an unset value stays
  an object column: a typed column has no "missing");
* division codes that are all 6-digit text → ``int64`` (:func:`division_text` gives the text
  back);
* everything else stays an object column, with equal values sharing one object (a million
  decoded copies of "combat" become one).

Nothing is converted that the engine would judge differently: its checks (ranges, known
divisions, cross-field order) run on the typed columns as on the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from shuangyong.policy.schema import FIELDS, Field, FieldKind
from shuangyong.storage.fold import Coded, Rows, code_values, object_array

__all__ = [
    "Columns",
    "compact",
    "compact_coded",
    "compact_rows",
    "concat",
    "division_text",
    "fill_defaults",
    "person_index",
    "take",
    "unset_required",
]

Columns = dict[str, npt.NDArray[Any]]

_SIX = re.compile(r"[1-9][0-9]{5}")
_DROPPED = frozenset({"name"})  # no rule reads it and a run never shows it


Specs = Mapping[str, Field]
"""The row fields by name: an engine's ``fields`` (the national :data:`FIELDS` plus what its
plugins add), so a plugin's field is typed by its own kind, as a national one is."""


def compact(cols: Mapping[str, npt.NDArray[Any]], specs: Specs = FIELDS) -> Columns:
    """Typed or shared-value columns of stored rows (see the module docstring); ``person_id``
    stays an object column (the engine and the ledger read it as text)."""
    out: Columns = {}
    for name, col in cols.items():
        if name in _DROPPED:
            continue
        out[name] = col if name == "person_id" else _compact(name, col, specs)
    return out


def compact_rows(rows: Sequence[Mapping[str, Any]], specs: Specs = FIELDS) -> Columns:
    """:func:`compact_coded` of stored rows (as ``Store.rows_on`` returns them: ``person_id``
    and every field set). A field a row lacks is unset there."""
    return compact_coded(Rows.of_dicts(rows), specs)


def compact_coded(rows: Rows, specs: Specs = FIELDS) -> Columns:
    """Compact columns of rows read as codes (``shuangyong.storage.protocol.coded_rows_on``):
    each field typed from its few distinct values, then spread by code, never value by
    value."""
    out: Columns = {}
    for name in sorted(set(rows.fields) | {"person_id"}):
        if name == "person_id":
            out[name] = rows.ids
        elif name not in _DROPPED:
            out[name] = _typed_coded(name, rows.fields[name], specs)
    return out


def _compact(name: str, col: npt.NDArray[Any], specs: Specs = FIELDS) -> npt.NDArray[Any]:
    return _typed(name, col.tolist(), specs)


def _typed(name: str, values: list[Any], specs: Specs = FIELDS) -> npt.NDArray[Any]:
    """A field's column from its stored values (None: unset)."""
    return _typed_coded(name, code_values(values), specs)


def _typed_coded(name: str, col: Coded, specs: Specs = FIELDS) -> npt.NDArray[Any]:
    """The column of a field from its distinct values and codes (-1 or a None value: unset);
    only the values some row uses decide the type."""
    # the values in use, in code order, None standing for unset; ``at`` indexes them per row
    present = np.bincount(col.codes.astype(np.int64) + 1, minlength=len(col.values) + 1) > 0
    used = np.flatnonzero(present) - 1
    lut = np.zeros(len(col.values) + 1, dtype=np.int64)
    lut[used + 1] = np.arange(len(used))
    at = lut[col.codes.astype(np.int64) + 1]
    values = [None if u < 0 else col.values[u] for u in used.tolist()]
    spec = specs.get(name)
    kind = spec.kind if spec is not None else FieldKind.TEXT
    if kind is FieldKind.DATE:
        try:
            out: npt.NDArray[Any] = np.array(values, dtype="datetime64[D]")[at]
            return out
        except (TypeError, ValueError):
            return object_array(values)[at]
    if kind in (FieldKind.INT, FieldKind.BOOL) and None not in values:
        want = int if kind is FieldKind.INT else bool
        if set(map(type, values)) <= {want}:
            try:
                typed = np.array(values, dtype=np.int64 if want is int else bool)
                return typed[at]
            except OverflowError:  # beyond int64: the engine judges it, value by value
                pass
        return object_array(values)[at]
    if kind is FieldKind.DIVISION:
        codes = [int(v) if isinstance(v, str) and _SIX.fullmatch(v) else None for v in values]
        if None not in codes:
            return np.array(codes, dtype=np.int64)[at]
    # everything else an object column; equal values share one object
    return object_array(values)[at]


def fill_defaults(cols: Columns, specs: Specs = FIELDS) -> Columns:
    """``cols`` with every unset value of a field that has a default (and is not nullable)
    set to that default, typed again.

    A field never recorded for a person is absent from their row, and an absent field takes
    its default, as in a dict row given to the engine: a flag nobody recorded is false. Left
    as None, the engine would read "value missing" and refuse the row (issue 12: a veteran
    whose facts never mention ``combat_veteran`` could not be paid a living subsidy).
    """
    out = dict(cols)
    for name, col in cols.items():
        spec = specs.get(name)
        if spec is None or spec.default is None or spec.nullable or col.dtype != object:
            continue
        unset = np.asarray(col == None, dtype=bool)  # noqa: E711 (elementwise, in C)
        if unset.all():  # the usual case: nobody's facts mention the field
            every = Coded(object_array([spec.default]), np.zeros(len(col), dtype=np.int8))
            out[name] = _typed_coded(name, every, specs)
        elif unset.any():
            filled = col.copy()
            filled[unset] = spec.default
            out[name] = _compact(name, filled, specs)
    return out


def unset_required(cols: Columns, specs: Specs = FIELDS) -> dict[str, npt.NDArray[np.bool_]]:
    """Per field that a row must give (no default, not nullable) and that some row of
    ``cols`` never recorded (None, or NaT in a date column): the rows that lack it. A typed
    integer, boolean or division column has no unset value (see :func:`_typed_coded`)."""
    out: dict[str, npt.NDArray[np.bool_]] = {}
    for name, col in cols.items():
        spec = specs.get(name)
        if spec is None or spec.default is not None or spec.nullable:
            continue
        if col.dtype.kind == "M":
            unset = np.isnat(col)
        elif col.dtype == object:
            unset = np.asarray(col == None, dtype=bool)  # noqa: E711 (elementwise, in C)
        else:
            continue
        if unset.any():
            out[name] = unset
    return out


def _object(values: Sequence[Any]) -> npt.NDArray[Any]:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def division_text(col: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """A division column as stored text (object; None where unset)."""
    if col.dtype.kind != "i":
        return col
    codes = np.unique(col)
    text = {int(c): f"{int(c):06d}" for c in codes}
    return _object([text[v] for v in col.tolist()])


def person_index(
    have: npt.NDArray[Any], want: npt.NDArray[Any]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Where each of ``want`` is in ``have`` (person ids), and whether it is there at all."""
    if len(have) == len(want) and bool(np.equal(have, want).all()):
        # the same people in the same order (a run's usual case): no text conversion, no sort
        n = len(want)
        return np.arange(n, dtype=np.int64), np.ones(n, dtype=bool)
    keys = np.asarray(have, dtype=str)
    wanted = np.asarray(want, dtype=str)
    if len(keys) == 0:
        return np.zeros(len(wanted), dtype=np.int64), np.zeros(len(wanted), dtype=bool)
    order = None if bool((keys[1:] >= keys[:-1]).all()) else np.argsort(keys, kind="stable")
    sorted_keys = keys if order is None else keys[order]
    at = np.searchsorted(sorted_keys, wanted).clip(0, len(keys) - 1)
    found = sorted_keys[at] == wanted
    pos = at if order is None else order[at]
    return pos.astype(np.int64), found


def take(cols: Mapping[str, npt.NDArray[Any]], idx: npt.NDArray[np.int64]) -> Columns:
    return {k: v[idx] for k, v in cols.items()}


def concat(
    parts: Sequence[Mapping[str, npt.NDArray[Any]]],
    fields: Sequence[str],
    specs: Specs = FIELDS,
) -> Columns:
    """Parts (rows of different reads) one after the other; a field a part lacks is unset
    there; a field typed in one part and not in another becomes an object column of the
    stored values (dates stay dates)."""
    names = sorted(set(fields).union(*(p.keys() for p in parts)))
    sizes = [len(next(iter(p.values()))) if p else 0 for p in parts]
    out: Columns = {}
    for name in names:
        pieces = [p.get(name) for p in parts]
        given = [x for x in pieces if x is not None]
        if len(parts) == 1 and given:
            out[name] = given[0]
            continue
        if not given:  # unset everywhere: typed as an unset column of the field's kind
            unset = np.full(sum(sizes), -1, dtype=np.int8)
            out[name] = _typed_coded(name, Coded(object_array([]), unset), specs)
            continue
        if given and all(x.dtype.kind == "M" for x in given):
            out[name] = np.concatenate(
                [
                    x if x is not None else np.full(n, "NaT", "datetime64[D]")
                    for x, n in _z(pieces, sizes)
                ]
            )
            continue
        if given and len({x.dtype for x in given}) == 1 and len(given) == len(pieces):
            out[name] = np.concatenate(given)
            continue
        spec = specs.get(name)
        kind = spec.kind if spec is not None else FieldKind.TEXT
        objs = []
        for x, n in _z(pieces, sizes):
            if x is None:
                objs.append(np.full(n, None, dtype=object))
            elif x.dtype.kind == "M":
                objs.append(
                    _object([None if t == "NaT" else t for t in np.datetime_as_string(x).tolist()])
                )
            elif x.dtype.kind == "i" and kind is FieldKind.DIVISION:
                objs.append(division_text(x))
            else:
                objs.append(x.astype(object))
        out[name] = (
            _compact(name, np.concatenate(objs), specs) if objs else np.empty(0, dtype=object)
        )
    return out


def _z(
    pieces: Sequence[npt.NDArray[Any] | None], sizes: Sequence[int]
) -> list[tuple[npt.NDArray[Any] | None, int]]:
    return list(zip(pieces, sizes, strict=True))
