"""Units and percentages after a number: "10 km", "a 10-km walk", "15%" (rates, "per day": rates.py;
scales, "3m people": scales.py); coordinates, blood pressure, heights, stone, seconds."""

from __future__ import annotations

import re

from .. import numbers as N
from .. import tables as T
from .common import (DASH, KEEPS_PLURAL, NUM, YEAR, after_article, describes, determined, falling,
                     signed, when)

_SIGNED = rf"(?:(?<![\w.,])(?P<sign>[-+]))?(?<![\w.,])(?P<a>{NUM})"


@when(r"\d\s?(?:%|per)")
def percent(text: str) -> str:
    """"15%" "fifteen percent"; "4.25%-4.50%" "four point two five to four point five
    percent": a sign on both ends of a range is said once, and a rate's trailing noughts
    are not said ("4.00%" "four percent", set 29); "50.4% to 48.7%" and "52%/48%" are two
    figures, each with its sign."""
    def said(m: re.Match) -> str:
        if m["b"] and not m["pa"] and re.fullmatch(YEAR, m["a"]):  # "its forecast for 2025 to 1%" (set 39)
            return m.group()[:m.start("b") - m.start()] + N.number(_bare(m["b"])) + " percent"
        low = signed(m["sign"], _bare(m["a"]))
        # "4.25% to 4.5%": a sign written on both ends of a range said in words is said
        # on both, as written; "4.25%-4.50%" once.
        if m["b"] and (falling(m["a"], m["b"]) or m["join"] == "/" or (m["pa"] and m["join"].strip() == "to")):
            low += " percent"
        return low + (f" to {N.number(_bare(m['b']))}" if m["b"] else "") + " percent"

    return _PERCENT.sub(said, text)


def _bare(figure: str) -> str:
    """"4.00" "4", "4.50" "4.5": a decimal without its trailing noughts."""
    return figure.rstrip("0").rstrip(".") if "." in figure else figure


_PERCENT = re.compile(rf"{_SIGNED}(?:\s?(?P<pa>%)?(?P<join>{DASH}|(?<=%)/)(?P<b>{NUM})\s?%?)?"
                      r"\s?(?:%|\s(?:percent|per\s?cent)\b)")


_ARC = re.compile(rf"(?<![\w.,])(?P<d>{NUM})°(?:\s?(?P<m>\d{{1,2}})[\'′](?:\s?(?P<s>{NUM})[\"″])?)?"
                  r"\s?(?P<dir>[NSEW])\b")
_DIRECTIONS = {"N": "north", "S": "south", "E": "east", "W": "west"}


@when("°")
def coordinates(text: str) -> str:
    """"50.45°N" "fifty point four five degrees north", "41°43'N" "forty-one degrees
    forty-three minutes north"."""
    def said(m: re.Match) -> str:
        parts = [f"{N.number(m['d'])} degrees"]
        parts += [f"{N.number(m[k])} {name}" for k, name in (("m", "minutes"), ("s", "seconds")) if m[k]]
        return " ".join(parts) + " " + _DIRECTIONS[m["dir"]]

    return _ARC.sub(said, text)


_PRESSURE = re.compile(r"(?<![\w./])(\d{2,3})/(\d{2,3})(?=\s?mm\s?Hg\b)")
# A reading after "blood pressure" anywhere earlier in the sentence ("Blood pressure above 140/90").
_PRESSURE_CUE = re.compile(r"[Bb]lood pressure\b")
_READING = re.compile(r"(?<![\w./,])(\d{2,3})/(\d{2,3})(?![\w/]|[.,]\d)")
_FEET = re.compile(r"(?<![\w.,'])(\d)\s?(?:['′]\s?(\d{1,2})\s?(?:\"|″|'')|ft\s?(\d{1,2})\s?in\b)")
# A weight in stone ("18st 4lb"), British sports copy's: with its pounds, or where "st"
# cannot be an ordinal's ending ("18st", not "21st").
_STONE = re.compile(r"(?<![\w.,])(\d{1,2})st(?:\s?(\d{1,2})\s?lbs?)?\b")


