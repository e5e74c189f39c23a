"""Abbreviations with a period or a slash: "vs.", "No. 5", "Inc.", "Feb." at a sentence end."""

from __future__ import annotations

import re

from .. import numbers as N
from .. import tables as T


def abbreviations_anywhere(text: str) -> str:
    return _ANYWHERE.sub(lambda m: T.ANYWHERE[m.group()], text)


# One pass for the whole table, longest first ("w/o" before "w/").
_ANYWHERE = re.compile(r"(?<![\w.])(?:" + "|".join(
    re.escape(w) for w in sorted(T.ANYWHERE, key=len, reverse=True)) + r")(?!\w)")


def number_signs(text: str) -> str:
    """"No. 5" "number five"; an identifier is read the way it is called out: "Flight No.
    752" "flight number seven fifty-two"."""
    for written, word in ((r"Nos\.", "numbers"), (r"No\.", "number"), (r"#|№", "number")):
        text = re.sub(rf"(?<![\w.])(?:{written})\s?(?P<n>\d{{1,4}})(?![\d,.]\d|\w)",
                      lambda m, w=word: f"{w} {N.model_number(m['n'])}", text)
        text = re.sub(rf"(?<![\w.])(?:{written})\s?(?=\d)", word + " ", text)
    return text


_TRAILING = {**T.TRAILING, **T.MONTH_ABBREVIATIONS}
_TRAILING_NAMES = "|".join(re.escape(t) for t in _TRAILING)


def trailing_abbreviations(text: str) -> str:
    def said(match: re.Match) -> str:
        # At the end, or before a new capitalised sentence, the period was also a full stop.
        ends = match.end() == len(text) or re.match(r"\s+[\"(]?[A-Z]", text[match.end():])
        return _TRAILING[match.group(1)] + ("." if ends else "")

    return re.sub(rf"(?<![\w.])({_TRAILING_NAMES})(?![\w])", said, text)
