"""Move each boundary of a national condition by one and see which case files notice.

Every date or number boundary in a condition of ``src/shuangyong/national/*.py`` is listed in
``tests/cases/BOUNDARIES.md`` with the two cases that pin it, one on each side. This script is
how that checklist was checked: for each mutant below it copies ``src/`` to a temporary folder,
applies one small edit that moves one boundary by one day (or one unit: a grade, a year), runs
every case file under ``tests/cases`` against the mutated copy in a fresh interpreter, and prints
which cases fail. A mutant no case notices is a boundary without its cases.

Run it from the checkout (it never edits the working tree)::

    python tests/boundary_mutants.py            # every mutant
    python tests/boundary_mutants.py B05a B06b  # some of them
    python tests/boundary_mutants.py --markdown # the table in BOUNDARIES.md

``tests/test_boundaries.py`` checks, without running the mutants, that each one still applies
(its text is found exactly once, so a refactoring cannot silently retire it) and that the
checklist names every mutant and only cases that exist.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = Path("src/shuangyong/national")


class Mutant(NamedTuple):
    id: str
    file: str  # under src/shuangyong/national
    old: str  # found exactly once in the file
    new: str
    what: str


def m(id: str, file: str, old: str, new: str, what: str) -> Mutant:
    return Mutant(id, file, old, new, what)


MUTANTS: tuple[Mutant, ...] = (
    # -- common.py: 第59条 / 2019 第50条 suspension and cancellation, whole months ---------------
    m(
        "B01a",
        "common.py",
        "(start <= c.month_end)",
        "(start < c.month_end)",
        "a suspension starting on the last day of a month no longer suspends that month",
    ),
    m(
        "B01b",
        "common.py",
        "(start <= c.month_end)",
        "(start <= c.month_end + 1)",
        "a suspension starting on the 1st suspends the month before",
    ),
    m(
        "B02a",
        "common.py",
        "(end >= c.month_start)",
        "(end > c.month_start)",
        "a suspension ending on the 1st no longer suspends that month",
    ),
    m(
        "B02b",
        "common.py",
        "(end >= c.month_start)",
        "(end >= c.month_start - 1)",
        "a suspension ending on the last day suspends the month after",
    ),
    m(
        "B03a",
        "common.py",
        '(c["cancelled_on"] <= c.month_end)',
        '(c["cancelled_on"] < c.month_end)',
        "a cancellation on the last day of a month no longer stops that month",
    ),
    m(
        "B03b",
        "common.py",
        '(c["cancelled_on"] <= c.month_end)',
        '(c["cancelled_on"] <= c.month_end + 1)',
        "a cancellation on the 1st stops the month before",
    ),
    # -- disability.py ---------------------------------------------------------------------
    m(
        "B04a",
        "disability.py",
        "(appr <= c.month_end)",
        "(appr < c.month_end)",
        "a grade approved on the last day of a month is not paid that month",
    ),
    m(
        "B04b",
        "disability.py",
        "(appr <= c.month_end)",
        "(appr <= c.month_end + 1)",
        "a grade approved on the 1st is paid the month before",
    ),
    m(
        "B05a",
        "disability.py",
        '(c["died_on"] >= c.month_start)',
        '(c["died_on"] > c.month_start)',
        "a death on the 1st no longer pays that month (disability pension, nursing allowance)",
    ),
    m(
        "B05b",
        "disability.py",
        '(c["died_on"] >= c.month_start)',
        '(c["died_on"] >= c.month_start - 1)',
        "a death on the last day of a month pays the month after",
    ),
    m(
        "B06a",
        "disability.py",
        '(c["discharged_on"] < c.month_start)',
        '(c["discharged_on"] <= c.month_start)',
        "the nursing allowance is paid locally in the month of a discharge on the 1st",
    ),
    m(
        "B06b",
        "disability.py",
        '(c["discharged_on"] < c.month_start)',
        '(c["discharged_on"] < c.month_start - 1)',
        "a discharge on the last day of a month is not paid locally the month after",
    ),
    m(
        "B07a",
        "disability.py",
        "return (lvl >= 1) & (lvl <= 10)",
        "return (lvl >= 1) & (lvl <= 9)",
        "grade 10 no longer graded",
    ),
    m(
        "B07b",
        "disability.py",
        "(illness & (lvl >= 1) & (lvl <= 6))",
        "(illness & (lvl >= 1) & (lvl <= 5))",
        "因病 grade 6 no longer payable",
    ),
    m(
        "B07c",
        "disability.py",
        "(illness & (lvl >= 1) & (lvl <= 6))",
        "(illness & (lvl >= 1) & (lvl <= 7))",
        "因病 grade 7 payable",
    ),
    m(
        "B08a",
        "disability.py",
        "combat_duty & (lvl >= 1) & (lvl <= 2),",
        "combat_duty & (lvl >= 1) & (lvl <= 1),",
        "nursing: grade 2 leaves the 50 % case",
    ),
    m(
        "B08b",
        "disability.py",
        "combat_duty & (lvl >= 1) & (lvl <= 2),",
        "combat_duty & (lvl >= 1) & (lvl <= 3),",
        "nursing: grade 3 joins the 50 % case",
    ),
    m(
        "B08c",
        "disability.py",
        "combat_duty & (lvl >= 3) & (lvl <= 4),",
        "combat_duty & (lvl >= 3) & (lvl <= 5),",
        "nursing: grade 5 combat joins the 40 % case",
    ),
    m(
        "B08d",
        "disability.py",
        "illness & (lvl >= 1) & (lvl <= 4),",
        "illness & (lvl >= 1) & (lvl <= 3),",
        "nursing: 因病 grade 4 leaves the 30 % case",
    ),
    m(
        "B08e",
        "disability.py",
        "(lvl >= 5) & (lvl <= 6))",
        "(lvl >= 5) & (lvl <= 7))",
        "nursing: mental disorder grade 7 joins the 25 % case",
    ),
    m(
        "B08f",
        "disability.py",
        "(lvl >= 5) & (lvl <= 6))",
        "(lvl >= 6) & (lvl <= 6))",
        "nursing: mental disorder grade 5 leaves the 25 % case",
    ),
    m(
        "B09a",
        "disability.py",
        "& (lvl <= 4))\n",
        "& (lvl <= 3))\n",
        "集中供养 of grade 4 no longer excludes the nursing allowance",
    ),
    m(
        "B09b",
        "disability.py",
        "& (lvl <= 4))\n",
        "& (lvl <= 5))\n",
        "集中供养 of a grade-5 mental disorder excludes the nursing allowance",
    ),
    # -- death.py ------------------------------------------------------------------------------
    m(
        "B10a",
        "death.py",
        "(died >= c.month_start) & (died <= c.month_end)",
        "(died >= c.month_start) & (died < c.month_end)",
        "one-off death payments: a death on the last day of the month evaluated is missed",
    ),
    m(
        "B10b",
        "death.py",
        "(died >= c.month_start) & (died <= c.month_end)",
        "(died > c.month_start) & (died <= c.month_end)",
        "one-off death payments: a death on the 1st of the month evaluated is missed",
    ),
    m(
        "B11a",
        "death.py",
        '(c["discharged_on"] >= c["died_on"])',
        '(c["discharged_on"] > c["died_on"])',
        "a discharge on the day of death is no longer in service at death",
    ),
    m(
        "B11b",
        "death.py",
        '(c["discharged_on"] >= c["died_on"])',
        '(c["discharged_on"] >= c["died_on"] - 1)',
        "a discharge the day before death counts as in service at death",
    ),
    m(
        "B12a",
        "death.py",
        '(c["discharged_on"] < c["died_on"])',
        '(c["discharged_on"] <= c["died_on"])',
        "a discharge on the day of death counts as retired before death",
    ),
    m(
        "B12b",
        "death.py",
        '(c["discharged_on"] < c["died_on"])',
        '(c["discharged_on"] < c["died_on"] - 1)',
        "a discharge the day before death no longer counts as retired",
    ),
    m(
        "B13a",
        "death.py",
        '(c["disability_approved_on"] <= c["died_on"])',
        '(c["disability_approved_on"] < c["died_on"])',
        "a grade approved on the day of death no longer counts",
    ),
    m(
        "B13b",
        "death.py",
        '(c["disability_approved_on"] <= c["died_on"])',
        '(c["disability_approved_on"] <= c["died_on"] + 1)',
        "a grade approved the day after death counts",
    ),
    # -- survivors.py -------------------------------------------------------------------------
    m(
        "B14a",
        "survivors.py",
        'c.years_between(c["birth_date"], c.month_start) < age',
        'c.years_between(c["birth_date"], c.month_start - 1) < age',
        "under 18: an 18th birthday on the 1st still counts as under 18 that month",
    ),
    m(
        "B14b",
        "survivors.py",
        'c.years_between(c["birth_date"], c.month_start) < age',
        'c.years_between(c["birth_date"], c.month_start + 1) < age',
        "under 18: an 18th birthday on the 2nd already counts as 18 that month",
    ),
    m(
        "B15a",
        "survivors.py",
        '(c["died_on"] >= c["member_died_on"])',
        '(c["died_on"] > c["member_died_on"])',
        "a survivor who died on the member's day of death is refused",
    ),
    m(
        "B15b",
        "survivors.py",
        '(c["died_on"] >= c["member_died_on"])',
        '(c["died_on"] >= c["member_died_on"] - 1)',
        "a survivor who died the day before the member is accepted",
    ),
    m(
        "B16a",
        "survivors.py",
        '(confirmed < c["member_died_on"])',
        '(confirmed <= c["member_died_on"])',
        "a confirmation on the member's day of death is refused",
    ),
    m(
        "B16b",
        "survivors.py",
        '(confirmed < c["member_died_on"])',
        '(confirmed < c["member_died_on"] - 1)',
        "a confirmation the day before the member's death is accepted",
    ),
    m(
        "B16c",
        "survivors.py",
        '(confirmed < c["birth_date"])',
        '(confirmed <= c["birth_date"])',
        "a confirmation on the survivor's day of birth is refused",
    ),
    m(
        "B16d",
        "survivors.py",
        '(confirmed < c["birth_date"])',
        '(confirmed < c["birth_date"] - 1)',
        "a confirmation the day before the survivor's birth is accepted",
    ),
    m(
        "B17a",
        "survivors.py",
        '(c["eligibility_confirmed_on"] <= c.month_end)',
        '(c["eligibility_confirmed_on"] < c.month_end)',
        "a confirmation on the last day of a month is not paid that month",
    ),
    m(
        "B17b",
        "survivors.py",
        '(c["eligibility_confirmed_on"] <= c.month_end)',
        '(c["eligibility_confirmed_on"] <= c.month_end + 1)',
        "a confirmation on the 1st is paid the month before",
    ),
    m(
        "B18a",
        "survivors.py",
        '| (c["died_on"] >= c.month_start)',
        '| (c["died_on"] > c.month_start)',
        "survivor pension: a death on the 1st unpaid",
    ),
    m(
        "B18b",
        "survivors.py",
        '| (c["died_on"] >= c.month_start)',
        '| (c["died_on"] >= c.month_start - 1)',
        "survivor pension: a death on the last day pays the month after",
    ),
    m(
        "B19a",
        "survivors.py",
        "(died >= c.month_start) & (died <= c.month_end)",
        "(died >= c.month_start) & (died < c.month_end)",
        "survivor funeral grant: a death on the last day of the month missed",
    ),
    m(
        "B19b",
        "survivors.py",
        "(died >= c.month_start) & (died <= c.month_end)",
        "(died > c.month_start) & (died <= c.month_end)",
        "survivor funeral grant: a death on the 1st missed",
    ),
    # -- living.py ----------------------------------------------------------------------------
    m(
        "B20a",
        "living.py",
        '(c["discharged_on"] < c.month_start)\n    return result',
        '(c["discharged_on"] <= c.month_start)\n    return result',
        "living subsidy: a discharge on the 1st counts as a veteran that month",
    ),
    m(
        "B20b",
        "living.py",
        '(c["discharged_on"] < c.month_start)\n    return result',
        '(c["discharged_on"] < c.month_start - 1)\n    return result',
        "living subsidy: a discharge on the last day is not a veteran the month after",
    ),
    m(
        "B21a",
        "living.py",
        'c["enlisted_on"] <= c.param(DEMOBILIZED_ENLISTED_BY)',
        'c["enlisted_on"] < c.param(DEMOBILIZED_ENLISTED_BY)',
        "enlisted on 1954-10-31 is no longer a 复员军人",
    ),
    m(
        "B21b",
        "living.py",
        'c["enlisted_on"] <= c.param(DEMOBILIZED_ENLISTED_BY)',
        'c["enlisted_on"] <= c.param(DEMOBILIZED_ENLISTED_BY) + 1',
        "enlisted on 1954-11-01 counts as a 复员军人",
    ),
    m(
        "B22a",
        "living.py",
        'c.years_between(c["birth_date"], c.month_end) >= age',
        'c.years_between(c["birth_date"], c.month_end - 1) >= age',
        "aged 60: a 60th birthday on the last day of a month is missed that month",
    ),
    m(
        "B22b",
        "living.py",
        'c.years_between(c["birth_date"], c.month_end) >= age',
        'c.years_between(c["birth_date"], c.month_end + 1) >= age',
        "aged 60: a 60th birthday on the 1st counts the month before",
    ),
    m(
        "B23a",
        "living.py",
        'c["enlisted_on"] < c.param(RURAL_ENLISTED_BEFORE)',
        'c["enlisted_on"] <= c.param(RURAL_ENLISTED_BEFORE)',
        "rural veterans: enlisted on 2011-11-01 accepted",
    ),
    m(
        "B23b",
        "living.py",
        'c["enlisted_on"] < c.param(RURAL_ENLISTED_BEFORE)',
        'c["enlisted_on"] < c.param(RURAL_ENLISTED_BEFORE) - 1',
        "rural veterans: enlisted on 2011-10-31 refused",
    ),
    m(
        "B24a",
        "living.py",
        "(_conscript_years(c) >= 1)",
        "(_conscript_years(c) >= 2)",
        "rural veterans: one counted year of 义务兵役 no longer enough",
    ),
    m(
        "B25a",
        "living.py",
        '        confirmed = c.is_set("eligibility_confirmed_on") & (\n'
        '            c["eligibility_confirmed_on"] <= c.month_end\n',
        '        confirmed = c.is_set("eligibility_confirmed_on") & (\n'
        '            c["eligibility_confirmed_on"] < c.month_end\n',
        "烈士子女 confirmed on the last day of a month: not paid that month",
    ),
    m(
        "B26a",
        "living.py",
        '| (c["died_on"] >= c.month_start)\n    return result',
        '| (c["died_on"] > c.month_start)\n    return result',
        "living subsidy: a death on the 1st unpaid",
    ),
    m(
        "B26b",
        "living.py",
        '| (c["died_on"] >= c.month_start)\n    return result',
        '| (c["died_on"] >= c.month_start - 1)\n    return result',
        "living subsidy: a death on the last day pays the month after",
    ),
    m(
        "B27a",
        "living.py",
        "(died >= c.month_start) & (died <= c.month_end)",
        "(died >= c.month_start) & (died < c.month_end)",
        "living funeral grant: a death on the last day of the month missed",
    ),
    m(
        "B27b",
        "living.py",
        "(died >= c.month_start) & (died <= c.month_end)",
        "(died > c.month_start) & (died <= c.month_end)",
        "living funeral grant: a death on the 1st missed",
    ),
    # -- placement.py -------------------------------------------------------------------------
    m(
        "B30a",
        "placement.py",
        'return c.is_set("discharged_on") & (c["discharged_on"] <= c.on)',
        'return c.is_set("discharged_on") & (c["discharged_on"] < c.on)',
        "placement: evaluated on the day of discharge, not yet discharged",
    ),
    m(
        "B31b",
        "placement.py",
        "(d >= _P2011_DAY) & (d < _P2024_DAY)",
        "(d >= _P2011_DAY) & (d < _P2024_DAY - 1)",
        "a discharge on 2024-08-31 no longer falls under the 2011 条例",
    ),
    m(
        "B30b",
        "placement.py",
        'return c.is_set("discharged_on") & (c["discharged_on"] <= c.on)',
        'return c.is_set("discharged_on") & (c["discharged_on"] <= c.on + 1)',
        "placement: evaluated the day before discharge, already discharged",
    ),
    m(
        "B32b",
        "placement.py",
        '(c["discharged_on"] >= _P2024_DAY)',
        '(c["discharged_on"] >= _P2024_DAY - 1)',
        "a discharge on 2024-08-31 falls under the 2024 条例",
    ),
    m(
        "B34b",
        "placement.py",
        "return ~c.is_set(name) | (c.on < c[name])",
        "return ~c.is_set(name) | (c.on < c[name] - 1)",
        "family allowance: no longer serving the day before discharge or promotion",
    ),
    m(
        "B31c",
        "placement.py",
        "(d >= _P2011_DAY) & (d < _P2024_DAY)",
        "(d > _P2011_DAY) & (d < _P2024_DAY)",
        "a discharge on 2011-11-01 no longer falls under the 2011 条例",
    ),
    m(
        "B32a",
        "placement.py",
        '(c["discharged_on"] >= _P2024_DAY)',
        '(c["discharged_on"] > _P2024_DAY)',
        "a discharge on 2024-09-01 no longer falls under the 2024 条例",
    ),
    m(
        "B33a",
        "placement.py",
        '(c["reported_on"] > last)',
        '(c["reported_on"] >= last)',
        "reported on the 60th day after discharge: forfeited",
    ),
    m(
        "B33b",
        "placement.py",
        '(c["reported_on"] > last)',
        '(c["reported_on"] > last + 1)',
        "reported on the 61st day after discharge: still in time",
    ),
    m(
        "B34a",
        "placement.py",
        "return ~c.is_set(name) | (c.on < c[name])",
        "return ~c.is_set(name) | (c.on <= c[name])",
        "family allowance: still serving on the day of discharge or promotion",
    ),
    m(
        "B35a",
        "placement.py",
        "result: BoolColumn = c.on < end",
        "result: BoolColumn = c.on <= end",
        "family allowance: paid on the day the years end",
    ),
    m(
        "B35b",
        "placement.py",
        "result: BoolColumn = c.on < end",
        "result: BoolColumn = c.on < end - 1",
        "family allowance: not paid on the last day",
    ),
    m(
        "B36a",
        "placement.py",
        'lambda c: c["enlisted_on"] <= c.on',
        'lambda c: c["enlisted_on"] < c.on',
        "family allowance: not on the day of enlistment",
    ),
    m(
        "B37a",
        "placement.py",
        "(months >= years * 12)",
        "(months >= years * 12 + 1)",
        "assigned job: an NCO with exactly 12 years refused",
    ),
    m(
        "B37b",
        "placement.py",
        "(months >= years * 12)",
        "(months >= years * 12 - 1)",
        "assigned job: an NCO one month short of 12 years accepted",
    ),
    m(
        "B38a",
        "placement.py",
        "(lvl >= 5) & (lvl <= 8)",
        "(lvl >= 5) & (lvl <= 7)",
        "assigned job: 因战 grade 8 no longer a ground",
    ),
    m(
        "B38b",
        "placement.py",
        "(lvl >= 5) & (lvl <= 8)",
        "(lvl >= 6) & (lvl <= 8)",
        "assigned job: 因战 grade 5 no longer a ground",
    ),
    m(
        "B39a",
        "placement.py",
        '(c["criminal_penalty_on"] <= c.on)',
        '(c["criminal_penalty_on"] < c.on)',
        "assigned job: a penalty taking effect on the date evaluated is ignored",
    ),
    m(
        "B40a",
        "placement.py",
        "    return (lvl >= 1) & (lvl <= 4)\n",
        "    return (lvl >= 1) & (lvl <= 3)\n",
        "state support: grade 4 no longer",
    ),
    m(
        "B40b",
        "placement.py",
        "    return (lvl >= 1) & (lvl <= 4)\n",
        "    return (lvl >= 1) & (lvl <= 5)\n",
        "state support: grade 5 accepted",
    ),
    m(
        "B41a",
        "placement.py",
        "(age >= min_age)",
        "(age >= min_age + 1)",
        "NCO retirement: aged exactly 55 at discharge refused",
    ),
    m(
        "B41b",
        "placement.py",
        "(age >= min_age)",
        "(age >= min_age - 1)",
        "NCO retirement: aged 54 at discharge accepted",
    ),
    m(
        "B42a",
        "placement.py",
        "(months >= min_years * 12)",
        "(months >= min_years * 12 + 1)",
        "NCO retirement: exactly 30 years refused",
    ),
    m(
        "B42b",
        "placement.py",
        "(months >= min_years * 12)",
        "(months >= min_years * 12 - 1)",
        "NCO retirement: 30 years less a month accepted",
    ),
    m(
        "B43a",
        "placement.py",
        "        & (lvl <= 6)\n",
        "        & (lvl <= 5)\n",
        "NCO retirement: 因战/因公 grade 6 no longer a ground",
    ),
    m(
        "B43b",
        "placement.py",
        "        & (lvl <= 6)\n",
        "        & (lvl <= 7)\n",
        "NCO retirement: 因战/因公 grade 7 accepted",
    ),
    m(
        "B44a",
        "placement.py",
        '(c["reported_on"] <= c.month_end)',
        '(c["reported_on"] < c.month_end)',
        "awaiting placement: reported on the last day, not paid that month",
    ),
    m(
        "B45a",
        "placement.py",
        '(c["placed_on"] > c.month_end)',
        '(c["placed_on"] >= c.month_end)',
        "awaiting placement: placed on the last day, that month not paid",
    ),
    m(
        "B45b",
        "placement.py",
        '(c["placed_on"] > c.month_end)',
        '(c["placed_on"] > c.month_end + 1)',
        "awaiting placement: placed on the 1st, the month before not paid",
    ),
    m(
        "B46a",
        "placement.py",
        '& (c["suspended_from"] >= start)',
        '& (c["suspended_from"] > start)',
        "awaiting placement: prosecuted on the day of reporting ignored",
    ),
    m(
        "B47a",
        "placement.py",
        "(np.asarray(days) > 0)",
        "(np.asarray(days) > 1)",
        "counted service: one day past a whole unit no longer starts a new unit",
    ),
    m(
        "B47b",
        "placement.py",
        "(np.asarray(days) > 0)",
        "(np.asarray(days) >= 0)",
        "counted service: a whole unit starts a new one",
    ),
    # -- privileges.py ------------------------------------------------------------------------
    m(
        "B50a",
        "privileges.py",
        '(c["discharged_on"] > c.on))',
        '(c["discharged_on"] >= c.on))',
        "privileges: still serving on the day of discharge",
    ),
    m(
        "B50b",
        "privileges.py",
        '(c["discharged_on"] > c.on))',
        '(c["discharged_on"] > c.on + 1))',
        "privileges: no longer serving the day before discharge",
    ),
    m(
        "B51a",
        "privileges.py",
        '& (c["discharged_on"] <= c.on)',
        '& (c["discharged_on"] < c.on)',
        "privileges: not yet a veteran on the day of discharge",
    ),
    m(
        "B52a",
        "privileges.py",
        '(c["disability_approved_on"] <= c.on)',
        '(c["disability_approved_on"] < c.on)',
        "privileges: a grade approved on the date evaluated does not count",
    ),
    m(
        "B53a",
        "privileges.py",
        'c.years_between(c["birth_date"], c.on) < 18',
        'c.years_between(c["birth_date"], c.on - 1) < 18',
        "glory plaque: a child on the 18th birthday still a minor",
    ),
    m(
        "B53b",
        "privileges.py",
        'c.years_between(c["birth_date"], c.on) < 18',
        'c.years_between(c["birth_date"], c.on + 1) < 18',
        "glory plaque: a child the day before the 18th birthday no longer a minor",
    ),
    m(
        "B54a",
        "privileges.py",
        '(c["died_on"] > c.on)',
        '(c["died_on"] >= c.on)',
        "privileges: alive on the day of death",
    ),
    m(
        "B54b",
        "privileges.py",
        '(c["died_on"] > c.on)',
        '(c["died_on"] > c.on + 1)',
        "privileges: dead the day before death",
    ),
    m(
        "B55a",
        "privileges.py",
        "& (grade >= 1) & (grade <= 4)",
        "& (grade >= 1) & (grade <= 3)",
        "education: the child of a grade-4 disabled member no longer",
    ),
    m(
        "B55b",
        "privileges.py",
        "& (grade >= 1) & (grade <= 4)",
        "& (grade >= 1) & (grade <= 5)",
        "education: the child of a grade-5 disabled member accepted",
    ),
    m(
        "B56a",
        "privileges.py",
        '(c["enlisted_on"] <= c.on)',
        '(c["enlisted_on"] < c.on)',
        "privileges: not yet serving on the day of enlistment",
    ),
    m(
        "B56b",
        "privileges.py",
        '(c["enlisted_on"] <= c.on)',
        '(c["enlisted_on"] <= c.on + 1)',
        "privileges: serving the day before enlistment",
    ),
)


_RUNNER = r"""
import json, sys
from pathlib import Path
from shuangyong import Engine
from shuangyong.testing.cases import load_cases, run_case
engines = {}
failed = []
for path in sorted(Path(sys.argv[1]).rglob("*.toml")):
    for case in load_cases(path):
        key = case.plugins
        if key not in engines:
            env = None if key is None else {"SHUANGYONG_LOAD_PLUGINS": ",".join(key)}
            engines[key] = Engine.create(env=env)
        name = f"{path.relative_to(sys.argv[1]).as_posix()}::{case.name}"
        try:
            if run_case(case, engines[key]).mismatches:
                failed.append(name)
        except Exception as exc:  # a mutant may also make a case raise
            failed.append(f"{name} (raised {type(exc).__name__})")
