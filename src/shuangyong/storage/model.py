"""What a store holds: dated facts about people, evaluations, the payment ledger, audit events.

These are plain frozen attrs values shared by every backend (memory, SQLite, PostgreSQL in
``plugins/shuangyong-sql``). A backend assigns the store-side attributes (``seq``, ``line_id``,
``recorded_at`` ...) when it writes, and hands back new objects: nothing here is mutated.

Facts are *dated and never overwritten*. A person's row on a date (the flat beneficiary row the
engine evaluates, see :data:`shuangyong.policy.schema.FIELDS`) is the fold, in order of
``(effective_from, seq)``, of every fact in force on that date; a later fact's value for a field
replaces an earlier one from its date of effect, and ``None`` clears a field. A reassessment, a
death, a suspension, a move to another county or an annual confirmation is a new fact, so the
facts in force on any past date can always be read back.

Money is integer fen everywhere in the store (``amount_fen``), never float.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from collections.abc import Mapping
from typing import Any

import attrs

from shuangyong.domain.periods import Month, midnight_to_date

__all__ = [
    "REGISTER_FIELDS",
    "AuditEvent",
    "EvaluationRecord",
    "Fact",
    "FactKind",
    "LedgerLine",
    "LineKind",
    "LineStatus",
    "PaidUpTo",
    "PaymentRun",
    "RunKind",
    "StatusChange",
    "canonical_json",
    "digest",
]

REGISTER_FIELDS = {
    "name": "姓名",
    "township_division": "乡镇（街道）代码",
}
"""Fields a fact may carry besides the engine's row fields: kept for rosters and payment sheets,
never passed to rules. ``township_division`` is a 9- or 12-digit code below the county whose
first 6 digits must equal the fact row's ``household_division``."""


def _as_dict(value: Mapping[str, Any]) -> dict[str, Any]:
    """attrs converter: a mapping attribute holds its own plain dict."""
    return dict(value)


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no whitespace: the form that is hashed and stored."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(value: Any) -> str:
    """sha256 hex digest of :func:`canonical_json` of ``value``."""
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


class FactKind(str, enum.Enum):
    """Why a fact was recorded (shown in the audit trail and rosters)."""

    REGISTER = "register"  # 登记
    REASSESSMENT = "reassessment"  # 重新评定（残疾等级等）
    DEATH = "death"  # 死亡
    SUSPENSION = "suspension"  # 中止 / 取消
    MOVE = "move"  # 迁移（户籍地变更）
    CONFIRMATION = "confirmation"  # 年度确认 / 资格认定
    CORRECTION = "correction"  # 更正
    IMPORT = "import"  # 从原系统导入

    @property
    def label(self) -> str:
        return _FACT_LABELS[self]


_FACT_LABELS = {
    FactKind.REGISTER: "登记",
    FactKind.REASSESSMENT: "重新评定",
    FactKind.DEATH: "死亡",
    FactKind.SUSPENSION: "中止或取消",
    FactKind.MOVE: "迁移",
    FactKind.CONFIRMATION: "年度确认",
    FactKind.CORRECTION: "更正",
    FactKind.IMPORT: "导入",
}


@attrs.frozen
class Fact:
    """Values of row fields that take effect for one person on a date.

    Attributes:
        person_id: the person's key in the store (the 18-character 身份证号 as text).
        effective_from: the date the values take effect (legal date, not the recording date).
        values: field → JSON-able value: ISO date strings, enum values (``"combat"``), ints,
            bools, money as a decimal string of yuan, lists for set fields (``award_kinds``),
            ``None`` to clear. Keys are row fields (``FIELDS``) or :data:`REGISTER_FIELDS`.
        kind: why it was recorded.
        note: free text for the file (e.g. the decision number).
        source: where it came from (``"import:veterans.csv:12"``, ``"cli"``, ...).
        key: idempotency key; recording a fact whose key exists is a no-op. Defaults to the
            digest of (person_id, effective_from, kind, values), so importing the same file
            twice adds nothing.
        seq: store-assigned order of recording (None until written).
        recorded_at: store-assigned UTC time of recording (None until written).
        recorded_by: who recorded it (the actor).
    """

    person_id: str
    # a naive datetime at 00:00 is its date, as on every path (checked when written)
    effective_from: dt.date = attrs.field(converter=midnight_to_date)
    values: Mapping[str, Any] = attrs.field(converter=_as_dict)
    kind: FactKind = FactKind.REGISTER
    note: str = ""
    source: str = ""
    key: str = attrs.field(default="")
    seq: int | None = None
    recorded_at: dt.datetime | None = None
    recorded_by: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.key:
            object.__setattr__(
                self,
                "key",
                digest(
                    [
                        self.person_id,
                        self.effective_from.isoformat(),
                        self.kind.value,
                        dict(self.values),
                    ]
                ),
            )


@attrs.frozen
class PaidUpTo:
    """Migration from an older system: ``rule_id`` was paid to ``person_id`` up to ``month``
    (inclusive) outside this ledger; regular runs start after it."""

    person_id: str
    rule_id: str
    month: Month
    source: str = ""


