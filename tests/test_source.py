import io
import os
import socket
import sys

import pytest

from audio_article.errors import InputError
from audio_article.parse.source import MAX_BYTES, decode_html, decode_text, read_source

PAGE = b"<!DOCTYPE html><html><body><p>Hi</p></body></html>"


@pytest.mark.parametrize("name, content, hint", [
    ("page.html", b"Plain words, but the extension decides.", "html"),
    ("page.HTM", b"<p>x</p>", "html"),
    ("notes.txt", PAGE, "text"),
    ("notes.md", b"# Title\n\nText.", "text"),
    ("article", PAGE, "html"),
    ("article", b"<!-- saved -->\n<html lang=en><p>Hi</p></html>", "html"),
    ("article", b'<?xml version="1.0"?>\n<html><p>Hi</p></html>', "html"),
    ("article", b"Intro line\n" + b"<p>para</p>\n<div>box</div>\n" * 5, "html"),
    ("article", b"Just text, with one <b>tag</b> in it.", "text"),
    ("article.dat", b"Just text.", "text"),
])
def test_hints(tmp_path, name, content, hint):
    path = tmp_path / name
    path.write_bytes(content)
    assert read_source(str(path)) == (content, hint)


@pytest.mark.parametrize("content, message", [
    (b"", "is empty"), (b" \n\t\r\n", "is empty"),
    (b"\x00\x01\x02abc" * 10, "binary"),                    # NUL bytes
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "a PNG image"),
    (b"text" + bytes(range(1, 32)) * 40, "binary"),          # control characters
    (bytes(range(128, 256)) * 40, "binary"),                 # mostly high bytes, not UTF-8
])
def test_bad_content(tmp_path, content, message):
    path = tmp_path / "x.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_source(str(path))


def test_text_that_is_not_binary(tmp_path):
    path = tmp_path / "x.txt"
    texts = ("Київ і Харків. " * 100).encode(), "a\tb\r\nc".encode(), "hi ü".encode("utf-16")
    for content in texts:
        path.write_bytes(content)
        assert read_source(str(path)) == (content, "text")


def test_missing_directory_and_too_large(tmp_path):
    with pytest.raises(InputError, match="file not found: .*nope.txt"):
        read_source(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="is a directory"):
        read_source(str(tmp_path))
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(InputError, match="larger than 10 MB"):
        read_source(str(big))
    big.write_bytes(b"a" * MAX_BYTES)
    assert len(read_source(str(big))[0]) == MAX_BYTES


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs POSIX permissions, which root ignores")
def test_unreadable(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("text")
    path.chmod(0)
    with pytest.raises(InputError, match="cannot read"):
        read_source(str(path))


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")
def test_unreadable_special_file(tmp_path):
    # A socket exists and is not a directory, but open() fails, for root too.
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(InputError, match="cannot read .*s.sock"):
            read_source(str(path))


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PAGE)))
    assert read_source("-") == (PAGE, "html")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"  \n")))
    with pytest.raises(InputError, match="standard input is empty"):
        read_source("-")


def test_decode_text():
    assert decode_text("Київ".encode("utf-8")) == "Київ"
    assert decode_text(b"\xef\xbb\xbfhi") == "hi"
    assert decode_text("hi ü".encode("utf-16")) == "hi ü"
    assert decode_text("caf\xe9 \u201cquoted\u201d\r\n".encode("cp1252")) == "café “quoted”\r\n"


@pytest.mark.parametrize("data, message", [
    (b"\x81\x8d\x8f\x90\x9d", "neither UTF-8 nor Windows-1252"),  # undefined in cp1252
    (b"caf\xe9\x07", "neither UTF-8 nor Windows-1252"),           # a control character
    ("café".encode("utf-16-le"), "neither UTF-8"),                # UTF-16 without a BOM
    (b"\xef\xbb\xbfcaf\xe9", "byte-order mark"),                   # a BOM, then not UTF-8
])
def test_decode_text_refuses(data, message):
    with pytest.raises(InputError, match=message):
        decode_text(data)


def test_decode_html():
    declared = b'<html><head><meta charset="windows-1251"></head><body>'
    assert decode_html(declared + "Київ".encode("cp1251")).endswith("Київ")
    # "latin-1" is read as windows-1252, as browsers do: 0x93/0x94 are curly quotes.
    latin = b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    assert decode_html(latin + b"\x93caf\xe9\x94").endswith("“café”")
    # Valid UTF-8 wins over a wrong declaration; no declaration and not UTF-8: cp1252.
    assert decode_html(latin + "Київ".encode()).endswith("Київ")
    assert decode_html(b"<p>caf\xe9</p>") == "<p>café</p>"
    assert decode_html(b"\xef\xbb\xbf<p>\xc3\xa9</p>") == "<p>é</p>"


def test_decode_html_charset_decision():
    meta_1251 = b'<meta charset="windows-1251">'
    kyiv = "Київ".encode("cp1251")
    # The HTTP header's charset wins over the page's own declaration.
    assert decode_html(meta_1251 + kyiv, "koi8-r").endswith("Київ".encode("cp1251").decode("koi8-r"))
    assert decode_html(meta_1251 + kyiv, None).endswith("Київ")
    assert decode_html(meta_1251 + kyiv, "no-such-charset").endswith("Київ")
    # Declared UTF-8 (or nothing) over Windows-1252 bytes: the bytes are not UTF-8 at all.
    assert decode_html(b'<meta charset="utf-8"><p>caf\xe9 \x93q\x94') == '<meta charset="utf-8"><p>café “q”'
    # No declaration, UTF-8 with one damaged byte: UTF-8, never Latin-1 mojibake.
    damaged = "<p>Kraków, café, naïve, Zürich ".encode() + b"\xff"
    assert decode_html(damaged) == "<p>Kraków, café, naïve, Zürich \ufffd"
    # Labels that are codecs but not text encodings are ignored.
    assert decode_html(b"<meta charset=base64><p>caf\xe9") == "<meta charset=base64><p>café"
