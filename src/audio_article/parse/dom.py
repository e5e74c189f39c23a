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
    pass up in reverse, closing each element once its children are all closed: its line
    of text (its own strings and its inline children's text) may be a block and prose,
    and its sums are added to its parent's. Written out in one loop over local names,
    as this runs twice per page over every element."""
    stats = Stats()
    order = stats.order
    own: dict[int, tuple[int, int]] = {}  # id -> (text, link text) of its own strings
    lines: dict[int, list[int]] = {}  # id -> [text, link text] of its line
    stack: list[tuple[Tag, bool]] = [(root, False)]
    while stack:
        tag, in_link = stack.pop()
        order.append(tag)
        if len(order) % 2048 == 0:
            deadline.check()
        in_link = in_link or is_link(tag)
        text = 0
        for child in reversed(tag.contents):
            if isinstance(child, Tag):
                stack.append((child, in_link))
            elif type(child) in TEXT_TYPES:
                text += len(child.strip())
        own[id(tag)] = sizes = (text, text if in_link else 0)
        lines[id(tag)] = list(sizes)
    text_of_, links_of, prose_of, blocks_of = stats.text, stats.links, stats.prose, stats.blocks
    heads_of, teaser_of, has_block_of = stats.link_heads, stats.teaser, stats.has_block
    for count, tag in enumerate(reversed(order)):
        if count % 2048 == 0:
            deadline.check()
        key = id(tag)
        own_text, own_links = own[key]
        text_of_[key] = text = text_of_.get(key, 0) + own_text
        links_of[key] = links = links_of.get(key, 0) + own_links
        has_block = has_block_of.get(key, False)
        name = tag.name
        owns_line = name not in INLINE or has_block
        line, line_links = lines[key]
        if owns_line and line:
            blocks_of[key] = blocks_of.get(key, 0) + 1
            if _is_prose(tag, line, line_links, has_block):
                prose_of[key] = prose_of.get(key, 0) + line
        if name in HEADINGS and text and links >= LINK_HEADING_SHARE * text:
            heads_of[key] = heads_of.get(key, 0) + 1
        if heads_of.get(key) and prose_of.get(key, 0) <= TEASER_MAX_PROSE:
            teaser_of[key] = prose_of.get(key, 0)  # a teaser: its headline is a link
        if tag is root or tag.parent is None:
            continue
        pkey = id(tag.parent)
        for table in (text_of_, links_of, prose_of, blocks_of, heads_of, teaser_of):
            value = table.get(key, 0)
            if value:
                table[pkey] = table.get(pkey, 0) + value
        if owns_line:
            has_block_of[pkey] = True
        else:  # an inline child's text continues its parent's line
            parent_line = lines[pkey]
            parent_line[0] += text
            parent_line[1] += links
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
