"""package: the mastered programme -> the episode's files, written atomically.

``<out>/<slug>/<slug>.mp3`` (ID3v2.3 with chapters and the AI disclosure),
``chapters.json``, ``transcript.vtt``, ``transcript.srt``, ``transcript.html``,
``transcript.json`` (the cues' exact text and, where the engine timed them, their words)
and ``episode.json``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..audio.mix import Layout, chapters, cues, to_ms
from ..audio.mp3 import Mp3Assembler
from ..config import VoiceProfile
from ..models import Article, Episode, Script, Source  # noqa: F401 - Source re-exported
from ..slug import slugify
from ..speech.base import SpokenWord
from .cover import Cover
from .files import file_facts, promote, staging_folder, write_text
from .id3 import MAX_CHAPTERS, build_tag, merge_chapters, write_tag
from .manifest import provenance, render_manifest
from .transcript import (render_chapters_json, render_html, render_srt, render_transcript_json,
                         render_vtt)
from .words import with_words


def assemble(script: Script, article: Article, plan: Layout,
             profile: VoiceProfile, audio_path: Path, bitrate_kbps: int,
             spoken: Sequence[Sequence[SpokenWord]] = ()) -> Episode:
    """``spoken``: the engine's timed words of each segment's clip, where it gave them."""
    body = profile.for_role("body")
    timed = cues(script, plan)
    if spoken:
        starts = [1000 * start / plan.sample_rate for start in plan.starts]
        timed = with_words(timed, starts, spoken)
    return Episode(
        title=script.title, audio_path=str(audio_path),
        duration_ms=to_ms(plan.sample_count, plan.sample_rate),
        sample_count=plan.sample_count, sample_rate=plan.sample_rate,
        # Merged here, not only in the tag, so chapters.json and transcripts agree with it.
        bitrate_kbps=bitrate_kbps, chapters=merge_chapters(chapters(script, plan), MAX_CHAPTERS),
        cues=timed, script=script, article=article,
        engine=body.engine, voice=body.label)


def write_episode(episode: Episode, audio: Mp3Assembler, profile: VoiceProfile,
                  source: Source, out_dir: Path, cover: Cover | None = None,
                  pinned: dict | None = None) -> list[Path]:
    """Finish the encoded programme, tag it and write every file; returns the final
    paths. ``audio`` holds the whole programme already (audio.mix.master). ``pinned``:
    manifest fields a re-narration keeps (``guid``) or adds (``corrected``)."""
    final_dir = Path(episode.audio_path).parent
    slug = final_dir.name
    mp3_name = Path(episode.audio_path).name
    prov = provenance(episode, profile, source.data, source.name)
    with staging_folder(out_dir, slug) as staging:
        audio.finish(staging / mp3_name)
        write_tag(str(staging / mp3_name), _tag(episode, prov, cover))
        named = _write_sidecars(staging, episode, cover) + (("audio", mp3_name),)
        files = {key: file_facts(staging / name) for key, name in named}
        files["audio"]["type"] = "audio/mpeg"
        write_text(staging / "episode.json", render_manifest(episode, slug, files, prov,
                                                                   pinned))
        return promote(staging, final_dir)


SIDECARS = (("chapters", "chapters.json"), ("transcript_vtt", "transcript.vtt"),
            ("transcript_srt", "transcript.srt"), ("transcript_html", "transcript.html"),
            ("transcript_json", "transcript.json"))


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
    (staging / "cover.jpg").write_bytes(cover.data)
    return SIDECARS + (("cover", "cover.jpg"),)


def episode_path(out_dir: Path, title: str) -> Path:
    slug = slugify(title)
    return out_dir / slug / f"{slug}.mp3"


def _tag(episode: Episode, prov: dict, cover: Cover | None):
    article = episode.article
    artist = ", ".join(article.authors) or article.site_name or "audio-article"
    return build_tag(title=episode.title, artist=artist,
                     album=article.site_name or "audio-article",
                     language=episode.script.language, voice=episode.voice,
                     chapters=episode.chapters, provenance=prov, date=article.published,
                     url=article.url, transcript=" ".join(c.text for c in episode.cues),
                     cover=cover.data if cover else None, description=article.description)
