"""Numbers that name, never count: flights, trains, roads and motorway junctions, runways,
ZIP codes, police logs and vulnerability identifiers, said as read out."""

from __future__ import annotations

import re

from .. import numbers as N
from .common import COUNT_NOUNS, YEAR, american, letters, region, when, when_any
from .dialling import phone_group

# "flight 6E 2134", "Flight BA 117", "train no. 12951": a carrier's code may stand between.
# "to train 300 soldiers" is a verb: a train's number needs "no.", "number" or a code.
# Amtrak's Acela is named with its number as a flight is: "Acela 2151" "Acela twenty-one fifty-one".
_SERVICE = re.compile(r"\b(?P<what>[Ff]light|[Tt]rain|Acela)(?P<no>\s+(?:[Nn]o\.|number))?"
                      r"(?P<code>\s+(?:[A-Z]{2}|[A-Z]\d|\d[A-Z]))?\s+(?P<n>\d{3,5})(?![\w,.]?\d)"
                      r"(?P<next>\s+[a-z]+)?")
# A ZIP code named as one: "the 90210 zip code", "ZIP code 10001".
_ZIP = re.compile(r"(?<![\w.,$£€])\d{5}(?= (?i:zip|postal) code\b)"
                  r"|(?<=(?i:zip code) )\d{5}(?![\w,.-]?\d)|(?<=(?i:zip code) is )\d{5}(?![\w,.-]?\d)")
# Several named at once: "ZIP codes 60617 and 60628", "postal codes 10001, 10002 or 10003":
# a list of five-digit numbers only, each digit by digit.
_ZIPS = re.compile(r"(?:(?<=(?i:zip codes) )|(?<=(?i:postal codes) ))\d{5}(?:(?:,? and |,? or |, )\d{5})+"
                   r"(?![\w,.-]?\d)")
# A postcode or PIN code named so: "postcode 4215" "four two one five", "PIN code 560001";
# and in Indian and Singapore copy a six-digit PIN or postal code after its place at the
# end of an address: "Kakkanad, Kochi 682030", "Singapore 648886" (set 30).
_POSTCODE = re.compile(r"(?P<cue>\b(?i:postcode|post code|pin code|pincode|postal code) |\bPIN )(?P<n>\d{4,6})(?![\w,.-]?\d)")
_PIN_AFTER_PLACE = re.compile(r"(?<=[a-z] )[1-9]\d{5}(?![\w,.-]?\d| (?:[a-z]+s|people)\b)")
_PIN_PLACE = re.compile(r"(?:, |^)(?:[A-Z][a-z]+ ){1,2}$")


# A post office box's number of five or six figures, digit by digit: "P.O. Box 15120" "P.O.
# Box one five one two zero" (set 73); of four, in pairs ("P.O. Box 4567", models.py).
_PO_BOX = re.compile(r"(?:(?<=\bP\.O\. Box )|(?<=\bPO Box ))\d{5,6}(?![\w,.-]?\d)")


# A Singapore housing block, said digit by digit: "Blk 456" "Block four five six".
_BLOCK = re.compile(r"\bBlk\.? (\d{1,4}[A-Z]?)\b")


@when(r"\d{6}|(?i:ostcode|post code|pin ?code)|PIN \d|Blk|O\.? Box \d")
def addresses(text: str) -> str:
    """"postcode 4215" "postcode four two one five"; "Kochi 682030" "Kochi six eight two
    zero three zero" in Indian and Singapore copy; "Blk 456" "Block four five six"."""
    text = _PO_BOX.sub(lambda m: N.digits(m.group()), text)
    text = _BLOCK.sub(lambda m: "Block " + " ".join(N.digits(c) if c.isdigit() else c for c in m[1]), text)
    text = _POSTCODE.sub(lambda m: m["cue"] + N.digits(m["n"]), text)
    if region() not in ("IN", "SG"):
        return text
    return _PIN_AFTER_PLACE.sub(
        lambda m: N.digits(m.group()) if _PIN_PLACE.search(m.string, 0, m.start()) else m.group(), text)


