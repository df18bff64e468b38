"""Commands of the ``shuangyong`` CLI contributed by plugins, and what every command shares.

A plugin adds subcommands with the ``register_commands`` hook: ``registry.add(command)`` with a
:mod:`click` command or group. The built-in ``check`` (compliance), ``store``, ``pay`` and
``report`` commands are registered the same way by the built-in plugins, so the main CLI
(:mod:`shuangyong.cli`) imports none of them and none of them imports it: the helpers they
share live here.

* :class:`UserError`: a mistake in what the user asked for, one line on stderr, exit status 2;
* :data:`DATE`: the ``YYYY-MM-DD`` parameter type (years 1900–2200);
* :func:`engine_of`: the engine of this invocation, built once with the ``--plugin`` modules;
* :func:`plugin_modules`: the modules named with ``--plugin``;
* :func:`grid`: a plain text table, CJK-width aware;
* :func:`read_text`: the text of a file the user names (regular, bounded, UTF-8) or one line.

A command name registered by two plugins, or a plugin command with the name of a core command,
is an error naming both suppliers.
"""

from __future__ import annotations

import datetime as dt
import importlib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import click

from shuangyong.errors import DuplicateRegistrationError, InvalidValueError

__all__ = [
    "DATE",
    "EXIT_USER_ERROR",
    "MAX_INPUT_BYTES",
    "CommandRegistrar",
    "CommandRegistry",
    "DateType",
    "UserError",
    "engine_of",
    "grid",
    "plugin_modules",
    "read_text",
]

EXIT_USER_ERROR = 2
MIN_YEAR, MAX_YEAR = 1900, 2200  # dates the command accepts (months and years after them exist)
MAX_INPUT_BYTES = 1 << 20  # a person file is a few hundred bytes; more is not a person file


class UserError(click.ClickException):
    """A mistake in what the user asked for: one line on stderr, exit status 2."""

    exit_code = EXIT_USER_ERROR

    def __init__(self, message: str) -> None:
        # one line, whatever the underlying message looked like
        super().__init__(" ".join(str(message).split()))

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"错误 / error: {self.format_message()}", err=file is None, file=file)


class DateType(click.ParamType):  # type: ignore[type-arg]  # generic only from click 8.2
    """An ISO date ``YYYY-MM-DD`` (never a datetime)."""

    name = "YYYY-MM-DD"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        from shuangyong.domain.periods import parse_date

        try:
            day = parse_date(value, param.name if param is not None and param.name else "date")
        except InvalidValueError as exc:
            self.fail(f"{exc.value!r}: {exc.reason}", param, ctx)
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            self.fail(
                f"{day.isoformat()}: 日期超出范围（{MIN_YEAR}–{MAX_YEAR}年）/ out of range",
                param,
                ctx,
            )
        return day


DATE = DateType()


def _width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap


def grid(headers: Sequence[str], rows: Iterable[Sequence[Any]], right: Iterable[int] = ()) -> str:
    """A plain ASCII grid (safe in any terminal), CJK-width aware.

    Args:
        headers: column titles.
        rows: cells (converted with ``str``; ``None`` shows as ``—``).
        right: indexes of right-aligned (numeric) columns.
    """
    body = [["—" if c is None else str(c) for c in r] for r in rows]
    widths = [_width(h) for h in headers]
    for r in body:
        widths = [max(w, _width(c)) for w, c in zip(widths, r, strict=True)]
    ralign = set(right)
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    head_rule = "+" + "+".join("=" * (w + 2) for w in widths) + "+"

    def line(cells: Sequence[str], header: bool = False) -> str:
        return (
            "| "
            + " | ".join(
                _pad(c, w, i in ralign and not header)
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            )
            + " |"
        )

    out = [rule, line(list(headers), header=True), head_rule]
    out += [line(r) for r in body]
    out.append(rule)
    return "\n".join(out)


def engine_of(ctx: click.Context) -> Any:
    """The engine of this invocation (built once, with ``--plugin`` modules added)."""
    obj = ctx.find_root().ensure_object(dict)
    if "engine" not in obj:
        from shuangyong.engine import Engine

        obj["engine"] = Engine.create(plugins=plugin_modules(ctx))
    return obj["engine"]


def plugin_modules(ctx: click.Context) -> list[Any]:
    """The modules named with ``--plugin`` (read from the parsed options of the main group:
    subcommands are looked up before its callback runs)."""
    root = ctx.find_root()
    names = root.params.get("plugins") or root.ensure_object(dict).get("plugins", ())
    plugins = []
    for name in names:
        try:
            plugins.append(importlib.import_module(name))
        except ImportError as exc:
            raise UserError(f"--plugin {name}: 无法导入 / cannot import: {exc}") from None
    return plugins


class CommandRegistry:
    """Collects the commands every plugin registers; decides clashes after all have run."""

    def __init__(self) -> None:
        self._items: list[tuple[click.Command, str]] = []

    def bind(self, supplier: str) -> CommandRegistrar:
        return CommandRegistrar(self, supplier)

    def finish(self, core: Mapping[str, str] | None = None) -> dict[str, click.Command]:
        """Command name → command.

        Args:
            core: names the main CLI defines itself, with their supplier (a plugin may not
                shadow them).

        Raises:
            DuplicateRegistrationError: a name registered twice, or a core name (naming both
                suppliers).
        """
        owner: dict[str, str] = dict(core or {})
        out: dict[str, click.Command] = {}
        for command, supplier in self._items:
            name = command.name
            assert name is not None  # checked by the registrar
            if name in owner:
                raise DuplicateRegistrationError("command", name, owner[name], supplier)
            owner[name] = supplier
            out[name] = command
        return out


class CommandRegistrar:
    """What ``register_commands`` receives: add :mod:`click` commands or groups."""

    def __init__(self, registry: CommandRegistry, supplier: str) -> None:
        self._registry = registry
        self.supplier = supplier

    def add(self, *commands: click.Command) -> None:
        """Add subcommands of ``shuangyong`` (each under its own ``name``)."""
        for command in commands:
            if not isinstance(command, click.Command) or not command.name:
                raise TypeError(
                    f"{self.supplier}: register_commands expects named click commands, "
                    f"got {command!r}"
                )
            self._registry._items.append((command, self.supplier))


def read_text(path: Path, limit: int) -> str:
    """The UTF-8 text of a regular file of at most ``limit`` bytes.

    Raises:
        UserError: no such file, not a regular file (a device such as /dev/zero, a FIFO),
            too large, or not UTF-8 (GBK/GB18030 exports: save as UTF-8). The message never
            echoes the file's contents.
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        raise UserError(f"{path}: 文件不存在 / no such file") from None
    except OSError as exc:
        raise UserError(f"{path}: 无法读取 / cannot read: {exc.strerror}") from None
    import stat

    if not stat.S_ISREG(st.st_mode):
        raise UserError(f"{path}: 不是普通文件 / not a regular file")
    if st.st_size > limit:
        raise UserError(f"{path}: 文件过大（{st.st_size:,} 字节，上限 {limit:,}）/ file too large")
    try:
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise UserError(f"{path}: 无法读取 / cannot read: {exc.strerror}") from None
    if len(raw) > limit:
        raise UserError(f"{path}: 文件过大（上限 {limit:,} 字节）/ file too large")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(
            f"{path}: 不是 UTF-8 编码（第 {exc.start} 字节；GBK/GB18030 文件请另存为 UTF-8）"
            " / not UTF-8 text"
        ) from None
