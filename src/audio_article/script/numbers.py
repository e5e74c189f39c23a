"""Numbers to English words, the way a news reader says them: an American one by
default ("two hundred eighty-seven"), a British one (and every Commonwealth newsroom's)
inside ``british()`` ("two hundred and eighty-seven", "two thousand and five").

Pure functions over ints and digit strings; the normalizer decides which reading a token
needs (a count, an ordinal, a year, a model number) and calls one of these.
"""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from contextvars import ContextVar
from typing import ContextManager, Iterator

# A sentence the narration says holds at most 5,000 characters (script/plan.py), so a number
# in it may have more digits than the 4,300 Python converts by default ("10" and 4,301
# superscript nines raised ValueError, found by an outside tester): allow what fits.
if 0 < sys.get_int_max_str_digits() < 6000:
    sys.set_int_max_str_digits(6000)

ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen").split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
# Short scale, as in US and UK news ("billion" is 10**9).
SCALES = ((10**15, "quadrillion"), (10**12, "trillion"), (10**9, "billion"),
          (10**6, "million"), (10**3, "thousand"))
# Past this, a "number" is an identifier (a phone or account number): read digit by digit.
MAX_CARDINAL = 10**18
_AND = ContextVar("british_and", default=False)


def british(on: bool = True) -> ContextManager[None]:
    """Within: "and" after a hundred and before the last part under a hundred, as
    British, Irish, Australian, Indian and other Commonwealth newsreaders say numbers."""
    return setting(_AND, on)


@contextmanager
def setting(var: ContextVar, value: object) -> Iterator[None]:
    """Within: ``var`` holds ``value``; as it was after."""
    token = var.set(value)
    try:
        yield
    finally:
        var.reset(token)


def is_british() -> bool:
    """Whether numbers are said the British way here (within ``british()``)."""
    return _AND.get()


