"""The examples (and the README's embedding example) run, and say what the docs say they say.

Each runs as a subprocess, the way a reader would run it. Where the output is shown in the docs
(docs/explanation.txt), the test regenerates it and fails when the page is out of date.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXPLANATION_PAGE = ROOT / "docs" / "explanation.txt"


def _run(args: list[str], env: dict[str, str] | None = None) -> str:
    full_env = dict(os.environ)
    # the source tree first, so an uninstalled checkout runs its own code
    full_env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), full_env.get("PYTHONPATH", "")) if p
    )
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        cwd=ROOT,
        env=full_env,
    )
    assert proc.returncode == 0, f"{args} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def _national_only() -> dict[str, str]:
    # installed district plugins would change the figures: load none of them
    return {"SHUANGYONG_LOAD_PLUGINS": ""}


def test_embed_example() -> None:
    out = _run([str(EXAMPLES / "embed.py")], _national_only())
    assert "残疾抚恤金：每月 9,689.17元（2025年3月）" in out  # the summary leads
    assert "【残疾抚恤金】（2024-10-01 版）" in out  # then the detail
    # 116,270 ÷ 12, to the fen (2024 第31条)
    assert "结论：符合；金额：每月 9,689.17元（2025年3月）" in out
    assert "status: ['eligible', 'eligible', 'ineligible']" in out
    # 因病 grade 8 is not payable (2024 第27条第2款)
    assert "failed condition: [None, None, 'grade_payable']" in out
    # 9,689.17 + 47,110 ÷ 12 = 9,689.17 + 3,925.83
    assert "disability_pension total for 2025-03: 13,615.00元" in out
    assert "warning: example (unconfirmed) figures were used" in out


def test_embed_example_with_installed_plugins() -> None:
    """With whatever district plugins are installed, the example still runs end to end."""
    out = _run([str(EXAMPLES / "embed.py")])
    assert "disability_pension total for 2025-03:" in out


def _normalise(text: str) -> str:
    # the package version changes at every release; the explanation does not
    return re.sub(r"(shuangyong) \d+\.\d+\S*", r"\1 X", text).strip()


def test_docs_explanation_is_current() -> None:
    out = _run([str(EXAMPLES / "embed.py"), "--explanation"], _national_only())
    shown = EXPLANATION_PAGE.read_text(encoding="utf-8")
    assert _normalise(out) == _normalise(shown), (
        "docs/explanation.txt is out of date; regenerate it with\n"
        "  SHUANGYONG_LOAD_PLUGINS= .venv/bin/python examples/embed.py --explanation "
        "> docs/explanation.txt"
    )


def test_whatif_example() -> None:
    out = _run([str(EXAMPLES / "whatif.py")], _national_only())
    lines = out.splitlines()
    rows = {line.split()[0]: line.split()[1:] for line in lines if re.match(r"^\d{4}-\d{2} ", line)}
    assert set(rows) == {"2025-07", "2025-08", "2025-09"}
    # before the layer's date of effect both engines agree; from it on the what-if pays more
    assert rows["2025-07"][2] == "0.00"
    base, what_if, diff = (float(x.replace(",", "")) for x in rows["2025-08"])
    assert what_if > base and diff > 0
    assert rows["2025-08"] == rows["2025-09"]
    # the schedule splits in August, where the raised standard starts
    assert re.search(r"^2025-06–2025-07：符合", out, re.M)
    assert re.search(r"^2025-08–2025-10：符合", out, re.M)


def test_readme_example_runs(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    embedding = next(b for b in blocks if "Engine.create()" in b)
    script = tmp_path / "readme_example.py"
    script.write_text(embedding, encoding="utf-8")
    out = _run([str(script)], _national_only())
    assert "残疾抚恤金：每月 9,689.17元" in out
    assert out.strip().splitlines()[-1] == "9,689.17元"  # grade 8 因病 adds nothing


def test_readme_counts_the_national_rules_right() -> None:
    """Issue 12 §6: the README said 18 national rules when there were 21."""
    from shuangyong import Engine

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    said = re.findall(r"all (\d+) national rules", readme)
    assert said, "the README no longer counts the national rules: update this test"
    count = len(Engine.create(entry_points=False).rule_ids())
    assert {int(n) for n in said} == {count}, (said, count)


def _readme_shell_commands() -> list[str]:
    """Every `shuangyong …` line of the README's shell blocks, continuation lines joined and the
    optional ``[--flag VALUE]`` groups of a usage line dropped (they are shown, not required)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", readme, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line.startswith("shuangyong "):
                commands.append(re.sub(r"\s*\[[^\]]*\]", "", line))
    return commands


def test_readme_shell_commands_work_after_set_up(tmp_path: Path) -> None:
    """Issue 12 §6: every command the README shows works after its set-up, with the installed
    `shuangyong` script (in the virtualenv's bin, as `source .venv/bin/activate` puts it on PATH),
    in a directory holding the roster the README imports (the example county's GB18030 export)."""
    commands = _readme_shell_commands()
    assert any(c.startswith("shuangyong pay run") for c in commands), commands
    script = Path(sys.executable).with_name("shuangyong")
    assert script.exists(), f"no installed shuangyong script beside {sys.executable}"
    roster = (EXAMPLES / "ledger_county" / "roster_gb18030.csv").read_bytes()
    (tmp_path / "花名册.csv").write_bytes(roster)
    env = {**os.environ, **_national_only()}
    env["PATH"] = os.pathsep.join([str(script.parent), env.get("PATH", "")])
    for command in commands:
        # the README's relative paths (tests/cases) are the checkout's; the store is a new file
        line = command.replace(" tests/cases", f" {ROOT / 'tests' / 'cases'}")
        if line.startswith("shuangyong verify"):
            line += " --rules disability_pension --max-examples 5"
        proc = subprocess.run(
            line,
            shell=True,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=600,
            cwd=tmp_path,
            env=env,
        )
        assert proc.returncode == 0, (
            f"{line} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
        )
