"""docs/importing.rst shows the aliases the code uses: its tables are the generated ones."""

from __future__ import annotations

from pathlib import Path

from shuangyong.intake.aliases import alias_tables_rst

PAGE = Path(__file__).resolve().parent.parent / "docs" / "importing.rst"
BEGIN = ".. BEGIN GENERATED alias tables\n\n"
END = ".. END GENERATED alias tables"


def test_alias_tables_in_the_docs_are_generated() -> None:
    text = PAGE.read_text(encoding="utf-8")
    shown = text[text.index(BEGIN) + len(BEGIN) : text.index(END)]
    assert shown.strip() == alias_tables_rst().strip(), (
        "docs/importing.rst is out of date: paste alias_tables_rst() between the markers"
    )


def test_the_tables_name_every_package_alias() -> None:
    tables = alias_tables_rst()
    for word in ("入伍时间", "评残时间", "士官", "非农业", "三级", "序号"):
        assert word in tables
