"""人民币大写 (issue 13 §2): worked examples from the People's Bank rules, and properties."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangyong.reports.daxie import MAX_FEN, daxie, parse_daxie


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (1_234_567, "壹万贰仟叁佰肆拾伍元陆角柒分"),
        (1_000, "壹拾元整"),  # 拾 always with its digit
        (140_950, "壹仟肆佰零玖元伍角整"),  # a zero between digits
        (600_714, "陆仟零柒元壹角肆分"),  # several zeros: one 零
        (10_070_000, "壹拾万零柒佰元整"),  # a group with a leading zero
        (10_700_000, "壹拾万柒仟元整"),  # zeros at the end of a group are not written
        (10_000_000_100, "壹亿零壹元整"),  # a whole group of zeros: one 零
        (32_504, "叁佰贰拾伍元零肆分"),  # 角 zero, 分 not: 零 required
        (168_032, "壹仟陆佰捌拾元叁角贰分"),
        (0, "零元整"),
        (50, "伍角整"),
        (5, "伍分"),
        (150, "壹元伍角整"),
        (100_000_000, "壹佰万元整"),
        (-1_234_567, "负壹万贰仟叁佰肆拾伍元陆角柒分"),  # a recovery
    ],
)
def test_examples(fen: int, text: str) -> None:
    assert daxie(fen) == text
    assert parse_daxie(text) == fen


amounts = st.integers(min_value=-MAX_FEN, max_value=MAX_FEN)
_ALLOWED = re.compile(r"负?[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+")


@given(amounts)
def test_round_trip(fen: int) -> None:
    assert parse_daxie(daxie(fen)) == fen


@given(amounts)
def test_zero_rules(fen: int) -> None:
    text = daxie(fen)
    assert _ALLOWED.fullmatch(text)
    assert "零零" not in text  # consecutive zeros are written once
    # a 零 never stands before a unit or at the end of the integer part
    assert not re.search(r"零[拾佰仟万亿元角]", text) or text == "零元整"
    assert text.endswith("整") == (abs(fen) % 10 == 0)  # ends at 元 or 角: 整
    if abs(fen) >= 100:
        assert "元" in text
    assert not re.search(r"(?<![壹贰叁肆伍陆柒捌玖])拾", text)  # 拾 always has its digit


@given(st.integers(min_value=1, max_value=MAX_FEN))
def test_jiao_zero_and_fen_not_needs_zero(fen: int) -> None:
    text = daxie(fen)
    if fen >= 100 and (fen // 10) % 10 == 0 and fen % 10:
        assert "元零" in text and text.endswith("分")


def test_refuses_non_int_and_huge() -> None:
    with pytest.raises(TypeError):
        daxie(12.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        daxie(True)
    with pytest.raises(ValueError, match="too large"):
        daxie(MAX_FEN + 1)
