"""A golfer's score to par in sports copy ("finish on -12" "twelve under")."""

from __future__ import annotations

import re

from .. import numbers as N
from .common import when

# A score to par after "on", "at" or "to", in a sentence about golf: "to finish on -12"
# "twelve under", "at +3" "three over" (set 38).
_TO_PAR = re.compile(r"(?P<pre>\b(?:on|at|to) )(?P<sign>[-+−])(?P<n>\d{1,2})\b(?![.,]\d)")
_GOLF = re.compile(r"\b(?:golf|par|birdies?|bogeys?|eagles?|leaderboard|carded|clubhouse|the Open|Masters|"
                   r"Ryder Cup|PGA|LPGA|DP World Tour|round of)\b")


@when(r"(?:on|at|to) [-+−]\d")
def to_par(text: str) -> str:
    """"finish on -12" "finish on twelve under", in a sentence about golf."""
    if not _GOLF.search(text):
        return text
    return _TO_PAR.sub(lambda m: f"{m['pre']}{N.cardinal(int(m['n']))} {'over' if m['sign'] == '+' else 'under'}", text)
