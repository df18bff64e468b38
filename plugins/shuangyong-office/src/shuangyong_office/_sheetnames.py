"""Excel sheet names from section titles, within Excel's rules.

Excel refuses (or "repairs", losing data, when the file is opened) a workbook whose sheet names
break its rules: at most 31 characters, none of ``: \\ / ? * [ ]``, not blank, not starting or
ending with an apostrophe, not ``History`` (reserved), and unique without regard to case. Section
titles are Chinese prose and break these rules often ("2019/2020 年发放", "第一部分：组织领导"), so
the forbidden ASCII characters become their full-width forms, which keep the meaning and are
allowed, and long titles are cut, keeping room for a continuation mark such as ``（续2）``.
"""

from __future__ import annotations

__all__ = ["MAX_SHEET_NAME", "SheetNamer", "clean_sheet_name"]

MAX_SHEET_NAME = 31

# The full-width forms read the same to a Chinese reader and are legal in sheet names.
_REPLACE = str.maketrans(
    {":": "：", "\\": "＼", "/": "／", "?": "？", "*": "＊", "[": "【", "]": "】"}
)
_RESERVED = "history"


def _units(text: str) -> int:
    # Excel counts UTF-16 code units: a character outside the BMP (CJK Extension B, used in
    # some personal names) takes two of the 31.
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, limit: int) -> str:
    out = text
    while _units(out) > limit:
        out = out[:-1]
    return out


def clean_sheet_name(title: str, *, suffix: str = "") -> str:
    """A legal sheet name for ``title``, with ``suffix`` (a continuation mark) kept whole.

    Control characters are dropped, forbidden characters replaced by their full-width forms,
    leading and trailing apostrophes and spaces removed; an empty result becomes ``"表"``.
    """
    text = "".join(ch for ch in title if ch >= " " and ch != "\x7f").translate(_REPLACE)
    text = text.strip().strip("'").strip() or "表"
    text = _cut(text, MAX_SHEET_NAME - _units(suffix)).rstrip().rstrip("'") or "表"
    if (text + suffix).casefold() == _RESERVED:
        text = "History表"
    return text + suffix


class SheetNamer:
    """Hands out unique legal sheet names for one workbook.

    Excel compares names without regard to case, so ``Sheet`` and ``SHEET`` collide; a repeated
    name gets ``（2）``, ``（3）`` … inside the 31-character limit.
    """

    def __init__(self) -> None:
        self._used: set[str] = set()

    def name(self, title: str, *, part: int = 1) -> str:
        """The name for section ``title``; ``part`` ≥ 2 marks a continuation sheet ``（续N）``.

        Raises:
            ValueError: ``part`` is below 1.
        """
        if part < 1:
            raise ValueError(f"工作表序号必须 ≥ 1 / part must be >= 1: part={part!r}")
        suffix = f"（续{part}）" if part > 1 else ""
        name = clean_sheet_name(title, suffix=suffix)
        n = 1
        while name.casefold() in self._used:
            n += 1
            name = clean_sheet_name(title, suffix=f"{suffix}（{n}）")
        self._used.add(name.casefold())
        return name
