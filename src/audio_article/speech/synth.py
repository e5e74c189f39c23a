"""Voice every segment of a script into the clip cache, in parallel, resampled once to
the programme rate and measured (loudness, K-weighted energy) where it is made; with two
workers or more, each worker also levels and encodes the one-segment units it voices
for the format that encodes pieces (MP3; audio/pieces.py), so encoding runs in parallel
too.

The work is planned by speech/work.py's pure ``plan_work`` from what the cache holds
(typed WorkItems cross into the workers), and run by speech/workers.py's ``Runner``,
which knows nothing of synthesis: this module gives it ``_run_item`` and the warm-up
(``warm``). Only segments whose clip is not cached are synthesized, and only units whose
encoded piece is not cached are encoded, so editing one paragraph and narrating again
re-synthesizes and re-encodes only that paragraph. Workers are separate processes
(``jobs``, one at least, so every segment has a hard time bound; with one worker, the
main process levels and encodes while it synthesizes); the results do not depend on how
many there are, because every clip and piece is keyed by its content, and
``ClipSource.ready_units`` yields the units in script order, each as soon as it exists.
"""

from __future__ import annotations

import os
from dataclasses import replace
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

import numpy as np

from ..audio.loudness import ClipStats, clip_stats
from ..audio.pieces import Piece, ReadyUnit, join, level, make_piece, piece_key
from ..config import VoiceProfile
from ..errors import EngineError
from ..models import Script
from .base import Speech, SpokenWord, get_engine
from .cache import CacheEntry, ClipCache
from .ids import PROGRAMME_RATE
from .work import PieceJob, SynthesisTask, WorkItem, plan_work, task_of
from .workers import Crashed, Runner, Stuck

