"""A synthesis worker killed with SIGKILL mid-article (by the kernel's OOM killer, say):
the segment is retried once on a fresh worker, and a second kill fails the run with one
line naming the sentence. The faulty test engine kills its own process on a marker word."""

from __future__ import annotations

import pytest

from test_faults import SENTENCES, assert_failed_cleanly, faulty, narrate  # noqa: F401


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_worker_killed_once_is_replaced_and_the_segment_retried(faulty, jobs):  # noqa: F811
    tmp_path, profile, env = faulty
    result, _s, out, _c = narrate(tmp_path, profile, env,
                                  f"{SENTENCES} This one is fault-sigkill once only.", jobs)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "faults/faults.mp3").is_file()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_worker_killed_twice_fails_naming_the_sentence(faulty, jobs):  # noqa: F811
    tmp_path, profile, env = faulty
    result, seconds, out, cache = narrate(tmp_path, profile, env,
                                          f"{SENTENCES} This one is fault-sigkill always.", jobs)
    assert_failed_cleanly(result, out, cache, "crashed its worker",
                          "This one is fault-sigkill always.", "twice")
    assert seconds < 60


TRACKER_FROM_A_THREAD = """
import os, signal, threading, time
from multiprocessing import resource_tracker
from audio_article.speech import workers

def start():
    pool = workers.new_pool(1)
    pool.submit(abs, -1).result(timeout=60)
    workers.stop(pool)

thread = threading.Thread(target=start)
thread.start()
thread.join()
pid = resource_tracker._resource_tracker._pid
os.kill(pid, signal.SIGHUP)
time.sleep(0.5)
# Our child: dead of the hang-up it would be a zombie, which os.kill(pid, 0) still finds.
done, _status = os.waitpid(pid, os.WNOHANG)
print("alive" if done == 0 else "dead")
"""


def test_the_resource_tracker_outlives_a_hang_up_whichever_thread_starts_it():
    """A listen render starts its pool from its own thread: the tracker it starts must
    not die of a closed terminal's SIGHUP either (its successor printed tracebacks)."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", TRACKER_FROM_A_THREAD], capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.strip() == "alive", run.stderr[-2000:]
