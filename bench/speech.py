"""Speech benchmark: figures as ratios against baselines measured in the same run.

1. Cold narration of the sample, end to end (the CLI, an empty clip cache), against its
   floor: the bare engine synthesizing the same sentences in one process on one thread,
   plus the bare MP3 encoder encoding audio of the same length as the episode (the
   sentences with the script's pauses). For 1 and 2 workers, for the default voice and
   the eSpeak voice; this tree and the previous release (``--rev``, main by default,
   run from ``git archive`` with this tree's environment) one after the other.
2. All three formats (MP3, M4A, Opus) from one cold narration against the MP3 alone
   (default voice, one worker per core), each run twice, alternating.
3. Re-render after changing one paragraph, against the cold run (default voice, one
   worker), for this tree and the previous release.
4. A 20,000-word article (the sample's sentences repeated) with the eSpeak voice: peak
   RSS of the whole process tree, and time per word against a 2,000-word article.

Run with `make bench` (or `.venv/bin/python bench/speech.py [--rev main]`). The machine
may be shared: compare the ratios, which are measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from revision import ROOT, checkout, environment, python

SAMPLE = ROOT / "src/audio_article/samples/kyiv-independent-20-days.txt"
TITLE = "Twenty days of Russia's full-scale war against Ukraine"

# The floor is a whole process too (interpreter, engine import and load included), as
# the CLI run it is compared with: the sentences come from a file written beforehand.
# It imports only the engine adapter (not the package's mixing code, and no scipy.signal)
# and the encoder, on one thread. The encoder gets exactly the product's settings
# (bitrate, quality, output rate pinned to the input rate): lameenc left to choose its own
# output rate resamples 44.1 kHz down inside LAME, which once made this floor 3-4 times
# slower to encode than the product. The audio it encodes is the engine's own, stretched
# to the programme rate by linear interpolation (cheap and speech-like; the product's
# polyphase resampling is part of the product's cost, not of the floor's), with the
# script's pauses as silence after each sentence: audio of the same length as the
# episode, as the issue defines the floor.
FLOOR = r"""
import json, os, sys
os.environ["OMP_NUM_THREADS"] = "1"
import numpy as np, lameenc
from importlib import metadata
from audio_article.config import VoiceSettings
engines = {ep.name: ep for ep in metadata.entry_points(group="audio_article.engines")}
loaded, clips = {}, []
for settings, spoken, pause_ms in json.load(open(sys.argv[1])):
    settings = VoiceSettings(**settings)
    if settings.engine not in loaded:
        loaded[settings.engine] = engines[settings.engine].load()()
    speech = loaded[settings.engine].synthesize(spoken, settings)
    n = len(speech.samples) * 44100 // speech.sample_rate
    x = np.interp(np.arange(n) * (speech.sample_rate / 44100), np.arange(len(speech.samples)),
                  speech.samples)
    clips.append((np.clip(x, -1, 1) * 32767).astype(np.int16))
    clips.append(np.zeros(pause_ms * 441 // 10, np.int16))
pcm = np.concatenate(clips)
enc = lameenc.Encoder(); enc.set_bit_rate(64); enc.set_in_sample_rate(44100)
enc.set_out_sample_rate(44100); enc.set_channels(1); enc.set_quality(int(sys.argv[2]))
for i in range(0, len(pcm), 44100 * 60):
    enc.encode(pcm[i:i + 44100 * 60].tobytes())
enc.flush()
"""


def narrate(source: Path, voice: str, jobs: int, cache: Path, out: Path,
            src: Path = ROOT / "src", formats: str = "mp3") -> float:
    """Seconds ``src``'s code takes to narrate ``source`` (the CLI, end to end)."""
    args = [python(), "-m", "audio_article", "narrate", str(source), "--title", TITLE,
            "--voice", voice, "-j", str(jobs), "--cache-dir", str(cache), "-o", str(out)]
    if formats != "mp3":
        args += ["--format", formats]
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env=environment(src),
                          cwd=src.parent)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def floor(source: Path, voice: str, tmp: Path) -> float:
    import dataclasses
    import json
    from audio_article.pipeline import NarrateOptions, prepare
    prepared = prepare(str(source), NarrateOptions(title=TITLE, voice=voice))
    sentences = [(dataclasses.asdict(prepared.profile.for_role(s.role)), s.spoken,
                  s.pause_after_ms) for s in prepared.script.segments]
    from audio_article.audio.mp3 import QUALITY
    listing = tmp / f"floor-{voice}.json"
    listing.write_text(json.dumps(sentences))
    start = time.perf_counter()
    subprocess.run([python(), "-c", FLOOR, str(listing), str(QUALITY)], capture_output=True,
                   check=True)
    return time.perf_counter() - start


def load() -> str:
    return "load average " + " ".join(f"{v:.2f}" for v in os.getloadavg())


def cold_figures(tmp: Path, rev: str, other: Path) -> None:
    print(f"1. cold narration of the sample / floor (bare engine + bare encoder), the floor "
          f"measured again before each run; this tree, then {rev}")
    for voice in ("default", "espeak"):
        for jobs in (1, 2):
            base = floor(SAMPLE, voice, tmp)
            ours = narrate(SAMPLE, voice, jobs, tmp / f"c-{voice}-{jobs}", tmp / "out")
            theirs = narrate(SAMPLE, voice, jobs, tmp / f"c-{rev}-{voice}-{jobs}",
                             tmp / "out", other)
            print(f"   {voice:8s} jobs={jobs}: {ours:6.2f} s / floor {base:6.2f} s = "
                  f"{ours / base:.2f}; {rev} {theirs:6.2f} s = {theirs / base:.2f}; "
                  f"this tree / {rev} {ours / theirs:.2f}   ({load()})", flush=True)


def formats_figure(tmp: Path) -> None:
    runs: dict[str, list[float]] = {"mp3": [], "mp3,m4a,opus": []}
    for attempt in range(2):
        for formats in runs:
            cache = tmp / f"c-formats-{attempt}-{formats.replace(',', '-')}"
            runs[formats].append(narrate(SAMPLE, "default", os.cpu_count() or 1, cache,
                                         tmp / "out", formats=formats))
    alone, all_three = sum(runs["mp3"]), sum(runs["mp3,m4a,opus"])
    print(f"2. cold, MP3 + M4A + Opus / MP3 alone: {all_three / 2:.2f} s / {alone / 2:.2f} s "
          f"= {all_three / alone:.2f} (runs: {runs})   ({load()})", flush=True)


def rerender_figure(tmp: Path, rev: str, other: Path) -> None:
    edited = tmp / "edited.txt"
    edited.write_text(SAMPLE.read_text().replace("Twenty days later", "Twenty-one days later"))
    for name, src in (("this tree", ROOT / "src"), (rev, other)):
        cache = tmp / f"c-rerender-{name.replace(' ', '-')}"
        cold = narrate(SAMPLE, "default", 1, cache, tmp / "out", src)
        warm = narrate(edited, "default", 1, cache, tmp / "out", src)
        print(f"3. re-render after one paragraph changed / cold, {name}: {warm:.2f} s / "
              f"{cold:.2f} s = {warm / cold:.2f}   ({load()})", flush=True)


def long_article(words: int, path: Path) -> Path:
    body = [line for line in SAMPLE.read_text().splitlines()[2:6]]
    text, count, n = [], 0, 0
    while count < words:
        paragraph = f"Part {n}. " + body[n % len(body)]
        text.append(paragraph)
        count += len(paragraph.split())
        n += 1
    path.write_text("\n\n".join(text) + "\n")
    return path


def long_run(words: int, tmp: Path) -> tuple[float, int, int]:
    """Wall seconds and peak RSS (kB) of the process tree and of the main process (which
    does the mixing and encoding) for a long eSpeak narration."""
    source = long_article(words, tmp / f"long-{words}.txt")
    args = [python(), str(ROOT / "bench/peak_rss.py"), python(), "-m", "audio_article",
            "narrate", str(source), "--title", f"Long {words}", "--voice", "espeak", "-j", "2",
            "--cache-dir", str(tmp / f"c-long-{words}"), "-o", str(tmp / "out")]
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    tree, main = done.stdout.strip().splitlines()[-1].split()
    return time.perf_counter() - start, int(tree), int(main)


def long_figures(tmp: Path) -> None:
    (small_s, small_tree, small_main) = long_run(2000, tmp)
    (large_s, large_tree, large_main) = long_run(20000, tmp)
    per_word = (large_s / 20000) / (small_s / 2000)
    print(f"4. 20,000 words, eSpeak, 2 workers: peak RSS {large_tree / 1024:.0f} MB for the "
          f"process tree, {large_main / 1024:.0f} MB for the mixing/encoding process "
          f"(2,000 words: {small_tree / 1024:.0f} / {small_main / 1024:.0f} MB); "
          f"time per word 20k / 2k = {per_word:.2f} ({large_s:.1f} s / {small_s:.1f} s)   "
          f"({load()})", flush=True)


def main() -> None:
    from audio_article.audio.mp3 import QUALITY

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", default="main", help="the previous release to compare with")
    rev = parser.parse_args().rev
    print(f"cores: {os.cpu_count()}, {load()}; MP3 64 kbps, LAME quality {QUALITY} "
          "(product and floor alike)", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "rev").mkdir()
        other = checkout(rev, Path(tmp) / "rev")
        cold_figures(Path(tmp), rev, other)
        formats_figure(Path(tmp))
        rerender_figure(Path(tmp), rev, other)
        long_figures(Path(tmp))


if __name__ == "__main__":
    main()
