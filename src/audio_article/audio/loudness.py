"""Loudness (ITU-R BS.1770-4, checked against pyloudnorm in the tests) and a true-peak limiter.

Targets (STANDARDS.md section 3): -19 LUFS integrated for mono (it plays as -16 LUFS on
two speakers), true peak at most -1 dBTP on the decoded MP3. MP3 encoding raises peaks,
so the limiter's ceiling leaves extra headroom below -1 dBTP.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

# scipy.signal and scipy.ndimage take about a second to import: they are imported where
# they are used, so a run whose clips are all measured already (the stats live in the
# clip cache) and need no limiting never pays for them.

TARGET_LUFS = -19.0
CEILING_DBTP = -2.0  # 1 dB below the -1 dBTP limit: room for the encoder's overshoot
# The ceiling of the formats whose programme one FFmpeg encoder makes (audio/formats/
# stream.py): libopus at 32 kbps overshoots more than LAME.
STREAM_CEILING_DBTP = -3.5
OVERSAMPLE = 4  # BS.1770-4 Annex 2: true peak from a 4x oversampled signal
MIN_MEASURABLE_S = 0.4  # one BS.1770 gating block


class LoudnessMeter:
    """Streaming BS.1770-4 integrated loudness for mono audio.

    Feed chunks of any size; K-weighting filter state carries across chunks, and only the
    mean square of every 100 ms hop is kept (four hops make one 400 ms gating block), so
    a two-hour programme costs a few hundred kilobytes. The K-weighting is _k_weighting's
    (pyloudnorm's definition, for the sample rate at hand).
    """

    def __init__(self, rate: int) -> None:
        self._filters = [(b, a, np.zeros(2)) for b, a in _k_weighting(rate)]
        self.rate = rate
        self._hop = int(round(rate * 0.1))
        self._rest = np.zeros(0)
        self._hops: list[np.ndarray] = []

    def feed(self, samples: np.ndarray) -> None:
        from scipy.signal import lfilter

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
        return gated_loudness(np.concatenate(self._hops) if self._hops else np.zeros(0))


@lru_cache(maxsize=None)
def _k_weighting(rate: int) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """BS.1770's K-weighting as two biquads for ``rate``: the high shelf (+4 dB above
    about 1.5 kHz) and the RLB high-pass (38 Hz), from the Audio EQ Cookbook formulas
    with pyloudnorm's parameters, so that both meters agree (a test holds them equal).
    Written out here because importing pyloudnorm pulls in scipy.signal (1.7 s), which a
    synthesis worker would pay before its first clip."""
    gain, q, fc = 4.0, 1 / np.sqrt(2), 1500.0
    a_ = 10 ** (gain / 40.0)
    w0 = 2.0 * np.pi * fc / rate
    alpha, cos = np.sin(w0) / (2.0 * q), np.cos(w0)
    root = 2 * np.sqrt(a_) * alpha
    shelf_b = np.array([a_ * ((a_ + 1) + (a_ - 1) * cos + root),
                        -2 * a_ * ((a_ - 1) + (a_ + 1) * cos),
                        a_ * ((a_ + 1) + (a_ - 1) * cos - root)])
    shelf_a = np.array([(a_ + 1) - (a_ - 1) * cos + root,
                        2 * ((a_ - 1) - (a_ + 1) * cos),
                        (a_ + 1) - (a_ - 1) * cos - root])
    q, fc = 0.5, 38.0
    w0 = 2.0 * np.pi * fc / rate
    alpha, cos = np.sin(w0) / (2.0 * q), np.cos(w0)
    pass_b = np.array([(1 + cos) / 2, -(1 + cos), (1 + cos) / 2])
    pass_a = np.array([1 + alpha, -2 * cos, 1 - alpha])
    return ((shelf_b / shelf_a[0], shelf_a / shelf_a[0]),
            (pass_b / pass_a[0], pass_a / pass_a[0]))


@lru_cache(maxsize=None)
def _k_impulse(rate: int) -> np.ndarray:
    """The K-weighting's impulse response, long enough (0.1 s: the 38 Hz high-pass, a
    double pole, has decayed below 1e-9 by then) that convolving with it equals running
    the filters to within 1e-10."""
    length = int(0.1 * rate)
    response = np.zeros(length)
    response[0] = 1.0
    for b, a in _k_weighting(rate):
        out = np.zeros(length)
        x1 = x2 = y1 = y2 = 0.0
        b0, b1, b2 = (float(v) for v in b)
        _a0, a1, a2 = (float(v) for v in a)
        for n, x in enumerate(response.tolist()):
            y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
            out[n] = y
            x2, x1, y2, y1 = x1, x, y1, y
        response = out
    return response


_OLS_BLOCK = 1 << 15  # FFT size of the overlap-save blocks


@lru_cache(maxsize=None)
def _k_spectrum(rate: int) -> np.ndarray:
    return np.fft.rfft(_k_impulse(rate), _OLS_BLOCK)


def k_weighted(audio: np.ndarray, rate: int) -> np.ndarray:
    """A whole clip through the K-weighting filters (from silence), by FFT convolution
    with the filters' impulse response, in overlap-save blocks of one size whose
    spectrum is computed once: numpy only, so no scipy.signal import in a synthesis
    worker, and about three times faster than one FFT of the whole clip."""
    x = np.asarray(audio, dtype=np.float64)
    if not len(x):
        return x
    taps = len(_k_impulse(rate))
    hop = _OLS_BLOCK - taps + 1
    blocks = -(-len(x) // hop)
    padded = np.zeros((blocks + 1) * hop + taps - 1)
    padded[taps - 1:taps - 1 + len(x)] = x
    windows = np.lib.stride_tricks.as_strided(
        padded, (blocks, _OLS_BLOCK), (hop * padded.strides[0], padded.strides[0]))
    spectra = np.fft.rfft(windows, axis=1) * _k_spectrum(rate)
    return np.fft.irfft(spectra, _OLS_BLOCK, axis=1)[:, taps - 1:].ravel()[:len(x)]


def gated_loudness(hops: np.ndarray) -> float:
    """BS.1770-4 gated loudness from the mean squares of consecutive 100 ms hops of
    K-weighted audio (four hops make one 400 ms block, 75 % overlap)."""
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


# --- per-clip statistics, computed once when a clip is made and kept with it ----------


@dataclass(frozen=True, eq=False)
class ClipStats:
    """What the mixer needs to know about a clip without reading it again: its own
    integrated loudness, its true peak (linear, 4x oversampled) and the K-weighted
    energy (sum of squares) of every 10 ms from its first sample, from which the
    programme's gated loudness is assembled for any gains and positions."""

    lufs: float
    peak: float  # the true peak or an upper bound on it (NaN: not measured yet)
    energy: np.ndarray  # float64, one value per ``subhop(rate)`` samples


