"""Reading an episode folder back: its audio (the main file, or the format asked for:
MP3, M4A or Opus), its cues (transcript.vtt) and its chapters (chapters.json), exactly
as a listener's app would find them."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import QaError
from ..models import Chapter, Cue

_TIME = r"(\d+):(\d\d):(\d\d)\.(\d{3})"
_CUE = re.compile(rf"^{_TIME} --> {_TIME}[^\n]*\n(.*?)(?:\n\s*\n|\Z)", re.M | re.S)
_VOICE_TAG = re.compile(r"</?v[^>]*>|</?[a-z]+(?:\.[\w.-]+)?>")


@dataclass(frozen=True)
class EpisodeFiles:
    folder: Path
    audio: Path
    cues: tuple[Cue, ...]
    chapters: tuple[Chapter, ...]


def _suffixes() -> tuple[str, ...]:
    from ..audio.formats import FORMATS

    return tuple(f".{name}" for name in FORMATS)


def read_episode(folder: Path, audio_format: str | None = None) -> EpisodeFiles:
    """The episode in ``folder``, heard in ``audio_format`` (mp3, m4a, opus; None: the
    one file there is, or the episode's main one); QaError naming what is missing or
    unreadable."""
    if not folder.is_dir():
        raise QaError(f"{folder} is not an episode folder")
    cues = parse_vtt(_read(folder / "transcript.vtt"))
    if not cues:
        raise QaError(f"{folder / 'transcript.vtt'} has no cues")
    return EpisodeFiles(folder, _audio(folder, audio_format), cues,
                        _chapters(folder / "chapters.json", cues))


def _audio(folder: Path, audio_format: str | None) -> Path:
    suffixes = (f".{audio_format}",) if audio_format else _suffixes()
    found = sorted(p for p in folder.iterdir() if p.suffix in suffixes and p.is_file())
    if len(found) > 1 and audio_format is None:
        found = [p for p in found if p == _main_audio(folder)]
    if len(found) != 1:
        wanted = audio_format or f"audio ({', '.join(_suffixes())})"
        raise QaError(f"{folder} should hold one {wanted} file, found {len(found)}")
    return found[0]


def _main_audio(folder: Path) -> Path | None:
    """The file episode.json names as the episode's audio (several formats)."""
    from ..package.manifest import read_manifest

    try:
        return folder / str(read_manifest(folder, QaError)["files"]["audio"]["path"])
    except (KeyError, TypeError):
        return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QaError(f"cannot read {path}: {exc}") from exc


def _ms(hours: str, minutes: str, seconds: str, millis: str) -> int:
    return ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)


def parse_vtt(text: str) -> tuple[Cue, ...]:
    """WebVTT cues: times and text, the lines of a cue joined, tags and entities undone."""
    cues = []
    for m in _CUE.finditer(text.replace("\r\n", "\n")):
        body = html.unescape(_VOICE_TAG.sub("", m.group(9))).replace("\n", " ").strip()
        cues.append(Cue(_ms(*m.groups()[0:4]), _ms(*m.groups()[4:8]), body, "narrator"))
    return tuple(cues)


def _chapters(path: Path, cues: tuple[Cue, ...]) -> tuple[Chapter, ...]:
    """The chapters, or one chapter spanning every cue when the file is absent."""
    if not path.exists():
        return (Chapter("Episode", 0, cues[-1].end_ms),)
    try:
        items = json.loads(_read(path))["chapters"]
        return tuple(Chapter(c["title"], round(c["startTime"] * 1000),
                             round(c.get("endTime", cues[-1].end_ms / 1000) * 1000))
                     for c in items)
    except (ValueError, KeyError, TypeError) as exc:
        raise QaError(f"{path} is not Podcasting 2.0 chapters JSON: {exc}") from exc
