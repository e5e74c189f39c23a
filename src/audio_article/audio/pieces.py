"""Level a unit of clips and, for the format that encodes pieces (MP3), encode it alone.

A unit is a run of segments joined by short pauses; most units are one sentence, because
the plan's pauses are longer than MIN_UNIT_PAUSE_MS. The mixer lays every unit out from
a frame boundary (audio.mix.layout), so a unit's encoded frames depend on nothing but its
own clips, their gains and the pauses inside it: a synthesis worker can encode a unit as
soon as it has voiced it, in parallel with the others, and the piece is kept in the clip
cache beside the clips, so a re-render after an edit encodes only the units that changed.
Formats that encode the programme as one stream (M4A, Opus) take the unit's levelled PCM
instead (``ReadyUnit.pcm``).

This module needs numpy and pydub only (no scipy, no encoder: the format's own module
encodes), so synthesis workers import it cheaply (while they boot, before their first
segment).
"""

from __future__ import annotations

import hashlib
import json
import threading
import warnings
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from .loudness import (CEILING_DBTP, TARGET_LUFS, ClipStats, ceiling, envelope_above,
                       gain_to, heard_loudness, limiter_gains, subhop)

# A pause at least this long may end a unit (it is then rounded to whole MP3 frames:
# at most 13 ms either way); shorter ones stay inside a unit, exact to the sample.
MIN_UNIT_PAUSE_MS = 100
# Bump when levelling or piece encoding changes what a piece holds.
PIECE_FORMAT = 2


@dataclass(frozen=True, eq=False)
class Piece:
    """A unit levelled (and encoded, for the format that encodes pieces): its frames and
    what the mixer needs to know of its clips. The clip cache keeps all but ``pcm``."""

    data: bytes  # the unit encoded alone; empty when no format encodes pieces
    lengths: tuple[int, ...]  # each clip's samples
    stats: tuple[ClipStats, ...]  # each clip's measurements (true peak bound included)
    gains: tuple[float, ...]  # each clip's gain (linear, before the limiter)
    kept: tuple[np.ndarray | None, ...]  # the limiter's energy ratio per 10 ms, or None
    pcm: np.ndarray | None = None  # the levelled unit, where it was just made
    # Where it was just made for formats levelled under other ceilings too: ceiling dBTP
    # -> the unit levelled under it (level_under shares the costly envelope).
    others: dict = field(default_factory=dict, hash=False, compare=False)


# The levelled unit's PCM -> its encoded frames (a format's encode_piece, partly applied).
Encode = Callable[[np.ndarray], bytes]


def piece_key(clip_ids: Sequence[str], gaps: Sequence[int], offset: float, rate: int,
              bitrate_kbps: int, encoder: Sequence = ()) -> str:
    """Everything a piece depends on: its clips (their ids hash engine, voice, settings
    and text), the gaps between them, the programme's gain offset and the encoder
    (``encoder``: what identifies the format's encoder and settings)."""
    key = json.dumps([PIECE_FORMAT, list(clip_ids), list(gaps), repr(float(offset)), rate,
                      bitrate_kbps, *encoder, TARGET_LUFS, CEILING_DBTP])
    return hashlib.sha256(key.encode()).hexdigest()[:24]


def make_piece(clips: Sequence[tuple[np.ndarray, ClipStats]], gaps: Sequence[int],
               offset: float, rate: int, encode: Encode | None,
               others: Sequence[float] = ()) -> Piece:
    """Level every clip (``offset`` dB from the target), join them with pydub with
    ``gaps`` samples of silence between consecutive clips, and encode the unit alone
    (unless ``encode`` is None); level and join it under each ceiling of ``others`` too
    (``Piece.others``)."""
    ceilings = (CEILING_DBTP, *others)
    levels = [level_under(samples, clip_stats, offset, rate, ceilings)
              for samples, clip_stats in clips]
    pcm = join([clip[0].voice for clip in levels], gaps, rate)
    levelled = [clip[0] for clip in levels]
    return Piece(encode(pcm) if encode else b"", tuple(len(c[0]) for c in clips),
                 tuple(clip.stats for clip in levelled), tuple(clip.gain for clip in levelled),
                 tuple(clip.kept for clip in levelled), pcm,
                 {c: join([clip[n].voice for clip in levels], gaps, rate)
                  for n, c in enumerate(others, 1)})


