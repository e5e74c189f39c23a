"""Web text: URLs, e-mail addresses, hashtags and handles, said as a listener could type them."""

from __future__ import annotations

import re

from .. import numbers as N
from .. import tables as T
from ..dictionary import is_word
from . import acronyms
from .common import letters


_TLDS = ("com|org|net|gov|edu|int|mil|info|news|vote|io|ai|co|uk|ua|eu|us|ru|de|fr|pl|tv|fm|me|"
         "app|dev|ly|ca|au|ch|nl|it|es|be|at|se|no|fi|dk|cz|sk|hu|ro|md|ge|by|kz|lt|lv|ee|jp|cn|in|"
         "ie|nz|za|sg|hk|pk|ng|ke|tw|kr|br|mx|pt|gr|tr|il|ae|gh|lk|bd|my|ph|np|tz|ug|rw|zm|zw|eg|sa|qa")
_DOMAIN = rf"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})"
_URL = re.compile(rf"(?<![\w@.])(?:https?://)?(?:www\.)?(?P<host>{_DOMAIN})(?![\w-])"
                  r"(?P<path>/[^\s\"')\]]*)?", re.I)
_EMAIL = re.compile(rf"(?<![\w.])(?P<user>[\w.+-]+)@(?P<host>{_DOMAIN})(?![\w-])", re.I)
_PATH_SEGMENT = re.compile(r"^(?:[a-z][a-z-]{0,24}|\d{1,4})$")


_MAYBE_ADDRESS = re.compile(r"[A-Za-z0-9]\.[A-Za-z]|@")


def urls_and_emails(text: str) -> str:
    if not _MAYBE_ADDRESS.search(text):  # most sentences: cheaper than the rules below
        return text
    text = _EMAIL.sub(lambda m: f"{_spell_user(m['user'])} at {_spell_host(m['host'], m.string)}", text)
    return _URL.sub(_url, text)


def _url(match: re.Match) -> str:
    spoken = _spell_host(match["host"], match.string)
    path = (match["path"] or "").rstrip(".,;:!?")
    trail = (match["path"] or "")[len(path):]
    segments = [s for s in path.split("?")[0].split("#")[0].split("/") if s]
    # A listener can follow "kyivindependent dot com slash news", not an article slug.
    if segments and len(segments) <= 2 and all(_PATH_SEGMENT.match(s) for s in segments):
        spoken += "".join(f" slash {_segment(s)}" for s in segments)
    return spoken + trail


def _segment(segment: str) -> str:
    """A path's part as typed: "311" "three one one", "account-safety" "account safety",
    "accountsafety" "account safety"."""
    if segment.isdigit():
        return N.digits(segment)
    if segment.isalpha() and len(segment) <= 4 and not is_word(segment):
        return letters(segment.upper())  # "nps.gov/grca" "slash G.R.C.A." (set 35)
    return _two_words(segment) if segment.isalpha() else segment.replace("-", " ")


def _spell_host(host: str, sentence: str) -> str:
    # "DisasterAssistance.gov" "disaster assistance dot gov": a name written in CamelCase
    # is read as its words.
    labels = host.split(".")
    spelled = _spelled_in(sentence) | _initials(labels)
    return " dot ".join(_spell_name(label, labels[-1].lower(), spelled) for label in labels)


def _initials(labels: list[str]) -> frozenset[str]:
    """Labels before the last that are initials: three letters that are no word ("irs.gov",
    "hse.ie", "abc.net.au"; not "gov" or "edu"), a state's code on a government site
    ("energy.ny.gov" "energy dot N.Y. dot gov", set 74)."""
    tld = labels[-1].lower()
    return frozenset(label for label in map(str.lower, labels[:-1])
                     if len(label) == 3 and label.isalpha() and label not in _SAID_LABELS and not is_word(label)
                     or tld in ("gov", "us") and len(label) == 2 and label.upper() in T.POSTAL_STATES)


_SAID_LABELS = frozenset("gov edu int".split())
# A site named by its company's initials that are more than letters: "att.com" (set 28).
_NAMED_LABELS = {"att": "A.T. and T."}


def _spelled_in(sentence: str) -> frozenset[str]:
    """What the sentence writes as an acronym said as its letters, in small letters: a
    site named by it is said so too ("CAO applications ... at cao.ie" "C.A.O. dot I.E.",
    "The FBI ... tips.fbi.gov"), as a listener knows it from the same sentence; not
    capitals said as a word ("vote.org or by texting VOTE to 22422")."""
    return frozenset(m["word"].lower() for m in acronyms.CAPITALS.finditer(sentence)
                     if acronyms.said_as_letters(m))


