"""Parsing the TOML and JSON files a user hands us, with one set of refusals.

Every loader of a user's file (person files of ``explain``, case files, parameter files,
compliance evidence, import aliases) parses through :func:`parse_structured`, so a file that
is malformed, nested too deeply or holds an integer of more than 4,300 digits (Python's limit
on converting text to ``int``) is refused the same way everywhere: a :class:`StructuredTextError`
whose reason names the line where the parser knows it and never echoes the file's text. Each
loader wraps the reason into its own error type, naming the file.
"""

from __future__ import annotations

import json
import tomllib
from typing import Any

__all__ = ["StructuredTextError", "parse_structured"]


class StructuredTextError(ValueError):
    """A TOML or JSON text that cannot be read.

    Attributes:
        reason: Chinese / English, without the text (e.g. ``TOML 格式错误 / bad TOML: Invalid
            value (at line 3, column 7)``).
        line: the line the JSON parser stopped at (None for TOML, whose message names it).
    """

    def __init__(self, reason: str, line: int | None = None) -> None:
        self.reason = reason
        self.line = line
        super().__init__(reason)


def parse_structured(text: str, kind: str) -> Any:
    """The value of a TOML (``kind="toml"``) or JSON (``kind="json"``) text.

    Raises:
        StructuredTextError: malformed (naming the line), nested too deeply, or an integer
            too large to read (more than 4,300 digits).
    """
    name = kind.upper()
    try:
        return tomllib.loads(text) if kind == "toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        # the parser's message names line and column, never the text itself
        line = getattr(exc, "lineno", None)
        raise StructuredTextError(f"{name} 格式错误 / bad {name}: {exc}", line) from None
    except RecursionError:
        raise StructuredTextError("嵌套过深 / nested too deeply") from None
    except ValueError:
        # int() of more than 4,300 digits (sys.get_int_max_str_digits), in either parser
        raise StructuredTextError(
            "数值过大（整数超过 4300 位）/ a number too large (an integer of more than 4,300 "
            "digits)"
        ) from None
