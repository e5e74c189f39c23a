"""Text normalization for speech: the transcript keeps the original text, the engine gets
this spoken form, with numbers, dates, money, units and abbreviations written out.

Both engines get the same words: hibari reads many numbers itself, but not reliably
("$1.2 billion" "dollar one point two billion" on eSpeak, "World War II" "World War
two" only sometimes), so nothing numeric is left to an engine's guess.

``normalize`` runs a fixed sequence of rules, each a small pure function over one
sentence. The order matters and is the documentation: whole tokens that contain dots and
digits (URLs, dates, times, money) are read before the rules that would take them apart
(abbreviations, plain numbers). Spans the pronunciation lexicon replaced are shielded
from every later rule. Table-tested by tests/test_normalize.py against the golden
table tests/data/normalize_golden.tsv.
"""

from __future__ import annotations

import re
from typing import Callable

from . import numbers as N
from . import tables as T
from .lexicon import Lexicon

VERSION = "3"

# A written number: "2,000", "3.5", "1,250.75", "12". Thousands commas need three digits.
NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
# Dashes that join the two ends of a range.
DASH = r"(?:\s?[-–—]\s?|\s+to\s+)"
_SHIELD_BASE = 0xE000  # private-use characters stand in for shielded spans


def normalize(text: str, lexicon: Lexicon | None = None, engine: str | None = None) -> str:
    """The spoken form of one sentence. ``lexicon`` entries apply first (for ``engine``,
    which picks phoneme markup where an engine takes it) and are left as they are."""
    shielded: list[str] = []

    def shield(_written: str, said: str) -> str:
        shielded.append(said)
        return chr(_SHIELD_BASE + len(shielded) - 1)

    text = _clean(text)
    text = _urls_and_emails(text)
    if lexicon is not None:
        text = lexicon.replace(text, engine, shield)
    for rule in RULES:
        text = rule(text)
    text = re.sub("[\uE000-\uF8FF]", lambda m: shielded[ord(m.group()) - _SHIELD_BASE], text)
    return _tidy(text)


# ---------------------------------------------------------------- clean-up


_CHARACTERS = str.maketrans({
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\u200b": "",
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "′": "'",
    "−": "-", "‐": "-", "‑": "-", "\u00ad": "",
})


# Private-use characters mark the lexicon's shielded words (normalize's shield); one in
# the input would be taken for a mark. No engine can say one anyway.
_PRIVATE_USE = re.compile("[\uE000-\uF8FF]")
# A run of digits longer than any quantity is read digit by digit before any rule sees
# it (int() refuses strings of more than 4,300 digits, and nobody says such a number).
_DIGIT_RUN = re.compile(r"\d{40,}")


def _clean(text: str) -> str:
    # Straight quotes and apostrophes: "Russia’s" is then one word to every G2P.
    text = _PRIVATE_USE.sub("", text.translate(_CHARACTERS))
    text = _DIGIT_RUN.sub(lambda m: f" {N.digits(m.group())} ", text)
    return " ".join(text.split())


def _ellipses(text: str) -> str:
    text = re.sub(r'(^|["(\[])\s*(?:\.\.\.|…)\s*', r"\1", text)  # a quote taken mid-sentence
    text = re.sub(r"\s*(?:\.\.\.|…)\s*(?=[\"')\]]?$)", ".", text)  # trailing off
    return re.sub(r"\s*(?:\.\.\.|…)\s*", ", ", text)


# ---------------------------------------------------------------- URLs and e-mail

_TLDS = ("com|org|net|gov|edu|int|mil|info|news|io|ai|co|uk|ua|eu|us|ru|de|fr|pl|tv|fm|me|"
         "app|dev|ly|ca|au|ch|nl|it|es|be|at|se|no|fi|dk|cz|sk|hu|ro|md|ge|by|kz|lt|lv|ee|jp|cn|in")
_DOMAIN = rf"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})"
_URL = re.compile(rf"(?<![\w@.])(?:https?://)?(?:www\.)?(?P<host>{_DOMAIN})(?![\w-])"
                  r"(?P<path>/[^\s\"')\]]*)?", re.I)
_EMAIL = re.compile(rf"(?<![\w.])(?P<user>[\w.+-]+)@(?P<host>{_DOMAIN})(?![\w-])", re.I)
_PATH_SEGMENT = re.compile(r"^[a-z][a-z-]{0,24}$")


def _urls_and_emails(text: str) -> str:
    text = _EMAIL.sub(lambda m: f"{_spell_user(m['user'])} at {_spell_host(m['host'])}", text)
    return _URL.sub(_url, text)


def _url(match: re.Match) -> str:
    spoken = _spell_host(match["host"])
    path = (match["path"] or "").rstrip(".,;:!?")
    trail = (match["path"] or "")[len(path):]
    segments = [s for s in path.split("?")[0].split("#")[0].split("/") if s]
    # A listener can follow "kyivindependent dot com slash news", not an article slug.
    if segments and len(segments) <= 2 and all(_PATH_SEGMENT.match(s) for s in segments):
        spoken += "".join(f" slash {s.replace('-', ' ')}" for s in segments)
    return spoken + trail


def _spell_host(host: str) -> str:
    return " dot ".join(_spell_label(label) for label in host.lower().split("."))


def _spell_label(label: str) -> str:
    if label in T.SPELLED_DOMAIN_LABELS or (len(label) <= 4 and not re.search("[aeiouy]", label)):
        return _letters(label.upper())
    return label.replace("-", " dash ")


def _spell_user(user: str) -> str:
    return " dot ".join(part.replace("_", " underscore ") for part in user.split("."))


# ---------------------------------------------------------------- abbreviations


def _abbreviations_anywhere(text: str) -> str:
    return _ANYWHERE.sub(lambda m: T.ANYWHERE[m.group()], text)


