"""The storage protocol every backend implements, and the errors it raises.

A backend is selected by URL scheme through :func:`shuangyong.storage.open_store` from the
backends plugins register with the ``register_storage_backends`` hook (``memory://`` and
``sqlite:///path`` are built in; ``postgresql://`` comes from ``plugins/shuangyong-sql``).

Contract (checked by the behaviour suite :mod:`shuangyong.testing.storage_suite`, which runs on
every backend):

* Every method that writes does so in one transaction: all of it or nothing.
* Facts, lines, status changes, evaluations and audit events are append-only. Nothing is
  updated or deleted.
* Writing a fact or a ledger line whose key exists is a no-op, also when two processes write
  the same key at once (a unique constraint, not a read-then-write).
* A status change is checked against :data:`~shuangyong.storage.model.ALLOWED_TRANSITIONS`
  inside the same transaction that appends it (two approvers racing: one wins, the other gets
  :class:`LedgerStateError`).
* Every write appends an :class:`~shuangyong.storage.model.AuditEvent` naming the actor.
* Times are UTC, assigned by the store.
* Opening a store whose schema version is newer than the library's raises
  :class:`SchemaVersionError`; an older one is migrated forward (and the migration audited) when
  opened with ``migrate=True`` (the default), else refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import attrs

from shuangyong.domain.money import checked_fen
from shuangyong.domain.periods import Month
from shuangyong.errors import InvalidValueError, ShuangyongError

if TYPE_CHECKING:  # numpy is not loaded when the storage package is opened
    from shuangyong.storage.fold import Rows
    from shuangyong.storage.line_columns import LineColumns

from shuangyong.storage.model import (
    AuditEvent,
    EvaluationRecord,
    Fact,
    LedgerLine,
    LineStatus,
    PaidUpTo,
    PaymentRun,
)

__all__ = [
    "FactValueError",
    "LedgerStateError",
    "SchemaVersionError",
    "Store",
    "StoreError",
    "TotalRow",
    "UnknownStoreSchemeError",
    "add_facts_with_paid_up_to",
    "add_line_columns",
    "check_facts",
    "coded_rows_on",
    "columns_of_rows",
    "rows_on_columns",
    "total_row",
]


class StoreError(ShuangyongError):
    """A store operation failed (bad URL, unknown person, a constraint)."""


class UnknownStoreSchemeError(StoreError):
    """No registered backend handles the URL's scheme (names the scheme and the known ones)."""


class SchemaVersionError(StoreError):
    """The store's schema is newer than this library (or older and migration was refused)."""

    def __init__(self, url: str, found: int, supported: int, detail: str = "") -> None:
        self.url = url
        self.found = found
        self.supported = supported
        super().__init__(
            detail
            or f"数据库结构版本 {found} 高于本库支持的 {supported}，请升级 shuangyong / store "
            f"{url} has schema version {found}, newer than the {supported} this library supports"
        )


class LedgerStateError(StoreError):
    """A status change the ledger forbids (approving twice, paying a cancelled line ...).

    Attributes:
        line_id, person_id, rule_id: the line.
        current: its current status; wanted: the status asked for.
    """

    def __init__(
        self,
        line_id: int,
        person_id: str,
        rule_id: str,
        current: LineStatus,
        wanted: LineStatus,
    ) -> None:
        self.line_id = line_id
        self.person_id = person_id
        self.rule_id = rule_id
        self.current = current
        self.wanted = wanted
        super().__init__(
            f"发放行 {line_id}（{_mask(person_id)}，{rule_id}）当前为“{current.label}”，不能改为"
            f"“{wanted.label}” / line {line_id} ({_mask(person_id)}, {rule_id}) is "
            f"{current.value} and cannot become {wanted.value}"
        )


class FactValueError(InvalidValueError, StoreError):
    """A fact refused before anything was written: names the person, field, value and reason.

    An :class:`~shuangyong.errors.InvalidValueError` (``field``, ``value``, ``reason``; ``row``
    is the fact's index in the batch given to ``add_facts``) that also carries ``person_id``.
    """

    def __init__(
        self, person_id: str, field: str, value: Any, reason: str, row: int | None = None
    ) -> None:
        self.person_id = person_id
        super().__init__(field, value, f"人员 {_mask(str(person_id))} / person: {reason}", row)


def _mask(person_id: str) -> str:
    if len(person_id) == 18:
        return person_id[:6] + "********" + person_id[-4:]
    return person_id


@attrs.frozen
class TotalRow:
    """One group of :meth:`Store.totals`: exact fen and distinct people."""

    year: int
    rule_id: str
    division: str
    lines: int
    persons: int
    amount_fen: int


def total_row(
    year: int, rule_id: str, division: str, lines: int, persons: int, amount_fen: Any
) -> TotalRow:
    """A group of :meth:`Store.totals` from a backend's exact sum (a Python int, or a
    database's numeric): every backend refuses the same way a total that an int64 fen column
    cannot hold.

    Raises:
        FenOverflowError: naming the year, the division and the rule; never a wrapped number.
    """
    what = f"{year}年 {division} 发放合计 / the {year} ledger total of {division}"
    fen = checked_fen(int(amount_fen), what, rule_id)
    return TotalRow(int(year), rule_id, division, int(lines), int(persons), fen)


