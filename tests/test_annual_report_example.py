"""The annual-report worked example runs as a script and its four files read back.

docx paragraphs with python-docx, the PDF's text with pdftotext (required under CI=true, where
the office plugin's tools are installed), xlsx cells with openpyxl; the money in the report, the
summary and the ledger agree to the fen.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "examples" / "annual_report" / "run_example.py"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    for module in ("shuangyong_henan", "shuangyong_office", "docx", "openpyxl", "weasyprint"):
        pytest.importorskip(module)
    out = tmp_path_factory.mktemp("annual")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _yuan(fen: int) -> str:
    return f"{Decimal(fen) / 100:,.2f}元"


def test_docx_paragraphs_name_their_sources_and_list_gaps(run: dict[str, Any]) -> None:
    import docx

    document = docx.Document(run["files"]["work_report_docx"])
    text = [p.text for p in document.paragraphs]
    joined = "\n".join(text)
    assert "建安区2024年双拥工作总结（草稿）" in joined
    for heading in (
        "一、组织领导",
        "二、服务保障体系",
        "四、拥军优属",
        "六、荣誉",
        "七、证据未能支持",
    ):
        assert heading in joined, heading
    # quantities as the district wrote them, exactly
    assert "计 236 次、500 人次、金额 580,000.50元" in joined
    assert "计 480 人次、26 台次" in joined
    assert "在岗村（组）双拥宣传员 12 人（其中驻村民小组 2 人），覆盖 10/12 个村（社区）" in joined
    # money from the ledger, with its source
    money = (
        f"2019年至2024年累计发放抚恤金、补助金 {run['total_persons']} 人、{run['total_lines']} 笔"
    )
    assert money in joined and _yuan(run["total_fen"]) in joined
    assert any(t.startswith("来源：发放台账") for t in text)
    # every body sentence is followed by its source
    for i, t in enumerate(text):
        if t.startswith(("2021年被", "走访慰问", "建成村（社区）级")):
            assert text[i + 1].startswith("来源："), t
    # gaps, never written as done
    assert "缺少：2024年部队参加抢险救灾的记录" in joined
    assert "抢险救灾 " not in joined.split("七、证据未能支持")[0]
    assert "【合成数据】" in joined and "【示例数据】" in joined
    # the money table
    tables = {t.rows[0].cells[0].text: t for t in document.tables}
    assert "年度" in tables


def test_pdf_text_is_extractable(run: dict[str, Any]) -> None:
    tool = shutil.which("pdftotext")
    if tool is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("under CI pdftotext is required (tools/fonts-install.sh)")
        pytest.skip("pdftotext is not installed (poppler-utils)")
    text = subprocess.run(
        [tool, "-layout", run["files"]["work_report_pdf"], "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    squeezed = "".join(text.split())
    assert "建安区2024年双拥工作总结（草稿）" in squeezed
    assert "来源：发放台账" in squeezed
    assert "".join(_yuan(run["total_fen"]).split()) in squeezed


def test_xlsx_roster_and_summary_cells(run: dict[str, Any]) -> None:
    import openpyxl

    book = openpyxl.load_workbook(run["files"]["summary_xlsx"], read_only=True)
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            if row and row[0] == "合计":
                found.append(row)
    book.close()
    total = Decimal(run["total_fen"]) / 100
    assert any(
        isinstance(c, (int, float, Decimal)) and Decimal(str(c)) == total for r in found for c in r
    ), found
    roster = openpyxl.load_workbook(run["files"]["roster_xlsx"], read_only=True)
    cells = [c for s in roster.worksheets for r in s.iter_rows(values_only=True) for c in r]
    roster.close()
    assert any(isinstance(c, str) and c.startswith("合成") for c in cells)
    ids = [c for c in cells if isinstance(c, str) and c.startswith("411003") and len(c) == 18]
    assert ids and all("********" in c for c in ids)  # masked by default
