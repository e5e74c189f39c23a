"""Loudness (ITU-R BS.1770 via pyloudnorm) and a true-peak limiter.

Targets (STANDARDS.md section 3): -19 LUFS integrated for mono (it plays as -16 LUFS on
two speakers), true peak at most -1 dBTP on the decoded MP3. MP3 encoding raises peaks,
so the limiter's ceiling leaves extra headroom below -1 dBTP.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import lfilter, resample_poly

TARGET_LUFS = -19.0
CEILING_DBTP = -2.0  # 1 dB below the -1 dBTP limit: room for the encoder's overshoot
OVERSAMPLE = 4  # BS.1770-4 Annex 2: true peak from a 4x oversampled signal
MIN_MEASURABLE_S = 0.4  # one BS.1770 gating block


class LoudnessMeter:
    """Streaming BS.1770-4 integrated loudness for mono audio.

    Feed chunks of any size; K-weighting filter state carries across chunks, and only the
    mean square of every 100 ms hop is kept (four hops make one 400 ms gating block), so
    a two-hour programme costs a few hundred kilobytes. Filter coefficients come from
    pyloudnorm's K-weighting definition for the sample rate at hand.
    """

    def __init__(self, rate: int) -> None:
        from pyloudnorm.iirfilter import IIRfilter

        stages = (IIRfilter(4.0, 1 / np.sqrt(2), 1500.0, rate, "high_shelf"),
                  IIRfilter(0.0, 0.5, 38.0, rate, "high_pass"))
        self._filters = [(f.b, f.a, np.zeros(2)) for f in stages]
        self.rate = rate
        self._hop = int(round(rate * 0.1))
        self._rest = np.zeros(0)
        self._hops: list[np.ndarray] = []

    def feed(self, samples: np.ndarray) -> None:
        weighted = np.asarray(samples, dtype=np.float64)
        for index, (b, a, state) in enumerate(self._filters):
            weighted, state = lfilter(b, a, weighted, zi=state)
            self._filters[index] = (b, a, state)
        weighted = np.concatenate([self._rest, weighted])
        whole = len(weighted) // self._hop * self._hop
        if whole:
            self._hops.append(np.mean(np.square(weighted[:whole]).reshape(-1, self._hop), axis=1))
        self._rest = weighted[whole:]

    def integrated(self) -> float:
        hops = np.concatenate(self._hops) if self._hops else np.zeros(0)
        if len(hops) < 4:
            return float("-inf")
        blocks = (hops[:-3] + hops[1:-2] + hops[2:-1] + hops[3:]) / 4
        with np.errstate(divide="ignore"):
            loudness = -0.691 + 10 * np.log10(blocks)
            gated = blocks[loudness >= -70.0]
            if not len(gated):
                return float("-inf")
            relative = -0.691 + 10 * np.log10(gated.mean()) - 10.0
            final = blocks[(loudness > relative) & (loudness >= -70.0)]
            return float(-0.691 + 10 * np.log10(final.mean()))


def integrated_loudness(samples: np.ndarray, rate: int) -> float:
    """LUFS of float samples in [-1, 1]; -inf for silence or audio under one block."""
    if len(samples) < MIN_MEASURABLE_S * rate or not np.any(samples):
        return float("-inf")
    meter = LoudnessMeter(rate)
    meter.feed(samples)
    return meter.integrated()


def true_peak_dbtp(samples: np.ndarray) -> float:
    if not np.any(samples):
        return float("-inf")
    peak = np.max(np.abs(resample_poly(np.asarray(samples, np.float64), OVERSAMPLE, 1)))
    return float(20 * np.log10(peak))


def gain_to(loudness: float, target: float = TARGET_LUFS) -> float:
    """The linear gain that brings ``loudness`` to ``target`` (1 if unmeasurable)."""
    return 10 ** ((target - loudness) / 20) if np.isfinite(loudness) else 1.0


def match_loudness(samples: np.ndarray, rate: int, target: float = TARGET_LUFS) -> np.ndarray:
    """Scale to the target loudness; audio too short to measure is left as it is."""
    loudness = integrated_loudness(samples, rate)
    if not np.isfinite(loudness):
        return samples
    return samples * np.float32(gain_to(loudness, target))


def limit_true_peak(samples: np.ndarray, rate: int, ceiling_dbtp: float = CEILING_DBTP,
                    window_ms: float = 10.0) -> np.ndarray:
    """A look-ahead limiter on the oversampled peak envelope.

    The needed gain is held at its minimum over +-window (a centred min filter), then
    averaged with a boxcar no wider than that window. Every average then only includes
    values at or below the gain needed at its centre, so no peak gets through, and the
    gain moves in ramps of about 2 x window instead of jumping (no clicks).
    """
    ceiling = 10 ** (ceiling_dbtp / 20)
    need = np.minimum(1.0, ceiling / np.maximum(_oversampled_envelope(samples), 1e-12))
    if need.min() >= 1.0:
        return samples
    half = max(1, int(rate * window_ms / 1000))
    held = minimum_filter1d(need, size=2 * half + 1, mode="nearest")
    gain = uniform_filter1d(held, size=2 * half + 1, mode="nearest")
    return samples * np.minimum(gain, need).astype(samples.dtype)


def _oversampled_envelope(samples: np.ndarray) -> np.ndarray:
    up = np.abs(resample_poly(np.asarray(samples, np.float64), OVERSAMPLE, 1))
    length = len(samples)
    up = np.pad(up, (0, max(0, OVERSAMPLE * length - len(up))))
    return up[: OVERSAMPLE * length].reshape(length, OVERSAMPLE).max(axis=1)
