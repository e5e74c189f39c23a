"""Stitch clips and pauses into one programme with pydub, streaming.

The layout (where every segment starts and ends, in samples) is computed first from the
clips' lengths and the pauses; chapter and cue times come from it, so they are exact to
the sample and never estimated. Rendering then walks the segments one at a time: load a
clip, level it, append its pause, hand the PCM to a sink (the MP3 encoder). Memory holds
one clip at a time, however long the programme.

Levelling is per clip: every clip is brought to one loudness and through the true-peak
limiter, so roles and voices sit at one level and every chapter is within a fraction of
a LU of the programme (STANDARDS.md section 3).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

with warnings.catch_warnings():
    # pydub 0.25.1 imports audioop, deprecated since Python 3.11 (pydub #815), and warns
    # when ffmpeg is absent; we only use it on raw PCM, which needs no ffmpeg.
    warnings.simplefilter("ignore", DeprecationWarning)
    warnings.filterwarnings("ignore", "Couldn't find ffmpeg", RuntimeWarning)
    from pydub import AudioSegment

from ..errors import AudioError
from ..models import Chapter, Cue, Script
from .loudness import (TARGET_LUFS, ClipStats, ceiling, clip_stats, envelope_above, gain_to,
                       limit_true_peak, programme_loudness, subhop)
from .mp3 import Mp3Encoder

Sink = Callable[[np.ndarray], None]
Loader = Callable[[int], np.ndarray]
ClipLoader = Callable[[int], "tuple[np.ndarray, ClipStats | None]"]
Remember = Callable[[int, np.ndarray, ClipStats], None]

# Clips levelled one by one to TARGET_LUFS make a programme a little quieter than that,
# because blocks that straddle a clip and its pause pass the relative gate with less
# energy. The offset that corrects it is known only when every clip is, so the mixer
# starts with this prediction and encodes again only if the programme would land further
# than the tolerance from the target (the decoded MP3 must be within 1 LU, and 64 kbps
# encoding takes about 0.4 LU off speech: a lowpass). On the sample the exact offset is
# +0.11 dB with eSpeak and -0.01 dB with hibari.
PREDICTED_OFFSET_DB = 0.0
OFFSET_TOLERANCE_LU = 0.3


@dataclass(frozen=True)
class Layout:
    """Where each segment's voice starts and ends in the programme, in samples."""

    sample_rate: int
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    sample_count: int


def pause_samples(pause_ms: int, rate: int) -> int:
    return pause_ms * rate // 1000


def layout(script: Script, lengths: Sequence[int], rate: int) -> Layout:
    if len(lengths) != len(script.segments):
        raise AudioError(f"{len(lengths)} clips for {len(script.segments)} segments")
    starts, ends, position = [], [], 0
    for segment, length in zip(script.segments, lengths):
        starts.append(position)
        position += int(length)
        ends.append(position)
        position += pause_samples(segment.pause_after_ms, rate)
    return Layout(rate, tuple(starts), tuple(ends), position)


def render(script: Script, plan: Layout, load: Loader, sink: Sink) -> None:
    """Stream the programme to ``sink`` in order, one segment (voice + pause) at a time,
    from clips that carry no measurements (they are measured here first)."""
    stats = []
    for index, segment in enumerate(script.segments):
        samples = load(index)
        expected = plan.ends[index] - plan.starts[index]
        if len(samples) != expected:
            raise AudioError(f"clip {segment.id} has {len(samples)} samples, expected {expected}")
        stats.append(clip_stats(samples, plan.sample_rate))
    stream(script, plan.sample_rate, lambda i: (load(i), stats[i]), sink,
           programme_offset(stats, plan))


@dataclass(frozen=True)
class Mastered:
    """The encoded programme (finish it into a file) and where every segment lies."""

    plan: Layout
    encoder: Mp3Encoder


def master(script: Script, rate: int, bitrate_kbps: int, clip: ClipLoader,
           remember: Remember | None = None, spool_dir: Path | None = None) -> Mastered:
    """Level, limit and encode the clips as ``clip(i)`` delivers them, in script order.

    The programme's loudness depends on every clip, but encoding must not wait for the
    last one: the clips are levelled with PREDICTED_OFFSET_DB first, and the exact
    offset is worked out from the clips' stored energies at the end. When the
    prediction is off by more than OFFSET_TOLERANCE_LU, the programme is encoded again
    with the exact offset (from the cache, now complete). The choice depends only on
    the clips, so the bytes are the same whatever order the clips were made in.
    """
    encoder = Mp3Encoder(rate, bitrate_kbps, spool_dir=spool_dir)
    try:
        losses: list = []
        lengths, stats = stream(script, rate, clip, encoder.feed, PREDICTED_OFFSET_DB,
                                remember, losses)
        plan = layout(script, lengths, rate)
        offset = PREDICTED_OFFSET_DB
        # The limiter takes level off peaky clips, which the stored energies do not know:
        # its measured loss counts, and a programme more than OFFSET_TOLERANCE_LU off is
        # encoded again (at most twice: more gain can mean more limiting).
        for _attempt in range(2):
            wanted = programme_offset(stats, plan, losses, offset)
            if wanted == offset:
                break
            offset, losses = wanted, []
            encoder.close()
            encoder = Mp3Encoder(rate, bitrate_kbps, spool_dir=spool_dir)
            stream(script, rate, clip, encoder.feed, offset, None, losses)
    except BaseException:
        encoder.close()
        raise
    return Mastered(plan, encoder)


