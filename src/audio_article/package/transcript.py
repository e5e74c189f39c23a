"""Transcripts and chapter JSON from the cues and chapters measured on the audio.

Caption lines are wrapped at spaces only, never inside a word (a 90-letter word or a
long URL stays whole on an over-long line): a reader that joins a cue's lines with a
space gets the sentence back as it was. ``transcript.json`` carries each cue's exact
text, its role and, where the engine timed them, its words' times: the episode page
is built from it.
"""

from __future__ import annotations

import html
import json
import textwrap

from .. import DISCLOSURE
from ..links import safe_link
from ..models import Chapter, Cue
from ..timefmt import clock, hms_millis

LINE_WIDTH = 65  # characters per caption line, as caption guidelines commonly use
ROLE_SPEAKER = "Narrator"
TRANSCRIPT_FORMAT = "audio-article/transcript"


def caption_lines(text: str) -> list[str]:
    return textwrap.wrap(text, LINE_WIDTH, break_long_words=False,
                         break_on_hyphens=False) or [text]


vtt_timestamp = hms_millis


def vtt_escape(text: str) -> str:
    # WebVTT cue text: & and < start entities and tags; > is escaped for symmetry.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_vtt(cues: tuple[Cue, ...]) -> str:
    blocks = ["WEBVTT\n"]
    for number, cue in enumerate(cues, 1):
        body = "\n".join(vtt_escape(line) for line in caption_lines(cue.text))
        blocks.append(f"{number}\n{vtt_timestamp(cue.start_ms)} --> "
                      f"{vtt_timestamp(cue.end_ms)}\n<v {ROLE_SPEAKER}>{body}\n")
    return "\n".join(blocks)


def render_transcript_json(language: str, cues: tuple[Cue, ...]) -> str:
    """Every cue's times, role and exact text, and its words as [start_ms, end_ms, word]
    (one per whitespace-separated word of the text) where they were timed."""
    items = []
    for cue in cues:
        item = {"start_ms": cue.start_ms, "end_ms": cue.end_ms, "role": cue.role,
                "text": cue.text}
        if cue.words:
            item["words"] = [[w.start_ms, w.end_ms, w.text] for w in cue.words]
        items.append(item)
    data = {"format": TRANSCRIPT_FORMAT, "version": 1, "language": language, "cues": items}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def render_chapters_json(chapters: tuple[Chapter, ...]) -> str:
    """Podcasting 2.0 JSON chapters, version 1.2.0 (startTime in seconds)."""
    items = []
    for chapter in chapters:
        item = {"startTime": chapter.start_ms / 1000, "endTime": chapter.end_ms / 1000,
                "title": chapter.title}
        # Links only: a section's javascript: URL or a local photo's path stays out.
        for key, value in (("url", chapter.url), ("img", chapter.image)):
            if safe_link(value):
                item[key] = safe_link(value)
        items.append(item)
    return json.dumps({"version": "1.2.0", "chapters": items}, indent=2, ensure_ascii=False) + "\n"


def srt_timestamp(ms: int) -> str:
    return vtt_timestamp(ms).replace(".", ",")


def render_srt(cues: tuple[Cue, ...]) -> str:
    blocks = []
    for number, cue in enumerate(cues, 1):
        blocks.append(f"{number}\n{srt_timestamp(cue.start_ms)} --> "
                      f"{srt_timestamp(cue.end_ms)}\n" + "\n".join(caption_lines(cue.text))
                      + "\n")
    return "\n".join(blocks)


def render_html(title: str, language: str, chapters: tuple[Chapter, ...],
                cues: tuple[Cue, ...]) -> str:
    """An accessible transcript page: the disclosure first, one section per chapter whose
    heading equals the chapter title, one paragraph per sentence."""
    esc = html.escape
    parts = [f"<!DOCTYPE html>\n<html lang=\"{esc(language or 'en')}\">\n<head>\n"
             f"<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">\n"
             f"<title>{esc(title)}: transcript</title>\n</head>\n<body>\n<main>\n"
             f"<h1>{esc(title)}</h1>\n<p><strong>{esc(DISCLOSURE)}</strong></p>\n"]
    for number, chapter in enumerate(chapters, 1):
        inside = [c for c in cues if chapter.start_ms <= c.start_ms < chapter.end_ms]
        parts.append(f"<section aria-labelledby=\"chapter-{number}\">\n"
                     f"<h2 id=\"chapter-{number}\">{esc(chapter.title)}</h2>\n"
                     f"<p>Starts at <time datetime=\"PT{chapter.start_ms / 1000:.3f}S\">"
                     f"{clock(chapter.start_ms)}</time>.</p>\n")
        parts += [f"<p>{esc(cue.text)}</p>\n" for cue in inside]
        parts.append("</section>\n")
    parts.append("</main>\n</body>\n</html>\n")
    return "".join(parts)

