"""The pdf format, read back with poppler: Chinese text, embedded CJK fonts, a page that shows.

These need poppler-utils, a Noto CJK font and WeasyPrint's libraries (``conftest.py`` skips
without them, and fails under CI).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from office_sample import sample_report
from PIL import Image

from shuangyong_office.pdf import write_pdf

pytestmark = pytest.mark.usefixtures("weasyprint_ok")


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory, pdf_tools: dict[str, str]) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    with path.open("wb") as f:
        write_pdf(sample_report(), f, {})
    return path


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_chinese_text_can_be_extracted(pdf: Path, pdf_tools: dict[str, str]) -> None:
    text = _run(pdf_tools["pdftotext"], "-layout", str(pdf), "-")
    for want in (
        "建安区2025年3月伤残抚恤金发放花名册",
        "【示例数据】本表使用了示例（example）标准，不得作为发放依据。",
        "一、组织领导：双拥工作领导小组",
        "来源：证据记录 meeting-2024-01",
        "伤残抚恤金发放花名册",
        "欧阳·买买提",
        "411003********1234",
        "1,089,385.19",
        "填报单位：许昌市建安区退役军人事务局",
        "第 1 页 共 2 页",
    ):
        assert want in text.replace("第1页共2页", "第 1 页 共 2 页"), want
    # the full id number never reached the PDF
    assert "411003199001011234" not in text


def test_cjk_fonts_are_embedded(pdf: Path, pdf_tools: dict[str, str]) -> None:
    lines = _run(pdf_tools["pdffonts"], str(pdf)).splitlines()[2:]
    cjk = [line for line in lines if "CJK" in line]
    assert cjk, lines
    # columns: name type encoding emb sub uni object ID; "emb" is the fifth from the end
    assert all(line.split()[-5] == "yes" for line in lines), lines


def test_first_page_is_not_blank(pdf: Path, pdf_tools: dict[str, str], tmp_path: Path) -> None:
    prefix = tmp_path / "page"
    subprocess.run(
        [
            pdf_tools["pdftoppm"],
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(prefix),
        ],
        check=True,
    )
    with Image.open(f"{prefix}.png") as img:
        grey = img.convert("L")
        width, height = grey.size
        dark = sum(grey.histogram()[:200])  # pixels darker than light grey
    # A4 at 50 dpi is about 413 × 585 (poppler rounds up); text darkens well over 0.5 %
    assert abs(width - 413) <= 1 and abs(height - 585) <= 1
    assert dark > 0.005 * width * height, dark
