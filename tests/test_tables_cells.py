"""Every cell of every shipped national table, compared with its source (issue 12, "Done means").

The national parameter files (``src/shuangyong/national/data/*.toml``) carry tables whose figures
come from two kinds of source, both kept in ``../shared/domain``:

* published standards, transcribed into the markdown tables of ``law-reference.md`` §2.1–§2.2
  and ``figures.md`` §1.4, §4.1, §4.2: the disability pension by cause × grade, the survivor
  pension by category, the living subsidy by group, and the NBS series the death payments and
  the nursing allowance read. These markdown tables are parsed here and compared cell by cell with
  what the engine resolves;
* for 2010-10-01 … 2017-10-01 (the 2011 《军人抚恤优待条例》), the research tables of
  ``docs/law-before-2019.rst`` (grade-1 disability pensions, survivor pensions with the 烈属
  urban/rural split, the living subsidy levels and the national income by year), parsed the same
  way; where a date is in both that page and ``law-reference.md`` §2.1, the two must agree;
* statute text (``texts/*.md``): the nursing-allowance shares, the death-gratuity multiples and
  honour increments, the retirement lump-sum honour increments. Each cell is tied to the clause
  that states it, quoted verbatim; the test finds the clause in the statute file and reads the
  figure from it.

What is compared is what the engine loaded (``Engine.parameters``), not the TOML text, so a wrong
cell anywhere on the way fails here. Every table value the national rule set ships must be
covered: a new dated table without a source mapping is a failure that says what to add.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from shuangyong import Engine

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = Path(os.environ.get("SHUANGYONG_DOMAIN_DIR", ROOT.parent / "shared" / "domain"))

pytestmark = pytest.mark.skipif(
    not (DOMAIN / "law-reference.md").is_file(),
    reason=f"the domain sources are not at {DOMAIN} (set SHUANGYONG_DOMAIN_DIR)",
)

NATIONAL_TABLES = {
    "disability_pension.standard",
    "survivor_pension.standard",
    "survivor_pension.standard_by_residence",
    "living_subsidy.standard",
    "nursing_allowance.share",
    "death_gratuity.income_multiple",
    "death_gratuity.honour_increment",
    "retirement_lump_sum.honour_increment",
}
"""The table parameters the national rule set declares (checked below against the files)."""


# -- reading the markdown sources ---------------------------------------------------------------
def _md_table(path: Path, heading: str) -> list[dict[str, str]]:
    """The first pipe table after the line that starts with ``heading``, as dicts by header."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    rows: list[list[str]] = []
    for line in lines[start + 1 :]:
        if line.startswith("|"):
            rows.append([cell.strip().strip("*").strip() for cell in line.strip("|").split("|")])
        elif rows:
            break
        elif line.startswith("#"):
            raise AssertionError(f"{path.name}: no table under {heading!r}")
    header, _rule, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


def _amount(cell: str) -> Decimal | None:
    """``"80,140"`` → 80140; ``"–"`` (no figure) → None. Anything else is not a plain figure."""
    if cell in {"–", "-", ""}:
        return None
    assert re.fullmatch(r"\d{1,3}(,\d{3})*(\.\d+)?", cell), f"not a plain figure: {cell!r}"
    return Decimal(cell.replace(",", ""))


def _effective(cell: str) -> dt.date | None:
    """``"2019-08-01"`` or ``"2017 (10-01)"`` → a date; a range such as ``"2020–2025"`` → None."""
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", cell):
        return dt.date(*map(int, m.groups()))
    if m := re.fullmatch(r"(\d{4}) \((\d\d)-(\d\d)\)", cell):
        return dt.date(*map(int, m.groups()))
    return None


NATIONAL_DATA = ROOT / "src" / "shuangyong" / "national" / "data"
BEFORE_2019 = ROOT / "docs" / "law-before-2019.rst"


def _rst_table(heading: str) -> list[list[str]]:
    """The body rows of the first ``list-table`` after the line ``heading`` in
    docs/law-before-2019.rst, each cell's first line (bold marks stripped)."""
    lines = BEFORE_2019.read_text(encoding="utf-8").splitlines()
    start = lines.index(heading)
    rows: list[list[str]] = []
    for line in lines[start + 1 :]:
        if line.startswith("   * - "):
            rows.append([line[7:]])
        elif line.startswith("     - ") and rows:
            rows[-1].append(line[7:])
        elif rows and line and not line.startswith("       "):
            break
    _header, *body = rows
    return [[cell.strip().strip("*").strip() for cell in row] for row in body]


