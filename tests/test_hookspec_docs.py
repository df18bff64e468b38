"""Every hook is documented: the plugin guide has a heading with its exact signature.

A meta-test in the style of datasette's: adding a hook to ``shuangyong.hookspecs`` without
documenting it in ``docs/plugins.rst`` fails the suite.
"""

from __future__ import annotations

import inspect
import itertools
import re
from pathlib import Path

import pytest

from shuangyong import hookspecs

PLUGINS_PAGE = Path(__file__).resolve().parent.parent / "docs" / "plugins.rst"
_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+.:_])\1+$")


def _hookspec_signatures() -> list[str]:
    out = []
    for name, fn in inspect.getmembers(hookspecs, inspect.isfunction):
        if getattr(fn, "shuangyong_spec", None) is None:  # pluggy's marker attribute
            continue
        params = ", ".join(inspect.signature(fn).parameters)
        out.append(f"{name}({params})")
    return sorted(out)


def _headings(text: str) -> set[str]:
    lines = text.splitlines()
    found = set()
    for title, under in itertools.pairwise(lines):
        if title.strip() and _UNDERLINE.match(under.strip()):
            found.add(title.strip().strip("`").strip())
    return found


def test_hookspecs_are_found() -> None:
    assert "register_rules(registry)" in _hookspec_signatures()


@pytest.mark.parametrize("signature", _hookspec_signatures())
def test_hook_has_a_heading_with_its_signature(signature: str) -> None:
    headings = _headings(PLUGINS_PAGE.read_text(encoding="utf-8"))
    assert signature in headings, (
        f"docs/plugins.rst needs a heading '{signature}' (the hook's exact signature)"
    )
