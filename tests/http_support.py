"""The tests' own HTTP servers (in a thread of the test process), quiet about a client
that hangs up: the code under test may close a connection early (a refused redirect, a
capped body, a finished read), and socketserver would print a traceback to stderr, which
click's CliRunner captures into the very output a test compares."""

from __future__ import annotations

import sys
from http.server import ThreadingHTTPServer


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)
