"""page: the places a listener opens: an episode web page beside each MP3
(``<slug>/index.html``) and a show index (``<output>/index.html``), newest first.

Static files with their CSS and JavaScript inline: no CDN, no network, so they work
opened from disk and from ``audio-article serve``. Built from the files the package
stage wrote (episode.json, transcript.json, else transcript.vtt for older episodes) and
the feed beside them (the show's title and address), so ``narrate`` and ``publish``
both refresh them without the Episode object.
"""

from __future__ import annotations

from pathlib import Path

from .episode import write_episode_page
from .show import write_show_index

__all__ = ["write_episode_page", "write_pages", "write_show_index"]


def write_pages(episode_folder: Path, out_dir: Path) -> list[Path]:
    """The episode's page and the show index of ``out_dir``; returns both paths."""
    return [write_episode_page(episode_folder), write_show_index(out_dir)]
