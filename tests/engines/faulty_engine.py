"""A deliberately faulty engine for the fault tests, registered through a throwaway
dist-info (see tests/test_faults.py). What it does depends on the text it is given: a
marker word such as "fault-empty" (lowercase, so the normalizer, which spells capitals
as letters, passes it through unchanged)."""

import hashlib
import os
import signal
import time
from pathlib import Path

import numpy as np

from audio_article.speech.base import Speech


class FaultyEngine:
    name = "faulty"
    version = "1.0"

    def __init__(self):
        # FAULTY_ON_LOAD: the first process to load the engine crashes or hangs (the
        # workers load it before any work comes; see speech/workers.py).
        mode = os.environ.get("FAULTY_ON_LOAD")
        if mode and _first_load():
            if mode == "crash":
                os._exit(3)
            if mode == "hang":
                time.sleep(3600)

    def voices(self):
        return ["any"]

    def synthesize(self, text, settings):
        if "fault-crash" in text:
            os._exit(3)  # the worker process dies mid-segment
        if "fault-sigkill" in text and ("once" not in text or _first_try(text)):
            os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer or a user would
        if "fault-hang" in text:
            time.sleep(3600)
        if "fault-slow" in text:
            time.sleep(2.0)  # a machine far too slow for its voice
        if "fault-empty" in text:
            return Speech(np.zeros(0, np.float32), 22050)
        if "fault-raise" in text:
            raise RuntimeError("the engine's own failure")
        if "fault-flaky" in text and _first_try(text):
            raise RuntimeError("a transient failure")
        tone = 0.3 * np.sin(np.arange(int(22050 * 0.05 * len(text.split()))) * 0.07)
        return Speech(tone.astype(np.float32), 22050)


def _first_try(text):
    # hashlib, not hash(): str hashes differ between processes, and a retry may run in
    # a fresh worker.
    marker = Path(os.environ["FAULTY_STATE_DIR"]) / f"{hashlib.sha1(text.encode()).hexdigest()}.seen"
    if marker.exists():
        return False
    marker.touch()
    return True


def _first_load():
    try:
        (Path(os.environ["FAULTY_STATE_DIR"]) / "load.seen").touch(exist_ok=False)
    except FileExistsError:
        return False
    return True
