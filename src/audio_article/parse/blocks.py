"""The body element to sections of blocks.

A walk in document order: headings (h2 to h6, role=heading, a short paragraph set
wholly in bold) open sections; paragraphs, list items, quotes and figure captions are
blocks; a run of bare text and inline elements between block elements is a paragraph
too, as old pages write text straight into <div>s with <br>s. Inside the body, link
lists, groups of teaser headlines and charts (a swarm of tiny labels) are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import Tag

from ..models import Block, Caption, ListItem, Paragraph, Quote, Section
from .credits import credit_only, split_credit
from .dom import (HEADINGS, INLINE, Deadline, Stats, class_words, is_block, is_text,
                  raw_text, text_of)
from .text import is_audio_note

HAS_WORD = re.compile(r"[^\W\d_]{2,}")
# A block or container mostly made of link text is navigation or a teaser, not prose.
MAX_LINK_DENSITY = 0.5
# Two or more headlines that are links: a "more stories" group.
TEASER_HEADLINES = 2
# ... unless the group holds this share of the body's prose (the article itself).
TEASER_MAX_PROSE_SHARE = 0.3
# A chart drawn in HTML: many text blocks, all tiny, none of them prose.
CHART_MIN_BLOCKS = 8
CHART_MAX_CHARS_PER_BLOCK = 16
# A "heading" this long, ending like a sentence, is a standfirst: a paragraph.
HEADING_MAX_WORDS = 20
SENTENCE_END = tuple(".!…\"”")
# A heading stand-in: a short line in bold with no closing punctuation.
STAND_IN_MAX_WORDS = 12
STAND_IN_END = tuple(".,;:…\"”'’")
CAPTION_WORDS = frozenset("caption captions figcaption wp-caption-text".split())
CAPTION_MAX_CHARS = 600
CREDIT_WORDS = frozenset("credit credits copyright attribution source photographer "
                         "image-source".split())
CREDIT_ITEMPROPS = frozenset("copyrightHolder creator author copyrightNotice".split())
CREDIT_LABEL = re.compile(
    r"^(?:(?:photo|image|picture|video|illustration)s?\s*(?:credit)?|photograph|credits?|"
    r"source)\s*(?:by\b|:)?\s*|^©\s*(?:\d{4}\s+)?", re.I)
PULL_QUOTE_WORDS = frozenset("pullquote pull-quote pullout".split())
BOLD = frozenset("b strong".split())
AUDIO_NOTE_MESSAGE = ("left out the page's own AI-audio note; the episode adds its own "
                      "disclosure")


@dataclass
class _Walk:
    stats: Stats
    root: Tag
    title: str | None
    deadline: Deadline
    authors: tuple[str, ...] = ()
    sections: list[tuple[str | None, list[Block]]] = field(default_factory=lambda: [(None, [])])
    notes: list[str] = field(default_factory=list)
    # Per section, aligned with ``sections``: the heading's id in the page (its URL
    # anchor) and the first photo of the section (its chapter image).
    anchors: list[str | None] = field(default_factory=lambda: [None])
    images: list[str | None] = field(default_factory=lambda: [None])

    def photo(self, src: str | None) -> None:
        if src and self.images[-1] is None:
            self.images[-1] = src

    def add(self, block: Block | list[Block] | None) -> None:
        if isinstance(block, list):
            for one in block:
                self.add(one)
            return
        if block is None or not HAS_WORD.search(block.text or getattr(block, "credit", "") or ""):
            return
        if isinstance(block, Paragraph) and is_audio_note(block.text):
            if AUDIO_NOTE_MESSAGE not in self.notes:
                self.notes.append(AUDIO_NOTE_MESSAGE)
            return
        blocks = self.sections[-1][1]
        if isinstance(block, Caption) and blocks and blocks[-1] == block:
            return  # the same figure again, for another screen size
        blocks.append(block)

    def has_prose(self) -> bool:
        return any(isinstance(b, Paragraph) for _h, blocks in self.sections for b in blocks)

    def heading(self, text: str, anchor: str | None = None) -> None:
        """Open a section; not for the headline, nor for a byline set as a heading."""
        if not text or not HAS_WORD.search(text) or _same_text(text, self.title):
            return
        if any(_same_text(text, author) for author in self.authors):
            return
        if len(text.split()) > HEADING_MAX_WORDS and text.endswith(SENTENCE_END):
            self.add(Paragraph(text))  # a standfirst or a lead sentence set as a heading
            return
        self.sections.append((text, []))
        self.anchors.append(anchor)
        self.images.append(None)


def body_sections(root: Tag, stats: Stats, lead: list[Tag], title: str | None,
                  deadline: Deadline, authors: tuple[str, ...] = ()
                  ) -> tuple[tuple[Section, ...], list[str]]:
    """Sections of blocks for the body ``root``, led by the captions of ``lead`` figures."""
    walk = _Walk(stats, root, title, deadline, authors)
    for figure in lead:
        walk.add(_figure(figure, stats))
    _walk(walk, root)
    sections = tuple(Section(h, tuple(b), anchor, image) for (h, b), anchor, image
                     in zip(walk.sections, walk.anchors, walk.images) if b)
    return sections, walk.notes


def _walk(walk: _Walk, root: Tag) -> None:
    """Depth first, in document order, with an explicit stack of child iterators."""
    if _leaf_block(walk, root):
        return
    stack = [iter(root.contents)]
    run: list = []  # bare text and inline elements waiting to become a paragraph
    count = 0
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            _flush(walk, run)
            continue
        count += 1
        if count % 1024 == 0:
            walk.deadline.check()
        if is_text(node) or (isinstance(node, Tag) and _inline(node, walk.stats)):
            run.append(node)
            continue
        if not isinstance(node, Tag):
            continue
        _flush(walk, run)
        if not _skipped(walk, node) and not _leaf_block(walk, node):
            stack.append(iter(node.contents))


def _inline(tag: Tag, stats: Stats) -> bool:
    return tag.name in INLINE and not stats.has_block.get(id(tag))


def _flush(walk: _Walk, run: list) -> None:
    if not run:
        return
    text = " ".join("".join(raw_text(n) for n in run).split())
    links = sum(walk.stats.links.get(id(n), 0) for n in run if isinstance(n, Tag))
    run.clear()
    if links <= MAX_LINK_DENSITY * len(text.replace(" ", "")):
        walk.add(Paragraph(text))


def _skipped(walk: _Walk, tag: Tag) -> bool:
    """Containers left out whole: link lists, teaser groups, charts."""
    stats, key = walk.stats, id(tag)
    if tag.name in ("figure",) or tag.name in HEADINGS:
        return False
    if stats.link_density(tag) > MAX_LINK_DENSITY:
        return True
    root_prose = stats.prose.get(id(walk.root), 0)
    if (stats.link_heads.get(key, 0) >= TEASER_HEADLINES
            and stats.prose.get(key, 0) < TEASER_MAX_PROSE_SHARE * root_prose):
        return True
    blocks = stats.blocks.get(key, 0)
    return (blocks >= CHART_MIN_BLOCKS and not stats.prose.get(key, 0)
            and stats.text.get(key, 0) < CHART_MAX_CHARS_PER_BLOCK * blocks
            and tag.name not in ("ul", "ol", "table"))


def _leaf_block(walk: _Walk, tag: Tag) -> bool:
    """Turn ``tag`` into a block if it is one; False for a container to walk into."""
    name, stats = tag.name, walk.stats
    if name == "figure" or _caption_like(tag, stats):
        block = _figure(tag, stats)
        if isinstance(block, Caption):
            walk.photo(_image_source(tag))
        walk.add(block)
    elif name == "blockquote" or not PULL_QUOTE_WORDS.isdisjoint(class_words(tag)):
        walk.add(_quote(tag, None))
    elif name in HEADINGS or str(tag.get("role", "")).lower() == "heading":
        # Above the article's first paragraph, an <h1> is its headline and a heading that
        # is a link is a kicker or a tag ("chaos theory"): neither opens a section.
        if walk.has_prose() or (name != "h1" and stats.link_density(tag) <= MAX_LINK_DENSITY):
            walk.heading(text_of(tag), _anchor(tag))
    elif name == "li" and not tag.find(("ul", "ol", "figure", "blockquote")):
        walk.add(_paragraph(tag, stats, ListItem))
    elif name == "p" or not stats.has_block.get(id(tag)):
        if _stand_in_heading(tag):
            walk.heading(text_of(tag))
        else:
            walk.add(_paragraph(tag, stats, Paragraph))
    else:
        return False
    return True


def _anchor(heading: Tag) -> str | None:
    """The heading's fragment id: its own id, or that of an anchor inside it."""
    for tag in (heading, *heading.find_all(("a", "span"), limit=4)):
        value = tag.get("id") or (tag.get("name") if tag.name == "a" else None)
        if isinstance(value, str) and value.strip() and " " not in value.strip():
            return value.strip()
    return None


