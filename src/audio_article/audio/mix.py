"""master: the units in script order -> every audio format asked for, finished and tagged.

The layout (where every segment starts and ends, in samples) is computed from the clips'
lengths and the pauses; chapter and cue times come from it, so they are exact to the
sample and never estimated. Segments are grouped into units at pauses of at least
MIN_UNIT_PAUSE_MS (in a plan's default pauses, every sentence is a unit), and every unit
starts on an MP3 frame boundary: such a pause is rounded to whole frames (26 ms at
44.1 kHz; at most 13 ms either way). That grid is every format's: all the files of an
episode share one timeline, with the same chapter and cue times. A unit is levelled,
stitched by pydub and, for MP3, encoded alone (audio.pieces), in a synthesis worker or
here; each format's assembler (audio.formats) places it: MP3 puts its frames on the
frame grid with silent frames between them, M4A and Opus feed its PCM to their encoder.
Memory holds one unit at a time, however long the programme.

Levelling is per clip: every clip is brought to one loudness and through the true-peak
limiter, so roles and voices sit at one level and every chapter is within a fraction of
a LU of the programme (STANDARDS.md section 3).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

import numpy as np

from ..errors import AudioError
from ..models import Chapter, Cue, MasteredAudio, Script
from .loudness import TARGET_LUFS, ClipStats, clip_stats, programme_loudness
from .mp3 import SAMPLES_PER_FRAME, piece_frames
from .pieces import MIN_UNIT_PAUSE_MS, ReadyUnit, level

if TYPE_CHECKING:
    from .formats import Assembler, AudioFormat, Tags

Sink = Callable[[np.ndarray], None]
Loader = Callable[[int], np.ndarray]
# offset dB -> the script's units, in order, levelled at that offset (as they are ready)
Units = Callable[[float], Iterable[ReadyUnit]]
# ID3's CTOC counts its entries in one byte (ID3 chapter addendum; STANDARDS.md 1.2-#4);
# every format of an episode gets the same chapters.
MAX_CHAPTERS = 255

# Each clip is levelled alone, to the target as a programme of pauses hears it, its
# limiter loss made up (pieces.level), so the programme lands near the target without
# waiting for the last clip: the mixer levels with this prediction and works out the
# exact offset from the clips' stored energies at the end, and encodes again only if the
# programme would land further than the tolerance from the target (the decoded MP3 must
# be within 1 LU, and 64 kbps encoding takes about 0.4 LU off speech). On the sample the
# exact offset is +0.05 dB with eSpeak and -0.003 dB with hibari. Far inside the
# tolerance matters: an offset that crosses it changes every piece, and a one-sentence
# edit would then encode the whole episode again.
PREDICTED_OFFSET_DB = 0.0
OFFSET_TOLERANCE_LU = 0.3


@dataclass(frozen=True)
class Layout:
    """Where each segment's voice starts and ends in the programme, in samples."""

    sample_rate: int
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    sample_count: int
    units: tuple[int, ...] = (0,)  # the first segment of every unit


def pause_samples(pause_ms: int, rate: int) -> int:
    return pause_ms * rate // 1000


def units(script: Script) -> list[tuple[int, int]]:
    """(first, last) segment of every unit: a unit ends at a pause of MIN_UNIT_PAUSE_MS
    or more."""
    groups, first = [], 0
    for index, segment in enumerate(script.segments):
        if segment.pause_after_ms >= MIN_UNIT_PAUSE_MS or index == len(script.segments) - 1:
            groups.append((first, index))
            first = index + 1
    return groups


