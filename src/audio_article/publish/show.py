"""The show: channel-level settings from ``show.toml`` (or a ``[show]`` table), with
defaults that let a first publish work with no config at all.

Every key is optional::

    title = "Kyiv Independent, read aloud"
    description = "Our reporting, narrated."
    link = "https://example.org/"
    author = "Kyiv Independent"
    owner_name = "Audio desk"
    owner_email = "audio@example.org"
    language = "en"                 # default: the articles' language
    category = "News > Daily News"
    image = "cover.jpg"             # an http(s) URL, or a file in the feed's folder
    base_url = "https://example.org/podcast/"
    explicit = false
    locked = false                  # podcast:locked
    podcast_guid = "..."            # default: derived once from the feed URL, then kept
    copyright = "(c) 2026 Example"
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .. import DISCLOSURE
from ..links import safe_link
from ..parse.source import clean_text
from .categories import category_problem
from ..capped import read_toml
from .errors import PublishError
from .urls import is_ascii_url, normalize_base_url


DEFAULT_TITLE = "Narrated articles"
DEFAULT_DESCRIPTION = "News articles, read aloud."
PREVIEW_PORT = 8000
PREVIEW_BASE_URL = f"http://127.0.0.1:{PREVIEW_PORT}/"
SEARCHED = ("show.toml", "audio-article.toml")
# ISO 639 language code with optional subtags, e.g. en, en-us, pt-BR (§2.2 #7).
LANGUAGE = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*")
# An addr-spec (RFC 5322 §3.4.1, less quoted local parts and literal domains), as the feed
# gives it to Apple and to podcast:locked: nothing that reads as a URL
# ("javascript:alert(1)//@example.org"), no blank, no control character.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+")


@dataclass(frozen=True)
class Show:
    title: str | None = None
    description: str | None = None
    link: str | None = None
    author: str | None = None
    owner_name: str | None = None
    owner_email: str | None = None
    language: str | None = None
    category: str = "News > Daily News"
    image: str | None = None
    base_url: str | None = None
    explicit: bool = False
    locked: bool = False
    podcast_guid: str | None = None
    copyright: str | None = None
    origin: str = "defaults"  # where the values came from, for messages

    @property
    def display_title(self) -> str:
        return self.title or DEFAULT_TITLE

    @property
    def channel_description(self) -> str:
        """The show's description; the AI disclosure is added when it is missing, because
        the metadata must carry it too (STANDARDS.md §5.1-2)."""
        text = (self.description or DEFAULT_DESCRIPTION).strip()
        return text if DISCLOSURE.lower() in text.lower() else f"{text} {DISCLOSURE}"

    @property
    def public_base_url(self) -> str:
        return self.base_url or PREVIEW_BASE_URL

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(part.strip() for part in self.category.split(">"))


_KEYS = frozenset(f.name for f in fields(Show) if f.name != "origin")


def load_show(path: Path | None = None, cwd: Path | None = None) -> Show:
    """The show from ``path``, else from ./show.toml or the [show] table of
    ./audio-article.toml, else the defaults."""
    if path is None:
        path = _find_config(cwd or Path.cwd())
        if path is None:
            return Show()
    return show_from_dict(_read_table(Path(path)), str(path))


def _find_config(cwd: Path) -> Path | None:
    for name in SEARCHED:
        candidate = cwd / name
        if candidate.is_file() and (name == "show.toml" or "show" in _read_toml(candidate)):
            return candidate
    return None


def _read_toml(path: Path) -> dict:
    return read_toml(path, "show config", PublishError)


def _read_table(path: Path) -> dict:
    data = _read_toml(path)
    table = data.get("show", data)
    if not isinstance(table, dict):
        raise PublishError(f"{path}: [show] must be a table")
    return table


def show_from_dict(data: dict, origin: str = "show config") -> Show:
    """A validated Show; PublishError names the first bad key. Strings pass the one text
    cleaning (``clean_text``): no control character or bidirectional override reaches the
    feed or the pages from here either."""
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        raise PublishError(f"{origin}: unknown key {unknown[0]!r} "
                           f"(known: {', '.join(sorted(_KEYS))})")
    for key, value in data.items():
        wanted = bool if key in ("explicit", "locked") else str
        if not isinstance(value, wanted):
            raise PublishError(f"{origin}: {key} must be a {wanted.__name__}, "
                               f"not {type(value).__name__}")
    show = Show(**{k: clean_text(v).strip() if isinstance(v, str) else v
                   for k, v in data.items()},
                origin=origin)
    return _validated(show)


def _validated(show: Show) -> Show:
    origin = show.origin
    if show.base_url is not None:
        show = replace(show, base_url=normalize_base_url(show.base_url, origin))
    if show.language is not None and not LANGUAGE.fullmatch(show.language):
        raise PublishError(f"{origin}: language {show.language!r} is not an ISO 639 code "
                           "such as en or en-us (STANDARDS.md §2.2 #7)")
    if show.owner_email is not None and not EMAIL.fullmatch(show.owner_email):
        raise PublishError(f"{origin}: owner_email {show.owner_email!r} is not an address "
                           "such as audio@example.org")
    _check_category(show)
    _check_urls(show)
    if show.podcast_guid is not None:
        try:
            show = replace(show, podcast_guid=str(uuid.UUID(show.podcast_guid)))
        except ValueError:
            raise PublishError(f"{origin}: podcast_guid {show.podcast_guid!r} "
                               "is not a UUID (STANDARDS.md §2.3 #21)") from None
    return show


def _check_category(show: Show) -> None:
    parts = show.categories
    problem = ("use 'Top' or 'Top > Sub'" if len(parts) > 2 else
               category_problem(parts[0], parts[1] if len(parts) == 2 else None))
    if problem:
        raise PublishError(f"{show.origin}: category {show.category!r}: {problem} "
                           "(STANDARDS.md §2.2 #7)")


def _check_urls(show: Show) -> None:
    # The website link may be any http(s) URL (the feed writes it ASCII-encoded); artwork
    # is a file, so Apple's ASCII file URL rule applies to it (STANDARDS.md §2.1 #5).
    if show.link and safe_link(show.link) is None:
        raise PublishError(f"{show.origin}: link {show.link!r} must be an http(s) URL "
                           "with a host")
    if show.image and "://" in show.image and not is_ascii_url(show.image):
        raise PublishError(f"{show.origin}: image {show.image!r} must be an ASCII http(s) URL "
                           "whose path uses only A-Z a-z 0-9 . _ - (STANDARDS.md §2.1 #5)")


def missing_public_values(show: Show) -> list[str]:
    """One warning per value a public feed must set and this show leaves to a default."""
    warnings = []
    if show.title is None:
        warnings.append(f"the show has no title; using {DEFAULT_TITLE!r}")
    if show.base_url is None:
        warnings.append(
            f"the show has no base_url; the feed's URLs point at the preview server "
            f"{PREVIEW_BASE_URL} and podcast:guid is not fixed until base_url is set "
            "(STANDARDS.md §2.3 #21)")
    if show.owner_email is None:
        warnings.append("the show has no owner_email; Apple verifies ownership with it and "
                        "validators flag its absence (STANDARDS.md §2.2 #11)")
    return warnings
