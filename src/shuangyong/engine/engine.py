"""The Engine: the facade a host system uses.

``Engine.create()`` builds a fresh plugin host, lets every plugin register rules, parameters and
divisions, and checks the result (duplicates, undeclared parameters, unknown fields). After that
the engine is immutable: ``evaluate`` (one beneficiary, with explanations), ``evaluate_batch``
(columns, at numpy speed), ``schedule`` (month by month) and ``with_parameters`` (a what-if
engine over a new parameter layer) never change it.
"""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.domain.divisions import DivisionCatalog
from shuangyong.domain.money import Yuan, add_fen, sum_fen
from shuangyong.domain.periods import Month, parse_date
from shuangyong.engine.batch import (
    BatchResult,
    BatchSchedule,
    MonthTotals,
    PaymentColumns,
    RuleColumns,
    Unrecorded,
    to_columns,
)
from shuangyong.engine.payments import Group, as_int_array, month_number, payment_of, plan
from shuangyong.engine.prepared import Prepared, read_only
from shuangyong.engine.probe import check_reads
from shuangyong.engine.routed import merge_columns
from shuangyong.engine.run import (
    STATUS_ELIGIBLE,
    STATUS_UNDETERMINED,
    RuleRun,
    missing_input_run,
    missing_required,
    run_rule,
)
from shuangyong.engine.schedule import PaymentLine, Schedule
from shuangyong.errors import (
    BatchInputError,
    InvalidValueError,
    ParameterFileError,
    RuleDefinitionError,
    UnknownRuleError,
)
from shuangyong.parameters.loader import load_parameter_file, load_parameter_text, parse_value
from shuangyong.parameters.model import NATIONAL, DatedValue
from shuangyong.parameters.resolver import ParameterSet
from shuangyong.plugins import LoadedPlugin, PluginHost, create_host
from shuangyong.policy.cache import EvaluationCache, frozen_array
from shuangyong.policy.context import Scope
from shuangyong.policy.fieldset import FieldRegistry
from shuangyong.policy.payment import PaidYearly, instalment_months, instalment_part, instalments_of
from shuangyong.policy.ranges import with_ranges
from shuangyong.policy.results import (
    ConditionOutcome,
    Evaluation,
    PluginInfo,
    RuleResult,
    Status,
)
from shuangyong.policy.rules import Rule
from shuangyong.policy.schema import (
    FIELDS,
    Field,
    born_after,
    convert_columns,
    convert_row,
    fields_read_as_given,
    known_divisions,
    latest_birth,
    row_fields,
)
from shuangyong.policy.trace import group_rows
from shuangyong.registries import (
    DivisionRegistrar,
    ParameterRegistry,
    RegisteredRule,
    RuleRegistry,
    ScopeRegistrar,
)
from shuangyong.scoping import RuleScope, route_rows, route_table

__all__ = ["Engine"]

_STATUS = {0: Status.INELIGIBLE, 1: Status.ELIGIBLE, 2: Status.UNDETERMINED}


