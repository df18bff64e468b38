"""The worked example of docs/verification.rst stays true.

``examples/wrong_rule_plugin.py`` is a district plugin whose subsidy table runs the wrong way (a
milder grade pays more). The page shows ``shuangyong verify`` catching it; these tests run the
same search and check that the page's summary table, counterexample and example case file still
say what the code does.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from shuangyong import Engine
from shuangyong.testing.cases import load_cases, run_case
from shuangyong.testing.verify import VerifyReport, verify

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_FILE = ROOT / "examples" / "wrong_rule_plugin.py"
PAGE = ROOT / "docs" / "verification.rst"
RULE_ID = "demo.disability_subsidy"
# the page shows a run with --max-examples 50; the search is derandomized, so it is repeatable
MAX_EXAMPLES = 50


def _plugin() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("wrong_rule_plugin", PLUGIN_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create(entry_points=False, plugins=[_plugin()])


@pytest.fixture(scope="module")
def report(engine: Engine) -> VerifyReport:
    return verify(engine, [RULE_ID], max_examples=MAX_EXAMPLES)


def _blocks(kind: str) -> list[str]:
    """The bodies of ``.. code-block:: <kind>`` directives on the page, dedented."""
    text = PAGE.read_text(encoding="utf-8")
    found = re.findall(rf"\.\. code-block:: {kind}\n(?:   :.*\n)*\n((?:   .*\n|[ \t]*\n)+)", text)
    return ["\n".join(line[3:] for line in block.splitlines()) + "\n" for block in found]


def test_verify_finds_the_wrong_table(report: VerifyReport) -> None:
    assert not report.ok
    failed = {r.invariant: r for r in report.failures}
    assert set(failed) == {"MonotoneIn(disability_level)"}
    cx = failed["MonotoneIn(disability_level)"].counterexample
    assert cx is not None
    assert "lowered the amount" in cx.message
    # shrunk: the smallest pair of grades that shows the table is upside down
    assert cx.inputs["disability_level"] == 2


def test_counterexample_case_file_reproduces(
    report: VerifyReport, engine: Engine, tmp_path: Path
) -> None:
    [failure] = report.failures
    assert failure.counterexample is not None
    f = tmp_path / "cx.toml"
    f.write_text(failure.counterexample.case_file, encoding="utf-8")
    [case] = load_cases(f)
    outcome = run_case(case, engine)
    assert not outcome.passed
    assert "MonotoneIn(disability_level)" in str(outcome.mismatches[0])


def test_fixed_table_passes_and_the_case_file_then_passes(
    report: VerifyReport, engine: Engine, tmp_path: Path
) -> None:
    """Correct the table (as a what-if layer) and both verify and the counterexample pass."""
    # grade 1 the largest, as the form should have been read: 550, 500, …, 100
    cells = "\n".join(f'"{level}" = "{600 - 50 * level}"' for level in range(1, 11))
    fixed = engine.with_parameters(
        f"""
[[value]]
parameter = "demo.disability_subsidy.amount"
jurisdiction = "410000"
effective_from = 2025-01-01
provenance = "example"
note = "the corrected (still invented) table"
[value.table]
{cells}
""",
        name="fixed table",
    )
    assert verify(fixed, [RULE_ID], max_examples=MAX_EXAMPLES).ok
    [failure] = report.failures
    assert failure.counterexample is not None
    f = tmp_path / "cx.toml"
    f.write_text(failure.counterexample.case_file, encoding="utf-8")
    assert all(run_case(c, fixed).passed for c in load_cases(f))


def test_page_shows_this_report(report: VerifyReport) -> None:
    """The summary rows on the page (rule, invariant, result) are what verify reports now."""
    shown = next(b for b in _blocks("text") if "checks," in b and "examples" in b)
    summary = shown[: shown.index(" checks, ")]  # the invariant table, not the per-version one
    rows_shown = [
        (line.split()[0], line.split()[2], line.split()[-1])
        for line in summary.splitlines()
        if line.startswith(RULE_ID)
    ]
    rows_now = [(r.rule_id, r.invariant, "ok" if r.ok else "FAILED") for r in report.results]
    assert rows_shown == rows_now, (
        "docs/verification.rst shows an out-of-date verify report; regenerate it with\n"
        "  PYTHONPATH=src:examples .venv/bin/python -m shuangyong --plugin wrong_rule_plugin "
        f"verify --rules {RULE_ID} --max-examples {MAX_EXAMPLES}"
    )
    [failure] = report.failures
    assert failure.counterexample is not None
    assert failure.counterexample.message in shown


def test_page_counterexample_reproduces(engine: Engine, tmp_path: Path) -> None:
    """The counterexample case file printed on the page fails on the wrong rule."""
    shown = next(b for b in _blocks("text") if "checks," in b and "examples" in b)
    text = shown[shown.index("[[case]]") :]
    f = tmp_path / "page_cx.toml"
    f.write_text(text, encoding="utf-8")
    [case] = load_cases(f)
    assert not run_case(case, engine).passed


def test_page_example_case_file_passes(tmp_path: Path) -> None:
    """The annotated case file on the page is valid and every case in it passes."""
    blocks = [b for b in _blocks("toml") if b.startswith("plugins = []")]
    assert blocks, "no example case file (a toml block starting with 'plugins = []') on the page"
    for i, block in enumerate(blocks):
        f = tmp_path / f"example_{i}.toml"
        f.write_text(block, encoding="utf-8")
        cases = load_cases(f)
        failed = [(c.name, o.mismatches) for c in cases if not (o := run_case(c)).passed]
        assert not failed, failed


def test_cli_command_on_the_page() -> None:
    """The command shown on the page exits 1 and prints the failing invariant and a case file."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "examples")]),
        "SHUANGYONG_LOAD_PLUGINS": "",
    }
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "shuangyong",
            "--plugin",
            "wrong_rule_plugin",
            "verify",
            "--rules",
            RULE_ID,
            "--max-examples",
            str(MAX_EXAMPLES),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
        cwd=ROOT,
    )
    assert proc.returncode == 1, proc.stderr
    assert re.search(r"MonotoneIn\(disability_level\)\s+\d+\s+FAILED", proc.stdout)
    assert "[[case]]" in proc.stdout
    assert "7 checks," in proc.stdout and "1 failed" in proc.stdout