# One pass for the whole table, longest first ("w/o" before "w/").
_ANYWHERE = re.compile(r"(?<![\w.])(?:" + "|".join(
    re.escape(w) for w in sorted(T.ANYWHERE, key=len, reverse=True)) + r")(?!\w)")


# "+380 44 123 4567", "0 800 500 335": a plus or a leading zero and at least three
# groups of digits. Never a quantity, so never read as one: digit by digit, group by group.
_PHONE = re.compile(r"(?<![\w+.,])(?:\+\d{1,3}|0\d{0,4})(?:[ -]\d{2,4}){2,}(?![\w.,]?\d)")


def _phone_numbers(text: str) -> str:
    """"+380 44 123 4567" "plus three eight zero, four four, one two three, four five six
    seven": read as a listener would dial it."""
    def read(m: re.Match) -> str:
        plus = "plus " if m.group().startswith("+") else ""
        return plus + ", ".join(N.digits(group) for group in re.split(r"[ -]", m.group()))

    text = _PHONE.sub(read, text)
    if not re.search(r"\d[-.]\d{4}", text):  # the last group is always there
        return text
    return _US_PHONE.sub(_us_phone, text)


# "1-800-273-8255", "(202) 555-0143", "202-555-0143": the North American form.
_US_PHONE = re.compile(r"(?<![\w+.,-])(?:1[-. ])?(?:\(\d{3}\)\s?|\d{3}[-.])\d{3}[-.]\d{4}(?![\w-]|[.,]\d)")


def _us_phone(m: re.Match) -> str:
    # A toll-free "800" is said "eight hundred", every other group digit by digit.
    groups = re.findall(r"\d+", m.group())
    return ", ".join(N.cardinal(int(g)) if g in ("800", "900") else N.digits(g) for g in groups)


# ---------------------------------------------------------------- numbers to dial

# Emergency and service numbers are said as they are dialled, "Dial 112" "Dial one one
# two", but only where a word beside them says so: "112 people" is a count. A cue before
# the number may stand a word or two away ("call them on 102", "text HOME to 741741");
# those words are few and known, so "Call of Duty 2" is left alone.
_DIAL_NUMBER = r"(?<![\w.,$€£₴-])\d{3,6}(?![\w%°-]|[.,:/]\d)"
_DIAL_BEFORE = re.compile(
    r"(?<![\w-])(?P<cue>(?i:dial(?:l?ed|l?ing|s)?|call(?:ed|ing|s)?|text(?:ed|ing|s)?|"
    r"(?:tele)?phone|ring|sms|hot ?line|help ?line|(?:emergency|phone|hotline|helpline|"
    r"toll-free|short) number))[:,]?"
    r"(?P<gap>(?:\s+(?:the|on|to|at|us|them|police|emergency|services|an? ambulance)){0,2}"
    r"|\s+\"?[A-Z]{2,}\"?\s+to)\s+"
    rf"(?P<nums>{_DIAL_NUMBER}(?:(?:,?\s+or\s+|,?\s+and\s+|,\s+){_DIAL_NUMBER})*)")
# A cue after the number: "the 1545 hotline", "the 102 police line", "a 911 call", "the 988
# Suicide and Crisis Lifeline". "line", "call", "number" and "service" also follow counts
# ("200 call centres"), so there the number must follow a determiner, a possessive or the
# service's name ("NHS 111 service").
_DIAL_AFTER = re.compile(
    rf"(?P<nums>{_DIAL_NUMBER})"
    r"(?P<gap>(?:\s+(?i:police|emergency|ambulance|fire|rescue|crisis|suicide|and|&|"
    r"national|free|toll-free)){0,3})"
    r"\s+(?P<cue>(?i:hotline|helpline|lifeline|line|call|number|service))\b(?P<next>\s+[a-z]+)?")
_THREE_DIGITS = re.compile(r"\d{3}")
_DIAL_CUE = re.compile(r"(?i)dial|call|text|phone|ring|sms|line|number")
# After a number to dial comes punctuation or an ordinary word, never what a count counts.
_NOT_COUNTED = frozenset("always unless as is was has this thus afterwards towards".split())


def _dial_numbers(text: str) -> str:
    """"Dial 112" "Dial one one two", "the 1545 hotline" "the one five four five hotline"."""
    if not _THREE_DIGITS.search(text):  # most sentences: cheaper than the rules below
        return text
    if _DIAL_CUE.search(text):
        text = _DIAL_BEFORE.sub(_dialled_before, text)
    return _DIAL_AFTER.sub(_dialled_after, text)


def _dial(numbers: str) -> str:
    # Australia's "000" is said "triple zero".
    return re.sub(r"\d+", lambda m: "triple zero" if m.group() == "000" else N.digits(m.group()), numbers)


def _dialled_before(m: re.Match) -> str:
    if _counted(m):
        return m.group()
    # "Text HOME to 741741": a keyword that can be said is a word to type, not letters
    # ("SMS UA to 7575" stays spelt).
    before = re.sub(r"\b(?=[A-Z]*[AEIOU])[A-Z]{3,}(?=\"?\s+to\s+$)", lambda k: k.group().capitalize(),
                    m.group()[:m.start("nums") - m.start()])
    return before + _dial(m["nums"])


def _counted(m: re.Match) -> bool:
    """"called 300 times", "call 100 reservists", "called 2022 a turning point", "call the
    2024 vote a sham": the number after a cue is a quantity or a year, not one to dial."""
    after = re.match(r"\s+([A-Za-z]+)", m.string[m.end():])
    word = after[1].lower() if after else ""
    if word in _COUNT_NOUNS or word in T.UNITS or (word.endswith("s") and word not in _NOT_COUNTED):
        return True
    # A year is dialled only right after the cue, and not when it is being named.
    year = re.fullmatch(_YEAR, m["nums"]) is not None
    return year and (bool(m["gap"]) or word in ("a", "an", "the"))