def _grade_one_before_2019() -> dict[dt.date, dict[str, str]]:
    """docs/law-before-2019.rst, grade-1 disability pensions 2010-10-01 … 2018-08-01."""
    return {
        dt.date.fromisoformat(r[0]): {"1级 因战": r[1], "1级 因公": r[2], "1级 因病": r[3]}
        for r in _rst_table("Disability pension, grade 1 (yuan per person per year)")
    }


def _survivors_before_2019() -> dict[dt.date, dict[str, str]]:
    """docs/law-before-2019.rst, survivor pensions: 烈属 (or "urban X / rural Y"), 因公牺牲遗属,
    病故遗属 ("not found" where no figure was found)."""
    return {
        dt.date.fromisoformat(r[0]): dict(zip(SURVIVOR_COLUMNS.values(), r[1:4], strict=True))
        for r in _rst_table("Survivor periodic pension (定期抚恤金, yuan per person per year)")
    }


LAW_REF = DOMAIN / "law-reference.md"
FIGURES = DOMAIN / "figures.md"
TEXTS = DOMAIN / "texts"

CAUSE_COLUMNS = {"combat": "因战", "duty": "因公", "illness": "因病"}
SURVIVOR_COLUMNS = {"martyr": "烈属", "died_on_duty": "因公牺牲遗属", "died_of_illness": "病故遗属"}

# law-reference.md §2.2 gives three 10-grade tables. Which standard each one is, in its own words:
# Table A "about **2023**" (ctrod.com), Table B "probably the 2021-08-01 standard" (uianet.net),
# and the "2017" columns the 2017 (10-01) row of §2.1. The shipped value must name the same source.
FULL_TABLES = {
    dt.date(2023, 8, 1): ("A", "ctrod.com"),
    dt.date(2021, 8, 1): ("B", "uianet.net"),
    dt.date(2017, 10, 1): ("2017", ""),
}


def _grade_one_rows() -> dict[dt.date, dict[str, str]]:
    """law-reference.md §2.1, keyed by date of effect (rows without one date are skipped), with
    the grade-1 rows of docs/law-before-2019.rst for the dates §2.1 lacks (where both give a
    date, their grade-1 figures must agree)."""
    out = {}
    for row in _md_table(LAW_REF, "### 2.1 "):
        eff = _effective(row["Effective"])
        if eff is not None:
            out[eff] = {k.split(" (")[0]: v for k, v in row.items()}
    for eff, row in _grade_one_before_2019().items():
        if eff in out:
            for word, cell in row.items():
                assert _amount(out[eff][word]) == _amount(cell), (eff, word)
        else:
            out[eff] = row
    return out


def _full_table(name: str) -> dict[tuple[str, int], Decimal | None]:
    """One of the §2.2 tables: (cause, grade) → yuan a year (None where the table has "–")."""
    out = {}
    for row in _md_table(LAW_REF, "### 2.2 "):
        for cause, word in CAUSE_COLUMNS.items():
            out[(cause, int(row["Grade"]))] = _amount(row[f"{name} {word}"])
    return out


@pytest.fixture(scope="module")
def params() -> Any:
    return Engine.create(entry_points=False).parameters


def _national(params: Any, path: str) -> list[Any]:
    return list(params.values(path).get("national", ()))


def _cells(params: Any, path: str, raw: Any) -> dict[Any, Any]:
    """A table value as {key: cell}: a 1-D table by its key, a 2-D one by (key, key)."""
    dims = params.declaration(path).dimensions
    if len(dims) == 1:
        return dict(zip(dims[0].values, raw, strict=True))
    assert len(dims) == 2, path
    return {
        (a, b): cell
        for a, row in zip(dims[0].values, raw, strict=True)
        for b, cell in zip(dims[1].values, row, strict=True)
    }


# -- the list of tables is complete -------------------------------------------------------------
def test_every_national_table_is_compared(params: Any) -> None:
    """A new national table needs a comparison here before it ships."""
    national = {
        p
        for p in params.paths()
        if params.declaration(p).is_table
        and any(Path(v.source).parent == NATIONAL_DATA for v in _national(params, p))
    }
    assert national == NATIONAL_TABLES


