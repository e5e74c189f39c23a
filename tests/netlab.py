"""A private network for attacking the tool the way an outside tester did (issue 23).

A network namespace of its own (``ip netns``), whose loopback carries a "public" news
site on 93.184.216.34 and every address the fetch guard must refuse (loopback, private,
the cloud metadata endpoints, IPv4 and IPv6). On each refused address, listeners count
every connection and answer with a planted secret. The CLI runs inside the namespace
(``ip netns exec``) as a real subprocess, with a time limit, and its peak memory is read
from the kernel (VmHWM, sampled while it runs). The listeners live in this test process: a thread
enters the namespace (setns) and binds them there, and sockets stay in the namespace
they were made in, whichever thread then serves them.

Needs root and iproute2 (CI runs as root); without them the tests that use it skip and
say why.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Iterator

from http_support import QuietServer

CLONE_NEWNET = 0x40000000
PUBLIC = "93.184.216.34"  # a global address: the guard lets it through, like a real site
SECRET = "PLANTED-SECRET-7f3a9c"  # what every refused listener answers; never in output
# Every address the guard must refuse, with and without --allow-private ("always").
REFUSED = {
    "127.0.0.1": "private", "10.20.30.40": "private", "100.64.0.7": "private",
    "::1": "private", "fd12:3456::7": "private",
    "169.254.169.254": "always", "169.254.170.2": "always", "169.254.0.23": "always",
    "100.100.100.200": "always", "168.63.129.16": "always", "192.0.0.192": "always",
    "fd00:ec2::254": "always", "fd20:ce::254": "always", "fd00:c1::a9fe:a9fe": "always",
}
PORTS = (21, 70, 80, 8080)
ROOT = Path(__file__).resolve().parents[1]


def unavailable() -> str | None:
    """Why the lab cannot run here, or None."""
    if os.geteuid() != 0:
        return "needs root for a network namespace (CI runs as root)"
    if not shutil.which("ip"):
        return "needs iproute2's ip"
    return None


@dataclass
class Run:
    args: tuple
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float

    @property
    def text(self) -> str:
        return self.stdout + self.stderr

    def describe(self) -> str:
        return (f"{' '.join(map(str, self.args))}\n-> exit {self.returncode} in "
                f"{self.seconds:.1f} s, {self.max_rss_mb:.0f} MB\n{self.text[-2000:]}")


class Lab:
    def __init__(self) -> None:
        self.name = f"aa-lab-{os.getpid()}-{threading.get_ident() % 10000}"
        self.connections: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()
        self._servers: list = []
        subprocess.run(["ip", "netns", "add", self.name], check=True)
        script = ["ip link set lo up"] + [
            f"ip {'-6 ' if ':' in a else ''}addr add {a}/{128 if ':' in a else 32} dev lo"
            f"{' nodad' if ':' in a else ''}"
            for a in [PUBLIC, *REFUSED] if a not in ("127.0.0.1", "::1")]
        self.exec_shell("; ".join(script))

    def exec_shell(self, command: str) -> None:
        subprocess.run(["ip", "netns", "exec", self.name, "sh", "-ec", command], check=True)

    def close(self) -> None:
        for server in self._servers:
            if isinstance(server, socket.socket):
                server.close()
            else:
                server.shutdown()
                server.server_close()
        subprocess.run(["ip", "netns", "del", self.name], check=False)

    # -------------------------------------------------------------- sockets inside
    def _inside(self, make):
        """``make()`` run in a thread that entered the namespace; its result."""
        box: dict = {}

        def enter():
            try:
                fd = os.open(f"/run/netns/{self.name}", os.O_RDONLY)
                libc = ctypes.CDLL(None, use_errno=True)
                if libc.setns(fd, CLONE_NEWNET) != 0:
                    raise OSError(ctypes.get_errno(), "setns failed")
                os.close(fd)
                box["value"] = make()
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                box["error"] = exc

        thread = threading.Thread(target=enter)
        thread.start()
        thread.join()
        if "error" in box:
            raise box["error"]
        return box["value"]

    def count_refused(self) -> None:
        """A counting listener on every refused address and port."""
        for address in REFUSED:
            for port in PORTS:
                self._counter(address, port)

    def _counter(self, address: str, port: int) -> None:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        listener = self._inside(lambda: _bound(family, address, port))
        self.connections[(address, port)] = 0
        self._servers.append(listener)
        threading.Thread(target=self._accept, args=(listener, address, port),
                         daemon=True).start()

    def _accept(self, listener: socket.socket, address: str, port: int) -> None:
        while True:
            try:
                conn, _peer = listener.accept()
            except OSError:
                return
            with self._lock:
                self.connections[(address, port)] += 1
            body = f"<html><title>{SECRET}</title><p>{SECRET} credentials</p></html>"
            try:
                conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
                             f"{len(body)}\r\n\r\n{body}".encode() + f"220 {SECRET}\r\n".encode())
            except OSError:
                pass
            conn.close()

    def touched(self) -> dict[tuple[str, int], int]:
        with self._lock:
            return {k: v for k, v in self.connections.items() if v}

    def serve(self, handler: type[BaseHTTPRequestHandler], port: int = 80,
              address: str = PUBLIC) -> str:
        """The public site: ``handler`` on ``address:port``; its base URL."""
        server = self._inside(lambda: QuietServer((address, port), handler))
        server.daemon_threads = True
        self._servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://{address}" + ("" if port == 80 else f":{port}")

    # -------------------------------------------------------------- the CLI inside
    def cli(self, *args, cwd: Path, timeout: float = 120, env: dict | None = None,
            stdin=subprocess.DEVNULL) -> Run:
        command = ["ip", "netns", "exec", self.name, sys.executable, "-m", "audio_article",
                   *map(str, args)]
        return run_measured(command, cwd, timeout, env, stdin)


@contextlib.contextmanager
def running_lab(handler: type[BaseHTTPRequestHandler]) -> Iterator[Lab]:
    """A lab with counting listeners on every refused address and ``handler`` as the
    public site on PUBLIC:80."""
    lab = Lab()
    try:
        lab.count_refused()
        lab.serve(handler)
        yield lab
    finally:
        lab.close()


def _bound(family: int, address: str, port: int, settle_s: float = 10.0) -> socket.socket:
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # An IPv6 address stays "tentative" until the kernel's address work has run (even
    # on lo, even with nodad), and bind() refuses it until then: on a loaded machine
    # that took long enough to fail the first bind (EADDRNOTAVAIL).
    deadline = time.monotonic() + settle_s
    while True:
        try:
            listener.bind((address, port))
            break
        except OSError as exc:
            if exc.errno != errno.EADDRNOTAVAIL or time.monotonic() > deadline:
                listener.close()
                raise
            time.sleep(0.02)
    listener.listen(64)
    return listener


def run_measured(command: list, cwd: Path, timeout: float, env: dict | None = None,
                 stdin=subprocess.DEVNULL) -> Run:
    """``command`` run to its end (killed at ``timeout``), with its peak memory."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}
    start = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, env=environment, stdin=stdin,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    timer = threading.Timer(timeout, lambda: os.killpg(process.pid, 9))
    timer.start()
    peak = _Peak(process.pid)
    try:
        out, err = _drain(process)
        code = process.wait()
    finally:
        timer.cancel()
        peak.stop()
    return Run(tuple(command), code, out, err, time.monotonic() - start, peak.mb)


