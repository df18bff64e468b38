"""Case files: hand-computed examples a policy officer can read, review and run.

A case file is TOML with one or more ``[[case]]`` tables::

    plugins = []                      # entry-point plugins to load (omit: all installed)

    [[case]]
    name = "一级因战残疾军人，2025年3月"
    date = 2025-03-01                 # or: period = "2025-01..2025-12" (checks totals)
    citation = "《军人抚恤优待条例》(2024) 第27条、第31条"
    note = "116,270 ÷ 12 = 9,689.1666… → 9,689.17"
    [case.inputs]                     # beneficiary fields (see shuangyong.policy.schema)
    household_division = "110101"
    disability_level = 1
    disability_cause = "combat"
    [case.expected.disability_pension]
    amount = "9689.17"                # yuan, exact; with period: total = "..."
    eligible = true                   # or: status = "undetermined"
    failed_condition = "approved"     # the first failing condition id

Optional per case: ``division`` (fills ``household_division``), ``[case.parameters]`` with a
``value`` array in the parameter-file format (a what-if layer for this case only),
``invariants = ["NonNegative", ...]`` re-checked on these inputs, and ``compare_with`` (field
overrides for the second input of a ``MonotoneIn`` check). Unknown keys, wrong types, unknown
rule ids or divisions, and dates before any standard are errors naming the file and the key.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs

from shuangyong.domain.money import Yuan
from shuangyong.domain.periods import Month, Period
from shuangyong.errors import ShuangyongError
from shuangyong.textformats import StructuredTextError, parse_structured

__all__ = [
    "Case",
    "CaseFileError",
    "CaseOutcome",
    "Mismatch",
    "load_cases",
    "run_case",
    "write_case",
]

_CASE_KEYS = {
    "name",
    "date",
    "period",
    "division",
    "citation",
    "note",
    "inputs",
    "expected",
    "parameters",
    "invariants",
    "compare_with",
    "rules",
}
_EXPECT_KEYS = {"amount", "total", "complete", "eligible", "status", "failed_condition"}
_TOP_KEYS = {"case", "plugins"}
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]*")


class CaseFileError(ShuangyongError, ValueError):
    """A case file is malformed: names the file, the key and the reason."""

    def __init__(self, source: str, key: str, reason: str) -> None:
        self.source = source
        self.key = key
        self.reason = reason
        super().__init__(f"{source}: {key}: {reason}")


@attrs.frozen
class Case:
    """One hand-computed example."""

    source: str
    index: int
    name: str
    inputs: dict[str, Any]
    expected: dict[str, dict[str, Any]]
    date: dt.date | None = None
    period: Period | None = None
    citation: str = ""
    note: str = ""
    parameters: tuple[dict[str, Any], ...] = ()
    invariants: tuple[str, ...] = ()
    compare_with: dict[str, Any] = attrs.Factory(dict)
    rules: tuple[str, ...] = ()
    plugins: tuple[str, ...] | None = None

    @property
    def key(self) -> str:
        return f"case[{self.index}]"


@attrs.frozen
class Mismatch:
    rule_id: str
    key: str
    expected: Any
    actual: Any

    def __str__(self) -> str:
        return f"{self.rule_id}.{self.key}: expected {self.expected!r}, got {self.actual!r}"


@attrs.frozen
class CaseOutcome:
    case: Case
    mismatches: tuple[Mismatch, ...]
    explanation: str

    @property
    def passed(self) -> bool:
        return not self.mismatches


def load_cases(path: str | Path) -> list[Case]:
    """Read and check a case file (structure only; rule ids are checked when run)."""
    p = Path(path)
    src = str(p)
    try:
        data = parse_structured(p.read_text(encoding="utf-8"), "toml")
    except StructuredTextError as exc:  # malformed, nested too deeply, a huge integer
        raise CaseFileError(src, "(toml)", exc.reason) from None
    except UnicodeDecodeError as exc:
        # the reason only: the bytes of a file we refuse are never echoed
        raise CaseFileError(
            src, "(file)", f"不是 UTF-8 文本 / not UTF-8 text (byte {exc.start})"
        ) from None
    except OSError as exc:
        raise CaseFileError(src, "(file)", exc.strerror or type(exc).__name__) from None
    extra = set(data) - _TOP_KEYS
    if extra:
        raise CaseFileError(src, sorted(extra)[0], f"unknown key; allowed: {sorted(_TOP_KEYS)}")
    plugins = data.get("plugins")
    if plugins is not None and (
        not isinstance(plugins, list) or not all(isinstance(x, str) for x in plugins)
    ):
        raise CaseFileError(src, "plugins", "must be a list of plugin names")
    raw = data.get("case")
    if not isinstance(raw, list) or not raw:
        raise CaseFileError(src, "case", "a case file needs at least one [[case]] table")
    return [
        _case(src, i, c, tuple(plugins) if plugins is not None else None) for i, c in enumerate(raw)
    ]


def _case(src: str, i: int, c: Any, plugins: tuple[str, ...] | None) -> Case:
    key = f"case[{i}]"
    if not isinstance(c, dict):
        raise CaseFileError(src, key, "must be a table")
    extra = set(c) - _CASE_KEYS
    if extra:
        raise CaseFileError(
            src, f"{key}.{sorted(extra)[0]}", f"unknown key; allowed: {sorted(_CASE_KEYS)}"
        )
    name = c.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CaseFileError(src, f"{key}.name", "every case has a name")
    date = c.get("date")
    period_text = c.get("period")
    if (date is None) == (period_text is None):
        raise CaseFileError(src, key, "give exactly one of date or period")
    if date is not None and (isinstance(date, dt.datetime) or not isinstance(date, dt.date)):
        raise CaseFileError(src, f"{key}.date", f"expected a TOML date (YYYY-MM-DD), got {date!r}")
    period = None
    if period_text is not None:
        try:
            first, last = str(period_text).split("..")
            period = Period(Month.parse(first), Month.parse(last))
        except (ValueError, ShuangyongError):
            raise CaseFileError(
                src, f"{key}.period", f"expected 'YYYY-MM..YYYY-MM', got {period_text!r}"
            ) from None
    inputs = c.get("inputs", {})
    if not isinstance(inputs, dict):
        raise CaseFileError(src, f"{key}.inputs", "must be a table")
    for k in inputs:
        # a national field, or a name a plugin may add (register_fields): checked against the
        # engine's fields when the case runs (run_case), where the plugins are known
        if not isinstance(k, str) or not _FIELD_NAME.fullmatch(k):
            raise CaseFileError(src, f"{key}.inputs.{k}", "unknown field: not a field name")
    inputs = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in inputs.items()}
    division = c.get("division")
    if division is not None:
        if not isinstance(division, str):
            raise CaseFileError(src, f"{key}.division", "a division code is a 6-digit string")
        inputs.setdefault("household_division", division)
    expected = c.get("expected", {})
    if not isinstance(expected, dict):
        raise CaseFileError(src, f"{key}.expected", "must be a table of rule ids")
    for rid, exp in expected.items():
        if not isinstance(exp, dict):
            raise CaseFileError(src, f"{key}.expected.{rid}", "must be a table")
        bad = set(exp) - _EXPECT_KEYS
        if bad:
            raise CaseFileError(
                src,
                f"{key}.expected.{rid}.{sorted(bad)[0]}",
                f"unknown key; allowed: {sorted(_EXPECT_KEYS)}",
            )
        for money_key in ("amount", "total"):
            if money_key in exp:
                v = exp[money_key]
                if isinstance(v, float | bool) or not isinstance(v, str | int):
                    raise CaseFileError(
                        src,
                        f"{key}.expected.{rid}.{money_key}",
                        'write amounts as strings ("9689.17"), never floats',
                    )
                try:
                    Yuan(str(v))
                except (ShuangyongError, InvalidOperation):
                    raise CaseFileError(
                        src, f"{key}.expected.{rid}.{money_key}", f"not an amount in yuan: {v!r}"
                    ) from None
        for flag in ("eligible", "complete"):
            if flag in exp and not isinstance(exp[flag], bool):
                raise CaseFileError(src, f"{key}.expected.{rid}.{flag}", "must be true or false")
        if "complete" in exp and "total" not in exp:
            raise CaseFileError(
                src, f"{key}.expected.{rid}.complete", "says whether a total is complete"
            )
        if "status" in exp and exp["status"] not in ("eligible", "ineligible", "undetermined"):
            raise CaseFileError(
                src, f"{key}.expected.{rid}.status", "must be eligible, ineligible or undetermined"
            )
    if not expected and not c.get("invariants"):
        raise CaseFileError(src, f"{key}.expected", "a case expects something")
    params = c.get("parameters", {})
    if not isinstance(params, dict) or set(params) - {"value"}:
        raise CaseFileError(src, f"{key}.parameters", "a table with a 'value' array")
    invariants = c.get("invariants", [])
    if not isinstance(invariants, list) or not all(isinstance(x, str) for x in invariants):
        raise CaseFileError(src, f"{key}.invariants", "a list of invariant ids")
    rules = c.get("rules", [])
    if not isinstance(rules, list) or not all(isinstance(x, str) for x in rules):
        raise CaseFileError(src, f"{key}.rules", "a list of rule ids")
    compare = c.get("compare_with", {})
    if not isinstance(compare, dict):
        raise CaseFileError(src, f"{key}.compare_with", "must be a table of field overrides")
    return Case(
        source=src,
        index=i,
        name=name,
        inputs=inputs,
        expected=expected,
        date=date,
        period=period,
        citation=str(c.get("citation", "")),
        note=str(c.get("note", "")),
        parameters=tuple(params.get("value", ())),
        invariants=tuple(invariants),
        compare_with=dict(compare),
        rules=tuple(rules),
        plugins=plugins,
    )


def case_engine(case: Case, base: Any | None = None) -> Any:
    """The engine a case runs on: ``base`` (or a new one honouring ``plugins``), plus the
    case's parameter layer."""
    from shuangyong.engine import Engine

    if base is None:
        env = None if case.plugins is None else {"SHUANGYONG_LOAD_PLUGINS": ",".join(case.plugins)}
        base = Engine.create(env=env)
    if case.parameters:
        import tomli_w  # a test-time dependency, like hypothesis

        text = tomli_w.dumps({"value": list(case.parameters)})
        base = base.with_parameters(text, name=f"{case.source}:{case.key}")
    return base


