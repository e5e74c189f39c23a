"""Normalizer benchmark: this tree's normalizer against the one at a git revision (--base),
both measured in this run, each in a child process of its own on the same sentences.

Prints, for each: how many cases of this tree's golden table (tests/data/normalize_golden.tsv)
it says as the table does; then its time per sentence on the golden inputs and on the
sample article's sentences (best of --repeat passes, after one warm-up pass), and the
ratio of the two times.

Run with `.venv/bin/python bench/normalize.py [--base REV] [--repeat N]`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "data" / "normalize_golden.tsv"
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

    golden = [tuple(line.split("\t")) for line in GOLDEN.read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")]
    sample = [s for line in SAMPLE.read_text(encoding="utf-8").splitlines() for s in split_sentences(line)]
    return golden, {"golden inputs": [written for written, _ in golden], "sample article": sample}


def measure(src: Path, golden, sets, repeat: int) -> dict:
    done = subprocess.run([sys.executable, "-c", MEASURE], input=json.dumps([golden, sets, repeat]),
                          capture_output=True, text=True, check=True, env={"PYTHONPATH": str(src)})
    return json.loads(done.stdout)


def checkout(rev: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into / "src"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD", help="git revision to compare with (default HEAD)")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes, the best is kept (default 5)")
    args = parser.parse_args()
    golden, sets = inputs()
    with tempfile.TemporaryDirectory() as tmp:
        base = measure(checkout(args.base, Path(tmp)), golden, sets, args.repeat)
    now = measure(ROOT / "src", golden, sets, args.repeat)
    for name, result in ((f"base {args.base}", base), ("this tree", now)):
        print(f"{name}: {result['right']}/{len(golden)} golden cases said as the table says")
    for name, sentences in sets.items():
        b, n = base["us"][name], now["us"][name]
        print(f"{name} ({len(sentences)} sentences): base {b:.1f} µs/sentence, this tree "
              f"{n:.1f} µs/sentence, ratio {n / b:.2f}")


if __name__ == "__main__":
    main()
