"""The ``shuangyong`` pytest plugin (registered through the ``pytest11`` entry point).

What it gives a project that installs shuangyong (a district plugin, a host system):

* case files collected as tests: every ``tests/cases/**/*.toml`` by default (ini option
  ``shuangyong_cases``, a list of glob patterns relative to the rootdir); each ``[[case]]`` is a
  test item whose failure shows expected vs actual and the explanation in Chinese;
* fixtures: ``shuangyong_engine`` (a fresh engine with the installed plugins), ``plugin_host``
  (a fresh plugin host), and ``use_plugin`` — a context manager factory that builds an engine
  with an extra plugin registered for the duration of a ``with`` block.

A project's own ``engine`` fixture is left alone: the names here are prefixed or specific.
"""

from __future__ import annotations

import contextlib
import fnmatch
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from shuangyong.testing.cases import Case, CaseFileError, CaseOutcome, load_cases, run_case

__all__ = ["CaseItem", "CaseTomlFile"]

DEFAULT_PATTERNS = ["tests/cases/**/*.toml"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "shuangyong_cases",
        type="linelist",
        default=DEFAULT_PATTERNS,
        help="glob patterns (relative to rootdir) of shuangyong case files to collect",
    )


def _matches(config: pytest.Config, path: Path) -> bool:
    try:
        rel = path.resolve().relative_to(config.rootpath.resolve()).as_posix()
    except ValueError:
        return False
    for pattern in config.getini("shuangyong_cases"):
        if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(rel, pattern.replace("**/", "")):
            return True
    return False


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".toml" and _matches(parent.config, file_path):
        collector: CaseTomlFile = CaseTomlFile.from_parent(parent, path=file_path)
        return collector
    return None


class CaseTomlFile(pytest.File):
    """A case file; each ``[[case]]`` becomes a :class:`CaseItem`."""

    def collect(self) -> Iterator[pytest.Item]:
        try:
            cases = load_cases(self.path)
        except CaseFileError as exc:
            raise self.CollectError(str(exc)) from None
        for case in cases:
            yield CaseItem.from_parent(self, name=f"{case.index}: {case.name}", case=case)


class _CaseFailed(Exception):
    def __init__(self, outcome: CaseOutcome) -> None:
        self.outcome = outcome
        super().__init__("case failed")


class CaseItem(pytest.Item):
    """One hand-computed case."""

    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        engine = _engine_for(self.config, self.case.plugins)
        outcome = run_case(self.case, engine)
        if not outcome.passed:
            raise _CaseFailed(outcome)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, _CaseFailed):
            o = excinfo.value.outcome
            lines = [f"case {o.case.name!r} ({o.case.source} {o.case.key})"]
            if o.case.citation:
                lines.append(f"依据 / citation: {o.case.citation}")
            lines += [f"  {m}" for m in o.mismatches]
            lines += ["", "说明 / explanation:", o.explanation]
            return "\n".join(lines)
        if isinstance(excinfo.value, CaseFileError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"case: {self.case.name}"


def _engine_for(config: pytest.Config, plugins: tuple[str, ...] | None) -> Any:
    """One engine per plugin selection per session (engines are immutable, so sharing is safe
    and saves re-loading the national parameters for every case)."""
    from shuangyong.engine import Engine

    cache: dict[Any, Any] = config.stash.setdefault(_ENGINES, {})
    key = plugins
    if key not in cache:
        env = None if plugins is None else {"SHUANGYONG_LOAD_PLUGINS": ",".join(plugins)}
        cache[key] = Engine.create(env=env)
    return cache[key]


_ENGINES = pytest.StashKey[dict[Any, Any]]()


@pytest.fixture
def shuangyong_engine() -> Any:
    """A fresh :class:`~shuangyong.Engine` with the built-in and installed plugins."""
    from shuangyong.engine import Engine

    return Engine.create()


@pytest.fixture
def plugin_host() -> Any:
    """A fresh plugin host (hooks, loaded plugins) without building an engine."""
    from shuangyong.plugins import create_host

    return create_host()


@pytest.fixture
def use_plugin() -> Any:
    """``with use_plugin(my_plugin) as engine:`` — an engine with ``my_plugin`` registered
    (plus the built-in rules; installed entry points only if ``entry_points=True``)."""

    @contextlib.contextmanager
    def _use(*plugins: Any, entry_points: bool = False) -> Iterator[Any]:
        from shuangyong.engine import Engine

        yield Engine.create(plugins=plugins, entry_points=entry_points)

    return _use
