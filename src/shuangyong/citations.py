"""Legal citations (政策依据): which document, article and paragraph a rule or figure rests on."""

from __future__ import annotations

import attrs

__all__ = ["Citation"]


def _nonempty(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        from shuangyong.errors import InvalidValueError

        raise InvalidValueError(f"citation.{attribute.name}", value, "不能为空 / must not be empty")


@attrs.frozen
class Citation:
    """A reference to a legal text.

    Attributes:
        document: the title without book-title marks, e.g. ``军人抚恤优待条例``.
        article: the article as the text numbers it, e.g. ``第27条``.
        edition: which revision, e.g. ``2024`` (the 2024-08-05 revision in force 2024-10-01).
        paragraph: e.g. ``第2款``; optional.
        item: e.g. ``第(一)项``; optional.
        url: where the official text is published; optional.
    """

    document: str = attrs.field(validator=_nonempty)
    article: str = attrs.field(validator=_nonempty)
    edition: str | None = None
    paragraph: str | None = None
    item: str | None = None
    url: str | None = None

    def render(self) -> str:
        """Chinese form, e.g. ``《军人抚恤优待条例》(2024) 第27条第2款``."""
        ed = f"({self.edition})" if self.edition else ""
        return f"《{self.document}》{ed} {self.article}{self.paragraph or ''}{self.item or ''}"

    def __str__(self) -> str:
        return self.render()
