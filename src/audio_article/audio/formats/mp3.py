"""MP3: constant-bitrate MPEG-1 Layer III, mono, from LAME (lameenc).

Units are encoded apart, in the synthesis workers, and kept in the clip cache
(``pieces``); the assembler places their frames on the stream's frame grid with silent
frames between them and writes the Info/LAME frame (audio/mp3.py), then the ID3v2.3 tag
with CHAP/CTOC chapters, the disclosure and the provenance (id3.py).
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np

from ...errors import AudioError
from ...models import FinishedAudio
from ..mp3 import QUALITY, SAMPLES_PER_FRAME, Mp3Assembler, encode_piece, piece_frames
from . import Tags, Unit


class Mp3Format:
    name = "mp3"
    mime = "audio/mpeg"
    codecs = "mp3"
    pieces = True

    def bitrate(self, mp3_kbps: int) -> int:
        return mp3_kbps

    @property
    def encoder(self) -> tuple:
        """What a piece's bytes depend on besides its PCM and bitrate (its cache key)."""
        return QUALITY, _lameenc_version()

    def encode_piece(self, pcm: np.ndarray, rate: int, bitrate_kbps: int) -> bytes:
        return encode_piece(pcm, rate, bitrate_kbps)

    def assembler(self, rate: int, bitrate_kbps: int, spool_dir: Path | None) -> Mp3Stream:
        return Mp3Stream(Mp3Assembler(rate, bitrate_kbps, spool_dir=spool_dir))


@lru_cache(maxsize=1)
def _lameenc_version() -> str:
    try:
        return metadata.version("lameenc")
    except metadata.PackageNotFoundError:
        return ""


class Mp3Stream:
    """Pieces placed on the frame grid; finished with the Info frame and the ID3 tag."""

    def __init__(self, stream: Mp3Assembler) -> None:
        self._stream = stream

    def place(self, start: int, unit: Unit) -> None:
        frame = start // SAMPLES_PER_FRAME
        self._stream.place(frame, unit.data)
        if self._stream.frames != piece_frames(unit.samples) + frame:
            raise AudioError(f"the encoded unit of segments {unit.first}-{unit.last} has the "
                             "wrong number of frames (if it came from the clip cache, "
                             "`audio-article cache clear` removes it)")

    def finish(self, path: Path, samples: int, tags: Tags) -> FinishedAudio:
        from .id3 import build_tag, write_tag

        self._stream.samples = samples
        result = self._stream.finish(path)
        fields = {f.name: getattr(tags, f.name) for f in dataclasses.fields(tags)}
        write_tag(str(path), build_tag(**fields))
        return FinishedAudio(path, MP3.name, MP3.mime, MP3.codecs, result.bitrate_kbps,
                             samples * 1000 // result.sample_rate, path.stat().st_size)

    def close(self) -> None:
        self._stream.close()


MP3 = Mp3Format()
