"""Worked example: a SYNTHETIC county pays 残疾抚恤金 from 2019 to 2024.

The whole path an office walks (docs/worked-example.rst explains each step):

1. import the register from the old system's export (GB18030 CSV, Chinese headers, a
   已发至 column: the old system paid up to 2019-03);
2. monthly payment runs from 2019-04 to 2024-12, each approved and marked paid;
3. a death on 2023-05-10 reported only in March 2024: recovered (追回);
4. a raise dated 1 August 2024 but announced in November: back-paid (补发) with a what-if
   parameter layer of clearly-labelled TEST figures;
5. totals since the first year.

Every person, name and id number here is synthetic. Figures marked ``example`` (and the test
figures of the raise) are illustrations, never a basis for payment.

Run: ``python examples/ledger_county/run_example.py [--keep DIR] [--json]``. The store lives in a
temporary directory unless ``--keep DIR`` names one (then try ``shuangyong pay totals
sqlite:///DIR/county.db``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from shuangyong import Engine, Month, Yuan
from shuangyong.intake import import_file
from shuangyong.ledger import Ledger
from shuangyong.storage import Fact, FactKind, open_store

HERE = Path(__file__).resolve().parent
ROSTER = HERE / "roster_gb18030.csv"
RAISE = HERE / "raise_2024-08_test_figures.toml"
COUNTY = "411003"  # 建安区 (a real code; everyone in it here is synthetic)
RULE = "disability_pension"
FIRST, LAST = Month(2019, 4), Month(2024, 12)
DEATH_PERSON = "411003196502080172"  # 合成丁四 (synthetic)
DIED_ON = dt.date(2023, 5, 10)
DEATH_REPORTED = Month(2024, 3)  # reported before the March 2024 run
RAISE_ANNOUNCED = Month(2024, 11)  # announced after the October 2024 run was paid
CLERK, HEAD = "合成科员", "合成科长"


def pay_month(ledger: Ledger, month: Month) -> Any:
    """One month as an office does it: run, approve, pay (with the bank batch reference)."""
    report = ledger.run([RULE], month, month, COUNTY)
    ledger.approve(run_id=report.run_id)
    ledger.mark_paid(run_id=report.run_id, reference=f"代发-{month}")
    return report


def settle(ledger: Ledger, report: Any, reference: str) -> None:
    ledger.approve(run_id=report.run_id)
    ledger.mark_paid(run_id=report.run_id, reference=reference)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the store in this directory")
    parser.add_argument("--json", action="store_true", help="print the key figures as JSON")
    args = parser.parse_args(argv)
    # The national rules alone (no installed plugin), so the figures are the same everywhere.
    engine = Engine.create(entry_points=False)
    with tempfile.TemporaryDirectory(prefix="ledger-county-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / "county.db"
        db.unlink(missing_ok=True)
        store = open_store(f"sqlite:///{db}", entry_points=False)
        try:
            return walk(engine, store, args.json)
        finally:
            store.close()


def walk(engine: Engine, store: Any, as_json: bool) -> dict[str, Any]:
    say = (lambda *a: None) if as_json else print
    # 1. import: a dry run first, then the real one (all or nothing)
    check = import_file(store, ROSTER, dry_run=True, rule_ids=engine.rule_ids())
    assert check.ok, check.summary()
    imported = import_file(store, ROSTER, actor=CLERK, rule_ids=engine.rule_ids())
    say(
        f"1. 导入 {ROSTER.name}（{imported.encoding}）：{imported.rows} 人，"
        f"新增事实 {imported.new} 条，"
    )
    say(f"   已发至月份 {imported.paid_up_to} 项（原系统已发放至 2019-03）")

    # 2-4. monthly runs; the late death and the raise arrive on their way
    ledger = Ledger(engine, store, actor=CLERK)
    regular_fen = 0
    regular_lines = 0
    pending: set[tuple[str, Month]] = set()
    recovery = arrears = None
    month = FIRST
    while month <= LAST:
        if month == DEATH_REPORTED:
            # the death is a new dated fact with its legal date, recorded now
            store.add_facts(
                [
                    Fact(
                        DEATH_PERSON,
                        DIED_ON,
                        {"died_on": DIED_ON.isoformat(), "death_category": "illness"},
                        kind=FactKind.DEATH,
                        note="2024年3月村委会报告（迟报，合成示例）",
                    )
                ],
                actor=CLERK,
            )
            recovery = ledger.recover(
                [RULE], FIRST, month + -1, COUNTY, "死亡迟报：2023-05-10 病故"
            )
            settle(ledger, recovery, "追回-2024-03")
        if month == RAISE_ANNOUNCED:
            # the raise: a what-if layer on top of what is known; months already paid are
            # recomputed and the difference back-paid; later runs use the raised engine
            engine = engine.with_parameters(RAISE, name="2024年8月调标（测试数字）")
            ledger = Ledger(engine, store, actor=CLERK)
            arrears = ledger.arrears(
                [RULE], Month(2024, 8), month + -1, COUNTY, "2024-08-01起调整标准（测试数字）"
            )
            settle(ledger, arrears, "补发-2024-11")
        report = pay_month(ledger, month)
        regular_fen += report.written_fen
        regular_lines += report.written
        pending.update((p.person_id, m) for p in report.pending for m in p.months)
        month = month + 1
    assert recovery is not None and arrears is not None
    say(
        f"2. 按月发放 {FIRST} 至 {LAST}：{_months(FIRST, LAST)} 个批次，{regular_lines} 笔，"
        f"{Yuan.from_fen(regular_fen)}"
    )
    say(f"   无法确定、未发放（不按零计）：{len(pending)} 期（2021-08 以前二级至十级没有可用标准）")
    say(f"3. 迟报死亡追回：{recovery.written} 笔，{recovery.written_amount}")
    say(f"4. 调标补发（测试数字）：{arrears.written} 笔，{arrears.written_amount}")

    # 5. totals since the first year
    totals = ledger.totals(first_year=FIRST.year)
    say(
        f"5. 自 {FIRST.year} 年以来：{totals.persons} 人，{totals.lines} 笔，"
        f"{totals.amount}（已发放）"
    )
    for row in totals.rows:
        say(f"   {row.year} 年：{row.persons} 人，{row.lines} 笔，{row.amount}")
    say("合成数据；标注 example 的数字与调标测试数字均不得作为发放依据。")
    figures = {
        "imported_people": imported.rows,
        "regular_lines": regular_lines,
        "regular_fen": regular_fen,
        "pending_months": len(pending),
        "recovery_lines": recovery.written,
        "recovery_fen": recovery.written_fen,
        "arrears_lines": arrears.written,
        "arrears_fen": arrears.written_fen,
        "total_persons": totals.persons,
        "total_lines": totals.lines,
        "total_fen": totals.amount_fen,
        "by_year_fen": {str(r.year): r.amount_fen for r in totals.rows},
    }
    if as_json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    return figures


def _months(first: Month, last: Month) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


if __name__ == "__main__":
    main(sys.argv[1:])
