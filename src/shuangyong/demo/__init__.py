"""A SYNTHETIC sample population for the ``shuangyong demo`` command, and batch tallies.

The population is drawn deterministically (``numpy.random.default_rng(seed)``) from the shares in
``population.toml``; it describes no real person or place. Row 0 is a fixed showcase person whose
full explanation the demo prints, and a handful of rows are deliberately broken so the demo can
show how a batch reports bad input while still evaluating every other row.

Nothing here prints: :mod:`shuangyong.cli` does the showing.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import Counter
from collections.abc import Container, Mapping
from importlib import resources
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.engine.batch import BatchResult
from shuangyong.engine.run import STATUS_ELIGIBLE, STATUS_INVALID, STATUS_UNDETERMINED
from shuangyong.errors import InvalidValueError
from shuangyong.policy.schema import FIELDS, FieldKind, RowError

__all__ = [
    "Population",
    "PopulationSpec",
    "RuleTally",
    "Tally",
    "load_spec",
    "synthetic_population",
]

_NAT = np.datetime64("NaT", "D")
# Fields held as int64 division codes in the columns (0 = none); the batch API reads them as is.
_DIVISION_FIELDS = tuple(n for n, f in FIELDS.items() if f.kind is FieldKind.DIVISION)


@attrs.frozen
class PopulationSpec:
    """The shares a population is drawn from (see ``population.toml``).

    Attributes:
        seed: the default seed.
        rows: the default number of rows.
        divisions: (code, weight) of household divisions.
        shares: the nested share tables as read.
        showcase: the fields of the row-0 person.
        bad_rows: (why, fields to set) of each deliberately bad row.
    """

    seed: int
    rows: int
    divisions: tuple[tuple[str, float], ...]
    shares: Mapping[str, Any]
    showcase: Mapping[str, Any]
    bad_rows: tuple[tuple[str, Mapping[str, Any]], ...]


def load_spec() -> PopulationSpec:
    """Read the shipped ``population.toml``."""
    text = resources.files(__name__).joinpath("population.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    return PopulationSpec(
        seed=int(raw["seed"]),
        rows=int(raw["rows"]),
        divisions=tuple((str(d["code"]), float(d["weight"])) for d in raw["divisions"]),
        shares=raw["shares"],
        showcase=raw["showcase"],
        bad_rows=tuple((str(b["why"]), dict(b["set"])) for b in raw.get("bad_row", [])),
    )


@attrs.frozen(eq=False)
class Population:
    """A synthetic table in the batch input format, plus what was planted in it.

    Attributes:
        columns: field name → numpy array (dates ``datetime64[D]`` with NaT for none; enums as
            object arrays of codes; division codes as int64 with 0 for none).
        bad_rows: (row number, why) of each deliberately bad row.
    """

    columns: dict[str, npt.NDArray[Any]]
    bad_rows: tuple[tuple[int, str], ...]

    def __len__(self) -> int:
        return len(self.columns["person_id"])

    def slice(self, start: int, stop: int) -> dict[str, npt.NDArray[Any]]:
        """Rows ``start:stop`` as a batch table (views, no copies)."""
        return {k: v[start:stop] for k, v in self.columns.items()}

    def row(self, i: int) -> dict[str, Any]:
        """Row ``i`` as a per-case mapping (dates as ``datetime.date``, codes as strings)."""
        if not 0 <= i < len(self):
            raise InvalidValueError("row", i, f"超出范围 / out of range 0..{len(self) - 1}")
        out: dict[str, Any] = {}
        for name, col in self.columns.items():
            v = col[i]
            if name in _DIVISION_FIELDS:
                out[name] = f"{int(v):06d}" if int(v) else None
            elif col.dtype.kind == "M":
                out[name] = None if np.isnat(v) else v.astype(dt.date)
            elif col.dtype.kind == "b":
                out[name] = bool(v)
            elif col.dtype.kind in "iu":
                out[name] = int(v)
            else:
                out[name] = v
        return out


def _pick(rng: np.random.Generator, shares: Mapping[str, float], n: int) -> npt.NDArray[Any]:
    names = list(shares)
    p = np.array([float(shares[k]) for k in names])
    return np.array(names, dtype=object)[rng.choice(len(names), size=n, p=p / p.sum())]


def _only(mask: npt.NDArray[np.bool_], values: npt.NDArray[Any]) -> npt.NDArray[np.object_]:
    """``values`` where ``mask``, else None (an object column of enum codes)."""
    out = np.full(len(mask), None, dtype=object)
    out[mask] = values[mask]
    return out


def _days(rng: np.random.Generator, low: int, high: int, n: int) -> npt.NDArray[Any]:
    return rng.integers(low, high, size=n).astype("timedelta64[D]")


def synthetic_population(
    rows: int | None = None,
    seed: int | None = None,
    *,
    known_divisions: Container[str] | None = None,
    spec: PopulationSpec | None = None,
) -> Population:
    """Draw the SYNTHETIC demo population.

    Args:
        rows: number of rows (default from the spec); at least 1.
        seed: the random seed (default from the spec); the same seed gives the same rows.
        known_divisions: division codes the engine knows (e.g. ``engine.divisions``); codes
            outside it are skipped so the sample is valid under any division catalog.
        spec: the shares (default: the shipped ``population.toml``).

    Raises:
        InvalidValueError: ``rows`` < 1, or no division of the spec is known.
    """
    spec = spec or load_spec()
    n = spec.rows if rows is None else rows
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise InvalidValueError("rows", n, "须为正整数 / must be a positive integer")
    rng = np.random.default_rng(spec.seed if seed is None else seed)
    sh = spec.shares
    divs = [(c, w) for c, w in spec.divisions if known_divisions is None or c in known_divisions]
    if not divs:
        raise InvalidValueError(
            "divisions",
            [c for c, _ in spec.divisions],
            "引擎不认识任何演示区划 / none of the demo divisions is known",
        )
    codes = np.array([int(c) for c, _ in divs], dtype=np.int64)
    weights = np.array([w for _, w in divs])
    household = codes[rng.choice(len(codes), size=n, p=weights / weights.sum())]
    moved = rng.random(n) < sh["enlisted_elsewhere"]
    enlistment = np.where(moved, codes[rng.integers(0, len(codes), size=n)], household)

    kind = _pick(rng, sh["service_kind"], n)
    grade = _only(kind == "nco", _pick(rng, sh["nco_grade"], n))
    # Enlistment between 1978 and 2023; age at enlistment 18-22.
    enlisted = np.datetime64("1978-03-01") + _days(rng, 0, 45 * 365, n)
    birth = enlisted - _days(rng, 18 * 365, 22 * 365, n)
    years = np.select(
        [kind == "conscript", kind == "nco"],
        [rng.integers(2, 3, size=n), rng.integers(3, 17, size=n)],
        rng.integers(8, 26, size=n),
    )
    discharged = enlisted + (years * 365 + rng.integers(0, 60, size=n)).astype("timedelta64[D]")
    serving = (rng.random(n) < sh["still_serving"]) | (discharged > np.datetime64("2024-12-31"))
    discharged = np.where(serving, _NAT, discharged)

    disabled = rng.random(n) < sh["disabled"]
    lw = np.array(sh["level"]["weights"], dtype=float)
    level = np.where(disabled, rng.choice(np.arange(1, 11), size=n, p=lw / lw.sum()), 0)
    cause = _only(disabled, _pick(rng, sh["cause"], n))
    # Assessed during service (or within two years after), approved one to eight months later.
    last = np.where(serving, np.datetime64("2024-10-01"), discharged + np.timedelta64(700, "D"))
    last = np.minimum(last, np.datetime64("2024-10-01"))
    span = ((last - enlisted).astype(np.int64) - 90).clip(1)
    assessed = enlisted + np.timedelta64(90, "D") + (rng.random(n) * span).astype("timedelta64[D]")
    approved = assessed + _days(rng, 30, 240, n)
    u = rng.random(n)
    pending = u < sh["approval_pending"]
    later = (u >= sh["approval_pending"]) & (
        u < sh["approval_pending"] + sh["approval_after_default_date"]
    )
    approved = np.where(later, np.datetime64("2025-03-10") + _days(rng, 0, 240, n), approved)
    approved = np.where(pending | ~disabled, _NAT, approved)
    assessed = np.where(disabled, assessed, _NAT)

    mental = disabled & (level >= 5) & (level <= 6) & (rng.random(n) < sh["mental_disorder_5_6"])
    care = _only(
        disabled, np.where(rng.random(n) < sh["centralized_care"], "centralized", "dispersed")
    )
    died = (rng.random(n) < sh["died"]) & ~serving
    drawn = np.datetime64("2023-01-01") + _days(rng, 0, 700, n)
    # not before the discharge nor the assessment: the records (and the row checks) refuse
    # a death before either, and only the planted rows below are meant to be invalid
    floor = np.maximum(discharged, np.where(np.isnat(assessed), discharged, assessed))
    died_on = np.where(died, np.maximum(drawn, floor), _NAT)
    death = _only(died, np.full(n, "illness", dtype=object))

    cols: dict[str, npt.NDArray[Any]] = {
        "person_id": np.array([f"SYN-{i:05d}" for i in range(n)], dtype=object),
        "sex": np.where(rng.random(n) < sh["female"], "female", "male").astype(object),
        "birth_date": birth,
        "household_division": household,
        "residence": np.where(rng.random(n) < sh["urban"], "urban", "rural").astype(object),
        "service_kind": kind.astype(object),
        "nco_grade": grade.astype(object),
        "enlisted_on": enlisted,
        "discharged_on": discharged,
        "enlistment_division": enlistment,
        "disability_level": level.astype(np.int64),
        "disability_cause": cause.astype(object),
        "disability_assessed_on": assessed,
        "disability_approved_on": approved,
        "mental_disorder": mental,
        "care_arrangement": care,
        "death_category": death,
        "died_on": died_on,
    }
    _set_row(cols, 0, {"death_category": None, "died_on": None, **spec.showcase})
    planted: list[tuple[int, str]] = []
    candidates = np.flatnonzero(disabled & ~died)
    candidates = candidates[candidates > 0]
    if len(candidates) >= len(spec.bad_rows):
        picks = np.linspace(0, len(candidates) - 1, num=len(spec.bad_rows) + 2)[1:-1]
        for (why, fields), p in zip(spec.bad_rows, picks, strict=True):
            i = int(candidates[int(p)])
            _set_row(cols, i, fields)
            planted.append((i, why))
    return Population(columns=cols, bad_rows=tuple(planted))


def _set_row(cols: dict[str, npt.NDArray[Any]], i: int, fields: Mapping[str, Any]) -> None:
    for name, value in fields.items():
        col = cols[name]
        if name in _DIVISION_FIELDS:
            col[i] = int(value) if value else 0
        elif col.dtype.kind == "M":
            col[i] = _NAT if value is None else np.datetime64(value, "D")
        else:
            col[i] = value


@attrs.define
class RuleTally:
    """Running totals of one rule over the chunks of a batch.

    Attributes:
        rule_id, label, kind, period: from the rule.
        parameters: the parameter paths the rule reads.
        counts: rows per status code (ineligible, eligible, undetermined, invalid).
        total_fen: sum of amounts of eligible rows.
        failed: first failing condition id → rows.
        undetermined_reasons: distinct reasons, in first-seen order.
        by_division: household division → [eligible rows, amount in fen].
    """

    rule_id: str
    label: str
    kind: str
    period: str | None
    parameters: tuple[str, ...]
    counts: npt.NDArray[np.int64] = attrs.Factory(lambda: np.zeros(4, dtype=np.int64))
    total_fen: int = 0
    failed: Counter[str] = attrs.Factory(Counter)
    undetermined_reasons: dict[str, None] = attrs.Factory(dict)
    by_division: dict[int, list[int]] = attrs.Factory(dict)

    @property
    def eligible(self) -> int:
        return int(self.counts[STATUS_ELIGIBLE])


@attrs.define
class Tally:
    """Totals of a batch evaluated chunk by chunk, with row errors numbered over the whole table.

    Attributes:
        rows: rows seen so far.
        rules: per rule id, its :class:`RuleTally`.
        errors: every row error, row numbers relative to the whole table.
        provenance: (parameter, jurisdiction, date of effect) → provenance of every value used.
        division_rows: household division → rows.
    """

    rows: int = 0
    rules: dict[str, RuleTally] = attrs.Factory(dict)
    errors: list[RowError] = attrs.Factory(list)
    provenance: dict[tuple[str, str, str], str] = attrs.Factory(dict)
    division_rows: Counter[int] = attrs.Factory(Counter)

    def add(
        self,
        result: BatchResult,
        offset: int,
        households: npt.NDArray[np.int64],
        rules: Mapping[str, Any],
    ) -> None:
        """Fold one chunk's :class:`BatchResult` in.

        Args:
            result: the chunk's result.
            offset: row number of the chunk's first row in the whole table.
            households: the chunk's household division codes (for the per-division totals).
            rules: rule id → the :class:`~shuangyong.policy.Rule` evaluated (labels, periods).
        """
        self.rows += result.n
        self.errors.extend(attrs.evolve(e, row=e.row + offset) for e in result.errors)
        self.provenance.update(result.provenance)
        uniq, inv = np.unique(households, return_inverse=True)
        for code, count in zip(uniq.tolist(), np.bincount(inv).tolist(), strict=True):
            self.division_rows[code] += count
        for rid, rc in result.rules.items():
            rule = rules[rid]
            t = self.rules.get(rid)
            if t is None:
                t = self.rules[rid] = RuleTally(
                    rid,
                    rule.label,
                    rule.kind.label,
                    rule.period.label if rule.period is not None else None,
                    rule.parameters,
                )
            t.counts += np.bincount(rc.status, minlength=4).astype(np.int64)[:4]
            if rc.amount_fen is not None:
                t.total_fen += int(rc.amount_fen.sum())
            ids = np.array([*rc.condition_ids, ""], dtype=object)
            ff = rc.first_failed[(rc.first_failed >= 0) & (rc.status != STATUS_INVALID)]
            for cid, count in Counter(ids[ff].tolist()).items():
                t.failed[str(cid)] += count
            if (rc.status == STATUS_UNDETERMINED).any():
                for reason in rc.undetermined_reasons:
                    t.undetermined_reasons.setdefault(reason, None)
            ok = rc.status == STATUS_ELIGIBLE
            amounts = rc.amount_fen if rc.amount_fen is not None else np.zeros(result.n, np.int64)
            elig = np.bincount(inv[ok], minlength=len(uniq))
            for k, code in enumerate(uniq.tolist()):
                slot = t.by_division.setdefault(code, [0, 0])
                slot[0] += int(elig[k])
                # integer sums per division (few of them): money never goes through floats
                slot[1] += int(amounts[ok & (inv == k)].sum())

    def rule_provenance(self, rule_id: str) -> str | None:
        """The weakest provenance of the values the rule used (example < secondary < official)."""
        params = set(self.rules[rule_id].parameters)
        seen = {p for (path, _, _), p in self.provenance.items() if path in params}
        for level in ("example", "secondary", "official"):
            if level in seen:
                return level
        return None
