"""Formats whose programme is encoded as one stream by an FFmpeg encoder (PyAV's wheel
bundles FFmpeg, its AAC encoder and libopus: no system ffmpeg), and muxed at the end.

Every unit's levelled PCM goes to the encoder as it is placed, with digital silence up
to it. Each stream encodes in a thread of its own (PyAV releases the GIL while FFmpeg
encodes), fed through a short queue, so the formats encode side by side while the main
thread places the next units; the encoder's priming (AAC's 1024 samples, Opus's pre-skip) is written by the
muxer (an MP4 edit list, the OpusHead pre-skip and the last page's granule position),
so a decoder gives back exactly the programme's samples and every chapter keeps its
time. The packets wait in an anonymous spool file until ``finish``, because the MP4
muxer writes its chapter track with its header and the chapters are known only once
the last unit is placed; then the file is muxed beside its destination, tagged by the
format's ``tag`` function and renamed into place, so nobody ever finds half a file.
Before that, a stream whose encoder can overshoot past its ceiling's room (Opus) is
checked as a player decodes it, and encoded again turned down where it passed the
limit (peaks.py).
"""

from __future__ import annotations

import contextlib
import os
import queue
import secrets
import tempfile
import threading
from array import array
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import BinaryIO, Callable

import av
import numpy as np

from ...errors import AudioError
from ...models import Chapter, FinishedAudio
from ..loudness import STREAM_CEILING_DBTP
from . import Tags, Unit
from .peaks import LIMIT_DBTP, DecodedPeaks, Dips

SILENCE_CHUNK = 1 << 16  # samples of silence (or of spooled input) fed at a time
PASSES = 4  # encodings of a stream, at most, to bring its decoded true peak under the limit
QUEUE_UNITS = 16  # units waiting for a stream's encoder thread, at most


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
    # FFmpeg's decoder for the stream, as players decode it, where its decoded true peak
    # is checked (peaks.py): an encoder whose overshoot reaches past the ceiling's room.
    decoder: str | None = None
    # The true-peak limiter's ceiling for this format's stream, under the programme's
    # (loudness.CEILING_DBTP, which leaves room for LAME's overshoot): libopus at 32 kbps
    # overshoots more (the eSpeak voice's Opus decoded at -0.25 dBTP from the programme's
    # PCM; -1.3 at a -3.0 ceiling, -2.1 at -3.5). M4A takes the same ceiling, so the two
    # share one levelling of each unit; it is made beside the MP3's, where the unit is
    # made (a synthesis worker, mostly), from the same oversampled envelope
    # (pieces.level_under): 0.4 s of CPU less on the sample than levelling it again here.
    ceiling_dbtp: float = STREAM_CEILING_DBTP


Tagger = Callable[[Path, Tags], None]


class AvStream:
    """The Assembler of a StreamSpec format (audio.formats.Assembler)."""

    def __init__(self, spec: StreamSpec, tag: Tagger, rate: int, bitrate_kbps: int,
                 spool_dir: Path | None) -> None:
        self.spec, self._tag, self.rate, self.bitrate_kbps = spec, tag, rate, bitrate_kbps
        self._dir = Path(spool_dir) if spool_dir else Path(tempfile.gettempdir())
        self._part = self._dir / f".{spec.name}.{secrets.token_hex(4)}.part"
        self._encoder = _Encoder(spec, rate, bitrate_kbps, self._part)
        self._thread = _EncoderThread(self._encoder, self._pcm)
        self.position = 0  # programme samples placed so far

    def place(self, start: int, unit: Unit) -> None:
        if start < self.position:
            raise AudioError(f"a unit at sample {start} overlaps the one before "
                             f"(which ends at sample {self.position})")
        self._thread.put(start - self.position, unit)
        self.position = start + unit.samples

    def _pcm(self, unit: Unit) -> np.ndarray:
        """In the encoder thread: the unit levelled under this format's ceiling."""
        pcm = unit.pcm(self.spec.ceiling_dbtp)
        if len(pcm) != unit.samples:
            raise AudioError(f"unit {unit.first}-{unit.last} is {len(pcm)} samples, "
                             f"not {unit.samples}")
        return pcm

    def finish(self, path: Path, samples: int, tags: Tags) -> FinishedAudio:
        """Mux, tag and rename into ``path``; the stream is then closed."""
        try:
            if samples < self.position:
                raise AudioError(f"the programme is {self.position} samples, not {samples}")
            self._thread.put(samples - self.position, None)
            self._thread.join()
            self._check_peaks()
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

    def _check_peaks(self) -> None:
        """Encode the stream again, turned down where its decoded true peak passed
        peaks.WATCH_DBTP, until it passes nowhere (peaks.py says why)."""
        dips = Dips(self.rate)
        for _ in range(PASSES - 1):
            hot = self._encoder.end()
            if not hot:
                return
            dips.add(hot, self._encoder.codec_rate)
            self._encoder = self._encoder.again(dips)
        hot = self._encoder.end()
        if hot and 20 * np.log10(max(hot.values())) > LIMIT_DBTP:
            raise AudioError(f"the {self.spec.name} stream decodes above {LIMIT_DBTP} dBTP "
                             f"after {PASSES} encodings")

    def close(self) -> None:
        """Discard everything (a no-op after ``finish``)."""
        self._thread.stop()
        self._encoder.close(input=True)
        self._part.unlink(missing_ok=True)


