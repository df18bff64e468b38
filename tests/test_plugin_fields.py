"""``register_fields``: a plugin adds input fields its rules read (issue 11 §2).

The test plugin encodes an illustrative county rule (made up for this test, like its figure):
a monthly 困难补助 for disabled veterans whose county-assessed hardship grade (a local field,
0–3, not a national fact) is 2 or more, 300.00元 at grade 3 and 150.00元 at grade 2. The field
has a type, a Chinese label and bounds; the engine converts it per case and in batch, rejects a
bad value naming the field, and lists it in its JSON Schema. Another engine without the plugin
knows nothing of the field.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from shuangyong import Engine
from shuangyong.authoring import (
    BoolColumn,
    Citation,
    Condition,
    Context,
    DuplicateRegistrationError,
    FenColumn,
    Field,
    FieldKind,
    InvalidValueError,
    PaymentPeriod,
    Rule,
    RuleKind,
    hookimpl,
    where,
)
from shuangyong.errors import BatchInputError
from shuangyong.schemas import input_row_schema

ON = dt.date(2025, 3, 1)
BASIS = Citation("军人抚恤优待条例", "第31条", edition="2024", paragraph="第2款")
RULE = "testcounty.hardship_grant"
GRADE = Field(
    "local_hardship_grade", FieldKind.INT, "本地困难等级（县评定）", min=0, max=3, default=0
)

PARAMETERS = """
[[parameter]]
path = "testcounty.hardship_grant.amount"
label = "困难补助（测试）"
unit = "yuan/month"
citations = [{ document = "军人抚恤优待条例", edition = "2024", article = "第31条" }]

