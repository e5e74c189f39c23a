"""Listen-now benchmark (issue 22): how soon an article starts playing, whether playback
ever catches up with the render, and whether the saved episode is a normal render's.

All with the default voice and two workers, every article new to the clip cache (each
run's sentences differ), against a full render measured in the same run:

1. Baseline: a normal `narrate` of a 1,000-word article, to the finished episode.
2. Time to first playable audio (the ID3 head and one whole MP3 frame received), five
   times each, median and worst:
   a. `narrate FILE --stream -`, a cold process (interpreter, imports, workers booting);
   b. `audio-article listen`, a file sent as the page sends a dropped one;
   c. `audio-article listen`, a link to a local test server (the server idle between
      listens, its spare workers booted, as a server that has been up a while);
   d. the same link again once it was saved: from the clip cache.
3. A 20,000-word article streamed (the library's stream_episode): stalls a listener at
   1x and at 2x meets, starting the moment the first audio comes (no buffer); then a
   normal `narrate` of it from an empty cache: its time, and whether its MP3's audio
   frames and its chapters and transcripts are the streamed render's, byte for byte.

    .venv/bin/python bench/stream.py [--words 20000] [--runs 5]

The machine's load average is printed with every figure: on a shared machine, rerun
when it is quieter if a figure is near its bound.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src/audio_article/samples/kyiv-independent-20-days.txt"
sys.path.insert(0, str(ROOT / "src"))
NAMES = ("amber", "birch", "cedar", "delta", "ember", "fjord", "grove", "harbor", "island",
         "juniper", "kestrel", "lagoon", "meadow", "nutmeg", "orchid", "prairie")


def python() -> str:
    venv = ROOT / ".venv/bin/python"
    return str(venv) if venv.exists() else sys.executable


def load() -> str:
    return "load " + " ".join(f"{v:.2f}" for v in os.getloadavg())


def article(words: int, tag: str) -> str:
    """A plain-text article of about ``words`` words, every sentence marked with ``tag``
    and a counter, so no sentence is in the clip cache yet; a section every ten
    paragraphs."""
    sentences = [s.strip() + "." for s in SAMPLE.read_text(encoding="utf-8").split(".")
                 if len(s.split()) > 6 and ":" not in s]
    lines, count, n = [f"Title: The {tag} report", "By: Bench Desk", ""], 0, 0
    while count < words:
        if n % 10 == 0:
            lines += [f"## Part {n // 10 + 1} of the {tag} report", ""]
        name = f"{NAMES[n % len(NAMES)]} {NAMES[n // len(NAMES) % len(NAMES)]}"
        text = f"At the {tag} {name} post, {sentences[n % len(sentences)]}"
        lines += [text, ""]
        count += len(text.split())
        n += 1
    return "\n".join(lines)


def playable(data: bytes) -> bool:
    """The ID3 head and one whole MPEG frame after it have arrived."""
    from audio_article.audio.mp3 import frame_length

    start = 0
    if data[:3] == b"ID3" and len(data) >= 10:
        size = 0
        for byte in data[6:10]:
            size = size << 7 | byte & 0x7F
        start = 10 + size
    return len(data) >= start + 4 and len(data) >= start + frame_length(data[start:start + 4])


def summary(times: list[float]) -> str:
    return f"median {statistics.median(times):.2f} s, worst {max(times):.2f} s"


# --- 1 and 2a: the CLI --------------------------------------------------------------

def narrate(source: Path, cache: Path, out: Path, *extra: str) -> tuple[float, list[Path]]:
    args = [python(), "-m", "audio_article", "narrate", str(source), "--cache-dir",
            str(cache), "-o", str(out), "-j", "2", *extra]
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{done.stderr[-2000:]}")
    return time.perf_counter() - start, [Path(p) for p in done.stdout.split()]


def cli_first_audio(source: Path, cache: Path, out: Path) -> float:
    """Seconds from starting `narrate --stream -` to its first playable audio; the
    render is then interrupted (Ctrl-C)."""
    args = [python(), "-m", "audio_article", "narrate", str(source), "--stream", "-",
            "--cache-dir", str(cache), "-o", str(out), "-j", "2"]
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    data = b""
    while not playable(data):
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            sys.exit(f"no audio from: {' '.join(args)}")
        data += chunk
    seconds = time.perf_counter() - start
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=120)
    return seconds


# --- 2b-d: the listen server --------------------------------------------------------

class Site:
    """Articles on a local test server (127.0.0.1)."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = pages.get(self.path, b"")
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, path: str, text: str) -> str:
        self.pages[path] = text.encode()
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"


