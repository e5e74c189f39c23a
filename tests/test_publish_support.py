"""Helpers for the publish tests (no tests here): episode folders in the format
``audio_article.package`` writes, with a real MP3, and small HTTP and process helpers."""

from __future__ import annotations

import hashlib
import http.client
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import lameenc
import numpy as np

from audio_article import DISCLOSURE

SRC = Path(__file__).resolve().parent.parent / "src"
FEEDS = Path(__file__).resolve().parent / "data" / "feeds"
CREATED = "2026-03-01T09:00:00+00:00"


def tone_mp3(seconds: float, hz: float = 440.0, rate: int = 44100) -> bytes:
    """A real, decodable CBR MP3 (mono, 64 kbps) of a quiet sine tone."""
    t = np.arange(int(seconds * rate)) / rate
    pcm = (0.2 * 32767 * np.sin(2 * math.pi * hz * t)).astype(np.int16)
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(64)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(1)
    encoder.set_quality(7)
    return bytes(encoder.encode(pcm.tobytes()) + encoder.flush())


def _facts(path: Path) -> dict:
    data = path.read_bytes()
    return {"path": path.name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _vtt(chapters) -> str:
    cues = [f"{i}\n00:00:{s // 1000:02d}.{s % 1000:03d} --> 00:00:{e // 1000:02d}."
            f"{e % 1000:03d}\n<v Narrator>{t.replace('&', '&amp;').replace('<', '&lt;')}\n"
            for i, (t, s, e) in enumerate(chapters, 1)]
    return "WEBVTT\n\n" + "\n".join(cues)


def make_episode(folder: Path, title: str, *, seconds: float = 1.5, url: str | None = None,
                 description: str | None = None, authors=(), site_name: str | None = None,
                 language: str = "en", created: str = CREATED, source: str | None = None,
                 chapters=None, hz: float = 440.0) -> Path:
    """An episode folder as ``narrate`` leaves it: MP3, chapters.json, transcripts and
    episode.json last. ``chapters``: [(title, start_ms, end_ms)]."""
    folder.mkdir(parents=True, exist_ok=True)
    duration_ms = int(seconds * 1000)
    chapters = chapters or [("Introduction", 0, duration_ms // 3),
                            (title, duration_ms // 3, duration_ms)]
    mp3 = folder / f"{folder.name}.mp3"
    mp3.write_bytes(tone_mp3(seconds, hz))
    (folder / "chapters.json").write_text(json.dumps({"version": "1.2.0", "chapters": [
        {"startTime": s / 1000, "endTime": e / 1000, "title": t} for t, s, e in chapters]},
        indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "transcript.vtt").write_text(_vtt(chapters), encoding="utf-8")
    (folder / "transcript.srt").write_text(_vtt(chapters)[8:].replace(".", ","),
                                           encoding="utf-8")
    (folder / "transcript.html").write_text(
        f"<!DOCTYPE html><html lang={language}><title>t</title><p>{DISCLOSURE}</p></html>\n",
        encoding="utf-8")
    files = {"chapters": _facts(folder / "chapters.json"),
             "transcript_vtt": _facts(folder / "transcript.vtt"),
             "transcript_srt": _facts(folder / "transcript.srt"),
             "transcript_html": _facts(folder / "transcript.html"),
             "audio": {**_facts(mp3), "type": "audio/mpeg"}}
    manifest = {
        "format": "audio-article/episode", "format_version": 1, "title": title,
        "slug": folder.name, "disclosure": DISCLOSURE, "ai_generated": True,
        "language": language, "url": url, "authors": list(authors), "published": None,
        "site_name": site_name, "description": description, "duration_ms": duration_ms,
        "sample_rate": 44100, "bitrate_kbps": 64, "voice": "pyttsx3/gmw/en-us",
        "voice_profile": "espeak",
        "chapters": [{"title": t, "start_ms": s, "end_ms": e, "url": None, "image": None}
                     for t, s, e in chapters],
        "files": files,
        "provenance": {"generator": "audio-article 0.1.0", "source": url or "article.txt",
                       "source_sha256": hashlib.sha256((source or title).encode()).hexdigest(),
                       "ai_generated": True, "voices": {"body": "pyttsx3/gmw/en-us (2.99)"}},
        "created": created,
    }
    (folder / "episode.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False)
                                         + "\n", encoding="utf-8")
    return folder


def python(code: str, *args: str, **kwargs) -> subprocess.Popen:
    """A real Python process running ``code`` with the package importable."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), str(Path(__file__).parent),
                                                        os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def request(port: int, method: str, path: str, headers: dict | None = None):
    """(status, headers, body) of one real request to 127.0.0.1, with a timeout."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


# ----------------------------------------------------------------- golden feed cases
# Each folder in tests/data/feeds/ is a case: case.toml (the publish steps), an optional
# show.toml and existing.xml, the episode folders, and expected.xml. The episode folders
# are stored rather than rebuilt so the goldens do not move with the MP3 encoder;
# build_golden_inputs() is how they were made.

GOLDEN_EPISODES = {
    "defaults": {"episodes/twenty-days": dict(title="Twenty days", seconds=2.0,
                                              source="kyiv independent twenty days")},
    "two-episodes": {
        "episodes/sirens-over-kyiv": dict(
            title="Sirens over Kyiv", url="https://example.org/news/sirens-over-kyiv?utm_source=x",
            description="Air raid alerts lasted four hours overnight.",
            authors=("Olena Petrenko",), site_name="Example Daily",
            created="2026-03-01T06:30:00+00:00"),
        "episodes/grain-corridor": dict(
            title="The grain corridor, one year on", url="https://example.org/news/grain",
            description="Ships kept sailing.", authors=("A. Writer", "B. Editor"),
            site_name="Example Daily", created="2026-03-02T07:00:00+00:00", seconds=2.0,
            chapters=[("Introduction", 0, 400), ("Ports", 400, 1200), ("Prices", 1200, 2000)]),
    },
    "escaping": {
        "episodes/q-a-bold": dict(
            title='Q&A: <b>bold</b> ]]> "quotes" \u2014 \U0001F600 \u0645\u0631\u062d\u0628\u0627'
                  ' \u05e9\u05dc\u05d5\u05dd',
            description="Ends a CDATA ]]> early? & <script>alert(1)</script> \x07bell "
                        "\u202bRTL embed\u202c \U0001F1FA\U0001F1E6",
            authors=("\u0623\u062d\u0645\u062f \U0001F399",), url="https://example.org/\u043d\u043e\u0432\u0438\u043d\u0438?a=1&b=2",
            chapters=[("Intro & <setup>", 0, 500), ("]]> \u05e4\u05e8\u05e7", 500, 1500)],
            language="he"),
    },
    "update": {
        "episodes/first-story": dict(title="First story", source="first",
                                     created="2026-02-01T08:00:00+00:00"),
        "episodes/second-story": dict(title="Second story", source="second",
                                      created="2026-02-02T08:00:00+00:00"),
        # The first story narrated again: same source, longer audio, a new title.
        "episodes-v2/first-story": dict(title="First story (corrected)", source="first",
                                        seconds=2.5, created="2026-02-03T08:00:00+00:00",
                                        hz=330.0),
    },
}


def build_golden_inputs(root: Path = FEEDS) -> None:
    for case, episodes in GOLDEN_EPISODES.items():
        for relative, spec in episodes.items():
            make_episode(root / case / relative, **spec)
