"""The one-row backend (shuangyong.policy.cells) must mean exactly what numpy means.

Every operator with a Python fast path is compared with numpy on one-element arrays, over
generated operands (NaT and zero divisors included); the fallbacks, the truthiness refusal and
the helpers (where/select/choose, divide_fen_int) are checked too.
"""

from __future__ import annotations

import datetime as dt
import operator
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangyong.domain.enums import DeathCategory, MemberStatus, Relation, ServiceKind
from shuangyong.domain.money import RoundingMode, RoundingPolicy, divide_fen, divide_fen_int
from shuangyong.errors import ColumnTruthError, InvalidValueError
from shuangyong.policy.cells import Cell, ChoiceCell, Code, Day, Flag, Num, day_number, int_value
from shuangyong.policy.columns import EnumColumn, choose, enum_codes, select, where

INTS = st.integers(-(10**12), 10**12)
SMALL = st.integers(-50, 50)
DAYS = st.one_of(st.none(), st.integers(-40_000, 60_000))
BOOLS = st.booleans()


def arr(x: Any) -> np.ndarray:
    """The one-element array a cell stands for."""
    return np.asarray(x)


def same(cell_result: Any, array_result: Any) -> None:
    """A cell result equals numpy's one-element result: value and kind."""
    a = np.asarray(array_result)
    c = np.asarray(cell_result)
    assert c.shape == a.shape == (1,)
    assert c.dtype.kind == a.dtype.kind, (c.dtype, a.dtype)
    if a.dtype.kind == "M":
        assert (np.isnat(c[0]) and np.isnat(a[0])) or c[0] == a[0]
    else:
        assert c[0] == a[0]


ARITH = [operator.add, operator.sub, operator.mul, operator.floordiv, operator.mod]
COMPARE = [operator.lt, operator.le, operator.gt, operator.ge, operator.eq, operator.ne]


@given(a=INTS, b=SMALL, op=st.sampled_from(ARITH + COMPARE + [operator.and_, operator.or_]))
def test_integer_operators_match_numpy(a: int, b: int, op: Any) -> None:
    with np.errstate(divide="ignore"):
        expected = op(np.array([a], dtype=np.int64), np.array([b], dtype=np.int64))
        same(op(Num(a), Num(b)), expected)
        same(op(Num(a), b), expected)  # a plain int on the right
        same(op(a, Num(b)), expected)  # and on the left (reflected)


@given(a=BOOLS, b=BOOLS, op=st.sampled_from([operator.and_, operator.or_, operator.xor,
                                            operator.eq, operator.ne]))  # fmt: skip
def test_boolean_operators_match_numpy(a: bool, b: bool, op: Any) -> None:
    expected = op(np.array([a]), np.array([b]))
    same(op(Flag(a), Flag(b)), expected)
    same(op(Flag(a), np.bool_(b)), expected)
    same(op(Flag(a), np.array([b])), expected)  # a one-row array mixes in


@given(a=BOOLS)
def test_invert_and_bool_arithmetic_match_numpy(a: bool) -> None:
    same(~Flag(a), ~np.array([a]))
    same(Flag(a) + 1, np.array([a]) + 1)  # numpy's promotion, not Python's
    same(Flag(a).astype(np.int64), np.array([a]).astype(np.int64))


def _day_array(d: int | None) -> np.ndarray:
    return np.array([np.datetime64("NaT", "D") if d is None else np.datetime64(d, "D")])


@given(a=DAYS, b=DAYS, op=st.sampled_from(COMPARE))
def test_date_comparisons_follow_numpy_nat_rule(a: int | None, b: int | None, op: Any) -> None:
    expected = op(_day_array(a), _day_array(b))
    same(op(Day(a), Day(b)), expected)
    same(op(Day(a), _day_array(b)[0]), expected)  # a datetime64 scalar (c.month_end …)


@given(a=DAYS, n=SMALL)
def test_date_arithmetic_falls_back_to_numpy(a: int | None, n: int) -> None:
    delta = np.timedelta64(n, "D")
    same(Day(a) + delta, _day_array(a) + delta)
    same(Day(a) - delta, _day_array(a) - delta)
    months = Day(a).astype("datetime64[M]")  # another unit: numpy's own result
    assert np.asarray(months).dtype == np.dtype("datetime64[M]")


def test_truthiness_is_refused_like_a_column() -> None:
    for cell in (Num(1), Flag(True), Day(0), Code(1, ServiceKind), ChoiceCell(0, ("a",))):
        with pytest.raises(ColumnTruthError):
            bool(cell)
    with pytest.raises(ColumnTruthError):
        if Num(3) > 1:  # the mistake a rule author makes
            pass


