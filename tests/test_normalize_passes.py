"""Each pass of the normalizer (a module of script/normalize/) against its own golden file
tests/data/normalize/<module>.tsv: input, TAB, spoken form, and optionally TAB and the
reason for the reading. Every case goes through the whole pipeline, and is checked to be
the pass's own: without the pass, the case reads differently. A case whose reason starts
with "guard:" is one the pass must leave to others (the other side of a reading that
depends on context): without the pass, it reads the same."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

from audio_article.script.normalize import normalize

NZ = importlib.import_module("audio_article.script.normalize")
PASSES = Path(__file__).parent / "data" / "normalize"
PIPELINE = Path(__file__).parent / "data" / "normalize_golden.tsv"
MODULES = {m.name for m in pkgutil.iter_modules(NZ.__path__)} - {"common"}


def read_table(path: Path) -> list[tuple[int, str, str, str]]:
    """(line number, written, spoken, reason) for each case of a golden file."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            written, spoken, *reason = line.split("\t")
            cases.append((number, written, spoken, reason[0] if reason else ""))
    return cases


def pass_cases():
    return [pytest.param(path.stem, written, spoken, reason, id=f"{path.stem}:{number}")
            for path in sorted(PASSES.glob("*.tsv"))
            for number, written, spoken, reason in read_table(path)]


def test_every_pass_has_a_golden_file_and_every_file_a_pass():
    assert {p.stem for p in PASSES.glob("*.tsv")} == MODULES


def test_the_golden_tables_are_large_and_unique():
    written = [w for _n, w, _s, _r in read_table(PIPELINE)]
    written += [w for path in PASSES.glob("*.tsv") for _n, w, _s, _r in read_table(path)]
    assert len(written) >= 1200
    assert len(set(written)) == len(written), "an input appears twice in the golden tables"


@pytest.mark.parametrize("module, written, spoken, reason", pass_cases())
def test_pass_golden(module, written, spoken, reason):
    assert normalize(written) == spoken


@pytest.mark.parametrize("module, written, spoken, reason", pass_cases())
def test_the_case_is_the_pass_own(module, written, spoken, reason, monkeypatch):
    def without(rules):
        return tuple(r for r in rules if r.__module__.rsplit(".", 1)[-1] != module)

    monkeypatch.setattr(NZ, "BEFORE_LEXICON", without(NZ.BEFORE_LEXICON))
    monkeypatch.setattr(NZ, "_TRIGGERED", NZ.triggered(without(NZ.RULES)))
    if reason.startswith("guard:"):
        assert normalize(written) == spoken, f"{module} reads a case it should leave alone"
    else:
        assert normalize(written) != spoken, f"the case does not need {module}"
