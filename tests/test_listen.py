"""The listen server's limits, through HTTP against the real `audio-article listen`: more
listens than renders and queue places get the busy answer, one article is one render
however many ask, posts from anywhere but the server's own page are refused, a render
whose listener leaves stops and saves nothing, and what a listener sends never names
a path. The page in a browser: tests/test_listen_browser.py."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from listen_support import (ArticleSite, ListenServer, long_article, partials, small_server,
                            wait_until, worker_pids)
from test_kill import _running, assert_gone

GRACE_S = 5  # listen/hub.py: how long a render nobody hears goes on


def upload(server: ListenServer, body: bytes, name: str = "story.html", **headers):
    return server.post(body, {"Content-Type": "application/octet-stream",
                              "X-Listen-Token": server.token(), **headers},
                       f"?name={name}")


def events(server: ListenServer, channel: str, until: str, timeout: float = 60) -> list[dict]:
    """The events of a render up to the first of type ``until``."""
    seen = []
    with urllib.request.urlopen(f"{server.url}live/{channel}/events", timeout=timeout) as s:
        for line in s:
            if line.startswith(b"data: "):
                seen.append(json.loads(line[6:]))
                if seen[-1]["type"] == until:
                    return seen
    raise AssertionError(f"the events ended before {until!r}: {seen}")


@pytest.fixture(scope="module")
def busy_server(tmp_path_factory):
    with small_server(tmp_path_factory, "busy") as server:
        yield server


def test_more_listens_than_renders_and_queue_get_the_busy_answer(busy_server):
    answers = [upload(busy_server, long_article(3000, f"Story {n}")) for n in range(3)]
    assert [status for status, _ in answers] == [200, 200, 503], answers
    assert answers[2][1]["error"].startswith("busy: 1 article(s) are being narrated and 1 "
                                             "are waiting")
    queued = events(busy_server, answers[1][1]["id"], "queued")
    assert queued[-1] == {"type": "queued", "position": 1}


def test_one_article_is_one_render_however_many_ask(busy_server):
    article = long_article(3000, "Story 0")  # the one the test above started
    first, second = upload(busy_server, article), upload(busy_server, article)
    assert first[0] == second[0] == 200
    assert first[1]["id"] == second[1]["id"]


@pytest.mark.parametrize("headers", [
    {"Origin": "http://evil.example"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},
    {"X-Listen-Token": ""},
    {"X-Listen-Token": "1700000000.0123456789abcdef"},
], ids=["origin", "cross-site", "same-site", "no-token", "forged-token"])
def test_posts_from_elsewhere_are_refused(busy_server, headers):
    status, answer = upload(busy_server, b"Title: Nope\n\nNothing.\n", "nope.txt", **headers)
    assert status == 403
    assert answer["error"].startswith("Refused: this request did not come from the listen "
                                      "page")


def test_a_form_post_without_the_pages_token_is_refused(busy_server):
    status, _ = busy_server.post(b"url=https%3A%2F%2Fexample.com%2F",
                                 {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403


def test_another_host_name_gets_nothing(busy_server):
    """A page whose DNS name is rebound to 127.0.0.1 would send its own Host."""
    request = urllib.request.Request(busy_server.url, headers={
        "Host": f"rebound.example:{busy_server.port}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 421


@pytest.mark.parametrize("link, message", [
    ("file:///etc/passwd", "only http and https URLs can be fetched"),
    ("", "paste an article's link"),
])
def test_a_bad_link_gets_a_clear_answer(busy_server, link, message):
    token = busy_server.token()
    body = urllib.parse.urlencode({"token": token, "url": link}).encode()
    status, answer = busy_server.post(body, {
        "Content-Type": "application/x-www-form-urlencoded", "Origin": busy_server.url[:-1]})
    assert status == 400 and message in answer["error"]


def test_files_are_read_within_the_article_cap(busy_server):
    too_big = urllib.request.Request(
        f"{busy_server.url}listen?name=big.txt", data=b"x" * 10,
        headers={"Content-Type": "application/octet-stream", "Accept": "application/json",
                 "X-Listen-Token": busy_server.token(), "Content-Length": str(11 << 20)})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(too_big, timeout=30)
    assert refused.value.code == 400
    assert json.loads(refused.value.read())["error"] == "the file is larger than 10 MB"
    assert upload(busy_server, b"  \n")[1] == {"error": "the file is empty"}


def test_the_last_listener_leaving_stops_the_render_and_nothing_is_saved(tmp_path):
    with ArticleSite({"/a": long_article(3000, "Left behind")}) as site, \
            ListenServer(tmp_path, "--allow-private") as server:
        body = urllib.parse.urlencode({"token": server.token(), "url": site.url("/a")})
        status, answer = server.post(body.encode(), {
            "Content-Type": "application/x-www-form-urlencoded"})
        assert status == 200, answer
        audio = server.url + answer["audio"][1:]
        with urllib.request.urlopen(audio, timeout=60) as first, \
                urllib.request.urlopen(audio, timeout=60) as second:
            assert first.read(20_000)[:3] == second.read(20_000)[:3] == b"ID3"  # it plays
            workers = worker_pids(server.pid)
            first.close()  # one listener leaves: the other still needs the render
            time.sleep(GRACE_S + 2)
            assert all(_running(pid) for pid in workers)
        # ...and the last listener leaves: the render's workers exit, nothing is saved.
        assert_gone(workers, within=60)
        wait_until(lambda: not partials(server.out), 30, "the staging folder to go")
        assert not list(server.out.glob("*/episode.json"))


def test_a_listeners_file_name_never_names_a_path(tmp_path):
    with ListenServer(tmp_path, "-j", "1") as server:
        status, answer = upload(server, b"Title: Safe and sound\n\nA short story.\n",
                                "..%2F..%2F..%2Ftmp%2Fescaped.txt")
        assert status == 200, answer
        assert events(server, answer["id"], "saved")[-1]["slug"] == "safe-and-sound"
    assert sorted(p.name for p in server.out.iterdir()) == ["index.html", "safe-and-sound"]
    assert not (tmp_path / "escaped.txt").exists()


def test_watch_listen_streams_the_newest_article_then_its_episode(tmp_path):
    import subprocess
    import sys

    from audio_article.live.tap import audio_frames

    with ArticleSite({"/feed-item": long_article(400, "Watched story")}) as site:
        watch = subprocess.Popen(
            [sys.executable, "-m", "audio_article", "watch", site.url("/feed-item"),
             "--listen", "0", "--every", "4s", "--max-polls", "2", "--allow-private",
             "--voice", "espeak", "-o", str(tmp_path / "out"), "--cache-dir",
             str(tmp_path / "cache")], stderr=subprocess.PIPE, text=True)
        try:
            url = re.search(r"http://127\.0\.0\.1:\d+/", watch.stderr.readline()).group(0)
            wait_until(lambda: _status(url + "latest/audio.mp3") == 200, 120,
                       "the newest article's stream")
            with urllib.request.urlopen(url + "latest/audio.mp3", timeout=120) as stream:
                streamed = stream.read()  # to its end: the whole programme
            wait_until(lambda: _status(url + "latest/").endswith("/watched-story/"), 60,
                       "/latest/ to lead to the saved episode")
            assert watch.wait(timeout=120) == 0
        finally:
            watch.kill()
            watch.stderr.close()
    saved = (tmp_path / "out/watched-story/watched-story.mp3").read_bytes()
    assert audio_frames(streamed) == audio_frames(saved)


def _status(url: str):
    """200 for a stream that is there; a page's address after its redirects."""
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status if url.endswith(".mp3") else answer.url
    except urllib.error.HTTPError as error:
        return error.code


def test_a_listen_is_published_when_the_listener_asks(tmp_path):
    with ListenServer(tmp_path, "-j", "1", "--publish") as server:
        page = urllib.request.urlopen(server.url, timeout=30).read().decode()
        assert 'name="publish"' in page  # offered only by a server started with --publish
        answers = [server.post(b"Title: %s\n\nA short story.\n" % title.encode(), {
            "Content-Type": "application/octet-stream", "X-Listen-Token": server.token()},
            f"?name=s.txt&publish={flag}") for title, flag in (("Kept", "1"), ("Not", ""))]
        assert [status for status, _ in answers] == [200, 200], answers
        # Both followed from the start: a queued listen nobody follows is dropped.
        followed = [urllib.request.urlopen(f"{server.url}live/{answer['id']}/events",
                                           timeout=120) for _status, answer in answers]
        for stream in followed:
            with stream:
                assert any(b'"type": "saved"' in line for line in stream)
    feed = (server.out / "feed.xml").read_text(encoding="utf-8")
    assert "<title>Kept</title>" in feed and "<title>Not</title>" not in feed
    assert (server.out / "not/episode.json").is_file()  # saved all the same
