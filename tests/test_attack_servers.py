"""`listen` and `serve` under an outside tester's attacks (issue 23), over real sockets
against the real commands in child processes: many uploads held open at once (refused
beyond renders + queue, the server's memory stays flat), an upload trickled a byte at a
time (cut at its deadline), a request head trickled a byte at a time (cut at its
deadline, however often a byte comes), and a Range whose last position lies far past
the end (clamped, RFC 9110 §14.1.2)."""

from __future__ import annotations

import os
import re
import select
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from listen_support import small_server
from test_publish_support import request

UPLOAD = 9_900_046  # bytes each held upload declares (just under the 10 MB article cap)
ATTEMPTS = 40
SLOTS = 2  # --renders 1 --queue 1
DEADLINE_S = 2  # the deadlines the tests set (the defaults are 60 s and 30 s)
CUT_WITHIN_S = 30  # generous: a loaded 2-core machine; unfixed, the trickle goes on


def upload_head(port: int, token: str, length: int) -> bytes:
    return (f"POST /listen?name=a.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/octet-stream\r\nX-Listen-Token: {token}\r\n"
            f"Accept: application/json\r\nContent-Length: {length}\r\n\r\n").encode()


def answer_within(sock: socket.socket, seconds: float) -> bytes | None:
    """What the server says within ``seconds`` (b"": it closed), or None: nothing yet."""
    sock.settimeout(seconds)
    try:
        return sock.recv(65536)
    except TimeoutError:
        return None
    except ConnectionResetError:
        return b""


def rest_of(sock: socket.socket, seconds: float = 10) -> bytes:
    """What follows until the server closes (or ``seconds`` of silence)."""
    parts = []
    while (part := answer_within(sock, seconds)):
        parts.append(part)
    return b"".join(parts)


def status_of(answer: bytes | None) -> int | None:
    match = re.match(rb"HTTP/1\.[01] (\d{3})", answer or b"")
    return int(match.group(1)) if match else None


def peak_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


