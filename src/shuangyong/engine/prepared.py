"""A population validated and converted once, evaluated many times.

Conversion (checking every value, enums to codes, dates to datetime64[D], money to fen) is the
same work on every call over the same table; :meth:`shuangyong.Engine.prepare` does it once, for
every field any rule of the engine reads, and keeps the row errors. Any number of rules, dates,
months and what-if engines (:meth:`~shuangyong.Engine.with_parameters`, which share the engine's
divisions) then evaluate the :class:`Prepared` population without converting again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.errors import BatchInputError
from shuangyong.policy.ranges import with_ranges
from shuangyong.policy.schema import FIELDS, Field, RowError, default_column

__all__ = ["Prepared"]


@attrs.frozen(eq=False)
class Prepared:
    """Validated, converted columns with their row errors (read-only; see the module docstring).

    Attributes:
        n: rows.
        columns: the converted columns (read-only arrays), every field the engine's rules read
            that the table gave or that has a default.
        errors: the rows that cannot be evaluated, with field, value and reason.
        invalid: their mask.
        given: the fields the table gave (rules in force that need a field it lacked are
            undetermined for every row, as on the raw table).
        divisions: the division catalogue the values were checked against.
        latest_birth: the latest ``birth_date`` as a day number (None: none given), so that
            each evaluation checks "born after the date evaluated" without a pass over the
            rows.
    """

    n: int
    columns: Mapping[str, npt.NDArray[Any]]
    errors: tuple[RowError, ...]
    invalid: npt.NDArray[np.bool_]
    given: frozenset[str]
    divisions: Any
    latest_birth: int | None = None

    def needed(
        self, fields: Sequence[str], specs: Mapping[str, Field] = FIELDS
    ) -> Mapping[str, npt.NDArray[Any]]:
        """The columns ``fields`` (all of them are needed: the rules were asked for by name;
        ``specs``: the engine's fields, for the labels of missing ones).

        Raises:
            BatchInputError: a field is neither given nor optional, as on the raw table.
        """
        extra: dict[str, npt.NDArray[Any]] = {}
        for name in fields:
            if name not in self.columns:
                f = specs[name]
                if f.default is None and not f.nullable:
                    raise BatchInputError(f"missing required column {name!r} ({f.label})")
                # optional here only (a field the rules read only when given): not set
                extra[name] = default_column(f, self.n)
        return with_ranges({**self.columns, **extra}, self.columns) if extra else self.columns


def read_only(columns: Mapping[str, npt.NDArray[Any]]) -> Mapping[str, npt.NDArray[Any]]:
    """Read-only views of ``columns`` (the caller's own arrays keep their flags), with the
    value ranges conversion found on them (:mod:`shuangyong.policy.ranges`)."""
    out = {}
    for name, arr in columns.items():
        view = arr.view()
        view.flags.writeable = False
        out[name] = view
    return with_ranges(out, columns)
