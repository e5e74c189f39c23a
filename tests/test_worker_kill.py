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