class Engine:
    """Rules, parameters and divisions from every loaded plugin, ready to evaluate."""

    def __init__(
        self,
        *,
        rules: dict[str, tuple[RegisteredRule, ...]],
        parameters: ParameterSet,
        divisions: DivisionCatalog,
        plugins: Sequence[LoadedPlugin],
        host: PluginHost | None = None,
        checklists: Mapping[str, Any] | None = None,
        fields: Mapping[str, Field] | None = None,
    ) -> None:
        self._rules = rules  # every version, scoped variants too
        # the base versions (what applies where no scoped variant holds a row) and, per rule
        # id that has them, the scoped variants rows are routed to (see shuangyong.scoping)
        self._base = {rid: tuple(r for r in regs if r.base) for rid, regs in rules.items()}
        self._variants = {
            rid: vs for rid, regs in rules.items() if (vs := tuple(r for r in regs if not r.base))
        }
        self._scopes = {
            reg.scope: RuleScope.build(divisions, reg.scope)
            for regs in rules.values()
            for reg in regs
            if reg.scope
        }
        # the input fields: the national row plus what plugins add (register_fields)
        self.fields: Mapping[str, Field] = FIELDS if fields is None else fields
        self.parameters = parameters
        self.checklists: Mapping[str, Any] = dict(checklists or {})
        self.divisions = divisions
        self.plugins = tuple(plugins)
        self.host = host
        # several built-in plugins share one distribution: list each distribution once
        self._plugin_info = tuple(
            dict.fromkeys(PluginInfo(p.distribution, p.version) for p in self.plugins)
        )
        # 6-digit codes as a mask, and registered township codes rolled up to their county
        self._known = known_divisions(divisions)
        # every cache of the engine, with its thread-safety contract (see policy.cache)
        self._cache = EvaluationCache(parameters, self._chain_of, self._name_of, self.fields)
        self._check()

    # -- construction -----------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        *,
        plugins: Iterable[Any] = (),
        entry_points: bool = True,
        builtins: bool = True,
        env: Mapping[str, str] | None = None,
    ) -> Engine:
        """Load plugins and compile rules and parameters.

        Args:
            plugins: plugin objects or modules to add (e.g. a district plugin under test).
            entry_points: also load installed plugins from the ``shuangyong`` entry points
                (restricted by ``SHUANGYONG_LOAD_PLUGINS``).
            builtins: load the built-in national rule set.
            env: where to read ``SHUANGYONG_*`` switches (default: the process environment).
        """
        host = create_host(plugins=plugins, entry_points=entry_points, builtins=builtins, env=env)
        sregs: dict[str, ScopeRegistrar] = {}

        def make_scope(info: LoadedPlugin) -> ScopeRegistrar:
            return sregs.setdefault(info.supplier, ScopeRegistrar(info.supplier))

        host.call_each("register_scope", make_scope)
        dregs: list[DivisionRegistrar] = []

        def make_div(info: LoadedPlugin) -> DivisionRegistrar:
            dregs.append(DivisionRegistrar(info.supplier))
            return dregs[-1]

        host.call_each("register_divisions", make_div)
        freg = FieldRegistry()
        host.call_each("register_fields", lambda info: freg.bind(info.supplier))
        # the catalog (with plugin divisions) comes first: scopes, rule jurisdictions and
        # parameter jurisdictions (a county code a plugin registers too) are checked against it
        catalog = DivisionCatalog.builtin()
        extra = [item for d in dregs for item in d.items]
        if extra:
            catalog = catalog.with_divisions(extra)
        scopes = {s: reg.check(catalog) for s, reg in sregs.items()}
        rreg = RuleRegistry()
        host.call_each(
            "register_rules", lambda info: rreg.bind(info.supplier, scopes.get(info.supplier, ()))
        )
        preg = ParameterRegistry()
        host.call_each(
            "register_parameters",
            lambda info: preg.bind(info.supplier, scopes.get(info.supplier, ())),
        )
        from shuangyong.compliance.registry import ChecklistRegistry

        creg = ChecklistRegistry()
        host.call_each("register_checklists", lambda info: creg.bind(info.supplier))
        engine = cls(
            rules=rreg.finish(catalog),
            parameters=preg.finish(catalog),
            divisions=catalog,
            plugins=host.plugins,
            host=host,
            checklists=creg.finish(),
            fields=freg.finish(),
        )
        # an undeclared read is a definition error: found now, not on the first evaluation
        # that reaches it (what-if engines share these rules, so they are not probed again)
        check_reads(
            (reg.rule for versions in engine._rules.values() for reg in versions),
            engine._cache,
            engine.fields,
        )
        return engine

    def _check(self) -> None:
        from shuangyong.policy.invariants import check_declarations

        for rid, versions in self._rules.items():
            for reg in versions:
                r = reg.rule
                check_declarations(r)
                for f in r.reads:
                    if f not in self.fields:
                        raise RuleDefinitionError(rid, f"reads unknown field {f!r}")
                for p in r.parameters:
                    if p not in self.parameters:
                        raise RuleDefinitionError(rid, f"reads undeclared parameter {p!r}")

    def with_parameters(
        self, layer: str | Path | Sequence[DatedValue], *, name: str = "what-if"
    ) -> Engine:
        """A what-if engine: ``layer``'s values take over from their dates of effect.

        Args:
            layer: a TOML file path, TOML text (containing ``[[value]]`` tables), or values.
            name: shown in explanations as the layer's supplier.

        The original engine is unchanged, so both can evaluate the same population.
        """
        if isinstance(layer, Path) or (
            isinstance(layer, str) and "\n" not in layer and layer.endswith(".toml")
        ):
            f = load_parameter_file(layer, name)
        elif isinstance(layer, str):
            f = load_parameter_text(layer, name, name)
        else:
            values = list(layer)
            f = None
        if f is not None:
            if f.declarations:
                raise ParameterFileError(f.source, "parameter", "a what-if layer only sets values")
            values = [
                parse_value(
                    self.parameters.declaration(s.parameter), s, f.source, f"value[{i}]", name
                )
                for i, s in enumerate(f.values)
            ]
        return Engine(
            rules=self._rules,
            parameters=self.parameters.with_layer(values, name),
            divisions=self.divisions,
            plugins=self.plugins,
            host=self.host,
            checklists=self.checklists,
            fields=self.fields,
        )

    # -- rules ------------------------------------------------------------------------------
    def rule_ids(self) -> list[str]:
        return sorted(self._rules)

    def rule_versions(self, rule_id: str) -> tuple[RegisteredRule, ...]:
        """The base versions of ``rule_id`` (sorted by date): those that apply wherever no
        scoped variant (:meth:`rule_variants`) holds a row."""
        try:
            return self._base[rule_id]
        except KeyError:
            raise UnknownRuleError(rule_id) from None

    def rule_variants(self, rule_id: str) -> tuple[RegisteredRule, ...]:
        """Every version of ``rule_id``: the base versions, then each scoped variant's (a
        plugin's override for the divisions it serves)."""
        try:
            return self._rules[rule_id]
        except KeyError:
            raise UnknownRuleError(rule_id) from None

    def jurisdiction_of(self, reg: RegisteredRule) -> tuple[str, str]:
        """(code, name) of the jurisdiction a version applies in: ``("national", "全国")``,
        or e.g. ``("410000", "河南省")`` (several codes joined by "," and names by "、")."""
        if not reg.scope:
            return NATIONAL, "全国"
        return ",".join(reg.scope), self._scopes[reg.scope].name

    def rule(self, rule_id: str, on: dt.date) -> RegisteredRule:
        """The version of ``rule_id`` in force on ``on``."""
        for reg in self.rule_versions(rule_id):
            if reg.rule.in_force(on):
                return reg
        first = self._base[rule_id][0].rule.effective_from
        raise UnknownRuleError(rule_id, f"no version in force on {on} (first from {first})")

    def rules_in_force(
        self, on: dt.date, rule_ids: Sequence[str] | None = None
    ) -> list[RegisteredRule]:
        if rule_ids is not None:
            return [self.rule(r, on) for r in rule_ids]
        out = []
        for rid in sorted(self._base):
            for reg in self._base[rid]:
                if reg.rule.in_force(on):
                    out.append(reg)
                    break
        return out

    # -- divisions --------------------------------------------------------------------------
    def _chain_of(self, code: int) -> tuple[str, ...]:
        """The jurisdiction chain of a county code (most specific first, national last)."""
        return self._cache.memo("chain", code, lambda: self._lookup_chain(code))

    def _lookup_chain(self, code: int) -> tuple[str, ...]:
        c = f"{code:06d}"
        try:
            return (*(str(d.code) for d in self.divisions.ancestors(c)), NATIONAL)
        except Exception:
            return (c, NATIONAL)

    def _name_of(self, jurisdiction: str) -> str:
        """The name of a jurisdiction (the code itself when the catalogue does not know it)."""
        return self._cache.memo("name", jurisdiction, lambda: self._lookup_name(jurisdiction))

    def _lookup_name(self, jurisdiction: str) -> str:
        if jurisdiction == NATIONAL:
            return "全国"
        try:
            return str(self.divisions.get(jurisdiction).name)
        except Exception:
            return jurisdiction

    # -- per case ---------------------------------------------------------------------------
    def evaluate(
        self, who: Any, on: dt.date | str, rules: Sequence[str] | None = None
    ) -> Evaluation:
        """Evaluate one beneficiary on a date: one explained result per rule in force.

        Args:
            who: a :class:`~shuangyong.domain.Beneficiary`, or a mapping of field → value.
            on: the date evaluated (never today by default: rules do not read the clock).
            rules: rule ids to evaluate (default: every rule in force on ``on``).

        Raises:
            InvalidValueError: a field is missing or invalid (names the field and the reason).
            UnknownRuleError: a requested rule is unknown or not in force on ``on``.
        """
        day = parse_date(on, "on")
        row, person = _row_of(who)
        regs = self.rules_in_force(day, rules)
        runs, _, _, _ = self._run_rows(
            row, regs, day, explain=True, strict=True, all_rules=rules is None
        )
        # one row: one piece per rule, the version that applies to the row
        return Evaluation(
            person=person,
            on=day,
            results=tuple(self._result(p[0][0], p[0][1], day, 0) for _, p in runs),
        )

    def evaluate_many(
        self, rows: Any, on: dt.date | str, rules: Sequence[str] | None = None
    ) -> list[Evaluation]:
        """Evaluate many beneficiaries on a date, each explained exactly as :meth:`evaluate`
        explains that person alone, at batch cost: the rules run once over all rows, and each
        distinct explanation is built once and shared (results are immutable).

        Args:
            rows: a sequence of beneficiaries (:class:`~shuangyong.domain.Beneficiary` or
                mappings of field → value, as :meth:`evaluate` takes), or a table (a dict of
                column → array, a pandas DataFrame, an Arrow table, or a population from
                :meth:`prepare`; ``person_id``, when given, names each person).
            on: the date evaluated.
            rules: rule ids to evaluate (default: every rule in force on ``on``).

        Returns:
            One :class:`Evaluation` per row, in order.

        Raises:
            InvalidValueError: a field of some row is missing or invalid (names the row, the
                field and the reason; nothing is evaluated).
            UnknownRuleError: a requested rule is unknown or not in force on ``on``.
        """
        day = parse_date(on, "on")
        regs = self.rules_in_force(day, rules)
        all_rules = rules is None
        groups: list[
            tuple[npt.NDArray[np.intp] | None, Mapping[str, Any] | Prepared, list[str]]
        ] = []
        if isinstance(rows, Prepared) or _is_table(rows):
            data: Mapping[str, Any] | Prepared
            if isinstance(rows, Prepared):
                data, ids, n = rows, rows.columns.get("person_id"), rows.n
            else:
                data = to_columns(rows)
                ids = data.get("person_id")
                n = len(np.asarray(next(iter(data.values())))) if data else 0
            persons = (
                ["(row)"] * n
                if ids is None
                else [str(v) if v else "(row)" for v in np.asarray(ids).tolist()]
            )
            groups.append((None, data, persons))
        else:
            # rows that give different fields are planned apart: a rule whose inputs a row
            # lacks is undetermined for that row, as it is alone
            by_fields: dict[frozenset[str], list[int]] = {}
            flat = [_row_of(who) for who in rows]
            for j, (row, _) in enumerate(flat):
                by_fields.setdefault(frozenset(row), []).append(j)
            for fields, rows_of in by_fields.items():
                cols = {f: _object_column([flat[j][0][f] for j in rows_of]) for f in sorted(fields)}
                groups.append((np.asarray(rows_of, np.intp), cols, [flat[j][1] for j in rows_of]))
        total = sum(len(p) for _, _, p in groups)
        out: list[Evaluation | None] = [None] * total
        for members, table, persons in groups:
            if not persons:
                continue
            runs, errors, _, _ = self._run_rows(
                table, regs, day, explain=True, strict=False, all_rules=all_rules
            )
            if errors:
                e = errors[0]
                where = e.row if members is None else int(members[e.row])
                raise InvalidValueError(e.field, e.value, e.reason, row=where)
            per_rule = []
            for _, pieces in runs:
                if len(pieces) == 1:
                    reg, run, _ = pieces[0]
                    objs, inverse = self._results(reg, run, day)
                    per_rule.append(
                        objs * len(persons) if inverse is None else _take(objs, inverse)
                    )
                    continue
                # rows routed to several versions (scoped variants): scatter them back
                merged: list[Any] = [None] * len(persons)
                for reg, run, where in pieces:
                    assert where is not None  # several pieces: each names its rows
                    objs, inverse = self._results(reg, run, day)
                    got = objs * len(where) if inverse is None else _take(objs, inverse)
                    for k, res in zip(where.tolist(), got, strict=True):
                        merged[k] = res
                per_rule.append(merged)
            rows_results = zip(*per_rule, strict=True) if per_rule else ((),) * len(persons)
            for j, (person, results) in enumerate(zip(persons, rows_results, strict=True)):
                k = j if members is None else int(members[j])
                out[k] = Evaluation(person=person, on=day, results=tuple(results))
        return out  # type: ignore[return-value]  # every slot filled above

    def _run_rows(
        self,
        table: Mapping[str, Any] | Prepared,
        regs: Sequence[RegisteredRule],
        day: dt.date,
        *,
        explain: bool,
        strict: bool,
        all_rules: bool = False,
    ) -> tuple[list[_Routed], list[Any], npt.NDArray[np.bool_], int]:
        # Evaluating every rule in force on a row prepared for some of them: a rule whose
        # required inputs are absent is undetermined (naming them); a rule asked for by name
        # needs its inputs, and their absence is an error.
        given = table.given if isinstance(table, Prepared) else table
        # the scoped variants in force are planned with their rules (they read fields too)
        planned = self._with_variants(regs, day)
        if strict:
            # per case: the same rules and fields come back call after call
            skipped, needed, shareable, fields = self._cache.memo_of(
                "plan",
                tuple(planned),
                (frozenset(given), all_rules),
                lambda: _plan(planned, given, all_rules, self.fields),
            )
        else:
            skipped, needed, shareable, fields = _plan(planned, given, all_rules, self.fields)
        cols: Mapping[str, Any]
        latest = None
        if isinstance(table, Prepared):
            cols = self._check_prepared(table).needed(needed, fields)
            errors, bad, n = list(table.errors), table.invalid, table.n
            latest = table.latest_birth
        elif strict:
            # which fields the row converts depends only on its keys: found once
            keys = tuple(table)
            wanted = self._cache.memo(
                "row_fields", (keys, tuple(needed)), lambda: row_fields(keys, needed, fields)
            )
            cols, errors = convert_row(table, needed, self._known, fields, wanted)
            bad, n = np.zeros(1, dtype=bool), 1
        else:
            cols, errors, bad, n = convert_columns(table, needed, self._known, fields)
        late, late_errors = born_after(cols, day, bad, latest)
        if (
            late is not None and late_errors
        ):  # a check of the date evaluated, so not made once per population
            errors = sorted([*errors, *late_errors], key=lambda e: e.row)
            bad = bad | late
        if strict and errors:
            e = errors[0]
            raise InvalidValueError(e.field, e.value, e.reason)
        # shared by the rules evaluated here: same rows, same date
        scope = Scope(day, shareable=shareable, month=self._cache.month_of(day))
        runs = [
            (
                reg,
                self._run_routed(
                    reg, cols, n, day, explain, None if strict else bad, skipped, scope
                ),
            )
            for reg in regs
        ]
        return runs, errors, bad, n

    def _with_variants(
        self, regs: Sequence[RegisteredRule], day: dt.date
    ) -> Sequence[RegisteredRule]:
        if not self._variants:
            return regs
        extra = [
            v for reg in regs for v in self._variants.get(reg.rule.id, ()) if v.rule.in_force(day)
        ]
        return [*regs, *extra] if extra else regs

    def _run_routed(
        self,
        reg: RegisteredRule,
        cols: Mapping[str, npt.NDArray[Any]],
        n: int,
        day: dt.date,
        explain: bool,
        invalid: npt.NDArray[np.bool_] | None,
        skipped: Mapping[Version, list[str]],
        scope: Scope | None,
    ) -> list[_Piece]:
        """Run ``reg`` (a base version) on the rows, or report it undetermined when its
        required inputs are absent: each row by the most specific version that applies to it.

        Rows no scoped variant holds run the base version; the rows of each variant run that
        variant on their subset, and the pieces say which rows they are (None: every row).
        Without scoped variants this is one run of ``reg`` over every row, as before scopes.
        """

        def run(one: RegisteredRule, c: Any, k: int, bad: Any, sc: Scope | None) -> RuleRun:
            missing = skipped.get(version_of(one))
            if missing is not None:
                return missing_input_run(one.rule, k, day, missing, self._cache, explain, c)
            return run_rule(one.rule, c, k, day, self._cache, explain, bad, sc)

        variants = self._variants.get(reg.rule.id)
        if variants is None:  # no district scopes this rule: every row, as before scopes
            return [(reg, run(reg, cols, n, invalid, scope), None)]
        division = cols.get(reg.rule.division_field)
        live = [v for v in variants if v.rule.in_force(day)]
        if not live or division is None:
            # (no division column: every version lacks it, and the base says so)
            return [(reg, run(reg, cols, n, invalid, scope), None)]
        key = tuple(v.scope for v in live)
        table = self._cache.memo(
            "route", key, lambda: route_table([self._scopes[sc] for sc in key])
        )
        which = route_rows(division, table)
        counts = np.bincount(which.astype(np.intp) + 1, minlength=len(live) + 1)
        present = [k - 1 for k in np.flatnonzero(counts).tolist()]
        if len(present) == 1:
            one = reg if present[0] < 0 else live[present[0]]
            return [(one, run(one, cols, n, invalid, scope), None)]
        out: list[_Piece] = []
        for k in present:
            rows = np.flatnonzero(which == k)
            one = reg if k < 0 else live[k]
            # only what this version reads (the table holds every version's fields)
            rule = one.rule
            pays = rule.payment.fields() if rule.payment else ()
            wanted = {*rule.reads, rule.division_field, *pays}
            sub = {f: v[rows] for f, v in cols.items() if f in wanted}
            bad = None if invalid is None else invalid[rows]
            # a subset of the rows: its own scope (shared columns are of the whole table)
            own = Scope(day, month=self._cache.month_of(day))
            out.append((one, run(one, sub, len(rows), bad, own), rows))
        return out

    def _results(
        self, reg: RegisteredRule, run: RuleRun, day: dt.date
    ) -> tuple[list[RuleResult], npt.NDArray[np.intp] | None]:
        """Every row's explained result of an explained run: one result per group of rows
        whose explanations are the same (results are immutable, so rows share them), and
        each row's group (None: one row)."""
        n = len(run.status)
        if n == 1:
            return [self._result(reg, run, day, 0)], None
        trace = run.context.trace
        eligible = run.status == STATUS_ELIGIBLE
        passed = run.passed if run.passed.shape[0] else np.zeros((1, n), dtype=bool)
        shown = _notes_shown(run)
        division = run.context.column(reg.rule.division_field)
        amount = run.amount_fen
        amount_rows = trace.amount_rows if trace.amount_rows is not None else eligible
        columns = [
            run.status,
            *passed,
            *(() if run.unsure is None else run.unsure),
            *(() if amount is None else (amount,)),
            *(() if division is None else (division,)),
            *trace.row_uses.signature(amount_rows),
            *trace.row_rounding.signature(eligible),
            *trace.row_reasons.signature(amount_rows & shown),
            shown,
        ]
        reps, inverse = group_rows(*columns)
        return [self._result(reg, run, day, r) for r in reps], inverse

    def _result(self, reg: RegisteredRule, run: RuleRun, day: dt.date, i: int) -> RuleResult:
        """The explained result of row ``i`` of an explained run."""
        r = reg.rule
        unsure: tuple[bool, ...]
        status_code = int(run.status[i])
        passed = tuple(run.passed[:, i].tolist())
        fen = None if run.amount_fen is None else int(run.amount_fen[i])
        unsure = () if run.unsure is None else tuple(run.unsure[:, i].tolist())
        if True not in unsure:
            unsure = ()  # no condition failed on a missing value
        status = _STATUS[status_code]
        # outcomes depend only on the rule and which conditions passed (or could not be
        # decided), and are immutable: built once per pattern, shared by every evaluation
        conds = self._cache.memo_of(
            "outcomes", (r,), (passed, unsure), lambda: _outcomes(r, passed, unsure)
        )
        amount = None
        if fen is not None and status is Status.ELIGIBLE:
            amount = Yuan.from_fen(fen)
        elif fen is not None and status is Status.INELIGIBLE:
            amount = _ZERO
        division = run.context.column(r.division_field)
        code = int(division[i]) if division is not None and len(division) else None
        shown = self._cache.memo("division_label", code, lambda: self._division_label(code))
        trace = run.context.trace
        # why something could not be decided: for an undetermined result, and for a refusal
        # that also has a condition it could not decide (its "?" points here)
        notes: tuple[str, ...] = ()
        if (status is Status.UNDETERMINED or unsure) and _row_open(run, i):
            notes = trace.reasons_at(i)
        jurisdiction, jurisdiction_name = self.jurisdiction_of(reg)
        return RuleResult(
            rule_id=r.id,
            version=r.version,
            label=r.label,
            kind=r.kind.value,
            status=status,
            on=day,
            division=shown,
            jurisdiction=jurisdiction,
            jurisdiction_name=jurisdiction_name,
            amount=amount,
            period=r.period.value if r.period else None,
            conditions=conds,
            parameters=trace.uses_at(i),
            rounding=trace.rounding_at(i) if status is Status.ELIGIBLE else (),
            citations=r.citations,
            plugins=self._plugin_info,
            supplied_by=reg.supplied_by,
            override=reg.override,
            notes=notes,
            caveats=r.caveats,
        )

    def _division_label(self, code: int | None) -> str:
        """ "名称（代码）" of a division as results show it ("" for none)."""
        div = "" if code is None else f"{code:06d}"
        return f"{self._name_of(div)}（{div}）" if div else ""

    # -- batch ------------------------------------------------------------------------------
    def prepare(self, table: Any) -> Prepared:
        """Validate and convert ``table`` once, for every rule of the engine.

        The :class:`~shuangyong.engine.prepared.Prepared` population can then be evaluated by
        :meth:`evaluate_batch`, :meth:`evaluate_batch_months` and :meth:`evaluate_many`, by
        this engine and by its what-if engines (:meth:`with_parameters`), for any rules, dates
        and months, without converting again. Results are those of the raw table.

        Args:
            table: what :meth:`evaluate_batch` takes.

        Raises:
            BatchInputError: unknown columns, or columns of different lengths.
        """
        data = to_columns(table)
        every = {
            f
            for versions in self._rules.values()
            for reg in versions
            for f in (*reg.rule.reads, *(reg.rule.payment.fields() if reg.rule.payment else ()))
        }
        # fields absent from the table and without a default stay absent: the rules that need
        # them are undetermined (or an error when asked for by name), as on the raw table
        wanted = sorted(
            f
            for f in every
            if f in data or self.fields[f].default is not None or self.fields[f].nullable
        )
        cols, errors, bad, n = convert_columns(data, wanted, self._known, self.fields)
        return Prepared(
            n=n,
            latest_birth=latest_birth(cols),
            columns=read_only(cols),
            errors=tuple(errors),
            invalid=read_only({"invalid": bad})["invalid"],
            given=frozenset(data),
            divisions=self.divisions,
        )

    @property
    def _division_index(self) -> DivisionIndex:
        """County codes → small indices, for totals by division (built once per engine)."""
        return self._cache.memo("division_index", None, self._build_division_index)

    def _build_division_index(self) -> DivisionIndex:
        codes = np.flatnonzero(self._known).astype(np.int64)
        lut = np.full(len(self._known), len(codes), dtype=np.int32)
        lut[codes] = np.arange(len(codes), dtype=np.int32)
        return frozen_array(lut), frozen_array(np.append(codes, 0))

    def _check_prepared(self, prepared: Prepared) -> Prepared:
        if prepared.divisions is not self.divisions:
            raise BatchInputError(
                "this population was prepared by an engine with other divisions: prepare it "
                "again with this engine"
            )
        return prepared

    def evaluate_batch(
        self, table: Any, on: dt.date | str, rules: Sequence[str] | None = None
    ) -> BatchResult:
        """Evaluate a whole table of beneficiaries on one date.

        Args:
            table: a dict of column → array (numpy, lists), a pandas DataFrame or an Arrow
                table. Enum columns may hold values (``"combat"``) or codes (see
                :func:`shuangyong.policy.columns.enum_codes`); dates as datetime64[D]. Or a
                population already validated and converted by :meth:`prepare`.
            on: the date evaluated.
            rules: rule ids (default: all in force).

        Returns:
            A :class:`BatchResult`; bad rows are listed in ``errors`` with their row numbers
            and reasons, and every other row is evaluated.
        """
        day = parse_date(on, "on")
        regs = self.rules_in_force(day, rules)
        data = table if isinstance(table, Prepared) else to_columns(table)
        runs, errors, bad, n = self._run_rows(
            data, regs, day, explain=False, strict=False, all_rules=rules is None
        )
        out: dict[str, RuleColumns] = {}
        prov: dict[tuple[str, str, str], str] = {}
        for reg, pieces in runs:
            if len(pieces) == 1:
                out[reg.rule.id] = _rule_columns(*pieces[0][:2])
            else:
                out[reg.rule.id] = merge_columns(
                    [(_rule_columns(r, run), rows) for r, run, rows in pieces],
                    [self.jurisdiction_of(r)[0] for r, _, _ in pieces],
                    n,
                )
            for _, run, _ in pieces:
                for (path, j, start), v in run.context.used_values.items():
                    prov[(path, j, start.isoformat())] = v.provenance.value
        return BatchResult(n=n, rules=out, errors=tuple(errors), invalid=bad, provenance=prov)

    def evaluate_batch_months(
        self,
        table: Any,
        start: dt.date | Month | str,
        end: dt.date | Month | str,
        rules: Sequence[str] | None = None,
        *,
        rows_at: RowsAt | None = None,
        keep_lines: bool = True,
    ) -> BatchSchedule:
        """A whole table's payment lines due from ``start`` to ``end``: the batch form of
        :meth:`schedule`.

        Each rule's lines fall due as its payment declaration says
        (:mod:`shuangyong.policy.payment`): monthly benefits every month (evaluated on the
        month's first day, or on the first day of a rule version that starts within it), yearly
        ones once a year or per instalment (evaluated on the year's first day), one-offs in the
        month of their event (evaluated on the event's date). Rows are evaluated together per
        date, never one by one. Rules that have no version on a date are skipped unless named in
        ``rules``, in which case that is an error.

        Args:
            rows_at: where the facts change over time (a case store): ``rows_at(on, rows)``
                returns the table of the given rows (indices into ``table``, in that order) as
                they stood on ``on``; ``table`` itself then only supplies the event and
                anniversary dates. Without it every date evaluates ``table``. It may return an
                :class:`~shuangyong.engine.batch.Unrecorded` (a case store's rows): a row that
                never recorded a required field is evaluated as the dict row without that key
                is per case (the rules that require it undetermined, naming it, even when
                asked for by name; the others as usual), never reported as an input error.
            keep_lines: False: keep no line, only totals by rule × due month × division ×
                status (:class:`MonthTotals`), added up as each date is evaluated, so memory
                does not grow with rules × months × rows. ``table`` may be a population from
                :meth:`prepare` (then nothing is converted again).

        Returns:
            A :class:`BatchSchedule` of :class:`PaymentColumns` per rule (with ``keep_lines``)
            or of :class:`MonthTotals` per rule.
        """
        first = start if isinstance(start, Month) else Month.of(parse_date(start, "start"))
        last = end if isinstance(end, Month) else Month.of(parse_date(end, "end"))
        ids = list(rules) if rules is not None else self.rule_ids()
        data = table if isinstance(table, Prepared) else to_columns(table)
        given = data.given if isinstance(data, Prepared) else data
        every = [reg for rid in ids for reg in self.rule_variants(rid)]
        # with rows_at, ``table`` holds only dates: what the rows lack is found in what
        # rows_at returns, date by date (below; and see Unrecorded)
        explicit = rules is not None
        skipped = {} if rows_at is not None else _skipped(every, given, not explicit, self.fields)
        running = [reg for reg in every if version_of(reg) not in skipped]
        needed = sorted({f for reg in running for f in reg.rule.reads})
        # a field the rules read only when given, absent: read as not set (Rule.optional_reads)
        fields = fields_read_as_given([reg.rule for reg in running], given, self.fields)
        # with rows_at, ``table`` only supplies the dates lines fall due on
        dated = sorted({f for reg in every if reg.rule.payment for f in reg.rule.payment.fields()})
        cols: Mapping[str, npt.NDArray[Any]]
        if isinstance(data, Prepared):
            cols = self._check_prepared(data).needed(needed if rows_at is None else dated, fields)
            errors, bad, n = list(data.errors), data.invalid, data.n
        else:
            cols, errors, bad, n = convert_columns(
                data, needed if rows_at is None else dated, self._known, fields
            )
        errors = list(errors)
        out: dict[str, PaymentColumns] = {}
        totals: dict[str, MonthTotals] = {}
        index = None if keep_lines else self._division_index
        builders = {rid: _LineBuilder(rid, n, index) for rid in ids}
        # Rules due on the same date for the same rows are evaluated together, in one scope:
        # a condition or derived column they share is computed once (see run._condition),
        # and with rows_at the rows are read once for them all.
        everyone = np.arange(n, dtype=np.int64)
        born_late: set[int] = set()  # rows already reported born after a date evaluated
        # the latest birth date of the table bounds that of any of its rows (one reduction)
        latest = data.latest_birth if isinstance(data, Prepared) else latest_birth(cols)
        together: dict[tuple[dt.date, Any], list[tuple[str, Group]]] = {}
        for rid in ids:
            for g in self._plan(rid, first, last, n, cols, ~bad, explicit=rules is not None):
                assert g.reg is not None
                if len(g.rows) == n:
                    g = attrs.evolve(g, rows=everyone)  # one array for every full group
                    key: Any = None
                else:
                    key = g.rows.tobytes()
                together.setdefault((g.on, key), []).append((rid, g))
        for (on, _), members in sorted(together.items(), key=lambda kv: kv[0][0]):
            all_rows = members[0][1].rows
            regs = [g.reg for _, g in members if g.reg is not None]
            # rows are independent: a large group runs in chunks (views of the columns), so
            # the temporaries of a rule body never span the whole table
            for lo in range(0, len(all_rows), _CHUNK):
                rows = all_rows[lo : lo + _CHUNK]
                whole = len(all_rows) == n
                sub: Mapping[str, npt.NDArray[Any]]
                # the rows evaluated together: (rows, columns, invalid, rules skipped, fields)
                parts: list[_Part]
                if rows_at is not None:
                    parts = []
                    got = rows_at(on, rows)
                    gaps: Mapping[str, npt.NDArray[np.bool_]] = {}
                    if isinstance(got, Unrecorded):
                        gaps = got.unrecorded
                        got = got.columns
                    sub_data = to_columns(got)
                    # rows lacking a stored fact are evaluated apart, each group as the dict
                    # rows without those keys are per case (see Unrecorded)
                    for at, lacking in _unrecorded_groups(gaps, needed, len(rows)):
                        p_rows = rows if at is None else rows[at]
                        p_data = (
                            sub_data
                            if at is None
                            else {k: v[at] for k, v in sub_data.items() if k not in lacking}
                        )
                        # what these rows' own columns allow (``table`` held only dates)
                        planned = self._with_variants(regs, on)
                        p_skipped: Mapping[Version, list[str]]
                        p_skipped, p_needed, _, p_fields = _plan(
                            planned, p_data, not explicit, self.fields
                        )
                        if lacking:
                            p_skipped, p_fields, p_needed = self._lacking_stored(
                                regs, on, p_data, lacking, p_skipped, p_needed
                            )
                        sub, errs, sub_bad, _ = convert_columns(
                            p_data, p_needed, self._known, p_fields
                        )
                        for _ in members:  # reported per rule evaluated, as before
                            errors.extend(attrs.evolve(e, row=int(p_rows[e.row])) for e in errs)
                        parts.append((p_rows, sub, sub_bad | bad[p_rows], p_skipped, p_fields))
                elif whole:
                    # (slices: their values lie inside the ranges found on the whole)
                    sub = with_ranges({k: v[lo : lo + _CHUNK] for k, v in cols.items()}, cols)
                    parts = [(rows, sub, bad[lo : lo + _CHUNK], skipped, fields)]
                else:
                    # only what these rules read (a one-off's rows are few; the table is wide)
                    wanted = {
                        f
                        for r in regs
                        for v in (r, *self._variants.get(r.rule.id, ()))
                        for f in (*v.rule.reads, v.rule.division_field)
                    }
                    sub = with_ranges({k: v[rows] for k, v in cols.items() if k in wanted}, cols)
                    parts = [(rows, sub, bad[rows], skipped, fields)]
                for p_rows, sub, sub_bad, p_skipped, p_fields in parts:
                    # born after this date: invalid for it (as evaluate_batch), reported once
                    late, late_errors = born_after(
                        sub, on, sub_bad, latest if rows_at is None else None
                    )
                    if late is not None and late_errors:
                        sub_bad = sub_bad | late
                        for e in late_errors:
                            row = int(p_rows[e.row])
                            if row not in born_late:
                                born_late.add(row)
                                errors.append(attrs.evolve(e, row=row))
                    _, _, shareable, _ = _plan(regs, list(sub), False, p_fields)
                    scope = Scope(on, shareable=shareable, month=self._cache.month_of(on))
                    for rid, g in members:
                        assert g.reg is not None
                        part = g if len(p_rows) == len(all_rows) else attrs.evolve(g, rows=p_rows)
                        k = len(p_rows)
                        pieces = self._run_routed(
                            g.reg, sub, k, on, False, sub_bad, p_skipped, scope
                        )
                        for reg, run, at in pieces:
                            piece = part if at is None else attrs.evolve(part, rows=part.rows[at])
                            where = sub.get(reg.rule.division_field)
                            if where is not None and at is not None:
                                where = where[at]
                            count = len(piece.rows)
                            counts = _interval(reg, run, count)
                            builders[rid].add(piece, run, first, last, counts, where, reg.scope)
                    del sub, scope
        for rid, lines in builders.items():
            if keep_lines:
                out[rid] = lines.finish()
            else:
                totals[rid] = lines.totals()
        errors.sort(key=lambda e: (e.row, e.field))
        return BatchSchedule(
            n=n,
            first=first,
            last=last,
            rules=out,
            errors=tuple(errors),
            invalid=bad,
            totals=totals,
        )

    def _lacking_stored(
        self,
        regs: Sequence[RegisteredRule],
        on: dt.date,
        given: Mapping[str, Any],
        lacking: frozenset[str],
        skipped: Mapping[Version, list[str]],
        needed: Sequence[str],
    ) -> tuple[Mapping[Version, list[str]], Mapping[str, Field], list[str]]:
        """For rows that lack the stored facts ``lacking`` (``given``: their columns, without
        those): the rules skipped as undetermined (those that require one of them, named as
        per case), the fields as the rules that run read these rows (a field read only when
        given is read as not set), and the fields to convert."""
        planned = self._with_variants(regs, on)
        out = dict(skipped)
        for version, missing in _lacking_inputs(planned, given, self.fields).items():
            if lacking.intersection(missing):
                out[version] = missing
        fields = fields_read_as_given(
            [r.rule for r in planned if version_of(r) not in out], given, self.fields
        )
        # a field lacked takes its default, or reads as not set where that is allowed
        wanted = [
            f
            for f in needed
            if f not in lacking or fields[f].nullable or fields[f].default is not None
        ]
        return out, fields, wanted

    # -- schedules --------------------------------------------------------------------------
    def schedule(
        self,
        who: Any,
        start: dt.date | Month | str,
        end: dt.date | Month | str,
        rules: Sequence[str] | None = None,
    ) -> Schedule:
        """One person's payment lines due from ``start`` to ``end`` (inclusive months), each
        with its explained result.

        Lines fall due as each rule's payment declaration says (see
        :meth:`evaluate_batch_months`, which plans them the same way): a monthly benefit every
        month, with the rule version and standards in force on the month's first day (so a
        standard that changes on 1 August pays the old rate for January–July); a yearly one
        once a year or per instalment; a one-off once, in the month of its event. A total
        (:meth:`Schedule.total`) is exact and says when it is incomplete.

        Raises:
            UnknownRuleError: a requested rule has no version in force on a date it is due
                (months are never dropped silently). With ``rules=None`` the schedule covers
                the rules in force.
        """
        first = start if isinstance(start, Month) else Month.of(parse_date(start, "start"))
        last = end if isinstance(end, Month) else Month.of(parse_date(end, "end"))
        row, _ = _row_of(who)
        ids = list(rules) if rules is not None else self.rule_ids()
        dates = _RowDates(row, self._known, self.fields)
        lines: list[PaymentLine] = []
        for rid in ids:
            for g in self._plan(rid, first, last, 1, dates, np.ones(1, bool), rules is not None):
                assert g.reg is not None
                runs, _, _, _ = self._run_rows(
                    row, [g.reg], g.on, explain=True, strict=True, all_rules=rules is None
                )
                reg, run, _ = runs[0][1][0]  # one row: the version that applies to it
                result = self._result(reg, run, g.on, 0)
                lines.extend(_person_lines(g, result, first, last, _interval(reg, run, 1)))
        lines.sort(key=lambda line: (ids.index(line.rule_id), line.due, line.instalment))
        return Schedule(tuple(lines), first, last)

    def _plan(
        self,
        rule_id: str,
        first: Month,
        last: Month,
        n: int,
        cols: Mapping[str, Any],
        valid: npt.NDArray[np.bool_],
        explicit: bool,
    ) -> Iterator[Group]:
        """The evaluation groups of one rule id; a date with no version in force is an error
        for a rule asked for by name and skipped otherwise."""
        regs = self.rule_versions(rule_id)

        def version_on(day: dt.date) -> RegisteredRule | None:
            return next((r for r in regs if r.rule.in_force(day)), None)

        for g in plan(
            payment_of(regs),
            first,
            last,
            n,
            lambda f: cols[f],
            valid,
            version_on,
            lambda m: self._version_in_month(rule_id, m),
        ):
            if g.reg is not None:
                yield g
            elif explicit:
                raise UnknownRuleError(
                    rule_id, f"no version in force on {g.on} (schedule {first}–{last})"
                )

    def _version_in_month(self, rule_id: str, m: Month) -> tuple[RegisteredRule | None, dt.date]:
        for reg in self.rule_versions(rule_id):
            if reg.rule.in_force(m.start):
                return reg, m.start
        for reg in self.rule_versions(rule_id):
            if m.start < reg.rule.effective_from <= m.end:
                return reg, reg.rule.effective_from
        return None, m.start


