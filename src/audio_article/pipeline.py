"""The stages folded in order: parse -> plan -> speak -> master -> package.

Library users call these functions; the CLI is a thin layer over them. Everything that
can fail on bad input (reading, parsing, the voice profile, planning) runs before any
file is written.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, ContextManager, Iterator, Protocol

from .config import DEFAULT_PROFILE, VoiceProfile, load_profile
from .errors import ScriptError
from .models import Article, Episode, Script, Source
from .parse import read_article as _read_article
from .script import PlanOptions, plan
from .speech import workers
from .speech.base import engine_version
from .speech.workers import default_jobs

# What reading and planning need is imported above; the audio side (numpy, the encoder,
# the tag writer) is imported where it is used, so the synthesis workers, started first,
# get their first segments sooner.
if TYPE_CHECKING:
    from .package.cover import Cover


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
    allow_private: bool = False  # fetch URLs on private, loopback and link-local addresses
    # Re-narrating a corrected article (batch, watch): keep its folder and feed guid even
    # when the title or the source bytes changed, and say when it was corrected.
    slug: str | None = None
    guid: str | None = None
    corrected: str | None = None  # ISO date


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
    prepared: Prepared | None = None  # what was rendered: `narrate --qa` re-renders it


def read_article(source: str, title: str | None = None,
                 allow_private: bool = False) -> tuple[Article, Source]:
    """The Article in a file, standard input ("-") or an http(s) URL, and its source;
    ``allow_private``: a URL may name a private or loopback address."""
    article, data, name = _read_article(source, title, allow_private=allow_private)
    return article, Source(data, name)


def prepare(source: str, options: NarrateOptions, allow_private: bool = False) -> Prepared:
    profile, cover = _checked_profile(options.voice), _cover(options)
    article, raw = read_article(source, options.title, options.allow_private or allow_private)
    return Prepared(article, plan(article, profile, options.plan), profile, raw, cover)


def prepare_edited(path: Path, options: NarrateOptions, voice: str | None = None) -> Prepared:
    """An edited script (``script --format json``, then corrected) made ready to render.
    ``voice`` overrides the profile the script names; ids are computed afresh."""
    from .capped import ARTICLE_BYTES, read_capped
    from .script.edited import article_for, read_script, with_ids

    data = read_capped(path, ARTICLE_BYTES, "script", error=ScriptError)
    script, article = read_script(data, str(path))
    profile, cover = _checked_profile(voice or script.voice_profile), _cover(options)
    return Prepared(article or article_for(script), with_ids(script, profile), profile,
                    Source(data, Path(path).name), cover)


def _checked_profile(name: str) -> VoiceProfile:
    profile = load_profile(name)
    for engine in profile.engines:
        engine_version(engine)  # unknown engines fail here, before any work
    return profile


def _cover(options: NarrateOptions) -> Cover | None:
    if not options.cover:
        return None
    from .package.cover import load_cover

    return load_cover(options.cover)


def narrate(source: str, options: NarrateOptions = NarrateOptions(),
            reporter: Reporter = SilentReporter(),
            pool: ProcessPoolExecutor | None = None) -> NarrateResult:
    """Read, plan and render ``source``. The synthesis workers (``pool``, from
    ``speech.workers.start``, or started here) boot while the article is read."""
    pool = pool or workers.start(options.jobs, options.voice)
    try:
        prepared = prepare(source, options)
        for message in prepared.article.notes:
            reporter.note(message)
        return render(prepared, options, reporter, pool)
    finally:
        workers.stop(pool)  # after a failure; a finished pool is gone already


def render(prepared: Prepared, options: NarrateOptions, reporter: Reporter,
           pool: ProcessPoolExecutor | None = None) -> NarrateResult:
    created = not options.out_dir.exists()
    try:
        return _render(prepared, options, reporter, pool)
    except BaseException:
        if created:  # a failed run leaves no trace, not even an empty output folder
            _remove_if_empty(options.out_dir)
        raise


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass  # not empty, or already gone


def _render(prepared: Prepared, options: NarrateOptions, reporter: Reporter,
            pool: ProcessPoolExecutor | None) -> NarrateResult:
    from .audio.mix import PREDICTED_OFFSET_DB, master
    from .package import assemble, episode_path, write_episode
    from .package.files import check_not_link
    from .page import write_pages
    from .speech.cache import ClipCache
    from .speech.ids import PROGRAMME_RATE
    from .speech.synth import ClipSource

    script, profile = prepared.script, prepared.profile
    # Before any synthesis: an episode folder that is a link is refused (package/files.py).
    check_not_link(episode_path(options.out_dir, options.slug or script.title).parent)
    cache = ClipCache(options.cache_dir)
    # The workers synthesize (and with two or more, level and encode) while this process
    # places each encoded unit as soon as it (and every one before it) exists.
    with reporter.progress(len(script.segments), "Synthesizing and encoding") as advance:
        with ClipSource(script, profile, cache, options.jobs, advance,
                        options.bitrate_kbps, PREDICTED_OFFSET_DB, pool) as source:
            mastered = master(script, PROGRAMME_RATE, options.bitrate_kbps, source.unit,
                              _spool_dir(options.out_dir))
    with mastered.encoder:
        path = episode_path(options.out_dir, options.slug or script.title)
        spoken = [cache.words(segment.id) for segment in script.segments]
        episode = assemble(script, prepared.article, mastered.plan, profile, path,
                           options.bitrate_kbps, spoken)
        files = write_episode(episode, mastered.encoder, profile, prepared.source,
                              options.out_dir, prepared.cover,
                              pinned={"guid": options.guid, "corrected": options.corrected})
    files += write_pages(Path(episode.audio_path).parent, options.out_dir)
    cache.evict()
    return NarrateResult(episode, tuple(files), prepared)


def _spool_dir(out_dir: Path) -> Path | None:
    """The encoder spools next to the output (the system's temporary folder, which may
    be memory, if that cannot be made: the staging step then reports the problem)."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return out_dir


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
