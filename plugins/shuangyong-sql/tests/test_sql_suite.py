"""The shared storage behaviour suite (:mod:`shuangyong.testing.storage_suite`), state machine
included, against a real PostgreSQL server: every store is opened through the core's
``open_store`` with this plugin, in a schema of its own that is dropped after the test."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from shuangyong.storage import Store, open_store
from shuangyong.testing.storage_suite import StorageSuite

import shuangyong_sql


class TestPostgresStore(StorageSuite):
    @pytest.fixture
    def make_store(self, schema_factory: Callable[[], str]) -> Callable[[], Store]:
        def make() -> Store:
            return open_store(schema_factory(), entry_points=False, plugins=[shuangyong_sql])

        return make
