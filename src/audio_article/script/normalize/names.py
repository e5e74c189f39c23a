"""Names and titles: "Gen." and "Dr." before a name, "St.", a generation after one ("Jr",
"III"), regnal and counting Roman numerals."""

from __future__ import annotations

import re

from .. import numbers as N
from .. import tables as T
from .common import full_stop, when


_TITLE_NAMES = "|".join(re.escape(t) for t in T.TITLES)
# British and Guardian copy drops the period ("Mr Obama", "Dr Kluge", "St Paul's"): read
# only before a capitalised word of two letters or more ("Gen Z" stays) or a name's initials
# ("Dr B.R. Ambedkar", set 47; "Gen Z Britons" stays).
_BARE_TITLES = "|".join(t[:-1] for t in T.TITLES)
_BARE_TITLE = re.compile(r"(?<![\w.'-])(" + _BARE_TITLES + r"|St)\s+"
                         r"(?=[A-Z][a-z]|(?:[A-Z]\.){2,3}\s?[A-Z][a-z])")
_BRACKETED_TITLE = re.compile(rf"(?<=\()(?:{_TITLE_NAMES}|{_BARE_TITLES})(?=\)\s+[A-Z][a-z])")


@when(r"\b(?:" + "|".join(re.escape(t[:-1]) for t in T.TITLES) + r"|Ste?)\b")
def titles(text: str) -> str:
    """"Gen. Zaluzhnyi" "General Zaluzhnyi", "Mr Obama" "Mister Obama", "St. Paul" "Saint
    Paul", "Khreshchatyk St." "Khreshchatyk Street": only before a name."""
    # Also before a rank's ordinal: "Sgt. 1st Class" (read "first" by now) "Sergeant First Class".
    text = re.sub(rf"(?<![\w.])({_TITLE_NAMES})\s+(?=[A-Z][a-z]|[A-Z]\.|[A-Z]{{2}}|[\uE000-\uF8FF]"
                  r"|(?:first|second|third|[a-z]+(?:-[a-z]+)?th) [A-Z])",
                  lambda m: T.TITLES[m.group(1)] + " ", text)
    text = _BARE_TITLE.sub(lambda m: T.TITLES.get(m[1] + ".", "Saint") + " ", text)
    # A title in brackets before the name: "Chief (Dr.) Emmanuel Okafor" (set 47).
    text = _BRACKETED_TITLE.sub(lambda m: T.TITLES.get(m.group(), T.TITLES.get(m.group() + ".", m.group())), text)
    text = re.sub(r"\bRight Hon\b(?!\.)", "Right Honorable", text)  # "the Rt Hon member for ..." (set 32)
    # British police ranks: "Det Ch Insp" "Detective Chief Inspector" ("Ch" alone may be
    # a name's Chaudhry).
    text = re.sub(r"\bCh\.? (?=(?:Inspector|Superintendent|Constable|Sergeant)\b)", "Chief ", text)
    text = re.sub(r"(?<=[A-Za-z] )St\.(?= (?:North|South|East|West)\b)", "Street", text)  # "Bloor St. West" (set 54)
    text = re.sub(r"(?<![\w.-])St(e?)-(?=[A-Z][a-z])", r"Saint\1-", text)  # Quebec's "St-Laurent", "Ste-Catherine" (set 52)
    text = re.sub(r"(?<![\w.])St\.\s+(?=[A-Z])", "Saint ", text)
    return re.sub(r"(?<=\w) St\.(?=[\s,;)]|$)", lambda m: " Street" + full_stop(m), text)


# A generation after a name; British and Guardian copy drops the period ("Martin Luther
# King Jr", "Ken Griffey Jnr"). Only after a capitalised name: "Sr-90" is strontium.
_GENERATION_WORDS = {"Jr": "Junior", "Jnr": "Junior", "Sr": "Senior", "Snr": "Senior"}
_GENERATION = re.compile(r"\b(?P<name>[A-Z][a-z]+,? )(?P<gen>Jr|Jnr|Sr|Snr)\.?(?![\w'-]|\.\w)")


