"""Places' abbreviations: AP's states and ZIP codes ("Trenton, N.J."), counties ("Co.
Kerry"), street suffixes ("Mulholland Dr."), blocks and house numbers in US police copy,
compass letters before a street and bearings after a distance ("12 miles NE of")."""

from __future__ import annotations

import re

from .. import numbers as N
from .. import tables as T
from .common import full_stop, when

# Ireland's counties (and Durham's) after "Co.": "Co. Kerry" is County Kerry, where
# elsewhere "Co." is a company ("Ford Motor Co.", read with the trailing abbreviations).
_COUNTY = re.compile(r"(?<!& )(?<![\w.])(?P<co>Cos?)\.? (?=(?:Antrim|Armagh|Carlow|Cavan|Clare|Cork|Derry|Donegal|Down|"
                     r"Dublin|Durham|Fermanagh|Galway|Kerry|Kildare|Kilkenny|Laois|Leitrim|Limerick|"
                     r"Longford|Louth|Mayo|Meath|Monaghan|Offaly|Roscommon|Sligo|Tipperary|Tyrone|"
                     r"Waterford|Westmeath|Wexford|Wicklow)\b)")


# An American county after its name and before its state: "Montgomery Co., Md." (set 56).
_COUNTY_OF_STATE = re.compile(r"(\b[A-Z][a-z]+(?:'s)? )Co\.(?=, (?:%s)(?!\w))" % "|".join(map(re.escape, T.STATES)))


@when(r"Cos?\.? [A-Z]|[a-z] Co\., [A-Z]")
def counties(text: str) -> str:
    """"Co. Kerry" "County Kerry": only before a county's name, or before a state's."""
    text = _COUNTY_OF_STATE.sub(r"\1County", text)
    return _COUNTY.sub(lambda m: "Counties " if m["co"] == "Cos" else "County ", text)


_STATE_NAMES = "|".join(re.escape(s) for s in sorted(T.STATES, key=len, reverse=True))
_STATE = re.compile(rf"(?:(?<=[A-Za-z], )|(?<=[A-Za-z],\s\s)|(?P<party>\b[DRI])-)(?P<state>{_STATE_NAMES}"
                    r"|[A-Z][a-z]{3,}(?=[,)]))(?!\w)")
# The last of a list of states after "and": "in Iowa, Neb. and Kan." "... Nebraska and
# Kansas" (set 77), once a state before it is named.
_LAST_STATE = re.compile(r"(?P<list>\b(?:%s),? and )(?P<state>%s)(?!\w)" % (
    "|".join(sorted(set(T.POSTAL_STATES.values()), key=len, reverse=True)),
    "|".join(re.escape(s) for s in sorted(T.STATES, key=len, reverse=True) if s.endswith("."))))
# A postal code after a town, closing the place: "Portland, OR, by 8 p.m.".
_POSTAL = re.compile(r"(?<=[a-z]), (?P<postal>[A-Z]{2})(?=[,;)]|\.?$|(?P<canada> [A-Z]\d[A-Z] ?\d[A-Z]\d\b))")


# A ZIP code after a state, said digit by digit: "Albany, NY 12207", "Trenton, N.J. 08608";
# "DC 20500-0003" in two groups. A ZIP+4 code is one anywhere: no range or count is
# written with five digits, a hyphen and four ("20500-0003").
_ZIP = re.compile(r"(?<=[A-Za-z], )(?P<state>[A-Z]{2}|(?:[A-Z][a-z]{0,3}\.){1,2}) "
                  r"(?P<zip>\d{5}(?:-\d{4})?)(?![\w-])")
_ZIP_PLUS_FOUR = re.compile(r"(?<![\w.,-])\d{5}-\d{4}(?![\w-]|[.,]\d)")


# A province's abbreviation before a body's acronym or its premier: "Sask. RCMP say"
# "Saskatchewan R.C.M.P." (set 70), "the N.S. RCMP", "Ont. Premier Doug Ford": opening the
# sentence or after a word, not after a town and its comma ("Regina, Sask. RCMP are ...",
# where the stop also ends a sentence). ("Man." is left: "the Isle of Man. TT organisers".)
_PROVINCE_OF = re.compile(r"(?:^|(?<=\b[A-Za-z][a-z] )|(?<=\b[A-Za-z][a-z]{2} )|(?<=[A-Za-z][a-z]{3} ))"
                          r"(?:Alta|Sask|Ont|Que|Nfld|N\.S|N\.B)\.(?= (?:[A-Z]{2,}|Premier)\b)")


