"""master: Clips -> one MP3: units of clips levelled, stitched (pydub) and encoded
apart (pieces.py), placed on the frame grid (mp3.Mp3Assembler); chapter and cue times
from sample counts (mix.py).

The names below are imported on first use, so the loudness and pieces modules can be
used (by the synthesis workers) without the mixer.
"""

from importlib import import_module

__all__ = ["Layout", "chapters", "cues", "layout", "render"]


def __getattr__(name: str):
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(".mix", __name__), name)
