"""Payment lines come ordered by row, due date and instalment, whichever way they were made
(the transposition of whole-table parts, or a sort): the same order either way."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from shuangyong.engine.engine import _by_row


def _parts(rows: np.ndarray, dues: list[np.ndarray], insts: list[np.ndarray]) -> list[dict]:
    return [
        {
            "row": rows.copy(),
            "due": d.astype("datetime64[D]"),
            "instalment": i.astype(np.int8),
            "amount": np.arange(len(rows)) + 1000 * j,
        }
        for j, (d, i) in enumerate(zip(dues, insts, strict=True))
    ]


def _concat(parts: list[dict]) -> dict:
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def _sorted(cols: dict) -> dict:
    order = np.lexsort((cols["instalment"], cols["due"], cols["row"]))
    return {k: v[order] for k, v in cols.items()}


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(1, 12),
    months=st.integers(1, 5),
    shuffle=st.booleans(),
    ties=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_lines_by_row_equal_a_sort(
    n: int, months: int, shuffle: bool, ties: bool, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    rows = np.arange(n) if not shuffle else rng.permutation(n)
    if ties:  # due dates that repeat or go back for some rows, instalments that vary
        dues = [rng.integers(0, 3, n) for _ in range(months)]
        insts = [rng.integers(0, 2, n) for _ in range(months)]
    else:
        dues = [np.full(n, 30 * j) for j in range(months)]
        insts = [np.zeros(n, dtype=np.int64) for _ in range(months)]
    parts = _parts(rows, dues, insts)
    cols = _concat(parts)
    got, want = _by_row(cols), _sorted(cols)
    for k in cols:
        assert np.array_equal(got[k], want[k]), k


def test_the_whole_table_case_is_a_transposition() -> None:
    rows = np.arange(4)
    parts = _parts(rows, [np.full(4, 0), np.full(4, 31)], [np.zeros(4)] * 2)
    got = _by_row(_concat(parts))
    assert got["row"].tolist() == [0, 0, 1, 1, 2, 2, 3, 3]
    assert got["amount"].tolist() == [0, 1000, 1, 1001, 2, 1002, 3, 1003]
