"""What a page shows, read back from an episode folder: the manifest, the cues (from
transcript.json, else transcript.vtt) and, from the feed beside the episodes, the show."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .. import DISCLOSURE
from ..capped import MB, read_json
from ..errors import PackageError
from ..models import Chapter, Cue, Word
from ..package.files import is_alive, write_text
from ..package.manifest import MANIFEST, audio_keys, read_manifest

PAGE = "index.html"
FEED = "feed.xml"
TRANSCRIPT = "transcript.json"
COVER = "cover.jpg"
DEFAULT_SHOW_TITLE = "Narrated articles"
# A 50,000-word article (the most plan accepts) writes about 3 MB of transcript.json.
TRANSCRIPT_BYTES = 16 * MB
_CUE_TIMES = re.compile(r"^(\d+):(\d\d):(\d\d)\.(\d{3}) --> (\d+):(\d\d):(\d\d)\.(\d{3})")
_VOICE_TAG = re.compile(r"</?v[^>]*>")


@dataclass(frozen=True)
class Show:
    """The show the episodes belong to, as its feed says (or the defaults)."""

    title: str = DEFAULT_SHOW_TITLE
    feed_url: str | None = None  # the feed's own absolute URL (atom:link rel=self)
    has_feed: bool = False


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
    cover: str | None = None  # the cover's file name, beside the page
    sources: tuple[PageAudio, ...] = ()  # every format, smallest first

    @property
    def sort_key(self) -> str:
        """Newest first by when it was narrated (as the feed's pubDate), then published."""
        return self.created or self.published or ""


def load_episode(folder: Path, with_cues: bool = True) -> PageEpisode:
    """The episode in ``folder``; PackageError when it is not a complete episode."""
    data = read_manifest(Path(folder), PackageError)
    try:
        files = data["files"]
        return PageEpisode(
            folder=Path(folder), slug=Path(folder).name, title=str(data["title"]),
            language=str(data.get("language") or "en"),
            audio=str(files["audio"]["path"]), duration_ms=int(data["duration_ms"]),
            chapters=tuple(Chapter(**c) for c in data.get("chapters") or ()),
            cues=read_cues(Path(folder), "transcript_json" in files) if with_cues else (),
            url=data.get("url") or None, authors=tuple(map(str, data.get("authors") or ())),
            published=data.get("published") or None, site_name=data.get("site_name") or None,
            description=data.get("description") or None, created=data.get("created") or None,
            disclosure=str(data.get("disclosure") or DISCLOSURE),
            cover=COVER if "cover" in files else None,
            sources=_sources(files))
    except (KeyError, TypeError, ValueError) as exc:
        raise PackageError(f"{folder / MANIFEST}: missing or invalid field ({exc})") from None


# A feed gives M4A as audio/x-m4a, Apple's type (STANDARDS.md 2.2-#14); a browser asks
# for the registered one.
PAGE_TYPES = {"audio/x-m4a": "audio/mp4"}


def label(name: str) -> str:
    """What a listener reads for an audio format: the registry's, else its name."""
    from ..audio.formats import FORMATS

    return FORMATS[name].label if name in FORMATS else name.upper()


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
                               label(str(facts.get("format") or "mp3"))))
    return tuple(sorted(found, key=lambda a: a.size))


def read_cues(folder: Path, timed: bool) -> tuple[Cue, ...]:
    """The cues from transcript.json (their exact text, role and word times) when the
    manifest lists it, else from transcript.vtt (episodes narrated before it existed)."""
    if timed:
        return read_transcript(folder / TRANSCRIPT)
    return read_vtt(folder / "transcript.vtt")


def read_transcript(path: Path) -> tuple[Cue, ...]:
    data = read_json(path, "transcript", PackageError, TRANSCRIPT_BYTES)
    try:
        return tuple(_cue(item) for item in data["cues"])
    except (KeyError, TypeError, ValueError) as exc:
        raise PackageError(f"{path}: not a transcript of ours ({exc})") from None


def _cue(item: dict) -> Cue:
    text = str(item["text"])
    words = tuple(Word(int(a), int(b), str(w)) for a, b, w in item.get("words") or ())
    if words and [w.text for w in words] != text.split():
        words = ()  # not the words of this text: the sentence is still shown, untimed
    return Cue(int(item["start_ms"]), int(item["end_ms"]), text, str(item["role"]), words)


def read_vtt(path: Path) -> tuple[Cue, ...]:
    """The cues of a transcript.vtt as package/transcript.py writes it: times, one
    ``<v Narrator>`` voice span, the text wrapped over lines (at spaces) and
    entity-escaped. (Files written before the wrap kept words whole may show a long
    word split in two: transcript.json, when there is one, is read instead.)"""
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


def read_show(out_dir: Path, title: str | None = None) -> Show:
    """The show whose feed.xml is in ``out_dir``: its title (``title`` wins) and feed URL."""
    feed = Path(out_dir) / FEED
    channel = _channel(feed)
    found = channel.findtext("title") if channel is not None else None
    self_link = channel.find("{http://www.w3.org/2005/Atom}link[@rel='self']") \
        if channel is not None else None
    return Show(title or found or DEFAULT_SHOW_TITLE,
                self_link.get("href") if self_link is not None else None, feed.is_file())


def _channel(feed: Path):
    if not feed.is_file():
        return None
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        return etree.parse(str(feed), parser).find("channel")
    except (OSError, etree.XMLSyntaxError):
        return None


def write_page(path: Path, text: str) -> Path:
    """Atomically: a hidden temporary file in the same folder (never served), then rename.
    Temporary pages a killed writer left behind go first (their names carry its pid)."""
    _remove_orphans(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write_text(temp, text)
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise PackageError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def _remove_orphans(path: Path) -> None:
    for temp in path.parent.glob(f".{path.name}.*.tmp"):
        pid = temp.name[len(path.name) + 2:-len(".tmp")]
        if pid.isdigit() and not is_alive(int(pid)):
            temp.unlink(missing_ok=True)


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
