"""Around money: pence and cents after an amount ("348p", "189.9c a litre", "US58.4c"),
grain futures' fractions of a cent ("$4.38 1/2"), pre-decimal shillings and pence ("2s
6d") and a rent's period after it ("£2,150 pcm"); the amounts themselves are ``money``'s."""

from __future__ import annotations

import re

from .. import numbers as N
from .. import tables as T
from .common import VULGAR, full_stop, region, vulgar_words, when
from .money import CURRENCY_SYMBOLS

# Rents and pay in British and Irish copy, after the amount: "£2,150 pcm" "per calendar
# month", "£450pw" "per week", "£35,000 pa" and "4.5% p.a." "per annum".
_PERIODS = {"pcm": "per calendar month", "pw": "per week", "pa": "per annum", "pp": "per person"}
_PERIOD = re.compile(rf"(?P<amount>(?:{CURRENCY_SYMBOLS})\d[\d,.]*(?:k|K|m|bn)?|\d[\d.]*%)\s?"
                     r"(?P<period>pcm|p\.c\.m\.|pw|p\.w\.|pa|p\.a\.|(?<=\d)pp)(?!\w|\.\w)")


# Pre-decimal British money: "1s 10d" "one shilling and tenpence", "2s 6d" (set 35).
_OLD_MONEY = re.compile(r"(?<![\w.,£])(?P<s>\d{1,2})s (?P<d>\d{1,2})d\b")


def _old_money(m: re.Match) -> str:
    shillings = f"{N.cardinal(int(m['s']))} shilling{'' if m['s'] == '1' else 's'}"
    pence = {"1": "one penny", "2": "tuppence", "3": "threepence"}.get(m["d"], f"{N.cardinal(int(m['d']))} pence")
    return f"{shillings} and {pence}"


# Grain futures are quoted in eighths of a cent: "$4.38 1/2 a bushel".
_PART_CENT = re.compile(r"(?<![\w$])\$(?P<whole>\d{1,3})\.(?P<cents>\d\d) (?P<part>1/2|1/4|3/4)(?= )")
_PARTS = {"1/2": "a half", "1/4": "a quarter", "3/4": "three-quarter"}


# Pence run to three figures in share prices ("348p"), grouped past a thousand ("1,142p"),
# and take decimals ("38.5p"); so do cents in a fuel price ("189.9c a litre").
# A price may end in a fraction of a penny: "187½p".
# Three figures of cents before what they price: "385c/kg", "a dividend of 498c a share" (set 71).
_MINOR = re.compile(r"(?<![\w.,$£€])(?:(?P<n>\d{1,2}(?:\.\d)?|\d{3}\.\d|\d{3}(?=c(?:/| a | per )))(?P<unit>c|\s?¢)"
                    rf"|(?P<pn>(?:\d{{1,2}},\d{{3}}|\d{{1,3}})(?:\.\d)?)(?P<frac>[{VULGAR}])?(?P<punit>p))(?![\w'])"
                    # "US58.4c", "A65c": a currency's cents, as exchange rates are quoted.
                    # ("A1c" is a blood test, so no bare "A").
                    r"|(?<![\w$])(?P<cc>US|NZ)(?P<cents>\d{1,2}(?:\.\d{1,2})?)c\b")
_CENTS_OF = {"US": "U.S.", "NZ": "New Zealand"}


@when(r"\d")
def before_amounts(text: str) -> str:
    """What must be read before ``money`` reads the amount: the period after it, old money
    and a fraction of a cent after it."""
    text = _PERIOD.sub(lambda m: f"{m['amount']} {_PERIODS[m['period'].replace('.', '')]}{full_stop(m)}", text)
    text = _OLD_MONEY.sub(_old_money, text)
    return _PART_CENT.sub(_part_cent, text)


@when(rf"[\d{VULGAR}]\s?[c¢p]")
def minor_units(text: str) -> str:
    return _MINOR.sub(_minor, text)


def _part_cent(m: re.Match) -> str:
    """"$4.38 1/2" "four dollars and thirty-eight and a half cents"."""
    dollars = f"{N.number(m['whole'])} {'dollar' if m['whole'] == '1' else 'dollars'} and "
    return f"{dollars if int(m['whole']) else ''}{N.cardinal(int(m['cents']))} and {_PARTS[m['part']]} cents"


def _minor(m: re.Match) -> str:
    if m["cc"]:
        return f"{N.number(m['cents'])} {_CENTS_OF[m['cc']]} {'cent' if m['cents'] == '1' else 'cents'}"
    n, unit = (m["n"], m["unit"]) if m["n"] else (m["pn"], m["punit"])
    one, many = T.REGIONAL_MINOR_UNITS.get((region(), unit.strip())) or T.MINOR_UNITS[unit.strip()]
    if m["frac"]:  # "187½p" "one hundred and eighty-seven and a half pence"
        return f"{N.number(n)} and {vulgar_words(m['frac'])} {many}"
    return f"{N.number(n)} {one if n == '1' else many}"
