"""episode.json: the manifest the feed stage reads (metadata, files, chapters, provenance)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Sequence

from .. import DISCLOSURE, __version__
from ..config import VoiceProfile
from ..models import Article, Episode, FinishedAudio, Script, Source
from ..speech.base import engine_version

FORMAT = "audio-article/episode"
FORMAT_VERSION = 1
MANIFEST = "episode.json"


def read_manifest(folder: Path, error: type[Exception]) -> dict:
    """The episode.json of ``folder`` as a dict; ``error`` (the reader's own error type:
    the feed's, the page's) when it is missing, unreadable or not an episode manifest."""
    path = Path(folder) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        # package/files.py moves episode.json last: without it the episode is not complete.
        raise error(f"{folder}: no {MANIFEST} (not an episode folder, or its "
                    "narration did not finish)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise error(f"{path}: not readable JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise error(f"{path}: not an audio-article episode manifest")
    return data


def provenance(script: Script, article: Article, profile: VoiceProfile, source: Source
               ) -> dict:
    """What made this audio: the source, the tool and every engine and voice used."""
    roles = sorted({s.role for s in script.segments})
    voices = {role: profile.for_role(role) for role in roles}
    return {
        "generator": f"audio-article {__version__}",
        "source": article.url or source.name,
        "source_sha256": hashlib.sha256(source.data).hexdigest(),
        "extractor": f"audio_article.parse {__version__}",
        "normalizer": f"audio_article.script {_component_version('normalize')}",
        "lexicon": f"audio_article.script.lexicon {_component_version('lexicon')}: "
                   f"{script.lexicon or 'none'}",
        "ai_generated": True,
        "voices": {role: f"{v.label} ({engine_version(v.engine)})" for role, v in voices.items()},
    }


def _component_version(module: str) -> str:
    """A stage's own version string where it declares one (VERSION), else the tool's."""
    import importlib

    try:
        found = importlib.import_module(f"audio_article.script.{module}")
    except ImportError:
        return "none"
    return str(getattr(found, "VERSION", __version__))


def audio_keys(files: dict) -> list[str]:
    """The keys of ``files`` that name audio: ``audio`` (the main file) first."""
    return ["audio"] + sorted(k for k in files if k.startswith("audio_"))


def audio_entries(files: Sequence[FinishedAudio], folder: Path) -> dict:
    """The manifest's entries for the audio files in ``folder``: ``audio`` for the main
    one (the feed's enclosure), ``audio_<format>`` for each other (alternates)."""
    from .files import file_facts

    entries = {}
    for index, audio in enumerate(files):
        key = "audio" if index == 0 else f"audio_{audio.format}"
        entries[key] = {**file_facts(folder / audio.path.name), "format": audio.format,
                        "type": audio.mime, "codecs": audio.codecs,
                        "bitrate_kbps": audio.bitrate_kbps}
    return entries


def render_manifest(episode: Episode, slug: str, files: dict, prov: dict,
                    pinned: dict | None = None) -> str:
    article = episode.article
    data = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "title": episode.title,
        "slug": slug,
        "disclosure": DISCLOSURE,
        "ai_generated": True,
        "language": episode.script.language,
        "url": article.url,
        "authors": list(article.authors),
        "published": article.published,
        "site_name": article.site_name,
        "description": article.description,
        "duration_ms": episode.duration_ms,
        "sample_rate": episode.sample_rate,
        "bitrate_kbps": episode.bitrate_kbps,
        "voice": episode.voice,
        "voice_profile": episode.script.voice_profile,
        "chapters": [c.to_dict() for c in episode.chapters],
        "files": files,
        "provenance": prov,
        "created": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
    }
    # Only when set, so a plain narration's manifest is as it always was.
    data.update({k: v for k, v in (pinned or {}).items() if v})
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
