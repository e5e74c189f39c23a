"""Splitting a photo credit from its caption: "(Getty Images)", "Photo: X", "Photo by X",
"Credit: X", "© X" and their common variants."""

from __future__ import annotations

import re

# A credit names people or agencies: short, capitalised words, joined by "/", "&", ",",
# "for", "via". "(missiles)", "(PAS)" or "(2022)" are not credits.
_NAME_WORD = r"(?:[A-Z][\w'’.\-]*|[A-Z]{2,}|de|van|von|der|la|le|da|di|for|via|and|&)"
_CREDIT = rf"{_NAME_WORD}(?:[ /,]+{_NAME_WORD}){{0,7}}"
_PAREN = re.compile(rf"\(\s*(?P<credit>(?:(?:Photo|Image|Credit|Photograph)s?(?: by)?:?\s*)?{_CREDIT})\s*\)\s*$")
_LABELLED = re.compile(
    r"(?:^|\s)(?:Photo|Photograph|Image|Picture|Credit|Photo credit|Illustration)s?"
    r"(?:\s+by|\s*:)\s+(?P<credit>[^.:]{2,80}?)\s*\.?$", re.I)
_LABELLED_START = re.compile(
    r"^(?:Photo|Photograph|Image|Credit)s?(?:\s+by|\s*:)\s+(?P<credit>[^.:]{2,80}?)\s*[.:]\s+(?P<text>.+)$",
    re.I | re.S)
_COPYRIGHT = re.compile(r"(?:^|\s)(?:©|\(c\)|Copyright)\s*(?P<credit>[^.©]{2,80}?)\s*\.?$", re.I)
_LABEL_PREFIX = re.compile(r"^(?:Photo|Image|Credit|Photograph)s?(?: by)?:?\s*", re.I)
_ACRONYM_ONLY = re.compile(r"^[A-Z]{2,5}$")
_AGENCIES = {"AP", "AFP", "EPA", "UPI", "PA"}


def split_credit(text: str) -> tuple[str, str | None]:
    """``(caption, credit)``; credit is None when the text carries none."""
    text = " ".join(text.split())
    for pattern in (_PAREN, _LABELLED, _COPYRIGHT):
        match = pattern.search(text)
        if match and _plausible(match.group("credit"), labelled=pattern is not _PAREN):
            credit = _LABEL_PREFIX.sub("", match.group("credit")).strip(" .,;")
            return text[:match.start()].strip(), credit
    match = _LABELLED_START.match(text)
    if match and _plausible(match.group("credit"), labelled=True):
        return match.group("text").strip(), match.group("credit").strip(" .,;")
    return text, None


def _plausible(credit: str, labelled: bool) -> bool:
    explicit = labelled or bool(_LABEL_PREFIX.match(credit))
    credit = _LABEL_PREFIX.sub("", credit).strip(" .,;")
    if not credit or len(credit) > 80 or any(ch.isdigit() for ch in credit):
        return False
    # A lone short acronym in bare parentheses is usually an abbreviation ("(PAS)",
    # "(NATO)"), unless it is a known photo agency; "Photo: NASA" is explicit.
    return explicit or not _ACRONYM_ONLY.match(credit) or credit in _AGENCIES
