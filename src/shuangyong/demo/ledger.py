"""The store at work, for ``shuangyong demo``: a temporary SQLite store, a few SYNTHETIC people
with dated facts, monthly payment runs approved and paid, a death reported late and recovered,
and the totals.

Everything happens in a temporary directory that is removed afterwards, on the embedded
default (``sqlite:///``), so the demo needs no server. Nothing here prints: :func:`store_demo`
returns the lines :mod:`shuangyong.cli` shows.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from shuangyong.domain.ids import IdNumber
from shuangyong.domain.periods import Month

__all__ = ["store_demo"]

COUNTY = "411003"  # 建安区, a real division code; the people are synthetic
ACTOR = "演示科员（合成）"
FIRST, LAST = Month(2024, 1), Month(2024, 6)
RULE = "disability_pension"
# (sequence, name, level): 因战致残, all figures come from the national tables
PEOPLE = ((1, "合成甲", 1), (3, "合成乙", 1), (5, "合成丙", 5))
DIED_ON = dt.date(2024, 3, 15)  # 合成乙; reported only after the June run


def _facts(seq: int, name: str, level: int) -> Any:
    from shuangyong.storage import Fact, FactKind

    pid = IdNumber.build(COUNTY, dt.date(1962, 5, 1), seq).reveal()
    values = {
        "name": name,
        "sex": "male",
        "birth_date": "1962-05-01",
        "household_division": COUNTY,
        "residence": "urban",
        "service_kind": "conscript",
        "enlisted_on": "1980-11-01",
        "discharged_on": "1984-01-01",
        "disability_level": level,
        "disability_cause": "combat",
        "disability_assessed_on": "1983-05-01",
        "disability_approved_on": "1983-06-01",
    }
    return Fact(pid, dt.date(2023, 1, 1), values, kind=FactKind.REGISTER, source="demo")


def store_demo(engine: Any) -> list[str]:
    """Run the store demo with ``engine`` and return what to show (Chinese, short)."""
    from shuangyong.ledger import Ledger
    from shuangyong.storage import Fact, FactKind, open_store

    out: list[str] = []
    with tempfile.TemporaryDirectory(prefix="shuangyong-demo-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.db'}"
        store = open_store(url)
        try:
            facts = [_facts(*p) for p in PEOPLE]
            store.add_facts(facts, actor=ACTOR)
            out.append(
                f"临时存储 / temporary store: SQLite（结构版本 {store.schema_version}，"
                "演示结束即删除）"
            )
            out.append(
                f"登记合成人员 {len(facts)} 人（建安区，因战一级 2 人、五级 1 人），"
                "事实均带生效日期"
            )
            ledger = Ledger(engine, store, actor=ACTOR)
            written = fen = 0
            month = FIRST
            while month <= LAST:
                report = ledger.run([RULE], month, month, COUNTY)
                ledger.approve(run_id=report.run_id)
                ledger.mark_paid(run_id=report.run_id, reference=f"演示代发-{month}")
                written += report.written
                fen += report.written_fen
                month = month + 1
            again = ledger.run([RULE], FIRST, LAST, COUNTY)
            out.append(
                f"按月发放 {FIRST} 至 {LAST}：6 个批次，审批并发放 {written} 笔，"
                f"{_yuan(fen)}（example）；整段重跑写入 {again.written} 笔（不重复发放）"
            )
            dead = facts[1].person_id
            store.add_facts(
                [
                    Fact(
                        dead,
                        DIED_ON,
                        {"died_on": DIED_ON.isoformat(), "death_category": "illness"},
                        kind=FactKind.DEATH,
                        note="2024年7月迟报（合成）",
                        source="demo",
                    )
                ],
                actor=ACTOR,
            )
            rec = ledger.recover([RULE], FIRST, LAST, COUNTY, "死亡迟报（合成示例）")
            months = "、".join(str(r.period_first) for r in store.lines(run_id=rec.run_id))
            out.append(
                f"迟报死亡：合成乙 {DIED_ON.isoformat()} 病故，7 月才报告 → 追回 {rec.written} 笔"
                f"（{months}），{_yuan(rec.written_fen)}"
            )
            ledger.approve(run_id=rec.run_id)
            ledger.mark_paid(run_id=rec.run_id, reference="演示追回-1")
            totals = ledger.totals(first_year=2024)
            out.append(
                f"汇总 2024 年（已发放，含追回）：{totals.persons} 人，{totals.lines} 笔，"
                f"{totals.amount}（example）"
            )
        finally:
            store.close()
    return out


def _yuan(fen: int) -> str:
    from shuangyong.domain.money import Yuan

    return str(Yuan.from_fen(fen))