def _dialled_after(m: re.Match) -> str:
    cue, following = m["cue"].lower(), (m["next"] or "").strip()
    # "the 2024 call for proposals": before these words a year is a year.
    plural = following.endswith("s") and following not in _NOT_COUNTED  # "call centres"
    vague = not _determined(m) or plural or re.fullmatch(_YEAR, m["nums"])
    if cue in ("line", "call", "number", "service") and vague:
        return m.group()
    return _dial(m["nums"]) + m.group()[len(m["nums"]):]


def _determined(m: re.Match) -> bool:
    """A determiner, a possessive or a name before the number: "the", "Britain's", "NHS"."""
    before = m.string[:m.start()].split()[-1:] or [""]
    return re.fullmatch(r"(?i:a|an|the|its|their|our|your|\w+'s?)|[A-Z]{2,}", before[0]) is not None


def _number_signs(text: str) -> str:
    """"No. 5" "number five"; an identifier is read the way it is called out: "Flight No.
    752" "flight number seven fifty-two"."""
    for written, word in ((r"Nos\.", "numbers"), (r"No\.", "number"), (r"#|№", "number")):
        text = re.sub(rf"(?<![\w.])(?:{written})\s?(?P<n>\d{{1,4}})(?![\d,.]\d|\w)",
                      lambda m, w=word: f"{w} {N.model_number(m['n'])}", text)
        text = re.sub(rf"(?<![\w.])(?:{written})\s?(?=\d)", word + " ", text)
    return text


_TITLE_NAMES = "|".join(re.escape(t) for t in T.TITLES)


def _titles(text: str) -> str:
    # Only before a name: "Gen. Zaluzhnyi", "Lt. Gen. Syrskyi".
    text = re.sub(rf"(?<![\w.])({_TITLE_NAMES})\s+(?=[A-Z][a-z]|[A-Z]\.|[A-Z]{{2}}|[\uE000-\uF8FF])",
                  lambda m: T.TITLES[m.group(1)] + " ", text)
    text = re.sub(r"(?<![\w.])St\.\s+(?=[A-Z])", "Saint ", text)
    # "Khreshchatyk St." at the end: the period also ended the sentence.
    return re.sub(r"(?<=\w) St\.(?=\s|$)",
                  lambda m: " Street" + ("." if m.end() == len(text) else ""), text)


_TRAILING = {**T.TRAILING, **T.MONTH_ABBREVIATIONS}
_TRAILING_NAMES = "|".join(re.escape(t) for t in _TRAILING)


def _trailing_abbreviations(text: str) -> str:
    def said(match: re.Match) -> str:
        # At the end, or before a new capitalised sentence, the period was also a full stop.
        ends = match.end() == len(text) or re.match(r"\s+[\"(]?[A-Z]", text[match.end():])
        return _TRAILING[match.group(1)] + ("." if ends else "")

    return re.sub(rf"(?<![\w.])({_TRAILING_NAMES})(?![\w])", said, text)


# ---------------------------------------------------------------- dates and times

_MONTH_NAMES = "|".join(T.MONTHS + [re.escape(a) for a in T.MONTH_ABBREVIATIONS])
_MONTH = rf"(?P<month>{_MONTH_NAMES})"


# "500 BC", "AD 988", "1000 BCE", "the year 200 CE": the number is a year whatever its
# size, and the era is said as letters. "CE" and "BC" only follow the number.
_ERA = r"(?P<era>BCE|B\.C\.E\.|BC|B\.C\.|CE|C\.E\.|AD|A\.D\.)"
_ERA_YEAR = r"(?P<y>[1-9]\d{0,3})"
_ERA_HINT = re.compile(r"AD|BC|CE|A\.D|B\.C|C\.E|\bca?\.")


def _eras(text: str) -> str:
    """"1066 AD" "ten sixty-six A.D.", "753–509 BC" "seven hundred fifty-three to five
    hundred nine B.C.", "AD 988" "A.D. nine hundred eighty-eight"."""
    if not _ERA_HINT.search(text):  # most sentences: cheaper than the rules below
        return text

    def after(m: re.Match) -> str:
        start = f"{N.era_year(int(m['a']))} to " if m["a"] else ""
        return f"{start}{N.era_year(int(m['y']))} {_letters(m['era'].replace('.', ''))}"

    # "c. 500 BC", "ca. 1850": circa, before a year.
    text = re.sub(r"(?<![\w.])(?:c|ca)\.\s?(?=\d)", "circa ", text)
    text = re.sub(rf"(?<![\w.,$€£₴-])(?:(?P<a>[1-9]\d{{0,3}})(?:\s?[-–]\s?|\s+to\s+))?"
                  rf"{_ERA_YEAR}\s?{_ERA}(?!\w)", after, text)
    return re.sub(rf"(?<![\w.])(?P<era>AD|A\.D\.)\s?{_ERA_YEAR}(?![\w%]|[.,]\d)",
                  lambda m: f"A.D. {N.era_year(int(m['y']))}", text)


def _month(written: str) -> str:
    return T.MONTH_ABBREVIATIONS.get(written, written)


def _iso_dates(text: str) -> str:
    def said(m: re.Match) -> str:
        month, day = int(m["m"]), int(m["d"])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return m.group(0)
        return f"{T.MONTHS[month - 1]} {N.ordinal(day)}, {N.year(int(m['y']))}"

    return re.sub(r"(?<![\w-])(?P<y>1[5-9]\d\d|20\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?![\w-])", said, text)


def _slash_dates(text: str) -> str:
    def said(m: re.Match) -> str:
        first, second, year = int(m["a"]), int(m["b"]), m["y"]
        month, day = (second, first) if first > 12 else (first, second)  # US order unless impossible
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return m.group(0)
        full = int(year) if len(year) == 4 else 2000 + int(year)
        return f"{T.MONTHS[month - 1]} {N.ordinal(day)}, {N.year(full)}"

    return re.sub(r"(?<![\w/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\w/])", said, text)


