"""The feed publish() writes, read back by real podcast parsers (feedparser and gPodder's
podcastparser) and asserted tag by tag with lxml XPath for the podcast: namespace, which
neither parser reads fully (STANDARDS.md §6)."""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import io
import json
import uuid

import feedparser
import podcastparser
import pytest
from lxml import etree
from mutagen.mp3 import MP3
from PIL import Image

from audio_article import DISCLOSURE
from audio_article.publish import (PublishError, Show, episode_guid, podcast_guid, publish,
                                   show_from_dict)
from audio_article.publish.episode import canonical_url
from test_publish_support import make_episode

NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
      "content": "http://purl.org/rss/1.0/modules/content/",
      "podcast": "https://podcastindex.org/namespace/1.0"}
NOW = dt.datetime(2026, 3, 5, 12, 0, tzinfo=dt.timezone.utc)
SHOW = show_from_dict({"title": "Test show", "owner_email": "desk@example.org",
                       "base_url": "https://example.org/pod", "author": "Desk"})
TRICKY = 'Q&A: <i>x</i> ]]> \U0001F600 \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627'


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def two(out):
    """Two episodes, the second newer, published in one run; returns the feed bytes."""
    make_episode(out / "older", "Older story", url="https://example.org/a",
                 created="2026-03-01T08:00:00+00:00", seconds=1.0)
    make_episode(out / "newer", TRICKY, created="2026-03-02T08:00:00+02:00", seconds=2.0,
                 description="Text & <b>tags</b> ]]> \U0001F600", hz=660.0)
    publish([out / "older", out / "newer"], out / "feed.xml", SHOW, now=NOW)
    return (out / "feed.xml").read_bytes()


def xpath(data: bytes, path: str):
    return etree.fromstring(data).xpath(path, namespaces=NS)


def test_feedparser_reads_the_same_episodes(out, two):
    feed = feedparser.parse(two)
    assert not feed.bozo
    # RSS titles are ambiguous; feedparser takes one with tags in it for HTML and
    # re-escapes its "&", so compare unescaped.
    assert [html.unescape(e.title) for e in feed.entries] == [TRICKY, "Older story"]
    for entry, folder in zip(feed.entries, ("newer", "older")):
        (enclosure,) = entry.enclosures
        mp3 = out / folder / f"{folder}.mp3"
        assert enclosure.href == f"https://example.org/pod/{folder}/{folder}.mp3"
        assert int(enclosure.length) == mp3.stat().st_size  # §2.2 #13
        assert enclosure.type == "audio/mpeg"  # §2.2 #14
        assert int(entry.itunes_duration) == round(MP3(mp3).info.length)  # §2.2 #18
        assert entry.guidislink is False  # isPermaLink="false" (§2.2 #16)
        assert DISCLOSURE in entry.summary and DISCLOSURE in entry.content[0].value
    assert feed.feed.image.href.startswith("https://example.org/pod/cover-")


def test_podcastparser_reads_the_same_episodes(out, two):
    parsed = podcastparser.parse("https://example.org/pod/feed.xml", io.BytesIO(two))
    assert parsed["title"] == "Test show"
    assert parsed["itunes_categories"] == [["News", "Daily News"]]
    assert parsed["explicit"] is False
    episodes = parsed["episodes"]
    assert [e["title"] for e in episodes] == [TRICKY, "Older story"]
    newer = episodes[0]
    assert newer["enclosures"] == [{"url": "https://example.org/pod/newer/newer.mp3",
                                    "file_size": (out / "newer/newer.mp3").stat().st_size,
                                    "mime_type": "audio/mpeg"}]
    assert newer["total_time"] == 2
    assert newer["published"] == int(dt.datetime(2026, 3, 2, 6, tzinfo=dt.timezone.utc)
                                     .timestamp())
    # Podlove Simple Chapters, which podcastparser reads (§2.3 #29).
    assert [c["title"] for c in newer["chapters"]] == ["Introduction", TRICKY]


def test_podcast_namespace_tags(out, two):
    (item,) = xpath(two, "//item[guid][2]")
    folder = "https://example.org/pod/older/"
    assert item.xpath("podcast:chapters/@url", namespaces=NS) == [folder + "chapters.json"]
    assert item.xpath("podcast:chapters/@type", namespaces=NS) == ["application/json+chapters"]
    transcripts = [(t.get("url"), t.get("type"), t.get("rel"), t.get("language"))
                   for t in item.xpath("podcast:transcript", namespaces=NS)]
    assert transcripts == [(folder + "transcript.vtt", "text/vtt", "captions", "en"),
                           (folder + "transcript.srt", "application/x-subrip", None, "en"),
                           (folder + "transcript.html", "text/html", None, "en")]
    for where in ("//item", "/rss/channel"):  # item and channel level (§2.3 #27)
        for txt in xpath(two, f"{where}/podcast:txt"):
            assert (txt.get("purpose"), txt.text) == ("ai-content", "true")
    assert len(xpath(two, "/rss/channel/podcast:txt")) == 1
    assert xpath(two, "/rss/channel/podcast:guid/text()") == [
        podcast_guid("https://example.org/pod/feed.xml")]
    assert xpath(two, "/rss/channel/podcast:locked/text()") == ["no"]
    assert xpath(two, "/rss/channel/podcast:locked/@owner") == ["desk@example.org"]


