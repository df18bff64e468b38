"""The explanations of every case file, as data: what must not drift when the engine changes.

For each case of ``tests/cases/**/*.toml``: a dated case gives the ``to_dict()`` of every result,
for the rules it names and for all rules in force; a period case gives its payment lines (rule,
months, due date, amount, the line's explained result) for the rules it names and for all rules.
``digests()`` condenses each case file to a SHA-256 of that data, which
``tests/test_case_digests.py`` compares with ``tests/cases/digests.json``.

Run as a script to write the full snapshot (``python tests/case_snapshot.py out.json``) or to
refresh the committed digests (``python tests/case_snapshot.py --digests``) after a reviewed,
intended change of explanations.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

CASES = Path(__file__).parent / "cases"
DIGESTS = CASES / "digests.json"


def _line(line: Any) -> dict[str, Any]:
    return {
        "rule": line.rule_id,
        "first": str(line.first),
        "last": str(line.last),
        "due": line.due.isoformat(),
        "amount": None if line.amount is None else str(line.amount.amount),
        "instalment": [line.instalment, line.instalments],
        "kind": line.kind,
        "result": line.result.to_dict(),
    }


def snapshot_case(case: Any, base: Any) -> dict[str, Any]:
    """The explanations of one case, for its named rules and for all rules in force."""
    from shuangyong.testing.cases import case_engine

    eng = case_engine(case, base)
    named = list(dict.fromkeys([*case.rules, *case.expected]))
    out: dict[str, Any] = {"name": case.name}
    for label, rules in (("named", named or None), ("all", None)):
        if case.date is not None:
            ev = eng.evaluate(case.inputs, case.date, rules=rules)
            out[label] = [r.to_dict() for r in ev.results]
        else:
            sched = eng.schedule(case.inputs, case.period.first, case.period.last, rules=rules)
            out[label] = [_line(x) for x in sched.lines]
    return out


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every case file's snapshot, keyed by its path under ``tests/cases``."""
    from shuangyong import Engine
    from shuangyong.testing.cases import load_cases

    engines: dict[Any, Any] = {}
    out: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(CASES.rglob("*.toml")):
        cases = load_cases(path)
        rows = []
        for case in cases:
            key = case.plugins
            if key not in engines:
                env = None if key is None else {"SHUANGYONG_LOAD_PLUGINS": ",".join(key)}
                engines[key] = Engine.create(env=env)
            rows.append(snapshot_case(case, engines[key]))
        out[path.relative_to(CASES).as_posix()] = rows
    return out


ROOT = CASES.parent.parent


def digests(snap: dict[str, list[dict[str, Any]]] | None = None) -> dict[str, str]:
    """SHA-256 of each case file's snapshot (canonical JSON). Case-file parameter layers name
    their file as supplier: the checkout's own folder is cut from those paths, so a clone
    elsewhere (CI) gives the same digests."""
    snap = snapshot() if snap is None else snap
    prefix = ROOT.as_posix() + "/"
    return {
        name: hashlib.sha256(
            json.dumps(rows, ensure_ascii=False, sort_keys=True, default=str)
            .replace(prefix, "")
            .encode()
        ).hexdigest()
        for name, rows in snap.items()
    }


if __name__ == "__main__":
    if sys.argv[1:] == ["--digests"]:
        DIGESTS.write_text(json.dumps(digests(), indent=2, sort_keys=True) + "\n")
    else:
        Path(sys.argv[1]).write_text(
            json.dumps(snapshot(), ensure_ascii=False, indent=1, sort_keys=True, default=str)
        )
