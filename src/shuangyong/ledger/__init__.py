"""The payment ledger (发放台账): payment runs, approval and payment, arrears (补发),
recoveries (追回), corrections, totals and explained lines, over a case store.

Start with :class:`Ledger`::

    ledger = Ledger(engine, open_store("sqlite:///county.db"), actor="张三")
    report = ledger.run(["disability_pension"], "2025-03", "2025-03", "411003")
    ledger.approve(run_id=report.run_id)
    ledger.mark_paid(run_id=report.run_id, reference="建行批量代发 2025-03-10")

Importing this package opens nothing and reads no clock.
"""

from __future__ import annotations

from shuangyong.ledger.compute import Computed, RowProblem
from shuangyong.ledger.errors import (
    CorrectionError,
    LedgerError,
    LineStateError,
    NegativeArrearsError,
    PeriodNotCoveredError,
)
from shuangyong.ledger.explain import LineExplanation
from shuangyong.ledger.ledger import Ledger
from shuangyong.ledger.reports import Difference, Pending, RunReport
from shuangyong.ledger.totals import LedgerTotals, TotalLine

__all__ = [
    "Computed",
    "CorrectionError",
    "Difference",
    "Ledger",
    "LedgerError",
    "LedgerTotals",
    "LineExplanation",
    "LineStateError",
    "NegativeArrearsError",
    "Pending",
    "PeriodNotCoveredError",
    "RowProblem",
    "RunReport",
    "TotalLine",
]
