"""Is the render ahead of the listener? Pure arithmetic on when audio became available.

A listener starts when the first audio comes and plays at ``speed`` (1x, 2x). The render
is ahead by ``margin`` seconds of audio; when that margin is small and the render has
lately been making audio more slowly than the listener hears it, playback would stall:
the stream says so (a Note) instead of stalling silently. ``underruns`` replays a whole
render's arrivals against a listener and counts the stalls (bench/stream.py, tests).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

SPEEDS = (1.0, 2.0)
LOW_WATER_S = 8.0  # audio seconds ahead of the listener below which we look closer
WINDOW_S = 10.0  # wall seconds over which the render's recent pace is measured


@dataclass(frozen=True)
class Arrival:
    """Audio up to ``audio_s`` (programme seconds) was available at ``wall_s``."""

    wall_s: float
    audio_s: float


def margin(arrivals: Sequence[Arrival], speed: float) -> float:
    """Seconds of audio the render is ahead of a listener at ``speed`` who started at
    the first arrival and never paused (negative: the listener has been waiting)."""
    first, last = arrivals[0], arrivals[-1]
    return last.audio_s - (last.wall_s - first.wall_s) * speed


def recent_pace(arrivals: Sequence[Arrival], window_s: float = WINDOW_S) -> float:
    """Programme seconds made per wall second over the last ``window_s`` (or since the
    first arrival); infinite before there is a wall second to measure."""
    last = arrivals[-1]
    since = next(a for a in arrivals if a.wall_s >= last.wall_s - window_s)
    elapsed = last.wall_s - since.wall_s
    return float("inf") if elapsed < 1.0 else (last.audio_s - since.audio_s) / elapsed


def falling_behind(arrivals: Sequence[Arrival], speed: float) -> bool:
    return margin(arrivals, speed) < LOW_WATER_S and recent_pace(arrivals) < speed


def underruns(arrivals: Sequence[Arrival], speed: float, buffer_s: float = 0.0) -> int:
    """Stalls a listener at ``speed`` meets, starting ``buffer_s`` after the first
    arrival: each time the audio to play next has not arrived yet (the listener waits
    for it, then plays on)."""
    clock = arrivals[0].wall_s + buffer_s  # when the listener reaches ``played``
    played, stalls = 0.0, 0
    for arrival in arrivals:
        if arrival.wall_s > clock:
            stalls += 1
            clock = arrival.wall_s
        clock += (arrival.audio_s - played) / speed
        played = arrival.audio_s
    return stalls


@dataclass
class Pace:
    """Arrivals as they come, and the notes they call for: one "behind" note per speed,
    again only after the render has pulled well ahead once more."""

    arrivals: list[Arrival] = field(default_factory=list)
    warned: set[float] = field(default_factory=set)

    def arrived(self, wall_s: float, audio_s: float) -> list[float]:
        """Record an arrival; the speeds a listener at which is about to be caught up."""
        self.arrivals.append(Arrival(wall_s, audio_s))
        behind = []
        for speed in SPEEDS:
            if speed not in self.warned and falling_behind(self.arrivals, speed):
                self.warned.add(speed)
                behind.append(speed)
            elif margin(self.arrivals, speed) > 2 * LOW_WATER_S:
                self.warned.discard(speed)
        return behind
