"""Conditional GET (RFC 9110 §13.1: If-None-Match / If-Modified-Since) for feeds, sitemaps
and article pages that batch and watch poll.

parse/fetch.py fetches the page a narration reads, and refuses anything but HTML or text;
this module only asks "did it change?" and reads feeds and sitemaps (XML), with the same
size cap and a time limit per request.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..parse.fetch import TIMEOUT, get

FEED_ACCEPT = ("application/rss+xml,application/atom+xml,application/xml;q=0.9,"
               "text/xml;q=0.9,text/html;q=0.8,*/*;q=0.5")


@dataclass(frozen=True)
class Response:
    """``status`` is 200 (``data`` holds the body) or 304 (not modified: ``data`` is
    empty); ``etag`` and ``last_modified`` are the validators to send next time."""

    status: int
    data: bytes
    url: str
    etag: str | None = None
    last_modified: str | None = None

    @property
    def changed(self) -> bool:
        return self.status != 304


def conditional_get(url: str, etag: str | None = None, last_modified: str | None = None,
                    allow_private: bool = False, timeout: float = TIMEOUT) -> Response:
    """GET ``url``, sending the validators a previous answer gave; InputError when it
    cannot be had. Through parse/fetch.py's ``get``: the same URL policy on every hop,
    the same size cap and one deadline for the whole request."""
    headers = {"Accept": FEED_ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    answer = get(url, headers, ok=(200, 304), timeout=timeout, allow_private=allow_private)
    new_etag, new_date = (_validator(answer.headers, name) for name in ("ETag", "Last-Modified"))
    if answer.status == 304:
        return Response(304, b"", answer.url, new_etag or etag, new_date or last_modified)
    return Response(200, answer.data, answer.url, new_etag, new_date)


def _validator(headers, name: str) -> str | None:
    """A validator to send back next time, kept in the batch state: visible ASCII of a
    sane length, else none (RFC 9110 8.8.3: an entity-tag is at most a quoted string)."""
    value = (headers.get(name) or "").strip()
    return value if 0 < len(value) <= 256 and value.isascii() and value.isprintable() else None
