"""The episode page: what a listener who cannot or would rather not read opens.

Without JavaScript it is complete: the disclosure, a native ``<audio>`` element (its
source, and the transcript as a captions track), the chapters as ``#t=`` media-fragment
links (W3C Media Fragments URI 1.0) and the whole transcript. ``assets/page.js`` adds
the rest: play, skip back 15 s and ahead 30 s, the speed, keyboard shortcuts, the
position and speed remembered per episode (offered back, never jumped to), ``#t=95``
links to a moment and a control that copies one, chapter buttons that seek, the current
chapter in the sticky player, the sentence and the word being read highlighted (and
followed, unless the listener turns that off or is using another control), sentences
that play from where they start, a search in the transcript, and the lock screen's
metadata and seek actions (Media Session).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

from ..links import safe_link
from ..models import Chapter, Cue
from ..timefmt import clock
from .data import PAGE, PageEpisode, Show, load_episode, read_show, write_page
from .html import (SYNTHETIC, asset, english, esc, facts, head, iso_duration, json_ld,
                   summary, title_language)

SPEEDS = ("0.75", "1", "1.25", "1.5", "1.75", "2")
BACK_S, AHEAD_S = 15, 30
# Cues in the narration's own words (script/plan.py Phrases, English): the byline, the
# disclosure and the outro. The article's own sentences have its language.
NARRATION_ROLES = frozenset({"byline", "disclosure", "outro"})
SHORTCUTS = (("<kbd>Space</kbd> or <kbd>k</kbd>", "Play or pause"),
             ("<kbd>j</kbd> or <kbd>←</kbd>", f"Back {BACK_S} seconds"),
             ("<kbd>l</kbd> or <kbd>→</kbd>", f"Ahead {AHEAD_S} seconds"),
             ("<kbd>&lt;</kbd> and <kbd>&gt;</kbd>", "Slower and faster"))


def write_episode_page(folder: Path) -> Path:
    """``folder/index.html`` for the episode in ``folder``; returns its path."""
    episode = load_episode(Path(folder))
    show = read_show(Path(folder).parent)
    return write_page(Path(folder) / PAGE, render_episode_page(episode, show))


def render_episode_page(ep: PageEpisode, show: Show = Show()) -> str:
    ui = english(ep.language)
    return "".join((
        head(ep.title, ep.language, json_ld(structured_data(ep))),
        f'<body>\n<a class="skip" href="#transcript-heading"{ui}>Skip to the transcript</a>\n'
        f'<header class="site"><nav aria-label="Show"{ui}><a href="../index.html">'
        f"All episodes</a></nav></header>\n"
        '<main id="main">\n<article>\n',
        _header(ep), _player(ep, show), _tools(ep), _files(ep), _chapters(ep), _transcript(ep),
        _source(ep), "</article>\n</main>\n",
        f"<script>\n{asset('page.js')}</script>\n</body>\n</html>\n"))


def _header(ep: PageEpisode) -> str:
    return (f'<header>\n<h1 id="title" dir="auto">{esc(ep.title)}</h1>\n'
            f'<p class="byline">{facts(ep, authors=True)}</p>\n{summary(ep, "summary")}'
            f"</header>\n"
            # Above the player, and the player's description, so a screen reader
            # announces it on reaching the audio (issue 12).
            f'<p id="disclosure" class="disclosure" role="note"{english(ep.language)}><strong>'
            f"{esc(ep.disclosure)}</strong> A synthetic voice reads the article; "
            f"the transcript below is what it says.</p>\n")


def _player(ep: PageEpisode, show: Show) -> str:
    """The sticky player: the native audio element (page.js only adds to it) with a
    ``<source>`` per audio format, play and skip buttons, the chapter playing, and the
    offer to resume where the listener left off."""
    audio, ui = esc(quote(ep.audio)), english(ep.language)
    return (f'<section class="player" id="player" aria-label="Player"{ui}{_media_data(ep, show)}>\n'
            '<audio id="audio" controls preload="metadata" aria-labelledby="title" '
            'aria-describedby="disclosure">\n'
            f'{_sources(ep)}'
            f'<track kind="captions" src="transcript.vtt" srclang="{esc(ep.language)}" '
            f'label="Transcript">\n<a href="{audio}">Listen to the {_label(ep)}</a>\n'
            '</audio>\n'
            '<p class="controls" id="controls" hidden>'
            '<button type="button" id="play" aria-keyshortcuts="k Space">Play</button>\n'
            f'<button type="button" id="back" aria-keyshortcuts="j ArrowLeft">Back {BACK_S} s'
            f'</button>\n<button type="button" id="ahead" aria-keyshortcuts="l ArrowRight">'
            f"Ahead {AHEAD_S} s</button></p>\n"
            '<p class="now-chapter" id="now-chapter" hidden></p>\n'
            '<p class="resume" id="resume" hidden><button type="button" id="resume-button">'
            'Resume</button>\n<button type="button" id="start-over">Start over</button></p>\n'
            "</section>\n")


def _media_data(ep: PageEpisode, show: Show) -> str:
    """What the lock screen shows (Media Session): the author, else the site, as artist;
    the show as album; the cover as artwork."""
    artist = ", ".join(ep.authors) or ep.site_name or show.title
    data = f' data-artist="{esc(artist)}" data-album="{esc(show.title)}"'
    if ep.cover:
        data += f' data-artwork="{esc(quote(ep.cover))}"'
    return data


def _tools(ep: PageEpisode) -> str:
    """Speed, following, sharing a moment and the keyboard shortcuts: only with page.js."""
    options = "".join(f'<option value="{s}"{" selected" if s == "1" else ""}>{s}×</option>'
                      for s in SPEEDS)
    keys = "".join(f"<dt>{k}</dt><dd>{what}</dd>\n" for k, what in SHORTCUTS)
    return (f'<div class="tools" id="tools" hidden{english(ep.language)}>\n'
            f'<p class="speed"><label for="speed">Playback speed</label>\n'
            f'<select id="speed" aria-keyshortcuts="&lt; &gt;">{options}</select></p>\n'
            '<p class="check"><input type="checkbox" id="follow" checked>\n'
            '<label for="follow">Keep the sentence being read in view</label></p>\n'
            '<p class="share"><button type="button" id="share">Copy link to this moment'
            '</button>\n<input type="text" id="share-link" readonly hidden '
            'aria-label="Link to this moment">\n<span id="share-status" role="status"></span></p>\n'
            '<details class="shortcuts"><summary>Keyboard shortcuts</summary>\n'
            f"<dl>\n{keys}</dl>\n<p>Anywhere on the page but in a text box, the speed menu "
            "or the audio controls; in the transcript, the arrow keys move between "
            'sentences.</p>\n<p class="check"><input type="checkbox" id="single-keys" checked>\n'
            '<label for="single-keys">Single-key shortcuts (Space, k, j, l, &lt; and &gt;)'
            "</label></p>\n</details>\n</div>\n")


def _sources(ep: PageEpisode) -> str:
    """A <source> for each audio format, smallest first, its type with the codec: the
    browser plays the first it can."""
    if len(ep.sources) < 2:
        return f'<source src="{esc(quote(ep.audio))}" type="audio/mpeg">\n'
    return "".join(f'<source src="{esc(quote(a.name))}" type="{esc(a.type)}">\n'
                   for a in ep.sources)


def _files(ep: PageEpisode) -> str:
    return (f'<p class="files"{english(ep.language)}>{_downloads(ep)}'
            f'<a href="transcript.vtt">Captions (WebVTT)</a></p>\n')


def _downloads(ep: PageEpisode) -> str:
    if len(ep.sources) < 2:
        return f'<a href="{esc(quote(ep.audio))}" download>Download the MP3</a>\n'
    return "".join(f'<a href="{esc(quote(a.name))}" download>Download the {esc(a.label)} '
                   f"({a.size / 1e6:.1f} MB)</a>\n" for a in ep.sources)


def _label(ep: PageEpisode) -> str:
    """The main audio file's format, as a listener reads it."""
    return next((esc(a.label) for a in ep.sources if a.name == ep.audio), "MP3")


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
            f'{clock(chapter.start_ms)}</span> <span class="title"'
            f'{title_language(chapter.title, ep.language)}>{esc(chapter.title)}</span>'
            f"</a></li>\n")


