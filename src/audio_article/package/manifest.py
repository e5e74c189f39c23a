"""episode.json: the manifest every reader of an episode folder goes through (the page,
the feed, batch, qa), and its writer.

Reading is the trust boundary: a folder may have been edited, copied from elsewhere or
written by an older or a hostile tool. ``read_manifest`` reads at most MANIFEST_BYTES
(``capped.read_json``: no NaN, Infinity, 5,000-digit numbers or 5,000-deep nesting) and
``EpisodeManifest.from_dict`` checks every field it keeps: its type, its length, its
range (a duration of at most a day, chapters inside it and in order, file names one safe
path segment, hashes hex, dates ISO 8601, the language a BCP 47 tag). Text comes back
through ``clean_text``, as an article's does (no control or bidirectional override
characters). Nothing else parses episode.json; each reader passes its own error type and
gets one line of it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import re
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator, Sequence
from urllib.parse import urlsplit

from .. import DISCLOSURE, __version__
from ..audio.mp3 import SAMPLE_RATES
from ..capped import read_json, size_text
from ..config import VoiceProfile
from ..errors import PackageError
from ..models import Article, Chapter, Episode, FinishedAudio, Script, Source
from ..parse.source import clean_text, language_tag
from ..slug import is_safe_name
from ..speech.base import engine_version

FORMAT = "audio-article/episode"
FORMAT_VERSION = 1
MANIFEST = "episode.json"
MAX_DURATION_MS = 24 * 60 * 60 * 1000  # a day: far past any article (plan.MAX_ARTICLE_WORDS)
MAX_TEXT = 100_000  # characters in any one string
MAX_ITEMS = 10_000  # authors, chapters, files
MAX_FILE_BYTES = 1 << 40
# A sidecar read back (transcripts, chapters): a 50,000-word article, the most plan
# accepts, writes about 3 MB of transcript.json.
SIDECAR_BYTES = 16 * 1024 * 1024
KBPS = (8, 512)  # an audio file's bitrate: every format's at every --bitrate lies inside
_HEX64 = re.compile(r"[0-9a-f]{64}")
_KIND = re.compile(r"[a-z0-9_]{1,40}")


@dataclass(frozen=True)
class FileEntry:
    """One file of the episode: its name in the folder, size and SHA-256 at narration."""

    path: str
    bytes: int
    sha256: str
    type: str | None = None  # MIME type (audio files)
    format: str | None = None  # audio files: the registry name (mp3, m4a, opus)
    codecs: str | None = None  # audio files: RFC 6381
    bitrate_kbps: int | None = None  # audio files: nominal


@dataclass(frozen=True)
class EpisodeManifest:
    """episode.json, checked. ``files``: (kind, entry) pairs; "audio" is always there."""

    title: str
    duration_ms: int
    files: tuple[tuple[str, FileEntry], ...]
    chapters: tuple[Chapter, ...] = ()
    slug: str | None = None
    language: str = "en"
    disclosure: str = DISCLOSURE
    ai_generated: bool = True
    url: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # as the article gave it (not always ISO 8601)
    site_name: str | None = None
    description: str | None = None
    sample_rate: int | None = None
    bitrate_kbps: int | None = None
    voice: str | None = None
    voice_profile: str | None = None
    source: str | None = None  # provenance: the URL or file name narrated
    source_sha256: str | None = None
    created: str | None = None  # ISO 8601 date-time
    guid: str | None = None  # pinned by a re-narration (batch)
    corrected: dt.date | None = None

    def file(self, kind: str) -> FileEntry | None:
        return dict(self.files).get(kind)

    @property
    def audio(self) -> FileEntry:
        return dict(self.files)["audio"]

    def audio_files(self) -> list[FileEntry]:
        """The audio in every format: ``audio`` (the main file) first, then each
        ``audio_<format>`` (alternates) by key."""
        return [self.file(key) for key in audio_keys(dict(self.files))]

    @classmethod
    def from_dict(cls, data: object, where: str, error: type[Exception]) -> "EpisodeManifest":
        """The manifest in ``data`` (parsed JSON); ``error`` naming ``where`` and the
        first field that is missing, of the wrong type or out of range."""
        top = _Table(data, where, error)
        if top.get("format") != FORMAT:
            raise error(f"{where}: not an audio-article episode manifest")
        top.integer("format_version", 1, FORMAT_VERSION)
        duration = top.integer("duration_ms", 1, MAX_DURATION_MS)
        prov = top.table("provenance", required=False)
        return cls(
            title=top.text("title"), duration_ms=duration, files=_files(top.table("files")),
            chapters=_chapters(top, duration), slug=_name(top, "slug"),
            language=_language(top),
            disclosure=top.text("disclosure", required=False) or DISCLOSURE,
            ai_generated=top.flag("ai_generated", True), url=_url(top, "url"),
            authors=top.texts("authors"), published=top.text("published", required=False),
            site_name=top.text("site_name", required=False),
            description=top.text("description", required=False),
            sample_rate=top.choice("sample_rate", SAMPLE_RATES),
            bitrate_kbps=top.optional_integer("bitrate_kbps", *KBPS),
            voice=top.text("voice", required=False),
            voice_profile=top.text("voice_profile", required=False),
            source=prov.text("source", required=False) if prov else None,
            source_sha256=_provenance_hash(prov), created=_moment(top, "created"),
            guid=_guid(top), corrected=_day(top, "corrected"))


class _Table:
    """A JSON object being checked: typed getters that raise ``error`` naming the key."""

    def __init__(self, data: object, where: str, error: type[Exception]) -> None:
        if not isinstance(data, dict):
            raise error(f"{where}: must be a JSON object, not {_kind(data)}")
        self.data, self.where, self.error = data, where, error

    def get(self, key: str):
        return self.data.get(key)

    def fail(self, key: str, wanted: str):
        value = self.data.get(key)
        shown = repr(value)[:60] if isinstance(value, (str, int, float)) else _kind(value)
        return self.error(f"{self.where}: {key} must be {wanted}, not {shown}")

    def text(self, key: str, required: bool = True, limit: int = MAX_TEXT) -> str | None:
        """A string; an optional one may be null or blank (None)."""
        value = self.data.get(key)
        if not required and (value is None or isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            raise self.fail(key, f"a non-empty string of at most {limit:,} characters")
        return clean_text(value)

    def integer(self, key: str, low: int, high: int) -> int:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(key, f"a whole number from {low:,} to {high:,}")
        return value

    def choice(self, key: str, allowed: tuple[int, ...]) -> int | None:
        value = self.data.get(key)
        if value is not None and (isinstance(value, bool) or value not in allowed):
            raise self.fail(key, f"one of {', '.join(map(str, allowed))}")
        return value

    def optional_integer(self, key: str, low: int, high: int) -> int | None:
        return None if self.data.get(key) is None else self.integer(key, low, high)

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "true or false")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        return tuple(item.text("item") for item in self.items(key, _Item))

    def table(self, key: str, required: bool = True) -> "_Table | None":
        value = self.data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, dict):
            raise self.fail(key, "a JSON object")
        return _Table(value, f"{self.where}: {key}", self.error)

    def items(self, key: str, wrap=None) -> list["_Table"]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or len(value) > MAX_ITEMS:
            raise self.fail(key, f"a list of at most {MAX_ITEMS:,} items")
        wrap = wrap or _Table
        return [wrap(item, f"{self.where}: {key}[{i}]", self.error)
                for i, item in enumerate(value)]


class _Item(_Table):
    """A list element that is not an object (an author's name): wrapped as {"item": ...}."""

    def __init__(self, data: object, where: str, error: type[Exception]) -> None:
        super().__init__({"item": data}, where, error)

    def fail(self, key: str, wanted: str):
        return self.error(f"{self.where} must be {wanted}, not {_kind(self.data['item'])}")


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _name(table: _Table, key: str) -> str | None:
    """A file name as written (not cleaned: the name is used as it is, so it must be safe
    as it is; a control or bidi character is refused, not dropped)."""
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 255 or not is_safe_name(value):
        raise table.fail(key, "one file name of at most 255 ASCII A-Z a-z 0-9 . _ -")
    return value


def _url(table: _Table, key: str) -> str | None:
    """A string a URL parser takes (the guid and the link writer split it); whether it
    is a link at all is ``links.safe_link``'s to say where one is written."""
    value = table.text(key, required=False)
    try:
        urlsplit(value or "").port
    except ValueError:  # "http://[::1", "http://host:99999"
        raise table.fail(key, "a URL") from None
    return value


def _language(table: _Table) -> str:
    value = table.text("language", required=False, limit=64)
    tag = language_tag(value) if value is not None else "en"
    if tag is None:
        raise table.fail("language", "a language tag such as en or pt-BR")
    return tag


def _hex(table: _Table, key: str, required: bool = True) -> str | None:
    value = table.text(key, required=required, limit=64)
    if value is not None and not _HEX64.fullmatch(value):
        raise table.fail(key, "64 lower-case hexadecimal digits (SHA-256)")
    return value


def _files(table: _Table) -> tuple[tuple[str, FileEntry], ...]:
    if "audio" not in table.data:
        raise table.error(f"{table.where}: no audio file")
    if len(table.data) > MAX_ITEMS:
        raise table.error(f"{table.where}: more than {MAX_ITEMS:,} entries")
    entries, paths = [], set()
    for kind in table.data:
        if not _KIND.fullmatch(kind):
            raise table.error(f"{table.where}: {kind[:60]!r} is not a file kind")
        entry = _file(table.table(kind))
        if entry.path.lower() in paths:  # one file listed as two (an MP3 as the M4A)
            raise table.error(f"{table.where}: {entry.path} is listed twice")
        paths.add(entry.path.lower())
        entries.append((kind, entry))
    return tuple(entries)


def _file(entry: _Table) -> FileEntry:
    path = _name(entry, "path")
    if path is None:
        raise entry.fail("path", "a file name")
    audio_format = entry.text("format", False, 40)
    if audio_format is not None and not _KIND.fullmatch(audio_format):
        raise entry.fail("format", "a format's name (mp3, m4a, opus)")
    if audio_format is not None and Path(path).suffix.lower() != f".{audio_format}":
        raise entry.fail("path", f"a .{audio_format} file (its format says {audio_format})")
    return FileEntry(path, entry.integer("bytes", 0, MAX_FILE_BYTES),
                     _hex(entry, "sha256"), entry.text("type", False, 255), audio_format,
                     entry.text("codecs", False, 255),
                     entry.optional_integer("bitrate_kbps", *KBPS))


def _chapters(top: _Table, duration_ms: int) -> tuple[Chapter, ...]:
    chapters, end = [], 0
    for item in top.items("chapters"):
        start = item.integer("start_ms", end, duration_ms)  # in order, none overlapping
        end = item.integer("end_ms", start, duration_ms)
        title = item.get("title")
        if not isinstance(title, str) or len(title) > MAX_TEXT:
            raise item.fail("title", f"a string of at most {MAX_TEXT:,} characters")
        chapters.append(Chapter(clean_text(title), start, end, _url(item, "url"),
                                item.text("image", False)))
    return tuple(chapters)


def _provenance_hash(prov: _Table | None) -> str | None:
    if prov is None:
        return None
    for key, value in prov.data.items():  # kept for people to read: only its shape checked
        values = value.values() if isinstance(value, dict) else [value]
        if not all(isinstance(v, bool) or isinstance(v, str) and len(v) <= MAX_TEXT
                   for v in values) or len(values) > MAX_ITEMS:
            raise prov.fail(key, "a string, true/false, or an object of strings")
    return _hex(prov, "source_sha256", required=False)


def _moment(table: _Table, key: str) -> str | None:
    value = table.text(key, required=False, limit=64)
    if value is not None:
        try:
            dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise table.fail(key, "an ISO 8601 date and time") from None
    return value


def _day(table: _Table, key: str) -> dt.date | None:
    value = table.text(key, required=False, limit=10)
    try:
        return dt.date.fromisoformat(value) if value is not None else None
    except ValueError:
        raise table.fail(key, "an ISO 8601 date (YYYY-MM-DD)") from None


def _guid(table: _Table) -> str | None:
    value = table.text("guid", required=False, limit=64)
    try:
        return str(uuid.UUID(value)) if value is not None else None
    except ValueError:
        raise table.fail("guid", "a UUID") from None


def read_manifest(folder: Path, error: type[Exception]) -> EpisodeManifest:
    """The checked episode.json of ``folder``; ``error`` (the reader's own error type:
    the feed's, the page's, qa's) when it is missing, unreadable or invalid."""
    path = Path(folder) / MANIFEST
    if not path.exists():
        # package/files.py moves episode.json last: without it the episode is not complete.
        raise error(f"{folder}: no {MANIFEST} (not an episode folder, or its "
                    "narration did not finish)")
    # Not through a link: the folder's own manifest, not one that a link leads to.
    return EpisodeManifest.from_dict(read_json(path, "episode manifest", error, follow=False),
                                     str(path), error)


def read_listed(folder: Path, entry: FileEntry, limit: int, error: type[Exception]) -> bytes:
    """A small file of the episode as episode.json lists it (see ``_opened_listed``), at
    most ``limit`` bytes, and the very bytes narration wrote (their SHA-256); ``error``
    otherwise."""
    if entry.bytes > limit:
        raise error(f"{folder}: {entry.path} is larger than {size_text(limit)}")
    with _opened_listed(folder, entry, error) as stream:
        data = stream.read(entry.bytes + 1)
    _same(folder, entry, len(data), hashlib.sha256(data), error)
    return data


def check_listed(folder: Path, entry: FileEntry, error: type[Exception]) -> Path:
    """A file of the episode as episode.json lists it, checked where it lies (audio can
    be large, and is hashed a block at a time): the one check of the audio for publish
    and qa; ``error`` otherwise."""
    digest, size = hashlib.sha256(), 0
    with _opened_listed(folder, entry, error) as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    _same(folder, entry, size, digest, error)
    return Path(folder) / entry.path


@contextlib.contextmanager
def _opened_listed(folder: Path, entry: FileEntry, error: type[Exception]) -> Iterator[BinaryIO]:
    """The file episode.json lists, open: a regular file of the listed size, never a
    symbolic link (it could lead anywhere), a directory, a pipe or a device (which could
    keep a reader waiting: refused at once, not waited on); ``error`` otherwise."""
    try:  # no link followed; non-blocking: opening a FIFO nobody writes to returns at once
        fd = os.open(Path(folder) / entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise error(f"{folder}: {entry.path} is not a regular file (a symbolic link); "
                        "an episode's files are its own") from None
        if exc.errno == errno.ENOENT:
            raise error(f"{folder}: {entry.path} is missing") from None
        raise error(f"cannot read {folder}: {entry.path}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{folder}: {entry.path} is not a regular file (a directory, a pipe "
                        "or a device); an episode's files are its own")
        if info.st_size != entry.bytes:
            raise error(f"{folder}: {entry.path} has {info.st_size} bytes but {MANIFEST} says "
                        f"{entry.bytes}; the folder changed after narration")
        stream = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with stream:
        yield stream


def _same(folder: Path, entry: FileEntry, size: int, digest, error: type[Exception]) -> None:
    if size != entry.bytes or digest.hexdigest() != entry.sha256:
        raise error(f"{folder}: {entry.path} is not the file {MANIFEST} lists (its size or "
                    "SHA-256 differs); the folder changed after narration")


def provenance(script: Script, article: Article, profile: VoiceProfile, source: Source
               ) -> dict:
    """What made this audio: the source, the tool and every engine and voice used."""
    roles = sorted({s.role for s in script.segments})
    voices = {role: profile.for_role(role) for role in roles}
    return {
        "generator": f"audio-article {__version__}",
        "source": article.url or source.name,
        "source_sha256": hashlib.sha256(source.data).hexdigest(),
        "extractor": f"audio_article.parse {__version__}",
        "normalizer": f"audio_article.script {_component_version('normalize')}",
        "lexicon": f"audio_article.script.lexicon {_component_version('lexicon')}: "
                   f"{script.lexicon or 'none'}",
        "ai_generated": True,
        "voices": {role: f"{v.label} ({engine_version(v.engine)})" for role, v in voices.items()},
    }


def _component_version(module: str) -> str:
    """A stage's own version string where it declares one (VERSION), else the tool's."""
    import importlib

    try:
        found = importlib.import_module(f"audio_article.script.{module}")
    except ImportError:
        return "none"
    return str(getattr(found, "VERSION", __version__))


def audio_keys(files: dict) -> list[str]:
    """The keys of ``files`` that name audio: ``audio`` (the main file) first."""
    return ["audio"] + sorted(k for k in files if k.startswith("audio_"))


def audio_entries(files: Sequence[FinishedAudio], folder: Path) -> dict:
    """The manifest's entries for the audio files in ``folder``: ``audio`` for the main
    one (the feed's enclosure), ``audio_<format>`` for each other (alternates)."""
    from .files import file_facts

    entries = {}
    for index, audio in enumerate(files):
        key = "audio" if index == 0 else f"audio_{audio.format}"
        entries[key] = {**file_facts(folder / audio.path.name), "format": audio.format,
                        "type": audio.mime, "codecs": audio.codecs,
                        "bitrate_kbps": audio.bitrate_kbps}
    return entries


def render_manifest(episode: Episode, slug: str, files: dict, prov: dict,
                    pinned: dict | None = None) -> str:
    article = episode.article
    data = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "title": episode.title,
        "slug": slug,
        "disclosure": DISCLOSURE,
        "ai_generated": True,
        "language": episode.script.language,
        "url": article.url,
        "authors": list(article.authors),
        "published": article.published,
        "site_name": article.site_name,
        "description": article.description,
        "duration_ms": episode.duration_ms,
        "sample_rate": episode.sample_rate,
        "bitrate_kbps": episode.bitrate_kbps,
        "voice": episode.voice,
        "voice_profile": episode.script.voice_profile,
        "chapters": [c.to_dict() for c in episode.chapters],
        "files": files,
        "provenance": prov,
        "created": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
    }
    # Only when set, so a plain narration's manifest is as it always was.
    data.update({k: v for k, v in (pinned or {}).items() if v})
    # Checked as every reader checks it: an article whose values the readers would refuse
    # fails here, alone, rather than later stopping a publish of every episode.
    EpisodeManifest.from_dict(data, f"{slug}/{MANIFEST}", PackageError)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