class Listen:
    """`audio-article listen` in a subprocess (default voice, two workers unless told)."""

    def __init__(self, tmp: Path, jobs: int = 2) -> None:
        self.out = tmp / "listen-out"
        self.proc = subprocess.Popen(
            [python(), "-m", "audio_article", "listen", "--port", "0", "-o", str(self.out),
             "--cache-dir", str(tmp / "listen-cache"), "-j", str(jobs), "--allow-private"],
            stderr=subprocess.PIPE, text=True)
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", self.proc.stderr.readline())
        self.url = f"http://127.0.0.1:{match.group(1)}/"
        page = urllib.request.urlopen(self.url, timeout=60).read().decode()
        self.token = re.search(r'name="listen-token" content="([^"]+)"', page).group(1)

    def ask(self, body: bytes, content_type: str, query: str = "") -> dict:
        request = urllib.request.Request(
            f"{self.url}listen{query}", data=body,
            headers={"Accept": "application/json", "Content-Type": content_type,
                     "X-Listen-Token": self.token})
        return json.loads(urllib.request.urlopen(request, timeout=60).read())

    def first_audio(self, body: bytes, content_type: str, query: str = "",
                    until_saved: bool = False) -> float:
        """Seconds from asking to the first playable audio of the answer's stream."""
        start = time.perf_counter()
        answer = self.ask(body, content_type, query)
        with urllib.request.urlopen(self.url + answer["audio"][1:], timeout=120) as stream:
            data = b""
            while not playable(data):
                data += stream.read1(65536)
            seconds = time.perf_counter() - start
            if until_saved:
                while stream.read(1 << 16):
                    pass
        if until_saved:
            self.wait_saved(answer["id"])
        return seconds

    def wait_saved(self, channel: str) -> None:
        with urllib.request.urlopen(f"{self.url}live/{channel}/events", timeout=600) as s:
            for line in s:
                if b'"type": "saved"' in line:
                    return
        sys.exit("the render was not saved")

    def wait_idle(self, settle_s: float = 1.5, limit_s: float = 120.0) -> None:
        """Until the server and its workers use no CPU for ``settle_s`` (the last
        render stopped, the spare workers booted)."""
        deadline, last, still = time.monotonic() + limit_s, -1, 0.0
        while time.monotonic() < deadline and still < settle_s:
            now = tree_cpu_ticks(self.proc.pid)
            still = still + 0.25 if now == last else 0.0
            last = now
            time.sleep(0.25)

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=120)


def tree_cpu_ticks(pid: int) -> int:
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == pid or int(fields[1]) == pid:
            total += int(fields[11]) + int(fields[12])
    return total


# --- 3: the long article ------------------------------------------------------------

def long_stream(source: Path, cache: Path, out: Path):
    """Stream ``source`` with the library; (arrivals, first audio s, total s, result)."""
    from audio_article.live import Audio, Saved, stream_episode
    from audio_article.live.pace import Arrival
    from audio_article.pipeline import NarrateOptions

    options = NarrateOptions(out_dir=out, jobs=2, cache_dir=cache)
    start, arrivals, result = time.perf_counter(), [], None
    for event in stream_episode(str(source), options):
        if isinstance(event, Audio) and event.data:
            arrivals.append(Arrival(time.perf_counter() - start, event.end_ms / 1000))
        elif isinstance(event, Saved):
            result = event.result
    return arrivals, arrivals[0].wall_s, time.perf_counter() - start, result


