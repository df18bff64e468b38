"""The beneficiary row: the fields rules read, and strict conversion of input columns.

One schema serves both paths. A per-case beneficiary is flattened into a one-row table and goes
through exactly the same conversion and checks as a million-row batch, so the two cannot disagree
about what is valid. Bad values never abort a batch: each is reported as a :class:`RowError`
(row, field, value, reason) and the row is left out of evaluation, not silently fixed.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from shuangyong.domain.divisions import DivisionCatalog, successor_hint
from shuangyong.domain.enums import (
    AwardKind,
    CancellationReason,
    CareArrangement,
    DeathCategory,
    DisabilityCause,
    MemberStatus,
    NcoGrade,
    PlacementRoute,
    Relation,
    Residence,
    ServiceKind,
    Sex,
)
from shuangyong.domain.periods import HAS_TIME, date_or_reason
from shuangyong.domain.records import MIN_ENLISTMENT_AGE
from shuangyong.errors import BatchInputError
from shuangyong.policy.columns import enum_codes
from shuangyong.policy.ranges import Ranged, known_range

__all__ = ["FIELDS", "Field", "FieldKind", "RowError", "Table", "convert_columns"]


class FieldKind(enum.Enum):
    DATE = "date"
    INT = "int"
    ENUM = "enum"
    BOOL = "bool"
    DIVISION = "division"
    TEXT = "text"
    MONEY = "money"  # yuan in, int64 fen in columns
    FLAGS = "flags"  # a set of enum members, as an int64 bit mask (bit = enum code)


@attrs.frozen
class Field:
    """One column of the beneficiary row.

    Attributes:
        name: column name.
        kind: :class:`FieldKind`.
        label: Chinese label.
        nullable: whether "none" is allowed (NaT dates, 0 enum codes, None).
        enum_type: for enum fields.
        min, max: inclusive bounds for int fields.
        default: value used when the column is absent (None: the column is required when a
            selected rule reads it).
    """

    name: str
    kind: FieldKind
    label: str
    nullable: bool = False
    enum_type: type[enum.Enum] | None = None
    min: int | None = None
    max: int | None = None
    default: Any = None


def _f(*args: Any, **kw: Any) -> Field:
    return Field(*args, **kw)


FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        _f("person_id", FieldKind.TEXT, "人员标识", nullable=True, default=""),
        _f("sex", FieldKind.ENUM, "性别", enum_type=Sex),
        _f("birth_date", FieldKind.DATE, "出生日期"),
        _f("household_division", FieldKind.DIVISION, "户籍地"),
        _f("residence", FieldKind.ENUM, "城乡户籍", enum_type=Residence),
        _f("service_kind", FieldKind.ENUM, "人员类别", enum_type=ServiceKind),
        _f(
            "nco_grade", FieldKind.ENUM, "军士等级", nullable=True, enum_type=NcoGrade, default=None
        ),
        _f("enlisted_on", FieldKind.DATE, "入伍日期"),
        _f("discharged_on", FieldKind.DATE, "退役日期", nullable=True, default=None),
        _f("enlistment_division", FieldKind.DIVISION, "批准入伍地", nullable=True, default=None),
        _f("disability_level", FieldKind.INT, "残疾等级", min=0, max=10, default=0),
        _f(
            "disability_cause",
            FieldKind.ENUM,
            "残疾性质",
            nullable=True,
            enum_type=DisabilityCause,
            default=None,
        ),
        _f("disability_assessed_on", FieldKind.DATE, "残疾评定日期", nullable=True, default=None),
        _f("disability_approved_on", FieldKind.DATE, "残疾批准日期", nullable=True, default=None),
        _f("mental_disorder", FieldKind.BOOL, "服现役期间因患精神障碍评残", default=False),
        _f(
            "care_arrangement",
            FieldKind.ENUM,
            "供养方式",
            nullable=True,
            enum_type=CareArrangement,
            default=None,
        ),
        _f(
            "death_category",
            FieldKind.ENUM,
            "死亡性质",
            nullable=True,
            enum_type=DeathCategory,
            default=None,
        ),
        _f("died_on", FieldKind.DATE, "死亡日期", nullable=True, default=None),
        # -- death payments (2024 条例 第15–18条, 第32条) --
        _f("monthly_basic_wage", FieldKind.MONEY, "月基本工资（元）", nullable=True, default=None),
        # 2019 第13条 counts "本人40个月的工资" (the whole monthly wage, not the basic wage)
        _f("monthly_wage", FieldKind.MONEY, "死亡时月工资（元）", nullable=True, default=None),
        # what the paying office holds (issue 12 §3): figures taken from the case record
        _f(
            "certified_gratuity_wage",
            FieldKind.MONEY,
            "部队核定的一次性抚恤金计发月工资（元，案卷记录）",
            nullable=True,
            default=None,
        ),
        _f(
            "received_monthly_amount",
            FieldKind.MONEY,
            "生前实际领取的月抚恤金或补助（元，案卷记录）",
            nullable=True,
            default=None,
        ),
        _f("award_kinds", FieldKind.FLAGS, "立功受奖（含追授）", enum_type=AwardKind, default=0),
        _f("old_wound_recurrence", FieldKind.BOOL, "因旧伤复发死亡", default=False),
        # -- relatives and survivors (第18–22条) --
        _f(
            "relation",
            FieldKind.ENUM,
            "与军人的关系",
            nullable=True,
            enum_type=Relation,
            default=None,
        ),
        _f(
            "member_status",
            FieldKind.ENUM,
            "军人状况",
            nullable=True,
            enum_type=MemberStatus,
            default=None,
        ),
        _f("member_died_on", FieldKind.DATE, "军人死亡日期", nullable=True, default=None),
        _f(
            "member_disability_level",
            FieldKind.INT,
            "军人残疾等级（亲属所关联的军人）",
            min=0,
            max=10,
            default=0,
        ),
        _f("unable_to_work", FieldKind.BOOL, "丧失劳动能力", default=False),
        _f("no_income", FieldKind.BOOL, "无收入", default=False),
        _f(
            "income_below_local_average",
            FieldKind.BOOL,
            "收入低于当地居民平均生活水平",
            default=False,
        ),
        _f("in_school", FieldKind.BOOL, "在校学习", default=False),
        # 军人地位和权益保障法 第68条: an adult child counts as 军人家属 only if so
        _f("cannot_live_independently", FieldKind.BOOL, "不能独立生活（成年子女）", default=False),
        _f("supported_by_member", FieldKind.BOOL, "由军人生前供养", default=False),
        _f("remarried", FieldKind.BOOL, "再婚", default=False),
        _f(
            "supports_member_dependants",
            FieldKind.BOOL,
            "继续赡养军人父母或扶养其未成年弟妹",
            default=False,
        ),
        _f("eligibility_confirmed_on", FieldKind.DATE, "资格确认日期", nullable=True, default=None),
        # -- conscript families (第42条) --
        _f("student_enlistee", FieldKind.BOOL, "大学生入伍", default=False),
        _f("hardship_posting", FieldKind.BOOL, "在艰苦边远地区服役", default=False),
        # where a conscript serves: a province may set its hardship multiplier per region
        # (西藏 and 新疆 apart), issue 11 §3
        _f("posting_division", FieldKind.DIVISION, "服役地区", nullable=True, default=None),
        _f("entered_academy_on", FieldKind.DATE, "考入军队院校日期", nullable=True, default=None),
        # a province's honours top-up of the 优待金 (issue 11 §3): the highest award of the
        # conscript in a service year and its date (the top-up goes with that year)
        _f(
            "conscript_award",
            FieldKind.ENUM,
            "义务兵服役年度内所获最高奖励（立功、荣誉称号）",
            nullable=True,
            enum_type=AwardKind,
            default=None,
        ),
        _f("conscript_award_on", FieldKind.DATE, "该奖励的授予日期", nullable=True, default=None),
        # a province that indexes the 优待金 to the family's own urban or rural statistic
        _f(
            "family_residence",
            FieldKind.ENUM,
            "义务兵家庭户籍（城镇、农村）",
            nullable=True,
            enum_type=Residence,
            default=None,
        ),
        _f("promoted_on", FieldKind.DATE, "选改军士或提干日期", nullable=True, default=None),
        # -- placement (退役军人安置条例) --
        _f(
            "placement_route",
            FieldKind.ENUM,
            "安置方式",
            nullable=True,
            enum_type=PlacementRoute,
            default=None,
        ),
        _f("reported_on", FieldKind.DATE, "报到日期", nullable=True, default=None),
        _f("placed_on", FieldKind.DATE, "安排工作上岗日期", nullable=True, default=None),
        _f(
            "reporting_delay_justified",
            FieldKind.BOOL,
            "逾期报到有正当理由（经主管部门认定）",
            default=False,
        ),
        _f("serious_illness", FieldKind.BOOL, "患有严重疾病", default=False),
        # 安置条例 第35条第(二)项 "受过刑事处罚的": the date the judgment took effect. A fact of
        # its own: a suspension record (第59条) also covers 通缉, which is not a penalty
        _f(
            "criminal_penalty_on",
            FieldKind.DATE,
            "受刑事处罚的判决生效日期",
            nullable=True,
            default=None,
        ),
        # -- periodic living subsidies (第62条) --
        _f("combat_veteran", FieldKind.BOOL, "参战退役军人", default=False),
        _f("test_veteran", FieldKind.BOOL, "参试退役军人", default=False),
        _f("discharged_with_illness", FieldKind.BOOL, "带病回乡退役军人", default=False),
        _f("martyr_child", FieldKind.BOOL, "烈士子女", default=False),
        _f("has_employer", FieldKind.BOOL, "有工作单位", default=False),
        _f("receives_other_periodic", FieldKind.BOOL, "已享受其他定期抚恤补助", default=False),
        # 2019 第44条 "复员军人生活困难的": the local department's finding
        _f("in_hardship", FieldKind.BOOL, "生活困难（经退役军人事务部门认定）", default=False),
        # -- suspension and cancellation (第59条) --
        _f("suspended_from", FieldKind.DATE, "中止发放起始日期", nullable=True, default=None),
        _f("suspended_to", FieldKind.DATE, "中止发放截止日期", nullable=True, default=None),
        _f("cancelled_on", FieldKind.DATE, "取消资格日期", nullable=True, default=None),
        _f(
            "cancellation_reason",
            FieldKind.ENUM,
            "取消资格原因",
            nullable=True,
            enum_type=CancellationReason,
            default=None,
        ),
    )
}


@attrs.frozen(repr=False)
class RowError:
    """A bad value in one row of a batch (or in the one row of a per-case evaluation).

    ``value`` is the value as given (data for programs); ``str()`` and ``repr()``, which end
    up in logs and terminals, mask anything shaped like an id number.
    """

    row: int
    field: str
    value: Any
    reason: str

    def __str__(self) -> str:
        from shuangyong.domain.ids import mask_ids_in

        return mask_ids_in(f"row {self.row}: {self.field}={self.value!r}: {self.reason}")

    def __repr__(self) -> str:
        from shuangyong.domain.ids import mask_ids_in

        return mask_ids_in(
            f"RowError(row={self.row!r}, field={self.field!r}, value={self.value!r}, "
            f"reason={self.reason!r})"
        )


Table = Mapping[str, Any]
"""Input table: a mapping of column name to array-like (dict of numpy arrays, or see
:func:`shuangyong.engine.batch.to_columns` for pandas and Arrow)."""


_NAT = np.datetime64("NaT", "D")

_DTYPES: dict[FieldKind, np.dtype[Any]] = {
    FieldKind.DATE: np.dtype("datetime64[D]"),
    FieldKind.INT: np.dtype(np.int64),
    FieldKind.ENUM: np.dtype(np.int8),
    FieldKind.BOOL: np.dtype(bool),
    FieldKind.DIVISION: np.dtype(np.int64),
    FieldKind.TEXT: np.dtype(object),
    FieldKind.MONEY: np.dtype(np.int64),
    FieldKind.FLAGS: np.dtype(np.int64),
}

_NOT_FLOAT_MONEY = (
    '金额不能是浮点数或布尔值，请用整数、Decimal 或文本（如 "8000.50"）/ money is never a '
    'float or bool: give yuan as an int, a Decimal or text such as "8000.50" (a pandas '
    "column with missing values: the nullable Int64 dtype, or None in an object column)"
)

_NCO_CODE = enum_codes(ServiceKind)[ServiceKind.NCO]
_GRADE_CONFLICT = (
    "只有军士才有军士等级（与人员类别矛盾）/ "
    "only an NCO has an NCO grade (conflicts with service_kind)"
)

MONEY_NULL = np.iinfo(np.int64).min
_NAT_DAYS = np.iinfo(np.int64).min  # NaT as a day number (the least int64)
"""How a missing amount is held in an int64 fen column (money has no NaN)."""


def _as_array(name: str, values: Any, n: int | None) -> npt.NDArray[Any]:
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise BatchInputError(f"column {name!r} must be one-dimensional, got shape {arr.shape}")
    if n is not None and len(arr) != n:
        raise BatchInputError(f"column {name!r} has {len(arr)} rows, expected {n}")
    return arr


class _Errors:
    """Collects row errors without building objects for good rows."""

    def __init__(self, n: int) -> None:
        self.bad = np.zeros(n, dtype=bool)
        self.items: list[RowError] = []
        self._by_field: dict[str, npt.NDArray[np.bool_]] = {}
        # name → (column, least, greatest) found while checking (see shuangyong.policy.ranges)
        self.ranges: dict[str, tuple[Any, int, int]] = {}

    def bad_in(self, field: str) -> npt.NDArray[np.bool_]:
        """Rows already reported for ``field`` (so one bad value is reported once)."""
        return self._by_field.get(field, np.zeros(len(self.bad), dtype=bool))

    def add(
        self,
        mask: npt.NDArray[np.bool_],
        field: str,
        values: Any,
        reason: str,
        show: Callable[[Any], Any] = lambda v: v,
        fresh: bool = False,
    ) -> None:
        """Report ``reason`` for the rows of ``mask`` (with ``fresh``, only those not already
        reported for ``field``: one bad value is reported once)."""
        if not mask.any():
            return
        if fresh and field in self._by_field:
            mask = mask & ~self._by_field[field]
            if not mask.any():
                return
        idx = np.flatnonzero(mask)
        self.bad[idx] = True
        self._by_field.setdefault(field, np.zeros(len(self.bad), dtype=bool))[idx] = True
        vals = np.asarray(values)
        for i in idx.tolist():
            v = show(vals[i] if vals.ndim else vals)
            if isinstance(v, np.generic):  # report plain Python values, not numpy scalars
                v = str(v) if isinstance(v, np.datetime64) else v.item()
            self.items.append(RowError(i, field, v, reason))


def _unsigned_max(arr: npt.NDArray[Any]) -> int:
    """The greatest value of an integer column read as unsigned: at most ``limit`` exactly
    when every value is in ``0..limit`` (a negative one reads as at least 2**(bits-1)), so one
    reduction checks both ends."""
    if arr.dtype.kind == "i":
        arr = arr.view(arr.dtype.str.replace("i", "u"))
    return int(arr.max())


def _convert_date(f: Field, arr: npt.NDArray[Any], err: _Errors) -> npt.NDArray[np.datetime64]:
    # numpy datetimes only; text and Python objects go element by element (_date_days)
    out = arr.astype("datetime64[D]", copy=False)
    if arr.dtype != out.dtype:
        # a time of day would be silently truncated: refused, as on every other path
        lossy = out.astype(arr.dtype) != arr
        err.add(lossy & ~np.isnat(arr), f.name, arr, HAS_TIME)
    if not f.nullable and len(out):
        # as day numbers NaT is the least: one reduction says whether any is missing (numpy's
        # isnat costs ~3× a comparison), and the range is kept (no NaT to exclude when
        # ordering dates; the latest birth date decides "born after the date evaluated")
        days = out.view(np.int64)
        least = int(days.min())
        if least == _NAT_DAYS:
            err.add(days == _NAT_DAYS, f.name, arr, "必填 / required", fresh=True)
        else:
            err.ranges[f.name] = (out, least, int(days.max()))
    return out


def _convert_int(f: Field, arr: npt.NDArray[Any], err: _Errors) -> npt.NDArray[np.int64]:
    if arr.dtype.kind == "b":
        err.add(np.ones(len(arr), dtype=bool), f.name, arr, "应为整数而非布尔 / integer, not bool")
        return np.zeros(len(arr), dtype=np.int64)
    if arr.dtype.kind in "iu":
        out = arr.astype(np.int64, copy=False)
    elif arr.dtype.kind == "f":
        finite = np.isfinite(arr)
        whole = finite & (np.floor(np.where(finite, arr, 0)) == np.where(finite, arr, 0))
        err.add(~finite, f.name, arr, "缺失或非有限数 / missing or not finite (NaN)")
        err.add(
            finite & ~whole,
            f.name,
            arr,
            "不是整数（不会被截断）/ not a whole number (never truncated)",
        )
        # clip before the cast: a float beyond int64 would wrap; the bounds below reject it
        out = np.clip(np.where(whole, arr, 0), -(2**62), 2**62).astype(np.int64)
    else:
        out = np.zeros(len(arr), dtype=np.int64)
        bad = np.zeros(len(arr), dtype=bool)
        for i, v in enumerate(arr.tolist()):
            if isinstance(v, bool) or not isinstance(v, int):
                bad[i] = True
            else:
                out[i] = v
        err.add(bad, f.name, arr, "不是整数 / not an integer")
    # whole columns first (one or two reductions), the rows only when a bound is passed
    if f.min == 0 and f.max is not None and len(out):
        greatest = _unsigned_max(out)
        if greatest <= f.max:  # every value in 0..max
            err.ranges[f.name] = (out, 0, greatest)  # kept: a table lookup asks the same
            return out
    if f.min is not None and f.max is not None and len(out):
        least, greatest = int(out.min()), int(out.max())
        err.ranges[f.name] = (out, least, greatest)  # kept: a table lookup asks the same
        if least < f.min:
            err.add(out < f.min, f.name, out, f"小于下限 {f.min} / below minimum {f.min}")
        if greatest > f.max:
            err.add(out > f.max, f.name, out, f"大于上限 {f.max} / above maximum {f.max}")
        return out
    if f.min is not None and len(out) and out.min() < f.min:
        err.add(out < f.min, f.name, out, f"小于下限 {f.min} / below minimum {f.min}")
    if f.max is not None and len(out) and out.max() > f.max:
        err.add(out > f.max, f.name, out, f"大于上限 {f.max} / above maximum {f.max}")
    return out


def _unknown_enum(f: Field) -> str:
    assert f.enum_type is not None
    allowed = ", ".join(str(m.value) for m in f.enum_type)
    n = len(f.enum_type)
    return f"未知取值 / unknown value; allowed: {allowed} (or codes 1..{n}, 0 = none)"


def _enum_code(f: Field, v: Any, codes: Mapping[Any, int]) -> int:
    """The code of one value that is not a plain string: NaN → 0, integers are codes; -1 if
    unknown."""
    if isinstance(v, float) and v != v:
        return 0
    if isinstance(v, int | np.integer) and not isinstance(v, bool | np.bool_):
        return int(v) if 0 <= int(v) <= len(codes) else -1
    return -1


def _convert_enum(f: Field, arr: npt.NDArray[Any], err: _Errors) -> npt.NDArray[np.int8]:
    assert f.enum_type is not None
    codes = enum_codes(f.enum_type)
    if arr.dtype.kind in "iu":
        # pre-coded columns (see enum_codes): fast path for analysts with categorical data;
        # the whole column is checked by two reductions, the rows only when one is out of range
        greatest = _unsigned_max(arr) if len(arr) else 0
        if greatest <= len(codes):
            out = arr.astype(np.int8, copy=False)
            err.ranges[f.name] = (out, 0, greatest)
        else:
            bad = (arr < 0) | (arr > len(codes))
            out = np.where(bad, 0, arr).astype(np.int8, copy=False)
            err.add(bad, f.name, arr, _unknown_enum(f))
    else:
        lookup: dict[Any, int] = {m.value: c for m, c in codes.items()}
        lookup.update({m: c for m, c in codes.items()})
        lookup[None] = 0
        if arr.dtype.kind == "O":
            # mixed Python objects (None, members, strings, NaN) cannot be sorted: map each
            # through the dict; only what does not map (NaN, unhashables) takes the slow path
            items = arr.tolist()
            try:
                codes_arr = np.fromiter(
                    map(lookup.get, items, itertools.repeat(-1)), dtype=np.int16, count=len(items)
                )
            except TypeError:  # an unhashable value (a list, say): check each
                codes_arr = np.fromiter(
                    (lookup.get(v, -1) if isinstance(v, str | type(None)) else -1 for v in items),
                    dtype=np.int16,
                    count=len(items),
                )
            for i in np.flatnonzero(codes_arr < 0).tolist():
                codes_arr[i] = _enum_code(f, items[i], codes)
        else:
            uniq, inv = np.unique(arr, return_inverse=True)
            mapped = np.array(
                [
                    lookup.get(u, -1) if isinstance(u, str) else _enum_code(f, u, codes)
                    for u in uniq.tolist()
                ],
                dtype=np.int16,
            )
            codes_arr = mapped[inv.reshape(-1)]
        bad = codes_arr < 0
        out = np.where(bad, 0, codes_arr).astype(np.int8)
        err.add(bad, f.name, arr, _unknown_enum(f))
    if not f.nullable:
        err.add(out == 0, f.name, arr, "必填 / required", fresh=True)
    return out


def _convert_bool(f: Field, arr: npt.NDArray[Any], err: _Errors) -> npt.NDArray[np.bool_]:
    if arr.dtype.kind == "b":
        return arr.astype(bool, copy=False)
    out = np.zeros(len(arr), dtype=bool)
    bad = np.zeros(len(arr), dtype=bool)
    for i, v in enumerate(arr.tolist()):
        if isinstance(v, bool):
            out[i] = v
        else:
            bad[i] = True
    err.add(bad, f.name, arr, "应为 true/false / expected a boolean")
    return out


_DIVISION_SHAPE = (
    "区划代码应为6位数字（或已登记的9位乡镇、12位村级代码）/ a division code is 6 digits (or a "
    "registered 9-digit township or 12-digit village code)"
)
_UNREGISTERED = (
    "未登记的乡镇（街道）或村级区划代码，须由已加载的插件登记 / a township or village code "
    "that no loaded plugin registers"
)


class KnownDivisions(np.ndarray):  # a bool mask, as before
    """The division catalogue as conversion reads it: a bool mask over the 6-digit codes (True:
    in the catalogue), and ``finer``: each registered township (9-digit) or village (12-digit)
    code → the 6-digit code of its county, which is what rules and parameters read."""

    finer: Mapping[str, int] = MappingProxyType({})


def known_divisions(catalog: DivisionCatalog) -> KnownDivisions:
    """The :class:`KnownDivisions` of ``catalog`` (built once per engine)."""
    mask = np.zeros(1_000_000, dtype=bool)
    codes = catalog.known_county_codes()
    mask[codes[(codes >= 0) & (codes < 1_000_000)]] = True
    known = mask.view(KnownDivisions)
    # GB/T 2260: a township or village code starts with its county's code
    known.finer = MappingProxyType(
        {
            d.code.code: int(d.code.code[:6])
            for d in catalog
            if len(d.code.code) > 6 and mask[int(d.code.code[:6])]
        }
    )
    return known


def _finer_code(text: str, known: npt.NDArray[np.bool_]) -> tuple[int, str | None]:
    """A registered township or village code rolled up to its county, or the reason."""
    county = getattr(known, "finer", {}).get(text)
    return (0, _UNREGISTERED) if county is None else (county, None)


def _unknown_division(code: int) -> str:
    return "未知的行政区划代码 / unknown division code" + successor_hint(f"{code:06d}")


def _convert_division(
    f: Field, arr: npt.NDArray[Any], err: _Errors, known: npt.NDArray[np.bool_]
) -> npt.NDArray[np.int64]:
    if arr.dtype.kind in "iu":
        out = arr.astype(np.int64, copy=False)
        missing = np.zeros(len(arr), dtype=bool)
    else:
        out = np.zeros(len(arr), dtype=np.int64)
        missing = np.zeros(len(arr), dtype=bool)
        bad = np.zeros(len(arr), dtype=bool)
        finer_bad = np.zeros(len(arr), dtype=bool)
        for i, v in enumerate(arr.tolist()):
            if v is None or v == "":
                missing[i] = True
            elif isinstance(v, str) and len(v) == 6 and v.isdigit():
                out[i] = int(v)
            elif hasattr(v, "code") and isinstance(v.code, str) and len(v.code) == 6:
                out[i] = int(v.code)
            elif isinstance(v, str) and len(v) in (9, 12) and v.isdigit():
                out[i], why = _finer_code(v, known)
                if why is not None:
                    finer_bad[i] = True
            else:
                bad[i] = True
        err.add(bad, f.name, arr, _DIVISION_SHAPE)
        err.add(finer_bad, f.name, arr, _UNREGISTERED)
    # the usual column: every code set and inside the catalogue; one gather checks it
    if len(out):
        least, greatest = int(out.min()), int(out.max())
        if least > 0 and greatest < len(known):
            # one county (a county office's own run): its one code is the whole check
            every = bool(known[least]) if least == greatest else bool(np.take(known, out).all())
            if every:
                err.ranges[f.name] = (out, least, greatest)
                return out
    missing |= out == 0
    if not f.nullable:
        err.add(missing, f.name, arr, "必填 / required", fresh=True)
    in_range = (out >= 0) & (out < len(known))
    unknown = ~missing & ~(in_range & known[np.where(in_range, out, 0)])
    if unknown.any():
        # one reason per code: an abolished code names its successor (rows with a bad
        # shape were reported above, so `fresh` skips them)
        for code in np.unique(out[unknown]).tolist():
            reason = _unknown_division(code)
            err.add(unknown & (out == code), f.name, arr, reason, show=lambda v: v, fresh=True)
    return out


_TOO_YOUNG = (
    f"入伍时未满{MIN_ENLISTMENT_AGE}周岁 / enlisted before the {MIN_ENLISTMENT_AGE}th birthday"
)
BORN_LATER = "出生日期晚于评估日期 / born after the date evaluated"


def enlistment_floor(born: npt.NDArray[np.datetime64]) -> npt.NDArray[np.datetime64]:
    """The :data:`~shuangyong.domain.records.MIN_ENLISTMENT_AGE` birthday of each birth date
    (29 February → 1 March in a common year, as :func:`~shuangyong.domain.records.birthday`)."""
    month = born.astype("datetime64[M]")
    day = born - month.astype("datetime64[D]")
    out: npt.NDArray[np.datetime64] = (month + 12 * MIN_ENLISTMENT_AGE).astype(
        "datetime64[D]"
    ) + day
    return out


_DAY = np.dtype("datetime64[D]")


def latest_birth(cols: Mapping[str, npt.NDArray[Any]]) -> int | None:
    """The latest birth date of ``cols`` as a day number (NaT the least; None: no birth dates,
    or not as ``datetime64[D]``): one reduction, which a prepared population keeps."""
    born = cols.get("birth_date")
    if born is None or born.dtype != _DAY or not born.shape or not born.shape[0]:
        return None
    found = known_range(cols, "birth_date", born)  # found when the input was checked
    return int(born.view(np.int64).max()) if found is None else found[1]


def born_after(
    cols: Mapping[str, npt.NDArray[Any]],
    on: dt.date,
    bad: npt.NDArray[np.bool_],
    latest: int | None = None,
) -> tuple[npt.NDArray[np.bool_] | None, list[RowError]]:
    """Rows (not already bad) whose birth date is after the date evaluated (None: none), and
    their errors: a check of the date, not of the row, so conversion (once per population)
    cannot do it. ``latest``: :func:`latest_birth` of ``cols`` where already known, or of a
    table ``cols`` are rows of (a bound: the rows are compared only when it is after ``on``)."""
    if "birth_date" not in cols:
        return None, []
    born = cols["birth_date"]
    day = np.datetime64(on, "D")
    if latest is None:
        latest = latest_birth(cols)
    if latest is not None and latest <= day.astype(np.int64):
        return None, []  # the usual population: nobody born after the date
    # as day numbers NaT is the least, never after a date (and compares false as a date)
    late = born.view(np.int64) > day.astype(np.int64) if born.dtype == day.dtype else born > day
    if not late.any():
        return None, []
    late &= ~bad
    return late, [
        RowError(int(i), "birth_date", str(born[i]), BORN_LATER) for i in np.flatnonzero(late)
    ]


# Cross-field checks: (later field, earlier field, reason). Applied where both are set.
DATE_ORDER: tuple[tuple[str, str, str], ...] = (
    ("enlisted_on", "birth_date", "入伍日期早于出生日期 / enlisted before birth"),
    ("discharged_on", "enlisted_on", "退役日期早于入伍日期 / discharged before enlisted"),
    ("disability_assessed_on", "birth_date", "评残日期早于出生日期 / assessed before birth"),
    (
        "disability_approved_on",
        "disability_assessed_on",
        "批准日期早于评定日期 / approved before assessed",
    ),
    ("died_on", "birth_date", "死亡日期早于出生日期 / died before birth"),
    ("died_on", "enlisted_on", "死亡日期早于入伍日期 / died before enlisting"),
    # the checks of the records (domain.records.Beneficiary), the same on every path
    ("died_on", "discharged_on", "退役日期晚于死亡日期 / discharged after death"),
    ("disability_assessed_on", "enlisted_on", "评残日期早于入伍日期 / assessed before enlisting"),
    ("died_on", "disability_assessed_on", "评残日期晚于死亡日期 / assessed after death"),
    (
        "suspended_to",
        "suspended_from",
        "中止截止日期早于起始日期 / suspension ends before it starts",
    ),
    ("reported_on", "discharged_on", "报到日期早于退役日期 / reported before discharge"),
    ("placed_on", "discharged_on", "上岗日期早于退役日期 / placed in a job before discharge"),
    ("promoted_on", "enlisted_on", "选改日期早于入伍日期 / promoted before enlisting"),
    (
        "entered_academy_on",
        "enlisted_on",
        "入学日期早于入伍日期 / entered academy before enlisting",
    ),
    (
        "conscript_award_on",
        "enlisted_on",
        "授奖日期早于入伍日期 / an award dated before enlisting",
    ),
)


_BY_ELEMENT = frozenset(
    {
        FieldKind.DATE,
        FieldKind.INT,
        FieldKind.BOOL,
        FieldKind.DIVISION,
        FieldKind.MONEY,
        FieldKind.FLAGS,
    }
)


def _convert_objects(
    f: Field, arr: npt.NDArray[Any], err: _Errors, known: npt.NDArray[np.bool_]
) -> npt.NDArray[Any]:
    items = arr.tolist()
    values = []
    reasons: dict[str, list[int]] = {}
    for i, v in enumerate(items):
        value, reason = _scalar_value(f, v, known)
        values.append(value)
        if reason is not None:
            reasons.setdefault(reason, []).append(i)
    for reason, rows in reasons.items():
        mask = np.zeros(len(items), dtype=bool)
        mask[rows] = True
        err.add(mask, f.name, arr, reason)
    return np.array(values, dtype=_DTYPES[f.kind])


def fields_read_as_given(
    rules: Iterable[Any], given: Iterable[str], fields: Mapping[str, Field] = FIELDS
) -> Mapping[str, Field]:
    """``fields`` as ``rules`` (the rule versions that run) read an input with the columns
    ``given``: a required field that the input lacks and that every one of them reads only
    when given (``Rule.optional_reads``) is read as optional, not set (NaT, no value).
    ``fields`` itself when there is none (the usual case)."""
    have = set(given)
    optional = {f for r in rules for f in r.optional_reads if f not in have}
    if not optional:
        return fields
    required = {f for r in rules for f in r.reads if f not in r.optional_reads}
    relaxed = {
        f: attrs.evolve(fields[f], nullable=True, default=None)
        for f in optional - required
        if not fields[f].nullable and fields[f].default is None
    }
    return {**fields, **relaxed} if relaxed else fields


def default_column(f: Field, n: int) -> npt.NDArray[Any]:
    """The column of ``n`` rows holding the (converted) default of an optional field."""
    if f.kind is FieldKind.TEXT:
        return np.full(n, f.default, dtype=object)
    value, reason = _scalar_value(f, f.default, np.zeros(1, dtype=bool))
    assert reason is None, (f.name, reason)
    return np.full(n, value, dtype=_DTYPES[f.kind])


def _convert_money_typed(f: Field, arr: npt.NDArray[Any], err: _Errors) -> npt.NDArray[np.int64]:
    if arr.dtype.kind in "iu":
        greatest = _unsigned_max(arr) if len(arr) else 0
        if greatest <= 10**12:
            out = np.multiply(arr, 100, dtype=np.int64)  # every row in range: one pass
            err.ranges[f.name] = (out, 0, greatest * 100)  # in fen, none missing
            return out
        neg = arr < 0
        big = arr > 10**12
        err.add(neg, f.name, arr, "金额不能为负 / an amount cannot be negative")
        err.add(big, f.name, arr, "金额超出范围 / amount out of range")
        return np.where(neg | big, 0, arr).astype(np.int64) * 100
    err.add(
        np.ones(len(arr), dtype=bool),
        f.name,
        arr,
        _NOT_FLOAT_MONEY,
    )
    return np.zeros(len(arr), dtype=np.int64)


def _convert_flags_typed(f: Field, arr: npt.NDArray[Any], err: _Errors) -> npt.NDArray[np.int64]:
    assert f.enum_type is not None
    if arr.dtype.kind in "iu":
        limit = 1 << (len(f.enum_type) + 1)
        bad = (arr < 0) | (arr >= limit) | ((arr & 1) == 1)
        err.add(bad, f.name, arr, _unknown_flags(f))
        return np.where(bad, 0, arr).astype(np.int64)
    err.add(np.ones(len(arr), dtype=bool), f.name, arr, _unknown_flags(f))
    return np.zeros(len(arr), dtype=np.int64)


def _unknown_flags(f: Field) -> str:
    assert f.enum_type is not None
    allowed = ", ".join(str(m.value) for m in f.enum_type)
    return f"应为取值的列表 / expected a list of: {allowed} (or a bit mask of their codes)"


def _order_side(name: str, table: Table, fields: Mapping[str, Field]) -> bool:
    """Whether a date-order check needs the column ``name``: given, or absent with a default
    date (an absent column with no default is all "not set", never out of order)."""
    f = fields[name]
    return name in table or (f.nullable and f.default is not None)


def convert_columns(
    table: Table,
    needed: Sequence[str],
    known_divisions: npt.NDArray[np.bool_],
    fields: Mapping[str, Field] = FIELDS,
) -> tuple[dict[str, npt.NDArray[Any]], list[RowError], npt.NDArray[np.bool_], int]:
    """Convert and check the ``needed`` columns of ``table``.

    ``fields`` are the engine's (the national :data:`FIELDS` plus those plugins add).

    Returns:
        (columns, row errors sorted by row, bad-row mask, row count)

    Raises:
        BatchInputError: a required column is missing or lengths differ (nothing can run).
    """
    unknown = sorted(set(table) - set(fields))
    if unknown:
        raise BatchInputError(f"unknown columns {unknown}; known: {sorted(fields)}")
    n: int | None = None
    for name in table:
        n = len(np.asarray(table[name])) if n is None else n
    if n is None:
        raise BatchInputError("empty table: no columns")
    err = _Errors(n)
    out: dict[str, npt.NDArray[Any]] = {}
    # every column given is checked (bad data is reported even where no selected rule reads
    # it), plus what the rules need, plus both sides of each date-order check
    wanted = list(dict.fromkeys([*needed, *table]))
    for a, b, _ in DATE_ORDER:
        if (a in wanted or b in wanted) and (a in table or b in table):
            wanted += [x for x in (a, b) if x not in wanted and _order_side(x, table, fields)]
    for name in wanted:
        f = fields[name]
        if name in table:
            arr = _as_array(name, table[name], n)
        elif f.default is not None or f.nullable:
            # an absent optional column: its default, already in column form
            out[name] = default_column(f, n)
            continue
        else:
            raise BatchInputError(f"missing required column {name!r} ({f.label})")
        if f.kind in (FieldKind.MONEY, FieldKind.FLAGS) and arr.dtype.kind in "US":
            arr = arr.astype(object)  # text amounts and codes: element by element, as per case
        elif f.kind is FieldKind.DATE and arr.dtype.kind != "M":
            arr = arr.astype(object)  # text dates (and numbers, refused): as per case
        if arr.dtype.kind == "O" and f.kind in _BY_ELEMENT:
            # Python objects: convert each with the same function the per-case path uses, so
            # the two paths cannot disagree about what is valid
            out[name] = _convert_objects(f, arr, err, known_divisions)
        elif f.kind is FieldKind.DATE:
            out[name] = _convert_date(f, arr, err)
        elif f.kind is FieldKind.INT:
            out[name] = _convert_int(f, arr, err)
        elif f.kind is FieldKind.ENUM:
            out[name] = _convert_enum(f, arr, err)
        elif f.kind is FieldKind.BOOL:
            out[name] = _convert_bool(f, arr, err)
        elif f.kind is FieldKind.DIVISION:
            out[name] = _convert_division(f, arr, err, known_divisions)
        elif f.kind is FieldKind.MONEY:
            out[name] = _convert_money_typed(f, arr, err)
        elif f.kind is FieldKind.FLAGS:
            out[name] = _convert_flags_typed(f, arr, err)
        else:
            out[name] = arr
    for later, earlier, reason in DATE_ORDER:
        if later in out and earlier in out:
            # NaT compares false: a date not set is never out of order
            late, early = out[later], out[earlier]
            err.add(late < early, later, late, reason, show=str)
    if "enlisted_on" in out and "birth_date" in out:
        enlisted = out["enlisted_on"]
        young = enlisted < enlistment_floor(out["birth_date"])  # NaT compares False
        if "relation" in out:
            # a relative's row describes no service of theirs (the member's is elsewhere)
            young &= out["relation"] == 0
        if young.any():
            err.add(young, "enlisted_on", enlisted, _TOO_YOUNG, show=str, fresh=True)
    if "disability_level" in out and "disability_cause" in out:
        lvl, cause = out["disability_level"], out["disability_cause"]
        # a grade and a cause go together: one comparison a row (the rows only on a conflict)
        conflict = (lvl == 0) != (cause == 0)
        if conflict.any():
            shown = ~err.bad_in("disability_level") & ~err.bad_in("disability_cause")
            err.add(
                conflict & (lvl == 0) & shown,
                "disability_level",
                table.get("disability_level", lvl),
                "有残疾性质但残疾等级为0 / level 0 is not a grade (1–10)",
            )
            err.add(
                conflict & (lvl > 0) & shown,
                "disability_cause",
                table.get("disability_cause", cause),
                "有残疾等级但缺少残疾性质 / a grade needs a cause",
            )
    if "service_kind" in out and "nco_grade" in out:
        kind, grade = out["service_kind"], out["nco_grade"]
        shown = ~err.bad_in("service_kind") & ~err.bad_in("nco_grade")
        err.add(
            (grade != 0) & (kind != _NCO_CODE) & shown,
            "nco_grade",
            table.get("nco_grade", grade),
            _GRADE_CONFLICT,
        )
    err.items.sort(key=lambda e: e.row)
    ranged = {k: r for k, r in err.ranges.items() if out.get(k) is r[0]}
    return (Ranged(out, ranged) if ranged else out), err.items, err.bad, n


_EPOCH = dt.date(1970, 1, 1)


_EPOCH_ORDINAL = _EPOCH.toordinal()
_MISSING_TYPES = frozenset({"NaTType", "NAType"})  # pandas' NaT and NA, without importing pandas


def _is_missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v) or type(v).__name__ in _MISSING_TYPES


def _date_days(f: Field, v: Any) -> tuple[int | None, str | None]:
    """A date field's value as days since 1970-01-01 (None = not set), or the reason.

    The one reading of a date on every path (per case, dict rows, pandas, Arrow): a date, a
    ``YYYY-MM-DD`` string, or a naive datetime at 00:00 (a date read into a datetime type);
    a time of day or a time zone is refused, never truncated or shifted to UTC.
    """
    if isinstance(v, np.datetime64):
        if np.isnat(v):
            return None, None if f.nullable else "必填 / required"
        day = v.astype("datetime64[D]")
        if day.astype(v.dtype) != v:
            return None, HAS_TIME
        v = day.item()
    if _is_missing(v):
        return None, None if f.nullable else "必填 / required"
    day, reason = date_or_reason(v)  # the one reading of a date (domain.periods)
    if day is None:
        return None, reason
    return day.toordinal() - _EPOCH_ORDINAL, None


def _scalar_value(f: Field, v: Any, known: npt.NDArray[np.bool_]) -> tuple[Any, str | None]:
    """One value of one field: (column value, error reason or None). Mirrors the column
    converters above exactly; a property test holds the two paths together."""
    if f.kind is not FieldKind.DATE and isinstance(v, np.generic):
        # a value taken out of a numpy column: compare as the column would
        v = None if isinstance(v, np.datetime64) and np.isnat(v) else v.item()
    if f.kind is FieldKind.DATE:
        days, reason = _date_days(f, v)
        return (_NAT if days is None else np.datetime64(days, "D")), reason
    if f.kind is FieldKind.INT:
        if isinstance(v, bool):
            return 0, "应为整数而非布尔 / integer, not bool"
        if _is_missing(v):
            return 0, "缺失 / missing: an integer is required"
        if isinstance(v, float):
            if v != v or v in (float("inf"), float("-inf")):
                return 0, "缺失或非有限数 / missing or not finite (NaN)"
            if v != int(v):
                return 0, "不是整数（不会被截断）/ not a whole number (never truncated)"
            v = int(v)
        if not isinstance(v, int):
            return 0, "不是整数 / not an integer"
        # the value of a rejected row is never used: keep it inside int64
        if f.min is not None and v < f.min:
            return 0, f"小于下限 {f.min} / below minimum {f.min}"
        if f.max is not None and v > f.max:
            return 0, f"大于上限 {f.max} / above maximum {f.max}"
        return v, None
    if f.kind is FieldKind.ENUM:
        assert f.enum_type is not None
        codes = enum_codes(f.enum_type)
        if v is None:
            return 0, None if f.nullable else "必填 / required"
        if isinstance(v, str):
            try:
                code = codes[f.enum_type(v)]
            except ValueError:
                code = -1
        else:
            code = _enum_code(f, v, codes)
        if code < 0:
            return 0, _unknown_enum(f)
        if code == 0 and not f.nullable:
            return 0, "必填 / required"
        return code, None
    if f.kind is FieldKind.BOOL:
        if isinstance(v, bool | np.bool_):
            return bool(v), None
        return False, "应为 true/false / expected a boolean"
    if f.kind is FieldKind.MONEY:
        if _is_missing(v) and not isinstance(v, float):  # NaN is float money: refused below
            return MONEY_NULL, None if f.nullable else "必填 / required"
        if isinstance(v, bool | float):
            return (
                0,
                _NOT_FLOAT_MONEY,
            )
        try:
            from shuangyong.domain.money import Yuan

            fen = Yuan(v).fen
        except Exception:
            return 0, "不是金额（元，最多两位小数）/ not an amount in yuan (at most 2 decimals)"
        if fen < 0:
            return 0, "金额不能为负 / an amount cannot be negative"
        if fen > 10**14:
            return 0, "金额超出范围 / amount out of range"
        return fen, None
    if f.kind is FieldKind.FLAGS:
        assert f.enum_type is not None
        codes = enum_codes(f.enum_type)
        if isinstance(v, int) and not isinstance(v, bool):
            ok = 0 <= v < (1 << (len(codes) + 1)) and not v & 1
            return (v, None) if ok else (0, _unknown_flags(f))
        if isinstance(v, list | tuple | set | frozenset):
            mask = 0
            for item in v:
                try:
                    member = item if isinstance(item, f.enum_type) else f.enum_type(item)
                except (ValueError, TypeError):
                    return 0, _unknown_flags(f)
                mask |= 1 << codes[member]
            return mask, None
        return 0, _unknown_flags(f)
    if f.kind is FieldKind.DIVISION:
        if v is None or v == "":
            return 0, None if f.nullable else "必填 / required"
        code_text = v.code if hasattr(v, "code") and isinstance(v.code, str) else v
        if isinstance(code_text, int | np.integer) and not isinstance(code_text, bool):
            c = int(code_text)  # integer codes, as integer columns are read
            if c == 0:
                return 0, None if f.nullable else "必填 / required"
            if not 0 < c < len(known):
                return c, _unknown_division(c)
        elif isinstance(code_text, str) and len(code_text) == 6 and code_text.isdigit():
            c = int(code_text)
        elif isinstance(code_text, str) and len(code_text) in (9, 12) and code_text.isdigit():
            return _finer_code(code_text, known)
        else:
            return 0, _DIVISION_SHAPE
        if c == 0:
            return 0, None if f.nullable else "必填 / required"
        if not known[c]:
            return c, _unknown_division(c)
        return c, None
    return v, None


def convert_row(
    row: Mapping[str, Any],
    needed: Sequence[str],
    known_divisions: npt.NDArray[np.bool_],
    fields: Mapping[str, Field] = FIELDS,
    wanted: Sequence[str] | None = None,
) -> tuple[dict[str, npt.NDArray[Any]], list[RowError]]:
    """The one-row fast path of :func:`convert_columns` for per-case evaluation.

    Same fields, defaults, checks and messages, without numpy's per-call overhead on a single
    value. Returns one-row columns and the errors (all with row 0). ``wanted``: as for
    :func:`convert_row_values`.
    """
    values, errors = convert_row_values(row, needed, known_divisions, fields, wanted)
    return {k: row_array(k, v, fields) for k, v in values.items()}, errors


def row_array(name: str, value: Any, fields: Mapping[str, Field] = FIELDS) -> npt.NDArray[Any]:
    """The one-row column of a value of :func:`convert_row_values`."""
    kind = fields[name].kind
    if kind is FieldKind.DATE:
        return np.array([_NAT if value is None else np.datetime64(value, "D")])
    return np.array([value], dtype=_DTYPES[kind])


def _converted_default(f: Field) -> tuple[Any, str | None]:
    if f.kind is FieldKind.DATE:
        return _date_days(f, f.default)
    return _scalar_value(f, f.default, np.zeros(1, dtype=bool))


# the converted default of every built-in optional field but divisions (a constant of FIELDS;
# a plugin's field is converted when used, which is cheap, rather than cached per module)
# (keyed by name, the field itself kept: a Field's hash is computed from all its attributes)
_DEFAULTS: Mapping[str, tuple[Field, tuple[Any, str | None]]] = MappingProxyType(
    {
        f.name: (f, _converted_default(f))
        for f in FIELDS.values()
        if f.kind is not FieldKind.DIVISION and (f.default is not None or f.nullable)
    }
)


def _default_value(f: Field, known: npt.NDArray[np.bool_]) -> tuple[Any, str | None]:
    """The converted default of a field absent from a row (a division's default is checked
    against the catalogue every time)."""
    if f.kind is FieldKind.DIVISION:
        return _scalar_value(f, f.default, known)
    hit = _DEFAULTS.get(f.name)
    return hit[1] if hit is not None and hit[0] is f else _converted_default(f)


def row_fields(
    given: Sequence[str], needed: Sequence[str], fields: Mapping[str, Field] = FIELDS
) -> tuple[str, ...]:
    """The fields a row giving ``given`` (its keys, in order) converts for ``needed``: those
    needed, those given, and the other side of a date-order check one of them is in (as the
    column path), in the order their errors are reported.

    Raises:
        BatchInputError: ``given`` names an unknown field.
    """
    unknown = [k for k in given if k not in fields]
    if unknown:
        raise BatchInputError(f"unknown columns {sorted(unknown)}; known: {sorted(fields)}")
    row = dict.fromkeys(given)
    wanted = list(dict.fromkeys([*needed, *given]))
    have = set(wanted)
    for a, b, _ in DATE_ORDER:
        if (a in have or b in have) and (a in row or b in row):
            for x in (a, b):
                if x not in have and _order_side(x, row, fields):  # as the column path
                    wanted.append(x)
                    have.add(x)
    return tuple(wanted)


def convert_row_values(
    row: Mapping[str, Any],
    needed: Sequence[str],
    known_divisions: npt.NDArray[np.bool_],
    fields: Mapping[str, Field] = FIELDS,
    wanted: Sequence[str] | None = None,
) -> tuple[dict[str, Any], list[RowError]]:
    """:func:`convert_row` as Python values: dates as days since 1970-01-01 (None = not set),
    enums as codes, money as fen, the rest as in the columns.

    ``wanted``: :func:`row_fields` of the row's fields and ``needed``, where already known
    (it depends only on which fields the row gives)."""
    if wanted is None:
        wanted = row_fields(tuple(row), needed, fields)
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for name in wanted:
        f = fields[name]
        if name in row:
            v = row[name]
            if f.kind is FieldKind.DATE:
                out, reason = _date_days(f, v)
            else:
                out, reason = _scalar_value(f, v, known_divisions)
        elif f.default is not None or f.nullable:
            v = f.default
            out, reason = _default_value(f, known_divisions)
        else:
            raise BatchInputError(f"missing required column {name!r} ({f.label})")
        if reason is not None:
            errors.append(RowError(0, name, v, reason))
        values[name] = out
    bad_fields = {e.field for e in errors}
    for later, earlier, reason in DATE_ORDER:
        if later in values and earlier in values:
            late, early = values[later], values[earlier]
            if late is not None and early is not None and late < early:
                shown = dt.date.fromordinal(late + _EPOCH_ORDINAL).isoformat()
                errors.append(RowError(0, later, shown, reason))
    enlisted, born = values.get("enlisted_on"), values.get("birth_date")
    if (
        enlisted is not None
        and born is not None
        and "enlisted_on" not in bad_fields
        and not values.get("relation")  # a relative's row: no service of theirs
    ):
        # the column check on one row: one meaning of the age floor
        floor = enlistment_floor(np.array([born], dtype="datetime64[D]"))[0]
        if np.datetime64(enlisted, "D") < floor:
            shown = dt.date.fromordinal(enlisted + _EPOCH_ORDINAL).isoformat()
            errors.append(RowError(0, "enlisted_on", shown, _TOO_YOUNG))
    if (
        "disability_level" in values
        and "disability_cause" in values
        and not ({"disability_level", "disability_cause"} & bad_fields)
    ):
        lvl, cause = values["disability_level"], values["disability_cause"]
        if lvl == 0 and cause != 0:
            errors.append(
                RowError(
                    0,
                    "disability_level",
                    row.get("disability_level", lvl),
                    "有残疾性质但残疾等级为0 / level 0 is not a grade (1–10)",
                )
            )
        if lvl > 0 and cause == 0:
            errors.append(
                RowError(
                    0,
                    "disability_cause",
                    row.get("disability_cause", cause),
                    "有残疾等级但缺少残疾性质 / a grade needs a cause",
                )
            )
    if (
        "service_kind" in values
        and "nco_grade" in values
        and not ({"service_kind", "nco_grade"} & bad_fields)
        and values["nco_grade"] != 0
        and values["service_kind"] != _NCO_CODE
    ):
        errors.append(RowError(0, "nco_grade", row.get("nco_grade"), _GRADE_CONFLICT))
    return values, errors
