"""Reading an episode folder back: its audio (the main file, or the format asked for:
MP3, M4A or Opus) and chapters, from the checked episode.json (``package.manifest``),
and its cues (transcript.vtt, as a listener's app finds them)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from ..capped import ARTICLE_BYTES, read_capped
from ..errors import QaError
from ..models import Chapter, Cue
from ..package.manifest import EpisodeManifest, read_manifest
from ..parse.source import clean_text

_TIME = r"(\d+):(\d\d):(\d\d)\.(\d{3})"
_CUE = re.compile(rf"^{_TIME} --> {_TIME}[^\n]*\n(.*?)(?:\n\s*\n|\Z)", re.M | re.S)
_VOICE_TAG = re.compile(r"</?v[^>]*>|</?[a-z]+(?:\.[\w.-]+)?>")


@dataclass(frozen=True)
class EpisodeFiles:
    folder: Path
    audio: Path
    cues: tuple[Cue, ...]
    chapters: tuple[Chapter, ...]


def read_episode(folder: Path, audio_format: str | None = None) -> EpisodeFiles:
    """The episode in ``folder``, heard in ``audio_format`` (mp3, m4a, opus; None: its
    main audio): the audio and chapters its checked episode.json names, and the cues of
    its transcript.vtt; QaError naming what is missing or unreadable."""
    if not folder.is_dir():
        raise QaError(f"{folder} is not an episode folder")
    manifest = read_manifest(folder, QaError)
    cues = parse_vtt(_read(folder / "transcript.vtt"))
    if not cues:
        raise QaError(f"{folder / 'transcript.vtt'} has no cues")
    chapters = manifest.chapters or (Chapter("Episode", 0, manifest.duration_ms),)
    return EpisodeFiles(folder, folder / _audio(manifest, audio_format, folder), cues,
                        chapters)


def _audio(manifest: EpisodeManifest, audio_format: str | None, folder: Path) -> str:
    if audio_format is None:
        return manifest.audio.path
    for entry in manifest.audio_files():
        if (entry.format or Path(entry.path).suffix.lstrip(".")) == audio_format:
            return entry.path
    raise QaError(f"{folder} has no {audio_format} file (its episode.json lists "
                  f"{', '.join(e.path for e in manifest.audio_files())})")


def _read(path: Path) -> str:
    data = read_capped(path, ARTICLE_BYTES, "transcript", error=QaError, follow=False)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QaError(f"cannot read {path}: not UTF-8 (bad byte at offset {exc.start})") from None


def _ms(hours: str, minutes: str, seconds: str, millis: str) -> int:
    return ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)


def parse_vtt(text: str) -> tuple[Cue, ...]:
    """WebVTT cues: times and text, the lines of a cue joined, tags and entities undone."""
    cues = []
    for m in _CUE.finditer(text.replace("\r\n", "\n")):
        body = clean_text(html.unescape(_VOICE_TAG.sub("", m.group(9))))
        body = body.replace("\n", " ").strip()
        cues.append(Cue(_ms(*m.groups()[0:4]), _ms(*m.groups()[4:8]), body, "narrator"))
    return tuple(cues)
