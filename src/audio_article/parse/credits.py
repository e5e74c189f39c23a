"""Splitting a photo credit from its caption.

The forms: a trailing "(Getty Images)"; "Photo: X", "Photo by X", "Photograph: X",
"Image: X", "Video by X", "Credit: X" at the end of the caption or at its start; "© X" at the end.
A credit must look like a name or an agency, so "(missiles)", "(PAS)", "(2022)" or
"(left)" stay part of the text.
"""

from __future__ import annotations

import re

_LABEL = (r"(?:Photo credit|Photo(?:graph)?s?|Images?|Pictures?|Credits?|Illustration|"
          r"Video)")
_PAREN_END = re.compile(r"\(\s*(?P<credit>[^()]+?)\s*\)\s*$")
_BY_OR_COLON = r"(?:\s+by\s+|\s*:\s*)"
_LABELLED_END = re.compile(
    rf"(?:^|(?<=[\s.,;|]))(?P<label>{_LABEL}){_BY_OR_COLON}(?P<credit>[^:()]+?)\s*\.?$", re.I)
_LABELLED_START = re.compile(
    rf"^(?P<label>{_LABEL}){_BY_OR_COLON}(?P<credit>[^.:()|]+?)\s*(?:[.:|]|\s[-–—])\s+"
    r"(?P<text>.+)$", re.I)
# "© 2022 Getty Images": the year is dropped.
_COPYRIGHT_END = re.compile(
    r"(?:©|\(c\)|\bCopyright\b)\s*(?:\d{4}\s*)?(?P<credit>[^©:()]+?)\s*\.?$")
# A label inside parentheses: "(Photo: Reuters)", "(Photo by Jane Doe/AP)".
_INNER_LABEL = re.compile(rf"^{_LABEL}{_BY_OR_COLON}", re.I)
_WORD_SPLIT = re.compile(r"[\s/,&+;]+")
# Lower-case words that belong inside names and agency credits.
_CONNECTORS = frozenset("""
de del della der den van von la le da di du dos das al el bin ibn y of the for via and
""".split())
# A lone acronym in bare parentheses is usually an abbreviation ("(PAS)", "(NATO)"),
# unless it is a photo agency.
_AGENCIES = frozenset("AP AFP EPA UPI PA DPA AAP ANP ANSA EFE TASS".split())
_TRAILING_SEPARATORS = " |–—-,;:"


def split_credit(text: str) -> tuple[str, str | None]:
    """``(caption, credit)``; the credit is None (and the text unchanged but for
    whitespace) when the text carries none."""
    text = " ".join(text.split())
    for find in (_paren_end, _labelled_end, _copyright_end, _labelled_start):
        found = find(text)
        if found is not None:
            return found
    return text, None


def credit_only(text: str) -> bool:
    """A caption that is only a credit: "Jane Doe/AP", "Devindra Hardawar / Engadget"
    (names on both sides of a slash, the photographer's and the agency's)."""
    head, slash, tail = " ".join(text.split()).partition("/")
    return bool(slash) and all(_name_like(part, strict=False) for part in (head, tail))


def _paren_end(text: str) -> tuple[str, str] | None:
    match = _PAREN_END.search(text)
    if not match:
        return None
    credit = match.group("credit")
    explicit = _INNER_LABEL.match(credit)
    if explicit:
        credit = credit[explicit.end():]
    if not _name_like(credit, strict=not explicit):
        return None
    return _caption(text[:match.start()]), credit.strip(" .")


def _labelled_end(text: str) -> tuple[str, str] | None:
    # Labels must be capitalised: "she showed a photo by Jane Doe" is prose, not a credit.
    match = _LABELLED_END.search(text)
    if not match or not match.group("label")[0].isupper():
        return None
    if not _name_like(match.group("credit"), strict=False):
        return None
    return _caption(text[:match.start()]), match.group("credit").strip(" .")


def _copyright_end(text: str) -> tuple[str, str] | None:
    match = _COPYRIGHT_END.search(text)
    if not match or not _name_like(match.group("credit"), strict=False):
        return None
    return _caption(text[:match.start()]), match.group("credit").strip(" .")


def _labelled_start(text: str) -> tuple[str, str] | None:
    match = _LABELLED_START.match(text)
    if not match or not match.group("label")[0].isupper():
        return None
    if not _name_like(match.group("credit"), strict=False):
        return None
    return match.group("text").strip(), match.group("credit").strip(" .")


def _caption(text: str) -> str:
    return text.rstrip(_TRAILING_SEPARATORS)


def _name_like(credit: str, strict: bool) -> bool:
    """Capitalised words (and name particles), no digits, at most eight words. ``strict``
    (bare parentheses, no "Photo:" label) also refuses a lone non-agency acronym."""
    credit = credit.strip(" .")
    words = [w for w in _WORD_SPLIT.split(credit) if w]
    if not words or len(words) > 8 or len(credit) > 80 or any(c.isdigit() for c in credit):
        return False
    if not all(_capitalised(w) or w.lower() in _CONNECTORS for w in words):
        return False
    if not _capitalised(words[0]) and not _capitalised(words[-1]):
        return False
    lone_acronym = len(words) == 1 and words[0].isupper() and words[0] not in _AGENCIES
    return not (strict and lone_acronym)


def _capitalised(word: str) -> bool:
    # "McGrath", "O'Neil", "J." count; a single letter ("(L)", "(R)") does not.
    return word[0].isupper() and len(word.rstrip(".")) + word.endswith(".") >= 2
