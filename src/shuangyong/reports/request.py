"""What a report is built from: :class:`ReportRequest`, the one argument every builder takes.

The command line fills it from its options (``--store``, ``--run``, ``--division``, ``--year``,
evidence files ...); a host system builds it in Python. Each builder reads the fields it needs and
calls :meth:`ReportRequest.need` for the ones it cannot do without, so a missing source is one
precise error (``--store is needed for a roster``), not an ``AttributeError`` on ``None``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from shuangyong.reports.errors import ReportInputError

if TYPE_CHECKING:
    from shuangyong.storage.protocol import Store

__all__ = ["ReportRequest"]

_OPTION = {
    "store": "--store URL",
    "engine": "an Engine",
    "division": "--division CODE",
    "run_id": "--run ID",
    "on": "--on DATE",
    "years": "--year YEAR",
    "evidence": "EVIDENCE files",
    "checklist": "--checklist ID",
}


def _tuple_of_ints(value: Any) -> tuple[int, ...]:
    return tuple(value)


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(value)


def _paths(value: Any) -> tuple[Path, ...]:
    return tuple(Path(v) for v in value)


@attrs.frozen
class ReportRequest:
    """The inputs of a report builder.

    Attributes:
        engine: the :class:`~shuangyong.engine.Engine` (rules, parameters, divisions,
            checklists, plugins); builders use its division catalogue for names.
        store: the case store (:func:`~shuangyong.storage.open_store`), for rosters and payments.
        division: a division code (6-digit county, or a township code) the report is about.
        years: the years (a summary's range is ``min..max``; an assessment uses the last one).
        on: the date a roster is as of, or an assessment's reference date.
        run_id: the payment run of a payment sheet.
        rule_ids: restrict to these benefits (rule ids); empty means all.
        evidence: evidence files (.toml/.json/.csv) for compliance and station reports.
        checklist: the checklist of a compliance report.
        reveal_ids: show id numbers unmasked. Explicit, and recorded in the store's audit log
            (as ``report.reveal_ids``) when a store is used.
        actor: who asks (recorded with the audit event).
        compare: a compliance report also assesses the previous year and shows the changes.
    """

    engine: Any = None
    store: Store | None = None
    division: str | None = None
    years: tuple[int, ...] = attrs.field(default=(), converter=_tuple_of_ints)
    on: dt.date | None = None
    run_id: str | None = None
    rule_ids: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    evidence: tuple[Path, ...] = attrs.field(default=(), converter=_paths)
    checklist: str | None = None
    reveal_ids: bool = False
    actor: str = ""
    compare: bool = False

    def need(self, field: str, kind: str) -> Any:
        """The value of ``field``, or an error saying that report ``kind`` needs it.

        Raises:
            ReportInputError: the field is empty.
        """
        value = getattr(self, field)
        if value is None or value == ():
            option = _OPTION.get(field, field)
            raise ReportInputError(
                field,
                value,
                f"{kind} 报表需要 {option} / the {kind} report needs {option}",
            )
        return value
