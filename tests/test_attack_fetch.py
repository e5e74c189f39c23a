"""Issue 23, attacked from outside: a "public" news site in a private network namespace
(tests/netlab.py) tries to turn every fetching command against its host. Every refused
address has a listener counting connections; after each probe no listener was touched,
the planted secret is in no output, the command said one ``Error:`` line (or, for batch,
a failed row) and no traceback, within its time and memory bounds.
"""

from __future__ import annotations

import gzip
import time
import zlib
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import unquote

import pytest

from netlab import PUBLIC, REFUSED, SECRET, Lab, running_lab, secrets_in, unavailable

pytestmark = pytest.mark.skipif(unavailable() is not None, reason=unavailable() or "")

ARTICLE = (b"<!doctype html><html lang=en><head><title>Harbour reopens</title></head><body>"
           b"<article><h1>Harbour reopens</h1><p>The harbour reopened on Monday after a week "
           b"of storms. Fishing boats returned before dawn.</p></article></body></html>")
MEMORY_MB = 500


# Where a redirect may try to send a fetch: other schemes, refused addresses in every
# spelling, with and without --allow-private. None of them may ever be connected to.
REDIRECT_TARGETS = [
    "ftp://127.0.0.1:21/etc/passwd", "ftp://169.254.169.254/latest", "ftp://[fd00:ec2::254]/",
    "FTP://127.0.0.1:21/", "gopher://127.0.0.1:70/_GET", "file:///etc/passwd",
    "file://localhost/etc/passwd", "dict://127.0.0.1:21/", "data:text/html,<p>x</p>",
    "javascript:alert(1)", "http://127.0.0.1/", "http://localhost/", "http://2130706433/",
    "http://0x7f.1/", "http://127.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
    "http://10.20.30.40/", "http://100.64.0.7/", "http://[fd12:3456::7]/",
    "http://169.254.169.254/latest/meta-data/", "http://[::ffff:169.254.169.254]/",
    "http://[::ffff:a9fe:a9fe]/", "http://169.254.170.2/v2/credentials",
    "http://169.254.0.23/", "http://100.100.100.200/latest/meta-data/",
    "http://168.63.129.16/machine", "http://192.0.0.192/", "http://[fd00:ec2::254]/",
    "http://[fd20:ce::254]/", "http://[fd00:c1::a9fe:a9fe]/opc/v2/instance/",
    "http://[64:ff9b::a9fe:a9fe]/", "http://169.254.169.254:8080/",
    "http://[fd00:ec2::254]:8080/", "//169.254.169.254/", "http://127.0.0.1:8080/x",
]


class Site(BaseHTTPRequestHandler):
    """The attacker's public site. /go/N redirects to REDIRECT_TARGETS[N] (and /go2/N via
    a second public hop); /feed/... and /body/... are below."""

    protocol_version = "HTTP/1.1"
    feeds: dict[str, bytes] = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = unquote(self.path)
        if path.startswith("/go/"):
            return self._redirect(REDIRECT_TARGETS[int(path[4:])])
        if path.startswith("/go2/"):
            return self._redirect(f"http://{PUBLIC}/go/{path[5:]}")
        if path.startswith("/feed/"):
            return self._send(200, {"Content-Type": "application/rss+xml"},
                              Site.feeds[path[6:]])
        if path.startswith("/body/"):
            return BODIES[path[6:]](self)
        if path == "/article":
            return self._send(200, {"Content-Type": "text/html"}, ARTICLE)
        self._send(404, {"Content-Type": "text/plain"}, b"not here")

    def _redirect(self, location: str):
        self._send(302, {"Location": location}, b"")

    def _send(self, status: int, headers: dict, body: bytes):
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _drip_headers(handler):
    """The status line, then one header line a second, for a minute."""
    handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
    for n in range(60):
        handler.wfile.write(f"X-Slow-{n}: 1\r\n".encode())
        handler.wfile.flush()
        time.sleep(1)


def _drip_status(handler):
    for byte in b"HTTP/1.1 200 OK\r\n":
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.5)


def _cut_short(handler):
    """Content-Length 5000, a hundred bytes of it, then the connection closes."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "5000")
    handler.end_headers()
    handler.wfile.write(ARTICLE[:160])
    handler.close_connection = True


def _encoded(encoding: str, body: bytes, ctype: str = "text/html"):
    return lambda h: h._send(200, {"Content-Type": ctype, "Content-Encoding": encoding}, body)


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def _bomb(block: bytes, count: int) -> bytes:
    """gzip of ``block`` * ``count``, made a block at a time (the test stays small)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return b"".join([*(packer.compress(block) for _ in range(count)), packer.flush()])


