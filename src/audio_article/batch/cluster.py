"""Running articles as tasks on a Dask distributed cluster: an existing scheduler
(``--scheduler tcp://HOST:8786``) or a LocalCluster of N worker processes (``--workers N``).

Dask schedules; we only submit one task per article and collect the outcomes as they
finish. Needs the ``dask`` extra: ``pip install 'audio-article[dask]'``.

Why non-daemon workers: Dask starts each worker as a daemonic process by default, and a
daemonic process may not have children ("daemonic processes are not allowed to have
children"), while narration voices sentences in a synthesis process pool
(speech/workers.py). A LocalCluster is started with ``distributed.worker.daemon=False``
(the Nanny reads it when it starts the worker process); on a cluster of your own, start
the workers with ``DASK_DISTRIBUTED__WORKER__DAEMON=False dask worker tcp://HOST:8786``.
Each worker has one thread, so it renders one article at a time with ``-j`` synthesis
processes (1 by default): the cluster, not the article, is the unit of parallelism.
"""

from __future__ import annotations

import contextlib
from typing import Callable, Iterator

from ..errors import AudioArticleError
from .article import FAILED, Outcome

CONNECT_TIMEOUT = "30s"


def _distributed():
    try:
        import dask
        import distributed
    except ImportError:
        raise AudioArticleError("--scheduler and --workers need Dask: "
                                "pip install 'audio-article[dask]'") from None
    return dask, distributed


@contextlib.contextmanager
def client(scheduler: str | None, workers: int | None) -> Iterator:
    """A Dask client of ``scheduler``, or of a LocalCluster of ``workers`` processes
    that lives as long as the block."""
    dask, distributed = _distributed()
    if scheduler:
        try:
            with distributed.Client(scheduler, timeout=CONNECT_TIMEOUT) as connected:
                yield connected
        except OSError as exc:
            raise AudioArticleError(f"cannot reach the Dask scheduler {scheduler}: "
                                    f"{exc}") from None
        return
    with dask.config.set({"distributed.worker.daemon": False,
                          "distributed.logging.distributed": "error"}):
        with distributed.LocalCluster(n_workers=workers, threads_per_worker=1,
                                      processes=True, dashboard_address=None) as cluster, \
                distributed.Client(cluster) as local:
            yield local


def run_on_cluster(jobs: list[tuple], task: Callable[..., Outcome], scheduler: str | None,
                   workers: int | None) -> Iterator[Outcome]:
    """``task(*job)`` for every job on the cluster, yielded as each finishes. A task whose
    worker died is a failed Outcome, like any other failure."""
    _dask, distributed = _distributed()
    with client(scheduler, workers) as dask_client:
        futures = {dask_client.submit(task, *job, pure=False): job[0] for job in jobs}
        for future in distributed.as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker, a pickling error
                yield Outcome(futures[future], FAILED,
                              reason=f"Dask task failed: {type(exc).__name__}: {exc}")
