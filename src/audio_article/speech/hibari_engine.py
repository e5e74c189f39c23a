"""hibari: a small neural voice distilled from Kokoro, shipped inside the wheel (offline).

Besides the audio, the engine gives word timings. hibari's network predicts a duration
for every phoneme and lays the spectrum frames out from them, so where each word sounds
is known exactly, but the model keeps those durations inside. The adapter loads the same
model with that tensor (the input of its one CumSum, the running sum of the rounded
durations) marked as a second kind of output, as piper's ``include_alignments`` does for
its voices, and runs hibari's own steps (sentences, G2P tokens, clause chunks, the
vocoder) itself so that it knows which phonemes belong to which word. The audio is the
same, sample for sample, as ``Hibari.__call__`` gives (tests/test_engines.py checks).
That model and G2P's dictionaries are derived once and kept in the user's cache, in
forms that load fast (speech/hibari_voice.py).
"""

from __future__ import annotations

import re

import numpy as np

from ..config import VoiceSettings
from ..errors import EngineError
from .base import Speech, SpokenWord
from .hibari_voice import load_voice

# Only "heart" is inside the wheel; hibari downloads the others on first use, which fails
# offline, so they are not offered here.
BUNDLED_VOICES = ("heart",)
_SPOKEN = re.compile(r"\w")


class HibariEngine:
    name = "hibari"

    def __init__(self) -> None:
        try:
            import hibari
        except ImportError as exc:  # pragma: no cover - it is a core dependency
            raise EngineError("hibari is not installed: pip install hibari-tts") from exc
        _mend_roman_numerals()
        self._module = hibari
        self._voices: dict[str, tuple] = {}  # voice -> (hibari's voice, timed session)

    @property
    def version(self) -> str:
        return self._module.__version__

    def voices(self) -> list[str]:
        return list(BUNDLED_VOICES)

    def _load(self, voice: str):
        """The voice, and the session that times its phonemes (None: no timings)."""
        if voice not in BUNDLED_VOICES:
            raise EngineError(f"hibari voice {voice!r} is not bundled (bundled: {', '.join(BUNDLED_VOICES)})")
        if voice not in self._voices:
            self._voices[voice] = load_voice(self._module, voice)
        return self._voices[voice]

    def prepare(self, settings: VoiceSettings) -> None:
        """Load the voice, in a worker started early, so that its first segment does not
        wait for it (speech/hibari_voice.py). Saying a word too would no longer pay: it
        costs 13 ms of CPU and saves the first sentence 3 (measured)."""
        self._load(settings.voice)

    def synthesize(self, text: str, settings: VoiceSettings) -> Speech:
        tts, session = self._load(settings.voice)
        speed = float(np.clip(settings.rate, 0.5, 2.0))
        if session is None:  # no onnx package: the audio alone, as hibari makes it
            audio, words = tts(text, speed=speed, seed=0), ()
        else:
            audio, words = _timed_synthesis(tts, session, text, speed)
        audio = np.asarray(audio, dtype=np.float32) * settings.volume
        return Speech(audio, self._module.SAMPLE_RATE, words)


def _mend_roman_numerals() -> None:
    """hibari 0.2.1's text normalizer reads a Roman numeral after a cue word ("Chapter
    IV", "Henry VIII"), but its pattern also matches an empty numeral before any capital
    word: "Henry Cavill" was said "Henry the zeroth Cavill", "the book L'être" "the book
    zero L'être" (a CityLab page's worst sentence). Its two patterns are rebuilt to need
    at least one numeral letter; real numerals read as before (ours are already words by
    then: script/normalize/names.py)."""
    import importlib

    module = importlib.import_module("hibari.g2p.normalize")
    numeral = module.ROMAN_NUMERAL + r"(?<=[IVXLCDM])\b(?![.'’]\w)"
    module.RE_ROMAN_C = re.compile(rf"\b({module._alt(module.ROMAN_CARDINAL)}) {numeral}")
    module.RE_ROMAN_O = re.compile(rf"\b({module._alt(module.ROMAN_ORDINAL)}) {numeral}")


def _timed_synthesis(tts, session, text: str, speed: float):
    """hibari's ``stream`` step by step: the audio and every spoken token's time."""
    from hibari import dsp

    rng = np.random.default_rng(0)  # hibari's seed=0: the same noise, the same bytes
    parts, words, position = [], [], 0
    for sentence in tts.split_sentences(text):
        tokens, phonemes, owner = _sentence_phonemes(tts, sentence)
        for chunk, origin in _chunks(phonemes):
            ids, where = _ids(tts, chunk, origin)
            if len(ids) < 3:
                continue
            *frames, durations = session.run(None, {
                "ids": np.asarray([ids], np.int64), "speed": np.asarray([speed], np.float32)})
            audio = dsp.synth(*(f[0] for f in frames), rng)
            edges = _phoneme_edges(durations.reshape(-1), len(audio), dsp.N_FFT)
            words += _token_times(tokens, phonemes, owner, where, edges, position,
                                  dsp.SR)
            parts.append(audio)
            position += len(audio)
    audio = np.concatenate(parts) if parts else np.zeros(0, np.float32)
    return audio, tuple(words)


