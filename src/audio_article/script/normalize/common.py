"""Pieces several passes share: how a number is written, what counts as a year, the
words that make an amount a count or an adjective."""

from __future__ import annotations

import re
from contextvars import ContextVar
from typing import Callable, ContextManager

from .. import numbers as N

Rule = Callable[[str], str]
_REGION = ContextVar("region", default="")


def in_region(region: str) -> ContextManager[None]:
    """Within: copy from ``region`` ("PK"), for the few readings a region decides beyond
    how numbers are said (Pakistan's rupee has "paisa" where India's has "paise")."""
    return N.setting(_REGION, region)


def region() -> str:
    return _REGION.get()


# Regions whose newsreaders say numbers without "and" ("two hundred five"); 019 and 021
# are the Americas and Northern America.
AMERICAN_NUMBERS = frozenset({"US", "CA", "PH", "PR", "UM", "VI", "GU", "AS", "MP", "019", "021"})


def american() -> bool:
    """Copy from a region that says numbers the American way (known only where the
    article's language names a region)."""
    return region() in AMERICAN_NUMBERS


# A written number: "2,000", "3.5", "1,250.75", "12". Thousands commas need three digits.
# Indian copy groups lakhs and crores in pairs: "3,45,000", "1,20,00,000".
NUM = r"(?:\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
# Dashes that join the two ends of a range.
DASH = r"(?:\s?[-–—]\s?|\s+to\s+)"


def falling(a: str, b: str) -> bool:
    """"won 50.4% to 48.7%", "fell $20 to $12": a second figure lower than the first makes
    two figures (a result, a fall), each said with its sign, not one range."""
    return float(b.replace(",", "")) < float(a.replace(",", ""))


def letters(word: str) -> str:
    """Letters to be said one by one: "PAS" "P.A.S.". Dotted capitals are read as letter
    names by both engines, where "P A S" makes hibari read "A" as the article."""
    return ".".join(word.upper()) + "."


def after_article(m: re.Match) -> bool:
    before = m.string[:m.start()].split()[-1:]
    return bool(before) and before[0].lower() in ("a", "an")


def signed(sign: str | None, value: str) -> str:
    return ("minus " if sign == "-" else "plus " if sign == "+" else "") + N.number(value)


# After these, a unit glued to its number stays plural ("10km from the border").
KEEPS_PLURAL = frozenset("""
from away of to in into on onto per an a the north south east west northeast northwest
southeast southwest inside outside behind ahead beyond across along above below off and or
long high deep wide tall short further farther closer nearer apart back down up
at by with for over under near than as but while when since until after before during
are is was were be been will would could should can may might must have has had do did
between among amid around through throughout toward towards against within without via
despite beneath upon
""".split())

# After an amount or a measure, these show it is not an adjective ("the $3 billion was
# spent", "150mg every two weeks", "0.012sec clear of"): verbs, pronouns, determiners,
# time words, the past tenses news writes without "-ed" ("120km/h brought down"), and
# adjectives a measure cannot describe ("gusts of 80mph possible", "0.087sec quicker"),
# and adverbs ("a depth of 12km just after", "30m underground", "5km less than"; one in
# -ly is known by its ending, see ``adverb``).
NOT_NOUNS = KEEPS_PLURAL | frozenset("""
plus minus was were is are be been being has have had will would could should can may might must
that which who whose it they he she we you this these those than as so if when while
every each last next clear earlier later ago brought caught fell rose hit left took made
cut struck swept tore knocked blew came went saw won got gave put set ran stood
possible likely expected quicker faster slower longer shorter higher lower heavier lighter
deeper wider taller bigger smaller
just only even still already also too yet now then there here today tonight yesterday
tomorrow overnight instead respectively apiece altogether alone inland offshore underground
overhead upstream downstream uphill downhill eastwards westwards northwards southwards
more less fewer
""".split())
DETERMINERS = frozenset("the its his her their our your this that each every whose".split())


def describes(word: str, then: str = "") -> bool:
    """A word that an amount or a measure before it can describe: not in NOT_NOUNS, nor
    a past participle ("raised"), nor an adverb, unless the adverb is itself followed by
    such a word (``then``): "a 5km mostly flat course"."""
    if adverb(word):
        return bool(then) and describes(then)
    # (A capitalised word is a name's: "the $7bn Extended Fund Facility", set 53.)
    return word.lower() not in NOT_NOUNS and not (word.endswith("ed") and word.islower())