def _transcript(ep: PageEpisode) -> str:
    ui = english(ep.language)
    parts = ['<section id="transcript" aria-labelledby="transcript-heading">\n'
             f'<h2 id="transcript-heading" tabindex="-1"{ui}>Transcript</h2>\n'
             f'<p class="hint" id="transcript-hint" hidden{ui}>Select a sentence to listen '
             "from there; with the keyboard, Tab to the transcript, move with the arrow keys "
             "and press Enter. The sentence being read is marked, and its word "
             "underlined.</p>\n", _search(ep)]
    for number, chapter in enumerate(ep.chapters or (Chapter("", 0, ep.duration_ms),), 1):
        inside = [c for c in ep.cues if chapter.start_ms <= c.start_ms < chapter.end_ms]
        parts.append(f"<section>\n{_part_heading(ep, number, chapter, inside)}")
        parts += [f"<p{_cue_language(ep, c)}>{_cue(c)}</p>\n" for c in inside]
        parts.append("</section>\n")
    return "".join(parts) + "</section>\n"


def _search(ep: PageEpisode) -> str:
    return (f'<form class="search" id="search" role="search" hidden{english(ep.language)}>\n'
            '<label for="search-text">Search the transcript</label>\n'
            '<input type="search" id="search-text" autocomplete="off">\n'
            '<button type="submit">Find</button>\n'
            '<button type="button" id="search-play" hidden>Play from the match</button>\n'
            '<span id="search-status" role="status"></span>\n</form>\n')


