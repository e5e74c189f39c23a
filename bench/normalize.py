"""Normalizer benchmark: this tree's normalizer against the one at a git revision (--base),
both measured in this run, each in a child process of its own on the same sentences.

Prints, for each: how many cases of this tree's golden tables (tests/data/normalize_golden.tsv
and the passes' own, tests/data/normalize/*.tsv) it says as the tables do; then its time per sentence on the golden inputs and on the
sample article's sentences (best of --repeat passes, after one warm-up pass), and the
ratio of the two times. The two children run in turn, --rounds times, and each keeps its
best: on a shared machine the load changes between runs, and alternating lets both see
the quiet moments.

Run with `.venv/bin/python bench/normalize.py [--base REV] [--repeat N] [--rounds N]`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = [ROOT / "tests" / "data" / "normalize_golden.tsv",
          *sorted((ROOT / "tests" / "data" / "normalize").glob("*.tsv"))]
SAMPLE = ROOT / "src" / "audio_article" / "samples" / "kyiv-independent-20-days.txt"

# Runs in the child, with the normalizer to measure first on its path.
MEASURE = """
import json, sys, time
from audio_article.script.normalize import normalize
golden, sets, repeat = json.load(sys.stdin)

def best(sentences):
    for s in sentences:
        normalize(s)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for s in sentences:
            normalize(s)
        times.append(time.perf_counter() - start)
    return min(times) / len(sentences) * 1e6

right = sum(normalize(written) == spoken for written, spoken in golden)
json.dump({"right": right, "us": {name: best(s) for name, s in sets.items()}}, sys.stdout)
"""


def inputs() -> tuple[list[tuple[str, str]], dict[str, list[str]]]:
    sys.path.insert(0, str(ROOT / "src"))
    from audio_article.script.sentences import split_sentences

    golden = [tuple(line.split("\t")[:2]) for path in GOLDEN
              for line in path.read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")]
    sample = [s for line in SAMPLE.read_text(encoding="utf-8").splitlines() for s in split_sentences(line)]
    return golden, {"golden inputs": [written for written, _ in golden], "sample article": sample}


def measure(src: Path, golden, sets, repeat: int) -> dict:
    done = subprocess.run([sys.executable, "-c", MEASURE], input=json.dumps([golden, sets, repeat]),
                          capture_output=True, text=True, check=True, env={"PYTHONPATH": str(src)})
    return json.loads(done.stdout)


def best(results: list[dict]) -> dict:
    """Cases right (the same every run) and, per set, the fastest time of the runs."""
    return {"right": results[0]["right"],
            "us": {name: min(r["us"][name] for r in results) for name in results[0]["us"]}}


def checkout(rev: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into / "src"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD", help="git revision to compare with (default HEAD)")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes, the best is kept (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs of each child (default 3)")
    args = parser.parse_args()
    golden, sets = inputs()
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"base": checkout(args.base, Path(tmp)), "now": ROOT / "src"}
        runs = {name: [measure(src, golden, sets, args.repeat) for _ in range(1)] for name, src in trees.items()}
        for _ in range(args.rounds - 1):
            for name, src in trees.items():
                runs[name].append(measure(src, golden, sets, args.repeat))
    base, now = (best(runs[name]) for name in ("base", "now"))
    for name, result in ((f"base {args.base}", base), ("this tree", now)):
        print(f"{name}: {result['right']}/{len(golden)} golden cases said as the table says")
    for name, sentences in sets.items():
        b, n = base["us"][name], now["us"][name]
        print(f"{name} ({len(sentences)} sentences): base {b:.1f} µs/sentence, this tree "
              f"{n:.1f} µs/sentence, ratio {n / b:.2f}")


if __name__ == "__main__":
    main()
