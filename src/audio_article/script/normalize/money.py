"""Money: currency symbols and codes before or after an amount, with scales ("$1.2bn")."""

from __future__ import annotations

import re

from .. import numbers as N
from .. import tables as T
from .common import KEEPS_PLURAL, NUM, after_article


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


def money(text: str) -> str:
    text = _MONEY.sub(_amount, text)
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
    return after_article(m) and bool(after) and after[1] not in KEEPS_PLURAL


def _range(a: str, b: str | None) -> str:
    return N.number(a) + (f" to {N.number(b)}" if b else "")
