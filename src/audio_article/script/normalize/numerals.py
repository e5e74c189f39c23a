"""Numbers still in digits: version numbers, ordinals, ranges, fractions, multipliers, age
groups ("over-65s"), names in "-ers" ("49ers"), scientific notation, signed and plain numbers."""

from __future__ import annotations

import re

from .. import numbers as N
from .. import tables as T
from .common import NUM, VULGAR, VULGARS, after_article, part_words, plural, region, signed, vulgar_words, when


@when(r"\d\s?[–—-]\s?\d")
def ranges(text: str) -> str:
    """"20-25" "twenty to twenty-five" ("between 5,000-6,000" "between ... and ..."): two
    numbers joined by a dash that no rule of games (scores.py) has read."""
    def said(m: re.Match) -> str:
        between = m.string[:m.start()].split()[-1:] in (["between"], ["Between"])
        return f"{N.number(m['a'])} {'and' if between else 'to'} {N.number(m['b'])}"

    return re.sub(rf"(?<![\w.,-])(?P<a>{NUM})\s?[–—-]\s?(?P<b>{NUM})(?![\w.]?\d|-\w)", said, text)


# "2.1.3", "iOS 17.2.1": version and section numbers, each part a number.
# A leading dot is a part too (".0.0" "point zero point zero", not "point zero. zero").
_DOTTED = re.compile(r"(?<![\w.])(?!\d{1,2}\.\d{1,2}\.(?:1[5-9]|20)\d\d\b)"
                     r"(?:\d+(?:\.\d+){2,}|\.\d+(?:\.\d+)+)(?![\w]|\.\d)")
_CALIBRE = re.compile(r"(?<![\w.])\.(\d{2,3})(?=-?\s?(?:caliber|calibre|cal\b))")
_RESOLUTION = re.compile(r"(?<![\w.,])(480|720|1080|1,?440|2160|4320)p\b")


@when(r"\d?\.\d+\.\d|\.\d\d|\d\^|\d\s?\*\s?\d|\dp\b")
def written_forms(text: str) -> str:
    """Numbers written as code or spec sheets write them: "2.1.3" "two point one point
    three", ".50-caliber" "fifty-caliber", "10^5" "ten to the power of five", "10 * 3"
    "ten times three", "1080p" "ten eighty p"."""
    text = _DOTTED.sub(_dotted, text)
    text = _CALIBRE.sub(lambda m: N.cardinal(int(m[1])), text)
    text = re.sub(r"(?<=\d)\^(?=\d)", " to the power of ", text)
    text = re.sub(r"(?<=\d)\s?\*\s?(?=\d)", " times ", text)
    return _RESOLUTION.sub(lambda m: N.model_number(m[1].replace(",", "")) + " p", text)


def _dotted(m: re.Match) -> str:
    return " point ".join(N.number(part) if part else "" for part in m.group().split(".")).lstrip()


@when(r"(?:over|under)-\d")
def age_groups(text: str) -> str:
    """"the over-65s" "the over sixty-fives", "under-18s" "under eighteens": an age group is
    a number made plural, not a decade ("over-60s" "over sixties")."""
    return re.sub(r"\b([Oo]ver|[Uu]nder)-(\d{1,3})s\b", lambda m: f"{m[1]} {plural(N.cardinal(int(m[2])))}", text)


@when(r"\ders\b")
def number_names(text: str) -> str:
    """"the 49ers" "the Forty-Niners", "76ers" "Seventy-Sixers", the '48ers: a team or a
    people named by a number and "-ers"."""
    return re.sub(r"(?<![\w.,])'?([2-9][1-9])ers\b", lambda m: _ers(N.cardinal(int(m[1]))), text)


def _ers(said: str) -> str:
    return "-".join(w.capitalize() for w in said.split("-")) + ("rs" if said.endswith("e") else "ers")


@when(r"\d(?:st|nd|rd|th|ST|ND|RD|TH)\b")
def ordinals(text: str) -> str:
    return re.sub(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?:st|nd|rd|th|ST|ND|RD|TH)\b",
                  lambda m: N.ordinal(int(m[1].replace(",", ""))), text)