def _spell_name(label: str, country: str, spelled: frozenset[str]) -> str:
    """A label said; "sgtransit.gov.sg" "S.G. transit", "nzherald.co.nz" "N.Z. herald": a
    site named after its country's code, the code glued before a word that names a
    service (not "canada.ca", "auspost.com.au": a name that merely begins so)."""
    if country in T.SPELLED_DOMAIN_LABELS and label.lower().startswith(country) and \
            label[2:].lower() in _SERVICES:
        return f"{letters(country.upper())} {_spell_label(_words_of(label[2:]), spelled)}"
    return _spell_label(_words_of(label), spelled)


# What a public site after its country's code is named for ("nzpost", "sgtransit").
_SERVICES = frozenset("""bank bus courts customs health herald immigration jobs mail news
parliament police post power radio rail sport stats tax times tourism trade transit
transport tv visa water weather""".split())


def _words_of(label: str) -> str:
    """A label's words where it is written in CamelCase of whole words (not "McDonalds"),
    unless together they are one word: "HealthCare.gov" "healthcare dot gov" (set 20)."""
    words = _CAMEL.sub(" ", label).split()
    whole = len(words) > 1 and min(map(len, words)) >= 3 and not is_word(label.lower())
    return " ".join(words).lower() if whole else label.lower()


def _spell_label(label: str, spelled: frozenset[str]) -> str:
    if label in _NAMED_LABELS:
        return _NAMED_LABELS[label]
    if label.isdigit():  # "111.nhs.uk" "one one one dot N.H.S.": typed digit by digit
        return N.digits(label)
    if label in T.SPELLED_DOMAIN_LABELS or label in spelled or _unsayable(label):
        return letters(label.upper())
    return _THE_NAME.sub("the ", label).replace("-", " dash ")


def _unsayable(label: str) -> bool:
    """A short label with no vowel is said as its letters ("bbc", "nyc.gov"), unless "y"
    makes it a word ("sky", "fly") or it is two letters with a "y" ("bit.ly", as said)."""
    return len(label) <= 4 and not re.search("[aeiou]", label) and \
        ("y" not in label or len(label) > 2 and not is_word(label))


# "theguardian", "thehill", "theatlantic": a site named with its article, said "the guardian";
# not a word that begins with "the" ("theatre", "therapy", "thesis", "them").
_THE_NAME = re.compile(r"^the(?!at(?:re|er)|ft|ir|mes?\b|ology|or|rap|re|rm|sis|se\b|[ymn]\b|e\b)"
                       r"(?=[a-z]{3})")


def _spell_user(user: str) -> str:
    return " dot ".join(part.replace("_", " underscore ") for part in user.split("."))


_HASHTAG = re.compile(r"(?<![\w&#])#(?P<tag>[A-Za-z][A-Za-z0-9]*)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")


_HANDLE = re.compile(r"(?<![\w@.])@(?P<handle>[A-Za-z][A-Za-z0-9_]*)")


def hashtags(text: str) -> str:
    """"#StandWithUkraine" "hashtag Stand With Ukraine": the words of a CamelCase tag, which
    the lexicon and the passes then read as words ("#COVID19" "hashtag Covid nineteen");
    a handle the same way, "@NWSLosAngeles" "at NWS Los Angeles" ("@bbc_news" "at bbc
    underscore news", as it is typed)."""
    if "#" in text:
        text = _HASHTAG.sub(_hashtag, text)
    return _HANDLE.sub(_handle, text) if "@" in text else text


def _hashtag(m: re.Match) -> str:
    """"hashtag" is said once: "the hashtag #SaveTheMill" "the hashtag Save The Mill"."""
    said = "" if re.search(r"(?i)\bhashtag\s+$", m.string[:m.start()]) else "hashtag "
    return said + _CAMEL.sub(" ", m["tag"])


def _handle(m: re.Match) -> str:
    """A handle in one word ("@POTUS", "@elonmusk") is left to the symbols' "at"; two
    words run together are said as two ("@metoffice" "at met office", set 28)."""
    words = " underscore ".join(_CAMEL.sub(" ", part) for part in m["handle"].split("_"))
    words = _two_words(words) if words.isalpha() and words.islower() else words
    return m.group() if " " not in words else "at " + words


def _two_words(run: str) -> str:
    """"metoffice" "met office": where the run is no word and splits into two that are,
    each of three letters or more (the split with the longer short part); else the run."""
    if len(run) < 6 or is_word(run):
        return run
    splits = [(min(i, len(run) - i), i) for i in range(3, len(run) - 2)
              if is_word(run[:i]) and is_word(run[i:])]
    if not splits:
        return run
    at = max(splits)[1]
    return f"{run[:at]} {run[at:]}"
