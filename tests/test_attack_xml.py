"""XML someone else wrote (issue 23): an existing feed.xml that publish updates, a feed
``feed check`` reads, a feed or sitemap batch expands. A DTD (internal entities, a
billion laughs, external entities naming a local file or a URL) is refused with a clear
error: the feed is left as it was (not rewritten as a broken one), nothing is fetched,
no file's content is read into any output, memory stays bounded."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attack_support import (assert_ok, assert_one_error, copy_episode, files_under,
                            narrated_episode, run_cli, scan)

SECRET = "SECRET-9d2e-local-file"
LAUGHS = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))


class Listener:
    """A TCP port on 127.0.0.1 that counts the connections made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port, self.count, self.done = self.sock.getsockname()[1], 0, False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.done:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                continue
            self.count += 1
            connection.close()

    def close(self) -> int:
        self.done = True
        self.thread.join()
        self.sock.close()
        return self.count


@pytest.fixture
def listener():
    port = Listener()
    yield port
    port.close()


def _feed(doctype: str, title: str = "Old show", link: str = "https://example.org/a") -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + doctype +
            '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">'
            f"<channel><title>{title}</title><link>https://example.org/</link>"
            "<description>d</description><item><title>Old episode</title>"
            f'<link>{link}</link><guid isPermaLink="false">old-1</guid></item>'
            "</channel></rss>\n")


def _doctypes(secret_file: Path, port: int) -> dict[str, tuple[str, str]]:
    """case -> (DOCTYPE, text using its entity)."""
    return {
        "internal-entity": ('<!DOCTYPE rss [<!ENTITY x "PWNED-entity">]>', "&x;"),
        "billion-laughs": (f'<!DOCTYPE rss [<!ENTITY l0 "lol">{LAUGHS}]>', "&l9;"),
        "external-file": (f'<!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret_file}">]>',
                          "&x;"),
        "external-url": (f'<!DOCTYPE rss [<!ENTITY x SYSTEM "http://127.0.0.1:{port}/x">]>',
                         "&x;"),
        "external-dtd": (f'<!DOCTYPE rss SYSTEM "http://127.0.0.1:{port}/evil.dtd">', "t"),
        "parameter-entity": (f'<!DOCTYPE rss [<!ENTITY % p SYSTEM "http://127.0.0.1:{port}/p">'
                             "%p;]>", "t"),
        "bare-doctype": ("<!DOCTYPE rss>", "t"),
    }