def _month_day(text: str) -> str:
    """"March 12, 2022" "March twelfth, twenty twenty-two"; "Feb. 24" "February
    twenty-fourth"; "24 February 2022" "the twenty-fourth of February, twenty twenty-two"."""
    def month_first(m: re.Match) -> str:
        year = f", {N.year(int(m['year']))}" if m["year"] else ""
        return f"{_month(m['month'])} {N.ordinal(int(m['day']))}{year}"

    def day_first(m: re.Match) -> str:
        year = f", {N.year(int(m['year']))}" if m["year"] else ""
        # "the 7 October attack" has its "the" already.
        the = "" if m.string[:m.start()].split()[-1:] in (["the"], ["The"]) else "the "
        return f"{the}{N.ordinal(int(m['day']))} of {_month(m['month'])}{year}"

    day = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    year = r"(?:,?\s+(?P<year>1[5-9]\d\d|20\d\d)(?![\d,.]\d))?"
    text = re.sub(rf"(?<![\w.]){_MONTH}\s+{day}(?![\d:]|\.\d|,\d){year}", month_first, text)
    text = re.sub(rf"(?<![\w.,]){day}\s+{_MONTH}(?![\w]){year}", day_first, text)
    return _second_days(text)


def _second_days(text: str) -> str:
    """"March second and 3" (after the rules above) "March second and third"."""
    return re.sub(rf"\b(?P<lead>(?:{'|'.join(T.MONTHS)}) [a-z-]*(?:first|second|third|th))"
                  r"(?P<sep>\s+(?:and|or|to|through)\s+|\s?[-–]\s?)"
                  r"(?P<day>[12]\d|3[01]|0?[1-9])(?![\d%]|[.,:]\d|\s?[a-zA-Z°])",
                  lambda m: f"{m['lead']}{m['sep'] if m['sep'].strip() not in '-–' else ' to '}"
                            f"{N.ordinal(int(m['day']))}", text)


def _month_year(text: str) -> str:
    return re.sub(rf"(?<![\w.]){_MONTH}\s+(?P<year>1[5-9]\d\d|20\d\d)(?![\w,.]?\d)",
                  lambda m: f"{_month(m['month'])} {N.year(int(m['year']))}", text)


def _clock(hour: int, minute: int) -> str:
    if minute == 0:
        return N.cardinal(hour)
    return f"{N.cardinal(hour)} {'oh ' + N.ONES[minute] if minute < 10 else N.cardinal(minute)}"


def _times(text: str) -> str:
    """"7:30 p.m." "seven thirty p.m."; "7 a.m." "seven a.m."; "19:00" "nineteen hundred"."""
    def with_meridiem(m: re.Match) -> str:
        hour, minute = int(m["h"]), int(m["min"] or 0)
        start = f"{_clock(int(m['h0']), int(m['min0'] or 0))} to " if m["h0"] else ""
        return f"{start}{_clock(hour, minute)} {m['ap'].lower()}.m."

    def clock(m: re.Match) -> str:
        hour, minute = int(m["h"]), int(m["min"])
        if hour > 12 or m["h"].startswith("0"):
            return f"{N.cardinal(hour)} hundred" if minute == 0 else _clock(hour, minute)
        return f"{N.cardinal(hour)} o'clock" if minute == 0 else _clock(hour, minute)

    # "11.59pm": British copy writes the minutes after a dot.
    text = re.sub(r"(?<![\w.:])(?:(?P<h0>1[0-2]|0?[1-9])(?:[:.](?P<min0>[0-5]\d))?\s?[-–]\s?)?"
                  r"(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<min>[0-5]\d))?\s?(?P<ap>[AaPp])\.?\s?[Mm]\b\.?",
                  with_meridiem, text)
    # "9 a.m.-5 p.m." "nine a.m. to five p.m."
    text = re.sub(r"([ap]\.m\.)\s?[-–]\s?(?=\w)", r"\1 to ", text)
    text = re.sub(r"(?<![\w.:])(?P<h>[01]?\d|2[0-3]):(?P<min>[0-5]\d)(?![\d:])", clock, text)
    # Ratios and scores: "3:1" "three to one".
    return re.sub(r"(?<![\w.:])(\d+):(\d+)(?![\d:])",
                  lambda m: f"{N.cardinal(int(m[1]))} to {N.cardinal(int(m[2]))}", text)


# ---------------------------------------------------------------- money, percent, units

_CURRENCY_SYMBOLS = "|".join(re.escape(c) for c in sorted(
    (c for c in T.CURRENCIES if not c.isalpha()), key=len, reverse=True))
_CURRENCY_CODES = "|".join(c for c in T.CURRENCIES if c.isalpha())
_SCALE = (r"(?:(?P<hyphen>[\s-])?(?P<scale>thousand|million|billion|trillion)\b"
          r"|(?P<suffix>k|K|mn|mln|m|M|bn|bln|b|B|tn|trn|tr|T)\b)")
_MONEY = re.compile(
    rf"(?:(?<![\w$])(?P<sym>{_CURRENCY_SYMBOLS})|(?<![\w])(?P<code>{_CURRENCY_CODES})\s?)"
    rf"(?P<a>{NUM})(?:(?:\s?[-–]\s?|\s+to\s+)(?:{_CURRENCY_SYMBOLS})?(?P<b>{NUM}))?{_SCALE}?"
    r"(?P<adj>-(?=[a-z]{2}))?")
_MONEY_AFTER = re.compile(
    rf"(?<![\w.,])(?P<a>{NUM})(?:\s(?P<scale>thousand|million|billion|trillion))?\s?"
    rf"(?P<code>{_CURRENCY_CODES})(?![\w])")


