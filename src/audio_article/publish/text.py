"""Small pure helpers for feed text: XML-safe strings, byte limits, dates and clocks."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

from ..timefmt import clock, hms_millis as npt  # noqa: F401  (re-exported for publish/)

# XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates and U+FFFE/U+FFFF;
# lxml refuses the rest, so a stray control character in an article would abort publishing.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
ELLIPSIS = "\u2026"


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def one_line(text: str, limit: int = 255) -> str:
    """Whitespace collapsed, no leading or trailing space, at most ``limit`` characters
    (STANDARDS.md §2.1 #6: tag values <= 255 characters, no surrounding whitespace)."""
    text = " ".join(xml_safe(text).split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + ELLIPSIS


def fit_bytes(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes at a character boundary."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    room = limit - len(ELLIPSIS.encode("utf-8"))
    return data[:room].decode("utf-8", "ignore").rstrip() + ELLIPSIS


def utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def rfc2822(moment: dt.datetime) -> str:
    """``Wed, 16 Mar 2022 09:30:00 GMT``: RFC 2822 with a zone (STANDARDS.md §2.2 #17)."""
    return email.utils.format_datetime(moment.astimezone(dt.timezone.utc), usegmt=True)


def parse_rfc2822(text: str | None) -> dt.datetime | None:
    """The moment, or None when ``text`` is not an RFC 2822 date with a time zone."""
    if not text:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo is not None else None


def parse_iso(text: str | None) -> dt.datetime | None:
    """An ISO 8601 date or datetime as a UTC-aware moment; a naive value is taken as UTC."""
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)






def seconds(ms: int) -> int:
    """Whole seconds, half up: ``itunes:duration`` must be an integer (§2.2 #18)."""
    return (ms + 500) // 1000
