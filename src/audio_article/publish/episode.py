"""An episode as the feed sees it, read from its folder's ``episode.json``
(``audio_article.package.manifest``), with the facts checked against the files on disk."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit, parse_qsl, urlencode

from .. import DISCLOSURE
from ..models import Chapter
from ..package.manifest import MANIFEST, audio_keys, read_manifest
from ..page.data import label as format_label
from .errors import PublishError
from .text import parse_iso
from .urls import SEGMENT

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
    data = read_manifest(Path(folder), PublishError)
    try:
        return _episode(Path(folder), data)
    except (KeyError, TypeError, ValueError) as exc:
        raise PublishError(f"{folder / MANIFEST}: missing or invalid field ({exc})") from None


def _episode(folder: Path, data: dict) -> FeedEpisode:
    files = data["files"]
    audio, audio_type = _audio(folder, files["audio"])
    return FeedEpisode(
        folder=folder, guid=_guid(folder, data),
        title=str(data["title"]), language=str(data.get("language") or "en"),
        duration_ms=int(data["duration_ms"]), audio=audio, audio_type=audio_type,
        sidecars=_sidecars(folder, files), chapters=_chapters(data.get("chapters") or ()),
        created=parse_iso(data.get("created")), url=data.get("url") or None,
        description=data.get("description") or None,
        authors=tuple(str(a) for a in data.get("authors") or ()),
        site_name=data.get("site_name") or None,
        disclosure=str(data.get("disclosure") or DISCLOSURE),
        ai_generated=bool(data.get("ai_generated", True)), voice=data.get("voice"),
        corrected=dt.date.fromisoformat(data["corrected"]) if data.get("corrected") else None,
        alternates=_alternates(folder, files, int(data["duration_ms"])))


def _guid(folder: Path, data: dict) -> str:
    if data.get("guid"):  # pinned by a re-narration (batch): the first narration's guid
        return str(uuid.UUID(str(data["guid"])))
    prov = data.get("provenance") or {}
    try:
        return episode_guid(data.get("url"), prov.get("source_sha256"))
    except PublishError as exc:
        raise PublishError(f"{folder}: {exc}") from None


def _audio(folder: Path, facts: dict) -> tuple[MediaFile, str]:
    name = str(facts["path"])
    suffix = Path(name).suffix.lower()
    if suffix not in AUDIO_TYPES:
        raise PublishError(f"{folder}: audio {name!r} is not .mp3 or .m4a; Apple decides "
                           "by the extension (STANDARDS.md §2.2 #15)")
    return MediaFile(name, _checked_size(folder, name, facts)), AUDIO_TYPES[suffix]


def _alternates(folder: Path, files: dict, duration_ms: int) -> tuple[Alternate, ...]:
    """The audio files in every format (``audio`` then ``audio_<format>``), when there
    are several: the enclosure's own listed first, marked default in the feed."""
    keys = audio_keys(files)
    if len(keys) == 1:
        return ()
    return tuple(_alternate(folder, files[key], duration_ms) for key in keys)


def _alternate(folder: Path, facts: dict, duration_ms: int) -> Alternate:
    name = str(facts["path"])
    media = MediaFile(name, _checked_size(folder, name, facts))
    kbps = facts.get("bitrate_kbps")
    label = format_label(str(facts.get("format") or Path(name).suffix.lstrip(".")))
    return Alternate(media, str(facts["type"]), facts.get("codecs"),
                     round(media.size * 8000 / duration_ms) if duration_ms > 0 else None,
                     f"{label} {kbps} kbps" if kbps else label)


def _checked_size(folder: Path, name: str, facts: dict) -> int:
    """The file's real size, which the enclosure length must equal (§2.2 #13)."""
    if not SEGMENT.fullmatch(name):
        raise PublishError(f"{folder}: file name {name!r} is not ASCII A-Z a-z 0-9 . _ - "
                           "(STANDARDS.md §2.1 #5)")
    try:
        size = (folder / name).stat().st_size
    except OSError:
        raise PublishError(f"{folder}: {name} is missing") from None
    if "bytes" in facts and int(facts["bytes"]) != size:
        raise PublishError(f"{folder}: {name} has {size} bytes but {MANIFEST} says "
                           f"{facts['bytes']}; the folder changed after narration")
    return size


def _sidecars(folder: Path, files: dict) -> tuple[tuple[str, str], ...]:
    present = []
    for kind in SIDECARS:
        if kind in files:
            name = str(files[kind]["path"])
            _checked_size(folder, name, files[kind])
            present.append((kind, name))
    return tuple(present)


def _chapters(items) -> tuple[Chapter, ...]:
    return tuple(Chapter(title=str(c["title"]), start_ms=int(c["start_ms"]),
                         end_ms=int(c["end_ms"]), url=c.get("url"), image=c.get("image"))
                 for c in items)


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
