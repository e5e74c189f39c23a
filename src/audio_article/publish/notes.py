"""Show notes: the item's plain ``description`` and its HTML ``content:encoded``.

Both open with the AI disclosure, so a byte limit can never cut it off (STANDARDS.md §5.1-2:
the disclosure belongs in the metadata as well as the audio), then the article's summary,
a link to it, the chapter list and a link to the transcript (§4: a text alternative).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from .episode import FeedEpisode
from .text import ELLIPSIS, clock, fit_bytes, utf8_len, xml_safe

LIMIT = 4000  # bytes, for description and content:encoded (STANDARDS.md §2.2 #7, #19)
SUMMARY_LIMIT = 1500  # bytes of article summary, so the chapter list keeps some room


@dataclass(frozen=True)
class Links:
    article: str | None
    transcript: str | None


def _summary(episode: FeedEpisode) -> str | None:
    if not episode.description:
        return None
    return fit_bytes(" ".join(xml_safe(episode.description).split()), SUMMARY_LIMIT)


def _byline(episode: FeedEpisode) -> str | None:
    names = ", ".join(episode.authors)
    source = episode.site_name
    if names and source:
        return f"By {names}, {source}."
    return f"By {names}." if names else (f"From {source}." if source else None)


def _corrected(episode: FeedEpisode) -> str | None:
    day = episode.corrected
    return f"Corrected on {day.day} {day:%B %Y}." if day else None


def plain_notes(episode: FeedEpisode, links: Links) -> str:
    head = [xml_safe(episode.disclosure), _corrected(episode), _summary(episode),
            _byline(episode)]
    if links.article:
        head.append(f"Original article: {links.article}")
    tail = [f"Transcript: {links.transcript}"] if links.transcript else []
    chapters = [f"{clock(c.start_ms)} {xml_safe(c.title)}" for c in episode.chapters]
    lines = [line for line in head if line]
    listed = _fit(chapters, LIMIT - utf8_len("\n\n".join(lines + tail)) - 40, "\n")
    body = "\n\n".join(lines + (["Chapters:\n" + "\n".join(listed)] if listed else []) + tail)
    return fit_bytes(body, LIMIT)


def html_notes(episode: FeedEpisode, links: Links) -> str:
    """HTML limited to the tags Apple renders: p, ol, ul, li, a (§2.2 #19). Every text
    is escaped, so no ``]]>`` can end the CDATA section early."""
    esc = html.escape
    head = [f"<p>{esc(xml_safe(episode.disclosure))}</p>"]
    for text in (_corrected(episode), _summary(episode), _byline(episode)):
        if text:
            head.append(f'<p dir="auto">{esc(text)}</p>')
    if links.article:
        head.append(f'<p><a href="{esc(links.article)}">Read the original article</a></p>')
    tail = ([f'<p><a href="{esc(links.transcript)}">Read the transcript</a></p>']
            if links.transcript else [])
    items = [f'<li dir="auto">{clock(c.start_ms)} {esc(xml_safe(c.title))}</li>'
             for c in episode.chapters]
    room = LIMIT - utf8_len("".join(head + tail)) - 40
    listed = _fit(items, room, "", f"<li>{ELLIPSIS}</li>")
    chapters = ["<p>Chapters:</p><ol>" + "".join(listed) + "</ol>"] if listed else []
    return "".join(head + chapters + tail)


def _fit(lines: list[str], room: int, joiner: str, more: str = ELLIPSIS) -> list[str]:
    """As many of ``lines`` as fit in ``room`` bytes, then ``more`` if any were left out."""
    kept, used = [], 0
    for line in lines:
        cost = utf8_len(line + joiner)
        if used + cost + utf8_len(more) > room:
            return kept + [more]
        kept.append(line)
        used += cost
    return kept
