"""Abbreviations with a period or a slash: "vs.", "No. 5", "s.18", "Inc.", "Feb." at a sentence end,
a lone "v" between names; party names in a British council tally ("31 Lab, 22 LD"); the
full stop of a unit after its number ("265 lbs., the"). Places' abbreviations are ``places``'s."""

from __future__ import annotations

import re

from .. import numbers as N
from .. import tables as T
from .common import full_stop, when
from .dialling import phone_group


def abbreviations_anywhere(text: str) -> str:
    """"vs." "versus", "approx." "approximately"; capitalised, as a sentence starts
    ("Approx. 300 people"), the reading is capitalised too."""
    return _ANYWHERE.sub(lambda m: _ANYWHERE_TOO[m.group()], text)


# The table and its entries capitalised ("E.g.", "Approx."), longest first ("w/o" before "w/").
_ANYWHERE_TOO = {**{w[:1].upper() + w[1:]: said[:1].upper() + said[1:]
                    for w, said in T.ANYWHERE.items() if w[:1].islower()}, **T.ANYWHERE}
_ANYWHERE = re.compile(r"(?<![\w.,])(?:" + "|".join(
    re.escape(w) for w in sorted(_ANYWHERE_TOO, key=len, reverse=True)) + r")(?!\w)")


# "Australia v India", "Roe v. Wade", "India vs South Africa" (set 48): a lone "v" or "vs"
# between two names.
_VERSUS = re.compile(r"(?<=[A-Za-z] )vs?\.?(?= [A-Z])")


@when(r" vs?\.? [A-Z]")
def versus(text: str) -> str:
    """"Australia v India" "Australia versus India": between capitalised names only."""
    return _VERSUS.sub("versus", text)


# British copy drops the period: "No 10 said", "the No 1 priority" (a digit must follow).
# Not the head of an identifier, "case No. 24-CR-1187" (identifiers.py reads it whole).
_NUMBER_SIGN = re.compile(r"(?<![\w.])(?:Nos\.|No\.|No(?= \d)|#|№)\s?(?P<n>\d{1,4})(?![\d,.]\d|\w|-[A-Z])")
_LONG_NUMBER_SIGN = re.compile(r"(?<![\w.])(?:No\.|No(?= \d)|#|№)\s?(?P<n>\d{5,12})(?![\d,.]\d|\w)")
_BEFORE_NUMBER = re.compile(r"(?<![\w.])(?P<abbr>" + "|".join(
    re.escape(w) for w in sorted(T.BEFORE_NUMBERS, key=len, reverse=True)) + r"|#|№)\s?(?=\d)")
# Australian and British statute copy writes a section "s 93G" with a space and no stop:
# only before an Act ("s 93G of the Crimes Act") or after "under" (set 69).
_SPACED_SECTION = re.compile(r"(?<![\w.])(?:(?<=\bunder )s|s(?= \d{1,4}[A-Z]{0,2}(?:\(\d{1,3}\))* of (?:the )?"
                             r"(?:[A-Z][\w'()]* ){0,6}Act\b)) (?=\d)")
_EXTENSION = re.compile(r"(?<![\w.])[Ee]xt\.?\s?(?P<n>\d{1,6})\b")


@when(r"\.\s?\d|[#№]\d|\bNo \d|\bHwy \d|\bSH\d|\bs \d")
def number_signs(text: str) -> str:
    """"No. 5" "number five", "pp. 12" "pages twelve", "ext. 204" "extension two zero
    four"; an identifier is read the way it is called out: "Flight No. 752" "flight
    number seven fifty-two"."""
    text = _SPACED_SECTION.sub("section ", text)
    text = _EXTENSION.sub(lambda m: f"extension {phone_group(m['n'])}", text)  # as the number: "oh" (set 47)
    text = _NUMBER_SIGN.sub(lambda m: f"{_sign(m)} {N.model_number(m['n'])}", text)
    # "Paybill No. 8071464": a longer number named by "No." is read digit by digit.
    text = _LONG_NUMBER_SIGN.sub(lambda m: f"number {N.digits(m['n'])}", text)
    return _BEFORE_NUMBER.sub(lambda m: T.BEFORE_NUMBERS.get(m["abbr"], "number") + " ", text)


