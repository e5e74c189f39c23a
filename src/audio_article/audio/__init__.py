"""master: Clips -> one programme (pydub), chapter times from sample counts, MP3."""

from .mix import Layout, chapters, cues, layout, render

__all__ = ["Layout", "chapters", "cues", "layout", "render"]
