"""Voice every segment of a script into the clip cache, in parallel, resampled once to
the programme rate and measured (loudness, K-weighted energy) where it is made.

Only segments whose clip is not cached are synthesized, so editing one paragraph and
narrating again re-synthesizes only that paragraph. Workers are separate processes
(``jobs``, one at least, so every segment has a hard time bound and the main process
mixes and encodes while they synthesize); the results do not depend on how many there
are, because every clip is keyed and stored by its segment id, and the mixer reads
them back in script order (``ClipSource``), each as soon as it exists.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable

import numpy as np

from ..audio.loudness import ClipStats, clip_stats
from ..config import VoiceProfile, VoiceSettings
from ..errors import EngineError
from ..models import Script, Segment
from .base import Speech, get_engine
from .cache import ClipCache

PROGRAMME_RATE = 44100
# No sentence of a news article takes this long on any engine; overridable for tests
# and for very slow machines.
SEGMENT_TIMEOUT_S = float(os.environ.get("AUDIO_ARTICLE_SEGMENT_TIMEOUT", "120"))

Progress = Callable[[int], None]


def segment_id(spoken: str, settings: VoiceSettings, engine_version: str) -> str:
    """A stable hash of everything that determines a segment's audio: its cache key."""
    key = json.dumps([settings.engine, engine_version, settings.voice, settings.rate,
                      settings.pitch, settings.volume, PROGRAMME_RATE, spoken], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def to_programme_rate(speech: Speech, rate: int = PROGRAMME_RATE) -> np.ndarray:
    """Float samples at any rate -> int16 at the programme rate (anti-aliased, by
    libsoxr's high-quality resampler; it imports in a tenth of a second where
    scipy.signal takes over a second, which every synthesis worker would pay)."""
    samples = np.asarray(speech.samples, dtype=np.float64)
    if speech.sample_rate != rate and len(samples):
        import soxr

        samples = soxr.resample(samples, speech.sample_rate, rate, quality="HQ")
    return (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype(np.int16)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def synthesize_script(script: Script, profile: VoiceProfile, cache: ClipCache,
                      jobs: int = 1, progress: Progress | None = None) -> list[int]:
    """Make sure every segment's clip is in the cache; returns each clip's sample count."""
    missing = _missing(script, cache, progress)
    tasks = [(s.id, s.spoken, s.text, profile.for_role(s.role)) for s in missing]
    if len(tasks) > 1 and jobs > 1:
        _run_pool(tasks, cache, min(jobs, len(tasks)), progress)
    else:
        for task in tasks:
            _synthesize_one(*task, cache.root)
            if progress:
                progress(1)
    return [_length(cache, s) for s in script.segments]


class ClipSource:
    """Clips in script order while the pool makes the missing ones.

    ``with ClipSource(...) as source: source.clip(i)`` returns segment i's samples and
    measurements, waiting for its synthesis if needed (in script order, the pool works
    ahead). Engine errors, crashed workers and the per-segment time bound behave as in
    ``synthesize_script``; leaving the block early stops the workers.
    """

    def __init__(self, script: Script, profile: VoiceProfile, cache: ClipCache,
                 jobs: int = 1, progress: Progress | None = None) -> None:
        self.script, self.profile, self.cache = script, profile, cache
        self._progress = progress
        self._tasks = [(s.id, s.spoken, s.text, profile.for_role(s.role))
                       for s in _missing(script, cache, progress)]
        self._jobs = max(1, min(jobs, len(self._tasks)))
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[Future, tuple] = {}
        self._waiting: set[str] = {task[0] for task in self._tasks}

    def __enter__(self) -> ClipSource:
        if self._tasks:
            self._pool = ProcessPoolExecutor(self._jobs, mp_context=_context(),
                                             initializer=_init_worker)
            self._futures = {self._pool.submit(_synthesize_one, *task, self.cache.root): task
                             for task in self._tasks}
        return self

    def __exit__(self, exc_type, *_rest) -> None:
        if self._pool is None:
            return
        if exc_type is None:
            self._pool.shutdown(wait=True)
            return
        for future in self._futures:
            future.cancel()
        running = [f for f in self._futures if not f.done()]
        if running and not issubclass(exc_type, _Stuck):
            # Let segments in progress finish (bounded), so no worker dies halfway
            # through writing a cache entry.
            wait(running, timeout=SEGMENT_TIMEOUT_S)
        _kill(self._pool)  # what is left may be stuck inside an engine

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

    def remember(self, index: int, samples: np.ndarray, stats: ClipStats) -> None:
        """Store measurements the mixer made (the true peak), for the next render."""
        self.cache.put(self.script.segments[index].id, samples, PROGRAMME_RATE, stats)

    def _advance(self) -> None:
        pending = set(self._futures)
        try:
            _collect_some(self._futures, pending, self._progress)
        except _PoolBroken as broken:
            _kill(self._pool)
            self._pool = None
            self._futures = {}
            _rerun_one_by_one(broken.remaining, self.cache, self._progress)
            self._waiting.clear()
            return
        for future in [f for f in self._futures if f not in pending]:
            self._waiting.discard(self._futures.pop(future)[0])


def _missing(script: Script, cache: ClipCache, progress: Progress | None) -> list[Segment]:
    seen: dict[str, Segment] = {}
    for segment in script.segments:
        if segment.id in seen or cache.length(segment.id) is not None:
            if progress:
                progress(1)
            continue
        seen[segment.id] = segment
    return list(seen.values())


def _length(cache: ClipCache, segment: Segment) -> int:
    length = cache.length(segment.id)
    if length is None:
        raise EngineError(f"the clip for segment {segment.id} ({_excerpt(segment.text)!r}) "
                          "vanished from the cache")
    return length


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


def _synthesize_one(key: str, spoken: str, text: str, settings: VoiceSettings,
                    cache_root: Path) -> tuple[str, int]:
    """Synthesize and store one clip; an engine error or empty audio is retried once."""
    problem = ""
    for _attempt in range(2):
        try:
            speech = get_engine(settings.engine).synthesize(spoken, settings)
            samples = to_programme_rate(speech)
            if len(samples) and np.any(samples):
                stats = clip_stats(samples, PROGRAMME_RATE, peak=False)
                ClipCache(cache_root).put(key, samples, PROGRAMME_RATE, stats)
                return key, len(samples)
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


def _run_pool(tasks: list, cache: ClipCache, jobs: int, progress: Progress | None) -> None:
    try:
        _pool(tasks, cache, jobs, progress)
    except _PoolBroken as broken:
        _rerun_one_by_one(broken.remaining, cache, progress)


def _rerun_one_by_one(tasks: list, cache: ClipCache, progress: Progress | None) -> None:
    # A dead worker takes the whole pool down with it and we cannot tell which segment
    # killed it: run the unfinished ones one by one, each in a fresh worker. That
    # retries every segment once and names the one that kills its worker.
    for task in tasks:
        try:
            _pool([task], cache, 1, progress)
        except _PoolBroken as again:
            key, _spoken, text, settings = task
            raise EngineError(f"{settings.label} crashed its worker on segment {key} "
                              f"({_excerpt(text)!r}), twice") from again


def _pool(tasks: list, cache: ClipCache, jobs: int, progress: Progress | None) -> None:
    with ProcessPoolExecutor(jobs, mp_context=_context(), initializer=_init_worker) as pool:
        futures = {pool.submit(_synthesize_one, *task, cache.root): task for task in tasks}
        try:
            _collect(futures, progress)
        except BaseException:
            _kill(pool)
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


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop workers that may be stuck inside an engine (a hung C call ignores signals
    a thread could send)."""
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def _context():
    # spawn: every worker starts from a fresh interpreter, never a copy of a parent that
    # may hold engine threads. Not forkserver: its server process would stay resident
    # beside the workers with all the preloaded modules (about 100 MB for numpy and
    # scipy.signal), and the 20,000-word benchmark counts the whole process tree.
    return multiprocessing.get_context("spawn")


def _init_worker() -> None:
    # One thread per worker: the pool provides the parallelism; more threads per process
    # would only contend for the same cores.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    # Workers share the parent's stdout, which carries the output paths: nothing an
    # engine prints may land there.
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the worker


def _excerpt(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