def test_enum_codes_compare_by_member_not_by_value() -> None:
    # str-valued members of different enums are equal and hash alike (DeathCategory.MARTYR ==
    # MemberStatus.MARTYR == "martyr") but sit at different codes: a code cache keyed by the
    # member would hand one enum's code to the other (found by the case-file snapshot)
    assert DeathCategory.MARTYR == MemberStatus.MARTYR
    assert (
        enum_codes(DeathCategory)[DeathCategory.MARTYR]
        != enum_codes(MemberStatus)[MemberStatus.MARTYR]
    )
    death = Code(enum_codes(DeathCategory)[DeathCategory.MARTYR], DeathCategory)
    status = Code(enum_codes(MemberStatus)[MemberStatus.MARTYR], MemberStatus)
    for _ in range(2):  # the second round reads the cache
        assert (death == DeathCategory.MARTYR).v is True
        assert (status == MemberStatus.MARTYR).v is True
        assert status.isin(MemberStatus.SERVING, MemberStatus.MARTYR).v is True
        assert (status != MemberStatus.MARTYR).v is False
    rel = Code(enum_codes(Relation)[Relation.CHILD], Relation)
    assert (rel == Relation.CHILD).v is True


def test_enum_cell_matches_enum_column() -> None:
    for member in ServiceKind:
        code = enum_codes(ServiceKind)[member]
        col = np.array([code], dtype=np.int8).view(EnumColumn)
        col.enum_type = ServiceKind
        cell = Code(code, ServiceKind)
        for other in ServiceKind:
            same(cell == other, col == other)
            same(cell != other.value, col != other.value)  # by value, as columns allow
        same(cell.isin(ServiceKind.NCO, ServiceKind.OFFICER), col.isin("nco", "officer"))
    with pytest.raises(InvalidValueError, match="not a member of ServiceKind"):
        _ = Code(1, ServiceKind) == "general"


@given(c=BOOLS, a=SMALL, b=SMALL)
def test_where_select_choose_match_numpy(c: bool, a: int, b: int) -> None:
    same(where(Flag(c), Num(a), b), np.where(np.array([c]), a, b))
    same(where(Flag(c), Flag(True), Flag(False)), np.where(np.array([c]), True, False))
    same(
        where(Flag(c), Day(a), Day(None)), np.where(np.array([c]), _day_array(a), _day_array(None))
    )
    same(
        select([Flag(c), Flag(not c)], [Num(a), b], default=7),
        np.select([np.array([c]), np.array([not c])], [a, b], 7),
    )
    picked = choose([Flag(c), Flag(True)], ["x", "y"])
    batch = choose([np.array([c]), np.array([True])], ["x", "y"])
    assert isinstance(picked, ChoiceCell)
    assert picked.v == int(np.asarray(batch)[0]) and picked.labels == batch.labels


def test_numpy_functions_on_cells_return_cells() -> None:
    assert isinstance(np.maximum(Num(3), 5), Num) and np.maximum(Num(3), 5).v == 5
    assert isinstance(np.isnat(Day(None)), Flag) and np.isnat(Day(None)).v is True
    assert isinstance(np.where(Flag(True), Num(1), 2), Num)
    full = np.full(1, Day(5))
    assert full.dtype == np.dtype("datetime64[D]") and full[0] == np.datetime64(5, "D")
    assert np.asarray(Flag(True)).dtype == bool
    assert isinstance(Num(4).view(np.ndarray), Num)  # view(Column) keeps the cell


def test_day_number_of_every_date_form() -> None:
    d = dt.date(2019, 6, 1)
    n = day_number(d)
    assert n == day_number(np.datetime64(d, "D")) == day_number(Day(n))
    assert day_number(np.datetime64("NaT", "D")) is None
    assert Day(n).date() == d


@given(
    fen=st.integers(-(10**12), 10**12),
    num=st.integers(1, 1000),
    den=st.integers(1, 1000),
    unit=st.sampled_from(["0.01", "0.1", "1", "10"]),
    mode=st.sampled_from(list(RoundingMode)),
)
def test_divide_fen_int_equals_divide_fen(
    fen: int, num: int, den: int, unit: str, mode: Any
) -> None:
    policy = RoundingPolicy(unit, mode)
    expected = int(divide_fen(np.array([fen]), num, den, policy)[0])
    assert divide_fen_int(fen * num, den, policy) == expected


def test_only_signed_integers_take_the_python_path() -> None:
    # numpy promotes int64 with uint64 to float64 and bools are not integers there: left to numpy
    assert int_value(True) is None and int_value(np.uint64(3)) is None
    assert int_value(np.timedelta64(3, "D")) is None  # a duration, though numpy subclasses int
    assert int_value(np.int32(3)) == 3 and int_value(np.array([4])) == 4 and int_value(Num(5)) == 5
    assert int_value(np.array([1, 2])) is None and int_value(np.array([1.0])) is None
    same(Num(2) + np.uint64(3), np.array([2], dtype=np.int64) + np.uint64(3))
    assert isinstance(Num(1), Cell)
