"""Sheet names within Excel's rules, display widths, and the plugin's registration."""

from __future__ import annotations

import random

import pytest
from openpyxl.workbook.child import INVALID_TITLE_REGEX
from shuangyong.reports import collect_reports

import shuangyong_office
from shuangyong_office._sheetnames import MAX_SHEET_NAME, SheetNamer, clean_sheet_name
from shuangyong_office._text import column_width, display_width


def _legal(name: str) -> bool:
    units = len(name.encode("utf-16-le")) // 2
    return (
        0 < units <= MAX_SHEET_NAME
        and not INVALID_TITLE_REGEX.search(name)
        and not name.startswith("'")
        and not name.endswith("'")
        and name.casefold() != "history"
    )


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("花名册", "花名册"),
        ("2019/2020 年发放", "2019／2020 年发放"),
        ("第一部分：组织领导[草稿]?*\\", "第一部分：组织领导【草稿】？＊＼"),
        ("'引号'", "引号"),
        ("", "表"),
        ("   ", "表"),
        ("History", "History表"),
        ("一二三四五六七八九十" * 4, "一二三四五六七八九十" * 3 + "一"),
    ],
)
def test_clean_sheet_name(title: str, want: str) -> None:
    assert clean_sheet_name(title) == want
    assert _legal(want)


def test_continuations_and_duplicates_stay_unique_and_short() -> None:
    namer = SheetNamer()
    title = "建安区退役军人事务局2025年3月伤残抚恤金发放花名册（灵井镇）"
    names = [namer.name(title, part=n) for n in range(1, 12)]
    names += [namer.name(title.upper()), namer.name("SHEET"), namer.name("sheet")]
    assert len({n.casefold() for n in names}) == len(names)
    assert all(_legal(n) for n in names)
    assert names[1].endswith("（续2）") and names[10].endswith("（续11）")
    assert names[-1] == "sheet（2）"


def test_random_titles_give_legal_unique_names() -> None:
    alphabet = "双拥工作报告abcXYZ 0123:/\\?*[]'\x01𠀀·—"
    rng = random.Random(13)
    namer = SheetNamer()
    seen = set()
    for _ in range(2000):
        title = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 50)))
        name = namer.name(title, part=rng.choice([1, 1, 2, 100]))
        assert _legal(name), (title, name)
        assert name.casefold() not in seen
        seen.add(name.casefold())


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("411003") == 6
    assert display_width("张三") == 4
    assert display_width("ＡＢ") == 4  # full-width Latin
    assert display_width("欧阳·买买提") == 11  # the middle dot is narrow
    assert display_width("第一行\n第二行更长") == 10
    assert column_width(0) >= 6 and column_width(1000) == 60


def test_registered_through_the_entry_point() -> None:
    registry = collect_reports()
    for name, suffix in (("xlsx", ".xlsx"), ("docx", ".docx"), ("pdf", ".pdf")):
        fmt = registry.format(name)
        assert fmt.suffix == suffix
        assert fmt.supplied_by.startswith(shuangyong_office.__distribution__)


def test_importing_the_plugin_imports_no_office_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys, shuangyong_office; "
        "print(sorted(m for m in ('openpyxl', 'docx', 'weasyprint') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