def run_case(case: Case, engine: Any | None = None) -> CaseOutcome:
    """Evaluate a case and compare with what it expects.

    Raises:
        CaseFileError: an unknown rule id or division, bad inputs, or a date before any
            standard is in force (naming the file and the key).
    """
    from shuangyong.errors import InvalidValueError, NotInForceError, UnknownRuleError

    eng = case_engine(case, engine)
    for k in case.inputs:
        if k not in eng.fields:
            raise CaseFileError(
                case.source,
                f"{case.key}.inputs.{k}",
                f"unknown field; known (national and plugin fields): {sorted(eng.fields)}",
            )
    rule_ids = list(dict.fromkeys([*case.rules, *case.expected]))
    for rid in rule_ids:
        if rid not in eng.rule_ids():
            raise CaseFileError(
                case.source,
                f"{case.key}.{'expected' if rid in case.expected else 'rules'}.{rid}",
                f"unknown rule id; loaded: {eng.rule_ids()}",
            )
    mismatches: list[Mismatch] = []
    texts: list[str] = []
    try:
        if case.date is not None:
            ev = eng.evaluate(case.inputs, case.date, rules=rule_ids or None)
            for rid, exp in case.expected.items():
                r = ev[rid]
                texts.append(r.explain())
                mismatches += _compare(rid, exp, r.status.value, r.amount, r.failed_condition)
        else:
            assert case.period is not None
            sched = eng.schedule(
                case.inputs, case.period.first, case.period.last, rules=rule_ids or None
            )
            for rid, exp in case.expected.items():
                texts.append(sched.explain(rid))
                got = sched.total(rid)
                if "total" in exp and got.amount != Yuan(str(exp["total"])):
                    mismatches.append(Mismatch(rid, "total", exp["total"], str(got.amount.amount)))
                # a total with undetermined lines is incomplete: a case says so explicitly
                if "total" in exp and exp.get("complete", True) != got.complete:
                    mismatches.append(
                        Mismatch(rid, "complete", exp.get("complete", True), got.complete)
                    )
        if case.invariants:
            from shuangyong.testing.verify import recheck

            for msg in recheck(eng, case):
                mismatches.append(Mismatch("(invariant)", "violated", "holds", msg))
    except InvalidValueError as exc:
        raise CaseFileError(case.source, f"{case.key}.inputs.{exc.field}", exc.reason) from None
    except NotInForceError as exc:
        raise CaseFileError(case.source, f"{case.key}.date", str(exc)) from None
    except UnknownRuleError as exc:
        raise CaseFileError(case.source, f"{case.key}.date", str(exc)) from None
    return CaseOutcome(case, tuple(mismatches), "\n\n".join(texts))


