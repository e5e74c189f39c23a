"""live: an episode heard while it is being made.

``stream_episode(source, options)`` yields the events of a render as they happen: the
MP3 frames of each unit as soon as it (and every one before it) is voiced, levelled and
encoded, each sentence and chapter as it is reached, notes (a render falling behind
playback says so), and at the end the saved episode, the same files as `narrate` writes.
``narrate --stream -`` writes the stream to standard output; `audio-article listen`
(listen/) serves it to a web page.
"""

from .events import (Audio, AudioEnded, ChapterReached, CueReached, Event, Failed, Note,
                     Saved, Started, Stopped)
from .render import LiveRender, stream_episode
from .tap import Cancelled, Tap

__all__ = ["Audio", "AudioEnded", "Cancelled", "ChapterReached", "CueReached", "Event",
           "Failed", "LiveRender", "Note", "Saved", "Started", "Stopped", "Tap",
           "stream_episode"]