@when(rf"[{VULGAR}]|\d \d/\d")
def vulgar_fractions(text: str) -> str:
    """"3½ hours" "three and a half hours", "¾ of" "three quarters of": the single
    characters for fractions, which no engine reads; a whole number and a written
    fraction, before a unit can take the fraction: "33 1/3 rpm" "thirty-three and a third"."""
    text = _MIXED.sub(_mixed, text)
    return _VULGAR_AMOUNT.sub(_vulgar, text)


_MIXED = re.compile(r"(?<![\w./])(?P<whole>\d+)\s(?P<a>[1-9])/(?P<b>[2-9]|10)(?![\w/])")


def _mixed(m: re.Match) -> str:
    return f"{N.cardinal(int(m['whole']))} and {part_words(int(m['a']), int(m['b']))}"


_VULGAR_AMOUNT = re.compile(
    rf"(?<![\w.,])(?P<whole>\d+)?\s?(?P<f>[{VULGAR}])(?:\s?(?P<unit>"
    + "|".join(re.escape(u) for u in sorted(T.SPACED_UNITS - T.AMBIGUOUS_UNITS, key=len, reverse=True))
    + r")(?![\w²]))?")


_MEASURE_AFTER = re.compile(r"-(?:mile|inch|foot|yard|acre|hour|minute|second|day|week|month|year|pound|ounce|"
                            r"ton|tonne|cup|teaspoon|tablespoon|gallon|pint|litre|liter|length|point|page)\b")


def _vulgar(m: re.Match) -> str:
    a, b = VULGARS[m["f"]]
    one, many = T.UNITS.get(m["unit"] or "", ("", ""))
    # "a 2½ km walk", "a ½ km gap": before its noun a measure takes the singular.
    adjective = after_article(m) and re.match(r"\s+[a-z]", m.string[m.end():]) is not None
    if not m["whole"]:  # "½ of them" "half of them", "¾ km" "three quarters of a kilometer"
        part = "half" if (a, b) == (1, 2) else N.fraction(a, b)
        if not one and _MEASURE_AFTER.match(m.string, m.end()):  # "a ¾-mile stretch" (set 46)
            return part.removeprefix("one ").removesuffix("s").replace(" ", "-")
        return part + (f" {one}" if adjective and one else f" of a {one}" if one else "")
    unit = one if adjective else many
    part = vulgar_words(m["f"])
    if m["f"] == "¾" and not unit and re.match(r" [a-z]+s\b", m.string[m.end():]):
        part = "three-quarter"  # "1¾ lengths" "one and three-quarter lengths" (set 32)
    return f"{N.cardinal(int(m['whole']))} and {part}" + (f" {unit}" if unit else "")


# South African copy groups thousands with a space: "30 000 riders", "94 512 points", "R4 500"
# (set 34); not a number to dial ("call 10 111").
_SPACED_THOUSANDS = re.compile(r"(?:(?<![\w.,])|(?<=\bR))(?P<a>[1-9]\d{0,2})(?P<rest>(?: \d{3})+)(?![\d,]|\.\d| \d)")
_TO_DIAL_AFTER = re.compile(r"(?i)\b(?:call|dial|phone|sms|on|number|line)\W*$")


@when(r"\d \d{3}")
def spaced_thousands(text: str) -> str:
    """"30 000" "30,000" in South African copy, for the passes after to read as one number."""
    if region() != "ZA":
        return text
    return _SPACED_THOUSANDS.sub(
        lambda m: m.group() if _TO_DIAL_AFTER.search(m.string, 0, m.start()) else m["a"] + m["rest"].replace(" ", ","),
        text)


@when(r"\d\s?/\s?\d")
def fractions(text: str) -> str:
    def simple(m: re.Match) -> str:
        a, b = int(m["a"]), int(m["b"])
        if 0 < a < b <= 10:
            return N.fraction(a, b)
        return f"{N.cardinal(a)} {N.cardinal(b)}"  # "24/7", "9/11"

    text = _MIXED.sub(_mixed, text)
    text = _RATING.sub(lambda m: f"{m['cue']}{N.number(m['a'])} out of {N.cardinal(int(m['b']))}", text)
    return re.sub(r"(?<![\w./,])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\w/]|[.,]\d)", simple, text)


