"""Batch benchmark: figures as ratios against baselines measured in the same run.

12 pages of the extraction corpus (../shared/corpus/extraction), narrated with the eSpeak
voice (``--voice`` to change) by ``audio-article batch``:

1. articles per minute on a Dask LocalCluster of 1 and of 2 workers (each from an empty
   clip cache and output folder), and 2 workers against 1 as a ratio;
2. a second pass after one sentence of one article was edited, as a ratio of the first
   pass (target <= 0.15: every unchanged article is skipped by its script hash, the edited
   one is re-rendered from the clip cache with only the edited sentence voiced); with
   Dask (2 workers) and without (one process).

Run with `make bench-batch` (or `.venv/bin/python bench/batch.py`).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from audio_article.speech.cache import ClipCache

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "extraction"
COUNT = 12


def pages(folder: Path) -> list[str]:
    """COUNT corpus pages copied into ``folder``, as file names."""
    ids = sorted(p.name for p in (CORPUS / "pages").iterdir() if (p / "source.html").is_file())
    if len(ids) < COUNT:
        sys.exit(f"the corpus at {CORPUS} has {len(ids)} pages; {COUNT} are needed")
    for page in ids[:COUNT]:
        shutil.copy(CORPUS / "pages" / page / "source.html", folder / f"{page}.html")
    return [f"{page}.html" for page in ids[:COUNT]]


def edit_one_sentence(folder: Path, names: list[str]) -> str:
    """Change one word of one body sentence of the first page where a sentence of its
    expected text appears verbatim in the HTML; returns the page's name."""
    for name in names:
        expected = (CORPUS / "pages" / name[:-5] / "expected.txt").read_text(encoding="utf-8")
        html_path = folder / name
        html = html_path.read_text(encoding="utf-8", errors="surrogateescape")
        for sentence in re.findall(r"[A-Z][^.!?<>&\n]{40,160}[.!?]", expected)[2:]:
            if html.count(sentence) == 1 and " the " in sentence:
                html_path.write_text(html.replace(sentence, sentence.replace(" the ", " that ", 1)),
                                     encoding="utf-8", errors="surrogateescape")
                return name
    sys.exit("found no sentence to edit")


def batch(folder: Path, names: list[str], out: str, cache: str, voice: str,
          *extra: str) -> tuple[float, str]:
    command = [sys.executable, "-m", "audio_article", "batch", *names, "-o", out,
               "--cache-dir", cache, "--voice", voice, *extra]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"batch failed: {done.stderr[-2000:]}")
    counts = done.stdout.strip().splitlines()[-1]
    return seconds, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voice", default="espeak")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        names = pages(folder)
        runs = {}
        for workers in (1, 2):
            runs[workers] = batch(folder, names, f"out{workers}", f"cache{workers}",
                                  args.voice, "--workers", str(workers))
            print(f"{workers} worker(s): {runs[workers][0]:.1f} s, "
                  f"{COUNT / runs[workers][0] * 60:.1f} articles/min ({runs[workers][1]})")
        sequential = batch(folder, names, "out-seq", "cache-seq", args.voice)
        print(f"no Dask (one process, -j per core): {sequential[0]:.1f} s ({sequential[1]})")
        edited = edit_one_sentence(folder, names)
        clips = ClipCache(folder / "cache2").info().clips
        second = batch(folder, names, "out2", "cache2", args.voice, "--workers", "2")
        voiced = ClipCache(folder / "cache2").info().clips - clips
        second_seq = batch(folder, names, "out-seq", "cache-seq", args.voice)
        print(f"edited one sentence of {edited}")
        print(f"second pass, 2 workers: {second[0]:.1f} s ({second[1]}; "
              f"{voiced} sentence(s) voiced)")
        print(f"second pass, no Dask: {second_seq[0]:.1f} s ({second_seq[1]})")
        print("ratios:")
        print(f"  2 workers / 1 worker, articles per minute: {runs[1][0] / runs[2][0]:.2f}")
        print(f"  second pass / first pass, 2 workers: {second[0] / runs[2][0]:.3f} "
              "(target <= 0.15)")
        print(f"  second pass / first pass, no Dask: {second_seq[0] / sequential[0]:.3f} "
              "(target <= 0.15)")


if __name__ == "__main__":
    main()