[[value]]
parameter = "testcounty.hardship_grant.amount"
jurisdiction = "national"
effective_from = 2024-10-01
provenance = "example"
note = "测试数字"
value = "300"
"""


def _hard(c: Context) -> BoolColumn:
    return c["local_hardship_grade"] >= 2


def _graded(c: Context) -> BoolColumn:
    return c["disability_level"] > 0


def _amount(c: Context) -> FenColumn:
    full = c.param("testcounty.hardship_grant.amount")
    return where(c["local_hardship_grade"] == 3, full, full // 2)


GRANT = Rule(
    id=RULE,
    label="困难补助（测试）",
    kind=RuleKind.BENEFIT,
    version="2024-10-01",
    effective_from=dt.date(2024, 10, 1),
    citations=(BASIS,),
    reads=("disability_level", "local_hardship_grade"),
    parameters=("testcounty.hardship_grant.amount",),
    conditions=(
        Condition("graded", "已评定残疾等级", _graded, reason_failed="未评残", citation=BASIS),
        Condition(
            "hardship",
            "本地困难等级二级以上",
            _hard,
            reason_failed="困难等级不足二级",
            citation=BASIS,
        ),
    ),
    amount=_amount,
    period=PaymentPeriod.MONTH,
)


def _plugin(name: str, *fields: Field, rules: tuple[Rule, ...] = ()) -> types.ModuleType:
    mod = types.ModuleType(name)
    mod.__version__ = "1.0"  # type: ignore[attr-defined]

    @hookimpl
    def register_fields(registry: Any) -> None:
        registry.add(*fields)

    mod.register_fields = register_fields  # type: ignore[attr-defined]
    if rules:

        @hookimpl
        def register_rules(registry: Any) -> None:
            registry.add(*rules)

        @hookimpl
        def register_parameters(registry: Any) -> None:
            registry.add_text(PARAMETERS, source=f"{name}.toml")

        mod.register_rules = register_rules  # type: ignore[attr-defined]
        mod.register_parameters = register_parameters  # type: ignore[attr-defined]
    return mod


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create(entry_points=False, plugins=[_plugin("testcounty", GRADE, rules=(GRANT,))])


def _row(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "household_division": "110101",
        "disability_level": 2,
        "disability_cause": "combat",
    }
    row.update(changes)
    return row


@pytest.mark.parametrize(
    ("grade", "eligible", "yuan"),
    [(3, True, "300.00"), (2, True, "150.00"), (1, False, "0"), (None, False, "0")],
)
def test_per_case_reads_the_plugin_field(
    engine: Engine, grade: int | None, eligible: bool, yuan: str
) -> None:
    """Grade 3 → 300.00, grade 2 → 150.00 (300 ÷ 2), grade 1 → ineligible; absent → the
    declared default 0 → ineligible."""
    row = _row() if grade is None else _row(local_hardship_grade=grade)
    result = engine.evaluate(row, on=ON, rules=[RULE])[RULE]
    assert result.eligible is eligible
    assert Decimal(result.amount.amount) == Decimal(yuan)


def test_batch_equals_per_case(engine: Engine) -> None:
    grades = [3, 2, 1, 0, 3]
    table = {
        "household_division": np.array(["110101"] * 5, dtype=object),
        "disability_level": np.array([2, 2, 2, 2, 0]),
        "disability_cause": np.array(["combat"] * 4 + [None], dtype=object),
        "local_hardship_grade": np.array(grades),
    }
    batch = engine.evaluate_batch(table, on=ON, rules=[RULE])
    assert batch.errors == ()
    assert list(batch[RULE].amount_fen) == [30000, 15000, 0, 0, 0]
    for i in range(len(grades)):
        row = {k: v[i] for k, v in table.items()}
        one = engine.evaluate(row, on=ON, rules=[RULE])[RULE]
        assert int(Decimal(one.amount.amount) * 100) == int(batch[RULE].amount_fen[i])


def test_a_bad_value_names_the_field_per_case_and_in_batch(engine: Engine) -> None:
    with pytest.raises(InvalidValueError) as exc:
        engine.evaluate(_row(local_hardship_grade=7), on=ON, rules=[RULE])
    assert exc.value.field == "local_hardship_grade" and exc.value.value == 7
    batch = engine.evaluate_batch(
        {
            "household_division": np.array(["110101"] * 2, dtype=object),
            "disability_level": np.array([2, 2]),
            "disability_cause": np.array(["combat", "combat"], dtype=object),
            "local_hardship_grade": np.array([3, 4]),
        },
        on=ON,
        rules=[RULE],
    )
    assert [(e.row, e.field, e.value) for e in batch.errors] == [(1, "local_hardship_grade", 4)]
    assert int(batch[RULE].amount_fen[0]) == 30000


def test_prepared_population_sees_the_field(engine: Engine) -> None:
    prepared = engine.prepare(
        {
            "household_division": np.array(["110101"], dtype=object),
            "disability_level": np.array([1]),
            "disability_cause": np.array(["duty"], dtype=object),
            "local_hardship_grade": np.array([3]),
        }
    )
    assert list(engine.evaluate_batch(prepared, on=ON, rules=[RULE])[RULE].amount_fen) == [30000]


def test_json_schema_lists_the_plugin_field(engine: Engine) -> None:
    props = input_row_schema(engine)["properties"]
    assert props["local_hardship_grade"] == {
        "type": "integer",
        "minimum": 0,
        "maximum": 3,
        "description": "本地困难等级（县评定）",
    }
    assert "local_hardship_grade" not in input_row_schema()["properties"]


def test_fields_are_per_engine(engine: Engine) -> None:
    """An engine without the plugin does not know the field (no module-level registry)."""
    plain = Engine.create(entry_points=False)
    assert "local_hardship_grade" in engine.fields
    assert "local_hardship_grade" not in plain.fields
    with pytest.raises(BatchInputError, match="local_hardship_grade"):
        plain.evaluate(_row(local_hardship_grade=3), on=ON)


def test_a_field_registered_by_two_plugins_names_both() -> None:
    with pytest.raises(DuplicateRegistrationError) as exc:
        Engine.create(
            entry_points=False, plugins=[_plugin("county_a", GRADE), _plugin("county_b", GRADE)]
        )
    assert exc.value.ident == "local_hardship_grade"
    assert {exc.value.first, exc.value.second} == {"county_a 1.0", "county_b 1.0"}


def test_a_plugin_field_shadowing_a_national_field_is_an_error() -> None:
    shadow = Field("disability_level", FieldKind.INT, "残疾等级（本地）", min=0, max=12, default=0)
    with pytest.raises(DuplicateRegistrationError, match="disability_level") as exc:
        Engine.create(entry_points=False, plugins=[_plugin("county_c", shadow)])
    assert exc.value.second == "county_c 1.0"


class _Colour(enum.Enum):
    RED = "red"


@pytest.mark.parametrize(
    ("field", "attr"),
    [
        (Field("Bad Name", FieldKind.INT, "坏名字"), "name"),
        (Field("no_label", FieldKind.INT, " "), "label"),
        (Field("enum_without_values", FieldKind.ENUM, "无取值"), "enum_type"),
        (Field("int_with_enum", FieldKind.INT, "整数", enum_type=_Colour), "enum_type"),
        (Field("bounds_reversed", FieldKind.INT, "范围", min=3, max=1), "max"),
        (Field("bad_default", FieldKind.INT, "默认", min=0, max=3, default=9), "default"),
        (
            Field("list_default", FieldKind.FLAGS, "多选", enum_type=_Colour, default=["red"]),
            "default",
        ),
        (
            Field("enum_bad_default", FieldKind.ENUM, "颜色", enum_type=_Colour, default="blue"),
            "default",
        ),
    ],
)
def test_an_invalid_field_is_refused_naming_it(field: Field, attr: str) -> None:
    with pytest.raises(InvalidValueError) as exc:
        Engine.create(entry_points=False, plugins=[_plugin("county_d", field)])
    assert exc.value.field == f"{field.name}.{attr}"
    assert "county_d 1.0" in str(exc.value)


def test_an_enum_field_converts_and_is_in_the_schema() -> None:
    colour = Field("local_colour", FieldKind.ENUM, "颜色（测试）", nullable=True, enum_type=_Colour)
    engine = Engine.create(entry_points=False, plugins=[_plugin("county_e", colour)])
    assert input_row_schema(engine)["properties"]["local_colour"]["anyOf"][0]["enum"] == ["red"]
    with pytest.raises(InvalidValueError) as exc:
        engine.evaluate({**_row(), "local_colour": "blue"}, on=ON)
    assert exc.value.field == "local_colour"


# The same county plugin as a module file, for the command line.
PLUGIN_FILE = """
from shuangyong.authoring import Field, FieldKind, hookimpl


