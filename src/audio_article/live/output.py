"""`narrate --stream FILE|-`: the live render's MP3 written out as it is made."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from ..errors import InputError
from .events import Audio, Event, Note, Started
from .tap import Tap


@contextlib.contextmanager
def streaming(path: str | None, note: Callable[[str], None]) -> Iterator[Tap | None]:
    """The observer that writes a render's stream to ``path`` (None: no stream; "-":
    standard output, never a terminal), the file closed after the block."""
    if path is None:
        yield None
        return
    if path == "-":
        if sys.stdout.isatty():
            raise InputError("--stream - writes MP3 to standard output: pipe it to a "
                             "player (`| mpv -`) or give a file name")
        yield Tap(StreamOut(sys.stdout.buffer, note))
        return
    try:
        out = open(Path(path), "wb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InputError(f"cannot write the stream to {path}: {exc.strerror or exc}") from None
    with out:
        yield Tap(StreamOut(out, note))


class StreamOut:
    """Emit for a Tap: the head and the frames to ``out``, flushed as they come; the
    Tap's notes to ``note``. A reader that goes away (a player closed: EPIPE) ends the
    stream, not the render: the episode is still made and saved."""

    def __init__(self, out: BinaryIO, note: Callable[[str], None]) -> None:
        self.out: BinaryIO | None = out
        self.note = note

    def __call__(self, event: Event) -> None:
        if isinstance(event, Started):
            self._write(event.head)
        elif isinstance(event, Audio):
            self._write(event.data)
        elif isinstance(event, Note):
            self.note(f"Note: {event.message}")

    def _write(self, data: bytes) -> None:
        if self.out is None or not data:
            return
        try:
            self.out.write(data)
            self.out.flush()
        except BrokenPipeError:
            _to_devnull(self.out)  # so the interpreter's last flush does not fail again
            self.out = None
            self.note("Note: the stream's reader has gone; the episode is still being made")


def _to_devnull(out: BinaryIO) -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