def _money(text: str) -> str:
    text = _MONEY.sub(_amount, text)
    # "1.5bn hryvnias", "2mn barrels": a scale glued to a number with no currency sign.
    if re.search(r"\d(?:bn|bln|mn|mln|tn|trn)\b", text):
        text = re.sub(rf"(?<![\w.,])(?P<a>{NUM})(?P<s>bn|bln|mn|mln|tn|trn)\b",
                      lambda m: f"{N.number(m['a'])} {T.SCALE_WORDS[m['s']]}", text)
    return _MONEY_AFTER.sub(
        lambda m: _money_words(m["a"], None, m["scale"], T.CURRENCIES[m["code"]], False), text)


def _amount(m: re.Match) -> str:
    currency = T.CURRENCIES[m["sym"] or m["code"]]
    scale = m["scale"] or (T.SCALE_WORDS[m["suffix"]] if m["suffix"] else None)
    # "a $40-million fund", "a $5 bill": an amount before its noun is an adjective.
    adjective = bool(m["adj"]) or m["hyphen"] == "-" or _before_noun(m)
    return _money_words(m["a"], m["b"], scale, currency, adjective)


def _money_words(a: str, b: str | None, scale: str | None, currency: tuple, adjective: bool) -> str:
    one, many, minor_one, minor_many = currency
    if adjective:  # "a $40-million fund" "a forty million dollar fund"
        return f"{_range(a, b)} {scale + ' ' if scale else ''}{one}" + " "
    if scale or b:
        return f"{_range(a, b)} {scale + ' ' if scale else ''}{many}"
    whole, _, cents = a.replace(",", "").partition(".")
    if len(cents) == 2 and int(cents):  # "$1.50" "one dollar and fifty cents"
        minor = f"{N.cardinal(int(cents))} {minor_one if cents == '01' else minor_many}"
        if int(whole or 0) == 0:
            return minor
        return f"{N.number(whole)} {one if whole == '1' else many} and {minor}"
    return f"{N.number(whole) if len(cents) == 2 else N.number(a)} {one if N.is_one(a) else many}"


def _before_noun(m: re.Match) -> bool:
    after = re.match(r"\s+([a-z]+)", m.string[m.end():])
    return _after_article(m) and bool(after) and after[1] not in _KEEPS_PLURAL


def _after_article(m: re.Match) -> bool:
    return m.string[:m.start()].split()[-1:] in (["a"], ["an"])


def _range(a: str, b: str | None) -> str:
    return N.number(a) + (f" to {N.number(b)}" if b else "")


def _signed(sign: str | None, value: str) -> str:
    return ("minus " if sign == "-" else "plus " if sign == "+" else "") + N.number(value)


def _percent(text: str) -> str:
    def said(m: re.Match) -> str:
        low = _signed(m["sign"], m["a"])
        return low + (f" to {N.number(m['b'])}" if m["b"] else "") + " percent"

    return re.sub(rf"(?:(?<![\w.,])(?P<sign>[-+]))?(?<![\w.,])(?P<a>{NUM})"
                  rf"(?:{DASH}(?P<b>{NUM})\s?%?)?\s?(?:%|\s(?:percent|per\s?cent)\b)", said, text)


_UNIT_NAMES = "|".join(re.escape(u) for u in sorted(T.UNITS, key=len, reverse=True))
_UNIT = re.compile(
    rf"(?:(?<![\w.,])(?P<sign>[-+]))?(?<![\w.,])(?P<a>{NUM})(?:{DASH}(?P<b>{NUM}))?"
    rf"(?P<sep>\s|-)?(?P<unit>{_UNIT_NAMES})(?![\w²])(?P<next>\s+[a-z]+)?")
# After these, a unit glued to its number stays plural ("10km from the border").
_KEEPS_PLURAL = frozenset("""
from away of to in into on onto per an a the north south east west northeast northwest
southeast southwest inside outside behind ahead beyond across along above below off and or
long high deep wide tall short further farther closer nearer apart back down up
""".split())


def _units(text: str) -> str:
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
    quantity = _signed(m["sign"], m["a"]) + (f" to {N.number(m['b'])}" if m["b"] else "")
    adjective = _measure_before_noun(m, sep, after)
    name = one if adjective or (N.is_one(m["a"]) and not m["b"]) else many
    return f"{quantity}{'-' if sep == '-' else ' '}{name}{after}"


def _measure_before_noun(m: re.Match, sep: str, after: str) -> bool:
    """"a 10-km walk", "155mm shells", "a 30 cm gap", "a 40 km-long convoy": a measure
    used as an adjective takes the singular unit."""
    if sep == "-" or re.match(r"-[a-z]", m.string[m.end():]):
        return True
    if not after or after.split()[0] in _KEEPS_PLURAL:
        return False
    # "38.5°C was": degrees are written glued to the number, and stay plural.
    glued = sep == "" and not m["unit"].startswith("°")
    return glued or m.string[:m.start()].split()[-1:] in (["a"], ["an"])


# ---------------------------------------------------------------- numbers in context

_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
# A bare four-digit number before these is a count, not a year ("2000 people").
_COUNT_NOUNS = frozenset("""
people persons residents civilians soldiers troops servicemen children men women homes
houses buildings drones missiles shells rounds times families households refugees victims
casualties units tanks vehicles votes cases deaths employees workers jobs students
prisoners detainees hostages dollars euros hryvnias rubles pounds tons tonnes sorties
attacks strikes km kilometers miles meters feet hectares acres per
""".split())
_COUNT_CUES = frozenset("than nearly almost approximately roughly about some over least".split())


def _year_ranges(text: str) -> str:
    """"2019-20" "twenty nineteen to twenty twenty"; "1991–2022" both read as years."""
    def said(m: re.Match) -> str:
        start, end = int(m["a"]), m["b"]
        stop = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
        if stop <= start:
            return m.group(0)
        return f"{N.year(start)} to {N.year(stop)}"

    return re.sub(rf"(?<![\w.,$€£-])(?P<a>{_YEAR})\s?[-–/]\s?(?P<b>{_YEAR}|\d\d)(?![\w,.]?\d)", said, text)


