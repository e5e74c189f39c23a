"""Voice every segment of a script into the clip cache, in parallel, resampled once to
the programme rate and measured (loudness, K-weighted energy) where it is made; with two
workers or more, each worker also levels and encodes the one-segment units it voices
(audio/pieces.py), so encoding runs in parallel too.

Only segments whose clip is not cached are synthesized, and only units whose encoded
piece is not cached are encoded, so editing one paragraph and narrating again
re-synthesizes and re-encodes only that paragraph. Workers are separate processes
(``jobs``, one at least, so every segment has a hard time bound; with one worker, the
main process levels and encodes while it synthesizes); the results do not depend on how
many there are, because every clip and piece is keyed by its content, and the mixer
reads them back in script order (``ClipSource``), each as soon as it exists.
"""

from __future__ import annotations

import os
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable

import numpy as np

from ..audio.loudness import ClipStats, clip_stats
from ..audio.pieces import Piece, make_piece, piece_key
from ..config import VoiceProfile, VoiceSettings
from ..errors import EngineError
from ..models import Script, Segment
from .base import Speech, SpokenWord, get_engine
from .cache import ClipCache
from .ids import PROGRAMME_RATE
from .workers import new_pool, stop

# No sentence of a news article takes this long on any engine; overridable for tests
# and for very slow machines.
SEGMENT_TIMEOUT_S = float(os.environ.get("AUDIO_ARTICLE_SEGMENT_TIMEOUT", "120"))

Progress = Callable[[int], None]


