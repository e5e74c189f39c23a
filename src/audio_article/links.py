"""The one writer of links: a URL from an article, its JSON-LD or front matter, or an
episode.json becomes an ``href``, a feed ``<link>``, a chapters.json ``url``/``img`` or an
ID3 URL frame only through ``safe_link``.

Only an absolute http or https URL with a host is a link. ``javascript:``, ``data:``,
``vbscript:``, ``file:`` and scheme-less strings are not, in any spelling a browser would
still run: mixed case, leading spaces, a tab or newline inside the scheme (browsers drop
those, WHATWG URL Standard "basic URL parser"), control characters, a backslash for a
slash. The result is ASCII (IDNA host, the rest percent-encoded), fit for an attribute
and for Apple's ASCII URL rule (STANDARDS.md §2.1 #5).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

MAX_LINK = 8192  # characters; longer is no link anyone follows
SCHEMES = ("http", "https")
# Left as they are: what RFC 3986 reserves but the quote, "%" of an existing escape, "~".
# The quote is escaped as browsers do in a query (WHATWG special-query set), so a link
# never ends an attribute however it is quoted.
_SAFE = "/:@!$&()*+,;=%?#[]~-._"
# Inside a URL nothing below U+0021 (space, tab, newline, controls), no DEL or C1 control,
# no backslash (a browser reads it as "/", so the host would not be the one we checked).
_REFUSED = re.compile(r"[\x00-\x20\x7f-\x9f\\]")
_HOST = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\]")


def safe_link(url: object) -> str | None:
    """``url`` as an ASCII http(s) link with a host, or None when it is not one."""
    if not isinstance(url, str):
        return None
    url = url.strip(" \t\n\r\f")  # what a browser strips at the ends (and no more)
    if not url or len(url) > MAX_LINK or _REFUSED.search(url.replace(" ", "%20")):
        return None
    try:
        parts = urlsplit(url)
        netloc = _netloc(parts)
    except (ValueError, UnicodeError):  # "http://[::1", a bad port, a 64-letter label
        return None
    if parts.scheme not in SCHEMES or netloc is None:
        return None
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=_SAFE),
                       quote(parts.query, safe=_SAFE), quote(parts.fragment, safe=_SAFE)))


def _netloc(parts) -> str | None:
    """host[:port], the host IDNA-encoded; None without a host, or with a user name
    (``https://bank.example@evil.example/`` goes to evil.example)."""
    host = parts.hostname
    if not host or "@" in parts.netloc:
        return None
    if not host.isascii():
        host = host.encode("idna").decode("ascii")
    if ":" in host:
        host = f"[{host}]"
    if not _HOST.fullmatch(host):
        return None
    port = parts.port  # ValueError when it is not a number from 0 to 65535
    return host if port is None else f"{host}:{port}"
