"""Text from a document or a server, made fit for a terminal line: a URL from a feed, a
title or a server's reason phrase may carry terminal escapes ("\\x1b[2J" clears the
screen, OSC 8 writes links) or be a megabyte long."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, the line and paragraph separators, the BOM and the bidi
# controls (a U+202E in a name reverses what the terminal shows after it).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069]")


def shown(text: str, limit: int = 200) -> str:
    """``text`` on one line: every control character escaped (``\\x1b``), cut at
    ``limit`` characters."""
    text = _CONTROL.sub(_escape, text)
    return text if len(text) <= limit else text[:limit] + "..."


def printable(text: str) -> str:
    """``text`` with control characters escaped, but line breaks and tabs kept (an
    error message of several lines)."""
    return _CONTROL.sub(lambda m: m.group() if m.group() in "\n\t" else _escape(m), text)


def json_printable(text: str) -> str:
    """JSON text (json.dumps with ensure_ascii=False) with the controls a terminal acts on
    written as JSON escapes (\\u009b): the same document, safe to print."""
    return _CONTROL.sub(lambda m: m.group() if m.group() in "\n" else
                        f"\\u{ord(m.group()):04x}", text)


def _escape(match: re.Match) -> str:
    return match.group().encode("unicode_escape").decode("ascii")