def _ranges(text: str) -> str:
    return re.sub(rf"(?<![\w.,-])(?P<a>{NUM})\s?[–—-]\s?(?P<b>{NUM})(?![\w.]?\d|-\w)",
                  lambda m: f"{N.number(m['a'])} to {N.number(m['b'])}", text)


def _ordinals(text: str) -> str:
    return re.sub(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?:st|nd|rd|th|ST|ND|RD|TH)\b",
                  lambda m: N.ordinal(int(m[1].replace(",", ""))), text)


def _decades(text: str) -> str:
    text = re.sub(r"(?<![\w.,])(1[0-9]|20)(\d)0s\b", lambda m: N.decade(int(m.group(0)[:-1])), text)
    text = re.sub(r"(?<![\w.,])'(\d)0s\b", lambda m: N.decade(1900 + 10 * int(m[1])).split()[-1], text)
    return re.sub(r"(?<![\w.,'])([2-9])0s\b", _short_decade, text)


def _short_decade(m: re.Match) -> str:
    # Not after a model's prefix: "Su-30s" are aircraft, not a decade.
    if re.search(r"[A-Z][a-z]?-$", m.string[:m.start()]):
        return m.group()
    return N.decade(1900 + 10 * int(m[1])).split()[-1]


def _years(text: str) -> str:
    def said(m: re.Match) -> str:
        before = text[:m.start()].split()[-1:] or [""]
        after = text[m.end():].split()[:1] or [""]
        if before[0].lower() in _COUNT_CUES or after[0].lower().strip(".,;:") in _COUNT_NOUNS:
            return N.cardinal(int(m.group(0)))
        return N.year(int(m.group(0)))

    return re.sub(rf"(?<![\w.,$€£₴-]){_YEAR}(?![\w%]|[.,]\d|\s?%)", said, text)


# ---------------------------------------------------------------- names with numbers


def _letters(word: str) -> str:
    """Letters to be said one by one: "PAS" "P.A.S.". Dotted capitals are read as letter
    names by both engines, where "P A S" makes hibari read "A" as the article."""
    return ".".join(word.upper()) + "."


def _designation(letters: str) -> str:
    if letters in T.MODEL_PREFIXES:
        return T.MODEL_PREFIXES[letters]
    if letters in T.WORD_ACRONYMS:  # "COP28" "Cop twenty-eight", "IRIS-T" "Iris T"
        return T.WORD_ACRONYMS[letters]
    if letters.isupper() and len(letters) > 1:
        return _letters(letters)
    return letters


def _suffix(suffix: str) -> str:
    """"M3" "M three", "A" "A"; letters alone, digits as a number."""
    parts = re.findall(r"[A-Za-z]+|\d+", suffix)
    return " ".join(N.model_number(p) if p.isdigit() else _designation(p) for p in parts)


def _models(text: str) -> str:
    """Weapon, aircraft and product names: "Su-34" "S.U. thirty-four", "F-16" "F sixteen",
    "Tu-22M3" "T.U. twenty-two M three", "Shahed-136" "Shahed one thirty-six",
    "Iskander-K" "Iskander K", "G7" "G seven", "5G" "five G"."""
    def coded(m: re.Match) -> str:
        tail = f" {_suffix(m['suffix'])}" if m["suffix"] else ""
        variant = f" {_VARIANTS.get(m['variant'], m['variant'])}" if m["variant"] else ""
        said = f"{_designation(m['prefix'])} {N.model_number(m['num'])}{tail}"
        return (_plural(said) if m["plural"] else said) + variant

    text = re.sub(rf"(?<![\w.-])(?P<word>{'|'.join(T.DESIGNATED_BY)})\s(?P<num>\d{{3,4}})(?![\d,.]\d|\w)",
                  lambda m: f"{m['word']} {N.model_number(m['num'])}", text)  # "Boeing 737"
    # "A321neo", "GPT-4o": a variant in lower case after the number.
    text = re.sub(r"(?<![\w.-])(?P<prefix>MiG|[A-Z][A-Za-z]?|[A-Z]{2,4})-?(?P<num>\d{1,4})"
                  r"(?P<suffix>[A-Z]{1,2}\d{0,2})?(?P<plural>s)?(?P<variant>neo|ceo|o)?(?![\w-]|[.,]\d)",
                  coded, text)
    text = re.sub(r"(?<![\w.-])(?P<word>[A-Z][a-z]{2,}|COVID)-(?P<num>\d{1,4})(?P<suffix>[A-Z]{1,2}\d{0,2})?"
                  r"(?P<plural>s)?(?![\w-]|[.,]\d)", _named_model, text)
    # "Iskander-M", "Buk-M1", "IRIS-T": a name and a letter code.
    text = re.sub(r"(?<![\w.-])(?P<word>[A-Z][a-z]{2,}|[A-Z]{3,6}(?=-[A-Z](?![\w-])))-(?P<letter>[A-Z]{1,2})"
                  r"(?P<num>\d{1,3})?(?![\w-])",
                  lambda m: f"{_designation(m['word'])} {_designation(m['letter'])}"
                            + (f" {N.model_number(m['num'])}" if m["num"] else ""), text)
    return re.sub(r"(?<![\w.,-])(?P<num>\d)(?P<letter>[A-Z])(?P<more>\d{1,3})?(?P<plural>s)?(?![\w-])",
                  _numbered_model, text)


_VARIANTS = {"o": "oh"}  # "GPT-4o" "G.P.T. four oh"


