"""Helpers over the page's BeautifulSoup tree (``soup``) shared by the HTML stages: text
with block boundaries, class-name words, visibility, a deadline, and one linear pass that measures
every element (text, link text, prose) for the later decisions.

Every walk here is iterative: pages nest deeper than Python's recursion limit.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from bs4 import CData, NavigableString, Tag

from ..errors import ExtractionError

# Elements that flow inside a line of text; every other element starts a new block.
INLINE = frozenset("""
a abbr acronym b bdi bdo big cite code data del dfn em font i img ins kbd label mark nobr q
rp rt ruby s samp small span strike strong sub sup time tt u var wbr
""".split())
TEXT_TYPES = (NavigableString, CData)  # exact types: comments and doctypes subclass these
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# A block of at least this many characters, mostly not link text, reads as prose.
PROSE_CHARS = 40
PROSE_MAX_LINK_DENSITY = 0.35
# ... or a shorter line ending like a sentence, of at least this many words.
SENTENCE_ENDS = tuple(".!?…\"”’")
SHORT_SENTENCE_WORDS = 2
# A heading this much link text is another story's headline: in an article, headings
# do not link away. Beside it, at most this much prose is that story's blurb.
LINK_HEADING_SHARE = 0.5
TEASER_MAX_PROSE = 600
# Screen-reader-only text labels controls ("Share this story", "Image"); it is never
# shown, and it is not article text. Whole class names, as these are conventions.
SCREEN_READER_CLASSES = frozenset("""
sr-only sr-only-focusable visually-hidden visuallyhidden screen-reader-text
screen-reader-only screenreader-only off-screen offscreen element-invisible a11y-hidden
""".split())
_WORD_SPLIT = re.compile(r"[-_\s:/\[\]&>]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


class Deadline:
    """Bounds the time spent on one page: long loops call ``check`` as they go."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise ExtractionError(f"gave up on the page after {self.seconds:g} s: it is too "
                                  "large or too deeply nested to extract")


def is_link(tag: Tag) -> bool:
    """A link or a control ("Read more", href="" or "javascript:"); not an in-page
    anchor ("#section"), which headings and footnotes carry."""
    if tag.name != "a" or not tag.has_attr("href"):
        return False
    return not str(tag["href"]).strip().startswith("#")


def is_text(node) -> bool:
    return type(node) in TEXT_TYPES


def is_block(node) -> bool:
    return isinstance(node, Tag) and node.name not in INLINE


def text_of(tag: Tag) -> str:
    """The element's text, whitespace collapsed, with a space wherever a block element
    starts or ends ("<div>A</div>B" is "A B", "W<b>o</b>rd" stays "Word")."""
    return " ".join(raw_text(tag).split())


def raw_text(tag) -> str:
    """``text_of`` before whitespace is collapsed (for a string, the string)."""
    if is_text(tag):
        return str(tag)
    parts: list[str] = []
    stack: list = [tag]
    while stack:
        node = stack.pop()
        if node is None:
            parts.append(" ")
        elif is_text(node):
            parts.append(node)
        elif isinstance(node, Tag):
            if node.name not in INLINE:
                parts.append(" ")
                stack.append(None)
            stack.extend(reversed(node.contents))
    return " ".join("".join(parts).split())


def class_words(tag: Tag) -> set[str]:
    """The parts of the class and id names, lower case: "post__share-bar" gives
    {"post", "share", "bar"}, so that "share" matches it and "shareholders" does not."""
    names = " ".join(tag.get("class") or ()) + " " + str(tag.get("id") or "")
    return {w for w in _WORD_SPLIT.split(names.lower()) if w}


def class_names(tag: Tag) -> set[str]:
    return {c.lower() for c in tag.get("class") or ()}


def is_hidden(tag: Tag) -> bool:
    if tag.has_attr("hidden") or str(tag.get("aria-hidden", "")).lower() == "true":
        return True
    if _HIDDEN_STYLE.search(str(tag.get("style", ""))):
        return True
    return not SCREEN_READER_CLASSES.isdisjoint(class_names(tag))


