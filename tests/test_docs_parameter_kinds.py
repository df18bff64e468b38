"""The TOML blocks of docs/parameters.rst "Parameter kinds for local standards" load: values on
top of the national declarations, declarations on their own (so the worked examples cannot rot)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shuangyong import Engine
from shuangyong.parameters import load_parameter_text

PAGE = Path(__file__).resolve().parent.parent / "docs" / "parameters.rst"


def _blocks() -> list[str]:
    text = PAGE.read_text(encoding="utf-8")
    section = text[text.index("Parameter kinds for local standards") :]
    section = section[: section.index("\nLayering and resolution")]
    found = re.findall(r"\.\. code-block:: toml\n\n((?:      .*\n|[ \t]*\n)+)", section)
    return ["\n".join(line[6:] for line in block.splitlines()) for block in found]


def test_the_section_has_one_block_per_kind() -> None:
    assert len(_blocks()) == 8


@pytest.mark.parametrize("block", _blocks())
def test_each_worked_example_loads(block: str) -> None:
    if "[[parameter]]" in block:
        f = load_parameter_text(block, "parameters.rst")
        assert f.declarations
        return
    Engine.create(entry_points=False).with_parameters(block, name="parameters.rst")
