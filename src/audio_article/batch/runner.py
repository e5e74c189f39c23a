"""``batch``: narrate many articles, each at most once per change, then publish them all
in one locked feed update."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..pipeline import NarrateOptions
from .article import FAILED, Outcome, narrate_article
from .http import conditional_get
from .sources import expand
from .state import State


@dataclass(frozen=True)
class BatchOptions:
    narrate: NarrateOptions
    scheduler: str | None = None  # a Dask scheduler address
    workers: int | None = None  # a Dask LocalCluster of this many workers
    allow_private: bool = False  # fetch from private and loopback addresses (tests)

    @property
    def distributed(self) -> bool:
        return bool(self.scheduler or self.workers)


def article_sources(sources: Iterable[str], allow_private: bool = False,
                    note: Callable[[str], None] = lambda _m: None
                    ) -> tuple[list[str], list[Outcome]]:
    """SOURCES expanded: lists, feeds and sitemaps replaced by the articles they name;
    and a failed Outcome for each list, feed or named link that could not be read or
    was refused. ``note`` hears what the limits left out."""
    unreadable: dict[str, str] = {}
    articles = expand(list(sources), lambda url: conditional_get(
        url, allow_private=allow_private).data, unreadable, note)
    return articles, [Outcome(s, FAILED, reason=r) for s, r in unreadable.items()]


def run_batch(sources: list[str], options: BatchOptions,
              done: Callable[[Outcome], None] = lambda _o: None) -> list[Outcome]:
    """Narrate every article of ``sources`` (already expanded) that changed since the
    last run, recording each in the state as it finishes; ``done`` is called for each
    outcome (progress). Returns the outcomes in ``sources`` order."""
    state = State(options.narrate.out_dir)
    outcomes: dict[str, Outcome] = {}
    for outcome in _outcomes(sources, options, state):
        if outcome.entry is not None and outcome.entry != state.get(outcome.source):
            state.put(outcome.entry)
        outcomes[outcome.source] = outcome
        done(outcome)
    return [outcomes[s] for s in sources]


def _job(source: str, options: BatchOptions, state: State) -> tuple:
    return (source, options.narrate, state.get(source), state.slugs_of_others(source),
            options.allow_private)


def _outcomes(sources: list[str], options: BatchOptions, state: State) -> Iterator[Outcome]:
    if options.distributed:
        from .cluster import run_on_cluster

        # All tasks are submitted at once: two new articles with the same headline
        # running at the same time cannot see each other's slug (README).
        jobs = [_job(source, options, state) for source in sources]
        yield from run_on_cluster(jobs, narrate_article, options.scheduler, options.workers)
    else:
        for source in sources:  # the job is made when its turn comes: it sees the
            yield narrate_article(*_job(source, options, state))  # slugs taken so far


def episode_folders(outcomes: Iterable[Outcome], out_dir: Path) -> list[Path]:
    """The folders of every article that has a complete episode now."""
    return [out_dir / o.entry.slug for o in outcomes if o.ok and o.entry is not None]
