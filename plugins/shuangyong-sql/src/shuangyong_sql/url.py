"""Store URLs: ``postgresql://user:password@host:port/dbname?schema=name`` (or ``postgres://``).

Everything but ``schema`` is handed to libpq unchanged (so ``sslmode``, ``connect_timeout``,
``application_name`` ... work as documented there). ``schema`` is ours: libpq refuses unknown
URI parameters, so it is taken out here and becomes the connection's ``search_path``. One
database can then hold several stores (a county per schema, or one fresh schema per test).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import attrs
from shuangyong.storage import StoreError

from shuangyong_sql import SCHEMES

__all__ = ["PgUrl", "parse_url"]


_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@attrs.frozen
class PgUrl:
    """A parsed store URL.

    Attributes:
        conninfo: what libpq gets (the URL without ``schema``).
        schema: the schema the store lives in (``public`` by default).
        display: the URL with the password masked, for messages, logs and ``Store.url``.
    """

    conninfo: str
    schema: str
    display: str


def parse_url(url: str) -> PgUrl:
    """Split a store URL into what libpq gets and our ``schema`` parameter.

    Raises:
        StoreError: the scheme is not PostgreSQL's, or ``schema`` is not a plain lower-case
            identifier (it is spliced into SQL as an identifier, and PostgreSQL folds unquoted
            names to lower case, so anything else would name a different schema than asked).
    """
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise StoreError(
            f"不是 PostgreSQL 地址：{_mask(url)} / not a PostgreSQL URL: {_mask(url)} "
            f"(expected {' or '.join(s + '://' for s in SCHEMES)})"
        )
    query = parse_qsl(parts.query, keep_blank_values=True)
    schemas = [value for key, value in query if key == "schema"]
    if len(schemas) > 1:
        raise StoreError(
            f"地址中 schema 参数重复：{_mask(url)} / the URL names schema more than once: "
            f"{_mask(url)}"
        )
    schema = schemas[0] if schemas else "public"
    if not _IDENTIFIER.match(schema):
        raise StoreError(
            f"schema={schema!r} 不是合法的小写标识符 / schema={schema!r} in {_mask(url)} must "
            "be a lower-case identifier (letters, digits, _; at most 63 characters)"
        )
    rest = urlencode([(key, value) for key, value in query if key != "schema"])
    conninfo = urlunsplit(parts._replace(query=rest))
    return PgUrl(conninfo=conninfo, schema=schema, display=_mask(url))


def _mask(url: str) -> str:
    """The URL with its password replaced by ``***`` (the URL is shown in errors and audit)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port is not None else ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}{port}"))
