"""``import_file``: a CSV or xlsx file of beneficiaries into a store, checked first.

The order is always the same: read the file (:mod:`~shuangyong.intake.reading`), map the header
(:mod:`~shuangyong.intake.columns`), turn every row into a fact and check it with the store's
own checks (:mod:`~shuangyong.intake.convert`), check the file as a whole (one person twice on
the same date, a township that leaves the county between two of a person's rows), and only
then write.

* A dry run stops before writing and reports every bad row.
* A real run with any bad row writes nothing (unless ``skip_bad_rows=True``: then the good rows
  are written and each bad one is still reported).
* Without ``chunk_size`` all facts are written in one ``add_facts`` call, which the store runs
  as one transaction: all or nothing. With ``chunk_size`` each chunk of rows is one
  transaction. Facts carry idempotent keys, so running the same import again after a crash (or
  twice on purpose) writes only what is missing, and the report counts new facts and facts
  already present.
* "Paid up to" months are written after the facts of the same chunk (the store needs the
  person first). Setting a month is idempotent, so a crash between the two is repaired by
  running the import again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from shuangyong.domain.ids import mask_id
from shuangyong.errors import InvalidValueError
from shuangyong.intake.aliases import Aliases
from shuangyong.intake.columns import map_columns
from shuangyong.intake.convert import RowConverter, RowFacts, parse_defaults
from shuangyong.intake.reading import read_table
from shuangyong.intake.report import ImportProblem, ImportProgress, ImportReport
from shuangyong.policy.schema import Field
from shuangyong.storage.model import AuditEvent, Fact
from shuangyong.storage.protocol import Store
from shuangyong.storage.rows import FactChecker, builtin_division_mask

__all__ = ["import_file", "resolve_aliases"]

_CHECK_EVERY = 1000  # rows between two "check" progress calls


def resolve_aliases(
    aliases: Aliases | Mapping[str, Any] | str | Path | None,
    fields: Mapping[str, Field] | None = None,
) -> Aliases:
    """``None`` → the built-in aliases; a mapping (the TOML shape) or a TOML file → the
    built-in ones extended by it; an :class:`Aliases` as it is. ``fields``: the row fields
    the built-in aliases derive from (default: the national ones; a store's ``fields`` add
    its plugins')."""
    if aliases is None:
        return Aliases.builtin(fields)
    if isinstance(aliases, Aliases):
        return aliases
    if isinstance(aliases, str | Path):
        return Aliases.load(aliases, fields)
    return Aliases.builtin(fields).extend(aliases, source="aliases=")


def import_file(
    store: Store,
    path: str | Path,
    *,
    dry_run: bool = False,
    chunk_size: int | None = None,
    progress: Callable[[ImportProgress], None] | None = None,
    actor: str | None = None,
    effective_from: dt.date | None = None,
    defaults: Mapping[str, Any] | None = None,
    benefit: str | None = None,
    survivors: bool = False,
    aliases: Aliases | Mapping[str, Any] | str | Path | None = None,
    rule_ids: Collection[str] | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    header_row: int = 1,
    delimiter: str | None = None,
    skip_bad_rows: bool = False,
    checker: FactChecker | None = None,
) -> ImportReport:
    """Import beneficiaries and their facts from a CSV or xlsx file (module docstring).

    Args:
        store: the store to write into (and, for a paid-up-to-only row, to find the person in).
        path: a ``.csv`` or ``.xlsx`` file.
        dry_run: check everything and write nothing.
        chunk_size: rows per transaction; None writes the whole file in one.
        progress: called with an :class:`ImportProgress` while checking and after each chunk.
        actor: who imports (recorded on every fact and audit event); required unless dry_run.
        effective_from: the date of effect of rows without a 生效日期 cell.
        defaults: field → value for every row (e.g. ``{"service_kind": "义务兵"}`` for a file of
            conscripts); a non-empty cell wins over it.
        benefit: the rule id of a plain 已发至 column.
        survivors: the file lists survivors (遗属): 死亡时间, 死亡性质 and 残疾等级 are the
            member's (``member_died_on``, ``member_status``, ``member_disability_level``).
        aliases: header and value aliases: an :class:`Aliases`, or a mapping or TOML file that
            extends the built-in ones.
        rule_ids: the benefits a paid-up-to column may name (None: not checked).
        encoding, sheet, header_row, delimiter: see :func:`~shuangyong.intake.read_table`.
        skip_bad_rows: write the good rows even when some are bad (each bad row is reported).
        checker: the fact checker (default: the store's checks with the shipped divisions).

    Returns:
        The :class:`ImportReport`; ``report.ok`` is False when any row was bad.

    Raises:
        ImportFileError: the file cannot be read, or its header row is wrong: nothing written.
        InvalidValueError: a bad option (``defaults``, ``aliases``, ``chunk_size``, ``actor``).
    """
    if chunk_size is not None and (
        isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1
    ):
        raise InvalidValueError("chunk_size", chunk_size, "须为正整数 / must be a positive integer")
    if not dry_run and (not isinstance(actor, str) or not actor.strip()):
        raise InvalidValueError(
            "actor", actor, "导入须注明操作人 / an import names the actor who does it"
        )
    # the store's row fields: a plugin's field is a column the file may have (by its name or
    # its Chinese label), read and checked as the store will check it
    fields: Mapping[str, Field] | None = getattr(store, "fields", None)
    resolved = resolve_aliases(aliases, fields)
    table = read_table(
        path, encoding=encoding, sheet=sheet, header_row=header_row, delimiter=delimiter
    )
    cmap = map_columns(
        table.path,
        table.headers,
        resolved,
        survivors=survivors,
        benefit=benefit,
        rule_ids=rule_ids,
        header_line=table.header_line,
    )
    converter = RowConverter(
        table.name,
        cmap,
        resolved,
        checker or FactChecker(builtin_division_mask(), resolved.fields),
        effective_from=effective_from,
        defaults=parse_defaults(defaults or {}, resolved),
    )
    total = len(table.rows)
    good: list[RowFacts] = []
    problems: list[ImportProblem] = []
    for done, row in enumerate(table.rows, start=1):
        converted, row_problems = converter.convert(row)
        problems += row_problems
        if converted is not None:
            good.append(converted)
        if progress is not None and (done % _CHECK_EVERY == 0 or done == total):
            progress(ImportProgress("check", done, total))
    problems += _check_file(good, converter.checker, store)
    bad_lines = {p.line for p in problems}
    good = [r for r in good if r.line not in bad_lines]
    problems.sort(key=lambda p: p.line)

    def report(**kw: Any) -> ImportReport:
        base: dict[str, Any] = {
            "file": table.name,
            "path": table.path,
            "sha256": table.sha256,
            "encoding": table.encoding,
            "dry_run": dry_run,
            "rows": total,
            "columns": {c.header: _shown_target(c.target, c.rule_id) for c in cmap.columns},
            "ignored_columns": cmap.ignored,
            "problems": tuple(problems),
            "facts": sum(1 for r in good if r.fact is not None),
            "paid_up_to": sum(len(r.paid) for r in good),
        }
        base.update(kw)
        return ImportReport(**base)

    if dry_run or (problems and not skip_bad_rows):
        return report()
    assert actor is not None
    size = chunk_size or max(len(good), 1)
    new = present = chunks = written_rows = 0
    for start in range(0, len(good), size):
        chunk = good[start : start + size]
        facts = [r.fact for r in chunk if r.fact is not None]
        try:
            n = store.add_facts(facts, actor=actor) if facts else 0
        except InvalidValueError as exc:
            # valid on its own but refused against what the store already holds (a township
            # outside the county of the person's stored facts): nothing of this chunk written
            line = _line_of(facts, exc.row, getattr(exc, "person_id", None))
            problems.append(ImportProblem(line, exc.field, "", exc.value, exc.reason))
            problems.sort(key=lambda p: p.line)
            break
        paid = [p for r in chunk for p in r.paid]
        if paid:
            store.set_paid_up_to(paid, actor=actor)
        new += n
        present += len(facts) - n
        chunks += 1
        written_rows += len(chunk)
        if progress is not None:
            progress(ImportProgress("write", written_rows, total))
    result = report(
        new=new,
        present=present,
        chunks=chunks,
        skipped_rows=len(bad_lines) if skip_bad_rows else 0,
    )
    if chunks:
        store.audit(
            AuditEvent(
                actor,
                "import.file",
                table.name,
                {
                    "sha256": table.sha256,
                    "encoding": table.encoding,
                    "rows": total,
                    "facts": result.facts,
                    "new": new,
                    "present": present,
                    "paid_up_to": result.paid_up_to,
                    "chunks": chunks,
                    "problems": len(problems),
                    "complete": written_rows == len(good),
                },
            )
        )
    return result


def _shown_target(target: str, rule_id: str | None) -> str:
    return f"paid_up_to.{rule_id}" if rule_id else target


def _line_of(facts: Sequence[Fact], index: int | None, person_id: str | None) -> int:
    """The file line of the fact a store refused: by its index in the batch, else the first
    fact of the person named (``source`` ends with the line)."""
    if index is None:
        index = next((i for i, f in enumerate(facts) if f.person_id == person_id), 0)
    return int(facts[index].source.rsplit(":", 1)[1])


def _check_file(good: list[RowFacts], checker: FactChecker, store: Store) -> list[ImportProblem]:
    """Checks across rows: the same person twice on one date of effect, the same person's
    paid-up-to month for a benefit twice, a person's township leaving the county between two
    rows, and a row with only paid-up-to months for someone neither the file nor the store
    knows."""
    problems: list[ImportProblem] = []
    first_on: dict[tuple[str, dt.date], int] = {}
    first_paid: dict[tuple[str, str], int] = {}
    by_person: dict[str, list[tuple[int, Fact]]] = {}
    for r in good:
        who = mask_id(r.person_id)
        if r.fact is not None:
            key = (r.person_id, r.fact.effective_from)
            if key in first_on:
                problems.append(
                    ImportProblem(
                        r.line,
                        "person_id",
                        "",
                        who,
                        f"同一人同一生效日期 {r.fact.effective_from} 已见于第 {first_on[key]} 行 / "
                        f"the same person and date of effect as line {first_on[key]}",
                    )
                )
                continue
            first_on[key] = r.line
            by_person.setdefault(r.person_id, []).append((r.line, r.fact))
        for p in r.paid:
            pkey = (r.person_id, p.rule_id)
            if pkey in first_paid:
                problems.append(
                    ImportProblem(
                        r.line,
                        f"paid_up_to.{p.rule_id}",
                        "",
                        str(p.month),
                        f"同一人该待遇的已发至月份已见于第 {first_paid[pkey]} 行 / this person's "
                        f"paid-up-to month of {p.rule_id} is given on line {first_paid[pkey]}",
                    )
                )
            else:
                first_paid[pkey] = r.line
    for items in by_person.values():
        if len(items) < 2:
            continue
        items.sort(key=lambda x: x[1].effective_from)
        for k in range(2, len(items) + 1):
            try:
                checker.check_history([f for _, f in items[:k]])
            except InvalidValueError as exc:
                line = items[k - 1][0]
                problems.append(ImportProblem(line, exc.field, "", exc.value, exc.reason))
                break
    for r in good:
        if r.fact is None and r.person_id not in by_person and not store.facts(r.person_id):
            problems.append(
                ImportProblem(
                    r.line,
                    "person_id",
                    "",
                    mask_id(r.person_id),
                    "只有已发至月份，但文件和数据库中都没有此人 / only paid-up-to months, for a "
                    "person neither the file nor the store holds",
                )
            )
    return problems
