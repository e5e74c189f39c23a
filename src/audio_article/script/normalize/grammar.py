"""Grammar agreement: "a" or "an" as the spoken form begins ("an A$2bn" "a two billion")."""

from __future__ import annotations

import re

from .. import numbers as N
from .common import when

# Words the passes write that decide the article: number words and dotted letters.
_NUMBER_WORDS = frozenset(N.ONES) | frozenset(N.TENS[2:]) | {"hundred", "thousand"}
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")  # letter names that begin with a vowel sound
_WORDS = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_ARTICLE = re.compile(rf"(?:(?<=^)|(?<=^\")|(?<=[\s(]))(?P<art>an?|An?)(?=\s(?P<next>(?:{_WORDS})\b|[A-Z]\.))")


@when(rf"\b[Aa]n? (?:[A-Z]\.|(?:{_WORDS})\b)")
def articles(text: str) -> str:
    """"an two billion dollar package" "a two billion dollar package", "a eleven-year-old"
    "an eleven-year-old", "a N.G.O." "an N.G.O.": only before words the passes write."""
    def agree(m: re.Match) -> str:
        art, following = m["art"], m["next"]
        if art[0] == "A" and m.start() > 1:  # "Plan A": a capital A inside a sentence is a letter
            return art
        if following.endswith("."):
            vowel = following[0] in _VOWEL_LETTERS
        elif following in _NUMBER_WORDS:
            vowel = following[0] == "e"  # eight, eleven, eighteen, eighty
        else:
            return art
        return art[0] + ("n" if vowel else "")

    return _ARTICLE.sub(agree, text)
