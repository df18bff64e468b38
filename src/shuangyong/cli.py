"""The ``shuangyong`` command: demo, explain one person, inspect parameters, rules and plugins.

Every command builds its own :class:`~shuangyong.engine.Engine` (installed plugins included, as
``SHUANGYONG_LOAD_PLUGINS`` allows). User errors — shuangyong's own errors, unreadable or
malformed files, bad dates, unknown options — print one line ``错误 / error: ...`` to stderr and
exit with status 2; a traceback means a bug in shuangyong, never a mistake by the user.
"""

from __future__ import annotations

import datetime as dt
import difflib

# Engine.create() reads entry points; importing the submodule here keeps the CLI working even
# where the plugin host only imports the top-level package.
import json
import sys
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from shuangyong._version import __version__
from shuangyong.commands import (
    DATE,
    EXIT_USER_ERROR,
    MAX_INPUT_BYTES,
    MAX_YEAR,
    MIN_YEAR,
    CommandRegistry,
    UserError,
    grid,
    read_text,
)
from shuangyong.commands import engine_of as _engine
from shuangyong.commands import plugin_modules as _plugin_modules
from shuangyong.domain.periods import HAS_TIME, date_or_reason
from shuangyong.errors import (
    BatchInputError,
    InvalidValueError,
    ShuangyongError,
    field_and_value,
)
from shuangyong.parameters.model import (
    NATIONAL,
    DatedValue,
    Dimension,
    ParameterDecl,
    Provenance,
    ValueKind,
    display_scalar,
)
from shuangyong.textformats import StructuredTextError, parse_structured

__all__ = ["DATE", "EXIT_USER_ERROR", "UserError", "grid", "main"]

MAX_CASE_BYTES = 16 << 20  # the largest shipped case file is under 100 KB
DEMO_DATE = dt.date(2025, 3, 1)
_CHUNK = 20_000  # rows per batch call in the demo; more than one chunk shows a progress bar
_SHOW_ERRORS = 8


# -- errors -----------------------------------------------------------------------------------
def _usage_error(exc: click.UsageError) -> UserError:
    path = exc.ctx.command_path if exc.ctx is not None else "shuangyong"
    return UserError(f"{exc.format_message()}（用法 / usage: {path} --help）")


