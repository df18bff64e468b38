"""Storage backends by URL scheme: the ``register_storage_backends`` registrar and
:func:`open_store`.

Backends are plugins like rules are: the built-in ``memory://`` and ``sqlite:///path``
(:mod:`shuangyong.storage.builtin`) and, from ``plugins/shuangyong-sql``, ``postgresql://``.
A scheme registered by two plugins is an error naming both, decided after every plugin has run.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from shuangyong.errors import DuplicateRegistrationError
from shuangyong.storage.protocol import Store, UnknownStoreSchemeError

__all__ = ["StorageRegistrar", "StorageRegistry", "open_store", "url_scheme"]

StoreFactory = Callable[..., Store]
"""``(url: str, *, migrate: bool) -> Store``; it may also accept ``known_divisions`` (the
mask of county codes the installed plugins know), which :func:`open_store` then passes."""

_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*")


def url_scheme(url: str) -> str:
    """``"sqlite:///x.db"`` → ``"sqlite"``; ``"postgresql+psycopg://…"`` → ``"postgresql+psycopg"``.

    Raises:
        UnknownStoreSchemeError: ``url`` has no scheme.
    """
    scheme, sep, _ = url.partition("://") if isinstance(url, str) else ("", "", "")
    if not sep or not _SCHEME.fullmatch(scheme.lower()):
        raise UnknownStoreSchemeError(
            f"存储地址应为 scheme://…（如 sqlite:///path.db、memory://）/ a store URL looks like "
            f"scheme://... (e.g. sqlite:///path.db, memory://): {url!r}"
        )
    return scheme.lower()


@attrs.frozen
class RegisteredBackend:
    scheme: str
    factory: StoreFactory
    supplied_by: str


class StorageRegistry:
    """Collects backends from every plugin; :meth:`finish` decides duplicates."""

    def __init__(self) -> None:
        self._items: list[RegisteredBackend] = []

    def bind(self, supplier: str) -> StorageRegistrar:
        return StorageRegistrar(self, supplier)

    def finish(self) -> dict[str, RegisteredBackend]:
        out: dict[str, RegisteredBackend] = {}
        for item in self._items:
            prev = out.get(item.scheme)
            if prev is not None:
                raise DuplicateRegistrationError(
                    "storage backend", item.scheme, prev.supplied_by, item.supplied_by
                )
            out[item.scheme] = item
        return out


class StorageRegistrar:
    """What ``register_storage_backends`` receives: ``registry.add(scheme, factory)``."""

    def __init__(self, registry: StorageRegistry, supplier: str) -> None:
        self._registry = registry
        self.supplier = supplier

    def add(self, scheme: str, factory: StoreFactory) -> None:
        """Register ``factory(url, *, migrate) -> Store`` for URLs ``scheme://…``.

        Args:
            scheme: lower-case URL scheme without ``://`` (``"sqlite"``, ``"postgresql"``).
            factory: opens (and, with ``migrate=True``, migrates) the store at ``url``.
        """
        if not isinstance(scheme, str) or not _SCHEME.fullmatch(scheme):
            raise ValueError(
                f"{self.supplier}: a storage scheme is lower-case letters, digits, '+', '-', "
                f"'.' (like 'sqlite'), got {scheme!r}"
            )
        if not callable(factory):
            raise TypeError(f"{self.supplier}: storage factory for {scheme!r} is not callable")
        self._registry._items.append(RegisteredBackend(scheme, factory, self.supplier))


def collect_backends(
    *, plugins: Iterable[Any] = (), entry_points: bool = True, env: Mapping[str, str] | None = None
) -> tuple[dict[str, RegisteredBackend], Any]:
    """Every backend the plugins register, and the mask of known county codes (see
    :func:`collect_store_setup` for the row fields too)."""
    backends, known, _ = collect_store_setup(plugins=plugins, entry_points=entry_points, env=env)
    return backends, known


def collect_store_setup(
    *, plugins: Iterable[Any] = (), entry_points: bool = True, env: Mapping[str, str] | None = None
) -> tuple[dict[str, RegisteredBackend], Any, Mapping[str, Any]]:
    """Every backend the plugins register, the mask of known county codes, and the row fields
    (the national ones plus those the plugins add with ``register_fields``, as an engine with
    the same plugins has them)."""
    from shuangyong.domain.divisions import DivisionCatalog
    from shuangyong.plugins import LoadedPlugin, create_host
    from shuangyong.registries import DivisionRegistrar
    from shuangyong.storage.rows import builtin_division_mask

    host = create_host(plugins=plugins, entry_points=entry_points, env=env)
    registry = StorageRegistry()
    host.call_each("register_storage_backends", lambda info: registry.bind(info.supplier))
    dregs: list[DivisionRegistrar] = []

    def make_div(info: LoadedPlugin) -> DivisionRegistrar:
        dregs.append(DivisionRegistrar(info.supplier))
        return dregs[-1]

    host.call_each("register_divisions", make_div)
    from shuangyong.policy.fieldset import FieldRegistry

    freg = FieldRegistry()
    host.call_each("register_fields", lambda info: freg.bind(info.supplier))
    fields = freg.finish()
    extra = [item for d in dregs for item in d.items]
    known: Any  # the bool mask the schema reads (with township codes when plugins add them)
    if extra:
        from shuangyong.policy.schema import known_divisions

        # with the plugins' township codes, which the engine accepts and rolls up likewise
        known = known_divisions(DivisionCatalog.builtin().with_divisions(extra))
    else:
        known = builtin_division_mask()
    return registry.finish(), known, fields


def open_store(
    url: str,
    *,
    migrate: bool = True,
    plugins: Iterable[Any] = (),
    entry_points: bool = True,
    env: Mapping[str, str] | None = None,
) -> Store:
    """Open the store at ``url`` with the backend registered for its scheme.

    Args:
        url: ``memory://``, ``sqlite:///path/to/file.db`` (``sqlite:////abs/path.db``), or a
            scheme an installed plugin registers (``postgresql://…``).
        migrate: bring an older schema forward (audited); with False an older schema is
            refused with :class:`~shuangyong.storage.protocol.SchemaVersionError`.
        plugins, entry_points, env: as for :func:`shuangyong.plugins.create_host`.

    Raises:
        UnknownStoreSchemeError: no backend handles the scheme (names it and the known ones).
        SchemaVersionError: the store is newer than this library (or older, with
            ``migrate=False``).
    """
    scheme = url_scheme(url)
    backends, known, fields = collect_store_setup(
        plugins=plugins, entry_points=entry_points, env=env
    )
    backend = backends.get(scheme)
    if backend is None:
        known_schemes = ", ".join(f"{s}://" for s in sorted(backends)) or "(none)"
        raise UnknownStoreSchemeError(
            f"没有处理 {scheme}:// 的存储后端（已注册：{known_schemes}）/ no storage backend for "
            f"{scheme}:// (registered: {known_schemes})"
        )
    kwargs: dict[str, Any] = {"migrate": migrate}
    if _accepts(backend.factory, "known_divisions"):
        kwargs["known_divisions"] = known
    if _accepts(backend.factory, "fields"):
        # the plugins' input fields: a fact may set them, checked as the engine checks them
        kwargs["fields"] = fields
    return backend.factory(url, **kwargs)


def _accepts(fn: Callable[..., Any], name: str) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
