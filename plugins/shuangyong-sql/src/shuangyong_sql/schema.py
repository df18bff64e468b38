"""The PostgreSQL schema, its version and the forward migrations.

The tables are the SQLite backend's (:mod:`shuangyong.storage.sqlite`), same names and
columns, with PostgreSQL types where they matter: ``BIGINT`` fen (never float or numeric money),
``DATE`` for dates and months (a month is its first day: readable in any SQL tool, and
``extract(year ...)`` gives the year of the totals), ``JSONB`` fact values, explanations and
audit details, ``timestamptz`` store times, and ``GENERATED ALWAYS AS IDENTITY`` sequence
numbers. Facts, paid-up-to months, lines, status changes and audit events (and, from version
2, runs and evaluations) are append-only, and a trigger enforces it (an UPDATE, DELETE or
TRUNCATE raises), as SQLite's triggers do.

Each :class:`~shuangyong.storage.sqlite.Migration` takes the store to its ``version``
(version 1 creates everything from nothing), so a new store runs every step and an old one only
the missing ones: the path an existing store takes is the path every new store takes too.
"""

from __future__ import annotations

from shuangyong.storage.sqlite import Migration

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Migration"]

_APPEND_ONLY_FUNCTION = """
CREATE FUNCTION shuangyong_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$
"""


def _append_only(table: str) -> str:
    return (
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION shuangyong_append_only()"
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "facts, paid_up_to, evaluations, runs, ledger_lines, line_status, audit_events",
        (
            """
            CREATE TABLE schema_migrations (
                version integer PRIMARY KEY,
                description text NOT NULL,
                applied_at timestamptz NOT NULL
            )
            """,
            """
            CREATE TABLE facts (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                key text NOT NULL UNIQUE,
                person_id text NOT NULL,
                effective_from date NOT NULL,
                kind text NOT NULL,
                values_json jsonb NOT NULL,
                note text NOT NULL,
                source text NOT NULL,
                recorded_at timestamptz NOT NULL,
                recorded_by text NOT NULL
            )
            """,
            "CREATE INDEX facts_person ON facts (person_id, effective_from, seq)",
            # a second value for (person, rule) is a correction: the latest (highest seq) is in
            # force; earlier ones stay for the record
            """
            CREATE TABLE paid_up_to (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                person_id text NOT NULL,
                rule_id text NOT NULL,
                month date NOT NULL CHECK (extract(day FROM month) = 1),
                source text NOT NULL,
                recorded_at timestamptz NOT NULL,
                recorded_by text NOT NULL
            )
            """,
            "CREATE INDEX paid_up_to_key ON paid_up_to (rule_id, person_id, seq)",
            """
            CREATE TABLE evaluations (
                digest text PRIMARY KEY,
                rule_id text NOT NULL,
                rule_version text NOT NULL,
                on_date date NOT NULL,
                status text NOT NULL,
                amount_fen bigint,
                explanation_json jsonb NOT NULL
            )
            """,
            # seq: runs() lists runs in the order they were made
            """
            CREATE TABLE runs (
                run_id text PRIMARY KEY,
                seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
                kind text NOT NULL,
                rule_ids text[] NOT NULL,
                first_month date NOT NULL,
                last_month date NOT NULL,
                division text NOT NULL,
                created_by text NOT NULL,
                note text NOT NULL,
                created_at timestamptz NOT NULL
            )
            """,
            # The idempotency key is a UNIQUE constraint, so two processes writing the same line
            # at once cannot both succeed: INSERT ... ON CONFLICT DO NOTHING skips the loser.
            """
            CREATE TABLE ledger_lines (
                line_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                run_id text NOT NULL REFERENCES runs (run_id),
                person_id text NOT NULL,
                rule_id text NOT NULL,
                period_first date NOT NULL,
                period_last date NOT NULL,
                revision integer NOT NULL CHECK (revision >= 0),
                kind text NOT NULL,
                amount_fen bigint NOT NULL,
                due_date date NOT NULL,
                rule_version text NOT NULL,
                evaluated_on date NOT NULL,
                division text NOT NULL,
                township text,
                explanation_digest text NOT NULL REFERENCES evaluations (digest),
                reverses bigint REFERENCES ledger_lines (line_id),
                reason text NOT NULL,
                created_at timestamptz NOT NULL,
                CONSTRAINT ledger_lines_key
                    UNIQUE (person_id, rule_id, period_first, period_last, revision),
                CHECK (period_first <= period_last)
            )
            """,
            """
            CREATE TABLE line_status (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                line_id bigint NOT NULL REFERENCES ledger_lines (line_id),
                status text NOT NULL,
                actor text NOT NULL,
                reference text NOT NULL,
                reason text NOT NULL,
                at timestamptz NOT NULL
            )
            """,
            """
            CREATE TABLE audit_events (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                at timestamptz NOT NULL,
                actor text NOT NULL,
                action text NOT NULL,
                subject text NOT NULL,
                details_json jsonb NOT NULL
            )
            """,
            _APPEND_ONLY_FUNCTION,
            *(
                _append_only(t)
                for t in ("facts", "paid_up_to", "ledger_lines", "line_status", "audit_events")
            ),
        ),
    ),
    Migration(
        2,
        "indexes for the current status of a line, for lines by run and by period; the "
        "references of a line to its run and evaluation checked once per write, not per row",
        (
            # Runs and evaluations become append-only like the rest, so a reference checked
            # when a line is written (one anti-join per add_lines, in its transaction) stays
            # valid for good. The per-row foreign-key triggers that checked the same thing were
            # 45% of the time of writing a million lines.
            *(_append_only(t) for t in ("runs", "evaluations")),
            "ALTER TABLE ledger_lines DROP CONSTRAINT ledger_lines_run_id_fkey",
            "ALTER TABLE ledger_lines DROP CONSTRAINT ledger_lines_explanation_digest_fkey",
            # the current status is the latest change: found by (line_id, seq) without a scan
            "CREATE INDEX line_status_line ON line_status (line_id, seq)",
            "CREATE INDEX ledger_lines_run ON ledger_lines (run_id)",
            # totals and period filters; PostgreSQL's totals are a hash aggregate over one scan,
            # so SQLite's covering totals index would only slow the COPY down here
            "CREATE INDEX ledger_lines_period ON ledger_lines (period_first)",
        ),
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version
"""The schema version this library writes and reads."""
