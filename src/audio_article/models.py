"""The frozen data passed between stages (see DESIGN.md, "The flow").

source --parse--> Article --plan--> Script --speak--> cached pieces --master--> MasteredAudio
    --package--> Episode and its files

Dicts appear only at I/O edges, through ``to_dict``/``from_dict``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Union

from .errors import ExtractionError, ScriptError

if TYPE_CHECKING:  # numpy is imported where audio is handled, not by every command
    import numpy as np


# ---------------------------------------------------------------- article


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = field(default="paragraph", init=False, repr=False)


@dataclass(frozen=True)
class Caption:
    """A photo caption; ``credit`` ("Getty Images") is kept apart so it can be read as
    "Photo: Getty Images"."""

    text: str
    credit: str | None = None
    kind: str = field(default="caption", init=False, repr=False)


@dataclass(frozen=True)
class Quote:
    text: str
    attribution: str | None = None
    kind: str = field(default="quote", init=False, repr=False)


@dataclass(frozen=True)
class ListItem:
    text: str
    kind: str = field(default="list_item", init=False, repr=False)


Block = Union[Paragraph, Caption, Quote, ListItem]
_BLOCK_TYPES = {cls.kind: cls for cls in (Paragraph, Caption, Quote, ListItem)}


def block_to_dict(block: Block) -> dict:
    return dataclasses.asdict(block)


def block_from_dict(data: dict) -> Block:
    data = dict(data)
    kind = data.pop("kind", "paragraph")
    if kind not in _BLOCK_TYPES:
        raise ExtractionError(f"unknown block kind {kind!r}")
    return _BLOCK_TYPES[kind](**data)


@dataclass(frozen=True)
class Section:
    """``anchor`` (the heading's id in the page) and ``image`` (the section's photo URL)
    are carried into the section's chapter when a parser knows them."""

    heading: str | None
    blocks: tuple[Block, ...]
    anchor: str | None = None
    image: str | None = None

    def to_dict(self) -> dict:
        data = {"heading": self.heading, "blocks": [block_to_dict(b) for b in self.blocks]}
        data.update({k: v for k, v in (("anchor", self.anchor), ("image", self.image)) if v})
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Section":
        return cls(data.get("heading"), tuple(block_from_dict(b) for b in data["blocks"]),
                   data.get("anchor"), data.get("image"))


@dataclass(frozen=True)
class Article:
    """An extracted article. ``title`` and at least one body block are mandatory."""

    title: str
    sections: tuple[Section, ...]
    url: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO 8601 date or datetime, as found
    language: str | None = None
    site_name: str | None = None
    lead_image: str | None = None
    description: str | None = None
    # Notes for the user about decisions the parser made (derived title, dropped teasers).
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.title or not self.title.strip():
            raise ExtractionError("the article has no title")
        if not any(s.blocks for s in self.sections):
            raise ExtractionError("the article has no body text")

    @property
    def blocks(self) -> tuple[Block, ...]:
        return tuple(b for s in self.sections for b in s.blocks)

    def to_dict(self) -> dict:
        data = dataclasses.asdict(self)
        data["sections"] = [s.to_dict() for s in self.sections]
        data["authors"] = list(self.authors)
        data["notes"] = list(self.notes)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Article":
        data = dict(data)
        data["sections"] = tuple(Section.from_dict(s) for s in data.get("sections", ()))
        data["authors"] = tuple(data.get("authors", ()))
        data["notes"] = tuple(data.get("notes", ()))
        return cls(**data)


# ---------------------------------------------------------------- script

ROLES = ("title", "byline", "disclosure", "heading", "body", "quote", "caption", "outro")


@dataclass(frozen=True)
class Segment:
    """One utterance. ``text`` is what the transcript shows, ``spoken`` what the engine
    receives. ``id`` is a stable hash of what determines the audio (it is the cache key)."""

    id: str
    role: str
    text: str
    spoken: str
    pause_after_ms: int
    chapter: int

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class ChapterMark:
    """A chapter as planned: its title and the index of its first segment."""

    title: str
    first_segment: int
    url: str | None = None
    image: str | None = None