def _stone(m: re.Match) -> str:
    if not m[2] and m[1][-1] == "1" and m[1][-2:] != "11":
        return m.group()  # "21st": an ordinal
    return f"{N.number(m[1])} stone" + (f" {N.number(m[2])}" if m[2] else "")


@when(r"\d(?:\s?mm\s?Hg|\s?['′]\s?\d|ft\s?\d|st\s?\d)|[02-9]st\b|11st\b|lood pressure")
def pressures_and_heights(text: str) -> str:
    """"140/90 mmHg" "one hundred forty over ninety millimeters of mercury" (also after
    "blood pressure"); "5'11\"" or "6ft 9in" "six foot nine", a height in feet and inches;
    "18st 4lb" "eighteen stone four", a weight."""
    text = _STONE.sub(_stone, text)
    text = _PRESSURE.sub(lambda m: f"{N.number(m[1])} over {m[2]}", text)
    if _PRESSURE_CUE.search(text):  # before the cue too: "readings above 130/80 are high blood pressure"
        text = _READING.sub(lambda m: f"{N.number(m[1])} over {N.number(m[2])}", text)
    return _FEET.sub(lambda m: f"{N.number(m[1])} foot {N.number(m[2] or m[3])}", text)


@when(r"\d\.\d+\s?s\b")
def seconds(text: str) -> str:
    """"9.58s" "nine point five eight seconds": a time in athletics, decimals and a bare s."""
    return re.sub(r"(?<![\w.,])(\d{1,3}\.\d{1,3})\s?s\b(?!')", lambda m: f"{N.number(m[1])} seconds", text)


# "°C" and "°F" are the temperatures' (temperatures.py).
_UNIT_NAMES = "|".join(re.escape(u) for u in sorted(set(T.UNITS) - {"°C", "°F"}, key=len, reverse=True))
_UNIT = re.compile(
    rf"(?:(?<![\w.,])(?P<sign>[-+]))?(?<![\w.,])(?P<a>{NUM})(?:{DASH}(?P<b>{NUM}))?"
    r"(?P<scale> (?:thousand|million|billion|trillion))?"
    rf"(?P<sep>\s|-)?(?P<unit>{_UNIT_NAMES})(?![\w²])(?P<next>\s+[a-z]+)?")


# A fraction of one measure: "1/2 cup" "half a cup", "3/4 tsp" "three quarters of a teaspoon".
_FRACTION_OF = re.compile(rf"(?<![\w./,])(?<!\d )([1-9])/([2-8])\s?(?P<unit>{_UNIT_NAMES}|cup|pint|mile|inch|"
                          r"teaspoon|tablespoon|gallon)(?![\w²/])")

# The range's first end, a fraction: the second is said as a fraction too, the unit once.
_FRACTION_BEFORE = re.compile(r"(?<![\w./])[1-9]/[2-8] (?:to|or|and) $")


# ... and joined to it, before a noun: "a 3/4-mile stretch" "a three-quarter-mile stretch",
# "a 1/2-inch bolt" "a half-inch bolt", "3/8-inch" "three-eighths-inch" (set 72).
_FRACTION_BEFORE_NOUN = re.compile(r"(?<![\w./,])([1-9])/([2-8])-(?=(?:mile|inch|pound|ounce|cup|gallon|acre|hour|"
                                   r"foot|yard|teaspoon|tablespoon|carat)\b)")


def _fraction_adjective(m: re.Match) -> str:
    a, b = int(m[1]), int(m[2])
    if a >= b:
        return m.group()
    said = {(1, 2): "half", (1, 4): "quarter", (3, 4): "three-quarter"}.get((a, b))
    return (said or N.fraction(a, b).replace(" ", "-")) + "-"