def _compare(
    rid: str, exp: dict[str, Any], status: str, amount: Yuan | None, failed: str | None
) -> list[Mismatch]:
    out = []
    if "amount" in exp:
        want = Yuan(str(exp["amount"]))
        if amount != want:
            out.append(
                Mismatch(
                    rid, "amount", str(want.amount), None if amount is None else str(amount.amount)
                )
            )
    if "eligible" in exp and (status == "eligible") != exp["eligible"]:
        out.append(Mismatch(rid, "eligible", exp["eligible"], status))
    if "status" in exp and status != exp["status"]:
        out.append(Mismatch(rid, "status", exp["status"], status))
    if "failed_condition" in exp and failed != exp["failed_condition"]:
        out.append(Mismatch(rid, "failed_condition", exp["failed_condition"], failed))
    return out


def iter_case_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from sorted(path.rglob("*.toml"))
        else:
            yield path


def write_case(
    *,
    name: str,
    inputs: dict[str, Any],
    on: dt.date,
    rule_id: str,
    invariants: Iterable[str] = (),
    expected: dict[str, Any] | None = None,
    compare_with: dict[str, Any] | None = None,
    note: str = "",
    plugins: list[str] | None = None,
) -> str:
    """A ready-to-run case file (TOML text) for one input; used for counterexamples."""
    import tomli_w

    clean = {k: _toml_value(v) for k, v in inputs.items() if v is not None and k != "person_id"}
    case: dict[str, Any] = {"name": name, "date": on, "rules": [rule_id]}
    if note:
        case["note"] = note
    if invariants:
        case["invariants"] = list(invariants)
    if compare_with:
        case["compare_with"] = {k: _toml_value(v) for k, v in compare_with.items()}
    case["inputs"] = clean
    if expected:
        case["expected"] = {rule_id: expected}
    doc: dict[str, Any] = {}
    if plugins is not None:
        doc["plugins"] = plugins
    doc["case"] = [case]
    return tomli_w.dumps(doc)


def _toml_value(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v
    if hasattr(v, "value") and isinstance(v.value, str):  # enums
        return v.value
    if isinstance(v, Decimal):
        return str(v)
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    return v
