"""batch and watch end to end, with the real CLI, the eSpeak voice, a real HTTP server,
real feed parsers, a real kill, and a real Dask LocalCluster of two workers."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import feedparser
import pytest

from audio_article.batch.sources import xml_links
from audio_article.batch.state import STATE_NAME
from audio_article.batch.watch import parse_interval
from audio_article.speech.cache import ClipCache
from http_support import QuietServer

pytestmark = pytest.mark.slow


def story(n: int, day: str = "Monday", sentences: int = 2) -> str:
    extra = " ".join(f"Crews worked on section {k}." for k in range(sentences - 2))
    return (f"Title: Story number {n}\n\nThe bridge in town {n} reopened on {day}. "
            f"Traffic moved slowly. {extra}\n")


def cli(*args: str, cwd: Path, cache: Path, check_rc: int | None = None,
        timeout: float = 300) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "audio_article", *args, "--voice", "espeak",
               "--cache-dir", str(cache)]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if check_rc is not None:
        assert done.returncode == check_rc, done.stderr
    return done


def statuses(stdout: str) -> dict[str, str]:
    """Source (file name or URL) -> status, from the summary table."""
    rows = [line.split(None, 2) for line in stdout.splitlines()
            if line.split(None, 1)[0] in ("narrated", "corrected", "unchanged", "failed")]
    return {Path(src.split(": ")[0]).name if "://" not in src else src.split(": ")[0]: status
            for status, _slug, src in rows}


def state(out: Path) -> dict[str, dict]:
    path = out / STATE_NAME
    if not path.exists():
        return {}
    return {Path(e["source"]).name: e for e in json.loads(path.read_text())["articles"]}


def feed_items(feed: Path) -> list:
    parsed = feedparser.parse(feed.read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return parsed.entries


def complete_episodes(out: Path) -> int:
    """Every visible folder is a whole episode (manifest present, files as it says), and
    every article the state records has one; returns how many episodes there are."""
    folders = [f for f in out.iterdir() if f.is_dir() and not f.name.startswith(".")]
    for folder in folders:
        manifest = json.loads((folder / "episode.json").read_text())
        for facts in manifest["files"].values():
            assert (folder / facts["path"]).stat().st_size == facts["bytes"]
    assert {e["slug"] for e in state(out).values()} <= {f.name for f in folders}
    return len(folders)


# --- batch from files: narrate, skip unchanged, correct one sentence --------------------

@pytest.fixture(scope="module")
def file_batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch-files")
    cache = root / "cache"
    for n in (1, 2):
        (root / f"s{n}.txt").write_text(story(n), encoding="utf-8")
    (root / "bad.txt").write_bytes(b"\x00\x01 not an article")
    (root / "list.txt").write_text("# today\ns2.txt\nbad.txt\n", encoding="utf-8")
    first = cli("batch", "s1.txt", "@list.txt", "-o", "out", "--publish", "-j", "1",
                cwd=root, cache=cache)
    guids = {e.title: e.id for e in feed_items(root / "out" / "feed.xml")}
    mtimes = {p: p.stat().st_mtime_ns for p in (root / "out").glob("*/*.mp3")}
    again = cli("batch", "s1.txt", "@list.txt", "-o", "out", "-j", "1", cwd=root, cache=cache)
    rewritten = [p for p, mtime in mtimes.items() if p.stat().st_mtime_ns != mtime]
    clips_before = ClipCache(cache).info().clips
    (root / "s1.txt").write_text(story(1, "Tuesday"), encoding="utf-8")
    edited = cli("batch", "s1.txt", "s2.txt", "-o", "out", "--publish", "-j", "1",
                 cwd=root, cache=cache)
    return dict(root=root, first=first, again=again, edited=edited, guids=guids,
                rewritten=rewritten, clips_voiced=ClipCache(cache).info().clips - clips_before)


def test_batch_narrates_files_and_a_list_and_one_failure_stops_nothing(file_batch):
    first = file_batch["first"]
    assert first.returncode == 1, first.stderr
    assert statuses(first.stdout) == {"s1.txt": "narrated", "s2.txt": "narrated",
                                      "bad.txt": "failed"}
    assert "bad.txt looks like a binary file" in first.stdout
    assert "2 narrated, 0 corrected, 0 unchanged, 1 failed" in first.stdout.splitlines()
    assert set(file_batch["guids"]) == {"Story number 1", "Story number 2"}
    complete_episodes(file_batch["root"] / "out")


def test_second_run_skips_unchanged_articles(file_batch):
    again = file_batch["again"]
    assert statuses(again.stdout) == {"s1.txt": "unchanged", "s2.txt": "unchanged",
                                      "bad.txt": "failed"}
    assert file_batch["rewritten"] == []


def test_an_edit_voices_one_sentence_and_keeps_slug_and_guid(file_batch):
    edited, root = file_batch["edited"], file_batch["root"]
    assert edited.returncode == 0, edited.stderr
    assert statuses(edited.stdout) == {"s1.txt": "corrected", "s2.txt": "unchanged"}
    assert file_batch["clips_voiced"] == 1  # only the edited sentence
    entries = feed_items(root / "out" / "feed.xml")
    assert {e.title: e.id for e in entries} == file_batch["guids"]  # same guids, once each
    corrected = next(e for e in entries if e.title == "Story number 1")
    assert "Corrected on " in corrected.summary
    assert sorted(p.name for p in (root / "out").iterdir() if not p.name.startswith(".")
                  and p.is_dir()) == ["story-number-1", "story-number-2"]
    transcript = (root / "out" / "story-number-1" / "transcript.vtt").read_text()
    assert "Tuesday" in transcript and "Monday" not in transcript


def test_two_articles_with_one_headline_keep_two_episodes(tmp_path):
    (tmp_path / "x.txt").write_text(story(9), encoding="utf-8")
    (tmp_path / "y.txt").write_text(story(9, "Friday"), encoding="utf-8")
    for _run in range(2):  # the second run finds both unchanged, each in its own folder
        done = cli("batch", "x.txt", "y.txt", "-o", "out", "-j", "1", cwd=tmp_path,
                   cache=tmp_path / "cache", check_rc=0)
    assert statuses(done.stdout) == {"x.txt": "unchanged", "y.txt": "unchanged"}
    assert {e["slug"] for e in state(tmp_path / "out").values()} == {
        "story-number-9", "story-number-9-2"}
    vtt = (tmp_path / "out" / "story-number-9-2" / "transcript.vtt").read_text()
    assert "Friday" in vtt


# --- a feed on a test HTTP server --------------------------------------------------------

class Site:
    """A tiny news site: pages and a feed, with ETags; logs every request."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.log: list[tuple[str, str | None, int]] = []  # (path, If-None-Match, status)
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                if self.path not in site.pages:
                    site.log.append((self.path, None, 404))
                    self.send_error(404)
                    return
                kind, body = site.pages[self.path]
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                asked = self.headers.get("If-None-Match")
                status = 304 if asked == etag else 200
                site.log.append((self.path, asked, status))
                self.send_response(status)
                self.send_header("ETag", etag)
                if status == 200:
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status == 200:
                    self.wfile.write(body)

            def log_message(self, *_args) -> None:
                pass

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def page(self, path: str, title: str, text: str) -> None:
        html = (f"<!doctype html><html lang=en><head><title>{title}</title></head><body>"
                f"<article><h1>{title}</h1><p>{text}</p></article></body></html>")
        self.pages[path] = ("text/html; charset=utf-8", html.encode())

    def feed(self, path: str, links: list[str]) -> None:
        items = "".join(f"<item><title>t</title><link>{self.url}{link}</link></item>"
                        for link in links)
        rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{items}' \
              "</channel></rss>"
        self.pages[path] = ("application/rss+xml", rss.encode())


