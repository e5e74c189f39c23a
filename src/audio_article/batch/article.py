"""One article of a batch: read and plan it, skip it when its script is unchanged, else
render it with the pipeline, keeping the slug and guid of its first narration.

``narrate_article`` is what a Dask task runs, so it takes and returns plain picklable
values and never raises: a failure is an Outcome with a one-line reason, and one bad
article never stops the others.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import multiprocessing
import time
from dataclasses import dataclass

from ..errors import AudioArticleError
from ..models import Script
from ..pipeline import NarrateOptions, Observer, SilentReporter, prepare, render
from ..package.manifest import MANIFEST
from ..publish.episode import read_episode
from ..slug import slugify
from .state import Entry

NARRATED, CORRECTED, UNCHANGED, FAILED = "narrated", "corrected", "unchanged", "failed"


@dataclass(frozen=True)
class Outcome:
    source: str
    status: str  # NARRATED, CORRECTED, UNCHANGED or FAILED
    seconds: float = 0.0
    entry: Entry | None = None  # what the state should now hold (None: failed)
    reason: str = ""  # why it failed, one line

    @property
    def ok(self) -> bool:
        return self.status != FAILED


def script_sha256(script: Script) -> str:
    """The content hash an article is compared by: its whole script (what is said, by
    which voice, with which pauses and chapters), so an edit the listener would not hear
    (a tracking parameter, a changed ad) never re-renders an episode."""
    text = json.dumps(script.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def narrate_article(source: str, options: NarrateOptions, previous: Entry | None,
                    taken: frozenset[str] = frozenset(), allow_private: bool = False,
                    observer: Observer | None = None) -> Outcome:
    """Narrate ``source`` unless its script equals ``previous``'s; ``taken``: slugs other
    sources' episodes hold, which this one must not overwrite; ``observer`` sees the
    render's units (`watch --listen` streams the newest article)."""
    start = time.monotonic()
    try:
        status, entry = _narrate(source, options, previous, taken, allow_private, observer)
    except Exception as exc:  # noqa: BLE001 - one article's failure is its outcome
        return Outcome(source, FAILED, time.monotonic() - start, reason=_one_line(exc))
    return Outcome(source, status, time.monotonic() - start, entry)


def _narrate(source: str, options: NarrateOptions, previous: Entry | None,
             taken: frozenset[str], allow_private: bool,
             observer: Observer | None = None) -> tuple[str, Entry]:
    prepared = prepare(source, options, allow_private=allow_private)
    digest = script_sha256(prepared.script)
    slug = previous.slug if previous else _free_slug(slugify(prepared.script.title), taken)
    folder = options.out_dir / slug
    if previous and previous.script_sha256 == digest and (folder / MANIFEST).is_file():
        return UNCHANGED, previous
    changed = previous is not None and previous.script_sha256 != digest
    corrected = (dt.datetime.now(dt.timezone.utc).date().isoformat() if changed
                 else previous and previous.corrected)
    _check_can_start_processes()
    render(prepared, dataclasses.replace(options, slug=slug, corrected=corrected,
                                         guid=previous.guid if previous else None),
           SilentReporter(), None, observer)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    entry = Entry(source, digest, slug, read_episode(folder).guid, now,
                  prepared.script.title, corrected,
                  *((previous.etag, previous.last_modified) if previous else (None, None)))
    return (CORRECTED if changed else NARRATED), entry


def _free_slug(slug: str, taken: frozenset[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``... when another article of the batch has it
    (two stories with the same headline must not overwrite each other)."""
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def _check_can_start_processes() -> None:
    # Synthesis runs in a process pool (speech/workers.py). A daemonic process may not
    # start children, and Dask worker processes are daemonic unless the cluster is
    # configured otherwise (batch/cluster.py does so for --workers).
    if multiprocessing.current_process().daemon:
        raise AudioArticleError(
            "this Dask worker is a daemonic process and cannot start the synthesis "
            "processes; start the workers with DASK_DISTRIBUTED__WORKER__DAEMON=False")


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if isinstance(exc, AudioArticleError):
        return text or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