_Piece = tuple[RegisteredRule, RuleRun, "npt.NDArray[np.intp] | None"]
"""A version run on some rows of a table (None: all of them)."""


Version = tuple[str, tuple[str, ...]]
"""A rule version as evaluated: its rule id and the divisions it applies in (a rule's base
version and each district's variant of it are apart: each reads its own fields)."""


_Part = tuple[
    npt.NDArray[np.int64],
    Mapping[str, npt.NDArray[Any]],
    npt.NDArray[np.bool_],
    Mapping[Version, list[str]],
    Mapping[str, Field],
]


def _unrecorded_groups(
    gaps: Mapping[str, npt.NDArray[np.bool_]], needed: Sequence[str], n: int
) -> list[tuple[npt.NDArray[np.intp] | None, frozenset[str]]]:
    """The rows (local indices; None: all ``n``) that lack the same needed fields, and those
    fields: one group of every row when none lacks any (the usual case, no copy)."""
    names = [f for f in needed if f in gaps and bool(gaps[f].any())]
    if not names:
        return [(None, frozenset())]
    matrix = np.stack([np.asarray(gaps[f], dtype=bool) for f in names], axis=1)
    patterns, which = np.unique(matrix, axis=0, return_inverse=True)
    which = which.reshape(-1)
    return [
        (
            np.flatnonzero(which == j),
            frozenset(f for f, off in zip(names, pattern.tolist(), strict=True) if off),
        )
        for j, pattern in enumerate(patterns)
    ]