@dataclass
class Stats:
    """Per element (keyed by ``id(tag)``), summed over its subtree: ``text`` characters,
    ``links`` characters inside <a>, ``prose`` characters of prose blocks (text blocks
    long enough and not mostly links), ``blocks`` count of text blocks, ``link_heads``
    count of headings that are mostly a link (a teaser's headline), ``teaser`` prose
    characters in teasers (a short blurb beside such a headline), ``has_block``
    whether it holds a block element. ``order`` is every element in document order."""

    text: dict[int, int] = field(default_factory=dict)
    links: dict[int, int] = field(default_factory=dict)
    prose: dict[int, int] = field(default_factory=dict)
    blocks: dict[int, int] = field(default_factory=dict)
    link_heads: dict[int, int] = field(default_factory=dict)
    teaser: dict[int, int] = field(default_factory=dict)
    has_block: dict[int, bool] = field(default_factory=dict)
    order: list[Tag] = field(default_factory=list)

    def link_density(self, tag: Tag) -> float:
        return self.links.get(id(tag), 0) / max(self.text.get(id(tag), 0), 1)


def measure(root: Tag, deadline: Deadline) -> Stats:
    """Measure every element under ``root``: one pass down in document order, then one
    pass up in reverse (each element's sums are complete before they reach its parent)."""
    stats = Stats()
    direct: dict[int, tuple[int, int]] = {}  # id -> (text, link text) of its own strings
    parent_of: dict[int, Tag | None] = {id(root): None}
    stack: list[tuple[Tag, bool]] = [(root, False)]
    while stack:
        tag, in_link = stack.pop()
        stats.order.append(tag)
        if len(stats.order) % 2048 == 0:
            deadline.check()
        in_link = in_link or is_link(tag)
        text = 0
        for child in reversed(tag.contents):
            if isinstance(child, Tag):
                parent_of[id(child)] = tag
                stack.append((child, in_link))
            elif is_text(child):
                text += len(child.strip())
        direct[id(tag)] = (text, text if in_link else 0)
    lines = {key: list(sizes) for key, sizes in direct.items()}
    for count, tag in enumerate(reversed(stats.order)):
        if count % 2048 == 0:
            deadline.check()
        _close(tag, stats, direct[id(tag)], lines, parent_of[id(tag)])
    return stats


def _is_prose(tag: Tag, line: int, line_links: int, has_block: bool) -> bool:
    """A line long enough, or a short sentence ("It failed."), mostly not links: menus,
    labels, dates and buttons are short and do not end like a sentence."""
    if tag.name in HEADINGS or line_links > PROSE_MAX_LINK_DENSITY * line:
        return False
    if line >= PROSE_CHARS:
        return True
    if has_block:
        return False
    text = tag.get_text().strip()
    return text.endswith(SENTENCE_ENDS) and len(text.split()) >= SHORT_SENTENCE_WORDS


def _close(tag: Tag, stats: Stats, direct: tuple[int, int], lines: dict,
           parent: Tag | None) -> None:
    """Close one element, its children all closed: decide whether its line of text (its
    own strings and its inline children's text) is a block and prose, and add its sums
    to its parent's."""
    key = id(tag)
    stats.text[key] = stats.text.get(key, 0) + direct[0]
    stats.links[key] = stats.links.get(key, 0) + direct[1]
    has_block = stats.has_block.get(key, False)
    owns_line = tag.name not in INLINE or has_block
    line, line_links = lines[key]
    if owns_line and line:
        stats.blocks[key] = stats.blocks.get(key, 0) + 1
        if _is_prose(tag, line, line_links, has_block):
            stats.prose[key] = stats.prose.get(key, 0) + line
    text = stats.text[key]
    if tag.name in HEADINGS and text and stats.links[key] >= LINK_HEADING_SHARE * text:
        stats.link_heads[key] = stats.link_heads.get(key, 0) + 1
    if stats.link_heads.get(key) and stats.prose.get(key, 0) <= TEASER_MAX_PROSE:
        stats.teaser[key] = stats.prose.get(key, 0)  # a teaser: its headline is a link
    if parent is None:
        return
    pkey = id(parent)
    for table in (stats.text, stats.links, stats.prose, stats.blocks, stats.link_heads,
                  stats.teaser):
        value = table.get(key, 0)
        if value:
            table[pkey] = table.get(pkey, 0) + value
    if owns_line:
        stats.has_block[pkey] = True
    else:  # an inline child's text continues its parent's line
        lines[id(parent)][0] += text
        lines[id(parent)][1] += stats.links[key]