@pytest.fixture()
def site():
    served = Site()
    yield served
    served.server.shutdown()
    served.server.server_close()


def test_batch_reads_a_feed_served_over_http(site, tmp_path):
    site.page("/news/a", "Harbour reopens", "The harbour reopened today. Boats returned.")
    site.page("/news/b", "Snow arrives", "Snow fell overnight. Schools stayed open.")
    site.feed("/feed.xml", ["/news/a", "/news/b"])
    done = cli("batch", f"{site.url}/feed.xml", f"{site.url}/gone.xml", "-o", "out",
               "--allow-private", "-j", "1", "--publish", cwd=tmp_path,
               cache=tmp_path / "cache", check_rc=1)
    assert statuses(done.stdout) == {f"{site.url}/news/a": "narrated",
                                     f"{site.url}/news/b": "narrated",
                                     f"{site.url}/gone.xml": "failed"}
    assert "gone.xml answered HTTP 404" in done.stdout
    entries = feed_items(tmp_path / "out" / "feed.xml")
    assert sorted(e.title for e in entries) == ["Harbour reopens", "Snow arrives"]
    manifest = json.loads((tmp_path / "out" / "harbour-reopens" / "episode.json").read_text())
    assert manifest["url"] == f"{site.url}/news/a"


def test_feed_atom_and_sitemap_links():
    atom = (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry>'
            b'<link rel="alternate" href="https://e.org/a"/><link rel="edit" href="x"/>'
            b'</entry><entry><link href="https://e.org/b"/></entry></feed>')
    sitemap = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
               b'sitemap/0.9"><url><loc> https://e.org/c </loc></url></urlset>')
    assert xml_links(atom) == ["https://e.org/a", "https://e.org/b"]
    assert xml_links(sitemap) == ["https://e.org/c"]
    assert xml_links(b"<!doctype html><html><p>story</p></html>") is None