_Routed = tuple[RegisteredRule, list[_Piece]]
"""A rule (its base version) and the pieces its rows were routed to."""

_CHUNK = 1 << 18  # rows a rule body runs on at once in evaluate_batch_months


_UNSURE_REASON = "无法判断：所需数据缺失（见说明）"


def _outcomes(
    rule: Rule, passed: tuple[bool, ...], unsure: tuple[bool, ...]
) -> tuple[ConditionOutcome, ...]:
    flags = unsure or (False,) * len(passed)
    return tuple(
        ConditionOutcome(
            id=c.id,
            label=c.label,
            passed=ok,
            reason=(c.reason_met or "符合") if ok else _UNSURE_REASON if open_ else c.reason_failed,
            citation=c.citation,
            undetermined=open_,
            timing=c.timing,
        )
        for c, ok, open_ in zip(rule.conditions, passed, flags, strict=True)
    )


def _is_table(rows: Any) -> bool:
    """Whether ``rows`` is a table of columns rather than a sequence of rows."""
    mod = type(rows).__module__
    return isinstance(rows, Mapping) or mod.startswith(("pandas", "pyarrow"))


def _object_column(values: list[Any]) -> npt.NDArray[np.object_]:
    """Values as an object column, converted element by element as one row is."""
    out = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):  # element by element: a list value (award kinds) stays one
        out[i] = v
    return out


