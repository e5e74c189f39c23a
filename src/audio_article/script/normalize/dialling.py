"""Phone numbers, digit by digit, group by group, as they are dialled ("+380 44 123 4567",
"1-800-273-8255", "13 11 14"); numbers named to dial ("Dial 112") are hotlines.py's."""

from __future__ import annotations

import re

from .. import numbers as N
from .common import region, when


# "+380 44 123 4567", "0 800 500 335": a plus or a leading zero and at least three
# groups of digits. Never a quantity, so never read as one: digit by digit, group by group.
# A US vanity number: "1-800-CALL-FBI" "one eight hundred call F.B.I.".
_VANITY = re.compile(r"(?<![\w-])1-(?P<code>8(?:00|88|77|66|55|44|33))-(?P<words>[A-Z]{2,}(?:-[A-Z]{2,})*)(?![\w-])")


def _vanity(m: re.Match) -> str:
    words = [w.lower() if len(w) > 3 and re.search("[AEIOU]", w) else ".".join(w) + "."
             for w in m["words"].split("-")]
    return f"one {N.cardinal(int(m['code']))} {' '.join(words)}"


# Australia's freecall and local-rate numbers: "1800 333 000", "1300 655 506"; India's
# toll-free "1800-11-4000" (set 77).
_FREECALL = re.compile(r"(?<![\w+.,])1[38]00[ -](?:\d{3}[ -]\d{3,4}|\d{4}[ -]\d{3}|\d\d[ -]\d{4})(?![\w.,]?\d)")  # Singapore's "1800-255-0000", "1800-2255-632"
# ... written in pairs after the prefix, as they are said: Beyond Blue's "1300 22 4636" "one
# three hundred twenty-two forty-six thirty-six" (set 46).
_FREECALL_PAIRS = re.compile(r"(?<![\w+.,])(1[38]00) (\d\d \d{4})(?![\w.,]?\d)")
# Europe's harmonised helplines, "116 123" (Samaritans), "116 111" (Childline).
_HELPLINE = re.compile(r"(?<![\w+.,])116 ?(?!000)\d{3}(?![\w.,]?\d)")  # "116 000 people" is a count
# Two groups, the first with its nought: "07700 900123" (a British mobile), "08600 10111"
# (South Africa's Crime Stop), "01632 960123"; Ireland's short area codes, "045 884300"
# (Naas), "01 6661234" (Dublin), "+353 45 884300" from abroad; an Indian mobile from abroad
# in fives, "+91 83000 86000" (set 75).
_PHONE = re.compile(r"(?<![\w+.,])(?:\+\d{1,3}(?:[ -]\d{2,5}){2,}|0\d{0,4}(?:[ -]\d{2,4}){2,}|0\d{3,4}[ -]\d{4,8}|(?:\+\d{1,3}[ -]\d{1,2}|0\d{1,2})[ -]\d{6,8})"
                    r"(?![\w.,]?\d)")


@when(r"\d[ -]\d")
def phone_numbers(text: str) -> str:
    """"+380 44 123 4567" "plus three eight zero, four four, one two three, four five six
    seven": read as a listener would dial it."""
    def read(m: re.Match) -> str:
        plus = "plus " if m.group().startswith("+") else ""
        written = re.split(r"[ -]", m.group())
        groups = _in_threes(written)
        # A group written as whole hundreds is said so: "1800 700 700" "one eight hundred,
        # seven hundred, seven hundred" (set 72); not one split off a longer one ("884300").
        return plus + ", ".join(N.cardinal(int(group)) if i < len(written) and group == written[i]
                                and _HUNDREDS.fullmatch(group) and region() not in _ZERO_REGIONS
                                else phone_group(group) for i, group in enumerate(groups))

    text = _FREECALL_PAIRS.sub(lambda m: " ".join([_SAID_AS[m[1]], *map(_pair, re.findall(r"\d\d", m[2]))]), text)
    text = _PHONE.sub(read, _FREECALL.sub(read, _HELPLINE.sub(read, text)))
    if region() == "AU" and DIAL_CUE.search(text):
        text = _THIRTEEN.sub(_thirteen, text)
    text = _VANITY.sub(_vanity, text)
    if not re.search(r"\d[-.]\d{4}", text):  # the last group is always there
        return text
    return _LOCAL_PHONE.sub(_local_phone, _US_PHONE.sub(_us_phone, text))


_HUNDREDS = re.compile(r"[1-9]00")


def _in_threes(groups: list[str]) -> list[str]:
    """A long last group read in threes, as it is dialled and read out: "884300" "eight
    eight four, three oh oh", "6661234" "six six six, one two three four"."""
    last = groups[-1]
    return groups[:-1] + [last[:3], last[3:]] if len(groups) > 1 and len(last) >= 6 else groups


