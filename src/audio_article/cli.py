"""The command line: a thin click layer over ``audio_article.pipeline``.

Data goes to stdout, progress and notes to stderr. Errors print one ``Error: ...`` line
and exit 1 (usage errors exit 2); ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import signal
import sys
import warnings
from pathlib import Path
from typing import Callable, Iterator

import click

from . import __version__
from .config import available_profiles, load_profile
from .errors import AudioArticleError, AudioArticleWarning
from .printable import json_printable, printable
from .timefmt import clock


class StderrReporter:
    """Notes and a progress bar on stderr."""

    def note(self, message: str) -> None:
        click.echo(message, err=True)

    @contextlib.contextmanager
    def progress(self, total: int, label: str) -> Iterator[Callable[[int], None]]:
        with click.progressbar(length=total, label=label, file=sys.stderr,
                               show_pos=True, show_eta=True) as bar:
            yield bar.update


class Group(click.Group):
    """Turns our errors into one line and an exit status instead of a traceback. The
    publishing and batch commands are imported when asked for (listed in --help), so
    `narrate` does not pay for the feed code."""

    LAZY = {"publish": ("publish.cli", "publish_command"),
            "serve": ("publish.cli", "serve_command"), "feed": ("publish.cli", "feed_group"),
            "batch": ("batch.cli", "batch_command"), "watch": ("batch.cli", "watch_command"),
            "qa": ("qa.cli", "qa_command"), "listen": ("listen.cli", "listen_command")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self._lazy()))

    def get_command(self, ctx: click.Context, name: str):
        command = super().get_command(ctx, name)
        if command is None and name in self._lazy():
            import importlib

            module, attribute = self.LAZY[name]
            command = getattr(importlib.import_module(f"{__package__}.{module}"), attribute)
        return command

    @staticmethod
    def _lazy() -> dict[str, str]:
        try:
            import fcntl  # noqa: F401 - the feed lock uses it: publishing is POSIX only
        except ImportError:
            return {}
        return Group.LAZY

    def invoke(self, ctx: click.Context):
        _stop_cleanly_on(signal.SIGTERM, signal.SIGHUP)
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except AudioArticleError as exc:
            if STOPPED:
                _stopped(ctx, STOPPED[-1])
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Error: {printable(str(exc))}", err=True)
            ctx.exit(1)
        except Terminated as stop:
            _stopped(ctx, stop.signal)
        except KeyboardInterrupt:
            _stopped(ctx, signal.SIGINT)
        except Exception as exc:
            # A stop's KeyboardInterrupt that landed inside a lock's release comes out as
            # another error ("RuntimeError: release unlocked lock", seen once in 18
            # random Ctrl-Cs): the signal, not that error, is what happened.
            if STOPPED:
                _stopped(ctx, STOPPED[-1])
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Error: {_unexpected(exc)}", err=True)
            ctx.exit(1)


def _unexpected(exc: Exception) -> str:
    """One line for an error no check foresaw: the system's words for what the system
    refused (a full disk, a folder without permission), else a bug to report."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {printable(str(exc.filename))}" if exc.filename else ""
        return f"{exc.strerror}{where}."
    if isinstance(exc, MemoryError):
        return "out of memory."
    said = printable(f"{type(exc).__name__}: {exc}")
    return (f"an internal error stopped the run ({said[:300]}). This is a bug in audio-article: "
            "run the command again with --debug for the traceback, and please report it.")


def _stopped(ctx: click.Context, number: int) -> None:
    """Say how the run was stopped and exit as a stopped process does (128 + N)."""
    click.echo("Interrupted." if number == signal.SIGINT else "Terminated.", err=True)
    ctx.exit(128 + number)


