"""``publish``: add or update episodes in a feed, safely.

The feed file is the record of what is published: items of episodes not published now
are kept as they are (even items another tool wrote), an episode whose guid is already
there is updated in place and keeps its pubDate, and the channel is rebuilt from the show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from lxml import etree

from .artwork import COVER_GLOB, artwork_problems, ensure_cover
from .episode import FeedEpisode, read_episode
from .errors import PublishError
from .feed import (Channel, ItemContext, has_ai_content, item_date, item_enclosure, item_guid,
                   new_document, parse_feed, q, render_item, serialize)
from .show import PREVIEW_BASE_URL, Show, load_show, missing_public_values
from .store import exclusive, read_bytes, remove_stale_temps, write_atomic
from .text import one_line, rfc2822
from .urls import file_url, podcast_guid, relative_path

DEFAULT_FEED = Path("output/feed.xml")
_OLDEST = dt.datetime.min.replace(tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class PublishResult:
    feed: Path
    feed_url: str
    added: tuple[str, ...] = ()  # episode titles
    updated: tuple[str, ...] = ()
    items: int = 0
    written: bool = False  # False when the feed already said exactly this
    warnings: tuple[str, ...] = ()


@dataclass
class _Merge:
    items: list[etree._Element] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def publish(episode_dirs: Iterable[Path], feed: Path = DEFAULT_FEED, show: Show | None = None,
            now: dt.datetime | None = None, lock_timeout: float = 60.0) -> PublishResult:
    """Add or update the episodes in ``episode_dirs`` (folders with an episode.json) in
    ``feed``. Episode folders are checked before the feed is locked, and the feed is only
    replaced once the whole new document is built."""
    show = load_show() if show is None else show
    feed = Path(feed)
    now = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    episodes = _unique([read_episode(Path(d)) for d in episode_dirs])
    folders = {ep.guid: relative_path(ep.folder, feed.parent) for ep in episodes}
    with exclusive(feed, lock_timeout):
        remove_stale_temps(feed, COVER_GLOB)
        old_bytes = read_bytes(feed, "feed")
        old = parse_feed(old_bytes, str(feed)) if old_bytes is not None else None
        root, merge, feed_url = _build(feed, show, old, episodes, folders, now)
        written = _write_if_changed(feed, root, old_bytes, rfc2822(now))
    return PublishResult(feed, feed_url, tuple(merge.added), tuple(merge.updated),
                         len(merge.items), written,
                         tuple(missing_public_values(show) + merge.warnings +
                               _pages(episodes, feed.parent, show)))


def _pages(episodes: list[FeedEpisode], feed_dir: Path, show: Show) -> list[str]:
    """Refresh each episode's web page and the show index beside the feed (issue 12).
    The feed is written already: a page that cannot be written is a warning."""
    from ..page import write_episode_page, write_show_index

    warnings: list[str] = []
    for ep in episodes:
        _try(warnings, write_episode_page, ep.folder)
    _try(warnings, write_show_index, feed_dir, show.display_title)
    return warnings


def _try(warnings: list[str], write, *args) -> None:
    from ..errors import AudioArticleError

    try:
        write(*args)
    except AudioArticleError as exc:
        warnings.append(f"web page not written: {exc}")


def _unique(episodes: list[FeedEpisode]) -> list[FeedEpisode]:
    """One episode per guid; the last named wins, as if published one after another."""
    return list({ep.guid: ep for ep in episodes}.values())


def _build(feed: Path, show: Show, old, episodes, folders, now):
    base = show.public_base_url
    feed_url = file_url(base, feed.name)
    image_url = _channel_image(show, feed.parent, base)
    merge = _merge_items(old, episodes, folders, show, image_url, now)
    old_channel = old.find("channel") if old is not None else None
    channel = Channel(
        show=show, feed_url=feed_url, image_url=image_url,
        podcast_guid=_podcast_guid(show, old_channel, feed_url, feed.name),
        language=_language(show, episodes, old_channel),
        ai_content=any(has_ai_content(item) for item in merge.items),
        last_build=old_channel.findtext("lastBuildDate") if old_channel is not None else None)
    root, element = new_document(channel)
    element.extend(merge.items)
    return root, merge, feed_url


def _write_if_changed(feed: Path, root, old_bytes: bytes | None, now_text: str) -> bool:
    """Write only when something besides lastBuildDate changed: re-publishing the same
    episode leaves the feed byte for byte as it was (issue 7, idempotent re-publish)."""
    if serialize(root) == old_bytes:
        return False
    _set_last_build(root, now_text)
    write_atomic(feed, serialize(root))
    return True


def _set_last_build(root, text: str) -> None:
    channel = root.find("channel")
    element = channel.find("lastBuildDate")
    if element is None:
        element = etree.Element("lastBuildDate")
        channel.find("generator").addnext(element)
    element.text = text


def _merge_items(old, episodes, folders, show: Show, image_url: str, now) -> _Merge:
    merge = _Merge()
    old_items = list(old.find("channel").iter("item")) if old is not None else []
    by_guid = {item_guid(item): item for item in old_items}
    fresh = {}
    for ep in episodes:
        previous = by_guid.get(ep.guid)
        (merge.updated if previous is not None else merge.added).append(ep.title)
        fresh[ep.guid] = render_item(ep, _context(ep, folders, show, image_url, previous, now))
    urls = {item_enclosure(item): guid for guid, item in fresh.items()}
    for item in old_items:
        merge.items.extend(_keep(item, fresh, urls, merge.warnings))
    merge.items.extend(fresh.values())
    merge.items.sort(key=_newest_first)
    return merge


def _keep(item, fresh: dict, urls: dict, warnings: list) -> list:
    """``[item]`` unless a fresh item replaces it. An older item with another guid whose
    enclosure URL a fresh item now uses is dropped: its audio file was overwritten, and
    Apple ignores duplicate enclosure URLs anyway (STANDARDS.md §2.2 #15)."""
    guid = item_guid(item)
    if guid in fresh:
        return []
    url = item_enclosure(item)
    if url in urls:
        warnings.append(f"replaced the item {one_line(item.findtext('title') or '', 80)!r} "
                        f"(guid {guid}): its audio URL {url} now holds another episode")
        return []
    return [item]


def _newest_first(item) -> tuple:
    # Newest first by pubDate (§2.2 #20); the guid breaks ties so the order is stable.
    moment = item_date(item) or _OLDEST
    return (-moment.timestamp(), item_guid(item) or "")


def _context(ep: FeedEpisode, folders, show: Show, image_url: str, previous, now):
    # An updated item keeps its pubDate, so re-publishing never moves it to the top.
    kept = item_date(previous) if previous is not None else None
    folder = folders[ep.guid]
    return ItemContext(
        folder_url=file_url(show.public_base_url, f"{folder}/" if folder else ""),
        pub_date=kept or ep.created or now, image_url=image_url, explicit=show.explicit,
        author=show.author)


def _channel_image(show: Show, feed_dir: Path, base: str) -> str:
    if show.image and "://" in show.image:
        return show.image
    if not show.image:
        return file_url(base, ensure_cover(feed_dir, show.display_title))
    path = feed_dir / show.image
    if not path.is_file():
        raise PublishError(f"{show.origin}: image {show.image} not found in {feed_dir}")
    problems = artwork_problems(path)
    if problems:
        raise PublishError(f"{show.origin}: {problems[0]} (STANDARDS.md §2.2 #9)")
    return file_url(base, relative_path(path, feed_dir))


def _podcast_guid(show: Show, old_channel, feed_url: str, feed_name: str) -> str:
    """Set by the show, else kept from the feed, else derived from the feed URL (§2.3 #21).
    One derived from the preview URL is never kept: every unconfigured install shares it."""
    if show.podcast_guid:
        return show.podcast_guid
    kept = old_channel.findtext(q("podcast:guid")) if old_channel is not None else None
    if kept and kept.strip() != podcast_guid(file_url(PREVIEW_BASE_URL, feed_name)):
        return kept.strip()
    return podcast_guid(feed_url)


def _language(show: Show, episodes, old_channel) -> str:
    if show.language:
        return show.language
    if episodes:
        newest = max(episodes, key=lambda ep: ep.created or _OLDEST)
        return newest.language
    old = old_channel.findtext("language") if old_channel is not None else None
    return (old or "en").strip()