# What each pattern below needs: a capital after a comma, a party's letter, a ZIP+4 code,
# a province's abbreviation before an acronym or a premier.
@when(r"[A-Za-z],\s\s?[A-Z]|\b[DRI]-[A-Z]|\d{5}-\d{4}|(?:ta|sk|nt|ue|ld|S|B)\. (?:[A-Z]{2}|Pr)")
def states(text: str) -> str:
    """AP's state abbreviations: "Trenton, N.J." "Trenton, New Jersey"; after a lawmaker's
    name "D-Calif." "Democrat of California", "R-Ohio" "Republican of Ohio"; a postal
    code before a ZIP code, "Albany, NY 12207" "Albany, New York one two two zero seven";
    a province before an acronym, "Sask. RCMP" "Saskatchewan R.C.M.P."."""
    text = _ZIP_PLUS_FOUR.sub(lambda m: _zip_digits(m.group()), _ZIP.sub(_zip, text))

    def said(m: re.Match) -> str:
        name = T.STATES.get(m["state"], m["state"])
        if not m["party"]:
            return name + full_stop(m) if m["state"] in T.STATES else m.group()
        return f"{T.PARTIES[m['party']]} of {name}{full_stop(m)}"

    text = _PROVINCE_OF.sub(lambda m: T.STATES[m.group()], text)
    text = _STATE.sub(said, text)
    text = _LAST_STATE.sub(lambda m: m["list"] + T.STATES[m["state"]] + full_stop(m), text) if " and " in text else text
    return _POSTAL.sub(_postal, text)


def _postal(m: re.Match) -> str:
    town = m.string[:m.start()].split()[-1]
    # "Perth, WA": Western Australia as often as Washington; without a ZIP code, spelt.
    codes = T.POSTAL_PROVINCES if m["canada"] else T.POSTAL_STATES
    name = codes.get(m["postal"]) if m["postal"] != "WA" else None
    return ", " + name + ("," if m["canada"] else "") if name and town[:1].isupper() else m.group()


def _zip(m: re.Match) -> str:
    name = T.POSTAL_STATES.get(m["state"]) or T.STATES.get(m["state"])
    town = m.string[:m.start()].split()[-1]
    if name is None or not town[:1].isupper():  # after a town's name: not "he said, OK 12345"
        return m.group()
    return f"{name} {_zip_digits(m['zip'])}"


def _zip_digits(code: str) -> str:
    """"20500-0003" "two zero five zero zero, zero zero zero three"."""
    return ", ".join(N.digits(group) for group in code.split("-"))


_POINT = r" (?:[NS]\.?[EW]|[NSEW])\.(?=[,;)]|$| [a-z])"  # "Wellington St. W.", Calgary's "17 Ave. S.W."
_STREET = re.compile(r"(?:(?<=[A-Z][a-z]|[a-z]{2}|\d\d| \d)|\b(?P<jr>[JS]r\.)) (?P<abbr>"
                     + "|".join(map(re.escape, T.STREETS)) + rf")(?!\w)(?P<apoint>{_POINT})?"
                     # "14 High St, Bromley", "on Hill St in": bare, before no name ("St Albans"),
                     # and a subway station's "Jay St-MetroTech", "Church Av" (set 47);
                     # "30 Wellington St. W., Toronto", "near Dundas St. W. on Sunday" (set 43):
                     # a direction after the street.
                     r"|(?<=[a-z\d]) (?P<bare>" + "|".join(T.BARE_STREETS) + r")"
                     rf"(?:(?=[,;)]|$| [a-z]| \d{{1,3}}\b|-[A-Z][a-z]+[A-Z])|\.?(?P<point>{_POINT}))")


# A name after "Dr.", and no house number before the word ahead of it: a title.
_TITLE_OF_A_NAME = re.compile(r" [A-Z][a-z]+ [A-Z][a-z]+")
_HOUSE_NUMBER = re.compile(r"\b\d+\w* (?:[A-Z][\w'-]+ ){0,3}[A-Z][\w'-]+$")


