"""The warm-up a live render's synthesis workers run while they boot: load the engines
and voice once with a word, since a neural voice's first sentence pays for loading its
model (hibari: 0.6 s to 2 s on a busy 2-core machine), which would otherwise come after
the listener pressed play. Importing this module is cheap (what a worker imports anyway)."""

from __future__ import annotations

from ..speech.synth import warm

WARM_UP = "audio_article.live.warm:prime"


def prime(profile: str) -> None:
    from ..config import load_profile
    from ..speech.base import get_engine

    warm(profile)
    loaded = load_profile(profile)
    settings_used = [loaded.defaults] + [settings for _role, settings in loaded.roles]
    voices = {(s.engine, s.voice): s for s in settings_used}
    for settings in voices.values():
        try:
            get_engine(settings.engine).synthesize("Ready.", settings)
        except Exception:  # noqa: BLE001 - the real work reports any engine's failure
            pass


def start_warm_workers(jobs: int, profile: str):
    """A pool of synthesis workers booting now, each loading ``profile``'s voices."""
    from ..speech.workers import start

    return start(jobs, WARM_UP, profile)
