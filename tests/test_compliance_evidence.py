"""Evidence: the record types, loading from TOML/JSON/CSV, and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_compliance_support import d, doc, need, station

from shuangyong.compliance import (
    Document,
    EvidenceSet,
    NeedsItem,
    Station,
    evidence_from_data,
    load_evidence,
)
from shuangyong.domain.money import Yuan
from shuangyong.errors import InvalidValueError

TOML = """
[meta]
title = "测试台账"
synthetic = true

[[document]]
id = "D1"
title = "十四五规划"
issuer = "区政府"
date = 2021-03-01
jurisdiction = "411003"
kinds = ["development_plan"]
covers_from = 2021
covers_to = 2025
budget_amount = "1200.50"
facts = [{ name = "章节", value = "第十章" }]

[[leading_group]]
id = "G1"
jurisdiction = "411003"
established_on = 2021-05-10
members = [{ name = "甲", position = "party_secretary", role = "leader" }]
office = { name = "双拥办", director = "丁" }
"""


def test_toml_loads_every_field(tmp_path: Path) -> None:
    p = tmp_path / "e.toml"
    p.write_text(TOML, encoding="utf-8")
    ev = load_evidence(p)
    assert ev.synthetic and ev.title == "测试台账"
    d1 = ev.get("document", "D1")
    assert isinstance(d1, Document)
    assert d1.years == (2021, 2025) and d1.covers(2024) and not d1.covers(2026)
    assert d1.budget_amount == Yuan("1200.50")
    assert d1.facts[0].name == "章节"
    assert ev.origins[("document", "D1")].endswith("e.toml: document[0]")


def test_json_and_csv_load_and_merge(tmp_path: Path) -> None:
    j = tmp_path / "e.json"
    j.write_text(
        json.dumps(
            {"needs_item": [{"id": "N1", "side": "civil", "title": "t", "raised_on": "2024-01-02"}]}
        ),
        encoding="utf-8",
    )
    c = tmp_path / "stations.csv"
    c.write_text(
        "\ufeff# kind: station\nid,name,division,organisation,staff,funding,support\n"
        "S1,甲站,411003,是,2,1000,true\nS2,乙站,411003100,false,0,,否\n",
        encoding="utf-8",
    )
    ev = load_evidence(j, c)
    assert len(ev) == 3
    s1 = ev.get("station", "S1")
    assert isinstance(s1, Station) and s1.organisation and s1.staff == 2
    assert s1.funding == Yuan("1000")
    s2 = ev.get("station", "S2")
    assert isinstance(s2, Station) and s2.funding is None and not s2.support
    assert ev.origins[("station", "S2")].endswith("stations.csv:4")


def test_csv_kind_from_file_name(tmp_path: Path) -> None:
    c = tmp_path / "2024.needs_item.csv"
    c.write_text("id,side,title,raised_on\nN1,military,修路,2024-02-01\n", encoding="utf-8")
    assert isinstance(load_evidence(c).get("needs_item", "N1"), NeedsItem)


@pytest.mark.parametrize(
    ("data", "field", "reason"),
    [
        ({"widget": []}, "f.toml: widget", "unknown evidence kind"),
        (
            {"station": [{"id": "S", "name": "n", "division": "411003", "colour": "red"}]},
            "f.toml: station[0]",
            "unknown key",
        ),
        (
            {"station": [{"id": "S", "name": "n", "division": "411003", "staff": 1.0}]},
            "f.toml: station[0].staff",
            "integer",
        ),
        (
            {
                "document": [
                    {
                        "id": "D",
                        "title": "t",
                        "issuer": "i",
                        "date": "2024-01-01",
                        "jurisdiction": "411003",
                        "kinds": ["budget"],
                    }
                ]
            },
            "f.toml: document[0].kinds[0]",
            "unknown DocumentKind",
        ),
        (
            {
                "document": [
                    {
                        "id": "D",
                        "title": "t",
                        "issuer": "i",
                        "date": "2024-01-01",
                        "jurisdiction": "411003",
                        "kinds": ["fiscal_budget"],
                        "budget_amount": 12.5,
                    }
                ]
            },
            "f.toml: document[0].budget_amount",
            "never a float",
        ),
        (
            {
                "needs_item": [
                    {
                        "id": "N",
                        "side": "civil",
                        "title": "t",
                        "raised_on": "2024-05-01",
                        "resolved_on": "2024-04-01",
                    }
                ]
            },
            "f.toml: needs_item[0].resolved_on",
            "resolved before it was raised",
        ),
        (
            {"station": [{"id": "S", "name": "n", "division": "411003100", "level": "village"}]},
            "f.toml: station[0].level",
            "does not match",
        ),
        (
            {
                "station": [
                    {"id": "S", "name": "n", "division": "411003"},
                    {"id": "S", "name": "m", "division": "411003100"},
                ]
            },
            "f.toml: station[1].id",
            "duplicate station id",
        ),
        (
            {"station": [{"id": "S", "name": "n"}]},
            "f.toml: station[0].division",
            "missing key",
        ),
        (
            {
                "publicity_officer": [
                    {"id": "P", "village": "411003100", "appointed_on": "2024-01-01"}
                ]
            },
            "f.toml: publicity_officer[0].village",
            "12-digit village code",
        ),
    ],
)
def test_bad_input_names_field_and_reason(data: dict, field: str, reason: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        evidence_from_data(data, "f.toml")
    assert info.value.field == field
    assert reason in info.value.reason


def test_duplicate_ids_across_files_name_both(tmp_path: Path) -> None:
    a = tmp_path / "a.csv"
    b = tmp_path / "b.csv"
    for p in (a, b):
        p.write_text("# kind: station\nid,name,division\nS1,站,411003\n", encoding="utf-8")
    with pytest.raises(InvalidValueError) as info:
        load_evidence(a, b)
    assert "a.csv" in info.value.reason and "b.csv" in info.value.reason


def test_csv_errors_name_line_and_column(tmp_path: Path) -> None:
    c = tmp_path / "station.csv"
    c.write_text("id,name,division,support\nS1,站,411003,maybe\n", encoding="utf-8")
    with pytest.raises(InvalidValueError) as info:
        load_evidence(c)
    assert info.value.field.endswith("station.csv:2: support")
    c.write_text("id,name,colour\nS1,站,red\n", encoding="utf-8")
    with pytest.raises(InvalidValueError, match="unknown column"):
        load_evidence(c)
    lg = tmp_path / "leading_group.csv"
    lg.write_text("id\nG1\n", encoding="utf-8")
    with pytest.raises(InvalidValueError, match="TOML or JSON"):
        load_evidence(lg)


def test_unreadable_and_unsupported_files(tmp_path: Path) -> None:
    with pytest.raises(InvalidValueError, match="cannot read"):
        load_evidence(tmp_path / "missing.toml")
    x = tmp_path / "e.xlsx"
    x.write_text("", encoding="utf-8")
    with pytest.raises(InvalidValueError, match="unsupported"):
        load_evidence(x)
    bad = tmp_path / "bad.toml"
    bad.write_text("[[station]\n", encoding="utf-8")
    with pytest.raises(InvalidValueError, match="bad TOML"):
        load_evidence(bad)


def test_a_missing_value_is_said_to_be_missing_never_none(tmp_path: Path) -> None:
    """Before: ``document[0].issuer=None: 缺少必填字段`` and ``bad.toml=None: bad TOML``."""
    f = tmp_path / "e.toml"
    f.write_text('[[document]]\nid = "D1"\ntitle = "x"\n', encoding="utf-8")
    with pytest.raises(InvalidValueError) as info:
        load_evidence(f)
    assert "=None" not in str(info.value)
    assert "issuer（缺少数值 / value missing）: 缺少必填字段 / missing key" in str(info.value)
    f.write_text("[[station]\n", encoding="utf-8")
    with pytest.raises(InvalidValueError) as info:
        load_evidence(f)
    assert str(info.value).startswith(f"{f}: TOML 格式错误 / bad TOML: "), str(info.value)
    f.write_text('{"station": 1}', encoding="utf-8")
    f = f.rename(tmp_path / "e.json")
    f.write_text("[1]", encoding="utf-8")
    with pytest.raises(InvalidValueError) as info:
        load_evidence(f)
    assert str(info.value) == f"{f}: 顶层须为对象 / top level must be an object"
    # the rule for every InvalidValueError
    assert str(InvalidValueError("x", None, "r")) == "x（缺少数值 / value missing）: r"


def test_records_validate_when_built_directly() -> None:
    with pytest.raises(InvalidValueError, match="resolved before"):
        need("N", "civil", "2024-05-01", "2024-04-30")
    with pytest.raises(InvalidValueError, match="county, township or village"):
        station("S", "411000")
    with pytest.raises(InvalidValueError, match="at least one kind"):
        doc("D")
    with pytest.raises(InvalidValueError, match="before covers_from"):
        doc("D", "development_plan", covers_from=2024, covers_to=2023)
    ev = EvidenceSet.of(station("S1", "411003"))
    with pytest.raises(InvalidValueError, match="duplicate station id"):
        ev.with_(station("S1", "411003100"))
    assert len(ev.without("station", "S1")) == 0
    assert need("N", "civil", "2024-05-01", "2024-05-01").resolved_on == d("2024-05-01")


def test_five_haves_facts() -> None:
    s = Station(id="S", name="站", division=station("x", "411003").division, staff=2)
    assert s.five_haves() == {
        "有机构": False,
        "有编制": False,
        "有人员": True,
        "有经费": False,
        "有保障": False,
    }
