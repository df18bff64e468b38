"""shuangyong-sql: the PostgreSQL storage backend for shuangyong.

Registers ``postgresql://`` and ``postgres://`` with the ``register_storage_backends`` hook, so
``shuangyong.storage.open_store("postgresql://user:password@host/db")`` opens a
:class:`~shuangyong_sql.store.PgStore` once this distribution is installed. It is registered
under the ``shuangyong`` entry-point group as ``sql``. Importing it neither connects nor imports
psycopg.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shuangyong.authoring import hookimpl

if TYPE_CHECKING:
    from shuangyong_sql.store import PgStore

__all__ = [
    "SCHEMES",
    "__distribution__",
    "__version__",
    "open_pg_store",
    "register_storage_backends",
]

SCHEMES = ("postgresql", "postgres")

__version__ = "0.1.0"
__distribution__ = "shuangyong-sql"


def open_pg_store(
    url: str, *, migrate: bool = True, known_divisions: Any = None, fields: Any = None
) -> PgStore:
    """Open (creating or migrating) the store at a ``postgresql://`` URL: see
    :class:`~shuangyong_sql.store.PgStore`.

    psycopg is imported here, not when the plugin loads: every ``Engine.create()`` loads the
    installed plugins, and most engines never open a store.
    """
    from shuangyong_sql.store import PgStore

    return PgStore(url, migrate=migrate, known_divisions=known_divisions, fields=fields)


@hookimpl
def register_storage_backends(registry: Any) -> None:
    """Open ``postgresql://`` and ``postgres://`` URLs with :func:`open_pg_store`."""
    for scheme in SCHEMES:
        registry.add(scheme, open_pg_store)
