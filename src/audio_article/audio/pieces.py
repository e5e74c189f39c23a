"""Level a unit of clips and encode it alone: a piece of the episode's MP3.

A unit is a run of segments joined by short pauses; most units are one sentence, because
the plan's pauses are longer than MIN_UNIT_PAUSE_MS. The mixer lays every unit out from
a frame boundary (audio.mix.layout), so a unit's encoded frames depend on nothing but its
own clips, their gains and the pauses inside it: a synthesis worker can encode a unit as
soon as it has voiced it, in parallel with the others, and the piece is kept in the clip
cache beside the clips, so a re-render after an edit encodes only the units that changed.

This module needs numpy, pydub and lameenc only (no scipy), so synthesis workers import
it cheaply (while they boot, before their first segment).
"""

from __future__ import annotations

import hashlib
import json
import warnings
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from typing import Sequence

import numpy as np

with warnings.catch_warnings():
    # pydub 0.25.1 imports audioop, deprecated since Python 3.11 (pydub #815), and warns
    # when ffmpeg is absent; we only use it on raw PCM, which needs no ffmpeg.
    warnings.simplefilter("ignore", DeprecationWarning)
    warnings.filterwarnings("ignore", "Couldn't find ffmpeg", RuntimeWarning)
    from pydub import AudioSegment

from .loudness import (CEILING_DBTP, TARGET_LUFS, ClipStats, ceiling, envelope_above,
                       gain_to, limit_true_peak, subhop)
from .mp3 import QUALITY, encode_piece

# A pause at least this long may end a unit (it is then rounded to whole MP3 frames:
# at most 13 ms either way); shorter ones stay inside a unit, exact to the sample.
MIN_UNIT_PAUSE_MS = 100
# Bump when levelling or piece encoding changes what a piece holds.
PIECE_FORMAT = 1


@dataclass(frozen=True, eq=False)
class Piece:
    """A unit encoded: its LAME frames and what the mixer needs to know of its clips."""

    data: bytes
    lengths: tuple[int, ...]  # each clip's samples
    stats: tuple[ClipStats, ...]  # each clip's measurements (true peak bound included)
    losses: tuple[np.ndarray | None, ...]  # the limiter's energy ratio per 10 ms, or None


def piece_key(clip_ids: Sequence[str], gaps: Sequence[int], offset: float, rate: int,
              bitrate_kbps: int) -> str:
    """Everything a piece depends on: its clips (their ids hash engine, voice, settings
    and text), the gaps between them, the programme's gain offset and the encoder."""
    key = json.dumps([PIECE_FORMAT, list(clip_ids), list(gaps), repr(float(offset)), rate,
                      bitrate_kbps, QUALITY, _lameenc_version(), TARGET_LUFS, CEILING_DBTP])
    return hashlib.sha256(key.encode()).hexdigest()[:24]


@lru_cache(maxsize=1)
def _lameenc_version() -> str:
    try:
        return metadata.version("lameenc")
    except metadata.PackageNotFoundError:
        return ""


def make_piece(clips: Sequence[tuple[np.ndarray, ClipStats]], gaps: Sequence[int],
               offset: float, rate: int, bitrate_kbps: int) -> Piece:
    """Level every clip (``offset`` dB from the target), join them with pydub with
    ``gaps`` samples of silence between consecutive clips, and encode the unit alone."""
    voices, stats, losses = [], [], []
    for samples, clip_stats in clips:
        voice, known, loss = level(samples, clip_stats, offset, rate)
        voices.append(voice)
        stats.append(known)
        losses.append(loss)
    pcm = join(voices, gaps, rate)
    return Piece(encode_piece(pcm, rate, bitrate_kbps), tuple(len(c[0]) for c in clips),
                 tuple(stats), tuple(losses))


def join(voices: Sequence[np.ndarray], gaps: Sequence[int], rate: int) -> np.ndarray:
    """pydub stitches the unit: each voice, then the silence before the next one."""
    unit = AudioSegment.empty()
    for index, voice in enumerate(voices):
        unit += AudioSegment(np.ascontiguousarray(voice, "<i2").tobytes(), sample_width=2,
                             frame_rate=rate, channels=1)
        if index < len(gaps) and gaps[index]:
            unit += AudioSegment(bytes(2 * gaps[index]), sample_width=2, frame_rate=rate,
                                 channels=1)
    return np.frombuffer(unit.raw_data, dtype="<i2")


def level(samples: np.ndarray, stats: ClipStats, offset: float,
          rate: int) -> tuple[np.ndarray, ClipStats, np.ndarray | None]:
    """The clip at its gain (clips too short to measure keep their level, moved by the
    programme's offset), through the true-peak limiter only if its true peak at that
    gain may pass the ceiling. A clip whose true peak is not known yet gets an upper
    bound on it here (exact where it matters at this gain), from the envelope that the
    limiter then uses; returns the stats with that bound.

    The output does not depend on how tight the stored bound is: a clip sent to the
    limiter needlessly comes back unchanged."""
    audio = samples.astype(np.float32) / np.float32(32768.0)
    gain = (gain_to(stats.lufs, TARGET_LUFS + offset) if np.isfinite(stats.lufs)
            else 10 ** (offset / 20))
    envelope = None
    if not np.isfinite(stats.peak):
        envelope, skipped = envelope_above(audio, ceiling() / gain)
        stats = ClipStats(stats.lufs, max(float(envelope.max(initial=0.0)), skipped),
                          stats.energy)
    voice = audio * np.float32(gain)
    loss = None
    if gain * stats.peak > ceiling():
        if envelope is None:
            envelope = envelope_above(audio, ceiling() / gain)[0]
        limited = limit_true_peak(voice, rate, envelope=envelope * gain)
        loss = _energy_ratio(limited, voice, len(stats.energy), rate)
        voice = limited
    return to_int16(voice), stats, loss


def _energy_ratio(after: np.ndarray, before: np.ndarray, grains: int, rate: int) -> np.ndarray:
    """Per 10 ms, the energy the limiter left (1 where it did nothing). Its gain changes
    are broadband, so the plain energy ratio stands for the K-weighted one."""
    grain = subhop(rate)
    size = grains * grain

    def energy(x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)[:size]
        return np.square(np.pad(x, (0, size - len(x)))).reshape(grains, grain).sum(axis=1)

    kept, was = energy(after), energy(before)
    return np.divide(kept, was, out=np.ones(grains), where=was > 0)


def to_int16(samples: np.ndarray) -> np.ndarray:
    return (np.clip(samples, -1.0, 32767 / 32768) * 32768.0).round().astype("<i2")