def _image_source(figure: Tag) -> str | None:
    """The photo of a figure: src, else a lazy loader's data-src, else the first
    srcset candidate; never an inline data: URI."""
    img = figure if figure.name == "img" else figure.find("img")
    if img is None:
        return None
    for key in ("src", "data-src", "data-original", "srcset", "data-srcset"):
        value = img.get(key)
        if isinstance(value, list):
            value = " ".join(value)
        candidate = str(value or "").strip().split(",")[0].strip().split(" ")[0]
        if candidate and not candidate.startswith("data:"):
            return candidate
    return None


def _paragraph(tag: Tag, stats: Stats, kind) -> Block | None:
    if stats.link_density(tag) > MAX_LINK_DENSITY:
        return None
    return kind(text_of(tag))


def _stand_in_heading(tag: Tag) -> bool:
    """<p><strong>What changed</strong></p>: a short line wholly in bold."""
    children = [c for c in tag.contents if not (is_text(c) and not c.strip())]
    if len(children) != 1 or not isinstance(children[0], Tag) or children[0].name not in BOLD:
        return False
    text = text_of(tag)
    return (0 < len(text.split()) <= STAND_IN_MAX_WORDS and not text.endswith(STAND_IN_END)
            and text[:1].isupper())


def _caption_like(tag: Tag, stats: Stats) -> bool:
    """A caption outside <figure>: "wp-caption", <p class="caption">, not too long."""
    return (not CAPTION_WORDS.isdisjoint(class_words(tag)) and not tag.find("figure")
            and stats.text.get(id(tag), 0) <= CAPTION_MAX_CHARS)


