"""Rates: a unit after a slash, "per" or a price's "a" is named: "$100/day" "per day",
"30p per kWh" "per kilowatt-hour", "₹80 a kg" "eighty rupees a kilogram"."""

from __future__ import annotations

import re

from .. import tables as T
from .common import when


_PER_WORDS = "day|week|month|year|hour|minute|second|person|capita|head|liter|litre|barrel|ton|tonne|unit|night"
_PER_UNITS = ("kg", "km", "bbl", "lb", "oz", "t", "MWh", "kWh", "l", "gal", "ha", "sq ft", "sq m", "sq km", "sq mi",
              "dL", "ml", "m³", "m3", "MMBtu", "Btu", "kgMS")


@when(r"/|\b(?:per|a) [a-zA-Z]{1,5}\b")
def per(text: str) -> str:
    """"$100/day" "per day", "$90/bbl" "per barrel", "per kWh" "per kilowatt-hour": a unit
    after the slash or "per" is named."""
    text = re.sub(rf"(?<=[\w%])\s?/\s?(?=(?:{_PER_WORDS})s?\b)", " per ", text)
    text = _A_UNIT.sub(lambda m: f"{m['price']} a {T.UNITS[m['unit']][0]}", text)
    return _PER_UNIT.sub(lambda m: f"{' per ' if m['slash'] else 'per '}{T.UNITS[m['unit']][0]}", text)


# A price "a" unit: "₹80 a kg" "eighty rupees a kilogram" (set 27), after the amount.
_A_UNIT = re.compile(r"(?P<price>\d|\b(?:dollars|rupees|pounds|euros|cents|pence|rand|naira|shillings|yuan|"
                     r"yen|pesos|ringgit)) a (?P<unit>kg|lb|oz|kWh|MWh|gal|ha|sq ft|sq m)\b(?![-/])")


# "$90/bbl", "30p per kWh": the unit after a slash or "per" is named, in the singular.
_PER_UNIT = re.compile(rf"(?:(?P<slash>(?<=[\w%])\s?/\s?)|(?<![\w-])per )"
                       rf"(?P<unit>{'|'.join(map(re.escape, _PER_UNITS))})\b(?!-)")