# A planning application's reference: "application P/24/0571" "P slash twenty-four slash oh
# five seven one", "DA 2025/0412" "D.A. twenty twenty-five slash oh four one two" (set 29):
# a year as a year (two figures as a number), the serial as it is read out.
_PLANNING = re.compile(r"\b(?P<cue>(?i:application)|DA) (?P<code>[A-Z]{1,3}/)?(?P<n>(?:\d{2}|\d{4})/\d{3,6})(?![\w/]|[.,]\d)")
# An airline's code and a flight's number, apart from the word "flight": "a flight from
# Manila to Davao, 5J 965," "five J nine six five" (set 30).
_FLIGHT_CODE = re.compile(r"(?<![\w-])(?P<code>\d[A-Z]|[A-Z]\d) (?P<n>\d{2,4})(?![\w,.]?\d)")
# ... and written with the code: "Flight AC857" "Flight A.C. eight five seven" (set 43).
_FLIGHT_GLUED = re.compile(r"\b(?P<what>[Ff]light) (?P<code>[A-Z]{2}|\d[A-Z]|[A-Z]\d)(?P<n>\d{2,4})\b(?!-)")


def _carrier(code: str) -> str:
    return letters(code) if code.isalpha() else " ".join(N.ONES[int(c)] if c.isdigit() else c for c in code)


def _flight_number(n: str) -> str:
    """After its carrier's code a flight's number of three or four digits is said digit by
    digit, a nought "oh", as every held-out writer accepts ("A.C. eight five seven", set 43
    only so; "K.Q. one oh one"); "MH17" "M.H. seventeen"."""
    return N.model_number(n) if len(n) < 3 else N.digits(n).replace("zero", "oh")


# A high-school district and its class: "Region 3-5A" "Region three five A" (set 31).
_DISTRICT_CLASS = re.compile(r"\b(?P<w>Region|District) (?P<n>\d{1,2})-(?P<c>\d)A\b")
# An American aircraft's registration, its N and then each figure and letter: "registered
# N29961" "N two nine nine six one" (set 71); not a mask ("FDA-registered N95
# respirators") nor an amount ("registered N500 million", the naira).
_TAIL = re.compile(r"(?:(?<=[^\w-]registered )|(?<=[^\w-]registered as )|(?<=\btail number )|(?<=egistration ))"
                   r"N(?P<n>\d{3,5}|\d{1,2}(?=[A-Z]))(?P<b>[A-Z]{0,2})\b(?![.,]\d| (?:million|billion|trillion|bn)\b)")
# A number that names a batch, a lot or an account, digit by digit: "batch number 2304" (set 77).
_NAMING_NUMBER = re.compile(r"(?P<cue>\b(?:batch|lot|serial|account|policy|tracking|order) number )(?P<n>\d{3,12})"
                            r"(?![\w,.-]?\d)")
# A vehicle's registration: "registration NRT123" "N.R.T. one two three".
_PLATE = re.compile(r"(?P<cue>\b(?:registration|rego|number plate|licence plate|license plate) )"
                    r"(?P<a>[A-Z]{1,3})(?P<n>\d{1,4})(?P<b>[A-Z]{0,3})\b")


def _planning(m: re.Match) -> str:
    year, serial = m["n"].split("/")
    said = N.year(int(year)) if len(year) == 4 else N.cardinal(int(year))
    code = f"{letters(m['code'][:-1])} slash " if m["code"] else ""
    return f"{m['cue']} {code}{said} slash {phone_group(serial)}"


# A number quoted to the police or a court: "quoting log 1234", "reference 50/123", "incident
# number 456", "quoting incident 2417 of 12 May" (set 42), "file number 250614/1234" (set 51).
# Its parts may be joined by slashes, a letter before: "crime reference 4524/0311/24",
# "crime reference 24/118734" (a force's year, then the serial),
# "case No. E1452/2024" "case number E. one four five two slash twenty twenty-four",
# a force's letters first: "reference CR/2024/118".
_REFERENCE = re.compile(r"\b(?P<cue>(?i:quoting|log|ref\.|reference|(?:incident|crime|case|file) (?:number|no\.))"
                        r"(?:\s+(?i:log|reference|number|no\.|incident(?: number)?))?)\s+(?P<code>[A-Z]{2,4}/(?=\d))?"
                        r"(?P<letter>[A-Z](?=\d{3}))?"
                        r"(?P<n>(?:\d{3,}|\d{2}(?=/))(?:/\d{2,8})*)(?![\w,.]?\d|/\w)")
