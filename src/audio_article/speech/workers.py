"""The synthesis worker processes, started before the article is even read.

A spawned worker needs about half a second to start Python, import numpy and the
synthesis code and load its engine (a neural voice takes longer). The CLI starts the
pool first thing, with one warm-up task per worker that does exactly that, so the
workers boot while the main process imports the rest of the package, reads the article
and plans the script; speech/synth.py then hands them the segments. This module imports
only the standard library, so starting the pool costs the main process nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import InvalidStateError, ProcessPoolExecutor


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
    return ProcessPoolExecutor(jobs, mp_context=context(), initializer=init_worker)


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


def start(jobs: int, profile: str) -> ProcessPoolExecutor:
    """A pool of up to ``jobs`` workers, as many as there are cores (and at most
    MAX_EARLY) already started, importing the synthesis code and loading the engines of
    voice profile ``profile``; the pool starts the others when work comes."""
    pool = new_pool(jobs)
    for _ in range(min(jobs, default_jobs(), MAX_EARLY)):
        pool.submit(warm, profile)
    return pool


def warm(profile: str) -> None:
    """In a worker: import what synthesis needs and load the profile's engines. Any
    problem is left for the main process to report (it checks the profile itself)."""
    try:
        from ..config import load_profile
        from . import synth  # noqa: F401 - the import is the point
        from .base import get_engine

        for engine in load_profile(profile).engines:
            get_engine(engine)
    except Exception:  # noqa: BLE001 - reported where it matters, in the main process
        pass


def stop(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now, busy or not (a hung C call ignores signals a thread could
    send)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()
    # Waiting is quick with the workers gone (the pool's manager thread sees them die),
    # and it must be done: a manager thread left running races the interpreter's exit
    # (concurrent.futures' atexit hook writes to a pipe the thread may have closed:
    # "OSError: Bad file descriptor" on stderr).
    pool.shutdown(wait=True, cancel_futures=True)
