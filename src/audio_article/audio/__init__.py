"""master: cached pieces -> MasteredAudio: units of clips levelled and stitched (pydub),
for MP3 encoded apart (pieces.py), placed in every format asked for (formats/: MP3 on
its frame grid, M4A and Opus through one encoder each), finished and tagged; chapter
and cue times from sample counts (mix.py).

The names below are imported on first use, so the loudness and pieces modules can be
used (by the synthesis workers) without the mixer.
"""

from importlib import import_module

__all__ = ["Layout", "chapters", "cues", "layout", "render"]


def __getattr__(name: str):
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(".mix", __name__), name)
