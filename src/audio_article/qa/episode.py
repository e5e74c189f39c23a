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
from ..package.manifest import (EpisodeManifest, FileEntry, check_listed, read_listed,
                                read_manifest)
from ..parse.source import clean_text

_TIME = r"(\d+):(\d\d):(\d\d)\.(\d{3})"
_CUE = re.compile(rf"^{_TIME} --> {_TIME}[^\n]*\n(.*?)(?:\n\s*\n|\Z)", re.M | re.S)
_VOICE_TAG = re.compile(r"</?v[^>]*>|</?[a-z]+(?:\.[\w.-]+)?>")


# The most audio qa reads into memory (18 hours at 64 kbps; decoded for the recogniser it
# takes eight times as much).
AUDIO_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class EpisodeFiles:
    folder: Path
    audio: Path
    cues: tuple[Cue, ...]
    chapters: tuple[Chapter, ...]
    listed: FileEntry | None = None  # the audio as episode.json lists it
    language: str = "en"  # the script's: how its numbers were said

    def audio_data(self) -> bytes:
        """The audio's bytes, read and checked against episode.json where they are used:
        the bytes heard are the bytes checked (a file swapped after ``read_episode``
        checked it is refused, not heard)."""
        if self.listed is None:
            raise QaError(f"{self.folder}: no audio listed")
        return read_listed(self.folder, self.listed, AUDIO_BYTES, QaError)


def read_episode(folder: Path, audio_format: str | None = None) -> EpisodeFiles:
    """The episode in ``folder``, heard in ``audio_format`` (mp3, m4a, opus; None: its
    main audio): the audio and chapters its checked episode.json names, and the cues of
    its transcript.vtt; QaError naming what is missing or unreadable."""
    if not folder.is_dir():
        raise QaError(f"{folder} is not an episode folder")
    manifest = read_manifest(folder, QaError)
    cues = _bounded(parse_vtt(_read(folder / "transcript.vtt")), manifest.duration_ms,
                    folder / "transcript.vtt")
    chapters = manifest.chapters or (Chapter("Episode", 0, manifest.duration_ms),)
    entry = _audio(manifest, audio_format, folder)
    return EpisodeFiles(folder, check_listed(folder, entry, QaError), cues, chapters, entry,
                        manifest.language)


# No narrator says more than four sentences a second: more cues than that are not a
# transcript of this audio, and each would cost a recogniser's pass.
CUES_PER_SECOND = 4
SLACK_MS = 1_000  # a cue may end a little after the audio (the encoder's padding)


def _bounded(cues: tuple[Cue, ...], duration_ms: int, path: Path) -> tuple[Cue, ...]:
    """The cues, when they can be this episode's: some, in order, inside the audio."""
    if not cues:
        raise QaError(f"{path} has no cues")
    if len(cues) > max(1, duration_ms * CUES_PER_SECOND // 1000):
        raise QaError(f"{path} has {len(cues)} cues for {duration_ms // 1000} s of audio: "
                      "not this episode's transcript")
    previous = 0
    for cue in cues:
        if not previous <= cue.start_ms < cue.end_ms <= duration_ms + SLACK_MS:
            raise QaError(f"{path}: a cue at {cue.start_ms} ms to {cue.end_ms} ms is out of "
                          f"order or outside the {duration_ms} ms of audio")
        previous = cue.start_ms
    return cues


def _audio(manifest: EpisodeManifest, audio_format: str | None, folder: Path) -> FileEntry:
    if audio_format is None:
        return manifest.audio
    for entry in manifest.audio_files():
        if (entry.format or Path(entry.path).suffix.lstrip(".")) == audio_format:
            return entry
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
