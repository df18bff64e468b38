"""Fixtures for the shuangyong-sql tests: a real PostgreSQL server, a fresh schema per test.

The server's URL comes from ``SHUANGYONG_TEST_PG_URL`` (``tools/pg-start.sh`` prints one). When
it is unset the tests skip with that reason, except under CI (``CI=true``), where a missing
server is a failure: CI starts one, and a skipped backend must not look like a tested one.
Each test gets its own schema (``?schema=t_<random>`` in the store URL) and drops it afterwards,
so tests never see each other's data and can run in any order.
"""

from __future__ import annotations

import importlib.util
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sql_server import drop_schemas, server_url, with_schema

_PLUGIN_SRC = Path(__file__).resolve().parents[1] / "src"
_CORE_SRC = Path(__file__).resolve().parents[3] / "src"

for _name, _src in (("shuangyong", _CORE_SRC), ("shuangyong_sql", _PLUGIN_SRC)):
    if importlib.util.find_spec(_name) is None and (_src / _name).is_dir():
        sys.path.insert(0, str(_src))


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The server URL (no schema): for tests that connect with psycopg themselves."""
    return server_url()


@pytest.fixture
def schema_factory(pg_server: str) -> Iterator[Callable[[], str]]:
    """``make()`` → the URL of a new, empty store schema; every one is dropped at teardown."""
    made: list[str] = []

    def make() -> str:
        schema = f"t_{uuid.uuid4().hex[:16]}"
        made.append(schema)
        return with_schema(pg_server, schema)

    yield make
    drop_schemas(pg_server, made)


@pytest.fixture
def pg_url(schema_factory: Callable[[], str]) -> str:
    """The URL of a fresh store schema for this test (dropped afterwards)."""
    return schema_factory()
