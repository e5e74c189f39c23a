"""Acronyms: capitals said as a word ("NATO") or as letters ("P.A.S.")."""

from __future__ import annotations

import re

from .. import tables as T
from .common import letters


def acronyms(text: str) -> str:
    """Capitals said as letters ("PAS" "P.A.S.", "NGOs" "N.G.O.s") unless said as a word
    ("NATO"). Text mostly in capitals is a shouted headline, not acronyms: left alone."""
    alpha = [c for c in text if c.isalpha()]
    if len(alpha) > 20 and sum(c.isupper() for c in alpha) > 0.6 * len(alpha):
        return text

    def said(m: re.Match) -> str:
        word, tail = m["word"], m["tail"] or ""
        if word + tail in T.WORD_ACRONYMS:
            return T.WORD_ACRONYMS[word + tail]
        if word in T.WORD_ACRONYMS:
            return T.WORD_ACRONYMS[word] + tail
        if word in T.NOT_ACRONYMS or len(word) > 5:  # a longer word in capitals is a word
            return m.group(0)
        return letters(word) + tail

    return re.sub(r"(?<![\w.'])(?P<word>[A-Z]{2,8})(?P<tail>s|'s)?(?![\w]|\.[A-Za-z])", said, text)
