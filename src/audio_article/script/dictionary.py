"""The words an English pronouncing dictionary holds: the US English lexicon shipped with
hibari (misaki's gold and silver word lists, about 180,000 words), read from its package
data on first use without importing the engine. Empty when hibari is missing: callers
then treat every word as unknown (lint says so; the normalizer says capitals as letters)."""

from __future__ import annotations

import gzip
import importlib.util
import json
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def dictionary() -> frozenset[str]:
    """Every word the lexicon holds, as it spells them ("safe", "NASA")."""
    spec = importlib.util.find_spec("hibari")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    assets = Path(list(spec.submodule_search_locations)[0]) / "assets"
    words: set[str] = set()
    for name in ("lexicon_us_gold.json.gz", "lexicon_us_silver.json.gz"):
        try:
            with gzip.open(assets / name, "rt", encoding="utf-8") as handle:
                words.update(json.load(handle))
        except (OSError, ValueError):
            continue
    return frozenset(words)


def is_word(word: str) -> bool:
    """``word``, in small letters or as its singular ("CHIPS" "chip"), is in the dictionary."""
    words, low = dictionary(), word.lower()
    return low in words or low.endswith("s") and low[:-1] in words
