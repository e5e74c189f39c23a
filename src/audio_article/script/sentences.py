"""Split text into sentences: transcript cues and cache keys are per sentence."""

from __future__ import annotations

import re

# A period after these does not end a sentence ("Feb. 24", "Gen. Smith", "U.S. forces").
ABBREVIATIONS = frozenset("""
jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr prof gen lt col sgt capt
maj adm gov sen rep st vs jr sr inc co corp ltd mt ft approx dept est e.g i.e rt hon
calif colo conn fla ill kan mass mich minn neb nev okla tenn wash wis wyo ala ariz ark
insp det amb supt atty cmdr brig pvt cpl rev fr
""".split())
# ... and these only before a number ("Nos. 3 and 4", "ext. 204", "pp. 12"): "I said no."
# ends a sentence.
BEFORE_NUMBERS = frozenset("no nos ext pp fig vol art sec ch para apt".split())

# A web address ends a sentence like a word ("visit 111.nhs.uk. Then"): small letters, its
# last label a top-level domain of two letters or more, unlike "e.g" or "U.S".
_HOST = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}")
_BOUNDARY = re.compile(r"""[.!?…]+["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9])""")
_CLAUSE = re.compile(r"(?<=[,;:—])\s+")
_WORD_REACH = 100
MAX_WORDS = 40
MIN_WORDS = 3


def split_sentences(text: str) -> list[str]:
    text = " ".join(text.split())
    out, start = [], 0
    for match in _BOUNDARY.finditer(text):
        if _is_abbreviation(text, match.start()):
            continue
        out.append(text[start:match.end()].strip())
        start = match.end()
    out.append(text[start:].strip())
    return _split_long(_merge_short([s for s in out if s]))


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    # The word before the dot, looked for in the few characters before it: searching the
    # whole text before every dot made "Dr. Dr. Dr. ..." quadratic (an outside tester).
    word = re.search(r"([\w.]+)$", text[max(0, dot - _WORD_REACH):dot])
    if not word or _HOST.fullmatch(word.group(1)):
        return False
    token = word.group(1).lower()
    if token in BEFORE_NUMBERS:
        return re.match(r"\.\s+\d", text[dot:]) is not None
    # "U.S." and single initials ("G.") are abbreviations; "U.S." at a sentence end is
    # rare in news and cheaper to get wrong than a split inside a name.
    return token in ABBREVIATIONS or len(token) == 1 or "." in token


def _merge_short(sentences: list[str]) -> list[str]:
    """Glue fragments of fewer than MIN_WORDS words to the sentence before them."""
    out: list[str] = []
    for sentence in sentences:
        if out and len(sentence.split()) < MIN_WORDS:
            out[-1] = f"{out[-1]} {sentence}"
        else:
            out.append(sentence)
    if len(out) > 1 and len(out[0].split()) < MIN_WORDS:
        out[1] = f"{out[0]} {out[1]}"
        del out[0]
    return out


def _split_long(sentences: list[str]) -> list[str]:
    """Cut sentences over MAX_WORDS words at clause punctuation."""
    out = []
    for sentence in sentences:
        if len(sentence.split()) <= MAX_WORDS:
            out.append(sentence)
            continue
        current = ""
        for part in _CLAUSE.split(sentence):
            if current and len((current + " " + part).split()) > MAX_WORDS:
                out.append(current)
                current = part
            else:
                current = f"{current} {part}".strip()
        out.append(current)
    return out
