"""The stages folded in order: source -> Article -> Script -> cached pieces -> mastered
audio -> episode files, then (``narrate_episode``) the optional qa and publish steps.

``prepare`` reads and plans (parse, script); ``render`` opens the episode's staging
folder, voices the missing clips in the synthesis workers while this process takes the
units in script order (speech.synth.ClipSource.ready_units) and masters them into every
format asked for, finished and tagged in that folder (audio.mix.master ->
MasteredAudio), then adds the sidecars and episode.json and moves the folder into place
(package), and writes the pages (page). Library users call these functions; the CLI is
a thin layer over them, and NarrateOptions is everything a narration is asked to be.
Everything that can fail on bad input (reading, parsing, the voice profile, planning)
runs before any file is written.
"""

from __future__ import annotations

import contextlib
import dataclasses
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, ContextManager, Iterator, Protocol

from .config import DEFAULT_PROFILE, VoiceProfile, load_profile
from .errors import ScriptError
from .models import Article, Episode, MasteredAudio, Script, Source
from .parse import read_article as _read_article
from .script import PlanOptions, plan
from .speech import start_workers, workers
from .speech.base import engine_version
from .speech.workers import default_jobs

# What reading and planning need is imported above; the audio side (numpy, the encoder,
# the tag writer) is imported where it is used, so the synthesis workers, started first,
# get their first segments sooner.
if TYPE_CHECKING:
    from .audio.formats import Tags
    from .audio.mix import Units
    from .package.cover import Cover
    from .speech.cache import ClipCache
    from .publish.publisher import PublishResult
    from .qa.check import QaReport


class Reporter(Protocol):
    def note(self, message: str) -> None: ...

    def progress(self, total: int, label: str) -> ContextManager[Callable[[int], None]]: ...


class Observer(Protocol):
    """Sees the units as the mixer gets them, in order (live/: the stream of a render
    in progress). ``watch`` returns the units, passed through, for the mixer."""

    def watch(self, script: Script, units: Units, bitrate_kbps: int, tags: Tags) -> Units: ...


class SilentReporter:
    def note(self, message: str) -> None:
        pass

    @contextlib.contextmanager
    def progress(self, total: int, label: str) -> Iterator[Callable[[int], None]]:
        yield lambda _n: None


@dataclass(frozen=True)
class PublishTo:
    """Where ``--publish`` adds episodes: the feed (None: OUTPUT/feed.xml) and the show
    config (None: ./show.toml or the defaults)."""

    feed: Path | None = None
    show: Path | None = None


@dataclass(frozen=True)
class NarrateOptions:
    """Everything a narration is asked to be: built once, by the CLI's shared options
    (cli.narrate_options) for `narrate` and `batch`, or by a library user."""

    out_dir: Path = Path("output")
    title: str | None = None
    voice: str | None = None  # a profile; None: the default, or the one a script names
    bitrate_kbps: int = 64  # MP3's; each format derives its own (AudioFormat.bitrate)
    formats: tuple[str, ...] = ("mp3",)  # audio.formats names; the first is the main file
    plan: PlanOptions = field(default_factory=PlanOptions)
    jobs: int = field(default_factory=default_jobs)
    cache_dir: Path | None = None  # None: the user cache folder (XDG)
    cover: Path | None = None  # a square JPEG for the tag's APIC and the episode folder
    allow_private: bool = False  # fetch URLs on private, loopback and link-local addresses
    qa: bool = False  # check by speech recognition, re-voice flagged sentences once
    publish: PublishTo | None = None  # then add the episode to this feed
    # Re-narrating a corrected article (batch, watch): keep its folder and feed guid even
    # when the title or the source bytes changed, and say when it was corrected.
    slug: str | None = None
    guid: str | None = None
    corrected: str | None = None  # ISO date

    @property
    def profile(self) -> str:
        return self.voice or DEFAULT_PROFILE


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
    qa: QaReport | None = None  # with options.qa
    published: PublishResult | None = None  # with options.publish

    @property
    def folder(self) -> Path:
        return self.files[0].parent


def read_article(source: str, title: str | None = None,
                 allow_private: bool = False) -> tuple[Article, Source]:
    """The Article in a file, standard input ("-") or an http(s) URL, and its source;
    ``allow_private``: a URL may name a private or loopback address."""
    article, data, name = _read_article(source, title, allow_private=allow_private)
    return article, Source(data, name)


def prepare(source: str, options: NarrateOptions, allow_private: bool = False) -> Prepared:
    profile, cover = _checked_profile(options.profile), _cover(options)
    article, raw = read_article(source, options.title, options.allow_private or allow_private)
    return Prepared(article, plan(article, profile, options.plan), profile, raw, cover)


def prepare_edited(path: Path, options: NarrateOptions, voice: str | None = None) -> Prepared:
    """An edited script (``script --format json``, then corrected) made ready to render.
    ``voice`` (else ``options.voice``) overrides the profile the script names; ids are
    computed afresh."""
    from .capped import ARTICLE_BYTES, read_capped
    from .script.edited import article_for, read_script, with_ids

    data = read_capped(path, ARTICLE_BYTES, "script", error=ScriptError)
    script, article = read_script(data, str(path))
    profile = _checked_profile(voice or options.voice or script.voice_profile)
    cover = _cover(options)
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
            pool: ProcessPoolExecutor | None = None,
            observer: Observer | None = None) -> NarrateResult:
    """Read, plan and render ``source``. The synthesis workers (``pool``, from
    ``speech.start_workers``, or started here) boot while the article is read;
    ``observer`` sees the units as they are placed."""
    pool = pool or start_workers(options.jobs, options.profile)
    try:
        prepared = prepare(source, options)
        for message in prepared.article.notes:
            reporter.note(message)
        return render(prepared, options, reporter, pool, observer)
    finally:
        workers.stop(pool)  # after a failure; a finished pool is gone already


