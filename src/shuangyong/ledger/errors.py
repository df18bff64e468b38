"""The errors the payment ledger raises: each names the person, rule, month and reason.

Every one is raised *before* anything is written (a refused run, arrears or correction leaves
the store as it was), and keeps what it reports as attributes so a host system can act on it
without parsing text.
"""

from __future__ import annotations

from shuangyong.domain.periods import Month
from shuangyong.errors import ShuangyongError
from shuangyong.storage.model import LineStatus
from shuangyong.storage.protocol import LedgerStateError

__all__ = [
    "CorrectionError",
    "LedgerError",
    "LineStateError",
    "NegativeArrearsError",
    "PeriodNotCoveredError",
]


def mask(person_id: str) -> str:
    """An 18-character 身份证号 shown masked (as everywhere else in the library)."""
    if len(person_id) == 18:
        return person_id[:6] + "********" + person_id[-4:]
    return person_id


class LedgerError(ShuangyongError):
    """A ledger operation refused before anything was written."""


class PeriodNotCoveredError(LedgerError, ValueError):
    """A run asks for a month no version of a rule covers (or a rule that pays nothing).

    Attributes:
        rule_id: the rule; month: the first month it does not cover (None for a rule that
            pays nothing); reason: why.
    """

    def __init__(
        self, rule_id: str, month: Month | None, reason: str, *, label: str | None = None
    ) -> None:
        self.rule_id = rule_id
        self.month = month
        self.reason = reason
        self.label = label or rule_id
        where = f"{month} " if month is not None else ""
        super().__init__(
            f"待遇“{self.label}” {where}不能发放：{reason}（未写入任何发放行） / rule {rule_id} "
            f"cannot be paid{' for ' + str(month) if month else ''}: {reason}; nothing was "
            "written"
        )


class NegativeArrearsError(LedgerError, ValueError):
    """An arrears run found a month whose recomputation is below what the ledger holds.

    That is a recovery (追回), not arrears: nothing was written.

    Attributes:
        person_id, rule_id, month (first month of the period), net_fen (what the ledger
        holds), new_fen (the recomputation), reason; more: how many other such periods.
    """

    def __init__(
        self,
        person_id: str,
        rule_id: str,
        month: Month,
        net_fen: int,
        new_fen: int,
        reason: str,
        more: int = 0,
        *,
        label: str | None = None,
    ) -> None:
        from shuangyong.domain.money import Yuan

        self.person_id = person_id
        self.rule_id = rule_id
        self.month = month
        self.net_fen = net_fen
        self.new_fen = new_fen
        self.reason = reason
        self.more = more
        self.label = label or rule_id
        extra = f"（另有 {more} 期同样情况）" if more else ""
        super().__init__(
            f"补发：人员 {mask(person_id)}，{self.label}，{month}："
            f"重算 {Yuan.from_fen(new_fen)} 低于"
            f"已入账 {Yuan.from_fen(net_fen)}，差额为负，应办理追回；未写入任何补发行{extra}。补发"
            f"原因：{reason} / arrears: person {mask(person_id)}, {rule_id}, {month}: the "
            f"recomputation ({new_fen} fen) is below the ledger's net ({net_fen} fen); a "
            "negative difference is a recovery, not arrears; nothing was written"
        )


class CorrectionError(LedgerError, ValueError):
    """A correction that cannot be made (cancelled or already reversed line, undetermined
    recomputation...).

    Attributes:
        line_id, person_id, rule_id, month, reason.
    """

    def __init__(
        self,
        line_id: int,
        person_id: str,
        rule_id: str,
        month: Month,
        reason: str,
        *,
        label: str | None = None,
    ) -> None:
        self.line_id = line_id
        self.person_id = person_id
        self.rule_id = rule_id
        self.month = month
        self.reason = reason
        self.label = label or rule_id
        super().__init__(
            f"更正发放行 {line_id}（{mask(person_id)}，{self.label}，{month}）：{reason}；未写入 / "
            f"cannot correct line {line_id} ({mask(person_id)}, {rule_id}, {month}): {reason}"
        )


_HINTS = {
    (LineStatus.APPROVED, LineStatus.APPROVED): "已审批，不能重复审批 / already approved",
    (LineStatus.PAID, LineStatus.APPROVED): "已发放，不能再审批 / already paid",
    (LineStatus.PAID, LineStatus.PAID): "已发放，不能重复发放 / already paid",
    (LineStatus.CANCELLED, LineStatus.PAID): (
        "已作废的行不能发放；如仍应发放，请重新计算后另行发放 / a cancelled line cannot be paid"
    ),
    (LineStatus.CALCULATED, LineStatus.PAID): "须先审批再发放 / approve before paying",
    (LineStatus.PAID, LineStatus.CANCELLED): (
        "已发放的行不能作废，请用更正（冲正）或追回 / a paid line is corrected or recovered, "
        "never cancelled"
    ),
}


class LineStateError(LedgerStateError):
    """:class:`~shuangyong.storage.protocol.LedgerStateError` with the line's period and
    what to do instead (the store's error is kept as ``__cause__``).

    Attributes (besides the store error's line_id, person_id, rule_id, current, wanted):
        month: the first month the line covers; hint: why, and what to do instead.
    """

    def __init__(self, base: LedgerStateError, month: Month) -> None:
        self.month = month
        self.hint = _HINTS.get(
            (base.current, base.wanted),
            f"当前为“{base.current.label}”/ it is {base.current.value}",
        )
        super().__init__(base.line_id, base.person_id, base.rule_id, base.current, base.wanted)
        self.args = (f"{self.args[0]}；期间 {month}：{self.hint}",)
