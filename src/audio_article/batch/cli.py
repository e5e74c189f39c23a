"""Click commands ``batch`` and ``watch``; cli.py lists them (Group.LAZY). Heavy imports wait
until a command runs, so ``audio-article --help`` stays quick."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from ..cli import narrate_options
from ..printable import printable


def _batch_options(options, scheduler: str | None = None, workers: int | None = None):
    import dataclasses

    from .runner import BatchOptions

    # Absolute paths: a Dask worker resolves them in its own working folder.
    narrate = dataclasses.replace(options, out_dir=options.out_dir.absolute(),
                                  cache_dir=options.cache_dir and options.cache_dir.absolute())
    return BatchOptions(narrate, scheduler, workers, options.allow_private)


def _publish(folders: list[Path], options) -> None:
    from ..pipeline import publish_folders
    from ..publish.cli import report

    if options.publish is not None and folders:
        report(publish_folders(folders, options))


@click.command("batch")
@click.argument("sources", nargs=-1, required=True)
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Run the articles as tasks on this Dask scheduler (tcp://HOST:8786); "
                   "needs the dask extra.")
@click.option("--workers", type=click.IntRange(1, 256), default=None,
              help="Run the articles on a local Dask cluster of N worker processes.")
@narrate_options
def batch_command(sources: tuple[str, ...], scheduler: str | None, workers: int | None,
                  options) -> None:
    """Narrate every article in SOURCES... into OUTPUT/<slug>/.

    An article whose script has not changed since the last run is skipped; a changed one
    is re-rendered from the clip cache (only changed sentences are voiced) and keeps its
    folder and feed guid. One article's failure never stops the others. Prints a summary
    table; exits 1 if any article failed.

    SOURCES are .txt/.md/.html files, http(s) URLs, @LIST.txt (one source a line), or
    RSS/Atom feeds or sitemaps (files or URLs), each read for its items' links. A feed
    names only http(s) URLs, at most 1,000; a run takes at most 5,000 articles.
    """
    from ..page.show import check_show_page
    from .runner import article_sources, episode_folders, run_batch

    if scheduler and workers:
        raise click.UsageError("give --scheduler or --workers, not both")
    batch = _batch_options(options, scheduler, workers)
    check_show_page(batch.narrate.out_dir)  # once, not once an article
    articles, outcomes = article_sources(sources, batch.allow_private,
                                         lambda message: click.echo(f"Note: {message}",
                                                                    err=True))
    if not articles and not outcomes:
        raise click.UsageError("the sources name no articles")
    with click.progressbar(length=len(articles), label="Articles", file=sys.stderr,
                           show_pos=True, show_eta=True) as bar:
        outcomes += run_batch(articles, batch, lambda _o: bar.update(1))
    click.echo(summary_table(outcomes))
    _publish(episode_folders(outcomes, batch.narrate.out_dir), options)
    if any(not o.ok for o in outcomes):
        sys.exit(1)


def summary_table(outcomes) -> str:
    rows = [("STATUS", "EPISODE", "SOURCE")] + [
        (o.status, o.entry.slug if o.entry else "-",
         o.source + (f": {o.reason}" if o.reason else "")) for o in outcomes]
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    lines = [f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {printable(r[2])}" for r in rows]
    counts = {s: sum(o.status == s for o in outcomes)
              for s in ("narrated", "corrected", "unchanged", "failed")}
    return "\n".join(lines + [", ".join(f"{n} {s}" for s, n in counts.items())])


@click.command("watch")
@click.argument("sources", nargs=-1, required=True)
@click.option("--every", default="15m", show_default=True,
              help="Time between polls: 30s, 15m, 1h.")
@click.option("--max-polls", type=click.IntRange(1), default=None,
              help="Stop after this many polls [default: run until stopped].")
@click.option("--listen", "listen_port", type=click.IntRange(0, 65535), default=None,
              metavar="PORT", help="Also serve the listen page (see `listen`) on "
              "127.0.0.1:PORT, where /latest/ plays the newest article while it is "
              "narrated, then its saved episode.")
@narrate_options
def watch_command(sources: tuple[str, ...], every: str, max_polls: int | None,
                  listen_port: int | None, options) -> None:
    """Poll SOURCES... (feeds, lists, pages) every --every; re-narrate the articles whose
    text changed and, with --publish, republish them under the same guid with "Corrected
    on <date>" in the show notes. One line per article on stderr.

    Pages and feeds are asked with conditional GET (ETag, Last-Modified). Ctrl-C or
    SIGTERM stops it after the article in progress; no episode is left half-written.

    SOURCES are .txt/.md/.html files, http(s) URLs, @LIST.txt (one source a line), or
    RSS/Atom feeds or sitemaps (files or URLs), each read for its items' links.
    """
    from .watch import Watcher, parse_interval

    try:
        interval = parse_interval(every)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--every") from None
    batch = _batch_options(options)
    with contextlib.ExitStack() as stack:
        latest = None
        if listen_port is not None:
            from ..listen.cli import serving

            latest = stack.enter_context(serving(options, "127.0.0.1", listen_port,
                                                 latest=True)).latest
        _watch(Watcher(list(sources), batch, lambda line: click.echo(line, err=True),
                       latest), batch, options, interval, max_polls)


def _watch(watcher, batch, options, interval: float, max_polls: int | None) -> None:
    from .runner import episode_folders
    from .watch import stop_on_signals, wait_or_stop

    polls = 0
    with stop_on_signals() as stop:
        while not stop.is_set():
            changed = [o for o in watcher.poll(stop) if o.ok and o.status != "unchanged"]
            _publish(episode_folders(changed, batch.narrate.out_dir), options)
            polls += 1
            if max_polls and polls >= max_polls:
                break
            wait_or_stop(stop, interval)
    click.echo("Stopped." if stop.is_set() else f"Done after {polls} polls.", err=True)
