"""Fetching URLs, against a local HTTP server in a thread (never the web)."""

import threading
import time
from http.server import BaseHTTPRequestHandler

import pytest
from click.testing import CliRunner

from audio_article.cli import main
from audio_article.errors import InputError
from audio_article.models import Paragraph
from audio_article.parse import fetch as _fetch, is_url, read_article as _read_article
from http_support import QuietServer

# The local test server is on 127.0.0.1, which a fetch refuses unless told otherwise
# (tests/test_fetch_guard.py tests the refusals).
def fetch(url, **kwargs):
    return _fetch(url, allow_private=True, **kwargs)


def read_article(source, title=None):
    return _read_article(source, title, allow_private=True)


BODY = "<p>The bridge reopened on Monday after two years of repairs to its deck.</p>"
PAGE = f"<html><head><title>Київ bridge</title></head><body><article>{BODY}</article></body></html>"
CP1251 = ("<html><head><title>Міст</title></head><body><article><p>Міст у Києві знову "
          "відкрили в понеділок після двох років ремонту.</p></article></body></html>")
# Declares no charset anywhere; UTF-8 with one damaged byte (not valid UTF-8 as a whole).
UNDECLARED = ("<html><head><title>Café news</title></head><body><article><p>The café “Über” "
              "reopened in Kraków on Monday, its owner said (a bad ".encode() + b"\xff"
              + " byte).</p></article></body></html>".encode())

ROUTES = {
    "/page": (200, "text/html", PAGE.encode()),
    "/cp1251": (200, "text/html; charset=windows-1251", CP1251.encode("cp1251")),
    "/undeclared": (200, "text/html", UNDECLARED),
    "/text": (200, "text/plain; charset=utf-8",
              "Title: Plain\n\nA plain text article, served as text.\n".encode()),
    "/untyped": (200, None, PAGE.encode()),
    "/pdf": (200, "application/pdf", b"%PDF-1.4 binary"),
    "/empty": (200, "text/html", b""),
    "/missing": (404, "text/html", b"<p>Not here</p>"),
    "/broken": (500, "text/html", b"<p>Oops</p>"),
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep the test output clean
        pass

    def do_GET(self):
        path = self.path
        if path.startswith("/hop/"):  # /hop/N redirects N more times, then to /page
            left = int(path.rsplit("/", 1)[1])
            return self._redirect(f"/hop/{left - 1}" if left > 1 else "/page")
        if path == "/to-file":
            return self._redirect("file:///etc/passwd")
        if path == "/slow":
            time.sleep(3)
        if path == "/drip":  # every read is quick, the whole body is not
            return self._drip()
        if path == "/big":  # no Content-Length: the cap must hold while reading
            return self._unsized(b"<p>" + b"x" * 50_000 + b"</p>")
        if path == "/big-declared":
            return self._send(200, "text/html", b"<p>tiny</p>", length=10**9)
        code, ctype, body = ROUTES.get(path, ROUTES["/missing"])
        self._send(code, ctype, body)

    def _send(self, code, ctype, body, length=None):
        self.send_response(code)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        if length is None:
            self.wfile.write(body)

    def _redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _unsized(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def _drip(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100")
        self.end_headers()
        try:
            for _ in range(100):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass


@pytest.fixture(scope="module")
def base():
    server = QuietServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetch_page(base):
    page = fetch(base + "/page")
    assert (page.data, page.hint, page.url, page.charset, page.name) == (
        PAGE.encode(), "html", base + "/page", None, "page")


def test_read_article_from_url(base):
    article, data, name = read_article(base + "/page")
    assert article.title == "Київ bridge"
    assert article.url == base + "/page"
    assert article.blocks == (Paragraph("The bridge reopened on Monday after two years of "
                                        "repairs to its deck."),)
    assert (data, name) == (PAGE.encode(), "page")


def test_charset_from_the_http_header(base):
    article, _data, _name = read_article(base + "/cp1251")
    assert article.title == "Міст"
    assert article.blocks[0].text.startswith("Міст у Києві")


def test_undeclared_charset_is_utf8_when_it_mostly_is(base):
    article, _data, _name = read_article(base + "/undeclared")
    # Not "cafÃ©" mojibake, as a blind Latin-1 or Windows-1252 fallback would give.
    assert article.blocks[0].text == ("The café “Über” reopened in Kraków on Monday, its "
                                      "owner said (a bad \ufffd byte).")


def test_text_and_untyped_bodies(base):
    article, _data, _name = read_article(base + "/text")
    assert (article.title, article.blocks) == (
        "Plain", (Paragraph("A plain text article, served as text."),))
    assert fetch(base + "/untyped").hint == "html"  # sniffed, as a file would be


def test_redirects(base):
    assert fetch(base + "/hop/5").url == base + "/page"
    with pytest.raises(InputError, match="more than 5 redirects"):
        fetch(base + "/hop/6")
    with pytest.raises(InputError, match="only http and https.*file:///etc/passwd"):
        fetch(base + "/to-file")


@pytest.mark.parametrize("path, message", [
    ("/missing", "answered HTTP 404 Not Found"),
    ("/broken", "answered HTTP 500"),
    ("/pdf", r"is not an HTML page or text \(Content-Type: application/pdf\)"),
    ("/empty", "sent an empty page"),
    ("/big-declared", "larger than 10000 bytes"),
    ("/big", "larger than 10000 bytes"),
])
def test_refusals(base, path, message):
    with pytest.raises(InputError, match=message):
        fetch(base + path, max_bytes=10_000)


def test_timeouts_bound_the_whole_fetch(base):
    for path in ("/slow", "/drip"):
        start = time.monotonic()
        with pytest.raises(InputError, match="timed out after 0.5 s"):
            fetch(base + path, timeout=0.5)
        assert time.monotonic() - start < 2


def test_bad_urls():
    with pytest.raises(InputError, match="only http and https"):
        fetch("ftp://example.com/x")
    with pytest.raises(InputError, match="not a valid URL"):
        fetch("http://")
    assert is_url("https://example.com") and is_url("HTTP://x")
    assert not is_url("C:\\news\\page.html") and not is_url("page.html")


def test_cli_parse_url(base):
    runner = CliRunner()
    result = runner.invoke(main, ["parse", base + "/page", "--format", "text",
                                  "--allow-private"])
    assert result.exit_code == 0, result.output
    assert result.output == ("The bridge reopened on Monday after two years of repairs "
                             "to its deck.\n")
    result = runner.invoke(main, ["parse", base + "/missing", "--allow-private"])
    assert result.exit_code == 1
    assert result.output == f"Error: {base}/missing answered HTTP 404 Not Found\n"


def test_narrate_reads_a_url(base):
    from audio_article.pipeline import NarrateOptions, prepare  # loads the audio stack

    prepared = prepare(base + "/page", NarrateOptions(allow_private=True))
    assert prepared.article.url == base + "/page"
    assert (prepared.source.name, prepared.source.data) == ("page", PAGE.encode())
    assert any("bridge reopened" in s.text for s in prepared.script.segments)
