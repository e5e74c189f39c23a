"""The AudioFormat seam: how an episode's programme becomes one file of a format.

A format says how a unit of levelled clips is placed in its stream (``Assembler.place``:
MP3 places frames encoded apart on its frame grid; M4A and Opus feed the unit's PCM to
one encoder), how the finished stream is written and tagged with the chapters, the AI
disclosure and the provenance (``Assembler.finish``), and what it is called on the web
(MIME type and codecs). Every format of an episode follows one timeline: the layout in
audio/mix.py, whose units start on MP3 frames whatever the formats, so chapter and cue
times are the same in every file.

``FORMATS`` is the registry: a format's name (its file extension), the module that
implements it, imported when first asked for (so the synthesis workers and ``--help``
never import an encoder they do not use), and what the rest of the tool needs to know
of it without importing it: its MIME type (the server, the feed) and the name a
listener reads (the page, the feed). A new format is one module plus one line here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ... import DISCLOSURE
from ...errors import AudioError, ConfigError
from ...models import Chapter, FinishedAudio

if TYPE_CHECKING:
    import numpy as np

@dataclass(frozen=True)
class Entry:
    home: str  # "module:attribute", the module relative to this package
    mime: str  # the enclosure type (STANDARDS.md 2.2-#14), what a server sends
    label: str  # what a listener reads: "MP3", "AAC (M4A)"


FORMATS = {
    "mp3": Entry("mp3:MP3", "audio/mpeg", "MP3"),
    "m4a": Entry("m4a:M4A", "audio/x-m4a", "AAC (M4A)"),
    "opus": Entry("opus:OPUS", "audio/ogg", "Opus"),
}
DEFAULT = ("mp3",)


@dataclass(frozen=True)
class Tags:
    """What every format's file carries about the episode (STANDARDS.md 1 and 5)."""

    title: str
    artist: str
    album: str
    language: str
    voice: str  # the synthetic voice, named (the disclosure)
    provenance: dict = field(hash=False)
    chapters: tuple[Chapter, ...] = ()  # filled by the mixer, from the layout
    date: str | None = None
    url: str | None = None
    transcript: str = ""
    cover: bytes | None = None  # a JPEG
    description: str | None = None


class Unit(Protocol):
    """A unit of clips (segments ``first`` to ``last``, ``samples`` long with the pauses
    inside it) as the mixer hands it to an assembler."""

    first: int
    last: int
    samples: int

    @property
    def data(self) -> bytes:
        """The unit encoded alone by the format that encodes pieces (its frames)."""

    def pcm(self, ceiling_dbtp: float = ...) -> np.ndarray:
        """The unit levelled: mono int16 at the programme rate, pauses inside it, its
        true peak under ``ceiling_dbtp`` (the programme's ceiling by default)."""


class Assembler(Protocol):
    def place(self, start: int, unit: Unit) -> None:
        """Put ``unit`` at sample ``start`` of the programme (a unit grid position, at
        or after the end of the last unit); silence fills the gap."""

    def finish(self, path: Path, samples: int, tags: Tags) -> FinishedAudio:
        """Write the programme of ``samples`` samples atomically at ``path``, tagged;
        the assembler is then closed."""

    def close(self) -> None:
        """Discard what was placed (a no-op after ``finish``)."""


@dataclass(frozen=True)
class Reading:
    """What ``inspect`` reads in a finished file of a format that is not MP3 (whose ID3
    tag it walks itself), named as in an ID3 tag: TIT2, TPE1, TALB, TCON, TDRC; and
    TXXX:AI_GENERATED, TXXX:AI_VOICE, COMM for the disclosure."""

    codec: str
    sample_rate: int  # what it decodes to
    channels: int
    bitrate_kbps: float
    duration_ms: float  # as its container says (a decoder may trim the priming)
    text: dict[str, str]
    disclosure: dict[str, str]
    chapters: list[tuple[int, str]]  # start (ms), title


class AudioFormat(Protocol):
    name: str  # the registry's name and the file extension
    mime: str  # the enclosure type (STANDARDS.md 2.2 #14)
    codecs: str  # RFC 6381 codecs, for a web page's <source type>
    # True: units are encoded apart (in the synthesis workers, kept in the clip cache)
    # and ``Unit.data`` holds this format's frames; False: the assembler encodes PCM,
    # levelled under ``ceiling_dbtp`` (a format encoding PCM has that attribute too).
    pieces: bool

    def bitrate(self, mp3_kbps: int) -> int:
        """This format's bitrate for the quality of MP3 at ``mp3_kbps``."""

    def assembler(self, rate: int, bitrate_kbps: int, spool_dir: Path | None) -> Assembler:
        """An empty stream at programme rate ``rate``."""

    # Formats other than MP3 also have ``read(path) -> Reading`` (what inspect shows).


def get_format(name: str) -> AudioFormat:
    if name not in FORMATS:
        raise ConfigError(f"unknown audio format {name!r}; the formats are "
                         f"{', '.join(FORMATS)}")
    module, _, attribute = FORMATS[name].home.partition(":")
    return getattr(import_module(f".{module}", __name__), attribute)


def format_of(path: Path) -> AudioFormat:
    """The format of a file, by its extension; AudioError for any other file."""
    name = Path(path).suffix.lower().lstrip(".")
    if name not in FORMATS:
        raise AudioError(f"{path}: not an audio file this tool writes "
                         f"({', '.join('.' + n for n in FORMATS)})")
    return get_format(name)


def parse_formats(text: str) -> tuple[str, ...]:
    """``mp3,m4a,opus`` -> the names in order, each once; ConfigError naming an unknown
    one. The formats' modules are not imported (the CLI checks this before it starts
    the synthesis workers)."""
    names = tuple(dict.fromkeys(n.strip().lower() for n in text.split(",") if n.strip()))
    if not names:
        raise ConfigError("no audio format given")
    unknown = [name for name in names if name not in FORMATS]
    if unknown:
        raise ConfigError(f"unknown audio format {unknown[0]!r}; the formats are "
                          f"{', '.join(FORMATS)}")
    return names


def disclosed(description: str | None) -> str:
    """The episode description, always ending with the disclosure sentence (every
    format's comment or description tag)."""
    description = " ".join((description or "").split())
    if not description or DISCLOSURE in description:
        return description or DISCLOSURE
    return f"{description} {DISCLOSURE}"


# ISO 639-1 -> 639-2/B, for the tags that take three-letter codes (ID3 TLAN, MP4 mdhd).
_ISO639 = {"en": "eng", "uk": "ukr", "de": "ger", "fr": "fre", "es": "spa", "it": "ita",
           "pl": "pol", "ru": "rus", "pt": "por", "nl": "dut", "ja": "jpn", "zh": "chi"}


def iso639_2(language: str) -> str:
    base = (language or "en").split("-")[0].lower()
    return _ISO639.get(base, base if len(base) == 3 else "und")


def first_value(tags: dict, *keys: str) -> str:
    """The first value under the first of ``keys`` a mutagen tag dict has (bytes
    decoded), or ""."""
    for key in keys:
        values = tags.get(key)
        if values:
            value = values[0]
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return ""
