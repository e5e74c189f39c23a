"""Text normalization for speech: the transcript keeps the original text, the engine
gets this spoken form. Pure functions; table-tested in tests/test_normalize.py."""

from __future__ import annotations

import re

MONTHS = {
    "Jan.": "January", "Feb.": "February", "Mar.": "March", "Apr.": "April",
    "Jun.": "June", "Jul.": "July", "Aug.": "August", "Sep.": "September",
    "Sept.": "September", "Oct.": "October", "Nov.": "November", "Dec.": "December",
}
TITLES = {
    "Gen.": "General", "Lt.": "Lieutenant", "Col.": "Colonel", "Sgt.": "Sergeant",
    "Capt.": "Captain", "Gov.": "Governor", "Sen.": "Senator", "Rep.": "Representative",
    "Dr.": "Doctor", "Prof.": "Professor",
}
_WORD_TABLE = {**MONTHS, **TITLES}
_WORDS = re.compile(r"(?<![\w.])(" + "|".join(re.escape(k) for k in _WORD_TABLE) + r")(?=\s|$)")
_NUMBER_SIGN = re.compile(r"\bNo\.\s?(?=\d)")
_PERCENT = re.compile(r"(\d)\s?%")
_AMPERSAND = re.compile(r"\s&\s")
_ELLIPSIS = re.compile(r"\.\.\.|…")


def normalize(text: str) -> str:
    """The spoken form of one sentence."""
    text = _WORDS.sub(lambda m: _WORD_TABLE[m.group(1)], text)
    text = _NUMBER_SIGN.sub("number ", text)
    text = _PERCENT.sub(r"\1 percent", text)
    text = _AMPERSAND.sub(" and ", text)
    text = _ELLIPSIS.sub(", ", text)
    return " ".join(text.split())
