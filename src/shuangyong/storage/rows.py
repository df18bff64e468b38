"""Backend-independent store logic: checking facts, folding them into rows, JSON encoding.

Every backend (memory, SQLite, PostgreSQL in ``plugins/shuangyong-sql``) calls these functions,
so the meaning of a fact — which fields it may carry, which values are valid, how facts add up
to the row in force on a date — is written once.

Fact values are JSON-able values of the field's kind (see :func:`check_json_form`), checked with
the engine's own batch conversion (:func:`shuangyong.policy.schema.convert_columns`, many facts
at once), so the store refuses exactly what the engine would refuse, with the same reasons.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import numpy.typing as npt

from shuangyong.domain.periods import NOT_A_DATE, Month, date_or_reason
from shuangyong.errors import InvalidValueError
from shuangyong.policy.schema import FIELDS, Field, FieldKind, convert_columns
from shuangyong.storage.model import (
    REGISTER_FIELDS,
    AuditEvent,
    EvaluationRecord,
    Fact,
    FactKind,
    LedgerLine,
    LineStatus,
    PaidUpTo,
    PaymentRun,
    RunKind,
)
from shuangyong.storage.protocol import FactValueError, StoreError

__all__ = [
    "FACT_FIELDS",
    "FactChecker",
    "check_line",
    "check_lines",
    "decode_values",
    "encode_values",
    "fact_fields",
    "fold",
    "month_text",
    "parse_month",
    "row_matches_division",
    "rule_row",
    "utc_now",
]


def fact_fields(fields: Mapping[str, Field] = FIELDS) -> frozenset[str]:
    """Every field a fact may carry: the engine's row fields ``fields`` (the national ones and
    those its plugins add, except ``person_id``, which is the fact's own subject) and
    :data:`~shuangyong.storage.model.REGISTER_FIELDS`."""
    return frozenset(set(fields) - {"person_id"} | set(REGISTER_FIELDS))


FACT_FIELDS: frozenset[str] = fact_fields()
"""Every field a fact may carry without plugins (see :func:`fact_fields`)."""

_TOWNSHIP = re.compile(r"[0-9]{9}|[0-9]{12}")
_DIVISION = re.compile(r"[0-9]{6}")
_MAX_PERSON_ID = 64

# What a value of each kind looks like in JSON (the form facts are stored and hashed in).
_JSON_FORM: dict[FieldKind, tuple[tuple[type, ...], str]] = {
    FieldKind.DATE: ((str,), "日期应写作 YYYY-MM-DD 文本 / a date is written as 'YYYY-MM-DD' text"),
    FieldKind.INT: ((int,), "应为整数 / expected an integer"),
    FieldKind.ENUM: ((str,), "应为枚举值文本（如 'combat'）/ expected the enum value as text"),
    FieldKind.BOOL: ((bool,), "应为 true/false / expected a boolean"),
    FieldKind.DIVISION: ((str,), "区划代码应为6位数字文本 / a division code is 6-digit text"),
    FieldKind.TEXT: ((str,), "应为文本 / expected text"),
    FieldKind.MONEY: (
        (str, int),
        "金额应为元的十进制文本（如 '1234.50'），不接受浮点数 / money is a decimal string of "
        "yuan (e.g. '1234.50'), never a float",
    ),
    FieldKind.FLAGS: ((list, tuple), "应为枚举值列表 / expected a list of enum values"),
}


_Forms = Mapping[str, tuple[FieldKind, tuple[type, ...], str]]


def _forms(fields: Mapping[str, Field]) -> _Forms:
    return {name: (spec.kind, *_JSON_FORM[spec.kind]) for name, spec in fields.items()}


_FORM_OF: _Forms = _forms(FIELDS)


def utc_now() -> dt.datetime:
    """The store's clock: UTC, microseconds (stores assign times, rules never read them)."""
    return dt.datetime.now(dt.UTC)


