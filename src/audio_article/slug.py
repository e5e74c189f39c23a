"""ASCII slugs for folder and file names, derived from titles."""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_LENGTH = 60
# A file or folder name a URL may carry as one path segment (Apple: ASCII letters, digits
# and . _ -; STANDARDS.md §2.1 #5). "." and ".." match it but name no file of their own.
SAFE_NAME = re.compile(r"[A-Za-z0-9._-]+")


def is_safe_name(name: str) -> bool:
    return bool(SAFE_NAME.fullmatch(name)) and name not in (".", "..")


def slugify(title: str) -> str:
    """``[a-z0-9-]`` only, at most MAX_LENGTH characters, cut at a word boundary; a
    title with no ASCII letters or digits gets a stable hash-based name."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_LENGTH:
        slug = slug[:MAX_LENGTH].rsplit("-", 1)[0]
    if not slug:
        slug = "episode-" + hashlib.sha256(title.encode("utf-8")).hexdigest()[:8]
    return slug
