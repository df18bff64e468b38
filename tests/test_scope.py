"""Scope: a district plugin's rules, overrides and values apply only within its divisions.

Two provincial test plugins — 河南省 (410000, next to the shipped Henan plugin) and 湖北省
(420000) — each override the 2024 残疾抚恤金 (《军人抚恤优待条例》2024 第31条) for their own
province with a monthly top-up set in their own parameter file, and 湖北 also sets the national
``disability_pension.rounding`` for itself. Installed side by side they never change each
other's results, on any path; a third province sees only the national rule.
"""

from __future__ import annotations

import datetime as dt
import types
from typing import Any

import attrs
import numpy as np
import pytest
import shuangyong_henan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuangyong import Engine, hookimpl
from shuangyong.errors import DuplicateRegistrationError, PluginError, ScopeError
from shuangyong.policy.context import Context
from shuangyong.testing.populations import rows as member_rows

RULE = "disability_pension"
ON = dt.date(2025, 3, 1)
HN_REASON = "河南测试：残疾抚恤金另加测试补助（示例）"
HB_REASON = "湖北测试：残疾抚恤金另加测试补助（示例）"
JIANAN, ZHENGZHOU, WUHAN, BEIJING, GUANGZHOU = "411003", "410102", "420102", "110101", "440106"


def _national_2024() -> Any:
    return Engine.create(entry_points=False).rule(RULE, ON).rule


def top_up_toml(name: str, code: str, yuan: str, rounding: bool) -> str:
    path = f"scope_test.{name}.top_up"
    text = f"""
[[parameter]]
path = "{path}"
label = "测试补助（{name}，示例）"
unit = "yuan/month"
description = "测试用的残疾抚恤金补助，仅用于检验插件的适用范围。"
citations = [{{ document = "军人抚恤优待条例", edition = "2024", article = "第31条" }}]

[[value]]
parameter = "{path}"
jurisdiction = "{code}"
effective_from = 2024-10-01
provenance = "example"
note = "示例数额，仅供测试。"
value = "{yuan}"
"""
    if rounding:
        text += f"""
[[value]]
parameter = "disability_pension.rounding"
jurisdiction = "{code}"
effective_from = 2024-10-01
provenance = "example"
note = "示例：向上进位到整元，仅供测试。"
value = {{ unit = "1", mode = "up" }}
"""
    return text


def province_plugin(name: str, code: str, yuan: str, reason: str, rounding: bool = False) -> Any:
    """A provincial plugin serving ``code`` that overrides the 2024 残疾抚恤金 there."""
    base = _national_2024()
    path = f"scope_test.{name}.top_up"
    national_amount = base.amount

    def amount(c: Context) -> Any:
        return national_amount(c) + c.param(path)

    rule = attrs.evolve(
        base, label=f"残疾抚恤金（{name}测试）", parameters=(*base.parameters, path), amount=amount
    )
    mod = types.ModuleType(f"scope_test_{name}")
    mod.__version__ = "1.0"  # type: ignore[attr-defined]

    @hookimpl
    def register_scope(registry: Any) -> None:
        registry.serve(code)

    @hookimpl
    def register_rules(registry: Any) -> None:
        registry.override(rule, reason=reason)

    @hookimpl
    def register_parameters(registry: Any) -> None:
        registry.add_text(top_up_toml(name, code, yuan, rounding), source=f"{name}.toml")

    mod.register_scope = register_scope  # type: ignore[attr-defined]
    mod.register_rules = register_rules  # type: ignore[attr-defined]
    mod.register_parameters = register_parameters  # type: ignore[attr-defined]
    return mod


def _engine(*plugins: Any) -> Engine:
    return Engine.create(entry_points=False, plugins=list(plugins))


@pytest.fixture(scope="module")
def engines() -> dict[str, Engine]:
    hn = province_plugin("henan", "410000", "100", HN_REASON)
    hb = province_plugin("hubei", "420000", "50.50", HB_REASON, rounding=True)
    return {
        "national": _engine(),
        "henan": _engine(shuangyong_henan, hn),
        "hubei": _engine(hb),
        "both": _engine(shuangyong_henan, hn, hb),
        "henan_plugin_only": _engine(shuangyong_henan),
    }


def veteran(division: str, **changes: Any) -> dict[str, Any]:
    """A discharged 因战 grade-4 disabled conscript (synthetic)."""
    row: dict[str, Any] = {
        "person_id": f"synthetic-{division}",
        "birth_date": "1990-01-01",
        "household_division": division,
        "service_kind": "conscript",
        "enlisted_on": "2010-09-01",
        "discharged_on": "2012-09-01",
        "disability_level": 4,
        "disability_cause": "combat",
        "disability_assessed_on": "2012-05-01",
        "disability_approved_on": "2012-06-01",
    }
    row.update(changes)
    return row