DIAL_CUE = re.compile(r"(?i)dial|call|text|phone|ring|sms|line|number|contact|forward|reach")  # a word asking to dial


# Australia's six-digit "13" numbers, in copy that asks to call: "13 11 14" (Lifeline)
# "thirteen eleven fourteen", in pairs as written; "132 500" (the SES) "one three two five
# hundred", its round hundreds said so.
_THIRTEEN = re.compile(r"(?<![\w+.,$])13(?: (?P<pairs>\d\d \d\d)|(?P<third>\d) (?P<group>\d{3}))(?![\w.,]?\d)")


def _pair(p: str) -> str:
    return N.cardinal(int(p)) if p[0] != "0" else N.digits(p)


def _thirteen(m: re.Match) -> str:
    if m["pairs"]:
        return " ".join(["thirteen", *map(_pair, m["pairs"].split())])
    group = N.cardinal(int(m["group"])) if re.fullmatch(r"[1-9]00", m["group"]) else N.digits(m["group"])
    return f"one three {N.ONES[int(m['third'])]} {group}"


# "1-800-273-8255", "(202) 555-0143", "202-555-0143": the North American form.
_US_PHONE = re.compile(r"(?<![\w+.,-])(?:1[-. ])?(?:\(\d{3}\)\s?|\d{3}[-.])\d{3}[-.]\d{4}(?![\w-]|[.,]\d)")


# "555-0143" without its area code: a phone number where no range can be, its second group
# starting with 0, or after a cue to dial ("call 555-1234") or before an extension.
_LOCAL_PHONE = re.compile(r"(?<![\w+.,-])(?P<first>\d{3})-(?P<last>\d{4})(?![\w-]|[.,]\d)")
_CUE_BEFORE = re.compile(r"(?i:\b(?:call|dial|phone|text|ring|fax)(?:ed|ing|s)?(?: us| them)?(?: on| at)?) $")


def _local_phone(m: re.Match) -> str:
    cued = _CUE_BEFORE.search(m.string[:m.start()]) or re.match(r",? ext\b", m.string[m.end():])
    if not (m["last"].startswith("0") or cued):
        return m.group()
    return f"{phone_group(m['first'])}, {phone_group(m['last'])}"


def _us_phone(m: re.Match) -> str:
    # A toll-free "800" is said "eight hundred", every other group digit by digit.
    groups = re.findall(r"\d+", m.group())
    return ", ".join(N.cardinal(int(g)) if g in ("800", "900") else phone_group(g) for g in groups)


# Prefixes said as words: the UK's and New Zealand's freephone "0800" "oh eight hundred",
# Australia's "1800" "one eight hundred"; Australia's emergency "000" "triple zero"; a
# three-digit service number with a nought inside, "101" "one oh one".
_SAID_AS = {"0800": "oh eight hundred", "0808": "oh eight oh eight", "1800": "one eight hundred",
            "1300": "one three hundred", "000": "triple zero"}


def dialled(group: str) -> str:
    """One group of digits as it is said when dialled."""
    if group in _SAID_AS:
        return _SAID_AS[group]
    if re.fullmatch(r"[1-9]0[1-9]", group):
        return f"{N.ONES[int(group[0])]} oh {N.ONES[int(group[2])]}"
    return N.digits(group)


# "000" is "triple zero" only dialled alone, the emergency call; inside a longer number
# ("1800 333 000") it is three digits, said "zero" as the number they call to mind.
_GROUPS_SAID = {**_SAID_AS, "000": "zero zero zero", "0000": "zero zero zero zero"}


# South Asia, Africa and South-East Asia read a phone number's noughts "zero" ("0484-2423513"
# "zero four eight four ...", sets 29 and 30); Britain, Ireland, Australasia and America "oh".
_ZERO_REGIONS = frozenset("IN PK BD LK NP NG KE GH UG TZ SG MY PH".split())


def phone_group(group: str) -> str:
    """A group of a phone number: its noughts "oh", as numbers are read out ("555-0199"
    "five five five, oh one nine nine"), or "zero" where the region says so."""
    nought = "zero" if region() in _ZERO_REGIONS else "oh"
    said = _GROUPS_SAID.get(group)
    if said and not (nought == "zero" and group in ("1800", "1300")):  # India's "one eight zero zero" (set 77)
        return said.replace("oh", "zero") if nought == "zero" else said
    return " ".join(nought if c == "0" else N.ONES[int(c)] for c in group if c.isdigit())
