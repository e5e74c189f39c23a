"""A real narration, published, served and read back: the whole path from an article to
a podcast app's view of it (DESIGN.md: narrate -> package -> publish)."""

from __future__ import annotations

import io
import threading

import feedparser
import podcastparser
import pytest
from mutagen.mp3 import MP3

from audio_article.publish import check_feed, make_server, publish, show_from_dict
from test_publish_support import request

ARTICLE = """Markets & <mood> after the storm

Shops reopened on Monday. Most streets were clear by noon.

## Prices

Bread cost a little more than last week.
"""


@pytest.mark.slow
def test_narrated_episode_is_published_served_and_read_back(tmp_path):
    from audio_article.pipeline import NarrateOptions, narrate

    source = tmp_path / "article.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "output"
    result = narrate(str(source), NarrateOptions(out_dir=out, voice="espeak", jobs=1,
                                                 cache_dir=tmp_path / "cache"))
    folder = result.files[0].parent
    server = make_server(out, "127.0.0.1", 0)
    port = server.server_address[1]
    show = show_from_dict({"title": "E2E", "owner_email": "e@example.org",
                           "base_url": f"http://127.0.0.1:{port}/"})
    published = publish([folder], out / "feed.xml", show)
    assert published.items == 1 and check_feed(out / "feed.xml", out) == []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        status, _, body = request(port, "GET", "/feed.xml")
        assert status == 200
        (entry,) = feedparser.parse(body).entries
        (episode,) = podcastparser.parse(f"http://127.0.0.1:{port}/feed.xml",
                                         io.BytesIO(body))["episodes"]
        mp3 = folder / f"{folder.name}.mp3"
        assert int(entry.itunes_duration) == episode["total_time"] == round(
            MP3(mp3).info.length)
        (enclosure,) = episode["enclosures"]
        path = enclosure["url"].split(f":{port}", 1)[1]
        status, headers, data = request(port, "GET", path, {"Range": "bytes=0-2"})
        assert status == 206 and data == b"ID3"  # the ID3v2 tag comes first
        assert int(headers["Content-Range"].rsplit("/", 1)[1]) == enclosure["file_size"]
    finally:
        server.shutdown()
        server.server_close()