_IRREGULAR_ORDINALS = {"one": "first", "two": "second", "three": "third", "five": "fifth",
                       "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}


def cardinal(n: int) -> str:
    """1234 -> "one thousand two hundred thirty-four" (no "and", as US news reads it;
    "one thousand two hundred and thirty-four" within ``british()``)."""
    if n < 0:
        return "minus " + cardinal(-n)
    if n >= MAX_CARDINAL:
        return digits(str(n))
    if n < 1000:
        return _below_thousand(n)
    words = []
    for value, name in SCALES:
        if n >= value:
            words.append(f"{_below_thousand(n // value)} {name}")
            n %= value
    if n:
        words.append(("and " if n < 100 and _AND.get() else "") + _below_thousand(n))
    return " ".join(words)


def _below_thousand(n: int) -> str:
    if n < 20:
        return ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return TENS[tens] + (f"-{ONES[ones]}" if ones else "")
    hundreds, rest = divmod(n, 100)
    joiner = " and " if _AND.get() else " "
    return f"{ONES[hundreds]} hundred" + (f"{joiner}{_below_thousand(rest)}" if rest else "")


def ordinal(n: int) -> str:
    """24 -> "twenty-fourth"; only the last word changes."""
    words = cardinal(n)
    head, sep, last = _split_last(words)
    if last in _IRREGULAR_ORDINALS:
        last = _IRREGULAR_ORDINALS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last


def _split_last(words: str) -> tuple[str, str, str]:
    """Split before the last word of a number, whether joined by a space or a hyphen."""
    cut = max(words.rfind(" "), words.rfind("-"))
    if cut < 0:
        return "", "", words
    return words[:cut], words[cut], words[cut + 1:]


def year(n: int) -> str:
    """A calendar year as said aloud: 1991 "nineteen ninety-one", 2005 "two thousand
    five", 2022 "twenty twenty-two", 1905 "nineteen oh five", 1900 "nineteen hundred"."""
    if not 1000 <= n <= 9999 or 2000 <= n <= 2009:
        return cardinal(n)
    high, low = divmod(n, 100)
    if low == 0:
        return f"{cardinal(high)} hundred"
    if low < 10:
        return f"{cardinal(high)} oh {ONES[low]}"
    return f"{cardinal(high)} {cardinal(low)}"


def era_year(n: int) -> str:
    """A year before "BC" or after "AD", where no rule needs to tell it from a count:
    1066 "ten sixty-six", 1200 "twelve hundred", 988 "nine hundred eighty-eight" (below
    1000 as ``year`` reads it). A round thousand and the first years after it are said
    as counts, as a newsreader does: 3000 "three thousand", 1005 "one thousand five"."""
    if n % 1000 < 10:
        return cardinal(n)
    return year(n)


def decade(n: int) -> str:
    """1990 -> "nineteen nineties"; 2000 -> "two thousands"."""
    if n % 100 == 0:
        return year(n).replace("two thousand", "two thousands").replace(" hundred", " hundreds")
    words = year(n)
    head, sep, last = _split_last(words)
    return head + sep + (last[:-1] + "ies" if last.endswith("y") else last + "s")


def digits(text: str) -> str:
    """Digit by digit: "007" -> "zero zero seven"."""
    return " ".join(ONES[int(c)] for c in text if c.isdigit())


def model_number(text: str) -> str:
    """A designation as engineers say it: "16" sixteen, "400" four hundred, "136" one
    thirty-six, "101" one oh one, "2022" twenty twenty-two, "0" zero."""
    if len(text) > 1 and text.startswith("0"):
        return digits(text)
    n = int(text)
    if n < 100 or (n < 10000 and n % 100 == 0):
        return cardinal(n)
    if n < 10000:
        return year(n) if n >= 1000 else _pair_reading(n)
    return digits(text)


def _pair_reading(n: int) -> str:
    high, low = divmod(n, 100)
    return f"{ONES[high]} " + (f"oh {ONES[low]}" if low < 10 else cardinal(low))


def number(text: str) -> str:
    """A written number with optional thousands commas and decimals: "2,000" "two
    thousand", "3.5" "three point five", "-4" "minus four", ".5" "point five"."""
    sign = ""
    if text[:1] in "-−":
        sign, text = "minus ", text[1:]
    whole, _, fraction = text.replace(",", "").partition(".")
    if (len(whole) > 1 and whole.startswith("0")) or len(whole) > 18:
        spoken = digits(whole)  # "007"; past MAX_CARDINAL an identifier (and no int() of it)
    elif _INDIAN.match(text):
        return sign + indian(text)
    else:
        spoken = cardinal(int(whole)) if whole else ""
    if fraction:
        spoken = f"{spoken} point {digits(fraction)}".strip()
    return sign + spoken


_INDIAN = re.compile(r"\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?$")


def indian(text: str) -> str:
    """A number grouped the Indian way, said in crores and lakhs as it is written:
    "3,45,000" "three lakh forty-five thousand", "1,20,00,000" "one crore twenty lakh"."""
    whole, _, fraction = text.replace(",", "").partition(".")
    crores, rest = divmod(int(whole), 10**7)
    lakhs, rest = divmod(rest, 10**5)
    words = [f"{cardinal(crores)} crore" if crores else "", f"{cardinal(lakhs)} lakh" if lakhs else "",
             cardinal(rest) if rest else ""]
    spoken = " ".join(w for w in words if w)
    return f"{spoken} point {digits(fraction)}" if fraction else spoken


def is_one(text: str) -> bool:
    """Whether a written amount is exactly one (for "one dollar" vs "one point five dollars")."""
    return text.replace(",", "") in ("1", "1.0", "1.00")


FRACTIONS = {2: ("half", "halves"), 4: ("quarter", "quarters")}


def fraction(numerator: int, denominator: int) -> str:
    """3/4 -> "three quarters", 1/3 -> "one third", 5/8 -> "five eighths"."""
    singular, plural = FRACTIONS.get(denominator, (None, None))
    if singular is None:
        singular = ordinal(denominator)
        plural = singular + "s"
    return f"{cardinal(numerator)} {singular if numerator == 1 else plural}"
