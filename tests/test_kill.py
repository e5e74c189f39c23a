"""SIGKILL at random points of `narrate` and `publish` (seeded, 20 runs each, spread over
each command's real duration): the episode and feed that were there stay valid and
complete, and the next run succeeds (no lock or staging folder blocks it, none piles up).
A warm clip cache and a tiny article keep each run short."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

KILLS = 20
SEED = 14


def cli(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "audio_article", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def finish(*args: str) -> float:
    """Run to the end; the seconds it took."""
    start = time.monotonic()
    proc = cli(*args)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    return time.monotonic() - start


def kill_after(args: tuple[str, ...], seconds: float) -> bool:
    """Start the command, SIGKILL it after ``seconds``; True if it was still running.
    Its worker processes must end by themselves soon after."""
    proc = cli(*args)
    try:
        proc.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        # Only the main process is killed, not its process group: the harsher case, as
        # its synthesis workers are orphaned, maybe mid-segment.
        children = children_of(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert_gone(children)
        return True
    finally:
        proc.stdout.close()
        proc.stderr.close()


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def assert_gone(pids: list[int], within: float = 10.0) -> None:
    """Orphaned workers exit by themselves (each watches its parent)."""
    deadline = time.monotonic() + within
    while True:
        alive = [pid for pid in pids if _running(pid)]
        if not alive:
            return
        if time.monotonic() > deadline:
            for pid in alive:  # do not leak them past the test, then fail
                os.kill(pid, signal.SIGKILL)
            pytest.fail(f"orphaned worker processes still running: {alive}")
        time.sleep(0.1)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited (its new parent reaps it)


def assert_episode_complete(folder: Path) -> None:
    """episode.json lists every file with its size and SHA-256: they must all match (a
    folder half old, half new would not), and the MP3 must parse."""
    from mutagen.mp3 import MP3

    manifest = json.loads((folder / "episode.json").read_text(encoding="utf-8"))
    for facts in manifest["files"].values():
        data = (folder / facts["path"]).read_bytes()
        assert len(data) == facts["bytes"], facts["path"]
        assert hashlib.sha256(data).hexdigest() == facts["sha256"], facts["path"]
    audio = MP3(folder / manifest["files"]["audio"]["path"])
    assert abs(audio.info.length * 1000 - manifest["duration_ms"]) < 500


def assert_feed_valid(feed: Path, items: int) -> None:
    import feedparser

    parsed = feedparser.parse(feed.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == items
    assert all(e.enclosures for e in parsed.entries)


def leftovers(folder: Path) -> list[str]:
    """Hidden staging or temporary entries (the feed's lock file may stay: a flock on it
    dies with its holder, so it never blocks)."""
    return sorted(p.name for p in folder.iterdir()
                  if p.name.startswith(".") and not p.name.endswith(".lock"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("kill")
    out, cache = base / "out", base / "cache"
    article = base / "story.txt"
    article.write_text("Title: Kill test\n\nThe council met on Monday. It agreed to repair "
                       "the bridge, which opened in 1931.\n", encoding="utf-8")
    narrate = ("narrate", str(article), "-o", str(out), "--cache-dir", str(cache),
               "--voice", "espeak", "-j", "1")
    finish(*narrate)
    took = finish(*narrate)  # warm: the duration kills are spread over
    finish("publish", str(out / "kill-test"), "--feed", str(out / "feed.xml"))
    return base, out, narrate, took


def test_sigkill_during_narrate_keeps_the_episode(site):
    base, out, narrate, took = site
    article = Path(narrate[1])
    rng = random.Random(SEED)
    killed = 0
    for run in range(KILLS):
        # A different last sentence each run: the episode really changes, and one
        # sentence is synthesized afresh.
        article.write_text(f"Title: Kill test\n\nThe council met on Monday. Run {run} "
                           "repaired the bridge.\n", encoding="utf-8")
        killed += kill_after(narrate, rng.uniform(0.05, took * 1.2))
        assert_episode_complete(out / "kill-test")
        assert_feed_valid(out / "feed.xml", 1)
    print(f"narrate: {killed} of {KILLS} kills landed mid-run; the episode survived each")
    assert killed >= KILLS // 2  # most kills landed mid-run, not after it
    finish(*narrate)
    assert_episode_complete(out / "kill-test")
    assert leftovers(out) == []
    umask = os.umask(0o022)
    os.umask(umask)  # the swapped-in folder has the usual mode, not a temp folder's 0700
    assert (out / "kill-test").stat().st_mode & 0o777 == 0o777 & ~umask


def test_sigkill_during_publish_keeps_the_feed(site):
    base, out, _narrate, _took = site
    feed = out / "feed.xml"
    publish = ["publish", str(out / "kill-test"), "--feed", str(feed)]
    took = finish(*publish)
    rng = random.Random(SEED + 1)
    killed = 0
    for run in range(KILLS):
        show = base / f"show-{run}.toml"  # a new show title each run: the feed is rewritten
        show.write_text(f'[show]\ntitle = "Kill show {run}"\n', encoding="utf-8")
        killed += kill_after((*publish, "--show", str(show)), rng.uniform(0.02, took * 1.2))
        assert_feed_valid(feed, 1)
        assert_episode_complete(out / "kill-test")
    print(f"publish: {killed} of {KILLS} kills landed mid-run; the feed survived each")
    assert killed >= KILLS // 2
    finish(*publish)
    assert_feed_valid(feed, 1)
    assert leftovers(out) == []