def _fraction_of(m: re.Match) -> str:
    if after_article(m):  # "a 1/2 cup measure": left to the fractions
        return m.group()
    if m["unit"] == "in" and re.match(r" [\w$£€]", m.string[m.end():]):
        return m.group()  # "up from 1/2 in 2019": the preposition, not inches
    unit = T.UNITS[m["unit"]][0] if m["unit"] in T.UNITS else m["unit"]
    a, b = int(m[1]), int(m[2])
    if _FRACTION_BEFORE.search(m.string, 0, m.start()):  # "1/4 to 1/2 inch" "one quarter to one half inch"
        return f"{N.fraction(a, b)} {unit}"
    article = "an" if unit[0] in "aeiou" else "a"
    if (a, b) == (1, 2):
        return f"half {article} {unit}"
    return f"{N.fraction(a, b).replace('one ', 'a ', 1)} of {article} {unit}"


@when(r"\d")
def units(text: str) -> str:
    """"10 km" "ten kilometers"; "10-15 km" "ten to fifteen kilometers"; "a 10-km walk" "a
    ten-kilometer walk"; "155mm shells" "one hundred fifty-five millimeter shells"."""
    # "7.62x39mm" "seven point six two by thirty-nine millimeters": a calibre's first
    # number is parted from the second so that the unit is read after it.
    if "/" in text:
        text = _FRACTION_BEFORE_NOUN.sub(_fraction_adjective, text)
        text = _FRACTION_OF.sub(_fraction_of, text)
    # "18 in. deep": "in." is inches before a dimension, elsewhere the word.
    text = re.sub(r"(?<=\d) in\.(?= (?:deep|wide|long|tall|high|thick|across|of)\b)", "in", text)
    if re.search(r"\d\s?[x×]\s?\d", text):
        text = re.sub(rf"(?<![\w.,])({NUM})\s?[x×]\s?(?={NUM}\s?(?:mm|cm|m|km|yd)\b)",
                      lambda m: f"{N.number(m[1])} by ", text)
    # "3m x 4m" "three meters by four meters": a unit on both sides of the "x".
    text = _BY.sub(lambda m: f"{m['a']}{m['u']} by {m['b']}", text)
    return _UNIT.sub(_unit, text)


_BY = re.compile(rf"(?<![\w.,])(?P<a>{NUM})(?P<u>\s?(?:mm|cm|m|km|ft|in))\s?[x×]\s?(?P<b>{NUM}\s?(?P=u))\b")


def _unit(m: re.Match) -> str:
    unit, sep, after = m["unit"], m["sep"] or "", m["next"] or ""
    if unit in T.GLUED_UNITS and sep or unit.isupper() and _ROUTE.search(m.string, 0, m.start()):
        return m.group(0)  # "Route 9W": a road's letter, not watts
    race = unit == "m" and re.search(r"(?:women's|men's|the) $", m.string[:m.start()])  # "the women's 1,500 m" (set 66)
    if unit in T.AMBIGUOUS_UNITS and sep == " " and after and after.split()[0] not in T.MEASURED_BY and not race:
        return m.group(0)  # "5 t shirts", "3 m people": not a measure
    one, many = _ppt(m.string) if unit == "ppt" else T.UNITS[unit]
    quantity = signed(m["sign"], m["a"]) + (f" to {N.number(m['b'])}" if m["b"] else "")
    quantity += m["scale"] or ""
    if unit == "m" and m["a"] in ("1500", "1,500") and not m["b"]:  # the race: "fifteen hundred" (set 50)
        quantity = "fifteen hundred"
    adjective = _measure_before_noun(m, sep, after) and not (
        unit in _AMOUNTS and sep != "-" and not after_article(m) and after and after.split()[0] not in _CONTAINERS
        and not determined(m.string[:m.start()].split()[-1:]))  # "the women's 48kg category" (set 48)
    name = one if adjective or (N.is_one(m["a"]) and not m["b"] and not m["scale"]) else many
    return f"{quantity}{'-' if sep == '-' else ' '}{name}{after}"


