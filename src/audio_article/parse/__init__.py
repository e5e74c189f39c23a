"""parse: bytes + format hint -> Article (plain text, Markdown or HTML)."""

from __future__ import annotations

from ..models import Article
from .source import decode_text, read_source
from .text import parse_text


def parse(data: bytes, hint: str, title: str | None = None, url: str | None = None) -> Article:
    if hint == "html":
        from .html import parse_html
        return parse_html(data, url=url, title=title)
    return parse_text(decode_text(data), title=title)


__all__ = ["parse", "parse_text", "read_source", "decode_text"]
