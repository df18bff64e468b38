"""Plugins, examples and the docs' code import only public, documented shuangyong modules.

A district plugin written from the docs must not need a module the docs do not describe: such a
module may change at any release. Public means no path segment starts with ``_`` and the module
is documented, i.e. the docs have an ``automodule`` (or ``py:module``) directive for it. The test
reads the import statements (``ast``), so a string that merely mentions a module does not count,
and it names the file and the line of every offender.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
_MODULE = re.compile(r"^\s*\.\. (?:automodule|py:module|module)::\s*(\S+)", re.M)
# ``.. autoclass:: shuangyong.ledger.Ledger`` documents a name of ``shuangyong.ledger``
_OBJECT = re.compile(
    r"^\s*\.\. auto(?:class|function|data|exception|attribute)::\s*(\S+)\.[A-Za-z_]\w*", re.M
)
_BLOCK = re.compile(r"^(\s*)\.\. code-block:: python\s*\n((?:\1[ \t]+.*\n|[ \t]*\n)+)", re.M)


def documented_modules() -> frozenset[str]:
    found = set()
    for page in DOCS.glob("*.rst"):
        text = page.read_text(encoding="utf-8")
        found.update(_MODULE.findall(text))
        found.update(_OBJECT.findall(text))
    return frozenset(found)


def _imports(source: str) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
            # ``from shuangyong import national`` imports a module too
            for alias in node.names:
                if f"{node.module}.{alias.name}" in _all_modules():
                    yield node.lineno, f"{node.module}.{alias.name}"


def _problem(module: str, documented: frozenset[str]) -> str | None:
    if module != "shuangyong" and not module.startswith("shuangyong."):
        return None
    if any(part.startswith("_") and part != "__version__" for part in module.split(".")):
        return "private"
    return None if module in documented else "undocumented"


@functools.cache
def _all_modules() -> frozenset[str]:
    src = ROOT / "src"
    out = set()
    for path in (src / "shuangyong").rglob("*.py"):
        rel = path.relative_to(src).with_suffix("")
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        out.add(".".join(parts))
    return frozenset(out)


def _python_sources() -> Iterator[tuple[str, str]]:
    for top in ("plugins", "examples"):
        for path in sorted((ROOT / top).rglob("*.py")):
            yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def _doc_blocks() -> Iterator[tuple[str, int, str]]:
    for page in sorted(DOCS.glob("*.rst")):
        text = page.read_text(encoding="utf-8")
        for m in _BLOCK.finditer(text):
            first = text.count("\n", 0, m.start(2)) + 1
            lines = m.group(2).splitlines()
            indent = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
            yield str(page.relative_to(ROOT)), first, "\n".join(x[indent:] for x in lines)


def offenders() -> list[str]:
    documented = documented_modules()
    out = []
    for name, source in _python_sources():
        for line, module in _imports(source):
            why = _problem(module, documented)
            if why:
                out.append(f"{name}:{line}: imports {why} module {module}")
    for name, first, block in _doc_blocks():
        try:
            found = list(_imports(block))
        except SyntaxError:
            continue  # a fragment (e.g. ``Rule(...)``), not a program: nothing to check
        for line, module in found:
            why = _problem(module, documented)
            if why:
                out.append(f"{name}:{first + line - 1}: imports {why} module {module}")
    return sorted(set(out))


def test_the_documented_modules_are_found() -> None:
    documented = documented_modules()
    assert {"shuangyong", "shuangyong.authoring", "shuangyong.national.conditions"} <= documented


def test_plugins_examples_and_docs_import_only_public_documented_modules() -> None:
    bad = offenders()
    assert not bad, "private or undocumented shuangyong modules imported:\n" + "\n".join(bad)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from shuangyong.policy._checked import checked\n", "private"),
        ("import shuangyong.engine.batch\n", "undocumented"),
        ("from shuangyong.authoring import Rule\n", None),
        ("from shuangyong import Engine\n", None),
        ("import numpy\n", None),
    ],
)
def test_the_scan_can_fail(source: str, expected: str | None) -> None:
    """The scan flags a private or undocumented import and passes a public one."""
    documented = documented_modules()
    found = [_problem(m, documented) for _, m in _imports(source)]
    assert (expected in found) if expected else not any(found)