# -- published standards (markdown tables) ------------------------------------------------------
def test_disability_pension_every_cell(params: Any) -> None:
    grade_one = _grade_one_rows()
    values = _national(params, "disability_pension.standard")
    assert values, "no national disability pension table"
    for v in values:
        where = f"disability_pension.standard {v.effective_from} ({v.source} {v.key})"
        cells = _cells(params, "disability_pension.standard", v.raw)
        if v.effective_from in FULL_TABLES:
            name, url = FULL_TABLES[v.effective_from]
            assert url in " ".join(v.sources), f"{where}: sources do not name table {name} ({url})"
            expected = _full_table(name)
        else:
            assert v.effective_from in grade_one, f"{where}: no source row in law-reference.md §2.1"
            # §2.1 gives grade 1 only: the other grades ship empty (undetermined), never guessed
            expected = {key: None for key in cells}
            for cause, word in CAUSE_COLUMNS.items():
                expected[(cause, 1)] = _amount(grade_one[v.effective_from][f"1级 {word}"])
        assert set(cells) == set(expected), where
        for key, cell in cells.items():
            assert cell == expected[key], (
                f"{where}: cell {key} is {cell}, the source says {expected[key]}"
            )


def test_full_tables_agree_with_grade_one_rows() -> None:
    """Where §2.1 and a §2.2 table give the same standard, their grade-1 figures agree."""
    grade_one = _grade_one_rows()
    for eff, (name, _url) in FULL_TABLES.items():
        if eff in grade_one:
            table = _full_table(name)
            for cause, word in CAUSE_COLUMNS.items():
                assert table[(cause, 1)] == _amount(grade_one[eff][f"1级 {word}"]), (eff, cause)


def test_survivor_pension_every_cell(params: Any) -> None:
    # law-reference.md §2.1 rows that give the survivor columns (the grade-1 rows taken from
    # docs/law-before-2019.rst do not)
    grade_one = {d: r for d, r in _grade_one_rows().items() if "烈属" in r}
    before = _survivors_before_2019()
    values = _national(params, "survivor_pension.standard")
    assert values
    for v in values:
        where = f"survivor_pension.standard {v.effective_from} ({v.key})"
        if v.effective_from in grade_one and v.effective_from in before:
            for word in SURVIVOR_COLUMNS.values():
                assert _amount(grade_one[v.effective_from][word]) == _amount(
                    before[v.effective_from][word]
                ), f"{where}: law-reference.md and docs/law-before-2019.rst disagree on {word}"
        row = grade_one.get(v.effective_from) or before.get(v.effective_from)
        assert row is not None, f"{where}: no source row"
        cells = _cells(params, "survivor_pension.standard", v.raw)
        assert set(cells) == set(SURVIVOR_COLUMNS), where
        for key, word in SURVIVOR_COLUMNS.items():
            assert cells[key] == _amount(row[word]), (
                f"{where}: {key} is {cells[key]}, source {row[word]}"
            )


def test_survivor_pension_by_residence_every_cell(params: Any) -> None:
    """Before 2016-10-01 the 烈属 standard was split urban/rural ("urban 8,730 / rural 5,240");
    the 因公牺牲 and 病故 standards of those years were not found: empty cells."""
    before = _survivors_before_2019()
    path = "survivor_pension.standard_by_residence"
    values = _national(params, path)
    assert values
    for v in values:
        where = f"{path} {v.effective_from} ({v.key})"
        row = before[v.effective_from]
        cells = _cells(params, path, v.raw)
        for key, word in SURVIVOR_COLUMNS.items():
            m = re.fullmatch(r"urban ([\d,]+) / rural ([\d,]+)", row[word])
            urban, rural = (_amount(m[1]), _amount(m[2])) if m else (None, None)
            if not m:
                assert row[word] == "not found", f"{where}: {word} {row[word]!r}"
            assert cells[(key, "urban")] == urban, f"{where}: {key} urban"
            assert cells[(key, "rural")] == rural, f"{where}: {key} rural"
    # the split ends where the unified standard starts
    assert values[-1].effective_to == dt.date(2016, 9, 30)
    unified = [v.effective_from for v in _national(params, "survivor_pension.standard")]
    assert dt.date(2016, 10, 1) in unified


LIVING_GROUPS = {
    "combat": "参战参试",
    "illness": "带病回乡",
    "martyr_child": "烈士老年子女",
    "rural_veteran_per_year": "农村籍老义务兵",
}


