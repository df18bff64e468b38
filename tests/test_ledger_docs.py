"""docs/ledger.rst: its Python blocks run in order in one namespace, so the worked example
(runs, approval, arrears after a raise, a late death recovered, totals) cannot rot."""

from __future__ import annotations

import re
from pathlib import Path

PAGE = Path(__file__).resolve().parent.parent / "docs" / "ledger.rst"


def test_the_ledger_page_runs() -> None:
    text = PAGE.read_text(encoding="utf-8")
    blocks = re.findall(r"\.\. code-block:: python\n\n((?:   .*\n|[ \t]*\n)+)", text)
    assert len(blocks) == 3
    namespace: dict[str, object] = {"__name__": "ledger_doc"}
    for block in blocks:
        code = "\n".join(line[3:] for line in block.splitlines())
        exec(compile(code, str(PAGE), "exec"), namespace)
    namespace["store"].close()  # type: ignore[attr-defined]
