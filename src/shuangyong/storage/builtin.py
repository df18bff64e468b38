"""The built-in storage backends, registered as an ordinary plugin (in ``DEFAULT_PLUGINS``):
``memory://`` and ``sqlite:///path``. ``trylast`` like the other built-ins, though a scheme
registered twice is an error whatever the order."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from shuangyong.commands import CommandRegistrar
from shuangyong.hookspecs import hookimpl
from shuangyong.policy.schema import Field
from shuangyong.storage.protocol import Store, StoreError
from shuangyong.storage.registry import StorageRegistrar

__all__ = ["open_memory", "open_sqlite", "register_commands", "register_storage_backends"]


def open_memory(
    url: str,
    *,
    migrate: bool,
    known_divisions: npt.NDArray[np.bool_] | None = None,
    fields: Mapping[str, Field] | None = None,
) -> Store:
    """``memory://`` (anything after ``//`` is a label only): a new, empty store."""
    from shuangyong.storage.memory import MemoryStore

    return MemoryStore(url, known_divisions=known_divisions, fields=fields)


def open_sqlite(
    url: str,
    *,
    migrate: bool,
    known_divisions: npt.NDArray[np.bool_] | None = None,
    fields: Mapping[str, Field] | None = None,
) -> Store:
    """``sqlite:///relative/path.db`` or ``sqlite:////absolute/path.db`` (SQLAlchemy's form)."""
    from shuangyong.storage.sqlite import SqliteStore

    path = url[len("sqlite://") :]
    if not path.startswith("/") or len(path) < 2:
        raise StoreError(
            f"SQLite 地址应为 sqlite:///相对路径 或 sqlite:////绝对路径 / a SQLite URL is "
            f"sqlite:///relative/path.db or sqlite:////absolute/path.db: {url!r}"
        )
    return SqliteStore(
        path[1:], url=url, migrate=migrate, known_divisions=known_divisions, fields=fields
    )


@hookimpl(trylast=True)
def register_storage_backends(registry: StorageRegistrar) -> None:
    registry.add("memory", open_memory)
    registry.add("sqlite", open_sqlite)


@hookimpl(trylast=True)
def register_commands(registry: CommandRegistrar) -> None:
    """``shuangyong store`` and ``shuangyong pay`` (the payment ledger lives in the store);
    imported only when the CLI asks."""
    from shuangyong.ledger.cli import pay_group
    from shuangyong.storage.cli import store_group

    registry.add(store_group, pay_group)
