"""Unit tests of the mixer with synthetic clips (the end-to-end tests use real engines)."""

import numpy as np
import pytest

from audio_article.audio.loudness import (CEILING_DBTP, TARGET_LUFS, integrated_loudness,
                                          true_peak_dbtp)
from audio_article.audio.mix import chapters, cues, stitch, to_ms
from audio_article.errors import AudioError
from audio_article.models import ChapterMark, Clip, Script, Segment

RATE = 44100


def make(lengths, pauses, chapter_starts):
    segments, clips, chapter = [], [], -1
    for i, (n, pause) in enumerate(zip(lengths, pauses)):
        if i in chapter_starts:
            chapter += 1
        segments.append(Segment(f"s{i}", "body", f"Sentence {i}.", f"Sentence {i}.", pause, chapter))
        tone = (np.sin(np.arange(n) * 0.05) * 8000).astype(np.int16)
        clips.append(Clip(f"s{i}", tone, RATE))
    marks = tuple(ChapterMark(f"Chapter {k}", s) for k, s in enumerate(chapter_starts))
    return Script("T", tuple(segments), marks, "test"), clips


def test_sample_exact_positions():
    script, clips = make([1000, 2205, 441], [10, 0, 250], [0, 2])
    programme = stitch(script, clips)
    assert programme.starts == (0, 1000 + 441, 1441 + 2205)
    assert programme.ends == (1000, 1441 + 2205, 3646 + 441)
    assert programme.sample_count == 4087 + 250 * 44.1
    got = chapters(script, programme)
    assert [(c.start_ms, c.end_ms) for c in got] == [(0, to_ms(3646, RATE)), (to_ms(3646, RATE), to_ms(programme.sample_count, RATE))]


def test_chapters_are_contiguous_and_end_at_duration():
    rng = np.random.default_rng(1)
    lengths = rng.integers(100, 30000, 40)
    pauses = rng.integers(0, 900, 40)
    script, clips = make(lengths, pauses, [0, 5, 17, 30])
    programme = stitch(script, clips)
    got = chapters(script, programme)
    assert got[0].start_ms == 0
    assert all(a.end_ms == b.start_ms for a, b in zip(got, got[1:]))
    assert got[-1].end_ms == programme.sample_count * 1000 // RATE
    timed = cues(script, programme)
    assert all(c.start_ms < c.end_ms for c in timed)
    assert all(a.end_ms <= b.start_ms for a, b in zip(timed, timed[1:]))


def test_programme_meets_loudness_and_true_peak():
    script, clips = make([44100, 30000, 60000], [300, 300, 0], [0])
    clips[1] = Clip("s1", (clips[1].samples // 20).astype(np.int16), RATE)  # a quiet clip
    samples = stitch(script, clips).samples().astype(np.float32) / 32768
    assert integrated_loudness(samples, RATE) == pytest.approx(TARGET_LUFS, abs=0.5)
    assert true_peak_dbtp(samples) <= CEILING_DBTP + 0.05


def test_mismatched_clips_are_rejected():
    script, clips = make([100, 100], [0, 0], [0])
    with pytest.raises(AudioError):
        stitch(script, clips[:1])
    with pytest.raises(AudioError):
        stitch(script, list(reversed(clips)))


def test_silence_is_an_error():
    script, _ = make([100], [0], [0])
    with pytest.raises(AudioError, match="silent"):
        stitch(script, [Clip("s0", np.zeros(100, np.int16), RATE)])
