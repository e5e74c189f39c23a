"""A live render: `narrate` with a Tap, in a thread of its own, its events handed to a
callback as they happen (``LiveRender``) or yielded (``stream_episode``).

Cancelling sets a flag the Tap checks between units: the render stops at the next unit
(a sentence or so), its synthesis workers are stopped, and nothing is saved (the
staging folder goes, as after any failure).
"""

from __future__ import annotations

import contextlib
import queue
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Iterator

from ..errors import AudioArticleError
from ..pipeline import NarrateOptions, narrate_episode
from ..speech import start_workers
from .events import FINAL, Event, Failed, Note, Saved, Stopped
from .tap import Cancelled, Emit, Tap


class NoteReporter:
    """pipeline.Reporter whose notes become Note events (no progress bar: the stream is
    the progress)."""

    def __init__(self, emit: Emit) -> None:
        self.emit = emit

    def note(self, message: str) -> None:
        self.emit(Note(message))

    @contextlib.contextmanager
    def progress(self, total: int, label: str) -> Iterator[Callable[[int], None]]:
        yield lambda _n: None


class LiveRender:
    """``narrate_episode(source or script, options)`` in a thread, every event to
    ``emit`` (from that thread), ending with Saved, Stopped or Failed. ``pool``:
    synthesis workers already booting (else started here)."""

    def __init__(self, source: str | None, options: NarrateOptions, emit: Emit, *,
                 pool: ProcessPoolExecutor | None = None, script: Path | None = None) -> None:
        self.source, self.options, self.script = source, options, script
        self.emit, self.pool = emit, pool
        self.cancelled = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="live-render", daemon=True)

    def start(self) -> LiveRender:
        self.thread.start()
        return self

    def cancel(self) -> None:
        self.cancelled.set()

    def join(self, timeout: float | None = None) -> bool:
        """Whether the render has ended (its workers stopped)."""
        self.thread.join(timeout)
        return not self.thread.is_alive()

    def _run(self) -> None:
        try:
            result = self._narrate()
        except Cancelled:
            self.emit(Stopped())
        except BaseException as exc:  # noqa: BLE001 - the listener is told, whatever it was
            self.error = exc
            self.emit(Failed(str(exc) if isinstance(exc, AudioArticleError)
                             else f"{type(exc).__name__}: {exc}"))
        else:
            self.emit(Saved(result))

    def _narrate(self):
        pool = self.pool
        if pool is None and self.script is None:
            pool = start_workers(self.options.jobs, self.options.profile)
        return narrate_episode(self.source, self.options, NoteReporter(self.emit), pool,
                               self.script, observer=Tap(self.emit, self.cancelled))


def stream_episode(source: str | None, options: NarrateOptions = NarrateOptions(), *,
                   pool: ProcessPoolExecutor | None = None,
                   script: Path | None = None) -> Iterator[Event]:
    """Narrate ``source`` (or the edited ``script``) and yield its events as they come:
    Started (its ``head`` first, then every Audio's ``data``, make a playable MP3
    stream), Audio, CueReached, ChapterReached, Note, AudioEnded, then Saved with the
    NarrateResult. An error is raised as it is. Closing the generator early (``break``)
    stops the render: nothing is saved and the workers exit."""
    events: queue.SimpleQueue = queue.SimpleQueue()
    live = LiveRender(source, options, events.put, pool=pool, script=script).start()
    try:
        while True:
            event = events.get()
            if isinstance(event, Failed) and live.error is not None:
                raise live.error
            yield event
            if isinstance(event, FINAL):
                return
    finally:
        live.cancel()
        live.join()