@when(r"[a-z.] (?:Dr|Ln|Ct|Pl|Pkwy|Hwy|Ter|Cir|Sq)\.|[a-z\d] (?:St|Rd|Ave?|Blvd|Hwy|Fwy)\b")
def streets(text: str) -> str:
    """"Mulholland Dr." "Mulholland Drive": after a capitalised street name ("Dr. Lee"
    before a name is left to the titles)."""
    def said(m: re.Match) -> str:
        name = (m.string[:m.start()].split() or [""])[-1]  # "Sr. Dr. Maria Lopez" opens a sentence
        if not name:
            return m.group()
        # "In Dr. Shadlen's words": a capitalised function word is not a street's name.
        # (A numbered street's ordinal is its name: "on 8th St. E.", set 57.)
        numbered = m["bare"] and (re.fullmatch(r"\d+(?:st|nd|rd|th)", name) or name.isdigit() and m["point"])
        if not (name[:1].isupper() or numbered) or \
                name.rstrip(".") + "." in T.TITLES or name in T.COMMON_CAPITALISED:
            return m.group()
        if m["abbr"] == "Dr." and _TITLE_OF_A_NAME.match(m.string, m.end()) and \
                not _HOUSE_NUMBER.search(m.string, 0, m.start()):
            return m.group()  # "Superintendent Dr. Angela Reed": a doctor (set 31)
        point = "".join(_POINTS[c].lower() for c in m["point"] or m["apoint"] or "" if c in _POINTS).capitalize()
        if m["bare"]:
            return f" {T.BARE_STREETS[m['bare']]}{' ' + point + full_stop(m) if point else ''}"
        # "Martin Luther King Jr. Dr.": the name's suffix is read here, without its period.
        if m["jr"] and re.match(r" [A-Z]", m.string[m.end():]):
            return m.group()  # "John Smith Jr. Dr. Lee": a title before a name
        junior = T.TRAILING[m["jr"]] if m["jr"] else ""
        return f"{junior} {T.STREETS[m['abbr']]}{' ' + point if point else ''}{full_stop(m)}"

    return _STREET.sub(said, text)


_BLOCK = re.compile(r"(?<![\w.,])(\d{3,4})(?= block of (?!flats\b))")
_SUFFIXES = "|".join(map(re.escape, ["St.", "Ave.", "Blvd.", "Rd.", *T.STREETS])) + \
    r"|(?:Street|Avenue|Boulevard|Road|Drive|Lane|Place|Way|Court|Parkway|Terrace|Circle|Trail|Plaza|Pike)\b"
# (Broadway takes no suffix: "2200 W. Broadway" "twenty-two hundred West Broadway", set 60.)
_COMPASS = re.compile(rf"(?<![\w.])(?P<d>[NSEW])\. (?=(?:[A-Z][a-z]+ |\d+(?:st|nd|rd|th) )+(?:{_SUFFIXES})|Broadway\b)")
_POINTS = {"N": "North", "S": "South", "E": "East", "W": "West"}
# A quadrant before a numbered street, undotted: "SE 17th St." "Southeast Seventeenth Street" (set 79).
_QUADRANT = re.compile(rf"(?<![\w.])(?P<q>[NS][EW]) (?=\d+(?:st|nd|rd|th) (?:{_SUFFIXES}))")
# A house number of four digits before a street's name is said in pairs, as the hundreds of
# a block are: "1234 Main St." "twelve thirty-four Main Street", "1200 Sunset Dr.", "1400
# Industrial Pkwy." (a street's abbreviation is read out before this pass); one of five, as
# Calgary's and Edmonton's grids number them, in two and three: "10101 Southport Rd. S.W."
# "ten one oh one Southport Road Southwest" (set 67; "12500" stays a cardinal).
_HOUSE = re.compile(rf"(?<![\w.,$£€-])(\d{{4}}|[1-9]\d[1-9](?!00)\d\d)(?= (?:[NSEW]\. )?(?:(?:[A-Z][a-z]+ |\d+(?:st|nd|rd|th) ){{1,3}}"
                    rf"(?:{_SUFFIXES})|Broadway\b))")
