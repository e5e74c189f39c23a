"""speak: Script + voice profile -> cached clips (one per segment, at the programme rate)
and, for MP3, encoded pieces: the engines, the clip cache, the planned work and the
worker pool.

The names below are imported on first use: loading an engine adapter (a worker, the
benchmark's floor) then does not pull in the synthesis pool and scipy.signal with it.
"""

from importlib import import_module

_HOMES = {"Engine": ".base", "Speech": ".base", "engine_names": ".base",
          "engine_version": ".base", "get_engine": ".base", "PROGRAMME_RATE": ".ids",
          "segment_id": ".ids", "ClipSource": ".synth"}

__all__ = sorted(_HOMES) + ["start_workers"]
# What a synthesis worker imports and calls while it boots (speech/workers.py).
WARM_UP = "audio_article.speech.synth:warm"


def start_workers(jobs: int, profile: str):
    """A pool of synthesis workers (speech/workers.start), booting now: importing the
    synthesis code and loading voice profile ``profile``'s engines."""
    from .workers import start

    return start(jobs, WARM_UP, profile)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name], __name__), name)