def subhop(rate: int) -> int:
    """10 ms in samples: the grain of ClipStats.energy (ten make one BS.1770 hop)."""
    return rate // 100


def clip_stats(samples: np.ndarray, rate: int, peak: bool = True) -> ClipStats:
    """Measure an int16 (or float in [-1, 1]) clip: one K-weighting pass, and the true
    peak unless ``peak`` is false (then NaN: the mixer measures it where it has time)."""
    audio = _as_float(samples)
    weighted = k_weighted(audio, rate)
    grain = subhop(rate)
    squares = np.square(weighted)
    squares = np.pad(squares, (0, -len(squares) % grain))
    energy = squares.reshape(-1, grain).sum(axis=1)
    lufs = float("-inf")
    if len(audio) >= MIN_MEASURABLE_S * rate and np.any(audio):
        whole = len(audio) // (10 * grain) * 10  # whole 100 ms hops, as LoudnessMeter
        lufs = gated_loudness(energy[:whole].reshape(-1, 10).sum(axis=1) / (10 * grain))
    return ClipStats(lufs, true_peak(audio) if peak else float("nan"), energy)


def heard_loudness(energy: np.ndarray, rate: int) -> float:
    """A clip's gated loudness as a programme of pauses hears it: with a gating block's
    length of silence on either side. The blocks that straddle its edges then count as
    they will in the programme (they pass the relative gate with part of their energy),
    which a clip measured alone leaves out: levelled alone, clips that start and end on
    speech make a programme a tenth of a LU or so quieter than each of them."""
    pad = 40 * subhop(rate)  # one 400 ms gating block
    return programme_loudness([ClipStats(float("nan"), float("nan"), energy)], [pad], [1.0],
                              len(energy) * subhop(rate) + 2 * pad, rate)