def _named_model(m: re.Match) -> str:
    """"Shahed-136s" "Shahed one thirty-sixes", "Covid-19" "Covid nineteen"."""
    said = f"{_designation(m['word'])} {N.model_number(m['num'])}"
    said += f" {_suffix(m['suffix'])}" if m["suffix"] else ""
    return _plural(said) if m["plural"] else said


def _numbered_model(m: re.Match) -> str:
    """"5G" "five G", "2S19" "two S nineteen", "Leopard 2A4s" "Leopard two A fours"."""
    said = f"{N.cardinal(int(m['num']))} {m['letter']}"
    said += f" {N.model_number(m['more'])}" if m["more"] else ""
    return _plural(said) if m["plural"] else said


def _plural(said: str) -> str:
    """"A320s" "A three twenties", "Shahed-136s" "Shahed one thirty-sixes", "F-16s" "F
    sixteens": the last word takes the plural."""
    if said.endswith("y"):
        return said[:-1] + "ies"
    return said + ("es" if said.endswith("x") else "s")


# ---------------------------------------------------------------- remaining numbers


def _per(text: str) -> str:
    units = "day|week|month|year|hour|minute|second|person|capita|head|kg|km|liter|litre|barrel|ton|tonne|unit|night"
    return re.sub(rf"(?<=[\w%])\s?/\s?(?=(?:{units})s?\b)", " per ", text)


_VULGAR = {"½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5),
           "⅛": (1, 8), "⅜": (3, 8), "⅝": (5, 8), "⅞": (7, 8)}


def _vulgar_fractions(text: str) -> str:
    """"3½ hours" "three and a half hours", "¾ of" "three quarters of": the single
    characters for fractions, which no engine reads."""
    if not _VULGAR_CHARACTER.search(text):
        return text
    return _VULGAR_AMOUNT.sub(_vulgar, text)


_VULGAR_CHARACTER = re.compile(f"[{''.join(_VULGAR)}]")
_VULGAR_AMOUNT = re.compile(
    rf"(?<![\w.,])(?P<whole>\d+)?\s?(?P<f>[{''.join(_VULGAR)}])(?:\s?(?P<unit>"
    + "|".join(re.escape(u) for u in sorted(T.UNITS, key=len, reverse=True) if u not in T.AMBIGUOUS_UNITS)
    + r")(?![\w²]))?")


def _vulgar(m: re.Match) -> str:
    a, b = _VULGAR[m["f"]]
    one, many = T.UNITS.get(m["unit"] or "", ("", ""))
    # "a 2½ km walk", "a ½ km gap": before its noun a measure takes the singular.
    adjective = _after_article(m) and re.match(r"\s+[a-z]", m.string[m.end():]) is not None
    if not m["whole"]:  # "½ of them" "half of them", "¾ km" "three quarters of a kilometer"
        part = "half" if (a, b) == (1, 2) else N.fraction(a, b)
        return part + (f" {one}" if adjective and one else f" of a {one}" if one else "")
    part = "a half" if (a, b) == (1, 2) else N.fraction(a, b)
    unit = one if adjective else many
    return f"{N.cardinal(int(m['whole']))} and {part}" + (f" {unit}" if unit else "")


def _fractions(text: str) -> str:
    def mixed(m: re.Match) -> str:
        a, b = int(m["a"]), int(m["b"])
        part = "a half" if (a, b) == (1, 2) else N.fraction(a, b)
        return f"{N.cardinal(int(m['whole']))} and {part}"

    def simple(m: re.Match) -> str:
        a, b = int(m["a"]), int(m["b"])
        if 0 < a < b <= 10:
            return N.fraction(a, b)
        return f"{N.cardinal(a)} {N.cardinal(b)}"  # "24/7", "9/11"

    text = re.sub(r"(?<![\w./])(?P<whole>\d+)\s(?P<a>[1-9])/(?P<b>[2-9]|10)(?![\w/])", mixed, text)
    return re.sub(r"(?<![\w./,])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\w/]|[.,]\d)", simple, text)


def _multipliers(text: str) -> str:
    text = re.sub(rf"(?<![\w.,])({NUM})\s?[x×]\s?({NUM})(?![\w])",
                  lambda m: f"{N.number(m[1])} by {N.number(m[2])}", text)
    text = re.sub(rf"(?<![\w.,])({NUM})x(?![\w])", lambda m: f"{N.number(m[1])} times", text)
    if not re.search(r"[x×]\d", text):
        return text
    # "x2", "×10": a factor written before its number ("prices x2").
    return re.sub(rf"(?<![\w.,])[x×]({NUM})(?![\w]|[.,]\d)", lambda m: f"times {N.number(m[1])}", text)


def _numbers(text: str) -> str:
    """Every number still written in digits: "2,000" "two thousand", "-4" "minus four"."""
    text = re.sub(rf"(?:(?<=^)|(?<=[\s(\"'~]))(?P<sign>[-+])(?P<n>{NUM})(?![\w])",
                  lambda m: _signed(m["sign"], m["n"]), text)
    text = re.sub(rf"(?<![\d,.])(?P<n>{NUM})\+(?!\w)", lambda m: f"{N.number(m['n'])} plus", text)
    text = re.sub(rf"(?<![\d,])(?<!\d\.)(?P<n>{NUM})(?!\d)", lambda m: " " + N.number(m["n"]) + " "
                  if _glued(text, m) else N.number(m["n"]), text)
    return text


def _glued(text: str, m: re.Match) -> bool:
    """A number touching letters ("abc123") is read apart from them."""
    before = text[m.start() - 1:m.start()]
    after = text[m.end():m.end() + 1]
    return before.isalpha() or after.isalpha()


# ---------------------------------------------------------------- numerals and acronyms

