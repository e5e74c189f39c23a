"""Racing and betting: a race's distance in furlongs, and odds ("11/4 to win" "eleven to
four"), split from scores.py."""

from __future__ import annotations

import re

from .. import numbers as N
from .common import when


# A race's distance in miles and furlongs, where the sentence is about racing (set 32).
_FURLONGS = re.compile(r"(?<![\w.,])(?:(?P<mi>\d)m )?(?P<f>\d)f\b")
_RACING = re.compile(r"\b(?:furlongs?|race|racing|stakes|handicap|hurdle|chase|Group [1-3]|lengths?|"
                     r"favourite|jockey|trainer|made all|shot|odds|Derby|Cup|Guineas|Gold Cup)\b")


@when(r"\df\b")
def race_distances(text: str) -> str:
    """"made all over 7f" "seven furlongs", "1m 4f" "one mile four furlongs", where the
    sentence is about racing."""
    return _FURLONGS.sub(_furlongs, text) if _RACING.search(text) else text


def _furlongs(m: re.Match) -> str:
    miles = f"{N.cardinal(int(m['mi']))} mile{'s' if m['mi'] != '1' else ''} " if m["mi"] else ""
    return f"{miles}{N.cardinal(int(m['f']))} furlong{'s' if m['f'] != '1' else ''}"


# Betting odds: a slash between two numbers before or after a word of betting.
_SLASHED = re.compile(r"(?<![\w./,])(\d{1,3})/(\d{1,2})(?![\w/]|[.,]\d)")
# A horse's price as racing copy gives it: "returned at 9/2", "went off at 5/1".
_ODDS_BEFORE = ("odds of ", "odds ", "returned at ", "priced at ", "backed at ", "went off at ",
                "sent off at ", "starting price of ", "sp of ")
_BETTING_AFTER = re.compile(r"\s(?:to win|favou?rite|shot|outsider|odds-on)\b")
# "The champion is 4/6 to retain his title": a price after "is" and before "to" and a verb.
_PRICED = re.compile(r"\b(?:is|are|was|were|now) $")
_TO_VERB = re.compile(r"\sto (?!the\b|a\b|an\b|be\b)[a-z]+")
# A bookmaker's prices: "Paddy Power cut Galway from 4/1 to 11/8" (set 32).
_BOOKMAKER = re.compile(r"\b(?:Paddy Power|Ladbrokes|William Hill|Bet365|Coral|Betfair|Sky Bet|BoyleSports|"
                        r"Betfred|Sportsbet|TAB|(?i:bookmakers?|bookies))\b")


@when(r"\d/\d")
def odds(text: str) -> str:
    """Betting odds: "the 9/2 favourite" "the nine to two favourite", "odds of 33/1",
    "Paddy Power cut Galway from 4/1 to 11/8" (after scores: cricket's "7/452" is read first)."""
    return _SLASHED.sub(_odds, text)


def _odds(m: re.Match) -> str:
    """Betting odds, "11/4 to win" or "odds of 100/1": said "eleven to four"."""
    after_odds = m.string[:m.start()].lower().endswith(_ODDS_BEFORE) or _BOOKMAKER.search(m.string)
    priced = _PRICED.search(m.string, 0, m.start()) and _TO_VERB.match(m.string, m.end())
    if after_odds or priced or _BETTING_AFTER.match(m.string, m.end()):
        return f"{N.cardinal(int(m[1]))} to {N.cardinal(int(m[2]))}"
    return m.group()
