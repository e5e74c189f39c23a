"""``watch``: poll feeds, lists and pages; re-narrate the articles whose text changed and
publish them under the same guid, with "Corrected on <date>" in the show notes.

Every poll asks with the validators of the last answer (If-None-Match, If-Modified-
Since), so an unchanged feed or page costs a 304 and nothing else. SIGINT and SIGTERM
only set a flag: the article being rendered is finished (or, killed harder, its staging
folder is never promoted), then the loop stops.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import re
import signal
import threading
import time
from typing import TYPE_CHECKING, Callable, Iterator

from ..errors import AudioArticleError
from ..parse.source import is_url
from ..printable import printable
from .article import FAILED, UNCHANGED, Outcome, narrate_article
from .http import Response, conditional_get
from .runner import BatchOptions
from .sources import expand
from .state import State

if TYPE_CHECKING:
    from ..listen.latest import Latest

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|)\s*$", re.I)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600}


def parse_interval(text: str) -> float:
    """Seconds in "90", "30s", "15m" or "1h"."""
    match = _INTERVAL.match(text)
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"{text!r} is not an interval such as 30s, 15m or 1h")
    return float(match.group(1)) * _UNITS[match.group(2).lower()]


@contextlib.contextmanager
def stop_on_signals() -> Iterator[threading.Event]:
    """An Event set by SIGINT or SIGTERM while the block runs (previous handlers are
    restored after it)."""
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set())
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def wait_or_stop(stop: threading.Event, seconds: float = float("inf")) -> bool:
    """Wait ``seconds`` or until ``stop`` is set (True then), waking every half second:
    a signal the kernel hands to another thread (a listen server's) runs its Python
    handler only when the main thread wakes, and a wait with no end never would."""
    deadline = time.monotonic() + seconds
    while not stop.wait(min(0.5, max(0.0, deadline - time.monotonic()))):
        if time.monotonic() >= deadline:
            return False
    return True


class Watcher:
    def __init__(self, sources: list[str], options: BatchOptions,
                 log: Callable[[str], None], latest: Latest | None = None) -> None:
        self.sources, self.options, self.log = sources, options, log
        self.latest = latest  # `watch --listen`: each render streamed as the newest
        self.state = State(options.narrate.out_dir)
        self._lists: dict[str, Response] = {}  # feed/sitemap URL -> its last 200 answer

    def poll(self, stop: threading.Event) -> list[Outcome]:
        """One pass over every article; returns the outcomes of those looked at."""
        unreadable: dict[str, str] = {}
        articles = expand(self.sources, self._get_list, unreadable,
                          lambda message: self.log(f"{_now()} note      {message}"))
        for source, reason in unreadable.items():
            self._log(Outcome(source, FAILED, reason=reason))
        outcomes = []
        for source in articles:
            if stop.is_set():
                break
            outcomes.append(self._article(source))
            self._log(outcomes[-1])
        return outcomes

    def _get_list(self, url: str) -> bytes:
        old = self._lists.get(url)
        answer = conditional_get(url, old and old.etag, old and old.last_modified,
                                 self.options.allow_private)
        if answer.changed:
            self._lists[url] = answer
            return answer.data
        return old.data if old else b""

    def _article(self, source: str) -> Outcome:
        previous = self.state.get(source)
        answer = None
        if is_url(source):
            try:
                answer = conditional_get(source, previous and previous.etag,
                                         previous and previous.last_modified,
                                         self.options.allow_private)
            except AudioArticleError as exc:
                return Outcome(source, FAILED, reason=str(exc))
            if not answer.changed and previous is not None:
                return Outcome(source, UNCHANGED, entry=previous)
        # The page changed (or is a file): the pipeline reads it and compares scripts.
        opening = self.latest.observer() if self.latest else None
        outcome = narrate_article(source, self.options.narrate, previous,
                                  self.state.slugs_of_others(source), self.options.allow_private,
                                  opening)
        if opening is not None:
            self.latest.ended(outcome, opening)
        if outcome.entry is not None:
            entry = outcome.entry
            if answer is not None:
                entry = dataclasses.replace(entry, etag=answer.etag,
                                            last_modified=answer.last_modified)
            if entry != previous:
                self.state.put(entry)
            outcome = dataclasses.replace(outcome, entry=entry)
        return outcome

    def _log(self, outcome: Outcome) -> None:
        slug = outcome.entry.slug if outcome.entry else "-"
        reason = f": {outcome.reason}" if outcome.reason else ""
        self.log(printable(f"{_now()} {outcome.status:9} {slug} {outcome.source}{reason}"))


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
