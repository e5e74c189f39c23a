"""The letters the normalizer writes for an era ("A.D.", "B.C.E.") are read as letter names
by eSpeak NG, the phonemizer under both engines (pyttsx3 loads libespeak-ng, piper its
espeakbridge). Written as news copy writes them, "AD" is read "ad" and "CE" "see", which
is why the normalizer dots them; these tests hear the difference."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys

import pytest

from audio_article.script.normalize import normalize

ERAS = [("in 988 AD", "AD"), ("AD 988", "AD"), ("in 1066 AD", "AD"), ("500 BC", "BC"),
        ("in 4th century BC", "BC"), ("1000 BCE", "BCE"), ("200 CE", "CE"), ("in 44 B.C.", "BC")]
AS_WRITTEN = [("in 988 AD", "AD"), ("200 CE", "CE")]
DIAL = ("Dial 112 now.", "Dial one one two now.")

# piper's eSpeak NG and pyttsx3's cannot share a process (see speech/piper_engine.py), and
# other tests load pyttsx3: the phonemizer runs in a child process of its own.
PHONEMIZE = """
import json, sys
from piper.phonemize_espeak import EspeakPhonemizer
p = EspeakPhonemizer()
texts = json.load(sys.stdin)
json.dump({t: "".join("".join(s) for s in p.phonemize("en-us", t)) for t in texts}, sys.stdout)
"""


@pytest.fixture(scope="module")
def phonemes():
    if importlib.util.find_spec("piper") is None:
        pytest.skip("piper-tts (the 'piper' extra, which make installs) is needed for "
                    "eSpeak NG's phonemizer")
    texts = {normalize(w) for w, _ in ERAS} | {w for w, _ in AS_WRITTEN} | set(DIAL)
    texts |= {normalize(DIAL[0])} | {c for _, era in ERAS for c in era}
    done = subprocess.run([sys.executable, "-c", PHONEMIZE], input=json.dumps(sorted(texts)),
                          capture_output=True, text=True, timeout=120, check=True)
    said = json.loads(done.stdout)
    # Stress, liaison and pause marks are not what a word is.
    return lambda text: re.sub(r"[ˈˌʲ.,!?\s]", "", said[text])


def letter_names(phonemes, letters: str) -> str:
    return "".join(phonemes(letter) for letter in letters)


@pytest.mark.parametrize("written, era", ERAS)
def test_the_era_is_read_as_letters(phonemes, written, era):
    assert letter_names(phonemes, era) in phonemes(normalize(written))


@pytest.mark.parametrize("written, era", AS_WRITTEN)
def test_the_era_as_written_is_not(phonemes, written, era):
    # Guards the test above: eSpeak NG does not spell these on its own.
    assert letter_names(phonemes, era) not in phonemes(written)


def test_a_number_to_dial_is_read_digit_by_digit(phonemes):
    written, dialled = DIAL
    assert phonemes(normalize(written)) == phonemes(dialled)
    assert phonemes(written) != phonemes(dialled)