# A street named by its number alone, as Canadian and American grids are: "near 72 Ave. and
# 128 St." "seventy-second Avenue and one hundred twenty-eighth Street".
_NUMBERED_STREET = re.compile(r"(?<![\w.,$£€-])(?<!\d )(\d{1,3})(?= (?:Ave\.|St\.|Avenue|Street)(?![\w.]|\.\w|"
                              r" (?!(?:North|South|East|West|Northeast|Northwest|Southeast|Southwest)\b)[A-Z]))")


@when(r"\d block of|\b[NSEW]\. [A-Z\d]|\d{4} [A-Z]|\d (?:Ave\.|St\.|Avenue|Street)|\b[NS][EW] \d")
def blocks(text: str) -> str:
    """US police copy's addresses: "the 3400 block of W. Division St." "the thirty-four
    hundred block of West Division Street": a block, or a house number, is said in pairs, and a compass
    letter before a street's name is its direction (not "E. coli", nor "W. Bush"), and so is
    a quadrant before a numbered street ("SE 17th St." "Southeast Seventeenth Street")."""
    # "the 8000 block" "eight thousand" (set 81), not "eighty hundred".
    text = _BLOCK.sub(lambda m: _hundreds(m[1]), text)
    text = _HOUSE.sub(_house, text)
    text = _NUMBERED_STREET.sub(lambda m: N.ordinal(int(m[1])), text)
    text = _QUADRANT.sub(lambda m: _bearing(m["q"]).capitalize() + " ", text)  # "SE 17th St." (set 79)
    return _COMPASS.sub(_compass, text)


# A compass point between a distance and "of": "12 miles NE of Ridgecrest" "twelve miles
# northeast of", "40km SSW of Kabul"; elsewhere "NE" may be a state or a region's letters.
_BEARINGS = {letter: point.lower() for letter, point in _POINTS.items()}
_BEARING = re.compile(r"(?<![A-Za-z])(?P<unit>mi|km|nm|miles?|yards|feet|ft|metres|meters|kilometres|kilometers) "
                      r"(?P<b>[NS]|[EW]|[NS][EW]|([NS])\3[EW]|[EW][NS][EW])(?= of\b)")


# A road's direction after its number: "1450 Highway 20 E." "Highway twenty East" (set 31).
_ROAD_BEARING = re.compile(r"(?P<road>\b(?:Highway|Hwy\.?|Route|Interstate|State Route|US|U\.S\.) \d{1,3}) "
                           r"(?P<b>[NSEW])\.?(?=[,;)]|\.?$| [a-z])")


@when(r" [NSEW]{1,3} of\b|\d [NSEW]\b")
def bearings(text: str) -> str:
    """"12 miles NE of Ridgecrest" "twelve miles northeast of Ridgecrest", "NNW"
    "north-northwest": only after a distance and before "of"; "Highway 20 E" "Highway 20
    East", after a road's number."""
    text = _ROAD_BEARING.sub(lambda m: f"{m['road']} {_bearing(m['b']).capitalize()}{full_stop(m)}", text)
    return _BEARING.sub(lambda m: f"{m['unit']} {_bearing(m['b'])}", text)


def _house(m: re.Match) -> str:
    number = m[1]
    if len(number) == 5:
        return f"{N.cardinal(int(number[:2]))} {N.model_number(number[2:])}"
    return _hundreds(number)


def _hundreds(number: str) -> str:
    """A block or a house number in pairs, "3400" "thirty-four hundred"; round thousands as
    a number, "1000 Fifth Avenue" "one thousand", "the 8000 block" "eight thousand"."""
    return N.year(int(number)) if int(number) % 1000 else N.cardinal(int(number))


def _bearing(letters: str) -> str:
    words = [_BEARINGS[c] for c in letters]
    if len(words) == 3:  # "NNE" "north-northeast", "ENE" "east-northeast"
        return f"{words[0]}-{words[1]}{words[2]}"
    return "".join(words)


def _compass(m: re.Match) -> str:
    before = m.string[:m.start()].split()[-1:]
    if before and before[0][:1].isupper():  # a middle initial: "George W. Bush Parkway"
        return m.group()
    return _POINTS[m["d"]] + " "
