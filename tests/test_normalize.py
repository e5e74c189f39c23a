"""The normalizer against the golden table tests/data/normalize_golden.tsv (input, TAB,
spoken form), plus properties that hold for any input."""

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
