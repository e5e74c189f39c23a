"""The live render (live/): the stream is the episode's audio frames as they are made,
its cues and chapters are the episode's, `narrate --stream -` writes it to a pipe, and a
render whose listener leaves stops and leaves nothing behind.

Real engine (eSpeak NG through pyttsx3), real encoder, ffmpeg to decode; a slow engine
from tests/engines only to make a render fall behind playback.
"""

from __future__ import annotations

import hashlib
import os
import pty
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audio_article.audio.decode import decode_mp3
from audio_article.live import (Audio, AudioEnded, ChapterReached, CueReached, Saved,
                                Started, stream_episode)
from audio_article.live.pace import Arrival, Pace, margin, recent_pace, underruns
from audio_article.live.tap import audio_frames
from audio_article.pipeline import NarrateOptions
from listen_support import worker_pids
from test_faults import faulty  # noqa: F401 - a fixture
from test_kill import assert_gone

ARTICLE = """Title: Ferry service returns to the island
By: Mira Holt
Site: Harbour News

The ferry to the island runs again from Monday, after a winter of repairs to the pier.
Four crossings a day are planned.

## Tickets

Tickets cost the same as last year. Children under five travel free.

## The new pier

The pier is longer and wider. Wheelchair users can board without help.
"""
# The CLI's decoder delay: a stream has no LAME tag to tell a decoder to skip it.
LEAD_IN = 576 + 529


@pytest.fixture(scope="module")
def article(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("live") / "ferry.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def streamed(article, tmp_path_factory):
    """Every event of one live render (eSpeak, two workers, an empty clip cache)."""
    out = tmp_path_factory.mktemp("out")
    options = NarrateOptions(out_dir=out, voice="espeak", jobs=2,
                             cache_dir=tmp_path_factory.mktemp("cache"))
    return list(stream_episode(str(article), options))


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


def test_the_stream_is_the_saved_episode_frame_for_frame(streamed, tmp_path):
    started, (saved,) = of(streamed, Started)[0], of(streamed, Saved)
    stream = started.head + b"".join(a.data for a in of(streamed, Audio))
    mp3 = Path(saved.result.episode.audio_path).read_bytes()
    assert audio_frames(stream) == audio_frames(mp3)
    assert audio_frames(mp3) != mp3  # the file has its tag and Info frame besides
    # A real decoder hears the same samples, later by the delay the file's tag trims.
    (tmp_path / "stream.mp3").write_bytes(stream)
    heard, rate = decode_mp3(tmp_path / "stream.mp3")
    episode, _ = decode_mp3(saved.result.episode.audio_path)
    assert rate == 44100
    assert np.array_equal(heard[LEAD_IN:LEAD_IN + len(episode)], episode)


def test_events_come_in_order_with_the_episodes_times(streamed):
    episode = of(streamed, Saved)[0].result.episode
    cues = [(c.start_ms, c.end_ms, c.text, c.role) for c in of(streamed, CueReached)]
    assert cues == [(c.start_ms, c.end_ms, c.text, c.role) for c in episode.cues]
    chapters = [(c.title, c.start_ms) for c in of(streamed, ChapterReached)]
    assert chapters == [(c.title, c.start_ms) for c in episode.chapters]
    audio = of(streamed, Audio)
    assert [a.start_ms for a in audio[1:]] == [a.end_ms for a in audio[:-1]]
    assert of(streamed, AudioEnded)[0].duration_ms == episode.duration_ms == audio[-1].end_ms
    # A sentence is announced with (after) the audio it is in, never before it.
    sent_ms = 0
    for event in streamed:
        if isinstance(event, Audio):
            sent_ms = event.end_ms
        elif isinstance(event, CueReached):
            assert event.end_ms <= sent_ms
    assert isinstance(streamed[-1], Saved)


def test_the_stream_starts_with_a_tag_that_discloses(streamed, tmp_path):
    from mutagen.id3 import ID3

    path = tmp_path / "head.mp3"
    path.write_bytes(of(streamed, Started)[0].head)
    tag = ID3(path)
    assert tag["TIT2"].text == ["Ferry service returns to the island"]
    assert tag["COMM::eng"].text == ["This audio is created with AI assistance."]
    assert tag["TXXX:AI_GENERATED"].text == ["true"]


def cli(*args, stdout=subprocess.PIPE, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "audio_article", *args], timeout=300,
                          stdout=stdout, stderr=subprocess.PIPE, **kwargs)


def sidecars(folder: Path) -> dict[str, str]:
    names = [p for p in sorted(folder.iterdir()) if p.suffix in (".mp3", ".vtt", ".srt")
             or p.name == "chapters.json"]
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in names}


