"""batch and watch: many articles, each narrated once per change, published together;
optionally as tasks on a Dask distributed cluster (batch/cluster.py).

Library use::

    from audio_article.batch import BatchOptions, article_sources, run_batch
    outcomes = run_batch(article_sources(["@stories.txt"]), BatchOptions(NarrateOptions()))
"""

from .article import Outcome, narrate_article, script_sha256
from .runner import BatchOptions, article_sources, episode_folders, run_batch
from .state import Entry, State

__all__ = ["BatchOptions", "Entry", "Outcome", "State", "article_sources",
           "episode_folders", "narrate_article", "run_batch", "script_sha256"]
