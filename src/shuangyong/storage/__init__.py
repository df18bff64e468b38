"""The case store: dated facts about people, evaluations, the payment ledger, audit events.

Open one by URL with :func:`open_store` (``memory://``, ``sqlite:///path.db``, or a scheme a
plugin registers, such as ``postgresql://`` from ``plugins/shuangyong-sql``). Importing this
package opens nothing and loads no plugin.
"""

from __future__ import annotations

from shuangyong.storage.model import (
    REGISTER_FIELDS,
    AuditEvent,
    EvaluationRecord,
    Fact,
    FactKind,
    LedgerLine,
    LineKind,
    LineStatus,
    PaidUpTo,
    PaymentRun,
    RunKind,
    StatusChange,
)
from shuangyong.storage.protocol import (
    FactValueError,
    LedgerStateError,
    SchemaVersionError,
    Store,
    StoreError,
    TotalRow,
    UnknownStoreSchemeError,
    total_row,
)
from shuangyong.storage.registry import StorageRegistrar, open_store

__all__ = [
    "REGISTER_FIELDS",
    "AuditEvent",
    "EvaluationRecord",
    "Fact",
    "FactKind",
    "FactValueError",
    "LedgerLine",
    "LedgerStateError",
    "LineKind",
    "LineStatus",
    "PaidUpTo",
    "PaymentRun",
    "RunKind",
    "SchemaVersionError",
    "StatusChange",
    "StorageRegistrar",
    "Store",
    "StoreError",
    "TotalRow",
    "UnknownStoreSchemeError",
    "open_store",
    "total_row",
]
