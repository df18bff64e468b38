"""``verify`` for districts: plugin rules are tried on people of the plugin's own divisions.

The proof is ``tests/scope_plugins/xuchang_nco_minus.py``: a local rule of 许昌市 (411000) that
pays −1.00元 a month to every NCO registered there. General generated people seldom live in
许昌市; verified in its own divisions the rule is caught by ``NonNegative``, through the API and
through the CLI. Verified in 北京市东城区 (110101) nobody is eligible: it is reported as not
exercised, and ``--strict`` fails on that.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from shuangyong import Engine
from shuangyong.errors import UnknownDivisionError
from shuangyong.testing.verify import verify

PLUGINS = Path(__file__).parent / "scope_plugins"
SRC = str(Path(__file__).resolve().parents[1] / "src")
sys.path.insert(0, str(PLUGINS))

import xuchang_nco_minus  # noqa: E402  (a test plugin module, found on the path above)

RULE = xuchang_nco_minus.NCO_ALLOWANCE.id


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create(entry_points=False, plugins=[xuchang_nco_minus])


def test_the_minus_one_yuan_local_rule_is_caught_in_its_own_divisions(engine: Engine) -> None:
    report = verify(engine, [RULE], max_examples=20)
    assert not report.ok
    failed = {r.invariant for r in report.failures}
    assert "NonNegative" in failed
    cx = next(r.counterexample for r in report.failures if r.invariant == "NonNegative")
    assert cx is not None and "-1.00" in cx.message
    # the counterexample is a person of 许昌市, an NCO
    assert cx.inputs["household_division"].startswith("4110")
    assert cx.inputs["service_kind"] == "nco"
    (counts,) = report.versions
    assert (counts.rule_id, counts.version, counts.jurisdiction) == (RULE, "2024-10-01", "411000")
    assert counts.division == "411000"
    assert counts.eligible > 0 and counts.exercised
    assert counts.eligible + counts.ineligible + counts.undetermined + counts.elsewhere > 0
    text = report.render()
    assert "eligible" in text and "411000" in text and "FAILED" in text
    # the counterexample names the plugin whose rule failed (distribution and version)
    assert cx.supplied_by == "xuchang-nco-minus 0.0.1" and cx.jurisdiction == "411000"
    assert "插件 xuchang-nco-minus 0.0.1" in cx.case_file
    assert "supplied by plugin xuchang-nco-minus 0.0.1" in cx.case_file
    assert "[xuchang-nco-minus 0.0.1]" in text


def test_a_counterexample_of_a_built_in_rule_names_the_library() -> None:
    """Only a plugin's rule names a plugin: a national version says it is built in."""
    from shuangyong.testing.verify import _origin

    eng = Engine.create(entry_points=False)
    reg = eng.rule_variants("disability_pension")[-1]
    text = _origin(eng, reg, "national")
    assert "内置" in text and "built-in" in text and "plugin" not in text


def test_a_version_never_eligible_is_reported_not_exercised(engine: Engine) -> None:
    report = verify(engine, [RULE], max_examples=10, division="110101")
    (counts,) = report.versions
    assert counts.division == "110101"
    assert counts.eligible == 0 and counts.ineligible > 0
    assert report.not_exercised == (counts,)
    assert report.ok  # nothing was paid, so no invariant could fail: hence "not exercised"
    assert "NOT EXERCISED" in report.render()


def test_every_version_of_a_scoped_override_is_verified_in_its_scope() -> None:
    """A provincial override (the scope tests' Henan plugin) is a version of its own: its
    examples live in 河南省 and are counted apart from the national version's."""
    from test_scope import HN_REASON, province_plugin

    eng = Engine.create(
        entry_points=False, plugins=[province_plugin("henan", "410000", "100", HN_REASON)]
    )
    seen: list[Any] = []
    report = verify(eng, ["disability_pension"], max_examples=5, on_result=seen.append)
    rows = {(v.version, v.jurisdiction): v for v in report.versions}
    assert set(rows) == {
        (reg.rule.version, eng.jurisdiction_of(reg)[0])
        for reg in eng.rule_variants("disability_pension")
    }
    assert ("2024-10-01", "410000") in rows and ("2024-10-01", "national") in rows
    assert rows[("2024-10-01", "410000")].division == "410000"
    henan = rows[("2024-10-01", "410000")]
    # every example of the Henan version lived in Henan, so each result was that version's
    assert henan.elsewhere == 0
    assert henan.eligible + henan.ineligible + henan.undetermined > 0
    assert seen and all(r.ok for r in seen), [r.error or r.counterexample for r in seen]


def test_an_unknown_division_is_refused(engine: Engine) -> None:
    with pytest.raises(UnknownDivisionError):
        verify(engine, [RULE], max_examples=5, division="999999")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([SRC, str(PLUGINS), os.environ.get("PYTHONPATH", "")]),
        "SHUANGYONG_LOAD_PLUGINS": "",
    }
    return subprocess.run(
        [sys.executable, "-m", "shuangyong", "--plugin", "xuchang_nco_minus", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def test_cli_verify_catches_the_minus_one_yuan_rule() -> None:
    out = _cli("verify", "--rules", RULE, "--max-examples", "20")
    assert out.returncode == 1, out.stderr
    assert "NonNegative" in out.stdout and "FAILED" in out.stdout
    assert "金额为负" in out.stdout and "-1.00" in out.stdout
    assert "411000" in out.stdout  # the per-version counts name the jurisdiction


def test_cli_counterexample_files_name_the_plugin(tmp_path: Path) -> None:
    out = _cli("verify", "--rules", RULE, "--max-examples", "10", "--write-cases", str(tmp_path))
    assert out.returncode == 1, out.stderr
    files = sorted(tmp_path.glob("*NonNegative*.toml"))
    assert files, list(tmp_path.iterdir())
    text = files[0].read_text("utf-8")
    assert "xuchang-nco-minus 0.0.1" in text and "411000" in text


def test_cli_strict_fails_on_a_version_not_exercised() -> None:
    loose = _cli("verify", "--rules", RULE, "--max-examples", "5", "--division", "110101")
    assert loose.returncode == 0, loose.stderr
    assert "NOT EXERCISED" in loose.stdout
    strict = _cli(
        "verify", "--rules", RULE, "--max-examples", "5", "--division", "110101", "--strict"
    )
    assert strict.returncode == 1, strict.stderr
    assert "not exercised" in strict.stdout
    bad = _cli("verify", "--rules", RULE, "--division", "99999x")
    assert bad.returncode == 2 and "99999x" in bad.stderr