def test_narrate_stream_writes_the_mp3_to_stdout_and_saves_the_same_episode(article,
                                                                            tmp_path):
    cache = ["--cache-dir", str(tmp_path / "cache"), "--voice", "espeak"]
    live = cli("narrate", str(article), "--stream", "-", "-o", str(tmp_path / "a"), *cache)
    assert live.returncode == 0, live.stderr.decode()
    folder = tmp_path / "a/ferry-service-returns-to-the-island"
    assert f"{folder}/episode.json" in live.stderr.decode()  # the paths go to stderr
    mp3 = (folder / f"{folder.name}.mp3").read_bytes()
    assert live.stdout[:3] == b"ID3" and audio_frames(live.stdout) == audio_frames(mp3)
    normal = cli("narrate", str(article), "-o", str(tmp_path / "b"), *cache)
    assert normal.returncode == 0, normal.stderr.decode()
    assert sidecars(folder) == sidecars(tmp_path / "b" / folder.name)


def test_a_player_that_quits_ends_the_stream_not_the_episode(article, tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "audio_article", "narrate", str(article),
                             "--stream", "-", "--voice", "espeak", "-o", str(tmp_path / "o"),
                             "--cache-dir", str(tmp_path / "cache")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.read(4096)[:3] == b"ID3"
    proc.stdout.close()  # the player quits
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    assert b"the stream's reader has gone" in err and b"Traceback" not in err
    assert list((tmp_path / "o").glob("*/*.mp3"))


def test_stream_to_a_terminal_is_refused(article, tmp_path):
    controller, terminal = pty.openpty()
    try:
        done = cli("narrate", str(article), "--stream", "-", "-o", str(tmp_path / "o"),
                   "--voice", "espeak", stdout=terminal)
    finally:
        os.close(controller)
        os.close(terminal)
    assert done.returncode == 1
    assert done.stderr.decode().strip().splitlines()[-1].startswith(
        "Error: --stream - writes MP3 to standard output")
    assert not (tmp_path / "o").exists()


def test_leaving_early_stops_the_render_and_saves_nothing(article, tmp_path):
    out = tmp_path / "out"
    options = NarrateOptions(out_dir=out, voice="espeak", jobs=2, cache_dir=tmp_path / "c")
    events = stream_episode(str(article), options)
    workers = []
    for event in events:
        if isinstance(event, Audio) and event.data:
            workers = worker_pids(os.getpid())
            break
    assert workers, "the synthesis workers were running"
    events.close()  # the listener leaves: the render is stopped before this returns
    assert_gone(workers)
    assert not out.exists() or not any(out.iterdir())


def test_a_render_slower_than_playback_says_so(faulty, tmp_path):  # noqa: F811
    _tmp, profile, env = faulty
    source = tmp_path / "slow.txt"
    source.write_text("Title: Slow\n\n" + " ".join(
        f"Sentence {n} fault-slow here." for n in range(4)) + "\n")
    done = cli("narrate", str(source), "--voice", str(profile), "--stream", "-", "-j", "2",
               "-o", str(tmp_path / "o"), "--cache-dir", str(tmp_path / "c"), env=env)
    assert done.returncode == 0, done.stderr.decode()
    assert ("Note: the narration is being made more slowly than 1x playback here"
            in done.stderr.decode())


# --- pace: pure arithmetic ------------------------------------------------------------

def test_margin_and_pace():
    arrivals = [Arrival(10.0, 4.0), Arrival(12.0, 8.0), Arrival(14.0, 9.0)]
    assert margin(arrivals, 1.0) == 9.0 - 4.0
    assert margin(arrivals, 2.0) == 9.0 - 8.0
    assert recent_pace(arrivals, window_s=3.0) == 0.5  # 1 s of audio in the last 2 s
    assert recent_pace(arrivals[:1]) == float("inf")


def test_underruns_count_each_wait():
    # 4 s of audio at once, then 4 s more after 6 s: a 1x listener waits 2 s, once.
    arrivals = [Arrival(0.0, 4.0), Arrival(6.0, 8.0), Arrival(6.5, 12.0)]
    assert underruns(arrivals, 1.0) == 1
    assert underruns(arrivals, 1.0, buffer_s=2.0) == 0
    assert underruns(arrivals, 2.0) == 1
    assert underruns([Arrival(0.0, 2.0), Arrival(1.0, 4.0), Arrival(2.0, 6.0)], 2.0) == 0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 5), st.floats(0, 5)), min_size=1, max_size=40))
def test_faster_listeners_wait_at_least_as_often(steps):
    arrivals, wall, audio = [], 0.0, 0.0
    for dt, da in steps:
        wall, audio = wall + dt, audio + da
        arrivals.append(Arrival(wall, audio))
    assert underruns(arrivals, 1.0) <= underruns(arrivals, 2.0)
    # Waiting for everything before starting never stalls.
    assert underruns(arrivals, 2.0, buffer_s=wall - arrivals[0].wall_s) == 0


def test_pace_warns_once_per_speed_until_the_render_pulls_ahead():
    pace = Pace()
    assert pace.arrived(0.0, 2.0) == []
    assert pace.arrived(1.5, 3.0) == [1.0, 2.0]  # 1 s of audio in 1.5 s: behind both
    assert pace.arrived(3.0, 4.0) == []  # said once
    assert pace.arrived(4.0, 60.0) == []  # far ahead again: the warnings re-arm
    assert pace.arrived(20.0, 61.0) == []
    assert pace.arrived(28.0, 62.5) == [2.0]  # 6.5 s ahead of a 2x listener, and slow
