"""Normalizer benchmark: this tree's normalizer against the one at a git revision (--base),
both measured in this run, each in a child process of its own on the same sentences.

Prints, for each: how many cases of this tree's golden tables (tests/data/normalize_golden.tsv
and the passes' own, tests/data/normalize/*.tsv) it says as the tables do; then its time per
sentence on the golden inputs and on the sample article's sentences, and the ratio of the two.

Made to agree with itself on a shared, loaded machine:
- the time is the CPU time of the measuring thread (``time.thread_time``), not wall time,
  so the time the process waits for a core while others run does not count;
- both children stay up for the whole run and are told to time one pass at a time, in
  interleaved rounds (base, this tree, this tree, base, ...), so that a slow stretch of
  the machine falls on both;
- a pass repeats the sentences until it has taken at least --pass-ms, with the garbage
  collector off, after warm-up passes; the figure printed is the median over --rounds of
  each tree's time, and the ratio is the median of the rounds' ratios.

Run with `.venv/bin/python bench/normalize.py [--base REV] [--rounds N] [--pass-ms MS]`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = [ROOT / "tests" / "data" / "normalize_golden.tsv",
          *sorted((ROOT / "tests" / "data" / "normalize").glob("*.tsv"))]
SAMPLE = ROOT / "src" / "audio_article" / "samples" / "kyiv-independent-20-days.txt"

# Runs in the child, with the normalizer to measure first on its path. The first line of
# input holds the sentences; each later line names a set to time once ("" to stop).
MEASURE = """
import gc, json, sys, time
from audio_article.script.normalize import normalize
golden, sets, pass_s = json.loads(sys.stdin.readline())

def said(s):
    try:
        return normalize(s)
    except Exception:  # an older tree raising on a newer case: that case is wrong (set 45's crash)
        return None

def timed(sentences, loops):
    gc.collect()
    gc.disable()
    start = time.thread_time()
    for _ in range(loops):
        for s in sentences:
            said(s)
    took = time.thread_time() - start
    gc.enable()
    return took

def loops_for(sentences):
    timed(sentences, 1)
    loops = 1
    while timed(sentences, loops) < pass_s:
        loops *= 2
    return loops

loops = {name: loops_for(s) for name, s in sets.items()}
right = sum(said(written) == spoken for written, spoken in golden)
print(json.dumps({"right": right}), flush=True)
for line in sys.stdin:
    name = line.strip()
    if not name:
        break
    took = timed(sets[name], loops[name])
    print(json.dumps(took / loops[name] / len(sets[name]) * 1e6), flush=True)
"""


def inputs() -> tuple[list[tuple[str, str]], dict[str, list[str]]]:
    sys.path.insert(0, str(ROOT / "src"))
    from audio_article.script.sentences import split_sentences

    golden = [tuple(line.split("\t")[:2]) for path in GOLDEN
              for line in path.read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")]
    sample = [s for line in SAMPLE.read_text(encoding="utf-8").splitlines() for s in split_sentences(line)]
    return golden, {"golden inputs": [written for written, _ in golden], "sample article": sample}


class Child:
    """One tree's normalizer in a process of its own, timing a set when asked."""

    def __init__(self, src: Path, golden, sets, pass_ms: float) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", MEASURE], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, env={"PYTHONPATH": str(src)})
        self.right = self.ask(json.dumps([golden, sets, pass_ms / 1000]))["right"]

    def ask(self, line: str):
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise SystemExit("Error: a benchmark child stopped (its error is above)")
        return json.loads(answer)

    def close(self) -> None:
        with contextlib.suppress(OSError):  # a child that stopped early has no stdin to close
            self.process.stdin.write("\n")
            self.process.stdin.close()
        self.process.wait()


def rounds(children: dict[str, Child], sets, count: int) -> dict[str, dict[str, list[float]]]:
    """µs per sentence, per set, per child, one figure a round; the order alternates
    (ABBA) so that neither child always runs first after the other."""
    times = {name: {child: [] for child in children} for name in sets}
    for i in range(count):
        order = list(children) if i % 2 == 0 else list(reversed(children))
        for name in sets:
            for child in order:
                times[name][child].append(children[child].ask(name))
    return times


def checkout(rev: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into / "src"


def report(base_rev: str, children: dict[str, Child], sets, times, cases: int) -> None:
    for label, child in ((f"base {base_rev}", "base"), ("this tree", "now")):
        print(f"{label}: {children[child].right}/{cases} golden cases said as the table says")
    for name, sentences in sets.items():
        base, now = times[name]["base"], times[name]["now"]
        ratios = sorted(n / b for b, n in zip(base, now))
        print(f"{name} ({len(sentences)} sentences): base {statistics.median(base):.1f} µs/sentence, "
              f"this tree {statistics.median(now):.1f} µs/sentence, ratio {statistics.median(ratios):.3f} "
              f"(rounds' ratios {ratios[0]:.3f} to {ratios[-1]:.3f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD", help="git revision to compare with (default HEAD)")
    parser.add_argument("--rounds", type=int, default=15, help="interleaved timed passes of each tree (default 15)")
    parser.add_argument("--pass-ms", type=float, default=100, help="CPU time a timed pass takes at least (default 100)")
    args = parser.parse_args()
    golden, sets = inputs()
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"base": checkout(args.base, Path(tmp)), "now": ROOT / "src"}
        children = {name: Child(src, golden, sets, args.pass_ms) for name, src in trees.items()}
        try:
            times = rounds(children, sets, args.rounds)
        finally:
            for child in children.values():
                child.close()
    report(args.base, children, sets, times, len(golden))


if __name__ == "__main__":
    main()