def _take(objs: list[RuleResult], inverse: npt.NDArray[np.intp]) -> list[RuleResult]:
    arr = np.empty(len(objs), dtype=object)
    arr[:] = objs
    taken: list[RuleResult] = arr[inverse].tolist()
    return taken


def _row_open(run: RuleRun, i: int) -> bool:
    """Whether row ``i`` met something it could not decide (as it would alone)."""
    rows = run.row_undetermined
    return bool(rows[i]) if rows is not None else bool(run.undetermined_reasons)


def _notes_shown(run: RuleRun) -> npt.NDArray[np.bool_]:
    """Rows whose results carry the reasons they could not decide (see ``Engine._result``)."""
    shown = run.status == STATUS_UNDETERMINED
    if run.unsure is not None:
        shown = shown | run.unsure.any(axis=0)
    rows = run.row_undetermined
    out: npt.NDArray[np.bool_] = shown & rows if rows is not None else shown
    return out


_Plan = tuple[dict[Version, list[str]], list[str], frozenset[Any], Mapping[str, Field]]


def _plan(
    regs: Sequence[RegisteredRule], table: Any, all_rules: bool, fields: Mapping[str, Field]
) -> _Plan:
    """For evaluating ``regs`` on ``table``: rules skipped for lacking inputs (→ the fields),
    fields to convert, the condition functions more than one of the rules uses (computed
    once; see :func:`shuangyong.engine.run._condition`), and the fields as the rules that run
    read this input (:func:`~shuangyong.engine.run.fields_read_as_given`)."""
    skipped = _skipped(regs, table, all_rules, fields)
    run = [reg for reg in regs if version_of(reg) not in skipped]
    needed = sorted({f for reg in run for f in reg.rule.reads})
    uses = collections.Counter(fn for reg in run for fn in {c.test for c in reg.rule.conditions})
    shareable = frozenset(fn for fn, n in uses.items() if n > 1)
    return skipped, needed, shareable, fields_read_as_given([r.rule for r in run], table, fields)