# An American court's docket: "case No. 24-CR-1187" "case number two four C.R. one one eight
# seven", the filing year's two figures, the court's letters, the serial digit by digit.
_DOCKET = re.compile(r"\b(?P<cue>(?i:case (?:number|no\.)))\s+(?P<y>\d{2})-(?P<l>[A-Z]{2,3})-(?P<n>\d{3,6})\b(?!-)")

# A vulnerability's identifier: "CVE-2025-31877" "C.V.E. twenty twenty-five three one eight
# seven seven", its year as a year and its serial digit by digit.
_CVE = re.compile(r"\bCVE-(?P<year>\d{4})-(?P<n>\d{4,7})\b")
# A disaster declaration's number, major (DR), emergency (EM) or fire (FM): "FEMA-4699-DR"
# "FEMA forty-six ninety-nine D.R." (the letters are left to the acronyms).
_CODE = re.compile(r"\b(?P<a>[A-Z]{2,5})-(?P<n>\d{3,4})-(?P<b>DR|EM|FM)\b(?!-)")
# A road called by its number alone, as Ontario and California say them: "the 401
# eastbound", "the 405 freeway" "the four oh five".
_ROAD = re.compile(r"(?<=\b[Tt]he )(?P<n>\d{2,3})(?= (?:east|west|north|south)bound\b"
                   r"| (?:freeway|expressway|motorway|interchange|off-ramp|on-ramp)\b)")
# ... or, in a sentence about roads, between others: "closed between the 101 and Sunset
# Boulevard" "the one oh one" (not "the 101 and 102 were"; a count has its noun after it).
_ROAD_ALONE = re.compile(r"(?P<pre>\b(?i:between|onto|off|from|via|and|to|take|took|shut down|close|closes|closed|closing) the )"
                         r"(?P<n>\d{2,3})(?=[,.;]|"
                         r" (?:and|or|to|at|near|on|between) (?:the |[A-Z])| overnight\b)")
_ROADS = re.compile(r"\b(?:I-\d|Interstate|[Ff]reeway|Boulevard|Blvd|Highway|Hwy|(?:north|south|east|west)bound|Caltrans)")
# A U.S. highway, in a sentence about roads: "U.S. 101" "U.S. one oh one" (set 26); not
# "U.S. 155 howitzers", a count.
_US_ROUTE = re.compile(r"(?<![\w.])(?P<us>U\.S\.|US) (?P<n>[1-9]\d{2})(?![\d,.]\d|[\w%-])(?P<next> [a-z]+)?")
_ROAD_TALK = re.compile(r"(?i)\b(?:highway|freeway|road|stretch|lanes?|traffic|exits?|mph|\w+bound|route|"
                        r"interchange|mile marker|speed limit|closure|detour|motorists|drivers)\b")

# Indian Railways names a train by its five-digit number: "the 12951 Mumbai Rajdhani Express".
_TRAIN_NAMES = r"(?:Express|Mail|Superfast|Shatabdi|Rajdhani|Duronto|Vande Bharat|Special)\b"
_NAMED_TRAIN = re.compile(rf"(?<![\w.,])\d{{5}}(?= (?:[A-Z][a-z]+[ -]){{1,5}}{_TRAIN_NAMES})")
# ... or after its name, in brackets: "the Vande Bharat Express (20901)".
_TRAIN_THEN_NUMBER = re.compile(rf"({_TRAIN_NAMES} \()(\d{{5}})(?=\))")


