"""The command line: a thin click layer over ``audio_article.pipeline``.

Data goes to stdout, progress and notes to stderr. Errors print one ``Error: ...`` line
and exit 1 (usage errors exit 2); ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import Callable, Iterator

import click

from . import __version__
from .config import available_profiles, load_profile
from .errors import AudioArticleError
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
    """Turns our errors into one line and an exit status instead of a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AudioArticleError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)


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


SOURCE_HELP = "SOURCE is - for standard input, a .txt, .md or .html file, or an http(s) URL."


@main.command()
@click.argument("source")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("output"), show_default=True, help="Folder for the episode folder.")
@click.option("--title", help="The episode title (the source's headline by default).")
@click.option("--voice", default="default", show_default=True,
              help="Voice profile: a name from `audio-article voices` or a .toml file.")
@click.option("--captions", type=click.Choice(["gather", "inline"]), default="gather",
              show_default=True,
              help="Read photo captions in a closing Photos chapter, or where they stand.")
@click.option("--bitrate", type=click.Choice(["32", "48", "64", "96", "128"]), default="64",
              show_default=True, help="MP3 bitrate in kbps (constant bitrate, mono).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Synthesis worker processes [default: one per core].")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Clip cache folder [default: ~/.cache/audio-article/clips].")
@click.option("--cover", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Cover art: a square JPEG of at most 3000 px, embedded in the MP3.")
@click.option("--publish", "publish_to", is_flag=True,
              help="Also add the episode to the podcast feed (see `publish`).")
@click.option("--feed", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="With --publish: the feed file [default: output/feed.xml].")
@click.option("--show", "show_path", type=click.Path(exists=True, dir_okay=False,
              path_type=Path), default=None, help="With --publish: the show config.")
def narrate_command(source: str, out_dir: Path, title: str | None, voice: str,
                    captions: str, bitrate: str, jobs: int | None, cache_dir: Path | None,
                    cover: Path | None, publish_to: bool, feed: Path | None,
                    show_path: Path | None) -> None:
    """Narrate SOURCE into OUTPUT/<slug>/: <slug>.mp3 with chapters, chapters.json,
    transcript.vtt and episode.json. Prints the written paths.

    SOURCE is - for standard input, a .txt, .md or .html file, or an http(s) URL.
    """
    from .pipeline import NarrateOptions, narrate  # heavy imports: keep --help fast
    from .script import PlanOptions
    from .speech.synth import default_jobs

    options = NarrateOptions(out_dir=out_dir, title=title, voice=voice,
                             bitrate_kbps=int(bitrate), plan=PlanOptions(captions=captions),
                             jobs=jobs or default_jobs(), cache_dir=cache_dir, cover=cover)
    result = narrate(source, options, StderrReporter())
    episode = result.episode
    click.echo(f"Narrated {episode.title!r}: {clock(episode.duration_ms)}, "
               f"{len(episode.chapters)} chapters", err=True)
    for path in result.files:
        click.echo(str(path))
    if publish_to:
        from .publish import load_show, publish
        from .publish.cli import report

        report(publish([result.files[0].parent], feed or out_dir / "feed.xml",
                       load_show(show_path)))


narrate_command.name = "narrate"


@main.command("parse")
@click.argument("source")
@click.option("--format", "fmt", type=click.Choice(["json", "text", "captions"]),
              default="text", show_default=True,
              help="json: the whole article; text: body blocks one per line; "
                   "captions: 'text — credit' one per line.")
@click.option("--title", help="Use this title instead of the source's.")
def parse_command(source: str, fmt: str, title: str | None) -> None:
    """Extract the article from SOURCE and print it.

    SOURCE is - for standard input, a .txt, .md or .html file, or an http(s) URL.
    """
    from .parse import read_article  # not the pipeline's: no audio libraries to load
    from .parse.render import body_lines, caption_lines

    article, _data, _name = read_article(source, title)
    if fmt == "json":
        click.echo(json.dumps(article.to_dict(), indent=2, ensure_ascii=False))
        return
    for line in (body_lines if fmt == "text" else caption_lines)(article):
        click.echo(line)


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
@click.argument("mp3", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the facts and violations as JSON.")
@click.option("--strict", is_flag=True, help="Exit 1 when any rule is violated.")
@click.option("--no-audio", is_flag=True, help="Skip decoding (no loudness or true peak).")
def inspect_command(mp3: Path, as_json: bool, strict: bool, no_audio: bool) -> None:
    """Show what an MP3 holds (tags, chapters, duration, bitrate mode, loudness, true
    peak) and check it against STANDARDS.md 1.2 (ID3 chapters) and 3 (audio).

    Works on any MP3. With --strict, every violation is listed and the exit status is 1.
    """
    from .package.inspect import inspect_file
    from .package.rules import check, format_report

    facts = inspect_file(mp3, measure_audio=not no_audio)
    violations = check(facts)
    if as_json:
        click.echo(json.dumps({"facts": facts.to_dict(), "violations":
                               [v.__dict__ for v in violations]}, indent=2, ensure_ascii=False))
    else:
        click.echo(format_report(facts, violations))
    if strict and violations:
        sys.exit(1)


def _register_publish_commands() -> None:
    try:
        from .publish.cli import feed_group, publish_command, serve_command
    except ImportError:  # the feed lock uses fcntl: POSIX only; narrate still works
        return

    for command in (publish_command, serve_command, feed_group):
        main.add_command(command)


_register_publish_commands()


@main.group("cache")
def cache_group() -> None:
    """Inspect or empty the clip cache (re-narrating reuses cached sentences)."""


@cache_group.command("info")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
def cache_info(cache_dir: Path | None) -> None:
    """Print the cache folder, its entries and size."""
    from .speech.cache import ClipCache

    info = ClipCache(cache_dir).info()
    click.echo(f"{info.path}\n{info.entries} clips, {info.bytes / 1e6:.1f} MB")


@cache_group.command("clear")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
def cache_clear(cache_dir: Path | None) -> None:
    """Remove every cached clip."""
    from .speech.cache import ClipCache

    removed = ClipCache(cache_dir).clear()
    click.echo(f"removed {removed} clips", err=True)

