"""What a live render tells its listeners, in order: the start (with the stream's head),
the MP3 frames as they are placed, each sentence and chapter as it is reached, notes,
and how it ended (saved, stopped or failed). Plain frozen dataclasses; ``to_dict`` for
the server's event stream (the audio travels apart, as MP3)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..pipeline import NarrateResult


@dataclass(frozen=True)
class Started:
    """The script is planned; ``head`` goes before the first frames (an ID3 tag with
    the title and the AI disclosure)."""

    title: str
    language: str
    segments: int
    head: bytes


@dataclass(frozen=True)
class Audio:
    """MP3 frames, contiguous with those before them, for ``start_ms``..``end_ms``."""

    data: bytes
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class CueReached:
    """A sentence placed in the programme; the same times as transcript.vtt's."""

    index: int
    start_ms: int
    end_ms: int
    text: str
    role: str


@dataclass(frozen=True)
class ChapterReached:
    index: int
    title: str
    start_ms: int


@dataclass(frozen=True)
class Note:
    """Something the listener should know (an article note, a render falling behind
    playback); ``speed`` is the playback speed a "behind" note is about."""

    message: str
    speed: float | None = None


@dataclass(frozen=True)
class AudioEnded:
    """Every frame is out: the programme is ``duration_ms`` long."""

    duration_ms: int


@dataclass(frozen=True)
class Saved:
    """The episode is in its folder, as a normal render writes it."""

    result: NarrateResult


@dataclass(frozen=True)
class Stopped:
    """Cancelled: no episode was written."""


@dataclass(frozen=True)
class Failed:
    message: str


Event = Started | Audio | CueReached | ChapterReached | Note | AudioEnded | Saved | Stopped | Failed
FINAL = (Saved, Stopped, Failed)


def to_dict(event: Event) -> dict:
    """The event for the page's event stream (never the audio itself)."""
    if isinstance(event, Saved):
        folder = event.result.folder
        return {"type": "saved", "slug": folder.name, "duration_ms": event.result.episode.duration_ms}
    fields = {f.name: getattr(event, f.name) for f in dataclasses.fields(event)
              if f.name not in ("data", "head")}
    return {"type": _NAMES[type(event)], **fields}


_NAMES = {Started: "started", Audio: "audio", CueReached: "cue", ChapterReached: "chapter",
          Note: "note", AudioEnded: "ended", Stopped: "stopped", Failed: "failed"}