# Nouns in -ly a measure or an amount can name ("a 10km supply line", "a 2,000-strong rally").
_LY_NOUNS = frozenset("""ally anomaly assembly belly bully family fly folly gully jelly
monopoly rally reply supply tally""".split())


def adverb(word: str) -> bool:
    """A word in -ly that is no noun: "12km shortly after", "$3 billion roughly", "40mph
    respectively" (an adjective in -ly, "daily", describes only with its noun after it)."""
    return len(word) > 3 and word.islower() and word.endswith("ly") and word not in _LY_NOUNS


def determined(before: list[str]) -> bool:
    """The last word before an amount is a determiner or a possessive ("its", "Britain's")."""
    return bool(before) and (before[-1].lower() in DETERMINERS or before[-1].endswith(("'s", "s'")))


# "Text HOME to 741741": a keyword to type that can be said is a word, not letters ("SMS
# UA to 7575" stays spelt).
KEYWORD = re.compile(r"\b(?=[A-Z]*[AEIOU])[A-Z]{3,}(?=\"?\s+to\s+(?:\d|$))")
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
# A bare four-digit number before these is a count, not a year ("2000 people").
COUNT_NOUNS = frozenset("""
people persons residents civilians soldiers troops servicemen children men women homes
houses buildings drones missiles shells rounds times families households refugees victims
casualties units tanks vehicles votes cases deaths employees workers jobs students
prisoners detainees hostages dollars euros hryvnias rubles pounds tons tonnes sorties
attacks strikes km kilometers miles meters feet hectares acres per
""".split())
COUNT_CUES = frozenset("than nearly almost approximately roughly about some over least".split())


def when(pattern: str) -> Callable[[Rule], Rule]:
    """Run the rule only on text in which ``pattern`` is found: most sentences hold no
    digit and no symbol, and one search is cheaper than a rule's substitutions."""
    trigger = re.compile(pattern)

    def mark(rule: Rule) -> Rule:
        rule.trigger = trigger  # type: ignore[attr-defined]
        return rule
    return mark


class _Substrings:
    """A trigger that looks for plain strings: ``in`` is many times cheaper than a regex
    search over many alternatives, which Python's engine tries at every position."""

    def __init__(self, words: tuple[str, ...]) -> None:
        self.words = words

    def search(self, text: str) -> bool:
        return any(word in text for word in self.words)


def when_any(*words: str) -> Callable[[Rule], Rule]:
    """Like ``when``, for a rule whose every match holds one of ``words``."""
    def mark(rule: Rule) -> Rule:
        rule.trigger = _Substrings(words)  # type: ignore[attr-defined]
        return rule
    return mark


# The single characters for fractions, which no engine reads.
VULGARS = {"½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5),
           "⅛": (1, 8), "⅜": (3, 8), "⅝": (5, 8), "⅞": (7, 8)}
VULGAR = "".join(VULGARS)


def vulgar_words(character: str) -> str:
    """"½" "a half", "¾" "three quarters": the fraction after a whole number."""
    return part_words(*VULGARS[character])


def part_words(a: int, b: int) -> str:
    """The part after a whole number as said: "three and a half", "and a quarter", "and an
    eighth" (one part takes the article), "and three quarters"."""
    if a != 1:
        return N.fraction(a, b)
    part = "half" if b == 2 else N.fraction(a, b).removeprefix("one ")
    return f"{'an' if part[0] in 'aeiou' else 'a'} {part}"


def full_stop(m: re.Match) -> str:
    """"." where an abbreviation's period also ended the sentence: at the end, or before a
    new capitalised sentence ("on Sunset Dr. Police said")."""
    rest = m.string[m.end():]
    return "." if m.group().endswith(".") and (not rest or re.match(r"\s+[\"(]?[A-Z]", rest)) else ""


def plural(said: str) -> str:
    """"A three twenty" "A three twenties", "sixty-five" "sixty-fives", "six" "sixes": the
    last word of a spoken number or name takes the plural."""
    if said.endswith("y"):
        return said[:-1] + "ies"
    return said + ("es" if said.endswith("x") else "s")
