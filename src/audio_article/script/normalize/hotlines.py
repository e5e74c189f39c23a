"""Numbers to dial by name: emergency and service numbers ("Dial 112", "the 988 crisis line",
"a 911 call"), USSD codes and mobile-money accounts, said as they are dialled; split from
dialling.py (phone numbers), whose ``dialled`` reads each group."""

from __future__ import annotations

import re

from .. import numbers as N
from .. import tables as T
from .common import COUNT_NOUNS, KEEPS_PLURAL, KEYWORD, YEAR, describes, when
from .dialling import DIAL_CUE, dialled

# Emergency and service numbers are said as they are dialled, "Dial 112" "Dial one one
# two", but only where a word beside them says so: "112 people" is a count. A cue before
# the number may stand a word or two away ("call them on 102", "text HOME to 741741", "SMS
# tips to 32211": a short code after "text" or "SMS" and a word is keyed digit by digit);
# those words are few and known, so "Call of Duty 2" is left alone. A service named
# between the cue and "on" is called on its number: "call Police on 105", "ring
# Healthline on 0800 611 116", "call the police on 105" (set 24).
_DIAL_NUMBER = r"(?<![\w.,$€£₴-])(?:\d{3,6}|\d{10})(?![\w%°-]|[.,:/]\d)"  # ten figures: a mobile called whole, "Call 9152987821" (outside test)
_DIAL_BEFORE = re.compile(
    r"(?<![\w-])(?P<cue>(?i:dial(?:l?ed|l?ing|s)?|call(?:ed|ing|s)?|reach(?= the [A-Z])|text(?:ed|ing|s)?|contact(?:ed|ing|s)?(?: free)? on|"
    r"(?:tele)?phone|ring|sms|hot ?line|help ?line|forward(?:ed|ing|s)?(?= (?:it|them)(?: free)? to)|(?:(?:non-)?emergency|tip|crisis|police) lines? (?:on|at)|(?:emergency|phone|hotline|helpline|"
    r"toll-free|short) number|(?<=\b[Tt]he )number))[:,]?"
    r"(?P<gap>(?:\s+(?:the|on|to|at|us|them|it|free|police|emergency|services|an? ambulance)){0,3}"
    r"|(?:\s+the)?(?:\s+(?:police|[A-Z][a-z]+)){1,5}\s+on|(?:\s+the)?\s+[A-Z]{2,6}\s+(?:on|at)|\s+\"?[A-Z]{2,}\"?\s+to|(?:(?<=[Tt]ext)|(?<=SMS)|(?<=sms)|(?<=exting))(?:\s+[a-z]{2,}){1,3}\s+to)\s+"
    rf"(?P<nums>{_DIAL_NUMBER}(?:(?:,?\s+or\s+|,?\s+and\s+|,\s+|\s(?=\d{{3,4}}\b)){_DIAL_NUMBER})*)")
# Emergency and advice numbers, said digit by digit anywhere after a cue to call ("call
# 111 for advice or 999 in an emergency", "105 for non-urgent matters": New Zealand's
# police line); never before what a count counts ("called 105 reservists", "calls rose
# 101 per cent").
_CALL = re.compile(r"(?i)\b(?:dial|call|ring|phone)(?:s|ed|ing|ers?)?\b")  # "Callers to 911" (set 47)
_EMERGENCY = re.compile(r"(?<![\w.,$€£₴-])(?:999|911|112|000|111|101|105|988|[23]11(?= for\b))(?![\w%°-]|[.,:/]\d|\s+(?:[a-z]+s|per)\b)")
# A cue after the number: "the 1545 hotline", "the 102 police line", "a 911 call", "the 911
# dispatcher" (singular: "120 dispatchers" is a count), "the 988
# Suicide and Crisis Lifeline". "line", "call", "number" and "service" also follow counts
# ("200 call centres"), so there the number must follow a determiner, a possessive or the
# service's name ("NHS 111 service").
_DIAL_AFTER = re.compile(
    rf"(?P<nums>{_DIAL_NUMBER})"
    r"(?P<gap>(?:\s+(?i:police|emergency|ambulance|fire|rescue|crisis|suicide|and|&|"
    r"national|free|toll-free)){0,3})"
    r"\s+(?P<cue>(?i:hotline|helpline|lifeline|line|call|caller|number|service|dispatcher|operator))\b(?P<next>\s+[a-z]+)?")