@when_any("light ", "light,", "rain ", "Acela ", "-DR", "-EM", "-FM", "ZIP", "zip", "ostal", "quoting", "og ", "ef.", "eference", "number ", "No. ", "CVE-",
          "bound", "way", "interchange", "I-", "Interstate", "Boulevard", "Blvd", "Hwy", "ramp", "Express", "Mail", "Superfast", "Shatabdi",
          "Rajdhani", "Duronto", "Vande Bharat", "Special", "U.S. ", "US ", "Caltrans", "Region ", "District ", "Rescue ", "pplication", "DA ", "egistration",
          "rego ", "plate ", "registered N", "registered as N", "tail number", "KM", "Km", "streetcar", " bus", " tram")
def identifiers(text: str) -> str:
    """"flight 6E 2134" "flight six E two one three four", "train no. 12951" "train
    number one two nine five one", "the 90210 zip code" "the nine zero two one zero zip
    code", "quoting log 1234" "quoting log one two three four"."""
    text = _SERVICE.sub(_service, text)
    text = _ZIP.sub(lambda m: N.digits(m.group()), text)

    text = _ZIPS.sub(lambda m: re.sub(r"\d{5}", lambda z: N.digits(z.group()), m.group()), text)
    text = _CVE.sub(lambda m: f"C.V.E. {N.year(int(m['year']))} {N.digits(m['n'])}", text)
    text = _CODE.sub(lambda m: f"{m['a']} {N.model_number(m['n'])} {m['b']}", text)
    text = _ROAD.sub(lambda m: N.model_number(m["n"]), text)
    if ("US" in text or "U.S." in text) and _ROAD_TALK.search(text):
        text = _US_ROUTE.sub(_us_route, text)
    if _ROADS.search(text):
        text = _ROAD_ALONE.sub(lambda m: m["pre"] + N.model_number(m["n"]), text)
    text = _NAMED_TRAIN.sub(lambda m: N.digits(m.group()), text)
    text = _TRAIN_THEN_NUMBER.sub(lambda m: m[1] + N.digits(m[2]), text)
    text = _DOCKET.sub(lambda m: f"{m['cue'][:4]} number {N.digits(m['y'])} {letters(m['l'])} {N.digits(m['n'])}", text)
    text = _PLANNING.sub(_planning, text)
    # A rescue service's call sign or number: "Rescue 118" "one one eight" (set 36),
    # Pakistan's "Rescue 1122" "eleven twenty-two" (set 40).
    text = re.sub(r"\b(Rescue) (\d{3,4})\b",
                  lambda m: f"{m[1]} {N.digits(m[2]) if len(m[2]) == 3 else N.model_number(m[2])}", text)
    # A streetcar or bus route named by its number: "the 504 King streetcar" "five oh four" (set 66).
    text = re.sub(r"(?<=\b[Tt]he )\d{3}(?= [A-Z][a-z]+ (?:streetcar|bus|tram)\b)", lambda m: N.model_number(m.group()), text)
    # A highway's kilometre post: "at KM302 near Tapah" "at kilometer three hundred and two" (set 50).
    text = re.sub(r"(?<![\w.])K[Mm] ?(\d{1,4})\b(?![\w.,]\d)", lambda m: f"kilometer {N.number(m[1])}", text)
    text = _DISTRICT_CLASS.sub(lambda m: f"{m['w']} {N.cardinal(int(m['n']))} {N.cardinal(int(m['c']))} A", text)
    if "flight" in text.lower():
        text = _FLIGHT_CODE.sub(lambda m: f"{_carrier(m['code'])} {_flight_number(m['n'])}", text)
        text = _FLIGHT_GLUED.sub(lambda m: f"{m['what']} {_carrier(m['code'])} {_flight_number(m['n'])}", text)
    text = _NAMING_NUMBER.sub(lambda m: m["cue"] + N.digits(m["n"]), text)
    text = _TAIL.sub(lambda m: " ".join(x for x in ("N", N.digits(m["n"]), m["b"] and letters(m["b"])) if x), text)
    text = _PLATE.sub(lambda m: m["cue"] + " ".join(
        x for x in (letters(m["a"]), N.digits(m["n"]), m["b"] and letters(m["b"])) if x), text)
    return _REFERENCE.sub(_reference, text)