@runtime_checkable
class Store(Protocol):
    """What every storage backend provides. See the module docstring for the contract."""

    url: str

    # -- lifecycle ---------------------------------------------------------------------------
    @property
    def schema_version(self) -> int: ...

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...

    # -- people and their dated facts ----------------------------------------------------------
    def add_facts(self, facts: Sequence[Fact], *, actor: str) -> int:
        """Append facts in one transaction; returns how many were new (existing keys skip).

        Raises :class:`~shuangyong.errors.InvalidValueError` naming the person, field, value
        and reason for an unknown field or an invalid value; nothing is written then.

        Optional, in the built-in backends: ``paid_up_to=`` (a sequence of
        :class:`~shuangyong.storage.model.PaidUpTo`) written in the same transaction, its
        people known to the store or among ``facts``. Call it through
        :func:`add_facts_with_paid_up_to`, which falls back to two calls elsewhere."""
        ...

    # Optional methods (the built-in backends have them; call them through the module
    # functions of the same name, which fall back on the methods above for other backends):
    #   check_facts(facts) -> None: add_facts' checks, against the store's own divisions and
    #       the people's stored facts, writing nothing (a dry run);
    #   rows_on_columns(on, *, division=None, person_ids=None) -> dict[str, ndarray]: rows_on
    #       as object columns (see columns_of_rows);
    #   add_line_columns(cols, *, actor) -> int: add_lines of lines as columns
    #       (shuangyong.storage.line_columns.LineColumns), checked a column at a time;
    #   rows_on_coded(on, *, division=None, person_ids=None) -> shuangyong.storage.fold.Rows:
    #       rows_on as columns of codes, folded without a dict per person (what a payment
    #       run reads).

    def facts(self, person_id: str) -> list[Fact]:
        """Every fact of a person, in ``(effective_from, seq)`` order (empty if unknown)."""
        ...

    def row_on(
        self, person_id: str, on: dt.date, *, known_at: dt.datetime | None = None
    ) -> dict[str, Any]:
        """The person's row in force on ``on`` (facts recorded up to ``known_at``, default
        all): the fold described in :mod:`shuangyong.storage.model`, plus ``person_id``.
        Raises :class:`StoreError` for an unknown person."""
        ...

    def rows_on(
        self, on: dt.date, *, division: str | None = None, person_ids: Iterable[str] | None = None
    ) -> list[dict[str, Any]]:
        """Rows in force on ``on`` of everyone registered (whose first fact is in force by then)
        whose ``household_division`` on ``on`` is ``division`` (a 6-digit county) or whose
        ``township_division`` starts with ``division`` (a township code), ordered by person_id.
        """
        ...

    def person_ids(self) -> list[str]: ...

    # -- migration from an older system ----------------------------------------------------------
    def set_paid_up_to(self, items: Sequence[PaidUpTo], *, actor: str) -> None: ...

    def paid_up_to(self, person_id: str, rule_id: str) -> Month | None: ...

    def paid_up_to_all(self, rule_id: str) -> dict[str, Month]: ...

    # -- evaluations -------------------------------------------------------------------------------
    def add_evaluations(self, records: Sequence[EvaluationRecord]) -> int:
        """Store evaluations (existing digests skip); returns how many were new."""
        ...

    def evaluation(self, digest: str) -> EvaluationRecord:
        """Raises :class:`StoreError` if unknown."""
        ...

    # -- the ledger ----------------------------------------------------------------------------
    def add_run(self, run: PaymentRun) -> PaymentRun: ...

    def runs(self) -> list[PaymentRun]: ...

    def add_lines(self, lines: Sequence[LedgerLine], *, actor: str) -> int:
        """Append lines in one transaction; a line whose key exists is skipped (also under
        concurrency). Returns how many were written."""
        ...

    def lines(
        self,
        *,
        person_id: str | None = None,
        rule_id: str | None = None,
        run_id: str | None = None,
        first: Month | None = None,
        last: Month | None = None,
        division: str | None = None,
        status: LineStatus | None = None,
        line_ids: Iterable[int] | None = None,
    ) -> list[LedgerLine]:
        """Lines (with their current status) whose period overlaps ``first..last``, filtered;
        ordered by line_id."""
        ...

    def iter_lines(self, **filters: Any) -> Iterator[LedgerLine]:
        """As :meth:`lines`, streamed."""
        ...

    def set_status(
        self,
        line_ids: Sequence[int],
        status: LineStatus,
        *,
        actor: str,
        reference: str = "",
        reason: str = "",
    ) -> int:
        """Move lines to ``status`` in one transaction; any forbidden move raises
        :class:`LedgerStateError` (naming the line and person) and changes nothing."""
        ...

    def status_history(self, line_id: int) -> list[Any]: ...

    def totals(
        self,
        *,
        statuses: Sequence[LineStatus] = (LineStatus.PAID,),
        first_year: int | None = None,
        last_year: int | None = None,
        rule_ids: Sequence[str] | None = None,
        division: str | None = None,
    ) -> list[TotalRow]:
        """Sum by year (of the period covered) × rule × county, with distinct people; done in
        the database. ``division`` restricts to a county (or a province/city prefix)."""
        ...

    def head_count(
        self,
        *,
        statuses: Sequence[LineStatus] = (LineStatus.PAID,),
        first_year: int | None = None,
        last_year: int | None = None,
        rule_ids: Sequence[str] | None = None,
        division: str | None = None,
    ) -> int:
        """Distinct people over the lines :meth:`totals` selects with the same arguments (not
        the sum of its groups' head counts: one person is in several groups); done in the
        database."""
        ...

    # -- audit ---------------------------------------------------------------------------------
    def audit(self, event: AuditEvent) -> None: ...

    def audit_events(
        self, *, since: int | None = None, action: str | None = None
    ) -> list[AuditEvent]: ...