# The stop signals this process received, in order (cli's handlers record them).
STOPPED: list[int] = []


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP: unwound like Ctrl-C, so a staging folder is removed on the way
    out (commands that run for long, batch, watch and listen, install their own)."""

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal_number)
        self.signal = signal_number


def _stop_cleanly_on(*signals: int) -> None:
    owner = os.getpid()

    def stop(number, _frame):
        if os.getpid() != owner:  # a forked worker: the default, as before
            signal.signal(number, signal.SIG_DFL)
            os.kill(os.getpid(), number)
            return
        STOPPED.append(number)
        raise Terminated(number)

    def interrupt(number, _frame):
        STOPPED.append(number)
        raise KeyboardInterrupt

    for number in signals:
        if signal.getsignal(number) is signal.SIG_DFL:
            signal.signal(number, stop)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, interrupt)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="audio-article")
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Turn a news article into a narrated podcast episode.

    Every episode says, and carries in its metadata, "This audio is created with AI
    assistance."
    """
    ctx.obj = {"debug": debug}
    warnings.showwarning = _show_warning


def _show_warning(message, category, filename, lineno, file=None, line=None, _shown=warnings.showwarning):
    """Our warnings as one "Warning: ..." line on stderr; others as Python shows them."""
    if issubclass(category, AudioArticleWarning):
        click.echo(f"Warning: {printable(str(message))}", err=True)
    else:
        _shown(message, category, filename, lineno, file, line)


SOURCE_HELP = "SOURCE is - for standard input, a .txt, .md or .html file, or an http(s) URL."
allow_private_option = click.option(
    "--allow-private", is_flag=True, help="Fetch a URL even when it (or a redirect) is on a "
    "private or loopback address; refused by default. Link-local and cloud metadata "
    "addresses stay refused (README: Security).")


def plan_options_decorator(command):
    """--captions, --lexicon and --config: how the script is planned (narrate, script, lint)."""
    for option in reversed((
        click.option("--captions", type=click.Choice(["gather", "inline"]), default=None,
                     help="Read photo captions in a closing Photos chapter, or where they "
                          "stand [default: gather]."),
        click.option("--lexicon", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="A pronunciation lexicon (TOML) whose entries override the "
                          "built-in voices/lexicon.toml."),
        click.option("--config", "config", type=click.Path(dir_okay=False, path_type=Path),
                     default=None, help="Plan settings (TOML): captions, lexicon, [pauses] "
                                        "and [phrases]; see README."),
    )):
        command = option(command)
    return command


def _plan_options(config: Path | None, lexicon: Path | None, captions: str | None):
    from .script.settings import plan_options

    return plan_options(config, lexicon, captions)


def narrate_options(command):
    """The options `narrate` and `batch` share: where episodes go, how they sound and
    are planned, how many workers, the cache, publishing. The command gets them as one
    NarrateOptions, ``options``, built here once (with the command's own --title,
    --cover and --qa where it has them)."""
    @functools.wraps(command)
    def run(**kw):
        return command(options=_narrate_options(kw), **kw)

    for option in reversed(SHARED_OPTIONS):
        run = option(run)
    return plan_options_decorator(run)


SHARED_OPTIONS = (
    click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                 default=Path("output"), show_default=True,
                 help="Folder for the episode folders (and a batch's state)."),
    click.option("--voice", default=None,
                 help="Voice profile: a name from `audio-article voices` or a .toml file "
                      "[default: default, or the one an edited script names]."),
    click.option("--bitrate", type=click.Choice(["32", "48", "64", "96", "128"]),
                 default="64", show_default=True,
                 help="MP3 bitrate in kbps (constant bitrate, mono)."),
    click.option("--format", "formats", default="mp3", show_default=True,
                 help="Audio formats, comma-separated, from one synthesis: mp3, m4a (AAC "
                      "at the MP3's bitrate), opus (at half of it). The first is the "
                      "feed's enclosure, the others its alternate enclosures."),
    click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
                 help="Synthesis worker processes per article [default: one per core; "
                      "1 on a Dask cluster]."),
    click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
                 default=None, help="Clip cache folder [default: "
                                    "~/.cache/audio-article/clips]."),
    allow_private_option,
    click.option("--publish", "publish_to", is_flag=True,
                 help="Also add the episodes to the podcast feed (see `publish`), in "
                      "one locked update."),
    click.option("--feed", type=click.Path(dir_okay=False, path_type=Path), default=None,
                 help="With --publish: the feed file [default: OUTPUT/feed.xml]."),
    click.option("--show", "show_path", type=click.Path(exists=True, dir_okay=False,
                 path_type=Path), default=None, help="With --publish: the show config."),
)
_OWN_FIELDS = ("title", "cover", "qa")  # NarrateOptions fields a command may add


