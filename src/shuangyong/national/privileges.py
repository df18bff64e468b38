"""National rules: privileges (being written; see issue 4)."""

from __future__ import annotations

from shuangyong.policy.rules import Rule

__all__ = ["RULES"]

RULES: tuple[Rule, ...] = ()
