"""A fetcher that cannot be turned against its host: private, loopback, link-local and
metadata addresses are refused by default, on every redirect hop and whatever a DNS
answer says; --allow-private opts in. Real sockets on 127.0.0.1; DNS answers come from
an injected resolver (there is no DNS server here)."""

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler

import pytest

from audio_article.errors import InputError
from audio_article.parse import fetch
from audio_article.parse.netguard import refusal
from http_support import QuietServer

PAGE = b"<html><head><title>Local</title></head><body><article><p>A page on the local " \
       b"host, which only an opted-in fetch may read.</p></article></body></html>"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        Handler.seen.append(self.path)
        if self.path.startswith("/to?"):  # /to?URL redirects to URL
            self.send_response(302)
            self.send_header("Location", self.path[4:])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)


@pytest.fixture(scope="module")
def port():
    server = QuietServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture()
def seen():
    Handler.seen.clear()
    return Handler.seen


@pytest.mark.parametrize("address, why", [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"),
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("192.168.1.1", "private"),
    ("fc00::1", "private"), ("fd12:3456::1", "private"),
    ("169.254.1.1", "link-local"), ("fe80::1%eth0", "link-local"),
    ("169.254.169.254", "metadata"), ("fd00:ec2::254", "metadata"),
    ("100.64.0.1", "carrier-grade NAT"), ("100.127.255.254", "carrier-grade NAT"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("224.0.0.1", "multicast"), ("ff02::1", "multicast"),
    ("240.0.0.1", "reserved"), ("255.255.255.255", "reserved"), ("192.0.2.7", "private"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:169.254.169.254", "metadata"),
    ("::ffff:10.0.0.1", "private"), ("64:ff9b::a9fe:a9fe", "metadata"),
    ("2002:7f00:1::1", "loopback"),
])
def test_refused_addresses(address, why):
    assert why in refusal(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111",
                                     "100.128.0.1", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address):
    assert refusal(address) is None


def test_allow_private_keeps_metadata_link_local_unspecified_and_multicast_refused():
    for address in ("127.0.0.1", "10.0.0.1", "::1", "fd12::1", "192.168.1.1"):
        assert refusal(address, allow_private=True) is None
    # Issue 23: every cloud's metadata address, IPv6 ones included, and link-local whole.
    for address in ("169.254.169.254", "fd00:ec2::254", "::ffff:169.254.169.254",
                    "0.0.0.0", "224.0.0.1", "169.254.1.1", "fe80::1", "169.254.0.23",
                    "169.254.170.2", "100.100.100.200", "168.63.129.16", "fd20:ce::254",
                    "fd00:c1::a9fe:a9fe", "192.0.0.192", "::169.254.169.254",
                    "64:ff9b:1::a9fe:a9fe"):
        assert refusal(address, allow_private=True), address


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "2130706433", "0x7f.1",
                                  "127.1", "[::ffff:127.0.0.1]"])
def test_local_server_refused_by_default(port, seen, host):
    """The literal forms of 127.0.0.1 (decimal, hex, short) all resolve to it."""
    with pytest.raises(InputError, match="refusing to fetch .* is a loopback address"):
        fetch(f"http://{host}:{port}/page", timeout=5)
    assert seen == []  # refused before connecting: the server never heard of it


def test_https_goes_through_the_same_check(port, seen):
    with pytest.raises(InputError, match="refusing to fetch from localhost: .* loopback"):
        fetch(f"https://localhost:{port}/page", timeout=5)
    assert seen == []


def test_allow_private_opts_in(port, seen):
    assert fetch(f"http://127.0.0.1:{port}/page", allow_private=True).data == PAGE
    assert seen == ["/page"]


@pytest.mark.parametrize("target", ["http://169.254.169.254/latest/meta-data/",
                                    "http://[fd00:ec2::254]/latest/meta-data/",
                                    "http://[::ffff:a9fe:a9fe]/", "http://0.0.0.0:{port}/page"])
def test_every_redirect_hop_is_checked(port, seen, target):
    """Even opted in, a redirect to a metadata endpoint or to 0.0.0.0 (Linux connects
    that to the local host) is refused at that hop."""
    target = target.format(port=port)
    with pytest.raises(InputError, match="refusing to fetch"):
        fetch(f"http://127.0.0.1:{port}/to?{target}", allow_private=True, timeout=5)
    assert seen == [f"/to?{target}"]


def rebinding(*answers):
    """A resolver whose answer changes on each call, as a rebinding DNS server's does."""
    calls = []

    def resolve(host, port):
        calls.append(host)
        return [answers[min(len(calls), len(answers)) - 1]]
    return resolve, calls


def test_a_name_resolving_to_a_private_address_is_refused(port, seen):
    resolve, calls = rebinding("10.0.0.7")
    with pytest.raises(InputError, match=r"news\.example: 10\.0\.0\.7 is a private"):
        fetch(f"http://news.example:{port}/page", resolver=resolve)
    assert calls == ["news.example"] and seen == []


def test_mixed_answers_are_refused(port, seen):
    def resolve(host, port):
        return ["93.184.216.34", "127.0.0.1"]
    with pytest.raises(InputError, match="127.0.0.1 is a loopback"):
        fetch(f"http://news.example:{port}/page", resolver=resolve)
    assert seen == []


def test_a_changing_dns_answer_cannot_slip_through(port, seen):
    """First answer public, every later one 127.0.0.1: a fetch that checked one answer
    and let the socket library look the name up again would reach the local server.
    Ours resolves once per connection and connects to the address it checked."""
    resolve, calls = rebinding("192.88.99.1", "127.0.0.1")  # public, then loopback
    with pytest.raises(InputError):  # the public address is unreachable from here
        fetch(f"http://news.example:{port}/page", resolver=resolve, timeout=2)
    assert calls == ["news.example"]
    assert seen == []


def test_a_changing_dns_answer_on_a_redirect_hop(port, seen):
    """The page (opted in) redirects to a name whose answer is checked at that hop."""
    resolve, calls = rebinding("127.0.0.1", "169.254.169.254")
    with pytest.raises(InputError, match="169.254.169.254 is a cloud metadata"):
        fetch(f"http://site.example:{port}/to?http://site.example:{port}/page",
              resolver=resolve, allow_private=True)
    assert calls == ["site.example", "site.example"]
    assert seen == [f"/to?http://site.example:{port}/page"]


@pytest.mark.parametrize("command", ["parse", "script", "lint"])
def test_cli_refuses_then_opts_in(port, command):
    url = f"http://127.0.0.1:{port}/page"
    run = [sys.executable, "-m", "audio_article", command, url, "--title", "Local"]
    refused = subprocess.run(run, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1
    assert refused.stderr == (f"Error: refusing to fetch from 127.0.0.1: 127.0.0.1 is a "
                              "loopback address (--allow-private fetches it)\n")
    allowed = subprocess.run(run + ["--allow-private"], capture_output=True, text=True,
                             timeout=60)
    assert allowed.returncode == 0, allowed.stderr
    assert "Traceback" not in allowed.stderr


def test_narrate_refuses_before_writing_anything(port, tmp_path):
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "audio_article", "narrate",
                             f"http://localhost:{port}/page", "-o", str(out), "-j", "1",
                             "--voice", "espeak"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("Error: refusing to fetch from localhost:")
    assert not out.exists()
