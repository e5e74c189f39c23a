"""The normalizer against the golden table tests/data/normalize_golden.tsv (input, TAB,
spoken form), plus properties that hold for any input."""

import importlib
from pathlib import Path

import pytest

from audio_article.script.normalize import normalize
from audio_article.script.sentences import split_sentences

GOLDEN = Path(__file__).parent / "data" / "normalize_golden.tsv"
SAMPLE = Path(__file__).parent.parent / "src/audio_article/samples/kyiv-independent-20-days.txt"


def golden_cases():
    cases = []
    for number, line in enumerate(GOLDEN.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        written, spoken = line.split("\t")
        cases.append(pytest.param(written, spoken, id=f"line{number}"))
    return cases


def test_the_golden_table_is_large_and_unique():
    cases = golden_cases()
    written = [c.values[0] for c in cases]
    assert len(cases) >= 500
    assert len(set(written)) == len(written), "an input appears twice in the golden table"


@pytest.mark.parametrize("written, spoken", golden_cases())
def test_golden(written, spoken):
    assert normalize(written) == spoken


def test_no_digits_reach_the_engine_from_the_sample():
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        for sentence in split_sentences(line):
            spoken = normalize(sentence)
            assert not any(c.isdigit() for c in spoken), (sentence, spoken)


@pytest.mark.parametrize("text", ["", "   ", "Plain words stay as they are."])
def test_plain_text_is_unchanged(text):
    assert normalize(text) == text.strip()


def test_a_rule_that_raises_is_skipped_for_that_sentence_with_a_warning(monkeypatch):
    """One rule's bug must not stop an episode (set 45's "the 2,400kg NISAR satellite"
    raised IndexError in units and stopped `narrate` with a traceback): the sentence is
    read without that rule, every other rule still runs, and the run warns."""
    NZ = importlib.import_module("audio_article.script.normalize")

    def broken(text):
        raise IndexError("list index out of range")

    monkeypatch.setattr(NZ, "_TRIGGERED", NZ.triggered((broken, *NZ.RULES)))
    with pytest.warns(NZ.RuleFailed, match=r"rule test_normalize\.broken failed on \"It cost \$5\.\" "
                                           r"\(IndexError: list index out of range\)"):
        assert normalize("It cost $5.") == "It cost five dollars."