HENAN_ROWS = [veteran(JIANAN), veteran(ZHENGZHOU, disability_level=6, disability_cause="duty")]
HUBEI_ROWS = [veteran(WUHAN), veteran(WUHAN, disability_level=9, disability_cause="illness")]
OTHER_ROWS = [veteran(BEIJING), veteran(GUANGZHOU, disability_level=2)]


def _dicts(
    engine: Engine, row: dict[str, Any], only: Engine, on: dt.date = ON
) -> list[dict[str, Any]]:
    """The row's results (of the rules ``only`` has) as data, without the list of loaded
    plugins (which differs). The other plugin's *local* rules are results too — not covering
    the row, as :func:`_not_covered` checks."""
    out = []
    ids = set(only.rule_ids())
    for r in engine.evaluate(row, on).results:
        if r.rule_id not in ids:
            assert _not_covered(r), r.rule_id
            continue
        d = r.to_dict()
        d.pop("plugins")
        out.append(d)
    return out


def _not_covered(r: Any) -> bool:
    return bool(r.status.value == "ineligible" and r.failed_condition == "in_jurisdiction")


def _scheduled(engine: Engine, row: dict[str, Any]) -> list[tuple[Any, ...]]:
    sched = engine.schedule(row, "2024-09-01", "2025-02-28", rules=[RULE])
    return [
        (str(x.first), x.due, None if x.amount is None else x.amount.fen, x.result.jurisdiction)
        for x in sched.lines
    ]


# -- the override applies in its province, the national rule elsewhere --------------------------
def test_the_provincial_override_pays_its_top_up_only_in_its_province(
    engines: dict[str, Engine],
) -> None:
    """The Henan override = the national 2024 amount (第31条, the 2024 standard) + 100.00元;
    Jianan's own rounding (the shipped Henan plugin, 411003) applies to both."""
    both, plain = engines["both"], engines["henan_plugin_only"]
    for row in HENAN_ROWS:
        got = both.evaluate(row, ON, rules=[RULE])[RULE]
        national = plain.evaluate(row, ON, rules=[RULE])[RULE]
        assert got.amount is not None and national.amount is not None
        assert got.amount.fen - national.amount.fen == 100_00
        assert got.jurisdiction == "410000" and got.jurisdiction_name == "河南省"
        assert got.override is not None and got.override.reason == HN_REASON
        text = got.explain()
        assert "适用：河南省规则（2024-10-01 版）" in text
        assert HN_REASON in text and HB_REASON not in text
        d = got.to_dict()
        assert (d["jurisdiction"], d["jurisdiction_name"]) == ("410000", "河南省")
    for row in OTHER_ROWS:
        got = both.evaluate(row, ON, rules=[RULE])[RULE]
        assert got.override is None and got.supplied_by.startswith("shuangyong ")
        assert (got.jurisdiction, got.jurisdiction_name) == ("national", "全国")
        assert "适用：" not in got.explain()


def test_before_the_override_takes_effect_the_national_version_applies(
    engines: dict[str, Engine],
) -> None:
    got = engines["both"].evaluate(HENAN_ROWS[0], "2024-09-15", rules=[RULE])[RULE]
    assert got.version == "2019-03-02" and got.jurisdiction == "national"
    assert got.override is None


# -- side by side: neither province changes the other's results ---------------------------------
@pytest.mark.parametrize(
    ("rows", "alone"),
    [(HENAN_ROWS, "henan"), (HUBEI_ROWS, "hubei"), (OTHER_ROWS, "national")],
)
def test_two_provinces_side_by_side_never_change_each_others_results(
    engines: dict[str, Engine], rows: list[dict[str, Any]], alone: str
) -> None:
    both, one = engines["both"], engines[alone]
    for row in rows:
        assert _dicts(both, row, one) == _dicts(one, row, one)
        assert _scheduled(both, row) == _scheduled(one, row)
    ids = set(one.rule_ids())
    many_both = [
        [r.to_dict() for r in ev.results if r.rule_id in ids] for ev in both.evaluate_many(rows, ON)
    ]
    many_one = [[r.to_dict() for r in ev.results] for ev in one.evaluate_many(rows, ON)]
    for a, b in zip(many_both, many_one, strict=True):
        for x, y in zip(a, b, strict=True):
            x.pop("plugins"), y.pop("plugins")
        assert a == b
    batch_both = both.evaluate_batch(_table(rows), ON)
    batch_one = one.evaluate_batch(_table(rows), ON)
    for rid, rc in batch_one.rules.items():
        other = batch_both[rid]
        assert np.array_equal(rc.status, other.status), rid
        if rc.amount_fen is not None:
            assert np.array_equal(rc.amount_fen, other.amount_fen), rid  # type: ignore[arg-type]
        assert rc.failed_condition().tolist() == other.failed_condition().tolist(), rid