def to_programme_rate(speech: Speech, rate: int = PROGRAMME_RATE) -> np.ndarray:
    """Float samples at any rate -> int16 at the programme rate (anti-aliased, by
    libsoxr's high-quality resampler; it imports in a tenth of a second where
    scipy.signal takes over a second, which every synthesis worker would pay)."""
    samples = np.asarray(speech.samples, dtype=np.float64)
    if speech.sample_rate != rate and len(samples):
        import soxr

        samples = soxr.resample(samples, speech.sample_rate, rate, quality="HQ")
    return (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype(np.int16)


class ClipSource:
    """Clips and encoded units in script order while the pool makes the missing ones.

    ``with ClipSource(...) as source: source.unit(first, last, offset)`` returns that
    unit levelled and encoded, waiting for its segments' synthesis if needed (in script
    order, the pool works ahead). An engine error propagates; a crashed worker's
    segments are run again one by one, each in a fresh worker, and the one that kills
    its worker twice is named; no segment may take longer than SEGMENT_TIMEOUT_S;
    leaving the block early stops the workers. With ``jobs`` of two or more, workers also encode the one-segment units
    (at the predicted offset ``encode_offset``); otherwise this process does.
    """

    def __init__(self, script: Script, profile: VoiceProfile, cache: ClipCache,
                 jobs: int = 1, progress: Progress | None = None, bitrate_kbps: int = 64,
                 encode_offset: float | None = 0.0,
                 pool: ProcessPoolExecutor | None = None) -> None:
        from ..audio.mix import pause_samples, units

        self.script, self.profile, self.cache = script, profile, cache
        self.bitrate_kbps = bitrate_kbps
        self._gaps = lambda first, last: [pause_samples(s.pause_after_ms, PROGRAMME_RATE)
                                          for s in script.segments[first:last]]
        self._progress = progress
        singles = ([first for first, last in units(script) if first == last]
                   if encode_offset is not None else [])
        pieces = {}  # segment index -> the piece to make for its one-segment unit
        for index in singles:
            key = self._piece_key(index, index, encode_offset)
            if not cache.piece_path(key).exists():
                pieces[index] = (key, encode_offset, bitrate_kbps)
        def task(segment: Segment, piece: tuple | None) -> tuple:
            return segment.id, segment.spoken, segment.text, profile.for_role(segment.role), piece

        self._tasks, seen, finish = [], set(), {}
        for index, segment in enumerate(script.segments):
            # With two workers or more, each segment's worker encodes its unit too. With
            # one, it only synthesizes, while this process encodes units from the start;
            # then it encodes from the end (``finish``) until the two meet.
            piece = pieces.get(index) if jobs > 1 else None
            if jobs == 1 and index in pieces:
                finish.setdefault(pieces[index][0], task(segment, pieces[index]))
            if segment.id in seen or (piece is None and cache.length(segment.id) is not None):
                if progress:
                    progress(1)
                continue
            seen.add(segment.id)
            self._tasks.append(task(segment, piece))
        self._waiting: set[str] = {task[0] for task in self._tasks}
        self._finish = list(reversed(finish.values()))
        self._jobs = max(1, min(jobs, len(self._tasks) + len(self._finish)))
        # A pool started early (speech/workers.py) is used, or stopped if there is no work.
        self._pool: ProcessPoolExecutor | None = pool
        self._futures: dict[Future, tuple] = {}
        self._finishing: dict[str, Future] = {}  # piece key -> its task in the pool

    def __enter__(self) -> ClipSource:
        if not (self._tasks or self._finish):
            if self._pool is not None:
                stop(self._pool)
                self._pool = None
            return self
        try:
            self._submit_all(self._pool or new_pool(self._jobs))
        except BrokenProcessPool:
            # A worker of the pool started early died before any work came (while
            # loading its engine): start afresh, once.
            stop(self._pool)
            self._futures, self._finishing = {}, {}
            self._submit_all(new_pool(self._jobs))
        return self

    def _submit_all(self, pool: ProcessPoolExecutor) -> None:
        self._pool = pool
        for task in self._tasks:
            self._futures[pool.submit(_run_task, task, self.cache.root)] = task
        for task in self._finish:
            future = pool.submit(_run_task, task, self.cache.root)
            self._futures[future] = task
            self._finishing[task[4][0]] = future

    def __exit__(self, exc_type, *_rest) -> None:
        if self._pool is None:
            return
        if exc_type is None:
            # Every task is done (a warm-up may not be, if an engine hangs loading):
            # nothing is left to wait for.
            stop(self._pool)
            return
        for future in self._futures:
            future.cancel()
        running = [f for f in self._futures if not f.done()]
        if running and not issubclass(exc_type, _Stuck):
            # Let segments in progress finish (bounded), so no worker dies halfway
            # through writing a cache entry.
            wait(running, timeout=SEGMENT_TIMEOUT_S)
        stop(self._pool)  # what is left may be stuck inside an engine

    def _piece_key(self, first: int, last: int, offset: float) -> str:
        ids = [s.id for s in self.script.segments[first:last + 1]]
        return piece_key(ids, self._gaps(first, last), offset, PROGRAMME_RATE,
                         self.bitrate_kbps)

    def unit(self, first: int, last: int, offset: float) -> Piece:
        """Segments ``first`` to ``last`` levelled at ``offset`` and encoded: from the
        cache (a worker's or an earlier run's), else made here and kept."""
        key = self._piece_key(first, last, offset)
        for index in range(first, last + 1):
            while self.script.segments[index].id in self._waiting:
                self._advance()
        piece = self.cache.piece(key)
        finishing = self._finishing.pop(key, None)
        if piece is None and finishing is not None:
            if finishing.cancel():  # not started: made here instead
                self._futures.pop(finishing, None)
            else:  # the worker is on it
                while finishing in self._futures:
                    self._advance()
                piece = self.cache.piece(key)
        if piece is not None:
            return piece
        clips = []
        for index in range(first, last + 1):
            samples, stats = self.clip(index)
            clips.append((samples, stats if stats is not None
                          else clip_stats(samples, PROGRAMME_RATE, peak=False)))
        piece = make_piece(clips, self._gaps(first, last), offset, PROGRAMME_RATE,
                           self.bitrate_kbps)
        self.cache.put_piece(key, piece)
        for index, (samples, stats), known in zip(range(first, last + 1), clips, piece.stats):
            if known is not stats:  # a true peak measured: the next render skips that
                self.cache.put(self.script.segments[index].id, samples, PROGRAMME_RATE, known)
        return piece

    def clip(self, index: int) -> tuple[np.ndarray, ClipStats | None]:
        segment = self.script.segments[index]
        while segment.id in self._waiting:
            self._advance()
        found = self.cache.entry(segment.id)
        if found is None:  # gone since it was made (another run's eviction, a bad disk)
            load_clip(segment, self.profile, self.cache)
            found = self.cache.entry(segment.id)
        if found is None:
            raise EngineError(f"cannot store the clip for segment {segment.id}")
        return found[0], found[2]

    def _advance(self) -> None:
        """Wait for some task to finish; progress counts the segments voiced."""
        pending = set(self._futures)
        try:
            _collect_some(self._futures, pending, None)
        except _PoolBroken as broken:
            stop(self._pool)
            self._pool = None
            self._futures = {}
            _rerun_one_by_one(broken.remaining, self.cache, None)
            self._voiced(set(self._waiting))
            return
        done = [self._futures.pop(f) for f in list(self._futures) if f not in pending]
        self._voiced({task[0] for task in done})

    def _voiced(self, ids: set[str]) -> None:
        for segment_id in ids & self._waiting:
            self._waiting.discard(segment_id)
            if self._progress:
                self._progress(1)


def load_clip(segment: Segment, profile: VoiceProfile, cache: ClipCache) -> np.ndarray:
    """A segment's samples from the cache; re-synthesized if the entry went missing or
    bad since it was made (another run's eviction, a damaged disk)."""
    found = cache.get(segment.id)
    if found is None:
        _synthesize_one(segment.id, segment.spoken, segment.text,
                        profile.for_role(segment.role), cache.root)
        found = cache.get(segment.id)
    if found is None:
        raise EngineError(f"cannot store the clip for segment {segment.id}")
    return found[0]


def _run_task(task: tuple, cache_root: Path) -> tuple[str, int]:
    key, spoken, text, settings, piece = task
    return _synthesize_one(key, spoken, text, settings, cache_root, piece)


def _synthesize_one(key: str, spoken: str, text: str, settings: VoiceSettings,
                    cache_root: Path, piece: tuple | None = None) -> tuple[str, int]:
    """Synthesize and store one clip (unless ``piece`` is asked for and the clip is
    cached already); an engine error or empty audio is retried once. ``piece``: (key,
    offset, bitrate) of the clip's one-segment unit, levelled, encoded and stored too."""
    cache = ClipCache(cache_root)
    found = cache.entry(key) if piece is not None else None
    if found is not None and found[2] is not None:
        samples, stats = found[0], found[2]
    else:
        samples, stats, words = _voice(key, spoken, text, settings)
        cache.put_words(key, words)  # before the clip: a clip present has its words
    if piece is not None:
        piece_key_, offset, bitrate_kbps = piece
        made = make_piece([(samples, stats)], [], offset, PROGRAMME_RATE, bitrate_kbps)
        cache.put_piece(piece_key_, made)
        if found is None or made.stats[0] is not stats:
            cache.put(key, samples, PROGRAMME_RATE, made.stats[0])
    else:
        cache.put(key, samples, PROGRAMME_RATE, stats)
    return key, len(samples)


def _voice(key: str, spoken: str, text: str, settings: VoiceSettings
           ) -> tuple[np.ndarray, ClipStats, tuple[SpokenWord, ...]]:
    problem = ""
    for _attempt in range(2):
        try:
            speech = get_engine(settings.engine).synthesize(spoken, settings)
            samples = to_programme_rate(speech)
            if len(samples) and np.any(samples):
                return (samples, clip_stats(samples, PROGRAMME_RATE, peak=False),
                        speech.words)
            problem = "the engine returned no audio"
        except EngineError as exc:
            problem = str(exc)
        except Exception as exc:  # an engine's own failure: report it with the segment
            problem = f"{type(exc).__name__}: {exc}"
    raise EngineError(f"{settings.label} failed on segment {key} ({_excerpt(text)!r}): {problem}")


class _Stuck(EngineError):
    """No segment finished within the time bound."""


class _PoolBroken(Exception):
    """A worker died; carries the tasks that did not finish."""

    def __init__(self, remaining: list) -> None:
        super().__init__(f"{len(remaining)} segments unfinished")
        self.remaining = remaining


def _rerun_one_by_one(tasks: list, cache: ClipCache, progress: Progress | None) -> None:
    # A dead worker takes the whole pool down with it and we cannot tell which segment
    # killed it: run the unfinished ones one by one, each in a fresh worker. That
    # retries every segment once and names the one that kills its worker.
    for task in tasks:
        try:
            _pool([task], cache, 1, progress)
        except _PoolBroken as again:
            key, _spoken, text, settings, _piece = task
            raise EngineError(f"{settings.label} crashed its worker on segment {key} "
                              f"({_excerpt(text)!r}), twice") from again


def _pool(tasks: list, cache: ClipCache, jobs: int, progress: Progress | None) -> None:
    with new_pool(jobs) as pool:
        futures = {pool.submit(_run_task, task, cache.root): task for task in tasks}
        try:
            _collect(futures, progress)
        except BaseException:
            stop(pool)
            raise


def _collect(futures: dict[Future, tuple], progress: Progress | None) -> None:
    pending = set(futures)
    while pending:
        _collect_some(futures, pending, progress)


def _collect_some(futures: dict[Future, tuple], pending: set[Future],
                  progress: Progress | None) -> None:
    """Wait for at least one of ``pending`` to finish (removed from it), within the time
    bound; an engine error propagates, a dead worker raises _PoolBroken."""
    done, still = wait(pending, timeout=SEGMENT_TIMEOUT_S, return_when=FIRST_COMPLETED)
    if not done:
        stuck = ", ".join(f"{t[0]} ({_excerpt(t[2])!r})" for t in map(futures.get, still))
        raise _Stuck(f"no segment finished within {SEGMENT_TIMEOUT_S:.0f} s; "
                          f"still waiting for: {_excerpt(stuck, 300)}")
    broken = [f for f in done if isinstance(f.exception(), BrokenProcessPool)]
    if broken:
        raise _PoolBroken([futures[f] for f in broken] + [futures[f] for f in still])
    for future in done:
        future.result()  # an EngineError from the worker propagates as it is
        pending.discard(future)
        if progress:
            progress(1)


def _excerpt(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
