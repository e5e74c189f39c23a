"""Word error rate with the project's own normalization on both sides.

The reference (what the transcript says) and the hypothesis (what the recogniser heard)
both go through ``script.normalize`` first, so "Feb. 24" and "February 24th", "3 million"
and "three million" compare equal; then case, punctuation and hyphens are dropped. What is
left to differ is what a listener would hear differently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..script.normalize import normalize

# Spellings a recogniser may choose that sound the same (tiny.en writes British forms).
_SAME_SOUND = {"centre": "center", "centres": "centers", "theatre": "theater",
               "defence": "defense", "okay": "ok",
               "programme": "program", "programmes": "programs", "labour": "labor",
               "neighbouring": "neighboring", "organisation": "organization"}
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


# Transliteration variants that sound alike: "Kyiv"/"Kiev", "Kherson"/"Cherson",
# "Evgeniy"/"Evgeny", "Volodymyr"/"Vladimir" differ in letters, not in sound; so do the
# English spellings of one vowel a recogniser picks for a name ("Earpin" for "Irpin",
# "Bakhmoot" for "Bakhmut").
_SOUND_RULES = [(re.compile(a), b) for a, b in (
    (r"kh|ch|ck|q|c(?=[aou])|c$|k", "k"), (r"ph", "f"), (r"w", "v"), (r"c(?=[eiy])", "s"),
    (r"[yj]", "i"), (r"ee|ea|ie", "i"), (r"oo|ou", "u"), (r"ts|tz", "z"), (r"x", "ks"),
    (r"(.)\1+", r"\1"))]
NAME_TOLERANCE = 0.3  # edits per letter under which a name counts as heard
# A name must also begin with the same kind of sound: listeners recognise a word from its
# onset, and without this "persona" passed for Kherson (2 edits in 7 letters). Any vowel
# begins like any other (Irpin/Earpin, Evgeniy/Yevgeny); k, h and g are one kind, the
# spellings of Ukrainian х and г (Kharkiv/Harkiv, Horlivka/Gorlovka).
_ONSETS = {**dict.fromkeys("aeiou", "vowel"), **dict.fromkeys("khg", "k")}


@dataclass(frozen=True)
class Word:
    """One reference or hypothesis word: as it reads (case kept) and as it compares.
    A reference name (capitalised) also matches a word that sounds alike. ``spelled``:
    how the recogniser wrote it where that differs from ``key`` (two names heard as one
    word, see _joined_names), for the letter-by-letter count."""

    shown: str
    key: str
    spelled: str = ""

    @property
    def is_name(self) -> bool:
        return self.shown[:1].isupper()

    def heard_as(self, other: "Word") -> bool:
        if self.key == other.key:
            return True
        return self.is_name and sounds_alike(self.key, other.key)


def sound_key(word: str) -> str:
    """A rough sound skeleton: accents off, transliteration variants merged."""
    plain = unicodedata.normalize("NFKD", word.lower())
    key = "".join(ch for ch in plain if ch.isalpha())
    for pattern, replacement in _SOUND_RULES:
        key = pattern.sub(replacement, key)
    return key


def sounds_alike(a: str, b: str) -> bool:
    """Whether two spellings of a name are near enough that a listener heard the name:
    their sound keys begin alike (_ONSETS) and their edit distance is under
    NAME_TOLERANCE per letter."""
    ka, kb = sound_key(a), sound_key(b)
    return bool(ka and kb) and _onset(ka) == _onset(kb) and \
        _distance(ka, kb) <= NAME_TOLERANCE * max(len(ka), len(kb))


def _onset(key: str) -> str:
    return _ONSETS.get(key[0], key[0])


def _distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


@dataclass(frozen=True)
class Alignment:
    """A minimum edit alignment: pairs of (reference word, hypothesis word); None where
    a word was inserted (no reference) or deleted (no hypothesis)."""

    pairs: tuple[tuple[Word | None, Word | None], ...]

    @property
    def errors(self) -> int:
        return sum(1 for r, h in self.pairs if r is None or h is None or not r.heard_as(h))

    @property
    def strict_errors(self) -> int:
        """Errors counting every spelling difference, names included."""
        return sum(1 for r, h in self.pairs
                   if r is None or h is None or r.key != (h.spelled or h.key))

    @property
    def reference_words(self) -> int:
        return sum(1 for r, _ in self.pairs if r is not None)


def words(text: str) -> list[Word]:
    """The comparable words of a text: normalized (numbers as words), hyphens and
    apostrophes of possessives kept apart, case and punctuation dropped."""
    spoken = normalize(text).replace("-", " ").replace("’", "'")
    # "two hundred and five" (British) and "two hundred five" are the same number.
    spoken = _NUMBER_AND.sub(r"\1 ", spoken)
    found = []
    for token in _TOKEN.findall(spoken):
        key = token.lower()
        found.append(Word(token, _SAME_SOUND.get(key, key)))
    return found


_NUMBER_AND = re.compile(r"(?i)\b(hundred|thousand|million|billion|trillion)\s+and\s+"
                         r"(?=(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                         r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|"
                         r"thirty|forty|fifty|sixty|seventy|eighty|ninety)\b)")


def align(reference: list[Word], hypothesis: list[Word]) -> Alignment:
    """Levenshtein alignment over words (substitution, deletion, insertion cost 1), after
    compounds are written the reference's way (rejoin)."""
    hypothesis = rejoin(reference, hypothesis)
    n, m = len(reference), len(hypothesis)
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        cost[i][0] = i
    for j in range(m + 1):
        cost[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            same = reference[i - 1].heard_as(hypothesis[j - 1])
            cost[i][j] = min(cost[i - 1][j - 1] + (not same), cost[i - 1][j] + 1,
                             cost[i][j - 1] + 1)
    return Alignment(tuple(reversed(_trace(cost, reference, hypothesis))))


def rejoin(reference: list[Word], hypothesis: list[Word]) -> list[Word]:
    """The hypothesis with compounds written as the reference writes them: "air strike"
    heard for "airstrike" is one word, "airstrike" heard for "air strike" two; a name
    heard in two pieces ("M-stislev" for "Mstyslav") is one word. A listener hears no
    difference; the recogniser's spelling choice is not an error."""
    keys = {w.key for w in reference}
    names = [w for w in reference if w.is_name]
    pairs = {a.key + b.key: (a, b) for a, b in zip(reference, reference[1:])}
    out, j = [], 0
    while j < len(hypothesis):
        word = hypothesis[j]
        joined = _one_word(word, hypothesis[j + 1], keys, names) \
            if j + 1 < len(hypothesis) else None
        if joined:
            out.append(joined)
            j += 2
            continue
        out.extend(pairs[word.key] if word.key not in keys and word.key in pairs else
                   _joined_names(word, pairs) if word.key not in keys else (word,))
        j += 1
    return out


def _one_word(word: Word, after: Word, keys: set, names: list[Word]) -> Word | None:
    """Two heard words that are one reference word: a compound, or a name (by sound,
    counted as misspelt)."""
    joined = word.key + after.key
    if joined in keys and not (word.key in keys and after.key in keys):
        return Word(word.shown + after.shown, joined)
    if word.key in keys or after.key in keys:
        return None
    name = next((n for n in names if sounds_alike(n.key, joined)), None)
    return Word(f"{word.shown}-{after.shown}", name.key, joined) if name else None


def _joined_names(word: Word, pairs: dict) -> tuple[Word, ...]:
    """Two names heard as one word that sounds like them ("Kivoblast" for "Kyiv Oblast"):
    the recogniser heard both and wrote them together, so they count as heard, but as
    two spelling errors (the second half shows nothing); else the word as it is."""
    if word.is_name:
        for joined, (a, b) in pairs.items():
            if a.is_name and b.is_name and sounds_alike(joined, word.key):
                return Word(word.shown, a.key, word.key), Word("", b.key, word.key)
    return (word,)


def heard_between(reference: list[Word], first: int, last: int, heard: str) -> list[Word]:
    """The words of ``heard`` aligned with ``reference[first:last]``, and the words
    inserted next to them (at either edge too: an inserted word between two stretches
    counts against both, so a mishearing is never hidden by being put on a neighbour)."""
    done, found = -1, []  # done: the last reference word passed
    for ref, hyp in align(reference, words(heard)).pairs:
        if ref is not None:
            done += 1
            inside = first <= done < last
        else:
            inside = first - 1 <= done < last
        if hyp is not None and inside and hyp.shown:
            found.append(hyp)
    return found


def _trace(cost, reference, hypothesis) -> list:
    pairs, i, j = [], len(reference), len(hypothesis)
    while i or j:
        if i and j and cost[i][j] == cost[i - 1][j - 1] + (not reference[i - 1].heard_as(hypothesis[j - 1])):
            pairs.append((reference[i - 1], hypothesis[j - 1]))
            i, j = i - 1, j - 1
        elif i and cost[i][j] == cost[i - 1][j] + 1:
            pairs.append((reference[i - 1], None))
            i -= 1
        else:
            pairs.append((None, hypothesis[j - 1]))
            j -= 1
    return pairs


def wer(errors: int, reference_words: int) -> float:
    """Errors per reference word; a sentence with no words and no errors scores 0."""
    if reference_words == 0:
        return 0.0 if errors == 0 else 1.0
    return errors / reference_words
