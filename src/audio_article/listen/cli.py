"""The `listen` command; cli.py lists it (Group.LAZY)."""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING, Iterator

import click

from ..cli import narrate_options
from .server import DEFAULT_PORT

if TYPE_CHECKING:
    from .server import ListenServer


@click.command("listen")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default is reachable from this machine only.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT,
              show_default=True, help="Port (0: any free port).")
@click.option("--renders", type=click.IntRange(1, 16), default=1, show_default=True,
              help="Articles narrated at once (each uses -j workers).")
@click.option("--queue", "waiting", type=click.IntRange(0, 100), default=2,
              show_default=True, help="Articles that may wait for their turn; beyond that "
                                      "the page says the server is busy.")
@narrate_options
def listen_command(host: str, port: int, renders: int, waiting: int, options) -> None:
    """Serve a page where a pasted article link or a dropped file starts playing within
    a moment, while the rest is narrated; the transcript and chapters fill in as they
    are reached. Each episode is then saved to OUTPUT as `narrate` saves it, so a second
    listen comes from the clip cache at once; with --publish the page offers to add it
    to the feed. A listener who leaves stops the render nobody else hears.

    Links go through the same URL policy as `narrate` (--allow-private is this
    command's, never the page's). Ctrl-C or SIGTERM stops it.
    """
    from ..batch.watch import stop_on_signals, wait_or_stop

    with stop_on_signals() as stop, serving(options, host, port, renders, waiting):
        wait_or_stop(stop)
    click.echo("Stopped.", err=True)


@contextlib.contextmanager
def serving(options, host: str, port: int, renders: int = 1, waiting: int = 2,
            latest: bool = False) -> Iterator[ListenServer]:
    """The listen server running in a thread while the block runs (its renders
    cancelled and its workers stopped after it); ``latest``: with /latest/ for a
    watcher (server.latest)."""
    server = _server(options, host, port, renders, waiting, latest)
    server.hub.open()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    bound_host, bound_port = server.server_address[:2]
    click.echo(f"Listen at http://{bound_host}:{bound_port}/ (Ctrl-C stops)", err=True)
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        server.hub.close()


def _server(options, host: str, port: int, renders: int, waiting: int,
            latest: bool) -> ListenServer:
    from .hub import Hub
    from .latest import Latest
    from .server import make_listen_server

    options.out_dir.mkdir(parents=True, exist_ok=True)
    hub = Hub(options, renders, waiting)
    server = make_listen_server(hub, options.out_dir, host, port, options.publish is not None)
    server.latest = Latest(hub) if latest else None
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"Note: listening on {host}: anyone who reaches this machine can have "
                   "articles narrated here.", err=True)
    return server
