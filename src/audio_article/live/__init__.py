"""live: an episode heard while it is being made.

``stream_episode(source, options)`` yields the events of a render as they happen: the
MP3 frames of each unit as soon as it (and every one before it) is voiced, levelled and
encoded, each sentence and chapter as it is reached, notes (a render falling behind
playback says so), and at the end the saved episode, the same files as `narrate` writes.
``narrate --stream -`` writes the stream to standard output; `audio-article listen`
(listen/) serves it to a web page.

The names are imported on first use: a synthesis worker imports ``live.warm`` alone.
"""

from importlib import import_module

_HOMES = {"LiveRender": ".render", "stream_episode": ".render", "Cancelled": ".tap",
          "Tap": ".tap", **{name: ".events" for name in (
              "Audio", "AudioEnded", "ChapterReached", "CueReached", "Event", "Failed",
              "Note", "Saved", "Started", "Stopped")}}

__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name], __name__), name)