def test_living_subsidy_every_cell(params: Any) -> None:
    # figures.md §1.4: "2018-08-01 monthly levels" (Group | Monthly level); the rural veterans'
    # line reads "35 per year of service"
    levels = {row["Group"]: Decimal(row["Monthly level"].split()[0]) for row in _levels_2018()}
    values = _national(params, "living_subsidy.standard")
    before = _living_before_2019()
    assert [v.effective_from for v in values] == [*before, dt.date(2018, 8, 1)], (
        "a living-subsidy standard of another date needs its source mapped here"
    )
    for v in values[:-1]:
        cells = _cells(params, "living_subsidy.standard", v.raw)
        for key, word in LIVING_GROUPS.items():
            expected = before[v.effective_from].get(word)
            assert cells[key] == expected, f"living_subsidy.standard {v.effective_from} {key}"
    for v in values[-1:]:
        cells = _cells(params, "living_subsidy.standard", v.raw)
        assert set(cells) == set(LIVING_GROUPS)
        for key, word in LIVING_GROUPS.items():
            assert cells[key] == levels[word], (
                f"living_subsidy.standard {key}: {cells[key]} vs {levels[word]}"
            )


def _living_before_2019() -> dict[dt.date, dict[str, Decimal]]:
    """docs/law-before-2019.rst "Other periodic subsidies": one common 带病回乡/参战参试 level
    per 1 October until 2013 ("220 from 2010-10-01;"), and "**From 2017-10-01:** 带病回乡 500,
    参战参试 550." Groups it gives no figure for are absent (empty cells)."""
    text = BEFORE_2019.read_text(encoding="utf-8")
    out: dict[dt.date, dict[str, Decimal]] = {}
    for level, day in re.findall(r"^  - (\d+) from (\d{4}-\d\d-\d\d)[;.]$", text, re.M):
        out[dt.date.fromisoformat(day)] = {"带病回乡": Decimal(level), "参战参试": Decimal(level)}
    m = re.search(r"^- \*\*From 2017-10-01:\*\* 带病回乡 (\d+), 参战参试 (\d+)\.$", text, re.M)
    assert m, "docs/law-before-2019.rst: the 2017-10-01 levels"
    out[dt.date(2017, 10, 1)] = {"带病回乡": Decimal(m[1]), "参战参试": Decimal(m[2])}
    return out


def _levels_2018() -> list[dict[str, str]]:
    # the table is indented under a list item in figures.md §1.4
    text = FIGURES.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(text) if "2018-08-01 monthly levels" in line)
    rows = []
    for line in text[start + 1 :]:
        s = line.strip()
        if s.startswith("|"):
            rows.append([c.strip() for c in s.strip("|").split("|")])
        elif rows:
            break
    header, _rule, *body = rows
    return [dict(zip(header, r, strict=True)) for r in body]


STATISTICS = {
    "statistics.urban_disposable_income_per_capita": ("### 4.1 ", "Urban"),
    "statistics.urban_unit_average_wage": ("### 4.2 ", "Non-private units (城镇非私营)"),
}


@pytest.mark.parametrize("path", sorted(STATISTICS))
def test_national_statistics_every_year(params: Any, path: str) -> None:
    """The yearly NBS series the death payments read: each year equals figures.md §4."""
    heading, column = STATISTICS[path]
    source = {int(r["Year"]): _amount(r[column]) for r in _md_table(FIGURES, heading)}
    if path == "statistics.urban_disposable_income_per_capita":
        # the years before 2018: docs/law-before-2019.rst (rows such as "2013, 2014, 2015 / not
        # found" give no figure and ship none)
        title = (
            "National urban per-capita disposable income (``I`` for 一次性抚恤金 and 烈士褒扬金)"
        )
        for row in _rst_table(title):
            if row[0].isdigit() and int(row[0]) not in source:
                source[int(row[0])] = _amount(row[1])
    values = _national(params, path)
    assert values
    for v in values:
        year = v.effective_from.year
        assert (v.effective_from, v.effective_to) == (dt.date(year, 1, 1), dt.date(year, 12, 31))
        assert v.raw == source[year], f"{path} {year}: {v.raw}, figures.md says {source[year]}"