def month_text(month: Month) -> str:
    """``Month(2025, 3)`` → ``"2025-03"`` (the stored form: sorts as text)."""
    return f"{month.year:04d}-{month.month:02d}"


def parse_month(text: str) -> Month:
    """``"2025-03"`` → ``Month(2025, 3)`` (the stored form back)."""
    return Month(int(text[:4]), int(text[5:7]))


def _fact_error(fact: Fact, index: int | None, field: str, value: Any, reason: str) -> StoreError:
    return FactValueError(fact.person_id, field, value, reason, row=index)


def check_json_form(
    field: str, value: Any, fields: Mapping[str, Field] | None = None
) -> str | None:
    """Why ``value`` is not the JSON form of ``field``'s kind, or None when it is.

    ``None`` (clear the field) is always allowed. No value is converted: a ``datetime.date``,
    an enum member or a float is refused here, so what is stored is what was given.
    ``fields``: the engine's row fields (default: the national ones), so a plugin's field is
    judged by its own kind.
    """
    return _check_form(field, value, _FORM_OF if fields is None else _forms(fields))


def _check_form(field: str, value: Any, forms: _Forms) -> str | None:
    """:func:`check_json_form` with the fields' forms built once (see :func:`_forms`)."""
    if value is None:
        return None
    if field == "name":
        return None if isinstance(value, str) and value.strip() else "姓名应为非空文本 / text"
    if field == "township_division":
        if isinstance(value, str) and _TOWNSHIP.fullmatch(value):
            return None
        return "乡镇（街道）代码应为9位或12位数字 / a township code is 9 or 12 digits"
    # looked up by name: hashing the FieldKind enum per value costs more than the check
    kind, types, reason = forms[field]
    if isinstance(value, bool) and bool not in types:
        return reason
    if not isinstance(value, types):
        return reason
    if kind is FieldKind.DATE:
        assert isinstance(value, str)
        try:
            if dt.date.fromisoformat(value).isoformat() != value:
                return reason
        except ValueError:
            return reason
    if kind is FieldKind.DIVISION and not _DIVISION.fullmatch(value):
        return reason
    if kind is FieldKind.FLAGS and not all(isinstance(v, str) for v in value):
        return reason
    return None


def _column(field: str, values: list[Any], forms: _Forms = _FORM_OF) -> npt.NDArray[Any]:
    """A table column of values already in their JSON form (see :func:`check_json_form`).

    Dates, booleans and integers are handed over typed (``datetime64[D]``, ``bool``,
    ``int64``): their JSON form was checked to be exactly a date, a bool or an int, so the
    typed column holds the same values, and the converter judges them with its vectorised
    checks rather than one Python call per value. Everything else (and an integer beyond
    int64) is an object column, judged value by value as the one-row path judges it, so the
    value an error shows is the value given.
    """
    kind = forms[field][0]
    if kind is FieldKind.DATE:
        return np.array(values, dtype="datetime64[D]")
    if kind is FieldKind.BOOL:
        return np.array(values, dtype=bool)
    if kind is FieldKind.INT:
        try:
            return np.array(values, dtype=np.int64)
        except OverflowError:
            pass
    return np.fromiter(values, dtype=object, count=len(values))