@hookimpl
def register_fields(registry):
    label = "本地困难等级（县评定）"
    registry.add(Field("local_hardship_grade", FieldKind.INT, label, min=0, max=3, default=0))
"""


def _cli(tmp_path: Any, *args: str) -> Any:
    import os
    import subprocess
    import sys
    from pathlib import Path

    (tmp_path / "county_fields.py").write_text(PLUGIN_FILE, encoding="utf-8")
    src = Path(__file__).resolve().parent.parent / "src"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(src), str(tmp_path)]),
        "PYTHONIOENCODING": "utf-8",
        "SHUANGYONG_LOAD_PLUGINS": "",
    }
    return subprocess.run(
        [sys.executable, "-m", "shuangyong", "--plugin", "county_fields", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_the_cli_lists_reads_and_checks_a_plugin_field(tmp_path: Any) -> None:
    listed = _cli(tmp_path, "fields")
    assert listed.returncode == 0, listed.stderr
    line = next(x for x in listed.stdout.splitlines() if "local_hardship_grade" in x)
    assert "本地困难等级（县评定）" in line and "0–3" in line

    person = tmp_path / "p.toml"
    person.write_text(
        'household_division = "110101"\nbirth_date = 1990-01-01\nsex = "male"\n'
        "local_hardship_grade = 9\n",
        encoding="utf-8",
    )
    bad = _cli(tmp_path, "explain", str(person), "--on", "2025-03-01")
    assert bad.returncode == 2
    assert "local_hardship_grade" in bad.stderr and "9" in bad.stderr