# -- figures stated in the statute text ----------------------------------------------------------
PENSIONS_2019 = "军人抚恤优待条例(2019-03-02).md"
PENSIONS_2024 = "军人抚恤优待条例(2024-08-05).md"
PLACEMENT_2011 = "退役士兵安置条例(2011-10-29).md"
PLACEMENT_2024 = "退役军人安置条例(2024-07-29).md"
WAGE_2024 = "当地上一年度城镇单位就业人员月平均工资"

# (parameter, date of effect) → statute file and, per cell, the clause that states the figure,
# quoted verbatim, or None where the text states no figure for that key (an empty cell) or
# "none" for the 0 % of a person with no award (the text adds nothing for them).
STATUTE_CELLS: dict[tuple[str, dt.date], tuple[str, dict[str, str | None]]] = {
    ("nursing_allowance.share", dt.date(2019, 3, 2)): (
        PENSIONS_2019,
        {
            "combat_duty_1_2": "因战、因公一级和二级残疾的，为当地职工月平均工资的50%",
            "combat_duty_3_4": "因战、因公三级和四级残疾的，为当地职工月平均工资的40%",
            "illness_1_4": "因病一级至四级残疾的，为当地职工月平均工资的30%",
            "mental_5_6": None,
        },
    ),
    # 2011-08-01: the 2011 text of these clauses, read in secondary copies, is the 2019 text word
    # for word (docs/law-before-2019.rst, 第13条 and 第30条), so the 2019 file is the reference
    ("nursing_allowance.share", dt.date(2011, 8, 1)): (
        PENSIONS_2019,
        {
            "combat_duty_1_2": "因战、因公一级和二级残疾的，为当地职工月平均工资的50%",
            "combat_duty_3_4": "因战、因公三级和四级残疾的，为当地职工月平均工资的40%",
            "illness_1_4": "因病一级至四级残疾的，为当地职工月平均工资的30%",
            "mental_5_6": None,
        },
    ),
    ("death_gratuity.income_multiple", dt.date(2011, 8, 1)): (
        PENSIONS_2019,
        {
            "duty": "烈士和因公牺牲的，为上一年度全国城镇居民人均可支配收入的20倍",
            "illness": "病故的，为上一年度全国城镇居民人均可支配收入的2倍",
        },
    ),
    ("death_gratuity.honour_increment", dt.date(2011, 8, 1)): (
        PENSIONS_2019,
        {
            "none": "none",
            "medal_or_national_title": None,
            "central_title": "获得中央军事委员会授予荣誉称号的，增发35%",
            "first_class": "获得军队军区级单位授予荣誉称号的，增发30%",
            "second_class": "立一等功的，增发25%",
            "third_class": "立二等功的，增发15%",
            "fourth_class": "立三等功的，增发5%",
        },
    ),
    ("nursing_allowance.share", dt.date(2024, 10, 1)): (
        PENSIONS_2024,
        {
            "combat_duty_1_2": f"因战、因公一级和二级残疾的，为{WAGE_2024}的50%",
            "combat_duty_3_4": f"因战、因公三级和四级残疾的，为{WAGE_2024}的40%",
            "illness_1_4": f"因病一级至四级残疾的，为{WAGE_2024}的30%",
            "mental_5_6": f"因精神障碍五级至六级残疾的，为{WAGE_2024}的25%",
        },
    ),
    ("death_gratuity.income_multiple", dt.date(2019, 3, 2)): (
        PENSIONS_2019,
        {
            "duty": "烈士和因公牺牲的，为上一年度全国城镇居民人均可支配收入的20倍",
            "illness": "病故的，为上一年度全国城镇居民人均可支配收入的2倍",
        },
    ),
    ("death_gratuity.income_multiple", dt.date(2024, 10, 1)): (
        PENSIONS_2024,
        {
            "duty": "烈士和因公牺牲的，为上一年度全国城镇居民人均可支配收入的20倍",
            "illness": "病故的，为上一年度全国城镇居民人均可支配收入的2倍",
        },
    ),
    ("death_gratuity.honour_increment", dt.date(2019, 3, 2)): (
        PENSIONS_2019,
        {
            "none": "none",
            "medal_or_national_title": None,
            "central_title": "获得中央军事委员会授予荣誉称号的，增发35%",
            "first_class": "获得军队军区级单位授予荣誉称号的，增发30%",
            "second_class": "立一等功的，增发25%",
            "third_class": "立二等功的，增发15%",
            "fourth_class": "立三等功的，增发5%",
        },
    ),
    ("death_gratuity.honour_increment", dt.date(2024, 10, 1)): (
        PENSIONS_2024,
        {
            "none": "none",
            "medal_or_national_title": "获得勋章或者国家荣誉称号的，增发40%",
            "central_title": "中央军事委员会单独或者联合授予荣誉称号的，增发35%",
            "first_class": "或者获得中央军事委员会授权的单位授予荣誉称号的，增发30%",
            "second_class": "立二等战功、一等功或者获得二级表彰并经批准的，增发25%",
            "third_class": "立三等战功或者二等功的，增发15%",
            "fourth_class": "立四等战功或者三等功的，增发5%",
        },
    ),
    ("retirement_lump_sum.honour_increment", dt.date(2011, 11, 1)): (
        PLACEMENT_2011,
        {
            "medal": None,
            "national_title": None,
            "central_title": "军队军区级单位授予荣誉称号，或者荣获一等功的，增发15%",
            "war_merit_1": None,
            "war_merit_2": None,
            "war_merit_3": None,
            "war_merit_4": None,
            "merit_1": "军队军区级单位授予荣誉称号，或者荣获一等功的，增发15%",
            "merit_2": "荣获二等功的，增发10%",
            "merit_3": "荣获三等功的，增发5%",
            "commendation_1": None,
            "commendation_2": None,
            "none": "none",
        },
    ),
    ("retirement_lump_sum.honour_increment", dt.date(2024, 9, 1)): (
        PLACEMENT_2024,
        {
            "medal": "获得勋章、荣誉称号的，增发25%",
            "national_title": "获得勋章、荣誉称号的，增发25%",
            "central_title": "获得勋章、荣誉称号的，增发25%",
            "war_merit_1": "荣立一等战功或者获得一级表彰的，增发20%",
            "war_merit_2": "荣立二等战功、一等功或者获得二级表彰并经批准享受相关待遇的，增发15%",
            "war_merit_3": "荣立三等战功或者二等功的，增发10%",
            "war_merit_4": "荣立四等战功或者三等功的，增发5%",
            "merit_1": "荣立二等战功、一等功或者获得二级表彰并经批准享受相关待遇的，增发15%",
            "merit_2": "荣立三等战功或者二等功的，增发10%",
            "merit_3": "荣立四等战功或者三等功的，增发5%",
            "commendation_1": "荣立一等战功或者获得一级表彰的，增发20%",
            "commendation_2": "荣立二等战功、一等功或者获得二级表彰并经批准享受相关待遇的，增发15%",
            "none": "none",
        },
    ),
}


