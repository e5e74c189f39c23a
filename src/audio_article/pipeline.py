"""The stages folded in order: parse -> plan -> speak -> master -> package.

Library users call these functions; the CLI is a thin layer over them. Everything that
can fail on bad input (reading, parsing, the voice profile, planning) runs before any
file is written.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, ContextManager, Iterator, Protocol

from .audio import layout
from .config import DEFAULT_PROFILE, VoiceProfile, load_profile
from .models import Article, Episode, Script
from .package import Source, assemble, episode_path, write_episode
from .package.cover import Cover, load_cover
from .parse import read_article as _read_article
from .script import PlanOptions, plan
from .speech import PROGRAMME_RATE, synthesize_script
from .speech.cache import ClipCache
from .speech.synth import default_jobs, load_clip
from .speech.base import engine_version


class Reporter(Protocol):
    def note(self, message: str) -> None: ...

    def progress(self, total: int, label: str) -> ContextManager[Callable[[int], None]]: ...


class SilentReporter:
    def note(self, message: str) -> None:
        pass

    @contextlib.contextmanager
    def progress(self, total: int, label: str) -> Iterator[Callable[[int], None]]:
        yield lambda _n: None


@dataclass(frozen=True)
class NarrateOptions:
    out_dir: Path = Path("output")
    title: str | None = None
    voice: str = DEFAULT_PROFILE
    bitrate_kbps: int = 64
    plan: PlanOptions = field(default_factory=PlanOptions)
    jobs: int = field(default_factory=default_jobs)
    cache_dir: Path | None = None  # None: the user cache folder (XDG)
    cover: Path | None = None  # a square JPEG for the tag's APIC and the episode folder


@dataclass(frozen=True)
class Prepared:
    article: Article
    script: Script
    profile: VoiceProfile
    source: Source
    cover: Cover | None = None


@dataclass(frozen=True)
class NarrateResult:
    episode: Episode
    files: tuple[Path, ...]


def read_article(source: str, title: str | None = None) -> tuple[Article, Source]:
    """The Article in a file, standard input ("-") or an http(s) URL, and its source."""
    article, data, name = _read_article(source, title)
    return article, Source(data, name)


def prepare(source: str, options: NarrateOptions) -> Prepared:
    profile = load_profile(options.voice)
    for _role, settings in (("defaults", profile.defaults), *profile.roles):
        engine_version(settings.engine)  # unknown engines fail here, before any work
    cover = load_cover(options.cover) if options.cover else None
    article, raw = read_article(source, options.title)
    return Prepared(article, plan(article, profile, options.plan), profile, raw, cover)


def narrate(source: str, options: NarrateOptions = NarrateOptions(),
            reporter: Reporter = SilentReporter()) -> NarrateResult:
    prepared = prepare(source, options)
    for message in prepared.article.notes:
        reporter.note(message)
    return render(prepared, options, reporter)


def render(prepared: Prepared, options: NarrateOptions, reporter: Reporter) -> NarrateResult:
    script, profile = prepared.script, prepared.profile
    cache = ClipCache(options.cache_dir)
    with reporter.progress(len(script.segments), "Synthesizing") as advance:
        lengths = synthesize_script(script, profile, cache, options.jobs, advance)
    reporter.note("Mixing and encoding")
    plan = layout(script, lengths, PROGRAMME_RATE)
    path = episode_path(options.out_dir, script.title)
    episode = assemble(script, prepared.article, plan, profile, path, options.bitrate_kbps)
    files = write_episode(episode, plan, lambda i: load_clip(script.segments[i], profile, cache),
                          profile, prepared.source, options.out_dir, prepared.cover)
    cache.evict()
    return NarrateResult(episode, tuple(files))


SAMPLE_TEXT = ("Title: Voice sample: {name}\n\n"
               "## How this voice reads the news\n\n"
               "On March 12, 2022, firefighters rescued 23 people from an apartment building "
               "in Kyiv. \"We worked through the night,\" a rescuer said.\n\n"
               "A rescuer helps an elderly woman cross a river. (Getty Images)\n")


def render_voice_sample(profile_name: str, out_dir: Path) -> Path:
    """A short episode that shows every role of a profile; returns the MP3's path."""
    import tempfile

    load_profile(profile_name)  # an unknown profile fails before any work
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "sample.md"
        source.write_text(SAMPLE_TEXT.format(name=Path(profile_name).stem), encoding="utf-8")
        result = narrate(str(source), NarrateOptions(out_dir=out_dir, voice=profile_name))
    return Path(result.episode.audio_path)
