"""Reading a source (a file or stdin) into bytes, and decoding them, with one clear error
for each way the input can fail to be an article's text."""

from __future__ import annotations

import codecs
import re
import sys
from pathlib import Path

from ..errors import InputError

MAX_BYTES = 10 * 1024 * 1024
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
SNIFF_BYTES = 64 * 1024
_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|article|div)\b",
    re.I | re.S)
_HTML_TAG = re.compile(rb"</?(p|div|span|a|br|h[1-6]|ul|ol|li|img|figure|section|article|"
                       rb"script|meta|link|table|td)\b[^>]*>", re.I)
# A text with this many HTML tags in its first 64 KB is a page, whatever its first line.
HTML_TAG_COUNT = 10
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
# C0 control characters that plain text does not contain (tab, LF and CR do occur).
_CONTROLS = frozenset(range(32)) - {9, 10, 13}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.I)


def read_source(source: str) -> tuple[bytes, str]:
    """Raw bytes and a format hint ("html" or "text") for a path, or "-" for stdin."""
    name = "standard input" if source == "-" else source
    data = _read_stdin() if source == "-" else _read_file(Path(source))
    if not data.strip():
        raise InputError(f"{name} is empty")
    if looks_binary(data):
        raise InputError(f"{name} looks like a binary file, not an article's text")
    suffix = "" if source == "-" else Path(source).suffix.lower()
    if suffix in HTML_SUFFIXES or suffix in TEXT_SUFFIXES:
        return data, "html" if suffix in HTML_SUFFIXES else "text"
    return data, "html" if looks_html(data[:SNIFF_BYTES]) else "text"


def _read_file(path: Path) -> bytes:
    if not path.exists():
        raise InputError(f"file not found: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a directory, not a file")
    try:
        data = read_at_most(path, MAX_BYTES)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(data) > MAX_BYTES:
        raise InputError(f"{path} is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return data


def read_at_most(path: Path, limit: int) -> bytes:
    """The file's bytes, but no more than ``limit`` + 1 of them: a caller that gets more
    than ``limit`` knows the file is too big. st_size is not trusted: it is 0 for pipes
    and devices, and /dev/zero would never end."""
    with Path(path).open("rb") as stream:
        return stream.read(limit + 1)


def _read_stdin() -> bytes:
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"standard input is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return data


def looks_html(head: bytes) -> bool:
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= HTML_TAG_COUNT


def looks_binary(data: bytes) -> bool:
    """NUL bytes (outside UTF-16), control characters, or mostly bytes above 127 that
    are not UTF-8: an image, an archive, a PDF, not text."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS[1:]):
        return False
    if b"\0" in head or sum(b in _CONTROLS for b in head) > len(head) * 0.01:
        return True
    high = sum(b > 127 for b in head)
    return high > len(head) * 0.3 and not _utf8_prefix(head)


def _utf8_prefix(head: bytes) -> bool:
    """Valid UTF-8, allowing a character cut in two at the end of the sample."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def decode_text(data: bytes, declared: str | None = None) -> str:
    """A plain-text source as str: a BOM's encoding, else UTF-8, else the charset an
    HTTP header ``declared``.

    Windows-1252 is accepted only for bytes that are not UTF-8 and hold no C0 control
    characters but tab, CR and LF. It is the one legacy encoding still common for
    Western news text (Word and old Windows editors), and it maps nearly every byte, so
    that rule is what keeps it from "decoding" UTF-16 without a BOM or a binary file
    into garbage. A blind Latin-1 fallback is never used: it never fails, and would turn
    a UTF-8 file with one bad byte into mojibake without a word.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data, codec)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        charset = _charset(declared)
        if charset not in (None, "utf-8", "cp1252"):
            return data.decode(charset, errors="replace")
        if any(b in _CONTROLS for b in data):
            raise InputError(_undecodable(exc)) from exc
    return _strict(data, "cp1252")


def _strict(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        if codec == "cp1252":
            raise InputError(_undecodable(exc)) from exc
        raise InputError(f"the text starts with a {codec} byte-order mark but is not "
                         f"valid {codec} (bad byte at offset {exc.start})") from exc


def _undecodable(exc: UnicodeDecodeError) -> str:
    return (f"the text is neither UTF-8 nor Windows-1252 (bad byte at offset {exc.start}); "
            "convert it to UTF-8 first")


def decode_html(data: bytes, declared: str | None = None) -> str:
    """An HTML page as str. The charset, in order: a BOM's; UTF-8 if the bytes are valid
    UTF-8; the charset ``declared`` by the HTTP header, else by the page (<meta>, <?xml>);
    for a page declaring none, or UTF-8 wrongly: UTF-8 if the bytes are mostly UTF-8
    (a few damaged bytes), else Windows-1252, the web's default for undeclared Western
    pages.

    Valid UTF-8 wins over a declared legacy charset because CMS templates often declare
    ISO-8859-1 over UTF-8 content, while text in a legacy charset is practically never
    valid UTF-8 by accident. Browsers decode with replacement characters rather than
    fail, and so does this.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    charset = _charset(declared) or _declared_charset(data[:4096])
    if charset in (None, "utf-8"):
        charset = "utf-8" if _mostly_utf8(data) else "cp1252"
    return data.decode(charset, errors="replace")


def _mostly_utf8(data: bytes) -> bool:
    """Some well-formed multi-byte UTF-8 characters, and no fewer than the bytes that are
    not UTF-8: text in a legacy charset has almost none of the former."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad  # non-ASCII, not U+FFFD
    return good >= bad and good > 0


def _declared_charset(head: bytes) -> str | None:
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return _charset(match.group(1).decode("ascii", "replace")) if match else None


def _charset(label: str | None) -> str | None:
    """A Python codec for a charset label, as browsers read labels; None if unknown."""
    if not label:
        return None
    try:
        info = codecs.lookup(label.strip().strip("'\""))
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):  # "base64", "rot13", "zlib"
        return None
    name = info.name
    # The WHATWG Encoding standard reads these labels as windows-1252, and a UTF-16 label
    # on a byte stream without a BOM as UTF-8.
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    return "utf-8" if name.startswith("utf-16") else name


# C0 controls but tab, LF and CR; DEL; C1 controls; the explicit bidirectional embeddings,
# overrides and isolates (U+202A-U+202E, U+2066-U+2069): "Mayor \u202egnp.exe" shows as
# "Mayor exe.png" in a player or a feed reader (Unicode TR #9; CVE-2021-42574). The marks
# LRM, RLM and ALM stay: right-to-left text places its punctuation with them, and they
# cannot reverse a run of letters. Lone surrogates (from a lying charset, an HTML
# character reference or JSON "\\ud800") cannot be written as UTF-8 at all.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` without control characters (a NUL, a terminal escape or a bell must not
    reach a transcript, a tag or a terminal) or bidirectional overrides, lone surrogates
    replaced by U+FFFD: every article string passes here (``parse._cleaned``), and every
    string read back from an episode.json (``package.manifest``)."""
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(source: str) -> bool:
    """``scheme://...``; a Windows path ("C:\\...") is not one."""
    return bool(_URL.match(source))