_ZERO = Yuan(0)  # immutable: the amount of every ineligible benefit result


def version_of(reg: RegisteredRule) -> Version:
    """The :data:`Version` key of ``reg``."""
    return reg.rule.id, reg.scope


def _lacking_inputs(
    regs: Sequence[RegisteredRule], given: Any, fields: Mapping[str, Field]
) -> dict[Version, list[str]]:
    """Version → required fields it reads that ``given`` lacks."""
    out: dict[Version, list[str]] = {}
    for reg in regs:
        missing = missing_required(reg.rule, given, fields)
        if missing:
            out[version_of(reg)] = missing
    return out


def _skipped(
    regs: Sequence[RegisteredRule], given: Any, all_rules: bool, fields: Mapping[str, Field]
) -> dict[Version, list[str]]:
    """The versions that cannot run on ``given`` for lacking inputs, and what they lack: their
    rows are undetermined, naming it. Of rules evaluated because they are in force, any
    version; of rules asked for by name, only a district's variant, whose rows are those of
    its divisions (the caller asked for the rule, and may not know what a district's version
    of it reads): a base version asked for needs its inputs, and their absence is an error.
    Each row is judged by the version that applies to it, so a district's version lacking a
    field never leaves the rows elsewhere undetermined."""
    lacking = _lacking_inputs(regs, given, fields)
    if all_rules:
        return lacking
    variants = {version_of(reg) for reg in regs if not reg.base}
    return {v: missing for v, missing in lacking.items() if v in variants}


