"""Helpers for the listen server's tests: a local site serving articles, the real
`audio-article listen` in a subprocess, and looks at its processes and output folder."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from test_kill import children_of
from http_support import QuietServer

SAMPLE = Path(__file__).resolve().parents[1] / "src/audio_article/samples/kyiv-independent-20-days.txt"
WORDS = ("amber", "birch", "cedar", "delta", "ember", "fjord", "grove", "harbor", "island",
         "juniper", "kestrel", "lagoon", "meadow", "nutmeg", "orchid", "prairie")


def long_article(words: int, title: str) -> bytes:
    """An HTML article of about ``words`` words whose every sentence is different (none
    comes from the clip cache), in sections of ten paragraphs."""
    sentences = [s.strip() + "." for s in SAMPLE.read_text(encoding="utf-8").split(".")
                 if len(s.split()) > 6 and ":" not in s]
    parts, count, n = [f"<h1>{html.escape(title)}</h1>"], 0, 0
    while count < words:
        if n % 10 == 0:
            parts.append(f"<h2>Part {WORDS[n // 10 % len(WORDS)]} {n // 10 + 1}</h2>")
        tag = f"{WORDS[n % len(WORDS)]} {WORDS[n // len(WORDS) % len(WORDS)]}"
        text = f"At the {tag} post, {sentences[n % len(sentences)]}"
        parts.append(f"<p>{text}</p>")
        count += len(text.split())
        n += 1
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
            f"{html.escape(title)}</title></head><body><article>{''.join(parts)}</article></body></html>"
            ).encode()


class ArticleSite:
    """A local web server for ``pages`` (path -> HTML), on 127.0.0.1."""

    def __init__(self, pages: dict[str, bytes]) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = pages.get(self.path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args) -> None:
                pass

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def __enter__(self) -> ArticleSite:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class ListenServer:
    """`audio-article listen` (eSpeak, two workers unless told) on a free port, its
    output in ``tmp/out``, ``env`` added to its environment; stopped with SIGTERM, as a
    service manager would."""

    def __init__(self, tmp: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.out, self.env = tmp / "out", {**os.environ, **(env or {})}
        self.args = [sys.executable, "-m", "audio_article", "listen", "--port", "0",
                     "--voice", "espeak", "-o", str(self.out),
                     "--cache-dir", str(tmp / "cache"), *args]

    def __enter__(self) -> ListenServer:
        self.process = subprocess.Popen(self.args, stderr=subprocess.PIPE, text=True,
                                        env=self.env)
        line = self.process.stderr.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line + self.process.stderr.read()
        self.port = int(match.group(1))
        self.url = f"http://127.0.0.1:{self.port}/"
        self.pid = self.process.pid
        # Its stderr is read as it comes: a pipe nobody reads fills at 64 KB, and then the
        # server blocks on its next message (a test's hang, not the product's).
        self.errors: list[str] = []
        self._reader = threading.Thread(target=self._read_errors, daemon=True)
        self._reader.start()
        return self

    def _read_errors(self) -> None:
        for line in self.process.stderr:
            self.errors.append(line)

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            stack = _stack_of(self.pid)
            self.process.kill()  # never left behind; and the test fails, saying where it was
            raise AssertionError(f"listen did not stop within 60 s of SIGTERM\n{stack}\n"
                                 f"its stderr:\n{''.join(self.errors)[-4000:]}") from None
        finally:
            self._reader.join(10)
            self.process.stderr.close()

    def token(self) -> str:
        page = urllib.request.urlopen(self.url, timeout=30).read().decode()
        return re.search(r'name="listen-token" content="([^"]+)"', page).group(1)

    def post(self, body: bytes, headers: dict[str, str], query: str = ""):
        """(status, JSON answer) of a POST /listen."""
        request = urllib.request.Request(f"{self.url}listen{query}", data=body,
                                         headers={"Accept": "application/json", **headers})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")


def small_server(tmp_path_factory, name: str, env: dict[str, str] | None = None) -> ListenServer:
    """A listen server (to start with ``with``) with one render, one place in the queue
    and one worker."""
    return ListenServer(tmp_path_factory.mktemp(name), "--renders", "1", "--queue", "1",
                        "-j", "1", env=env)


def worker_pids(pid: int) -> list[int]:
    """The synthesis worker processes among ``pid``'s children."""
    def spawned(child: int) -> bool:
        try:
            return b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            return False
    return [child for child in children_of(pid) if spawned(child)]


def partials(out: Path) -> list[str]:
    """Staging folders left in the output folder."""
    return [p.name for p in out.glob(".*partial*")] if out.exists() else []


def wait_until(predicate, timeout: float = 30.0, what: str = "") -> None:
    import time

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}")
        time.sleep(0.1)


def _stack_of(pid: int) -> str:
    """Every thread's Python stack in process ``pid``, where py-spy is installed."""
    spy = Path(sys.executable).with_name("py-spy")
    if not spy.exists():
        return "(no py-spy beside the interpreter to show where it was)"
    done = subprocess.run([str(spy), "dump", "--pid", str(pid)], capture_output=True,
                          text=True, timeout=60)
    return done.stdout + done.stderr