def columns_of_rows(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Rows (as :meth:`Store.rows_on` returns them) as object columns, the form
    :meth:`shuangyong.Engine.evaluate_batch` takes: ``person_id`` first, then every field any
    row has, sorted by name; None where a row lacks the field (the engine reports a missing
    required value on that row rather than failing the batch)."""
    import numpy as np  # not at import time: opening the storage package loads no numpy

    n = len(rows)
    names = sorted(set().union(*(r.keys() for r in rows)) - {"person_id"})
    out: dict[str, Any] = {
        "person_id": np.fromiter((r["person_id"] for r in rows), dtype=object, count=n)
    }
    for name in names:
        out[name] = np.fromiter((r.get(name) for r in rows), dtype=object, count=n)
    return out


def rows_on_columns(
    store: Store,
    on: dt.date,
    *,
    division: str | None = None,
    person_ids: Iterable[str] | None = None,
) -> dict[str, Any]:
    """:meth:`Store.rows_on` as columns (:func:`columns_of_rows`): the store's own
    ``rows_on_columns`` when it has one, else built from ``rows_on``."""
    native = getattr(store, "rows_on_columns", None)
    if native is not None:
        out: dict[str, Any] = native(on, division=division, person_ids=person_ids)
        return out
    return columns_of_rows(store.rows_on(on, division=division, person_ids=person_ids))


def coded_rows_on(
    store: Store,
    on: dt.date,
    *,
    division: str | None = None,
    person_ids: Iterable[str] | None = None,
) -> Rows:
    """:meth:`Store.rows_on` as :class:`shuangyong.storage.fold.Rows` (per field the distinct
    stored values and a code per row): the store's own ``rows_on_coded`` when it has one,
    else built from ``rows_on``."""
    native = getattr(store, "rows_on_coded", None)
    if native is not None:
        got: Rows = native(on, division=division, person_ids=person_ids)
        return got
    from shuangyong.storage.fold import Rows

    return Rows.of_dicts(store.rows_on(on, division=division, person_ids=person_ids))


def add_line_columns(store: Store, cols: LineColumns, *, actor: str) -> int:
    """Write lines given as columns: the store's own ``add_line_columns`` when it has one,
    else ``add_lines`` of the lines as objects. Returns how many were written."""
    native = getattr(store, "add_line_columns", None)
    if native is not None:
        n: int = native(cols, actor=actor)
        return n
    return store.add_lines(cols.lines(), actor=actor)


def check_facts(store: Store, facts: Sequence[Fact]) -> None:
    """Check facts as ``store.add_facts`` would, writing nothing: the store's own
    ``check_facts`` (its divisions and the people's stored facts) when it has one, else the
    checks of each fact alone against the shipped divisions.

    Raises:
        FactValueError: naming the person, field, value and reason of the first bad fact.
    """
    native = getattr(store, "check_facts", None)
    if native is not None:
        native(facts)
        return
    from shuangyong.storage.rows import FactChecker, builtin_division_mask

    FactChecker(builtin_division_mask()).check(list(facts))


def add_facts_with_paid_up_to(
    store: Store, facts: Sequence[Fact], *, actor: str, paid_up_to: Sequence[PaidUpTo]
) -> int:
    """Write facts and paid-up-to months: in one transaction where the store's ``add_facts``
    takes ``paid_up_to``, else ``add_facts`` then ``set_paid_up_to`` (each all or nothing;
    the months are checked before the facts are written). Returns how many facts were new."""
    import inspect

    if "paid_up_to" in inspect.signature(store.add_facts).parameters:
        n: int = store.add_facts(facts, actor=actor, paid_up_to=paid_up_to)  # type: ignore[call-arg]
        return n
    from shuangyong.storage.rows import check_paid_up_to

    items = list(paid_up_to)
    for i, item in enumerate(items):
        check_paid_up_to(item, i)
    n = store.add_facts(facts, actor=actor)
    if items:
        store.set_paid_up_to(items, actor=actor)
    return n


StoreFactory = Any
"""A callable ``(url: str, *, migrate: bool) -> Store`` registered for a URL scheme."""

Details = Mapping[str, Any]
