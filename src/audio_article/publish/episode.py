"""An episode as the feed sees it, read from its folder's ``episode.json`` (checked by
``audio_article.package.manifest``), with the facts checked against the files on disk."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit, parse_qsl, urlencode

from .. import DISCLOSURE
from ..models import Chapter
from ..package.manifest import (SIDECAR_BYTES, EpisodeManifest, FileEntry, check_listed,
                                read_listed, read_manifest)
from ..page.data import label as format_label
from .errors import PublishError
from .text import parse_iso

# Enclosure types Apple accepts for audio, by extension (STANDARDS.md §2.2 #14, #15).
AUDIO_TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/x-m4a"}
SIDECARS = ("chapters", "transcript_vtt", "transcript_srt", "transcript_html")
# Query parameters that track a click and do not change which article a URL names.
TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


@dataclass(frozen=True)
class MediaFile:
    name: str
    size: int


@dataclass(frozen=True)
class Alternate:
    """Another format of the episode's audio (a podcast:alternateEnclosure)."""

    file: MediaFile
    type: str  # its MIME type
    codecs: str | None  # RFC 6381
    bitrate: int | None  # bits per second, on average over the file
    title: str  # what an app shows: "Opus 32 kbps"


@dataclass(frozen=True)
class FeedEpisode:
    folder: Path
    guid: str
    title: str
    language: str
    duration_ms: int
    audio: MediaFile
    audio_type: str
    sidecars: tuple[tuple[str, str], ...]  # (kind, file name) for the files present
    chapters: tuple[Chapter, ...]
    created: dt.datetime | None
    url: str | None = None
    description: str | None = None
    authors: tuple[str, ...] = ()
    site_name: str | None = None
    disclosure: str = DISCLOSURE
    ai_generated: bool = True
    voice: str | None = None
    corrected: dt.date | None = None  # re-narrated after a correction (batch, watch)
    # Every format's file, the enclosure's first, when the episode has more than one.
    alternates: tuple[Alternate, ...] = ()

    def sidecar(self, kind: str) -> str | None:
        return dict(self.sidecars).get(kind)


def read_episode(folder: Path) -> FeedEpisode:
    """The episode in ``folder``; PublishError when the folder is not a complete episode."""
    folder = Path(folder)
    m = read_manifest(folder, PublishError)
    audio, audio_type = _audio(folder, m.audio)
    return FeedEpisode(
        folder=folder, guid=m.guid or _guid(folder, m), title=m.title, language=m.language,
        duration_ms=m.duration_ms, audio=audio, audio_type=audio_type,
        sidecars=_sidecars(folder, m), chapters=m.chapters, created=parse_iso(m.created),
        url=m.url, description=m.description, authors=m.authors, site_name=m.site_name,
        disclosure=m.disclosure, ai_generated=m.ai_generated, voice=m.voice,
        corrected=m.corrected, alternates=_alternates(folder, m))


def _guid(folder: Path, m: EpisodeManifest) -> str:
    try:
        return episode_guid(m.url, m.source_sha256)
    except PublishError as exc:
        raise PublishError(f"{folder}: {exc}") from None


def _audio(folder: Path, entry: FileEntry) -> tuple[MediaFile, str]:
    suffix = Path(entry.path).suffix.lower()
    if suffix not in AUDIO_TYPES:
        raise PublishError(f"{folder}: audio {entry.path!r} is not .mp3 or .m4a; Apple "
                           "decides by the extension (STANDARDS.md §2.2 #15)")
    return _listed_media(folder, entry), AUDIO_TYPES[suffix]


def _alternates(folder: Path, m: EpisodeManifest) -> tuple[Alternate, ...]:
    """The audio files in every format (``audio`` then ``audio_<format>``), when there
    are several: the enclosure's own listed first, marked default in the feed."""
    entries = m.audio_files()
    if len(entries) == 1:
        return ()
    return tuple(_alternate(folder, entry, m.duration_ms) for entry in entries)


def _alternate(folder: Path, entry: FileEntry, duration_ms: int) -> Alternate:
    media = _listed_media(folder, entry)
    kbps = entry.bitrate_kbps
    label = format_label(entry.format or Path(entry.path).suffix.lstrip("."))
    return Alternate(media, entry.type or "audio/mpeg", entry.codecs,
                     round(media.size * 8000 / duration_ms),
                     f"{label} {kbps} kbps" if kbps else label)


def _listed_media(folder: Path, entry: FileEntry) -> MediaFile:
    """An audio file, as episode.json lists it (manifest.check_listed: a regular file,
    not a link, of that size and SHA-256): the enclosure length is its size (§2.2 #13)."""
    check_listed(folder, entry, PublishError)
    return MediaFile(entry.path, entry.bytes)


def _sidecars(folder: Path, m: EpisodeManifest) -> tuple[tuple[str, str], ...]:
    """The sidecars the feed links to; each, and transcript.json (the page's), read as
    episode.json lists them (manifest.read_listed: no link, the same bytes)."""
    present = []
    for kind in (*SIDECARS, "transcript_json"):
        entry = m.file(kind)
        if entry is not None:
            read_listed(folder, entry, SIDECAR_BYTES, PublishError)
            if kind in SIDECARS:
                present.append((kind, entry.path))
    return tuple(present)


def canonical_url(url: str) -> str:
    """``url`` as the same article's other links would spell it: lower-case scheme and
    host, no fragment, no tracking parameters. The guid hangs on this, so never change
    what it does (STANDARDS.md §2.2 #16: a guid never changes)."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(TRACKING)]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/",
                       urlencode(query), ""))


def episode_guid(url: str | None, source_sha256: str | None) -> str:
    """A UUIDv5 from the article's canonical URL, or from the source's hash when it has no
    URL: re-publishing the same article updates its item in place (§2.2 #16)."""
    if url:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, canonical_url(url)))
    if source_sha256:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:sha256:{source_sha256.lower()}"))
    raise PublishError("the episode has neither a source URL nor a source hash to derive "
                       "a stable guid from")