if TYPE_CHECKING:
    from ..audio.formats import AudioFormat

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
    """Clips and levelled, encoded units in script order while the pool makes the
    missing ones.

    ``with ClipSource(...) as source: source.ready_units(offset)`` yields every unit of
    the script in order, levelled at ``offset`` and encoded by the ``pieces`` format
    (MP3; None: levelled only), each as soon as its segments are voiced (the pool works
    ahead). An engine error propagates; a crashed worker's
    segments are run again one by one, each in a fresh worker, and the one that kills
    its worker twice is named; no segment may take longer than SEGMENT_TIMEOUT_S;
    leaving the block early stops the workers. With ``jobs`` of two or more, workers
    also encode the one-segment units (at the predicted offset ``encode_offset``);
    otherwise this process does.
    """

    def __init__(self, script: Script, profile: VoiceProfile, cache: ClipCache,
                 jobs: int = 1, progress: Progress | None = None, bitrate_kbps: int = 64,
                 encode_offset: float | None = 0.0,
                 pool: ProcessPoolExecutor | None = None,
                 pieces: AudioFormat | None = None, others: tuple[float, ...] = ()) -> None:
        from ..audio.mix import pause_samples

        self.script, self.profile, self.cache = script, profile, cache
        self.bitrate_kbps = bitrate_kbps
        self.format = pieces
        self._others = others  # the ceilings of the formats that encode PCM (Piece.others)
        # Workers hand those back only when there are two or more: one worker encodes
        # from the end, far ahead of the mixer, which would hold its PCM all the while.
        self._worker_others = others if jobs >= 2 else ()
        if pieces is None:
            encode_offset = None  # nothing for the workers to encode
        self._gaps = lambda first, last: [pause_samples(s.pause_after_ms, PROGRAMME_RATE)
                                          for s in script.segments[first:last]]
        self._progress = progress
        cached = frozenset(s.id for s in script.segments if cache.length(s.id) is not None)
        self.work = plan_work(script, profile, jobs, cached, self._pieces(encode_offset))
        if progress and self.work.cached:
            progress(self.work.cached)
        self._waiting: set[str] = {item.task.segment_id for item in self.work.to_voice}
        # A pool started early (speech/workers.py) is used, or stopped if there is no work.
        size = max(1, min(jobs, len(self.work.to_voice) + len(self.work.to_finish)))
        self._runner = Runner(partial(_run_item, cache_root=cache.root), size,
                              SEGMENT_TIMEOUT_S, pool)
        self._finishing: dict[str, Future] = {}  # piece key -> its item in the pool
        self._handed: dict[str, dict] = {}  # piece key -> the Piece.others a worker made
        self._handed_samples = 0

    def _pieces(self, offset: float | None) -> dict[int, PieceJob]:
        """The one-segment units whose piece is not cached, by segment index."""
        from ..audio.mix import units

        if offset is None:
            return {}
        jobs = {}
        for index in (first for first, last in units(self.script) if first == last):
            key = self._piece_key(index, index, offset)
            if not self.cache.piece_path(key).exists():
                jobs[index] = PieceJob(key, offset, self.bitrate_kbps, self.format.name,
                                       self._worker_others)
        return jobs

    def __enter__(self) -> ClipSource:
        if self.work.empty:
            self._runner.close()
            return self
        try:
            self._submit_all()
        except BrokenProcessPool:
            # A worker of the pool started early died before any work came (while
            # loading its engine): start afresh, once.
            self._runner.restart()
            self._finishing = {}
            self._submit_all()
        return self

    def _submit_all(self) -> None:
        for item in self.work.to_voice:
            self._runner.submit(item)
        for item in self.work.to_finish:
            self._finishing[item.piece.key] = self._runner.submit(item)

    def __exit__(self, exc_type, *_rest) -> None:
        # After a success nothing is waited for (what is left is a warm-up, or a piece
        # another run put in a shared cache first). After a failure, segments in
        # progress may finish (bounded), unless they are what is stuck.
        self._runner.close(failed=exc_type is not None,
                           patient=exc_type is None or not issubclass(exc_type, _Stuck))
        # A worker stopped mid-write leaves its temporary file: after a failure, and after
        # a success too where a worker was still making a piece that another run sharing
        # the cache had already put there (seen once: test_two_runs_sharing_a_cache_at_once).
        # Only our own workers' after a success: another run's writer may be alive where
        # its process id means nothing here (another PID namespace).
        self.cache.remove_temporary(self._runner.stopped)
        if exc_type is not None:
            self.cache.remove_orphans()

    def _piece_key(self, first: int, last: int, offset: float) -> str:
        ids = [s.id for s in self.script.segments[first:last + 1]]
        return piece_key(ids, self._gaps(first, last), offset, PROGRAMME_RATE,
                         self.bitrate_kbps, self.format.encoder)

    def ready_units(self, offset: float) -> Iterator[ReadyUnit]:
        """Every unit of the script, in order, levelled at ``offset``: each as soon as
        it can be had (a consumer may place, play or stream it at once)."""
        from ..audio.mix import units

        for first, last in units(self.script):
            piece = self.unit(first, last, offset)
            samples = sum(piece.lengths) + sum(self._gaps(first, last))
            yield ReadyUnit(first, last, samples, piece,
                            partial(self._relevel, first, last, offset, piece))

    def unit(self, first: int, last: int, offset: float) -> Piece:
        """Segments ``first`` to ``last`` levelled at ``offset`` and encoded: from the
        cache (a worker's or an earlier run's), else made here and kept."""
        key = self._piece_key(first, last, offset) if self.format else None
        for index in range(first, last + 1):
            while self.script.segments[index].id in self._waiting:
                self._advance()
        piece = self._from_pool(key) if key else None
        if piece is not None:
            return piece
        clips = []
        for index in range(first, last + 1):
            found = self.clip(index)
            clips.append((found.samples, found.stats if found.stats is not None
                          else clip_stats(found.samples, PROGRAMME_RATE, peak=False)))
        piece = make_piece(clips, self._gaps(first, last), offset, PROGRAMME_RATE,
                           self._encode(), self._others)
        if key:
            self.cache.put_piece(key, piece)
        for index, (samples, stats), known in zip(range(first, last + 1), clips, piece.stats):
            if known is not stats:  # a true peak measured: the next render skips that
                self.cache.put(self.script.segments[index].id, samples, PROGRAMME_RATE, known)
        return piece

    def _encode(self):
        if self.format is None:
            return None
        return partial(self.format.encode_piece, rate=PROGRAMME_RATE,
                       bitrate_kbps=self.bitrate_kbps)

    def _relevel(self, first: int, last: int, offset: float, piece: Piece,
                 ceiling_dbtp: float) -> np.ndarray:
        """The unit levelled again, under ``ceiling_dbtp``: under the programme's, the
        PCM ``piece``'s frames were encoded from (its stats carry the true peak bound the
        levelling used, so the same decisions are made)."""
        voices = [level(self.clip(index).samples, stats, offset, PROGRAMME_RATE,
                        ceiling_dbtp).voice
                  for index, stats in zip(range(first, last + 1), piece.stats)]
        return join(voices, self._gaps(first, last), PROGRAMME_RATE)

    def _from_pool(self, key: str) -> Piece | None:
        """The piece from the cache, where a worker may be putting it; None if it is not
        there and no worker is on it (a worker not started on it is called off)."""
        piece = self.cache.piece(key)
        finishing = self._finishing.pop(key, None)
        if piece is None and finishing is not None and not self._runner.cancel(finishing):
            while self._runner.running(finishing):  # the worker is on it
                self._advance()
            piece = self.cache.piece(key)
        others = self._handed.pop(key, None)
        if others:
            self._handed_samples -= _samples(others)
        return replace(piece, others=others) if piece is not None and others else piece

    def _keep_handed(self, key: str, others: dict) -> None:
        """Keep a worker's PCM for the mixer, up to MAX_HANDED_SAMPLES ahead of it (a
        unit past that is levelled again when it is placed, as one from the cache)."""
        if self._handed_samples + _samples(others) <= MAX_HANDED_SAMPLES:
            self._handed[key] = others
            self._handed_samples += _samples(others)

    def clip(self, index: int) -> CacheEntry:
        """Segment ``index``'s clip, once voiced; voiced again here if its cache entry
        went missing or bad since it was made (another run's eviction, a bad disk)."""
        segment = self.script.segments[index]
        while segment.id in self._waiting:
            self._advance()
        found = self.cache.entry(segment.id)
        if found is None:
            _run_item(WorkItem(task_of(self.script, self.profile, index)), self.cache.root)
            found = self.cache.entry(segment.id)
        if found is None:
            raise EngineError(f"cannot store the clip for segment {segment.id}")
        return found

    def _advance(self) -> None:
        """Wait for some work to finish; progress counts the segments voiced."""
        try:
            done = self._runner.wait()
        except Stuck as stuck:
            names = ", ".join(f"{i.task.segment_id} ({_excerpt(i.task.text)!r})"
                              for i in stuck.items)
            raise _Stuck(f"no segment finished within {SEGMENT_TIMEOUT_S:.0f} s; "
                         f"still waiting for: {_excerpt(names, 300)}") from None
        except Crashed as crashed:
            task = crashed.item.task
            raise EngineError(f"{task.settings.label} crashed its worker on segment "
                              f"{task.segment_id} ({_excerpt(task.text)!r}), twice") from None
        for item, others in done:
            if others:  # the unit levelled under other formats' ceilings (PieceJob.others)
                self._keep_handed(item.piece.key, others)
        for segment_id in {item.task.segment_id for item, _others in done} & self._waiting:
            self._waiting.discard(segment_id)
            if self._progress:
                self._progress(1)


