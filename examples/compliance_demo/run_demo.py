"""Compliance demo on a SYNTHETIC district (合成数据): every checklist, then the full assessment.

    .venv/bin/python examples/compliance_demo/run_demo.py            # summaries + 模范城考评全文
    .venv/bin/python examples/compliance_demo/run_demo.py --json     # the assessment as JSON

The same through the command line (exit status 1: something is not met):

    PYTHONPATH=examples/compliance_demo shuangyong --plugin demo_district check \\
        model_city_assessment examples/compliance_demo/*.toml \\
        examples/compliance_demo/station.csv examples/compliance_demo/publicity_officer.csv \\
        --division 411003 --year 2024 --compare

Every record is invented; the township codes of 建安区 (411003) are real (shuangyong-henan), the
villages are synthetic (demo_district). Requirements and points are mostly ``example``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # for the demo_district plugin module

import demo_district  # noqa: E402  (after the path is set)
import shuangyong_henan  # noqa: E402

from shuangyong import Engine  # noqa: E402
from shuangyong.compliance import assess, load_evidence  # noqa: E402

FILES = ("evidence_2024.toml", "evidence_2023.toml", "station.csv", "publicity_officer.csv")


def main() -> None:
    # the built-in checklists are a default plugin: only the district's are passed
    plugins: list[object] = [shuangyong_henan, demo_district]
    engine = Engine.create(plugins=plugins, entry_points=False)
    evidence = load_evidence(*(HERE / f for f in FILES))
    results = {}
    for checklist in engine.checklists:
        before = assess(engine, checklist, evidence, division="411003", year=2023)
        results[checklist] = assess(
            engine, checklist, evidence, division="411003", year=2024, previous=before
        )
    final = results["model_city_assessment"]
    if "--json" in sys.argv:
        print(json.dumps(final.to_dict(), ensure_ascii=False, indent=2))
        return
    print("【合成数据】以下结果基于虚构的演示数据，不反映任何真实地区。\n")
    for checklist, result in results.items():
        counts = "，".join(f"{s.label} {n}" for s, n in result.counts().items())
        print(f"{checklist:24} {result.summary()}（{counts}）")
    print()
    print(final.render_text())


if __name__ == "__main__":
    main()