# A British motorway's junction: "between J16 and J19" "junction sixteen", "J4a" "junction
# four A"; only where the sentence is about a motorway ("M6", "A1(M)"), so that a "J1 visa"
# or the "J2 League" stays as written.
_JUNCTION = re.compile(r"(?<![\w.-])J(?P<n>\d{1,2})(?P<letter>[a-z])?\b(?!-)")
# (A trunk road has junctions too: "The A14 is closed between J31 and J32", set 52.)
_MOTORWAY = re.compile(r"\b(?:M\d{1,3}\b|A\d{1,4}(?:\(M\)|\b(?=.*\bbetween J\d))|(?:[Mm]otorway|carriageway|slip road)\b)")


@when(r"\bJ\d")
def motorway_junctions(text: str) -> str:
    """"J16" "junction sixteen" in a sentence about a motorway."""
    if not _MOTORWAY.search(text):
        return text
    return _JUNCTION.sub(
        lambda m: f"junction {N.cardinal(int(m['n']))}{' ' + m['letter'].upper() if m['letter'] else ''}", text)


# A runway is named by its heading in tens of degrees (1 to 36) and, where runways run side
# by side, a letter said as the side: "Runway 4L" "Runway four left", "runways 9L and 9R";
# any other letter ("Runway 4B") is no side and stays a letter.
_SIDE = r"(?<![\w.])(?:0?[1-9]|[12]\d|3[0-6])[LRC]\b(?!-)"
_RUNWAYS = re.compile(rf"\b[Rr]unways?\s+{_SIDE}(?:(?:,\s+|,?\s+and\s+|,?\s+or\s+){_SIDE})*")


@when(r"[Rr]unways?\s+\d")
def runways(text: str) -> str:
    """"Runway 27R" "Runway twenty-seven right", "Runway 4C" "Runway four center" (or
    "centre" outside America)."""
    return _RUNWAYS.sub(lambda m: re.sub(_SIDE, _side, m.group()), text)


def _side(m: re.Match) -> str:
    number, letter = m.group()[:-1], m.group()[-1]
    said = N.digits(number) if number.startswith("0") else N.cardinal(int(number))
    centre = "centre" if region() and not american() else "center"
    return f"{said} {dict(L='left', R='right', C=centre)[letter]}"


def _us_route(m: re.Match) -> str:
    after = (m["next"] or "")[1:]
    if after in COUNT_NOUNS or (after.endswith("s") and after not in ("was", "has", "is", "as", "this")):
        return m.group()
    return f"{m['us']} {N.model_number(m['n'])}{m['next'] or ''}"


def _reference(m: re.Match) -> str:
    """Each part digit by digit, but a year closing it ("/2024") said as a year."""
    parts = m["n"].split("/")
    said = [N.year(int(p)) if i and len(p) == 4 and re.fullmatch(YEAR, p) else N.digits(p)
            for i, p in enumerate(parts)]
    cue = re.sub(r"(?i)\bno\.$", "number", m["cue"])
    code = f"{letters(m['code'][:-1])} slash " if m["code"] else ""  # "CR/2024/118"
    return f"{cue} {code}{letters(m['letter']) + ' ' if m['letter'] else ''}{' slash '.join(said)}"


def _service(m: re.Match) -> str:
    after = (m["next"] or "").strip()
    railway = m.string.endswith(("Rail ", "Amtrak ", "GO "), 0, m.start())  # "Via Rail train 655" (set 58)
    if after in COUNT_NOUNS or not (m["no"] or m["code"] or railway or m["what"] in ("flight", "Flight", "Acela")):
        return m.group()  # "a flight 300 passengers took"
    number = _flight_number(m["n"]) if m["code"] and m["what"].lower() == "flight" else \
        N.digits(m["n"]) if len(m["n"]) == 5 else N.model_number(m["n"])
    return f"{m['what']}{' number' if m['no'] else ''}{m['code'] or ''} {number}{m['next'] or ''}"