# Ten minutes of programme (53 MB of int16 a ceiling) waiting for the mixer, at most.
MAX_HANDED_SAMPLES = 600 * PROGRAMME_RATE


def _samples(others: dict) -> int:
    return sum(len(pcm) for pcm in others.values())


def warm(profile: str) -> None:
    """In a worker started early (speech/workers.start): load the engines of voice
    profile ``profile`` and prepare its voices (Engine.prepare); importing this module
    has loaded what synthesis needs."""
    from ..config import load_profile

    loaded = load_profile(profile)
    for settings in {loaded.defaults, *(settings for _role, settings in loaded.roles)}:
        prepare = getattr(get_engine(settings.engine), "prepare", None)
        if prepare is not None:
            prepare(settings)


def _run_item(item: WorkItem, cache_root: Path) -> dict | None:
    """In a worker: voice and store one clip (unless a piece is asked for and the clip
    is cached already); with ``item.piece``, level, encode and store its unit too. An
    engine error or empty audio is retried once."""
    cache, task, piece = ClipCache(cache_root), item.task, item.piece
    found = cache.entry(task.segment_id) if piece is not None else None
    if found is not None and found.stats is not None:
        samples, stats = found.samples, found.stats
    else:
        samples, stats, words = _voice(task)
        cache.put_words(task.segment_id, words)  # before the clip: a clip present has its words
    if piece is None:
        cache.put(task.segment_id, samples, PROGRAMME_RATE, stats)
        return
    from ..audio.formats import get_format

    encode = partial(get_format(piece.format).encode_piece, rate=PROGRAMME_RATE,
                     bitrate_kbps=piece.bitrate_kbps)
    made = make_piece([(samples, stats)], [], piece.offset, PROGRAMME_RATE, encode, piece.others)
    cache.put_piece(piece.key, made)
    if found is None or made.stats[0] is not stats:
        cache.put(task.segment_id, samples, PROGRAMME_RATE, made.stats[0])
    return made.others or None


def _voice(task: SynthesisTask) -> tuple[np.ndarray, ClipStats, tuple[SpokenWord, ...]]:
    problem = ""
    for _attempt in range(2):
        try:
            speech = get_engine(task.settings.engine).synthesize(task.spoken, task.settings)
            samples = to_programme_rate(speech)
            if len(samples) and np.any(samples):
                return (samples, clip_stats(samples, PROGRAMME_RATE, peak=False),
                        speech.words)
            problem = "the engine returned no audio"
        except EngineError as exc:
            problem = str(exc)
        except Exception as exc:  # an engine's own failure: report it with the segment
            problem = f"{type(exc).__name__}: {exc}"
    raise EngineError(f"{task.settings.label} failed on segment {task.segment_id} "
                      f"({_excerpt(task.text)!r}): {problem}")


class _Stuck(EngineError):
    """No segment finished within the time bound."""


def _excerpt(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
