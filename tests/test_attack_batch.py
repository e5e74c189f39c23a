"""Issue 23: a remote feed or sitemap must not make batch or watch read a local file and
publish it. Every spelling of a local path an attacker can put in a feed item, an Atom
link, a sitemap <loc> or a sitemap index is tried against a planted secret file; after
the run the secret is in no output file, the state, stdout or stderr. And a sitemap of
100,000 URLs is walked within its cap, quickly."""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from netlab import PUBLIC, running_lab, secrets_in, unavailable

pytestmark = pytest.mark.skipif(unavailable() is not None, reason=unavailable() or "")

LOCAL_SECRET = "LOCAL-FILE-SECRET-51c2"


class Site(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    documents: dict[str, tuple[str, bytes]] = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        ctype, body = Site.documents.get(self.path, ("text/plain", b"not here"))
        self.send_response(200 if self.path in Site.documents else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def lab():
    with running_lab(Site) as made:
        yield made


@pytest.fixture()
def secret(tmp_path):
    """A local article holding the secret, a list naming it and a local sitemap naming it:
    each a thing a remote document could try to make batch read."""
    article = tmp_path / "private" / "secret.txt"
    article.parent.mkdir()
    article.write_text(f"Title: Payroll\n\nThe payroll password is {LOCAL_SECRET}. "
                       "It must never be read aloud.\n")
    (tmp_path / "private" / "list.txt").write_text(f"{article}\n")
    (tmp_path / "private" / "sitemap.xml").write_text(_sitemap([str(article)]))
    return article


def _spellings(article: Path) -> list[str]:
    folder = article.parent
    return [str(article), f"  {article}  ", f"file://{article}", f"file:{article}",
            f"FILE://localhost{article}", f"file:///{str(article).lstrip('/')}",
            f"@{folder / 'list.txt'}", str(folder / "sitemap.xml"),
            f"file://{folder / 'sitemap.xml'}", f"{folder}/../private/secret.txt",
            "../private/secret.txt", "private/secret.txt", "~/secret.txt", "/etc/passwd",
            "/proc/self/environ", "\\\\server\\share\\secret.txt", "C:\\secret.txt",
            f"jar:file://{article}!/", f"view-source:file://{article}",
            f"http:{article}", f"https:/{article}"]


def _rss(links: list[str]) -> str:
    items = "".join(f"<item><title>t</title><link>{_xml(link)}</link></item>" for link in links)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>{items}</channel></rss>'


def _atom(links: list[str]) -> str:
    entries = "".join(f'<entry><title>t</title><link href="{_xml(link)}"/></entry>' for link in links)
    return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">{entries}</feed>'


def _sitemap(links: list[str], index: bool = False) -> str:
    tag, root = ("sitemap", "sitemapindex") if index else ("url", "urlset")
    body = "".join(f"<{tag}><loc>{_xml(link)}</loc></{tag}>" for link in links)
    return (f'<?xml version="1.0"?><{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{body}</{root}>")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


@pytest.mark.parametrize("kind", ["rss", "atom", "sitemap", "sitemapindex"])
def test_a_remote_document_never_names_a_local_file(lab, tmp_path, secret, kind):
    spellings = _spellings(secret)
    make = {"rss": _rss, "atom": _atom, "sitemap": _sitemap,
            "sitemapindex": lambda links: _sitemap(links, index=True)}[kind]
    Site.documents[f"/{kind}.xml"] = ("application/xml", make(spellings).encode())
    for command in (["batch"], ["watch", "--max-polls", "1", "--every", "1s"]):
        run = lab.cli(*command, f"http://{PUBLIC}/{kind}.xml", "-j", "1", "-o", "out",
                      "--publish", cwd=tmp_path, timeout=240)
        assert "Traceback" not in run.text, run.describe()
        assert LOCAL_SECRET not in run.text, run.describe()
        assert not secrets_in(tmp_path / "out", LOCAL_SECRET), run.describe()
        assert not list((tmp_path / "out").glob("*/episode.json")), run.describe()
        assert run.max_rss_mb < 500, run.describe()
        assert " narrated " not in run.text and "\n1 narrated" not in run.text, run.describe()
    # file:, jar:, view-source: ... are refused; paths resolve against the feed's own URL
    # (http://93.184.216.34/etc/passwd: a 404 on the attacker's site, never a local read).
    assert run.text.count("not an http(s) URL") >= 4, run.describe()
    assert f"http://{PUBLIC}/etc/passwd" in run.text
    assert not lab.touched()


def test_a_local_feed_names_only_remote_urls_too(tmp_path, secret):
    """The user typed the feed's path, not the paths inside it: those are refused too,
    and the user's own typed paths still work (the control)."""
    feed = tmp_path / "feed.xml"
    feed.write_text(_rss(_spellings(secret)))
    from netlab import run_measured
    import sys

    run = run_measured([sys.executable, "-m", "audio_article", "batch", str(feed), "-j", "1",
                        "-o", "out"], tmp_path, 240)
    assert "Traceback" not in run.text and run.returncode == 1, run.describe()
    assert not secrets_in(tmp_path / "out", LOCAL_SECRET), run.describe()
    typed = run_measured([sys.executable, "-m", "audio_article", "batch", str(secret), "-j",
                          "1", "-o", "typed"], tmp_path, 240)
    assert typed.returncode == 0, typed.describe()  # a typed local path is the user's own
    assert secrets_in(tmp_path / "typed", LOCAL_SECRET)


def test_relative_links_resolve_against_the_remote_document(lab, tmp_path):
    """A relative link in a remote feed names a page on that site, never a local file."""
    Site.documents["/news/a"] = ("text/html", b"<!doctype html><html lang=en><head><title>"
                                 b"Harbour reopens</title></head><body><article><p>The harbour "
                                 b"reopened on Monday.</p></article></body></html>")
    Site.documents["/relative.xml"] = ("application/rss+xml", _rss(["/news/a"]).encode())
    run = lab.cli("batch", f"http://{PUBLIC}/relative.xml", "-j", "1", "-o", "out",
                  cwd=tmp_path, timeout=240)
    assert run.returncode == 0, run.describe()
    assert f"http://{PUBLIC}/news/a" in run.stdout


def test_a_huge_sitemap_is_walked_within_its_cap(lab, tmp_path):
    """100,000 URLs in one sitemap: the first 1,000 are taken, and it says so; refused
    ones (loopback) cost no connection."""
    links = [f"http://127.0.0.1/story/{n}" for n in range(100_000)]
    Site.documents["/huge.xml"] = ("application/xml", _sitemap(links).encode())
    start = time.monotonic()
    run = lab.cli("batch", f"http://{PUBLIC}/huge.xml", "-j", "1", "-o", "out",
                  cwd=tmp_path, timeout=240)
    assert "Traceback" not in run.text and run.returncode == 1, run.describe()
    assert "names 100000 sources; only the first 1000 are read" in run.stderr, run.describe()
    assert run.stdout.count("refusing to fetch") == 1000, run.describe()
    assert time.monotonic() - start < 60, run.describe()
    assert run.max_rss_mb < 500, run.describe()
    assert not lab.touched()
