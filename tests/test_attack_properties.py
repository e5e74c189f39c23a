"""Issue 23: the doors, fed what hypothesis makes up. The URL policy, the address check,
the charset reading, the link resolution, the binary sniffing, the document loaders and
the feed expansion never raise anything but their own error, and never let through what
they exist to refuse."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from audio_article.batch.sources import expand
from audio_article.capped import load_json, load_toml
from audio_article.errors import ConfigError, InputError
from audio_article.parse.netguard import METADATA, checked_url, joined, refusal
from audio_article.parse.source import binary_kind, decode_html, decode_text

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
SCHEMES = st.sampled_from(["http", "https", "HTTP", "ftp", "file", "javascript", "data",
                           "gopher", "jar", "view-source", "", "hTtP", "ws", "dict"])
HOSTS = st.one_of(
    st.from_regex(r"[a-z0-9-]{1,70}(\.[a-z0-9-]{1,70}){0,3}", fullmatch=True),
    st.ip_addresses().map(lambda ip: f"[{ip}]" if ip.version == 6 else str(ip)),
    st.sampled_from(["[::1", "[::1]]", "[v1.x]", "[fe80::1%25lo]", "xn--a", "ÿ.com",
                     "例え.テスト", "a" * 64 + ".com", "a..b", ".", "%00", "[]", "0x7f.1",
                     "2130706433", "127.1", "[::ffff:169.254.169.254]", "localhost"]),
    st.text(max_size=30))
URLS = st.one_of(
    st.builds(lambda s, h, p, rest: f"{s}://{h}{p}{rest}", SCHEMES, HOSTS,
              st.sampled_from(["", ":80", ":0", ":99999", ":-1", ":x", ":443"]),
              st.text(max_size=30)),
    st.text(max_size=80))


@SETTINGS
@given(URLS)
@example("http://[::1")
@example("http://" + "a" * 64 + ".example/")
@example("http://exa\x00mple.com/")
@example(" javascript:alert(1)")
def test_checked_url_passes_only_http_urls_and_raises_nothing_else(url):
    try:
        checked = checked_url(url)
    except InputError:
        return
    parts = urlsplit(checked)
    assert parts.scheme.lower() in ("http", "https")
    assert parts.hostname and checked.isascii()
    assert not any(ch in checked for ch in "\x00\r\n\t ")


@SETTINGS
@given(st.ip_addresses(), st.booleans())
def test_refusal_never_raises_and_always_refuses_metadata(ip, allow_private):
    why = refusal(str(ip), allow_private)
    if ip in METADATA or ip.is_link_local or ip.is_loopback and not allow_private:
        assert why, ip
    if why is None and not allow_private:
        assert ip.is_global, ip


@SETTINGS
@given(st.sampled_from(sorted(map(str, METADATA)) + ["169.254.169.254", "169.254.0.23"]),
       st.booleans())
def test_metadata_is_refused_in_every_embedding(address, allow_private):
    ip = ipaddress.ip_address(address)
    forms = [str(ip)]
    if ip.version == 4:
        value = int(ip)
        forms += [f"::ffff:{ip}", f"64:ff9b::{value >> 16:x}:{value & 0xffff:x}",
                  f"::{ip}", f"2002:{value >> 16:x}:{value & 0xffff:x}::1",
                  f"64:ff9b:1::{value >> 16:x}:{value & 0xffff:x}"]
    for form in forms:
        assert refusal(form, allow_private), form


CHARSETS = st.one_of(st.sampled_from(["idna", "undefined", "punycode", "utf-7", "rot13",
                                      "base64", "zlib", "hex", "x-user-defined", "utf-16",
                                      "utf-32", "mbcs", "unicode_escape", "raw_unicode_escape",
                                      "uu", "quopri", "bz2", "palmos", "koi8-r", "latin1"]),
                     st.text(max_size=20))


@SETTINGS
@given(st.binary(max_size=400), CHARSETS)
def test_no_charset_label_breaks_decoding(data, label):
    page = b"<html><head><meta charset=" + label.encode("utf-8", "replace") + b"></head>" + data
    assert isinstance(decode_html(page), str)
    assert isinstance(decode_html(data, label), str)
    try:
        assert isinstance(decode_text(data, label), str)
    except InputError:
        pass


@SETTINGS
@given(st.one_of(st.none(), URLS), URLS)
def test_joined_links_are_fetchable_or_none(base, link):
    found = joined(base, link)
    if found is not None:
        checked_url(found)


@SETTINGS
@given(st.binary(max_size=2000))
def test_binary_sniffing_never_raises(data):
    kind = binary_kind(data)
    assert kind is None or isinstance(kind, str)


def _nested(depth: int, opener: str, closer: str, inner: str) -> str:
    return opener * depth + inner + closer * depth


@SETTINGS
@given(st.integers(0, 6000), st.sampled_from(["[", "{\"a\":"]), st.sampled_from(["1", "NaN",
       "Infinity", "-Infinity", "1e400", "9" * 5000, "\"x\"", "null"]))
def test_json_loads_or_refuses_in_one_error(depth, opener, inner):
    text = _nested(depth, opener, "]" if opener == "[" else "}", inner)
    try:
        load_json(text, "doc", ConfigError)
    except ConfigError as exc:
        assert "doc" in str(exc)


@SETTINGS
@given(st.integers(0, 6000), st.sampled_from(["[", "{a="]))
def test_toml_loads_or_refuses_in_one_error(depth, opener):
    text = "k = " + _nested(depth, opener, "]" if opener == "[" else "}", "1")
    try:
        load_toml(text.encode(), "doc", ConfigError)
    except ConfigError as exc:
        assert "doc" in str(exc)


LINKS = st.lists(st.one_of(URLS, st.sampled_from(["/etc/passwd", "../x", "file:///etc/passwd",
                                                  "@/etc/passwd", "~/.ssh/id_rsa", "x.txt"])),
                 max_size=12)


@SETTINGS
@given(LINKS)
def test_a_remote_feed_yields_only_checked_urls(links):
    items = "".join(f"<item><link>{_xml(link)}</link></item>" for link in links)
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()
    refused: dict[str, str] = {}

    def get(url: str) -> bytes:
        if url == "https://news.example/feed":
            return feed
        raise InputError(f"{url}: not served here")

    for source in expand(["https://news.example/feed"], get, refused):
        checked_url(source)  # every article is an http(s) URL that passes the policy


def _xml(text: str) -> str:
    text = "".join(ch for ch in text if ch.isprintable() and ch not in "\ufffe\uffff")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_one_door_for_the_network():
    """Nothing but parse/fetch.py (through netguard) makes a request: a second client
    (urllib's openers follow ftp: redirects, as one did before) would be a second door."""
    from pathlib import Path
    import re

    src = Path(__file__).resolve().parents[1] / "src" / "audio_article"
    clients = re.compile(r"^\s*(import|from)\s+(urllib\.request|http\.client|ftplib|requests"
                         r"|httpx|aiohttp|urllib3|pycurl)\b", re.M)
    doors = {src / "parse" / "fetch.py"}
    found = [str(p.relative_to(src)) for p in src.rglob("*.py")
             if p not in doors and clients.search(p.read_text(encoding="utf-8"))]
    assert found == []
    connects = [str(p.relative_to(src)) for p in src.rglob("*.py")
                if "create_connection(" in p.read_text(encoding="utf-8")]
    assert connects == ["parse/netguard.py"]


def test_an_ipv6_url_with_unicode_keeps_its_brackets():
    """Found by hypothesis: the re-encoded form of a non-ASCII URL lost the brackets of
    an IPv6 host ("http://::"), which then failed its own check."""
    assert checked_url("http://[::1]:8080/ä") == "http://[::1]:8080/%C3%A4"
    once = checked_url("http://[::]¡")
    assert once.startswith("http://[::]") and checked_url(once) == once
