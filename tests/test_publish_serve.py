"""The preview server, with real HTTP requests to 127.0.0.1 on a free port: HEAD and
Range (STANDARDS.md §2.1 #4), Content-Types that match the feed (§2.2 #14, §2.3 #23) and
CORS on transcripts and chapters (§2.3 #24)."""

from __future__ import annotations

import datetime as dt
import signal
import socket
import threading

import pytest
from lxml import etree

from audio_article.publish import make_server, publish, show_from_dict
from audio_article.publish.server import MAX_CONNECTIONS
from test_publish_support import make_episode, python, request

NOW = dt.datetime(2026, 3, 5, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A published folder served on a free port; yields (port, folder)."""
    root = tmp_path_factory.mktemp("site")
    make_episode(root / "story", "Story", seconds=2.0)
    (root / "empty").mkdir()  # a folder without a web page (issue 12) is not served
    publish([root / "story"], root / "feed.xml", show_from_dict({"title": "S"}), now=NOW)
    server = make_server(root, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], root
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_binds_to_loopback_by_default(tmp_path):
    server = make_server(tmp_path, port=0)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


@pytest.mark.parametrize("path", ["/feed.xml", "/story/story.mp3", "/story/chapters.json"])
def test_head_answers_200_with_the_length_and_no_body(site, path):
    port, root = site
    status, headers, body = request(port, "HEAD", path)
    assert status == 200 and body == b""
    assert int(headers["Content-Length"]) == (root / path.lstrip("/")).stat().st_size
    assert headers["Accept-Ranges"] == "bytes"


def test_range_gives_206_with_content_range(site):
    port, root = site
    data = (root / "story/story.mp3").read_bytes()
    status, headers, body = request(port, "GET", "/story/story.mp3", {"Range": "bytes=0-1"})
    assert status == 206 and body == data[:2]
    assert headers["Content-Range"] == f"bytes 0-1/{len(data)}"
    assert headers["Content-Length"] == "2"


@pytest.mark.parametrize("header, first, last", [
    ("bytes=100-", 100, None), ("bytes=-10", -10, None), ("bytes=5-999999999", 5, None),
])
def test_open_suffix_and_overlong_ranges(site, header, first, last):
    port, root = site
    data = (root / "story/story.mp3").read_bytes()
    status, headers, body = request(port, "GET", "/story/story.mp3", {"Range": header})
    expected = data[first:last]
    assert status == 206 and body == expected
    start = first % len(data)
    assert headers["Content-Range"] == f"bytes {start}-{len(data) - 1}/{len(data)}"


def test_head_with_range_gives_206_and_no_body(site):
    port, _ = site
    status, headers, body = request(port, "HEAD", "/feed.xml", {"Range": "bytes=0-9"})
    assert status == 206 and body == b"" and headers["Content-Length"] == "10"


def test_unsatisfiable_range_gives_416(site):
    port, root = site
    size = (root / "story/story.mp3").stat().st_size
    status, headers, _ = request(port, "GET", "/story/story.mp3",
                                 {"Range": f"bytes={size}-"})
    assert status == 416 and headers["Content-Range"] == f"bytes */{size}"


@pytest.mark.parametrize("header", ["bytes=0-1,4-5", "items=0-1"])  # bytes=5-2: 416
def test_ranges_we_may_ignore_give_the_whole_file(site, header):
    port, root = site
    status, _, body = request(port, "GET", "/story/story.mp3", {"Range": header})
    assert status == 200 and body == (root / "story/story.mp3").read_bytes()


def test_if_range_with_an_old_date_gives_the_whole_file(site):
    port, _ = site
    status, _, _ = request(port, "GET", "/story/story.mp3",
                           {"Range": "bytes=0-1", "If-Range": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert status == 200


@pytest.mark.parametrize("path, kind, cors", [
    ("/feed.xml", "application/rss+xml", False),
    ("/story/story.mp3", "audio/mpeg", False),
    ("/story/chapters.json", "application/json+chapters", True),
    ("/story/transcript.vtt", "text/vtt", True),
    ("/story/transcript.srt", "application/x-subrip", True),
    ("/story/transcript.html", "text/html", True),
    ("/story/episode.json", "application/json", True),
])
def test_content_types_and_cors(site, path, kind, cors):
    port, _ = site
    status, headers, _ = request(port, "HEAD", path)
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == kind
    assert (headers.get("Access-Control-Allow-Origin") == "*") is cors


def test_served_types_and_lengths_equal_the_feed(site):
    port, _ = site
    _, _, body = request(port, "GET", "/feed.xml")
    root = etree.fromstring(body)
    enclosure = root.find("channel/item/enclosure")
    path = enclosure.get("url").split(":8000", 1)[1]
    _, headers, _ = request(port, "HEAD", path)
    assert headers["Content-Type"] == enclosure.get("type")  # §2.2 #14
    assert headers["Content-Length"] == enclosure.get("length")  # §2.2 #13
    image = root.find("channel/{http://www.itunes.com/dtds/podcast-1.0.dtd}image").get("href")
    status, headers, _ = request(port, "GET", image.split(":8000", 1)[1], {"Range": "bytes=0-1"})
    assert status == 206 and headers["Content-Type"] == "image/png"  # artwork too (§2.1 #4)


def test_cors_preflight(site):
    port, _ = site
    status, headers, _ = request(port, "OPTIONS", "/story/transcript.vtt",
                                 {"Origin": "https://player.example", "Access-Control-Request-Headers": "range"})
    assert status == 204 and "Range" in headers["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("path", ["/.feed.xml.lock", "/empty", "/empty/", "/../../etc/passwd",
                                  "/%2e%2e/%2e%2e/etc/passwd", "/missing.mp3"])
def test_hidden_files_folders_and_escapes_are_not_served(site, path):
    port, _ = site
    status, _, body = request(port, "GET", path)
    assert status == 404 and b"root:" not in body


def test_a_symlink_out_of_the_folder_is_not_served(site, tmp_path):
    port, root = site
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (root / "leak.txt").symlink_to(tmp_path / "secret.txt")
    status, _, _ = request(port, "GET", "/leak.txt")
    assert status == 404


def test_serve_command_runs_until_interrupted(site):
    _, root = site
    proc = python("from audio_article.publish.cli import serve_command; serve_command()",
                  str(root), "--port", "0", "--quiet")
    try:
        line = proc.stderr.readline()  # "Serving ROOT at http://127.0.0.1:PORT/ (...)"
        assert "http://127.0.0.1:" in line, line
        port = int(line.split("http://127.0.0.1:", 1)[1].split("/", 1)[0])
        status, headers, _ = request(port, "GET", "/feed.xml", {"Range": "bytes=0-4"})
        assert status == 206 and headers["Content-Range"].startswith("bytes 0-4/")
        proc.send_signal(signal.SIGINT)
        _, errors = proc.communicate(timeout=60)  # well under a second, on a quiet machine
        assert proc.returncode == 0 and "Stopped." in errors, errors
    finally:
        proc.kill()
        proc.wait(timeout=10)


@pytest.mark.parametrize("started", [True, False], ids=["thread-running", "no-thread"])
def test_a_ctrl_c_while_a_connections_thread_starts_stops_serve(site, monkeypatch, started):
    """Ctrl-C can land in Thread.start() (in its wait for the new thread), before or after
    the thread runs: it must reach serve's loop, and the connection's place under the cap
    be given back once. It once came back twice, the ValueError that raised replaced the
    KeyboardInterrupt, socketserver printed it and served on (about one Ctrl-C in fifty)."""
    _, root = site
    server = make_server(root, "127.0.0.1", 0)
    real_start = threading.Thread.start

    def interrupted_start(thread):
        if started:
            real_start(thread)
            thread.join(5)  # served and gone, as a quick request can be before the wait ends
        raise KeyboardInterrupt

    monkeypatch.setattr(threading.Thread, "start", interrupted_start)
    client = socket.create_connection(server.server_address[:2], timeout=5)
    try:
        client.sendall(b"GET /feed.xml HTTP/1.0\r\n\r\n")
        with pytest.raises(KeyboardInterrupt):
            server.handle_request()
    finally:
        client.close()
        server.server_close()
    places = server.connections
    held = sum(places.acquire(blocking=False) for _ in range(MAX_CONNECTIONS + 1))
    assert held == MAX_CONNECTIONS  # every place free again, none given back twice
