"""What several builders share: names of divisions and benefits, the example-figure caveat."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from shuangyong.reports.errors import ReportInputError
from shuangyong.reports.model import Caveat, CaveatKind, Coded

if TYPE_CHECKING:
    from shuangyong.storage.protocol import Store

__all__ = [
    "EXAMPLE_PAYMENT_CAVEAT",
    "division_coded",
    "example_digests",
    "plugin_names",
    "rule_labels",
]

EXAMPLE_PAYMENT_CAVEAT = Caveat(
    CaveatKind.EXAMPLE,
    "本表金额所依据的标准含示例数据（provenance=example，未经官方来源核实），仅供演示与内部核对，"
    "不得作为发放依据。",
)


def division_coded(engine: Any, code: str | None) -> Coded:
    """A division code with its name from the engine's catalogue (the code when unknown).

    Codes below the county come from plugins; a roster still prints when none is loaded.
    """
    if code is None or code == "":
        return Coded("", "（未登记）")
    if engine is not None:
        try:
            return Coded(code, engine.divisions.get(code).name)
        except (LookupError, ValueError):
            pass
    return Coded(code, code)


def rule_labels(engine: Any) -> dict[str, str]:
    """Rule id → Chinese label, for every rule the engine has."""
    if engine is None:
        return {}
    from shuangyong.catalogue import catalogue

    return {info.id: info.label for info in catalogue(engine)}


def benefit(labels: dict[str, str], rule_id: str) -> Coded:
    """A benefit as a code with its label (the id itself when no label is known)."""
    return Coded(rule_id, labels.get(rule_id, rule_id))


def plugin_names(engine: Any) -> tuple[str, ...]:
    """The plugins of the engine, as ``distribution version``, once each."""
    if engine is None:
        return ()
    return tuple(dict.fromkeys(f"{p.distribution} {p.version}" for p in engine.plugins))


def example_digests(store: Store, digests: Iterable[str]) -> bool:
    """Any of these stored evaluations used an ``example`` figure."""
    return any(
        bool(store.evaluation(d).explanation.get("uses_example_figures"))
        for d in sorted(set(digests))
    )


def check_division(engine: Any, code: str | None, kind: str) -> str:
    """``code``, refused early (field, value, reason) when the engine's catalogue lacks it."""
    if code is None:
        raise ReportInputError(
            "division", None, f"{kind} 报表需要 --division / the {kind} report needs --division"
        )
    if engine is not None and code not in engine.divisions:
        raise ReportInputError(
            "division", code, "未知的行政区划代码 / unknown administrative division code"
        )
    return code


def year_bounds(years: tuple[int, ...]) -> tuple[dt.date, dt.date]:
    """1 January of the first year and 31 December of the last."""
    return dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
