"""An HTML page to an Article, with BeautifulSoup and its lxml tree builder (``soup``).

The stages, each in its own module:

1. ``meta``: title, authors, date, language, site, image, description and canonical URL
   from JSON-LD, OpenGraph and meta tags, and the page itself.
2. ``clean``: scripts, hidden elements, navigation, asides, forms and named boilerplate
   (share bars, newsletter boxes, ads) are cut.
3. ``content``: the body is the element whose prose, less the link text it holds, is the
   greatest; the lead figure may sit just before it, in the article's header.
4. ``blocks``: the body becomes sections of paragraphs, list items, quotes and captions.

Every stage, the building of the tree included, runs under one deadline, so no page can
hang the parser.
"""

from __future__ import annotations

import dataclasses
import gc
import re
from contextlib import contextmanager

from bs4 import BeautifulSoup

from ..errors import ExtractionError
from ..models import Article, Paragraph
from .blocks import body_sections
from .clean import drop_orphan_headings, strip_boilerplate
from .content import find_root, lead_figures
from .dom import Deadline, measure
from .meta import page_meta
from .netguard import joined
from .soup import page_soup
from .source import decode_html

# Seconds one page may take; a 10 MB page of tags takes a few.
TIME_LIMIT = 30.0
# News pages hold a few thousand elements (the corpus pages at most 1,849, once cut); a
# page with more than this is refused up front, with a clear message, rather than worked
# on for seconds (100,000 paragraphs take about 10 s) until the deadline gives up.
MAX_ELEMENTS = 100_000
_START_TAG = re.compile(r"<[A-Za-z]")
# Cut as text before the tree is built, as the tree costs time per node: scripts (but
# JSON-LD, which holds metadata), styles and comments, which the HTML tokenizer ends the
# same way (at the first "</script", "</style", "-->"), and the elements that the clean
# stage drops whole anyway. On news pages that is often half the bytes.
_RAW_TEXT = ("script", "style")
_DEAD = _RAW_TEXT + ("svg", "math", "noscript", "iframe", "template", "select", "button")
_OPENER = re.compile(r"<!--|<(%s)\b([^<>]{0,2000})>" % "|".join(_DEAD), re.I)
_CLOSER = {name: re.compile(r"</%s\b[^<>]{0,200}>" % name, re.I) for name in _DEAD}
# Whitespace beside a block element's tag is not text (the block boundary breaks the line
# anyway), and dropping it before the tree is built saves a third of the nodes.
_BLOCK_TAGS = ("address|article|aside|blockquote|body|dd|div|dl|dt|figcaption|figure|"
               "footer|form|h[1-6]|head|header|hr|html|li|link|main|meta|nav|ol|p|section|"
               "table|tbody|td|tfoot|th|thead|title|tr|ul")
_SPACE_AFTER_BLOCK = re.compile(r"(</?(?:%s)\b[^<>]{0,2000}>)\s+(?=<)" % _BLOCK_TAGS, re.I)
_SPACE_BEFORE_BLOCK = re.compile(r"(?<=>)\s+(?=</?(?:%s)\b)" % _BLOCK_TAGS, re.I)


def parse_html(html: bytes | str, url: str | None = None, title: str | None = None,
               time_limit: float = TIME_LIMIT, charset: str | None = None) -> Article:
    """An Article from a page; ``url`` is where it came from, ``title`` overrides any
    found, ``charset`` is the one the HTTP header declared."""
    deadline = Deadline(time_limit)
    text = _prestrip(decode_html(html, charset) if isinstance(html, bytes) else html)
    elements = sum(1 for _ in _START_TAG.finditer(text))
    if elements > MAX_ELEMENTS:
        raise ExtractionError(f"the page has {elements:,} elements, more than the "
                              f"{MAX_ELEMENTS:,} an article page could need")
    deadline.check()
    try:
        with _no_cycle_collection():
            return _extract(page_soup(text, deadline.check), url, title, deadline)
    except RecursionError as exc:  # a library walking a deep tree recursively
        raise ExtractionError("the page is nested too deeply to extract") from exc


@contextmanager
def _no_cycle_collection():
    """Python's cycle collector paused while a page is worked on. A soup is tens of
    thousands of linked objects, none of them garbage until the page is done, and the
    collector, run every few hundred new objects, went over them again and again: a
    third of the time on large pages. What the page leaves behind is collected after."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _prestrip(text: str) -> str:
    """``text`` without the cut elements, in one pass: every search starts where the last
    ended, so no input makes this slower than linear (an unclosed "<!--" repeated a
    million times included)."""
    out: list[str] = []
    pos = 0
    unclosed: set[str] = set()  # names with no closing tag left in the rest of the page
    while (match := _OPENER.search(text, pos)) is not None:
        name = (match.group(1) or "!--").lower()
        if name == "script" and "ld+json" in match.group(2).lower() or name in unclosed:
            out.append(text[pos:match.end()])
            pos = match.end()
            continue
        end = _close(text, name, match.end())
        if end < 0:
            unclosed.add(name)
            if name in _RAW_TEXT or name == "!--":  # the rest of the page is its text
                return "".join(out) + text[pos:match.start()]
            end = match.end()  # an unclosed element: leave it to the tree builder
            out.append(text[pos:end])
        else:
            out.append(text[pos:match.start()])
        pos = end
    out.append(text[pos:])
    text = "".join(out)
    return _SPACE_BEFORE_BLOCK.sub("", _SPACE_AFTER_BLOCK.sub(r"\1", text))


def _close(text: str, name: str, start: int) -> int:
    """Where the element opened before ``start`` ends, or -1."""
    if name == "!--":
        end = text.find("-->", start)
        return end + 3 if end >= 0 else -1
    match = _CLOSER[name].search(text, start)
    return match.end() if match else -1


def _extract(soup: BeautifulSoup, url: str | None, title: str | None,
             deadline: Deadline) -> Article:
    deadline.check()
    stats = measure(soup, deadline)
    meta, found_title = page_meta(stats.order, url)  # before bylines and headers are cut
    before = stats
    cut_from = strip_boilerplate(soup, before, deadline)
    stats = measure(soup, deadline)
    drop_orphan_headings(cut_from, before, stats)
    root = find_root(soup, stats)
    if root is None:
        raise ExtractionError("no article text found in the page")
    sections, notes = body_sections(root, stats, lead_figures(root, stats),
                                    title or found_title, deadline, meta.authors)
    if not any(isinstance(b, Paragraph) for s in sections for b in s.blocks):
        raise ExtractionError("no article text found in the page")
    if not (title or found_title):
        raise ExtractionError("the page has no title; set one with --title")
    page_url = meta.url or url or ""
    # Section photos as absolute http(s) URLs (a relative one without a page URL is lost).
    sections = tuple(dataclasses.replace(s, image=_absolute(page_url, s.image))
                     for s in sections)
    return Article(title=title or found_title, sections=sections, url=meta.url or url,
                   authors=meta.authors, published=meta.published, language=meta.language,
                   site_name=meta.site_name, lead_image=meta.image,
                   description=meta.description, notes=tuple(notes))


def _absolute(base: str, src: str | None) -> str | None:
    return joined(base, src) if src else None