class FactChecker:
    """Checks facts before a backend writes any of them.

    A fact's values are judged by the engine's batch converter
    (:func:`~shuangyong.policy.schema.convert_columns`), many facts at once: facts that set
    the same fields, in the same order, make one table, and each row of it is judged exactly as
    the one-row conversion judges that fact alone (the same converter functions per value, the
    same cross-field checks among the fields present, the same order of errors within a row).
    So the store refuses exactly what the engine would refuse, with the same reasons, without
    paying one-row set-up for each of a million facts.

    Args:
        known_divisions: the engine's mask of known county codes (index = 6-digit code), as
            :func:`known_division_mask` builds it; the store refuses the codes the engine would.
        fields: the engine's row fields (default: the national ones); with a plugin's fields
            the store takes and checks them as the engine does.
    """

    def __init__(
        self,
        known_divisions: npt.NDArray[np.bool_],
        fields: Mapping[str, Field] | None = None,
    ) -> None:
        self.known = known_divisions
        self.fields: Mapping[str, Field] = FIELDS if fields is None else fields
        fields = self.fields
        self.fact_fields = FACT_FIELDS if fields is FIELDS else fact_fields(fields)
        self._forms = _FORM_OF if fields is FIELDS else _forms(fields)

    def check(self, facts: Sequence[Fact]) -> None:
        """Check each fact on its own (fields, JSON form, the schema's conversion and its
        cross-field checks among the fact's values, the township within the county).

        Raises:
            FactValueError: (an :class:`~shuangyong.errors.InvalidValueError`) naming the
                person, field, value and reason of the first bad fact; ``row`` is the fact's
                index in ``facts``.
        """
        found = self._problems(facts, first_only=True)
        if found:
            i, field, value, reason = found[0]
            raise _fact_error(facts[i], i, field, value, reason)

    def problems(self, facts: Sequence[Fact]) -> list[FactValueError]:
        """Every bad fact's first error, in the order of ``facts`` (``row`` = its index): what
        a dry run reports. Empty when all are good."""
        return [
            FactValueError(facts[i].person_id, field, value, reason, row=i)
            for i, field, value, reason in self._problems(facts, first_only=False)
        ]

    def check_one(self, fact: Fact, index: int | None = None) -> None:
        """:meth:`check` of one fact; the error's ``row`` is ``index``."""
        found = self._problems([fact], first_only=True)
        if found:
            _, field, value, reason = found[0]
            raise _fact_error(fact, index, field, value, reason)

    def _problems(
        self, facts: Sequence[Fact], *, first_only: bool
    ) -> list[tuple[int, str, Any, str]]:
        """(index, field, value, reason) of each bad fact's first error, by index. With
        ``first_only`` only the first bad fact is certain to be found (and returned alone)."""
        found: dict[int, tuple[int, str, Any, str]] = {}
        # facts that set the same fields in the same order share a table; the order matters
        # because it is the order in which one fact's errors are found
        groups: dict[tuple[str, ...], list[int]] = {}
        not_a_fact: TypeError | None = None
        memo: dict[tuple[str, str], str | None] = {}
        for i, fact in enumerate(facts):
            if not isinstance(fact, Fact):
                # a programming error, raised once the facts before it are judged (as when
                # each fact was checked in turn)
                not_a_fact = TypeError(f"expected a Fact, got {type(fact).__name__}")
                facts = facts[:i]
                break
            bad = _form_problem(fact, memo, self.fact_fields, self._forms)
            if bad is not None:
                found[i] = (i, *bad)
                if first_only:
                    break
                continue
            shape = tuple(k for k, v in fact.values.items() if v is not None and k in self.fields)
            if shape:
                groups.setdefault(shape, []).append(i)
        for shape, members in groups.items():
            table = {
                name: _column(name, [facts[i].values[name] for i in members], self._forms)
                for name in shape
            }
            _, errors, _, _ = convert_columns(table, (), self.known, self.fields)
            for e in errors:  # sorted by row, each row's errors in the one-row order
                i = members[e.row]
                if i not in found:
                    found[i] = (i, e.field, e.value, e.reason)
        stop = min(found, default=len(facts))
        for i in range(stop if first_only else len(facts)):
            if i not in found:
                bad = _township_problem(facts[i].values)
                if bad is not None:
                    found[i] = (i, *bad)
                    if first_only:
                        break
        if not_a_fact is not None and (not found or not first_only):
            raise not_a_fact
        ordered = [found[i] for i in sorted(found)]
        return ordered[:1] if first_only else ordered

    def check_history(self, person_facts: Iterable[Fact]) -> None:
        """Check a person's facts together (existing and new): at every date of effect, a
        township code in force must lie in the county in force (first 6 digits equal).

        Raises:
            FactValueError: naming the fact that makes them inconsistent.
        """
        row: dict[str, Any] = {}
        for fact in sorted(person_facts, key=_fact_order):
            _apply(row, fact.values)
            _check_township(fact, None, row)