# A review's rating: "Our verdict: 4/5" "four out of five" (set 73), "rated 7/10".
_RATING = re.compile(r"(?P<cue>\b(?:[Vv]erdict|[Rr]ating|[Rr]ated(?: it)?|[Ss]cored?|[Gg]ave it|[Gg]ives it|[Ss]tars?):? )"
                     r"(?P<a>\d{1,2}(?:\.\d)?)\s?/\s?(?P<b>5|10)(?![\w/]|[.,]\d)")  # "3.5/5", "4 / 5" (outside test)


@when(r"\d\s?[x×]|[x×]\d")
def multipliers(text: str) -> str:
    text = re.sub(rf"(?<![\w.,])({NUM})\s?[x×]\s?({NUM})(?![\w])",
                  lambda m: f"{N.number(m[1])} by {N.number(m[2])}", text)
    text = re.sub(rf"(?<![\w.,])({NUM})[x×](?![\w])", lambda m: f"{N.number(m[1])} times", text)
    if not re.search(r"[x×]\d", text):
        return text
    # "x2", "×10": a factor written before its number ("prices x2").
    return re.sub(rf"(?<![\w.,])[x×]({NUM})(?![\w]|[.,]\d)", lambda m: f"times {N.number(m[1])}", text)


@when(f"[\\d{VULGAR}]")
def numbers(text: str) -> str:
    """Every number still written in digits: "2,000" "two thousand", "-4" "minus four"."""
    text = _COUNTED_NUMBER.sub(_counted_number, text)
    text = _BATTING.sub(lambda m: m[1] + _average(m[2]), text)
    if _EXPONENT.search(text):
        text = _SCIENTIFIC.sub(lambda m: f"{signed(m['sign'], m['n'])} e {signed(m['esign'], m['exp'])}", text)
    text = re.sub(rf"(?:(?<=^)|(?<=[\s(\"'~]))(?P<sign>[-+])(?P<n>{NUM})(?![\w])",
                  lambda m: signed(m["sign"], m["n"]), text)
    text = re.sub(rf"(?<![\d,.])(?P<n>{NUM})\+(?!\w)", lambda m: f"{N.number(m['n'])} plus", text)
    text = re.sub(rf"(?<![\d,])(?<!\d\.)(?P<n>{NUM})(?!\d)", lambda m: " " + N.number(m["n"]) + " "
                  if _glued(text, m) else N.number(m["n"]), text)
    # Whatever digits are left ("56,4802", "0.5.5" junk) are read one by one, so that
    # nothing numeric reaches the engine and a second run finds nothing to read.
    if not _LEFT.search(text):
        return text
    text = re.sub(f"[{VULGAR}]", lambda m: f" {N.fraction(*VULGARS[m.group()])} ", text)
    return re.sub(r"\d+", lambda m: f" {N.digits(m.group())} ", text)


_LEFT = re.compile(rf"[\d{VULGAR}]")
# "-1e9", "1.5e-9": scientific notation, said as written, with both its signs.
_EXPONENT = re.compile(r"\d[eE]-?\d")
_SCIENTIFIC = re.compile(r"(?<![\w.,-])(?P<sign>-)?(?P<n>\d+(?:\.\d+)?)[eE](?P<esign>-)?(?P<exp>\d{1,3})(?![\w.]|\.\d)")
# A batting average: "lifting his average to .312" "three twelve", "batting .095" "oh ninety-five".
_BATTING = re.compile(r"(\b(?:average|batting|hitting|hit|hits|batted|avg\.?)(?: of| to| at| is| was| from)? )\.(\d{3})\b")


def _average(digits: str) -> str:
    return "oh " + N.cardinal(int(digits)) if digits[0] == "0" else N.model_number(digits)
# A number counted as a thing, after a count: darts' "nine 180s" "nine one hundred
# eighties", aircraft "two 747s" "two seven forty-sevens" (three digits; "1920s" is a decade).
_COUNTED_NUMBER = re.compile(r"(\b(?:(?i:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)|\d{1,2}) )"
                             r"(\d\d\d)s\b")


def _counted_number(m: re.Match) -> str:
    """A round ten is a count ("one hundred eighties"), any other a designation."""
    n = m[2]
    return m[1] + plural(N.cardinal(int(n)) if n.endswith("0") and n[1] != "0" else N.model_number(n))


def _glued(text: str, m: re.Match) -> bool:
    """A number touching letters ("abc123") is read apart from them."""
    before = text[m.start() - 1:m.start()]
    after = text[m.end():m.end() + 1]
    return before.isalpha() or after.isalpha()
