"""Worked example: a SYNTHETIC county's annual 双拥 work report, from evidence and a ledger.

1. a SQLite store with the synthetic register of ``examples/ledger_county`` (imported from its
   GB18030 export) and 残疾抚恤金 paid month by month from 2019-04 to 2024-12;
2. the evidence of 2024 (``evidence_2024.toml``, ``publicity_officer.csv``) and 12 invented
   villages (``synthetic_county.py`` registers them);
3. the reports: the annual work report draft (``work-report``) in docx and PDF, the roster
   (花名册) and the payment summary since 2019 in xlsx.

Everything is synthetic (合成): people, units, villages, records. Figures of ``example``
provenance are illustrations, never a basis for payment. Needs ``shuangyong-henan`` (the
townships) and ``shuangyong-office`` (xlsx, docx, pdf).

Run: ``python examples/annual_report/run_example.py --out DIR [--json]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _ledger_county() -> Any:
    """examples/ledger_county/run_example.py (its register and pay_month), under its own name."""
    path = HERE.parent / "ledger_county" / "run_example.py"
    spec = importlib.util.spec_from_file_location("ledger_county_example", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ledger_county = _ledger_county()

import shuangyong_henan  # noqa: E402
import shuangyong_office  # noqa: E402
import synthetic_county  # noqa: E402

from shuangyong import Engine, Month  # noqa: E402
from shuangyong.intake import import_file  # noqa: E402
from shuangyong.ledger import Ledger  # noqa: E402
from shuangyong.reports import ReportRequest, collect_reports, write_report  # noqa: E402
from shuangyong.storage import open_store  # noqa: E402

COUNTY = "411003"
EVIDENCE = (HERE / "evidence_2024.toml", HERE / "publicity_officer.csv")
FIRST, LAST = Month(2019, 4), Month(2024, 12)
CLERK = "合成科员"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the store and files")
    parser.add_argument("--json", action="store_true", help="print what was written as JSON")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    engine = Engine.create(plugins=[shuangyong_henan, synthetic_county], entry_points=False)
    reports = collect_reports(plugins=[shuangyong_office], entry_points=False)
    db = out / "county.db"
    db.unlink(missing_ok=True)
    store = open_store(f"sqlite:///{db}", entry_points=False)
    try:
        figures = pay(engine, store)
        files = write(engine, store, reports, out)
    finally:
        store.close()
    result = {**figures, "files": {k: str(v) for k, v in files.items()}}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for name, path in files.items():
            print(f"{name}: {path}")
        print("合成数据；标注 example 的数字不得作为发放依据。")
    return result


def pay(engine: Engine, store: Any) -> dict[str, Any]:
    """Import the synthetic register and pay 残疾抚恤金 monthly, as an office does."""
    imported = import_file(store, ledger_county.ROSTER, actor=CLERK, rule_ids=engine.rule_ids())
    ledger = Ledger(engine, store, actor=CLERK)
    month = FIRST
    while month <= LAST:
        ledger_county.pay_month(ledger, month)
        month = month + 1
    totals = ledger.totals(first_year=FIRST.year, division=COUNTY)
    return {
        "imported_people": imported.rows,
        "total_persons": totals.persons,
        "total_lines": totals.lines,
        "total_fen": totals.amount_fen,
    }


def write(engine: Engine, store: Any, reports: Any, out: Path) -> dict[str, Path]:
    """The four files an office hands in."""
    annual = reports.builder("work-report").build(
        ReportRequest(
            engine=engine,
            store=store,
            division=COUNTY,
            years=(FIRST.year, LAST.year),
            evidence=EVIDENCE,
        )
    )
    roster = reports.builder("roster").build(
        ReportRequest(engine=engine, store=store, division=COUNTY, on=dt.date(2024, 12, 1))
    )
    summary = reports.builder("payment-summary").build(
        ReportRequest(engine=engine, store=store, division=COUNTY, years=(FIRST.year, LAST.year))
    )
    return {
        "work_report_docx": write_report(annual, out / "双拥工作总结.docx", reports.format("docx")),
        "work_report_pdf": write_report(annual, out / "双拥工作总结.pdf", reports.format("pdf")),
        "roster_xlsx": write_report(roster, out / "花名册.xlsx", reports.format("xlsx")),
        "summary_xlsx": write_report(summary, out / "发放汇总.xlsx", reports.format("xlsx")),
    }


if __name__ == "__main__":
    main(sys.argv[1:])