def test_channel_and_item_itunes_tags(two):
    assert xpath(two, "/rss/@version") == ["2.0"]
    assert xpath(two, "/rss/channel/itunes:explicit/text()") == ["false"]  # §2.2 #8
    assert xpath(two, "/rss/channel/itunes:category/@text") == ["News"]
    assert xpath(two, "/rss/channel/itunes:category/itunes:category/@text") == ["Daily News"]
    assert xpath(two, "/rss/channel/itunes:owner/itunes:email/text()") == ["desk@example.org"]
    for date in xpath(two, "//item/pubDate/text()"):  # RFC 2822 with a zone (§2.2 #17)
        assert email.utils.parsedate_to_datetime(date).tzinfo is not None
    for duration in xpath(two, "//item/itunes:duration/text()"):
        assert duration.isdigit()


def test_tricky_text_round_trips_and_stays_escaped(two):
    assert two.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert "\U0001F600".encode() in two  # literal UTF-8, not character references
    (content,) = xpath(two, "//item[1]/content:encoded/text()")
    assert "Q&amp;A: &lt;i&gt;x&lt;/i&gt; ]]&gt;" in content  # HTML-escaped inside CDATA
    assert "<b>" not in content and "&lt;b&gt;tags&lt;/b&gt;" in content
    (description,) = xpath(two, "//item[1]/description/text()")
    assert "Text & <b>tags</b> ]]> \U0001F600" in description
    assert xpath(two, "//item[1]/title/text()") == [TRICKY]


def test_control_characters_are_dropped(out):
    make_episode(out / "bell", "Bell\x07 and\x0b tab")
    publish([out / "bell"], out / "feed.xml", SHOW, now=NOW)
    assert xpath((out / "feed.xml").read_bytes(), "//item/title/text()") == ["Bell and tab"]


def test_republishing_the_same_episode_leaves_the_feed_untouched(out, two):
    before = (out / "feed.xml").stat()
    result = publish([out / "newer"], out / "feed.xml", SHOW, now=NOW + dt.timedelta(days=1))
    assert result.written is False and result.updated == (TRICKY,) and result.items == 2
    assert (out / "feed.xml").read_bytes() == two
    assert (out / "feed.xml").stat().st_mtime_ns == before.st_mtime_ns


def test_renarrated_article_updates_its_item_in_place(out, two):
    make_episode(out / "older", "Older story, corrected", url="https://EXAMPLE.org/a#top",
                 created="2026-03-04T08:00:00+00:00", seconds=3.0)
    result = publish([out / "older"], out / "feed.xml", SHOW, now=NOW)
    data = (out / "feed.xml").read_bytes()
    assert result.written and result.updated == ("Older story, corrected",)
    assert xpath(data, "//item/title/text()") == [TRICKY, "Older story, corrected"]
    assert xpath(data, "//item[2]/pubDate/text()") == ["Sun, 01 Mar 2026 08:00:00 GMT"]
    assert xpath(data, "//item[2]/enclosure/@length") == [
        str((out / "older/older.mp3").stat().st_size)]
    assert xpath(data, "//item[2]/itunes:duration/text()") == ["3"]


def test_guid_comes_from_the_canonical_url_or_the_source_hash():
    guid = episode_guid("https://Example.org/a?utm_source=x&id=3#part", None)
    assert guid == episode_guid("https://example.org/a?id=3", "ignored")
    assert guid == str(uuid.uuid5(uuid.NAMESPACE_URL, "https://example.org/a?id=3"))
    assert episode_guid(None, "AB12") == episode_guid(None, "ab12")
    assert episode_guid(None, "ab12") != episode_guid(None, "ab13")
    assert canonical_url("https://example.org") == "https://example.org/"
    with pytest.raises(PublishError, match="stable guid"):
        episode_guid(None, None)


def test_podcast_guid_matches_the_spec_example():
    # podcast-namespace docs/tags/guid.md; STANDARDS.md §2.3 #21 [V].
    assert podcast_guid("https://podnews.net/rss/") == "9b024349-ccf0-5f69-a609-6b82873eab3c"


def test_podcast_guid_is_kept_when_the_feed_moves(out, two):
    kept = xpath(two, "/rss/channel/podcast:guid/text()")
    moved = show_from_dict({"title": "Test show", "base_url": "https://new.example.com/"})
    publish([out / "older"], out / "feed.xml", moved, now=NOW)
    data = (out / "feed.xml").read_bytes()
    assert xpath(data, "/rss/channel/podcast:guid/text()") == kept
    assert xpath(data, "//enclosure/@url")[1] == "https://new.example.com/older/older.mp3"


