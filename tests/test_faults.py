"""Engines that crash, hang, fail or return nothing: retried once, then a clear error
naming the segment; a time bound per segment; nothing half-written left behind."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.fixture()
def faulty(tmp_path):
    """A site folder holding the faulty engine and a dist-info whose entry point
    registers it, as a real plugin package would."""
    site = tmp_path / "site"
    dist = site / "faulty_engine-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: faulty-engine\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[audio_article.engines]\nfaulty = faulty_engine:FaultyEngine\n")
    (site / "faulty_engine.py").write_text((HERE / "engines/faulty_engine.py").read_text())
    profile = tmp_path / "faulty.toml"
    profile.write_text('name = "faulty"\n[defaults]\nengine = "faulty"\nvoice = "any"\n')
    state = tmp_path / "state"
    state.mkdir()
    # The site folder before any PYTHONPATH already set (a checkout's src/ must stay first).
    path = os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))
    env = dict(os.environ, PYTHONPATH=path, FAULTY_STATE_DIR=str(state),
               AUDIO_ARTICLE_SEGMENT_TIMEOUT="5")
    return tmp_path, profile, env


def narrate(tmp_path, profile, env, body, jobs="2"):
    source = tmp_path / "story.txt"
    source.write_text(f"Title: Faults\n\n{body}\n")
    out, cache = tmp_path / "out", tmp_path / "cache"
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "audio_article", "narrate", str(source),
                             "--voice", str(profile), "-o", str(out), "--cache-dir", str(cache),
                             "-j", jobs], capture_output=True, text=True, env=env, timeout=120)
    return result, time.monotonic() - start, out, cache


def assert_failed_cleanly(result, out, cache, *phrases):
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: ")
    for phrase in phrases:
        assert phrase in last
    assert not out.exists()  # not even an empty output folder is left behind
    assert not list(cache.rglob(".tmp-*"))


SENTENCES = "The first sentence is fine here. The second one is fine too."


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_working_fake_engine_narrates(faulty, jobs):
    tmp_path, profile, env = faulty
    result, _s, out, _c = narrate(tmp_path, profile, env, SENTENCES, jobs)
    assert result.returncode == 0, result.stderr
    assert (out / "faults/faults.mp3").is_file()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_empty_audio_names_the_segment(faulty, jobs):
    tmp_path, profile, env = faulty
    result, _s, out, cache = narrate(tmp_path, profile, env, f"{SENTENCES} This one is fault-empty now.", jobs)
    assert_failed_cleanly(result, out, cache, "faulty/any failed on segment", "This one is fault-empty now.",
                          "no audio")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_engine_exception_is_retried_then_reported(faulty, jobs):
    tmp_path, profile, env = faulty
    result, _s, out, cache = narrate(tmp_path, profile, env, f"{SENTENCES} This one will fault-raise.", jobs)
    assert_failed_cleanly(result, out, cache, "This one will fault-raise.", "the engine's own failure")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_transient_failure_is_retried(faulty, jobs):
    tmp_path, profile, env = faulty
    result, _s, out, _c = narrate(tmp_path, profile, env, f"{SENTENCES} This one is fault-flaky once.", jobs)
    assert result.returncode == 0, result.stderr


def test_a_crashed_worker_names_the_segment(faulty):
    tmp_path, profile, env = faulty
    result, _s, out, cache = narrate(tmp_path, profile, env, f"{SENTENCES} This one will fault-crash.")
    assert_failed_cleanly(result, out, cache, "crashed its worker", "This one will fault-crash.",
                          "twice")


def test_a_hung_engine_is_stopped_by_the_time_bound(faulty):
    tmp_path, profile, env = faulty
    result, seconds, out, cache = narrate(tmp_path, profile, env, f"{SENTENCES} This one will fault-hang.")
    assert_failed_cleanly(result, out, cache, "no segment finished within 5 s", "fault-hang")
    assert seconds < 30


def test_a_worker_that_dies_loading_its_engine_is_replaced(faulty):
    """The pool starts before the article is read; a worker that crashes while loading
    the engine, before any work came, must not fail the run."""
    tmp_path, profile, env = faulty
    env["FAULTY_ON_LOAD"] = "crash"
    result, _seconds, out, _cache = narrate(tmp_path, profile, env, "One. Two. Three.", "1")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert list(out.glob("*/*.mp3"))


def test_a_worker_that_hangs_loading_its_engine_does_not_hold_the_run(faulty):
    """With two workers, one stuck loading its engine: the other does the work, and the
    run ends (the stuck one is stopped) instead of waiting for it."""
    tmp_path, profile, env = faulty
    env["FAULTY_ON_LOAD"] = "hang"
    result, seconds, out, _cache = narrate(tmp_path, profile, env, "One. Two. Three.", "2")
    assert result.returncode == 0, result.stderr
    assert list(out.glob("*/*.mp3"))
    assert seconds < 60
