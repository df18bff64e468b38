"""The boundary checklist (tests/cases/BOUNDARIES.md) stays true to the code and the case files.

Running the mutants takes minutes (``python tests/boundary_mutants.py``), so the suite checks what
can go stale without them: each mutant still applies to the current code (its text occurs exactly
once, so a refactoring cannot quietly retire a boundary check), the checklist names every mutant's
boundary and every ``[Bxx]`` tag of the boundary cases, and every case it names exists.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from boundary_mutants import MUTANTS, NATIONAL, Mutant

from shuangyong.testing.cases import load_cases

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
CHECKLIST = CASES / "BOUNDARIES.md"
CASE_REF = re.compile(r"`(national/[^`:]+\.toml)::([^`]+)`")


def _boundary(mutant_id: str) -> str:
    """``B01a`` → ``B01``: mutants of one boundary share its id."""
    return mutant_id.rstrip("abcdefgh")


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m.id)
def test_mutant_still_applies(mutant: Mutant) -> None:
    text = (ROOT / NATIONAL / mutant.file).read_text(encoding="utf-8")
    count = text.count(mutant.old)
    assert count == 1, (
        f"{mutant.id}: {mutant.old!r} occurs {count} times in {mutant.file}; the boundary "
        "moved or was refactored: update tests/boundary_mutants.py and re-run it"
    )


def test_mutant_ids_are_unique() -> None:
    ids = [m.id for m in MUTANTS]
    assert len(ids) == len(set(ids))


def test_checklist_names_every_boundary() -> None:
    text = CHECKLIST.read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| (B\d\d) \|", text, flags=re.MULTILINE))
    missing = {_boundary(m.id) for m in MUTANTS} - listed
    assert not missing, f"boundaries with a mutant but no row in BOUNDARIES.md: {sorted(missing)}"


def test_boundary_cases_are_in_the_checklist() -> None:
    text = CHECKLIST.read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| (B\d\d) \|", text, flags=re.MULTILINE))
    for path in sorted((CASES / "national" / "boundaries").glob("*.toml")):
        for case in load_cases(path):
            tag = re.match(r"\[(B\d\d)\]", case.note)
            assert tag, f"{path.name}: {case.name}: the note must start with its boundary id"
            assert tag.group(1) in listed, f"{path.name}: {case.name}: {tag.group(1)} not listed"
            ref = f"`{path.relative_to(CASES).as_posix()}::{case.name}`"
            assert ref in text, f"{ref} is not named in BOUNDARIES.md"


def test_every_case_named_exists() -> None:
    text = CHECKLIST.read_text(encoding="utf-8")
    refs = CASE_REF.findall(text)
    assert len(refs) > 60
    names: dict[str, set[str]] = {}
    for file, name in refs:
        if file not in names:
            names[file] = {c.name for c in load_cases(CASES / file)}
        assert name in names[file], f"BOUNDARIES.md names {file}::{name}, which does not exist"
