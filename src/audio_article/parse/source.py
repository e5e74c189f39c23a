"""Reading a source (a file or stdin) into bytes, with clear errors for what is not text."""

from __future__ import annotations

import codecs
import re
import sys
from pathlib import Path

from ..errors import InputError

MAX_BYTES = 10 * 1024 * 1024
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def read_source(source: str) -> tuple[bytes, str]:
    """Raw bytes and a format hint ("html" or "text") for a path, or "-" for stdin."""
    data = _read_stdin() if source == "-" else _read_file(Path(source))
    if not data.strip():
        raise InputError(f"{_name(source)} is empty")
    if _looks_binary(data):
        raise InputError(f"{_name(source)} looks like a binary file, not an article")
    suffix = "" if source == "-" else Path(source).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return data, "html"
    if suffix in TEXT_SUFFIXES:
        return data, "text"
    return data, "html" if _HTML_START.match(data[:4096]) else "text"


def _read_file(path: Path) -> bytes:
    if not path.exists():
        raise InputError(f"file not found: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a directory, not a file")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"{path} is larger than {MAX_BYTES // (1024 * 1024)} MB")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _read_stdin() -> bytes:
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"standard input is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return data


def _name(source: str) -> str:
    return "standard input" if source == "-" else source


def _looks_binary(data: bytes) -> bool:
    """NUL bytes (outside UTF-16) or many control characters mean this is not text."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS[1:]):
        return False
    if b"\0" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(head) * 0.01


def decode_text(data: bytes) -> str:
    """BOM, then UTF-8; Windows-1252 only for bytes that are not UTF-8 (a real legacy
    encoding of Western news text); never a blind Latin-1 fallback, which would turn
    every UTF-8 page with one bad byte into mojibake."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError("the text is neither UTF-8 nor Windows-1252; "
                         "convert it to UTF-8 first") from exc
