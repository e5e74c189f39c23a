"""Worker processes, started before the article is even read, and a runner for work in them.

A spawned worker needs about half a second to start Python, import numpy and the
synthesis code and load its engine (a neural voice takes longer). The CLI starts the
pool first thing, with one warm-up task per worker that does exactly that, so the
workers boot while the main process imports the rest of the package, reads the article
and plans the script; ``Runner`` then hands them the work. This module knows nothing of
what the work is: the warm-up (a "module:function" to import and call) and the function
each item is run with are parameters (speech/synth.py gives them). It imports only the
standard library, so starting the pool costs the main process nothing.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import (FIRST_COMPLETED, Future, InvalidStateError,
                                ProcessPoolExecutor, wait)
from concurrent.futures import TimeoutError as FutureTimeout  # TimeoutError from 3.11
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable


# Workers started before the article is read, whose work is not known yet: a re-render
# from the cache needs none of them.
MAX_EARLY = 8


def default_jobs() -> int:
    """One worker per core this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def context():
    # spawn: every worker starts from a fresh interpreter, never a copy of a parent that
    # may hold engine threads. Not forkserver: its server process would stay resident
    # beside the workers with all the preloaded modules (about 100 MB for numpy and
    # scipy.signal), and the 20,000-word benchmark counts the whole process tree.
    return multiprocessing.get_context("spawn")


def init_worker() -> None:
    # One thread per worker: the pool provides the parallelism; more threads per process
    # would only contend for the same cores.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    # A terminal's Ctrl-C reaches the whole process group. The main process decides what
    # it means (narrate stops the workers; watch finishes the article in progress), so a
    # worker must not turn it into a KeyboardInterrupt of the segment it is voicing.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):  # a closed terminal's hang-up too: the main process stops us
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    # Workers share the parent's stdout, which carries the output paths: nothing an
    # engine prints may land there.
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the worker
    _exit_with_parent()


def _exit_with_parent(poll_s: float = 0.5) -> None:
    """End this worker when the process that started it is gone. A parent killed with
    SIGKILL runs no cleanup, and its idle workers would wait on their queue forever,
    each holding an engine in memory."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    pid = parent.pid

    def watch() -> None:
        while os.getppid() == pid:
            time.sleep(poll_s)
        os._exit(1)  # reparented: our parent died

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def new_pool(jobs: int) -> ProcessPoolExecutor:
    _quiet_broken_pool_race()
    _tracker_deaf_to_hangups()
    return ProcessPoolExecutor(jobs, mp_context=context(), initializer=init_worker)


def _tracker_deaf_to_hangups() -> None:
    """Start multiprocessing's resource tracker (the workers' shared-memory bookkeeper)
    with SIGHUP blocked, as it blocks SIGINT and SIGTERM itself. A closed terminal's
    hang-up reaches the whole process group: the tracker died of it, and the one started
    in its place printed a KeyError traceback for every name it had never seen. A
    blocked signal stays blocked in the process it execs, and a thread's mask may be set
    from any thread (a listen render starts pools from its own)."""
    from multiprocessing import resource_tracker

    hangup = getattr(signal, "SIGHUP", None)
    if hangup is None or not hasattr(signal, "pthread_sigmask"):
        resource_tracker.ensure_running()
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {hangup})
    try:
        resource_tracker.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _quiet_broken_pool_race() -> None:
    """When a worker is killed, the pool's manager thread marks every pending future
    failed; Python 3.11 does so without checking whether we cancelled the future first,
    and the thread dies printing an InvalidStateError traceback on stderr (harmless: the
    crash is handled and reported in one line). Later versions ignore the error there, as
    this hook does; any other thread exception still goes to the usual hook."""
    previous = threading.excepthook
    if getattr(previous, "audio_article", False):
        return

    def hook(args) -> None:
        if not (args.exc_type is InvalidStateError
                and type(args.thread).__name__ == "_ExecutorManagerThread"):
            previous(args)

    hook.audio_article = True
    threading.excepthook = hook


def start(jobs: int, warm_up: str, *args: Any) -> ProcessPoolExecutor:
    """A pool of up to ``jobs`` workers, as many as there are cores (and at most
    MAX_EARLY) already started, each importing the module of ``warm_up``
    ("package.module:function") and calling the function with ``args``; the pool starts
    the others when work comes."""
    pool = new_pool(jobs)
    for _ in range(min(jobs, default_jobs(), MAX_EARLY)):
        pool.submit(_warm, warm_up, args)
    return pool


def _warm(warm_up: str, args: tuple) -> None:
    """In a worker. Any problem is left for the main process to report (it checks what
    the work needs itself, before the work comes)."""
    module, _, function = warm_up.partition(":")
    try:
        getattr(importlib.import_module(module), function)(*args)
    except Exception:  # noqa: BLE001 - reported where it matters, in the main process
        pass


def stop(pool: ProcessPoolExecutor) -> list[int]:
    """Stop the workers now, busy or not (a hung C call ignores signals a thread could
    send); returns their process ids."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.kill()
    # Waiting is quick with the workers gone (the pool's manager thread sees them die),
    # and it must be done: a manager thread left running races the interpreter's exit
    # (concurrent.futures' atexit hook writes to a pipe the thread may have closed:
    # "OSError: Bad file descriptor" on stderr).
    pool.shutdown(wait=True, cancel_futures=True)
    return [process.pid for process in processes]