# After a number to dial comes punctuation or an ordinary word, never what a count counts.
_NOT_COUNTED = frozenset("always unless as is was has this thus afterwards towards".split())


# A USSD code, keyed on any mobile phone: "*977#" "star nine seven seven hash".
_USSD = re.compile(r"(?<![\w*])\*\d{2,4}(?:\*\d{1,8})*#")
# An M-Pesa business or till number, keyed in to pay: "Paybill 888880", "Till number 5123456".
_PAYBILL = re.compile(r"\b(?P<cue>[Pp]aybill|[Pp]ay [Bb]ill|Till|[Tt]ill number|[Bb]usiness number)"
                      r"\s(?P<n>\d{5,8})(?![\w,.]?\d)")


# A short code, with the message's way after it: "sending their index number to 20076 via
# SMS" (set 71).
_SMS_AFTER = re.compile(r"(?<=\bto )\d{5,6}(?= (?:via|by) (?:SMS|sms|text(?: message)?)\b)")


@when(r"\d{3}")
def dial_numbers(text: str) -> str:
    """"Dial 112" "Dial one one two", "the 1545 hotline" "the one five four five hotline";
    "*977#" "star nine seven seven hash", "Paybill 888880" "Paybill eight eight eight eight
    eight zero"."""
    if "#" in text:
        text = _USSD.sub(lambda m: " ".join("star" if c == "*" else "hash" if c == "#" else N.ONES[int(c)]
                                            for c in m.group()), text)
    text = _PAYBILL.sub(lambda m: f"{m['cue']} {N.digits(m['n'])}", text)
    text = _SMS_AFTER.sub(lambda m: N.digits(m.group()), text)
    text = re.sub(r"(?i)(\btriple zero) \(000\)", r"\1", text)  # said once (set 30)
    text = re.sub(r"\bNHS 111\b", "NHS one one one", text)  # the service is named by its number (set 32)
    text = _DIAL_BEFORE.sub(_dialled_before, text) if DIAL_CUE.search(text) else text
    call = _CALL.search(text)
    if call:
        text = text[:call.end()] + _EMERGENCY.sub(
            lambda m: m.group() if _described_count(m.string, m.end()) else _dial(m.group()), text[call.end():])
    text = _DIAL_AFTER.sub(_dialled_after, text)
    text = _NINE_ELEVEN.sub("nine eleven", text) if "911" in text else text
    return _NINE_ONE_ONE.sub(_nine_one_one, text) if "911" in text or "999" in text else text


# The day, not the number: "the 911 attacks" (as "9/11" is said), and the car: "a Porsche 911".
_NINE_ELEVEN = re.compile(r"(?<=\bPorsche )911\b(?!-\d)|(?<=\b[Tt]he )911(?= (?:terror(?:ist)? )?"
                          r"(?:attacks?|hijackers|commission|memorial|anniversary)\b)")


# "the county's 911 center", "a 911 outage", "the 999 system": after a determiner or a
# possessive and before a singular noun (or a few plurals of the service), America's and
# Britain's emergency numbers are dialled, whatever the noun; "the 911 people", "the 911
# attacks", "the 999 bus" are not.
_NINE_ONE_ONE = re.compile(r"(?<![\w.,$€£₴-])(?:911|999)(?=\s+(?P<next>[a-z]+)\b(?!-)(?:\s+(?P<then>[a-z]+))?)")
_SERVICE_PLURALS = frozenset("calls callers dispatchers operators centers centres systems recordings tapes "
                             "services lines".split())


def _nine_one_one(m: re.Match) -> str:
    noun, then = m["next"], m["then"] or ""
    # "the 911 new homes": an adjective and what is counted.
    if not (_determined(m) and describes(noun)) or noun in _NAMED_BY_NUMBER or _counted_noun(noun) or (describes(then) and _counted_noun(then)):
        return m.group()
    return _dial(m.group())


def _counted_noun(word: str) -> bool:
    plural = word.endswith("s") and not word.endswith("ss") and word not in _SERVICE_PLURALS
    return plural or word in COUNT_NOUNS


def _dial(numbers: str) -> str:
    return re.sub(r"\d+", lambda m: dialled(m.group()), numbers)


def _dialled_before(m: re.Match) -> str:
    if _counted(m):
        return m.group()
    before = KEYWORD.sub(lambda k: k.group().capitalize(), m.group()[:m.start("nums") - m.start()])
    return before + _dial(m["nums"])


