"""Facts as stored columns: a batch of facts in one blob, read back without JSON per fact.

A store keeps each fact as canonical JSON (the record: hashed, shown, exported). Reading a
million facts back that way costs a ``json.loads`` and a dict per fact, which is most of a
payment run. So a backend also writes, in the same transaction as the facts, the same values
as columns (:class:`~shuangyong.storage.fold.FactColumns`: per field the distinct values and a
small integer code per fact) in one blob per batch, and reads those back instead: a few
``frombuffer`` calls and one ``json.loads`` of the distinct values.

The blob is derived data, never the record: it can always be rebuilt from the facts (a
migration does so), and it holds exactly the facts' values (the distinct values are the
facts' own JSON values, written and read by :mod:`json`). Layout: a JSON header (format,
count, person ids, per field its distinct values and code width) and the arrays, little-endian,
one after another: person index (``<i4``), date of effect (days since 1970, ``<i4``), seq
(``<i8``), then each field's codes.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import numpy.typing as npt

from shuangyong.storage.fold import Coded, FactColumns, object_array

__all__ = ["FORMAT", "decode", "encode"]

FORMAT = 1
"""The blob layout version (a reader refuses others)."""


def encode(table: FactColumns) -> tuple[str, bytes]:
    """(header, arrays) of a batch of facts."""
    widths: dict[str, str] = {}
    parts = [
        table.person.astype("<i4").tobytes(),
        table.effective.astype(np.int64).astype("<i4").tobytes(),
        table.seq.astype("<i8").tobytes(),
    ]
    values: dict[str, list[Any]] = {}
    for name, col in table.fields.items():
        dtype = col.codes.dtype.newbyteorder("<")
        widths[name] = dtype.str
        values[name] = col.values.tolist()
        parts.append(col.codes.astype(dtype).tobytes())
    header = json.dumps(
        {
            "format": FORMAT,
            "n": len(table),
            "ids": table.ids.tolist(),
            "fields": [[name, widths[name], values[name]] for name in table.fields],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return header, b"".join(parts)


def decode(header: str, data: bytes) -> FactColumns:
    """A batch back, as written (not sorted: :meth:`FactColumns.concat` sorts batches)."""
    head = json.loads(header)
    if head["format"] != FORMAT:
        raise ValueError(f"fact blob format {head['format']} is not {FORMAT}")
    n = int(head["n"])
    at = 0

    def take(dtype: str) -> npt.NDArray[Any]:
        nonlocal at
        arr = np.frombuffer(data, dtype=dtype, count=n, offset=at)
        at += arr.nbytes
        return arr

    person = take("<i4").astype(np.int64)
    effective = take("<i4").astype("datetime64[D]")
    seq = take("<i8").astype(np.int64)
    fields: dict[str, Coded] = {}
    for name, width, values in head["fields"]:
        codes = take(width)
        fields[name] = Coded(object_array(values), codes.astype(codes.dtype.newbyteorder("=")))
    ids = object_array(head["ids"])
    return FactColumns(ids=ids, person=person, effective=effective, seq=seq, fields=fields)