@when(r"\b(?:Jr|Jnr|Sr|Snr)\b")
def generations(text: str) -> str:
    """"Martin Luther King Jr" "Martin Luther King Junior", "Ken Griffey Snr." "... Senior"."""
    return _GENERATION.sub(lambda m: m["name"] + _GENERATION_WORDS[m["gen"]] + full_stop(m), text)


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


@when(r"\s[IVXLC]+\b")
def roman_numerals(text: str) -> str:
    """"World War II" "World War two"; "Charles III" "Charles the third". A single letter
    is a numeral only where a numeral is expected; see ``_single_numeral``."""
    def said(m: re.Match) -> str:
        word, numeral = m["word"], m["num"]
        value = roman_value(numeral)
        if value is None or (len(numeral) == 1 and not _single_numeral(m)) or (m["star"] and word != "Grade"):
            return m.group(0)
        if _regnal(m):
            return f"{word} the {N.ordinal(value)}"
        word = "Mark" if word == "Mk" else word  # "Spitfire Mk I" "Mark One" (set 35)
        return f"{word} {N.cardinal(value)}{' star' if m['star'] else ''}"

    text = _SIDE.sub(lambda m: _SIDES[m.group()], text) if "X" in text else text
    return _NUMERAL.sub(said, text)


# A team by its number of players: "an unchanged starting XV" "starting fifteen" (sets 76 and 78).
_SIDES = {"XI": "eleven", "XIII": "thirteen", "XV": "fifteen"}
_SIDE = re.compile(r"(?:(?<=\bstarting )|(?<=\bunchanged )|(?<=\bstrongest )|(?<=\bfull-strength ))(?:XIII|XV|XI)\b")


# A listed building's grade, with its star, before "-listed": "Grade II*-listed" "Grade two
# star listed".
_NUMERAL = re.compile(r"(?<![\w.])(?P<word>[A-Z][a-z]+)\s+(?P<num>[IVXLC]{1,7})(?P<star>\*)?"
                      r"(?=-listed\b|(?![\w-]|\.\w))")


# Before a name, these make its numeral regnal ("King Mswati III" "the third").
_ROYAL = frozenset("""
King Queen Pope Emperor Empress Tsar Czar Tsarina Sultan Prince Princess Duke Duchess Shah
Pharaoh Kaiser Emir Patriarch Archduke Saint St Count Oba Ooni Alaafin Asantehene Kabaka
Mwami Omukama Maharaja Nawab
""".split())


def _regnal(m: re.Match) -> bool:
    """A monarch's, a pope's or a person's numeral is an ordinal ("Charles III" "Charles
    the third", "King Mswati III", "John D. Rockefeller III"); a title's counts ("Grand
    Theft Auto VI" "six", "Planet Earth II" "two", "World War II")."""
    word = m["word"]
    if word in _COUNTING_NOUNS:
        return False
    # "Oba Adeyeye Ogunwusi, Ojaja II": a title, then only names up to the numeral's.
    # (A person's title so: "Rep. Jose Santos III" "Representative Jose Santos the Third", set 65.)
    names = m.string[:m.start()].split()[-4:]
    while names and names[-1][:1].isupper() and names[-1].rstrip(",") not in _TITLED:
        names.pop()
    if names and names[-1] in _TITLED:
        return True
    before = m.string[:m.start()].split()[-2:]
    return word in T.REGNAL_NAMES or any(w in _ROYAL for w in before[-1:]) or \
        (len(before) == 2 and (before[0] in T.REGNAL_NAMES or before[0] in _ROYAL)) or \
        bool(before and re.fullmatch(r"[A-Z]\.", before[-1])) or _generation(m["num"], before)


