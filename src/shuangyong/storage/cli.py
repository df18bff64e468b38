"""``shuangyong store``: create or migrate a store, and import beneficiaries into it.

``store init URL`` creates the store (or brings an older schema forward) and prints its schema
version; ``store import URL FILE...`` reads CSV or xlsx files the way existing 优抚 systems
export them (see ``docs/importing.rst``).

Exit status: 0 when everything was done; 1 when an import found bad rows (every one is listed
by line, column, field and reason, and nothing of that file was written); 2 on a user error
(an unknown URL scheme, a missing store or file, an unreadable file, a store newer than the
library), with one line ``错误 / error: ...`` on stderr.

The helpers :func:`cli_store` and :class:`TerminalProgress` are shared with the payment
commands (:mod:`shuangyong.ledger.cli`). The built-in storage plugin registers the group
through the ``register_commands`` hook.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import click

from shuangyong.commands import DATE
from shuangyong.domain.ids import mask_id
from shuangyong.errors import ShuangyongError
from shuangyong.storage.model import Fact, FactKind
from shuangyong.storage.protocol import SchemaVersionError, Store
from shuangyong.storage.registry import url_scheme

__all__ = ["TerminalProgress", "cli_store", "store_group"]


def _user_error(message: str) -> click.ClickException:
    from shuangyong.commands import UserError  # the CLI's error style (exit 2, one line)

    return UserError(message)


def _plugins(ctx: click.Context) -> list[Any]:
    from shuangyong.commands import plugin_modules  # the --plugin modules of this invocation

    return plugin_modules(ctx)


def _sqlite_file(url: str) -> Path | None:
    """The file of a ``sqlite:///`` URL (None for any other scheme or a malformed one)."""
    if url_scheme(url) != "sqlite":
        return None
    rest = url[len("sqlite://") :]
    return Path(rest[1:]) if rest.startswith("/") and len(rest) > 1 else None


@contextmanager
def cli_store(ctx: click.Context, url: str, *, must_exist: bool = True) -> Iterator[Store]:
    """Open the store at ``url`` for one command, and close it afterwards.

    A SQLite file that does not exist is refused unless ``must_exist`` is False: opening it
    would silently create an empty store, and a typo in a path would then show "nobody
    registered" instead of the mistake. ``store init`` is the one command that creates.

    Raises:
        UserError: a missing SQLite file, an unknown scheme, a newer schema (via ``_Group``).
    """
    from shuangyong.storage.registry import open_store

    file = _sqlite_file(url)
    if must_exist and file is not None and not file.is_file():
        raise _user_error(
            f"存储 {url} 不存在：文件 {file} 未找到，请先运行 shuangyong store init {url} / "
            f"store {url} does not exist (no file {file}); create it with "
            f"`shuangyong store init {url}`"
        )
    store = open_store(url, plugins=_plugins(ctx))
    try:
        yield store
    finally:
        store.close()


class TerminalProgress:
    """A progress bar on stderr when stderr is a terminal, and nothing otherwise.

    Scripts, pipes and log files get clean output; a person at a terminal sees how far a long
    import or payment run has gone. Use as a context manager and call :meth:`update` with the
    work done so far (it may be called with the same or a smaller total again: a new stage).
    """

    def __init__(self, label: str, *, stream: Any = None) -> None:
        self.label = label
        self.stream = sys.stderr if stream is None else stream
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(callable(isatty) and isatty())
        self._bar: Any = None
        self._stage = ""
        self._done = 0

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._close()

    def _close(self) -> None:
        if self._bar is not None:
            self._bar.render_finish()
            self._bar = None

    def update(self, done: int, total: int, stage: str = "") -> None:
        """Show ``done`` of ``total`` (``stage`` names a phase such as 检查 or 写入)."""
        if not self.enabled or total <= 0:
            return
        if self._bar is None or stage != self._stage:
            self._close()
            label = f"{self.label} {stage}".strip()
            self._bar = click.progressbar(
                length=total, label=label, file=self.stream, show_pos=True, show_eta=False
            )
            self._bar.render_progress()  # shown at once, not on the first update only
            self._stage, self._done = stage, 0
        step = max(0, min(done, total) - self._done)
        if step:
            self._bar.update(step)
            self._done += step


# -- the group --------------------------------------------------------------------------------
# A plain group: shuangyong's errors raised below it reach the main group, which turns them
# into one-line user errors (exit 2).
@click.group("store")
def store_group() -> None:
    """The case store: create it, import beneficiaries into it.

    URL: sqlite:///relative/path.db, sqlite:////absolute/path.db, memory:// (nothing persists
    between two commands), or a scheme a plugin adds (postgresql://...).
    """


