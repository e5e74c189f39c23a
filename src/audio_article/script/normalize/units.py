"""Units and percentages after a number: "10 km", "a 10-km walk", "15%", "per day"."""

from __future__ import annotations

import re

from .. import numbers as N
from .. import tables as T
from .common import DASH, KEEPS_PLURAL, NUM, signed


def percent(text: str) -> str:
    def said(m: re.Match) -> str:
        low = signed(m["sign"], m["a"])
        return low + (f" to {N.number(m['b'])}" if m["b"] else "") + " percent"

    return re.sub(rf"(?:(?<![\w.,])(?P<sign>[-+]))?(?<![\w.,])(?P<a>{NUM})"
                  rf"(?:{DASH}(?P<b>{NUM})\s?%?)?\s?(?:%|\s(?:percent|per\s?cent)\b)", said, text)


_UNIT_NAMES = "|".join(re.escape(u) for u in sorted(T.UNITS, key=len, reverse=True))
_UNIT = re.compile(
    rf"(?:(?<![\w.,])(?P<sign>[-+]))?(?<![\w.,])(?P<a>{NUM})(?:{DASH}(?P<b>{NUM}))?"
    rf"(?P<sep>\s|-)?(?P<unit>{_UNIT_NAMES})(?![\w²])(?P<next>\s+[a-z]+)?")


def units(text: str) -> str:
    """"10 km" "ten kilometers"; "10-15 km" "ten to fifteen kilometers"; "a 10-km walk" "a
    ten-kilometer walk"; "155mm shells" "one hundred fifty-five millimeter shells"."""
    # "7.62x39mm" "seven point six two by thirty-nine millimeters": a calibre's first
    # number is parted from the second so that the unit is read after it.
    if re.search(r"\d\s?[x×]\s?\d", text):
        text = re.sub(rf"(?<![\w.,])({NUM})\s?[x×]\s?(?={NUM}\s?(?:mm|cm|m|km)\b)",
                      lambda m: f"{N.number(m[1])} by ", text)
    return _UNIT.sub(_unit, text)


def _unit(m: re.Match) -> str:
    unit, sep, after = m["unit"], m["sep"] or "", m["next"] or ""
    if unit in T.AMBIGUOUS_UNITS and sep == " " and after:
        return m.group(0)  # "5 t shirts", "3 m people": not a measure
    one, many = T.UNITS[unit]
    quantity = signed(m["sign"], m["a"]) + (f" to {N.number(m['b'])}" if m["b"] else "")
    adjective = _measure_before_noun(m, sep, after)
    name = one if adjective or (N.is_one(m["a"]) and not m["b"]) else many
    return f"{quantity}{'-' if sep == '-' else ' '}{name}{after}"


def _measure_before_noun(m: re.Match, sep: str, after: str) -> bool:
    """"a 10-km walk", "155mm shells", "a 30 cm gap", "a 40 km-long convoy": a measure
    used as an adjective takes the singular unit."""
    if sep == "-" or re.match(r"-[a-z]", m.string[m.end():]):
        return True
    if not after or after.split()[0] in KEEPS_PLURAL:
        return False
    # "38.5°C was": degrees are written glued to the number, and stay plural.
    glued = sep == "" and not m["unit"].startswith("°")
    return glued or m.string[:m.start()].split()[-1:] in (["a"], ["an"])


def per(text: str) -> str:
    units = "day|week|month|year|hour|minute|second|person|capita|head|kg|km|liter|litre|barrel|ton|tonne|unit|night"
    return re.sub(rf"(?<=[\w%])\s?/\s?(?=(?:{units})s?\b)", " per ", text)