class _Peak:
    """The process's peak resident memory (VmHWM), read every 20 ms while it runs.
    wait4's ru_maxrss will not do: a forked child inherits its parent's high-water mark,
    and exec keeps it, so a probe would be charged for the test process's memory."""

    def __init__(self, pid: int) -> None:
        self.pid, self.mb = pid, 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._done.wait(0.02):
            self._read()

    def _read(self) -> None:
        try:
            status = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                self.mb = max(self.mb, int(line.split()[1]) / 1024)

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


def _drain(process: subprocess.Popen) -> tuple[str, str]:
    """Both pipes read to their end without waiting for the process (wait4 reaps it)."""
    chunks: dict[str, list[bytes]] = {"out": [], "err": []}

    def pump(stream, key):
        for block in iter(lambda: stream.read(65536), b""):
            chunks[key].append(block)

    threads = [threading.Thread(target=pump, args=(process.stdout, "out")),
               threading.Thread(target=pump, args=(process.stderr, "err"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tuple(b"".join(chunks[k]).decode("utf-8", "replace") for k in ("out", "err"))


def secrets_in(folder: Path, *secrets: str) -> list[str]:
    """Every file under ``folder`` (hidden ones too) that holds one of ``secrets``."""
    found = []
    for path in Path(folder).rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            found += [f"{path}: {s}" for s in secrets if s.encode() in data]
    return found
