"""The pronunciation lexicon: whole-word, case-aware respellings (and, for engines that
take them, phonemes) applied before text normalization.

``voices/lexicon.toml`` ships a default set; a user lexicon (``--lexicon FILE``, or
``lexicon.toml`` in the user's config folder) overrides it entry by entry. The format::

    [words]
    Kyiv = "Keev"                                # a respelling every engine reads
    "Donetsk Oblast" = "Doh-netsk Oblast"        # several words match as one
    [words.Lviv]
    say = "Lveev"
    hibari = "lvˈiv"                             # misaki phonemes, used by hibari only

Case-aware: an entry written with capitals matches that spelling only ("PAS" never
matches "pas"); an all-lowercase entry also matches its capitalised form at a sentence
start ("hryvnia", "Hryvnia"). A plural "s" and a possessive "'s" after a word are kept.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Mapping

from ..capped import SETTINGS_BYTES, load_toml, read_capped
from ..errors import ConfigError


VERSION = "1"
FILENAME = "lexicon.toml"
# How an engine takes inline phonemes. hibari reads misaki's markdown-link syntax
# ([word](/phonemes/)). eSpeak's [[...]] input would need the espeakPHONEMES synth flag,
# which pyttsx3's driver does not pass, so pyttsx3 gets the respelling.
PHONEME_MARKUP = {"hibari": "[{word}](/{phonemes}/)"}
# That markup in spoken text, the word captured (for counting and checking the words).
MARKED_WORD = re.compile(r"\[([^\]]+)\]\(/[^)]*/\)")
_ENTRY_KEYS = {"say", *PHONEME_MARKUP, "espeak", "note"}

Wrap = Callable[[str, str], str]


@dataclass(frozen=True)
class Entry:
    word: str
    say: str
    phonemes: tuple[tuple[str, str], ...] = ()  # (engine, phonemes)
    source: str = ""  # the file it came from, for the preview and lint

    def spoken(self, engine: str | None, suffix: str = "") -> str:
        """The respelling, or the engine's phoneme markup where it has one; ``suffix`` is
        a plural "s" or a possessive "'s" written after the word."""
        phonemes = dict(self.phonemes).get(engine or "")
        if phonemes and engine in PHONEME_MARKUP:
            return PHONEME_MARKUP[engine].format(word=self.say + suffix,
                                                 phonemes=phonemes + _suffix_sound(phonemes, suffix))
        return self.say + suffix


@dataclass(frozen=True)
class Hit:
    """One lexicon replacement in a text: what was written and what is said."""

    written: str
    said: str
    start: int


class Lexicon:
    def __init__(self, entries: Iterable[Entry] = (), sources: tuple[str, ...] = ()) -> None:
        self.entries = {e.word: e for e in entries}
        self.sources = sources
        self._pattern = _compile(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, word: str) -> bool:
        return self.lookup(word) is not None

    def lookup(self, word: str) -> Entry | None:
        """The entry a written word (or phrase) would use, by the same case rules."""
        word = " ".join(word.split())
        if word in self.entries:
            return self.entries[word]
        lowered = word[:1].lower() + word[1:]
        entry = self.entries.get(lowered)
        return entry if entry is not None and lowered == lowered.lower() else None

    @property
    def digest(self) -> str:
        """A short hash of the entries in force, for provenance: two runs with the same
        digest pronounced names the same way."""
        import hashlib

        lines = sorted(f"{e.word}\t{e.say}\t{sorted(e.phonemes)}" for e in self.entries.values())
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]

    def describe(self) -> str:
        """"27 entries, sha256:0123abcd... (lexicon.toml, names.toml)"."""
        names = ", ".join(Path(s).name for s in self.sources) or "none"
        return f"{len(self)} entries, sha256:{self.digest} ({names})"

    def merged(self, other: "Lexicon") -> "Lexicon":
        """This lexicon with ``other``'s entries added or overriding."""
        return Lexicon([*self.entries.values(), *other.entries.values()],
                       self.sources + other.sources)

    def replace(self, text: str, engine: str | None = None, wrap: Wrap | None = None) -> str:
        """Every covered word replaced by its spoken form. ``wrap(written, said)`` may
        turn the spoken form into something else (the normalizer shields it)."""
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._substitute(m, engine, wrap), text)

    def hits(self, text: str) -> list[Hit]:
        if self._pattern is None:
            return []
        found = []
        for match in self._pattern.finditer(text):
            entry = self.lookup(match.group("word"))
            if entry is not None:
                said = _case_like(match.group("word"), entry.say) + match.group("plural")
                found.append(Hit(match.group(0), said, match.start()))
        return found

    def _substitute(self, match: re.Match, engine: str | None, wrap: Wrap | None) -> str:
        entry = self.lookup(match.group("word"))
        if entry is None:  # a lowercase entry met a word with inner capitals
            return match.group(0)
        said = _case_like(match.group("word"), entry.spoken(engine, match.group("plural")))
        return wrap(match.group(0), said) if wrap else said


