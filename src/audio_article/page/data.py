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
from ..capped import ARTICLE_BYTES, FEED_BYTES, load_json, read_capped
from ..errors import PackageError
from ..links import safe_link
from ..models import Chapter, Cue, Word
from ..package.folder import is_alive
from ..package.manifest import (MANIFEST, EpisodeManifest,  # noqa: F401 - MANIFEST re-exported
                                 SIDECAR_BYTES, FileEntry, read_listed, read_manifest)
from ..parse.source import clean_text

PAGE = "index.html"
FEED = "feed.xml"
COVER = "cover.jpg"
DEFAULT_SHOW_TITLE = "Narrated articles"
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
    transcript: FileEntry | None = None  # transcript.json as episode.json lists it

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
        cues=read_cues(Path(folder), m) if with_cues else (),
        url=m.url, authors=m.authors, published=m.published, site_name=m.site_name,
        description=m.description, created=m.created, disclosure=m.disclosure,
        cover=COVER if m.file("cover") is not None else None, sources=_sources(m),
        transcript=m.file("transcript_json"))


# A feed gives M4A as audio/x-m4a, Apple's type (STANDARDS.md 2.2-#14); a browser asks
# for the registered one.
PAGE_TYPES = {"audio/x-m4a": "audio/mp4"}


def label(name: str) -> str:
    """What a listener reads for an audio format: the registry's, else its name."""
    from ..audio.formats import FORMATS

    return FORMATS[name].label if name in FORMATS else name.upper()


def _sources(m: EpisodeManifest) -> tuple[PageAudio, ...]:
    """The audio in every format the manifest lists, smallest first: a browser plays
    the first <source> it can."""
    found = []
    for entry in m.audio_files():
        media = PAGE_TYPES.get(entry.type or "audio/mpeg", entry.type or "audio/mpeg")
        kind = f'{media}; codecs="{entry.codecs}"' if entry.codecs else media
        found.append(PageAudio(entry.path, kind, entry.bytes, label(entry.format or "mp3")))
    return tuple(sorted(found, key=lambda a: a.size))


def read_cues(folder: Path, m: EpisodeManifest) -> tuple[Cue, ...]:
    """The cues from transcript.json (their exact text, role and word times) when the
    manifest lists it, else from transcript.vtt (episodes narrated before it existed):
    each read as the manifest lists it (manifest.read_listed: no link, the same bytes)."""
    timed = m.file("transcript_json")
    if timed is not None:
        return read_transcript(folder, timed)
    vtt = m.file("transcript_vtt")
    if vtt is None:
        raise PackageError(f"{folder}: {MANIFEST} lists no transcript")
    return read_vtt(read_listed(folder, vtt, ARTICLE_BYTES, PackageError), folder / vtt.path)


def read_transcript(folder: Path, entry: FileEntry) -> tuple[Cue, ...]:
    data = load_json(read_listed(folder, entry, SIDECAR_BYTES, PackageError),
                     f"transcript {folder / entry.path}", PackageError)
    try:
        return tuple(_cue(item) for item in data["cues"])
    except (KeyError, TypeError, ValueError) as exc:
        raise PackageError(f"{folder / entry.path}: not a transcript of ours ({exc})") from None


def _cue(item: dict) -> Cue:
    # Read back like episode.json's strings: an edited file's controls and overrides go.
    text = clean_text(str(item["text"]))
    words = tuple(Word(int(a), int(b), clean_text(str(w)))
                  for a, b, w in item.get("words") or ())
    if words and [w.text for w in words] != text.split():
        words = ()  # not the words of this text: the sentence is still shown, untimed
    return Cue(int(item["start_ms"]), int(item["end_ms"]), text, str(item["role"]), words)


def read_vtt(data: bytes, path: Path) -> tuple[Cue, ...]:
    """The cues of ``data``, the transcript.vtt at ``path`` as package/transcript.py
    writes it: times, one
    ``<v Narrator>`` voice span, the text wrapped over lines (at spaces) and
    entity-escaped. (Files written before the wrap kept words whole may show a long
    word split in two: transcript.json, when there is one, is read instead.)"""
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
            text = clean_text(html.unescape(body)).strip()
            cues.append(Cue(_ms(times[:4]), _ms(times[4:]), text, "body"))
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
    # The feed's address is a link on the page (and the app links' base): a link only
    # when links.safe_link says so, whoever edited the feed.
    return Show(title or found or DEFAULT_SHOW_TITLE,
                safe_link(self_link.get("href")) if self_link is not None else None,
                feed.is_file())


def _channel(feed: Path):
    """The feed's <channel>, read as XML from elsewhere is (xmlsafe: no DTD), capped;
    None when there is none or it cannot be read (the pages use the defaults)."""
    if not feed.is_file():
        return None
    from lxml import etree

    from ..xmlsafe import parse_untrusted

    try:
        data = read_capped(feed, FEED_BYTES, "feed", error=PackageError)
        return parse_untrusted(data, str(feed), PackageError).find("channel")
    except (PackageError, etree.XMLSyntaxError):
        return None


def write_page(path: Path, text: str) -> Path:
    """Atomically: a hidden temporary file in the same folder (never served), then rename.
    Temporary pages a killed writer left behind go first (their names carry its pid)."""
    _remove_orphans(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        _write_new(temp, text)
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise PackageError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def _write_new(temp: Path, text: str) -> None:
    """``text`` into a new file at ``temp``: a file or link already there under our pid
    (a dead writer's, or one planted in the folder) is removed, never written through."""
    temp.unlink(missing_ok=True)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                 0o666)
    with open(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


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