class _Group(click.Group):
    """A group that turns user errors raised below it into :class:`UserError`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.NoArgsIsHelpError:
            raise  # bare ``shuangyong``: click shows the help, as people expect
        except click.UsageError as exc:
            raise _usage_error(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            raise _usage_error(exc) from None
        except ShuangyongError as exc:
            raise UserError(str(exc)) from None
        except RecursionError:
            raise UserError("输入嵌套过深 / input nested too deeply") from None
        except OverflowError:
            # a date near 9999-12-31: the month after it, or a period's end, cannot be computed
            raise UserError(
                f"日期超出可计算范围（{MIN_YEAR}–{MAX_YEAR}年）/ a date out of range"
            ) from None


class _Main(_Group):
    """The ``shuangyong`` group: its own commands plus those plugins add through the
    ``register_commands`` hook (the built-in ``check``, ``store``, ``pay`` and ``report`` among
    them), looked up when a subcommand is resolved or listed, with the ``--plugin`` modules of
    this invocation."""

    def _plugin_commands(self, ctx: click.Context) -> dict[str, click.Command]:
        meta = ctx.find_root().meta
        found: dict[str, click.Command] | None = meta.get("shuangyong.commands")
        if found is None:
            from shuangyong.plugins import create_host

            registry = CommandRegistry()
            try:
                host = create_host(plugins=_plugin_modules(ctx))
                host.call_each("register_commands", lambda info: registry.bind(info.supplier))
                found = registry.finish({name: "shuangyong (core)" for name in self.commands})
            except ShuangyongError as exc:
                raise UserError(str(exc)) from None
            meta["shuangyong.commands"] = found
        return found

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self._plugin_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        # the plugins' commands are collected even for a core command, so that a clash is an
        # error on every invocation, not only when the clashing name is used
        extra = self._plugin_commands(ctx)
        return self.commands.get(cmd_name) or extra.get(cmd_name)


# -- text layout ------------------------------------------------------------------------------
def _yuan(fen: int) -> str:
    return f"{Decimal(fen) / 100:,.2f}"


def _plain(value: Any) -> Any:
    """A numpy scalar as a Python value, for messages."""
    item = getattr(value, "item", None)
    return item() if callable(item) else value


# -- engine -----------------------------------------------------------------------------------
def _plugin_names(engine: Any) -> str:
    return "，".join(dict.fromkeys(f"{p.distribution} {p.version}" for p in engine.plugins))


def _division_name(engine: Any, code: str) -> str:
    if code == NATIONAL:
        return "全国（national）"
    try:
        return f"{engine.divisions.get(code).name}（{code}）"
    except ShuangyongError:
        return f"{code}（未知 / unknown）"


# -- the group --------------------------------------------------------------------------------
@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "--version", prog_name="shuangyong", message="%(prog)s %(version)s"
)
@click.option(
    "--plugin",
    "-p",
    "plugins",
    multiple=True,
    metavar="MODULE",
    # eager, so that ``--plugin m --help`` lists the commands the module adds
    is_eager=True,
    help="Also load this plugin module (e.g. a district plugin under development).",
)
@click.pass_context
def main(ctx: click.Context, plugins: tuple[str, ...]) -> None:
    """shuangyong：双拥政策规则引擎 / China's military-support policy as explainable rules.

    Installed plugins (entry point group ``shuangyong``) load automatically;
    SHUANGYONG_LOAD_PLUGINS=name,name restricts them (empty: none).
    """
    ctx.ensure_object(dict)["plugins"] = plugins


# -- demo -------------------------------------------------------------------------------------
def _banner(rows: int, seed: int) -> str:
    bar = "=" * 78
    return "\n".join(
        [
            bar,
            "【合成数据 / SYNTHETIC DATA】",
            f"以下 {rows:,} 行是随机生成的演示人群（种子 {seed}），不对应任何真实人员。",
            f"The {rows:,} rows below are a SYNTHETIC population (seed {seed}); no row is a real "
            "person.",
            "标注 example 的数字是示例数据，未经核实，不得作为发放依据。",
            "Figures marked `example` are unconfirmed illustrations: NOT a basis for payment.",
            bar,
        ]
    )


@main.command()
@click.option(
    "--on",
    "on",
    type=DATE,
    default=DEMO_DATE.isoformat(),
    show_default=True,
    help="The date evaluated.",
)
@click.option(
    "--rows",
    type=click.IntRange(min=1, max=5_000_000),
    default=None,
    help="Rows of the synthetic population (default 5000).",
)
@click.option("--seed", type=int, default=None, help="Random seed (default 20250301).")
@click.option(
    "--explain-row",
    "explain_row",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Row whose full explanation is printed.",
)
@click.pass_context
def demo(
    ctx: click.Context, on: dt.date, rows: int | None, seed: int | None, explain_row: int
) -> None:
    """Evaluate a shipped SYNTHETIC population and explain one person.

    Works with the built-in national rules alone; a provincial plugin (e.g. shuangyong-henan)
    adds local standards such as the wage base of 护理费.
    """
    from shuangyong.demo import Tally, load_spec, synthetic_population

    engine = _engine(ctx)
    spec = load_spec()
    seed = spec.seed if seed is None else seed
    pop = synthetic_population(rows, seed, known_divisions=engine.divisions, spec=spec)
    n = len(pop)
    if explain_row >= n:
        raise UserError(f"--explain-row={explain_row}: 超出范围 / out of range 0..{n - 1}")
    regs = engine.rules_in_force(on)
    rules = {r.rule.id: r.rule for r in regs}
    click.echo(_banner(n, seed))
    click.echo(
        f"评估日期 / date: {on.isoformat()}    行数 / rows: {n:,}    "
        f"已加载插件 / plugins: {_plugin_names(engine)}"
    )
    tally = Tally()
    if regs:
        starts = range(0, n, _CHUNK)
        if len(starts) > 1:
            with click.progressbar(
                starts, label="评估中 / evaluating", file=sys.stderr, show_pos=True
            ) as bar:
                for start in bar:
                    _fold(engine, pop, start, on, tally, rules)
        else:
            _fold(engine, pop, 0, on, tally, rules)
        _print_summary(engine, tally)
        _print_errors(tally, pop.bad_rows)
    else:
        click.echo(f"\n该日期没有施行中的规则 / no rule is in force on {on.isoformat()}.")
    evaluation = engine.evaluate(pop.row(explain_row), on)
    click.echo(
        f"\n—— 个案说明 / explanation of row {explain_row}（合成人员 / synthetic person）——\n"
    )
    click.echo(f"优抚待遇评估　对象：{evaluation.person}　日期：{evaluation.on.isoformat()}\n")
    applies = [r for r in evaluation if r.status.value != "ineligible"]
    click.echo("\n\n".join(r.explain() for r in applies) or "（无适用规则 / no rule applies）")
    refused = [
        f"{r.rule_id}（{r.label}）: {r.failed_condition}"
        for r in evaluation
        if r.status.value == "ineligible"
    ]
    if refused:
        click.echo("\n不符合的规则（首个不满足的条件）/ rules refused (first failing condition):")
        for line in refused:
            click.echo(f"  {line}")
    _print_catalogue(engine)
    _print_store_demo(engine)
    click.echo("\n" + "=" * 78)
    click.echo("再次提醒：以上人群为合成数据；标注 example 的数字不得作为发放依据。")
    click.echo(
        "Reminder: the population is SYNTHETIC; `example` figures are not a basis for payment."
    )


def _print_store_demo(engine: Any) -> None:
    """The store and ledger on a temporary SQLite file (see shuangyong.demo.ledger)."""
    from shuangyong.demo.ledger import store_demo

    click.echo("\n—— 存储与发放台账 / the store and the payment ledger（合成示例 / synthetic）——")
    for line in store_demo(engine):
        click.echo(f"  {line}")


def _print_catalogue(engine: Any) -> None:
    """Every loaded rule with its label, versions, dates of effect and figure provenance,
    generated from rule metadata (see shuangyong.catalogue)."""
    from shuangyong.catalogue import catalogue

    rows = []
    for info in catalogue(engine):
        for v in info.versions:
            end = v.effective_to.isoformat() if v.effective_to else "—"
            provs = sorted({p for pi in v.parameters for p in pi.provenance})
            rows.append(
                [
                    info.id,
                    info.label,
                    f"{v.effective_from.isoformat()} ~ {end}",
                    v.citations[0] if v.citations else "",
                    ", ".join(provs) or "—",
                ]
            )
    click.echo("\n—— 已加载的规则 / rules loaded ——")
    click.echo(
        grid(
            [
                "规则 / rule",
                "名称 / label",
                "施行期间 / in force",
                "主要依据 / basis",
                "数据来源性质 / provenance",
            ],
            rows,
        )
    )


def _fold(engine: Any, pop: Any, start: int, on: dt.date, tally: Any, rules: Any) -> None:
    chunk = pop.slice(start, start + _CHUNK)
    result = engine.evaluate_batch(chunk, on)
    tally.add(result, start, chunk["household_division"], rules)


def _print_summary(engine: Any, tally: Any) -> None:
    click.echo(
        "\n汇总 / summary（金额为评估日所在计发期的金额 / amounts for the period evaluated）"
    )
    rows = []
    for rid, t in tally.rules.items():
        prov = tally.rule_provenance(rid)
        money = _yuan(t.total_fen) if t.period is not None else None
        if money is not None and prov == Provenance.EXAMPLE.value:
            money += " (example)"
        rows.append(
            [
                rid,
                t.label,
                f"{t.kind}" + (f"（{t.period}）" if t.period else ""),
                f"{int(t.counts[1]):,}",
                f"{int(t.counts[0]):,}",
                f"{int(t.counts[2]):,}",
                f"{int(t.counts[3]):,}",
                money,
                prov,
            ]
        )
    click.echo(
        grid(
            [
                "规则 rule",
                "名称",
                "类别",
                "符合",
                "不符合",
                "无法确定",
                "无效",
                "金额合计（元）",
                "数据",
            ],
            rows,
            right=(3, 4, 5, 6, 7),
        )
    )
    click.echo(
        "符合 eligible · 不符合 ineligible · 无法确定 undetermined · 无效 invalid input · "
        "金额合计 total amount in yuan · 数据 weakest provenance of the figures used"
    )

    money_rules = [t for t in tally.rules.values() if t.period is not None]
    if money_rules:
        click.echo(
            "\n按户籍地 / by household division（每格：符合人数 / 金额合计（元）; "
            "each cell: eligible rows / total yuan）"
        )
        head = ["户籍地 / division", "行数 / rows", *(t.label for t in money_rules)]
        body = []
        for code in sorted(tally.division_rows):
            name = _division_name(engine, f"{code:06d}") if code else "（空 / none）"
            line = [name, f"{tally.division_rows[code]:,}"]
            for t in money_rules:
                elig, fen = t.by_division.get(code, [0, 0])
                line.append(f"{elig:,} / {_yuan(fen)}")
            body.append(line)
        click.echo(grid(head, body, right=range(1, len(head))))

    click.echo("\n不符合的原因 / why ineligible（首个未满足的条件 / first condition not met）")
    for rid, t in tally.rules.items():
        labels = {c.id: c.label for c in engine.rule_versions(rid)[-1].rule.conditions}
        for cid, count in t.failed.most_common():
            click.echo(f"  {t.label} · {labels.get(cid, cid)}（{cid}）：{count:,}")
    undetermined = [(t, r) for t in tally.rules.values() for r in t.undetermined_reasons]
    if undetermined:
        click.echo("\n无法确定的原因 / why undetermined")
        for t, reason in undetermined[:6]:
            click.echo(f"  {t.label}：{reason}")


def _print_errors(tally: Any, planted: Sequence[tuple[int, str]]) -> None:
    bad_rows = sorted({e.row for e in tally.errors})
    click.echo(
        f"\n输入错误 / row errors：{len(bad_rows)} 行无效，未参与计算，其余各行照常评估"
        f"（{len(tally.errors)} 处错误 / errors; these rows were left out, every other row "
        "was evaluated）"
    )
    for e in tally.errors[:_SHOW_ERRORS]:
        shown = field_and_value(e.field, _plain(e.value))
        click.echo(f"  第 {e.row} 行 / row {e.row}: {shown}: {e.reason}")
    if len(tally.errors) > _SHOW_ERRORS:
        click.echo(f"  …… 另有 {len(tally.errors) - _SHOW_ERRORS} 处 / and more")
    if planted:
        click.echo(
            "  （演示中故意放入的错误行 / rows broken on purpose: "
            + "；".join(f"{i}: {why}" for i, why in planted)
            + "）"
        )


# -- explain ----------------------------------------------------------------------------------
def read_person(path: Path, fields: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The fields of one person from a TOML or JSON file (keys are beneficiary field names).

    Args:
        fields: the engine's fields (default: the national ones).

    Raises:
        UserError: the file cannot be read, is malformed, or has an unknown field.
    """
    from shuangyong.policy.schema import FIELDS

    known = FIELDS if fields is None else fields

    suffix = path.suffix.lower()
    if suffix not in (".toml", ".json"):
        raise UserError(f"{path}: 文件须为 .toml 或 .json / expected a .toml or .json file")
    text = read_text(path, MAX_INPUT_BYTES)
    try:
        data = parse_structured(text, suffix[1:])
    except StructuredTextError as exc:  # the file's text is never echoed
        raise UserError(f"{path}: {exc.reason}") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}: 应为字段表 / expected a table of fields at the top level")
    for key, value in list(data.items()):
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise UserError(
                f"{path}: 未知字段 / unknown field {key!r}{hint} (known: {', '.join(known)})"
            )
        if isinstance(value, dict | list):
            raise UserError(f"{path}: {key}={value!r}: 须为单个值 / must be a single value")
        if isinstance(value, dt.time):
            raise UserError(f"{path}: {key}={value}: {HAS_TIME}")
        if isinstance(value, dt.datetime):
            # a local datetime at 00:00 is its date, as on every path; a time of day or an
            # offset is refused
            day, why = date_or_reason(value)
            if day is None:
                raise UserError(f"{path}: {key}={value}: {why}")
            data[key] = day
    return data


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--on", "on", type=DATE, required=True, help="The date evaluated (YYYY-MM-DD).")
@click.option(
    "--rule",
    "rule_ids",
    multiple=True,
    metavar="ID",
    help="Only this rule (repeatable). Default: every rule in force.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--detail",
    is_flag=True,
    help="After the summary, every rule's conditions, standards, rounding and citations.",
)
@click.pass_context
def explain(
    ctx: click.Context,
    file: Path,
    on: dt.date,
    rule_ids: tuple[str, ...],
    fmt: str,
    detail: bool,
) -> None:
    """Explain the results for one person read from FILE (TOML or JSON).

    The text leads with the answer: what is due, what is refused and why, what could not be
    decided and what is missing; --detail adds the full reasoning. FILE's keys are the
    beneficiary fields (see src/shuangyong/policy/schema.py); dates are YYYY-MM-DD strings
    (TOML dates also work).
    """
    engine = _engine(ctx)
    person = read_person(file, engine.fields)
    try:
        evaluation = engine.evaluate(person, on, rules=list(rule_ids) or None)
    except (InvalidValueError, BatchInputError) as exc:
        raise UserError(f"{file}: {exc}") from None
    if fmt == "json":
        click.echo(json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(evaluation.explain(detail=detail))


# -- params -----------------------------------------------------------------------------------
@main.group(cls=_Group)
def params() -> None:
    """Inspect parameters: declarations, dated values, provenance."""


def _declaration(engine: Any, path: str) -> ParameterDecl:
    if path not in engine.parameters:
        close = difflib.get_close_matches(path, engine.parameters.paths(), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UserError(
            f"未知参数 / unknown parameter {path!r}{hint} (列表 / list: shuangyong params list)"
        )
    decl: ParameterDecl = engine.parameters.declaration(path)
    return decl


def _enum_labels(dim: Dimension) -> dict[str | int, str]:
    """Chinese labels of a dimension's values when they are the codes of a domain enum."""
    from shuangyong.policy.schema import FIELDS

    for f in FIELDS.values():
        if f.enum_type is None:
            continue
        members = {m.value: getattr(m, "label", "") for m in f.enum_type}
        if all(v in members for v in dim.values):
            return {v: f"{members[v]} {v}" for v in dim.values}
    return {}


def _cell(raw: Any, decl: ParameterDecl) -> str:
    if raw is None:
        return "—"
    if decl.unit.kind is ValueKind.MONEY:
        return f"{Decimal(raw):,.2f}"
    return display_scalar(raw, decl.unit)


def _value_text(value: DatedValue, decl: ParameterDecl) -> str:
    """A scalar inline, a table as a grid."""
    if not decl.is_table:
        return display_scalar(value.raw, decl.unit)
    dims = decl.dimensions
    first = _enum_labels(dims[0])
    if len(dims) == 1:
        return grid(
            [dims[0].name, f"值 / value（{decl.unit.label}）"],
            [
                [first.get(k, str(k)), _cell(c, decl)]
                for k, c in zip(dims[0].values, value.raw, strict=True)
            ],
            right=(1,),
        )
    second = _enum_labels(dims[1])
    head = [f"{dims[0].name} \\ {dims[1].name}", *(second.get(v, str(v)) for v in dims[1].values)]
    body = [
        [first.get(k, str(k)), *(_cell(c, decl) for c in row)]
        for k, row in zip(dims[0].values, value.raw, strict=True)
    ]
    return grid(head, body, right=range(1, len(head))) + f"\n（单位 / unit：{decl.unit.label}）"


def _prov(value: DatedValue) -> str:
    p = value.provenance
    warn = " — 不得作为发放依据 / not a basis for payment" if p is Provenance.EXAMPLE else ""
    return f"{p.value} · {p.label}{warn}"


def _end(value: DatedValue, following: DatedValue | None = None) -> str | None:
    """The last day in force: explicit, or implied by the next value of the same timeline."""
    if value.effective_to is not None:
        return value.effective_to.isoformat()
    if following is not None:
        last = following.effective_from - dt.timedelta(days=1)
        return f"{last.isoformat()}（被取代 / superseded）"
    return None


def _span(value: DatedValue, following: DatedValue | None = None) -> str:
    return f"{value.effective_from.isoformat()} 至 / to {_end(value, following) or '—'}"


def _print_declaration(decl: ParameterDecl) -> None:
    click.echo(f"参数 / parameter: {decl.path}")
    click.echo(f"名称 / label: {decl.label}")
    click.echo(f"单位 / unit: {decl.unit.label}（{decl.unit.value}）")
    if decl.description:
        click.echo(f"说明 / description: {decl.description}")
    if decl.citations:
        click.echo("政策依据 / citations: " + "；".join(str(c) for c in decl.citations))
    if decl.dimensions:
        dims = []
        for d in decl.dimensions:
            labels = _enum_labels(d)
            dims.append(f"{d.name}（{'、'.join(labels.get(v, str(v)) for v in d.values)}）")
        click.echo("维度 / dimensions: " + " × ".join(dims))
    if decl.floor == NATIONAL:
        click.echo(
            "下限 / floor: 地方标准不得低于国家标准 / local values may not fall below the "
            "national value"
        )
    if decl.read_as_of is not None:
        click.echo(
            "读取 / read: 规则取上一年度的数值（评估日前一年同日施行的数值）/ rules read the "
            "figure in force on the same day a year before the date evaluated"
        )
    click.echo(f"声明者 / declared by: {decl.supplied_by}")


def _print_value_details(value: DatedValue) -> None:
    click.echo(f"来源性质 / provenance: {_prov(value)}")
    if value.sources:
        click.echo("出处 / sources: " + "；".join(value.sources))
    if value.note:
        click.echo(f"备注 / note: {value.note}")
    click.echo(f"提供者 / supplied by: {value.supplied_by}")


def _chain(engine: Any, division: str | None) -> list[str]:
    if division is None:
        return [NATIONAL]
    return [*(str(d.code) for d in engine.divisions.ancestors(division)), NATIONAL]


@params.command("show")
@click.argument("path")
@click.option(
    "--division", metavar="CODE", default=None, help="Division code (6 digits); default: national."
)
@click.option(
    "--on",
    "on",
    type=DATE,
    default=None,
    help="Resolve the value in force on this date; without it, show the timeline.",
)
@click.pass_context
def params_show(ctx: click.Context, path: str, division: str | None, on: dt.date | None) -> None:
    """Show parameter PATH: its declaration and its value(s)."""
    engine = _engine(ctx)
    decl = _declaration(engine, path)
    chain = _chain(engine, division)  # raises for an unknown or malformed division code
    where = _division_name(engine, chain[0])
    if on is not None:
        # the date the rules read it at, as the engine does (上年度 figures: the year before)
        read_on = decl.read_on(on)
        res = engine.parameters.resolve(path, read_on, chain)  # not set / not in force: error
        _print_declaration(decl)
        click.echo(f"\n取值 / value for {where} on {on.isoformat()}")
        if read_on != on:
            click.echo(
                f"规则读取 / rules read: 上一年度的数值（{read_on.isoformat()} 施行的数值）/ the "
                f"previous year's figure, in force on {read_on.isoformat()}"
            )
        click.echo(f"适用区划 / jurisdiction: {_division_name(engine, res.jurisdiction)}")
        click.echo(f"施行 / in force: {_span(res.value)}")
        _print_value_details(res.value)
        click.echo(_value_text(res.value, decl))
        if res.floor is not None:
            since = res.floor.effective_from.isoformat()
            click.echo(
                "注意 / note: 本地值低于国家标准，按国家标准执行 / below the national "
                f"floor, the national value applies ({since}):"
            )
            click.echo(_value_text(res.floor, decl))
        return
    _print_declaration(decl)
    timelines = engine.parameters.values(path)
    shown = (
        [j for j in chain if j in timelines]
        if division is not None
        else sorted(timelines, key=lambda j: (j != NATIONAL, j))
    )
    scope = (
        f"{where} 及其上级 / and above" if division is not None else "全部区划 / every jurisdiction"
    )
    click.echo(f"\n时间线 / timeline（{scope}）")
    if not shown:
        click.echo(
            "  没有任何区划设定此参数 / no jurisdiction sets a value (a provincial or "
            "local plugin supplies it)"
        )
    for j in shown:
        values = timelines[j]
        click.echo(f"\n== {_division_name(engine, j)} ==")
        if not decl.is_table:
            click.echo(
                grid(
                    ["施行 / from", "至 / to", "值 / value", "来源性质 / provenance", "提供者"],
                    [
                        [
                            v.effective_from.isoformat(),
                            _end(v, nxt),
                            display_scalar(v.raw, decl.unit),
                            v.provenance.value,
                            v.supplied_by,
                        ]
                        for v, nxt in zip(values, [*values[1:], None], strict=True)
                    ],
                    right=(2,),
                )
            )
            for v in values:
                extra = "；".join([*v.sources, *([v.note] if v.note else [])])
                if extra:
                    click.echo(f"  [{v.effective_from.isoformat()}] {extra}")
            continue
        for v, nxt in zip(values, [*values[1:], None], strict=True):
            click.echo(f"\n· {_span(v, nxt)}")
            _print_value_details(v)
            click.echo(_value_text(v, decl))


@params.command("list")
@click.pass_context
def params_list(ctx: click.Context) -> None:
    """List every parameter path with its label and unit."""
    engine = _engine(ctx)
    rows = []
    for path in engine.parameters.paths():
        d = engine.parameters.declaration(path)
        js = sorted(engine.parameters.jurisdictions(path), key=lambda j: (j != NATIONAL, j))
        rows.append(
            [
                path,
                d.label,
                d.unit.label,
                " × ".join(x.name for x in d.dimensions) or None,
                ", ".join(js) or "（未设定 / not set）",
            ]
        )
    click.echo(
        grid(
            [
                "参数 / path",
                "名称 / label",
                "单位 / unit",
                "维度 / dimensions",
                "设定区划 / set by",
            ],
            rows,
        )
    )


@params.command("check")
@click.pass_context
def params_check(ctx: click.Context) -> None:
    """Report every loaded value that no rule version reads; exit 1 if there is one."""
    from shuangyong.parameters.check import unread_values

    engine = _engine(ctx)
    readers = [
        (v.rule.id, v.rule.effective_from, v.rule.effective_to, v.rule.parameters, v.rule.cells)
        for rid in engine.rule_ids()
        for v in engine.rule_versions(rid)
    ]
    unread, by_checklists = unread_values(engine.parameters, readers, engine.checklists)
    for u in unread:
        to = f"..{u.effective_to}" if u.effective_to else ".."
        click.echo(
            f"{u.source}: {u.key}: {u.path} [{u.jurisdiction}] {u.effective_from}{to} "
            f"({u.supplied_by}): {u.reason}"
        )
    if by_checklists:
        click.echo(
            "由考评清单读取或为统计序列，未检查 / read by checklists or statistical series, "
            f"not checked: {', '.join(by_checklists)}"
        )
    if unread:
        click.echo(f"{len(unread)} 个数值没有规则读取 / {len(unread)} values no rule reads")
        ctx.exit(1)
    click.echo("每个数值都有规则读取 / every value is read by some rule version")


# -- rules and plugins ------------------------------------------------------------------------
@main.command("rules")
@click.pass_context
def rules_cmd(ctx: click.Context) -> None:
    """List every rule: label, kind, versions, dates of effect, citations, supplier."""
    engine = _engine(ctx)
    rows = []
    for rid in engine.rule_ids():
        for reg in engine.rule_versions(rid):
            r = reg.rule
            kind = r.kind.label + (f"（{r.period.label}）" if r.period is not None else "")
            end = r.effective_to.isoformat() if r.effective_to else "—"
            supplier = reg.supplied_by
            if reg.override is not None:
                supplier += f"（覆盖 / overrides {reg.override.replaced}）"
            rows.append(
                [
                    rid,
                    r.label,
                    kind,
                    r.version,
                    f"{r.effective_from.isoformat()} ~ {end}",
                    "；".join(str(c) for c in r.citations),
                    supplier,
                ]
            )
    click.echo(
        grid(
            [
                "规则 / rule",
                "名称 / label",
                "类别 / kind",
                "版本 / version",
                "施行期间 / in force",
                "政策依据 / citations",
                "提供者 / supplier",
            ],
            rows,
        )
    )


@main.command("fields")
@click.pass_context
def fields_cmd(ctx: click.Context) -> None:
    """List the input fields: name, label, kind, allowed values, what an absent one means.

    The national fields and those loaded plugins add (register_fields).
    """
    engine = _engine(ctx)
    rows = []
    for f in engine.fields.values():
        if f.enum_type is not None:
            values = "、".join(str(m.value) for m in f.enum_type)
        elif f.min is not None or f.max is not None:
            values = f"{'' if f.min is None else f.min}–{'' if f.max is None else f.max}"
        else:
            values = ""
        if f.default is not None:
            absent = f"默认 / default {f.default!r}"
        elif f.nullable:
            absent = "未填 / not set"
        else:
            absent = "必填 / required"
        rows.append([f.name, f.label, f.kind.value, values, absent])
    click.echo(
        grid(
            ["字段 / field", "名称 / label", "类型 / kind", "取值 / values", "缺省 / if absent"],
            rows,
        )
    )


@main.command("plugins")
@click.pass_context
def plugins_cmd(ctx: click.Context) -> None:
    """List every loaded plugin: name, distribution, version, hooks."""
    engine = _engine(ctx)
    rows = [
        [
            p.name,
            p.distribution,
            p.version,
            ", ".join(p.hooks),
            "内置 / built-in" if p.builtin else "插件 / plugin",
        ]
        for p in engine.plugins
    ]
    click.echo(
        grid(
            [
                "名称 / name",
                "发行包 / distribution",
                "版本 / version",
                "钩子 / hooks",
                "来源 / origin",
            ],
            rows,
        )
    )


# -- verification -----------------------------------------------------------------------------
@main.command("verify")
@click.option(
    "--rules",
    "rule_ids",
    multiple=True,
    metavar="ID",
    help="Only these rule ids (repeatable; default: every loaded rule).",
)
@click.option(
    "--max-examples",
    type=click.IntRange(min=1, max=100_000),
    default=100,
    show_default=True,
    help="Hypothesis examples per invariant and rule version.",
)
@click.option(
    "--write-cases",
    "write_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Also write each counterexample's case file into this folder.",
)
@click.option(
    "--division",
    metavar="CODE",
    default=None,
    help="Generate people registered in this division (default: each plugin rule version in "
    "the divisions its plugin serves; national versions anywhere).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Also fail (exit 1) when a rule version was never exercised on an eligible example.",
)
@click.pass_context
def verify_cmd(
    ctx: click.Context,
    rule_ids: tuple[str, ...],
    max_examples: int,
    write_dir: Path | None,
    division: str | None,
    strict: bool,
) -> None:
    """Try to break every declared invariant of every loaded rule version; exit 1 on any
    failure (with --strict, also on a version no example was eligible for)."""
    try:
        from shuangyong.testing.verify import verify
    except ImportError as exc:  # hypothesis is a test-time dependency
        raise UserError(
            f"verify needs hypothesis: pip install 'shuangyong[test]' ({exc})"
        ) from None
    engine = _engine(ctx)
    for rid in rule_ids:
        if rid not in engine.rule_ids():
            raise UserError(
                f"--rules {rid}: 未知规则 / unknown rule; loaded: {', '.join(engine.rule_ids())}"
            )

    def progress(res: Any) -> None:
        mark = "ok" if res.ok else "FAILED"
        click.echo(
            f"  {res.rule_id} {res.version} {res.invariant}: {mark} "
            f"({res.examples} examples, {res.seconds:.1f}s)",
            err=True,
        )

    if division is not None and division not in engine.divisions:
        raise UserError(f"--division {division}: 未知的行政区划代码 / unknown division code")
    report = verify(
        engine,
        list(rule_ids) or None,
        max_examples=max_examples,
        write_dir=write_dir,
        on_result=progress,
        division=division,
    )
    click.echo(report.render())
    if not report.ok or (strict and report.not_exercised):
        ctx.exit(1)


@main.group("cases", cls=_Group)
def cases_group() -> None:
    """Case files: hand-computed examples (see the verification docs)."""


@cases_group.command("run")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.pass_context
def cases_run(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Run case files (or folders of them) without pytest; a refused file or case is reported
    on stderr and the run carries on; exit 2 if any was refused, else 1 if any case fails."""
    from shuangyong.testing.cases import iter_case_files, load_cases, run_case

    engines: dict[Any, Any] = {}
    passed = failed = refused = 0
    for file in iter_case_files(paths):
        # one bad file (or case) is reported and the run carries on: the counts at the end say
        # how much was checked
        try:
            read_text(file, MAX_CASE_BYTES)  # a regular UTF-8 file of a sane size
            cases = load_cases(file)
        except (ShuangyongError, UserError) as exc:
            refused += 1
            click.echo(f"REFUSED {file}: {_without(file, _one_line(exc))}", err=True)
            continue
        for case in cases:
            key = case.plugins
            try:
                if key not in engines:
                    from shuangyong.engine import Engine

                    env = None if key is None else {"SHUANGYONG_LOAD_PLUGINS": ",".join(key)}
                    # --plugin modules load too, so a counterexample of a plugin under
                    # development (not installed) runs
                    engines[key] = Engine.create(env=env, plugins=_plugin_modules(ctx))
                outcome = run_case(case, engines[key])
            except ShuangyongError as exc:
                refused += 1
                why = _without(file, _one_line(exc))
                click.echo(f"REFUSED {file}::{case.index} {case.name}: {why}", err=True)
                continue
            if outcome.passed:
                passed += 1
                click.echo(f"PASS {file}::{case.index} {case.name}")
                continue
            failed += 1
            click.echo(f"FAIL {file}::{case.index} {case.name}")
            if case.citation:
                click.echo(f"  依据 / citation: {case.citation}")
            for m in outcome.mismatches:
                click.echo(f"  {m}")
            click.echo(outcome.explanation)
    click.echo(f"{passed} passed, {failed} failed, {refused} refused")
    # bad input (a refused file or case) is exit 2, like every user error; a case whose
    # expectation the rules do not meet is exit 1
    if refused:
        ctx.exit(2)
    if failed:
        ctx.exit(1)


def _without(file: Path, message: str) -> str:
    """``message`` without a leading ``FILE: ``: the REFUSED line names the file once."""
    prefix = f"{file}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def _one_line(exc: BaseException) -> str:
    from shuangyong.domain.ids import mask_ids_in

    return mask_ids_in(" ".join(str(exc).split()))