GZIP_BOMB = _bomb(b"\0" * (1 << 20), 1024)  # 1 GB of zeros in about 1 MB
TEXT_BOMB = _bomb(b"la " * (1 << 18), 256)  # 200 MB of text
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog>> endobj\n" + b"stream\n" * 50
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
BODIES = {
    "gzip": _encoded("gzip", gzip.compress(ARTICLE)),
    "x-gzip": _encoded("x-gzip", gzip.compress(ARTICLE)),
    "deflate": _encoded("deflate", zlib.compress(ARTICLE)),
    "raw-deflate": _encoded("deflate", _raw_deflate(ARTICLE)),
    "gzip-bomb": _encoded("gzip", GZIP_BOMB),
    "text-bomb": _encoded("gzip", TEXT_BOMB),
    "truncated-gzip": _encoded("gzip", gzip.compress(ARTICLE)[:40]),
    "damaged-gzip": _encoded("gzip", b"\x1f\x8b\x08\x00" + b"garbage" * 20),
    "br": _encoded("br", b"\x1b\x03\x00\xf8" + ARTICLE),
    "zstd": _encoded("zstd", b"(\xb5/\xfd" + ARTICLE),
    "gzip-twice": _encoded("gzip, gzip", gzip.compress(gzip.compress(ARTICLE))),
    "gzip-unlabelled": lambda h: h._send(200, {"Content-Type": "text/html"},
                                         gzip.compress(ARTICLE)),
    "pdf-as-html": lambda h: h._send(200, {"Content-Type": "text/html"}, PDF),
    "png-as-html": lambda h: h._send(200, {"Content-Type": "text/html; charset=utf-8"}, PNG),
    "zip-as-text": lambda h: h._send(200, {"Content-Type": "text/plain"},
                                     b"PK\x03\x04\x14\x00\x00\x00" + bytes(range(200))),
    "mp3-as-html": lambda h: h._send(200, {"Content-Type": "text/html"},
                                     b"ID3\x03\x00\x00\x00\x00\x00\x00" + bytes(300)),
    "drip-headers": _drip_headers,
    "cut-short": _cut_short,
    # Locations urljoin itself refuses (ValueError), which once escaped as a traceback
    # and stopped batch and watch.
    "bad-ipv6-location": lambda h: h._send(302, {"Location": "http://[::1/"}, b""),
    "bracket-location": lambda h: h._send(302, {"Location": "http://x]/"}, b""),
    "drip-status": _drip_status,
    "huge-header": lambda h: h._send(200, {"Content-Type": "text/html",
                                           "X-Big": "a" * 70000}, ARTICLE),
    "many-headers": lambda h: h._send(200, {"Content-Type": "text/html",
                                            **{f"X-{n}": "1" for n in range(150)}}, ARTICLE),
}
BODY_REFUSALS = {  # body -> what the one error line must say
    "gzip-bomb": "larger than 10 MB", "text-bomb": "larger than 10 MB",
    "truncated-gzip": "truncated compressed body", "damaged-gzip": "damaged compressed",
    "br": "Content-Encoding br", "zstd": "Content-Encoding zstd",
    "gzip-twice": "Content-Encoding gzip, gzip", "gzip-unlabelled": "gzip data",
    "pdf-as-html": "a PDF document", "png-as-html": "a PNG image",
    "zip-as-text": "a ZIP archive", "mp3-as-html": "an MP3 file",
    "drip-headers": "timed out after 3 s", "drip-status": "timed out after 3 s",
    "huge-header": "cannot fetch", "many-headers": "cannot fetch",
    "cut-short": "bytes of the body still to come",
    "bad-ipv6-location": "redirected to an invalid URL",
    "bracket-location": "redirected to an invalid URL",
}


@pytest.fixture(scope="module")
def lab():
    with running_lab(Site) as made:
        yield made


def _clean(lab: Lab, run, out: Path | None = None) -> None:
    """What every probe must hold to."""
    assert "Traceback" not in run.text, run.describe()
    assert run.returncode in (1, 2), run.describe()
    assert run.max_rss_mb < MEMORY_MB, run.describe()
    assert SECRET not in run.text, run.describe()
    assert not lab.touched(), f"connections to refused addresses: {lab.touched()}\n" \
                              + run.describe()
    if out is not None and out.exists():
        assert not secrets_in(out, SECRET), run.describe()


def test_no_redirect_reaches_a_refused_address_or_scheme(lab, tmp_path):
    """parse: a public page redirecting to each target (36 probes)."""
    for number, _target in enumerate(REDIRECT_TARGETS):
        run = lab.cli("parse", f"http://{PUBLIC}/go/{number}", cwd=tmp_path, timeout=60)
        _clean(lab, run)
        assert run.stderr.startswith("Error: ") and run.stderr.count("\n") == 1, run.describe()