@dataclass(frozen=True, eq=False)
class ReadyUnit:
    """A unit ready to be placed (audio.formats.Unit), in script order: segments
    ``first`` to ``last``, ``samples`` long with the pauses inside it, and its piece.
    Its levelled PCM under the programme's ceiling is the piece's, or made on first use
    by ``relevel`` (ceiling dBTP -> PCM) when the piece came without it (from a worker
    or the cache): levelling is deterministic, so that is the PCM the piece's frames
    were encoded from. Under another ceiling it is levelled again, once (a lock keeps
    two encoder threads from doing it twice)."""

    first: int
    last: int
    samples: int
    piece: Piece
    relevel: Callable[[float], np.ndarray]
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _levelled: dict = field(default_factory=dict, init=False, repr=False)

    @property
    def data(self) -> bytes:
        return self.piece.data

    def pcm(self, ceiling_dbtp: float = CEILING_DBTP) -> np.ndarray:
        with self._lock:
            if ceiling_dbtp not in self._levelled:
                known = (self.piece.pcm if ceiling_dbtp == CEILING_DBTP
                         else self.piece.others.get(ceiling_dbtp))
                self._levelled[ceiling_dbtp] = known if known is not None else self.relevel(ceiling_dbtp)
            return self._levelled[ceiling_dbtp]


def join(voices: Sequence[np.ndarray], gaps: Sequence[int], rate: int) -> np.ndarray:
    """pydub stitches the unit: each voice, then the silence before the next one."""
    AudioSegment = _audio_segment()
    unit = AudioSegment.empty()
    for index, voice in enumerate(voices):
        unit += AudioSegment(np.ascontiguousarray(voice, "<i2").tobytes(), sample_width=2,
                             frame_rate=rate, channels=1)
        if index < len(gaps) and gaps[index]:
            unit += AudioSegment(bytes(2 * gaps[index]), sample_width=2, frame_rate=rate,
                                 channels=1)
    return np.frombuffer(unit.raw_data, dtype="<i2")


def _audio_segment():
    """pydub's AudioSegment, imported when a unit is first made: a re-render from cached
    pieces makes none in the main process."""
    with warnings.catch_warnings():
        # pydub 0.25.1 imports audioop, deprecated since Python 3.11 (pydub #815), and
        # warns when ffmpeg is absent; we only use it on raw PCM, which needs no ffmpeg.
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.filterwarnings("ignore", "Couldn't find ffmpeg", RuntimeWarning)
        from pydub import AudioSegment
    return AudioSegment


# The most gain added to make up for what the limiter takes off a clip's loudness.
MAX_MAKEUP_DB = 1.0


@dataclass(frozen=True, eq=False)
class Levelled:
    """A clip at its programme level, and what the mixer needs to measure the programme."""

    voice: np.ndarray  # int16
    stats: ClipStats  # the clip's, with a true peak bound if it had none
    gain: float  # linear, applied before the limiter
    kept: np.ndarray | None  # the limiter's energy ratio per 10 ms, or None


def level_under(samples: np.ndarray, stats: ClipStats, offset: float, rate: int,
                ceilings: Sequence[float]) -> list[Levelled]:
    """The clip levelled under each of ``ceilings``, as ``level`` makes it, the 4x
    oversampled envelope found once: at the lowest ceiling's threshold it is exact
    wherever any of them may be passed (the most costly step: one envelope, not one a
    ceiling)."""
    if len(ceilings) == 1:
        return [level(samples, stats, offset, rate, ceilings[0])]
    most = _gains(stats, offset, rate)[2]
    lowest = min(map(ceiling, ceilings))
    shared = None
    if not (np.isfinite(stats.peak) and most * stats.peak <= lowest):
        shared = envelope_above(samples.astype(np.float32) / np.float32(32768.0), lowest / most)
    return [level(samples, stats, offset, rate, c, shared) for c in ceilings]