@store_group.command("init")
@click.argument("url")
@click.pass_context
def init_cmd(ctx: click.Context, url: str) -> None:
    """Create the store at URL, or migrate an older one; print its schema version."""
    from shuangyong.storage.registry import open_store

    plugins = _plugins(ctx)
    found: int | None = None
    try:
        # open without migrating first, to say what init did: created, migrated or nothing
        open_store(url, migrate=False, plugins=plugins).close()
    except SchemaVersionError as exc:
        if exc.found > exc.supported:
            raise
        found = exc.found
    store = open_store(url, plugins=plugins)
    try:
        version = store.schema_version
    finally:
        store.close()
    if found is None:
        state = "已是最新 / already current"
    elif found == 0:
        state = "已新建 / created"
    else:
        state = f"已从版本 {found} 迁移 / migrated from version {found}"
    click.echo(f"存储 / store: {url}")
    click.echo(f"结构版本 / schema version: {version}（{state}）")
    file = _sqlite_file(url)
    if file is not None:
        click.echo(f"文件 / file: {file.resolve()}")
    if url_scheme(url) == "memory":
        click.echo("注意 / note: memory:// 不保存数据，命令结束即清空 / nothing persists")


def _rule_ids(ctx: click.Context) -> list[str]:
    from shuangyong.commands import engine_of as _engine

    ids: list[str] = _engine(ctx).rule_ids()
    return ids


@store_group.command("import")
@click.argument("url")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row and write nothing.")
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    default=None,
    help="Rows per transaction (resumable); default: each file in one transaction.",
)
@click.option(
    "--benefit", metavar="RULE", default=None, help="The benefit of a plain 已发至 column."
)
@click.option(
    "--survivors",
    is_flag=True,
    help="The files list survivors (遗属): death columns are the member's.",
)
@click.option("--encoding", metavar="E", default=None, help="CSV encoding (default: detected).")
@click.option(
    "--effective-from",
    "effective_from",
    type=DATE,
    default=None,
    help="Date of effect of rows without a 生效日期 cell (YYYY-MM-DD).",
)
@click.option("--sheet", default=None, help="The xlsx sheet (default: the first).")
@click.option(
    "--actor", metavar="NAME", default=None, help="Who imports (required unless --dry-run)."
)
@click.pass_context
def import_cmd(
    ctx: click.Context,
    url: str,
    files: tuple[Path, ...],
    dry_run: bool,
    chunk_size: int | None,
    benefit: str | None,
    survivors: bool,
    encoding: str | None,
    effective_from: dt.date | None,
    sheet: str | None,
    actor: str | None,
) -> None:
    """Import beneficiaries from CSV or xlsx FILES into the store at URL.

    Each file is written all or nothing (or in --chunk-size transactions that a re-run
    resumes); importing the same file twice adds nothing. Files are taken in order and the
    first one with a bad row stops the import: exit 1, every bad row listed.
    """
    from shuangyong.intake import ImportProgress, import_file

    if not dry_run and (actor is None or not actor.strip()):
        raise _user_error(
            "--actor: 导入须注明操作人（试导入 --dry-run 除外）/ an import names who does it "
            "(--actor NAME), except a --dry-run"
        )
    rule_ids = _rule_ids(ctx)
    if benefit is not None and benefit not in rule_ids:
        raise _user_error(
            f"--benefit {benefit}: 未知待遇 / unknown benefit; known: {', '.join(rule_ids)}"
        )
    bad = False
    with cli_store(ctx, url) as store:
        for i, file in enumerate(files):
            with TerminalProgress(f"导入 / importing {file.name}") as bar:

                def progress(p: ImportProgress, bar: TerminalProgress = bar) -> None:
                    stage = "检查 / check" if p.stage == "check" else "写入 / write"
                    bar.update(p.done, p.total, stage)

                report = import_file(
                    store,
                    file,
                    dry_run=dry_run,
                    chunk_size=chunk_size,
                    progress=progress,
                    actor=actor,
                    effective_from=effective_from,
                    benefit=benefit,
                    survivors=survivors,
                    rule_ids=rule_ids,
                    encoding=encoding,
                    sheet=sheet,
                )
            click.echo(report.summary())
            if not report.ok:
                bad = True
                if not dry_run:
                    rest = [f.name for f in files[i + 1 :]]
                    if rest:
                        click.echo(
                            f"未导入其后的文件 / not imported: {'、'.join(rest)}（请先改正上列问题 "
                            "/ fix the problems above first）"
                        )
                    break
    if bad:
        ctx.exit(1)


