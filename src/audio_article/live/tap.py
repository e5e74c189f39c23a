"""The pipeline's observer for a live render: the units the mixer is given, placed as a
playable MP3 stream while the episode is being made.

Every unit is placed at the position the mixer places it (audio.mix.placements) by a
second MP3 assembler whose frames go out at once instead of into a spool: the same
silent frames, the same encoded pieces, so the stream's frames are the finished file's
audio frames, byte for byte. What the stream lacks is what only the end can know: the
Info/LAME frame (frame count, padding) and the chapters in the tag; it starts with a
small ID3 tag (title, the AI disclosure) instead, and decoders take it as it comes.

The mixer asks for the units again, levelled with the exact programme loudness, in the
rare case the predicted level was off by more than its tolerance: the stream has
already gone out by then, so that pass is only watched for a cancel, and a note says the
saved file is levelled slightly differently.
"""

from __future__ import annotations

import io
import threading
import time
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from .. import DISCLOSURE
from ..audio.mix import Units, pause_samples, placements, to_ms
from ..audio.mp3 import SAMPLES_PER_FRAME, Mp3Assembler, frame_length
from ..audio.pieces import ReadyUnit
from ..errors import AudioArticleError, AudioError
from ..models import Script
from ..speech.ids import PROGRAMME_RATE
from .events import Audio, AudioEnded, ChapterReached, CueReached, Event, Note, Started
from .pace import Pace

if TYPE_CHECKING:
    from ..audio.formats import Tags

Emit = Callable[[Event], None]


class Cancelled(AudioArticleError):
    """The listeners left: the render stops and writes nothing."""


class LiveFrames(Mp3Assembler):
    """An MP3 assembler whose frames go to ``sink`` as they are placed (no spool, no
    Info frame: a stream)."""

    def __init__(self, rate: int, bitrate_kbps: int, sink: Callable[[bytes], None]) -> None:
        super().__init__(rate, bitrate_kbps)
        self.close()  # the spool the file needs; a stream keeps nothing
        self._sink = sink

    def _write(self, data: bytes) -> None:
        data = bytes(data)
        self._walker.feed(data)
        self._sink(data)

    def end(self, samples: int) -> None:
        """The silent frames that end a programme of ``samples`` samples."""
        self.samples = samples
        self._flush()


class Tap:
    """``pipeline.Observer``: sends ``emit`` the stream's events as the units pass, and
    stops the render (Cancelled) once ``cancelled`` is set."""

    def __init__(self, emit: Emit, cancelled: threading.Event | None = None) -> None:
        self.emit = emit
        self.cancelled = cancelled or threading.Event()
        self._passes = 0

    def check(self) -> None:
        if self.cancelled.is_set():
            raise Cancelled("stopped: nobody is listening any more")

    def watch(self, script: Script, units: Units, bitrate_kbps: int | None,
              tags: Tags) -> Units:
        if bitrate_kbps is None:
            raise AudioError("a live stream needs MP3 among the formats")

        def watched(offset: float) -> Iterable[ReadyUnit]:
            self._passes += 1
            if self._passes == 1:
                return self._live(script, units(offset), bitrate_kbps, tags)
            self.emit(Note(f"the saved episode is levelled {offset:+.2f} dB from what was "
                           "streamed (its loudness was predicted outside the tolerance)"))
            return self._checked(units(offset))
        return watched

    def _checked(self, units: Iterable[ReadyUnit]) -> Iterator[ReadyUnit]:
        for unit in units:
            self.check()
            yield unit

    def _live(self, script: Script, units: Iterable[ReadyUnit], bitrate_kbps: int,
              tags: Tags) -> Iterator[ReadyUnit]:
        self.check()
        self.emit(Started(script.title, script.language, len(script.segments),
                          stream_tag(tags)))
        out = _Placer(script, bitrate_kbps, self.emit)
        for start, unit in placements(script, PROGRAMME_RATE, self._checked(units)):
            out.place(start, unit)
            yield unit
            self.check()
        out.end()