def test_every_command_and_hop_meets_the_same_guard(lab, tmp_path):
    """narrate, script and lint follow the same redirects; batch and watch read a feed of
    two-hop redirects (public, public, then the target) with their conditional GETs."""
    for command in ("narrate", "script", "lint"):
        for number in (0, 20, 28):  # ftp to loopback, metadata, IPv6 metadata
            _clean(lab, lab.cli(command, f"http://{PUBLIC}/go2/{number}", "-o", "out",
                                cwd=tmp_path, timeout=60), tmp_path / "out")
    Site.feeds["two-hops"] = _rss([f"http://{PUBLIC}/go2/{n}"
                                   for n in range(len(REDIRECT_TARGETS))])
    for command in (["batch"], ["watch", "--max-polls", "1", "--every", "1s"]):
        run = lab.cli(*command, f"http://{PUBLIC}/feed/two-hops", "-j", "1", "-o", "out",
                      cwd=tmp_path, timeout=300)
        assert "Traceback" not in run.text, run.describe()
        assert run.max_rss_mb < MEMORY_MB, run.describe()
        assert not lab.touched(), f"{lab.touched()}\n{run.describe()}"
        assert not list((tmp_path / "out").glob("*/episode.json")), run.describe()
        assert not secrets_in(tmp_path / "out", SECRET)
    assert run.text.count("refusing to fetch") + run.text.count("only http and https") >= 30


def test_allow_private_never_opens_metadata_or_other_schemes(lab, tmp_path):
    """batch and parse with --allow-private: the metadata addresses and the other schemes
    stay refused (the opt-in is for an intranet, never for a cloud's credentials)."""
    always = [n for n, target in enumerate(REDIRECT_TARGETS)
              if not target.startswith("http") or any(
                  a in target for a, kind in REFUSED.items() if kind == "always")
              or "a9fe:a9fe" in target]
    Site.feeds["always"] = _rss([f"http://{PUBLIC}/go2/{n}" for n in always])
    run = lab.cli("batch", f"http://{PUBLIC}/feed/always", "--allow-private", "-j", "1",
                  "-o", "out", cwd=tmp_path, timeout=300)
    _clean(lab, run, tmp_path / "out")
    assert run.stdout.count("failed") >= len(always), run.describe()
    for number in always:
        _clean(lab, lab.cli("parse", "--allow-private", f"http://{PUBLIC}/go/{number}",
                            cwd=tmp_path, timeout=60))


@pytest.mark.parametrize("name", sorted(BODY_REFUSALS))
def test_hostile_bodies_give_one_error_line(lab, tmp_path, name):
    run = lab.cli("parse", f"http://{PUBLIC}/body/{name}", cwd=tmp_path, timeout=60,
                  env={"AUDIO_ARTICLE_FETCH_TIMEOUT": "3"})
    _clean(lab, run)
    assert BODY_REFUSALS[name] in run.stderr, run.describe()
    assert run.seconds < 30, run.describe()  # the deadline is 3 s; no read waits past it


@pytest.mark.parametrize("name", ["gzip", "x-gzip", "deflate", "raw-deflate"])
def test_compressed_articles_are_decoded(lab, tmp_path, name):
    run = lab.cli("parse", f"http://{PUBLIC}/body/{name}", cwd=tmp_path, timeout=60)
    assert run.returncode == 0, run.describe()
    assert "The harbour reopened on Monday" in run.stdout


def test_batch_and_watch_meet_the_same_bodies(lab, tmp_path):
    """The conditional GETs of batch and watch go through the same door."""
    Site.feeds["bodies"] = _rss([f"http://{PUBLIC}/body/{n}" for n in sorted(BODY_REFUSALS)])
    env = {"AUDIO_ARTICLE_FETCH_TIMEOUT": "1.5"}  # two dripping bodies, two commands
    for command in (["batch"], ["watch", "--max-polls", "1", "--every", "1s"]):
        run = lab.cli(*command, f"http://{PUBLIC}/feed/bodies", "-j", "1", "-o", "out",
                      cwd=tmp_path, timeout=240, env=env)
        assert "Traceback" not in run.text, run.describe()
        assert run.max_rss_mb < MEMORY_MB, run.describe()
        assert not list((tmp_path / "out").glob("*/episode.json")), run.describe()
        for reason in ("larger than 10 MB", "timed out after 1.5 s", "a PDF document"):
            assert reason in run.text, run.describe()


def test_one_hostile_redirect_stops_no_other_article(lab, tmp_path):
    """batch: a page redirecting to a URL urljoin refuses is one failed row; the next
    article is still narrated."""
    Site.feeds["then-good"] = _rss([f"http://{PUBLIC}/body/bad-ipv6-location",
                                    f"http://{PUBLIC}/article"])
    run = lab.cli("batch", f"http://{PUBLIC}/feed/then-good", "-j", "1", "--voice", "espeak",
                  "-o", "out", cwd=tmp_path, timeout=240)
    assert "Traceback" not in run.text, run.describe()
    assert "redirected to an invalid URL" in run.text, run.describe()
    assert len(list((tmp_path / "out").glob("*/episode.json"))) == 1, run.describe()
    assert not lab.touched(), run.describe()


def _rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>t</title><link>{link.replace('&', '&amp;')}</link></item>"
                    for link in links)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{items}'
            "</channel></rss>").encode()
