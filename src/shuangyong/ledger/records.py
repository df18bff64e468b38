"""Explanations as data: the :class:`EvaluationRecord` a ledger line points to.

A line's record holds what decided its amount: the rule and version, the date evaluated, the
status, each condition's outcome, the parameter values in force for the person's division
chain (value, jurisdiction, date of effect, provenance) and the amount. It is built from the
batch columns (no per-person objects), so people with the same outcome share one record:
it is stored once per distinct digest.

The same record can be checked against a per-case evaluation (:func:`differences`), which is
how :meth:`shuangyong.ledger.Ledger.explain_line` shows that a stored line is reproducible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from shuangyong.engine.batch import PaymentColumns
from shuangyong.parameters.model import NATIONAL
from shuangyong.policy.payment import instalment_part
from shuangyong.policy.results import RuleResult
from shuangyong.storage.model import EvaluationRecord, digest

__all__ = ["STATUS_OF_CODE", "chain_of", "differences", "from_columns", "nothing_due", "record"]

STATUS_OF_CODE = {0: "ineligible", 1: "eligible", 2: "undetermined"}


def chain_of(divisions: Any, code: str) -> tuple[str, ...]:
    """The jurisdictions a division's parameters resolve through, most specific first."""
    try:
        return (*(str(d.code) for d in divisions.ancestors(code)), NATIONAL)
    except Exception:  # a code the catalogue lacks still resolves nationally, as the engine does
        return (code, NATIONAL)


def _parameters(
    used: Mapping[tuple[str, str, str], tuple[str, str]], on: dt.date, chain: Sequence[str]
) -> list[dict[str, str]]:
    # Of the values the run used, those of the person's chain in force on the date: per path
    # and jurisdiction the latest value that took effect by then.
    day = on.isoformat()
    best: dict[tuple[str, str], tuple[str, str, str]] = {}
    for (path, j, start), (value, prov) in used.items():
        if j in chain and start <= day:
            seen = best.get((path, j))
            if seen is None or seen[0] < start:
                best[(path, j)] = (start, value, prov)
    order = {j: i for i, j in enumerate(chain)}
    return [
        {
            "path": path,
            "jurisdiction": j,
            "effective_from": start,
            "value": value,
            "provenance": prov,
        }
        for (path, j), (start, value, prov) in sorted(
            best.items(), key=lambda kv: (kv[0][0], order[kv[0][1]])
        )
    ]


def record(explanation: Mapping[str, Any]) -> EvaluationRecord:
    """The stored form of an explanation (its digest is the key)."""
    return EvaluationRecord(
        digest=digest(explanation),
        rule_id=explanation["rule_id"],
        rule_version=explanation["version"],
        on=dt.date.fromisoformat(explanation["on"]),
        status=explanation["status"],
        amount_fen=explanation["amount_fen"],
        explanation=explanation,
    )


def from_columns(
    pc: PaymentColumns,
    k: int,
    division: str,
    chain: Sequence[str],
) -> dict[str, Any]:
    """The explanation of line ``k`` of a rule's payment columns, for a person whose rule
    division (``division_field``) is ``division`` with parameter chain ``chain``."""
    v = int(pc.version[k])
    conds = pc.conditions[v]
    passed, unsure = int(pc.passed[k]), int(pc.unsure[k])
    status = STATUS_OF_CODE[int(pc.status[k])]
    reason = int(pc.reason[k])
    on = pc.on[k].astype(dt.date)
    params = _parameters(pc.parameters, on, chain)
    out = {
        "rule_id": pc.rule_id,
        "version": pc.versions[v],
        "on": on.isoformat(),
        "status": status,
        "amount_fen": int(pc.amount_fen[k]) if pc.amount_fen is not None else None,
        "instalment": [int(pc.instalment[k]), int(pc.instalments[k])],
        "division": division,
        "conditions": [
            {"id": c, "passed": bool(passed >> i & 1), "undetermined": bool(unsure >> i & 1)}
            for i, c in enumerate(conds)
        ],
        "parameters": params,
        "reasons": pc.reasons[reason].split("；") if reason >= 0 else [],
        "uses_example_figures": any(p["provenance"] == "example" for p in params),
    }
    jurisdiction = pc.jurisdictions[v] if pc.jurisdictions else "national"
    if jurisdiction != "national":
        # a district's version paid the line (a scoped override or a local rule)
        out["jurisdiction"] = jurisdiction
    return out


def nothing_due(rule_id: str, version: str, on: dt.date, division: str) -> dict[str, Any]:
    """The explanation of a period for which the current facts make nothing due at all (no
    line is planned: e.g. a one-off whose event has moved out of the period)."""
    return {
        "rule_id": rule_id,
        "version": version,
        "on": on.isoformat(),
        "status": "ineligible",
        "amount_fen": 0,
        "instalment": [0, 1],
        "division": division,
        "conditions": [],
        "parameters": [],
        "reasons": ["按现有事实，本期无应发款项 / on the current facts nothing is due for it"],
        "uses_example_figures": False,
    }


def differences(stored: Mapping[str, Any], result: RuleResult) -> list[str]:
    """How a per-case result differs from a stored explanation (empty: it reproduces it).

    Compared: version, date, status, each condition's outcome, the amount (an instalment's
    part of the yearly amount), and that every parameter value the per-case evaluation used
    (path, jurisdiction, date of effect, provenance) is among the stored ones.
    """
    out: list[str] = []
    if stored.get("version") != result.version:
        out.append(f"规则版本：入账 {stored.get('version')}，重算 {result.version}")
    if stored.get("jurisdiction", "national") != result.jurisdiction:
        out.append(
            f"适用规则：入账 {stored.get('jurisdiction', 'national')}，重算 {result.jurisdiction}"
        )
    if stored.get("on") != result.on.isoformat():
        out.append(f"评估日期：入账 {stored.get('on')}，重算 {result.on.isoformat()}")
    if stored.get("status") != result.status.value:
        out.append(f"结论：入账 {stored.get('status')}，重算 {result.status.value}")
    got = [(c.id, c.passed, c.undetermined) for c in result.conditions]
    want = [(c["id"], c["passed"], c["undetermined"]) for c in stored.get("conditions", [])]
    if got != want:
        changed = [g[0] for g, w in zip(got, want, strict=False) if g != w] or ["（条件列表不同）"]
        out.append(f"条件结果不同：{'、'.join(changed)}")
    i, n = stored.get("instalment", [0, 1])
    fen = None
    if result.amount is not None and result.status.value != "undetermined":
        fen = int(instalment_part(result.amount.fen, int(i), int(n)))
    if stored.get("amount_fen") != fen and not (stored.get("status") == "ineligible" and not fen):
        out.append(f"金额（分）：入账 {stored.get('amount_fen')}，重算 {fen}")
    keys = {
        (p["path"], p["jurisdiction"], p["effective_from"], p["provenance"])
        for p in stored.get("parameters", [])
    }
    for p in result.parameters:
        key = (p.path, p.jurisdiction, p.effective_from.isoformat(), p.provenance)
        if key not in keys:
            out.append(
                f"参数 {p.path}（{p.jurisdiction}，{p.effective_from.isoformat()}起，"
                f"{p.provenance}）不在入账记录中"
            )
    return out
