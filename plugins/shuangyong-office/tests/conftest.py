"""Fixtures for the shuangyong-office tests: the PDF tools they read files back with.

The PDF tests need Debian's poppler-utils (``pdftotext``, ``pdffonts``, ``pdftoppm``), a Noto
CJK font and WeasyPrint's system libraries (Pango); ``tools/fonts-install.sh`` installs them,
and ``.ci/run`` runs it. When one is missing the tests skip with the reason, except under CI
(``CI=true``), where they fail: a skipped PDF test must not look like a tested PDF.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

_HERE = Path(__file__).resolve().parent
_PLUGIN_SRC = _HERE.parents[0] / "src"
_CORE_SRC = _HERE.parents[2] / "src"

for _name, _src in (("shuangyong", _CORE_SRC), ("shuangyong_office", _PLUGIN_SRC)):
    if importlib.util.find_spec(_name) is None and (_src / _name).is_dir():
        sys.path.insert(0, str(_src))
# the sample report module beside the tests, whatever the rootdir
if str(_HERE) not in sys.path:
    sys.path.insert(0, str(_HERE))

INSTALL_HINT = "run `bash tools/fonts-install.sh` as root (it installs them with apt-get)"


def missing(reason: str) -> None:
    """Skip with ``reason``, or fail under CI, where a missing tool is a broken set-up."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"under CI the PDF tools are required: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pdf_tools() -> dict[str, str]:
    """Paths of pdftotext, pdffonts and pdftoppm, after checking a Noto CJK font is there."""
    tools = {}
    for tool in ("pdftotext", "pdffonts", "pdftoppm"):
        path = shutil.which(tool)
        if path is None:
            missing(f"{tool} is not installed (Debian package poppler-utils): {INSTALL_HINT}")
        tools[tool] = str(path)
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        missing(f"fc-list is not installed (Debian package fontconfig): {INSTALL_HINT}")
    families = subprocess.run(
        [str(fc_list), ":lang=zh-cn", "family"], capture_output=True, text=True, check=False
    ).stdout
    if "Noto Serif CJK SC" not in families and "Noto Sans CJK SC" not in families:
        missing(f"no Noto CJK SC font (Debian package fonts-noto-cjk): {INSTALL_HINT}")
    return tools


@pytest.fixture(scope="session")
def weasyprint_ok() -> None:
    """WeasyPrint imports (its Pango libraries load when it is imported)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        missing(f"WeasyPrint cannot load ({exc}); its system libraries: {INSTALL_HINT}")
