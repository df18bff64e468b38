"""Parameter files, layered dated resolution, floors and what-if layers."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from shuangyong.errors import NotInForceError, ParameterFileError, ParameterNotSetError
from shuangyong.parameters import ParameterSet, Provenance, load_parameter_text
from shuangyong.parameters.loader import parse_value

HEAD = """
[[parameter]]
path = "test.amount"
label = "测试金额"
unit = "yuan/year"
floor = "national"
"""


def build(text: str) -> ParameterSet:
    f = load_parameter_text(text, "test.toml", "tests")
    decls = {d.path: d for d in f.declarations}
    values = [
        parse_value(decls[s.parameter], s, f.source, f"value[{i}]", "tests")
        for i, s in enumerate(f.values)
    ]
    return ParameterSet.build(decls.values(), values)


def value(j: str, start: str, amount: str, prov: str = "example", extra: str = "") -> str:
    return f"""
[[value]]
parameter = "test.amount"
jurisdiction = "{j}"
effective_from = {start}
provenance = "{prov}"
sources = ["s"]
value = "{amount}"
{extra}
"""


def test_most_specific_jurisdiction_wins() -> None:
    ps = build(
        HEAD
        + value("national", "2020-01-01", "100")
        + value("410000", "2020-01-01", "200")
        + value("411003", "2021-01-01", "300")
    )
    chain = ("411003", "411000", "410000", "national")
    on = dt.date(2021, 6, 1)
    assert ps.resolve("test.amount", on, chain).compiled.scalar == 30000
    assert ps.resolve("test.amount", on, chain).jurisdiction == "411003"
    # the county value is not in force yet: fall back to the province, not to an error
    early = ps.resolve("test.amount", dt.date(2020, 6, 1), chain)
    assert (early.jurisdiction, early.compiled.scalar) == ("410000", 20000)
    # a sibling county gets the province value
    assert ps.resolve("test.amount", on, ("411002", "411000", "410000")).jurisdiction == "410000"


def test_later_value_replaces_earlier_from_its_date() -> None:
    ps = build(
        HEAD + value("national", "2020-01-01", "100") + value("national", "2020-08-01", "110")
    )
    res = lambda d: ps.resolve("test.amount", d, ("national",)).compiled.scalar  # noqa: E731
    assert res(dt.date(2020, 7, 31)) == 10000
    assert res(dt.date(2020, 8, 1)) == 11000
    assert res(dt.date(2030, 1, 1)) == 11000


def test_not_in_force_names_parameter_jurisdiction_and_date() -> None:
    ps = build(HEAD + value("national", "2020-01-01", "100"))
    with pytest.raises(NotInForceError) as info:
        ps.resolve("test.amount", dt.date(2019, 12, 31), ("411003", "national"))
    err = info.value
    assert (err.path, err.jurisdiction, err.on) == ("test.amount", "411003", dt.date(2019, 12, 31))
    assert "2020-01-01" in str(err)


def test_not_set_anywhere_is_its_own_error() -> None:
    ps = build(HEAD)
    with pytest.raises(ParameterNotSetError) as info:
        ps.resolve("test.amount", dt.date(2020, 1, 1), ("411003", "national"))
    assert info.value.division == "411003"


def test_annual_values_lapse_after_their_year() -> None:
    text = (
        HEAD.replace('floor = "national"', "")
        + """
[[value]]
parameter = "test.amount"
jurisdiction = "national"
year = 2023
provenance = "secondary"
sources = ["a", "b"]
value = 51821
"""
    )
    ps = build(text)
    assert ps.resolve("test.amount", dt.date(2023, 12, 31), ()).compiled.scalar == 5182100
    # the 2024 figure is missing data, not law not yet in force: rules make it "undetermined"
    with pytest.raises(ParameterNotSetError, match="lapsed on 2023-12-31"):
        ps.resolve("test.amount", dt.date(2024, 1, 1), ())
    # before the series starts: also missing data (a statistic), not "not in force"
    with pytest.raises(ParameterNotSetError, match="earliest starts 2023-01-01"):
        ps.resolve("test.amount", dt.date(2022, 12, 31), ())


def test_local_value_below_national_floor_is_raised_to_it() -> None:
    ps = build(HEAD + value("national", "2020-01-01", "100") + value("411003", "2020-01-01", "90"))
    res = ps.resolve("test.amount", dt.date(2020, 2, 1), ("411003", "national"))
    assert res.compiled.scalar == 10000
    assert res.floor is not None and res.jurisdiction == "411003"


def test_what_if_layer_is_new_and_keeps_history() -> None:
    base = build(
        HEAD + value("national", "2020-01-01", "100") + value("national", "2022-01-01", "120")
    )
    f = load_parameter_text(value("national", "2021-07-01", "150"), "layer", "what-if")
    decl = base.declaration("test.amount")
    layer = base.with_layer([parse_value(decl, f.values[0], "layer", "value[0]", "what-if")])
    at = lambda ps, d: ps.resolve("test.amount", d, ()).compiled.scalar  # noqa: E731
    assert at(layer, dt.date(2021, 6, 30)) == 10000  # history before the layer is kept
    assert at(layer, dt.date(2021, 7, 1)) == 15000
    assert at(layer, dt.date(2023, 1, 1)) == 15000  # later base values are superseded
    assert at(base, dt.date(2023, 1, 1)) == 12000  # the base is untouched


def test_ratio_and_rounding_values() -> None:
    text = """
