"""Writing a run: the run record, its explanation records, its lines; and argument checks
shared by every ledger operation."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping, Sequence

from shuangyong.domain.periods import Month
from shuangyong.errors import InvalidValueError
from shuangyong.storage.line_columns import LineColumns
from shuangyong.storage.model import EvaluationRecord, LedgerLine, PaymentRun, RunKind
from shuangyong.storage.protocol import Store, add_line_columns

__all__ = ["as_month", "check_division", "check_range", "new_run_id", "write"]

MonthLike = Month | dt.date | str


def as_month(value: MonthLike, name: str) -> Month:
    """A month given as ``Month``, a date (its month) or ``"YYYY-MM"`` text."""
    if isinstance(value, Month):
        return value
    if isinstance(value, dt.date):
        return Month.of(value)
    if isinstance(value, str):
        try:
            return Month.parse(value)
        except InvalidValueError:
            raise InvalidValueError(
                name, value, "月份格式应为 YYYY-MM / expected a month as YYYY-MM"
            ) from None
    raise InvalidValueError(name, value, "应为月份（Month、日期或 YYYY-MM）/ expected a month")


def check_range(first: MonthLike, last: MonthLike) -> tuple[Month, Month]:
    a, b = as_month(first, "first"), as_month(last, "last")
    if b < a:
        raise InvalidValueError(
            "last", str(b), f"结束月早于开始月 {a} / last month before the first ({a})"
        )
    return a, b


def check_division(division: str) -> str:
    if not isinstance(division, str) or not re.fullmatch(r"[0-9]{6}|[0-9]{9}|[0-9]{12}", division):
        raise InvalidValueError(
            "division",
            division,
            "发放区划应为6位县级代码或9/12位乡镇（街道）代码 / a run's division is a 6-digit "
            "county or a 9/12-digit township code",
        )
    return division


def check_rule_ids(rule_ids: Sequence[str] | str) -> tuple[str, ...]:
    ids = (rule_ids,) if isinstance(rule_ids, str) else tuple(rule_ids)
    if not ids or not all(isinstance(r, str) and r for r in ids):
        raise InvalidValueError("rule_ids", rule_ids, "至少一项待遇 / at least one rule id")
    if len(set(ids)) != len(ids):
        raise InvalidValueError("rule_ids", rule_ids, "待遇重复 / a rule id is repeated")
    return ids


def new_run_id(kind: RunKind, division: str, first: Month, last: Month) -> str:
    """Readable and unique (two processes doing the same run get two run records; the lines'
    keys, not the run id, keep them from paying twice)."""
    return f"{kind.value}-{division}-{first}-{last}-{uuid.uuid4().hex[:10]}"


def write(
    store: Store,
    run: PaymentRun,
    records: Mapping[str, EvaluationRecord],
    lines: Sequence[LedgerLine] | LineColumns,
    actor: str,
) -> tuple[int, int]:
    """Record the run, the records the lines use, then the lines (objects, or columns: a
    regular run's million lines). Returns (lines written, fen written); lines whose key
    exists are skipped by the store."""
    store.add_run(run)
    if isinstance(lines, LineColumns):
        used = set(lines.explanation_digest.tolist())
    else:
        used = {line.explanation_digest for line in lines}
    store.add_evaluations([records[d] for d in sorted(used) if d in records])
    if not len(lines):
        written = 0
    elif isinstance(lines, LineColumns):
        written = add_line_columns(store, lines, actor=actor)
    else:
        written = store.add_lines(lines, actor=actor)
    if written == len(lines):
        fen = (
            sum(lines.amount_fen.tolist())
            if isinstance(lines, LineColumns)
            else sum(line.amount_fen for line in lines)
        )
    elif written == 0:
        fen = 0
    else:  # raced with another run: count what this run actually wrote
        fen = sum(line.amount_fen for line in store.iter_lines(run_id=run.run_id))
    return written, fen
