"""The storage behaviour suite (:mod:`shuangyong.testing.storage_suite`) on the built-in
backends, opened through :func:`shuangyong.storage.open_store` as a user would."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from shuangyong.storage import Store, open_store
from shuangyong.testing.storage_suite import StorageSuite


class TestMemoryStore(StorageSuite):
    @pytest.fixture
    def make_store(self) -> Callable[[], Store]:
        return lambda: open_store("memory://", entry_points=False)


class TestSqliteStore(StorageSuite):
    @pytest.fixture
    def make_store(self, tmp_path: Path) -> Callable[[], Store]:
        counter = itertools.count()
        return lambda: open_store(f"sqlite:///{tmp_path}/s{next(counter)}.db", entry_points=False)
