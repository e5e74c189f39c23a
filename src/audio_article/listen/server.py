"""The listen server: a page where a link or a file becomes audio at once.

Routes: ``/`` the page; ``POST /listen`` asks for an article (a link, form-encoded, or a
file as the request body); ``/live/<id>/`` the page following a render, ``audio.mp3`` its
stream (progressive MP3 over chunked HTTP, from the first byte, as it grows) and
``events`` its sentences, chapters and notes (server-sent events). Everything else is the
output folder as `serve` serves it: the saved episodes and the show page.

It behaves as a server on a machine that also holds other things: it binds 127.0.0.1 by
default; a request must name this server in its Host header (a page on another site
that rebinds its name to 127.0.0.1 gets nothing); a POST must come from this server's
own page (its Origin and Sec-Fetch-Site, and a token the page carries); links go through
the fetch guard (the server's --allow-private, never the page's); a file is read with a
declared length under the article cap, within one deadline, and no more request bodies
are received at once than renders and the queue can take (others are told it is busy
before a byte of theirs is read); nothing a listener sends reaches a path, a shell
or the page unescaped (ids are the server's own random names).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import ipaddress
import json
import re
import secrets
import select
import socket
import tempfile
import threading
import time
from http import HTTPStatus
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qs, urlsplit

from ..capped import ARTICLE_BYTES, READ_TIMEOUT, read_body
from ..errors import AudioArticleError, InputError
from ..parse.netguard import checked_url
from ..parse.source import HTML_SUFFIXES, TEXT_SUFFIXES
from ..publish.server import BoundedServer, PreviewHandler
from .hub import Busy, Channel, Hub, Request
from .latest import Latest
from .page import listen_page

DEFAULT_PORT = 8001
FORM_BYTES = 16 * 1024  # a link and a token
TOKEN_TTL_S = 24 * 3600  # a page left open for a day must be reloaded
KEEPALIVE_S = 5.0  # an idle event stream says something this often (and notices a close)
STREAM_WRITE_TIMEOUT_S = 300.0  # a paused player may stop reading this long
_LIVE = re.compile(r"/live/([A-Za-z0-9_-]{22})/(|audio\.mp3|events)")


class ListenServer(BoundedServer):

    def __init__(self, address: tuple[str, int], hub: Hub, out_dir: Path,
                 offer_publish: bool) -> None:
        self.hub, self.out_dir, self.offer_publish = hub, out_dir, offer_publish
        self.secret = secrets.token_bytes(32)
        self.verbose = False
        self.latest: Latest | None = None  # `watch --listen`: the watcher's newest render
        # Request bodies received at once: as many as renders and the queue can take.
        self.receiving_most = hub.renders + hub.queue
        self.receiving = threading.BoundedSemaphore(self.receiving_most)
        super().__init__(address, ListenHandler)
        self.hosts = allowed_hosts(address[0], self.server_address[1])

    def token(self) -> str:
        issued = str(int(time.time()))
        return f"{issued}.{self._sign(issued)}"

    def token_ok(self, token: str) -> bool:
        issued, _, signature = token.partition(".")
        if not issued.isdigit() or not hmac.compare_digest(signature, self._sign(issued)):
            return False
        return 0 <= time.time() - int(issued) <= TOKEN_TTL_S

    def _sign(self, text: str) -> str:
        return hmac.new(self.secret, text.encode(), hashlib.sha256).hexdigest()


def allowed_hosts(host: str, port: int) -> frozenset[str] | None:
    """The Host headers that name this server (None: any IP literal, for a server bound
    to every address; a DNS name other than localhost never)."""
    if host in ("", "0.0.0.0", "::"):
        return None
    names = {host, "127.0.0.1", "localhost", "[::1]"}
    if ":" in host:
        names.add(f"[{host}]")
    return frozenset(f"{name}:{port}" for name in names)


class ListenHandler(PreviewHandler):
    server_version = "audio-article-listen"
    server: ListenServer

    def __init__(self, *args, **kwargs) -> None:
        server = args[2]
        super().__init__(*args, directory=str(server.out_dir), **kwargs)

    # --- routing -------------------------------------------------------------------

    def do_GET(self) -> None:
        if not self._host_ok():
            return
        path = urlsplit(self.path).path
        live = _LIVE.fullmatch(path)
        if path == "/":
            self._page(None)
        elif live:
            self._live(*live.groups())
        elif path in ("/latest/", "/latest/audio.mp3") and self.server.latest is not None:
            self._latest(path.endswith(".mp3"))
        else:  # the output folder: saved episodes (even one whose slug is "live"), the
            super().do_GET()  # show page

    def do_HEAD(self) -> None:
        if self._host_ok():
            super().do_HEAD()

    def do_POST(self) -> None:
        if not self._host_ok():
            return
        self.close_connection = True  # a refused body may be left unread
        if urlsplit(self.path).path != "/listen":
            self._answer(HTTPStatus.NOT_FOUND, "Not found")
            return
        try:
            with self._receiving():
                if not self._from_our_page():
                    return
                request = self._request()
            channel = self.server.hub.admit(request)
        except Busy as exc:
            self._answer(HTTPStatus.SERVICE_UNAVAILABLE, str(exc), retry_after=30)
            return
        except AudioArticleError as exc:
            self._answer(HTTPStatus.BAD_REQUEST, str(exc))
            return
        self._admitted(channel)

    # --- checks --------------------------------------------------------------------

    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        allowed = self.server.hosts
        if allowed is None and _ip_literal_host(host) or allowed and host in allowed:
            return True
        self._answer(HTTPStatus.MISDIRECTED_REQUEST, "This server answers to its own "
                     "address only (127.0.0.1 or localhost).")
        return False

    def _from_our_page(self) -> bool:
        """A POST from this server's page only: a browser's Origin and Sec-Fetch-Site
        must say so when sent, and the page's token must come with it (the form field,
        or the X-Listen-Token header for a file)."""
        origin, site = self.headers.get("Origin"), self.headers.get("Sec-Fetch-Site")
        own = f"http://{self.headers.get('Host', '')}"
        token = self.headers.get("X-Listen-Token") or self._form().get("token", "")
        if (site not in (None, "same-origin") or origin not in (None, own)
                or not self.server.token_ok(token)):
            self._answer(HTTPStatus.FORBIDDEN, "Refused: this request did not come from "
                         "the listen page (reload it and try again).")
            return False
        return True

    @contextlib.contextmanager
    def _receiving(self) -> Iterator[None]:
        """One of the server's few places for a request body being received (before a
        byte of it is read), and a deadline for all of it: a held or trickled upload
        would otherwise keep up to 10 MB in memory each, for as long as its sender likes."""
        if not self.server.receiving.acquire(blocking=False):
            raise Busy(f"busy: {self.server.receiving_most} upload(s) are being received; "
                       "try again in a moment")
        self.read_within(READ_TIMEOUT)  # the one read_body gives itself below
        try:
            yield
        finally:
            self.server.receiving.release()

    # --- the request ---------------------------------------------------------------

    def _content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    def _form(self) -> dict[str, str]:
        """The form fields of a form-encoded POST (read once, capped)."""
        if not hasattr(self, "_fields"):
            self._fields = {}
            if self._content_type() == "application/x-www-form-urlencoded":
                body = read_body(self.rfile, self._length(), FORM_BYTES, "form")
                self._fields = _fields(body.decode("utf-8", "replace"))
        return self._fields

    def _length(self) -> int:
        text = self.headers.get("Content-Length", "")
        if not text.isdigit() or len(text) > 18:
            raise InputError("a request body needs its length (Content-Length)")
        return int(text)

    def _request(self) -> Request:
        if self._content_type() == "application/octet-stream":
            return self._file_request()
        fields = self._form()
        url = (fields.get("url") or "").strip()
        if not url:
            raise InputError("paste an article's link (http or https), or drop a file")
        return Request(f"url:{checked_url(url)}", url, fields.get("publish") == "1")

    def _file_request(self) -> Request:
        query = _fields(urlsplit(self.path).query)
        data = read_body(self.rfile, self._length(), ARTICLE_BYTES, "file")
        if not data.strip():
            raise InputError("the file is empty")
        suffix = Path(query.get("name", "")).suffix.lower()
        suffix = suffix if suffix in HTML_SUFFIXES | TEXT_SUFFIXES else ""
        folder = Path(tempfile.mkdtemp(prefix="audio-article-listen-"))
        path = folder / f"article{suffix}"  # our name: the listener's never reaches a path
        path.write_bytes(data)
        key = f"file:{hashlib.sha256(data).hexdigest()}{suffix}"
        return Request(key, str(path), query.get("publish") == "1", folder)

    def _admitted(self, channel: Channel) -> None:
        where = f"/live/{channel.id}/"
        if "application/json" in (self.headers.get("Accept") or ""):
            self._json(HTTPStatus.OK, {"id": channel.id, "page": where,
                                       "audio": where + "audio.mp3",
                                       "events": where + "events"})
            return
        self._see_other(where)  # a form without JavaScript

    # --- answers -------------------------------------------------------------------

    def _page(self, channel: Channel | None) -> None:
        nonce = secrets.token_urlsafe(12)
        body = listen_page(self.server.token(), nonce, channel and channel.id,
                           self.server.offer_publish).encode()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", _policy(nonce))
        self._hardening()
        self.end_headers()
        self.wfile.write(body)

    def _hardening(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "no-referrer")

    def _answer(self, status: HTTPStatus, message: str, retry_after: int | None = None) -> None:
        """Plain text, or JSON ``{"error": message}`` to the page's script."""
        if "application/json" in (self.headers.get("Accept") or ""):
            self._json(status, {"error": message}, retry_after)
            return
        body = (message + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if retry_after:
            self.send_header("Retry-After", str(retry_after))
        self._hardening()
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: HTTPStatus, data: dict, retry_after: int | None = None) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if retry_after:
            self.send_header("Retry-After", str(retry_after))
        self._hardening()
        self.end_headers()
        self.wfile.write(body)

    # --- a render in progress ------------------------------------------------------

    def _latest(self, audio: bool) -> None:
        where = self.server.latest.where(audio)
        if where is None:
            self._answer(HTTPStatus.NOT_FOUND, "Nothing narrated yet: the watcher has not "
                         "found a new article since it started.")
            return
        self._see_other(where)

    def _see_other(self, where: str) -> None:
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", where)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _live(self, channel_id: str, what: str) -> None:
        channel = self.server.hub.channel(channel_id)
        if channel is None:
            self._answer(HTTPStatus.NOT_FOUND, "This narration is over; ask for the "
                         "article again (it comes from the cache at once).")
        elif what == "":
            self._page(channel)
        else:
            self._follow(channel, what == "audio.mp3")

    def _follow(self, channel: Channel, audio: bool) -> None:
        """Stream the channel from its start while this connection is open; the
        listener counts as one of the render's while it is."""
        self.close_connection = True
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "audio/mpeg" if audio else "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Cache-Control", "no-store")
        self._hardening()
        self.end_headers()
        self.connection.settimeout(STREAM_WRITE_TIMEOUT_S)
        self.server.hub.attach(channel)
        try:
            (self._send_audio if audio else self._send_events)(channel)
            self.wfile.write(b"0\r\n\r\n")
        except (OSError, ValueError):
            pass  # the listener left
        finally:
            self.server.hub.detach(channel)

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def _send_audio(self, channel: Channel) -> None:
        offset = 0
        while (data := channel.audio(offset, KEEPALIVE_S)) is not None:
            if data:
                self._chunk(data)
                offset += len(data)
            elif self._client_gone():
                return

    def _send_events(self, channel: Channel) -> None:
        index = _last_event_id(self.headers.get("Last-Event-ID"))
        while True:
            events, final = channel.events_from(index, KEEPALIVE_S)
            lines = [f"id: {index + n}\ndata: {json.dumps(e)}\n\n"
                     for n, e in enumerate(events, 1)]
            index += len(events)
            if lines:
                self._chunk("".join(lines).encode())
            elif final or self._client_gone():
                return
            else:
                self._chunk(b": still working\n\n")

    def _client_gone(self) -> bool:
        """Whether the client closed its end (readable, and nothing to read)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and not self.connection.recv(1, socket.MSG_PEEK)
        except OSError:
            return True


def _fields(text: str, most: int = 8) -> dict[str, str]:
    """The fields of a form or a query string, the first value of each."""
    try:
        parsed = parse_qs(text, max_num_fields=most)
    except ValueError:
        raise InputError(f"more than {most} form fields") from None
    return {name: values[0] for name, values in parsed.items()}


def _last_event_id(header: str | None) -> int:
    """Where an EventSource that reconnects left off (the id of the last event it got)."""
    return int(header) if header and header.isdigit() and len(header) < 10 else 0


def _ip_literal_host(host: str) -> bool:
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return name == "localhost"
    return True


def _policy(nonce: str) -> str:
    return ("default-src 'none'; " f"script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; "
            "media-src 'self'; connect-src 'self'; img-src 'self' data:; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def make_listen_server(hub: Hub, out_dir: Path, host: str = "127.0.0.1",
                       port: int = DEFAULT_PORT, offer_publish: bool = False) -> ListenServer:
    from ..publish.errors import PublishError

    try:
        return ListenServer((host, port), hub, Path(out_dir), offer_publish)
    except OSError as exc:
        raise PublishError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
