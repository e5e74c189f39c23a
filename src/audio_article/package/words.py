"""Word timings on the transcript's words.

An engine times the words it said, which are the segment's spoken form after
normalization ("24" said as "twenty-four", a name respelled); the transcript shows the
written text. The two word sequences are aligned (difflib, on case-folded letters and
digits): a word found in both takes the spoken word's time; a run of written words
that was said differently ("Feb. 24, 2022" for "February twenty-fourth, twenty
twenty-two") shares the time of the run said in its place: each written word is
normalized alone to guess how long it is said, and the cuts between written words go
to the gaps between spoken words nearest those guesses (inside a spoken word only when
fewer words were said than written); a written word not said at all (a lone dash) gets
no length, at the start of the next word said.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Sequence

from ..models import Cue, Word
from ..speech.base import SpokenWord

_NOT_KEY = re.compile(r"[\W_]+")


def key(word: str) -> str:
    return _NOT_KEY.sub("", word.casefold())


def timed_words(text: str, spoken: Sequence[SpokenWord], start_ms: float) -> tuple[Word, ...]:
    """Every whitespace-separated word of ``text`` with its time in ms, the clip starting
    at ``start_ms``; none when nothing was timed."""
    shown = text.split()
    if not shown or not spoken:
        return ()
    times: list[tuple[float, float] | None] = [None] * len(shown)
    matcher = SequenceMatcher(None, [key(w) for w in shown], [key(w.text) for w in spoken],
                              autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2)):
                times[i] = (spoken[j].start_s, spoken[j].end_s)
        elif tag == "replace":
            times[i1:i2] = _shared(shown[i1:i2], spoken[j1:j2])
    return tuple(Word(round(start_ms + 1000 * a), round(start_ms + 1000 * b), word)
                 for word, (a, b) in zip(shown, _fill(times, spoken[-1].end_s)))


def _shared(words: list[str], said: Sequence[SpokenWord]) -> list[tuple[float, float]]:
    """The time of ``said`` divided among the written ``words`` said as them."""
    if len(said) < len(words):
        return _by_length(words, said[0].start_s, said[-1].end_s)
    shares = _cuts([_said_length(w) for w in words])
    gaps = _cuts([max(1, len(key(w.text))) for w in said])  # gap g: said[g] | said[g + 1]
    chosen, low = [], 0
    for k, share in enumerate(shares):
        high = len(gaps) - len(shares) + k  # room for the cuts still to place
        gap = min(range(low, high + 1), key=lambda g: abs(gaps[g] - share))
        chosen.append(gap)
        low = gap + 1
    starts = [said[0].start_s] + [said[g + 1].start_s for g in chosen]
    ends = [said[g].end_s for g in chosen] + [said[-1].end_s]
    return list(zip(starts, ends))


def _said_length(word: str) -> int:
    """About how long ``word`` is said: the letters of its spoken form ("24," is said
    "twenty-four")."""
    from ..script.normalize import normalize

    return max(1, len(key(normalize(word))))


def _cuts(lengths: list[int]) -> list[float]:
    """Where the boundaries between consecutive items fall, as shares of the total."""
    total, at, cuts = sum(lengths), 0, []
    for length in lengths[:-1]:
        at += length
        cuts.append(at / total)
    return cuts


def _by_length(words: list[str], start: float, end: float) -> list[tuple[float, float]]:
    """A span of time divided among ``words`` by how long each is said."""
    lengths = [_said_length(w) for w in words]
    total, spans, at = sum(lengths), [], start
    for length in lengths:
        step = (end - start) * length / total
        spans.append((at, at + step))
        at += step
    return spans


def _fill(times: list, last_end: float) -> list[tuple[float, float]]:
    """Words with no time of their own: no length, where the next timed word starts."""
    following = last_end
    for index in range(len(times) - 1, -1, -1):
        if times[index] is None:
            times[index] = (following, following)
        following = times[index][0]
    return times


def with_words(cues: Sequence[Cue], starts_ms: Sequence[float],
               spoken: Sequence[Sequence[SpokenWord]]) -> tuple[Cue, ...]:
    """The cues with their words timed: ``starts_ms`` where each segment's clip starts
    (to the sample, not rounded), ``spoken`` the engine's words of each clip."""
    return tuple(Cue(c.start_ms, c.end_ms, c.text, c.role, timed_words(c.text, words, start))
                 for c, start, words in zip(cues, starts_ms, spoken))
