import numpy as np
import pytest

from audio_article.audio.loudness import (integrated_loudness, limit_true_peak,
                                          match_loudness, true_peak_dbtp)

RATE = 44100


def noise(seconds, scale=0.1, seed=0):
    return (np.random.default_rng(seed).standard_normal(int(RATE * seconds)) * scale).astype(np.float32)


@pytest.mark.parametrize("scale", [0.001, 0.05, 0.3])
def test_match_loudness_hits_target(scale):
    out = match_loudness(noise(3, scale), RATE, target=-19.0)
    assert integrated_loudness(out, RATE) == pytest.approx(-19.0, abs=0.05)


def test_too_short_or_silent_is_left_alone():
    short = noise(0.2)
    assert match_loudness(short, RATE) is short
    assert integrated_loudness(np.zeros(RATE, np.float32), RATE) == float("-inf")


def test_limiter_caps_true_peak_and_leaves_the_rest():
    x = noise(4, 0.05)
    x[RATE:RATE + 300] *= 20  # a burst far over the ceiling
    y = limit_true_peak(x, RATE, ceiling_dbtp=-2.0)
    assert true_peak_dbtp(x) > 0
    assert true_peak_dbtp(y) <= -2.0 + 0.05
    untouched = slice(2 * RATE, 4 * RATE)
    assert np.array_equal(y[untouched], x[untouched])
    # Gain moves in ramps, not steps: under 1 % change per sample.
    index = np.flatnonzero(np.abs(x) > 0.01)
    gain = y[index].astype(np.float64) / x[index]
    assert gain.min() < 0.5
    assert np.max(np.abs(np.diff(gain)) / np.diff(index)) < 0.01


def test_limiter_passes_quiet_audio_unchanged():
    x = noise(1, 0.01)
    assert limit_true_peak(x, RATE) is x


@pytest.mark.parametrize("seconds, chunk", [(1.0, 999), (7.3, 44100), (3.0, 100_000)])
def test_streaming_meter_matches_pyloudnorm(seconds, chunk):
    import pyloudnorm
    from audio_article.audio.loudness import LoudnessMeter
    x = noise(seconds, 0.1, seed=3)
    x[: len(x) // 3] *= 0.05  # quiet stretch: the relative gate matters
    meter = LoudnessMeter(RATE)
    for start in range(0, len(x), chunk):
        meter.feed(x[start:start + chunk])
    reference = pyloudnorm.Meter(RATE).integrated_loudness(x.astype(np.float64))
    assert meter.integrated() == pytest.approx(reference, abs=0.05)