# ---------------------------------------------------------------- figures and quotes


def _figure(tag: Tag, stats: Stats) -> Block | list[Quote] | None:
    """A figure's caption and credit; a quote set in a figure; None for a teaser (its
    caption is a link) or a bare image."""
    quote = tag.find("blockquote")
    caption = tag.find("figcaption") or (tag if tag.name != "figure" else _inner_caption(tag))
    if quote is not None:  # <figure><blockquote/><figcaption>— Jane Doe</figcaption>
        return _quote(quote, text_of(caption).lstrip("—–- ") if caption is not None else None)
    if caption is None or stats.link_density(caption) > MAX_LINK_DENSITY:
        return None
    credit_tag = _credit_tag(tag, caption)
    credit = _clean_credit(text_of(credit_tag)) if credit_tag is not None else None
    if credit_tag is not None:
        credit_tag.extract()
    text, found = split_credit(text_of(caption)) if not credit else (
        text_of(caption).rstrip(" |–—-/"), credit)
    if not found and credit_only(text):  # "Jane Doe/AP" alone under a photo
        text, found = "", text
    if not HAS_WORD.search(text) and found:  # a credit alone: "5W Infographics; sources: ..."
        text = ""
    return Caption(text, found or None)


def _inner_caption(figure: Tag) -> Tag | None:
    return next((t for t in figure.find_all(True) if _caption_words(t)), None)


def _caption_words(tag: Tag) -> bool:
    return not CAPTION_WORDS.isdisjoint(class_words(tag))


def _credit_tag(figure: Tag, caption: Tag) -> Tag | None:
    """The element holding the credit: named so by its class or itemprop, or a <cite>;
    never the caption itself or an element around it ("c-lead-image__credit" can name
    the whole caption, text and credit)."""
    around_caption = {id(caption), *(id(t) for t in caption.parents)}
    for tag in figure.find_all(True):
        if id(tag) in around_caption or not _names_credit(tag) or not text_of(tag):
            continue
        return tag
    return None


def _names_credit(tag: Tag) -> bool:
    if tag.name == "cite" or not CREDIT_WORDS.isdisjoint(class_words(tag)):
        return True
    return not CREDIT_ITEMPROPS.isdisjoint(str(tag.get("itemprop", "")).split())


def _clean_credit(text: str) -> str:
    """ "Photo: Jane Doe", "CreditCredit Jane Doe" (a label, and its copy for screen
    readers), "© 2020 AP" -> the name alone."""
    while (match := CREDIT_LABEL.match(text)) and match.end() and (
            not text[match.end():match.end() + 1].islower()):
        text = text[match.end():]
    return text.strip(" .|/")


def _quote(tag: Tag, attribution: str | None) -> list[Quote]:
    """A blockquote, one Quote per paragraph, the attribution on the last. The
    attribution is a <footer>, a direct <cite>, or a last paragraph opening with a dash
    ("— Jane Doe")."""
    paragraphs = tag.find_all("p")
    source = tag.find("footer") or tag.find("cite", recursive=False)
    if source is None and len(paragraphs) > 1 and re.match(r"[—–-]", text_of(paragraphs[-1])):
        source = paragraphs[-1]
    if source is not None:
        attribution = text_of(source).lstrip("—–- ") or attribution
        source.extract()
    pieces = [p for p in _pieces(tag) if HAS_WORD.search(p)]
    last = len(pieces) - 1
    return [Quote(text, (attribution or None) if i == last else None)
            for i, text in enumerate(pieces)]


def _pieces(tag: Tag) -> list[str]:
    """The texts of a quote's paragraphs: its block children, and the runs of text
    between them; through a lone wrapper (<blockquote><div><p/><p/></div>)."""
    children = [c for c in tag.contents if isinstance(c, Tag) or (is_text(c) and c.strip())]
    while len(children) == 1 and isinstance(children[0], Tag) and is_block(children[0]):
        tag = children[0]
        children = [c for c in tag.contents if isinstance(c, Tag) or (is_text(c) and c.strip())]
    pieces, run = [], []
    for child in children:
        if is_block(child):
            pieces.extend(["".join(run), raw_text(child)])
            run = []
        else:
            run.append(raw_text(child))
    pieces.append("".join(run))
    return [" ".join(p.split()) for p in pieces if p.strip()]


def _same_text(a: str, b: str | None) -> bool:
    return bool(b) and _key(a) == _key(b)


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))
