"""The renders a listen server runs, and who is listening to each.

One render per article at a time: a second listener of the same link joins the render
in progress and hears it from the start. At most ``renders`` run at once and ``queue``
wait their turn; more are refused (Busy), never silently piled up. A render nobody
listens to any more (every page and player that followed it closed, for ``grace_s``)
is cancelled, or taken out of the queue: its workers exit and nothing is saved. One pool
of synthesis workers is kept booted, voices loaded, for the next render.

A Channel records everything a render said, so every listener follows it from the
start at their own pace: the stream's bytes in an anonymous spool file (memory stays
flat however long the article), the page's events in a list.
"""

from __future__ import annotations

import collections
import dataclasses
import os
import secrets
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import AudioArticleError
from ..live.events import FINAL, Audio, AudioEnded, Event, Started, to_dict
from ..pipeline import NarrateOptions

READ_CHUNK = 64 * 1024


class Busy(AudioArticleError):
    """Every render slot and every place in the queue is taken."""


@dataclass(frozen=True)
class Request:
    """What a listener asked for: ``source`` (a URL, or a file the server wrote into
    ``folder``, removed when the render ends); ``key`` names the article, so that two
    listeners of it share one render."""

    key: str
    source: str
    publish: bool = False
    folder: Path | None = None


class Channel:
    """Everything one render has said so far, for listeners to follow from the start."""

    def __init__(self) -> None:
        self.id = secrets.token_urlsafe(16)
        self._spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by drop()
        self.size = 0
        self.events: list[dict] = []
        self.audio_done = self.final = False
        self.listeners = 0
        self.changed = threading.Condition()

    def emit(self, event: Event) -> None:
        """From the render thread: keep the event and wake the readers."""
        with self.changed:
            if isinstance(event, (Started, Audio)):
                self._keep(event.head if isinstance(event, Started) else event.data)
            if isinstance(event, AudioEnded) or isinstance(event, FINAL):
                self.audio_done = True
            self.final = self.final or isinstance(event, FINAL)
            if not isinstance(event, Audio):
                self.events.append(to_dict(event))
            self.changed.notify_all()

    def say(self, event: dict, last: bool = False) -> None:
        """An event of the server's own (a place in the queue; ``last``: the render
        was taken out of the queue before it started)."""
        with self.changed:
            self.events.append(event)
            if last:
                self.audio_done = self.final = True
            self.changed.notify_all()

    def _keep(self, data: bytes) -> None:
        os.pwrite(self._spool.fileno(), data, self.size)
        self.size += len(data)

    def audio(self, offset: int, wait_s: float) -> bytes | None:
        """The stream's bytes from ``offset`` (up to READ_CHUNK), waiting up to
        ``wait_s`` for some; b"" when none came yet, None when the stream has ended."""
        with self.changed:
            if offset >= self.size and not self.audio_done:
                self.changed.wait(wait_s)
            size, done = self.size, self.audio_done
        if offset < size:  # written bytes never change: read them outside the lock
            return os.pread(self._spool.fileno(), min(READ_CHUNK, size - offset), offset)
        return None if done else b""

    def events_from(self, index: int, wait_s: float) -> tuple[list[dict], bool]:
        """The events from ``index`` on (waiting up to ``wait_s`` for one), and whether
        the render has said its last."""
        with self.changed:
            if index >= len(self.events) and not self.final:
                self.changed.wait(wait_s)
            return self.events[index:], self.final

    def drop(self) -> None:
        self._spool.close()


@dataclass
class _Render:
    request: Request
    channel: Channel
    live: object | None = None  # the LiveRender, once started