def narrate_episode(source: str | None, options: NarrateOptions = NarrateOptions(),
                    reporter: Reporter = SilentReporter(),
                    pool: ProcessPoolExecutor | None = None,
                    script: Path | None = None,
                    observer: Observer | None = None) -> NarrateResult:
    """What `narrate` does: render ``source`` (or the edited ``script``), then check it
    by speech recognition (``options.qa``: flagged sentences are re-voiced once) and add
    it to the feed (``options.publish``)."""
    if script is not None:
        result = render(prepare_edited(script, options), options, reporter, None, observer)
    else:
        result = narrate(str(source), options, reporter, pool, observer)
    if options.qa:
        from .qa.revoice import narrate_qa

        result, report = narrate_qa(result, options, reporter)
        result = dataclasses.replace(result, qa=report)
    if options.publish is not None:
        result = dataclasses.replace(result, published=publish_folders([result.folder],
                                                                       options))
    return result


def publish_folders(folders: list[Path], options: NarrateOptions) -> PublishResult:
    """Add or update the episodes in ``folders`` in ``options.publish``'s feed, in one
    locked update."""
    from .publish import load_show, publish

    target = options.publish or PublishTo()
    return publish(folders, target.feed or options.out_dir / "feed.xml",
                   load_show(target.show))


def render(prepared: Prepared, options: NarrateOptions, reporter: Reporter,
           pool: ProcessPoolExecutor | None = None,
           observer: Observer | None = None) -> NarrateResult:
    created = not options.out_dir.exists()
    try:
        return _render(prepared, options, reporter, pool, observer)
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
            pool: ProcessPoolExecutor | None, observer: Observer | None) -> NarrateResult:
    from .package import assemble, episode_names, episode_slug, write_episode
    from .package.files import staging_folder
    from .package.manifest import provenance
    from .page import write_show_index
    from .page.show import check_show_page
    from .speech.cache import ClipCache

    script, cache = prepared.script, ClipCache(options.cache_dir)
    slug, folder = episode_slug(options.out_dir, options.slug or script.title)
    prov = provenance(script, prepared.article, prepared.profile, prepared.source)
    # The audio is finished and tagged in the staging folder the sidecars then join.
    names = episode_names(slug, options.formats, prepared.cover is not None) + (
        ("qa.json",) if options.qa else ())
    check_show_page(options.out_dir)  # the show's page, written after the episode
    with staging_folder(options.out_dir, slug, names) as staging:
        mastered = _master(prepared, options, reporter, pool, prov, staging / slug, cache,
                           observer)
        spoken = [cache.words(segment.id) for segment in script.segments]
        episode = assemble(script, prepared.article, mastered, prepared.profile, folder,
                           spoken)
        files = write_episode(episode, prov, staging, prepared.cover,
                              pinned={"guid": options.guid, "corrected": options.corrected})
    files.append(write_show_index(options.out_dir))
    return NarrateResult(episode, tuple(files), prepared)


def _master(prepared: Prepared, options: NarrateOptions, reporter: Reporter,
            pool: ProcessPoolExecutor | None, prov: dict, stem: Path,
            cache: ClipCache, observer: Observer | None = None) -> MasteredAudio:
    """Voice, level, encode and tag: ``stem``.mp3 and the other formats asked for;
    ``observer`` sees the units on their way to the mixer."""
    from .audio.mix import PREDICTED_OFFSET_DB, master
    from .package import episode_tags
    from .speech.ids import PROGRAMME_RATE
    from .speech.synth import ClipSource

    script, profile = prepared.script, prepared.profile
    encodings = _encodings(options)
    pieces = next((e for e in encodings if e.format.pieces), None)
    tags = episode_tags(script, prepared.article, profile, prov, prepared.cover)
    # The workers synthesize (and with two or more, level and encode) while this process
    # places each unit as soon as it (and every one before it) exists.
    with reporter.progress(len(script.segments), "Synthesizing and encoding") as advance:
        with ClipSource(script, profile, cache, options.jobs, advance,
                        pieces.bitrate_kbps if pieces else options.bitrate_kbps,
                        PREDICTED_OFFSET_DB, pool, pieces and pieces.format,
                        _other_ceilings(encodings)) as source:
            units = source.ready_units
            if observer is not None:
                units = observer.watch(script, units, pieces and pieces.bitrate_kbps, tags)
            mastered = master(script, PROGRAMME_RATE, units, encodings, stem.parent,
                              stem.name, tags)
    cache.evict()
    return mastered


def _other_ceilings(encodings: list) -> tuple[float, ...]:
    """The ceilings the formats that encode PCM level it under (Piece.others)."""
    return tuple(sorted({e.format.ceiling_dbtp for e in encodings if not e.format.pieces}))


def _encodings(options: NarrateOptions) -> list:
    from .audio.formats import get_format
    from .audio.mix import Encoding

    return [Encoding(f, f.bitrate(options.bitrate_kbps)) for f in map(get_format,
                                                                       options.formats)]


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
