"""publish: episodes + show config -> a podcast feed (RSS 2.0 + iTunes + Podcasting 2.0),
updated atomically under a lock, a feed checker and a preview server.

Library use::

    from audio_article.publish import load_show, publish
    result = publish([Path("output/twenty-days")], Path("output/feed.xml"), load_show())
"""

from .check import Violation, check_feed
from .episode import FeedEpisode, episode_guid, read_episode
from .errors import PublishError
from .publisher import DEFAULT_FEED, PublishResult, publish
from .server import make_server
from .show import Show, load_show, missing_public_values, show_from_dict
from .urls import podcast_guid

__all__ = [
    "DEFAULT_FEED", "FeedEpisode", "PublishError", "PublishResult", "Show", "Violation",
    "check_feed", "episode_guid", "load_show", "make_server", "missing_public_values",
    "podcast_guid", "publish", "read_episode", "show_from_dict",
]
