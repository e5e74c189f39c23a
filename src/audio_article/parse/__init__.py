"""parse: source bytes + format hint -> Article (plain text, Markdown or HTML); a file,
standard input or an http(s) URL -> Article with ``read_article``."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..models import Article
from .credits import split_credit
from .fetch import fetch
from .source import decode_html, decode_text, is_url, read_source
from .text import parse_text

HINTS = ("html", "text")


def parse(data: bytes, hint: str, title: str | None = None, url: str | None = None,
          charset: str | None = None) -> Article:
    """An Article from ``read_source``'s bytes and hint. ``title`` overrides the source's;
    ``url`` is where the source came from (a page's canonical URL wins over it);
    ``charset`` is the one the HTTP header declared, if any."""
    if hint not in HINTS:
        raise ValueError(f"unknown source hint {hint!r}; expected one of {HINTS}")
    if hint == "html":
        from .html import parse_html  # BeautifulSoup and lxml load only for pages

        return parse_html(data, url=url, title=title, charset=charset)
    article = parse_text(decode_text(data, charset), title=title)
    if url and not article.url:
        article = dataclasses.replace(article, url=url)
    return article


def read_article(source: str, title: str | None = None,
                 allow_private: bool = False) -> tuple[Article, bytes, str]:
    """The Article in ``source`` (a file, "-" for standard input, or an http(s) URL),
    with the source's bytes and a short name for them."""
    if is_url(source):
        page = fetch(source)  # issue-14: pass allow_private
        return (parse(page.data, page.hint, title=title, url=page.url, charset=page.charset),
                page.data, page.name)
    data, hint = read_source(source)
    name = "stdin" if source == "-" else Path(source).name
    return parse(data, hint, title=title), data, name


__all__ = ["parse", "parse_text", "read_article", "read_source", "fetch", "is_url",
           "decode_text", "decode_html", "split_credit"]
