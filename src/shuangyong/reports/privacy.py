"""Id numbers in reports: masked by default; revealed only when asked, and then audited.

A builder that shows 身份证号 makes its column with :func:`id_column` and, before building,
calls :func:`audit_reveal` — which records ``report.reveal_ids`` in the store's audit log (who,
which report, how many numbers) when the request reveals and a store is used. Masking itself is
done by :class:`~shuangyong.reports.model.Table` when it is built, so no format can leak a number
the document does not hold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shuangyong.reports.model import Caveat, CaveatKind, Column, ColumnType

if TYPE_CHECKING:
    from shuangyong.reports.request import ReportRequest

__all__ = ["REVEALED_CAVEAT", "audit_reveal", "id_column"]

REVEALED_CAVEAT = Caveat(
    CaveatKind.REVEALED,
    "本表含完整身份证号码，属个人敏感信息，仅限经办使用，不得外传。",
)
"""The caveat a report with unmasked id numbers leads with."""


def id_column(request: ReportRequest, key: str = "id_number", label: str = "身份证号") -> Column:
    """An id-number column, revealed only if the request asks for it."""
    return Column(key, label, ColumnType.ID_NUMBER, revealed=request.reveal_ids)


def audit_reveal(request: ReportRequest, kind: str, subject: str, count: int) -> None:
    """Record that ``count`` id numbers are revealed in a ``kind`` report (with a store only).

    Called before the report is built, so a reveal that fails to be audited is never shown.

    Args:
        request: the request (its store, actor and ``reveal_ids``).
        kind: the report kind.
        subject: what the report covers (a division, a run id).
        count: how many people's numbers are shown.
    """
    if not request.reveal_ids or request.store is None:
        return
    from shuangyong.storage.model import AuditEvent

    request.store.audit(
        AuditEvent(
            actor=request.actor or "(unknown)",
            action="report.reveal_ids",
            subject=subject,
            details={"report": kind, "people": count},
        )
    )