print(json.dumps(failed, ensure_ascii=False))
"""


def apply(mutant: Mutant, src: Path) -> None:
    """Apply ``mutant`` to the copy of ``src/`` at ``src`` (its text must occur exactly once)."""
    path = src / "shuangyong" / "national" / mutant.file
    text = path.read_text(encoding="utf-8")
    count = text.count(mutant.old)
    if count != 1:
        raise SystemExit(f"{mutant.id}: {mutant.old!r} occurs {count} times in {mutant.file}")
    path.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")


def failing_cases(mutant: Mutant) -> list[str]:
    """The case names that fail with ``mutant`` applied to a copy of the source tree."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(ROOT / "src", src)
        apply(mutant, src)
        plugins = [str(p) for p in sorted((ROOT / "plugins").glob("*/src"))]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), *plugins])}
        out = subprocess.run(
            [sys.executable, "-c", _RUNNER, str(ROOT / "tests" / "cases")],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        result: list[str] = json.loads(out.stdout)
        return result


def main(args: list[str]) -> int:
    markdown = "--markdown" in args
    ids = [a for a in args if a != "--markdown"]
    chosen = [mu for mu in MUTANTS if not ids or mu.id in ids]
    missed = 0
    if markdown:
        print("| mutant | file | moved boundary | cases that fail |")
        print("|---|---|---|---|")
    for mu in chosen:
        failed = failing_cases(mu)
        missed += not failed
        if markdown:
            print(f"| {mu.id} | {mu.file} | {mu.what} | {len(failed) or '**none**'} |")
            continue
        print(f"{mu.id}\t{'caught' if failed else 'NOT CAUGHT'}\t{len(failed)}\t{mu.what}")
        for name in failed:
            print(f"\t\t{name}")
    print(f"\n{len(chosen) - missed} of {len(chosen)} mutants caught")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
