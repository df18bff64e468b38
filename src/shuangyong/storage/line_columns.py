"""Ledger lines as columns: what a payment run writes, checked over whole columns.

A regular run writes a line per person and benefit, a million at a time. Building a
:class:`~shuangyong.storage.model.LedgerLine` per line, checking it field by field and turning
it into a tuple costs several times the ``executemany`` itself, so lines travel as columns
(:class:`LineColumns`) from the ledger to the store, are checked here a column at a time
(:func:`check_line_columns`, the one check of a line: ``add_lines`` of line objects goes
through it too) and are written from the columns (:meth:`LineColumns.params`).

A column holds either typed values (months as ``year * 12 + month - 1``, dates as
``datetime64[D]``, integers as int64: what the ledger computes) or the objects given
(:meth:`LineColumns.of_lines`), which the checks judge value by value.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.domain.periods import Month
from shuangyong.errors import InvalidValueError
from shuangyong.storage.model import LedgerLine, LineKind, LineStatus

__all__ = ["LineColumns", "check_line_columns"]

Col = npt.NDArray[Any]
_TEXT = ("run_id", "person_id", "rule_id", "rule_version", "explanation_digest")
_DIVISION = re.compile(r"[0-9]{6}")
_TOWNSHIP = re.compile(r"[0-9]{9}|[0-9]{12}")
MAX_LINE_FEN = 10**14  # the largest amount of one ledger line (a trillion yuan)


def _objects(values: Sequence[Any]) -> Col:
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


@attrs.frozen(eq=False)
class LineColumns:
    """Lines to write, one entry per line in every column (see the module docstring).

    ``kind`` holds :class:`LineKind` members, ``status`` :class:`LineStatus` members (a new
    line is calculated), ``township`` and ``reverses`` None where unset.
    """

    run_id: Col
    person_id: Col
    rule_id: Col
    period_first: Col
    period_last: Col
    revision: Col
    kind: Col
    amount_fen: Col
    due_date: Col
    rule_version: Col
    evaluated_on: Col
    division: Col
    explanation_digest: Col
    township: Col
    reverses: Col
    reason: Col
    status: Col

    def __len__(self) -> int:
        return len(self.person_id)

    @classmethod
    def of_lines(cls, lines: Sequence[LedgerLine]) -> LineColumns:
        """Columns of the objects given (checked by :func:`check_line_columns`).

        Raises:
            TypeError: an item is not a LedgerLine.
        """
        for line in lines:
            if not isinstance(line, LedgerLine):
                raise TypeError(f"expected a LedgerLine, got {type(line).__name__}")
        return cls(
            **{f.name: _objects([getattr(x, f.name) for x in lines]) for f in attrs.fields(cls)}
        )

    def months(self, name: str) -> Col:
        """A period column as month numbers (checked columns only)."""
        col: Col = getattr(self, name)
        if col.dtype.kind == "i":
            return col.astype(np.int64)
        return np.fromiter((m.year * 12 + m.month - 1 for m in col), np.int64, count=len(col))

    def lines(self) -> list[LedgerLine]:
        """The lines as objects (checked columns only)."""
        if self.period_first.dtype.kind == "i":
            numbers = np.concatenate([self.months("period_first"), self.months("period_last")])
            months = {n: Month(n // 12, n % 12 + 1) for n in np.unique(numbers).tolist()}
            first = [months[n] for n in self.months("period_first").tolist()]
            last = [months[n] for n in self.months("period_last").tolist()]
        else:  # the Month objects given
            first, last = self.period_first.tolist(), self.period_last.tolist()
        return [
            LedgerLine(
                run_id=r,
                person_id=p,
                rule_id=u,
                period_first=a,
                period_last=b,
                revision=v,
                kind=k,
                amount_fen=amt,
                due_date=d,
                rule_version=rv,
                evaluated_on=o,
                division=div,
                township=t,
                explanation_digest=g,
                reverses=rev,
                reason=why,
            )
            for r, p, u, a, b, v, k, amt, d, rv, o, div, t, g, rev, why in zip(
                self.run_id.tolist(),
                self.person_id.tolist(),
                self.rule_id.tolist(),
                first,
                last,
                self.revision.tolist(),
                self.kind.tolist(),
                self.amount_fen.tolist(),
                _dates(self.due_date)
                if self.due_date.dtype.kind == "M"
                else self.due_date.tolist(),
                self.rule_version.tolist(),
                _dates(self.evaluated_on)
                if self.evaluated_on.dtype.kind == "M"
                else self.evaluated_on.tolist(),
                self.division.tolist(),
                self.township.tolist(),
                self.explanation_digest.tolist(),
                self.reverses.tolist(),
                self.reason.tolist(),
                strict=True,
            )
        ]

    def params(self, created_at: str) -> Iterator[tuple[Any, ...]]:
        """The stored form of each line, in the order of the ``ledger_lines`` columns
        (run_id … reason, created_at): months ``YYYY-MM``, dates ``YYYY-MM-DD``, kind text."""
        return zip(
            self.run_id.tolist(),
            self.person_id.tolist(),
            self.rule_id.tolist(),
            _text(self.months("period_first"), _month_text),
            _text(self.months("period_last"), _month_text),
            self.revision.tolist(),
            [k.value for k in self.kind.tolist()],
            self.amount_fen.tolist(),
            _text(_days(self.due_date), _day_text),
            self.rule_version.tolist(),
            _text(_days(self.evaluated_on), _day_text),
            self.division.tolist(),
            self.township.tolist(),
            self.explanation_digest.tolist(),
            self.reverses.tolist(),
            self.reason.tolist(),
            itertools.repeat(created_at),
        )


def _month_text(n: int) -> str:
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


def _day_text(n: int) -> str:
    return str(np.datetime64(n, "D"))


def _days(col: Col) -> npt.NDArray[np.int64]:
    if col.dtype.kind == "M":
        return col.astype("datetime64[D]").astype(np.int64)
    epoch = dt.date(1970, 1, 1)
    return np.fromiter(((d - epoch).days for d in col), np.int64, count=len(col))


def _dates(col: Col) -> list[dt.date]:
    days = _days(col)
    memo = {int(n): dt.date(1970, 1, 1) + dt.timedelta(days=int(n)) for n in np.unique(days)}
    return [memo[n] for n in days.tolist()]


def _text(numbers: npt.NDArray[np.int64], fmt: Callable[[int], str]) -> list[str]:
    """Text of each number, formatted once per distinct number (a run has a few months)."""
    distinct, at = np.unique(numbers, return_inverse=True)
    texts = _objects([fmt(int(n)) for n in distinct])
    out: list[str] = texts[at.reshape(-1)].tolist()
    return out


# -- the checks -------------------------------------------------------------------------------


def _each(col: Col, ok: Callable[[Any], bool]) -> npt.NDArray[np.bool_]:
    """Per entry: ``ok`` fails (judged value by value)."""
    return np.fromiter((not ok(v) for v in col.tolist()), bool, count=len(col))


def _judged(col: Col, ok: Callable[[Any], bool]) -> npt.NDArray[np.bool_]:
    """As :func:`_each`, but when every distinct value passes (the usual case: run ids,
    rule ids, versions, digests and codes repeat) nothing is judged twice. Values equal
    across types (1 and True) may share a verdict here only where ``ok`` cannot tell them
    apart (text, dates, months)."""
    values = col.tolist()
    try:
        distinct = set(values)
    except TypeError:
        return _each(col, ok)
    if all(ok(v) for v in distinct):
        return np.zeros(len(col), dtype=bool)
    return _each(col, ok)


def _all_of_type(col: Col, kind: type) -> bool:
    """Every entry is exactly of ``kind`` (one pass in C over a million entries)."""
    return set(map(type, col.tolist())) == {kind}


def _equal(col: Col, value: Any) -> npt.NDArray[np.bool_]:
    out: npt.NDArray[np.bool_] = np.equal(col, np.array(value, dtype=object)).astype(bool)
    return out


def _text_bad(col: Col) -> npt.NDArray[np.bool_]:
    """Per entry: not non-empty text. A column of text (a million distinct person ids) is
    judged by its types and one comparison with "" over the whole column; anything else value
    by value."""
    if _all_of_type(col, str):
        return _equal(col, "")
    return _judged(col, _is_text)


def _pairs_bad(a: Col, b: Col, ok: Callable[[Any], bool]) -> npt.NDArray[np.bool_]:
    """Per entry: ``ok((a, b))`` fails; each distinct pair judged once when all pass."""
    pairs = zip(a.tolist(), b.tolist(), strict=True)
    try:
        distinct = set(pairs)
    except TypeError:
        distinct = None
    if distinct is not None and all(ok(p) for p in distinct):
        return np.zeros(len(a), dtype=bool)
    return np.fromiter(
        (not ok(p) for p in zip(a.tolist(), b.tolist(), strict=True)), bool, count=len(a)
    )


def _is_text(v: Any) -> bool:
    return isinstance(v, str) and bool(v)


def _is_month(v: Any) -> bool:
    return isinstance(v, Month)


def _is_date(v: Any) -> bool:
    return type(v) is dt.date


def _is_division(v: Any) -> bool:
    return isinstance(v, str) and bool(_DIVISION.fullmatch(v))


def _has_reason(v: Any) -> bool:
    return isinstance(v, str) and bool(v.strip())


def _is_kind(v: Any) -> bool:
    return isinstance(v, LineKind)


def check_line_columns(cols: LineColumns) -> None:
    """Check lines before any is written: the first bad line (by index), and its first
    problem in the order below.

    Raises:
        InvalidValueError: naming the line (person, rule, period), the field, value and
            reason; ``row`` is the line's index.
    """
    n = len(cols)
    checks: list[tuple[npt.NDArray[np.bool_], str, Callable[[int], Any], str]] = []

    def add(bad: npt.NDArray[np.bool_], field: str, reason: str) -> None:
        col = getattr(cols, field)
        checks.append((bad, field, lambda i: _shown(col, i), reason))

    for name in _TEXT:
        add(_text_bad(getattr(cols, name)), name, "应为非空文本 / expected non-empty text")
    months_ok = np.ones(n, dtype=bool)
    for name in ("period_first", "period_last"):
        col = getattr(cols, name)
        if col.dtype.kind != "i":
            months_ok &= ~_judged(col, _is_month)
    add(~months_ok, "period_first", "应为 Month / expected a Month")
    first = _month_numbers(cols.period_first, months_ok)
    last = _month_numbers(cols.period_last, months_ok)
    checks.append(
        (
            months_ok & (last < first),
            "period_last",
            lambda i: str(_period(cols.period_last, i)),
            "结束月早于开始月 / last month before first",
        )
    )
    rev = cols.revision
    add(
        rev < 0 if rev.dtype.kind == "i" else _each(rev, lambda v: type(v) is int and v >= 0),
        "revision",
        "应为非负整数 / expected an integer >= 0",
    )
    # LineKind is a str enum ("regular" == LineKind.REGULAR): members are told from text by
    # their type, over the whole column at once
    kinds_ok = _all_of_type(cols.kind, LineKind)
    add(
        np.zeros(n, dtype=bool) if kinds_ok else _each(cols.kind, _is_kind),
        "kind",
        "应为 LineKind / expected a LineKind",
    )
    amt = cols.amount_fen
    add(
        np.abs(amt) > MAX_LINE_FEN
        if amt.dtype.kind == "i"
        else _each(amt, lambda v: type(v) is int and abs(v) <= MAX_LINE_FEN),
        "amount_fen",
        "金额应为整数分（不接受浮点数）/ amount is an integer number of fen, never a float",
    )
    for name in ("due_date", "evaluated_on"):
        col = getattr(cols, name)
        add(
            np.isnat(col) if col.dtype.kind == "M" else _judged(col, _is_date),
            name,
            "应为日期 / expected a date",
        )
    add(
        _judged(cols.division, _is_division),
        "division",
        "区划代码应为6位数字 / a county code is 6 digits",
    )
    add(
        _pairs_bad(cols.township, cols.division, _township_ok),
        "township",
        "乡镇代码应为9或12位数字且属于该县 / a township is 9 or 12 digits within the county",
    )
    kinds = cols.kind.tolist()
    regular = (
        _equal(cols.kind, LineKind.REGULAR)
        if kinds_ok  # every entry a member: equal means the same member
        else np.fromiter((k is LineKind.REGULAR for k in kinds), bool, count=n)
    )
    if not regular.all():
        reversal = np.fromiter((k is LineKind.REVERSAL for k in kinds), bool, count=n)
        no_ref = np.fromiter((r is None for r in cols.reverses.tolist()), bool, count=n)
        checks.append(
            (
                reversal & no_ref,
                "reverses",
                lambda i: None,
                "冲正行须注明被冲正的行 / a reversal names its line",
            )
        )
        add(
            ~regular & _each(cols.reason, _has_reason),
            "reason",
            "补发、追回、冲正行须写明原因 / an arrears, recovery or reversal line needs a reason",
        )
    status = cols.status
    checks.append(
        (
            ~_equal(status, LineStatus.CALCULATED)
            if _all_of_type(status, LineStatus)
            else np.fromiter(
                (s is not LineStatus.CALCULATED for s in status.tolist()), bool, count=n
            ),
            "status",
            lambda i: status[i].value,
            "新写入的发放行状态为“已核算”，状态只能经审批、发放改变 / a new line is "
            "calculated; its status moves only through set_status",
        )
    )
    any_bad = np.zeros(n, dtype=bool)
    for bad, *_ in checks:
        any_bad |= bad
    if not any_bad.any():
        return
    i = int(np.argmax(any_bad))
    for bad, field, value, reason in checks:
        if bad[i]:
            who = (
                f"{cols.person_id[i]} {cols.rule_id[i]} "
                f"{_period(cols.period_first, i)}..{_period(cols.period_last, i)}"
            )
            raise InvalidValueError(field, value(i), f"发放行 {who}: {reason}", row=i)


def _township_ok(pair: tuple[Any, Any]) -> bool:
    town, county = pair
    return town is None or (
        isinstance(town, str) and bool(_TOWNSHIP.fullmatch(town)) and town[:6] == county
    )


def _month_numbers(col: Col, ok: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """Month numbers of a period column (0 where not a Month)."""
    if col.dtype.kind == "i":
        out: npt.NDArray[np.int64] = col.astype(np.int64)
        return out
    return np.fromiter(
        (
            m.year * 12 + m.month - 1 if good else 0
            for m, good in zip(col.tolist(), ok.tolist(), strict=True)
        ),
        np.int64,
        count=len(col),
    )


def _period(col: Col, i: int) -> Any:
    """Entry ``i`` of a period column as the line object shows it (a typed one: a Month)."""
    v = col[i]
    return Month(int(v) // 12, int(v) % 12 + 1) if col.dtype.kind == "i" else v


def _shown(col: Col, i: int) -> Any:
    """Entry ``i`` as the line object shows it (typed entries as a date, Month or int)."""
    v = col[i]
    if col.dtype.kind == "M":
        return v.astype("datetime64[D]").astype(dt.date)
    if col.dtype.kind == "i":
        return int(v)
    return v