def test_a_third_provinces_explanations_mention_neither_override(
    engines: dict[str, Engine],
) -> None:
    for row in OTHER_ROWS:
        for r in engines["both"].evaluate(row, ON).results:
            text = r.explain()
            assert "声明覆盖" not in text and HN_REASON not in text and HB_REASON not in text
            assert "适用：" not in text or r.rule_id.startswith("henan.")
            assert r.to_dict()["override"] is None


# -- batch: rows routed by division, scattered back ---------------------------------------------
def _table(rows: list[dict[str, Any]]) -> dict[str, Any]:
    keys = sorted({k for r in rows for k in r})
    out = {}
    for k in keys:
        col = np.empty(len(rows), dtype=object)
        for i, r in enumerate(rows):
            col[i] = r.get(k)
        out[k] = col
    return out


def test_batch_routes_mixed_rows_and_equals_each_row_alone(engines: dict[str, Engine]) -> None:
    both = engines["both"]
    rows = [HENAN_ROWS[0], OTHER_ROWS[0], HUBEI_ROWS[0], HENAN_ROWS[1], OTHER_ROWS[1]]
    rows += [HUBEI_ROWS[1]]
    batch = both.evaluate_batch(_table(rows), ON)
    each = [both.evaluate(row, ON) for row in rows]
    for rid, rc in batch.rules.items():
        failed = rc.failed_condition()
        for i in range(len(rows)):
            alone = each[i][rid]
            assert rc.status_names()[i] == alone.status.value, (rid, i)
            if rc.amount_fen is not None and alone.status.value == "eligible":
                assert alone.amount is not None and int(rc.amount_fen[i]) == alone.amount.fen
            assert failed[i] == alone.failed_condition, (rid, i)
    pension = batch[RULE]
    assert pension.variant is not None
    assert {pension.variants[k] for k in pension.variant.tolist()} == {
        ("national", "2024-10-01"),
        ("410000", "2024-10-01"),
        ("420000", "2024-10-01"),
    }
    # the prepared population gives the same columns
    again = both.evaluate_batch(both.prepare(_table(rows)), ON)[RULE]
    assert np.array_equal(again.amount_fen, pension.amount_fen)  # type: ignore[arg-type]


def test_batch_months_and_totals_route_by_division(engines: dict[str, Engine]) -> None:
    both = engines["both"]
    rows = [*HENAN_ROWS, *HUBEI_ROWS, *OTHER_ROWS]
    sched = both.evaluate_batch_months(_table(rows), "2024-09-01", "2025-02-28", rules=[RULE])
    pc = sched[RULE]
    for i, row in enumerate(rows):
        alone = both.schedule(row, "2024-09-01", "2025-02-28", rules=[RULE])
        want = sorted(
            (x.due, 0 if x.amount is None else x.amount.fen, x.result.jurisdiction)
            for x in alone.lines
        )
        mine = np.flatnonzero(pc.row == i)
        got = sorted(
            (
                pc.due[k].astype(dt.date),
                int(pc.amount_fen[k]) if pc.status[k] == 1 else 0,  # type: ignore[index]
                pc.jurisdictions[pc.version[k]],
            )
            for k in mine
        )
        assert got == want, row["household_division"]
    totals = both.evaluate_batch_months(
        _table(rows), "2024-09-01", "2025-02-28", rules=[RULE], keep_lines=False
    )
    mt = totals.totals[RULE]
    paid = int(pc.amount_fen[pc.status == 1].sum())  # type: ignore[index]
    assert int(mt.amount_fen[mt.status == 1].sum()) == paid


