"""Safe updates with real processes: two publishers at once lose no episode, a publisher
killed (SIGKILL) at any step leaves the previous feed whole, and a killed lock holder
never blocks the next publish (issue 7, "Safe updates").

The kill points are reached with Python audit hooks in the child process: the hook sends
SIGKILL to its own process when the publisher reaches the named system call, so the
process dies exactly there, with no change to the code under test.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from lxml import etree

from audio_article.publish import PublishError, check_feed, publish, show_from_dict
from test_publish_support import make_episode, python

SHOW_ARGS = {"title": "Safe", "owner_email": "desk@example.org",
             "base_url": "https://example.org/"}
SHOW = show_from_dict(SHOW_ARGS)
TIMEOUT_S = 30

PUBLISHER = f"""
import os, sys, time
from pathlib import Path
from audio_article.publish import publish, show_from_dict
feed, go, *dirs = sys.argv[1:]
Path(go + ".ready." + str(os.getpid())).touch()
deadline = time.monotonic() + {TIMEOUT_S}
while not os.path.exists(go) and time.monotonic() < deadline:
    time.sleep(0.002)
for folder in dirs:  # one publish per episode: many chances to interleave
    publish([Path(folder)], Path(feed), show_from_dict({SHOW_ARGS!r}))
"""

KILLER = f"""
import os, signal, sys
from pathlib import Path
event_name, feed, *dirs = sys.argv[1:]
folder, temp = str(Path(feed).parent), "." + Path(feed).name + "."

def at(event, args):
    first = str(args[0]) if args else ""
    if event != event_name.split(":")[0]:
        return
    if ((event == "fcntl.flock")
            or (event == "open" and event_name == "open:feed" and first == feed)
            or (event == "open" and event_name == "open:folder" and first == folder)
            or (event in ("tempfile.mkstemp", "os.chmod") and Path(first).name.startswith(temp))
            or (event == "os.rename" and str(args[1]) == feed)):
        os.kill(os.getpid(), signal.SIGKILL)

sys.addaudithook(at)
from audio_article.publish import publish, show_from_dict
publish([Path(d) for d in dirs], Path(feed), show_from_dict({SHOW_ARGS!r}))
"""

HOLDER = """
import sys, time
from pathlib import Path
from audio_article.publish.store import exclusive
with exclusive(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(60)
"""


def guids(feed: Path) -> list[str]:
    root = etree.fromstring(feed.read_bytes(), etree.XMLParser(recover=False))
    return [guid.text for guid in root.iter("guid")]


def wait(process, timeout: float = TIMEOUT_S) -> int:
    try:
        process.wait(timeout=timeout)
    except Exception:
        process.kill()
        raise
    return process.returncode


def test_two_publishers_at_once_lose_no_episode(tmp_path):
    out, go = tmp_path / "out", tmp_path / "go"
    batches = [[make_episode(out / f"{side}{n}", f"{side} {n}", source=f"{side}{n}",
                             created=f"2026-03-0{n + 1}T0{n}:00:0{int(side == 'b')}+00:00")
                for n in range(6)] for side in ("a", "b")]
    procs = [python(PUBLISHER, str(out / "feed.xml"), str(go), *map(str, batch))
             for batch in batches]
    deadline = time.monotonic() + TIMEOUT_S
    while len(list(tmp_path.glob("go.ready.*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()  # both start publishing now
    for proc in procs:
        assert wait(proc) == 0, proc.stderr.read()
    published = guids(out / "feed.xml")
    assert len(published) == len(set(published)) == 12
    assert check_feed(out / "feed.xml", out) == []
    assert not list(out.glob(".feed.xml.*.tmp"))


KILL_POINTS = [
    # (audit event, what the feed must hold afterwards)
    ("fcntl.flock", "old"),  # while taking the lock
    ("open:feed", "old"),  # holding the lock, reading the old feed
    ("tempfile.mkstemp", "old"),  # the temporary file just created, empty
    ("os.chmod", "old"),  # the temporary file written and fsynced, not renamed
    ("os.rename", "old"),  # about to rename
    ("open:folder", "new"),  # renamed, before the folder's fsync
]


@pytest.mark.parametrize("event, expect", KILL_POINTS)
def test_a_publisher_killed_mid_write_leaves_a_whole_feed(tmp_path, event, expect):
    out = tmp_path / "out"
    first = make_episode(out / "first", "First", source="first")
    second = make_episode(out / "second", "Second", source="second",
                          created="2026-03-02T09:00:00+00:00")
    publish([first], out / "feed.xml", SHOW)
    old = (out / "feed.xml").read_bytes()
    killed = python(KILLER, event, str(out / "feed.xml"), str(second))
    assert wait(killed) == -signal.SIGKILL, killed.stderr.read()
    if expect == "old":
        assert (out / "feed.xml").read_bytes() == old
    assert len(guids(out / "feed.xml")) == (1 if expect == "old" else 2)
    assert check_feed(out / "feed.xml", out) == []
    # The next publish is not blocked by the dead process's lock and clears its leftovers.
    result = publish([second], out / "feed.xml", SHOW, lock_timeout=5)
    assert result.items == 2 and check_feed(out / "feed.xml", out) == []
    assert not list(out.glob(".feed.xml.*.tmp"))


def test_kills_at_arbitrary_moments_leave_the_old_or_the_new_feed(tmp_path):
    """Besides the exact points above: SIGKILL at fractions of a measured run time."""
    out = tmp_path / "out"
    folders = [make_episode(out / f"e{n}", f"Episode {n}", source=f"e{n}",
                            created=f"2026-03-01T{n:02d}:00:00+00:00") for n in range(24)]
    publish(folders[:20], out / "feed.xml", SHOW)
    base = (out / "feed.xml").read_bytes()
    started = time.monotonic()
    assert wait(python(KILLER, "none", str(out / "feed.xml"), *map(str, folders[20:]))) == 0
    full_run = time.monotonic() - started
    for fraction in (0.5, 0.7, 0.8, 0.9, 0.95):
        (out / "feed.xml").write_bytes(base)
        proc = python(KILLER, "none", str(out / "feed.xml"), *map(str, folders[20:]))
        time.sleep(full_run * fraction)
        proc.send_signal(signal.SIGKILL)
        wait(proc)
        assert len(guids(out / "feed.xml")) in (20, 24)  # parses: never half written
        assert check_feed(out / "feed.xml", out) == []


def test_a_held_lock_times_out_and_a_killed_holder_releases_it(tmp_path):
    out = tmp_path / "out"
    episode = make_episode(out / "one", "One")
    holder = python(HOLDER, str(out / "feed.xml"))
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(PublishError, match="locked by another publish"):
            publish([episode], out / "feed.xml", SHOW, lock_timeout=0.3)
        assert time.monotonic() - started < 5
        assert not (out / "feed.xml").exists()
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        wait(holder)
    assert publish([episode], out / "feed.xml", SHOW, lock_timeout=5).items == 1