def _counted(m: re.Match) -> bool:
    """"called 300 times", "call 100 reservists", "called 2022 a turning point", "call the
    2024 vote a sham": the number after a cue is a quantity or a year, not one to dial."""
    after = re.match(r"\s+([A-Za-z]+)", m.string[m.end():])
    word = after[1].lower() if after else ""
    # After "the number" a verb may follow ("the emergency number 112 works"); after "call"
    # a word in -s is what is counted ("called 300 reservists").
    plural = word.endswith("s") and word not in _NOT_COUNTED and not m["cue"].lower().endswith("number")
    if word in COUNT_NOUNS or word in T.SPACED_UNITS or word in _NAMED_BY_NUMBER or plural:
        return True
    if _described_count(m.string, m.end()):
        return True
    if _ADDRESS_AFTER.match(m.string, m.end()):  # "called to 1420 W. Madison St.": a house
        return True
    # A year is dialled only right after the cue, and not when it is being named.
    year = re.fullmatch(YEAR, m["nums"]) is not None and not re.search(r"(?i)line|number", m["cue"])
    return year and (bool(m["gap"]) or word in ("a", "an", "the"))  # "hotline at 1767" is dialled


# A word that describes what is counted, then the count's noun: "called 101 police officers",
# "call 105 extra staff". Not after "number" ("the number 101 police line"), and not "called
# 911 three times", "called 999 emergency services", "called 111 after neighbours" ...
_DESCRIBED_COUNT = re.compile(r"\s+[a-z]+(?:-[a-z]+)?\s+(?!times\b|calls\b|services\b|lines\b|callers\b)"
                              r"(?:[a-z]+[^s\W]s|staff|personnel|crew|police)\b(?![-'])")
_NOT_DESCRIBING = KEEPS_PLURAL | frozenset(N.ONES) | frozenset(N.TENS) | frozenset(
    "several multiple many numerous few dozens hundreds thousands other some all both no any".split())


_PEOPLE_AFTER = re.compile(r"\s+(?:people|persons|men|women|children|staff|personnel)\b")


def _described_count(text: str, end: int) -> bool:
    """What follows a number at ``end`` is a described count: "101 police officers"."""
    if _PEOPLE_AFTER.match(text, end):
        return True  # "called 105 people"
    after = _DESCRIBED_COUNT.match(text, end)
    word = after and after.group().split()[0]
    return bool(word) and describes(word) and word not in _NOT_DESCRIBING


_ADDRESS_AFTER = re.compile(r" (?:[NSEW]\.? )?(?:[A-Z][a-z]+ ){1,3}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|"
                            r"Boulevard|Dr|Drive|Ln|Lane|Way|Pl|Place|Ct|Court)\b")
# "the number 300 bus", "the number 112 shirt", "called to the 500 block": what a number
# names, not one to dial.
_NAMED_BY_NUMBER = frozenset("bus tram train route shirt jersey seed spot pick position block".split())


def _dialled_after(m: re.Match) -> str:
    cue, following = m["cue"].lower(), (m["next"] or "").strip()
    # "the 2024 call for proposals": before these words a year is a year.
    plural = following.endswith("s") and following not in _NOT_COUNTED  # "call centres"
    # "the 300 line": a round hundred names a route or a front line more often than a
    # number to dial ("the 101 line", "the 988 line" are dialled).
    vague = not _determined(m) or plural or re.fullmatch(YEAR, m["nums"]) or \
        re.fullmatch(r"[1-9]00", m["nums"])
    if cue in ("line", "call", "number", "service") and vague:
        return m.group()
    return _dial(m["nums"]) + m.group()[len(m["nums"]):]


_DESCRIBING_SERVICE = frozenset("new national statewide local free dedicated".split())


def _determined(m: re.Match) -> bool:
    """A determiner, a possessive or a name before the number: "the", "Britain's", "NHS",
    or before a word describing it: "the county's new 988 crisis call center" (set 42)."""
    before = m.string[:m.start()].split()[-2:]
    if len(before) == 2 and before[1].lower() in _DESCRIBING_SERVICE:
        before = before[:1]
    return re.fullmatch(r"(?i:a|an|the|its|their|our|your|\w+'s?)|[A-Z]{2,}", (before or [""])[-1]) is not None