@attrs.frozen
class EvaluationRecord:
    """An evaluation as data, stored once per digest and referenced by ledger lines.

    Attributes:
        digest: :func:`digest` of ``explanation`` (the key).
        rule_id, rule_version: the rule evaluated.
        on: the date evaluated.
        status: ``eligible`` / ``ineligible`` / ``undetermined``.
        amount_fen: the amount, or None.
        explanation: the explanation as data: conditions (id, passed, undetermined), the
            parameter values used (path, jurisdiction, effective_from, value, provenance), the
            rounding, the notes, the plugins: JSON-able, never display text only.
    """

    digest: str
    rule_id: str
    rule_version: str
    on: dt.date
    status: str
    amount_fen: int | None
    explanation: Mapping[str, Any]


class RunKind(str, enum.Enum):
    REGULAR = "regular"  # 发放批次
    ARREARS = "arrears"  # 补发
    RECOVERY = "recovery"  # 追回
    CORRECTION = "correction"  # 更正（冲正＋重算）

    @property
    def label(self) -> str:
        return {"regular": "发放", "arrears": "补发", "recovery": "追回", "correction": "更正"}[
            self.value
        ]


@attrs.frozen
class PaymentRun:
    """A payment run (发放批次): which benefits, which months, which division, by whom."""

    run_id: str
    kind: RunKind
    rule_ids: tuple[str, ...]
    first: Month
    last: Month
    division: str
    created_by: str
    note: str = ""
    created_at: dt.datetime | None = None


class LineKind(str, enum.Enum):
    REGULAR = "regular"  # 发放
    ARREARS = "arrears"  # 补发（差额）
    RECOVERY = "recovery"  # 追回（负数）
    REVERSAL = "reversal"  # 冲正（原行的相反数）

    @property
    def label(self) -> str:
        return {"regular": "发放", "arrears": "补发", "recovery": "追回", "reversal": "冲正"}[
            self.value
        ]


class LineStatus(str, enum.Enum):
    """calculated → approved → paid, or → cancelled (from calculated or approved)."""

    CALCULATED = "calculated"
    APPROVED = "approved"
    PAID = "paid"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {
            "calculated": "已核算",
            "approved": "已审批",
            "paid": "已发放",
            "cancelled": "已作废",
        }[self.value]


ALLOWED_TRANSITIONS: Mapping[LineStatus, frozenset[LineStatus]] = {
    LineStatus.CALCULATED: frozenset({LineStatus.APPROVED, LineStatus.CANCELLED}),
    LineStatus.APPROVED: frozenset({LineStatus.PAID, LineStatus.CANCELLED}),
    LineStatus.PAID: frozenset(),
    LineStatus.CANCELLED: frozenset(),
}


@attrs.frozen
class LedgerLine:
    """One line of the payment ledger. Money rows are never updated: only the status moves,
    and that is an appended :class:`StatusChange`.

    The idempotency key is ``(person_id, rule_id, period_first, period_last, revision)``:
    revision 0 is the regular line of a period; an arrears, recovery or correction for the same
    period takes the next revision. A backend writes a line whose key exists as a no-op, so the
    same run done twice, or from two processes at once, never pays twice.

    Attributes:
        run_id: the run that wrote it.
        person_id, rule_id: who and which benefit.
        period_first, period_last: the months the line covers (one month for a monthly benefit,
            the instalment for a yearly one, the event month for a one-off).
        revision: see above.
        kind: regular / arrears / recovery / reversal.
        amount_fen: signed integer fen (recoveries and reversals are negative).
        due_date: when the money is due.
        rule_version: the rule version that computed it.
        evaluated_on: the date the rule was evaluated on.
        division: the 6-digit county code the person belonged to then.
        township: the township code (9/12 digits) when known.
        explanation_digest: the :class:`EvaluationRecord` this amount came from (for an arrears
            or recovery line: the new evaluation; the old one is on the lines it corrects).
        reverses: for a reversal, the line id it reverses.
        reason: Chinese reason for an arrears, recovery, reversal or correction line.
        line_id: store-assigned.
        created_at: store-assigned.
        status: the current status (filled in by the store when read; ``calculated`` on write).
    """

    run_id: str
    person_id: str
    rule_id: str
    period_first: Month
    period_last: Month
    revision: int
    kind: LineKind
    amount_fen: int
    due_date: dt.date
    rule_version: str
    evaluated_on: dt.date
    division: str
    explanation_digest: str
    township: str | None = None
    reverses: int | None = None
    reason: str = ""
    line_id: int | None = None
    created_at: dt.datetime | None = None
    status: LineStatus = LineStatus.CALCULATED

    @property
    def key(self) -> tuple[str, str, Month, Month, int]:
        return (self.person_id, self.rule_id, self.period_first, self.period_last, self.revision)


@attrs.frozen
class StatusChange:
    """An appended change of a line's status (with the voucher or bank reference when paid)."""

    line_id: int
    status: LineStatus
    actor: str
    reference: str = ""
    reason: str = ""
    at: dt.datetime | None = None


@attrs.frozen
class AuditEvent:
    """Append-only: who did what, and when."""

    actor: str
    action: str  # e.g. "facts.add", "run.regular", "line.approve", "store.migrate"
    subject: str  # e.g. a person id, a run id, "lines:12-40"
    details: Mapping[str, Any] = attrs.field(factory=dict, converter=_as_dict)
    seq: int | None = None
    at: dt.datetime | None = None
