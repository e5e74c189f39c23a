"""The feed document, written by hand with lxml: RSS 2.0 + iTunes + Podcasting 2.0.

Hand-written because feedgen and podgen cannot write ``itunes:explicit`` as true/false and
have no ``podcast:`` tags (STANDARDS.md §6).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lxml import etree

from .. import __version__
from ..links import safe_link
from ..xmlsafe import parse_untrusted
from .episode import FeedEpisode, canonical_url
from .errors import PublishError
from .notes import Links, html_notes, plain_notes
from .show import Show
from .text import fit_bytes, npt, one_line, parse_rfc2822, rfc2822, seconds, xml_safe

# Exact URIs, case-sensitive: Apple ignores itunes tags under any other (§2.1 #1, #2).
NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
    "psc": "http://podlove.org/simple-chapters",
}
CHAPTERS_TYPE = "application/json+chapters"  # §2.3 #23
TRANSCRIPTS = (  # (sidecar kind, type, rel): VTT first, marked as captions (§2.3 #24)
    ("transcript_vtt", "text/vtt", "captions"),
    ("transcript_srt", "application/x-subrip", None),
    ("transcript_html", "text/html", None),
)
AI_CONTENT = "ai-content"  # podcast:txt purpose (§2.3 #27, §5.2)


def q(name: str) -> str:
    """``itunes:image`` -> ``{http://www.itunes.com/dtds/podcast-1.0.dtd}image``."""
    prefix, _, local = name.rpartition(":")
    return f"{{{NS[prefix]}}}{local}" if prefix else local


def sub(parent: etree._Element, tag: str, content: str | None = None, **attrs: str):
    """A child element; attributes whose value is empty or None are left out."""
    element = etree.SubElement(parent, q(tag), {k: v for k, v in attrs.items() if v})
    if content is not None:
        element.text = content
    return element


@dataclass(frozen=True)
class Channel:
    show: Show
    feed_url: str
    podcast_guid: str
    image_url: str
    language: str
    ai_content: bool
    last_build: str | None


def new_document(channel: Channel) -> tuple[etree._Element, etree._Element]:
    """The ``<rss>`` root and its filled ``<channel>``, items still to be appended."""
    root = etree.Element("rss", nsmap=NS, version="2.0")
    element = sub(root, "channel")
    _channel_text(element, channel)
    _channel_itunes(element, channel)
    _channel_podcast(element, channel)
    return root, element


def _channel_text(element, channel: Channel) -> None:
    show = channel.show
    sub(element, "title", one_line(show.display_title))
    sub(element, "link", safe_link(show.link or show.public_base_url))
    sub(element, "description", fit_bytes(xml_safe(show.channel_description), 4000))
    sub(element, "language", channel.language)
    if show.copyright:
        sub(element, "copyright", one_line(show.copyright))
    sub(element, "generator", f"audio-article {__version__}")
    if channel.last_build:
        sub(element, "lastBuildDate", channel.last_build)
    sub(element, "atom:link", href=channel.feed_url, rel="self", type="application/rss+xml")


def _channel_itunes(element, channel: Channel) -> None:
    show = channel.show
    # Recommended (§2.2 #10); the show's own name stands in for a missing author.
    author = show.author or show.owner_name or show.display_title
    sub(element, "itunes:author", one_line(author))
    if show.owner_name or show.owner_email:
        owner = sub(element, "itunes:owner")
        if show.owner_name:
            sub(owner, "itunes:name", one_line(show.owner_name))
        if show.owner_email:
            sub(owner, "itunes:email", show.owner_email)
    sub(element, "itunes:image", href=channel.image_url)
    top, *rest = show.categories
    # lxml escapes "&" in "Health & Fitness" as &amp; (§2.2 #7).
    category = sub(element, "itunes:category", text=top)
    for child in rest:
        sub(category, "itunes:category", text=child)
    # true/false, not yes/no: Apple's current rule and the W3C check (§2.2 #8).
    sub(element, "itunes:explicit", "true" if show.explicit else "false")
    sub(element, "itunes:type", "episodic")


def _channel_podcast(element, channel: Channel) -> None:
    sub(element, "podcast:guid", channel.podcast_guid)
    # The 2021 podcast.xsd requires owner=, the tag doc does not: give it when known (§2.3 #22).
    sub(element, "podcast:locked", "yes" if channel.show.locked else "no",
        owner=channel.show.owner_email or "")
    sub(element, "podcast:medium", "podcast")
    if channel.ai_content:
        sub(element, "podcast:txt", "true", purpose=AI_CONTENT)


@dataclass(frozen=True)
class ItemContext:
    folder_url: str  # the episode folder's URL, ending in /
    pub_date: dt.datetime
    image_url: str
    explicit: bool
    author: str | None


def render_item(episode: FeedEpisode, ctx: ItemContext) -> etree._Element:
    item = etree.Element("item")
    links = _links(episode, ctx)
    sub(item, "title", one_line(episode.title))
    if links.article or links.transcript:
        sub(item, "link", links.article or links.transcript)
    sub(item, "description", plain_notes(episode, links))
    sub(item, "content:encoded").text = etree.CDATA(html_notes(episode, links))
    sub(item, "guid", episode.guid, isPermaLink="false")
    sub(item, "pubDate", rfc2822(ctx.pub_date))
    sub(item, "enclosure", url=ctx.folder_url + episode.audio.name,
        length=str(episode.audio.size), type=episode.audio_type)
    _item_itunes(item, episode, ctx)
    _item_podcast(item, episode, ctx)
    return item


def _links(episode: FeedEpisode, ctx: ItemContext) -> Links:
    html_name = episode.sidecar("transcript_html")
    # The canonical URL (no tracking parameters), the one the guid is derived from.
    article = safe_link(canonical_url(episode.url)) if episode.url else None
    return Links(article=article,
                 transcript=ctx.folder_url + html_name if html_name else None)


def _item_itunes(item, episode: FeedEpisode, ctx: ItemContext) -> None:
    author = ", ".join(episode.authors) or episode.site_name or ctx.author
    if author:
        sub(item, "itunes:author", one_line(author))
    sub(item, "itunes:duration", str(seconds(episode.duration_ms)))
    sub(item, "itunes:explicit", "true" if ctx.explicit else "false")
    sub(item, "itunes:episodeType", "full")
    sub(item, "itunes:image", href=ctx.image_url)


def _item_podcast(item, episode: FeedEpisode, ctx: ItemContext) -> None:
    chapters = episode.sidecar("chapters")
    if chapters:
        sub(item, "podcast:chapters", url=ctx.folder_url + chapters, type=CHAPTERS_TYPE)
    for kind, mime, rel in TRANSCRIPTS:
        name = episode.sidecar(kind)
        if name:
            sub(item, "podcast:transcript", url=ctx.folder_url + name, type=mime,
                language=episode.language, rel=rel or "")
    if episode.ai_generated:
        sub(item, "podcast:txt", "true", purpose=AI_CONTENT)
    _alternate_enclosures(item, episode, ctx)
    if episode.chapters:
        _psc_chapters(item, episode)


def _alternate_enclosures(item, episode: FeedEpisode, ctx: ItemContext) -> None:
    """Every format of the audio (Podcasting 2.0 alternateEnclosure): the enclosure's
    own first, as the default, then the others, so an app may pick the smallest it
    plays."""
    for alternate in episode.alternates:
        element = sub(item, "podcast:alternateEnclosure", type=alternate.type,
                      length=str(alternate.file.size), bitrate=str(alternate.bitrate or ""),
                      codecs=alternate.codecs or "", title=alternate.title,
                      lang=episode.language,
                      default="true" if alternate.file == episode.audio else "")
        sub(element, "podcast:source", uri=ctx.folder_url + alternate.file.name)


def _psc_chapters(item, episode: FeedEpisode) -> None:
    """Podlove Simple Chapters, which Spotify and podcastparser read (§2.3 #29)."""
    chapters = sub(item, "psc:chapters", version="1.2")
    for chapter in episode.chapters:
        sub(chapters, "psc:chapter", start=npt(chapter.start_ms),
            title=one_line(chapter.title))


# ------------------------------------------------------------------ reading a feed back

def parse_feed(data: bytes, origin: str) -> etree._Element:
    """The ``<rss>`` root of an existing feed. Never recovers from bad XML: publishing over
    a feed we cannot read would drop its episodes (§2.1 #3). A feed with a DTD is refused
    (xmlsafe): its entities would not survive being written back."""
    try:
        root = parse_untrusted(data, origin, PublishError, remove_blank_text=True,
                               strip_cdata=False)
    except etree.XMLSyntaxError as exc:
        raise PublishError(f"{origin} is not well-formed XML ({exc}); fix it or move it "
                           "away, publishing over it would lose its episodes") from None
    if root.tag != "rss" or root.find("channel") is None:
        raise PublishError(f"{origin} is not an RSS feed (no <rss><channel>)")
    return root


def item_guid(item: etree._Element) -> str | None:
    guid = item.findtext("guid")
    return guid.strip() if guid else None


def item_enclosure(item: etree._Element) -> str | None:
    enclosure = item.find("enclosure")
    return enclosure.get("url") if enclosure is not None else None


def item_date(item: etree._Element) -> dt.datetime | None:
    return parse_rfc2822(item.findtext("pubDate"))


def has_ai_content(item: etree._Element) -> bool:
    return any(txt.get("purpose") == AI_CONTENT and (txt.text or "").strip() == "true"
               for txt in item.iter(q("podcast:txt")))


DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def serialize(root: etree._Element) -> bytes:
    # UTF-8 with a declaration (§2.1 #1); emoji and RTL text stay literal characters.
    return DECLARATION + etree.tostring(root, encoding="UTF-8", pretty_print=True)