class HeldUpload:
    """One attacker connection: the head, then (unless refused at once) every byte of
    the declared body but the last, kept open."""

    refused = 0
    all_refused = threading.Event()  # the others may stop waiting for an answer
    lock = threading.Lock()

    def __init__(self, port: int, token: str) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.sock.sendall(upload_head(port, token, UPLOAD))
        self.status = self._answer(15)
        if self.status is None:  # taken in: hold it almost complete
            try:
                self.sock.sendall(b"x" * (UPLOAD - 1))
            except OSError:
                self.status = -1  # cut off while sending

    def _answer(self, seconds: float) -> int | None:
        """The status the server answers within ``seconds``, or None; waiting ends early
        once every attempt beyond the slots has been refused (the rest are held)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not HeldUpload.all_refused.is_set():
            answer = answer_within(self.sock, 0.25)
            if answer is not None:
                with HeldUpload.lock:
                    HeldUpload.refused += status_of(answer) == 503
                    if HeldUpload.refused >= ATTEMPTS - SLOTS:
                        HeldUpload.all_refused.set()
                return status_of(answer)
        return None


@pytest.fixture(scope="module")
def held_server(tmp_path_factory):
    with small_server(tmp_path_factory, "held") as server:
        yield server


def test_uploads_beyond_renders_and_queue_are_refused_at_once(held_server):
    token, before = held_server.token(), peak_mb(held_server.pid)
    uploads: list[HeldUpload] = []
    threads = [threading.Thread(target=lambda: uploads.append(HeldUpload(held_server.port,
                                                                         token)))
               for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    after = peak_mb(held_server.pid)
    print(f"listen peak memory with {ATTEMPTS} held uploads: {before:.0f} -> {after:.0f} MB")
    try:
        statuses = sorted(str(u.status) for u in uploads)
        assert statuses.count("503") == ATTEMPTS - SLOTS, statuses
        assert statuses.count("None") == SLOTS, statuses  # held, still being received
        assert after < 300, f"peak memory {before:.0f} -> {after:.0f} MB"
    finally:
        for upload in uploads:
            upload.sock.close()


def test_the_server_still_answers_after_the_held_uploads(held_server):
    assert request(held_server.port, "GET", "/")[0] == 200


@pytest.fixture(scope="module")
def quick_server(tmp_path_factory):
    with small_server(tmp_path_factory, "quick", {
            "AUDIO_ARTICLE_READ_TIMEOUT": str(DEADLINE_S),
            "AUDIO_ARTICLE_HEAD_TIMEOUT": str(DEADLINE_S)}) as server:
        yield server


def trickle(port: int, head: bytes, every: float = 0.4) -> tuple[float, bytes]:
    """Send ``head`` then a byte every ``every`` seconds until the server answers or
    closes (or CUT_WITHIN_S passes): (seconds it took, what it said)."""
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(head)
        while time.monotonic() - start < CUT_WITHIN_S:
            answer = answer_within(sock, every)
            if answer is not None:  # the rest of it too: headers and body may come apart
                return time.monotonic() - start, answer + rest_of(sock) if answer else answer
            try:
                sock.sendall(b"x")
            except OSError:
                return time.monotonic() - start, b""
    return time.monotonic() - start, b"(still open)"


def test_a_trickled_upload_is_cut_at_its_deadline(quick_server):
    port = quick_server.port
    seconds, answer = trickle(port, upload_head(port, quick_server.token(), 1000))
    assert answer != b"(still open)", f"a trickled upload was still read after {seconds:.0f} s"
    assert status_of(answer) == 400 and b"gave up reading the file after 2 s" in answer, answer
    assert request(port, "GET", "/")[0] == 200  # and the server goes on


def test_a_trickled_request_head_to_listen_is_cut(quick_server):
    seconds, answer = trickle(quick_server.port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    assert answer != b"(still open)", f"a trickled head was still read after {seconds:.0f} s"


@pytest.fixture(scope="module")
def serve_port(tmp_path_factory):
    """`audio-article serve` with a 2 s head deadline, serving a 10,240-byte episode."""
    folder = tmp_path_factory.mktemp("serve")
    (folder / "ep").mkdir()
    (folder / "ep/ep.mp3").write_bytes(bytes(range(256)) * 40)
    env = {**os.environ, "AUDIO_ARTICLE_HEAD_TIMEOUT": str(DEADLINE_S)}
    process = subprocess.Popen([sys.executable, "-m", "audio_article", "serve", str(folder),
                                "--port", "0", "--quiet"], stderr=subprocess.PIPE, text=True,
                               env=env)
    line = process.stderr.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    try:
        assert match, line
        yield int(match.group(1))
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()  # never left behind; and the test fails
            raise
        finally:
            process.stderr.close()


def test_a_trickled_request_head_to_serve_is_cut(serve_port):
    seconds, answer = trickle(serve_port, b"GET /ep/ep.mp3 HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    assert answer != b"(still open)", f"a trickled head was still read after {seconds:.0f} s"
    assert request(serve_port, "GET", "/ep/ep.mp3")[0] == 200


@pytest.mark.parametrize("header, span", [
    ("bytes=0-99999999999999999999999999999", (0, 10239)),
    ("bytes=10000-99999999999999999999", (10000, 10239)),
    ("bytes=0-" + "9" * 5000, (0, 10239)),
    ("bytes=-99999999999999999999999", (0, 10239)),
], ids=["29-digits", "20-digits", "5000-digits", "suffix"])
def test_a_last_position_past_the_end_is_clamped(serve_port, header, span):
    status, headers, body = request(serve_port, "GET", "/ep/ep.mp3", {"Range": header})
    first, last = span
    assert status == 206, header
    assert headers["Content-Range"] == f"bytes {first}-{last}/10240"
    assert body == (bytes(range(256)) * 40)[first:last + 1]


@pytest.mark.parametrize("header", ["bytes=10240-99999999999999999999999",
                                    "bytes=99999999999999999999999-99999999999999999999999"])
def test_a_first_position_past_the_end_is_still_416(serve_port, header):
    assert request(serve_port, "GET", "/ep/ep.mp3", {"Range": header})[0] == 416


CAP = 8  # AUDIO_ARTICLE_MAX_CONNECTIONS for the capped server
HELD = 3 * CAP  # idle connections an attacker opens and keeps


@pytest.fixture(scope="module")
def capped_serve(tmp_path_factory):
    """`audio-article serve` serving at most CAP connections at once (its head deadline
    the default 30 s, so that held connections stay held while the test looks)."""
    folder = tmp_path_factory.mktemp("capped")
    (folder / "ep").mkdir()
    (folder / "ep/ep.mp3").write_bytes(bytes(range(256)) * 40)
    env = {**os.environ, "AUDIO_ARTICLE_MAX_CONNECTIONS": str(CAP)}
    env.pop("AUDIO_ARTICLE_HEAD_TIMEOUT", None)
    process = subprocess.Popen([sys.executable, "-m", "audio_article", "serve", str(folder),
                                "--port", "0", "--quiet"], stderr=subprocess.PIPE, text=True,
                               env=env)
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", process.stderr.readline())
    try:
        assert match, "serve did not start"
        yield process.pid, int(match.group(1))
    finally:
        process.kill()
        process.wait(timeout=30)
        process.stderr.close()


def threads_of(pid: int) -> int:
    return int(re.search(r"Threads:\s+(\d+)", Path(f"/proc/{pid}/status").read_text()).group(1))


def test_idle_connections_beyond_the_cap_get_503_and_no_thread(capped_serve):
    pid, port = capped_serve
    before = threads_of(pid)
    held = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(HELD)]
    try:
        answers = [rest_of(sock, 10) for sock in held[CAP:]]
        assert all(status_of(a) == 503 for a in answers), answers
        # A whole answer (its declared length), then closed: a client reads it cleanly.
        assert all(a.endswith(b"\r\n\r\ntoo many connections at once: try again\n")
                   for a in answers), answers[0]
        readable, _, _ = select.select(held[:CAP], [], [], 0.5)
        assert not readable, "a connection within the cap was answered or closed"
        assert threads_of(pid) <= before + CAP, "a thread per refused connection"
    finally:
        for sock in held:
            sock.close()
    # The held ones gone, their slots come back: the server answers as before.
    deadline = time.monotonic() + 30
    while (status := request(port, "GET", "/ep/ep.mp3")[0]) == 503 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert status == 200


def test_listen_is_served_through_the_same_bounded_door():
    from audio_article.listen.server import ListenServer
    from audio_article.publish.server import BoundedServer

    assert issubclass(ListenServer, BoundedServer)


def _reset(sock: socket.socket) -> None:
    """Close with a TCP reset (SO_LINGER 0), as a client that crashes does."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def test_clients_that_reset_leave_no_traceback(tmp_path):
    """An outside tester's finding (2026-12-07): every client that reset its connection
    mid-request or mid-answer printed a full traceback, even with --quiet (126 in one
    run, 220 KB): anyone who could connect could fill the log."""
    (tmp_path / "ep").mkdir()
    (tmp_path / "ep/ep.mp3").write_bytes(os.urandom(4 << 20))
    process = subprocess.Popen([sys.executable, "-m", "audio_article", "serve", str(tmp_path),
                                "--port", "0", "--quiet"], stderr=subprocess.PIPE, text=True)
    try:
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", process.stderr.readline()).group(1))
        for head in (b"GET / HTTP/1.1\r\nHo",
                     b"GET /ep/ep.mp3 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"):
            for _ in range(5):
                sock = socket.create_connection(("127.0.0.1", port), timeout=10)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                sock.sendall(head)
                time.sleep(0.05)
                _reset(sock)
        assert request(port, "GET", "/ep/ep.mp3", {"Range": "bytes=0-9"})[0] == 206
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    assert "Traceback" not in stderr, stderr[-2000:]