def programme_loudness(stats: list[ClipStats], starts: list[int], gains: list[float],
                       total: int, rate: int) -> float:
    """Gated loudness of clips placed at ``starts`` (samples) with ``gains`` (linear),
    silence elsewhere, from their stored energies. A clip's 10 ms grid is snapped to
    the programme's (at most 5 ms off), which moves no 400 ms block measurably."""
    grain = subhop(rate)
    grid = np.zeros(total // grain + 1 + max((len(s.energy) for s in stats), default=0))
    for clip, start, gain in zip(stats, starts, gains):
        at = (start + grain // 2) // grain
        grid[at:at + len(clip.energy)] += clip.energy * (gain * gain)
    hops = total // (10 * grain)
    return gated_loudness(grid[:hops * 10].reshape(-1, 10).sum(axis=1) / (10 * grain))


def _as_float(samples: np.ndarray) -> np.ndarray:
    if samples.dtype.kind == "i":
        return samples.astype(np.float32) / np.float32(32768.0)
    return np.asarray(samples, dtype=np.float32)


def integrated_loudness(samples: np.ndarray, rate: int) -> float:
    """LUFS of float samples in [-1, 1]; -inf for silence or audio under one block."""
    if len(samples) < MIN_MEASURABLE_S * rate or not np.any(samples):
        return float("-inf")
    meter = LoudnessMeter(rate)
    meter.feed(samples)
    return meter.integrated()


def true_peak_dbtp(samples: np.ndarray) -> float:
    """True peak over the whole signal (the reference the tests measure MP3s with)."""
    from scipy.signal import resample_poly

    if not np.any(samples):
        return float("-inf")
    peak = np.max(np.abs(resample_poly(np.asarray(samples, np.float64), OVERSAMPLE, 1)))
    return float(20 * np.log10(peak))


class TruePeakMeter:
    """Streaming true peak, equal to true_peak_dbtp's over the whole signal: each chunk
    is oversampled with MARGIN samples of its neighbours on either side, more than the
    resampling filter reaches (resample_poly's filter spans 10 input samples each way).
    The signal is held back by one chunk to have its right-hand neighbour."""

    MARGIN = 256

    def __init__(self) -> None:
        self._before = np.zeros(0)
        self._pending: np.ndarray | None = None
        self.peak = 0.0

    def feed(self, samples: np.ndarray) -> None:
        samples = np.asarray(_as_float(samples), dtype=np.float64)
        if self._pending is not None:
            self._measure(self._pending, samples[: self.MARGIN])
        self._pending = samples

    def dbtp(self) -> float:
        """The true peak in dBTP of everything fed (-inf for silence)."""
        if self._pending is not None:
            self._measure(self._pending, np.zeros(0))
            self._pending = None
        return float(20 * np.log10(self.peak)) if self.peak > 0 else float("-inf")

    def _measure(self, core: np.ndarray, after: np.ndarray) -> None:
        from scipy.signal import resample_poly

        if np.any(core):
            block = np.concatenate([self._before, core, after])
            start = len(self._before) * OVERSAMPLE
            upsampled = resample_poly(block, OVERSAMPLE, 1)[start:start + len(core) * OVERSAMPLE]
            self.peak = max(self.peak, float(np.max(np.abs(upsampled))))
        self._before = np.concatenate([self._before, core])[-self.MARGIN:]


def true_peak(samples: np.ndarray) -> float:
    """Linear true peak, the same as true_peak_dbtp's but oversampling only the blocks
    that could hold it (see envelope_above): speech has few such blocks."""
    audio = np.abs(np.asarray(samples, dtype=np.float32))
    if not len(audio):
        return 0.0
    sample_peak = float(audio.max())
    return max(sample_peak, float(envelope_above(samples, sample_peak)[0].max(initial=0.0)))


def gain_to(loudness: float, target: float = TARGET_LUFS) -> float:
    """The linear gain that brings ``loudness`` to ``target`` (1 if unmeasurable)."""
    return 10 ** ((target - loudness) / 20) if np.isfinite(loudness) else 1.0


def match_loudness(samples: np.ndarray, rate: int, target: float = TARGET_LUFS) -> np.ndarray:
    """Scale to the target loudness; audio too short to measure is left as it is."""
    loudness = integrated_loudness(samples, rate)
    if not np.isfinite(loudness):
        return samples
    return samples * np.float32(gain_to(loudness, target))


def ceiling(ceiling_dbtp: float = CEILING_DBTP) -> float:
    return 10 ** (ceiling_dbtp / 20)


def limit_true_peak(samples: np.ndarray, rate: int, ceiling_dbtp: float = CEILING_DBTP,
                    window_ms: float = 10.0, envelope: np.ndarray | None = None) -> np.ndarray:
    """A look-ahead limiter on the oversampled peak envelope (see limiter_gains); returns
    ``samples`` itself when no peak passes the ceiling."""
    limit = ceiling(ceiling_dbtp)
    if envelope is None:  # else: the caller's, exact wherever it passes the ceiling
        envelope = envelope_above(samples, limit)[0]
    stretches = limiter_gains(envelope, limit, rate, window_ms)
    if not stretches:
        return samples
    out = samples.copy()
    for start, stop, gain in stretches:
        out[start:stop] *= gain.astype(samples.dtype)
    return out


def limiter_gains(envelope: np.ndarray, limit: float, rate: int, window_ms: float = 10.0
                  ) -> list[tuple[int, int, np.ndarray]]:
    """The gain of a look-ahead limiter that keeps ``envelope`` (the oversampled peak
    envelope) at or under ``limit``, as stretches [start, stop) with their gains: 1
    everywhere else.

    The needed gain is held at its minimum over +-window (a centred min filter), then
    averaged with a boxcar no wider than that window. Every average then only includes
    values at or below the gain needed at its centre, so no peak gets through, and the
    gain moves in ramps of about 2 x window instead of jumping (no clicks). The gain
    differs from 1 only within 2 x window of a sample over the limit: the filters run on
    those stretches alone (each padded by 2 x window of samples needing 1, which is what
    lies beyond it, so the values are the whole signal's)."""
    over = np.flatnonzero(envelope > limit)
    if not len(over):
        return []
    half = max(1, int(rate * window_ms / 1000))
    margin = 2 * half
    # Samples over the limit closer than 3 margins are in one stretch: the filters
    # around them would overlap.
    splits = np.flatnonzero(np.diff(over) > 3 * margin + 1)
    firsts = np.concatenate([over[:1], over[splits + 1]]).tolist()
    lasts = np.concatenate([over[splits], over[-1:]]).tolist()
    stretches = []
    for first, last in zip(firsts, lasts):
        start, stop = max(0, first - margin), min(len(envelope), last + 1 + margin)
        part = np.minimum(1.0, limit / np.maximum(envelope[start:stop], 1e-12))
        gain = np.minimum(_moving_mean(_moving_min(part, half), half), part)
        stretches.append((start, stop, gain))
    return stretches


def _moving_min(values: np.ndarray, half: int) -> np.ndarray:
    """Minimum over [i - half, i + half], edges extended (scipy.ndimage's
    minimum_filter1d, mode "nearest"), in O(n): van Herk / Gil-Werman, prefix and
    suffix minima within blocks of the window's width."""
    width = 2 * half + 1
    padded = np.pad(values, (half, half + (-(len(values) + 2 * half) % width)), mode="edge")
    blocks = padded.reshape(-1, width)
    prefix = np.minimum.accumulate(blocks, axis=1).ravel()
    suffix = np.minimum.accumulate(blocks[:, ::-1], axis=1)[:, ::-1].ravel()
    # The window starting at j spans suffix[j] (to its block's end) and prefix[j + w - 1].
    return np.minimum(suffix[: len(values)], prefix[width - 1: width - 1 + len(values)])


def _moving_mean(values: np.ndarray, half: int) -> np.ndarray:
    """Mean over [i - half, i + half], edges extended (uniform_filter1d, "nearest")."""
    width = 2 * half + 1
    sums = np.concatenate([[0.0], np.cumsum(np.pad(values, half, mode="edge"), dtype=np.float64)])
    return (sums[width:] - sums[:-width]) / width


def oversampled_envelope(samples: np.ndarray) -> np.ndarray:
    """Per input sample, the largest |value| of its 4x oversampled phases, in float32.

    The same filter and alignment as resample_poly(x, 4, 1) (the reference the tests
    measure with), computed as three short convolutions with numpy, so the mixer never
    imports scipy.signal (over a second). Phase 0 of that filter is the sample times its
    centre tap (1.0006: its other taps fall on the sinc's zeros); values agree with
    resample_poly to about 1e-7, a millionth of a dB, which is nothing to a limiter
    with 1 dB of headroom."""
    audio = np.asarray(samples, dtype=np.float32)
    reach = 10  # input samples on each side: 81 taps / 4 phases
    envelope = np.abs(audio) * _phases()[0][reach]
    for taps in _phases()[1:]:
        phase = np.convolve(audio, taps)[reach: reach + len(audio)]
        np.maximum(envelope, np.abs(phase), out=envelope)
    return envelope


@lru_cache(maxsize=1)
def _phases() -> tuple[np.ndarray, ...]:
    """resample_poly's default 4x filter (scipy.signal.firwin(81, 1/4, window=("kaiser",
    5.0)), times 4) split into its 4 phases: phase p, convolved with x and shifted by
    10, gives the oversampled values at n + p/4."""
    half = 10 * OVERSAMPLE
    m = np.arange(2 * half + 1) - half
    h = np.sinc(m / OVERSAMPLE) / OVERSAMPLE * np.kaiser(2 * half + 1, 5.0)
    h = h / h.sum() * OVERSAMPLE
    return tuple(h[p::OVERSAMPLE].astype(np.float32) for p in range(OVERSAMPLE))


_BLOCK = 1024  # samples per block when deciding where to oversample
_GAP = 4  # blocks: shorter gaps between hot blocks are closed
_MARGIN = 64  # > the interpolation filter's reach (10 input samples)


@lru_cache(maxsize=1)
def _interpolation_gain() -> float:
    """The largest sum of |taps| over the phases of the 4x filter: no oversampled value
    exceeds it times the largest |sample| within the filter's reach."""
    return float(max(np.abs(taps).sum() for taps in _phases())) * 1.001


def envelope_above(samples: np.ndarray, threshold: float, overshoot: float | None = None,
                   block: int = _BLOCK) -> tuple[np.ndarray, float]:
    """The oversampled envelope (per input sample, the max |value| of its 4 phases),
    exact wherever it can exceed ``threshold`` and 0 elsewhere; and the bound (at most
    the threshold) that the skipped blocks are known to stay under.

    Blocks whose largest |sample| (with a neighbour block on each side, which covers
    the filter's reach) times _interpolation_gain() stays at or under the threshold
    cannot exceed it and are skipped; runs of the other blocks are oversampled with a
    margin, so each value equals the whole-signal computation. ``overshoot``, a smaller
    factor than that bound, skips more: exact only for audio whose true peak never
    passes its samples' by more (the caller says why that holds). Smaller blocks than
    ``_BLOCK`` skip more, for more calls (worth it where few blocks are skipped)."""
    audio = np.asarray(samples, dtype=np.float32)
    length = len(audio)
    envelope = np.zeros(length, np.float32)
    blocks = -(-length // block)
    peaks = np.pad(np.abs(audio), (0, blocks * block - length)).reshape(blocks, block).max(axis=1)
    near = np.maximum(peaks, np.maximum(np.pad(peaks[1:], (0, 1)), np.pad(peaks[:-1], (1, 0))))
    bounds = near * (overshoot or _interpolation_gain())
    hot = bounds > threshold
    edges = np.flatnonzero(np.diff(np.concatenate([[0], hot.astype(np.int8), [0]])))
    for first, last in _close_gaps(list(zip(edges[::2], edges[1::2]))):
        start, stop = first * block, min(length, last * block)
        lo, hi = max(0, start - _MARGIN), min(length, stop + _MARGIN)
        part = oversampled_envelope(audio[lo:hi])
        envelope[start:stop] = part[start - lo:stop - lo]
    return envelope, float(bounds[~hot].max(initial=0.0))


def _close_gaps(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of hot blocks separated by fewer than _GAP blocks become one: one call to
    resample_poly instead of many (the exact values in a gap are under the threshold,
    as the zeros they replace are taken to be)."""
    merged: list[tuple[int, int]] = []
    for first, last in runs:
        if merged and first - merged[-1][1] < _GAP:
            merged[-1] = (merged[-1][0], last)
        else:
            merged.append((first, last))
    return merged
