"""`watch --listen`: the newest article the watcher narrates, heard while it is made.

Each render of the watcher gets an observer; when the render really starts (an
unchanged article never does), a channel is opened for it in the listen server's hub
and becomes the latest: ``/latest/`` follows it on the listen page, ``/latest/audio.mp3``
is its stream, and once it is saved both lead to the saved episode. Nobody listening
never stops the watcher's render: the feed needs the episode either way.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from ..live.tap import Tap
from .hub import Channel, Hub

if TYPE_CHECKING:
    from ..batch.article import Outcome


class Latest:
    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.channel: Channel | None = None  # the render in progress, or the last one
        self.slug: str | None = None  # the newest saved episode's folder
        self._lock = threading.Lock()

    def observer(self) -> _Opening:
        """The observer for the watcher's next render."""
        return _Opening(self)

    def ended(self, outcome: Outcome, opened: _Opening) -> None:
        """The watcher's render ended with ``outcome``: the channel says so."""
        if opened.channel is None:
            return  # nothing was rendered (unchanged, or it failed before it began)
        if outcome.ok and outcome.entry is not None:
            with self._lock:
                self.slug = outcome.entry.slug
            opened.channel.say({"type": "saved", "slug": outcome.entry.slug}, last=True)
        else:
            opened.channel.say({"type": "failed", "message": outcome.reason}, last=True)
        self.hub.release(opened.channel)

    def where(self, audio: bool) -> str | None:
        """Where ``/latest/`` (or its ``audio.mp3``) leads now; None before anything."""
        with self._lock:
            channel, slug = self.channel, self.slug
        if channel is not None and not channel.final:
            return f"/live/{channel.id}/" + ("audio.mp3" if audio else "")
        if slug is not None:
            return f"/{slug}/" + (f"{slug}.mp3" if audio else "")
        return None

    def _open(self) -> Channel:
        channel = self.hub.adopt()
        with self._lock:
            self.channel = channel
        return channel


class _Opening:
    """pipeline.Observer: opens the latest channel when the render starts placing units."""

    def __init__(self, latest: Latest) -> None:
        self.latest = latest
        self.channel: Channel | None = None

    def watch(self, script, units, bitrate_kbps, tags):
        self.channel = self.latest._open()
        return Tap(self.channel.emit).watch(script, units, bitrate_kbps, tags)