[[parameter]]
path = "test.share"
label = "比例"
unit = "ratio"
[[parameter]]
path = "test.round"
label = "取整"
unit = "rounding"
[[value]]
parameter = "test.share"
jurisdiction = "national"
effective_from = 2020-01-01
provenance = "official"
sources = ["条例"]
value = "12.5%"
[[value]]
parameter = "test.round"
jurisdiction = "national"
effective_from = 2020-01-01
provenance = "example"
value = { unit = "5", mode = "up" }
"""
    ps = build(text)
    assert ps.resolve("test.share", dt.date(2021, 1, 1), ()).compiled.scalar == Fraction(1, 8)
    pol = ps.resolve("test.round", dt.date(2021, 1, 1), ()).compiled.scalar
    assert pol.describe() == "按5元向上进位"
    assert ps.resolve("test.round", dt.date(2021, 1, 1), ()).value.provenance is Provenance.EXAMPLE


@pytest.mark.parametrize(
    ("text", "key", "reason"),
    [
        (HEAD + value("national", "2020-01-01", "100", extra='colour = "red"'), "colour", "extra"),
        (HEAD.replace('unit = "yuan/year"\n', ""), "unit", "required"),
        (HEAD.replace("yuan/year", "dollars"), "parameter[0].unit", "unknown unit"),
        (
            HEAD + value("national", "2020-01-01", "100").replace('"100"', "100.5"),
            "value[0].value",
            "float",
        ),
        (HEAD + value("national", "2020-01-01", "12.345"), "value[0].value", "2 decimals"),
        (
            HEAD + value("national", "2020-01-01", "100", prov="rumour"),
            "value[0].provenance",
            "unknown provenance",
        ),
        (
            HEAD
            + value("national", "2020-01-01", "100", prov="official").replace(
                'sources = ["s"]', ""
            ),
            "value[0].sources",
            "must name its sources",
        ),
        (HEAD + value("4110", "2020-01-01", "100"), "value[0].jurisdiction", "6-digit"),
        (HEAD + "[[value]\n", "(toml)", "line"),
    ],
)
def test_bad_files_name_the_key_and_reason(text: str, key: str, reason: str) -> None:
    with pytest.raises(ParameterFileError) as info:
        build(text)
    err = info.value
    assert err.source == "test.toml"
    assert key in err.key or key in str(err)
    assert reason in str(err)


def test_unsorted_and_overlapping_dates_are_load_errors() -> None:
    with pytest.raises(ParameterFileError, match="unsorted"):
        build(HEAD + value("national", "2021-01-01", "100") + value("national", "2020-01-01", "90"))
    text = (
        HEAD
        + value("national", "2020-01-01", "100", extra="effective_to = 2021-06-30")
        + value("national", "2021-01-01", "110")
    )
    with pytest.raises(ParameterFileError, match="overlapping"):
        build(text)


TABLE = """
[[parameter]]
path = "test.table"
label = "表"
unit = "yuan/year"
dimensions = [{ name = "cause", values = ["combat", "duty"] }, { name = "level", values = [1, 2] }]
[[value]]
parameter = "test.table"
jurisdiction = "national"
effective_from = 2020-01-01
provenance = "example"
table = TABLE
"""


def test_tables_compile_to_dense_arrays_with_a_mask() -> None:
    ps = build(TABLE.replace("TABLE", '{ combat = ["10", "-"], duty = ["30", "40"] }'))
    comp = ps.resolve("test.table", dt.date(2020, 1, 1), ()).compiled
    assert comp.cells.tolist() == [[1000, 0], [3000, 4000]]
    assert comp.mask.tolist() == [[True, False], [True, True]]


@pytest.mark.parametrize(
    "table",
    [
        '{ combat = ["10", "20"] }',  # a missing row
        '{ combat = ["10"], duty = ["30", "40"] }',  # a short row
        '{ combat = ["10", "20"], duty = ["30", "40"], illness = ["1", "2"] }',  # an extra row
    ],
)
def test_wrong_table_shapes_are_load_errors(table: str) -> None:
    with pytest.raises(ParameterFileError, match="wrong table shape"):
        build(TABLE.replace("TABLE", table))
