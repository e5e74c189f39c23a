"""Acronyms: capitals said as a word ("NATO") or as letters ("P.A.S.")."""

from __future__ import annotations

import re

from .. import tables as T
from ..dictionary import is_word
from .common import KEYWORD, letters, region, when


# Mixed case with a capital at both ends: "AfD", "MoD", "DoJ", "PhD", "TfL" are letters.
_MIXED = re.compile(r"(?<![\w.'])(?P<word>[A-Z][a-z]?[A-Z](?:[a-z]?[A-Z])?)(?P<tail>s|'s)?(?![\w]|\.[A-Za-z])")
# One small letter before capitals: "pH", "iOS", "mRNA" are letters too; a unit left
# without its number ("kW", "dB") is not taken for one.
_SMALL_FIRST = re.compile(r"(?<![\w.'])(?P<word>[a-z][A-Z]{1,4})(?P<tail>s|'s)?(?![\w]|\.[A-Za-z])")

# Capitals then one small letter: "DOTr" (the Philippines' transport department) is letters;
# not a plural ("NGOs"), nor a Roman numeral with a letter ("Phase IIIb").
_SMALL_LAST = re.compile(r"(?<![\w.'])(?![IVXLC]+[a-z])(?P<word>[A-Z]{2,4}[a-rt-z])(?P<tail>s|'s)?(?![\w]|\.[A-Za-z])")

# A word glued to capitals, a brand's way: "BetMGM" "Bet M.G.M.", "ChatGPT", "JPMorgan"
# "J.P. Morgan"; the word is said as a word, the capitals as letters.
_GLUED = re.compile(r"(?<![\w.'])(?:(?P<head>[A-Z][a-z]{2,})(?P<caps>[A-Z]{2,4})|(?P<lead>[A-Z]{2,3})"
                    r"(?P<word>[A-Z][a-z]{2,}))(?P<tail>s|'s)?(?![\w]|\.[A-Za-z])")


def _glued(m: re.Match) -> str:
    if m.group().removesuffix(m["tail"] or "") in T.WORD_ACRONYMS:  # "CalPERS"
        return T.WORD_ACRONYMS[m.group().removesuffix(m["tail"] or "")] + (m["tail"] or "")
    if m["head"]:
        return f"{m['head']} {letters(m['caps'])}{m['tail'] or ''}"
    return f"{letters(m['lead'])} {m['word']}{m['tail'] or ''}"


# Degrees written dotted with a small letter, said as letters: "Ph.D." "P.H.D." (set 26).
_DEGREES = {"Ph.D.": "P.H.D.", "M.Sc.": "M.S.C.", "B.Sc.": "B.S.C.", "D.Sc.": "D.S.C.",
            "LL.B.": "L.L.B.", "LL.M.": "L.L.M.", "Ed.D.": "E.D.D."}
_DEGREE = re.compile(r"(?<![\w.])(?:%s)(?!\w)" % "|".join(map(re.escape, _DEGREES)))


@when(r"[A-Z][a-z]?[A-Z]|\b[a-z][A-Z]|[A-Z][a-z]\.[A-Z]")
def acronyms(text: str) -> str:
    """Capitals said as letters ("PAS" "P.A.S.", "NGOs" "N.G.O.s", "AfD" "A.F.D.",
    "pH" "P.H.", "DOTr" "D.O.T.R.", "BetMGM" "Bet M.G.M.") unless
    said as a word ("NATO") or partly as one ("USAID" "U.S. Aid", see tables.WORD_ACRONYMS),
    or a word names a law ("the SAFE Act" "the Safe Act").
    Text mostly in capitals is a shouted headline, not acronyms: left alone."""
    alpha = [c for c in text if c.isalpha()]
    if len(alpha) > 20 and sum(c.isupper() for c in alpha) > 0.6 * len(alpha):
        return text
    text = _DEGREE.sub(lambda m: _DEGREES[m.group()], text)
    text = _GLUED.sub(_glued, text)
    text = _MIXED.sub(lambda m: _said(m) if not m["word"].isupper() else m.group(), text)
    text = _SMALL_FIRST.sub(lambda m: m.group() if m["word"] in T.UNITS else _said(m), text)
    text = _SMALL_LAST.sub(lambda m: m.group() if m["word"] in T.UNITS else _said(m), text)
    return CAPITALS.sub(_said, text)


# "LGBTQ+" "L.G.B.T.Q. plus", "Disney+": a plus after capitals is said.
CAPITALS = re.compile(r"(?<![\w.'])(?P<word>[A-Z][A-ZÉ]{1,7})(?P<tail>s|'s|\+(?!\d))?(?![\w]|\.[A-Za-z])")


def said_as_letters(m: re.Match) -> bool:
    """Whether capitals CAPITALS found are said as their letters ("FBI"), not as a word
    ("NATO", "the SAFE Act", "text VOTE to 22422", a keyword to type: see dialling)."""
    return not KEYWORD.match(m.string, m.start()) and _said(m).startswith(letters(m["word"]))


# A law's name: capitals before "Act", alone or with more of the name between ("the
# CHIPS and Science Act"). Congress names its bills with words spelt in capitals ("SAFE",
# "CARES", "DREAM"); capitals that are no word stay letters ("the NHS Act", "FMLA").
_LAW = re.compile(r"(?:[ -](?:[A-Z][A-Za-z]*|and|of|for|the|to)){0,3}[ -]Acts?\b")


def _said(m: re.Match) -> str:
    word, tail = m["word"], (m["tail"] or "").replace("+", " plus")
    if word + tail in T.WORD_ACRONYMS:
        return T.WORD_ACRONYMS[word + tail]
    if word in T.WORD_ACRONYMS:
        return T.WORD_ACRONYMS[word] + tail
    if (region(), word) in T.REGIONAL_WORD_ACRONYMS:
        return T.REGIONAL_WORD_ACRONYMS[region(), word] + tail
    if not tail and len(word) > 2 and _LAW.match(m.string, m.end()) and is_word(word):
        return word.capitalize()  # "the SAFE Act" "the Safe Act": a law named with a word
    # A longer word in capitals is a word, and so is one with an accent ("CAFÉ") unless
    # it is known ("RTÉ").
    # (Six or more without a vowel are letters still: "NDRRMC", set 36.)
    if word in T.NOT_ACRONYMS or len(word) > 5 and re.search("[AEIOUY]", word) or "É" in word:
        return m.group(0)
    return letters(word) + tail