def test_interval_parsing():
    assert [parse_interval(t) for t in ("90", "30s", "15m", "1h")] == [90, 30, 900, 3600]
    with pytest.raises(ValueError):
        parse_interval("soon")


# --- a kill mid-batch, then resume -------------------------------------------------------

def test_resume_after_kill_narrates_nothing_twice(tmp_path):
    count = 6
    for n in range(count):
        (tmp_path / f"s{n}.txt").write_text(story(n, sentences=6), encoding="utf-8")
    names = [f"s{n}.txt" for n in range(count)]
    command = [sys.executable, "-m", "audio_article", "batch", *names, "-o", "out", "-j",
               "1", "--voice", "espeak", "--cache-dir", str(tmp_path / "cache")]
    batch = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not state(tmp_path / "out") and time.monotonic() < deadline:
        time.sleep(0.01)
    # The batch and its synthesis workers, as a machine going down would: no chance to
    # clean up anything.
    os.killpg(batch.pid, signal.SIGKILL)
    batch.wait()
    done_before = state(tmp_path / "out")
    assert 0 < len(done_before) < count, "the batch was not killed mid-way"
    complete_episodes(tmp_path / "out")
    resumed = cli("batch", *names, "-o", "out", "-j", "1", cwd=tmp_path,
                  cache=tmp_path / "cache", check_rc=0)
    result = statuses(resumed.stdout)
    assert {name for name, status in result.items() if status == "unchanged"} == \
        set(done_before)
    assert {name for name, status in result.items() if status == "narrated"} == \
        set(names) - set(done_before)
    complete_episodes(tmp_path / "out")


# --- the Dask path -----------------------------------------------------------------------

