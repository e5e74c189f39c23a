"""Characters and spacing: what every pass may rely on, and the tidy text the engine gets."""

from __future__ import annotations

import re

from .. import numbers as N
from .common import when


_CHARACTERS = str.maketrans({
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\u200b": "",
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "′": "'",
    "−": "-", "‐": "-", "‑": "-", "\u00ad": "",
    "\uff0c": ", ",  # a full-width comma outside a number is a comma
})


# Private-use characters mark the lexicon's shielded words (normalize's shield); one in
# the input would be taken for a mark, and no engine can say one. "[T]he", "{sic}": an
# editor's brackets are dropped before any rule reads the words inside.
_DROPPED = re.compile("[\uE000-\uF8FF\\[\\]{}]")
# A run of digits longer than any quantity is read digit by digit before any rule sees
# it (int() refuses strings of more than 4,300 digits, and nobody says such a number).
_DIGIT_RUN = re.compile(r"\d{40,}")


# "250 000", "5 000": a no-break, narrow no-break, thin or figure space between groups of
# three digits; "1，000，000", "1٬000٬000": the full-width comma of East Asian copy and the
# Arabic thousands separator are the comma every later rule reads.
_DIGIT_GROUP = re.compile("(?<=\\d)[\u00a0\u2009\u202f\u2007](?=\\d{3}(?!\\d))")
_GROUP_COMMA = re.compile("(?<=\\d)[\uff0c\u066c](?=\\d{3}(?!\\d))")


def clean(text: str) -> str:
    # Straight quotes and apostrophes: "Russia’s" is then one word to every G2P.
    text = _DIGIT_GROUP.sub("", text)
    if "\uff0c" in text or "\u066c" in text:
        text = _GROUP_COMMA.sub(",", text)
    text = _DROPPED.sub("", text.translate(_CHARACTERS))
    text = _DIGIT_RUN.sub(lambda m: f" {N.digits(m.group())} ", text)
    return " ".join(text.split())


@when(r"\.\.\.|…")
def ellipses(text: str) -> str:
    text = re.sub(r'(^|["(\[])\s*(?:\.\.\.|…)\s*', r"\1", text)  # a quote taken mid-sentence
    text = re.sub(r"\s*(?:\.\.\.|…)\s*(?=[\"')\]]?$)", ".", text)  # trailing off
    return re.sub(r"\s*(?:\.\.\.|…)\s*", ", ", text)


def tidy(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r",(?:\s*,)+", ",", text)
    text = re.sub(r",\s*([.;:!?])", r"\1", text)
    text = re.sub(r'^\s*,\s*', "", text)
    text = re.sub(r'(^|\s)"\s*,\s*', r'\1"', text)  # an aside that opened a quote
    text = re.sub(r'(?<=\w)"(?=\w)', '" ', text)
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r",\s*$", "", text)
    return text.strip()
