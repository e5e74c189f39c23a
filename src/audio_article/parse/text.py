"""Plain text (and light Markdown) to Article.

Handles text typed by an editor and text copied out of a web page: an optional front
matter (``Title:``, ``By:``, ``Date:``, ``URL:``, ``Language:``), ``#`` headings,
paragraphs, photo captions recognised by a credit in parentheses, caption galleries
glued into one line, the site's own "This audio is created with AI assistance" note,
and the teasers for other stories that follow a gallery at the end of a page dump.
"""

from __future__ import annotations

import re

from ..errors import ExtractionError
from ..models import Article, Caption, Paragraph, Section
from .credits import split_credit

FRONT_MATTER = re.compile(r"^(title|by|author|authors|date|url|language|lang|site)\s*:\s*(.+)$", re.I)
HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*$")
AUDIO_NOTE = re.compile(
    r"^(this|the) (audio|article|story|narration)( version)? (is|was|has been) "
    r"(created|generated|produced|narrated|read|voiced)\b.{0,60}\b(AI|artificial intelligence)\b",
    re.I)
# A credit in parentheses directly followed by the next caption's first letter.
GLUED_CREDIT = re.compile(r"\(([^()]{2,80})\)(?=\s?[\"“A-Z])")
TERMINAL = ('.', '!', '?', '"', '”', '’', "'", ')', ':')
TITLE_WORDS = 12


def parse_text(text: str, title: str | None = None) -> Article:
    meta, lines = _front_matter(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    md_title, sections = _sections(lines)
    notes: list[str] = []
    sections = _drop_teasers(sections, notes)
    if not any(isinstance(b, Paragraph) for _h, blocks in sections for b in blocks):
        raise ExtractionError("no article text found: no paragraph with words in it")
    built = tuple(Section(h, tuple(b)) for h, b in sections if b)
    final_title = title or meta.get("title") or md_title or _derive_title(built, notes)
    return Article(title=final_title.strip(), sections=built, url=meta.get("url"),
                   authors=_authors(meta.get("by") or meta.get("author") or meta.get("authors")),
                   published=meta.get("date"), language=meta.get("language") or meta.get("lang"),
                   site_name=meta.get("site"), notes=tuple(notes))


def _front_matter(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Key: value lines at the very top, ended by a blank line."""
    meta: dict[str, str] = {}
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    start = index
    while index < len(lines) and (match := FRONT_MATTER.match(lines[index].strip())):
        meta[match.group(1).lower()] = match.group(2).strip()
        index += 1
    if meta and (index == len(lines) or not lines[index].strip()):
        return meta, lines[index:]
    return {}, lines[start:]


def _sections(lines: list[str]) -> tuple[str | None, list[tuple[str | None, list]]]:
    title = None
    sections: list[tuple[str | None, list]] = [(None, [])]
    for paragraph in _paragraphs(lines):
        heading = HEADING.match(paragraph)
        if heading and len(heading.group(1)) == 1 and title is None and not _has_body(sections):
            title = heading.group(2)
        elif heading:
            sections.append((heading.group(2), []))
        else:
            sections[-1][1].extend(_classify(paragraph))
    return title, sections


def _has_body(sections) -> bool:
    return any(blocks for _h, blocks in sections)


def _paragraphs(lines: list[str]):
    """Text with blank lines between paragraphs may be hard-wrapped: a line that does not
    end a sentence continues on the next. Text with no blank lines (copied from a web
    page) has one paragraph per line, whatever its last character."""
    wrapped = _has_blank_separators(lines)
    current = ""
    for raw in lines + [""]:
        line = " ".join(raw.split())
        if not line or HEADING.match(line):
            if current:
                yield current
            current = ""
            if line:
                yield line
            continue
        if current and (not wrapped or current.endswith(TERMINAL) or len(current) < 30):
            yield current
            current = ""
        current = f"{current} {line}".strip()


def _has_blank_separators(lines: list[str]) -> bool:
    content = [i for i, line in enumerate(lines) if line.strip()]
    return any(b - a > 1 for a, b in zip(content, content[1:]))


def _classify(paragraph: str) -> list:
    if AUDIO_NOTE.match(paragraph) and len(paragraph.split()) <= 15:
        return [_AudioNote()]
    captions = _split_gallery(paragraph)
    if len(captions) > 1:
        return [_Gallery(tuple(captions))]
    text, credit = split_credit(paragraph)
    if credit and paragraph.rstrip().endswith(")"):
        return [Caption(text, credit)]
    if not re.search(r"[^\W\d_]{2,}", paragraph):
        return []  # no words: rules, decorations, stray numbers
    return [Paragraph(paragraph)]


def _split_gallery(paragraph: str) -> list[Caption]:
    """Cut after every parenthesised credit that is glued to the next caption."""
    captions, start = [], 0
    for match in GLUED_CREDIT.finditer(paragraph):
        text, credit = split_credit(paragraph[start:match.end()])
        if credit:
            captions.append(Caption(text, credit))
            start = match.end()
    if not captions:
        return []
    text, credit = split_credit(paragraph[start:])
    if not credit:
        return []  # the tail is not a caption, so this is prose with parentheses
    return captions + [Caption(text, credit)]


class _AudioNote:
    """Marker for the site's own AI-audio note; removed before the Article is built."""


class _Gallery:
    def __init__(self, captions: tuple[Caption, ...]) -> None:
        self.captions = captions


def _drop_teasers(sections, notes: list[str]):
    """A page dump's photo gallery closes the article; the paragraphs after it are teasers
    for other stories. Markers are resolved into captions here."""
    flat = [(i, b) for i, (_h, blocks) in enumerate(sections) for b in blocks]
    galleries = [n for n, (_i, b) in enumerate(flat) if isinstance(b, _Gallery)]
    cut = galleries[-1] + 1 if galleries else len(flat)
    dropped = [b for _i, b in flat[cut:] if isinstance(b, Paragraph)]
    if dropped:
        notes.append(f"left out {len(dropped)} paragraphs after the photo gallery as "
                     "teasers for other stories")
    if any(isinstance(b, _AudioNote) for _i, b in flat):
        notes.append("left out the source's own AI-audio note; the episode adds its own disclosure")
    out = [(h, []) for h, _b in sections]
    for index, block in flat[:cut]:
        if isinstance(block, _Gallery):
            out[index][1].extend(block.captions)
        elif not isinstance(block, _AudioNote):
            out[index][1].append(block)
    return out


def _derive_title(sections: tuple[Section, ...], notes: list[str]) -> str:
    from ..script.sentences import split_sentences

    first = next(b for s in sections for b in s.blocks if isinstance(b, Paragraph))
    words = split_sentences(first.text)[0].rstrip(".!?").split()
    title = " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")
    notes.append(f"the source has no headline; using {title!r} (set one with --title)")
    return title


def _authors(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    value = re.sub(r"^by\s+", "", value.strip(), flags=re.I)
    return tuple(a.strip() for a in re.split(r",\s*|\s+and\s+|\s*&\s*", value) if a.strip())
