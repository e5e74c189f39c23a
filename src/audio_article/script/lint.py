"""A pronunciation preflight (``audio-article lint``): what the lexicon and the normalizer
do not cover, with context, so an editor can add lexicon entries before rendering.

Reported, once per token with a count and its first context:

- ``name``: a capitalised word that neither the lexicon nor an English pronouncing
  dictionary knows (the engine guesses these from spelling);
- ``acronym``: capitals the normalizer does not know, with the reading it guesses
  ("PAS" -> "P.A.S."); the lexicon can say them as a word instead;
- ``numeral``: Roman numerals outside "World War II" or "Charles III" (read as letters),
  digits still in the spoken form; ``symbol``: symbols still in the spoken form.

The dictionary is the US English lexicon shipped with hibari (misaki's gold and silver
word lists, about 180,000 words). Without it, every capitalised word not in the tables
below would be reported, so lint says so rather than pretend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Article, Caption, Quote
from . import tables as T
from .dictionary import dictionary
from .lexicon import MARKED_WORD, Lexicon
from .normalize import normalize, roman_value
from .sentences import split_sentences

# Capitals said as letters that a listener knows that way; not worth a lint line.
KNOWN_LETTERS = frozenset("""
AI AFP AP BBC CIA CNN EU FBI G7 GDP IMF MP MPs NGO NGOs PM TV UK UN US USA USSR UAE WHO
OSCE IAEA SBU CEO CEOs EV EVs ID IDs PR DC
""".split())
_WORD = re.compile(r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*")
_LEFT_OVER = re.compile(r"\d[\d,.]*|[^\w\s.,;:!?'\"()\[\]/…-]")


@dataclass(frozen=True)
class Finding:
    kind: str
    token: str
    count: int
    context: str
    note: str = ""


def lint(article: Article, lexicon: Lexicon) -> list[Finding]:
    """Findings in the order their tokens first appear."""
    found: dict[tuple[str, str], list] = {}
    for sentence in _sentences(article):
        for kind, token, note in _sentence_findings(sentence, lexicon):
            entry = found.setdefault((kind, token), [0, _context(sentence, token), note])
            entry[0] += 1
    return [Finding(kind, token, n, context, note) for (kind, token), (n, context, note) in found.items()]


def format_findings(findings: list[Finding]) -> str:
    width = max((len(f.token) for f in findings), default=0)
    lines = []
    for f in findings:
        note = f" [{f.note}]" if f.note else ""
        lines.append(f"{f.kind:<8} {f.token:<{width}} {f.count:>3}x{note}  {f.context}")
    return "\n".join(lines) + ("\n" if lines else "")


def _sentences(article: Article):
    yield from split_sentences(article.title)
    for name in article.authors:
        yield name
    for section in article.sections:
        if section.heading:
            yield section.heading
        for block in section.blocks:
            yield from split_sentences(block.text)
            extra = block.credit if isinstance(block, Caption) else \
                block.attribution if isinstance(block, Quote) else None
            if extra:
                yield extra


def _sentence_findings(sentence: str, lexicon: Lexicon):
    covered = [(h.start, h.start + len(h.written)) for h in lexicon.hits(sentence)]
    spoken = MARKED_WORD.sub(" ", normalize(sentence, lexicon))
    for match in _WORD.finditer(sentence):
        if any(a <= match.start() < b for a, b in covered):
            continue
        for part in match.group().split("-"):
            word = re.sub(r"['’]s?$", "", part)
            kind = _unknown(word, lexicon, spoken)
            if kind:
                yield kind, word, _acronym_reading(word) if kind in ("acronym", "numeral") else ""
    for match in _LEFT_OVER.finditer(spoken):
        token = match.group()
        yield ("numeral" if token[0].isdigit() else "symbol"), token, "left as written"


def _unknown(word: str, lexicon: Lexicon, spoken: str) -> str | None:
    if len(word) < 2 or word in lexicon or not word[0].isupper():
        return None
    if word.isupper():
        if word in T.WORD_ACRONYMS or word in KNOWN_LETTERS or word in T.NOT_ACRONYMS:
            return None
        if len(word) > 1 and roman_value(word) is not None:
            # A numeral the normalizer did not read as a number is spelled as letters.
            return "numeral" if ".".join(word) + "." in spoken else None
        return "acronym" if len(word) <= 5 else None  # longer capitals are shouted words
    if _known_word(word):
        return None
    return "name"


# Words of the normalizer's tables: known, whatever the dictionary says.
_TABLE_WORDS = frozenset({
    *T.MONTHS, *T.REGNAL_NAMES, *T.COMMON_CAPITALISED, *T.MODEL_PREFIXES,
    *(t.rstrip(".") for t in (*T.TITLES, *T.TRAILING, *T.MONTH_ABBREVIATIONS))})


def _known_word(word: str) -> bool:
    words = dictionary()
    candidates = {word, word.lower(), word[:-1] if word.endswith("s") else word,
                  word[:-1].lower() if word.endswith("s") else word.lower()}
    return any(c in words or c in _TABLE_WORDS for c in candidates)


def _acronym_reading(word: str) -> str:
    return "read as " + normalize(word)


def _context(sentence: str, token: str, width: int = 40) -> str:
    at = sentence.find(token)
    start, end = max(0, at - width), min(len(sentence), at + len(token) + width)
    return ("…" if start else "") + sentence[start:end] + ("…" if end < len(sentence) else "")
