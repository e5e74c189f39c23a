"""Formats whose programme is encoded as one stream by an FFmpeg encoder (PyAV's wheel
bundles FFmpeg, its AAC encoder and libopus: no system ffmpeg), and muxed at the end.

Every unit's levelled PCM goes to the encoder as it is placed, with digital silence up
to it; the encoder's priming (AAC's 1024 samples, Opus's pre-skip) is written by the
muxer (an MP4 edit list, the OpusHead pre-skip and the last page's granule position),
so a decoder gives back exactly the programme's samples and every chapter keeps its
time. The packets wait in an anonymous spool file until ``finish``, because the MP4
muxer writes its chapter track with its header and the chapters are known only once
the last unit is placed; then the file is muxed beside its destination, tagged by the
format's ``tag`` function and renamed into place, so nobody ever finds half a file.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from array import array
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import BinaryIO, Callable

import av
import numpy as np

from ...errors import AudioError
from ...models import Chapter, FinishedAudio
from . import Tags, Unit

SILENCE_CHUNK = 1 << 16  # samples of silence fed to the encoder at a time


@dataclass(frozen=True)
class StreamSpec:
    """How a format is encoded and muxed by FFmpeg."""

    name: str  # the format's registry name (the file extension)
    mime: str
    codecs: str
    muxer: str  # FFmpeg's: "ipod" (M4A), "ogg"
    codec: str  # FFmpeg's encoder: "aac", "libopus"
    sample_format: str  # what the encoder takes: "fltp", "flt"
    rate: int | None = None  # the encoder's sample rate; None: the programme's
    codec_options: dict = field(default_factory=dict, hash=False)
    muxer_options: dict = field(default_factory=dict, hash=False)  # "{rate}": the codec's
    chapters: bool = False  # the muxer writes the chapters (else ``tag`` does)
    # A true-peak ceiling of this format's own, under the programme's (loudness.py's
    # CEILING_DBTP), for a codec that overshoots more than that leaves room for.
    ceiling_dbtp: float | None = None


Tagger = Callable[[Path, Tags], None]


class AvStream:
    """The Assembler of a StreamSpec format (audio.formats.Assembler)."""

    def __init__(self, spec: StreamSpec, tag: Tagger, rate: int, bitrate_kbps: int,
                 spool_dir: Path | None) -> None:
        self.spec, self._tag, self.rate, self.bitrate_kbps = spec, tag, rate, bitrate_kbps
        self._dir = Path(spool_dir) if spool_dir else Path(tempfile.gettempdir())
        self._part = self._dir / f".{spec.name}.{secrets.token_hex(4)}.part"
        self._encoder = _Encoder(spec, rate, bitrate_kbps, self._part)
        self.position = 0  # programme samples fed so far

    def place(self, start: int, unit: Unit) -> None:
        if start < self.position:
            raise AudioError(f"a unit at sample {start} overlaps the one before "
                             f"(which ends at sample {self.position})")
        self._silence_to(start)
        pcm = unit.pcm()
        self._encoder.feed(self._limited(pcm))
        self.position += len(pcm)

    def _limited(self, pcm: np.ndarray) -> np.ndarray:
        """``pcm`` under the format's own ceiling: units start and end in silence, and
        the limiter reaches 20 ms around a peak, so limiting them one by one is limiting
        the programme."""
        if self.spec.ceiling_dbtp is None:
            return pcm
        from ..loudness import limit_true_peak
        from ..pieces import to_int16

        audio = pcm.astype(np.float32) / np.float32(32768.0)
        limited = limit_true_peak(audio, self.rate, self.spec.ceiling_dbtp)
        return pcm if limited is audio else to_int16(limited)

    def _silence_to(self, end: int) -> None:
        while self.position < end:
            count = min(SILENCE_CHUNK, end - self.position)
            self._encoder.feed(np.zeros(count, np.int16))
            self.position += count

    def finish(self, path: Path, samples: int, tags: Tags) -> FinishedAudio:
        """Mux, tag and rename into ``path``; the stream is then closed."""
        try:
            if samples < self.position:
                raise AudioError(f"the programme is {self.position} samples, not {samples}")
            self._silence_to(samples)
            self._encoder.mux(tags.chapters if self.spec.chapters else ())
            self._tag(self._part, tags)
            _sync(self._part)
            os.replace(self._part, path)
        except OSError as exc:
            raise AudioError(f"cannot write {path}: {exc}") from exc
        finally:
            self.close()
        return FinishedAudio(Path(path), self.spec.name, self.spec.mime, self.spec.codecs,
                             self.bitrate_kbps, samples * 1000 // self.rate,
                             Path(path).stat().st_size)

    def close(self) -> None:
        """Discard everything (a no-op after ``finish``)."""
        self._encoder.close()
        self._part.unlink(missing_ok=True)


class _Encoder:
    """One PyAV encoder (resampled by soxr where the codec needs another rate) whose
    packets are spooled, and the container they are muxed into at the end."""

    def __init__(self, spec: StreamSpec, rate: int, bitrate_kbps: int, part: Path) -> None:
        self.spec, self.codec_rate = spec, spec.rate or rate
        self._resampler = None
        if self.codec_rate != rate:
            import soxr

            self._resampler = soxr.ResampleStream(rate, self.codec_rate, 1, "float32", "HQ")
        try:
            options = {k: v.format(rate=self.codec_rate) for k, v in spec.muxer_options.items()}
            self._out = av.open(str(part), "w", format=spec.muxer, options=options)
            self._stream = self._out.add_stream(spec.codec, rate=self.codec_rate,
                                                layout="mono", options=spec.codec_options)
            self._stream.bit_rate = bitrate_kbps * 1000
            self._spool: BinaryIO | None = tempfile.TemporaryFile(dir=part.parent)
        except (OSError, av.FFmpegError) as exc:
            raise AudioError(f"cannot start the {spec.name} encoder ({spec.codec}): "
                             f"{exc}") from exc
        self._index = array("q")  # per packet: pts, dts, duration, size
        self._fed = 0  # samples at the codec rate

    def feed(self, pcm: np.ndarray, last: bool = False) -> None:
        audio = pcm.astype(np.float32) / np.float32(32768.0)
        if self._resampler is not None:
            audio = self._resampler.resample_chunk(audio, last=last)
        if not len(audio):
            return
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(audio[None, :]),
                                           format=self.spec.sample_format, layout="mono")
        frame.sample_rate, frame.pts = self.codec_rate, self._fed
        frame.time_base = Fraction(1, self.codec_rate)
        self._fed += len(audio)
        self._keep(self._stream.encode(frame))

    def _keep(self, packets) -> None:
        for packet in packets:
            data = bytes(packet)
            self._spool.write(data)
            self._index.extend((packet.pts, packet.dts, packet.duration, len(data)))

    def mux(self, chapters: tuple[Chapter, ...]) -> None:
        """The rest of the programme encoded, and every packet muxed, after the chapters
        (with the header); the container is then closed."""
        self.feed(np.zeros(0, np.int16), last=True)
        self._keep(self._stream.encode(None))
        if chapters:
            self._out.set_chapters([_chapter(i, c) for i, c in enumerate(chapters, 1)])
        self._spool.seek(0)
        base = Fraction(1, self.codec_rate)
        for at in range(0, len(self._index), 4):
            pts, dts, duration, size = self._index[at:at + 4]
            packet = av.Packet(self._spool.read(size))
            packet.pts, packet.dts, packet.duration, packet.time_base = pts, dts, duration, base
            packet.stream = self._stream
            self._out.mux(packet)
        self._out.close()

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
            self._spool = None
        try:
            self._out.close()
        except (av.FFmpegError, ValueError):
            pass  # closed already, or never started: nothing to write


def _chapter(number: int, chapter: Chapter) -> dict:
    return {"id": number, "start": chapter.start_ms, "end": chapter.end_ms,
            "time_base": Fraction(1, 1000), "metadata": {"title": chapter.title}}


def _sync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())