class Stuck(Exception):
    """No item finished within the time bound; ``items`` are those still running."""

    def __init__(self, items: list) -> None:
        super().__init__(f"{len(items)} items unfinished")
        self.items = items


class Crashed(Exception):
    """``item`` killed its worker, and killed a fresh one too."""

    def __init__(self, item: Any) -> None:
        super().__init__("an item crashed its worker, twice")
        self.item = item


class Runner:
    """Runs ``function(item)`` for items in a pool of ``jobs`` workers (``pool``, one
    started early, or a new one) and hands back the items as they finish.

    An item's exception propagates as it is. A worker that dies takes the whole pool
    down with it and nobody can tell which item killed it: the unfinished items then
    run again one by one, each in a fresh worker, which retries every item once and
    raises Crashed for the one that kills its worker again. ``wait`` raises Stuck when
    nothing finishes within ``timeout_s``. ``function`` must be picklable (a module's
    function): it is what the workers import.
    """

    def __init__(self, function: Callable[[Any], Any], jobs: int, timeout_s: float,
                 pool: ProcessPoolExecutor | None = None) -> None:
        self._function, self._jobs, self.timeout_s = function, jobs, timeout_s
        self._pool = pool
        self._futures: dict[Future, Any] = {}
        self.stopped: list[int] = []  # the process ids of the workers it stopped

    def submit(self, item: Any) -> Future:
        if self._pool is None:
            self._pool = new_pool(self._jobs)
        future = self._pool.submit(self._function, item)
        self._futures[future] = item
        return future

    def restart(self) -> None:
        """Drop the pool and everything submitted (a pool started early whose worker
        died before any work came), for a fresh start."""
        if self._pool is not None:
            self.stopped += stop(self._pool)
        self._pool, self._futures = None, {}

    def running(self, future: Future) -> bool:
        """Whether ``future`` is still to be handed back by ``wait``."""
        return future in self._futures

    def cancel(self, future: Future) -> bool:
        """Take back an item no worker has started; False if one has."""
        if not future.cancel():
            return False
        self._futures.pop(future, None)
        return True

    def wait(self) -> list[tuple[Any, Any]]:
        """The items that finished, at least one (all of them after a worker died), each
        with what the function returned for it."""
        done, still = wait(self._futures, timeout=self.timeout_s, return_when=FIRST_COMPLETED)
        if not done:
            raise Stuck([self._futures[f] for f in still])
        if any(isinstance(f.exception(), BrokenProcessPool) for f in done):
            remaining = [item for f, item in self._futures.items()
                         if f in still or f.exception() is not None]
            finished = [(self._futures[f], f.result()) for f in done if f.exception() is None]
            self.restart()
            return finished + [(item, self._run_alone(item)) for item in remaining]
        # An item's own error propagates as it is, from result().
        return [(self._futures.pop(f), f.result()) for f in done]

    def _run_alone(self, item: Any) -> Any:
        with new_pool(1) as pool:
            try:
                return pool.submit(self._function, item).result(timeout=self.timeout_s)
            except BrokenProcessPool:
                raise Crashed(item) from None
            except FutureTimeout:
                stop(pool)
                raise Stuck([item]) from None
            except BaseException:
                stop(pool)
                raise

    def close(self, failed: bool = False, patient: bool = True) -> None:
        """Stop the workers. After a failure, items not started are cancelled and,
        when ``patient``, those in progress may finish (bounded), so no worker dies
        halfway through writing its result."""
        if self._pool is None:
            return
        if failed:
            for future in self._futures:
                future.cancel()
            running = [f for f in self._futures if not f.done()]
            if running and patient:
                wait(running, timeout=self.timeout_s)
        self.stopped += stop(self._pool)  # what is left may be stuck inside a C call
        self._pool = None
