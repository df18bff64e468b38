"""The plugin host: a fresh pluggy manager per Engine, never at import time.

Built-in behaviour (the national rule set) is an ordinary plugin registered first; district
plugins come from the ``shuangyong`` entry-point group or are passed in explicitly. Operators can
restrict entry-point plugins with ``SHUANGYONG_LOAD_PLUGINS=name,name`` (empty: none) and log
every hook call with ``SHUANGYONG_TRACE_PLUGINS=1`` (to the ``shuangyong.plugins`` logger; we
never configure logging).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import logging
import os
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import pluggy

from shuangyong import hookspecs
from shuangyong._version import __version__
from shuangyong.errors import PluginError

__all__ = ["DEFAULT_PLUGINS", "LoadedPlugin", "PluginHost", "create_host"]

DEFAULT_PLUGINS: tuple[str, ...] = (
    "shuangyong.national",
    "shuangyong.compliance.builtin",
    "shuangyong.storage.builtin",
    "shuangyong.reports.builtin",
)
ENTRY_POINT_GROUP = "shuangyong"
_log = logging.getLogger("shuangyong.plugins")


@attrs.frozen
class LoadedPlugin:
    """A plugin the host loaded: its name, distribution, version and the hooks it implements."""

    name: str
    distribution: str
    version: str
    hooks: tuple[str, ...]
    builtin: bool = False

    @property
    def supplier(self) -> str:
        return f"{self.distribution} {self.version}"


@attrs.define
class PluginHost:
    """A pluggy manager plus what we know about each plugin in it."""

    manager: pluggy.PluginManager
    plugins: list[LoadedPlugin]

    def plugin_objects(self) -> list[tuple[LoadedPlugin, Any]]:
        out = []
        for info in self.plugins:
            obj = self.manager.get_plugin(info.name)
            if obj is not None:
                out.append((info, obj))
        return out

    def call_each(self, hook: str, make_arg: Any) -> None:
        """Call ``hook`` once per plugin, handing each its own bound registrar.

        Going through pluggy (a subset caller per plugin) keeps pluggy's argument checking and
        tracing; binding per plugin is what lets registries stamp the supplier.
        """
        everyone = [obj for _, obj in self.plugin_objects()]
        for info, obj in self.plugin_objects():
            if hook not in info.hooks:
                continue
            caller = self.manager.subset_hook_caller(
                hook, remove_plugins=[o for o in everyone if o is not obj]
            )
            try:
                caller(registry=make_arg(info))
            except PluginError:
                raise
            except Exception as exc:
                if type(exc).__module__.startswith("shuangyong"):
                    raise
                raise PluginError(
                    f"plugin {info.name} ({info.supplier}) failed in {hook}: {exc}"
                ) from exc


def _hooks_of(pm: pluggy.PluginManager, obj: Any) -> tuple[str, ...]:
    callers = pm.get_hookcallers(obj) or []
    return tuple(sorted(c.name for c in callers))


def _check_no_defaults(pm: pluggy.PluginManager) -> None:
    """pluggy never passes an implementation argument that has a default: refuse it loudly."""
    import inspect

    for name in pm.hook.__dict__:
        caller = getattr(pm.hook, name)
        for impl in caller.get_hookimpls():
            for param in inspect.signature(impl.function).parameters.values():
                if param.default is not inspect.Parameter.empty:
                    raise PluginError(
                        f"plugin {impl.plugin_name!r}: {name}() argument {param.name!r} has a "
                        "default value, so pluggy would never pass it; remove the default"
                    )


def create_host(
    *,
    plugins: Iterable[Any] = (),
    entry_points: bool = True,
    builtins: bool = True,
    env: Mapping[str, str] | None = None,
) -> PluginHost:
    """A new plugin host.

    Args:
        plugins: extra plugin objects or modules to register (after entry points).
        entry_points: load plugins from the ``shuangyong`` entry-point group.
        builtins: register the built-in plugins (the national rule set).
        env: environment to read the SHUANGYONG_* switches from (default ``os.environ``).

    Raises:
        PluginError: a plugin failed to import, or implements a hook that does not exist.
    """
    env = os.environ if env is None else env
    pm = pluggy.PluginManager("shuangyong")
    pm.add_hookspecs(hookspecs)
    if env.get("SHUANGYONG_TRACE_PLUGINS"):
        pm.trace.root.setwriter(lambda msg: _log.info("%s", msg.rstrip()))
        pm.enable_tracing()
    loaded: list[LoadedPlugin] = []

    def add(obj: Any, name: str, dist: str, version: str, builtin: bool = False) -> None:
        try:
            pm.register(obj, name=name)
        except ValueError as exc:  # pluggy: same object or name registered twice
            raise PluginError(f"plugin {name!r} registered twice: {exc}") from None
        except pluggy.PluginValidationError as exc:
            raise PluginError(f"plugin {name!r} is invalid: {exc}") from None
        loaded.append(LoadedPlugin(name, dist, version, _hooks_of(pm, obj), builtin))

    if builtins:
        for modname in DEFAULT_PLUGINS:
            add(importlib.import_module(modname), modname, "shuangyong", __version__, True)
    if entry_points:
        allow = env.get("SHUANGYONG_LOAD_PLUGINS")
        allowed = None if allow is None else {a.strip() for a in allow.split(",") if a.strip()}
        installed = sorted(
            importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name
        )
        unknown = sorted((allowed or set()) - {ep.name for ep in installed})
        if unknown:
            # a misspelt name would otherwise load nothing and say nothing
            names = ", ".join(ep.name for ep in installed) or "(none)"
            raise PluginError(
                f"SHUANGYONG_LOAD_PLUGINS 中的插件未安装：{', '.join(unknown)}；已安装的插件："
                f"{names} / SHUANGYONG_LOAD_PLUGINS names plugins that are not installed: "
                f"{', '.join(unknown)}; installed (entry-point names): {names}"
            )
        for ep in installed:
            if allowed is not None and ep.name not in allowed:
                continue
            try:
                obj = ep.load()
            except Exception as exc:
                raise PluginError(f"plugin {ep.name!r} failed to import: {exc}") from exc
            dist = ep.dist.name if ep.dist is not None else ep.name
            version = ep.dist.version if ep.dist is not None else "0"
            add(obj, ep.name, dist, version)
    for obj in plugins:
        name = getattr(obj, "__name__", None) or type(obj).__name__
        dist = getattr(obj, "__distribution__", name)
        version = str(getattr(obj, "__version__", "0"))
        add(obj, name, dist, version)
    _check_no_defaults(pm)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(
            f"{exc} — 插件实现了不存在的钩子 / a plugin implements an unknown hook"
        ) from None
    return PluginHost(pm, loaded)
