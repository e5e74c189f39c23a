"""Temperatures: "30C" "thirty degrees Celsius", "-10 to -15C", "minus 380 F", "2.7 K"
"two point seven kelvin"."""

from __future__ import annotations

import re

from .. import numbers as N
from .common import DASH, NUM, signed, when

_SIGNED = rf"(?:(?<![\w.,])(?P<sign>[-+]))?(?<![\w.,])(?P<a>{NUM})"


_TEMPERATURE = re.compile(
    rf"{_SIGNED}(?:\s?°?[CF]?{DASH}(?P<sign2>[-+])?(?P<b>{NUM}))?"
    # "-38 C": Canadian copy spaces the letter; read so only after a signed number.
    r"(?:\s?°\s?|(?<=\d)|(?(sign) (?=[CF](?!\w|\.\w))|(?!)))"
    r"(?P<scale>[CF])(?![\w°'])")
_SCALES = {"C": "Celsius", "F": "Fahrenheit"}


@when(r"\d\s?°?[CFK]\b|degrees [CF]\b")
def temperatures(text: str) -> str:
    """"30C" "thirty degrees Celsius", "-10 to -15C" "minus ten to minus fifteen degrees
    Celsius", "68F": British copy glues the scale's letter to the number; "minus 380 F";
    "2.7 K" "two point seven kelvin" where the sentence speaks of temperature (set 29)."""
    def said(m: re.Match) -> str:
        if set(m.string[:m.start()].split()[-1:]) & _LABELLED:  # "Apt. 6C", "Gate 4F": a label
            return m.group()
        degrees = "degree" if N.is_one(m["a"]) and not m["b"] else "degrees"
        high = f" to {signed(m['sign2'], m['b'])}" if m["b"] else ""
        return f"{signed(m['sign'], m['a'])}{high} {degrees} {_SCALES[m['scale']]}"

    text = _MINUS_SPACED.sub(lambda m: f"{m['a']} degrees {_SCALES[m['scale']]}", text)
    text = re.sub(r"(?<=\d degrees) ([CF])\b(?![\w.]|\.\w)", lambda m: f" {_SCALES[m[1]]}", text)  # "350 degrees F"
    if _HOT_OR_COLD.search(text):
        text = _KELVIN.sub(lambda m: f"{N.number(m['a'])} kelvin", text)
    if _HOT_OR_COLD.search(text) or _FORECAST.search(text) or _DECIMAL_SPACED.search(text):
        # "highs near 34 C": Canadian copy spaces the letter (set 31).
        text = _SPACED.sub(lambda m: f"{N.number(m['a'])} degrees {_SCALES[m['scale']]}", text)
    return _TEMPERATURE.sub(said, text)


# (A highway's exit, "Exit 4C", set 80. And a law's part: "section 18C of the Racial Discrimination Act", review.)
_LABELLED = frozenset("""Apartment Apt Unit Suite Flat Room Gate Seat Row Platform Block Bay Stand Level Floor Route Exit
section Section sections Sections article Article clause Clause rule Rule regulation Regulation""".split())
_MINUS_SPACED = re.compile(rf"(?<=\bminus )(?P<a>{NUM}) (?P<scale>[CF])(?!\w|\.\w)")
# Spaced, or glued to any figure but the 4 and 8 of a screen's "4K" and "8K".
_KELVIN = re.compile(rf"(?<![\w.,$£€])(?P<a>{NUM})(?:\s|(?<![48]))K(?![\w-])")
_HOT_OR_COLD = re.compile(r"(?i)\b(?:temperatures?|kelvin|absolute zero|degrees|cold\w*|cool\w*|hot\w*|heat\w*|"
                          r"warm\w*|surface|cryogenic|Fahrenheit|Celsius)\b")
_FORECAST = re.compile(r"\b(?:highs?|lows?|humidex|wind chills?|forecast)\b")
# A decimal before the spaced letter is a temperature anywhere: "Calgary hit 34.2 C" (set 75).
_DECIMAL_SPACED = re.compile(r"\d\.\d [CF](?![\w°'-]|\.\w)")
_SPACED = re.compile(rf"(?<![\w.,+-])(?P<a>{NUM}) (?P<scale>[CF])(?![\w°'-]|\.\w)")
