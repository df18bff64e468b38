"""Report formats and builders as plugins: the registrars the two hooks receive, and the registry.

``register_report_formats(registry)`` gets a :class:`FormatRegistrar`;
``register_report_builders(registry)`` gets a :class:`BuilderRegistrar`. Both are bound to the
calling plugin, so every format and builder is stamped with the distribution that supplied it;
a name registered by two plugins is an error naming both, decided after every plugin has run so
that load order never matters. :func:`collect_reports` runs both hooks over a fresh plugin host.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import IO, TYPE_CHECKING, Any

import attrs

from shuangyong.errors import DuplicateRegistrationError, PluginError
from shuangyong.reports.errors import ReportInputError, UnknownReportError
from shuangyong.reports.model import Report

if TYPE_CHECKING:
    from shuangyong.reports.request import ReportRequest

__all__ = [
    "BuilderRegistrar",
    "FormatRegistrar",
    "ReportBuilder",
    "ReportFormat",
    "ReportRegistry",
    "Writer",
    "collect_reports",
]

Writer = Callable[[Report, IO[bytes], Mapping[str, str]], None]
"""``write(report, stream, options)``: write ``report`` to the binary ``stream``.

``options`` holds only names the format declares (checked before the call), as strings."""

_NAME = re.compile(r"[a-z][a-z0-9\-]*")


def _options(value: Mapping[str, str]) -> dict[str, str]:
    return dict(value)


def _needs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _name(value: str) -> str:
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        raise ValueError(
            f"a report format or kind name is lower-case letters, digits and '-' (like "
            f"'payment-sheet'), got {value!r}"
        )
    return value


@attrs.frozen
class ReportFormat:
    """A way to write a :class:`~shuangyong.reports.model.Report` to a file.

    Attributes:
        name: what ``--format`` takes (``csv``, ``xlsx``); lower case.
        label: a Chinese label for people (``CSV 表格``).
        suffix: the usual file suffix, with the dot (``.csv``).
        media_type: the MIME type (``text/csv; charset=utf-8``).
        write: the :data:`Writer`.
        options: option name → one-line description; ``--option NAME=VALUE`` on the CLI.
            Anything else is refused before ``write`` is called.
        supplied_by: stamped by the registrar (distribution and version).
    """

    name: str = attrs.field(converter=_name)
    label: str
    suffix: str
    media_type: str
    write: Writer
    options: Mapping[str, str] = attrs.field(factory=dict, converter=_options)
    supplied_by: str = ""

    def check_options(self, options: Mapping[str, str]) -> None:
        """Refuse an option the format does not declare (names the ones it does).

        Raises:
            ReportInputError: an unknown option name.
        """
        for key in options:
            if key not in self.options:
                known = ", ".join(sorted(self.options)) or "(none)"
                raise ReportInputError(
                    f"option {key}",
                    options[key],
                    f"{self.name} 格式没有此选项 / format {self.name!r} has no such option; "
                    f"options: {known}",
                )


Build = Callable[["ReportRequest"], Report]
"""``build(request) -> Report``."""


@attrs.frozen
class ReportBuilder:
    """A kind of report and how to build it from a :class:`~shuangyong.reports.ReportRequest`.

    Attributes:
        kind: what ``shuangyong report KIND`` takes (``roster``); lower case.
        label: the Chinese name (``花名册``).
        build: the function; it reads what it needs from the request and raises
            :class:`~shuangyong.reports.errors.ReportInputError` naming a missing or bad input.
        needs: request fields it reads (``store``, ``division``...), for ``--help`` and docs.
        description: one line on what the report shows.
        supplied_by: stamped by the registrar.
    """

    kind: str = attrs.field(converter=_name)
    label: str
    build: Build
    needs: tuple[str, ...] = attrs.field(default=(), converter=_needs)
    description: str = ""
    supplied_by: str = ""


class ReportRegistry:
    """Formats and builders from every plugin; :meth:`finish` decides duplicates."""

    def __init__(self) -> None:
        self._formats: list[ReportFormat] = []
        self._builders: list[ReportBuilder] = []
        self.formats: dict[str, ReportFormat] = {}
        self.builders: dict[str, ReportBuilder] = {}

    def formats_for(self, supplier: str) -> FormatRegistrar:
        """A format registrar bound to one plugin."""
        return FormatRegistrar(self, supplier)

    def builders_for(self, supplier: str) -> BuilderRegistrar:
        """A builder registrar bound to one plugin."""
        return BuilderRegistrar(self, supplier)

    def finish(self) -> ReportRegistry:
        """Index what was registered by name.

        Raises:
            DuplicateRegistrationError: a format name or report kind registered twice.
        """
        self.formats = {}
        for f in self._formats:
            if f.name in self.formats:
                prev = self.formats[f.name].supplied_by
                raise DuplicateRegistrationError("report format", f.name, prev, f.supplied_by)
            self.formats[f.name] = f
        self.builders = {}
        for b in self._builders:
            if b.kind in self.builders:
                prev = self.builders[b.kind].supplied_by
                raise DuplicateRegistrationError("report builder", b.kind, prev, b.supplied_by)
            self.builders[b.kind] = b
        return self

    def format(self, name: str) -> ReportFormat:
        """The format ``name``.

        Raises:
            UnknownReportError: no plugin registers it (names those that are registered).
        """
        try:
            return self.formats[name]
        except KeyError:
            raise UnknownReportError("format", name, tuple(sorted(self.formats))) from None

    def builder(self, kind: str) -> ReportBuilder:
        """The builder of ``kind``.

        Raises:
            UnknownReportError: no plugin registers it.
        """
        try:
            return self.builders[kind]
        except KeyError:
            raise UnknownReportError("report", kind, tuple(sorted(self.builders))) from None


class FormatRegistrar:
    """What ``register_report_formats`` receives: ``registry.add(ReportFormat(...))``.

    Attributes:
        supplier: the plugin's distribution and version, stamped on what it registers.
    """

    def __init__(self, registry: ReportRegistry, supplier: str) -> None:
        self._registry = registry
        self.supplier = supplier

    def add(self, *formats: ReportFormat) -> None:
        """Register formats by name; a name another plugin registers is an error naming both."""
        for f in formats:
            if not isinstance(f, ReportFormat):
                raise PluginError(
                    f"{self.supplier}: register_report_formats expects ReportFormat, got {f!r}"
                )
            if not callable(f.write):
                raise PluginError(f"{self.supplier}: format {f.name!r}: write is not callable")
            self._registry._formats.append(attrs.evolve(f, supplied_by=self.supplier))


class BuilderRegistrar:
    """What ``register_report_builders`` receives: ``registry.add(ReportBuilder(...))``.

    Attributes:
        supplier: the plugin's distribution and version, stamped on what it registers.
    """

    def __init__(self, registry: ReportRegistry, supplier: str) -> None:
        self._registry = registry
        self.supplier = supplier

    def add(self, *builders: ReportBuilder) -> None:
        """Register report kinds; a kind another plugin registers is an error naming both."""
        for b in builders:
            if not isinstance(b, ReportBuilder):
                raise PluginError(
                    f"{self.supplier}: register_report_builders expects ReportBuilder, got {b!r}"
                )
            if not callable(b.build):
                raise PluginError(f"{self.supplier}: report {b.kind!r}: build is not callable")
            self._registry._builders.append(attrs.evolve(b, supplied_by=self.supplier))


def collect_reports(
    *, plugins: Iterable[Any] = (), entry_points: bool = True, env: Mapping[str, str] | None = None
) -> ReportRegistry:
    """Every report format and builder the plugins register (the core ones included).

    Args:
        plugins, entry_points, env: as for :func:`shuangyong.plugins.create_host`.

    Raises:
        DuplicateRegistrationError: a name registered by two plugins.
    """
    from shuangyong.plugins import create_host

    host = create_host(plugins=plugins, entry_points=entry_points, env=env)
    registry = ReportRegistry()
    host.call_each("register_report_formats", lambda info: registry.formats_for(info.supplier))
    host.call_each("register_report_builders", lambda info: registry.builders_for(info.supplier))
    return registry.finish()