class Hub:
    """The server's renders (see the module's docstring)."""

    def __init__(self, options: NarrateOptions, renders: int = 1, queue: int = 2,
                 grace_s: float = 5.0) -> None:
        self.options, self.renders, self.queue, self.grace_s = options, renders, queue, grace_s
        self._lock = threading.RLock()
        self._all: dict[str, _Render] = {}  # channel id -> render, until it is dropped
        self._by_key: dict[str, _Render] = {}  # the unfinished render of each article
        self._running: set[str] = set()
        self._waiting: collections.deque[str] = collections.deque()
        self._spare = None  # a pool of synthesis workers, booted, for the next render
        self._closed = False

    def open(self) -> None:
        """Boot the first spare workers, and import now what a render imports on first
        use (the mixer, encoder, tag writer, pages), so the first listen starts as soon
        as any other."""
        import importlib

        self._refresh_spare()
        for module in ("audio.mix", "audio.formats.mp3", "audio.formats.id3", "package",
                       "package.manifest", "page", "speech.synth", "live.render"):
            importlib.import_module(f"...{module}", __name__)

    def close(self) -> None:
        """Cancel every render and wait for it; stop the spare workers."""
        with self._lock:
            self._closed = True
            renders = list(self._all.values())
            self._waiting.clear()
        for render in renders:
            if render.live is not None:
                render.live.cancel()
                render.live.join()
            if render.request.folder:
                shutil.rmtree(render.request.folder, ignore_errors=True)
        self._stop_spare()

    def admit(self, request: Request) -> Channel:
        """The channel of ``request``'s render: the one in progress for that article,
        or a new one, started or queued; Busy when there is no room."""
        with self._lock:
            if self._closed:
                raise Busy("the server is stopping")
            if request.key in self._by_key:
                _discard(request)
                return self._by_key[request.key].channel
            if len(self._running) >= self.renders and len(self._waiting) >= self.queue:
                _discard(request)
                raise Busy(f"busy: {len(self._running)} article(s) are being narrated and "
                           f"{len(self._waiting)} are waiting; try again in a minute")
            render = _Render(request, Channel())
            self._all[render.channel.id] = self._by_key[request.key] = render
            self._waiting.append(render.channel.id)
            self._start_waiting()
            self._check_later(render.channel, 2 * self.grace_s)  # nobody ever came
            return render.channel

    def adopt(self) -> Channel:
        """A channel for a render run elsewhere (the watcher's), followed like any other
        but never cancelled by its listeners leaving; forgotten once it is over and
        unheard."""
        with self._lock:
            channel = Channel()
            self._all[channel.id] = _Render(Request(f"adopted:{channel.id}", ""), channel)
            return channel

    def release(self, channel: Channel) -> None:
        """An adopted channel is over: forget it once nobody follows it."""
        self._check_later(channel, self.grace_s)

    def channel(self, channel_id: str) -> Channel | None:
        with self._lock:
            render = self._all.get(channel_id)
            return render.channel if render else None

    def attach(self, channel: Channel) -> None:
        with self._lock:
            channel.listeners += 1

    def detach(self, channel: Channel) -> None:
        with self._lock:
            channel.listeners -= 1
            if channel.listeners <= 0:
                self._check_later(channel, self.grace_s)

    # --- inside ------------------------------------------------------------------

    def _check_later(self, channel: Channel, delay: float) -> None:
        timer = threading.Timer(delay, self._abandon_if_unheard, (channel,))
        timer.daemon = True
        timer.start()

    def _abandon_if_unheard(self, channel: Channel) -> None:
        with self._lock:
            render = self._all.get(channel.id)
            if render is None or channel.listeners > 0:
                return
            if channel.final:  # finished and nobody follows it any more: forget it
                self._forget(render)
            elif channel.id in self._waiting:
                self._waiting.remove(channel.id)
                self._finish(render, {"type": "stopped"})
            elif render.live is not None:
                render.live.cancel()  # its thread ends it (Stopped) at the next unit

    def _start_waiting(self) -> None:
        while self._waiting and len(self._running) < self.renders:
            channel_id = self._waiting.popleft()
            self._running.add(channel_id)
            self._start(self._all[channel_id])
        for place, channel_id in enumerate(self._waiting, 1):
            self._all[channel_id].channel.say({"type": "queued", "position": place})

    def _start(self, render: _Render) -> None:
        from ..live.render import LiveRender

        # Published only where the server offers it (started with --publish) and the
        # listener asked.
        options = dataclasses.replace(self.options, publish=self.options.publish
                                      if render.request.publish else None)
        pool, self._spare = self._spare, None

        def emit(event: Event) -> None:
            render.channel.emit(event)
            if isinstance(event, FINAL):
                self._ended(render)

        render.live = LiveRender(render.request.source, options, emit, pool=pool).start()

    def _ended(self, render: _Render) -> None:
        """From the render's thread, once its workers have stopped."""
        with self._lock:
            self._running.discard(render.channel.id)
            self._finish(render, None)
            if not self._closed:
                self._start_waiting()
                self._refresh_spare()

    def _finish(self, render: _Render, event: dict | None) -> None:
        if self._by_key.get(render.request.key) is render:
            del self._by_key[render.request.key]
        _discard(render.request)
        if event is not None:
            render.channel.say(event, last=True)
        if render.channel.listeners <= 0:
            self._check_later(render.channel, self.grace_s)

    def _forget(self, render: _Render) -> None:
        self._all.pop(render.channel.id, None)
        render.channel.drop()

    def _refresh_spare(self) -> None:
        from ..speech import start_workers

        if self._spare is None and not self._closed:
            self._spare = start_workers(self.options.jobs, self.options.profile)

    def _stop_spare(self) -> None:
        from ..speech.workers import stop

        with self._lock:
            spare, self._spare = self._spare, None
        if spare is not None:
            stop(spare)


def _discard(request: Request) -> None:
    if request.folder is not None:
        shutil.rmtree(request.folder, ignore_errors=True)
