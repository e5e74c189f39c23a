"""Unit tests of the mixer with synthetic clips (the end-to-end tests use real engines)."""

import numpy as np
import pytest

from audio_article.audio.loudness import (CEILING_DBTP, TARGET_LUFS, integrated_loudness,
                                          true_peak_dbtp)
from audio_article.audio.mix import chapters, cues, layout, render, to_ms
from audio_article.errors import AudioError
from audio_article.models import ChapterMark, Script, Segment

RATE = 44100


def make(lengths, pauses, chapter_starts, scale=8000):
    segments, clips, chapter = [], [], -1
    for i, (n, pause) in enumerate(zip(lengths, pauses)):
        if i in chapter_starts:
            chapter += 1
        segments.append(Segment(f"s{i}", "body", f"Sentence {i}.", f"Sentence {i}.", int(pause), chapter))
        clips.append((np.sin(np.arange(n) * 0.05) * scale).astype(np.int16))
    marks = tuple(ChapterMark(f"Chapter {k}", s) for k, s in enumerate(chapter_starts))
    return Script("T", tuple(segments), marks, "test"), clips


def mix(script, clips):
    out = []
    plan = layout(script, [len(c) for c in clips], RATE)
    render(script, plan, lambda i: clips[i], out.append)
    return plan, np.concatenate(out)


def test_sample_exact_positions():
    script, clips = make([1000, 2205, 441], [10, 0, 250], [0, 2])
    plan, pcm = mix(script, clips)
    assert plan.starts == (0, 1000 + 441, 1441 + 2205)
    assert plan.ends == (1000, 1441 + 2205, 3646 + 441)
    assert plan.sample_count == 4087 + 250 * 44.1 == len(pcm)
    got = chapters(script, plan)
    assert [(c.start_ms, c.end_ms) for c in got] == [
        (0, to_ms(3646, RATE)), (to_ms(3646, RATE), to_ms(plan.sample_count, RATE))]
    # The pause after the first clip is silent, the clips are not.
    assert not pcm[1000:1441].any() and pcm[1441:1441 + 2205].any()


def test_chapters_are_contiguous_and_end_at_duration():
    rng = np.random.default_rng(1)
    script, clips = make(rng.integers(100, 30000, 40), rng.integers(0, 900, 40), [0, 5, 17, 30])
    plan, pcm = mix(script, clips)
    got = chapters(script, plan)
    assert got[0].start_ms == 0
    assert all(a.end_ms == b.start_ms for a, b in zip(got, got[1:]))
    assert got[-1].end_ms == len(pcm) * 1000 // RATE
    timed = cues(script, plan)
    assert all(c.start_ms < c.end_ms for c in timed)
    assert all(a.end_ms <= b.start_ms for a, b in zip(timed, timed[1:]))


def test_programme_meets_loudness_and_true_peak():
    script, clips = make([44100, 30000, 60000], [300, 300, 0], [0])
    clips[1] = (clips[1] // 20).astype(np.int16)  # a quiet clip is brought up
    _plan, pcm = mix(script, clips)
    samples = pcm.astype(np.float32) / 32768
    assert integrated_loudness(samples, RATE) == pytest.approx(TARGET_LUFS, abs=0.5)
    assert true_peak_dbtp(samples) <= CEILING_DBTP + 0.05
    # Every clip sits at one level as the programme hears it: between pauses (a gating
    # block of silence on either side).
    pause = np.zeros(int(0.4 * RATE), np.float32)

    def heard(clip):
        return integrated_loudness(np.concatenate([pause, clip, pause]), RATE)
    quiet = samples[44100 + 13230:44100 + 13230 + 30000]
    loud = samples[:44100]
    assert heard(quiet) == pytest.approx(heard(loud), abs=0.1)
    # (These pauses are shorter than a block, so the programme is louder than its clips
    # and they are all moved by the same offset to bring it to the target.)
    assert heard(quiet) == pytest.approx(TARGET_LUFS, abs=0.5)


def test_mismatched_clips_are_rejected():
    script, clips = make([100, 100], [0, 0], [0])
    with pytest.raises(AudioError):
        layout(script, [100], RATE)
    plan = layout(script, [100, 100], RATE)
    with pytest.raises(AudioError, match="expected 100"):
        render(script, plan, lambda i: clips[i][:50], lambda _pcm: None)


def test_silence_is_an_error():
    script, _ = make([100], [0], [0])
    plan = layout(script, [100], RATE)
    with pytest.raises(AudioError, match="silent"):
        render(script, plan, lambda i: np.zeros(100, np.int16), lambda _pcm: None)
