"""The typed synthesis work: plan_work, a pure function (table tests), and the pool
runner, which runs any picklable function (it knows nothing of synthesis)."""

from __future__ import annotations

import operator
import pickle

import pytest

from audio_article.config import load_profile
from audio_article.models import ChapterMark, Script, Segment
from audio_article.speech.work import PieceJob, WorkItem, plan_work, task_of
from audio_article.speech.workers import Runner, Stuck

PROFILE = load_profile("espeak")


def script(ids: list[str]) -> Script:
    segments = tuple(Segment(i, "body", f"Text {i}.", f"Text {i}.", 300, 0) for i in ids)
    return Script("T", segments, (ChapterMark("One", 0),), "espeak")


def piece(index: int) -> PieceJob:
    return PieceJob(f"p{index}", 0.0, 64)


@pytest.mark.parametrize("jobs, cached, pieces, voice, finish, skipped", [
    # Nothing cached, two workers: each segment voiced with its piece.
    (2, set(), {0: piece(0), 1: piece(1)}, [("a", "p0"), ("b", "p1")], [], 0),
    # One worker: it only voices; the pieces go to the end of its queue, last first.
    (1, set(), {0: piece(0), 1: piece(1)}, [("a", None), ("b", None)],
     [("b", "p1"), ("a", "p0")], 0),
    # A cached clip whose piece is cached too: nothing to do for it.
    (2, {"a"}, {1: piece(1)}, [("b", "p1")], [], 1),
    # A cached clip whose piece is not: its worker levels and encodes it (no voicing).
    (2, {"a"}, {0: piece(0)}, [("a", "p0"), ("b", None)], [], 0),
    # One worker, the clip cached: only its piece, from the end.
    (1, {"a"}, {0: piece(0)}, [("b", None)], [("a", "p0")], 1),
])
def test_plan_work(jobs, cached, pieces, voice, finish, skipped):
    plan = plan_work(script(["a", "b"]), PROFILE, jobs, frozenset(cached), pieces)
    shape = lambda items: [(i.task.segment_id, i.piece and i.piece.key) for i in items]
    assert shape(plan.to_voice) == voice
    assert shape(plan.to_finish) == finish
    assert plan.cached == skipped


def test_a_repeated_sentence_is_voiced_once():
    plan = plan_work(script(["a", "b", "a"]), PROFILE, 2, frozenset(), {})
    assert [i.task.segment_id for i in plan.to_voice] == ["a", "b"] and plan.cached == 1


def test_work_items_cross_processes_as_they_are():
    item = WorkItem(task_of(script(["a"]), PROFILE, 0), piece(0))
    assert pickle.loads(pickle.dumps(item)) == item
    assert item.task.settings == PROFILE.for_role("body")


def test_the_runner_runs_any_picklable_function():
    runner = Runner(operator.neg, jobs=2, timeout_s=60)
    try:
        futures = [runner.submit(n) for n in range(5)]
        done = []
        while len(done) < 5:
            done += runner.wait()
        assert sorted(done) == [(n, -n) for n in range(5)]  # each item with its result
        assert sorted(f.result() for f in futures) == [-4, -3, -2, -1, 0]
    finally:
        runner.close()


def test_the_runner_names_what_is_stuck():
    import time

    runner = Runner(time.sleep, jobs=1, timeout_s=0.5)
    try:
        runner.submit(30)
        with pytest.raises(Stuck) as stuck:
            runner.wait()
        assert stuck.value.items == [30]
    finally:
        runner.close(failed=True, patient=False)
