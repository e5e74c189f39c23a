"""Scales abbreviated after a number with no currency: "1.5bn hryvnias", "5 mln tonnes",
"3m people" (a million, where "a 3m wall" is metres), "an audience of 1.1m"."""

from __future__ import annotations

import re

from .. import numbers as N
from .. import tables as T
from .common import COUNT_NOUNS, NUM, when

# A unit after the scale ("1.2 mln bpd"), but not one that is also a word or a scale's "m".
_AFTER_SCALE = "|".join(map(re.escape, sorted(T.SPACED_UNITS - T.AMBIGUOUS_UNITS, key=len, reverse=True)))
# A scale abbreviated after a number with no currency: "1.5bn hryvnias", "5 mln tonnes",
# and "m" for a million before what is counted ("3m people"; "a 3m wall" is meters).
_SCALED = re.compile(rf"(?<![\w.,])(?P<a>{NUM})(?:(?P<s>bn|bln|mn|mln|tn|trn)|\s(?P<spaced>bn|bln|mn|mln))\b"
                     rf"(?:\s(?P<unit>{_AFTER_SCALE})\b)?"
                     rf"|(?<![\w.,])(?P<m>{NUM})\s?m\s(?P<more>(?:more|fewer|new|extra|additional|other) )?"
                     r"(?P<noun>[a-z]+)\b")
# What a sentence counts ("7.4m in September": lists, cases, jobs), and what it measures.
_COUNTED = frozenset("""lists cases patients jobs claims applications appointments referrals migrants
sales members customers customer subscribers users households homes shares people workers downloads passengers tourists votes
voters unemployment jobless output""".split())
MILLIONS_OF = COUNT_NOUNS | _COUNTED | frozenset("""
bpd barrels users doses viewers subscribers visitors households animals trees birds vaccinations
tests signatures followers copies downloads attendances admissions visits journeys trips calls
prescriptions operations pupils listeners streams views parcels meals adults pensioners borrowers
savers renters homeowners taxpayers drivers commuters travellers travelers shoppers consumers
investors shareholders smokers players fans owners holders citizens units accounts mortgages
records items products devices phones cars tickets bottles masks vaccines years
""".split())
# ... and what is counted, before what the count makes: "the airport's 32m passenger cap",
# "a 5m user base" (set 45).
_COUNTED_BEFORE_A_NOUN = frozenset("""passenger visitor user subscriber viewer customer member tourist
voter listener reader follower household job patient student pupil download stream barrel dose""".split())
# A plural that names people by its ending counts them too: "2.9m patients", "1.2m
# motorists", "3m employees", "2m civilians", "1.5m claimants" (not "segments").
_PEOPLE = re.compile(r"[a-z]{3,}(?:ists|ees|ians|ants|(?<!m)ents)")


@when(r"\d\s?(?:bn|bln|mn|mln|tn|trn|m)\b")
def scales(text: str) -> str:
    def said(m: re.Match) -> str:
        if m["m"]:
            noun = m["noun"]
            attributive = noun in _COUNTED_BEFORE_A_NOUN and re.match(r" [a-z]", m.string[m.end():])
            if noun not in MILLIONS_OF and not _PEOPLE.fullmatch(noun) and not attributive and \
                    (m["more"] or noun not in T.SPACED_UNITS):
                return m.group()
            return f"{N.number(m['m'])} million {m['more'] or ''}{T.UNITS[noun][1] if noun in T.UNITS else noun}"
        unit = f" {T.UNITS[m['unit']][1]}" if m["unit"] else ""  # "1.2 mln bpd": the unit too
        return f"{N.number(m['a'])} {T.SCALE_WORDS[m['s'] or m['spaced']]}{unit}"

    text = _LAP.sub(lambda m: f"{N.number(m[1])} {'minute' if m[1] == '1' else 'minutes'} ", text)
    text = _AUDIENCE.sub(lambda m: f"{m[1]}{N.number(m[2])} million", _SCALED.sub(said, text))
    return _counted_levels(text)


# "a lap of 1m 18.792s": minutes before seconds.
_LAP = re.compile(r"(?<![\w.,])(\d{1,2})m (?=\d{1,2}(?:\.\d+)?s\b)")
# "an audience of 1.1m", "viewers peaked at 4m": a count of people, where nothing follows.
_AUDIENCE = re.compile(r"(\b(?:audiences?|viewers|viewing figures|viewership|readers|readership|attendance|"
                       r"turnout|subscribers|users|followers|visitors|population)\b(?: [a-z]+){0,3} )"
                       rf"({NUM})m\b(?![\w-])")
# "waiting lists in England fell to 7.4m in September": after a verb of change, with no
# noun after it, "m" in a sentence that counts things (lists, cases, jobs) is a million;
# one that measures ("jumped", "high", "waves") keeps its metres.
_COUNTED_LEVEL = re.compile(rf"(\b(?:(?:fell|rose|climbed|dropped|grew|jumped|increased|reached|hit|"
                            rf"soared|slumped|totalled|totaled|stood)(?: to| from| by| at)?|million to) )({NUM})m\b"
                            r"(?=[,.;:)]| (?:in|on|at|by|from|to|last|this|a|per|and|after|before|since)\b|$)")
_COUNTING, _MEASURING = (re.compile(r"(?i)\b(?:" + "|".join(words.split()) + r")\b") for words in (
    " ".join(sorted(_COUNTED)),
    r"""throw\w* vault\w* high tall long deep wide height length depth water flood\w* river\w* tide
    surge rain\w* dug dig\w* wad(?:e|ing) waves? walls? sea snow swell altitude elevation distance
    leap\w* metres? meters?"""))


def _counted_levels(text: str) -> str:
    if not _COUNTING.search(text) or _MEASURING.search(text):
        return text
    said = lambda m: f"{m[1]}{N.number(m[2])} million"  # noqa: E731
    # Twice: "rose from 6.2m to 7.4m" reads the second after the first ("million to").
    return _COUNTED_LEVEL.sub(said, _COUNTED_LEVEL.sub(said, text))