# What a recipe weighs or pours: "225g caster sugar" "grams", a quantity of the noun, not an
# adjective of it, unless an article makes it one ("a 500ml bottle") (set 35).
_AMOUNTS = frozenset("g kg mg ml mL l oz lb lbs tbsp tsp".split())
# ... but a pack, a bag or a dose is measured by it: "500g packs", "90kg bag", "5ml spoonful".
_CONTAINERS = frozenset("""pack packs packet packets bag bags sack sacks bottle bottles can cans tin tins
jar jars carton cartons tub tubs box boxes spoonful spoonfuls dose doses vial vials tube tubes sachet
sachets serving servings portion portions bar bars block blocks loaf loaves tablet tablets capsule capsules
pouch pouches jug jugs glass glasses cup cups""".split())
_ROUTE = re.compile(r"\b(?:(?:Route|Rte\.?|Highway|Hwy\.?|US|State Road|SR|Interstate|Exit|Junction|Class|Year|Grade|"
                    r"Form|Room|Section|Block|Unit|Flat|Gate|Platform|Level|Floor|Runway) |I-)$")
_SALINITY = re.compile(r"(?i)\b(?:salin\w*|salt\w*|brackish|seawater)\b")
_RATES = re.compile(r"%|\b(?:percent|per cent|rates?|inflation|GDP|growth|yields?|unemployment|poll\w*)\b")


def _ppt(sentence: str) -> tuple[str, str]:
    """"4 ppt" of PFAS is parts per trillion, of a salinity parts per thousand, of a rate
    (Reuters' "up 0.2 ppt") a percentage point."""
    if _SALINITY.search(sentence):
        return "part per thousand", "parts per thousand"
    return T.UNITS["pp" if _RATES.search(sentence) else "ppt"]


# A race named by its distance keeps the plural: "the 400m freestyle" is said "four
# hundred metres freestyle", as commentators and the BBC say it; so do its rounds ("the
# 100m final", "the 400m heats").
_EVENTS = frozenset("""freestyle backstroke breaststroke butterfly medley individual hurdles relay
steeplechase final finals heat heats semi-final semi-finals semifinal semifinals win victory champion gold
silver bronze""".split())
# ... and its honours: "her 1,500m world title", "the 100m world record" (sets 3, 4, 23).
_HONOURS = re.compile(r" (?:world|Olympic|European|Commonwealth|national|Diamond League) "
                      r"(?:title|titles|crown|record|records|champion|champions|gold|final)\b")


def _measure_before_noun(m: re.Match, sep: str, after: str) -> bool:
    """"a 10-km walk", "155mm shells", "a 30 cm gap", "a 40 km-long convoy": a measure
    used as an adjective takes the singular unit."""
    # "a 40 km-long convoy"; not the hyphen of a word after the unit ("20km north-west").
    if sep == "-" or (not after and re.match(r"-[a-z]", m.string[m.end():])):
        return True
    if _HONOURS.match(m.string, m.end() - len(after)):
        return False
    if not after:  # "Britain's 3.2GW Hinkley Point C plant": a name after a possessive
        return determined(m.string[:m.start()].split()[-1:]) and re.match(r" [A-Z]", m.string[m.end():]) is not None
    if after.split()[0] in ("or", "and", "to"):  # "a 42mm or 46mm case": as the second is
        second = re.match(rf" (?:or|and|to) ({NUM})({re.escape(m['unit'])})( [a-z]+)", m.string[m.end() - len(after):])
        return bool(second) and sep == "" and describes(second[3][1:])
    if after.split()[0] in KEEPS_PLURAL | _EVENTS:
        return False
    # "38.5°C was": degrees are written glued to the number, and stay plural; a glued
    # measure describes the word after it ("155mm shells"), unless that word cannot be
    # what is measured ("150mg every two weeks", "120km/h brought down").
    glued = sep == "" and not m["unit"].startswith("°")
    # "his 9 mm handgun": a determiner before a spaced measure and a noun after it (set 37).
    spaced_after_determiner = sep == " " and determined(m.string[:m.start()].split()[-1:]) and \
        describes(*after.split()[:2])
    # ("487.4mm falling": a verb in -ing after a bare measure is no noun it describes, set 39.)
    glued = glued and not (after.split()[0].endswith("ing") and not after_article(m)
                           and not determined(m.string[:m.start()].split()[-1:]))
    return (glued and describes(*after.split()[:2])) or after_article(m) or spaced_after_determiner