# Given names that open a full name; words that are also common words ("Will", "Mark",
# "Grant", "Frank", "Bill") are left out, so that "Will Diablo IV sell?" stays a title's.
_GIVEN_NAMES = frozenset("""
Aaron Adam Alan Albert Alexander Alfred Andrew Anthony Arthur Barry Benjamin Bernard Bobby
Brian Bruce Carl Charles Christopher Clarence Daniel David Dennis Donald Douglas Edward Edwin
Eric Eugene Francis Frederick Gary George Gerald Gordon Harold Harry Henry Herbert Howard
Isaac Jacob James Jason Jeffrey Jerry Jesse Jimmy John Johnny Jonathan Joseph Joshua Julian
Kenneth Kevin Larry Lawrence Leonard Louis Martin Matthew Michael Nathan Nathaniel Nicholas
Oliver Oscar Patrick Paul Peter Philip Ralph Raymond Richard Robert Roger Ronald Russell
Samuel Scott Stanley Stephen Steven Theodore Thomas Timothy Tommy Vernon Walter Wesley
William Willie Winston Woodrow Zachary
""".split())
# Before a surname, a civil title makes a numeral a person's too: "Senator Ellis III"
# (not "Doctor" or "Captain", which also open the titles of films).
_PERSON_TITLES = frozenset("Mister Missus Miz Senator Representative Governor Mayor Judge Justice "
                           "Councillor Reverend Secretary Ambassador Attorney".split())
_TITLED = _ROYAL | _PERSON_TITLES


def _generation(numeral: str, before: list[str]) -> bool:
    """A person's generation after a full name: "Martin Ellis III" "the third", "Martin
    Luther King III" (a given name one or two capitalised words before the numeral's
    word), "Senator Ellis IV"; II to IV, as families number their sons."""
    if numeral not in ("II", "III", "IV") or not before:
        return False
    if before[-1] in _GIVEN_NAMES or before[-1] in _PERSON_TITLES:
        return True
    return len(before) == 2 and before[0] in _GIVEN_NAMES and re.fullmatch(r"[A-Z][a-z]+", before[1]) is not None


# "I" after these is a numeral whatever follows ("after World War I ended").
_NUMBERED_BY_I = frozenset("War Phase Part Stage Chapter Volume Act Type Class Tier Round Season Protocol "
                           "Grade Division Book Episode Annex Mk".split())


def _single_numeral(m: re.Match) -> bool:
    """"V", "X" after a regnal name or a counting noun ("George V", "Class V"). "I" is
    mostly the pronoun: a numeral after the nouns above, or after a regnal name as
    ``_regnal_i`` tells ("Peter I", not "then Peter I said")."""
    word, numeral = m["word"], m["num"]
    if numeral != "I":
        return word in T.REGNAL_NAMES or word in _COUNTING_NOUNS
    return word in _NUMBERED_BY_I or (word in T.REGNAL_NAMES and _regnal_i(m))


def _regnal_i(m: re.Match) -> bool:
    """After a regnal name, "I" is its numeral before punctuation, "of" or "'s"; after a
    title or a preposition ("signed by Elizabeth I sold", "Pope Leo I"), where the name is
    no one spoken to and so the "I" no speaker; or opening a sentence before a past tense
    ("Charles I was executed"), the story of a king."""
    rest = m.string[m.end():]
    if re.match(r"(?:$|[.,;:!?)\"]|\s+of\b|'s\b)", rest):
        return True
    before = m.string[:m.start()].split()[-1:]
    if not before:
        return re.match(r"\s+(?:[a-z]+ed|was|had|became|made|took|gave|wrote|built|won|lost|fled|left|came|"
                        r"rode|sent|led|sought|fought|saw|knew|broke)\b",
                        rest) is not None
    return before[0] in _ROYAL or before[0].lower() in _NAME_AS_OBJECT


_NAME_AS_OBJECT = frozenset("by of under to from with for after before during against between since until "
                            "like than".split())