def same_episode(streamed: Path, normal: Path) -> tuple[bool, bool]:
    """(the MP3s' audio frames equal, chapters.json and transcripts equal)."""
    from audio_article.live.tap import audio_frames

    mp3s = [next(folder.glob("*.mp3")).read_bytes() for folder in (streamed, normal)]
    digests = [{name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
                for name in ("chapters.json", "transcript.vtt", "transcript.srt")}
               for folder in (streamed, normal)]
    return audio_frames(mp3s[0]) == audio_frames(mp3s[1]), digests[0] == digests[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"cores: {len(os.sched_getaffinity(0))}, {load()}; default voice, -j 2, "
          "every article new to the clip cache", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        run(Path(tmp), args.words, args.runs)


def run(tmp: Path, words: int, runs: int) -> None:
    base = tmp / "base.txt"
    base.write_text(article(1000, "baseline"))
    full, _ = narrate(base, tmp / "c-base", tmp / "out")
    print(f"1. full render of 1,000 words (normal narrate, cold): {full:.2f} s   ({load()})",
          flush=True)
    times = []
    for n in range(runs):
        source = tmp / f"cli-{n}.txt"
        source.write_text(article(1000, f"cli{NAMES[n]}"))
        times.append(cli_first_audio(source, tmp / f"c-cli-{n}", tmp / "out"))
    print(f"2a. first audio, narrate --stream - (cold process): {summary(times)}   "
          f"({load()})", flush=True)
    listen_figures(tmp, runs)
    long_figures(tmp, words)


def listen_figures(tmp: Path, runs: int) -> None:
    site, server = Site(), Listen(tmp)
    try:
        first_listens(site, server, runs)
        link = site.add("/again", article(1000, "again"))
        server.wait_idle()
        server.first_audio(_form(server, link), "application/x-www-form-urlencoded",
                           until_saved=True)
        again = []
        for _ in range(runs):
            server.wait_idle()
            again.append(server.first_audio(_form(server, link),
                                            "application/x-www-form-urlencoded"))
        print(f"2d. first audio, listen, the same link again (from the clip cache): "
              f"{summary(again)}   ({load()})", flush=True)
    finally:
        server.close()
        site.server.shutdown()


def first_listens(site: Site, server: Listen, runs: int) -> None:
    """2b and 2c, taking turns, each article new."""
    files, links = [], []
    for n in range(runs):
        server.wait_idle()
        text = article(1000, f"file{NAMES[n]}").encode()
        files.append(server.first_audio(text, "application/octet-stream", "?name=a.txt"))
        server.wait_idle()
        link = site.add(f"/url{n}", article(1000, f"url{NAMES[n]}"))
        links.append(server.first_audio(_form(server, link),
                                        "application/x-www-form-urlencoded"))
    print(f"2b. first audio, listen, a dropped file: {summary(files)}   ({load()})")
    print(f"2c. first audio, listen, a link (local test server): {summary(links)}   "
          f"({load()})", flush=True)


def _form(server: Listen, link: str) -> bytes:
    from urllib.parse import urlencode

    return urlencode({"token": server.token, "url": link}).encode()


def long_figures(tmp: Path, words: int) -> None:
    from audio_article.live.pace import underruns

    source = tmp / f"long-{words}.txt"
    source.write_text(article(words, "long"))
    arrivals, first, total, result = long_stream(source, tmp / "c-long", tmp / "long-a")
    audio_s = arrivals[-1].audio_s
    print(f"3. {words:,} words streamed: {audio_s / 60:.1f} min of audio made in "
          f"{total:.0f} s, first audio after {first:.2f} s; stalls at 1x: "
          f"{underruns(arrivals, 1.0)}, at 2x: {underruns(arrivals, 2.0)}   ({load()})",
          flush=True)
    normal_s, _ = narrate(source, tmp / "c-long-normal", tmp / "long-b")
    frames, sidecars = same_episode(result.folder, tmp / "long-b" / result.folder.name)
    print(f"   normal narrate of it, cold: {normal_s:.0f} s; audio frames identical: "
          f"{frames}; chapters.json, transcript.vtt/.srt identical: {sidecars}   "
          f"({load()})", flush=True)


if __name__ == "__main__":
    main()
