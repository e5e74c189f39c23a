"""Conditional GET (RFC 9110 §13.1: If-None-Match / If-Modified-Since) for feeds, sitemaps
and article pages that batch and watch poll.

parse/fetch.py fetches the page a narration reads, and refuses anything but HTML or text;
this module only asks "did it change?" and reads feeds and sitemaps (XML), with the same
size cap and a time limit per request.
"""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from .. import __version__
from ..errors import InputError
from ..parse.fetch import guarded_opener, read_body
from ..parse.source import MAX_BYTES

TIMEOUT = 30.0


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
    cannot be had."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise InputError(f"only http and https URLs can be fetched, not {url}")
    headers = {"User-Agent": f"audio-article/{__version__}", "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        opener = guarded_opener(allow_private)  # refuses private addresses unless allowed
        with opener.open(urllib.request.Request(url, headers=headers),
                         timeout=timeout) as response:
            return _answer(response, url, timeout)
    except urllib.error.HTTPError as exc:
        with exc:
            if exc.code == 304:
                return Response(304, b"", url, exc.headers.get("ETag") or etag,
                                exc.headers.get("Last-Modified") or last_modified)
            raise InputError(f"{url} answered HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, socket.timeout, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise InputError(f"cannot fetch {url}: {reason}") from None


def _answer(response, url: str, timeout: float) -> Response:
    # fetch's reader: the size cap, and one deadline for the whole body (a server that
    # drips a byte at a time cannot hold a poll for longer than the time limit).
    data = read_body(response, url, time.monotonic() + timeout, timeout, MAX_BYTES)
    return Response(200, data, response.geturl() or url, response.headers.get("ETag"),
                    response.headers.get("Last-Modified"))
