"""master: Clips -> one programme (pydub), chapter times from sample counts, MP3.

The names below are imported on first use, so the loudness module can be used (by the
synthesis workers) without the mixer, pydub and the encoder.
"""

from importlib import import_module

__all__ = ["Layout", "chapters", "cues", "layout", "render"]


def __getattr__(name: str):
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(".mix", __name__), name)