def _suffix_sound(phonemes: str, suffix: str) -> str:
    """The English -s ending after these phonemes: "s" after a voiceless sound, "ɪz" after
    a sibilant, "z" otherwise (Kharkiv's: kˈɑɹkɪvz)."""
    if not suffix:
        return ""
    last = phonemes.rstrip("ˈˌː")[-1:]
    if last in "szʃʒʧʤ":
        return "ɪz"
    return "s" if last in "ptkfθ" else "z"


def _case_like(written: str, said: str) -> str:
    """A lowercase entry met at a sentence start is said capitalised too."""
    return said[:1].upper() + said[1:] if written[:1].isupper() and said[:1].islower() else said


def _compile(entries: Mapping[str, Entry]) -> re.Pattern | None:
    if not entries:
        return None
    variants = set()
    for word in entries:
        variants.add(word)
        if word == word.lower():
            variants.add(word[:1].upper() + word[1:])
    # Longest first, so "Donetsk Oblast" wins over "Donetsk".
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+")
                            for w in sorted(variants, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?P<word>{alternatives})(?P<plural>s|'s|)(?![\w])")


# ---------------------------------------------------------------- loading


def parse_lexicon(text: str | bytes, source: str = "<string>") -> Lexicon:
    data = load_toml(text.encode("utf-8") if isinstance(text, str) else text,
                     f"lexicon {source}", ConfigError)
    unknown = set(data) - {"words"}
    if unknown:  # a typo ("[word]") would otherwise silently leave out every entry
        raise ConfigError(f"{source}: unknown keys {sorted(unknown)}; a lexicon holds [words]")
    words = data.get("words", {})
    if not isinstance(words, dict):
        raise ConfigError(f"{source}: [words] must be a table")
    return Lexicon([_entry(word, value, source) for word, value in words.items()], (source,))


def _entry(word: str, value, source: str) -> Entry:
    where = f"{source}: [words] {word!r}"
    if not word.strip() or word != word.strip():
        raise ConfigError(f"{where}: a word must be non-empty, without outer spaces")
    if isinstance(value, str):
        value = {"say": value}
    if not isinstance(value, dict) or not isinstance(value.get("say"), str):
        raise ConfigError(f"{where}: give a respelling, or a table with say = \"...\"")
    unknown = set(value) - _ENTRY_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)} (keys: {sorted(_ENTRY_KEYS)})")
    if not value["say"].strip():
        raise ConfigError(f"{where}: say must not be empty")
    phonemes = tuple((k, str(v)) for k, v in value.items() if k not in ("say", "note"))
    return Entry(word, value["say"].strip(), phonemes, source)


def read_lexicon(path: str | Path) -> Lexicon:
    path = Path(path)
    return parse_lexicon(read_capped(path, SETTINGS_BYTES, "lexicon", error=ConfigError),
                         str(path))


def builtin_path() -> Path | None:
    """The lexicon shipped with the package (or the checkout's voices/ folder)."""
    here = Path(__file__).resolve().parent.parent
    for folder in (here / "voices", here.parent.parent / "voices"):
        if (folder / FILENAME).is_file():
            return folder / FILENAME
    return None


def user_path() -> Path:
    config_home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config_home / "audio-article" / FILENAME


def load_lexicon(*extra: str | Path) -> Lexicon:
    """The built-in lexicon, then the user's config lexicon, then each ``extra`` file;
    later entries override earlier ones."""
    paths = [p for p in (builtin_path(), user_path()) if p and p.is_file()]
    lexicon = Lexicon()
    for path in [*paths, *map(Path, extra)]:
        lexicon = lexicon.merged(read_lexicon(path))
    return lexicon


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon a plan uses unless told otherwise (read once per process)."""
    return load_lexicon()
