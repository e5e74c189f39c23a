"""The lexicon's round trip: each entry is said by a voice (through the lexicon, as in an
episode) and heard by the recogniser; an entry passes when what was heard sounds like the
written name (wer.sounds_alike). A respelling that fails is one a listener may not
recognise either: improve it, or report it.

Each name is heard on its own clip. Batching several names into one 30 s window and
splitting the words by their timestamps was tried first and given up: Whisper's word
times drift across the silences between names, so words landed on the wrong name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np

from ..config import VoiceProfile
from ..script.lexicon import Lexicon
from ..script.normalize import normalize
from ..speech.base import get_engine
from . import asr
from .wer import sounds_alike

PAD_S = 0.3  # silence either side: the recogniser clips words that start at sample 0
# A short lead-in, as names are met in copy: a bare word gives the recogniser nothing to
# tune in on ("Kherson." alone often came back empty). The lead-in is not scored.
CARRIER = "This is {name}."
LEAD_IN = re.compile(r"^\W*this\s+is\W*", re.I)


@dataclass(frozen=True)
class NameCheck:
    name: str
    spoken: str   # what the engine was given
    heard: str
    passed: bool


def check_names(names: Iterable[str], lexicon: Lexicon, profile: VoiceProfile,
                recogniser: asr.Recogniser,
                progress: Callable[[int], None] | None = None) -> list[NameCheck]:
    names = list(names)
    settings = profile.for_role("body")
    engine = get_engine(settings.engine)
    pad = np.zeros(round(PAD_S * asr.SAMPLE_RATE), dtype=np.float32)
    results = []
    for name in names:
        spoken = normalize(CARRIER.format(name=name), lexicon, settings.engine)
        clip = _speech16k(engine.synthesize(spoken, settings))
        heard = LEAD_IN.sub("", recogniser.transcribe(np.concatenate([pad, clip, pad])))
        heard = heard.strip(" .,!?")
        results.append(NameCheck(name, spoken, heard, _recognisable(name, heard)))
        if progress:
            progress(1)
    return results


def _speech16k(speech) -> np.ndarray:
    import soxr

    return soxr.resample(np.asarray(speech.samples, dtype=np.float32), speech.sample_rate,
                         asr.SAMPLE_RATE)


def _recognisable(name: str, heard: str) -> bool:
    """Heard as the name, or as a spelling that sounds like it: compared whole (as one
    word, hyphens and spaces out) and word by word for several-word entries."""
    if sounds_alike(name, heard.replace(" ", "").replace("-", "")):
        return True
    written, said = name.replace("-", " ").split(), heard.replace("-", " ").split()
    return len(written) == len(said) > 1 and all(map(sounds_alike, written, said))
