"""人民币大写: an amount in fen written in capital Chinese numerals, as payment documents need.

The rules (中国人民银行《支付结算办法》附件一《正确填写票据和结算凭证的基本规定》):

* digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟, 万 and 亿 for groups of four; 元角分;
* 拾 always has its digit: 10 元 is 壹拾元整, never 拾元;
* a zero (or a run of zeros) between non-zero digits is written once as 零: 1,409.50 is
  壹仟肆佰零玖元伍角, 6,007.14 is 陆仟零柒元壹角肆分, 100,700 is 壹拾万零柒佰元整;
* zeros at the end of a group are not written (107,000 is 壹拾万柒仟元整), and a group of four
  zeros is one 零 between its neighbours (100,000,001 is 壹亿零壹元整); above 亿 the count of
  亿 is itself written with 万 (1,000,100,000,000 is 壹万零壹亿元整);
* 角 zero and 分 not zero: 零 before the 分 (325.04 is 叁佰贰拾伍元零肆分); the 元 digit zero with
  角 not zero is written without a 零 (the rules allow either; 1,680.32 is 壹仟陆佰捌拾元叁角贰分);
* an amount that ends at 元 or at 角 ends with 整 (壹拾元整, 壹元伍角整); one that has 分 does not;
* no yuan at all: 伍角整, 零元整 for zero; a negative amount (a recovery, 追回) starts with 负.
"""

from __future__ import annotations

__all__ = ["daxie", "parse_daxie"]

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
MAX_FEN = 10**18 - 1
"""The largest amount written (just under 10 万亿亿 fen): far beyond any payment sheet."""


def _group(n: int) -> str:
    """A group of four digits (1..9999) without leading zeros."""
    out: list[str] = []
    zero = False
    for pos in range(3, -1, -1):
        d = (n // 10**pos) % 10
        if d == 0:
            zero = bool(out)  # a zero after a digit: write 零 if a digit follows
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_DIGITS[d] + _UNITS[pos])
    return "".join(out)


def _below_yi(n: int) -> str:
    """1..99,999,999: ``[group]万[零][group]``."""
    hi, lo = divmod(n, 10_000)
    if not hi:
        return _group(lo)
    out = _group(hi) + "万"
    if lo:
        out += ("零" if lo < 1000 else "") + _group(lo)
    return out


def _yuan(n: int) -> str:
    """1..10**16 - 1 yuan: the part above 亿 is itself written with 万 (壹万零壹亿)."""
    hi, lo = divmod(n, 100_000_000)
    if not hi:
        return _below_yi(lo)
    out = _below_yi(hi) + "亿"
    if lo:
        out += ("零" if lo < 10_000_000 else "") + _below_yi(lo)
    return out


def daxie(fen: int) -> str:
    """``fen`` in 人民币大写: ``1234567`` → ``壹万贰仟叁佰肆拾伍元陆角柒分``.

    Args:
        fen: the amount in fen (an int; no float ever reaches money).

    Raises:
        TypeError: not an int.
        ValueError: beyond :data:`MAX_FEN` in absolute value.
    """
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"大写金额需要整数分 / daxie takes int fen, got {type(fen).__name__}")
    if abs(fen) > MAX_FEN:
        raise ValueError(f"金额过大 / amount too large for 大写: {fen} fen")
    sign = "负" if fen < 0 else ""
    yuan, rest = divmod(abs(fen), 100)
    jiao, fen_digit = divmod(rest, 10)
    if yuan == 0 and rest == 0:
        return "零元整"
    head = _yuan(yuan) + "元" if yuan else ""
    if rest == 0:
        return f"{sign}{head}整"
    tail = ""
    if jiao:
        tail += _DIGITS[jiao] + "角"
    elif yuan:
        tail += "零"  # 角 is zero and 分 is not: the 零 is required
    if fen_digit:
        tail += _DIGITS[fen_digit] + "分"
    else:
        tail += "整"
    return sign + head + tail


def parse_daxie(text: str) -> int:
    """Read a 大写 amount back into fen (the inverse of :func:`daxie`; for tests and checks).

    Raises:
        ValueError: a character that is not part of a 大写 amount.
    """
    sign = -1 if text.startswith("负") else 1
    body = text.removeprefix("负").removesuffix("整")
    yuan_part, _, small = body.partition("元")
    if "元" not in body:
        yuan_part, small = "", body
    total = 0
    section = 0  # below 万
    digit = 0
    for ch in yuan_part:
        if ch in _DIGITS:
            digit = _DIGITS.index(ch)
        elif ch in "拾佰仟":
            section += digit * 10 ** ("拾佰仟".index(ch) + 1)
            digit = 0
        elif ch == "万":
            total += (section + digit) * 10**4
            section = digit = 0
        elif ch == "亿":
            total = (total + section + digit) * 10**8
            section = digit = 0
        else:
            raise ValueError(f"不是大写金额 / not a 大写 amount: {text!r}")
    # "壹万零壹亿": the 万 before 亿 is folded into ``total`` first, then the whole times 10**8
    total += section + digit
    fen = total * 100
    digit = 0
    for ch in small:
        if ch in _DIGITS:
            digit = _DIGITS.index(ch)
        elif ch == "角":
            fen += digit * 10
            digit = 0
        elif ch == "分":
            fen += digit
            digit = 0
        else:
            raise ValueError(f"不是大写金额 / not a 大写 amount: {text!r}")
    return sign * fen
