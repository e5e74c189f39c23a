"""parse: source bytes + format hint -> Article (plain text, Markdown or HTML)."""

from __future__ import annotations

import dataclasses

from ..models import Article
from .credits import split_credit
from .source import decode_html, decode_text, read_source
from .text import parse_text

HINTS = ("html", "text")


def parse(data: bytes, hint: str, title: str | None = None, url: str | None = None) -> Article:
    """An Article from ``read_source``'s bytes and hint. ``title`` overrides the source's;
    ``url`` is where the source came from (a page's canonical URL wins over it)."""
    if hint not in HINTS:
        raise ValueError(f"unknown source hint {hint!r}; expected one of {HINTS}")
    if hint == "html":
        from .html import parse_html  # BeautifulSoup and lxml load only for pages

        return parse_html(data, url=url, title=title)  # the page may declare its charset
    article = parse_text(decode_text(data), title=title)
    if url and not article.url:
        article = dataclasses.replace(article, url=url)
    return article


__all__ = ["parse", "parse_text", "read_source", "decode_text", "decode_html", "split_credit"]