@dataclass(frozen=True)
class Script:
    title: str
    segments: tuple[Segment, ...]
    chapters: tuple[ChapterMark, ...]
    voice_profile: str
    language: str = "en"
    lexicon: str = ""  # the pronunciation lexicon used, as Lexicon.describe() gives it

    def __post_init__(self) -> None:
        if not self.segments:
            raise ScriptError("the script has nothing to say")
        if not self.chapters or self.chapters[0].first_segment != 0:
            raise ScriptError("the first chapter must start at the first segment")
        starts = [c.first_segment for c in self.chapters]
        if starts != sorted(set(starts)) or starts[-1] >= len(self.segments):
            raise ScriptError(f"chapter starts are not increasing segment indexes: {starts}")

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "voice_profile": self.voice_profile,
            "language": self.language,
            "lexicon": self.lexicon,
            "chapters": [dataclasses.asdict(c) for c in self.chapters],
            "segments": [s.to_dict() for s in self.segments],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Script":
        try:
            return cls(
                title=data["title"],
                segments=tuple(Segment(**s) for s in data["segments"]),
                chapters=tuple(ChapterMark(**c) for c in data["chapters"]),
                voice_profile=data.get("voice_profile", "default"),
                language=data.get("language", "en"),
                lexicon=data.get("lexicon", ""),
            )
        except (KeyError, TypeError) as exc:
            raise ScriptError(f"not a valid script: {exc}") from exc


# ---------------------------------------------------------------- audio


@dataclass(frozen=True)
class Source:
    """The raw input, kept for provenance (its hash) and for naming it."""

    data: bytes
    name: str


@dataclass(frozen=True, eq=False)
class Clip:
    """Mono PCM for one segment: int16 samples at ``sample_rate``."""

    segment_id: str
    samples: np.ndarray
    sample_rate: int

    @property
    def duration_ms(self) -> float:
        return 1000.0 * len(self.samples) / self.sample_rate


@dataclass(frozen=True)
class Chapter:
    """A chapter in the finished audio, in integer milliseconds from sample counts."""

    title: str
    start_ms: int
    end_ms: int
    url: str | None = None
    image: str | None = None

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Word:
    """One word of a cue's text as the transcript shows it (split at whitespace) and
    where it sounds; a word the voice does not say on its own (a dash) has no length."""

    start_ms: int
    end_ms: int
    text: str


@dataclass(frozen=True)
class Cue:
    """A transcript cue: one segment's text and where it sounds; ``words``, one per
    word of ``text``, where the engine gave word timings (else empty)."""

    start_ms: int
    end_ms: int
    text: str
    role: str
    words: tuple[Word, ...] = ()


@dataclass(frozen=True)
class FinishedAudio:
    """One finished, tagged audio file of an episode (audio.formats)."""

    path: Path
    format: str  # the registry name: mp3, m4a, opus
    mime: str  # its enclosure type
    codecs: str  # RFC 6381, for <source type="...; codecs=...">
    bitrate_kbps: int  # nominal (a VBR format's target)
    duration_ms: int
    size: int  # bytes

    @property
    def media_type(self) -> str:
        """The type a web page's <source> gives, with the codec."""
        return f'{self.mime}; codecs="{self.codecs}"'


@dataclass(frozen=True)
class MasteredAudio:
    """The programme mastered into every format asked for, and its timeline."""

    files: tuple[FinishedAudio, ...]  # in the order asked: the first is the main one
    sample_count: int
    sample_rate: int
    chapters: tuple[Chapter, ...]
    cues: tuple[Cue, ...]
    starts: tuple[int, ...] = ()  # where each segment's voice starts, in samples

    @property
    def duration_ms(self) -> int:
        return self.sample_count * 1000 // self.sample_rate


@dataclass(frozen=True)
class Episode:
    """A mastered episode: the encoded audio and everything measured from it."""

    title: str
    audio_path: str
    duration_ms: int
    sample_count: int
    sample_rate: int
    bitrate_kbps: int
    chapters: tuple[Chapter, ...]
    cues: tuple[Cue, ...]
    script: Script
    article: Article
    engine: str
    voice: str
    files: tuple[FinishedAudio, ...] = ()  # every format written; files[0] is audio_path
