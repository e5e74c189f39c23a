"""Reading a source (a file or stdin) into bytes, and decoding them, with one clear error
for each way the input can fail to be an article's text."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..capped import ARTICLE_BYTES, read_capped
from ..errors import InputError

MAX_BYTES = ARTICLE_BYTES
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
    """Raw bytes and a format hint ("html" or "text") for a path, or "-" for stdin, read
    through the capped reader (MAX_BYTES, and a time limit for pipes and FIFOs)."""
    name = "standard input" if source == "-" else source
    data = read_capped(source, MAX_BYTES, "file")
    if not data.strip():
        raise InputError(f"{name} is empty")
    kind = binary_kind(data)
    if kind:
        raise InputError(f"{name} looks like {kind}, not an article's text")
    suffix = "" if source == "-" else Path(source).suffix.lower()
    if suffix in HTML_SUFFIXES or suffix in TEXT_SUFFIXES:
        return data, "html" if suffix in HTML_SUFFIXES else "text"
    return data, "html" if looks_html(data[:SNIFF_BYTES]) else "text"


def looks_html(head: bytes) -> bool:
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= HTML_TAG_COUNT


# The file signatures of formats that are often mislabelled text/html (WHATWG MIME
# Sniffing 6, and the documents a newsroom's server links to).
_MAGIC = ((b"%PDF-", "a PDF document"), (b"\x89PNG\r\n\x1a\n", "a PNG image"),
          (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"),
          (b"PK\x03\x04", "a ZIP archive or Office document"), (b"\x1f\x8b", "gzip data"),
          (b"BZh", "bzip2 data"), (b"\xfd7zXZ\x00", "xz data"), (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
          (b"RIFF", "a RIFF file (audio, video or image)"), (b"OggS", "an Ogg file"),
          (b"ID3", "an MP3 file"), (b"fLaC", "a FLAC file"), (b"\x7fELF", "a program"),
          (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Office document"), (b"wOFF", "a font"),
          (b"wOF2", "a font"), (b"\x00asm", "a WebAssembly module"),
          (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
          (b"\x1aE\xdf\xa3", "a Matroska or WebM file"))


def binary_kind(data: bytes, labelled: bool = False) -> str | None:
    """What ``data`` is when it is not text ("a PDF document", "a binary file"), else
    None: a known file signature, NUL bytes (outside UTF-16), control characters, or
    (unless ``labelled`` as text by its sender, whose charset may be a legacy one) mostly
    bytes above 127 that are not UTF-8."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS[1:]):
        return None
    for magic, kind in _MAGIC:
        # A signature of letters alone ("ID3", "RIFF") could begin a text: it counts
        # only with a control byte soon after, as every such binary header has.
        if head.startswith(magic) and (not magic.isalnum() or _controls(head[:16])):
            return kind
    if head[4:8] in (b"ftyp", b"moov"):
        return "an MP4 file"
    if b"\0" in head or sum(b in _CONTROLS for b in head) > len(head) * 0.01:
        return "a binary file"
    high = sum(b > 127 for b in head)
    if labelled or high <= len(head) * 0.3 or _utf8_prefix(head):
        return None
    return "a binary file"


def _controls(data: bytes) -> bool:
    return any(b in _CONTROLS for b in data)


def looks_binary(data: bytes) -> bool:
    return binary_kind(data) is not None


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


# The encodings of the WHATWG Encoding Standard, as Python names them. A label naming
# any other codec ("idna", "punycode", "undefined", "utf-7", "rot13", "base64") is not a
# web page's charset: it is treated as unknown, as browsers treat it.
_WEB_CODECS = frozenset({
    "utf-8", "cp866", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic", "cp874", "gbk",
    "gb18030", "big5", "big5hkscs", "euc_jp", "iso2022_jp", "shift_jis", "cp932", "euc_kr",
    "cp949", *(f"cp125{n}" for n in range(9)),
    *(f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)),
})
# Labels the standard reads as another encoding than Python's codec of the same name.
_WEB_ALIASES = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252",
                "iso8859-9": "cp1254", "iso8859-11": "cp874", "tis-620": "cp874",
                "gb2312": "gbk", "utf-16-le": "utf-8", "utf-16-be": "utf-8", "utf-16": "utf-8"}


def _charset(label: str | None) -> str | None:
    """A Python codec for a charset label, as browsers read labels; None if unknown. A
    UTF-16 label on a byte stream without a BOM reads as UTF-8 (the standard's rule)."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("'\"")[:40]).name
    except (LookupError, ValueError):  # ValueError: a label with a NUL in it
        return None
    name = _WEB_ALIASES.get(name, name)
    return name if name in _WEB_CODECS else None


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


# A BCP 47 language tag's shape (RFC 5646 §2.1): a primary language of 2-3 letters, then
# subtags of 1-8 letters or digits ("en", "pt-BR", "zh-Hant-TW", "en-US-x-twain").
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,8}")


def language_tag(value: str | None) -> str | None:
    """``value`` as a language tag ("en_US" read as "en-US"), or None when it is not
    shaped like one: a tag is written into ``lang``/``srclang`` attributes, JSON-LD and
    the feed, so ``en" onload="alert(1)`` must go no further than this. Every language
    from a source (``parse``) and from an episode.json (``package.manifest``) passes here."""
    value = (value or "").strip().replace("_", "-")
    if not _LANGUAGE_TAG.fullmatch(value):
        return None
    return "-".join(_cased(part, n) for n, part in enumerate(value.split("-")))


def _cased(part: str, position: int) -> str:
    """BCP 47's case: "en-GB", "zh-Hant-TW" ("EN_gb" is written "en-GB" everywhere)."""
    if position and len(part) == 2 and part.isalpha():
        return part.upper()  # a region
    if position and len(part) == 4 and part.isalpha():
        return part.title()  # a script
    return part.lower()


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(source: str) -> bool:
    """``scheme://...``; a Windows path ("C:\\...") is not one."""
    return bool(_URL.match(source))
