"""What batch and watch remember between runs, per article source: the script's hash,
the episode folder (slug) and feed guid it keeps, and the HTTP validators of its page.

One JSON file, ``OUT/.batch-state.json`` (hidden, so ``serve`` never shows it), rewritten
atomically under the feed-style lock after every finished article: a batch killed at any
moment loses at most the article it was rendering, and two batches sharing a folder never
drop each other's entries.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from ..capped import load_json
from ..errors import AudioArticleError
from ..publish.store import exclusive, read_bytes, remove_stale_temps, write_atomic

STATE_NAME = ".batch-state.json"
FORMAT = "audio-article/batch-state"


@dataclass(frozen=True)
class Entry:
    source: str
    script_sha256: str
    slug: str
    guid: str
    narrated: str  # ISO time of the last rendering
    title: str = ""
    corrected: str | None = None  # ISO date of the last correction
    etag: str | None = None
    last_modified: str | None = None


class State:
    def __init__(self, out_dir: Path) -> None:
        self.path = Path(out_dir) / STATE_NAME
        self.entries: dict[str, Entry] = self._read()

    def _read(self) -> dict[str, Entry]:
        data = read_bytes(self.path, "batch state")
        if data is None:
            return {}
        try:
            doc = load_json(data, str(self.path), AudioArticleError)
            if doc.get("format") != FORMAT:
                raise ValueError("not a batch state file")
            return {e["source"]: Entry(**e) for e in doc["articles"]}
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise AudioArticleError(f"{self.path}: unreadable batch state ({exc}); move it "
                                    "away to start afresh") from None

    def get(self, source: str) -> Entry | None:
        return self.entries.get(source)

    def slugs_of_others(self, source: str) -> frozenset[str]:
        return frozenset(e.slug for s, e in self.entries.items() if s != source)

    def put(self, entry: Entry) -> None:
        """Record ``entry``, merged with what other processes wrote meanwhile."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with exclusive(self.path):
            remove_stale_temps(self.path)
            self.entries = {**self._read(), entry.source: entry}
            doc = {"format": FORMAT, "articles": [dataclasses.asdict(e)
                                                  for e in self.entries.values()]}
            write_atomic(self.path, (json.dumps(doc, indent=1, ensure_ascii=False)
                                     + "\n").encode("utf-8"))

    def update(self, source: str, **changes) -> None:
        entry = self.get(source)
        if entry is not None:
            self.put(dataclasses.replace(entry, **changes))
