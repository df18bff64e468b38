"""Sphinx extension: ``.. shuangyong-rule-reference::`` renders the rule catalogue of the
built-in rules (no installed district plugins) from the rules' own metadata."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective


class RuleReference(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        from shuangyong.catalogue import render_rst
        from shuangyong.engine import Engine

        text = render_rst(Engine.create(entry_points=False))
        container = nodes.section()
        container.document = self.state.document
        self.state.nested_parse(
            StringList(text.splitlines(), "rule-reference"), 0, container, match_titles=True
        )
        return container.children


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("shuangyong-rule-reference", RuleReference)
    return {"parallel_read_safe": True, "version": "1"}
