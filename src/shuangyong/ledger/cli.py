"""``shuangyong pay``: payment runs, approval, payment, cancellation, arrears (补发), recovery
(追回), corrections, totals and the explanation of one ledger line, over a store.

Every command opens the store named by its URL (``shuangyong store init`` creates one), builds
the engine of this invocation (installed plugins, ``--plugin`` modules) and works through
:class:`shuangyong.ledger.Ledger`. What it prints for a person leads with the answer, in
Chinese, with rule labels and division names; ``--format csv|json`` carry values (fen as
integers, amounts as decimal strings of yuan, codes), never display text.

Exit status: 0 when done; 2 on a user error — a refused operation (approving twice, paying a
cancelled line, a negative arrears difference, a period the rules do not cover), a bad option
or a store newer than the library — with one line ``错误 / error: ...`` on stderr naming the
person, field and reason. A refused operation writes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from shuangyong.commands import DATE
from shuangyong.domain.money import Yuan
from shuangyong.domain.periods import Month
from shuangyong.ledger.compute import benefit_label
from shuangyong.ledger.errors import mask
from shuangyong.storage.cli import TerminalProgress, cli_store
from shuangyong.storage.model import LineStatus, RunKind
from shuangyong.storage.protocol import Store

__all__ = ["pay_group"]

_SHOW = 12  # detail lines shown for pending months or problems (the counts are always shown)


def _user_error(message: str) -> click.ClickException:
    from shuangyong.commands import UserError  # the CLI's error style (exit 2, one line)

    return UserError(message)


def _engine(ctx: click.Context) -> Any:
    from shuangyong.commands import engine_of  # built once, with --plugin modules

    return engine_of(ctx)


# -- option values ----------------------------------------------------------------------------
class MonthType(click.ParamType):  # type: ignore[type-arg]  # generic only from click 8.2
    """A month ``YYYY-MM``."""

    name = "YYYY-MM"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Month:
        if isinstance(value, Month):
            return value
        text = str(value).strip()
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}", text) and 1 <= int(text[5:]) <= 12:
            return Month.parse(text)
        self.fail(f"{value!r}: 月份格式应为 YYYY-MM / expected a month YYYY-MM", param, ctx)


MONTH = MonthType()


def _rule_list(values: Sequence[str]) -> list[str]:
    """``--rules a,b --rules c`` → ``[a, b, c]`` (order kept, repeats dropped)."""
    out = [r.strip() for v in values for r in v.split(",") if r.strip()]
    return list(dict.fromkeys(out))


def _line_ids(text: str) -> list[int]:
    """``1,2,5-8`` → ``[1, 2, 5, 6, 7, 8]``."""
    out: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        m = re.fullmatch(r"([0-9]+)(?:-([0-9]+))?", part)
        if not m or int(m.group(1)) < 1 or (m.group(2) and int(m.group(2)) < int(m.group(1))):
            raise _user_error(
                f"--lines {text}: “{part}”不是发放行号或行号区间 / {part!r} is not a line id "
                "or a range such as 5-8"
            )
        a = int(m.group(1))
        b = int(m.group(2)) if m.group(2) else a
        out.extend(range(a, b + 1))
    return list(dict.fromkeys(out))


def _selection(run_id: str | None, lines: str | None) -> dict[str, Any]:
    if (run_id is None) == (lines is None):
        raise _user_error(
            "请用 --run 指定批次或用 --lines 指定发放行（二者选一）/ give either --run ID or "
            "--lines 1,2,..."
        )
    if run_id is not None:
        return {"run_id": run_id}
    assert lines is not None
    return {"line_ids": _line_ids(lines)}


def _layer(engine: Any, path: Path) -> Any:
    """The engine with a what-if parameter layer (the raise) read from ``path``."""
    from shuangyong.commands import MAX_INPUT_BYTES, read_text

    read_text(path, MAX_INPUT_BYTES)  # a regular UTF-8 file of a sane size, or one line
    return engine.with_parameters(path, name=f"参数层 {path.name}")


def _place(engine: Any, code: str) -> str:
    try:
        return f"{engine.divisions.get(code).name}（{code}）"
    except Exception:  # a township code the shipped snapshot does not list
        return code


def _period(first: Month, last: Month) -> str:
    return str(first) if first == last else f"{first} 至 {last}"


def _month_ranges(months: Sequence[Month]) -> str:
    """Consecutive months as ranges: ``2019-04 至 2021-07、2022-03``."""
    ms = sorted(set(months))
    parts: list[str] = []
    i = 0
    while i < len(ms):
        j = i
        while j + 1 < len(ms) and ms[j + 1] == ms[j] + 1:
            j += 1
        parts.append(_period(ms[i], ms[j]))
        i = j + 1
    return "、".join(parts)


def _uses_example(store: Store, digests: set[str]) -> bool:
    return any(
        bool(store.evaluation(d).explanation.get("uses_example_figures")) for d in sorted(digests)
    )


class _Counting:
    """The store, counting the reads of people's rows (one per date a run evaluates) to drive
    a progress bar: the ledger reads each date once, so the count tracks the work done."""

    def __init__(self, store: Store, bar: TerminalProgress, total: int) -> None:
        self._store = store
        self._bar = bar
        self._total = total
        self._done = 0

    def rows_on(self, *args: Any, **kwargs: Any) -> Any:
        self._done += 1
        self._bar.update(min(self._done, self._total - 1), self._total)
        return self._store.rows_on(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


@contextmanager
def _ledger(
    ctx: click.Context, url: str, actor: str, engine: Any = None, months: int = 0
) -> Iterator[Any]:
    """A :class:`~shuangyong.ledger.Ledger` over the store at ``url`` (a progress bar on a
    terminal when ``months`` says the operation evaluates dates)."""
    from shuangyong.ledger import Ledger

    engine = _engine(ctx) if engine is None else engine
    with cli_store(ctx, url) as store, TerminalProgress("计算 / computing") as bar:
        seen: Any = store
        if months and bar.enabled:
            # registered_in reads each month's first day and the last day; the computation
            # reads each date evaluated (a month's first day for a monthly benefit)
            seen = _Counting(store, bar, 2 * months + 2)
        yield Ledger(engine, seen, actor=actor)
        if months and bar.enabled:
            bar.update(1, 1)


def _months(first: Month, last: Month) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


# -- rendering --------------------------------------------------------------------------------
def _run_text(engine: Any, store: Store, report: Any) -> str:
    """A run report for a person: the answer first, then where, what waits and why."""
    kind = report.kind
    digests = {ln.explanation_digest for ln in store.iter_lines(run_id=report.run_id)}
    example = "（含示例数据 example，不得作为发放依据）" if _uses_example(store, digests) else ""
    what = {
        RunKind.REGULAR: "发放批次",
        RunKind.ARREARS: "补发批次",
        RunKind.RECOVERY: "追回批次",
        RunKind.CORRECTION: "更正",
    }[kind]
    out = [
        f"{what}完成：本次写入 {report.written} 行，合计 {Yuan.from_fen(report.written_fen)}"
        f"{example}",
        f"  批次号 / run: {report.run_id}",
        f"  区划：{_place(engine, report.division)}　期间：{_period(report.first, report.last)}"
        f"　待遇：{'、'.join(benefit_label(engine, r) for r in report.rule_ids)}",
    ]
    if report.reason:
        out.append(f"  原因：{report.reason}")
    out.append(
        f"  评估 {report.persons} 人；应写 {report.lines} 行，合计 {report.amount}；"
        f"已在账（未重复写入）{report.already} 行"
    )
    if report.migrated:
        out.append(f"  原系统已发放（已发至月份之前）未写入：{report.migrated} 行")
    if report.pending:
        n = sum(len(p.months) for p in report.pending)
        out.append(
            f"  不完整：{len(report.pending)} 人次共 {n} 期无法确定，未发放（不按零计），"
            "待事实或标准齐备后再次运行即可写入："
        )
        for p in report.pending[:_SHOW]:
            why = "；".join(p.reasons) or "（未说明）"
            out.append(
                f"    {mask(p.person_id)} {benefit_label(engine, p.rule_id)} "
                f"{_month_ranges(p.months)}（{len(p.months)} 期）：{why}"
            )
        if len(report.pending) > _SHOW:
            out.append(f"    ……另有 {len(report.pending) - _SHOW} 项 / and more")
    if report.problems:
        out.append(f"  数据有误，未计算：{len(report.problems)} 项：")
        out.extend(f"    {p}" for p in report.problems[:_SHOW])
        if len(report.problems) > _SHOW:
            out.append(f"    ……另有 {len(report.problems) - _SHOW} 项 / and more")
    if report.listed:
        head = {
            RunKind.ARREARS: "差额为负（应办理追回），已列出未写入",
            RunKind.RECOVERY: "差额为正（应办理补发），已列出未写入",
        }.get(kind, "已列出未写入")
        out.append(f"  {head}：{len(report.listed)} 项：")
        for d in report.listed[:_SHOW]:
            out.append(
                f"    {mask(d.person_id)} {benefit_label(engine, d.rule_id)} "
                f"{_period(d.first, d.last)}："
                f"已入账 {Yuan.from_fen(d.net_fen)}，重算 {Yuan.from_fen(d.new_fen)}，差额 "
                f"{Yuan.from_fen(d.diff_fen)}"
            )
        if len(report.listed) > _SHOW:
            out.append(f"    ……另有 {len(report.listed) - _SHOW} 项 / and more")
    if kind is RunKind.REGULAR and report.written:
        out.append(f"  下一步 / next: shuangyong pay approve URL --run {report.run_id} --actor ...")
    return "\n".join(out)


# -- the group --------------------------------------------------------------------------------
@click.group("pay")
def pay_group() -> None:
    """The payment ledger: runs, approval, payment, arrears, recovery, totals.

    URL: the store (see `shuangyong store --help`); create it with `shuangyong store init`.
    """


_URL = click.argument("url")
_ACTOR = click.option("--actor", metavar="NAME", required=True, help="Who does it (audited).")
_RULES = click.option(
    "--rules",
    "rules",
    multiple=True,
    required=True,
    metavar="R[,R]",
    help="Benefit rule ids, comma-separated or repeated (see `shuangyong rules`).",
)
_FROM = click.option("--from", "first", type=MONTH, required=True, help="First month (YYYY-MM).")
_TO = click.option("--to", "last", type=MONTH, required=True, help="Last month (YYYY-MM).")
_DIVISION = click.option(
    "--division",
    metavar="CODE",
    required=True,
    help="County (6 digits) with its townships, or a township (9/12 digits).",
)
_RUN = click.option("--run", "run_id", metavar="ID", default=None, help="Every line of this run.")
_LINES = click.option(
    "--lines", metavar="1,2,5-8", default=None, help="These ledger lines (ids or ranges)."
)
_DUE = click.option(
    "--due", type=DATE, default=None, help="Due date of the new lines (YYYY-MM-DD)."
)


@pay_group.command("run")
@_URL
@_RULES
@_FROM
@_TO
@_DIVISION
@_ACTOR
@click.option("--note", default="", help="A note kept on the run.")
@click.pass_context
def run_cmd(
    ctx: click.Context,
    url: str,
    rules: tuple[str, ...],
    first: Month,
    last: Month,
    division: str,
    actor: str,
    note: str,
) -> None:
    """A payment run (发放批次): one line per person × benefit × period due.

    Running it again (or from two processes at once) never pays anyone twice.
    """
    with _ledger(ctx, url, actor, months=_months(first, last)) as ledger:
        report = ledger.run(_rule_list(rules), first, last, division, note=note)
        text = _run_text(ledger.engine, ledger.store, report)
    click.echo(text)


def _move(
    ctx: click.Context,
    url: str,
    actor: str,
    run_id: str | None,
    lines: str | None,
    status: LineStatus,
    **kw: Any,
) -> None:
    sel = _selection(run_id, lines)
    with _ledger(ctx, url, actor) as ledger:
        if status is LineStatus.APPROVED:
            n = ledger.approve(sel.get("line_ids"), run_id=sel.get("run_id"))
        elif status is LineStatus.PAID:
            n = ledger.mark_paid(sel.get("line_ids"), run_id=sel.get("run_id"), **kw)
        else:
            n = ledger.cancel(sel.get("line_ids"), run_id=sel.get("run_id"), **kw)
        picked = ledger.store.lines(**sel) if n else []
    total = Yuan.from_fen(sum(x.amount_fen for x in picked))
    where = f"批次 {run_id}" if run_id else f"发放行 {lines}"
    extra = f"（凭证 / reference: {kw['reference']}）" if kw.get("reference") else ""
    click.echo(f"{status.label} {n} 行，合计 {total}{extra}：{where}")
    if not n:
        click.echo("  没有发放行 / no line selected")


@pay_group.command("approve")
@_URL
@_RUN
@_LINES
@_ACTOR
@click.pass_context
def approve_cmd(
    ctx: click.Context, url: str, run_id: str | None, lines: str | None, actor: str
) -> None:
    """Approve (审批) calculated lines: a whole run, or the lines given."""
    _move(ctx, url, actor, run_id, lines, LineStatus.APPROVED)


@pay_group.command("mark-paid")
@_URL
@_RUN
@_LINES
@click.option(
    "--reference", metavar="REF", required=True, help="The voucher or bank batch reference."
)
@_ACTOR
@click.pass_context
def mark_paid_cmd(
    ctx: click.Context,
    url: str,
    run_id: str | None,
    lines: str | None,
    reference: str,
    actor: str,
) -> None:
    """Mark approved lines paid (已发放), with the voucher or bank reference."""
    if not reference.strip():
        raise _user_error("--reference: 须填写凭证号或银行批次号 / a reference is required")
    _move(ctx, url, actor, run_id, lines, LineStatus.PAID, reference=reference)


@pay_group.command("cancel")
@_URL
@_RUN
@_LINES
@click.option("--reason", required=True, help="Why (kept with the change).")
@_ACTOR
@click.pass_context
def cancel_cmd(
    ctx: click.Context, url: str, run_id: str | None, lines: str | None, reason: str, actor: str
) -> None:
    """Cancel (作废) calculated or approved lines; a paid line is corrected or recovered."""
    _move(ctx, url, actor, run_id, lines, LineStatus.CANCELLED, reason=reason)


@pay_group.command("arrears")
@_URL
@_RULES
@_FROM
@_TO
@_DIVISION
@click.option(
    "--parameters",
    "layer",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The raise as a parameter layer (TOML [[value]] tables with their dates of effect).",
)
@click.option("--reason", required=True, help="Why, shown on every line.")
@click.option(
    "--skip-negative",
    is_flag=True,
    help="List periods whose recomputation is lower (a recovery) instead of refusing.",
)
@_DUE
@_ACTOR
@click.pass_context
def arrears_cmd(
    ctx: click.Context,
    url: str,
    rules: tuple[str, ...],
    first: Month,
    last: Month,
    division: str,
    layer: Path,
    reason: str,
    skip_negative: bool,
    due: Any,
    actor: str,
) -> None:
    """Back-payment (补发) after a raise with an earlier date of effect: one difference line
    per person and period already in the ledger; both explanations are kept."""
    engine = _layer(_engine(ctx), layer)
    with _ledger(ctx, url, actor, engine, months=_months(first, last)) as ledger:
        report = ledger.arrears(
            _rule_list(rules),
            first,
            last,
            division,
            reason,
            skip_negative=skip_negative,
            due=due,
        )
        text = _run_text(engine, ledger.store, report)
    click.echo(text)


@pay_group.command("recover")
@_URL
@_RULES
@_FROM
@_TO
@_DIVISION
@click.option("--reason", required=True, help="Why, shown on every line.")
@_DUE
@_ACTOR
@click.pass_context
def recover_cmd(
    ctx: click.Context,
    url: str,
    rules: tuple[str, ...],
    first: Month,
    last: Month,
    division: str,
    reason: str,
    due: Any,
    actor: str,
) -> None:
    """Recovery (追回) of overpayments after a death or suspension reported late."""
    with _ledger(ctx, url, actor, months=_months(first, last)) as ledger:
        report = ledger.recover(_rule_list(rules), first, last, division, reason, due=due)
        text = _run_text(ledger.engine, ledger.store, report)
    click.echo(text)


@pay_group.command("correct")
@_URL
@click.argument("line_id", type=click.IntRange(min=1))
@click.option("--reason", required=True, help="Why, shown on the new lines.")
@_ACTOR
@click.pass_context
def correct_cmd(ctx: click.Context, url: str, line_id: int, reason: str, actor: str) -> None:
    """Correct (更正) a line: a reversal line plus a line recomputed from the current facts."""
    with _ledger(ctx, url, actor) as ledger:
        report = ledger.correct(line_id, reason)
        text = _run_text(ledger.engine, ledger.store, report)
    click.echo(text)


# -- totals -----------------------------------------------------------------------------------
_STATUSES = [s.value for s in LineStatus]


@pay_group.command("totals")
@_URL
@click.option("--from-year", "first_year", type=click.IntRange(1949, 2200), default=None)
@click.option("--to-year", "last_year", type=click.IntRange(1949, 2200), default=None)
@click.option(
    "--division", metavar="CODE", default=None, help="Province (2), city (4) or county (6)."
)
@click.option("--rules", "rules", multiple=True, metavar="R[,R]", help="Only these benefits.")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(_STATUSES),
    help="Count lines in this status (repeatable; default: paid).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@click.pass_context
def totals_cmd(
    ctx: click.Context,
    url: str,
    first_year: int | None,
    last_year: int | None,
    division: str | None,
    rules: tuple[str, ...],
    statuses: tuple[str, ...],
    fmt: str,
) -> None:
    """Totals by year × benefit × county: distinct people, lines, exact amounts."""
    from shuangyong.ledger.totals import ledger_totals

    if first_year is not None and last_year is not None and last_year < first_year:
        raise _user_error(
            f"--to-year {last_year} 早于 --from-year {first_year} / ends before it starts"
        )
    engine = _engine(ctx)
    rule_ids = _rule_list(rules) or None
    chosen = tuple(LineStatus(s) for s in dict.fromkeys(statuses)) or (LineStatus.PAID,)
    with cli_store(ctx, url) as store:
        totals = ledger_totals(
            store,
            engine.divisions,
            statuses=chosen,
            first_year=first_year,
            last_year=last_year,
            rule_ids=rule_ids,
            division=division,
            count_persons=True,
        )
        example = _example_groups(store, totals)
    if fmt == "json":
        click.echo(json.dumps(_totals_json(engine, totals, example), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(_totals_csv(engine, totals, example), nl=False)
    else:
        click.echo(_totals_table(engine, totals, example))


def _example_groups(store: Store, totals: Any) -> set[tuple[int, str, str]]:
    """The (year, rule, county) groups with a line whose amount rests on an example figure."""
    digests: dict[tuple[int, str, str], set[str]] = defaultdict(set)
    wanted = {(r.year, r.rule_id, r.division) for r in totals.rows}
    if not wanted:
        return set()
    for status in totals.statuses:
        for line in store.iter_lines(status=status):
            key = (line.period_first.year, line.rule_id, line.division)
            if key in wanted:
                digests[key].add(line.explanation_digest)
    cache: dict[str, bool] = {}
    out = set()
    for key, ds in digests.items():
        for d in ds:
            if d not in cache:
                cache[d] = bool(store.evaluation(d).explanation.get("uses_example_figures"))
            if cache[d]:
                out.add(key)
                break
    return out


def _years(totals: Any) -> str:
    ys = [r.year for r in totals.rows]
    a = totals.first_year if totals.first_year is not None else (min(ys) if ys else None)
    b = totals.last_year if totals.last_year is not None else (max(ys) if ys else None)
    if a is None or b is None:
        return "（无记录）"
    return f"{a} 年" if a == b else f"{a} 年至 {b} 年"


def _totals_table(engine: Any, totals: Any, example: set[tuple[int, str, str]]) -> str:
    from shuangyong.commands import grid

    status = "、".join(s.label for s in totals.statuses)
    where = f"{_place(engine, totals.division)}，" if totals.division else ""
    flag = "（含示例数据 example，不得作为发放依据）" if example else ""
    head = (
        f"{where}{_years(totals)}：共 {totals.persons} 人，{totals.amount}，{totals.lines} 笔"
        f"（{status}）{flag}"
    )
    rows = [
        [
            f"{r.year}",
            benefit_label(engine, r.rule_id),
            f"{r.division_name}（{r.division}）",
            f"{r.persons:,}",
            f"{r.lines:,}",
            f"{r.amount.amount:,}"
            + (" (example)" if (r.year, r.rule_id, r.division) in example else ""),
        ]
        for r in totals.rows
    ]
    table = grid(["年度", "待遇", "区划", "人数", "笔数", "金额（元）"], rows, right=(3, 4, 5))
    note = (
        "人数为不重复人数；合计人数按人去重，不是各行人数之和 / persons are distinct people; "
        "the total counts each person once"
    )
    return "\n".join([head, table, note])


def _totals_columns(
    engine: Any, totals: Any, example: set[tuple[int, str, str]]
) -> list[dict[str, Any]]:
    return [
        {
            "year": r.year,
            "rule_id": r.rule_id,
            "rule_label": benefit_label(engine, r.rule_id),
            "division": r.division,
            "division_name": r.division_name,
            "persons": r.persons,
            "lines": r.lines,
            "amount_fen": r.amount_fen,
            "amount": str(r.amount.amount),
            "uses_example_figures": (r.year, r.rule_id, r.division) in example,
        }
        for r in totals.rows
    ]


def _totals_json(engine: Any, totals: Any, example: set[tuple[int, str, str]]) -> dict[str, Any]:
    return {
        "first_year": totals.first_year,
        "last_year": totals.last_year,
        "division": totals.division,
        "rule_ids": list(totals.rule_ids) if totals.rule_ids is not None else None,
        "statuses": [s.value for s in totals.statuses],
        "persons": totals.persons,
        "lines": totals.lines,
        "amount_fen": totals.amount_fen,
        "amount": str(Decimal(totals.amount_fen) / 100),
        "uses_example_figures": bool(example),
        "rows": _totals_columns(engine, totals, example),
    }


def _totals_csv(engine: Any, totals: Any, example: set[tuple[int, str, str]]) -> str:
    buf = io.StringIO()
    fields = [
        "year",
        "rule_id",
        "rule_label",
        "division",
        "division_name",
        "persons",
        "lines",
        "amount_fen",
        "amount",
        "uses_example_figures",
    ]
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in _totals_columns(engine, totals, example):
        writer.writerow({**row, "uses_example_figures": str(row["uses_example_figures"]).lower()})
    return buf.getvalue()


# -- explain ----------------------------------------------------------------------------------
@pay_group.command("explain")
@_URL
@click.argument("line_id", type=click.IntRange(min=1))
@click.option(
    "--parameters",
    "layer",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The parameter layer the line was computed with (for an arrears line).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_context
def explain_cmd(ctx: click.Context, url: str, line_id: int, layer: Path | None, fmt: str) -> None:
    """Explain ledger line LINE_ID: amount and status first, then how it was computed, checked
    by re-evaluating it with the facts known when it was written."""
    from shuangyong.ledger.explain import explain

    engine = _engine(ctx)
    if layer is not None:
        engine = _layer(engine, layer)
    with cli_store(ctx, url) as store:
        found = explain(engine, store, line_id)
    from shuangyong.domain.ids import mask_ids_in

    # the terminal never shows an id number whole (the API's to_dict() keeps the data)
    if fmt == "json":
        click.echo(mask_ids_in(json.dumps(found.to_dict(), ensure_ascii=False, indent=2)))
    else:
        click.echo(mask_ids_in(str(found)))
