"""Click commands for the publish stage; the main CLI registers them:
``publish``, ``serve`` and the ``feed`` group (``feed check``).

Errors are raised as PublishError and turned into ``Error: ...`` by the main group.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..printable import shown
from .check import check_feed
from .publisher import DEFAULT_FEED, publish
from .server import DEFAULT_HOST, make_server
from .show import PREVIEW_PORT, load_show

_DIR = click.Path(exists=True, file_okay=False, path_type=Path)


@click.command("publish")
@click.argument("episode_dirs", nargs=-1, required=True, type=_DIR)
@click.option("--feed", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_FEED,
              show_default=True, help="The feed file to create or update.")
@click.option("--show", "show_path", type=click.Path(exists=True, dir_okay=False,
              path_type=Path), default=None,
              help="Show config (show.toml, or a TOML file with a [show] table) "
                   "[default: ./show.toml or ./audio-article.toml if present].")
def publish_command(episode_dirs: tuple[Path, ...], feed: Path, show_path: Path | None) -> None:
    """Add or update EPISODE_DIR... (folders written by `narrate`) in the feed.

    Re-publishing an article updates its item in place. Also refreshes each episode's
    web page (index.html) and the show's page beside the feed. Prints the feed's path.
    """
    report(publish(episode_dirs, feed, load_show(show_path)))


def report(result) -> None:
    """Warnings and what changed on stderr; the feed's path on stdout."""
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for title in result.added:
        click.echo(f"Added {title!r}", err=True)
    for title in result.updated:
        click.echo(f"Updated {title!r}", err=True)
    state = "written" if result.written else "unchanged"
    click.echo(f"Feed {state}: {result.items} episodes, {result.feed_url}", err=True)
    click.echo(str(result.feed))


@click.command("serve")
@click.argument("folder", required=False, default="output",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=PREVIEW_PORT,
              show_default=True, help="Port (0: any free port).")
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="Address to listen on; the default is reachable from this machine only.")
@click.option("--quiet", is_flag=True, help="Do not log requests.")
def serve_command(folder: Path, port: int, host: str, quiet: bool) -> None:
    """Preview FOLDER (default: output) over HTTP, with HEAD and Range requests, as a
    podcast host would serve the feed and its episodes. A folder answers with its
    index.html: / is the show's page, /<slug>/ an episode's. Ctrl-C stops it."""
    server = make_server(folder, host, port, verbose=not quiet)
    bound_host, bound_port = server.server_address[:2]
    click.echo(f"Serving {folder} at http://{bound_host}:{bound_port}/ (Ctrl-C stops)",
               err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
    finally:
        server.server_close()


@click.group("feed")
def feed_group() -> None:
    """Check podcast feeds."""


@feed_group.command("check")
@click.argument("feed", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--files", "files_dir", type=_DIR, default=None,
              help="Also compare enclosure lengths, durations, artwork, chapters and "
                   "transcripts with the files in this folder.")
def check_command(feed: Path, files_dir: Path | None) -> None:
    """List the STANDARDS.md §2 rules FEED breaks, one per line; exit 1 if any."""
    violations = check_feed(feed, files_dir)
    for violation in violations:
        click.echo(shown(str(violation), 2000))  # the feed's text, escaped for the terminal
    if violations:
        click.echo(f"{len(violations)} violations in {feed}", err=True)
        click.get_current_context().exit(1)
    click.echo(f"{feed}: no violations", err=True)
