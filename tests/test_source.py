import pytest

from audio_article.errors import InputError
from audio_article.parse.source import MAX_BYTES, decode_text, read_source


def test_hints(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<p>x</p>")
    assert read_source(str(page)) == (b"<p>x</p>", "html")
    unknown = tmp_path / "article"
    unknown.write_text("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    assert read_source(str(unknown))[1] == "html"
    unknown.write_text("Just text.")
    assert read_source(str(unknown))[1] == "text"


@pytest.mark.parametrize("content, message", [
    (b"", "empty"), (b" \n\t", "empty"), (b"\x00\x01\x02abc" * 10, "binary"),
    (bytes(range(1, 32)) * 40, "binary"),
])
def test_bad_content(tmp_path, content, message):
    path = tmp_path / "x.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_source(str(path))


def test_missing_directory_and_too_large(tmp_path):
    with pytest.raises(InputError, match="not found"):
        read_source(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="directory"):
        read_source(str(tmp_path))
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(InputError, match="larger than"):
        read_source(str(big))


def test_decoding():
    assert decode_text("Київ".encode("utf-8")) == "Київ"
    assert decode_text(b"\xef\xbb\xbfhi") == "hi"
    assert decode_text("hi ü".encode("utf-16")) == "hi ü"
    assert decode_text("caf\xe9 \u201cquoted\u201d".encode("cp1252")) == "café “quoted”"
    with pytest.raises(InputError, match="neither UTF-8"):
        decode_text(b"\x81\x8d\x8f\x90\x9d")
