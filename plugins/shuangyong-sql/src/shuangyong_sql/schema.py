"""The PostgreSQL schema, its version and the forward migrations.

The tables mirror the SQLite backend's, with PostgreSQL types where they matter: ``BIGINT`` fen
(never float or numeric money), ``DATE`` months (the first day of the month: readable in any SQL
tool, and ``extract(year ...)`` gives the year of the totals), ``JSONB`` fact values and
explanations, ``timestamptz`` store times. Facts, lines, status changes, evaluations and audit
events are only ever inserted; the current status of a line is its latest status change.

``MIGRATIONS[n]`` takes a store from version ``n - 1`` to ``n`` (``MIGRATIONS[1]`` creates
version 1 from nothing), so a new store runs every step and an old one only the missing ones:
the path an existing store takes is the path every new store takes too, and so it is tested on
every test run.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["MIGRATIONS", "SCHEMA_VERSION"]

MIGRATIONS: Mapping[int, tuple[str, ...]] = {
    1: (
        """
        CREATE TABLE meta (
            key text PRIMARY KEY,
            value text NOT NULL
        )
        """,
        """
        CREATE TABLE facts (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            fact_key text NOT NULL UNIQUE,
            person_id text NOT NULL,
            effective_from date NOT NULL,
            kind text NOT NULL,
            "values" jsonb NOT NULL,
            note text NOT NULL DEFAULT '',
            source text NOT NULL DEFAULT '',
            recorded_at timestamptz NOT NULL,
            recorded_by text NOT NULL
        )
        """,
        "CREATE INDEX facts_person_idx ON facts (person_id, effective_from, seq)",
        """
        CREATE TABLE evaluations (
            digest text PRIMARY KEY,
            rule_id text NOT NULL,
            rule_version text NOT NULL,
            evaluated_on date NOT NULL,
            status text NOT NULL,
            amount_fen bigint,
            explanation jsonb NOT NULL
        )
        """,
        """
        CREATE TABLE runs (
            seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
            run_id text PRIMARY KEY,
            kind text NOT NULL,
            rule_ids text[] NOT NULL,
            first_month date NOT NULL,
            last_month date NOT NULL,
            division text NOT NULL,
            created_by text NOT NULL,
            note text NOT NULL DEFAULT '',
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
            reason text NOT NULL DEFAULT '',
            created_at timestamptz NOT NULL,
            CONSTRAINT ledger_lines_key
                UNIQUE (person_id, rule_id, period_first, period_last, revision),
            CHECK (period_first <= period_last)
        )
        """,
        """
        CREATE TABLE status_changes (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            line_id bigint NOT NULL REFERENCES ledger_lines (line_id),
            status text NOT NULL,
            actor text NOT NULL,
            reference text NOT NULL DEFAULT '',
            reason text NOT NULL DEFAULT '',
            at timestamptz NOT NULL
        )
        """,
        """
        CREATE TABLE audit_events (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            actor text NOT NULL,
            action text NOT NULL,
            subject text NOT NULL,
            details jsonb NOT NULL,
            at timestamptz NOT NULL
        )
        """,
    ),
    # Version 2: "paid up to" months for people migrated from an older system, and the indexes
    # the ledger queries need at scale (status by line; lines by run and by period).
    2: (
        """
        CREATE TABLE paid_up_to (
            person_id text NOT NULL,
            rule_id text NOT NULL,
            month date NOT NULL,
            source text NOT NULL DEFAULT '',
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY
        )
        """,
        "CREATE INDEX paid_up_to_idx ON paid_up_to (rule_id, person_id, seq)",
        "CREATE INDEX status_changes_line_idx ON status_changes (line_id, seq)",
        "CREATE INDEX ledger_lines_run_idx ON ledger_lines (run_id)",
        "CREATE INDEX ledger_lines_period_idx ON ledger_lines (period_first)",
    ),
}
"""Forward steps, by the version each one produces."""

SCHEMA_VERSION = max(MIGRATIONS)
"""The version this library writes and reads."""
