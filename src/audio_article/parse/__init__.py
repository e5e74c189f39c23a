"""parse: source bytes + format hint -> Article (plain text, Markdown or HTML); a file,
standard input or an http(s) URL -> Article with ``read_article``."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..errors import InputError
from ..models import Article
from .netguard import checked_url
from .credits import split_credit
from .fetch import fetch
from .source import clean_text, decode_html, decode_text, is_url, language_tag, read_source
from .text import parse_text

HINTS = ("html", "text")


def parse(data: bytes, hint: str, title: str | None = None, url: str | None = None,
          charset: str | None = None) -> Article:
    """An Article from ``read_source``'s bytes and hint. ``title`` overrides the source's;
    ``url`` is where the source came from (a page's canonical URL wins over it);
    ``charset`` is the one the HTTP header declared, if any."""
    if hint not in HINTS:
        raise ValueError(f"unknown source hint {hint!r}; expected one of {HINTS}")
    title = " ".join(title.split()) or None if title else None  # a title is one line
    if hint == "html":
        from .html import parse_html  # BeautifulSoup and lxml load only for pages

        return _checked(_cleaned(parse_html(data, url=url, title=title,
                                                  charset=charset)))
    article = parse_text(decode_text(data, charset), title=title)
    if url and not article.url:
        article = dataclasses.replace(article, url=url)
    return _checked(_cleaned(article))


def _checked(article: Article) -> Article:
    """The article's own URLs (canonical link, og:url, JSON-LD, front matter, lead image)
    only when they pass the URL policy; a ``javascript:``, ``file:`` or malformed one is
    dropped here, before anything stores, links or fetches it. So is a language that is no
    language tag (``<html lang='en" onload="alert(1)'>``): the narration goes on in the
    default language rather than fail."""
    return dataclasses.replace(article, url=_http_url(article.url),
                               lead_image=_http_url(article.lead_image),
                               language=language_tag(article.language))


def _http_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        checked_url(url)
    except InputError:
        return None
    return url.strip()  # as written: a guid hangs on the canonical URL (never re-spelled)


def _cleaned(value):
    """``value`` (an Article, and within it every block) with ``clean_text`` applied to
    each string: the one place every source's text passes, whatever decoded it."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, tuple):
        return tuple(_cleaned(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _cleaned(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    return value


def read_article(source: str, title: str | None = None,
                 allow_private: bool = False) -> tuple[Article, bytes, str]:
    """The Article in ``source`` (a file, "-" for standard input, or an http(s) URL),
    with the source's bytes and a short name for them. A URL on a private, loopback or
    link-local address is refused unless ``allow_private`` (see ``fetch``)."""
    if is_url(source):
        page = fetch(source, allow_private=allow_private)
        return (parse(page.data, page.hint, title=title, url=page.url, charset=page.charset),
                page.data, page.name)
    data, hint = read_source(source)
    name = "stdin" if source == "-" else Path(source).name
    return parse(data, hint, title=title), data, name


__all__ = ["parse", "parse_text", "read_article", "read_source", "fetch", "is_url",
           "decode_text", "decode_html", "split_credit"]