_KINDS = [k.value for k in FactKind]


@store_group.command("record")
@click.argument("url")
@click.argument("person")
@click.option(
    "--from",
    "effective_from",
    type=DATE,
    required=True,
    help="The legal date of effect (YYYY-MM-DD), not the date it was reported.",
)
@click.option(
    "--kind",
    type=click.Choice(_KINDS),
    required=True,
    help="Why it is recorded (death, reassessment, suspension, move, ...).",
)
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="FIELD=VALUE",
    help="A field's new value (repeatable), written as in an import cell: 2023-05-10, 因病, 五级.",
)
@click.option("--clear", "clears", multiple=True, metavar="FIELD", help="Clear a field.")
@click.option("--note", default="", help="For the file, e.g. the decision number.")
@click.option("--actor", metavar="NAME", required=True, help="Who records it (audited).")
@click.pass_context
def record_cmd(
    ctx: click.Context,
    url: str,
    person: str,
    effective_from: dt.date,
    kind: str,
    sets: tuple[str, ...],
    clears: tuple[str, ...],
    note: str,
    actor: str,
) -> None:
    """Record a dated fact about PERSON (身份证号): a death, a reassessment, a suspension, a
    move... Facts are never overwritten; a late report keeps its legal date of effect, and
    `shuangyong pay recover` or `pay arrears` then settle the months already paid."""
    from shuangyong.intake import Aliases
    from shuangyong.intake.cells import CellError, read_person_id
    from shuangyong.intake.convert import parse_defaults

    try:
        pid = read_person_id(person).reveal()
    except CellError as exc:
        raise _user_error(f"PERSON {person!r}: {exc.reason}") from None
    given: dict[str, str] = {}
    for item in sets:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise _user_error(
                f"--set {item!r}: 应为 字段=值 / expected FIELD=VALUE (e.g. died_on=2023-05-10)"
            )
        given[name.strip()] = value.strip()
    if not given and not clears:
        raise _user_error("请用 --set 或 --clear 给出至少一个字段 / give --set or --clear")
    with cli_store(ctx, url) as store:
        # the store's fields: a plugin's field is set by its name, its values read as cells
        fields = store.fields if hasattr(store, "fields") else None
        try:
            values: dict[str, Any] = parse_defaults(given, Aliases.builtin(fields))
        except ShuangyongError as exc:
            raise _user_error(str(exc).replace("defaults.", "--set ")) from None
        for name in clears:
            if name in values:
                raise _user_error(f"--clear {name}: 同时又 --set 了该字段 / also given with --set")
            values[name] = None
        fact = Fact(
            pid, effective_from, values, kind=FactKind(kind), note=note, source="cli:store record"
        )
        if fact.kind is not FactKind.REGISTER and not store.facts(pid):
            raise _user_error(
                f"人员 {mask_id(pid)} 未登记，请先登记或导入 / person {mask_id(pid)} is not "
                "registered: register or import them first (--kind register)"
            )
        new = store.add_facts([fact], actor=actor)
    shown = "，".join(_shown(k, v, fields) for k, v in values.items())
    state = "已记录" if new else "已存在，未重复记录 / already recorded"
    since = effective_from.isoformat()
    click.echo(f"{state}：人员 {mask_id(pid)}，{fact.kind.label}，自 {since} 起：{shown}")


def _shown(name: str, value: Any, fields: Mapping[str, Any] | None = None) -> str:
    """``death_category="illness"`` → ``死亡性质：因病``: labels for a person, not codes
    (``fields``: the store's, so a plugin's field shows its label too)."""
    from shuangyong.policy.schema import FIELDS
    from shuangyong.storage.model import REGISTER_FIELDS

    spec = (FIELDS if fields is None else fields).get(name)
    label = spec.label if spec is not None else REGISTER_FIELDS.get(name, name)
    if value is None:
        return f"{label}：（清除）"
    if spec is not None and spec.enum_type is not None:
        try:
            return f"{label}：{getattr(spec.enum_type(value), 'label', value)}"
        except (ValueError, AttributeError):
            pass
    if isinstance(value, bool):
        return f"{label}：{'是' if value else '否'}"
    return f"{label}：{value}"