def _fact_order(fact: Fact) -> tuple[dt.date, float]:
    # new facts (seq None) come after the stored ones of the same date, as they will be written
    return (fact.effective_from, float("inf") if fact.seq is None else fact.seq)


def _check_township(fact: Fact, index: int | None, row: Mapping[str, Any]) -> None:
    bad = _township_problem(row)
    if bad is not None:
        raise _fact_error(fact, index, *bad)


def _township_problem(row: Mapping[str, Any]) -> tuple[str, Any, str] | None:
    town = row.get("township_division")
    county = row.get("household_division")
    if isinstance(town, str) and isinstance(county, str) and town[:6] != county:
        return (
            "township_division",
            town,
            f"乡镇（街道）代码不属于户籍地 {county}（前6位应相同）/ township is not in the "
            f"household county {county} (its first 6 digits must be the county code)",
        )
    return None


def _form_problem(
    fact: Fact,
    memo: dict[tuple[str, str], str | None],
    allowed: frozenset[str] = FACT_FIELDS,
    forms: _Forms = _FORM_OF,
) -> tuple[str, Any, str] | None:
    """(field, value, reason) of what is wrong with a fact before its values are converted:
    the person id, the date of effect, the kind, unknown fields, the JSON form of a value.

    ``memo`` keeps the verdict on text values (dates, enum values, codes repeat across a
    million facts; text is never equal to a value of another type, so the key is exact)."""
    pid = fact.person_id
    if (
        not isinstance(pid, str)
        or not pid
        or pid != pid.strip()
        or len(pid) > _MAX_PERSON_ID
        or not pid.isprintable()
    ):
        return (
            "person_id",
            pid,
            f"人员标识应为非空文本，无首尾空白，不超过{_MAX_PERSON_ID}字符 / a person id is "
            f"non-empty printable text without surrounding spaces, at most {_MAX_PERSON_ID}",
        )
    if type(fact.effective_from) is not dt.date:
        # a datetime left here has a time of day or a time zone (midnight became its date)
        why = date_or_reason(fact.effective_from)[1]
        return ("effective_from", fact.effective_from, why or NOT_A_DATE)
    if not isinstance(fact.kind, FactKind):
        return ("kind", fact.kind, "应为 FactKind / expected a FactKind")
    if not fact.values:
        return ("values", {}, "事实至少应有一个字段 / a fact sets at least one field")
    for field, value in fact.values.items():
        if field not in allowed:
            reason = (
                "person_id 是事实的主体，不是字段值 / person_id is the fact's subject, not a value"
                if field == "person_id"
                else "未知字段 / unknown field"
            )
            return (field, value, reason)
        if type(value) is str:
            key = (field, value)
            if key in memo:
                bad = memo[key]
            else:
                bad = memo[key] = _check_form(field, value, forms)
        else:
            bad = _check_form(field, value, forms)
        if bad is not None:
            return (field, value, bad)
    return None


