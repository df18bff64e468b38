"""What only the PostgreSQL backend has to show: URLs, the plugin's registration, schema
versions and migrations, append-only tables, the COPY path's checks, and how the tests find
their server."""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
from pathlib import Path

import attrs
import psycopg
import pytest
import sql_data
from shuangyong.errors import InvalidValueError
from shuangyong.storage import SchemaVersionError, StoreError, open_store
from shuangyong.storage.model import LineKind, LineStatus

import shuangyong_sql
from shuangyong_sql.schema import MIGRATIONS, SCHEMA_VERSION
from shuangyong_sql.store import PgStore
from shuangyong_sql.url import parse_url


def _schema(url: str) -> str:
    return parse_url(url).schema


def _sql(url: str, statement: str) -> list[tuple[object, ...]]:
    """Run SQL in the store's schema as a bare psycopg client (not through the store)."""
    parsed = parse_url(url)
    with psycopg.connect(parsed.conninfo, autocommit=True) as conn:
        conn.execute(f"SET search_path TO {parsed.schema}")
        cur = conn.execute(statement)  # type: ignore[call-overload]
        return cur.fetchall() if cur.description else []


# -- URLs --------------------------------------------------------------------------------------


def test_url_schema_parameter_and_masked_password() -> None:
    parsed = parse_url("postgresql://u:s3cret@db.example:6543/x?schema=jianan&sslmode=require")
    assert parsed.schema == "jianan"
    assert parsed.conninfo == "postgresql://u:s3cret@db.example:6543/x?sslmode=require"
    assert parsed.display == "postgresql://u:***@db.example:6543/x?schema=jianan&sslmode=require"
    assert "s3cret" not in parsed.display
    assert parse_url("postgres://u@h/x").schema == "public"


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("mysql://u@h/x", "not a PostgreSQL URL"),
        ("postgresql://u@h/x?schema=Jianan", "schema='Jianan'"),
        ("postgresql://u@h/x?schema=a;drop", "lower-case identifier"),
        ("postgresql://u@h/x?schema=a&schema=b", "more than once"),
    ],
)
def test_bad_urls_are_refused_with_the_reason(url: str, fragment: str) -> None:
    with pytest.raises(StoreError, match=fragment.replace("(", r"\(")):
        parse_url(url)


def test_a_wrong_password_names_the_url_without_the_password(pg_server: str) -> None:
    parsed = parse_url(pg_server)
    user = psycopg.conninfo.conninfo_to_dict(parsed.conninfo)
    bad = (
        f"postgresql://{user['user']}:wrong-pw-xyz@{user.get('host', '127.0.0.1')}:"
        f"{user.get('port', 5432)}/{user['dbname']}"
    )
    with pytest.raises(StoreError) as info:
        PgStore(bad)
    assert "wrong-pw-xyz" not in str(info.value)
    assert "***" in str(info.value)


# -- the plugin --------------------------------------------------------------------------------


def test_open_store_finds_the_plugin_for_both_schemes(pg_url: str) -> None:
    for scheme in ("postgresql", "postgres"):
        url = scheme + pg_url[pg_url.index("://") :]
        with open_store(url, entry_points=False, plugins=[shuangyong_sql]) as store:
            assert isinstance(store, PgStore)
            assert store.schema_version == SCHEMA_VERSION
            assert "***" in store.url


def test_the_installed_entry_point_registers_the_backend(pg_url: str) -> None:
    pytest.importorskip("shuangyong_sql")
    from importlib.metadata import entry_points

    if not any(ep.value == "shuangyong_sql" for ep in entry_points(group="shuangyong")):
        pytest.skip("shuangyong-sql is not installed (its entry point is absent)")
    with open_store(pg_url) as store:
        assert isinstance(store, PgStore)


def test_importing_the_plugin_imports_no_driver() -> None:
    code = "import sys, shuangyong_sql; print('psycopg' in sys.modules)"
    src = Path(__file__).resolve().parents[1] / "src"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(src), os.environ.get("PYTHONPATH", "")]),
    }
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "False"


# -- schema version and migrations ------------------------------------------------------------


def test_a_new_store_is_created_at_the_current_version_and_audited(pg_url: str) -> None:
    with PgStore(pg_url) as store:
        assert store.schema_version == SCHEMA_VERSION == MIGRATIONS[-1].version
        (event,) = store.audit_events(action="store.migrate")
        assert event.details == {"from": 0, "to": SCHEMA_VERSION, "steps": [1, 2]}
    versions = _sql(pg_url, "SELECT version FROM schema_migrations ORDER BY version")
    assert versions == [(m.version,) for m in MIGRATIONS]


def test_forward_migration_from_v1_keeps_data_and_is_audited(pg_url: str) -> None:
    with PgStore(pg_url, migrate_to=1) as old:
        assert old.schema_version == 1
        old.add_facts([sql_data.fact(1)], actor="t")
        sql_data.seed(old)
        old.add_lines([sql_data.line(1), sql_data.line(2)], actor="t")
    assert _sql(pg_url, "SELECT to_regclass('line_status_line') IS NULL") == [(True,)]
    with pytest.raises(SchemaVersionError) as info:
        PgStore(pg_url, migrate=False)
    assert (info.value.found, info.value.supported) == (1, SCHEMA_VERSION)
    assert "migrate=True" in str(info.value)
    with PgStore(pg_url) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert [line.person_id for line in store.lines()] == [
            sql_data.person(1),
            sql_data.person(2),
        ]
        assert store.row_on(sql_data.person(1), dt.date(2025, 1, 1))["household_division"] == (
            sql_data.COUNTY
        )
        event = store.audit_events(action="store.migrate")[-1]
        assert event.details == {"from": 1, "to": 2, "steps": [2]}
    assert _sql(pg_url, "SELECT to_regclass('line_status_line') IS NOT NULL") == [(True,)]
    # opening again changes nothing
    with PgStore(pg_url) as store:
        assert len(store.audit_events(action="store.migrate")) == 2