def _formats(value: str) -> tuple[str, ...]:
    """Checked here, not by a click callback: click runs those before the synthesis
    workers start, and the check imports the format registry."""
    from .audio.formats import parse_formats

    try:
        return parse_formats(value)
    except AudioArticleError as exc:
        raise click.BadParameter(str(exc), param_hint="--format") from None


def _narrate_options(kw: dict):
    """NarrateOptions from the shared options' values (taken out of ``kw``)."""
    from .pipeline import NarrateOptions, PublishTo
    from .speech.workers import default_jobs

    plan = _plan_options(kw.pop("config"), kw.pop("lexicon"), kw.pop("captions"))
    target = PublishTo(kw.pop("feed"), kw.pop("show_path"))
    on_cluster = kw.get("scheduler") or kw.get("workers")  # batch: one process per task
    jobs = kw.pop("jobs") or (1 if on_cluster else default_jobs())
    return NarrateOptions(out_dir=kw.pop("out_dir"), voice=kw.pop("voice"),
                          bitrate_kbps=int(kw.pop("bitrate")), formats=_formats(kw.pop("formats")),
                          plan=plan, jobs=jobs,
                          cache_dir=kw.pop("cache_dir"), allow_private=kw.pop("allow_private"),
                          publish=target if kw.pop("publish_to") else None,
                          **{k: kw.pop(k) for k in _OWN_FIELDS if k in kw})


def _edited_script_alone(command):
    """`narrate --script`: the plan options shape a plan from SOURCE, which an edited
    script does not have; refused before any of them is read."""
    @functools.wraps(command)
    def run(**kw):
        if (kw["source"] is None) == (kw["script_file"] is None):
            raise click.UsageError("give either SOURCE or --script FILE.json")
        planning = [name for name, key in (("--title", "title"), ("--captions", "captions"),
                                           ("--lexicon", "lexicon"), ("--config", "config"))
                    if kw.get(key)]
        if kw["script_file"] is not None and planning:
            raise click.UsageError(f"{', '.join(planning)} shape a plan from SOURCE; an "
                                   "edited script is rendered as written (edit it, or "
                                   "re-run `script`)")
        return command(**kw)
    return run


def _early_workers(command):
    """The synthesis workers boot while this process imports the rest, builds the
    options and reads SOURCE (not for an edited script: it may name another voice)."""
    @functools.wraps(command)
    def run(**kw):
        from .speech import start_workers, workers

        pool = None
        if kw["script_file"] is None:
            pool = start_workers(kw["jobs"] or workers.default_jobs(), kw["voice"] or "default")
        try:
            return command(pool=pool, **kw)
        finally:
            if pool is not None:
                workers.stop(pool)
    return run


@main.command("narrate")
@click.argument("source", required=False)
@click.option("--script", "script_file", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Render this edited script (from `script --format json`) "
                                 "instead of a SOURCE.")