def programme_offset(stats: Sequence[ClipStats], plan: Layout,
                     losses: Sequence[np.ndarray | None] = (),
                     current: float = PREDICTED_OFFSET_DB) -> float:
    """The gain (dB) that brings the programme to the target: ``current`` (the offset
    the programme was just levelled with) when that lands within OFFSET_TOLERANCE_LU,
    else the exact one. ``losses`` are the limiter's per-10 ms energy ratios at
    ``current`` (None for a clip it left alone)."""
    if not any(s.peak > 0 or np.any(s.energy) for s in stats):
        raise AudioError("the programme is silent")
    offset_gain = 10 ** (current / 20)
    levelled = [ClipStats(s.lufs, s.peak, s.energy * loss if loss is not None else s.energy)
                for s, loss in zip(stats, list(losses) + [None] * (len(stats) - len(losses)))]
    programme = programme_loudness(levelled, list(plan.starts),
                                   [(gain_to(s.lufs) if np.isfinite(s.lufs) else 1.0)
                                    * offset_gain for s in stats],
                                   plan.sample_count, plan.sample_rate)
    # A programme under one gating block cannot be measured: leave the clips' levels.
    if not np.isfinite(programme):
        return current
    exact = current + TARGET_LUFS - programme
    return current if abs(exact - current) <= OFFSET_TOLERANCE_LU else exact


def stream(script: Script, rate: int, clip: ClipLoader, sink: Sink, offset: float,
           remember: Remember | None = None, losses: list | None = None
           ) -> tuple[list[int], list[ClipStats]]:
    """Every segment's voice, levelled and limited, then its pause, to ``sink``;
    returns the clips' lengths and measurements. ``losses`` collects, per clip, the
    limiter's energy ratio per 10 ms (None where it did nothing)."""
    lengths, measured = [], []
    for index, segment in enumerate(script.segments):
        samples, stats = clip(index)
        if stats is None:  # an entry made without measurements
            stats = clip_stats(samples, rate, peak=False)
        voice, known, loss = _level(samples, stats, offset, rate)
        if losses is not None:
            losses.append(loss)
        if known is not stats and remember is not None:
            remember(index, samples, known)
        _emit(voice, segment.pause_after_ms, rate, sink)
        lengths.append(len(samples))
        measured.append(known)
    return lengths, measured


def _level(samples: np.ndarray, stats: ClipStats, offset: float,
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


def _emit(voice: np.ndarray, pause_ms: int, rate: int, sink: Sink) -> None:
    """pydub joins the voice and its pause; the sink gets the segment's PCM."""
    clip = AudioSegment(voice.tobytes(), sample_width=2, frame_rate=rate, channels=1)
    silence = bytes(2 * pause_samples(pause_ms, rate))
    pause = AudioSegment(silence, sample_width=2, frame_rate=rate, channels=1)
    sink(np.frombuffer((clip + pause).raw_data, dtype="<i2"))


def to_int16(samples: np.ndarray) -> np.ndarray:
    return (np.clip(samples, -1.0, 32767 / 32768) * 32768.0).round().astype("<i2")


def to_ms(samples: int, rate: int) -> int:
    """Integer milliseconds, floored, so a chapter never starts after its first sound."""
    return samples * 1000 // rate


def chapters(script: Script, plan: Layout) -> tuple[Chapter, ...]:
    rate = plan.sample_rate
    starts = [to_ms(plan.starts[m.first_segment], rate) for m in script.chapters]
    starts[0] = 0  # the intro chapter owns any lead-in; players expect a chapter at 0:00
    ends = starts[1:] + [to_ms(plan.sample_count, rate)]
    return tuple(Chapter(m.title, s, e, m.url, m.image)
                 for m, s, e in zip(script.chapters, starts, ends))


def cues(script: Script, plan: Layout) -> tuple[Cue, ...]:
    rate = plan.sample_rate
    return tuple(Cue(to_ms(s, rate), to_ms(e, rate), seg.text, seg.role)
                 for seg, s, e in zip(script.segments, plan.starts, plan.ends))