def _rule_columns(reg: RegisteredRule, run: RuleRun) -> RuleColumns:
    assert isinstance(run, RuleRun), "batch paths run on columns"
    return RuleColumns(
        rule_id=reg.rule.id,
        version=reg.rule.version,
        status=run.status,
        amount_fen=run.amount_fen,
        passed=run.passed_lazily,
        condition_ids=tuple(c.id for c in reg.rule.conditions),
        undetermined_reasons=run.undetermined_reasons,
        unsure=run.unsure,
    )


RowsAt = Callable[[dt.date, npt.NDArray[np.int64]], Any]
"""``rows_at(on, rows)``: the given rows (indices) of a table as they stood on ``on`` (a table,
or an :class:`~shuangyong.engine.batch.Unrecorded` naming the facts some rows never recorded)."""


def _interval(reg: RegisteredRule, run: RuleRun, n: int) -> npt.NDArray[np.int64] | None:
    """Instalments per year of each row, for a benefit paid yearly at a parameter's interval
    (read through the run's context, so the explanation lists the parameter used)."""
    pay = reg.rule.payment
    if not isinstance(pay, PaidYearly) or pay.interval is None:
        return None
    if run.context.column(reg.rule.division_field) is None:
        # a run that lacked its division (undetermined for want of it) has no jurisdiction to
        # read the interval for: one line a year, pending like the rest
        return None
    months = as_int_array(run.context.param(pay.interval), n)
    return np.asarray([instalments_of(int(k), reg.rule.id) for k in months], dtype=np.int64)


class _RowDates(Mapping[str, Any]):
    """One row's date fields as the converted one-element columns the plan reads."""

    def __init__(
        self, row: Mapping[str, Any], known: npt.NDArray[np.bool_], fields: Mapping[str, Field]
    ) -> None:
        self._row = row
        self._known = known
        self._fields = fields

    def __getitem__(self, name: str) -> Any:
        value = np.empty(1, dtype=object)
        value[0] = self._row.get(name)
        cols, errors, _, _ = convert_columns({name: value}, [name], self._known, self._fields)
        if errors:
            e = errors[0]
            raise InvalidValueError(e.field, e.value, e.reason)
        return cols[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._row)

    def __len__(self) -> int:
        return len(self._row)


def _person_lines(
    g: Group,
    result: RuleResult,
    first: Month,
    last: Month,
    counts: npt.NDArray[np.int64] | None,
) -> list[PaymentLine]:
    """The lines one evaluated group yields for one person."""
    amount = result.amount if result.status is not Status.UNDETERMINED else None
    if g.kind != "year":
        assert g.month is not None
        due = g.on if g.kind == "once" else g.month.start
        return [PaymentLine(result.rule_id, g.month, g.month, due, result, amount, kind=g.kind)]
    count = 1 if counts is None else int(counts[0])
    out = []
    for i in range(count):
        f, to, due = instalment_months(g.on, i, count)
        if not first <= Month.of(due) <= last:
            continue
        part = None if amount is None else Yuan.from_fen(instalment_part(amount.fen, i, count))
        out.append(PaymentLine(result.rule_id, f, to, due, result, part, i, count, "year"))
    return out


DivisionIndex = tuple[npt.NDArray[np.int32], npt.NDArray[np.int64]]
"""(county code → small index, index → county code; the last index is "none or unknown")."""


