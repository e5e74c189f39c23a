"""The preview server: the feed folder over HTTP on 127.0.0.1, as a podcast host would
serve it.

Apple requires HEAD and byte-range requests on the feed, the artwork and every enclosure
(STANDARDS.md §2.1 #4); the served Content-Type must equal the enclosure type (§2.2 #14)
and the chapters type (§2.3 #23); transcripts and chapters carry CORS headers so browser
players can load them (§2.3 #24).

A slow client holds a thread, so a connection has limits in time: a request line and
headers must come within HEAD_TIMEOUT of the connection's opening (or of the previous
answer), however they trickle, and no read waits more than IDLE_TIMEOUT; and in number:
at most MAX_CONNECTIONS are served at once (BoundedServer, which `listen` uses too), one
more is answered 503 and closed without a thread of its own.
"""

from __future__ import annotations

import email.utils
import io
import os
import re
import socket
import sys
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..audio.formats import FORMATS
from .errors import PublishError
from .show import PREVIEW_PORT

DEFAULT_HOST = "127.0.0.1"
TYPES = {
    **{f".{name}": entry.mime for name, entry in FORMATS.items()},
    ".vtt": "text/vtt; charset=utf-8", ".srt": "application/x-subrip; charset=utf-8",
    ".html": "text/html; charset=utf-8", ".xml": "application/rss+xml; charset=utf-8",
    ".json": "application/json", ".png": "image/png", ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg", ".txt": "text/plain; charset=utf-8",
}
CORS_SUFFIXES = (".vtt", ".srt", ".json")
_SPEC = re.compile(r"\s*(\d*)-(\d*)\s*")  # within MAX_HEADER_BYTES
# A position of more digits lies beyond any file (and int() of thousands of digits is
# slow, or refused), so it is read as this.
_BEYOND = 10 ** 18
_CHUNK = 1 << 16
MAX_REQUEST_LINE = 8 * 1024  # bytes; a longer request line gets 414
MAX_HEADER_BYTES = 16 * 1024  # all header fields together; more gets 431
IDLE_TIMEOUT = 60.0  # seconds a connection may sit idle or half-sent (slow clients)
# Seconds for a whole request line and headers, however they trickle (a byte every few
# seconds would restart the idle timer forever).
HEAD_TIMEOUT = float(os.environ.get("AUDIO_ARTICLE_HEAD_TIMEOUT", "30"))
# Connections served at once: each holds a thread (and a listener's stream holds one for
# as long as it plays); thousands of idle ones would hold thousands of threads.
MAX_CONNECTIONS = int(os.environ.get("AUDIO_ARTICLE_MAX_CONNECTIONS", "64"))
_TOO_MANY = b"too many connections at once: try again\n"
_BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
         b"Content-Length: %d\r\nRetry-After: 5\r\nConnection: close\r\n\r\n%s"
         % (len(_TOO_MANY), _TOO_MANY))


class BoundedServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that serves at most MAX_CONNECTIONS connections at once; one
    more gets 503 at once (a write that cannot block: a fresh socket's buffer takes it)
    and is closed, with no thread started for it."""

    daemon_threads = True
    # The kernel's queue of connections not accepted yet (socketserver's default is 5): a
    # burst beyond it waits a second for the client's retry, each.
    request_queue_size = 128

    def __init__(self, *args, **kwargs) -> None:
        self.connections = threading.BoundedSemaphore(max(1, MAX_CONNECTIONS))
        # A connection's place, until its thread takes it (and gives it back when done).
        self._places: dict[socket.socket, bool] = {}
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address) -> None:
        if not self.connections.acquire(blocking=False):
            _refuse(request)
            self.shutdown_request(request)
            return
        self._places[request] = True
        try:
            super().process_request(request, client_address)
        except BaseException:
            # Only if no thread took the place: a Ctrl-C can land in Thread.start() after
            # the thread is running, and giving the place back twice raised ValueError,
            # which socketserver printed and served on: `serve` ignored that Ctrl-C.
            if self._places.pop(request, False):
                self.connections.release()
            raise

    def handle_error(self, request, client_address) -> None:
        """A client that hangs up or resets mid-request is its own business, not an error
        to print (a traceback each: anyone who can connect could fill the log); any other
        error is printed as socketserver does."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)

    def process_request_thread(self, request, client_address) -> None:
        owned = self._places.pop(request, False)
        try:
            super().process_request_thread(request, client_address)
        finally:
            if owned:
                self.connections.release()


def _refuse(request: socket.socket) -> None:
    try:
        request.setblocking(False)
        request.send(_BUSY)
    except OSError:
        pass  # gone already, or its buffer full: the close says enough


def content_type(name: str) -> str:
    if name == "chapters.json" or name.endswith(".chapters.json"):
        return "application/json+chapters"
    return TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


def wants_cors(name: str) -> bool:
    return name.endswith(CORS_SUFFIXES) or (name.startswith("transcript") and
                                             name.endswith(".html"))


def parse_range(header: str | None, size: int) -> tuple[int, int] | None | bool:
    """(first, last) byte of a single satisfiable range; None to send the whole file (no
    header, another unit, which RFC 9110 §14.2 says to ignore, or several valid ranges);
    False when the range is invalid or cannot be satisfied (416: §14.2 lets a server
    reject an invalid ranges-specifier, and a player that sent one is better told so than
    sent a whole file it did not ask for)."""
    unit, equals, specs = (header or "").strip().partition("=")
    if not equals or unit.strip().lower() != "bytes":
        return None
    spans = [_span(spec, size) for spec in specs.split(",")]
    if False in spans:
        return False
    return spans[0] if len(spans) == 1 else None


def _span(spec: str, size: int) -> tuple[int, int] | bool:
    match = _SPEC.fullmatch(spec)
    if not match or match.groups() == ("", ""):
        return False
    first, last = (_position(text) for text in match.groups())
    if first is None:  # suffix range: the last N bytes
        return (max(0, size - last), size - 1) if last and size else False
    if first >= size or (last is not None and last < first):
        return False
    # A last position past the end means the end (RFC 9110 §14.1.2).
    return first, size - 1 if last is None else min(last, size - 1)


def _position(digits: str) -> int | None:
    if not digits:
        return None
    return int(digits) if len(digits) <= 18 else _BEYOND


class _TimedReader(io.RawIOBase):
    """A connection's bytes, no read waiting past ``deadline`` (time.monotonic(); None:
    only the socket's own idle timeout), however the bytes trickle."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock, self.deadline = sock, None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.deadline is None:
            return self.sock.recv_into(buffer)
        idle, left = self.sock.gettimeout(), self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request took too long")
        self.sock.settimeout(left if idle is None else min(left, idle))
        try:
            return self.sock.recv_into(buffer)
        finally:
            self.sock.settimeout(idle)  # writing the answer keeps the idle timeout


class PreviewHandler(SimpleHTTPRequestHandler):
    server_version = "audio-article-preview"
    protocol_version = "HTTP/1.1"  # keep-alive, as players use it for range requests
    timeout = IDLE_TIMEOUT  # a client that stops half-way does not hold a thread forever

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # the standard reader, replaced by one with a deadline
        self._reader = _TimedReader(self.connection)
        self.rfile = io.BufferedReader(self._reader)

    def read_within(self, seconds: float | None) -> None:
        """The rest of this request's bytes must come within ``seconds`` (None: no
        limit but the idle timeout)."""
        self._reader.deadline = None if seconds is None else time.monotonic() + seconds

    def handle_one_request(self) -> None:
        self.read_within(HEAD_TIMEOUT)  # from accept, or from the previous answer
        super().handle_one_request()

    def parse_request(self) -> bool:
        """The standard parsing, within our limits on the request line and headers (the
        standard library's allow 64 KiB a line and 100 lines)."""
        if len(self.raw_requestline) > MAX_REQUEST_LINE:
            self.requestline, self.request_version, self.command = "", "", ""
            self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG)
            return False
        if not super().parse_request():
            return False
        size = sum(len(name) + len(value) + 4 for name, value in self.headers.items())
        if size > MAX_HEADER_BYTES:
            self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE)
            return False
        self.read_within(None)
        return True

    def do_GET(self) -> None:
        self._serve(body=True)

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_OPTIONS(self) -> None:
        """CORS preflight: a browser player asking before a Range request."""
        self.send_response(HTTPStatus.NO_CONTENT)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Range")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _serve(self, body: bool) -> None:
        if self._folder_without_slash():
            self._redirect(self.path.split("?")[0] + "/", body)
            return
        path = self._file()
        if path is None:
            self._not_found(body)
            return
        try:
            handle = open(path, "rb")
        except OSError:
            self._not_found(body)
            return
        with handle:
            self._send_file(handle, path.name, os.fstat(handle.fileno()), body)

    def _file(self) -> Path | None:
        """The requested file, or None: directories, hidden files (the lock, temporary
        files) and anything a symlink leads outside the served folder are not served."""
        root = Path(self.directory).resolve()
        try:
            path = Path(self.translate_path(self.path)).resolve()
        except (ValueError, OSError, RuntimeError):  # a NUL, a lone surrogate, a symlink loop
            return None
        relative = path.relative_to(root) if path.is_relative_to(root) else None
        if relative is None or any(part.startswith(".") for part in relative.parts):
            return None
        try:
            if path.is_dir():  # a folder is its web page (issue 12: the show and episode pages)
                path = (path / "index.html").resolve()  # a symlinked page must not lead out
            return path if path.is_file() and path.is_relative_to(root) else None
        except (ValueError, OSError, RuntimeError):
            return None

    def _folder_without_slash(self) -> bool:
        # /slug must become /slug/, or the page's relative links would miss its folder.
        wanted = self.path.split("?")[0]
        return (not wanted.endswith("/") and Path(self.translate_path(wanted)).is_dir()
                and self._file() is not None)

    def _redirect(self, location: str, body: bool) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send_file(self, handle, name: str, stat, body: bool) -> None:
        size, modified = stat.st_size, email.utils.formatdate(stat.st_mtime, usegmt=True)
        wanted = self.headers.get("Range")
        if self.headers.get("If-Range") not in (None, modified):
            wanted = None  # the file changed since the client's first part: send it whole
        span = parse_range(wanted, size)
        if span is False:
            self._unsatisfiable(size, body)
            return
        first, last = span or (0, size - 1)
        self.send_response(HTTPStatus.PARTIAL_CONTENT if span else HTTPStatus.OK)
        if span:
            self.send_header("Content-Range", f"bytes {first}-{last}/{size}")
        self._headers(name, max(0, last - first + 1), modified)
        if body:
            handle.seek(first)
            self._copy(handle, last - first + 1)

    def _headers(self, name: str, length: int, modified: str) -> None:
        self.send_header("Content-Type", content_type(name))
        self.send_header("Content-Length", str(length))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Last-Modified", modified)
        # A preview: always revalidate, so a re-published feed shows up at once.
        self.send_header("Cache-Control", "no-cache")
        if wants_cors(name):
            self._cors()
        self.end_headers()

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers",
                         "Content-Length, Content-Range, Accept-Ranges")

    def _copy(self, handle, remaining: int) -> None:
        try:
            while remaining > 0:
                chunk = handle.read(min(_CHUNK, remaining))
                if not chunk:
                    break
                self.wfile.write(chunk)
                remaining -= len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the player stopped listening; nothing to do

    def _unsatisfiable(self, size: int, body: bool) -> None:
        self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
        self.send_header("Content-Range", f"bytes */{size}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _not_found(self, body: bool) -> None:
        message = b"Not found\n"
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(message)))
        self.end_headers()
        if body:
            self.wfile.write(message)

    def log_message(self, format: str, *args) -> None:
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)


def make_server(root: Path, host: str = DEFAULT_HOST, port: int = PREVIEW_PORT,
                verbose: bool = False) -> BoundedServer:
    """A server for ``root`` bound to ``host:port`` (port 0: any free port); call
    ``serve_forever()`` on it and ``shutdown()`` to stop it."""
    root = Path(root)
    if not root.is_dir():
        raise PublishError(f"cannot serve {root}: not a folder")

    class Handler(PreviewHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

    try:
        server = BoundedServer((host, port), Handler)
    except OSError as exc:
        raise PublishError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    server.verbose = verbose
    return server
