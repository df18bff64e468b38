"""Importing beneficiaries from CSV and xlsx files into real stores (memory and SQLite)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from shuangyong.domain.ids import IdNumber
from shuangyong.domain.periods import Month
from shuangyong.errors import InvalidValueError
from shuangyong.intake import (
    Aliases,
    ImportFileError,
    ImportProgress,
    import_file,
    read_table,
)
from shuangyong.storage import Fact, FactKind, open_store

ON = dt.date(2024, 7, 1)


def pid(seq: int, born: dt.date = dt.date(1990, 1, 1), county: str = "411003") -> str:
    """A valid 身份证号 (odd sequence: a man)."""
    return IdNumber.build(county, born, seq).reveal()


HEADER = (
    "序号,姓名,身份证号,性别,出生日期,户籍地,乡镇（街道）,城乡,人员类别,入伍时间,退役时间,"
    "残疾等级,残疾性质,评残时间,批准时间,备注"
)


def veteran(n: int, seq: int, **over: str) -> str:
    cells = {
        "序号": str(n),
        "姓名": f"张{n}",
        "身份证号": pid(seq),
        "性别": "男" if seq % 2 else "女",
        "出生日期": "1990-01-01",
        "户籍地": "411003",
        "乡镇（街道）": "411003001",
        "城乡": "城镇",
        "人员类别": "军士",
        "入伍时间": "2008/9/1",
        "退役时间": "2014年9月1日",
        "残疾等级": "八级",
        "残疾性质": "因病",
        "评残时间": "2014-05-01",
        "批准时间": "2014-06-01",
        "备注": "",
    }
    cells.update(over)
    return ",".join(cells[h] for h in HEADER.split(","))


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    url = "memory://" if request.param == "memory" else f"sqlite:///{tmp_path / 'store.db'}"
    s = open_store(url, entry_points=False)
    yield s
    s.close()


def fact_count(store: Any) -> int:
    return sum(len(store.facts(p)) for p in store.person_ids())


# -- encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8 (BOM)"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16-le (BOM)"),
    ],
)
def test_encodings_are_detected(tmp_path: Path, encoding: str, expected: str) -> None:
    sep = "\t" if encoding == "utf-16" else ","
    lines = [HEADER, veteran(1, 11)]
    lines = [line.replace(",", sep) for line in lines]
    table = read_table(write_csv(tmp_path / "v.csv", lines, encoding))
    assert table.encoding == expected
    assert table.headers[2] == "身份证号"
    assert table.rows[0].cells[1] == "张1"
    assert table.rows[0].line == 2


def test_gb18030_only_characters(tmp_path: Path) -> None:
    # 𠀀 (U+20000) has no GBK code: only GB18030 holds it
    path = write_csv(tmp_path / "v.csv", [HEADER, veteran(1, 11, 姓名="𠀀三")], "gb18030")
    assert read_table(path).rows[0].cells[1] == "𠀀三"


def test_undecodable_file_is_refused_with_byte_offset(tmp_path: Path) -> None:
    data = (HEADER + "\r\n").encode("utf-8") + b"1,\xff\xfe\xff,\r\n"
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    with pytest.raises(ImportFileError) as err:
        read_table(path)
    offset = data.index(b"\xff")
    assert str(path) in str(err.value)
    assert f"byte offset {offset}" in str(err.value)
    assert "GB18030" in str(err.value)


def test_explicit_encoding(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "v.csv", [HEADER, veteran(1, 11)], "gbk")
    assert read_table(path, encoding="gbk").encoding == "gbk"
    with pytest.raises(ImportFileError, match="not valid utf-8"):
        read_table(path, encoding="utf-8")
    with pytest.raises(ImportFileError, match="unknown encoding"):
        read_table(path, encoding="no-such-codec")


def test_title_rows_above_the_header(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "v.csv", ["某区优抚对象花名册,,", "", HEADER, veteran(1, 11)])
    table = read_table(path, header_row=3)
    assert table.rows[0].line == 4


# -- headers and aliases ---------------------------------------------------------------------


def test_chinese_headers_become_facts(store: Any, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "v.csv", [HEADER, veteran(1, 11, 备注="民字〔2014〕3号")])
    report = import_file(store, path, effective_from=ON, actor="tester")
    assert report.ok, report.summary()
    assert (report.facts, report.new, report.present, report.chunks) == (1, 1, 0, 1)
    assert report.columns["入伍时间"] == "enlisted_on"
    assert report.ignored_columns == ("序号",)
    [fact] = store.facts(pid(11))
    assert fact.kind is FactKind.IMPORT
    assert fact.source == "import:v.csv:2"
    assert fact.effective_from == ON
    assert fact.note == "民字〔2014〕3号"
    assert fact.values == {
        "name": "张1",
        "sex": "male",
        "birth_date": "1990-01-01",
        "household_division": "411003",
        "township_division": "411003001",
        "residence": "urban",
        "service_kind": "nco",
        "enlisted_on": "2008-09-01",
        "discharged_on": "2014-09-01",
        "disability_level": 8,
        "disability_cause": "illness",
        "disability_assessed_on": "2014-05-01",
        "disability_approved_on": "2014-06-01",
    }
    row = store.row_on(pid(11), ON)
    assert row["disability_level"] == 8
    assert any(e.action == "import.file" and e.subject == "v.csv" for e in store.audit_events())


def test_field_name_headers_and_codes(store: Any, tmp_path: Path) -> None:
    lines = [
        "person_id,sex,birth_date,household_division,residence,service_kind,enlisted_on,"
        "effective_from,disability_level,disability_cause",
        f"{pid(13)},male,1990-01-01,411003,rural,conscript,2008-09-01,2020-01-01,3,combat",
    ]
    report = import_file(store, write_csv(tmp_path / "f.csv", lines), actor="t")
    assert report.ok, report.summary()
    [fact] = store.facts(pid(13))
    assert fact.effective_from == dt.date(2020, 1, 1)
    assert fact.values["disability_cause"] == "combat"
    assert fact.values["disability_level"] == 3


@pytest.mark.parametrize(
    ("header", "cell", "field", "value"),
    [
        ("残疾等级", "3", "disability_level", 3),
        ("残疾等级", "3级", "disability_level", 3),
        ("残疾等级", "三级", "disability_level", 3),
        ("残疾等级", "十级", "disability_level", 10),
        ("人员类别", "士官", "service_kind", "nco"),
        ("人员类别", "义务兵", "service_kind", "conscript"),
        ("人员类别", "军官", "service_kind", "officer"),
        ("性别", "1", "sex", "male"),
        ("城乡", "非农业", "residence", "urban"),
        ("残疾性质", "因公", "disability_cause", "duty"),
        ("入伍时间", "２００８－０９－０１", "enlisted_on", "2008-09-01"),  # full-width
        ("入伍时间", "20080901", "enlisted_on", "2008-09-01"),
        ("入伍时间", "2008.9.1", "enlisted_on", "2008-09-01"),
    ],
)
def test_value_aliases(header: str, cell: str, field: str, value: Any, tmp_path: Path) -> None:
    store = open_store("memory://", entry_points=False)
    base = {"残疾等级": "八级", "残疾性质": "因病"}
    if header == "残疾性质":
        base = {"残疾等级": "八级"}
    if header == "残疾等级":
        base = {"残疾性质": "因病"}
    heads = ["身份证号", "户籍地", *base, header]
    row = [pid(15), "411003", *base.values(), cell]
    path = write_csv(tmp_path / "a.csv", [",".join(heads), ",".join(row)])
    report = import_file(store, path, effective_from=ON, actor="t")
    assert report.ok, report.summary()
    assert store.facts(pid(15))[0].values[field] == value


def test_district_aliases_extend_the_builtin_ones(tmp_path: Path) -> None:
    store = open_store("memory://", entry_points=False)
    path = write_csv(
        tmp_path / "d.csv",
        ["公民身份证,户口所在地,兵种类别,联系电话", f"{pid(17)},411003,士兵,13800000000"],
    )
    with pytest.raises(ImportFileError) as err:
        import_file(store, path, effective_from=ON, actor="t")
    text = str(err.value)
    # every bad header at once, each with its column
    assert "A列“公民身份证”" in text and "D列“联系电话”" in text
    assert "身份证号" in text  # no person_id column
    extra = {
        "headers": {
            "person_id": ["公民身份证"],
            "household_division": ["户口所在地"],
            "service_kind": ["兵种类别"],
        },
        "values": {"service_kind": {"conscript": ["士兵"]}},
        "ignore": {"headers": ["联系电话"]},
    }
    report = import_file(store, path, effective_from=ON, actor="t", aliases=extra)
    assert report.ok, report.summary()
    assert store.facts(pid(17))[0].values == {
        "household_division": "411003",
        "service_kind": "conscript",
    }
    toml = tmp_path / "district.toml"
    toml.write_text('[values.service_kind]\nconscript = ["士兵"]\n', encoding="utf-8")
    assert Aliases.load(toml).value("service_kind", "士兵") == "conscript"


def test_an_alias_cannot_mean_two_things() -> None:
    with pytest.raises(InvalidValueError, match="already means 'enlisted_on'"):
        Aliases.builtin().extend({"headers": {"discharged_on": ["入伍时间"]}})
    with pytest.raises(InvalidValueError, match="already means 'male'"):
        Aliases.builtin().extend({"values": {"sex": {"female": ["男"]}}})
    with pytest.raises(InvalidValueError, match="unknown value"):
        Aliases.builtin().extend({"values": {"sex": {"other": ["x"]}}})
    with pytest.raises(InvalidValueError, match="unknown field"):
        Aliases.builtin().extend({"headers": {"no_such_field": ["x"]}})
    with pytest.raises(InvalidValueError, match="cannot be ignored"):
        Aliases.builtin().extend({"ignore": {"headers": ["姓名"]}})


def test_every_label_of_the_schema_is_a_header() -> None:
    from shuangyong.policy.schema import FIELDS

    aliases = Aliases.builtin()
    for name, f in FIELDS.items():
        if name != "person_id":
            assert aliases.header(f.label) == name
            assert aliases.header(name) == name


def test_duplicate_and_plain_paid_columns_are_refused(tmp_path: Path) -> None:
    store = open_store("memory://", entry_points=False)
    path = write_csv(tmp_path / "x.csv", ["身份证号,入伍时间,入伍日期,已发至", f"{pid(1)},,,"])
    with pytest.raises(ImportFileError) as err:
        import_file(store, path, dry_run=True)
    assert "both hold enlisted_on" in str(err.value)
    assert "benefit=" in str(err.value)


# -- defaults, bad rows, dry run ------------------------------------------------------------


def test_defaults_apply_to_every_row_and_cells_win(store: Any, tmp_path: Path) -> None:
    lines = ["身份证号,户籍地,人员类别", f"{pid(21)},411003,", f"{pid(23)},411003,军官"]
    report = import_file(
        store,
        write_csv(tmp_path / "c.csv", lines),
        effective_from=ON,
        actor="t",
        defaults={"service_kind": "义务兵", "residence": "rural"},
    )
    assert report.ok, report.summary()
    assert store.facts(pid(21))[0].values["service_kind"] == "conscript"
    assert store.facts(pid(23))[0].values["service_kind"] == "officer"
    assert store.facts(pid(23))[0].values["residence"] == "rural"
    with pytest.raises(InvalidValueError, match=r"defaults\.service_kind"):
        import_file(store, tmp_path / "c.csv", dry_run=True, defaults={"service_kind": "x"})


def test_bad_rows_are_reported_by_line_and_nothing_is_written(store: Any, tmp_path: Path) -> None:
    lines = [
        HEADER,
        veteran(1, 11),
        veteran(2, 13, 残疾等级="十一级"),
        veteran(3, 15, 入伍时间="2008-09", 城乡="农"),
        veteran(4, 17, 身份证号=pid(17)[:-1] + ("0" if pid(17)[-1] != "0" else "1")),
        veteran(5, 19, 退役时间="2004-09-01"),  # before enlistment
        veteran(6, 21, 性别="女"),  # the id number says male
        veteran(7, 23, **{"乡镇（街道）": "411002001"}),  # another county's township
        veteran(1, 11),  # line 2 again
    ]
    path = write_csv(tmp_path / "bad.csv", lines)
    dry = import_file(store, path, dry_run=True, effective_from=ON)
    got = {(p.line, p.field) for p in dry.problems}
    assert got == {
        (3, "disability_level"),
        (4, "enlisted_on"),
        (4, "residence"),
        (5, "person_id"),
        (6, "discharged_on"),
        (7, "sex"),
        (8, "township_division"),
        (9, "person_id"),
    }
    by_line = {p.line: p for p in dry.problems}
    assert "L列“残疾等级”" in by_line[3].column
    assert "****" in by_line[5].value  # the id number only masked
    assert "line 2" in by_line[9].reason
    assert dry.facts == 1 and not dry.written
    assert store.person_ids() == []
    real = import_file(store, path, effective_from=ON, actor="t")
    assert not real.ok and not real.written
    assert store.person_ids() == []
    assert "第 3 行" in real.summary()
    # opted in: the good row is written, every bad one still reported
    partial = import_file(store, path, effective_from=ON, actor="t", skip_bad_rows=True)
    assert partial.written and partial.skipped_rows == 7 and len(partial.problems) == 8
    assert store.person_ids() == [pid(11)]


def test_real_run_needs_an_actor_and_a_date(tmp_path: Path) -> None:
    store = open_store("memory://", entry_points=False)
    path = write_csv(tmp_path / "v.csv", [HEADER, veteran(1, 11)])
    with pytest.raises(InvalidValueError, match="actor"):
        import_file(store, path, effective_from=ON)
    report = import_file(store, path, dry_run=True)
    assert [p.field for p in report.problems] == ["effective_from"]


def test_values_beyond_the_header_are_not_dropped(tmp_path: Path) -> None:
    store = open_store("memory://", entry_points=False)
    path = write_csv(tmp_path / "v.csv", ["身份证号,户籍地", f"{pid(1)},411003,stray"])
    report = import_file(store, path, dry_run=True, effective_from=ON)
    assert [(p.line, p.column) for p in report.problems] == [(2, "C列")]


# -- all or nothing, idempotency, chunks -----------------------------------------------------


def test_all_or_nothing_when_the_store_refuses(store: Any, tmp_path: Path) -> None:
    # valid on its own, but the store already holds this person in another county: the
    # township of row 3 no longer fits, and the store refuses the whole transaction
    store.add_facts(
        [Fact(pid(13), dt.date(2020, 1, 1), {"household_division": "411002"})], actor="setup"
    )
    lines = [
        "身份证号,乡镇（街道）,生效日期",
        f"{pid(11)},411003001,2024-01-01",
        f"{pid(13)},411003001,2024-01-01",
    ]
    before = fact_count(store)
    report = import_file(store, write_csv(tmp_path / "t.csv", lines), actor="t")
    assert not report.ok and not report.written
    assert [(p.line, p.field) for p in report.problems] == [(3, "township_division")]
    assert fact_count(store) == before
    assert store.facts(pid(11)) == []


def test_importing_twice_creates_no_duplicates(store: Any, tmp_path: Path) -> None:
    lines = [HEADER] + [veteran(i, 2 * i + 1) for i in range(1, 8)]
    path = write_csv(tmp_path / "v.csv", lines)
    first = import_file(store, path, effective_from=ON, actor="t", chunk_size=3)
    assert (first.new, first.present, first.chunks) == (7, 0, 3)
    second = import_file(store, path, effective_from=ON, actor="t", chunk_size=3)
    assert (second.new, second.present) == (0, 7)
    assert fact_count(store) == 7
    # the same rows in GBK and in another order are the same facts
    gbk = write_csv(tmp_path / "v_gbk.csv", [lines[0], *reversed(lines[1:])], "gbk")
    third = import_file(store, gbk, effective_from=ON, actor="t")
    assert (third.new, third.present) == (0, 7)


def test_progress_is_reported(tmp_path: Path) -> None:
    store = open_store("memory://", entry_points=False)
    lines = [HEADER] + [veteran(i, 2 * i + 1) for i in range(1, 6)]
    seen: list[ImportProgress] = []
    import_file(
        store,
        write_csv(tmp_path / "v.csv", lines),
        effective_from=ON,
        actor="t",
        chunk_size=2,
        progress=seen.append,
    )
    assert [(p.stage, p.done, p.total) for p in seen] == [
        ("check", 5, 5),
        ("write", 2, 5),
        ("write", 4, 5),
        ("write", 5, 5),
    ]


# -- xlsx ------------------------------------------------------------------------------------


def test_xlsx_with_date_cells_and_text_dates(store: Any, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    first = book.active
    first.title = "说明"
    first["A1"] = "本表为导出数据"
    ws = book.create_sheet("优抚对象")
    ws.append(["某区残疾军人名册"])
    ws.append(["序号", "姓名", "身份证号", "户籍地", "入伍时间", "退役时间", "残疾等级",
               "残疾性质", "月基本工资", "已发至（disability_pension）"])  # fmt: skip
    ws.append([1, "张三", pid(31), 411003, dt.datetime(2008, 9, 1), "2014/9/1", 8, "因病",
               3500.5, dt.datetime(2024, 6, 1)])  # fmt: skip
    ws.append([2, "李四", pid(33), "411003", dt.date(2009, 9, 1), "2015-09-01", "五级", "因战",
               4000, "2024年6月"])  # fmt: skip
    ws.append([3, "王五", 4.11003199001013e17, 411003, 41883, dt.datetime(2014, 9, 1, 8, 30),
               8.5, "因病", 3500.555, None])  # fmt: skip
    path = tmp_path / "名册.xlsx"
    book.save(path)
    with pytest.raises(ImportFileError, match="no sheet"):
        import_file(store, path, sheet="无此表", dry_run=True)
    report = import_file(
        store, path, sheet="优抚对象", header_row=2, effective_from=ON, actor="t",
        skip_bad_rows=True,
    )  # fmt: skip
    assert report.encoding == "xlsx"
    assert {(p.line, p.field) for p in report.problems} == {
        (5, "person_id"),
        (5, "enlisted_on"),
        (5, "discharged_on"),
        (5, "disability_level"),
        (5, "monthly_basic_wage"),
    }
    a = store.facts(pid(31))[0].values
    assert a["enlisted_on"] == "2008-09-01" and a["discharged_on"] == "2014-09-01"
    assert a["monthly_basic_wage"] == "3500.5" and a["household_division"] == "411003"
    assert store.facts(pid(31))[0].source == "import:名册.xlsx:3"
    assert store.facts(pid(33))[0].values["disability_level"] == 5
    assert store.paid_up_to(pid(31), "disability_pension") == Month(2024, 6)
    assert store.paid_up_to(pid(33), "disability_pension") == Month(2024, 6)


# -- survivors and paid up to ----------------------------------------------------------------


def test_survivors_carry_the_facts_of_the_member(store: Any, tmp_path: Path) -> None:
    lines = [
        "身份证号,姓名,户籍地,与军人关系,死亡性质,死亡时间,残疾等级,已发至",
        f"{pid(40, dt.date(1950, 3, 3))},赵母,411003,母亲,烈士,2019-05-01,,2024-12",
        f"{pid(42, dt.date(1952, 3, 3))},钱父,411003,父亲,病故,2020-05-01,一级,2024-12",
    ]
    path = write_csv(tmp_path / "遗属.csv", lines)
    report = import_file(
        store,
        path,
        survivors=True,
        benefit="survivor_pension",
        effective_from=ON,
        actor="t",
        rule_ids={"survivor_pension"},
    )
    assert report.ok, report.summary()
    assert report.columns["死亡性质"] == "member_status"
    assert report.columns["已发至"] == "paid_up_to.survivor_pension"
    assert store.facts(pid(40, dt.date(1950, 3, 3)))[0].values == {
        "name": "赵母",
        "household_division": "411003",
        "relation": "parent",
        "member_status": "martyr",
        "member_died_on": "2019-05-01",
    }
    second = store.facts(pid(42, dt.date(1952, 3, 3)))[0].values
    assert second["member_status"] == "died_of_illness"
    assert second["member_disability_level"] == 1
    assert store.paid_up_to_all("survivor_pension") == {
        pid(40, dt.date(1950, 3, 3)): Month(2024, 12),
        pid(42, dt.date(1952, 3, 3)): Month(2024, 12),
    }
    # without survivors=True the same headers are the person's own death
    own = import_file(store, path, dry_run=True, benefit="survivor_pension", effective_from=ON)
    assert own.columns["死亡性质"] == "death_category"


def test_paid_up_to_named_in_headers_and_for_known_people(store: Any, tmp_path: Path) -> None:
    store.add_facts(
        [Fact(pid(51), dt.date(2020, 1, 1), {"household_division": "411003"})], actor="setup"
    )
    lines = [
        "身份证号,已发至（disability_pension）,nursing_allowance已发至",
        f"{pid(51)},2024-06,2024-05-31",  # a row with months only, for a person the store holds
        f"{pid(53)},2024-06,",  # nobody knows this person
    ]
    path = write_csv(tmp_path / "paid.csv", lines)
    with pytest.raises(ImportFileError, match="unknown benefit 'nursing_allowance'"):
        import_file(store, path, dry_run=True, rule_ids={"disability_pension"})
    report = import_file(store, path, actor="t", skip_bad_rows=True)
    assert [(p.line, p.field) for p in report.problems] == [(3, "person_id")]
    assert report.facts == 0 and report.paid_up_to == 2
    assert store.paid_up_to(pid(51), "disability_pension") == Month(2024, 6)
    assert store.paid_up_to(pid(51), "nursing_allowance") == Month(2024, 5)