class _LineBuilder:
    """Accumulates one rule's payment lines, group by group, into :class:`PaymentColumns`;
    or, given a division index, adds them up by due month × division × status as they come
    (:class:`MonthTotals`), keeping no line."""

    def __init__(self, rule_id: str, n: int, divisions: DivisionIndex | None = None) -> None:
        self.rule_id = rule_id
        self.divisions = divisions
        # totals: due month → (lines, amount, paid lines) per division index × 4 + status
        self.sums: dict[int, list[npt.NDArray[np.int64]]] = {}
        self.paid_rows = np.zeros(n if divisions is not None else 0, dtype=bool)
        self.reasons_used: set[int] = set()
        self.parts: list[dict[str, npt.NDArray[Any]]] = []
        self.versions: dict[tuple[str, tuple[str, ...]], int] = {}
        self.conditions: list[tuple[str, ...]] = []
        self.reasons: dict[str, int] = {}
        self.parameters: dict[tuple[str, str, str], tuple[str, str]] = {}
        self.pays = False

    def add(
        self,
        g: Group,
        run: RuleRun,
        first: Month,
        last: Month,
        counts: npt.NDArray[np.int64] | None,
        division: npt.NDArray[np.int64] | None = None,
        scope: tuple[str, ...] = (),
    ) -> None:
        rule = run.rule
        # a scoped variant may share its version string with the national rule
        v = self.versions.get((rule.version, scope))
        if v is None:
            v = self.versions[(rule.version, scope)] = len(self.versions)
            self.conditions.append(tuple(c.id for c in rule.conditions))
        self.pays = self.pays or run.amount_fen is not None
        for (path, j, start), val in run.context.used_values.items():
            self.parameters[(path, j, start.isoformat())] = (str(val.raw), val.provenance.value)
        k = len(g.rows)
        reason = -1
        if run.undetermined_reasons:
            text = "；".join(run.undetermined_reasons)
            reason = self.reasons.setdefault(text, len(self.reasons))
        bits = (np.int64(1) << np.arange(run.passed.shape[0], dtype=np.int64))[:, None]
        passed = (run.passed.astype(np.int64) * bits).sum(axis=0, dtype=np.int64)
        unsure = (
            np.zeros(k, np.int64)
            if run.unsure is None
            else (run.unsure.astype(np.int64) * bits).sum(axis=0, dtype=np.int64)
        )
        amount = run.amount_fen if run.amount_fen is not None else np.zeros(k, np.int64)
        on = np.datetime64(g.on, "D")
        # where each line is paid (a rule skipped for lacking inputs has no context columns)
        div = np.zeros(k, np.int64) if division is None else np.broadcast_to(division, (k,))
        if g.kind != "year":
            assert g.month is not None
            mn = month_number(g.month)
            due = on if g.kind == "once" else np.datetime64(g.month.start, "D")
            self._append(
                g.rows, mn, mn, due, on, run.status, amount, 0, 1, v, passed, unsure, reason, div
            )
            return
        counts = np.ones(k, np.int64) if counts is None else counts
        for c in np.unique(counts):
            sel = counts == c
            for i in range(int(c)):
                f, to, due_day = instalment_months(g.on, i, int(c))
                if not first <= Month.of(due_day) <= last:
                    continue
                part = instalment_part(amount[sel], i, int(c))
                self._append(
                    g.rows[sel],
                    month_number(f),
                    month_number(to),
                    np.datetime64(due_day, "D"),
                    on,
                    run.status[sel],
                    part,
                    i,
                    int(c),
                    v,
                    passed[sel],
                    unsure[sel],
                    reason,
                    div[sel],
                )

    def _append(
        self,
        rows: npt.NDArray[np.int64],
        first: int,
        last: int,
        due: np.datetime64,
        on: np.datetime64,
        status: npt.NDArray[np.int8],
        amount: npt.NDArray[np.int64],
        instalment: int,
        count: int,
        version: int,
        passed: npt.NDArray[np.int64],
        unsure: npt.NDArray[np.int64],
        reason: int,
        division: npt.NDArray[np.int64],
    ) -> None:
        if self.divisions is not None:
            self._add_up(rows, due, status, amount, reason, division)
            return
        k = len(rows)
        open_ = status == STATUS_UNDETERMINED
        self.parts.append(
            {
                "row": rows,
                "first": np.full(k, first, np.int32),
                "last": np.full(k, last, np.int32),
                "due": np.full(k, due, "datetime64[D]"),
                "on": np.full(k, on, "datetime64[D]"),
                "status": status,
                "amount": np.where(status == STATUS_ELIGIBLE, amount, 0),
                "instalment": np.full(k, instalment, np.int8),
                "instalments": np.full(k, count, np.int8),
                "version": np.full(k, version, np.int16),
                "passed": passed,
                "unsure": unsure,
                "reason": np.where(open_, reason, -1).astype(np.int16),
            }
        )

    def _add_up(
        self,
        rows: npt.NDArray[np.int64],
        due: np.datetime64,
        status: npt.NDArray[np.int8],
        amount: npt.NDArray[np.int64],
        reason: int,
        division: npt.NDArray[np.int64],
    ) -> None:
        """Add lines to the totals of their due month (one bincount per measure)."""
        assert self.divisions is not None
        lut, codes = self.divisions
        size = len(codes) * 4
        idx = lut[np.clip(division, 0, len(lut) - 1)].astype(np.int64)
        key = idx * 4 + status
        ok = status == STATUS_ELIGIBLE
        paid_amount = np.where(ok, amount, 0)
        paid = ok & (paid_amount > 0)
        lines = np.bincount(key, minlength=size)
        # exact, or an error naming the rule (numpy's own sum would wrap)
        if sum_fen(paid_amount, "monthly totals", self.rule_id) < 2**53:
            # float64 sums of integers are exact while every sum stays below 2**53
            sums = np.bincount(key, weights=paid_amount, minlength=size).astype(np.int64)
        else:  # beyond 90 trillion yuan in one call
            sums = np.zeros(size, np.int64)
            np.add.at(sums, key, paid_amount)
        counts = np.bincount(key[paid], minlength=size)
        self.paid_rows[rows[paid]] = True
        if reason >= 0 and bool((status == STATUS_UNDETERMINED).any()):
            self.reasons_used.add(reason)
        month = int(due.astype("datetime64[M]").astype(np.int64)) + 1970 * 12
        acc = self.sums.get(month)
        if acc is None:
            self.sums[month] = [lines.astype(np.int64), sums, counts.astype(np.int64)]
        else:
            acc[0] += lines
            add_fen(acc[1], sums, "monthly totals", self.rule_id)
            acc[2] += counts

    def totals(self) -> MonthTotals:
        """The totals added up so far (see :meth:`_add_up`)."""
        assert self.divisions is not None
        _, codes = self.divisions
        parts: list[tuple[int, npt.NDArray[np.intp], list[npt.NDArray[np.int64]]]] = []
        for month in sorted(self.sums):
            acc = self.sums[month]
            parts.append((month, np.flatnonzero(acc[0]), acc))
        key = np.concatenate([p[1] for p in parts]) if parts else np.empty(0, np.intp)

        def gather(j: int) -> npt.NDArray[np.int64]:
            if not parts:
                return np.empty(0, np.int64)
            return np.concatenate([acc[j][nz] for _, nz, acc in parts]).astype(np.int64)

        by_reason = {i: text for text, i in self.reasons.items()}
        return MonthTotals(
            rule_id=self.rule_id,
            month=np.concatenate([np.full(len(nz), m, np.int32) for m, nz, _ in parts])
            if parts
            else np.empty(0, np.int32),
            division=codes[key // 4],
            status=(key % 4).astype(np.int8),
            lines=gather(0),
            amount_fen=gather(1),
            paid=gather(2),
            persons=int(self.paid_rows.sum()),
            reasons=tuple(by_reason[i] for i in sorted(self.reasons_used)),
            pays=self.pays,
        )

    def finish(self) -> PaymentColumns:
        keys = [
            "row",
            "first",
            "last",
            "due",
            "on",
            "status",
            "amount",
            "instalment",
            "instalments",
            "version",
            "passed",
            "unsure",
            "reason",
        ]
        dtypes = (
            np.int64,
            np.int32,
            np.int32,
            "datetime64[D]",
            "datetime64[D]",
            np.int8,
            np.int64,
            np.int8,
            np.int8,
            np.int16,
            np.int64,
            np.int64,
            np.int16,
        )
        cols = {
            k: (np.concatenate([p[k] for p in self.parts]) if self.parts else np.empty(0, t))
            for k, t in zip(keys, dtypes, strict=True)
        }
        cols = _by_row(cols)
        return PaymentColumns(
            rule_id=self.rule_id,
            row=cols["row"],
            first=cols["first"],
            last=cols["last"],
            due=cols["due"],
            on=cols["on"],
            status=cols["status"],
            amount_fen=cols["amount"] if self.pays else None,
            instalment=cols["instalment"],
            instalments=cols["instalments"],
            version=cols["version"],
            versions=tuple(v for v, _ in self.versions),
            jurisdictions=tuple(",".join(sc) or NATIONAL for _, sc in self.versions),
            conditions=tuple(self.conditions),
            passed=cols["passed"],
            unsure=cols["unsure"],
            reason=cols["reason"],
            reasons=tuple(self.reasons),
            parameters=self.parameters,
        )


def _by_row(cols: dict[str, Any]) -> dict[str, Any]:
    """Lines ordered by row, then due date, then instalment (ties in the order made).

    The usual run appends, date by date, a line for every row in row order (in chunks): the
    order wanted is then a transposition, a strided copy, several times faster than gathering
    every column through a sort's index. That case is recognised exactly — the same increasing
    rows date after date and, row by row, due dates and instalments not decreasing — and
    anything else is sorted."""
    row = cols["row"]
    total = len(row)
    back = np.flatnonzero(row[1:] <= row[:-1])  # where the rows start again
    n = int(back[0]) + 1 if len(back) else total
    if 0 < n < total and total % n == 0:
        shape = (total // n, n)
        rows = row.reshape(shape)
        due = cols["due"].view(np.int64).reshape(shape)
        inst = cols["instalment"].reshape(shape)
        later, earlier = due[1:], due[:-1]
        if bool(np.all(rows == rows[0])) and bool(
            np.all((later > earlier) | ((later == earlier) & (inst[1:] >= inst[:-1])))
        ):  # (the first block increases: ``back`` found no step down before n)
            return {k: v.reshape(shape).T.reshape(total) for k, v in cols.items()}
    order = np.lexsort((cols["instalment"], cols["due"], row))
    return {k: v[order] for k, v in cols.items()}


def _row_of(who: Any) -> tuple[dict[str, Any], str]:
    """The beneficiary row (field → value) and a display name (masked id)."""
    if isinstance(who, Mapping):
        return dict(who), str(who.get("person_id", "") or "(row)")
    from shuangyong.domain.records import Beneficiary

    if not isinstance(who, Beneficiary):
        raise InvalidValueError(
            "who", type(who).__name__, "expected a Beneficiary or a mapping of fields"
        )
    return flatten(who), str(who.person.id_number)


def flatten(b: Any) -> dict[str, Any]:
    """The beneficiary row (see :data:`shuangyong.policy.schema.FIELDS`) of a Beneficiary."""
    p = b.person
    row: dict[str, Any] = {
        "person_id": str(p.id_number),
        "sex": p.sex,
        "birth_date": p.birth_date,
        "household_division": str(p.household_division.code)
        if hasattr(p.household_division, "code")
        else str(p.household_division),
        "residence": p.residence,
    }
    s = b.service
    if s is not None:
        row.update(
            service_kind=s.kind,
            nco_grade=s.nco_grade,
            enlisted_on=s.enlisted_on,
            discharged_on=s.discharged_on,
            enlistment_division=str(getattr(s.enlistment_division, "code", s.enlistment_division)),
        )
    d = b.disability
    if d is not None:
        row.update(
            disability_level=d.level,
            disability_cause=d.cause,
            disability_assessed_on=d.assessed_on,
            disability_approved_on=d.approved_on,
            mental_disorder=d.mental_disorder,
            care_arrangement=d.care,
        )
    if b.death is not None:
        row.update(death_category=b.death.category, died_on=b.death.died_on)
    if b.awards:
        # every honour, posthumous ones included (the record type has already checked dates)
        row["award_kinds"] = sorted({a.kind for a in b.awards}, key=lambda k: k.value)
    return row
