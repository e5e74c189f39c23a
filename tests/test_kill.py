"""SIGKILL at random points of `narrate` and `publish` (seeded, 20 runs each): the episode
and feed that were there stay valid and complete, and the next run succeeds (no lock or
staging folder blocks it, none piles up). A warm clip cache and a tiny article keep each
run short.

`narrate`'s kill points come from its observed progress, not from the clock, so they land
mid-run however busy the machine is: each run waits for one of its steps to show on disk
(the staging folder, the finished audio in it, the sidecars, the manifest, the promoted
folder), then kills after a random part of the time that step took to the next in a
reference run."""

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
    took = finish(*narrate)  # warm: what a run takes with the sentences cached
    finish("publish", str(out / "kill-test"), "--feed", str(out / "feed.xml"))
    return base, out, narrate, took


# narrate's steps as they show in the output folder, in order (package/files.py: the
# staging folder holds the audio, then the sidecars, then episode.json, and is renamed).
STEPS = ("started", "staging", "audio", "sidecars", "manifest", "promoted")


def step_reached(out: Path, before: float) -> str:
    """The last step of a narration into ``out`` that shows, ``before`` being the
    episode's episode.json mtime when the run started."""
    staging = next(out.glob(".kill-test.partial-*"), None)
    if staging is not None:
        for step, name in (("manifest", "episode.json"), ("sidecars", "transcript.vtt"),
                           ("audio", "kill-test.mp3")):
            if (staging / name).exists():
                return step
        return "staging"
    try:
        if (out / "kill-test" / "episode.json").stat().st_mtime_ns != before:
            return "promoted"
    except OSError:
        pass
    return "started"


def watch(args: tuple[str, ...], out: Path, until: str | None = None,
          jitter: float = 0.0) -> tuple[subprocess.Popen, dict[str, float]]:
    """Start narrate and note when each step shows (polled); with ``until``, SIGKILL it
    ``jitter`` seconds after that step shows. Returns the process (ended) and the times."""
    before = (out / "kill-test" / "episode.json").stat().st_mtime_ns
    start = time.monotonic()
    proc, seen = cli(*args), {"started": 0.0}
    while proc.poll() is None:
        step = step_reached(out, before)
        seen.setdefault(step, time.monotonic() - start)
        if until is not None and until in seen and time.monotonic() - start >= seen[until] + jitter:
            # Only the main process is killed, not its process group: the harsher case,
            # as its synthesis workers are orphaned, maybe mid-segment.
            children = children_of(proc.pid)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            assert_gone(children)
            break
        time.sleep(0.002)
    proc.communicate(timeout=120)
    return proc, seen


def test_sigkill_during_narrate_keeps_the_episode(site):
    base, out, narrate, _took = site
    article = Path(narrate[1])
    _proc, reference = watch(narrate, out)
    rng = random.Random(SEED)
    landed = {step: 0 for step in STEPS}
    for run in range(KILLS):
        # A different last sentence each run: the episode really changes, and one
        # sentence is synthesized afresh.
        article.write_text(f"Title: Kill test\n\nThe council met on Monday. Run {run} "
                           "repaired the bridge.\n", encoding="utf-8")
        step = STEPS[run % len(STEPS)]
        following = [reference[s] for s in STEPS[STEPS.index(step) + 1:] if s in reference]
        gap = (following[0] if following else reference[step] + 0.05) - reference[step]
        proc, _seen = watch(narrate, out, step, rng.uniform(0, max(gap, 0.0) * 0.8))
        landed[step] += proc.returncode == -signal.SIGKILL
        assert_episode_complete(out / "kill-test")
        assert_feed_valid(out / "feed.xml", 1)
    print(f"narrate: kills that landed mid-run, by the step they followed: {landed}; "
          f"the steps in a run not killed: {reference}")
    # Most kills land mid-run, after several different steps (a step that lasts
    # milliseconds may pass between two looks at the folder).
    assert sum(landed.values()) >= KILLS // 2, landed
    assert sum(1 for count in landed.values() if count) >= 3, landed
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
    # The quickest of three: one slow first run (a busy machine) put most kills after
    # the end (5 of 20 landed once, under load).
    took = min(finish(*publish) for _ in range(3))
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