class _Placer:
    """Places units on the stream and emits their frames, sentences and chapters."""

    def __init__(self, script: Script, bitrate_kbps: int, emit: Emit) -> None:
        self.script, self.emit = script, emit
        self._out: list[bytes] = []
        self._frames = LiveFrames(PROGRAMME_RATE, bitrate_kbps, self._out.append)
        self._chapters = {mark.first_segment: (i, mark.title)
                          for i, mark in enumerate(script.chapters)}
        self._end = self._sent_ms = 0
        self._pace = Pace()

    def place(self, start: int, unit: ReadyUnit) -> None:
        self._frames.place(start // SAMPLES_PER_FRAME, unit.data)
        self._end = start + unit.samples
        self._flush(self._end)
        self._sentences(start, unit)
        for speed in self._pace.arrived(time.monotonic(), self._end / PROGRAMME_RATE):
            self.emit(Note(f"the narration is being made more slowly than {speed:g}x "
                           "playback here: a listener at that speed may hear a pause",
                           speed))

    def _flush(self, end: int) -> None:
        """The frames placed since the last flush, up to sample ``end`` of the programme."""
        data, end_ms = b"".join(self._out), to_ms(end, PROGRAMME_RATE)
        self._out.clear()
        self.emit(Audio(data, self._sent_ms, end_ms))
        self._sent_ms = end_ms

    def _sentences(self, start: int, unit: ReadyUnit) -> None:
        """Cues (and chapters starting) in the unit, timed as audio.mix.cues times them."""
        position = start
        for index, length in zip(range(unit.first, unit.last + 1), unit.piece.lengths):
            segment = self.script.segments[index]
            if index in self._chapters:
                number, title = self._chapters[index]
                self.emit(ChapterReached(number, title,
                                         to_ms(position, PROGRAMME_RATE) if number else 0))
            self.emit(CueReached(index, to_ms(position, PROGRAMME_RATE),
                                 to_ms(position + length, PROGRAMME_RATE), segment.text,
                                 segment.role))
            position += length + pause_samples(segment.pause_after_ms, PROGRAMME_RATE)

    def end(self) -> None:
        """The programme's closing silence (the last pause), on the frame grid."""
        samples = self._end + pause_samples(self.script.segments[-1].pause_after_ms,
                                            PROGRAMME_RATE)
        self._frames.end(samples)
        self._flush(samples)
        self.emit(AudioEnded(to_ms(samples, PROGRAMME_RATE)))


def stream_tag(tags: Tags) -> bytes:
    """A small ID3v2.3 tag for the head of the stream: title, artist, album and the AI
    disclosure (the saved file gets the full tag, chapters and provenance included)."""
    from mutagen.id3 import COMM, ID3, TALB, TIT2, TPE1, TXXX, Encoding

    tag = ID3()
    for frame in (TIT2(encoding=Encoding.UTF16, text=[tags.title]),
                  TPE1(encoding=Encoding.UTF16, text=[tags.artist]),
                  TALB(encoding=Encoding.UTF16, text=[tags.album]),
                  COMM(encoding=Encoding.UTF16, lang="eng", desc="", text=[DISCLOSURE]),
                  TXXX(encoding=Encoding.UTF16, desc="AI_GENERATED", text=["true"]),
                  TXXX(encoding=Encoding.UTF16, desc="AI_VOICE", text=[tags.voice])):
        tag.add(frame)
    out = io.BytesIO()
    tag.save(out, v2_version=3, v1=0, padding=lambda _info: 0)
    return out.getvalue()


def audio_frames(data: bytes) -> bytes:
    """The audio frames of an MP3 file or stream: without a leading ID3v2 tag and
    without the Info/Xing frame a file starts with (how a stream is compared with the
    finished file)."""
    if data[:3] == b"ID3" and len(data) >= 10:
        size = 0
        for byte in data[6:10]:  # a syncsafe integer: 7 bits a byte
            size = size << 7 | byte & 0x7F
        data = data[10 + size + (10 if data[5] & 0x10 else 0):]
    if len(data) >= 4 and data[0] == 0xFF:
        side = 17 if data[3] >> 6 == 3 else 32
        if data[4 + side:8 + side] in (b"Info", b"Xing"):
            data = data[frame_length(data[:4]):]
    return data