def known_division_mask(codes: Iterable[int] | npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """The mask the schema's converters read: ``mask[code]`` for every known county."""
    known = np.zeros(1_000_000, dtype=bool)
    arr = np.asarray(list(codes) if not isinstance(codes, np.ndarray) else codes, dtype=np.int64)
    known[arr[(arr >= 0) & (arr < 1_000_000)]] = True
    return known


_BUILTIN_MASK: list[npt.NDArray[np.bool_]] = []


def builtin_division_mask() -> npt.NDArray[np.bool_]:
    """:func:`known_division_mask` of the shipped GB/T 2260 snapshot (built once, on demand)."""
    if not _BUILTIN_MASK:
        from shuangyong.domain.divisions import DivisionCatalog

        _BUILTIN_MASK.append(known_division_mask(DivisionCatalog.builtin().known_county_codes()))
    return _BUILTIN_MASK[0]


# -- folding facts into rows ------------------------------------------------------------------


def _apply(row: dict[str, Any], values: Mapping[str, Any]) -> None:
    for k, v in values.items():
        if v is None:
            row.pop(k, None)
        else:
            row[k] = v


def fold(
    facts: Iterable[Fact], on: dt.date, *, known_at: dt.datetime | None = None
) -> dict[str, Any] | None:
    """The row in force on ``on`` from one person's facts (any order), or None when no fact
    is in force by then. Facts recorded after ``known_at`` are left out. The fold is
    :meth:`shuangyong.storage.fold.FactColumns.fold`, the one every reader uses."""
    from shuangyong.storage.fold import FactColumns

    chosen = [
        f
        for f in facts
        if known_at is None or (f.recorded_at is not None and f.recorded_at <= known_at)
    ]
    if not chosen:
        return None
    got = FactColumns.build(
        [f.person_id for f in chosen],
        [f.effective_from for f in chosen],
        [f.seq for f in chosen],
        [f.values for f in chosen],
    ).fold(on)
    if not len(got):
        return None
    row = got.dicts()[0]
    del row["person_id"]
    return row


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a million fresh dicts are built.

    Decoding facts creates only acyclic containers, yet each allocation threshold crossed
    starts a collection that walks every container alive, so building a million rows costs
    more in collections than in decoding (18.6 s instead of a few at 1M people). The
    collector is restored as it was, also on error.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def row_matches_division(row: Mapping[str, Any], division: str | None) -> bool:
    """``division`` is a county (6 digits: the row's ``household_division``) or a township
    code (the row's ``township_division`` starts with it); None matches every row."""
    if division is None:
        return True
    if len(division) == 6:
        return row.get("household_division") == division
    town = row.get("township_division")
    return isinstance(town, str) and town.startswith(division)


def check_division_filter(division: str | None) -> None:
    """A ``rows_on``/``lines`` division filter is 6, 9 or 12 digits (or None)."""
    if division is not None and not (
        isinstance(division, str) and re.fullmatch(r"[0-9]{6}|[0-9]{9}|[0-9]{12}", division)
    ):
        raise InvalidValueError(
            "division", division, "区划代码应为6、9或12位数字 / a division is 6, 9 or 12 digits"
        )


def rule_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A stored row without :data:`REGISTER_FIELDS` (``name``, ``township_division``): what
    the engine evaluates (it refuses fields it does not know)."""
    return {k: v for k, v in row.items() if k not in REGISTER_FIELDS}


# -- JSON ---------------------------------------------------------------------------------------


def encode_values(values: Mapping[str, Any]) -> str:
    """A fact's values as stored: canonical JSON (sorted keys, UTF-8 text, no spaces).
    Tuples (a set field given as a tuple) are stored, and read back, as lists."""
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def decode_values(text: str) -> dict[str, Any]:
    """:func:`encode_values` back."""
    out: dict[str, Any] = json.loads(text)
    return out


def decode_many(texts: Sequence[str]) -> list[dict[str, Any]]:
    """Many stored values at once: one ``json.loads`` of a JSON array (about twice as fast as
    one call per fact, which matters when a payment run reads a million rows)."""
    if not texts:
        return []
    out: list[dict[str, Any]] = json.loads("[" + ",".join(texts) + "]")
    return out


# -- ledger lines -------------------------------------------------------------------------------


def check_line(line: LedgerLine, index: int | None = None) -> None:
    """Check one line before any is written (:func:`check_lines` of it alone).

    Raises:
        InvalidValueError: naming the line (person, rule, period), the field, value and reason;
            ``row`` is ``index``.
    """
    try:
        check_lines([line])
    except InvalidValueError as e:
        raise InvalidValueError(e.field, e.value, e.reason, row=index) from None


def check_lines(lines: Sequence[LedgerLine]) -> None:
    """Check lines before any is written, a column at a time
    (:func:`shuangyong.storage.line_columns.check_line_columns`; ``row`` in the error is the
    index).

    Raises:
        TypeError: an item is not a LedgerLine.
        InvalidValueError: naming the first bad line (person, rule, period), the field, value
            and reason.
    """
    from shuangyong.storage.line_columns import LineColumns, check_line_columns

    check_line_columns(LineColumns.of_lines(lines))


def status_request(line_ids: Iterable[Any], status: Any, actor: str, reference: str) -> list[int]:
    """The checks of a ``set_status`` call every backend makes before touching the ledger: the
    actor, the status type, the reference a payment needs, and the line ids as ints (a bool or
    a string is refused, not coerced). Returns the ids, in order."""
    check_actor(actor)
    if not isinstance(status, LineStatus):
        raise InvalidValueError("status", status, "应为 LineStatus / expected a LineStatus")
    require_reference(status, reference)
    ids = list(line_ids)
    for lid in ids:
        if type(lid) is not int:
            raise StoreError(f"无此发放行 {lid!r} / unknown ledger line {lid!r}")
    return ids


def require_reference(status: LineStatus, reference: str) -> None:
    """Marking a line paid needs the voucher or bank reference."""
    if status is LineStatus.PAID and not reference.strip():
        raise InvalidValueError(
            "reference",
            reference,
            "标记“已发放”须填写凭证号或银行流水号 / marking paid needs a voucher or bank reference",
        )


def line_in_division(line: LedgerLine, division: str) -> bool:
    """A ``lines`` filter: a county (6 digits) or a township code the line's township starts
    with."""
    if len(division) == 6:
        return line.division == division
    return line.township is not None and line.township.startswith(division)


def missing_reference(line: LedgerLine, index: int, field: str, value: Any) -> StoreError:
    """The error for a line naming a run, an evaluation or a line the store does not hold."""
    what = {"run_id": "发放批次 / run", "explanation_digest": "评估记录 / evaluation"}.get(
        field, "被冲正的行 / reversed line"
    )
    return StoreError(
        f"发放行 {index}（{line.person_id}，{line.rule_id}，{line.period_first}）引用的{what} "
        f"{value} 不存在，请先写入 / line {index} ({line.person_id}, {line.rule_id}, "
        f"{line.period_first}) refers to {field}={value!r}, which the store does not hold"
    )


STATUS_VERBS: Mapping[LineStatus, str] = {
    LineStatus.CALCULATED: "calculate",
    LineStatus.APPROVED: "approve",
    LineStatus.PAID: "pay",
    LineStatus.CANCELLED: "cancel",
}
"""The audit action of a status change is ``line.<verb>``."""


def check_actor(actor: str) -> None:
    """Every write names who did it."""
    if not isinstance(actor, str) or not actor.strip():
        raise InvalidValueError(
            "actor", actor, "须注明操作人 / every write names the actor who did it"
        )


def check_paid_up_to(item: PaidUpTo, index: int | None = None) -> None:
    if not isinstance(item.month, Month):
        raise InvalidValueError("month", item.month, "应为 Month / expected a Month", row=index)
    for name in ("person_id", "rule_id"):
        v = getattr(item, name)
        if not isinstance(v, str) or not v:
            raise InvalidValueError(name, v, "应为非空文本 / expected non-empty text", row=index)


_STATUSES = frozenset({"eligible", "ineligible", "undetermined"})
_HEX64 = re.compile(r"[0-9a-f]{64}")


def check_evaluation(record: EvaluationRecord, index: int | None = None) -> None:
    def bad(field: str, value: Any, reason: str) -> InvalidValueError:
        return InvalidValueError(field, value, f"评估记录 {record.rule_id}: {reason}", row=index)

    if not isinstance(record.digest, str) or not _HEX64.fullmatch(record.digest):
        raise bad("digest", record.digest, "应为 sha256 十六进制摘要 / expected a sha256 hex")
    if record.status not in _STATUSES:
        raise bad("status", record.status, f"应为 {sorted(_STATUSES)} 之一 / one of them")
    if type(record.on) is not dt.date:
        raise bad("on", record.on, "应为日期 / expected a date")
    if record.amount_fen is not None and type(record.amount_fen) is not int:
        raise bad("amount_fen", record.amount_fen, "应为整数分 / an integer number of fen")
    for name in ("rule_id", "rule_version"):
        v = getattr(record, name)
        if not isinstance(v, str) or not v:
            raise bad(name, v, "应为非空文本 / expected non-empty text")


def check_run(run: PaymentRun) -> None:
    def bad(field: str, value: Any, reason: str) -> InvalidValueError:
        return InvalidValueError(field, value, f"发放批次 {run.run_id}: {reason}")

    if not isinstance(run.run_id, str) or not run.run_id:
        raise bad("run_id", run.run_id, "应为非空文本 / expected non-empty text")
    if not isinstance(run.kind, RunKind):
        raise bad("kind", run.kind, "应为 RunKind / expected a RunKind")
    if not run.rule_ids or not all(isinstance(r, str) and r for r in run.rule_ids):
        raise bad("rule_ids", run.rule_ids, "至少一项待遇 / at least one rule id")
    if run.last < run.first:
        raise bad("last", str(run.last), "结束月早于开始月 / last month before first")
    if not isinstance(run.division, str) or not re.fullmatch(
        r"[0-9]{6}|[0-9]{9}|[0-9]{12}", run.division
    ):
        raise bad("division", run.division, "区划代码应为6、9或12位数字 / 6, 9 or 12 digits")
    check_actor(run.created_by)


def run_details(run: PaymentRun) -> dict[str, Any]:
    """The audit details of a new run."""
    return {
        "kind": run.kind.value,
        "rule_ids": list(run.rule_ids),
        "first": month_text(run.first),
        "last": month_text(run.last),
        "division": run.division,
        "note": run.note,
    }


def check_audit(event: AuditEvent) -> None:
    check_actor(event.actor)
    if not isinstance(event.action, str) or not event.action:
        raise InvalidValueError("action", event.action, "应为非空文本 / expected non-empty text")
    encode_values(event.details)  # refuses what JSON cannot hold, before anything is written


def lines_subject(first_id: int, last_id: int) -> str:
    """The audit subject of written lines: ``lines:12-40`` (``lines:none`` when all existed)."""
    return f"lines:{first_id}-{last_id}" if last_id >= first_id else "lines:none"


def lines_details(lines: Sequence[LedgerLine], written: int) -> dict[str, Any]:
    """The audit details of written lines."""
    from shuangyong.storage.line_columns import LineColumns

    return lines_details_of_columns(LineColumns.of_lines(lines), written)


def lines_details_of_columns(cols: Any, written: int) -> dict[str, Any]:
    """:func:`lines_details` of lines as columns
    (:class:`~shuangyong.storage.line_columns.LineColumns`)."""
    amount = cols.amount_fen
    return {
        "given": len(cols),
        "written": written,
        "skipped": len(cols) - written,
        "runs": sorted(set(cols.run_id.tolist()))[:20],
        # exact: int64 fen summed as Python ints (a column of objects the same way)
        "amount_fen": sum(amount.tolist()),
    }


def ids_subject(ids: Sequence[int]) -> str:
    if not ids:
        return "lines:none"
    shown = ",".join(map(str, ids[:20]))
    return f"lines:{shown}" + (f",…(+{len(ids) - 20})" if len(ids) > 20 else "")


def persons_subject(person_ids: Sequence[str]) -> str:
    if not person_ids:
        return "persons:none"
    if len(person_ids) == 1:
        return person_ids[0]
    return f"persons:{len(person_ids)}:{person_ids[0]}..{person_ids[-1]}"