# -- a local rule outside its scope --------------------------------------------------------------
def test_a_local_rule_does_not_cover_rows_outside_its_scope_on_every_path(
    engines: dict[str, Engine],
) -> None:
    rid = "henan.jianan.hardship_supplement"
    eng = engines["both"]
    outside = HUBEI_ROWS[0]
    r = eng.evaluate(outside, ON, rules=[rid])[rid]
    assert r.status.value == "ineligible" and r.failed_condition == "in_jurisdiction"
    assert r.timing_failed is not None  # guidance, not a failing of the applicant
    assert "本规则仅适用于户籍地在许昌市建安区的人员" in r.summary_line()
    assert (r.jurisdiction, r.jurisdiction_name) == ("411003", "许昌市建安区")
    inside = eng.evaluate(HENAN_ROWS[0], ON, rules=[rid])[rid]
    assert inside.status.value == "eligible"
    batch = eng.evaluate_batch(_table([outside, HENAN_ROWS[0]]), ON, rules=[rid])[rid]
    assert batch.status_names().tolist() == ["ineligible", "eligible"]
    assert batch.failed_condition().tolist() == ["in_jurisdiction", None]
    many = eng.evaluate_many([outside], ON, rules=[rid])[0][rid]
    assert many.failed_condition == "in_jurisdiction"
    pc = eng.evaluate_batch_months(_table([outside]), "2025-01-01", "2025-02-28", rules=[rid])[rid]
    assert pc.status.tolist() == [0, 0]
    lines = eng.schedule(outside, "2025-01-01", "2025-02-28", rules=[rid]).lines
    assert [x.result.failed_condition for x in lines] == ["in_jurisdiction"] * 2


# -- the most specific version wins --------------------------------------------------------------
def test_a_city_override_wins_over_its_provinces_for_its_rows() -> None:
    city = province_plugin("xuchang", "411000", "7", "许昌测试：另加测试补助（示例）")
    hn = province_plugin("henan", "410000", "100", HN_REASON)
    eng = _engine(hn, city)
    plain = _engine()
    jianan = eng.evaluate(veteran(JIANAN), ON, rules=[RULE])[RULE]
    zhengzhou = eng.evaluate(veteran(ZHENGZHOU), ON, rules=[RULE])[RULE]
    beijing = eng.evaluate(veteran(BEIJING), ON, rules=[RULE])[RULE]
    national = plain.evaluate(veteran(JIANAN), ON, rules=[RULE])[RULE]
    assert jianan.jurisdiction == "411000" and jianan.amount is not None
    assert national.amount is not None
    assert jianan.amount.fen - national.amount.fen == 7_00
    assert zhengzhou.jurisdiction == "410000"
    assert beijing.jurisdiction == "national"
    assert "适用：许昌市规则（2024-10-01 版）" in jianan.explain()


# -- load errors -----------------------------------------------------------------------------------
def _plugin(name: str, **hooks: Any) -> Any:
    mod = types.ModuleType(name)
    mod.__version__ = "1.0"  # type: ignore[attr-defined]
    for k, v in hooks.items():
        setattr(mod, k, hookimpl(v))
    return mod


def _serve(code: str) -> Any:
    def register_scope(registry: Any) -> None:
        registry.serve(code)

    return register_scope


def test_a_rule_outside_the_declared_divisions_is_a_load_error_naming_plugin_item_and_code() -> (
    None
):
    base = _national_2024()

    def register_rules(registry: Any) -> None:
        registry.override(attrs.evolve(base, jurisdiction="410000"), reason="越界测试")

    plug = _plugin("hubei_bad", register_scope=_serve("420000"), register_rules=register_rules)
    with pytest.raises(ScopeError) as exc:
        _engine(plug)
    assert exc.value.plugin == "hubei_bad 1.0"
    assert exc.value.item == f"rule {RULE}"
    assert exc.value.code == "410000"
    assert "hubei_bad" in str(exc.value) and "410000" in str(exc.value)


def test_a_value_outside_the_declared_divisions_is_a_load_error() -> None:
    text = top_up_toml("hb", "410000", "1", rounding=False)

    def register_parameters(registry: Any) -> None:
        registry.add_text(text, source="hb.toml")

    plug = _plugin(
        "hubei_values", register_scope=_serve("420000"), register_parameters=register_parameters
    )
    with pytest.raises(ScopeError) as exc:
        _engine(plug)
    assert exc.value.code == "410000" and "hb.toml" in exc.value.item
    assert "scope_test.hb.top_up" in exc.value.item
    # a national value from a provincial plugin would reach every province: refused too
    national = text.replace('jurisdiction = "410000"', 'jurisdiction = "national"')

    def register_national(registry: Any) -> None:
        registry.add_text(national, source="hb.toml")

    plug = _plugin(
        "hubei_national", register_scope=_serve("420000"), register_parameters=register_national
    )
    with pytest.raises(ScopeError, match="national"):
        _engine(plug)


def test_scope_declarations_are_checked() -> None:
    with pytest.raises(ScopeError, match="429999"):
        _engine(_plugin("typo", register_scope=_serve("429999")))

    def twice(registry: Any) -> None:
        registry.serve("420000")
        registry.serve("410000")

    with pytest.raises(PluginError, match="once"):
        _engine(_plugin("twice", register_scope=twice))


