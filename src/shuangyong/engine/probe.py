"""Undeclared reads found when the engine is created, not at the first evaluation.

A rule declares the fields (``reads=``) and parameters (``parameters=``) its body reads, and the
context refuses any other read. Left to the first evaluation, a forgotten declaration surfaces
in production, on the first person whose evaluation happens to reach that line. So
``Engine.create`` runs every condition and the amount of every rule version once on one
synthetic row (every field present, dates unset, enums on their first member), through the
real :class:`~shuangyong.policy.context.Context`: a read that is not declared raises
:class:`~shuangyong.errors.UndeclaredReadError` naming the rule, the version and the field.

The probe reports only undeclared reads. Anything else a body does on the synthetic row (a
parameter not yet in force, a table without that cell) is the evaluation's business, not the
declaration's, and is left to it; a read that only happens after such an error is therefore
not probed, which is why every call is tried on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from shuangyong.errors import ShuangyongError, UndeclaredReadError
from shuangyong.policy.cache import EvaluationCache
from shuangyong.policy.context import Context
from shuangyong.policy.rules import Rule
from shuangyong.policy.schema import Field, FieldKind

__all__ = ["check_reads", "probe_columns"]

PROBE_DIVISION = 110101
"""The division of the synthetic row (北京市东城区): any county code the catalogue knows."""


def probe_columns(fields: Mapping[str, Field]) -> dict[str, npt.NDArray[Any]]:
    """One synthetic row with every field: dates unset (NaT), enums on their first member,
    numbers at their lower bound (or 0), money 0, no flags, text empty."""
    out: dict[str, npt.NDArray[Any]] = {}
    for name, f in fields.items():
        kind = f.kind
        if kind is FieldKind.DATE:
            out[name] = np.array(["NaT"], dtype="datetime64[D]")
        elif kind is FieldKind.ENUM:
            out[name] = np.array([1], dtype=np.int8)
        elif kind is FieldKind.BOOL:
            out[name] = np.zeros(1, dtype=bool)
        elif kind is FieldKind.DIVISION:
            out[name] = np.array([PROBE_DIVISION], dtype=np.int64)
        elif kind is FieldKind.TEXT:
            out[name] = np.array([""], dtype=object)
        elif kind is FieldKind.INT:
            out[name] = np.array([max(f.min or 0, 0)], dtype=np.int64)
        else:  # MONEY, FLAGS
            out[name] = np.zeros(1, dtype=np.int64)
    return out


def _try(rule: Rule, fn: Any, ctx: Context) -> None:
    try:
        fn(ctx)
    except UndeclaredReadError as exc:
        raise UndeclaredReadError(rule.id, exc.name, exc.what, rule.version) from None
    except (ShuangyongError, ArithmeticError, LookupError, TypeError, ValueError):
        # not a declaration problem: the evaluation reports it, with the person's data
        return


def check_reads(rules: Iterable[Rule], cache: EvaluationCache, fields: Mapping[str, Field]) -> None:
    """Run each condition and the amount of each rule once on a synthetic row.

    Raises:
        UndeclaredReadError: a rule body reads a field or parameter it does not declare
            (naming the rule, the version and the field).
    """
    columns = probe_columns(fields)
    for rule in rules:
        on: dt.date = rule.effective_from
        ctx = Context(rule=rule, columns=columns, n=1, on=on, cache=cache, explain=False)
        for cond in rule.conditions:
            _try(rule, cond.test, ctx)
        if rule.amount is not None:
            _try(rule, rule.amount, ctx)