def test_a_guid_derived_from_the_preview_url_is_not_kept(out):
    make_episode(out / "one", "One")
    publish([out / "one"], out / "feed.xml", Show(), now=NOW)
    preview = xpath((out / "feed.xml").read_bytes(), "/rss/channel/podcast:guid/text()")
    assert preview == [podcast_guid("http://127.0.0.1:8000/feed.xml")]
    publish([out / "one"], out / "feed.xml", SHOW, now=NOW)
    assert xpath((out / "feed.xml").read_bytes(), "/rss/channel/podcast:guid/text()") == [
        podcast_guid("https://example.org/pod/feed.xml")]


def test_generated_cover_art_is_square_rgb_and_named_by_title(out, two):
    (href,) = xpath(two, "/rss/channel/itunes:image/@href")
    with Image.open(out / href.rsplit("/", 1)[1]) as image:
        assert image.format == "PNG" and image.mode == "RGB"
        assert image.size[0] == image.size[1] and 1400 <= image.size[0] <= 3000  # §2.2 #9
    renamed = show_from_dict({"title": "Another show", "base_url": "https://example.org/pod"})
    publish([out / "older"], out / "feed.xml", renamed, now=NOW)
    assert xpath((out / "feed.xml").read_bytes(), "/rss/channel/itunes:image/@href") != [href]


def test_configured_artwork_is_checked(out):
    make_episode(out / "one", "One")
    Image.new("RGB", (800, 600)).save(out / "small.png")
    show = show_from_dict({"image": "small.png"})
    with pytest.raises(PublishError, match="800x600; artwork must be square"):
        publish([out / "one"], out / "feed.xml", show)


def test_show_notes_list_the_chapters_and_fit_4000_bytes(out):
    chapters = [(f"Chapter {i} " + "\u00e9" * 60, i * 10, i * 10 + 10) for i in range(120)]
    make_episode(out / "long", "Long", chapters=chapters, description="x" * 5000)
    publish([out / "long"], out / "feed.xml", SHOW, now=NOW)
    data = (out / "feed.xml").read_bytes()
    for tag in ("description", "content:encoded"):
        (text,) = xpath(data, f"//item/{tag}/text()")
        assert len(text.encode()) <= 4000  # §2.2 #19
        assert text.count(DISCLOSURE) == 1 and "Chapter 0 " in text and "\u2026" in text


@pytest.mark.parametrize("damage, message", [
    (lambda f: (f / "episode.json").unlink(), "no episode.json"),
    (lambda f: (f / "one.mp3").write_bytes(b"short"), "has 5 bytes but episode.json says"),
    (lambda f: (f / "episode.json").write_text("{", encoding="utf-8"), "not valid JSON"),
    (lambda f: (f / "transcript.vtt").unlink(), "transcript.vtt is missing"),
])
def test_incomplete_episode_folders_are_refused(out, damage, message):
    damage(make_episode(out / "one", "One"))
    with pytest.raises(PublishError, match=message):
        publish([out / "one"], out / "feed.xml", SHOW)
    assert not (out / "feed.xml").exists()


def test_episode_outside_the_feed_folder_is_refused(tmp_path, out):
    make_episode(tmp_path / "elsewhere", "Elsewhere")
    with pytest.raises(PublishError, match="not inside the feed's folder"):
        publish([tmp_path / "elsewhere"], out / "feed.xml", SHOW)


def test_non_ascii_folder_names_are_refused(out):
    make_episode(out / "caf\u00e9", "Caf\u00e9")
    with pytest.raises(PublishError, match="ASCII A-Z a-z 0-9"):
        publish([out / "caf\u00e9"], out / "feed.xml", SHOW)


def test_a_corrupt_feed_is_never_overwritten(out):
    make_episode(out / "one", "One")
    (out / "feed.xml").write_text("<rss><channel><item>", encoding="utf-8")
    with pytest.raises(PublishError, match="not well-formed XML"):
        publish([out / "one"], out / "feed.xml", SHOW)
    assert (out / "feed.xml").read_text(encoding="utf-8") == "<rss><channel><item>"


def test_an_item_whose_audio_url_was_taken_over_is_replaced(out):
    make_episode(out / "story", "Story", source="first article")
    publish([out / "story"], out / "feed.xml", SHOW, now=NOW)
    make_episode(out / "story", "Story", source="a different article")  # same slug
    result = publish([out / "story"], out / "feed.xml", SHOW, now=NOW)
    assert result.items == 1 and result.added == ("Story",)
    assert "now holds another episode" in result.warnings[-1]


def test_chapters_json_is_podcasting_2_json(out, two):
    data = json.loads((out / "older/chapters.json").read_text(encoding="utf-8"))
    assert data["version"] == "1.2.0"
    starts = [c["startTime"] for c in data["chapters"]]
    assert starts == sorted(starts) and starts[0] == 0