def _sign(m: re.Match) -> str:
    return "numbers" if m.group().startswith("Nos") else "number"


_TRAILING = {**T.TRAILING, **T.MONTH_ABBREVIATIONS}
_TRAILING_NAMES = "|".join(re.escape(t) for t in _TRAILING)


@when(r"[a-z]\.|\b(?:Ltd|plc|PLC)\b")
def trailing_abbreviations(text: str) -> str:
    """"Acme Inc." "Acme Incorporated", "etc." "et cetera"."""
    return re.sub(rf"(?<![\w.])({_TRAILING_NAMES})(?![\w])",
                  lambda m: _TRAILING[m.group(1)] + full_stop(m), text)


# British council and election tallies: "31 Lab, 22 LD, 9 Con and 1 Ind", "Lab 31, Con 9".
# Only in a tally (two parties with their counts), so that a "Con" or an "Ind" elsewhere stays.
_PARTIES = {"Lab": "Labour", "Con": "Conservative", "LD": "Lib Dem", "LDem": "Lib Dem", "Ind": "Independent",
            "Grn": "Green", "Ref": "Reform", "PC": "Plaid Cymru"}
_PARTY = f"(?:{'|'.join(_PARTIES)})"
_TALLIED = re.compile(rf"(?<![\w.])(?:(?<=\d ){_PARTY}|{_PARTY}(?= \d))(?!\w|\.\w)")
_TALLY = re.compile(rf"(?:\b\d{{1,3}} {_PARTY}|\b{_PARTY} \d{{1,3}})(?!\w|\.\w)")


# A councillor's or an MP's party in brackets after the name: "Cllr Jane Hughes (Lab)",
# "Navendu Mishra (Lab, Stockport)"; a bracket after a lower-case word is no name's.
_BRACKETED = re.compile(rf"(?P<name>\b[A-Z][a-z]+ \()(?P<party>{_PARTY})(?=[,)])")


@when(rf"\d {_PARTY}\b|\b{_PARTY} \d|\({_PARTY}[,)]")
def party_tallies(text: str) -> str:
    """"31 Lab, 22 LD, 9 Con and 1 Ind" "thirty-one Labour, twenty-two Lib Dem, nine
    Conservative and one Independent"; "Cllr Jane Hughes (Lab)" "(Labour)"."""
    text = _BRACKETED.sub(lambda m: m["name"] + _PARTIES[m["party"]], text)
    if len(_TALLY.findall(text)) < 2:
        return text
    return _TALLIED.sub(lambda m: _PARTIES[m.group()], text)


# A unit written with its full stop, as AP does: "6 ft. 9 in.", "265 lbs., the rookie".
_UNIT_STOP = re.compile(r"(?<=\d)(?P<sep> ?)(?P<unit>ft|lbs?|oz|yds?|in)\.(?=[,;:)]|\s+[a-z\d])")
_FEET_BEFORE = re.compile(r"(?:ft|feet|foot)\.? ?\d{1,2} ?$")


@when(r"\d ?(?:ft|lbs?|oz|yds?|in)\.")
def unit_stops(text: str) -> str:
    """The full stop of a unit after its number is the abbreviation's, not a sentence's
    end, and goes ("265 lbs., the" "265 lbs, the"); a spaced "in." after feet is inches,
    glued so the units read it ("6 ft. 9 in. and" "6 ft 9in and"), where "won 9 in a row"
    is not."""
    return _UNIT_STOP.sub(_unit_stop, text)


def _unit_stop(m: re.Match) -> str:
    if m["unit"] != "in":
        return m["sep"] + m["unit"]
    return "in" if _FEET_BEFORE.search(m.string, 0, m.start()) else m.group()