_ROMAN = re.compile(r"^(?=[IVXLC])(?P<c>C{0,3})(?P<x>XC|XL|L?X{0,3})(?P<i>IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# After these a numeral counts ("World War II" "two"); after a name it is an ordinal.
_COUNTING_NOUNS = frozenset("""
War Phase Stage Part Chapter Volume Vol Act Book Class Type Level Grade Category Tier Round
Season Series Article Title Schedule Block Unit Mark Mk Bowl Apollo Vatican Council Gemini
Episode Division Section Rule Annex Protocol Treaty Program Programme League World Henry
Minsk
""".split()) - {"Henry"}


def roman_value(numeral: str) -> int | None:
    if not _ROMAN.match(numeral) or not re.search("[IVX]", numeral):
        return None
    values = [_ROMAN_VALUES[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _roman_numerals(text: str) -> str:
    """"World War II" "World War two"; "Charles III" "Charles the third". A single letter
    is a numeral only where a numeral is expected; see ``_single_numeral``."""
    def said(m: re.Match) -> str:
        word, numeral = m["word"], m["num"]
        value = roman_value(numeral)
        if value is None or (len(numeral) == 1 and not _single_numeral(m)):
            return m.group(0)
        if word in _COUNTING_NOUNS:
            return f"{word} {N.cardinal(value)}"
        return f"{word} the {N.ordinal(value)}"

    return re.sub(r"(?<![\w.])(?P<word>[A-Z][a-z]+)\s+(?P<num>[IVXLC]{1,7})(?![\w-]|\.\w)", said, text)


# "I" after these is a numeral whatever follows ("after World War I ended").
_NUMBERED_BY_I = frozenset("War Phase Part Stage Chapter Volume Act Type Class Tier Round Season Protocol".split())


def _single_numeral(m: re.Match) -> bool:
    """"V", "X" after a regnal name or a counting noun ("George V", "Class V"). "I" is
    mostly the pronoun: a numeral after the nouns above, or after a regnal name when
    nothing but punctuation, "of" or "'s" follows ("Peter I", not "then Peter I said")."""
    word, numeral = m["word"], m["num"]
    if numeral != "I":
        return word in T.REGNAL_NAMES or word in _COUNTING_NOUNS
    if word in _NUMBERED_BY_I:
        return True
    rest = m.string[m.end():]
    return word in T.REGNAL_NAMES and re.match(r"(?:$|[.,;:!?)\"]|\s+of\b|'s\b)", rest) is not None


def _acronyms(text: str) -> str:
    """Capitals said as letters ("PAS" "P.A.S.", "NGOs" "N.G.O.s") unless said as a word
    ("NATO"). Text mostly in capitals is a shouted headline, not acronyms: left alone."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) > 20 and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return text

    def said(m: re.Match) -> str:
        word, tail = m["word"], m["tail"] or ""
        if word + tail in T.WORD_ACRONYMS:
            return T.WORD_ACRONYMS[word + tail]
        if word in T.WORD_ACRONYMS:
            return T.WORD_ACRONYMS[word] + tail
        if word in T.NOT_ACRONYMS or len(word) > 5:  # a longer word in capitals is a word
            return m.group(0)
        return _letters(word) + tail

    return re.sub(r"(?<![\w.'])(?P<word>[A-Z]{2,8})(?P<tail>s|'s)?(?![\w]|\.[A-Za-z])", said, text)


# ---------------------------------------------------------------- symbols and punctuation


def _symbols(text: str) -> str:
    text = re.sub(r"\s*&\s*", " and ", text)
    text = re.sub(r"\s*%", " percent", text)
    text = re.sub(r"(?<=\w)\s*\+\s*(?=\w)", " plus ", text)
    text = re.sub(r"\s*=\s*", " equals ", text)
    text = re.sub(r"[~≈]\s*(?=\w)", "about ", text)
    text = re.sub(r"\s*°", " degrees", text)
    text = re.sub(r"§\s*", "section ", text)
    text = re.sub(r"@(?=\w)", "at ", text)
    text = re.sub(r"#(?=[A-Za-z])", "hashtag ", text)
    return _slashes(text)


def _slashes(text: str) -> str:
    # "AFP/Getty Images" is a credit line: two names, read with a pause between them.
    text = re.sub(r"(?<=[\w.])\s?/\s?(?=[A-Z\uE000-\uF8FF])", ", ", text)
    text = re.sub(r"\band/or\b", "and or", text)
    text = re.sub(r"(?<=[a-z])/(?=[a-z])", " or ", text)  # "he/she"
    return re.sub(r"\s*/\s*", " slash ", text)


def _brackets(text: str) -> str:
    """An aside in parentheses is read between commas; [editor's words] as written."""
    text = re.sub(r"[\[\]{}]", "", text)
    text = re.sub(r"\s*\(\s*", ", ", text)
    return re.sub(r"\s*\)\s*", ", ", text)


def _dashes(text: str) -> str:
    # A spaced dash is a pause, which both engines make for a comma but not for every dash.
    text = re.sub(r"\s+[-–—]+\s+|\s*—\s*", ", ", text)
    return re.sub(r"[*•|†‡]", " ", text)


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r",(?:\s*,)+", ",", text)
    text = re.sub(r",\s*([.;:!?])", r"\1", text)
    text = re.sub(r'^\s*,\s*', "", text)
    text = re.sub(r'(^|\s)"\s*,\s*', r'\1"', text)  # an aside that opened a quote
    text = re.sub(r'(?<=\w)"(?=\w)', '" ', text)
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r",\s*$", "", text)
    return text.strip()


Rule = Callable[[str], str]
RULES: tuple[Rule, ...] = (
    _ellipses, _abbreviations_anywhere, _phone_numbers, _dial_numbers, _number_signs,
    _eras, _iso_dates, _slash_dates, _month_day, _month_year, _times,
    _money, _percent, _per, _vulgar_fractions, _units, _year_ranges, _decades, _ordinals, _models,
    _ranges, _years, _fractions, _multipliers, _numbers,
    _titles, _trailing_abbreviations, _roman_numerals, _acronyms,
    _symbols, _brackets, _dashes,
)
