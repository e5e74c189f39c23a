"""The synthesis work as typed values that cross into the worker processes, and the pure
function that plans it.

A ``WorkItem`` is what a worker gets: the segment to voice (``SynthesisTask``) and, with
two workers or more, the one-segment unit to level and encode right after
(``PieceJob``). ``plan_work`` decides, from what the clip cache already holds, which
segments are cached, which the pool voices, and (with one worker) which pieces the pool
encodes from the end of the script while the main process encodes from the start.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ..config import VoiceProfile, VoiceSettings
from ..models import Script


@dataclass(frozen=True)
class SynthesisTask:
    """One segment to voice: all a worker needs of it."""

    segment_id: str  # the cache key
    spoken: str  # what the engine says
    text: str  # what the transcript shows (to name the segment in an error)
    settings: VoiceSettings


@dataclass(frozen=True)
class PieceJob:
    """A one-segment unit to level at ``offset`` dB and encode once its clip exists."""

    key: str  # the piece's cache key (audio.pieces.piece_key)
    offset: float
    bitrate_kbps: int
    format: str = "mp3"  # the audio format that encodes pieces (audio.formats)
    # Ceilings (dBTP) the unit is also levelled under, for formats that encode PCM: the
    # worker hands those back (levelling again would cost more than the transfer).
    others: tuple[float, ...] = ()


@dataclass(frozen=True)
class WorkItem:
    task: SynthesisTask
    piece: PieceJob | None = None


@dataclass(frozen=True)
class WorkPlan:
    cached: int  # segments whose clip is cached already (or voiced by another item)
    to_voice: tuple[WorkItem, ...]  # for the pool, in script order
    to_finish: tuple[WorkItem, ...] = ()  # one worker: pieces it encodes, last unit first

    @property
    def empty(self) -> bool:
        return not (self.to_voice or self.to_finish)


def task_of(script: Script, profile: VoiceProfile, index: int) -> SynthesisTask:
    segment = script.segments[index]
    return SynthesisTask(segment.id, segment.spoken, segment.text,
                         profile.for_role(segment.role))


def plan_work(script: Script, profile: VoiceProfile, jobs: int, cached: frozenset[str],
              pieces: Mapping[int, PieceJob]) -> WorkPlan:
    """``cached``: the segment ids whose clips the cache holds; ``pieces``: segment index
    -> the piece its one-segment unit still needs. With two workers or more, each
    segment's worker encodes its unit too. With one, it only voices, while the main
    process encodes units from the start; it then encodes from the end (``to_finish``)
    until the two meet."""
    to_voice: list[WorkItem] = []
    finish: dict[str, WorkItem] = {}
    seen: set[str] = set()
    skipped = 0
    for index, segment in enumerate(script.segments):
        piece = pieces.get(index)
        if jobs == 1 and piece is not None:
            finish.setdefault(piece.key, WorkItem(task_of(script, profile, index), piece))
            piece = None
        if segment.id in seen or (piece is None and segment.id in cached):
            skipped += 1
            continue
        seen.add(segment.id)
        to_voice.append(WorkItem(task_of(script, profile, index), piece))
    return WorkPlan(skipped, tuple(to_voice), tuple(reversed(finish.values())))
