"""Plain text (and light Markdown) to Article.

Handles text typed by an editor and text copied out of a web page ("page dumps"):

- optional front matter at the top (``Title:``, ``By:``, ``Date:``, ``URL:``,
  ``Language:``, ``Site:``; optionally between ``---`` lines), ended by a blank line;
- ``#`` headings (a ``#`` line at the very top is the title), ``- item`` lists,
  ``> quote`` lines, and inline emphasis and links, whose markup is removed;
- photo captions, recognised by a credit in parentheses at the end of a line;
- a photo gallery glued into one line (``...(Evgeniy Maloletka)A mass grave...``),
  split into captions. In a page dump the gallery closes the article: what follows it
  is teasers for other stories, which are left out;
- the site's own "This audio is created with AI assistance" note, left out because the
  narration adds its own disclosure.

Every such decision is told to the user through ``Article.notes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import ExtractionError
from ..models import Article, Block, Caption, ListItem, Paragraph, Quote, Section
from .credits import split_credit

FRONT_MATTER = re.compile(
    r"^(title|by|authors?|date|published|url|language|lang|site)\s*:\s*(.+)$", re.I)
FRONT_MATTER_KEYS = {"author": "by", "authors": "by", "published": "date", "lang": "language"}
HEADING = re.compile(r"^(#{1,6})\s+(.+?)(?:\s+#+)?$")
LIST_ITEM = re.compile(r"^(?:[-*+•]|\d{1,3}[.)])\s+(.+)$")
QUOTE_LINE = re.compile(r"^>\s?(.*)$")
AUDIO_NOTE = re.compile(
    r"^(this|the) (audio|article|story|narration)( version)? (is|was|has been) "
    r"(created|generated|produced|narrated|read|voiced)\b.{0,60}\b(AI|artificial intelligence)\b",
    re.I)
# A parenthesised credit glued to the next caption's first letter (or quote mark).
GLUED_CREDIT = re.compile(r"\([^()]{2,80}\)(?=\s?[\"“‘'A-Z])")
HAS_WORD = re.compile(r"[^\W\d_]{2,}")
# Lines of at most this length in a blank-line separated block are hard-wrapped prose.
WRAP_WIDTH = 100
TITLE_WORDS = 12
# Words a cut title should not end on ("... invasion of…").
WEAK_ENDINGS = frozenset("a an the of to in on at for and or but with by from that its as "
                         "is was are were has have had".split())
INLINE_MARKUP = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),                    # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),                # links
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),        # strong
    (re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # emphasis
    (re.compile(r"(?<!\w)_(?=\S)([^_]+?)(?<=\S)_(?!\w)"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),                            # code
)


@dataclass(frozen=True)
class _Chunk:
    """A piece of the source before it becomes a block: kind is "heading", "paragraph",
    "item" or "quote"."""

    kind: str
    text: str
    level: int = 0


@dataclass(frozen=True)
class _Gallery:
    """Two or more captions glued into one line: the end of a page dump's article."""

    captions: tuple[Caption, ...]


@dataclass(frozen=True)
class _AudioNote:
    """The source's own AI-audio note; left out of the article."""


