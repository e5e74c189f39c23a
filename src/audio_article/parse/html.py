"""An HTML page to an Article, with BeautifulSoup and the lxml parser.

The stages, each in its own module:

1. ``meta``: title, authors, date, language, site, image, description and canonical URL
   from JSON-LD, OpenGraph and meta tags, and the page itself.
2. ``clean``: scripts, hidden elements, navigation, asides, forms and named boilerplate
   (share bars, newsletter boxes, ads) are cut.
3. ``content``: the body is the element whose prose, less the link text it holds, is the
   greatest; the lead figure may sit just before it, in the article's header.
4. ``blocks``: the body becomes sections of paragraphs, list items, quotes and captions.

Every stage runs under one deadline, so no page can hang the parser.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from ..errors import ExtractionError
from ..models import Article, Paragraph
from .blocks import body_sections
from .clean import strip_boilerplate
from .content import find_root, lead_figures
from .dom import Deadline, measure
from .meta import headline, page_meta
from .source import decode_html

# Seconds one page may take; a 10 MB page of tags takes a few.
TIME_LIMIT = 30.0
# Scripts (but JSON-LD, which holds metadata), styles and comments are cut as text
# before the tree is built: on news pages they are often half the bytes, and the HTML
# tokenizer ends them the same way (at the first "</script", "</style", "-->").
_PRESTRIP = (
    re.compile(r"<script\b(?![^>]*ld\+json)[^>]*>.*?</script\s*>", re.I | re.S),
    re.compile(r"<style\b[^>]*>.*?</style\s*>", re.I | re.S),
    re.compile(r"<!--.*?-->", re.S),
)


def parse_html(html: bytes | str, url: str | None = None, title: str | None = None,
               time_limit: float = TIME_LIMIT) -> Article:
    """An Article from a page; ``url`` is where it came from, ``title`` overrides any found."""
    deadline = Deadline(time_limit)
    text = decode_html(html) if isinstance(html, bytes) else html
    try:
        return _extract(BeautifulSoup(_prestrip(text), "lxml"), url, title, deadline)
    except RecursionError as exc:  # a library walking a deep tree recursively
        raise ExtractionError("the page is nested too deeply to extract") from exc


def _prestrip(text: str) -> str:
    for pattern in _PRESTRIP:
        text = pattern.sub("", text)
    return text


def _extract(soup: BeautifulSoup, url: str | None, title: str | None,
             deadline: Deadline) -> Article:
    deadline.check()
    meta = page_meta(soup, url)
    found_title = headline(soup, meta)
    strip_boilerplate(soup, measure(soup, deadline), deadline)
    stats = measure(soup, deadline)
    root = find_root(soup, stats)
    if root is None:
        raise ExtractionError("no article text found in the page")
    sections, notes = body_sections(root, stats, lead_figures(root, stats),
                                    title or found_title, deadline)
    if not any(isinstance(b, Paragraph) for s in sections for b in s.blocks):
        raise ExtractionError("no article text found in the page")
    if not (title or found_title):
        raise ExtractionError("the page has no title; set one with --title")
    return Article(title=title or found_title, sections=sections, url=meta.url or url,
                   authors=meta.authors, published=meta.published, language=meta.language,
                   site_name=meta.site_name, lead_image=meta.image,
                   description=meta.description, notes=tuple(notes))