@click.option("--title", help="The episode title (the source's headline by default).")
@click.option("--cover", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Cover art: a square JPEG of at most 3000 px, embedded in the audio.")
@click.option("--qa", "qa", is_flag=True,
              help="Then check it by speech recognition (see `qa`); re-voice flagged "
                   "sentences once, slower. Writes qa.json. Needs the qa extra.")
@click.option("--stream", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              metavar="FILE|-", help="Also write the MP3 here as it is made, from the first "
              "sentence on (- is standard output: `--stream - | mpv -`); the episode is "
              "saved as usual at the end, and its paths go to stderr.")
@_edited_script_alone
@_early_workers
@narrate_options
def narrate_command(source: str | None, script_file: Path | None, stream: str | None,
                    options, pool) -> None:
    """Narrate SOURCE into OUTPUT/<slug>/: <slug>.mp3 with chapters (and .m4a, .opus
    with --format), chapters.json, transcripts, episode.json and index.html (a web page
    to listen on); OUTPUT/index.html lists the episodes. Prints the written paths.

    SOURCE is - for standard input, a .txt, .md or .html file, or an http(s) URL. With
    --script FILE.json, render a script an editor corrected instead (see `script`).
    """
    from .live.output import streaming
    from .pipeline import narrate_episode  # heavy imports

    with streaming(stream, StderrReporter().note) as observer:
        result = narrate_episode(source, options, StderrReporter(), pool, script_file,
                                 observer)
    episode = result.episode
    click.echo(f"Narrated {episode.title!r}: {clock(episode.duration_ms)}, "
               f"{len(episode.chapters)} chapters", err=True)
    for path in result.files:
        click.echo(str(path), err=stream == "-")
    if result.published is not None:
        from .publish.cli import report

        report(result.published)


@main.command("parse")
@click.argument("source")
@click.option("--format", "fmt", type=click.Choice(["json", "text", "captions"]),
              default="text", show_default=True,
              help="json: the whole article; text: body blocks one per line; "
                   "captions: 'text — credit' one per line.")
@click.option("--title", help="Use this title instead of the source's.")
@allow_private_option
def parse_command(source: str, fmt: str, title: str | None, allow_private: bool) -> None:
    """Extract the article from SOURCE and print it.

    SOURCE is - for standard input, a .txt, .md or .html file, or an http(s) URL.
    """
    from .parse import read_article  # not the pipeline's: no audio libraries to load
    from .parse.render import body_lines, caption_lines

    article, _data, _name = read_article(source, title, allow_private)
    if fmt == "json":
        click.echo(json.dumps(article.to_dict(), indent=2, ensure_ascii=False))
        return
    for line in (body_lines if fmt == "text" else caption_lines)(article):
        click.echo(line)


@main.command("script")
@click.argument("source")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: the preview an editor reads; json: the Script "
                                      "(each segment's text and spoken form), to edit and "
                                      "render with `narrate --script`.")
