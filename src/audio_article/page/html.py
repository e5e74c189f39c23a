"""Small HTML helpers shared by the episode page and the show index: every article
string goes through ``esc``; JSON-LD is made safe inside ``<script>``."""

from __future__ import annotations

import html
import json
from importlib import resources

# Scripts written right to left (ISO 639-1): the page's base direction follows them.
RTL_LANGUAGES = frozenset("ar arc dv fa ha he iw khw ks ku ps sd ur yi".split())
# IPTC digital source type for media made by a trained model (cv.iptc.org, NewsCodes).
SYNTHETIC = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def direction(language: str) -> str:
    return "rtl" if language.lower().split("-")[0] in RTL_LANGUAGES else "ltr"


def json_ld(data: dict) -> str:
    """JSON that cannot end its ``<script>`` element early or open a comment or CDATA:
    ``<``, ``>`` and ``&`` become ``\\u003c`` etc. (still the same JSON values)."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return f'<script type="application/ld+json">\n{text}\n</script>\n'


def asset(name: str) -> str:
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def head(title: str, language: str, extra: str = "") -> str:
    """Everything up to ``<body>``, the stylesheet inline (no request, works from disk)."""
    return (f'<!DOCTYPE html>\n<html lang="{esc(language)}" dir="{direction(language)}">\n'
            f'<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="color-scheme" content="light dark">\n'
            f"<title>{esc(title)}</title>\n{extra}<style>\n{asset('page.css')}</style>\n"
            f"</head>\n")


def iso_duration(ms: int) -> str:
    """ISO 8601 duration, as schema.org wants it: ``PT52.909S``."""
    return f"PT{ms / 1000:.3f}S"
