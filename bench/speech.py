"""Speech benchmark: figures as ratios against baselines measured in the same run.

1. Cold narration of the sample, end to end (the CLI, an empty clip cache), against its
   floor: the bare engine synthesizing the same sentences in one process on one thread,
   plus the bare MP3 encoder encoding audio of the same length as the episode (the
   sentences with the script's pauses). For 1 and 2 workers, for the default voice and
   the eSpeak voice; this tree and the previous release (``--rev``, main by default,
   run from ``git archive`` with this tree's environment) one after the other.
2. All three formats (MP3, M4A, Opus) from one cold narration against the MP3 alone
   (default voice, one worker per core), each run three times, alternating: the medians
   of the wall time and of the process tree's CPU time.
3. Re-render after changing one paragraph, against the cold run (default voice, one
   worker), for this tree and the previous release: three re-renders each, from copies
   of the cold run's cache, the trees taking turns; the median wall time and the CPU time
   of the whole process tree, each against the cold run's. Then the same edit in a
   process already running: `audio-article listen` (one worker, booted, its voice
   loaded) is sent the sample and then, three times, the sample with that paragraph
   changed anew, each as a dropped file; the time from sending it to its episode saved
   (every sidecar and the page written), against this tree's cold `narrate`. A fresh
   process cannot come near 0.15 of the cold run: starting Python, importing numpy,
   scipy.fft and onnxruntime and loading the voice cost a worker 0.6 to 0.7 s of the
   1.1 s a re-render takes on a quiet machine (cold: 6.3 s).
4. A 20,000-word article (the sample's sentences repeated) with the eSpeak voice: peak
   RSS of the whole process tree, and time per word against a 2,000-word article.

Run with `make bench` (or `.venv/bin/python bench/speech.py [--rev main]`). The machine
may be shared: compare the ratios, which are measured in the same run. The default
voice's engine files (speech/hibari_voice.py: made once per installation, kept in the
user's cache) are prepared before anything is timed, and the time that took is shown.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
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
    return timed_narration(source, voice, jobs, cache, out, src, formats)[0]


def timed_narration(source: Path, voice: str, jobs: int, cache: Path, out: Path,
                    src: Path = ROOT / "src", formats: str = "mp3") -> tuple[float, float]:
    """Wall and CPU seconds (the process tree's) of ``src``'s narration of ``source``."""
    args = [python(), "-m", "audio_article", "narrate", str(source), "--title", TITLE,
            "--voice", voice, "-j", str(jobs), "--cache-dir", str(cache), "-o", str(out)]
    if formats != "mp3":
        args += ["--format", formats]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env=environment(src),
                          cwd=src.parent)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{done.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def floor(source: Path, voice: str, tmp: Path) -> float:
    from audio_article.pipeline import NarrateOptions, prepare
    prepared = prepare(str(source), NarrateOptions(title=TITLE, voice=voice))
    return run_floor(prepared.profile, prepared.script.segments, tmp / f"floor-{voice}.json")


def run_floor(profile, segments, listing: Path) -> float:
    """Seconds FLOOR takes for ``segments``, voiced as ``profile`` voices them."""
    import dataclasses
    import json
    from audio_article.audio.mp3 import QUALITY
    sentences = [(dataclasses.asdict(profile.for_role(s.role)), s.spoken, s.pause_after_ms)
                 for s in segments]
    listing.write_text(json.dumps(sentences))
    start = time.perf_counter()
    subprocess.run([python(), "-c", FLOOR, str(listing), str(QUALITY)], capture_output=True,
                   check=True, env=environment(ROOT / "src"))
    return time.perf_counter() - start


def prepare_engine() -> None:
    """Make the default voice's engine files if this installation has none yet (the
    first narration after installing would otherwise pay for it)."""
    start = time.perf_counter()
    subprocess.run([python(), "-c", "from audio_article.speech.synth import warm; "
                    "warm('default')"], check=True, env=environment(ROOT / "src"))
    print(f"engine files ready: {time.perf_counter() - start:.2f} s (made once per "
          "installation when missing)", flush=True)


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


FORMAT_RUNS = 3


def formats_figure(tmp: Path) -> None:
    """2.: wall and CPU time (the process tree's) of each, medians of FORMAT_RUNS taking
    turns. On a shared machine the CPU ratio is the steadier one: a neighbour's burst
    lands on one run's wall time, not on the work it does."""
    runs: dict[str, list[tuple[float, float]]] = {"mp3": [], "mp3,m4a,opus": []}
    for attempt in range(FORMAT_RUNS):
        for formats in runs:
            cache = tmp / f"c-formats-{attempt}-{formats.replace(',', '-')}"
            runs[formats].append(timed_narration(SAMPLE, "default", os.cpu_count() or 1, cache,
                                                 tmp / "out", formats=formats))
    wall = {f: statistics.median(w for w, _ in r) for f, r in runs.items()}
    cpu = {f: statistics.median(c for _, c in r) for f, r in runs.items()}
    print(f"2. cold, MP3 + M4A + Opus / MP3 alone (medians of {FORMAT_RUNS}): wall "
          f"{wall['mp3,m4a,opus']:.2f} s / {wall['mp3']:.2f} s = "
          f"{wall['mp3,m4a,opus'] / wall['mp3']:.2f}; CPU {cpu['mp3,m4a,opus']:.2f} s / "
          f"{cpu['mp3']:.2f} s = {cpu['mp3,m4a,opus'] / cpu['mp3']:.2f} (wall of each run: "
          f"{ {f: [round(w, 2) for w, _ in r] for f, r in runs.items()} })   ({load()})",
          flush=True)


RERENDERS = 3


def rerender_figure(tmp: Path, rev: str, other: Path) -> None:
    edited = tmp / "edited.txt"
    edited.write_text(SAMPLE.read_text().replace("Twenty days later", "Twenty-one days later"))
    trees = {"this tree": ROOT / "src", rev: other}
    cold = {name: timed_narration(SAMPLE, "default", 1, tmp / f"c-cold-{n}", tmp / "out", src)
            for n, (name, src) in enumerate(trees.items())}
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
    for attempt in range(RERENDERS):
        for n, (name, src) in enumerate(trees.items()):
            cache = shutil.copytree(tmp / f"c-cold-{n}", tmp / f"c-edit-{n}-{attempt}")
            runs[name].append(timed_narration(edited, "default", 1, cache, tmp / "out", src))
    floor = rerender_floor(edited, tmp)
    for name in trees:
        wall = statistics.median(w for w, _ in runs[name])
        cpu = statistics.median(c for _, c in runs[name])
        (cold_wall, cold_cpu) = cold[name]
        print(f"3. re-render after one paragraph changed / cold, {name}: {wall:.2f} s / "
              f"{cold_wall:.2f} s = {wall / cold_wall:.2f} (median of {RERENDERS}; CPU "
              f"{cpu:.2f} s / {cold_cpu:.2f} s = {cpu / cold_cpu:.2f})   ({load()})",
              flush=True)
    (cold_wall, cold_cpu) = cold["this tree"]
    warm = warm_rerenders(tmp)
    print(f"3b. the same edit sent to a running `listen` (one worker, voice loaded), to the "
          f"episode saved / this tree's cold narrate: {statistics.median(warm):.2f} s / "
          f"{cold_wall:.2f} s = {statistics.median(warm) / cold_wall:.2f} (median of "
          f"{len(warm)}: {', '.join(f'{t:.2f}' for t in warm)})   ({load()})", flush=True)
    print(f"   the floor (as in 1.) for the {floor[2]} changed sentences alone: {floor[0]:.2f} s"
          f" = {floor[0] / cold_wall:.2f} of this tree's cold run (CPU {floor[1]:.2f} s = "
          f"{floor[1] / cold_cpu:.2f})", flush=True)


EDITS = ("Twenty-one days later", "Twenty-two days later", "Twenty-three days later")


def warm_rerenders(tmp: Path) -> list[float]:
    """Seconds from sending each edited sample to a running `listen` to its episode saved."""
    from stream import Listen

    server = Listen(tmp / "warm", jobs=1)
    try:
        server.wait_idle()
        server.first_audio(SAMPLE.read_bytes(), "application/octet-stream", "?name=sample.txt",
                           until_saved=True)
        times = []
        for edit in EDITS[:RERENDERS]:
            text = SAMPLE.read_text().replace("Twenty days later", edit).encode()
            server.wait_idle()
            start = time.perf_counter()
            server.first_audio(text, "application/octet-stream", "?name=sample.txt",
                               until_saved=True)
            times.append(time.perf_counter() - start)
        return times
    finally:
        server.close()


def rerender_floor(edited: Path, tmp: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds of the floor (FLOOR: a fresh process, the bare engine and
    encoder) for the segments ``edited`` has and the sample has not, and how many: what
    a re-render needs at least, whatever else it does."""
    from audio_article.pipeline import NarrateOptions, prepare

    options = NarrateOptions(title=TITLE, voice="default")
    before = {s.id for s in prepare(str(SAMPLE), options).script.segments}
    prepared = prepare(str(edited), options)
    changed = [s for s in prepared.script.segments if s.id not in before]
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = run_floor(prepared.profile, changed, tmp / "floor-changed.json")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - used.ru_utime) + (after.ru_stime - used.ru_stime), len(changed)


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
    prepare_engine()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "rev").mkdir()
        other = checkout(rev, Path(tmp) / "rev")
        cold_figures(Path(tmp), rev, other)
        formats_figure(Path(tmp))
        rerender_figure(Path(tmp), rev, other)
        long_figures(Path(tmp))


if __name__ == "__main__":
    main()
