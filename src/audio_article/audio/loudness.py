"""Loudness (ITU-R BS.1770 via pyloudnorm) and a true-peak limiter.

Targets (STANDARDS.md section 3): -19 LUFS integrated for mono (it plays as -16 LUFS on
two speakers), true peak at most -1 dBTP on the decoded MP3. MP3 encoding raises peaks,
so the limiter's ceiling leaves extra headroom below -1 dBTP.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import resample_poly

TARGET_LUFS = -19.0
CEILING_DBTP = -2.0  # 1 dB below the -1 dBTP limit: room for the encoder's overshoot
OVERSAMPLE = 4  # BS.1770-4 Annex 2: true peak from a 4x oversampled signal
MIN_MEASURABLE_S = 0.4  # one BS.1770 gating block


def integrated_loudness(samples: np.ndarray, rate: int) -> float:
    """LUFS of float samples in [-1, 1]; -inf for silence or audio under one block."""
    import pyloudnorm

    if len(samples) < MIN_MEASURABLE_S * rate or not np.any(samples):
        return float("-inf")
    return float(pyloudnorm.Meter(rate).integrated_loudness(np.asarray(samples, np.float64)))


def true_peak_dbtp(samples: np.ndarray) -> float:
    if not np.any(samples):
        return float("-inf")
    peak = np.max(np.abs(resample_poly(np.asarray(samples, np.float64), OVERSAMPLE, 1)))
    return float(20 * np.log10(peak))


def match_loudness(samples: np.ndarray, rate: int, target: float = TARGET_LUFS) -> np.ndarray:
    """Scale to the target loudness; audio too short to measure is left as it is."""
    loudness = integrated_loudness(samples, rate)
    if not np.isfinite(loudness):
        return samples
    return samples * np.float32(10 ** ((target - loudness) / 20))


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