def _gains(stats: ClipStats, offset: float, rate: int) -> tuple[float | None, float, float]:
    """The clip's loudness as a programme hears it (None: too short to measure), the
    gain that brings it to ``offset`` dB from the target, and the most gain a makeup
    may reach."""
    if np.isfinite(stats.lufs):
        heard = heard_loudness(stats.energy, rate)
        gain = gain_to(heard, TARGET_LUFS + offset)
        return heard, gain, gain * 10 ** (MAX_MAKEUP_DB / 20)
    gain = 10 ** (offset / 20)
    return None, gain, gain


def level(samples: np.ndarray, stats: ClipStats, offset: float, rate: int,
          ceiling_dbtp: float = CEILING_DBTP,
          shared: tuple[np.ndarray, float] | None = None) -> Levelled:
    """The clip at ``offset`` dB from the target loudness as a programme hears it
    (loudness.heard_loudness; clips too short to measure keep their level, moved by the
    offset), through the true-peak limiter only if its true peak at that gain may pass
    the ceiling (``ceiling_dbtp``: the programme's, or a format's own). What the limiter takes off the clip's loudness is made up (up to
    MAX_MAKEUP_DB) by limiting once more from that much more gain, so a peaky voice is
    as loud as a smooth one. Every decision depends on the clip alone: a unit encodes
    the same wherever and whenever it is made.

    A clip whose true peak is not known yet gets an upper bound on it here (exact where
    it matters at the most gain used), from the envelope that the limiter then uses;
    the result carries the stats with that bound. The output does not depend on how
    tight the stored bound is: a clip sent to the limiter needlessly comes back
    unchanged, with nothing to make up; nor on ``shared``, an envelope found at a lower
    threshold (level_under), which is exact wherever this one is."""
    audio = samples.astype(np.float32) / np.float32(32768.0)
    target, limit = TARGET_LUFS + offset, ceiling(ceiling_dbtp)
    heard, gain, most = _gains(stats, offset, rate)
    envelope = None
    if not np.isfinite(stats.peak):
        envelope, skipped = shared or envelope_above(audio, limit / most)
        stats = ClipStats(stats.lufs, max(float(envelope.max(initial=0.0)), skipped),
                          stats.energy)
    if gain * stats.peak <= limit:
        return Levelled(to_int16(audio * np.float32(gain)), stats, gain, None)
    if envelope is None:
        envelope = shared[0] if shared else envelope_above(audio, limit / most)[0]
    voice, kept = _limited(audio, gain, envelope, len(stats.energy), rate, limit)
    if heard is not None:
        loudness = heard_loudness(stats.energy * kept, rate) + 20 * np.log10(gain)
        makeup = min(target - loudness, MAX_MAKEUP_DB)
        if makeup > 0.01:
            gain *= 10 ** (makeup / 20)
            voice, kept = _limited(audio, gain, envelope, len(stats.energy), rate, limit)
    return Levelled(to_int16(voice), stats, gain, kept)


def _limited(audio: np.ndarray, gain: float, envelope: np.ndarray, grains: int,
             rate: int, limit: float) -> tuple[np.ndarray, np.ndarray]:
    """``audio`` at ``gain`` through the limiter, and per 10 ms the energy it kept (1
    where it did nothing). Its gain changes are broadband, so the plain energy ratio
    stands for the K-weighted one."""
    voice = audio * np.float32(gain)
    kept = np.ones(grains)
    grain = subhop(rate)
    for start, stop, stretch_gain in limiter_gains(envelope * gain, limit, rate):
        first, last = start // grain, min(grains, -(-stop // grain))
        span = slice(first * grain, min(len(voice), last * grain))
        before = _grain_energy(voice[span], grain)
        voice[start:stop] *= stretch_gain.astype(np.float32)
        after = _grain_energy(voice[span], grain)
        kept[first:first + len(before)] = np.divide(after, before, out=np.ones(len(before)),
                                                    where=before > 0)
    return voice, kept


def _grain_energy(x: np.ndarray, grain: int) -> np.ndarray:
    squares = np.square(x, dtype=np.float64)
    return np.pad(squares, (0, -len(squares) % grain)).reshape(-1, grain).sum(axis=1)


def to_int16(samples: np.ndarray) -> np.ndarray:
    return (np.clip(samples, -1.0, 32767 / 32768) * 32768.0).round().astype("<i2")
