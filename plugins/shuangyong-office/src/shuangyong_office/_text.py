"""Widths of text as a spreadsheet shows it: CJK characters take two columns, Latin one.

Excel's column width unit is the width of one ``0`` of the default font; a Chinese character in
a CJK font is about twice that. Counting characters (what ``len`` does) makes columns of Chinese
names half as wide as they need to be, so widths are counted in East Asian display cells.
"""

from __future__ import annotations

import unicodedata

__all__ = ["column_width", "display_width"]

# Wide (W) and fullwidth (F) characters take two cells; ambiguous (A) ones, such as "·" or
# "—", are narrow in the Latin fonts Excel pairs with CJK text, so they count as one.
_WIDE = frozenset("WF")

# Excel caps a column at 255 character widths; a report column wider than this is a paragraph
# that belongs in wrapped text, so the cap is lower to keep sheets readable on screen.
MAX_WIDTH = 60
MIN_WIDTH = 6


def display_width(text: str) -> int:
    """The width of ``text`` in display cells: 2 per East Asian wide character, else 1.

    The longest line counts for text with line breaks, as a cell shows each line on its own.
    """
    if "\n" in text:
        return max(display_width(line) for line in text.split("\n"))
    if text.isascii():  # the common case for numbers and codes: no per-character look-up
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in _WIDE else 1 for ch in text)


def column_width(widest: int) -> float:
    """Excel's column width for a column whose widest text is ``widest`` display cells.

    Two cells of padding leave room for the cell margins and the filter button of a header;
    the result is clamped to [``MIN_WIDTH``, ``MAX_WIDTH``].
    """
    return float(min(MAX_WIDTH, max(MIN_WIDTH, widest + 2)))