def parse_text(text: str, title: str | None = None) -> Article:
    """An Article from plain text or light Markdown; ``title`` overrides any found."""
    meta, lines = _front_matter(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    md_title, raw_sections = _raw_sections(_chunks(lines), title_known=bool(meta.get("title")))
    notes: list[str] = []
    sections = _resolve(raw_sections, notes)
    if not any(isinstance(b, Paragraph) for s in sections for b in s.blocks):
        raise ExtractionError("no article text found: no paragraph with words in it")
    final_title = (title or _inline(meta.get("title", "")) or md_title
                   or _derive_title(sections, notes))
    return Article(title=final_title.strip(), sections=sections, url=meta.get("url"),
                   authors=split_authors(meta.get("by")), published=meta.get("date"),
                   language=meta.get("language"), site_name=meta.get("site"),
                   notes=tuple(notes))


def is_audio_note(text: str) -> bool:
    """The site's own "This audio is created with AI assistance" line."""
    return bool(AUDIO_NOTE.match(text)) and len(text.split()) <= 15


def split_authors(value: str | None) -> tuple[str, ...]:
    """Split a byline ("By Jane Doe, John Roe and Ann Poe") into names."""
    if not value:
        return ()
    value = re.sub(r"^by\s+", "", value.strip(), flags=re.I)
    return tuple(a.strip() for a in re.split(r",\s*|\s+and\s+|\s*&\s*", value) if a.strip())


# ---------------------------------------------------------------- front matter


def _front_matter(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """``Key: value`` lines at the very top, ended by a blank line (or between ``---``
    lines). Without that blank line they are body text, not front matter."""
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    fenced = start < len(lines) and lines[start].strip() == "---"
    index = start + 1 if fenced else start
    meta: dict[str, str] = {}
    while index < len(lines) and (match := FRONT_MATTER.match(lines[index].strip())):
        key = match.group(1).lower()
        meta[FRONT_MATTER_KEYS.get(key, key)] = match.group(2).strip()
        index += 1
    if fenced and meta and index < len(lines) and lines[index].strip() == "---":
        return meta, lines[index + 1:]
    if not fenced and meta and (index == len(lines) or not lines[index].strip()):
        return meta, lines[index:]
    return {}, lines[start:]


# ---------------------------------------------------------------- lines to chunks


def _chunks(lines: list[str]) -> list[_Chunk]:
    """Headings, list items and quotes are chunks of their own (consecutive ``>`` lines
    make one quote); the prose between them is cut into paragraphs by ``_prose``."""
    chunks: list[_Chunk] = []
    block: list[str] = []
    quote_open = False
    wrapped = _has_blank_separators(lines)
    for raw in lines + [""]:
        line = " ".join(raw.split())
        kind = _line_kind(line)
        if kind == "prose":
            block.append(line)
            quote_open = False
            continue
        chunks.extend(_prose(block, wrapped))
        block = []
        if kind == "quote" and quote_open:
            more = _inline(QUOTE_LINE.match(line).group(1))
            chunks[-1] = _Chunk("quote", f"{chunks[-1].text} {more}".strip())
        elif kind != "blank":
            chunks.append(_special_chunk(kind, line))
        quote_open = kind == "quote"
    return [c for c in chunks if c.text]


def _line_kind(line: str) -> str:
    if not line:
        return "blank"
    for kind, pattern in (("heading", HEADING), ("item", LIST_ITEM), ("quote", QUOTE_LINE)):
        if pattern.match(line):
            return kind
    return "prose"


def _special_chunk(kind: str, line: str) -> _Chunk:
    if kind == "heading":
        match = HEADING.match(line)
        return _Chunk("heading", _inline(match.group(2)), len(match.group(1)))
    pattern = LIST_ITEM if kind == "item" else QUOTE_LINE
    return _Chunk(kind, _inline(pattern.match(line).group(1)))


def _has_blank_separators(lines: list[str]) -> bool:
    content = [i for i, line in enumerate(lines) if line.strip()]
    return any(b - a > 1 for a, b in zip(content, content[1:]))


def _prose(block: list[str], wrapped: bool) -> list[_Chunk]:
    """One paragraph per line, as a page copied from a browser has it. In a text whose
    paragraphs are separated by blank lines, a block of lines is one hard-wrapped
    paragraph, as in Markdown; unless a line is longer than WRAP_WIDTH: long lines mean
    a page copy, where joining would glue paragraphs together."""
    if wrapped and len(block) > 1 and max(map(len, block)) <= WRAP_WIDTH:
        block = [" ".join(block)]
    return [_Chunk("paragraph", _inline(line)) for line in block]


def _inline(text: str) -> str:
    """Markdown emphasis, links and images would otherwise be read out as symbols."""
    for pattern, replacement in INLINE_MARKUP:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


# ---------------------------------------------------------------- chunks to blocks


def _raw_sections(chunks: list[_Chunk], title_known: bool = False
                  ) -> tuple[str | None, list[tuple[str | None, list]]]:
    """A ``#`` heading before any body text is the title (unless the front matter named
    one: then it heads the first section); other headings open sections."""
    title = None
    sections: list[tuple[str | None, list]] = [(None, [])]
    for chunk in chunks:
        if chunk.kind != "heading":
            sections[-1][1].extend(_classify(chunk))
        elif (chunk.level == 1 and title is None and not title_known
              and not any(b for _h, b in sections)):
            title = chunk.text
        else:
            sections.append((chunk.text, []))
    return title, sections


def _classify(chunk: _Chunk) -> list:
    if not HAS_WORD.search(chunk.text):
        return []  # rules, decorations, stray numbers
    if chunk.kind == "item":
        return [ListItem(chunk.text)]
    if chunk.kind == "quote":
        return [Quote(chunk.text)]
    if is_audio_note(chunk.text):
        return [_AudioNote()]
    glued = _split_glued(chunk.text)
    if glued:
        return glued
    text, credit = split_credit(chunk.text)
    return [Caption(text, credit) if credit and text else Paragraph(chunk.text)]


def _split_glued(line: str) -> list:
    """Cut after every credit glued to the next caption. Two or more captions make a
    gallery; one caption glued to prose gives the caption and the paragraph."""
    captions, start = [], 0
    for match in GLUED_CREDIT.finditer(line):
        text, credit = split_credit(line[start:match.end()])
        if credit and text:
            captions.append(Caption(text, credit))
            start = match.end()
    if not captions:
        return []
    tail = _classify(_Chunk("paragraph", line[start:].strip()))
    if tail and isinstance(tail[0], Caption):
        captions, tail = captions + tail, []
    return ([_Gallery(tuple(captions))] if len(captions) > 1 else captions) + tail


def _resolve(raw_sections: list[tuple[str | None, list]], notes: list[str]) -> tuple[Section, ...]:
    """Replace the markers: galleries by their captions, teasers and the audio note by
    nothing, with a note for each."""
    flat = [(i, b) for i, (_h, blocks) in enumerate(raw_sections) for b in blocks]
    cut = _gallery_end(flat)
    kept: list[list[Block]] = [[] for _ in raw_sections]
    for index, block in flat[:cut]:
        if isinstance(block, _Gallery):
            kept[index].extend(block.captions)
            notes.append(f"split a photo gallery into {len(block.captions)} captions")
        elif not isinstance(block, _AudioNote):
            kept[index].append(block)
    _note_dropped([b for _i, b in flat[cut:]], notes)
    if any(isinstance(b, _AudioNote) for _i, b in flat[:cut]):
        notes.append("left out the source's own AI-audio note; the episode adds its own "
                     "disclosure")
    return tuple(Section(h, tuple(b)) for (h, _), b in zip(raw_sections, kept) if b)


def _gallery_end(flat: list) -> int:
    """Where the article ends: after the last gallery that follows some body text (a
    gallery at the very top is a lead gallery, not the end), else at the end."""
    seen_paragraph, cut = False, len(flat)
    for position, (_i, block) in enumerate(flat):
        if isinstance(block, _Gallery) and seen_paragraph:
            cut = position + 1
        seen_paragraph = seen_paragraph or isinstance(block, Paragraph)
    return cut


def _note_dropped(dropped: list, notes: list[str]) -> None:
    paragraphs = sum(isinstance(b, Paragraph) for b in dropped)
    others = sum(not isinstance(b, (Paragraph, _AudioNote)) for b in dropped)
    if paragraphs or others:
        extra = f" and {others} other blocks" if others else ""
        notes.append(f"left out {paragraphs} paragraphs{extra} after the photo gallery: in a "
                     "page copy the gallery ends the article and what follows are teasers "
                     "for other stories")


# ---------------------------------------------------------------- title


def _derive_title(sections: tuple[Section, ...], notes: list[str]) -> str:
    first = next(b for s in sections for b in s.blocks if isinstance(b, Paragraph))
    words = _first_sentence(first.text).rstrip(".!?").split()
    title = " ".join(words)
    if len(words) > TITLE_WORDS:
        words = words[:TITLE_WORDS]
        while len(words) > 1 and words[-1].lower().strip(",;:") in WEAK_ENDINGS:
            words.pop()
        title = " ".join(words).rstrip(",;:—–-") + "…"
    notes.append(f"the source has no headline; using its first words as the title: "
                 f"{title!r} (set one with --title)")
    return title


_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
# A period after these does not end a sentence ("Feb. 24", "Gen. Smith", "U.S. forces").
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Gov|Sen|Rep|Lt|Col|Sgt|St|Jr|Sr|No|vs|Jan|Feb|"
    r"Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec))\.$")


def _first_sentence(text: str) -> str:
    for match in _SENTENCE_END.finditer(text):
        if not _ABBREVIATION.search(text[:match.start() + 1]):
            return text[:match.start() + 1]
    return text
