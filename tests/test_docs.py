"""The documentation builds with warnings as errors, and its code and reference stay true.

The Sphinx build runs as a subprocess (a fresh interpreter, like ``sphinx -W`` on the command
line) into a temporary directory, so the source tree is never written to.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

# Pages whose ``.. code-block:: python`` blocks form one runnable program each.
RUNNABLE_PAGES = ["embedding.rst", "writing-rules.rst"]


def test_docs_build_without_warnings(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "-d",
            str(tmp_path / "doctrees"),
            str(DOCS),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert proc.returncode == 0, f"sphinx -W failed:\n{proc.stdout}\n{proc.stderr}"
    assert (tmp_path / "html" / "index.html").is_file()
    api = (tmp_path / "html" / "api.html").read_text(encoding="utf-8")
    # autodoc really imported the modules (an empty API page would also build cleanly)
    assert 'id="shuangyong.engine.Engine.evaluate"' in api
    assert 'id="shuangyong.errors.InvalidValueError"' in api


def _python_blocks(page: str) -> list[str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    blocks = re.findall(r"\.\. code-block:: python\n\n((?:   .*\n|[ \t]*\n)+)", text)
    return ["\n".join(line[3:] for line in block.splitlines()) for block in blocks]


@pytest.mark.parametrize("page", RUNNABLE_PAGES)
def test_code_blocks_run(page: str) -> None:
    """Each page's Python blocks run in order in one namespace (so examples cannot rot)."""
    blocks = _python_blocks(page)
    assert blocks, f"no python code blocks found in {page}"
    namespace: dict[str, object] = {"__name__": f"docs_{page}"}
    for i, code in enumerate(blocks):
        exec(compile(code, f"{page} (block {i + 1})", "exec"), namespace)


def test_rule_reference_lists_every_national_rule() -> None:
    """The reference is generated from rule metadata: every rule id, version, condition id,
    parameter and field appears in what the directive renders."""
    from shuangyong import Engine
    from shuangyong.catalogue import render_rst

    engine = Engine.create(entry_points=False)
    assert ".. shuangyong-rule-reference::" in (DOCS / "rule-reference.rst").read_text("utf-8")
    page = render_rst(engine)
    missing = []
    for rule_id in engine.rule_ids():
        for registered in engine.rule_versions(rule_id):
            rule = registered.rule
            names = [rule.id, rule.version, *(c.id for c in rule.conditions), *rule.parameters]
            missing += [f"{rule.id}: {n}" for n in names if f"``{n}``" not in page]
            missing += [f"{rule.id}: field {f}" for f in rule.reads if f"``{f}``" not in page]
    assert not missing, f"the rule reference does not mention: {missing}"