def test_two_plugins_overriding_one_rule_for_the_same_division_name_both() -> None:
    a = province_plugin("a", "420000", "1", "甲")
    b = province_plugin("b", "420000", "2", "乙")
    with pytest.raises(DuplicateRegistrationError) as exc:
        _engine(a, b)
    assert {exc.value.first, exc.value.second} == {"scope_test_a 1.0", "scope_test_b 1.0"}


def test_a_scoped_plugin_adding_a_national_rule_id_must_declare_an_override() -> None:
    base = _national_2024()

    def register_rules(registry: Any) -> None:
        registry.add(base)

    with pytest.raises(DuplicateRegistrationError, match=RULE):
        _engine(_plugin("sneaky", register_scope=_serve("420000"), register_rules=register_rules))


def test_engine_create_checks_parameters_against_plugin_divisions() -> None:
    """A county code a plugin registers (not in the GB/T 2260 snapshot) is a valid
    jurisdiction for its values: the catalog is built before the parameters are finished."""
    new_county = "410199"

    def register_divisions(registry: Any) -> None:
        registry.add(new_county, "测试新区", "county", "410100")

    text = top_up_toml("newcounty", new_county, "3", rounding=False)

    def register_parameters(registry: Any) -> None:
        registry.add_text(text, source="newcounty.toml")

    plug = _plugin(
        "new_county",
        register_scope=_serve("410100"),
        register_divisions=register_divisions,
        register_parameters=register_parameters,
    )
    eng = _engine(plug)
    assert new_county not in Engine.create(entry_points=False).divisions
    assert new_county in eng.parameters.jurisdictions("scope_test.newcounty.top_up")


# -- property: batch equals per-case over generated people of several provinces ------------------
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(member_rows([JIANAN, ZHENGZHOU, WUHAN, BEIJING, GUANGZHOU]), min_size=2, max_size=6),
    st.dates(dt.date(2024, 1, 1), dt.date(2026, 6, 30)),
)
def test_batch_equals_per_case_across_scoped_plugins(
    engines: dict[str, Engine], rows: list[dict[str, Any]], on: dt.date
) -> None:
    both = engines["both"]
    batch = both.evaluate_batch(_table(rows), on, rules=[RULE])[RULE]
    failed = batch.failed_condition()
    for i, row in enumerate(rows):
        alone = both.evaluate(row, on, rules=[RULE])[RULE]
        assert batch.status_names()[i] == alone.status.value
        amount = int(batch.amount_fen[i]) if batch.amount_fen is not None else None
        if alone.status.value == "eligible":
            assert alone.amount is not None and amount == alone.amount.fen
        assert failed[i] == alone.failed_condition


# -- the ledger pays each county's people by the version that applies to them ---------------------
def test_a_ledger_run_pays_by_the_version_of_the_persons_province(
    engines: dict[str, Engine],
) -> None:
    from shuangyong.ledger import Ledger
    from shuangyong.storage import Fact, open_store

    person = "411003199001010011"
    row = {k: v for k, v in veteran(JIANAN).items() if k != "person_id"}
    row["township_division"] = "411003100"
    want = {
        name: engines[name].evaluate(veteran(JIANAN), "2025-01-01", rules=[RULE])[RULE]
        for name in ("both", "hubei")
    }
    for name in ("both", "hubei"):
        with open_store("memory://", entry_points=False) as store:
            store.add_facts([Fact(person, dt.date(2014, 6, 1), row)], actor="登记员")
            Ledger(engines[name], store, actor="经办人").run([RULE], "2025-01", "2025-01", JIANAN)
            (line,) = store.lines()
            expected = want[name]
            assert expected.amount is not None
            assert line.amount_fen == expected.amount.fen
            explanation = store.evaluation(line.explanation_digest).explanation
            assert explanation.get("jurisdiction", "national") == expected.jurisdiction
    # the Henan override pays this 建安区 person 100.00元 more than the shipped Henan plugin
    # alone (whose 建安区 rounding applies to both); 湖北's plugin changes nothing for them
    plain = engines["henan_plugin_only"].evaluate(veteran(JIANAN), "2025-01-01", rules=[RULE])
    assert want["both"].jurisdiction == "410000" and want["hubei"].jurisdiction == "national"
    assert want["both"].amount.fen - plain[RULE].amount.fen == 100_00  # type: ignore[union-attr]
    national = engines["national"].evaluate(veteran(JIANAN), "2025-01-01", rules=[RULE])[RULE]
    assert want["hubei"].amount == national.amount
