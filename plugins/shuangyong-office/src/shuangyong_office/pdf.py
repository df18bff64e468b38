"""The ``pdf`` format: the core HTML format printed by WeasyPrint, with CJK fonts embedded.

The PDF is the HTML page (:func:`shuangyong.reports.formats.html.render_html`) and nothing
else, so the two never disagree on a figure. The HTML's font stack names Noto Serif/Sans CJK SC
first; WeasyPrint finds fonts through fontconfig, and ``tools/fonts-install.sh`` installs Noto
CJK from Debian's ``fonts-noto-cjk``. WeasyPrint embeds (a subset of) every font it uses, so the
PDF reads the same on a machine without them.

What only paper needs is added as a second stylesheet: page numbers ``第 N 页 共 M 页`` at the
foot of every page and the report's title at the head of every page after the first.

Without a CJK font the Chinese text would come out as empty boxes and nothing would fail; so the
writer asks fontconfig first and refuses to write such a PDF.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from collections.abc import Mapping
from typing import IO

from shuangyong.reports import Report, ReportWriteError
from shuangyong.reports.formats.html import render_html

__all__ = ["CJK_FAMILIES", "PRINT_CSS", "cjk_font_available", "write_pdf"]

CJK_FAMILIES = (
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
    "Source Han Serif SC",
    "Source Han Sans SC",
)
"""Fonts of the HTML's stack that carry simplified Chinese; one of them must be installed."""

PRINT_CSS = """
@page {
  @bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页";
                   font-size: 9pt; }
}
@page :first { @top-center { content: none; } }
@page { @top-center { content: string(doctitle); font-size: 9pt; color: #555; } }
h1 { string-set: doctitle content(); }
"""


@functools.cache
def cjk_font_available() -> bool:
    """fontconfig knows one of :data:`CJK_FAMILIES` (the answer is cached per process)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    families = subprocess.run(
        [fc_list, ":lang=zh-cn", "family"], capture_output=True, text=True, check=False
    ).stdout
    return any(name in families for name in CJK_FAMILIES)


def write_pdf(report: Report, stream: IO[bytes], options: Mapping[str, str]) -> None:
    """Write ``report`` as a PDF to ``stream`` (the ``pdf`` format's writer).

    Raises:
        ReportWriteError: WeasyPrint or its system libraries (Pango) are missing, or no CJK
            font is installed; the message says what to install.
    """
    del options  # the format declares none
    if not cjk_font_available():
        raise ReportWriteError(
            "没有可用的中文字体，PDF 中的汉字将无法显示 / no CJK font is installed, so the PDF's "
            f"Chinese text would not show: install one of {', '.join(CJK_FAMILIES)} (Debian: "
            "apt-get install fonts-noto-cjk, or bash tools/fonts-install.sh)"
        )
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as exc:  # OSError: Pango's shared libraries are missing
        raise ReportWriteError(
            f"无法加载 WeasyPrint / WeasyPrint cannot be loaded ({exc}): install its system "
            "libraries (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
            "libharfbuzz-subset0, or bash tools/fonts-install.sh)"
        ) from exc
    document = HTML(string=render_html(report)).render(stylesheets=[CSS(string=PRINT_CSS)])
    document.write_pdf(stream)
