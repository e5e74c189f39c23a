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
from .loudness import (TARGET_LUFS, LoudnessMeter, gain_to, integrated_loudness,
                       limit_true_peak)

Sink = Callable[[np.ndarray], None]
Loader = Callable[[int], np.ndarray]


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
    """Stream the programme to ``sink`` in order, one segment (voice + pause) at a time.

    Two passes over the clips (each loaded from the cache twice, never all at once):
    the first measures every clip and the whole programme with the gating of
    BS.1770, since pauses between clips pull the programme below the clips' own
    loudness; the second applies one gain per clip and the true-peak limiter.
    """
    clip_lufs, programme_lufs = _measure(script, plan, load)
    # A programme under one gating block cannot be measured: leave the clips' levels.
    offset = TARGET_LUFS - programme_lufs if np.isfinite(programme_lufs) else 0.0
    for index, segment in enumerate(script.segments):
        audio = load(index).astype(np.float32) / 32768.0
        # Clips too short to measure keep their level, moved by the programme's offset.
        gain = gain_to(clip_lufs[index], TARGET_LUFS + offset) * (
            1.0 if np.isfinite(clip_lufs[index]) else 10 ** (offset / 20))
        voice = to_int16(limit_true_peak(audio * np.float32(gain), plan.sample_rate))
        _emit(voice, segment.pause_after_ms, plan.sample_rate, sink)


def _measure(script: Script, plan: Layout, load: Loader) -> tuple[list[float], float]:
    meter, levels, heard = LoudnessMeter(plan.sample_rate), [], False
    for index, segment in enumerate(script.segments):
        samples = load(index)
        heard = heard or bool(np.any(samples))
        expected = plan.ends[index] - plan.starts[index]
        if len(samples) != expected:
            raise AudioError(f"clip {segment.id} has {len(samples)} samples, expected {expected}")
        audio = samples.astype(np.float32) / 32768.0
        loudness = integrated_loudness(audio, plan.sample_rate)
        levels.append(loudness)
        meter.feed(audio * np.float32(gain_to(loudness)))
        meter.feed(np.zeros(pause_samples(segment.pause_after_ms, plan.sample_rate)))
    if not heard:
        raise AudioError("the programme is silent")
    return levels, meter.integrated()


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
