"""The ``register_storage_backends`` hook and :func:`shuangyong.storage.open_store`."""

from __future__ import annotations

import subprocess
import sys
import types
from typing import Any

import pytest

from shuangyong import hookimpl
from shuangyong.errors import DuplicateRegistrationError, PluginError
from shuangyong.storage import Store, UnknownStoreSchemeError, open_store
from shuangyong.storage.memory import MemoryStore


def _plugin(name: str, scheme: str, seen: list[Any]) -> types.ModuleType:
    mod = types.ModuleType(name)

    def factory(url: str, *, migrate: bool) -> Store:
        seen.append((url, migrate))
        return MemoryStore(url)

    @hookimpl
    def register_storage_backends(registry: Any) -> None:
        registry.add(scheme, factory)

    mod.register_storage_backends = register_storage_backends  # type: ignore[attr-defined]
    mod.__distribution__ = name  # type: ignore[attr-defined]
    return mod


def test_a_plugin_backend_is_chosen_by_scheme() -> None:
    seen: list[Any] = []
    store = open_store(
        "mydb://host/x", migrate=False, entry_points=False, plugins=[_plugin("p1", "mydb", seen)]
    )
    assert isinstance(store, MemoryStore)
    assert seen == [("mydb://host/x", False)]


def test_unknown_scheme_names_it_and_the_known_ones() -> None:
    with pytest.raises(UnknownStoreSchemeError) as info:
        open_store("postgresql://u@h/db", entry_points=False)
    text = str(info.value)
    assert "postgresql://" in text and "memory://" in text and "sqlite://" in text
    with pytest.raises(UnknownStoreSchemeError):
        open_store("just-a-path.db", entry_points=False)


def test_a_scheme_registered_twice_names_both_plugins() -> None:
    with pytest.raises(DuplicateRegistrationError) as info:
        open_store(
            "memory://",
            entry_points=False,
            plugins=[_plugin("p1", "mydb", []), _plugin("p2", "mydb", [])],
        )
    assert "p1" in str(info.value) and "p2" in str(info.value) and "mydb" in str(info.value)
    with pytest.raises(DuplicateRegistrationError, match="shuangyong"):
        open_store("memory://", entry_points=False, plugins=[_plugin("p3", "sqlite", [])])


def test_a_bad_scheme_is_a_plugin_error() -> None:
    with pytest.raises((PluginError, ValueError)):
        open_store("memory://", entry_points=False, plugins=[_plugin("p4", "No Such", [])])


def test_memory_stores_are_independent() -> None:
    a = open_store("memory://", entry_points=False)
    b = open_store("memory://", entry_points=False)
    assert a is not b
    assert a.person_ids() == b.person_ids() == []


def test_importing_storage_opens_nothing_and_loads_no_plugin() -> None:
    code = (
        "import sys, shuangyong, shuangyong.storage\n"
        "assert 'shuangyong.storage.sqlite' not in sys.modules, 'sqlite backend imported'\n"
        "assert 'shuangyong.national' not in sys.modules, 'plugins loaded'\n"
        "assert 'sqlite3' not in sys.modules, 'sqlite3 imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
