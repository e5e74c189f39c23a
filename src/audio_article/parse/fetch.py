"""Every HTTP(S) request the tool makes: ``get`` (one GET, its redirects followed here)
and ``fetch`` (an article's page: HTML or text only).

The door has these rules, for every hop of every request (narrate, parse, script, lint,
batch, watch and their conditional GETs):

- each URL, the first and every redirect's ``Location``, passes ``netguard.checked_url``:
  http and https only (a redirect to ftp:, file: or anything else is refused, never
  handed to another handler), a valid host;
- each connection goes through ``netguard.checked_connection``: the host is resolved
  here and the socket connects to an address that was checked (private, loopback,
  link-local and metadata addresses refused); proxies from the environment are not used,
  since through a proxy the address checked would be the proxy's;
- one deadline covers the whole request: connecting, the TLS handshake, the status line
  and headers (a server may send one header line a second, each read well inside any
  per-read timeout) and the body. At the deadline the socket is shut down under whatever
  read is waiting;
- the body is capped (``max_bytes``, counted after decompression); a gzip or deflate
  ``Content-Encoding`` we did not ask for is decoded within the same cap, any other is
  refused; headers are capped by http.client (100 lines of 64 KB).
"""

from __future__ import annotations

import http.client
import os
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..capped import ARTICLE_BYTES, size_text
from ..errors import InputError
from ..printable import shown
from .netguard import Resolver, checked_connection, checked_url, system_resolver
from .source import SNIFF_BYTES, binary_kind, looks_html

