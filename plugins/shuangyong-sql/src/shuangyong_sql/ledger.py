"""The ledger in SQL: checking lines before they are sent, the ``COPY`` fast path, and the
queries for lines and totals.

Kept apart from :mod:`shuangyong_sql.store` because these are the statements that matter for
speed at a million lines, and each is easier to read (and to ``EXPLAIN``) on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import psycopg
from shuangyong import Month
from shuangyong.storage import rows
from shuangyong.storage.model import LedgerLine, LineKind, LineStatus

__all__ = [
    "LINE_COLUMNS",
    "copy_lines",
    "line_from_row",
    "select_lines",
    "totals_query",
]

LINE_COLUMNS = (
    "run_id",
    "person_id",
    "rule_id",
    "period_first",
    "period_last",
    "revision",
    "kind",
    "amount_fen",
    "due_date",
    "rule_version",
    "evaluated_on",
    "division",
    "township",
    "explanation_digest",
    "reverses",
    "reason",
)
"""The columns a caller supplies, in ``COPY`` order (the store adds line_id and created_at)."""

_COPY_TYPES = (
    "int8",  # ord: the input position, so line ids follow the order the caller gave
    "text",
    "text",
    "text",
    "date",
    "date",
    "int4",
    "text",
    "int8",
    "date",
    "text",
    "date",
    "text",
    "text",
    "text",
    "int8",
    "text",
)

_STAGING = """
CREATE TEMP TABLE IF NOT EXISTS shuangyong_lines_in (
    ord bigint, run_id text, person_id text, rule_id text, period_first date,
    period_last date, revision integer, kind text, amount_fen bigint, due_date date,
    rule_version text, evaluated_on date, division text, township text,
    explanation_digest text, reverses bigint, reason text
) ON COMMIT DELETE ROWS
"""

_COLUMNS_SQL = ", ".join(LINE_COLUMNS)

# No ORDER BY ord: a sort of a million staged lines spills to disk and costs more than the
# insert's indexes. The staging table is emptied before every COPY and filled by that one COPY,
# and a sequential scan of a local temporary table (never a synchronised scan) returns rows in
# the order they were written, so line ids still follow the caller's order; a test checks it.
_MOVE = f"""
WITH ins AS (
    INSERT INTO ledger_lines ({_COLUMNS_SQL}, created_at)
    SELECT {_COLUMNS_SQL}, now() FROM shuangyong_lines_in
    ON CONFLICT ON CONSTRAINT ledger_lines_key DO NOTHING
    RETURNING line_id
)
SELECT count(*), min(line_id), max(line_id) FROM ins
"""

# The first line (by position) naming a run, an evaluation or a reversed line the store does
# not hold. The foreign keys would refuse it too, but only with a constraint name; this names
# the line and the person.
_MISSING = """
SELECT ord, field FROM (
    SELECT i.ord, 1 AS n, 'run_id' AS field FROM shuangyong_lines_in i
    WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.run_id = i.run_id)
    UNION ALL
    SELECT i.ord, 2, 'explanation_digest' FROM shuangyong_lines_in i
    WHERE NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.digest = i.explanation_digest)
    UNION ALL
    SELECT i.ord, 3, 'reverses' FROM shuangyong_lines_in i
    WHERE i.reverses IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM ledger_lines l WHERE l.line_id = i.reverses)
) m ORDER BY ord, n LIMIT 1
"""

# The current status of a line is its latest status change (none yet: calculated).
_CURRENT_STATUS = """
LEFT JOIN LATERAL (
    SELECT s.status FROM line_status s
    WHERE s.line_id = l.line_id ORDER BY s.seq DESC LIMIT 1
) cur ON true
"""


def copy_lines(conn: psycopg.Connection[Any], lines: Sequence[LedgerLine]) -> tuple[int, int, int]:
    """Write checked lines inside the caller's transaction.

    Binary ``COPY`` into a session temporary table; a check, in the database, that every run,
    evaluation and reversed line they name exists (an anti-join, not a query per line); then
    one ``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` into the ledger: the unique key
    decides which lines already exist, also against a concurrent writer, whose transaction
    this one waits for.

    Returns:
        ``(written, first_id, last_id)``: how many lines were new and the smallest and largest
        new line id (``(0, 0, -1)`` when none was).

    Raises:
        StoreError: :func:`~shuangyong.storage.rows.missing_reference` for the first line (by
            position) that names something the store does not hold; nothing is written.
    """
    if not lines:
        return 0, 0, -1
    conn.execute(_STAGING)
    with conn.cursor() as cur:
        with cur.copy(
            f"COPY shuangyong_lines_in (ord, {_COLUMNS_SQL}) FROM STDIN (FORMAT BINARY)"
        ) as copy:
            copy.set_types(list(_COPY_TYPES))
            for ord_, line in enumerate(lines):
                copy.write_row(
                    (
                        ord_,
                        line.run_id,
                        line.person_id,
                        line.rule_id,
                        line.period_first.start,
                        line.period_last.start,
                        line.revision,
                        line.kind.value,
                        line.amount_fen,
                        line.due_date,
                        line.rule_version,
                        line.evaluated_on,
                        line.division,
                        line.township,
                        line.explanation_digest,
                        line.reverses,
                        line.reason,
                    )
                )
        cur.execute(_MISSING)
        missing = cur.fetchone()
        if missing is not None:
            index, field = missing
            line = lines[index]
            raise rows.missing_reference(line, index, field, getattr(line, field))
        cur.execute(_MOVE)
        moved = cur.fetchone()
        # ON COMMIT DELETE ROWS empties it at commit; emptied now too, so a second add_lines
        # in the same transaction starts clean.
        cur.execute("TRUNCATE shuangyong_lines_in")
    if moved is None or not moved[0]:
        return 0, 0, -1
    return int(moved[0]), int(moved[1]), int(moved[2])


def select_lines(
    *,
    person_id: str | None = None,
    rule_id: str | None = None,
    run_id: str | None = None,
    first: Month | None = None,
    last: Month | None = None,
    division: str | None = None,
    status: LineStatus | None = None,
    line_ids: Iterable[int] | None = None,
) -> tuple[str, dict[str, Any]]:
    """The query of :meth:`PgStore.lines`: filters as SQL, current status joined in."""
    where = []
    params: dict[str, Any] = {}
    if person_id is not None:
        where.append("l.person_id = %(person_id)s")
        params["person_id"] = person_id
    if rule_id is not None:
        where.append("l.rule_id = %(rule_id)s")
        params["rule_id"] = rule_id
    if run_id is not None:
        where.append("l.run_id = %(run_id)s")
        params["run_id"] = run_id
    if first is not None:  # the period overlaps first..last
        where.append("l.period_last >= %(first)s")
        params["first"] = first.start
    if last is not None:
        where.append("l.period_first <= %(last)s")
        params["last"] = last.start
    if division is not None:  # a county (6 digits), or a township code the line's starts with
        if len(division) == 6:
            where.append("l.division = %(division)s")
        else:
            where.append("starts_with(l.township, %(division)s)")
        params["division"] = division
    if status is not None:
        where.append("coalesce(cur.status, 'calculated') = %(status)s")
        params["status"] = LineStatus(status).value
    if line_ids is not None:
        where.append("l.line_id = ANY(%(line_ids)s)")
        params["line_ids"] = list(line_ids)
    columns = ", ".join(f"l.{c}" for c in LINE_COLUMNS)
    query = (
        f"SELECT {columns}, l.line_id, l.created_at, coalesce(cur.status, 'calculated') "
        f"FROM ledger_lines l {_CURRENT_STATUS}"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY l.line_id"
    )
    return query, params


def line_from_row(row: Sequence[Any]) -> LedgerLine:
    """A :class:`LedgerLine` from a row of :func:`select_lines`."""
    (
        run_id,
        person_id,
        rule_id,
        period_first,
        period_last,
        revision,
        kind,
        amount_fen,
        due_date,
        rule_version,
        evaluated_on,
        division,
        township,
        explanation_digest,
        reverses,
        reason,
        line_id,
        created_at,
        status,
    ) = row
    return LedgerLine(
        run_id=run_id,
        person_id=person_id,
        rule_id=rule_id,
        period_first=Month.of(period_first),
        period_last=Month.of(period_last),
        revision=revision,
        kind=LineKind(kind),
        amount_fen=amount_fen,
        due_date=due_date,
        rule_version=rule_version,
        evaluated_on=evaluated_on,
        division=division,
        explanation_digest=explanation_digest,
        township=township,
        reverses=reverses,
        reason=reason,
        line_id=line_id,
        created_at=created_at,
        status=LineStatus(status),
    )


def totals_query(
    *,
    statuses: Sequence[LineStatus],
    first_year: int | None,
    last_year: int | None,
    rule_ids: Sequence[str] | None,
    division: str | None,
    count_persons: bool = False,
) -> tuple[str, dict[str, Any]]:
    """One ``GROUP BY`` over year (of the period covered) × rule × county; with
    ``count_persons`` the distinct people over the same selection instead.

    The current status comes from a hash join with the latest change per line (one pass over
    ``line_status``), not a lookup per line: at 12 million lines that is the difference
    between seconds and minutes. ``sum`` of BIGINT is NUMERIC in PostgreSQL; the cast back to
    BIGINT raises on overflow rather than wrapping.
    """
    where = ["coalesce(cur.status, 'calculated') = ANY(%(statuses)s)"]
    params: dict[str, Any] = {"statuses": [LineStatus(s).value for s in statuses]}
    if first_year is not None:
        where.append("l.period_first >= %(first)s")
        params["first"] = dt.date(first_year, 1, 1)
    if last_year is not None:
        where.append("l.period_first < %(after)s")
        params["after"] = dt.date(last_year + 1, 1, 1)
    if rule_ids is not None:
        where.append("l.rule_id = ANY(%(rule_ids)s)")
        params["rule_ids"] = list(rule_ids)
    if division is not None:  # a county, or the prefix of a province or city ("41", "4110")
        where.append("starts_with(l.division, %(division)s)")
        params["division"] = division
    selected = f"""
        FROM ledger_lines l
        LEFT JOIN (
            SELECT DISTINCT ON (line_id) line_id, status FROM line_status
            ORDER BY line_id, seq DESC
        ) cur ON cur.line_id = l.line_id
        WHERE {" AND ".join(where)}
    """
    if count_persons:
        return f"SELECT count(DISTINCT l.person_id) {selected}", params
    query = f"""
        SELECT extract(year FROM l.period_first)::int AS year, l.rule_id, l.division,
               count(*) AS lines, count(DISTINCT l.person_id) AS persons,
               sum(l.amount_fen) AS amount_fen
        {selected}
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
    """
    return query, params
