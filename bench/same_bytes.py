"""Does this tree write the same MP3, byte for byte, as another revision (main by default)?

Renders the sample with both trees, each from an empty clip cache, then this tree again
from its warm cache, and compares the MP3s' SHA-256: for the default voice with two
workers and the eSpeak voice with one. The other revision's source is taken with
``git archive`` and run with this tree's virtual environment (PYTHONPATH first), so both
use the same engines and encoder.

    .venv/bin/python bench/same_bytes.py [--rev main]

Exits 1 if any MP3 differs.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src/audio_article/samples/kyiv-independent-20-days.txt"
TITLE = "Twenty days of Russia's full-scale war against Ukraine"
CASES = (("default", 2), ("espeak", 1))


def python() -> str:
    venv = ROOT / ".venv/bin/python"
    return str(venv) if venv.exists() else sys.executable


def checkout(rev: str, into: Path) -> Path:
    """The ``src`` folder of ``rev``, extracted under ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src", "voices"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def narrate(src: Path, voice: str, jobs: int, cache: Path, out: Path) -> str:
    """The SHA-256 of the MP3 that ``src``'s code writes."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    args = [python(), "-m", "audio_article", "narrate", str(SAMPLE), "--title", TITLE,
            "--voice", voice, "-j", str(jobs), "--cache-dir", str(cache), "-o", str(out)]
    done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=src.parent)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{done.stderr[-2000:]}")
    mp3 = next(p for p in map(Path, done.stdout.split()) if p.suffix == ".mp3")
    return hashlib.sha256(mp3.read_bytes()).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", default="main")
    rev = parser.parse_args().rev
    differ = 0
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        (base / "other").mkdir()
        other = checkout(rev, base / "other")
        for voice, jobs in CASES:
            name = f"{voice}-j{jobs}"
            theirs = narrate(other, voice, jobs, base / f"cache-{rev}-{name}", base / "o1")
            ours = narrate(ROOT / "src", voice, jobs, base / f"cache-ours-{name}", base / "o2")
            warm = narrate(ROOT / "src", voice, jobs, base / f"cache-ours-{name}", base / "o3")
            same = theirs == ours == warm
            differ += not same
            print(f"{name}: {rev} {theirs[:16]}  this tree {ours[:16]}  warm {warm[:16]}  "
                  f"{'same' if same else 'DIFFERENT'}", flush=True)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