# Seconds for a whole fetch: every hop, connecting, headers and body.
TIMEOUT = float(os.environ.get("AUDIO_ARTICLE_FETCH_TIMEOUT", "30"))
MAX_BYTES = ARTICLE_BYTES
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/x-markdown"})
# Servers that do not know what they send say so; such bodies are sniffed.
UNKNOWN_TYPES = frozenset({"", "application/octet-stream", "application/unknown",
                           "unknown/unknown"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PAGE_ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"


@dataclass(frozen=True)
class Response:
    """What a GET answered after its redirects: the status (one of ``ok``), the final
    URL, the headers and the (decoded) body, empty for a 304."""

    status: int
    url: str
    headers: Message
    data: bytes


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


def fetch(url: str, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES,
          max_redirects: int = MAX_REDIRECTS, *, allow_private: bool = False,
          resolver: Resolver = system_resolver) -> Page:
    """The article page at ``url``; InputError, with one line saying why, when it cannot
    be had (among the reasons: a host, or a redirect's, that resolves to a private,
    loopback or link-local address, unless ``allow_private``; a body that is not HTML or
    text, whatever its Content-Type says). ``resolver`` maps (host, port) to addresses."""
    answer = get(url, {"Accept": PAGE_ACCEPT}, timeout=timeout, max_bytes=max_bytes,
                 max_redirects=max_redirects, allow_private=allow_private, resolver=resolver)
    shown_url = shown(answer.url)
    if not answer.data.strip():
        raise InputError(f"{shown_url} sent an empty page")
    mime = answer.headers.get_content_type() if answer.headers.get("Content-Type") else ""
    hint = _hint(mime, shown_url)
    kind = binary_kind(answer.data, labelled=hint is not None)
    if kind:  # whatever the Content-Type says: a PDF labelled text/html is still a PDF
        raise InputError(f"{shown_url} sent {kind} ({mime or 'no Content-Type'}), not an "
                         "HTML page or text")
    if hint is None:  # no usable Content-Type: look at the bytes, as read_source does
        hint = "html" if looks_html(answer.data[:SNIFF_BYTES]) else "text"
    return Page(answer.data, hint, answer.url, _charset_param(answer.headers))


def _hint(mime: str, url: str) -> str | None:
    if mime in HTML_TYPES:
        return "html"
    if mime in TEXT_TYPES:
        return "text"
    if mime in UNKNOWN_TYPES:
        return None
    raise InputError(f"{url} is not an HTML page or text (Content-Type: {shown(mime, 80)})")


def _charset_param(headers: Message) -> str | None:
    try:
        return headers.get_content_charset()
    except (LookupError, UnicodeError, ValueError):  # an RFC 2231 charset*= we cannot read
        return None


def get(url: str, headers: dict[str, str] | None = None, *, ok: tuple[int, ...] = (200,),
        timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES,
        max_redirects: int = MAX_REDIRECTS, allow_private: bool = False,
        resolver: Resolver = system_resolver) -> Response:
    """GET ``url``, following up to ``max_redirects`` redirects, each hop checked; the
    answer when its status is in ``ok``, else InputError."""
    request_headers = {"User-Agent": f"audio-article/{__version__}",
                       "Accept-Encoding": "gzip, deflate", **(headers or {})}
    with _Deadline(timeout) as deadline:
        for _hop in range(max_redirects + 1):
            url = deadline.url = checked_url(url)
            answer = _exchange(url, request_headers, ok, deadline, max_bytes,
                               lambda host, port, timeout_s: checked_connection(
                                   host, port, timeout_s, allow_private, resolver))
            if isinstance(answer, Response):
                return answer
            url = _redirect(url, answer)
    raise InputError(f"{shown(url)}: more than {max_redirects} redirects")


def _redirect(url: str, location: str) -> str:
    """The Location resolved against the URL that answered with it; checked_url then
    checks it like the first URL. urljoin refuses some with ValueError ("http://[::1")."""
    try:
        return urljoin(url, location)
    except ValueError:
        raise InputError(f"{shown(url)} redirected to an invalid URL: "
                         f"{shown(location, 200)}") from None


def _exchange(url: str, headers: dict, ok: tuple[int, ...], deadline: "_Deadline",
              max_bytes: int, connect) -> Response | str:
    """One request: the Response, or the Location a redirect points to."""
    parts = urlsplit(url)
    connection = _connection(parts, deadline, connect)
    try:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", target, headers=headers)
        response = connection.getresponse()
        location = response.getheader("Location") if response.status in REDIRECTS else None
        if location:
            return location.strip()
        if response.status not in ok:
            raise InputError(f"{shown(url)} answered HTTP {response.status} "
                             f"{shown(response.reason or '', 80)}")
        data = _read_body(response, deadline, max_bytes, url) if response.status != 304 else b""
        return Response(response.status, url, response.headers, data)
    except (http.client.HTTPException, OSError, ValueError) as exc:
        raise deadline.error(url) or InputError(f"cannot fetch {shown(url)}: "
                                                f"{_reason(exc)}") from None
    finally:
        connection.close()


def _connection(parts, deadline: "_Deadline", connect) -> http.client.HTTPConnection:
    def create(address, timeout=None, source_address=None):
        sock = connect(address[0], address[1], deadline.left())
        deadline.watch(sock)
        return sock

    # The port is always given: http.client would read the last group of an IPv6
    # address as one ("::1" -> host "::", port 1).
    if parts.scheme.lower() == "https":
        connection = http.client.HTTPSConnection(parts.hostname, parts.port or 443,
                                                 timeout=deadline.left(),
                                                 context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port or 80,
                                                timeout=deadline.left())
    connection._create_connection = create  # the guarded connect; no DNS of its own
    return connection


def _read_body(response, deadline: "_Deadline", max_bytes: int, url: str) -> bytes:
    decode = _decoder(response.getheader("Content-Encoding"), max_bytes, url)
    length = (response.getheader("Content-Length") or "").strip()
    if length.isdigit() and int(length) > max_bytes:
        raise _too_big(url, max_bytes)
    chunks: list[bytes] = []
    size = 0
    while True:
        deadline.shorten(response)
        # read1: what one socket read brings, so a server dripping bytes meets the
        # deadline (read(n) would wait for n bytes, one slow byte at a time).
        raw = response.read1(CHUNK)
        chunk = decode(raw, max_bytes - size)
        size += len(chunk)
        if size > max_bytes:
            raise _too_big(url, max_bytes)
        chunks.append(chunk)
        if not raw:  # the end; or the deadline shut the socket under the read
            if deadline.expired.is_set():
                raise deadline.error(url)
            if response.length:  # http.client counts down what Content-Length promised
                raise InputError(f"cannot fetch {shown(url)}: the connection closed with "
                                 f"{response.length} bytes of the body still to come")
            return b"".join(chunks)


def _decoder(encoding: str | None, max_bytes: int, url: str):
    """A function (raw chunk, room left) -> decoded bytes for the body's Content-Encoding
    (an empty chunk ends the body). gzip and deflate are decoded (a decompression bomb
    stops at the cap); anything else is refused."""
    name = (encoding or "identity").strip().lower()
    if name in ("identity", ""):
        return lambda raw, _room: raw
    if name not in ("gzip", "x-gzip", "deflate"):
        raise InputError(f"{shown(url)} sent its body with Content-Encoding "
                         f"{shown(name, 40)}, which cannot be read")
    return _Inflater(32 + 15 if name != "deflate" else 15, url)


class _Inflater:
    """gzip (wbits 47) or zlib (15) data, or raw deflate when a server sends "deflate"
    without the zlib wrapper, as some do."""

    def __init__(self, wbits: int, url: str) -> None:
        self.wbits, self.url = wbits, url
        self.inflate = zlib.decompressobj(wbits)
        self.started = False

    def __call__(self, raw: bytes, room: int) -> bytes:
        try:
            if not raw:
                if not self.inflate.eof:
                    raise InputError(f"{shown(self.url)} sent a truncated compressed body")
                return b""
            if not self.started and self.wbits == 15 and raw[:1] and raw[0] & 0x0F != 8:
                self.inflate = zlib.decompressobj(-15)
            self.started = True
            # One byte more than the room: the caller sees it and says "too big".
            return self.inflate.decompress(self.inflate.unconsumed_tail + raw, max(room, 0) + 1)
        except zlib.error as exc:
            raise InputError(f"{shown(self.url)} sent a damaged compressed body ({exc})") from None


class _Deadline:
    """One time limit for a whole request. Sockets opened under it are shut down when it
    passes, which ends any read waiting on them, the TLS handshake and header lines
    included (a socket timeout bounds one read, not a server that drips)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.url = ""  # the hop being fetched, for the message
        self.end = time.monotonic() + seconds
        self.expired = threading.Event()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> "_Deadline":
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise self.error(self.url) or InputError(f"timed out after {self.seconds:g} s")
        return left

    def watch(self, sock: socket.socket) -> None:
        # A duplicate: shutdown acts on the connection, which TLS wrapping keeps, while
        # the socket object itself is detached by ssl.wrap_socket.
        with self._lock:
            self._sockets.append(sock.dup())
            if self.expired.is_set():
                self._shutdown(self._sockets[-1])

    def shorten(self, response) -> None:
        """The next read may wait only as long as the fetch has left."""
        sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
        if sock is not None:
            sock.settimeout(self.left())

    def error(self, url: str) -> InputError | None:
        if not self.expired.is_set() and time.monotonic() < self.end:
            return None
        where = f" fetching {shown(url)}" if url else ""
        return InputError(f"timed out after {self.seconds:g} s{where}")

    def _expire(self) -> None:
        self.expired.set()
        with self._lock:
            for sock in self._sockets:
                self._shutdown(sock)

    @staticmethod
    def _shutdown(sock: socket.socket) -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # closed already


def _too_big(url: str, max_bytes: int) -> InputError:
    return InputError(f"{shown(url)} is larger than {size_text(max_bytes)}")


def _reason(reason) -> str:
    text = str(getattr(reason, "strerror", None) or reason or type(reason).__name__)
    return shown(" ".join(text.split()), 160) or type(reason).__name__
