"""An Article as lines of plain text, for ``audio-article parse --format text|captions``
and the extraction benchmark: the body (headings, paragraphs, quotes, list items; no
title, byline or captions), or the captions as ``text — credit``."""

from __future__ import annotations

from typing import Iterator

from ..models import Article, Caption


def body_lines(article: Article) -> Iterator[str]:
    for section in article.sections:
        if section.heading:
            yield section.heading
        for block in section.blocks:
            if not isinstance(block, Caption) and block.text:
                yield block.text


def caption_lines(article: Article) -> Iterator[str]:
    for block in article.blocks:
        if isinstance(block, Caption):
            yield " — ".join(part for part in (block.text, block.credit) if part)
