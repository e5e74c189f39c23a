"""Small HTML helpers shared by the episode page and the show index: every article
string goes through ``esc``; JSON-LD is made safe inside ``<script>``; our own English
words on a page in another language carry ``lang="en"`` (WCAG 3.1.2), each fact of a
byline is isolated so a right-to-left page keeps their order."""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from urllib.parse import quote

from ..script.plan import Phrases
from ..timefmt import clock
from .data import human_date

# Scripts written right to left (ISO 639-1): the page's base direction follows them.
RTL_LANGUAGES = frozenset("ar arc dv fa ha he iw khw ks ku ps sd ur yi".split())
# IPTC digital source type for media made by a trained model (cv.iptc.org, NewsCodes).
SYNTHETIC = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
# The narration's own chapter titles (script/plan.py Phrases): English words, whatever
# the article's language (unless a user translated them, which a page cannot tell).
NARRATION_TITLES = frozenset({Phrases().intro_title, Phrases().photos_title})
# A round icon with a play triangle, inline: no request, so no 404 for /favicon.ico.
FAVICON = ("data:image/svg+xml," + quote(
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'>"
    "<circle cx='16' cy='16' r='15' fill='#0a4f99'/>"
    "<path d='M12 9v14l12-7z' fill='#fff'/></svg>", safe="/:=' "))


# C0 controls (but tab and newlines) and DEL are not allowed in HTML text (HTML Living
# Standard, "control" code points): an article string carrying one would be a parse error.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def esc(text: object) -> str:
    return html.escape(_CONTROLS.sub("", str(text)), quote=True)


def is_english(language: str) -> bool:
    return language.lower().split("-")[0] == "en"


def english(language: str) -> str:
    """The attribute that marks our own (English) labels on a page in another language,
    so a screen reader reads "Chapters" as English, not with the article's voice, and an
    English sentence keeps its punctuation in place on a right-to-left page."""
    return "" if is_english(language) else ' lang="en" dir="ltr"'


def title_language(title: str, language: str) -> str:
    """``english`` for the narration's own chapter titles ("Introduction"), else the
    title's own direction."""
    return english(language) if title in NARRATION_TITLES and english(language) \
        else ' dir="auto"'


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


# Marks a page as ours: the show index is replaced only when the page there says so
# (page/show.check_show_page), never a page of the user's own.
GENERATOR = '<meta name="generator" content="audio-article">'


def head(title: str, language: str, extra: str = "") -> str:
    """Everything up to ``<body>``, the stylesheet inline (no request, works from disk)."""
    return (f'<!DOCTYPE html>\n<html lang="{esc(language)}" dir="{direction(language)}">\n'
            f'<head>\n<meta charset="utf-8">\n'
            f'{GENERATOR}\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="color-scheme" content="light dark">\n'
            f'<link rel="icon" href="{FAVICON}">\n'
            f"<title>{esc(title)}</title>\n{extra}<style>\n{asset('page.css')}</style>\n"
            f"</head>\n")


def facts(ep, authors: bool, date: str | None = None) -> str:
    """``By A, B · Site · 2 March 2026 · Listening time 0:52``; parts that are known,
    each isolated (a right-to-left page reads them in order, the English ones in
    English). ``date``: the date shown, the article's publication date by default."""
    ui = english(ep.language)
    parts = [f'<span{ui}>By <bdi>{esc(", ".join(ep.authors))}</bdi></span>'] if (
        authors and ep.authors) else []
    if ep.site_name:
        parts.append(f"<bdi>{esc(ep.site_name)}</bdi>")
    date = date or ep.published
    shown = human_date(date, ep.language)
    if shown:
        parts.append(f'<time datetime="{esc(date)}">{esc(shown)}</time>')
    parts.append(f'<span{ui}>Listening time <span class="nowrap">{clock(ep.duration_ms)}'
                 f"</span></span>")
    return " · ".join(parts)


def summary(ep, css_class: str) -> str:
    if not ep.description:
        return ""
    return f'<p class="{css_class}" dir="auto">{esc(ep.description)}</p>\n'


def iso_duration(ms: int) -> str:
    """ISO 8601 duration, as schema.org wants it: ``PT52.909S``."""
    return f"PT{ms / 1000:.3f}S"
