"""Stitch clips and pauses into one programme with pydub; chapter and cue times come from
the real sample counts of what was stitched, never from estimates."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

with warnings.catch_warnings():
    # pydub 0.25.1 imports audioop, deprecated since Python 3.11 (pydub #815), and warns
    # when ffmpeg is absent; we only use it on raw PCM, which needs no ffmpeg.
    warnings.simplefilter("ignore", DeprecationWarning)
    warnings.filterwarnings("ignore", "Couldn't find ffmpeg", RuntimeWarning)
    from pydub import AudioSegment

from ..errors import AudioError
from .loudness import limit_true_peak, match_loudness
from ..models import Chapter, Clip, Cue, Script



@dataclass(frozen=True, eq=False)
class Programme:
    """The stitched audio and where each segment sits in it, in samples."""

    audio: AudioSegment
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @property
    def sample_rate(self) -> int:
        return self.audio.frame_rate

    @property
    def sample_count(self) -> int:
        return int(self.audio.frame_count())

    def samples(self) -> np.ndarray:
        return np.frombuffer(self.audio.raw_data, dtype="<i2")


def stitch(script: Script, clips: list[Clip]) -> Programme:
    if len(clips) != len(script.segments):
        raise AudioError(f"{len(clips)} clips for {len(script.segments)} segments")
    rate = clips[0].sample_rate
    parts, starts, ends, position = [], [], [], 0
    for segment, clip in zip(script.segments, clips):
        if clip.sample_rate != rate or clip.segment_id != segment.id:
            raise AudioError(f"clip for segment {segment.id} does not match the script")
        voice = AudioSegment(_level_clip(clip.samples, rate).tobytes(), sample_width=2,
                             frame_rate=rate, channels=1)
        pause = AudioSegment.silent(duration=segment.pause_after_ms, frame_rate=rate)
        starts.append(position)
        position += int(voice.frame_count())
        ends.append(position)
        position += int(pause.frame_count())
        parts += [voice.raw_data, pause.raw_data]
    # One join instead of repeated `+`, which copies the whole programme each time.
    audio = AudioSegment(b"".join(parts), sample_width=2, frame_rate=rate, channels=1)
    return Programme(_master(audio), tuple(starts), tuple(ends))


def _level_clip(samples: np.ndarray, rate: int) -> np.ndarray:
    """Every clip at the same loudness, so roles and voices sit at one level."""
    return _to_int16(match_loudness(samples.astype(np.float32) / 32768.0, rate))


def _master(audio: AudioSegment) -> AudioSegment:
    """The programme at the target loudness with its true peak under the ceiling."""
    if audio.max == 0:
        raise AudioError("the programme is silent")
    rate = audio.frame_rate
    samples = np.frombuffer(audio.raw_data, dtype="<i2").astype(np.float32) / 32768.0
    mastered = limit_true_peak(match_loudness(samples, rate), rate)
    return AudioSegment(_to_int16(mastered).tobytes(), sample_width=2, frame_rate=rate,
                        channels=1)


def _to_int16(samples: np.ndarray) -> np.ndarray:
    return (np.clip(samples, -1.0, 32767 / 32768) * 32768.0).round().astype("<i2")


def to_ms(samples: int, rate: int) -> int:
    """Integer milliseconds, floored, so a chapter never starts after its first sound."""
    return samples * 1000 // rate


def chapters(script: Script, programme: Programme) -> tuple[Chapter, ...]:
    rate = programme.sample_rate
    starts = [to_ms(programme.starts[m.first_segment], rate) for m in script.chapters]
    starts[0] = 0  # the intro chapter owns any lead-in; players expect a chapter at 0:00
    ends = starts[1:] + [to_ms(programme.sample_count, rate)]
    return tuple(Chapter(m.title, s, e, m.url, m.image)
                 for m, s, e in zip(script.chapters, starts, ends))


def cues(script: Script, programme: Programme) -> tuple[Cue, ...]:
    rate = programme.sample_rate
    return tuple(Cue(to_ms(s, rate), to_ms(e, rate), seg.text, seg.role)
                 for seg, s, e in zip(script.segments, programme.starts, programme.ends))
