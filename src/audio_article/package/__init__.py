"""package: the mastered audio -> the episode's files, written atomically.

The audio files come finished and tagged from the master stage (audio.formats), written
into the staging folder; this stage adds the sidecars beside them (``chapters.json``,
``transcript.vtt``, ``transcript.srt``, ``transcript.html``, ``transcript.json`` (the
cues' exact text and, where the engine timed them, their words), the cover) and
``episode.json``, then moves the folder into place as ``<out>/<slug>/``
(package/files.py).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Sequence

from ..audio.formats import FORMATS, Tags
from ..config import VoiceProfile
from ..models import Article, Episode, MasteredAudio, Script
from ..slug import slugify
from ..speech.base import SpokenWord
from .cover import Cover
from .files import MANIFEST, file_facts, promote, write_text
from .manifest import audio_entries, render_manifest
from .transcript import (render_chapters_json, render_html, render_srt, render_transcript_json,
                         render_vtt)
from .words import with_words


def episode_slug(out_dir: Path, title: str) -> tuple[str, Path]:
    """The episode's slug and its folder under ``out_dir``."""
    slug = slugify(title)
    return slug, out_dir / slug


def episode_names(slug: str, formats: Sequence[str]) -> tuple[str, ...]:
    """Every file name narrating writes into the episode's folder: the audio in each of
    ``formats``, the sidecars, the cover, the manifest and the episode's page."""
    from ..page.data import PAGE

    return (*(f"{slug}.{name}" for name in formats), *(name for _, name in SIDECARS),
            COVER, MANIFEST, PAGE)


def episode_tags(script: Script, article: Article, profile: VoiceProfile, provenance: dict,
                 cover: Cover | None) -> Tags:
    """What every audio file is tagged with (the chapters come with the layout)."""
    artist = ", ".join(article.authors) or article.site_name or "audio-article"
    return Tags(title=script.title, artist=artist, album=article.site_name or "audio-article",
                language=script.language, voice=profile.for_role("body").label,
                provenance=provenance, date=article.published, url=article.url,
                transcript=" ".join(s.text for s in script.segments),
                cover=cover.data if cover else None, description=article.description)


def assemble(script: Script, article: Article, mastered: MasteredAudio,
             profile: VoiceProfile, folder: Path,
             spoken: Sequence[Sequence[SpokenWord]] = ()) -> Episode:
    """The episode as it will be once its files are in ``folder``; ``spoken``: the
    engine's timed words of each segment's clip, where it gave them."""
    body = profile.for_role("body")
    files = tuple(dataclasses.replace(f, path=folder / f.path.name) for f in mastered.files)
    timed = mastered.cues
    if spoken:
        starts = [1000 * start / mastered.sample_rate for start in mastered.starts]
        timed = with_words(timed, starts, spoken)
    return Episode(
        title=script.title, audio_path=str(files[0].path), duration_ms=mastered.duration_ms,
        sample_count=mastered.sample_count, sample_rate=mastered.sample_rate,
        bitrate_kbps=files[0].bitrate_kbps, chapters=mastered.chapters, cues=timed,
        script=script, article=article, engine=body.engine, voice=body.label, files=files)


def write_episode(episode: Episode, provenance: dict, staging: Path, cover: Cover | None = None,
                  pinned: dict | None = None) -> list[Path]:
    """Write the sidecars, episode.json and the episode's page beside the audio in
    ``staging`` and move it into the episode's folder; returns the final paths. ``pinned``: manifest fields a
    re-narration keeps (``guid``) or adds (``corrected``)."""
    final_dir = Path(episode.audio_path).parent
    named = _write_sidecars(staging, episode, cover)
    files = {key: file_facts(staging / name) for key, name in named}
    files.update(audio_entries(episode.files, staging))
    write_text(staging / MANIFEST, render_manifest(episode, final_dir.name, files,
                                                         provenance, pinned))
    from ..page import write_episode_page

    # The page too, so the swap brings it with the rest: written after, an interrupt in
    # between left the old page offering files the new episode no longer has.
    write_episode_page(staging)
    return promote(staging, final_dir, episode_names(final_dir.name, tuple(FORMATS)))


SIDECARS = (("chapters", "chapters.json"), ("transcript_vtt", "transcript.vtt"),
            ("transcript_srt", "transcript.srt"), ("transcript_html", "transcript.html"),
            ("transcript_json", "transcript.json"))
COVER = "cover.jpg"


def _write_sidecars(staging: Path, episode: Episode, cover: Cover | None) -> tuple:
    """Chapters JSON, transcripts and the cover; returns (manifest key, file name) pairs."""
    write_text(staging / "chapters.json", render_chapters_json(episode.chapters))
    write_text(staging / "transcript.vtt", render_vtt(episode.cues))
    write_text(staging / "transcript.srt", render_srt(episode.cues))
    write_text(staging / "transcript.html", render_html(
        episode.title, episode.script.language, episode.chapters, episode.cues))
    write_text(staging / "transcript.json", render_transcript_json(
        episode.script.language, episode.cues))
    if cover is None:
        return SIDECARS
    (staging / COVER).write_bytes(cover.data)
    return SIDECARS + (("cover", COVER),)