def _secret(tmp_path: Path) -> Path:
    path = tmp_path / "private" / "secret.txt"
    path.parent.mkdir()
    path.write_text(SECRET, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def episode(tmp_path_factory) -> Path:
    return narrated_episode(tmp_path_factory)


CASES = list(_doctypes(Path("/x"), 1))


@pytest.mark.parametrize("case", CASES)
def test_publish_refuses_an_existing_feed_with_a_dtd(case, episode, tmp_path, listener):
    """The old feed is left byte for byte; no temporary file; nothing fetched."""
    out = tmp_path / "out"
    folder = copy_episode(episode, out)
    doctype, use = _doctypes(_secret(tmp_path), listener.port)[case]
    feed = out / "feed.xml"
    feed.write_text(_feed(doctype, title=f"Old {use}"), encoding="utf-8")
    before = feed.read_bytes()
    run = run_cli(["publish", str(folder), "--feed", str(feed)], cwd=tmp_path)
    assert_one_error(run, contains="DTD")
    assert feed.read_bytes() == before
    assert not [p for p in files_under(out) if p.name.endswith(".tmp")]
    assert scan(out, [SECRET, "PWNED"], skip=("feed.xml",)) == [] and listener.close() == 0


@pytest.mark.parametrize("case", CASES)
def test_feed_check_refuses_a_feed_with_a_dtd(case, tmp_path, listener):
    doctype, use = _doctypes(_secret(tmp_path), listener.port)[case]
    feed = tmp_path / "feed.xml"
    feed.write_text(_feed(doctype, title=f"Show {use}"), encoding="utf-8")
    run = run_cli(["feed", "check", str(feed)], cwd=tmp_path)
    assert "Traceback" not in run.stderr and run.returncode == 1, run.stderr
    assert "DTD" in run.stdout and SECRET not in run.stdout + run.stderr, run.stdout
    assert run.peak_mb < 500 and listener.close() == 0


@pytest.mark.parametrize("case", ["internal-entity", "external-file", "billion-laughs",
                                  "external-url"])
def test_batch_refuses_a_feed_with_a_dtd(case, tmp_path, listener):
    """A feed file whose item links are entities (a local path, a URL): batch says the
    feed is refused, narrates nothing, reads nothing."""
    doctype, use = _doctypes(_secret(tmp_path), listener.port)[case]
    feed = tmp_path / "news.xml"
    feed.write_text(_feed(doctype, link=use), encoding="utf-8")
    out = tmp_path / "out"
    run = run_cli(["batch", str(feed), "-o", str(out)], cwd=tmp_path)
    assert "Traceback" not in run.stderr and run.returncode == 1, run.stderr
    assert "DTD" in run.stdout, run.stdout + run.stderr
    assert not out.exists() or scan(out, [SECRET]) == []
    assert run.peak_mb < 500 and listener.close() == 0


def test_a_feed_without_a_dtd_is_still_updated(episode, tmp_path):
    out = tmp_path / "out"
    folder = copy_episode(episode, out)
    feed = out / "feed.xml"
    feed.write_text(_feed(""), encoding="utf-8")
    assert_ok(run_cli(["publish", str(folder), "--feed", str(feed)], cwd=tmp_path))
    text = feed.read_text(encoding="utf-8")
    assert "old-1" in text and "<title>The bridge reopens</title>" in text


# ------------------------------------------------------- property: the readers themselves

@st.composite
def _dtd_documents(draw) -> bytes:
    """A feed or sitemap with a DOCTYPE in one of its many spellings and encodings."""
    root = draw(st.sampled_from(["rss", "RSS", "urlset", "feed", "x"]))
    entity = draw(st.sampled_from([
        "", '<!ENTITY a "b">', '<!ENTITY a SYSTEM "file:///etc/passwd">',
        '<!ENTITY a PUBLIC "-//x//y" "http://127.0.0.1:1/x">', '<!ENTITY % p "x">',
        '<!ELEMENT rss ANY>', '<!ATTLIST rss a CDATA "b">', "<!-- c -->"]))
    external = draw(st.sampled_from(["", ' SYSTEM "http://127.0.0.1:1/d.dtd"',
                                     ' PUBLIC "-//N//DTD RSS 0.91//EN" "rss-0.91.dtd"']))
    subset = f" [{entity}]" if entity or draw(st.booleans()) else ""
    space = draw(st.sampled_from([" ", "\n", "\t", "  "]))
    prolog = draw(st.sampled_from(['<?xml version="1.0"?>\n', "", "<!-- hi -->",
                                   '<?xml version="1.0" encoding="{enc}"?>']))
    body = (f"{prolog}<!DOCTYPE{space}{root}{external}{subset}>"
            f"<{root}><channel><item><link>https://example.org/</link></item></channel>"
            f"</{root}>")
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "utf-32", "iso-8859-1"]))
    return body.replace("{enc}", encoding).encode(encoding)


@settings(max_examples=300, deadline=None)
@given(data=_dtd_documents())
def test_property_no_dtd_passes_the_readers(data):
    """The feed publish updates and the feeds and sitemaps batch reads: any DOCTYPE is
    refused, as the reader's own error (or, not XML at all, lxml's syntax error)."""
    from lxml import etree

    from audio_article.batch.sources import xml_links
    from audio_article.errors import InputError
    from audio_article.publish import PublishError
    from audio_article.publish.feed import parse_feed

    with pytest.raises((PublishError, etree.XMLSyntaxError)) as caught:
        parse_feed(data, "feed.xml")
    assert caught.type is not PublishError or "DTD" in str(caught.value) or (
        "not well-formed" in str(caught.value))
    try:
        links = xml_links(data)
    except InputError as exc:
        assert "DTD" in str(exc)
    else:
        assert links is None  # not read as a feed: neither XML its parser takes nor listed
