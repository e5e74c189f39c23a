"""What a page shows, read back from an episode folder: the manifest and the cues."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .. import DISCLOSURE
from ..errors import PackageError
from ..models import Chapter, Cue
from ..package.files import remove_orphan_temps, write_text
from ..package.manifest import MANIFEST, audio_keys, read_manifest

PAGE = "index.html"
_CUE_TIMES = re.compile(r"^(\d+):(\d\d):(\d\d)\.(\d{3}) --> (\d+):(\d\d):(\d\d)\.(\d{3})")
_VOICE_TAG = re.compile(r"</?v[^>]*>")


@dataclass(frozen=True)
class PageAudio:
    """One format of the episode's audio, as the page offers it."""

    name: str  # the file's name, beside the page
    type: str  # MIME type with the codec, for <source type>
    size: int  # bytes
    label: str  # "MP3", "AAC (M4A)", "Opus"


@dataclass(frozen=True)
class PageEpisode:
    folder: Path
    slug: str
    title: str
    language: str
    audio: str  # the MP3's file name, beside the page
    duration_ms: int
    chapters: tuple[Chapter, ...]
    cues: tuple[Cue, ...]
    url: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    site_name: str | None = None
    description: str | None = None
    created: str | None = None
    disclosure: str = DISCLOSURE
    sources: tuple[PageAudio, ...] = ()  # every format, smallest first

    @property
    def sort_key(self) -> str:
        """Newest first by when it was narrated (as the feed's pubDate), then published."""
        return self.created or self.published or ""


def load_episode(folder: Path, with_cues: bool = True) -> PageEpisode:
    """The episode in ``folder``; PackageError when it is not a complete episode."""
    data = read_manifest(Path(folder), PackageError)
    try:
        return PageEpisode(
            folder=Path(folder), slug=Path(folder).name, title=str(data["title"]),
            language=str(data.get("language") or "en"),
            audio=str(data["files"]["audio"]["path"]), duration_ms=int(data["duration_ms"]),
            chapters=tuple(Chapter(**c) for c in data.get("chapters") or ()),
            cues=read_vtt(Path(folder) / "transcript.vtt") if with_cues else (),
            url=data.get("url") or None, authors=tuple(map(str, data.get("authors") or ())),
            published=data.get("published") or None, site_name=data.get("site_name") or None,
            description=data.get("description") or None, created=data.get("created") or None,
            disclosure=str(data.get("disclosure") or DISCLOSURE),
            sources=_sources(data["files"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise PackageError(f"{folder / MANIFEST}: missing or invalid field ({exc})") from None


LABELS = {"audio/mpeg": "MP3", "audio/x-m4a": "AAC (M4A)", "audio/ogg": "Opus"}
# A feed gives M4A as audio/x-m4a, Apple's type (STANDARDS.md 2.2-#14); a browser asks
# for the registered one.
PAGE_TYPES = {"audio/x-m4a": "audio/mp4"}


def _sources(files: dict) -> tuple[PageAudio, ...]:
    """The audio in every format the manifest lists, smallest first: a browser plays
    the first <source> it can."""
    found = []
    for key in audio_keys(files):
        facts = files[key]
        kind = str(facts.get("type") or "audio/mpeg")
        media, codecs = PAGE_TYPES.get(kind, kind), facts.get("codecs")
        found.append(PageAudio(str(facts["path"]), f'{media}; codecs="{codecs}"' if codecs
                               else media, int(facts.get("bytes") or 0),
                               LABELS.get(kind, Path(str(facts["path"])).suffix[1:].upper())))
    return tuple(sorted(found, key=lambda a: a.size))


def read_vtt(path: Path) -> tuple[Cue, ...]:
    """The cues of a transcript.vtt as package/transcript.py writes it: times, one
    ``<v Narrator>`` voice span, the text wrapped over lines and entity-escaped."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PackageError(f"cannot read the transcript {path}: {exc.strerror or exc}") from None
    cues = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = block.strip().split("\n")
        timed = [i for i, line in enumerate(lines) if _CUE_TIMES.match(line)]
        if timed:
            times = _CUE_TIMES.match(lines[timed[0]]).groups()
            body = _VOICE_TAG.sub("", " ".join(lines[timed[0] + 1:]))
            cues.append(Cue(_ms(times[:4]), _ms(times[4:]), html.unescape(body).strip(), "body"))
    return tuple(cues)


def _ms(parts) -> int:
    hours, minutes, seconds, millis = map(int, parts)
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def write_page(path: Path, text: str) -> Path:
    """Atomically: a hidden temporary file in the same folder (never served), then rename.
    One left by a writer that was killed is removed first."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        remove_orphan_temps(path)
        write_text(temp, text)
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise PackageError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def human_date(value: str | None, language: str) -> str | None:
    """``2 March 2026`` for English pages; the ISO date elsewhere (no locale tables here)."""
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return value
    if language.lower().split("-")[0] != "en":
        return day.isoformat()
    return f"{day.day} {day.strftime('%B')} {day.year}"