def _part_heading(ep: PageEpisode, number: int, chapter: Chapter, inside: list) -> str:
    """The chapter's heading; when the narrator reads the heading aloud (its first cue),
    the heading is that cue, so it is not shown twice. Takes the cue out of ``inside``."""
    if not chapter.title:
        return ""
    if inside and inside[0].text == chapter.title:
        cue = inside.pop(0)
        return f'<h3 id="part-{number}"{_cue_language(ep, cue)}>{_cue(cue)}</h3>\n'
    return (f'<h3 id="part-{number}" class="part"{title_language(chapter.title, ep.language)}>'
            f"{esc(chapter.title)}</h3>\n")


def _cue_language(ep: PageEpisode, cue: Cue) -> str:
    return english(ep.language) if cue.role in NARRATION_ROLES else ' dir="auto"'


def _cue(cue: Cue) -> str:
    """A sentence that page.js makes a button (it plays from its start), each word in a
    span with its start time where the engine timed the words."""
    text = " ".join(f'<span class="w" data-t="{w.start_ms / 1000:.3f}">{esc(w.text)}</span>'
                    for w in cue.words) if cue.words else esc(cue.text)
    return (f'<span class="cue" data-start="{cue.start_ms / 1000:.3f}" '
            f'data-end="{cue.end_ms / 1000:.3f}">{text}</span>')


def _source(ep: PageEpisode) -> str:
    link = safe_link(ep.url)
    if not link:
        return ""
    name = ep.site_name or urlsplit(ep.url.strip()).hostname  # as the reader knows it
    return (f'<p class="source"{english(ep.language)}>Read the original article at '
            f'<a href="{esc(link)}" lang="{esc(ep.language)}" dir="auto">{esc(name)}</a>.</p>\n')


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
    if safe_link(ep.url):
        article["url"] = safe_link(ep.url)
    if ep.authors:
        article["author"] = [{"@type": "Person", "name": name} for name in ep.authors]
    if ep.published:
        article["datePublished"] = ep.published
    if ep.site_name:
        article["publisher"] = {"@type": "Organization", "name": ep.site_name}
    return article