def test_dask_local_cluster_of_two_workers(tmp_path):
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    names = []
    for n in range(5):
        (tmp_path / f"s{n}.txt").write_text(story(n), encoding="utf-8")
        names.append(f"s{n}.txt")
    (tmp_path / "bad.html").write_text("<html><body><nav>menu</nav></body></html>")
    done = cli("batch", *names, "bad.html", "-o", "out", "--workers", "2", "--publish",
               cwd=tmp_path, cache=tmp_path / "cache", check_rc=1)
    result = statuses(done.stdout)
    assert result.pop("bad.html") == "failed"
    assert set(result.values()) == {"narrated"} and len(result) == 5
    entries = feed_items(tmp_path / "out" / "feed.xml")
    assert sorted(e.title for e in entries) == [f"Story number {n}" for n in range(5)]
    assert len({e.id for e in entries}) == 5
    assert complete_episodes(tmp_path / "out") == 5


def test_dask_scheduler_address_with_workers_started_as_the_readme_says(tmp_path):
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    dask = Path(sys.executable).with_name("dask")
    if not dask.exists():
        pytest.skip(f"no dask command beside {sys.executable}")
    info = tmp_path / "scheduler.json"
    (tmp_path / "elsewhere").mkdir()  # the workers' own folder: relative paths break there
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    started = [subprocess.Popen([str(dask), *args, "--scheduler-file", str(info),
                                 "--no-dashboard"], env=env, cwd=tmp_path / "elsewhere",
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
               for args in (["scheduler", "--port", "0", "--host", "127.0.0.1"],
                            ["worker", "--nworkers", "1", "--nthreads", "1"])]
    try:
        address = scheduler_address(info, deadline=time.monotonic() + 60)
        for n in (1, 2):
            (tmp_path / f"s{n}.txt").write_text(story(n), encoding="utf-8")
        done = cli("batch", "s1.txt", "s2.txt", "-o", "out", "--scheduler", address,
                   cwd=tmp_path, cache=tmp_path / "cache", check_rc=0)
    finally:
        for process in reversed(started):
            process.terminate()
            process.wait(timeout=60)
    assert statuses(done.stdout) == {"s1.txt": "narrated", "s2.txt": "narrated"}
    assert complete_episodes(tmp_path / "out") == 2


def scheduler_address(info: Path, deadline: float) -> str:
    """The address in the scheduler's file, once it is there whole: dask creates the file
    before it writes it, and a loaded machine once read it empty in between."""
    while True:
        try:
            return json.loads(info.read_text())["address"]
        except (OSError, ValueError, KeyError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


# --- watch -------------------------------------------------------------------------------

def test_watch_picks_up_a_correction_and_stops_cleanly(site, tmp_path):
    site.page("/news/a", "Harbour reopens", "The harbour reopened today. Boats returned.")
    site.feed("/feed.xml", ["/news/a"])
    out = tmp_path / "out"
    command = [sys.executable, "-m", "audio_article", "watch", f"{site.url}/feed.xml",
               "--every", "0.5s", "-o", "out", "--allow-private", "--publish", "-j", "1",
               "--voice", "espeak", "--cache-dir", str(tmp_path / "cache")]
    watch = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: state(out).get("a") and (out / "feed.xml").exists(), watch)
        guid = feed_items(out / "feed.xml")[0].id
        wait_for(lambda: ("/news/a", state(out)["a"]["etag"], 304) in site.log, watch)
        site.page("/news/a", "Harbour reopens", "The harbour reopened on Friday. Boats "
                                                "returned.")
        wait_for(lambda: state(out)["a"]["corrected"], watch)
    finally:
        watch.send_signal(signal.SIGTERM)
        _stdout, stderr = watch.communicate(timeout=120)
    assert watch.returncode == 0, stderr
    assert "Stopped." in stderr
    lines = [line for line in stderr.splitlines() if "/news/a" in line]
    assert lines[0].split()[1] == "narrated" and "corrected" in {l.split()[1] for l in lines}
    (entry,) = feed_items(out / "feed.xml")
    assert entry.id == guid and "Corrected on " in entry.summary
    complete_episodes(out)


def wait_for(condition, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"watch exited early: {process.communicate()[1]}")
        if condition():
            return
        time.sleep(0.05)
    pytest.fail("timed out waiting for watch")
