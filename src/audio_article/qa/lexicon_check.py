"""The lexicon's round trip: each entry is said by a voice (through the lexicon, as in an
episode) and heard by one or more recognisers; an entry passes when what each of them
heard sounds like the written name (wer.sounds_alike). A respelling that fails is one a
listener may not recognise either: improve it, or report it. Two recognisers (asr.load_all)
keep a respelling from being tuned to the quirks of one small model.

Each name is heard on its own clip. Batching several names into one 30 s window and
splitting the words by their timestamps was tried first and given up: Whisper's word
times drift across the silences between names, so words landed on the wrong name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import numpy as np

from ..config import VoiceProfile
from ..script.lexicon import Lexicon
from ..script.normalize import normalize
from ..speech.base import get_engine
from . import asr
from .wer import heard_between, sounds_alike, words

PAD_S = 0.3  # silence either side: the recogniser clips words that start at sample 0
# Names are met in copy, not alone: a bare word gives the recogniser nothing to tune in
# on ("Kherson." alone often came back empty). Each name is said in three short
# sentences, at the start, middle and end of one, and passes when it is heard
# recognisably in at least two: one odd hearing neither condemns nor clears it.
CARRIERS = ("{name} was in the news again.", "Reports from {name} came in overnight.",
            "The next stop is {name}.")
PASS_AT = 2


@dataclass(frozen=True)
class Hearing:
    """What one recogniser heard of a name."""

    recogniser: str
    heard: str    # what was heard in the name's place, per sentence, " | " between
    hits: int     # sentences in which it was heard recognisably

    @property
    def passed(self) -> bool:
        return self.hits >= PASS_AT


@dataclass(frozen=True)
class NameCheck:
    name: str
    spoken: str   # what the engine was given (in the first sentence)
    hearings: tuple[Hearing, ...]  # one per recogniser, in the order given

    @property
    def passed(self) -> bool:
        """Heard by every recogniser."""
        return all(h.passed for h in self.hearings)


def check_names(names: Iterable[str], lexicon: Lexicon, profile: VoiceProfile,
                recognisers: asr.Recogniser | Sequence[asr.Recogniser],
                progress: Callable[[int], None] | None = None) -> list[NameCheck]:
    if isinstance(recognisers, asr.Recogniser):
        recognisers = (recognisers,)
    settings = profile.for_role("body")
    engine = get_engine(settings.engine)
    results = []
    for name in names:
        sentences = [carrier.format(name=name) for carrier in CARRIERS]
        spoken = [normalize(s, lexicon, settings.engine) for s in sentences]
        clips = [_padded(engine.synthesize(s, settings)) for s in spoken]
        hearings = tuple(_hearing(name, sentences, clips, r) for r in recognisers)
        results.append(NameCheck(name, spoken[0], hearings))
        if progress:
            progress(1)
    return results


def _hearing(name: str, sentences: list[str], clips: list[np.ndarray],
             recogniser: asr.Recogniser) -> Hearing:
    heard = [heard_in_place(s, name, recogniser.transcribe(c)) for s, c in zip(sentences, clips)]
    return Hearing(recogniser.name, " | ".join(heard), sum(_recognisable(name, h) for h in heard))


def heard_in_place(sentence: str, name: str, heard: str) -> str:
    """What was heard where ``name`` stands in ``sentence``: the hypothesis words aligned
    with the name's words, and words inserted next to them ("Kharkiv" heard as "car
    gives"). The whole of ``heard`` when the name cannot be found among the words."""
    reference, keys = words(sentence), [w.key for w in words(name)]
    first = next((i for i in range(len(reference))
                  if [w.key for w in reference[i:i + len(keys)]] == keys), None)
    if first is None or not keys:
        return heard
    return " ".join(w.shown for w in heard_between(reference, first, first + len(keys), heard))


def _padded(speech) -> np.ndarray:
    """The clip at the recognisers' rate, with silence either side (PAD_S)."""
    import soxr

    pad = np.zeros(round(PAD_S * asr.SAMPLE_RATE), dtype=np.float32)
    clip = soxr.resample(np.asarray(speech.samples, dtype=np.float32), speech.sample_rate,
                         asr.SAMPLE_RATE)
    return np.concatenate([pad, clip, pad])


def _recognisable(name: str, heard: str) -> bool:
    """Heard as the name, or as a spelling that sounds like it: compared whole (as one
    word, hyphens and spaces out) and word by word for several-word entries."""
    if sounds_alike(name, heard.replace(" ", "").replace("-", "")):
        return True
    written, said = name.replace("-", " ").split(), heard.replace("-", " ").split()
    return len(written) == len(said) > 1 and all(map(sounds_alike, written, said))
