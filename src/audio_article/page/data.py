"""What a page shows, read back from an episode folder: the manifest and the cues."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path

from .. import DISCLOSURE
from ..capped import ARTICLE_BYTES, read_capped
from ..errors import PackageError
from ..models import Chapter, Cue
from ..package.manifest import MANIFEST, read_manifest  # noqa: F401 - MANIFEST re-exported
from ..parse.source import clean_text

PAGE = "index.html"
_CUE_TIMES = re.compile(r"^(\d+):(\d\d):(\d\d)\.(\d{3}) --> (\d+):(\d\d):(\d\d)\.(\d{3})")
_VOICE_TAG = re.compile(r"</?v[^>]*>")


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

    @property
    def sort_key(self) -> str:
        """Newest first by when it was narrated (as the feed's pubDate), then published."""
        return self.created or self.published or ""


def load_episode(folder: Path, with_cues: bool = True) -> PageEpisode:
    """The episode in ``folder``; PackageError when it is not a complete episode."""
    m = read_manifest(Path(folder), PackageError)
    return PageEpisode(
        folder=Path(folder), slug=Path(folder).name, title=m.title, language=m.language,
        audio=m.audio.path, duration_ms=m.duration_ms, chapters=m.chapters,
        cues=read_vtt(Path(folder) / "transcript.vtt") if with_cues else (),
        url=m.url, authors=m.authors, published=m.published, site_name=m.site_name,
        description=m.description, created=m.created, disclosure=m.disclosure)


def read_vtt(path: Path) -> tuple[Cue, ...]:
    """The cues of a transcript.vtt as package/transcript.py writes it: times, one
    ``<v Narrator>`` voice span, the text wrapped over lines and entity-escaped."""
    data = read_capped(path, ARTICLE_BYTES, "transcript", error=PackageError)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackageError(f"cannot read the transcript {path}: not UTF-8 (bad byte at "
                           f"offset {exc.start})") from None
    cues = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = block.strip().split("\n")
        timed = [i for i, line in enumerate(lines) if _CUE_TIMES.match(line)]
        if timed:
            times = _CUE_TIMES.match(lines[timed[0]]).groups()
            body = _VOICE_TAG.sub("", " ".join(lines[timed[0] + 1:]))
            # Read back like episode.json's strings: an edited file's overrides go too.
            text = clean_text(html.unescape(body)).strip()
            cues.append(Cue(_ms(times[:4]), _ms(times[4:]), text, "body"))
    return tuple(cues)


def _ms(parts) -> int:
    hours, minutes, seconds, millis = map(int, parts)
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def write_page(path: Path, text: str) -> Path:
    """Atomically, as the feed is written: a new hidden temporary file in the same folder
    (never served; made with O_EXCL, so a link planted under a predictable name is never
    followed), then rename."""
    from ..publish.errors import PublishError
    from ..publish.store import write_atomic

    try:
        write_atomic(path, text.encode("utf-8"))
    except PublishError as exc:
        raise PackageError(str(exc)) from None
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