class _EncoderThread:
    """Feeds an encoder from a queue: silence, then a unit's PCM (made by ``pcm``, in
    this thread too). An error is kept and raised in the main thread."""

    def __init__(self, encoder: _Encoder, pcm: Callable[[Unit], np.ndarray]) -> None:
        self._encoder, self._pcm = encoder, pcm
        self._queue: queue.Queue = queue.Queue(QUEUE_UNITS)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=f"{encoder.spec.name}-encoder",
                                        daemon=True)
        self._thread.start()

    def put(self, silence: int, unit: Unit | None) -> None:
        self._raise()
        self._queue.put((silence, unit))

    def join(self) -> None:
        self._queue.put(None)
        self._thread.join()
        self._raise()

    def stop(self) -> None:
        """End the thread, its work dropped (after a failure) or done (after join)."""
        if self._thread.is_alive():
            self._error = self._error or AudioError("stopped")
            self._queue.put(None)
            self._thread.join()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is not None:
                continue  # failed or stopped: drain the queue so no put() blocks
            try:
                silence, unit = item
                for start in range(0, silence, SILENCE_CHUNK):
                    self._encoder.feed(np.zeros(min(SILENCE_CHUNK, silence - start), np.int16))
                if unit is not None:
                    self._encoder.feed(self._pcm(unit))
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread
                self._error = exc


class _Encoder:
    """One PyAV encoder (resampled by soxr where the codec needs another rate) whose
    packets are spooled, and the container they are muxed into at the end. Where the
    spec names a decoder, the packets are decoded as they are made (peaks.DecodedPeaks)
    and the input is spooled too (``input``, int16 at the programme's rate), so that the
    stream can be encoded again."""

    def __init__(self, spec: StreamSpec, rate: int, bitrate_kbps: int, part: Path,
                 input: BinaryIO | None = None) -> None:  # noqa: A002 - the input spool
        self.spec, self.rate, self.bitrate_kbps, self.part = spec, rate, bitrate_kbps, part
        self.codec_rate = spec.rate or rate
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
            self.input = input or (tempfile.TemporaryFile(dir=part.parent) if spec.decoder
                                   else None)
        except (OSError, av.FFmpegError) as exc:
            raise AudioError(f"cannot start the {spec.name} encoder ({spec.codec}): "
                             f"{exc}") from exc
        # The first encoding spools what it is fed, where a second may be needed.
        self._spooling = input is None and spec.decoder is not None
        self._peaks: DecodedPeaks | None = None  # made with the first packet (extradata)
        self._index = array("q")  # per packet: pts, dts, duration, size
        self._fed = 0  # samples at the codec rate

    def feed(self, pcm: np.ndarray, last: bool = False, gain: np.ndarray | None = None) -> None:
        if self._spooling:
            self.input.write(np.ascontiguousarray(pcm, "<i2").tobytes())
        audio = pcm.astype(np.float32) / np.float32(32768.0)
        if gain is not None:
            audio *= gain
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
            if self._peaks is None and self.spec.decoder:
                self._peaks = DecodedPeaks(self._stream.codec_context, self.spec.decoder)
            if self._peaks is not None:
                self._peaks.packet(data, packet.pts, packet.duration)

    def end(self) -> dict[int, float]:
        """The rest of the programme encoded; where its decoded true peak passed
        peaks.WATCH_DBTP (DecodedPeaks.hot)."""
        self.feed(np.zeros(0, np.int16), last=True)
        self._keep(self._stream.encode(None))
        self._spooling = False
        return self._peaks.finish(self._fed) if self._peaks else {}

    def again(self, dips: Dips) -> _Encoder:
        """A new encoder (this one closed) fed this one's input, turned down by ``dips``."""
        self.close()  # the part file is opened anew: nothing was muxed into it yet
        again = _Encoder(self.spec, self.rate, self.bitrate_kbps, self.part, self.input)
        try:
            self.input.seek(0)
            at = 0
            while chunk := self.input.read(2 * SILENCE_CHUNK):
                pcm = np.frombuffer(chunk, "<i2")
                again.feed(pcm, gain=dips.gain(at, len(pcm)))
                at += len(pcm)
        except BaseException:
            again.close(input=True)  # nobody else holds it yet
            raise
        return again

    def mux(self, chapters: tuple[Chapter, ...]) -> None:
        """Every packet muxed, after the chapters (with the header); the container is
        then closed (``end`` first)."""
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

    def close(self, input: bool = False) -> None:
        """Close the spool and the container; the input spool too if ``input``."""
        for spool in (self._spool, self.input if input else None):
            if spool is not None:
                # Discarded: on a full disk its buffer's last bytes fail to flush, and
                # that OSError would hide the error that brought us here.
                with contextlib.suppress(OSError):
                    spool.close()
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
