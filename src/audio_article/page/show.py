"""The show index: ``<output>/index.html``, the show's front door. Every episode folder in
it, newest first, each with its date, a line about it and how long it is; how to
subscribe (the feed's address to copy, links that open podcast apps); a filter box
(``assets/show.js``; without JavaScript the whole list is simply shown)."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

from .. import DISCLOSURE
from ..errors import PackageError
from .data import (DEFAULT_SHOW_TITLE, FEED, MANIFEST, PAGE, PageEpisode, Show,
                   load_episode, read_show, read_transcript, write_page)
from .html import asset, english, esc, facts, head

DEFAULT_TITLE = DEFAULT_SHOW_TITLE
SUMMARY_CHARS = 160  # one line on a wide screen, two on a phone


def write_show_index(out_dir: Path, title: str | None = None) -> Path:
    """``out_dir/index.html`` listing the episodes in ``out_dir``; returns its path. The
    title is ``title``, else the feed's channel title when a feed.xml is there. A page
    there that we did not write is a PackageError, and is left as it is."""
    out_dir = Path(out_dir)
    check_show_page(out_dir)
    episodes = sorted(_episodes(out_dir), key=lambda ep: ep.sort_key, reverse=True)
    return write_page(out_dir / PAGE, render_show_index(read_show(out_dir, title), episodes))


def check_show_page(out_dir: Path) -> None:
    """PackageError unless ``out_dir/index.html`` may be (re)written: nothing is there (or a
    link to nothing), or a page we wrote, there or at the end of a link. A user's own page
    (a web root's front page), a link to one, a pipe or a folder is never replaced."""
    from ..package.folder import check_file_place

    path = Path(out_dir) / PAGE
    check_file_place(path)
    if not os.path.lexists(path) or (path.is_symlink() and not path.exists()):
        return
    if path.is_file() and _ours(path):
        return
    raise PackageError(f"{path} is a page audio-article did not write, and the show's "
                       "index would replace it: move it away, or narrate into another "
                       "folder (the page was left as it is)")


class _OurMarks(HTMLParser):
    """The marks of our pages among a page's real elements (not in a comment or a
    script's text): the generator meta element, or the show index's episode list."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.generator = self.episodes = False

    def handle_starttag(self, tag: str, attrs) -> None:
        found = dict(attrs)
        if tag == "meta" and found.get("name") == "generator" and found.get("content") == "audio-article":
            self.generator = True
        elif tag == "ol" and found.get("class") == "episodes":
            self.episodes = True


def _ours(path: Path) -> bool:
    """The page has our generator meta element, or is a show index written before pages
    carried it (the disclosure and the episode list)."""
    try:
        with open(path, "rb") as handle:
            start = handle.read(_PAGE_START).decode("utf-8", "replace")
    except OSError:
        return False
    marks = _OurMarks()
    marks.feed(start)
    return marks.generator or (marks.episodes and DISCLOSURE in start)


_PAGE_START = 256 * 1024  # an old show index's episode list starts after its inline CSS


def _episodes(out_dir: Path) -> list[PageEpisode]:
    found = []
    for manifest in sorted(out_dir.glob(f"*/{MANIFEST}")):
        try:
            found.append(load_episode(manifest.parent, with_cues=False))
        except PackageError:
            continue  # not an episode of ours, or a broken one: it has no page to list
    return found


def render_show_index(show: Show, episodes: list[PageEpisode]) -> str:
    # The show may mix languages: the index is in the newest episode's language.
    language = episodes[0].language if episodes else "en"
    ui = english(language)
    feed = (f'<link rel="alternate" type="application/rss+xml" href="{FEED}" '
            f'title="{esc(show.title)}">\n') if show.has_feed else ""
    items = "".join(_item(ep) for ep in episodes) or f"<li{ui}>No episodes yet.</li>\n"
    return (f"{head(show.title, language, feed)}<body>\n<main id=\"main\">\n<header>\n"
            f"<h1{_title_language(show.title, ui)}>{esc(show.title)}</h1>\n"
            f'<p class="disclosure" role="note"{ui}>'
            f"<strong>{esc(DISCLOSURE)}</strong> Each episode is a news article read by a "
            f"synthetic voice, with its full transcript.</p>\n</header>\n{_subscribe(show, ui)}"
            f'<h2 id="episodes-heading"{ui}>Episodes, newest first</h2>\n{_filter(ui)}'
            f'<ol class="episodes" id="episodes" aria-labelledby="episodes-heading">\n{items}'
            f"</ol>\n</main>\n<script>\n{asset('show.js')}</script>\n</body>\n</html>\n")


def _title_language(title: str, ui: str) -> str:
    """Our default title is English; the show's own may be in any language."""
    return ui if title == DEFAULT_TITLE and ui else ' dir="auto"'


def _subscribe(show: Show, ui: str) -> str:
    if not show.has_feed:
        return ""
    address = show.feed_url or FEED
    apps = "".join(f'<li><a href="{esc(href)}">{name}</a></li>\n'
                   for name, href in app_links(show.feed_url))
    return (f'<section class="subscribe" aria-labelledby="subscribe-heading"{ui}>\n'
            '<h2 id="subscribe-heading">Subscribe</h2>\n'
            '<p><label for="feed-url">The feed\'s address, for any podcast app</label><br>\n'
            f'<input type="text" id="feed-url" readonly value="{esc(address)}" dir="ltr">\n'
            '<button type="button" id="copy-feed" hidden>Copy the address</button>\n'
            '<span id="copy-status" role="status"></span></p>\n'
            + (f'<ul class="apps" aria-label="Open in a podcast app">\n{apps}</ul>\n' if apps else "")
            + f'<p><a href="{FEED}">The feed (RSS)</a></p>\n</section>\n')


def app_links(feed_url: str | None) -> list[tuple[str, str]]:
    """Links that open a podcast app on the feed, built from its http(s) address: the
    podcast: and pcast: schemes (Apple Podcasts, and apps that claim pcast:), Overcast's
    x-callback "add" URL and Pocket Casts' subscribe URL. None for another address."""
    if not feed_url:
        return []
    parts = urlsplit(feed_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or not feed_url.isascii():
        return []
    rest = quote(feed_url.split("://", 1)[1], safe="/:@!$&'()*+,;=?%~-._")
    return [("Apple Podcasts", f"podcast://{rest}"), ("Other apps (pcast link)", f"pcast://{rest}"),
            ("Overcast", f"overcast://x-callback-url/add?url={quote(feed_url, safe='')}"),
            ("Pocket Casts", f"pktc://subscribe/{rest}")]


def _filter(ui: str) -> str:
    return (f'<form class="filter" id="filter-form" role="search" hidden{ui}>\n'
            '<label for="filter">Filter the episodes by words in their title or description'
            '</label>\n<input type="search" id="filter" autocomplete="off">\n'
            '<span id="filter-status" role="status"></span>\n</form>\n')


def _item(ep: PageEpisode) -> str:
    line = _one_line(ep)
    about = f'<p class="summary" dir="auto">{esc(line)}</p>\n' if line else ""
    return (f'<li lang="{esc(ep.language)}"><h3 dir="auto"><a href="{esc(quote(ep.slug))}/'
            f'{PAGE}">{esc(ep.title)}</a></h3>\n<p class="facts">'
            f"{facts(ep, authors=False, date=ep.published or ep.created)}</p>\n{about}</li>\n")


def _one_line(ep: PageEpisode) -> str | None:
    """The article's description, else its first sentence, cut at a word to one line."""
    text = ep.description or _first_sentence(ep)
    if not text or len(text) <= SUMMARY_CHARS:
        return text
    return text[:SUMMARY_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _first_sentence(ep: PageEpisode) -> str | None:
    """The first sentence of the article itself (transcript.json knows the roles)."""
    try:
        cues = read_transcript(ep.folder, ep.transcript) if ep.transcript else ()
    except PackageError:
        return None
    return next((c.text for c in cues if c.role == "body"), None)