def test_a_newer_store_is_refused(pg_url: str) -> None:
    PgStore(pg_url).close()
    _sql(pg_url, "INSERT INTO schema_migrations VALUES (99, 'from the future', now())")
    with pytest.raises(SchemaVersionError) as info:
        PgStore(pg_url)
    assert (info.value.found, info.value.supported) == (99, SCHEMA_VERSION)
    assert "99" in str(info.value) and "newer" in str(info.value)
    assert "***" in info.value.url


def test_two_stores_in_one_database_are_independent(schema_factory: object) -> None:
    make = schema_factory  # type: ignore[assignment]
    with PgStore(make()) as a, PgStore(make()) as b:  # type: ignore[operator]
        a.add_facts([sql_data.fact(1)], actor="t")
        assert a.person_ids() == [sql_data.person(1)]
        assert b.person_ids() == []


# -- the database enforces what the store promises ---------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE ledger_lines SET amount_fen = 1",
        "DELETE FROM ledger_lines",
        "TRUNCATE ledger_lines CASCADE",
        "UPDATE facts SET values_json = '{}'",
        "DELETE FROM line_status",
        "DELETE FROM audit_events",
    ],
)
def test_money_rows_and_history_cannot_be_updated_or_deleted(pg_url: str, statement: str) -> None:
    with PgStore(pg_url) as store:
        store.add_facts([sql_data.fact(1)], actor="t")
        sql_data.seed(store)
        store.add_lines([sql_data.line(1)], actor="t")
        store.set_status([1], LineStatus.APPROVED, actor="t")
    with pytest.raises(psycopg.errors.RestrictViolation, match="append-only"):
        _sql(pg_url, statement)


def test_amounts_are_bigint_fen(pg_url: str) -> None:
    with PgStore(pg_url) as store:
        sql_data.seed(store)
        big = 10**14  # a trillion yuan: beyond int32, exact in BIGINT
        store.add_lines([sql_data.line(1, amount_fen=big)], actor="t")
        assert store.lines()[0].amount_fen == big
        assert store.totals(statuses=[LineStatus.CALCULATED])[0].amount_fen == big
    assert _sql(
        pg_url,
        "SELECT data_type FROM information_schema.columns "
        "WHERE table_name = 'ledger_lines' AND column_name = 'amount_fen' "
        "AND table_schema = current_schema()",
    ) == [("bigint",)]


def test_a_float_amount_is_refused_before_copy(pg_url: str) -> None:
    with PgStore(pg_url) as store:
        sql_data.seed(store)
        bad = sql_data.line(1, amount_fen=100.5)  # type: ignore[arg-type]
        with pytest.raises(InvalidValueError, match="amount_fen"):
            store.add_lines([sql_data.line(0), bad], actor="t")
        assert store.lines() == []


def test_a_missing_reference_names_the_line_and_writes_nothing(pg_url: str) -> None:
    with PgStore(pg_url) as store:
        sql_data.seed(store)
        lines = [sql_data.line(i) for i in range(5)]
        lines[3] = sql_data.line(3, run_id="no-such-run")
        with pytest.raises(StoreError, match=r"line 3 .*run_id='no-such-run'"):
            store.add_lines(lines, actor="t")
        reversal = attrs.evolve(
            sql_data.line(7),
            kind=LineKind.REVERSAL,
            revision=1,
            reverses=999,
            reason="冲正",
            amount_fen=-1,
        )
        with pytest.raises(StoreError, match="reverses=999"):
            store.add_lines([reversal], actor="t")
        assert store.lines() == []
        assert store.audit_events(action="lines.add") == []
        # the same COPY works once the run exists (the temporary table was left clean)
        assert store.add_lines([sql_data.line(i) for i in range(5)], actor="t") == 5


def test_lines_keep_the_order_given_and_stream(pg_url: str) -> None:
    with PgStore(pg_url) as store:
        sql_data.seed(store)
        # line ids follow the order given (the COPY path inserts without sorting: see
        # ledger._MOVE), over enough lines to fill many pages of the staging table
        people = random.Random(9).sample(range(20_000), 5_000)
        store.add_lines([sql_data.line(i) for i in people], actor="t")
        assert [line.person_id for line in store.iter_lines()] == [
            sql_data.person(i) for i in people
        ]
        one = sql_data.person(people[17])
        assert [line.person_id for line in store.iter_lines(person_id=one)] == [one]


# -- how the tests find their server -----------------------------------------------------------


def test_without_a_server_tests_skip_locally_and_fail_under_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sql_server

    monkeypatch.delenv(sql_server.ENV, raising=False)
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception, match=sql_server.ENV):
        sql_server.server_url()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="under CI a PostgreSQL server is required"):
        sql_server.server_url()
