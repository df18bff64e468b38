"""How the shuangyong-sql tests find their PostgreSQL server, and their per-test schemas.

A module of its own with a name no other test directory uses: a test that imported
``conftest`` got whichever ``conftest`` module pytest loaded last, which in one run of the
root tests and every plugin's (as CI runs them) is not necessarily this directory's.
"""

from __future__ import annotations

import os

import pytest

ENV = "SHUANGYONG_TEST_PG_URL"


def server_url() -> str:
    """The test server's URL, or skip (fail under CI) with the reason."""
    url = os.environ.get(ENV, "").strip()
    if url:
        return url
    reason = (
        f"{ENV} is not set: no PostgreSQL server to test against (start one with "
        f'`export {ENV}="$(bash tools/pg-start.sh)"`)'
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"under CI a PostgreSQL server is required: {reason}", pytrace=False)
    pytest.skip(reason)


def with_schema(url: str, schema: str) -> str:
    # synchronous_commit=off: a test store need not survive a power cut, and not waiting for
    # the WAL flush on every commit halves the suite's time. Locks, constraints and isolation,
    # which the tests are about, are unchanged.
    return (
        url + ("&" if "?" in url else "?") + (f"schema={schema}&options=-csynchronous_commit%3Doff")
    )


def drop_schemas(url: str, schemas: list[str]) -> None:
    """Drop the schemas (and every table in them) in one statement."""
    import psycopg

    if schemas:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {', '.join(schemas)} CASCADE")