@click.option("-o", "--output", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Write to this file instead of standard output.")
@click.option("--title", help="Use this title instead of the source's.")
@click.option("--voice", default="default", show_default=True,
              help="Voice profile: a name from `audio-article voices` or a .toml file.")
@plan_options_decorator
@allow_private_option
def script_command(source: str, fmt: str, out_file: Path | None, title: str | None, voice: str,
                   captions: str | None, lexicon: Path | None, config: Path | None,
                   allow_private: bool) -> None:
    """Plan SOURCE without rendering: chapters, and for each segment its role, voice,
    estimated length, pause, original text and the spoken form the engine gets.

    SOURCE is - for standard input, a .txt, .md or .html file, or an http(s) URL.
    """
    from .pipeline import NarrateOptions, prepare
    from .script.edited import script_document
    from .script.preview import render_text

    prepared = prepare(source, NarrateOptions(title=title, voice=voice,
                                              plan=_plan_options(config, lexicon, captions),
                                              allow_private=allow_private))
    for message in prepared.article.notes:
        click.echo(message, err=True)
    if fmt == "json":
        text = json.dumps(script_document(prepared.script, prepared.article), indent=2,
                          ensure_ascii=False) + "\n"
    else:
        text = render_text(prepared.script, prepared.profile)
    if out_file is None:
        click.echo(text, nl=False)
    else:
        _write_atomically(out_file, text)
        click.echo(str(out_file), err=True)


def _write_atomically(path: Path, text: str) -> None:
    import os
    import tempfile

    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@main.command("lint")
@click.argument("source")
@click.option("--title", help="Use this title instead of the source's.")
@plan_options_decorator
@allow_private_option
def lint_command(source: str, title: str | None, captions: str | None, lexicon: Path | None,
                 config: Path | None, allow_private: bool) -> None:
    """List what the pronunciation lexicon and the normalizer do not cover in SOURCE:
    unknown names, acronyms, numerals and symbols left as written, with context.

    Advice, not an error: exits 0. Add entries to a lexicon file and pass it with
    --lexicon. SOURCE is a file, - or an http(s) URL.
    """
    from .pipeline import read_article
    from .script.lint import dictionary, format_findings, lint

    options = _plan_options(config, lexicon, captions)
    article, _raw = read_article(source, title, allow_private)
    findings = lint(article, options.lexicon)
    click.echo(format_findings(findings), nl=False)
    if not dictionary():
        click.echo("note: no English word list (hibari) found, so every capitalised word "
                   "is reported", err=True)
    click.echo(f"{len(findings)} items not covered; lexicon: {options.lexicon.describe()}",
               err=True)


@main.command("voices")
@click.option("--sample", "sample_profile", metavar="PROFILE", default=None,
              help="Render a short sample of PROFILE's roles to an MP3 and print its path.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("output"), show_default=True, help="Folder for the --sample MP3.")
def voices_command(sample_profile: str | None, out_dir: Path) -> None:
    """List the engines, their voices and the voice profiles (what each role uses)."""
    if sample_profile:
        from .pipeline import render_voice_sample

        click.echo(str(render_voice_sample(sample_profile, out_dir)))
        return
    _list_engines()
    click.echo("profiles:")
    for name in available_profiles():
        try:
            profile = load_profile(name)
        except AudioArticleError as exc:
            click.echo(f"  {name}: unusable ({exc})")
            continue
        click.echo(f"  {name}: {profile.description}")
        click.echo(f"      default: {profile.defaults.label} rate {profile.defaults.rate}")
        for role, settings in profile.roles:
            click.echo(f"      {role}: {settings.label} rate {settings.rate} pitch {settings.pitch}")


def _list_engines() -> None:
    from .speech import engine_names, get_engine

    click.echo("engines:")
    for name in engine_names():
        try:
            engine = get_engine(name)
            voices = engine.voices()
        except AudioArticleError as exc:
            click.echo(f"  {name}: unavailable ({exc})")
            continue
        shown = ", ".join(voices[:12]) + (f", ... ({len(voices)} in all)" if len(voices) > 12 else "")
        click.echo(f"  {name} {engine.version}: {shown}")


@main.command("inspect")
@click.argument("audio", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the facts and violations as JSON.")
@click.option("--strict", is_flag=True, help="Exit 1 when any rule is violated.")
@click.option("--no-audio", is_flag=True, help="Skip decoding (no loudness or true peak).")
def inspect_command(audio: Path, as_json: bool, strict: bool, no_audio: bool) -> None:
    """Show what an MP3, M4A or Opus file holds (tags, chapters, duration, bitrate,
    loudness, true peak) and check it against STANDARDS.md 1.2 (ID3 chapters, MP3s) and
    3 (audio).

    Works on any such file. With --strict, every violation is listed and the exit
    status is 1.
    """
    from .package.inspect import inspect_file
    from .package.rules import check, format_report

    facts = inspect_file(audio, measure_audio=not no_audio)
    violations = check(facts)
    if as_json:
        # The tags are the file's: whatever they hold reaches the terminal escaped.
        click.echo(json_printable(json.dumps({"facts": facts.to_dict(), "violations": [
            v.__dict__ for v in violations]}, indent=2, ensure_ascii=False)))
    else:
        click.echo(printable(format_report(facts, violations)))
    if strict and violations:
        sys.exit(1)


@main.group("cache")
def cache_group() -> None:
    """Inspect or empty the clip cache (re-narrating reuses cached sentences, voiced and
    encoded)."""


@cache_group.command("info")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
def cache_info(cache_dir: Path | None) -> None:
    """Print the cache folder, its entries and size."""
    from .speech.cache import ClipCache

    info = ClipCache(cache_dir).info()
    click.echo(f"{info.path}\n{info.clips} clips, {info.pieces} encoded sentences, "
               f"{info.bytes / 1e6:.1f} MB")


@cache_group.command("clear")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
def cache_clear(cache_dir: Path | None) -> None:
    """Remove every cached clip."""
    from .speech.cache import ClipCache

    removed = ClipCache(cache_dir).clear()
    click.echo(f"removed {removed} clips", err=True)
