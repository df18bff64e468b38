"""The compliance page's code runs, and the demo runs and shows what the docs say it shows."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from shuangyong import plugins

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "compliance.rst"
DEMO = ROOT / "examples" / "compliance_demo" / "run_demo.py"
BUILTIN = "shuangyong.compliance.builtin"


@pytest.fixture
def with_builtin_checklists(monkeypatch: pytest.MonkeyPatch) -> None:
    """Until the built-in checklists are a default plugin, make them one for these tests."""
    if BUILTIN not in plugins.DEFAULT_PLUGINS:
        monkeypatch.setattr(plugins, "DEFAULT_PLUGINS", (*plugins.DEFAULT_PLUGINS, BUILTIN))


def _python_blocks() -> list[str]:
    text = PAGE.read_text(encoding="utf-8")
    blocks = re.findall(r"\.\. code-block:: python\n\n((?:   .*\n|[ \t]*\n)+)", text)
    return ["\n".join(line[3:] for line in block.splitlines()) for block in blocks]


@pytest.mark.usefixtures("with_builtin_checklists")
def test_compliance_page_code_runs() -> None:
    blocks = _python_blocks()
    assert len(blocks) == 3
    namespace: dict[str, object] = {"__name__": "docs_compliance"}
    for i, code in enumerate(blocks):
        exec(compile(code, f"compliance.rst (block {i + 1})", "exec"), namespace)


@pytest.mark.usefixtures("with_builtin_checklists")
def test_the_printed_excerpt_matches() -> None:
    namespace: dict[str, object] = {"__name__": "docs_compliance"}
    exec(compile(_python_blocks()[0], "compliance.rst", "exec"), namespace)
    text = namespace["result"].render_text()  # type: ignore[attr-defined]
    page = PAGE.read_text(encoding="utf-8")
    for line in (
        "[部分符合] 经费纳入财政预算，统一安排（five_inclusions.fiscal_budget）1/2分 【示例】",
        "缺少：2024年双拥经费拨付凭证（统一安排）",
        "[不符合] 全民国防教育纳入精神文明建设，统一实施（five_inclusions.defense_education）0/2分",
        "说明：未予采信 1 条（D07）",
    ):
        assert line in text and line in page, line


def test_demo_script_runs() -> None:
    pytest.importorskip("shuangyong_henan")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    proc = subprocess.run(
        [sys.executable, str(DEMO)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        cwd=ROOT,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("【合成数据】")
    assert "model_city_assessment    双拥模范城（县）考评" in out
    assert "村（社区）级覆盖 3/150" in out and "有宣传员的村 135/150" in out
    assert "与 2023 年比较" in out
    for state in ("[符合]", "[部分符合]", "[不符合]"):
        assert state in out
    assert "不适用 1" in out  # work_institutions: joint office not required in the demo district
