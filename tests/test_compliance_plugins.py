"""Extensibility: a plugin adds checklists, items and divisions, replaces an item with a reason,
and re-weights items through parameters — and every finding shows what it changed."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from test_compliance_support import DIV, activity, doc, group, make_engine, need

from shuangyong import hookimpl
from shuangyong.compliance import (
    Activity,
    Checklist,
    ChecklistRegistry,
    EvidenceSet,
    Item,
    ItemContext,
    Outcome,
    PointsRef,
    Section,
    State,
    assess,
)
from shuangyong.compliance.kinds import ActivityKind
from shuangyong.errors import DuplicateRegistrationError, PluginError

POINTS_TOML = """
[[parameter]]
path = "district_test.points"
label = "区级特色项目分值"
unit = "points"

[[value]]
parameter = "district_test.points"
jurisdiction = "411003"
effective_from = 2020-01-01
provenance = "example"
value = "3"

[[value]]
parameter = "five_inclusions.points"
jurisdiction = "411003"
effective_from = 2020-01-01
provenance = "example"
note = "本区加重经费一项"

[value.table]
development_plan = "2"
party_agenda = "2"
fiscal_budget = "4"
performance_assessment = "2"
defense_education = "2"
"""

OVERRIDE_TOML = """
[[value]]
parameter = "needs_lists.resolution_days"
jurisdiction = "national"
effective_from = 2020-01-01
provenance = "example"
value = 30
"""


def _visits(ctx: ItemContext) -> Outcome:
    held = [
        a
        for a in ctx.evidence.of_type(Activity)
        if a.kind is ActivityKind.VISIT and ctx.in_year(a.date)
    ]
    return Outcome.of_parts([(len(held) >= 2, "缺少：春节、八一两次走访慰问")], held)


def _ledger(ctx: ItemContext) -> Outcome:
    return Outcome.of_parts([(False, "缺少：区级双拥台账")])


def _deputy(ctx: ItemContext) -> Outcome:
    return Outcome(Fraction(1), notes=("本区由常务副区长任副组长",))


class District:
    __name__ = "district_test"
    __distribution__ = "district-test"
    __version__ = "1.0"

    @hookimpl
    def register_checklists(self, registry: Any) -> None:
        item = Item(
            id="district_test.visits",
            label="春节、八一走访慰问",
            evaluate=_visits,
            points=PointsRef("district_test.points"),
        )
        registry.add(
            Checklist(
                id="district_test",
                label="区级特色",
                sections=(Section(id="visits", label="走访慰问", items=(item,)),),
            )
        )
        registry.add_items(
            "five_inclusions",
            "five_inclusions",
            Item(
                id="five_inclusions.district_ledger",
                label="建立区级双拥台账",
                evaluate=_ledger,
                points=PointsRef("district_test.points"),
            ),
        )
        registry.override_item(
            "leading_group",
            Item(id="leading_group.deputy", label="副组长（本区规定）", evaluate=_deputy),
            reason="本区由常务副区长任副组长（区委文件）",
        )

    @hookimpl
    def register_parameters(self, registry: Any) -> None:
        registry.add_text(POINTS_TOML, source="district_test")
        registry.add_text(OVERRIDE_TOML, source="district_test", override_reason="本区时限为30日")

    @hookimpl
    def register_divisions(self, registry: Any) -> None:
        registry.add("411003209", "测试新设乡", "township", DIV)


ENGINE = make_engine(District())


def test_plugin_checklist_and_points_parameter() -> None:
    ev = EvidenceSet.of(activity("A1", "visit"), activity("A2", "visit", "2024-08-01"))
    a = assess(ENGINE, "district_test", ev, division=DIV, year=2024)
    f = a.finding("district_test.visits")
    assert f.state is State.MET and f.earned == 3
    assert f.supplied_by == "district-test 1.0"


def test_items_added_to_another_plugins_checklist() -> None:
    a = assess(ENGINE, "five_inclusions", EvidenceSet.of(), division=DIV, year=2024)
    f = a.finding("five_inclusions.district_ledger")
    assert f.state is State.NOT_MET and f.supplied_by == "district-test 1.0"
    assert a.finding("five_inclusions.fiscal_budget").supplied_by != "district-test 1.0"


def test_reweighting_by_jurisdiction_shows_in_the_finding() -> None:
    a = assess(ENGINE, "five_inclusions", EvidenceSet.of(), division=DIV, year=2024)
    f = a.finding("five_inclusions.fiscal_budget")
    assert f.possible == 4
    use = f.parameters[0]
    assert use.jurisdiction == DIV and use.national == "2分" and use.overridden
    assert any("全国值 2分" in o for o in f.overrides)
    assert "全国值为 2分" in a.render_text()
    # the other items keep their points
    assert a.finding("five_inclusions.party_agenda").possible == 2


def test_declared_parameter_override_shows_its_reason() -> None:
    ev = EvidenceSet.of(need("N1", "civil", "2024-01-01", "2024-02-15"))  # 45 days
    a = assess(ENGINE, "needs_lists", ev, division=DIV, year=2024)
    f = a.finding("needs_lists.resolution")
    assert f.state is State.NOT_MET  # late under 30 days, in time under the national 90
    assert any("本区时限为30日" in o for o in f.overrides)


def test_item_override_shows_who_and_why() -> None:
    a = assess(ENGINE, "leading_group", EvidenceSet.of(group()), division=DIV, year=2024)
    f = a.finding("leading_group.deputy")
    assert f.label == "副组长（本区规定）"
    assert f.overrides and "本区由常务副区长任副组长（区委文件）" in f.overrides[0]
    assert "district-test 1.0" in f.overrides[0]


def test_plugin_divisions_feed_coverage() -> None:
    assert "411003209" in ENGINE.divisions
    a = assess(ENGINE, "service_station", EvidenceSet.of(), division=DIV, year=2024)
    assert any("测试新设乡" in g for g in a.finding("service_station.coverage").gaps)


def _registry(*calls: tuple[str, str, Any, dict[str, Any]]) -> ChecklistRegistry:
    reg = ChecklistRegistry()
    for supplier, method, args, kw in calls:
        getattr(reg.bind(supplier), method)(*args, **kw)
    return reg


_ITEM = Item(id="x.a", label="甲", evaluate=_ledger)
_LIST = Checklist(id="x", label="清单", sections=(Section(id="s", label="节", items=(_ITEM,)),))


def test_registry_conflicts_name_both_suppliers() -> None:
    with pytest.raises(DuplicateRegistrationError, match="p1 and p2"):
        _registry(("p1", "add", (_LIST,), {}), ("p2", "add", (_LIST,), {})).finish()
    with pytest.raises(DuplicateRegistrationError, match="item override"):
        _registry(
            ("p1", "add", (_LIST,), {}),
            ("p2", "override_item", ("x", _ITEM), {"reason": "r"}),
            ("p3", "override_item", ("x", _ITEM), {"reason": "r"}),
        ).finish()
    with pytest.raises(DuplicateRegistrationError, match="item of x"):
        _registry(("p1", "add", (_LIST,), {}), ("p2", "add_items", ("x", "s", _ITEM), {})).finish()


def test_registry_rejects_additions_to_unknown_targets() -> None:
    with pytest.raises(PluginError, match="no plugin registers that checklist"):
        _registry(("p1", "add_items", ("nope", "s", _ITEM), {})).finish()
    with pytest.raises(PluginError, match="no such section"):
        _registry(("p1", "add", (_LIST,), {}), ("p2", "add_items", ("x", "t", _ITEM), {})).finish()
    other = Item(id="x.b", label="乙", evaluate=_ledger)
    with pytest.raises(PluginError, match="no such item"):
        _registry(
            ("p1", "add", (_LIST,), {}), ("p2", "override_item", ("x", other), {"reason": "r"})
        ).finish()
    with pytest.raises(PluginError, match="needs a reason"):
        _registry(("p1", "override_item", ("x", _ITEM), {"reason": " "}))
    with pytest.raises(PluginError, match="expects Checklist"):
        _registry(("p1", "add", ("x",), {}))


def test_an_outcome_must_state_its_gaps() -> None:
    with pytest.raises(ValueError, match="state its gaps"):
        Outcome(Fraction(1, 2))
    with pytest.raises(ValueError, match="cannot have gaps"):
        Outcome(Fraction(1), gaps=("缺少：x",))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        Outcome(Fraction(3, 2), gaps=("x",))


def test_document_helper_is_used() -> None:
    # keeps the shared helper honest about jurisdiction defaults
    assert doc("D", "other").jurisdiction.code == DIV
