"""audio-article: turn a news article into a narrated, chaptered podcast episode."""

__version__ = "0.1.0"

DISCLOSURE = "This audio is created with AI assistance."
