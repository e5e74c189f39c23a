"""Another revision's code beside this tree's, for benchmarks and checks that compare the
two in the same run: its ``src`` and ``voices`` taken with ``git archive``, run with this
tree's virtual environment (PYTHONPATH first), so both use the same engines and encoder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def python() -> str:
    venv = ROOT / ".venv/bin/python"
    return str(venv) if venv.exists() else sys.executable


def checkout(rev: str, into: Path) -> Path:
    """The ``src`` folder of ``rev``, extracted under ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src", "voices"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def environment(src: Path) -> dict:
    """The environment that runs the package in ``src``."""
    return {**os.environ, "PYTHONPATH": str(src)}
