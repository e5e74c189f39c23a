"""The episode page: what a listener who cannot or would rather not read opens.

Without JavaScript it is complete: the disclosure, a native ``<audio>`` element, the
chapters as ``#t=`` media-fragment links (W3C Media Fragments URI 1.0) and the whole
transcript. ``assets/page.js`` adds the rest: chapter buttons that seek, a play button,
the speed control, the current sentence highlighted, a click on a sentence seeks.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

from ..models import Chapter
from ..timefmt import clock
from .data import PAGE, PageEpisode, load_episode, write_page
from .html import (SYNTHETIC, asset, english, esc, facts, head, iso_duration, json_ld,
                   summary)

SPEEDS = ("0.75", "1", "1.25", "1.5", "1.75", "2")


def write_episode_page(folder: Path) -> Path:
    """``folder/index.html`` for the episode in ``folder``; returns its path."""
    episode = load_episode(Path(folder))
    return write_page(Path(folder) / PAGE, render_episode_page(episode))


def render_episode_page(ep: PageEpisode) -> str:
    return "".join((
        head(ep.title, ep.language, json_ld(structured_data(ep))),
        f'<body>\n<a class="skip" href="#transcript-heading"{english(ep.language)}>Skip to '
        f'the transcript</a>\n<header class="site"><nav aria-label="Show"'
        f'{english(ep.language)}><a href="../index.html">All episodes</a></nav></header>\n'
        '<main id="main">\n<article>\n',
        _header(ep), _player(ep), _chapters(ep), _speed(ep), _transcript(ep), _source(ep),
        "</article>\n</main>\n", f"<script>\n{asset('page.js')}</script>\n</body>\n</html>\n"))


def _header(ep: PageEpisode) -> str:
    return (f'<header>\n<h1 dir="auto">{esc(ep.title)}</h1>\n'
            f'<p class="byline">{facts(ep, authors=True)}</p>\n{summary(ep, "summary")}'
            f"</header>\n"
            # Above the player, and the player's description, so a screen reader
            # announces it on reaching the audio (issue 12).
            f'<p id="disclosure" class="disclosure" role="note"{english(ep.language)}><strong>'
            f"{esc(ep.disclosure)}</strong> A synthetic voice reads the article; "
            f"the transcript below is what it says.</p>\n")


def _player(ep: PageEpisode) -> str:
    audio = quote(ep.audio)
    src = f' src="{esc(audio)}"' if len(ep.sources) < 2 else ""
    return (f'<section class="player" aria-label="Player"{english(ep.language)}>\n'
            f'<audio id="audio" controls preload="metadata"{src} '
            f'aria-describedby="disclosure">\n{_sources(ep)}<a href="{esc(audio)}">Listen '
            f'to the {_label(ep, ep.audio)}</a>\n</audio>\n<p class="controls"><button '
            f'type="button" id="play" hidden>Play</button></p>\n</section>\n'
            f'<p class="files"{english(ep.language)}>{_downloads(ep)}'
            f'<a href="transcript.vtt">Captions (WebVTT)</a></p>\n')


def _sources(ep: PageEpisode) -> str:
    """With several formats, a <source> each, with its type and codec, smallest first:
    the browser plays the first it can (one format: the <audio>'s own ``src``)."""
    if len(ep.sources) < 2:
        return ""
    return "".join(f'<source src="{esc(quote(a.name))}" type="{esc(a.type)}">\n'
                   for a in ep.sources)


def _downloads(ep: PageEpisode) -> str:
    if len(ep.sources) < 2:
        return f'<a href="{esc(quote(ep.audio))}" download>Download the MP3</a>\n'
    return "".join(f'<a href="{esc(quote(a.name))}" download>Download the {esc(a.label)} '
                   f"({a.size / 1e6:.1f} MB)</a>\n" for a in ep.sources)


def _label(ep: PageEpisode, name: str) -> str:
    return next((esc(a.label) for a in ep.sources if a.name == name), "MP3")


def _chapters(ep: PageEpisode) -> str:
    if not ep.chapters:
        return ""
    items = "".join(_chapter_item(ep, number, chapter)
                    for number, chapter in enumerate(ep.chapters, 1))
    return (f'<nav id="chapters" aria-labelledby="chapters-heading">\n'
            f'<h2 id="chapters-heading"{english(ep.language)}>Chapters</h2>\n'
            f'<ol>\n{items}</ol>\n</nav>\n')


def _chapter_item(ep: PageEpisode, number: int, chapter: Chapter) -> str:
    start = f"{chapter.start_ms / 1000:.3f}"
    return (f'<li><a class="chapter" id="chapter-{number}" data-start="{start}" '
            f'href="{esc(quote(ep.audio))}#t={start}"><span class="time">'
            f'{clock(chapter.start_ms)}</span> <span dir="auto">{esc(chapter.title)}</span>'
            f"</a></li>\n")


def _speed(ep: PageEpisode) -> str:
    options = "".join(f'<option value="{s}"{" selected" if s == "1" else ""}>{s}×</option>'
                      for s in SPEEDS)
    return (f'<p class="speed" id="speed-control" hidden{english(ep.language)}>'
            f'<label for="speed">Playback speed</label>\n<select id="speed">{options}</select></p>\n')


def _transcript(ep: PageEpisode) -> str:
    ui = english(ep.language)
    parts = ['<section id="transcript" aria-labelledby="transcript-heading">\n'
             f'<h2 id="transcript-heading"{ui}>Transcript</h2>\n'
             f'<p class="hint" id="transcript-hint" hidden{ui}>Select a sentence to listen from '
             'there; with the keyboard, Tab to the transcript, move with the arrow keys and '
             'press Enter. The sentence being read is highlighted.</p>\n']
    for number, chapter in enumerate(ep.chapters or (Chapter("", 0, ep.duration_ms),), 1):
        inside = [c for c in ep.cues if chapter.start_ms <= c.start_ms < chapter.end_ms]
        parts.append(f"<section>\n{_part_heading(number, chapter, inside)}")
        parts += [f'<p {_cue_attributes(c)}>{esc(c.text)}</p>\n' for c in inside]
        parts.append("</section>\n")
    return "".join(parts) + "</section>\n"


def _part_heading(number: int, chapter: Chapter, inside: list) -> str:
    """The chapter's heading; when the narrator reads the heading aloud (its first cue),
    the heading is that cue, so it is not shown twice. Takes the cue out of ``inside``."""
    if not chapter.title:
        return ""
    attributes = ' dir="auto"'
    if inside and inside[0].text == chapter.title:
        attributes = " " + _cue_attributes(inside.pop(0))
    return f'<h3 id="part-{number}"{attributes}>{esc(chapter.title)}</h3>\n'


def _cue_attributes(cue) -> str:
    return (f'class="cue" data-start="{cue.start_ms / 1000:.3f}" '
            f'data-end="{cue.end_ms / 1000:.3f}" dir="auto"')


def _source(ep: PageEpisode) -> str:
    if not ep.url:
        return ""
    name = ep.site_name or urlsplit(ep.url).hostname or ep.url
    return (f'<p class="source"{english(ep.language)}>Read the original article at '
            f'<a href="{esc(ep.url)}" lang="{esc(ep.language)}" dir="auto">{esc(name)}</a>.</p>\n')


def structured_data(ep: PageEpisode) -> dict:
    """schema.org PodcastEpisode with its AudioObject: duration, transcript and the AI
    disclosure, as text and as the IPTC digital source type for synthetic media."""
    duration = iso_duration(ep.duration_ms)
    audio = {"@type": "AudioObject", "contentUrl": ep.audio, "encodingFormat": "audio/mpeg",
             "duration": duration, "inLanguage": ep.language,
             "transcript": " ".join(c.text for c in ep.cues),
             "description": ep.disclosure, "digitalSourceType": SYNTHETIC}
    data = {"@context": "https://schema.org", "@type": "PodcastEpisode", "name": ep.title,
            "inLanguage": ep.language, "duration": duration, "timeRequired": duration,
            "abstract": ep.disclosure, "digitalSourceType": SYNTHETIC,
            "associatedMedia": audio, "isBasedOn": _article(ep)}
    if ep.created:
        data["datePublished"] = ep.created
    return data


def _article(ep: PageEpisode) -> dict:
    article = {"@type": "NewsArticle", "headline": ep.title}
    if ep.url:
        article["url"] = ep.url
    if ep.authors:
        article["author"] = [{"@type": "Person", "name": name} for name in ep.authors]
    if ep.published:
        article["datePublished"] = ep.published
    if ep.site_name:
        article["publisher"] = {"@type": "Organization", "name": ep.site_name}
    return article
