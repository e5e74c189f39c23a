"""`serve` under hostile requests, over real sockets: nothing outside its folder (dot-dot,
encoded, doubled slashes, backslashes, NUL, symlinks out), 416 for bad Range headers,
limits on the request line and headers, 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import socket
import threading

import pytest

from audio_article.publish import make_server
from test_publish_support import request

SECRET = b"root:x:0:0:the secret outside the served folder"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(port, root): root/site is served; root/secret.txt and root/private/ lie beside it,
    reachable only through escapes and the symlinks planted in the site."""
    base = tmp_path_factory.mktemp("hardening")
    (base / "secret.txt").write_bytes(SECRET)
    (base / "private").mkdir()
    (base / "private/key.txt").write_bytes(SECRET)
    site = base / "site"
    (site / "ep").mkdir(parents=True)
    (site / "ep/ep.mp3").write_bytes(bytes(range(256)) * 40)
    (site / "feed.xml").write_bytes(b"<rss/>")
    (site / "out.txt").symlink_to(base / "secret.txt")
    (site / "dir-out").symlink_to(base / "private", target_is_directory=True)
    (site / "ep/up.txt").symlink_to("../../secret.txt")
    (site / "loop").symlink_to(site / "loop")
    server = make_server(site, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], site
    server.shutdown()
    server.server_close()


ESCAPES = [
    "/../secret.txt", "/../../../../etc/passwd", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
    "/ep/..%2f..%2fsecret.txt", "/ep/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt",
    "/%252e%252e/secret.txt", "//etc/passwd", "/%2fetc%2fpasswd", "/./../secret.txt",
    "/out.txt", "/dir-out/key.txt", "/ep/up.txt", "/loop", "/feed.xml%00.mp3",
    "/%ed%a0%80", "/%c0%ae%c0%ae/secret.txt", "/ep/ep.mp3/../../secret.txt",
]


@pytest.mark.parametrize("path", ESCAPES)
def test_nothing_outside_the_folder_is_served(served, path):
    port, _ = served
    status, _, body = request(port, "GET", path)
    assert status in (400, 404) and SECRET not in body


def test_an_absolute_url_in_the_request_line_stays_inside(served):
    port, _ = served
    status, _, body = raw(port, b"GET http://127.0.0.1/../secret.txt HTTP/1.1\r\n"
                                b"Host: x\r\nConnection: close\r\n\r\n")
    assert status in (400, 404) and SECRET not in body
    status, _, body = raw(port, b"GET /etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status == 404 and b"root:" not in body


def test_files_inside_are_still_served(served):
    port, site = served
    assert request(port, "GET", "/ep/ep.mp3")[2] == (site / "ep/ep.mp3").read_bytes()
    assert request(port, "GET", "/ep/../feed.xml")[0] == 200  # stays inside: fine


@pytest.mark.parametrize("header", [
    "bytes=5-2", "bytes=abc", "bytes=-", "bytes=--5", "bytes=1-2-3", "bytes=",
    "bytes=0-1,x", "bytes=10240-", "bytes=-0", "bytes=99999999999999999999999-",
    "bytes=" + "9" * 5000 + "-", "bytes=0x10-0x20", "bytes=+1-2",
])
def test_bad_ranges_get_416(served, header):
    port, site = served
    status, headers, body = request(port, "GET", "/ep/ep.mp3", {"Range": header})
    assert status == 416, header
    assert headers["Content-Range"] == f"bytes */{(site / 'ep/ep.mp3').stat().st_size}"
    assert body == b""


def test_good_ranges_still_work(served):
    port, site = served
    data = (site / "ep/ep.mp3").read_bytes()
    for header, part in (("bytes=0-9", data[:10]), ("bytes=-5", data[-5:]),
                         (" bytes = 100-", data[100:]), ("BYTES=3-3", data[3:4])):
        status, _, body = request(port, "GET", "/ep/ep.mp3", {"Range": header})
        assert (status, body) == (206, part), header


def raw(port: int, data: bytes) -> tuple[int, bytes, bytes]:
    """(status, head, body) of raw bytes sent on one connection, which the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        try:
            sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # it may stop reading and answer before we finish sending
        answer = b""
        while chunk := _recv(sock):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), head, body


def _recv(sock) -> bytes:
    try:
        return sock.recv(65536)
    except ConnectionResetError:
        return b""


def test_a_long_request_line_gets_414(served):
    port, _ = served
    status, _, _ = raw(port, b"GET /" + b"a" * 10_000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status == 414


def test_large_headers_get_431(served):
    port, _ = served
    fields = b"".join(b"X-Pad-%d: %s\r\n" % (i, b"v" * 1000) for i in range(20))
    status, _, _ = raw(port, b"GET /feed.xml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + fields + b"\r\n")
    assert status == 431
    many = b"".join(b"X-%d: 1\r\n" % i for i in range(200))  # the standard library's cap
    status, _, _ = raw(port, b"GET /feed.xml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + many + b"\r\n")
    assert status == 431


def test_the_server_survives_the_abuse(served):
    port, _ = served
    for path in ESCAPES:
        request(port, "GET", path)
    assert request(port, "GET", "/feed.xml")[:3:2] == (200, b"<rss/>")


def test_binds_loopback_unless_told(tmp_path):
    server = make_server(tmp_path, port=0)
    other = make_server(tmp_path, host="0.0.0.0", port=0)
    try:
        assert server.server_address[0] == "127.0.0.1"
        assert other.server_address[0] == "0.0.0.0"
    finally:
        server.server_close()
        other.server_close()
