"""The episode page and show index as files: escaping, JSON-LD, language and direction,
newest-first order, the transcript read back, and `publish` and `serve` using them.
(tests/test_page_browser.py drives the same pages in a real browser.)"""

from __future__ import annotations

import json
import threading

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audio_article import DISCLOSURE
from audio_article.links import safe_link
from audio_article.models import Cue
from audio_article.package.transcript import render_vtt
from audio_article.page import write_episode_page, write_pages, write_show_index
from audio_article.page.data import read_vtt
from audio_article.page.html import SYNTHETIC
from audio_article.publish import Show, publish
from audio_article.publish.server import make_server
from test_publish_support import GOLDEN_EPISODES, make_episode, request

HOSTILE = GOLDEN_EPISODES["escaping"]["episodes/q-a-bold"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """An episode whose title, authors, description, URL and chapters try to break out of
    HTML, JSON and CDATA, in Hebrew (right to left)."""
    out = tmp_path_factory.mktemp("hostile")
    folder = make_episode(out / "q-a-bold", **HOSTILE)
    write_pages(folder, out)
    return out, folder, lxml.html.fromstring((folder / "index.html").read_bytes())


def test_every_article_string_is_escaped(hostile):
    _, folder, page = hostile
    assert page.findtext(".//title") == HOSTILE["title"]
    assert page.findtext(".//h1") == HOSTILE["title"]
    # Only our two scripts: the JSON-LD and page.js; the article's <script> is text.
    assert [s.get("type") for s in page.iter("script")] == ["application/ld+json", None]
    assert not page.findall(".//b")
    assert "\x07" not in (folder / "index.html").read_text(encoding="utf-8")  # no controls
    chapters = [a.text_content() for a in page.xpath("//*[@id='chapters']//a")]
    assert chapters[0].endswith("Intro & <setup>")
    # The IRI as a link: percent-encoded, as every link the tool writes (links.safe_link).
    assert page.xpath("//p[@class='source']/a")[0].get("href") == safe_link(HOSTILE["url"])


def test_language_and_direction_follow_the_article(hostile):
    _, _, page = hostile
    assert (page.get("lang"), page.get("dir")) == ("he", "rtl")
    assert page.find(".//h1").get("dir") == "auto"
    # Our own labels and the disclosure are English: marked so, for screen readers.
    for name in ("disclosure", "chapters-heading", "transcript-heading", "player", "tools",
                 "search"):
        assert page.get_element_by_id(name).get("lang") == "en", name


def test_json_ld_is_safe_inside_script_and_discloses_ai(hostile):
    _, folder, page = hostile
    raw = (folder / "index.html").read_text(encoding="utf-8")
    block = raw.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert data["@type"] == "PodcastEpisode" and data["name"] == HOSTILE["title"]
    audio = data["associatedMedia"]
    assert audio["@type"] == "AudioObject" and audio["duration"] == "PT1.500S"
    assert audio["digitalSourceType"] == data["digitalSourceType"] == SYNTHETIC
    assert audio["description"] == DISCLOSURE
    assert audio["transcript"].startswith("Intro & <setup>")
    assert data["isBasedOn"]["url"] == safe_link(HOSTILE["url"])


def test_disclosure_is_above_the_player_and_describes_it(hostile):
    _, _, page = hostile
    body = list(page.find("body").iter())
    disclosure, audio = page.get_element_by_id("disclosure"), page.get_element_by_id("audio")
    assert disclosure.text_content().startswith(DISCLOSURE)
    assert disclosure.get("role") == "note" and audio.get("aria-describedby") == "disclosure"
    assert body.index(disclosure) < body.index(audio)
    assert audio.get("autoplay") is None and audio.get("controls") is not None


def test_no_network_resources(hostile):
    out, folder, page = hostile
    for element in page.iter("link", "script", "img", "audio", "source", "track"):
        for attribute in ("src", "href"):
            value = element.get(attribute) or ""
            # The favicon is inline (a data: URL, whose SVG names its namespace URI).
            assert value.startswith("data:image/svg+xml,") or "//" not in value, value
    assert "@import" not in (folder / "index.html").read_text(encoding="utf-8")


def test_show_index_lists_episodes_newest_first(tmp_path):
    make_episode(tmp_path / "older", "Older <story>", created="2026-03-01T06:30:00+00:00")
    make_episode(tmp_path / "newer", "Newer & better", created="2026-03-02T07:00:00+00:00")
    (tmp_path / "not-an-episode").mkdir()
    page = lxml.html.fromstring(write_show_index(tmp_path).read_bytes())
    links = [(a.text, a.get("href")) for a in page.xpath("//ol[@class='episodes']//a")]
    assert links == [("Newer & better", "newer/index.html"), ("Older <story>", "older/index.html")]
    assert DISCLOSURE in page.text_content()


def test_transcript_vtt_reads_back_as_written():
    cues = (Cue(0, 1500, 'Q&A: <b>bold</b> ]]> "quotes"', "title"),
            Cue(1500, 9000, "A long sentence " * 12 + "ends here.", "body"),
            Cue(3_600_000, 3_601_234, "שלום", "body"))
    assert [(c.start_ms, c.end_ms, c.text) for c in read_vtt_text(render_vtt(cues))] == [
        (c.start_ms, c.end_ms, c.text.strip()) for c in cues]


@given(st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
                        min_size=1, max_size=95), min_size=1, max_size=20))
