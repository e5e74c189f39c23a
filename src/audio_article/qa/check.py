"""The round trip: every cue's audio goes through the recogniser, and what it heard is
compared with what the transcript says the cue says.

A sentence is flagged when
- ``wer``: more than 30 % of its words were heard wrong (WER_FLAG);
- ``silent``: its audio is (nearly) silent: a lost or empty clip;
- ``short``: its audio is much shorter than the words need at a news reader's pace
  (a clipped clip, or an engine that skipped words);
- ``name``: a capitalised word of it was heard as something else: a pronunciation
  suspect for the lexicon (``voices/lexicon.toml``).
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ..models import Chapter, Cue
from ..script.normalize import british_numbers
from ..script.numbers import british
from ..script.preview import WORDS_PER_MINUTE
from . import asr
from .episode import EpisodeFiles
from .wer import Alignment, align, heard_between, sounds_alike, wer, words

WER_FLAG = 0.30
SILENT_DBFS = -50.0       # RMS below this is no speech (our episodes speak at about -19 LUFS)
SHORT_RATIO = 0.45        # audio under this share of the estimated length is "short"
SHORT_MIN_WORDS = 4       # a two-word cue may honestly be said fast
EDGE_MS = 120             # audio kept either side of a cue: VTT times are sentence bounds
# A cue shorter than this is heard with the cues either side of it, as a listener hears
# it, and what was heard in its place is read off the alignment (see heard_in_context).
CONTEXT_MS = 4_000


@dataclass(frozen=True)
class SentenceResult:
    index: int
    chapter: int
    start_ms: int
    end_ms: int
    text: str
    heard: str
    reference_words: int
    errors: int
    strict_errors: int  # names compared letter by letter too
    flags: tuple[str, ...]
    names: tuple[tuple[str, str], ...]  # (name as written, what was heard instead)

    @property
    def wer(self) -> float:
        return wer(self.errors, self.reference_words)

    def to_dict(self) -> dict:
        return {"index": self.index, "chapter": self.chapter, "start_ms": self.start_ms,
                "end_ms": self.end_ms, "text": self.text, "heard": self.heard,
                "words": self.reference_words, "errors": self.errors,
                "strict_errors": self.strict_errors, "wer": round(self.wer, 4), "flags": list(self.flags),
                "names": [{"written": w, "heard": h} for w, h in self.names]}


@dataclass(frozen=True)
class QaReport:
    episode: str
    recogniser: str
    duration_ms: int
    seconds: float
    chapters: tuple[Chapter, ...]
    sentences: tuple[SentenceResult, ...] = field(default_factory=tuple)

    @property
    def wer(self) -> float:
        return _pooled(self.sentences)

    @property
    def strict_wer(self) -> float:
        return wer(sum(s.strict_errors for s in self.sentences),
                   sum(s.reference_words for s in self.sentences))

    def chapter_wer(self, number: int) -> float:
        return _pooled([s for s in self.sentences if s.chapter == number])

    @property
    def flagged(self) -> tuple[SentenceResult, ...]:
        return tuple(s for s in self.sentences if s.flags)

    def to_dict(self) -> dict:
        return {
            "format": "audio-article/qa", "format_version": 1,
            "episode": self.episode, "recogniser": self.recogniser,
            "duration_ms": self.duration_ms, "qa_seconds": round(self.seconds, 2),
            "words": sum(s.reference_words for s in self.sentences),
            "errors": sum(s.errors for s in self.sentences),
            "wer": round(self.wer, 4), "strict_wer": round(self.strict_wer, 4),
            "chapters": [{"number": n, "title": c.title, "start_ms": c.start_ms,
                          "wer": round(self.chapter_wer(n), 4)}
                         for n, c in enumerate(self.chapters, 1)],
            "flagged": [s.index for s in self.flagged],
            "name_suspects": sorted({w for s in self.sentences for w, _ in s.names}),
            "sentences": [s.to_dict() for s in self.sentences],
        }


def _pooled(sentences) -> float:
    """Errors over words across sentences (not the mean of sentence WERs: a long
    sentence weighs as many words as it has)."""
    return wer(sum(s.errors for s in sentences), sum(s.reference_words for s in sentences))


def check_episode(episode: EpisodeFiles, recogniser: asr.Recogniser | None = None,
                  progress: Callable[[int], None] | None = None,
                  context_ms: int = CONTEXT_MS) -> QaReport:
    """Transcribe every cue of ``episode`` and score it (cues under ``context_ms`` heard
    with their neighbours; 0 hears every cue alone)."""
    started = time.perf_counter()
    recogniser = recogniser or asr.load()
    audio = asr.decode(io.BytesIO(episode.audio_data()), episode.audio)
    results = []
    # Both sides are compared as the episode said its numbers ("22:00" "ten p.m." in
    # British English).
    with british(british_numbers(episode.language)):
        for index, cue in enumerate(episode.cues, 1):
            heard = hear(episode.cues, index - 1, audio, recogniser, context_ms)
            results.append(check_cue(index, cue, _chapter_of(cue, episode.chapters), heard))
            if progress:
                progress(1)
    return QaReport(episode.folder.name, recogniser.name,
                    round(1000 * len(audio) / asr.SAMPLE_RATE),
                    time.perf_counter() - started, episode.chapters, tuple(results))


def _chapter_of(cue: Cue, chapters: tuple[Chapter, ...]) -> int:
    for number, chapter in enumerate(chapters, 1):
        if chapter.start_ms <= cue.start_ms < chapter.end_ms:
            return number
    return len(chapters)


def span_audio(audio: np.ndarray, start_ms: int, end_ms: int) -> np.ndarray:
    per_ms = asr.SAMPLE_RATE // 1000
    return audio[max(0, (start_ms - EDGE_MS) * per_ms):(end_ms + EDGE_MS) * per_ms]


def cue_audio(audio: np.ndarray, cue: Cue) -> np.ndarray:
    return span_audio(audio, cue.start_ms, cue.end_ms)


def hear(cues: tuple[Cue, ...], k: int, audio: np.ndarray, recogniser: asr.Recogniser,
         context_ms: int = CONTEXT_MS) -> str | None:
    """What the recogniser heard of ``cues[k]``; None for a silent cue."""
    cue = cues[k]
    if rms_dbfs(_own_clip(audio, cue)) < SILENT_DBFS:
        return None
    if cue.end_ms - cue.start_ms < context_ms and len(cues) > 1:
        return heard_in_context(cues[max(0, k - 1):k + 2], cue, audio, recogniser)
    heard = recogniser.transcribe(cue_audio(audio, cue))
    if _stopped_early(heard, cue.end_ms - cue.start_ms):
        heard = recogniser.transcribe(cue_audio(audio, cue), several=True)
    return heard


def _stopped_early(heard: str, duration_ms: int) -> bool:
    """Far fewer words heard than the audio's length holds at a news reader's pace (the
    ``short`` flag's ratio, from the audio, never from the transcript): Whisper decoding
    without timestamps sometimes ends a sentence early ("... after Russian troops" for 25
    words and 11 s; tiny.en, sample). Decoded again with timestamps, it heard them all."""
    expected = duration_ms * WORDS_PER_MINUTE / 60_000
    return expected >= SHORT_MIN_WORDS and len(words(heard)) < SHORT_RATIO * expected


def heard_in_context(window: tuple[Cue, ...], cue: Cue, audio: np.ndarray,
                     recogniser: asr.Recogniser) -> str:
    """A short cue heard inside its neighbours' audio. Whisper is trained on 30 s of
    running speech: a two-second clip alone is out of its depth (one such credit came
    back "Photo must have slapped her nose" alone, "Photo mustislav Chernof" with a
    second of silence added). The window's words are aligned with the window's
    transcript and those aligned with the cue (and any inserted at its edges) are what
    was heard of it; a wrong word there still counts as wrong."""
    said = [words(c.text) for c in window]
    first = sum(len(w) for w in said[:window.index(cue)])
    heard = recogniser.transcribe(span_audio(audio, window[0].start_ms, window[-1].end_ms),
                                  several=True)
    reference = [w for ws in said for w in ws]
    return " ".join(w.shown for w in heard_between(reference, first,
                                                   first + len(words(cue.text)), heard))


def _own_clip(audio: np.ndarray, cue: Cue) -> np.ndarray:
    return audio[cue.start_ms * asr.SAMPLE_RATE // 1000:cue.end_ms * asr.SAMPLE_RATE // 1000]


def check_cue(index: int, cue: Cue, chapter: int, heard: str | None) -> SentenceResult:
    """Score what was heard of ``cue`` (``hear``; None: its audio is silent)."""
    reference = words(cue.text)
    alignment = align(reference, words(heard or ""))
    names = name_suspects(alignment)
    flags = [flag for flag, on in (
        ("wer", wer(alignment.errors, len(reference)) > WER_FLAG),
        ("silent", heard is None),
        ("short", _short(len(reference), cue.end_ms - cue.start_ms)),
        ("name", bool(names))) if on]
    return SentenceResult(index, chapter, cue.start_ms, cue.end_ms,
                          cue.text, heard or "", len(reference), alignment.errors,
                          alignment.strict_errors, tuple(flags), names)


def rms_dbfs(samples: np.ndarray) -> float:
    if samples.size == 0:
        return -np.inf
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    return 20 * np.log10(rms) if rms > 0 else -np.inf


def estimate_ms(word_count: int) -> int:
    """How long the words take at a news reader's pace (script.preview's estimate)."""
    return round(60_000 * word_count / WORDS_PER_MINUTE)


def _short(word_count: int, duration_ms: int) -> bool:
    return word_count >= SHORT_MIN_WORDS and duration_ms < SHORT_RATIO * estimate_ms(word_count)


def name_suspects(alignment: Alignment) -> tuple[tuple[str, str], ...]:
    """Capitalised reference words (after the first word of the sentence, which is
    capitalised anyway) the recogniser heard as something that does not even sound
    alike (wer.sounds_alike), with what it heard."""
    found, position = [], 0
    pairs = alignment.pairs
    for k, (ref, hyp) in enumerate(pairs):
        if ref is None:
            continue
        position += 1
        if position == 1 or not ref.is_name or (hyp and ref.heard_as(hyp)):
            continue
        heard = _heard_around(pairs, k)
        if sounds_alike(ref.key, heard.replace(" ", "")):
            continue  # heard split in two: "Mar-Uple" for "Mariupol"
        found.append((ref.shown, heard))
    return tuple(dict.fromkeys(found))


def _heard_around(pairs, k: int) -> str:
    """What was heard in a name's place: its own hypothesis word plus inserted words
    next to it ("Kharkiv's" heard as "car gives")."""
    heard = [pairs[k][1].shown] if pairs[k][1] else []
    j = k + 1
    while j < len(pairs) and pairs[j][0] is None:
        heard.append(pairs[j][1].shown)
        j += 1
    return " ".join(heard) or "(nothing)"
