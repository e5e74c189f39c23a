"""Fetching an article's page over HTTP(S), with the standard library, within limits: a
time limit for the whole fetch (not only per socket read), a size cap, at most a few
redirects, http and https only, and HTML or plain text only.

Redirects are followed here rather than by urllib, so that each hop is counted and its
scheme checked (urllib would follow up to 10, and its error for a loop reads poorly).

Every connection, the first and each redirect's, goes through ``netguard``: the host is
resolved here and the socket connects to an address that was checked, so private,
loopback, link-local and metadata addresses are refused unless ``allow_private``. Proxies
from the environment are not used: through a proxy, the address checked would be the
proxy's, not the page's.
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from functools import partial
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..errors import InputError
from .netguard import Resolver, checked_connection, system_resolver
from .source import MAX_BYTES, SNIFF_BYTES, looks_binary, looks_html

TIMEOUT = 30.0  # seconds for the whole fetch, headers and body
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/x-markdown"})
# Servers that do not know what they send say so; such bodies are sniffed.
UNKNOWN_TYPES = frozenset({"", "application/octet-stream", "application/unknown",
                           "unknown/unknown"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Page:
    """What a URL answered: the body, "html" or "text", the final URL after redirects,
    and the charset the Content-Type header declares (None when it declares none)."""

    data: bytes
    hint: str
    url: str
    charset: str | None

    @property
    def name(self) -> str:
        parts = urlsplit(self.url)
        return parts.path.rstrip("/").rpartition("/")[2] or parts.hostname or self.url


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a 3xx reaches fetch() as an HTTPError, which follows it


def _opener(allow_private: bool, resolver: Resolver = system_resolver,
            follow_redirects: bool = False) -> urllib.request.OpenerDirector:
    """An opener whose HTTP and HTTPS connections connect only to checked addresses (TLS
    still verifies the certificate against the host name). With ``follow_redirects``
    urllib follows them (every hop opens a new, checked connection)."""
    connect = partial(_guarded, allow_private=allow_private, resolver=resolver)

    class HTTP(http.client.HTTPConnection):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._create_connection = connect

    class HTTPS(http.client.HTTPSConnection):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._create_connection = connect

    class HTTPHandler(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(HTTP, req)

    class HTTPSHandler(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(HTTPS, req, context=self._context)

    redirects = urllib.request.HTTPRedirectHandler if follow_redirects else _NoRedirect
    return urllib.request.build_opener(urllib.request.ProxyHandler({}), redirects,
                                       HTTPHandler, HTTPSHandler)


def guarded_opener(allow_private: bool = False) -> urllib.request.OpenerDirector:
    """An opener that follows redirects and connects only to addresses the fetch guard
    allows (batch and watch's conditional GETs)."""
    return _opener(allow_private, follow_redirects=True)


def _guarded(address, timeout=None, source_address=None, *, allow_private, resolver):
    host, port = address
    return checked_connection(host, port, timeout, allow_private, resolver, source_address)


def fetch(url: str, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES,
          max_redirects: int = MAX_REDIRECTS, *, allow_private: bool = False,
          resolver: Resolver = system_resolver) -> Page:
    """The page at ``url``; InputError, with one line saying why, when it cannot be had
    (among the reasons: a host, or a redirect's, that resolves to a private, loopback or
    link-local address, unless ``allow_private``). ``resolver`` maps (host, port) to
    addresses; the default asks the system."""
    deadline = time.monotonic() + timeout
    opener = _opener(allow_private, resolver)
    for _hop in range(max_redirects + 1):
        _check_scheme(url)
        try:
            with _open(opener, url, deadline, timeout) as response:
                return _read(response, url, deadline, timeout, max_bytes)
        except urllib.error.HTTPError as exc:
            with exc:
                location = exc.headers.get("Location") if exc.code in REDIRECTS else None
                if not location:
                    raise InputError(f"{url} answered HTTP {exc.code} {exc.reason}") from None
            url = urljoin(url, location.strip())
    raise InputError(f"{url}: more than {max_redirects} redirects")


def _check_scheme(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise InputError(f"only http and https URLs can be fetched, not {url}")


def _open(opener, url: str, deadline: float, timeout: float):
    request = urllib.request.Request(url, headers={
        "User-Agent": f"audio-article/{__version__}",
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
        "Accept-Encoding": "identity",  # urllib does not decompress
    })
    try:
        return opener.open(request, timeout=_left(deadline, timeout, url))
    except urllib.error.HTTPError:
        raise
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (socket.timeout, TimeoutError)):
            raise _timed_out(url, timeout) from None
        raise InputError(f"cannot fetch {url}: {_reason(exc.reason)}") from None
    except (socket.timeout, TimeoutError):
        raise _timed_out(url, timeout) from None
    except (http.client.HTTPException, OSError, ValueError) as exc:
        raise InputError(f"cannot fetch {url}: {_reason(exc)}") from None


def _read(response, url: str, deadline: float, timeout: float, max_bytes: int) -> Page:
    final_url = response.geturl() or url
    headers: Message = response.headers
    mime = headers.get_content_type() if headers.get("Content-Type") else ""
    hint = _hint(mime, url)
    length = headers.get("Content-Length", "")
    if length.strip().isdigit() and int(length) > max_bytes:
        raise _too_big(url, max_bytes)
    data = read_body(response, url, deadline, timeout, max_bytes)
    if not data.strip():
        raise InputError(f"{url} sent an empty page")
    if hint is None:  # no usable Content-Type: look at the bytes, as read_source does
        if looks_binary(data):
            raise InputError(f"{url} sent a binary file ({mime or 'no Content-Type'}), "
                             "not an HTML page or text")
        hint = "html" if looks_html(data[:SNIFF_BYTES]) else "text"
    return Page(data, hint, final_url, headers.get_content_charset())


def _hint(mime: str, url: str) -> str | None:
    if mime in HTML_TYPES:
        return "html"
    if mime in TEXT_TYPES:
        return "text"
    if mime in UNKNOWN_TYPES:
        return None
    raise InputError(f"{url} is not an HTML page or text (Content-Type: {mime})")


def read_body(response, url: str, deadline: float, timeout: float, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        _set_timeout(response, _left(deadline, timeout, url))
        try:
            # read1: what one socket read brings, so a server dripping bytes meets the
            # deadline (read(n) would wait for n bytes, one slow byte at a time).
            chunk = response.read1(CHUNK)
        except (socket.timeout, TimeoutError):
            raise _timed_out(url, timeout) from None
        except (http.client.HTTPException, OSError) as exc:
            raise InputError(f"cannot fetch {url}: {_reason(exc)}") from None
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise _too_big(url, max_bytes)
        chunks.append(chunk)


def _set_timeout(response, seconds: float) -> None:
    """Shorten the socket's timeout to what is left of the whole fetch's."""
    sock = getattr(getattr(response, "fp", None), "raw", None)
    sock = getattr(sock, "_sock", None)
    if sock is not None:
        sock.settimeout(seconds)


def _left(deadline: float, timeout: float, url: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _timed_out(url, timeout)
    return left


def _timed_out(url: str, timeout: float) -> InputError:
    return InputError(f"timed out after {timeout:g} s fetching {url}")


def _too_big(url: str, max_bytes: int) -> InputError:
    mb, rest = divmod(max_bytes, 1024 * 1024)
    return InputError(f"{url} is larger than " + (f"{mb} MB" if mb and not rest
                                                   else f"{max_bytes} bytes"))


def _reason(reason) -> str:
    text = str(getattr(reason, "strerror", None) or reason or type(reason).__name__)
    return " ".join(text.split()) or type(reason).__name__
