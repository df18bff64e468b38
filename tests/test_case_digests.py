"""The explanations of every case file are what they were (issue 10: one meaning, no drift).

A digest per case file covers every result's ``to_dict()`` (named rules and all rules in force)
and every payment line of period cases. An intended change of explanations refreshes
``tests/cases/digests.json`` with ``python tests/case_snapshot.py --digests`` and says why in
the commit.
"""

from __future__ import annotations

import json

from case_snapshot import DIGESTS, digests


def test_case_explanations_unchanged() -> None:
    expected = json.loads(DIGESTS.read_text())
    got = digests()
    assert sorted(got) == sorted(expected), "case files added or removed: refresh the digests"
    changed = [name for name in got if got[name] != expected[name]]
    assert not changed, f"explanations changed in {changed}"
