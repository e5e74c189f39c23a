"""URLs in the feed: ASCII only, with path segments from ``[A-Za-z0-9._-]`` (STANDARDS.md
§2.1 #5, Apple: "only ASCII file names and URLs containing a-z, A-Z, or 0-9")."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from ..slug import SAFE_NAME as SEGMENT
from .errors import PublishError

# Podcasting 2.0 guid namespace (STANDARDS.md §2.3 #21; podcast-namespace docs/tags/guid.md).
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def bad_segments(path: str) -> list[str]:
    """The path segments of ``path`` that an Apple-safe URL may not contain."""
    return [s for s in path.split("/") if s and not SEGMENT.fullmatch(s)]


def is_ascii_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[::1": not a URL at all
        return False
    return (url.isascii() and parts.scheme in ("http", "https") and bool(parts.netloc)
            and not bad_segments(parts.path))


def normalize_base_url(url: str, origin: str) -> str:
    """``url`` with one trailing slash, so files join under it; PublishError when it is
    not an ASCII http(s) URL without query or fragment."""
    url = url.strip()
    if not is_ascii_url(url) or urlsplit(url).query or urlsplit(url).fragment:
        raise PublishError(f"{origin}: base_url {url!r} must be an ASCII http(s) URL whose "
                           "path uses only A-Z a-z 0-9 . _ - (STANDARDS.md §2.1 #5)")
    return url.rstrip("/") + "/"


def file_url(base_url: str, relative: str) -> str:
    """The URL of a file ``relative`` (a POSIX path) to the served folder."""
    return base_url + relative.lstrip("/")


def relative_path(folder: Path, root: Path) -> str:
    """``folder`` relative to ``root`` as a URL path; PublishError when it lies outside
    ``root`` (the server could not reach it) or has a segment a URL may not carry."""
    try:
        rel = folder.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise PublishError(f"{folder} is not inside the feed's folder {root}: narrate with "
                           f"-o {root} or pass a --feed inside {folder.parent}") from None
    bad = bad_segments(rel)
    if bad:
        raise PublishError(f"{folder}: folder name {bad[0]!r} is not ASCII A-Z a-z 0-9 . _ - "
                           "(STANDARDS.md §2.1 #5)")
    return "" if rel == "." else rel


def podcast_guid(feed_url: str) -> str:
    """UUIDv5 of the feed URL without scheme and trailing slashes (§2.3 #21)."""
    bare = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", feed_url.strip()).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))
