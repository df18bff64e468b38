"""Sphinx configuration for the shuangyong documentation.

Build with warnings as errors (the test suite does the same)::

    .venv/bin/python -m sphinx -W -b html docs docs/_build/html
"""

from __future__ import annotations

import sys
from pathlib import Path

# autodoc imports the package from the source tree, so the docs build without installing it
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

from shuangyong import __version__  # (importable thanks to the path above)

project = "shuangyong"
author = "shuangyong engineers"
copyright = "shuangyong engineers"
version = release = __version__
language = "zh_CN"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "shuangyong_docs",
    "formula_reference",
]

exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
root_doc = "index"
html_theme = "alabaster"
html_static_path: list[str] = []
html_theme_options = {"description": "双拥政策规则即代码 / military-support policy as code"}

# Google-style docstrings (Args/Returns/Raises/Attributes), rendered by napoleon.
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True

autodoc_default_options = {
    "members": True,
    "show-inheritance": True,
}
autodoc_member_order = "bysource"
# Signatures keep the annotations as written (``from __future__ import annotations``), which
# avoids resolving every forward reference of the core at build time.
autodoc_typehints = "signature"
autodoc_typehints_format = "short"
