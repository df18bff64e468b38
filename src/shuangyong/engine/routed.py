"""Batch columns of a rule whose rows were routed to several versions (scoped variants).

Each version ran on its own rows (see ``Engine._run_routed``); this scatters their columns back
into one :class:`~shuangyong.engine.batch.RuleColumns` in row order. Versions may have different
conditions: the merged ``condition_ids`` are every version's, in order of first appearance, and
a condition a row's version does not have counts as met for that row. Each row's first failing
condition is its own version's, exactly as if it had been evaluated alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from shuangyong.engine.batch import RuleColumns

__all__ = ["merge_columns"]


def merge_columns(
    pieces: Sequence[tuple[RuleColumns, npt.NDArray[np.intp] | None]],
    jurisdictions: Sequence[str],
    n: int,
) -> RuleColumns:
    """One rule's columns over ``n`` rows from its pieces (columns, the rows they cover).

    ``jurisdictions[i]`` is where piece ``i``'s version applies; the first piece is the base
    version's when some rows ran it (its version is the merged ``version``).
    """
    ids = list(dict.fromkeys(c for rc, _ in pieces for c in rc.condition_ids))
    pos = {c: i for i, c in enumerate(ids)}
    status = np.zeros(n, dtype=np.int8)
    pays = any(rc.amount_fen is not None for rc, _ in pieces)
    amount = np.zeros(n, dtype=np.int64) if pays else None
    passed = np.ones((len(ids), n), dtype=bool)
    open_ = any(rc.unsure is not None for rc, _ in pieces)
    unsure = np.zeros((len(ids), n), dtype=bool) if open_ else None
    first = np.full(n, -1, dtype=np.int8)
    variant = np.zeros(n, dtype=np.int8)
    reasons: list[str] = []
    for k, (rc, rows) in enumerate(pieces):
        at = np.arange(n) if rows is None else rows
        status[at] = rc.status
        if amount is not None and rc.amount_fen is not None:
            amount[at] = rc.amount_fen
        idx = np.array([pos[c] for c in rc.condition_ids], dtype=np.intp)
        # one row of the matrix at a time: a 1-D scatter is much faster than a 2-D one
        for j, i in enumerate(idx.tolist()):
            passed[i, at] = rc.passed[j]
            if unsure is not None and rc.unsure is not None:
                unsure[i, at] = rc.unsure[j]
        if len(idx):
            own = rc.first_failed
            first[at] = np.append(idx, -1).astype(np.int8)[own]  # -1 (none failed) → -1
        variant[at] = k
        reasons.extend(r for r in rc.undetermined_reasons if r not in reasons)
    base = pieces[0][0]
    out = RuleColumns(
        rule_id=base.rule_id,
        version=base.version,
        status=status,
        amount_fen=amount,
        passed=passed,
        condition_ids=tuple(ids),
        undetermined_reasons=tuple(reasons),
        unsure=unsure,
        variant=variant,
        variants=tuple((j, rc.version) for j, (rc, _) in zip(jurisdictions, pieces, strict=True)),
    )
    # each row's first failing condition is its own version's (merged order may differ)
    out.__dict__["first_failed"] = first
    return out