def _sentence_phonemes(tts, sentence: str):
    """G2P's tokens, the phoneme string hibari's ``G2P.__call__`` makes of them, and for
    each of its characters the index of the token it came from (-1 for the spaces)."""
    from hibari.g2p.normalize import normalize

    g2p = tts.g2p
    tokens = g2p.phonemize_tokens(g2p.tokenize(normalize(sentence)))
    text, owner = "", []
    for index, token in enumerate(tokens):
        piece = g2p.unk if token.phonemes is None else token.phonemes
        text += piece + (" " if token.whitespace else "")
        owner += [index] * len(piece) + ([-1] if token.whitespace else [])
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    return tokens, stripped, owner[lead:lead + len(stripped)]


def _chunks(phonemes: str):
    """hibari's split of a long sentence at clause punctuation (``Hibari.phonemize``),
    each chunk with the position in ``phonemes`` of each of its characters."""
    from hibari.tts import _CLAUSE, MAX_PHONEMES

    if not phonemes:
        return []
    if len(phonemes) <= MAX_PHONEMES:
        return [(phonemes, list(range(len(phonemes))))]
    cuts = [0] + [m.end() for m in _CLAUSE.finditer(phonemes)]
    ends = [m.start() for m in _CLAUSE.finditer(phonemes)] + [len(phonemes)]
    chunks, text, origin = [], "", []
    for start, end in zip(cuts, ends):
        part = phonemes[start:end]
        if text and len(text) + len(part) + 1 > MAX_PHONEMES:
            chunks.append((text, origin))
            text, origin = part, list(range(start, end))
        else:
            origin += ([-1] if text else []) + list(range(start, end))
            text = f"{text} {part}" if text else part
    return chunks + ([(text, origin)] if text else [])


def _ids(tts, chunk: str, origin: list[int]) -> tuple[list[int], list[int]]:
    """``Hibari.ids``, and for each id the position in the sentence's phonemes it came
    from (-1 for the pads at both ends and the joins)."""
    vocab = tts.vocab
    kept = [(vocab[c], at) for c, at in zip(chunk, origin) if c in vocab]
    return [0, *(i for i, _ in kept), 0], [-1, *(at for _, at in kept), -1]


def _phoneme_edges(durations: np.ndarray, samples: int, window: int):
    """Where each phoneme id starts and ends, in samples. The frames follow the
    durations (upsampled by a whole factor), so the edges are shares of the audio's
    length. The vocoder centres each frame's window on it (an inverse STFT with
    center=True): a phoneme is heard from half a ``window`` before its first frame
    (after a pause, the sample's sound starts a median 36 ms before that frame; half
    hibari's window is 25 ms: bench/word_drift.py's onset check)."""
    total = int(durations.sum())
    edges = np.concatenate([[0], np.cumsum(durations)]) * samples // max(total, 1)
    return np.maximum(edges - window // 2, 0), edges


def _token_times(tokens, phonemes, owner, where, edges, offset, rate) -> list[SpokenWord]:
    """Each token that is heard (letters or digits), from its first phoneme's start to
    its last one's end, in seconds from the start of the clip. A token of several words
    with as many phoneme words (a lexicon entry such as "Donetsk Oblast") is timed word
    by word."""
    starts, ends = edges
    ids: dict[int, list[int]] = {}
    for position, at in enumerate(where):
        if at >= 0 and owner[at] >= 0:
            ids.setdefault(owner[at], []).append(position)
    timed = []
    for token, positions in sorted(ids.items()):
        text = tokens[token].text
        if _SPOKEN.search(text):
            for word, (a, b) in _word_spans(text, positions, [phonemes[where[p]] for p in positions]):
                timed.append(SpokenWord(word, float(offset + starts[a]) / rate,
                                        float(offset + ends[b + 1]) / rate))
    return timed


def _word_spans(text: str, positions: list[int], chars: list[str]):
    """(word, (first id, last id)) for the words of one token: itself, or one for each
    space-separated word when its phonemes have as many."""
    words, groups, current = text.split(), [], []
    for position, char in zip(positions, chars):
        if char == " ":
            groups, current = groups + [current] if current else groups, []
        else:
            current.append(position)
    groups += [current] if current else []
    if len(words) < 2 or len(groups) != len(words):
        return [(text, (positions[0], positions[-1]))]
    return [(word, (group[0], group[-1])) for word, group in zip(words, groups)]