def unit_start(end: int, pause: int) -> int:
    """Where a unit starts after a voice that ends at ``end`` and a pause of ``pause``
    samples: the pause rounded to the nearest frame boundary, and never before the end
    of the frames that encode the unit before it."""
    frame = SAMPLES_PER_FRAME
    return max((end + pause + frame // 2) // frame * frame, piece_frames(end) * frame)


def layout(script: Script, lengths: Sequence[int], rate: int) -> Layout:
    if len(lengths) != len(script.segments):
        raise AudioError(f"{len(lengths)} clips for {len(script.segments)} segments")
    firsts = {first for first, _last in units(script)}
    starts, ends, position = [], [], 0
    for index, (segment, length) in enumerate(zip(script.segments, lengths)):
        starts.append(position)
        position += int(length)
        ends.append(position)
        pause = pause_samples(segment.pause_after_ms, rate)
        position = unit_start(position, pause) if index + 1 in firsts else position + pause
    return Layout(rate, tuple(starts), tuple(ends), position, tuple(sorted(firsts)))


def render(script: Script, plan: Layout, load: Loader, sink: Sink) -> None:
    """Stream the programme's PCM to ``sink`` in order, each voice levelled as in the
    MP3, then the silence to the next one (the reference the MP3 is checked against)."""
    rate = plan.sample_rate
    stats = []
    for index, segment in enumerate(script.segments):
        samples = load(index)
        expected = plan.ends[index] - plan.starts[index]
        if len(samples) != expected:
            raise AudioError(f"clip {segment.id} has {len(samples)} samples, expected {expected}")
        stats.append(clip_stats(samples, rate))
    offset = PREDICTED_OFFSET_DB
    first = [level(load(index), stats[index], offset, rate) for index in range(len(stats))]
    offset = programme_offset(stats, plan, [c.gain for c in first], [c.kept for c in first])
    for index in range(len(script.segments)):
        voice = (first[index] if offset == PREDICTED_OFFSET_DB
                 else level(load(index), stats[index], offset, rate)).voice
        following = plan.starts[index + 1] if index + 1 < len(plan.starts) else plan.sample_count
        sink(np.concatenate([voice, np.zeros(following - plan.ends[index], "<i2")]))


@dataclass(frozen=True)
class Encoding:
    """A format to write, at its bitrate."""

    format: AudioFormat
    bitrate_kbps: int


def master(script: Script, rate: int, units: Units, encodings: Sequence[Encoding],
           into: Path, name: str, tags: Tags) -> MasteredAudio:
    """Place the units as ``units(offset)`` delivers them, in script order, in every
    format of ``encodings``, and finish each as ``into/name.<format>``, tagged with
    ``tags`` and the chapters.

    The programme's loudness depends on every clip, but encoding must not wait for the
    last one: the clips are levelled with PREDICTED_OFFSET_DB first, and the exact
    offset is worked out from the clips' stored energies at the end. When the
    prediction is off by more than OFFSET_TOLERANCE_LU, the programme is made again
    with the exact offset (at most twice: more gain can mean more limiting). The choice
    depends only on the clips, so the bytes are the same whatever order the clips were
    made in.
    """
    offset = PREDICTED_OFFSET_DB
    for attempt in range(3):
        assemblers = [e.format.assembler(rate, e.bitrate_kbps, into) for e in encodings]
        try:
            plan, stats, gains, kept = _assemble(script, rate, units(offset), assemblers)
            wanted = programme_offset(stats, plan, gains, kept, offset)
            if wanted == offset or attempt == 2:
                return _finish(script, plan, zip(assemblers, encodings), into / name, tags)
        finally:
            for assembler in assemblers:
                assembler.close()  # a no-op for the finished ones
        offset = wanted
    raise AssertionError("unreachable")


def _assemble(script: Script, rate: int, units: Iterable[ReadyUnit],
              assemblers: Sequence[Assembler]
              ) -> tuple[Layout, list[ClipStats], list[float], list]:
    lengths: list[int] = []
    stats: list[ClipStats] = []
    gains: list[float] = []
    kept: list = []
    for start, unit in placements(script, rate, units):
        piece = unit.piece
        if len(piece.lengths) != unit.last - unit.first + 1:
            raise AudioError(f"unit {unit.first}-{unit.last}: {len(piece.lengths)} clips")
        for assembler in assemblers:
            assembler.place(start, unit)
        lengths += piece.lengths
        stats += piece.stats
        gains += piece.gains
        kept += piece.kept
    return layout(script, lengths, rate), stats, gains, kept


def placements(script: Script, rate: int, units: Iterable[ReadyUnit]
               ) -> Iterator[tuple[int, ReadyUnit]]:
    """Each unit with the sample it starts at in the programme, as it comes (the
    mixer's assemblers and a live stream place units at the same positions)."""
    end = 0
    for unit in units:
        start = unit_start(end, pause_samples(script.segments[unit.first - 1].pause_after_ms,
                                              rate)) if unit.first else 0
        end = start + unit.samples
        yield start, unit


def _finish(script: Script, plan: Layout, streams: Iterable[tuple[Assembler, Encoding]],
            stem: Path, tags: Tags) -> MasteredAudio:
    marks = chapters(script, plan)
    tags = dataclasses.replace(tags, chapters=marks)
    files = tuple(assembler.finish(stem.with_name(f"{stem.name}.{encoding.format.name}"),
                                   plan.sample_count, tags)
                  for assembler, encoding in streams)
    return MasteredAudio(files, plan.sample_count, plan.sample_rate, marks, cues(script, plan),
                         plan.starts)


def programme_offset(stats: Sequence[ClipStats], plan: Layout, gains: Sequence[float],
                     kept: Sequence[np.ndarray | None],
                     current: float = PREDICTED_OFFSET_DB) -> float:
    """The offset (dB) that brings the programme to the target: ``current`` (the offset
    its clips were just levelled with, to ``gains``, the limiter keeping ``kept`` of
    their energy: None where it left a clip alone) when that lands within
    OFFSET_TOLERANCE_LU, else the exact one."""
    if not any(s.peak > 0 or np.any(s.energy) for s in stats):
        raise AudioError("the programme is silent")
    levelled = [ClipStats(s.lufs, s.peak, s.energy * ratio if ratio is not None else s.energy)
                for s, ratio in zip(stats, kept)]
    programme = programme_loudness(levelled, list(plan.starts), list(gains),
                                   plan.sample_count, plan.sample_rate)
    # A programme under one gating block cannot be measured: leave the clips' levels.
    if not np.isfinite(programme):
        return current
    exact = current + TARGET_LUFS - programme
    return current if abs(exact - current) <= OFFSET_TOLERANCE_LU else exact


def to_ms(samples: int, rate: int) -> int:
    """Integer milliseconds, floored, so a chapter never starts after its first sound."""
    return samples * 1000 // rate


def chapters(script: Script, plan: Layout) -> tuple[Chapter, ...]:
    """The script's chapters at their times, at most MAX_CHAPTERS (merge_chapters)."""
    rate = plan.sample_rate
    starts = [to_ms(plan.starts[m.first_segment], rate) for m in script.chapters]
    starts[0] = 0  # the intro chapter owns any lead-in; players expect a chapter at 0:00
    ends = starts[1:] + [to_ms(plan.sample_count, rate)]
    return merge_chapters(tuple(Chapter(m.title, s, e, m.url, m.image)
                                for m, s, e in zip(script.chapters, starts, ends)),
                          MAX_CHAPTERS)


def merge_chapters(chapters: tuple[Chapter, ...], limit: int) -> tuple[Chapter, ...]:
    """At most ``limit`` chapters: the shortest is folded into its neighbour before it
    (the first into the second) until they fit; times stay contiguous."""
    merged = list(chapters)
    while len(merged) > limit:
        i = min(range(len(merged)), key=lambda k: merged[k].end_ms - merged[k].start_ms)
        keep, gone = (i - 1, i) if i > 0 else (0, 1)
        a, b = merged[keep], merged[gone]
        merged[keep] = Chapter(a.title, a.start_ms, b.end_ms, a.url, a.image)
        del merged[gone]
    return tuple(merged)


def cues(script: Script, plan: Layout) -> tuple[Cue, ...]:
    rate = plan.sample_rate
    return tuple(Cue(to_ms(s, rate), to_ms(e, rate), seg.text, seg.role)
                 for seg, s, e in zip(script.segments, plan.starts, plan.ends))