def _figure(clause: str) -> Fraction:
    """The figure a clause states: ``…的50%`` → 1/2, ``…的20倍`` → 20."""
    if m := re.search(r"(\d+)%$", clause):
        return Fraction(int(m.group(1)), 100)
    m = re.search(r"(\d+)倍$", clause)
    assert m, f"no figure at the end of {clause!r}"
    return Fraction(int(m.group(1)))


def test_statute_tables_are_all_mapped(params: Any) -> None:
    shipped = {
        (p, v.effective_from)
        for p in NATIONAL_TABLES
        for v in _national(params, p)
        if p
        not in {
            "disability_pension.standard",
            "survivor_pension.standard",
            "survivor_pension.standard_by_residence",
            "living_subsidy.standard",
        }
    }
    assert shipped == set(STATUTE_CELLS), (
        "a table value from a statute needs its clauses mapped here"
    )


@pytest.mark.parametrize(("path", "effective"), sorted(STATUTE_CELLS), ids=lambda x: str(x))
def test_statute_table_every_cell(params: Any, path: str, effective: dt.date) -> None:
    file, clauses = STATUTE_CELLS[(path, effective)]
    text = (TEXTS / file).read_text(encoding="utf-8")
    (value,) = [v for v in _national(params, path) if v.effective_from == effective]
    cells = _cells(params, path, value.raw)
    assert set(cells) == set(clauses), path
    for key, clause in clauses.items():
        where = f"{path} {effective} cell {key}"
        if clause is None:
            assert cells[key] is None, (
                f"{where}: {file} states no figure, the table has {cells[key]}"
            )
        elif clause == "none":
            assert cells[key] == 0, f"{where}: no award adds nothing"
        else:
            assert clause in text, f"{where}: clause not found in {file}: {clause}"
            assert cells[key] == _figure(clause), f"{where}: {cells[key]}, {file} says {clause}"
