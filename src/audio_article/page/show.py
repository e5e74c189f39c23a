"""The show index: ``<output>/index.html``, every episode folder in it, newest first."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from .. import DISCLOSURE
from ..capped import FEED_BYTES, read_capped
from ..errors import PackageError
from .data import MANIFEST, PAGE, PageEpisode, load_episode, write_page
from .html import english, esc, facts, head, summary

DEFAULT_TITLE = "Narrated articles"
FEED = "feed.xml"


def write_show_index(out_dir: Path, title: str | None = None) -> Path:
    """``out_dir/index.html`` listing the episodes in ``out_dir``; returns its path. The
    title is ``title``, else the feed's channel title when a feed.xml is there."""
    out_dir = Path(out_dir)
    episodes = sorted(_episodes(out_dir), key=lambda ep: ep.sort_key, reverse=True)
    title = title or _feed_title(out_dir / FEED) or DEFAULT_TITLE
    has_feed = (out_dir / FEED).is_file()
    return write_page(out_dir / PAGE, render_show_index(title, episodes, has_feed))


def _episodes(out_dir: Path) -> list[PageEpisode]:
    found = []
    for manifest in sorted(out_dir.glob(f"*/{MANIFEST}")):
        try:
            found.append(load_episode(manifest.parent, with_cues=False))
        except PackageError:
            continue  # not an episode of ours, or a broken one: it has no page to list
    return found


def _feed_title(feed: Path) -> str | None:
    if not feed.is_file():
        return None
    from lxml import etree

    from ..xmlsafe import parse_untrusted

    try:
        data = read_capped(feed, FEED_BYTES, "feed", error=PackageError)
        return parse_untrusted(data, str(feed), PackageError).findtext("channel/title") or None
    except (PackageError, etree.XMLSyntaxError):
        return None  # the index is still written, with the default title


def render_show_index(title: str, episodes: list[PageEpisode], has_feed: bool) -> str:
    # The show may mix languages: the index is in the newest episode's language.
    language = episodes[0].language if episodes else "en"
    feed = (f'<link rel="alternate" type="application/rss+xml" href="{FEED}" '
            f'title="{esc(title)}">\n') if has_feed else ""
    ui = english(language)
    subscribe = (f'<p{ui}><a href="{FEED}">Subscribe to the podcast feed (RSS)</a></p>\n'
                 if has_feed else "")
    items = "".join(_item(ep) for ep in episodes) or "<li>No episodes yet.</li>\n"
    return (f"{head(title, language, feed)}<body>\n<main id=\"main\">\n<header>\n"
            f'<h1 dir="auto">{esc(title)}</h1>\n<p class="disclosure" role="note"{ui}><strong>'
            f"{esc(DISCLOSURE)}</strong> Each episode is a news article read by a synthetic "
            f"voice, with its full transcript.</p>\n{subscribe}</header>\n"
            f'<h2 id="episodes-heading"{ui}>Episodes, newest first</h2>\n'
            f'<ol class="episodes" aria-labelledby="episodes-heading">\n{items}</ol>\n'
            f"</main>\n</body>\n</html>\n")


def _item(ep: PageEpisode) -> str:
    return (f'<li lang="{esc(ep.language)}"><h3 dir="auto"><a href="{esc(quote(ep.slug))}/'
            f'{PAGE}">{esc(ep.title)}</a></h3>\n<p class="facts">{facts(ep, authors=False)}'
            f'</p>\n{summary(ep, "summary")}</li>\n')
