"""Does this tree write the same MP3, byte for byte, as another revision (main by default)?

Renders the sample with the other revision from an empty clip cache; then with this
tree from a cache holding the same clips (the voiced sentences, not the encoded pieces,
so this tree levels and encodes everything itself), from its own warm cache, and from
an empty cache of its own; compares the MP3s' SHA-256. For the default voice with two
workers and the eSpeak voice with one. The other revision's source is taken with
``git archive`` and run with this tree's virtual environment (PYTHONPATH first), so both
use the same engines and encoder.

    .venv/bin/python bench/same_bytes.py [--rev main]

Exits 1 if an MP3 made from the same clips differs. The cold run of this tree is shown
apart: it also differs when the engine does not voice a sentence the same way twice
(pyttsx3's file output can, under load: speech/pyttsx3_engine.py).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from revision import ROOT, checkout, environment, python

SAMPLE = ROOT / "src/audio_article/samples/kyiv-independent-20-days.txt"
TITLE = "Twenty days of Russia's full-scale war against Ukraine"
CASES = (("default", 2), ("espeak", 1))


def narrate(src: Path, voice: str, jobs: int, cache: Path, out: Path) -> str:
    """The SHA-256 of the MP3 that ``src``'s code writes."""
    env = environment(src)
    args = [python(), "-m", "audio_article", "narrate", str(SAMPLE), "--title", TITLE,
            "--voice", voice, "-j", str(jobs), "--cache-dir", str(cache), "-o", str(out)]
    done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=src.parent)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{done.stderr[-2000:]}")
    mp3 = next(p for p in map(Path, done.stdout.split()) if p.suffix == ".mp3")
    return hashlib.sha256(mp3.read_bytes()).hexdigest()


def clips_only(cache: Path, into: Path) -> Path:
    """A copy of ``cache`` without its encoded pieces."""
    shutil.copytree(cache, into, ignore=shutil.ignore_patterns("*.piece"))
    return into


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
            cache = clips_only(base / f"cache-{rev}-{name}", base / f"cache-ours-{name}")
            ours = narrate(ROOT / "src", voice, jobs, cache, base / "o2")
            warm = narrate(ROOT / "src", voice, jobs, cache, base / "o3")
            cold = narrate(ROOT / "src", voice, jobs, base / f"cache-cold-{name}", base / "o4")
            same = theirs == ours == warm
            differ += not same
            print(f"{name}: {rev} {theirs[:16]}  this tree, same clips {ours[:16]}, warm "
                  f"{warm[:16]}: {'same' if same else 'DIFFERENT'}; own cold cache "
                  f"{cold[:16]}: {'same' if cold == theirs else 'different'}", flush=True)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