@settings(max_examples=60)
def test_no_word_is_split_by_the_caption_wrapping(words):
    """Caption lines break at spaces only: a 90-letter word, a long URL or a chain of
    hyphens reads back whole ("counc il", "and-t welve" were the symptoms)."""
    text = " ".join(words)
    cues = (Cue(0, 1500, text, "body"),)
    assert [c.text for c in read_vtt_text(render_vtt(cues))] == [text]


def test_a_long_word_and_a_long_url_read_back_whole():
    text = ("The " + "a" * 90 + " council met and-twelve-thousand-" * 3 + " at "
            "https://example.com/" + "path/" * 12 + "end.")
    assert read_vtt_text(render_vtt((Cue(0, 1500, text, "body"),)))[0].text == text


def read_vtt_text(text: str):
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / "transcript.vtt"
    path.write_text(text, encoding="utf-8")
    return read_vtt(path.read_bytes(), path)


def test_publish_writes_the_pages_with_the_show_title(tmp_path):
    folder = make_episode(tmp_path / "story", "A story")
    result = publish([folder], tmp_path / "feed.xml", Show(title="Evening <news>"))
    assert not [w for w in result.warnings if "web page" in w]
    assert (folder / "index.html").is_file()
    page = lxml.html.fromstring((tmp_path / "index.html").read_bytes())
    assert page.findtext(".//h1") == "Evening <news>"
    assert page.xpath("//link[@rel='alternate']")[0].get("href") == "feed.xml"


def test_serve_answers_folders_with_their_page(tmp_path):
    folder = make_episode(tmp_path / "story", "A story")
    write_pages(folder, tmp_path)
    server = make_server(tmp_path, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        status, headers, body = request(port, "GET", "/")
        assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
        assert b"story/index.html" in body
        status, headers, _ = request(port, "GET", "/story")
        assert status == 301 and headers["Location"] == "/story/"
        status, _, body = request(port, "GET", "/story/")
        assert status == 200 and body == (folder / "index.html").read_bytes()
        (tmp_path / "empty").mkdir()
        assert request(port, "GET", "/empty")[0] == request(port, "GET", "/empty/")[0] == 404
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_left_half_written_by_a_killed_writer_is_removed(tmp_path):
    """write_page's temporary file carries its writer's pid: one whose writer is gone
    (SIGKILL skips every cleanup) goes at the next write; a live writer's stays."""
    import os
    import subprocess
    import sys

    from audio_article.page.data import write_page

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale, live = tmp_path / f".index.html.{gone}.tmp", tmp_path / f".index.html.{os.getppid()}.tmp"
    stale.write_text("half", encoding="utf-8")
    live.write_text("busy", encoding="utf-8")
    write_page(tmp_path / "index.html", "<!DOCTYPE html>")
    assert not stale.exists() and live.exists()
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "<!DOCTYPE html>"
