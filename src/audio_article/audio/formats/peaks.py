"""The stream's true peak as a listener's decoder gives it back, and where to turn it down.

A lossy encoder raises peaks: libopus at 32 kbps raised the eSpeak voice's by 1.2 to 2.6
dB from one run to the next (eSpeak's clips differ by a few samples between runs), more
than the stream formats' limiter ceiling leaves room for. The ceiling cannot be set for
the worst case without making every episode quieter, so the encoder's output is checked
instead: every packet is decoded as it is made (FFmpeg's decoder for the codec, as
players decode it) and its true peak measured (BS.1770-4, 4x oversampled, as
``inspect`` and STANDARDS.md 3.1-#2 measure it). Where it passes ``WATCH_DBTP``, the
stream is encoded again from its spooled input, turned down there by what it passed
plus a margin (``Dips``: smooth, a few tens of milliseconds, nothing else changes), and
checked again (audio/formats/stream.py).
"""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np

from ..loudness import envelope_above

LIMIT_DBTP = -1.0  # STANDARDS.md 3.1-#2, on the decoded file
WATCH_DBTP = -1.2  # decoded true peak that calls for another pass (the limit is -1.0)
AIM_DBTP = -1.6  # where a dip aims a passing peak: the encoder moves peaks a little
GRAIN_S = 0.01  # a hot spot's resolution
HOLD_S = 0.02  # a dip's full depth either side of its hot spot
RAMP_S = 0.03  # and its raised-cosine slopes
SCAN_SAMPLES = 1 << 16  # decoded samples measured at a time
# Decoded samples more than this under the watch level are not oversampled: a sine under
# a quarter of the sample rate (12 kHz) peaks at most 3 dB between its samples, and the
# voices have nothing above 11 kHz (libopus could code up to 20 kHz, which could pass
# more); decoded speech peaked at most 1.25 dB between its samples (the eSpeak voice's
# Opus and M4A, 12 streams of the sample, 256-sample blocks within 6 dB of full scale).
# Exact everywhere would oversample a third of the programme: 0.6 s on the sample.
OVERSHOOT = 10 ** (3 / 20)
BLOCK = 256  # samples: decoded speech is mostly within 3 dB of its peak; finer blocks skip more


class DecodedPeaks:
    """Decodes a stream's packets as they are made and keeps, per GRAIN_S of programme,
    the decoded true peak wherever it passes WATCH_DBTP (codec-rate positions)."""

    def __init__(self, encoder: av.CodecContext, decoder: str) -> None:
        self._decoder = av.CodecContext.create(decoder, "r")
        self._decoder.extradata = encoder.extradata  # the Opus pre-skip, AAC's config
        self._frame_size, self.rate = encoder.frame_size, encoder.sample_rate
        self._base = Fraction(1, self.rate)
        self._threshold = 10 ** (WATCH_DBTP / 20)
        self._grain = round(self.rate * GRAIN_S)
        self._held: list[np.ndarray] = []  # decoded, not measured yet
        self._held_from = 0  # the programme position of _held's first sample
        self._held_samples = 0
        self._before = np.zeros(0, np.float32)  # measured samples just before, for the filter
        self.hot: dict[int, float] = {}  # grain index -> the largest true peak there

    def packet(self, data: bytes, pts: int, duration: int) -> None:
        packet = av.Packet(data)
        packet.pts, packet.dts, packet.duration, packet.time_base = pts, pts, duration, self._base
        for frame in self._decoder.decode(packet):
            self._frame(frame)

    def finish(self, end: int) -> dict[int, float]:
        """The hot grains of the whole stream, up to its programme's ``end`` (codec-rate
        samples: the last frame's padding decodes past it, and no file keeps it)."""
        for frame in self._decoder.decode(None):
            self._frame(frame)
        self._scan(last=True)
        return {grain: peak for grain, peak in self.hot.items() if grain * self._grain < end}

    def _frame(self, frame: av.AudioFrame) -> None:
        # Mono: one plane, of float32 (the decoders' planar or packed float).
        pcm = np.frombuffer(frame.planes[0], np.float32, frame.samples)
        # A frame is placed by its presentation time, except the first: the Opus decoder
        # drops the pre-skip from it but keeps its time; the AAC decoder keeps the priming.
        start = frame.pts if frame.pts >= 0 else frame.pts + self._frame_size - len(pcm)
        if start < 0:
            pcm, start = pcm[-start:], 0
        if not self._held:
            self._held_from = start
        self._held.append(pcm)
        self._held_samples += len(pcm)
        if self._held_samples >= SCAN_SAMPLES:
            self._scan()

    def _scan(self, last: bool = False) -> None:
        """Measure what is held, but its last _CONTEXT samples (unless ``last``): their
        oversampled values depend on samples still to come; they wait for the next scan,
        which also gets the samples before as context."""
        if not self._held:
            return
        held = np.concatenate(self._held)
        measured = len(held) if last else max(0, len(held) - _CONTEXT)
        audio = np.concatenate([self._before, held])
        envelope, _bound = envelope_above(audio, self._threshold, OVERSHOOT, BLOCK)
        envelope = envelope[len(self._before):len(self._before) + measured]
        for at in np.flatnonzero(envelope > self._threshold):
            grain = (self._held_from + int(at)) // self._grain
            self.hot[grain] = max(self.hot.get(grain, 0.0), float(envelope[at]))
        self._before = audio[max(0, len(self._before) + measured - _CONTEXT):len(self._before) + measured]
        self._held_from += measured
        self._held = [held[measured:]]
        self._held_samples = len(held) - measured


_CONTEXT = 64  # decoded samples on each side of what is measured: more than the filter's reach


class Dips:
    """Gains that turn the programme down around hot spots, built up pass by pass:
    each hot spot's peak is brought to AIM_DBTP, on top of the dips already made."""

    def __init__(self, rate: int) -> None:
        self.rate = rate  # the programme's (the input's) sample rate
        self._spots: dict[float, float] = {}  # centre (seconds) -> gain

    def add(self, hot: dict[int, float], codec_rate: int) -> None:
        """Each hot grain's peak brought to AIM_DBTP from the gain it was encoded with
        there (its own dip's, or a deeper neighbour's)."""
        aim = 10 ** (AIM_DBTP / 20)
        centres = {grain: (grain + 0.5) * round(codec_rate * GRAIN_S) / codec_rate for grain in hot}
        applied = {grain: self._gain_at(centre) for grain, centre in centres.items()}
        for grain, peak in hot.items():
            depth = applied[grain] * min(1.0, aim / peak)
            self._spots[centres[grain]] = min(self._spots.get(centres[grain], 1.0), depth)

    def _gain_at(self, seconds: float) -> float:
        at = int(round(seconds * self.rate))
        gain = self.gain(at, 1)
        return 1.0 if gain is None else float(gain[0])

    def gain(self, start: int, length: int) -> np.ndarray | None:
        """The gain of programme samples ``start`` to ``start + length`` (None: 1)."""
        first, last = start / self.rate, (start + length) / self.rate
        reach = HOLD_S + GRAIN_S / 2 + RAMP_S
        near = [(c, g) for c, g in self._spots.items() if first - reach < c < last + reach]
        if not near:
            return None
        times = (start + np.arange(length)) / self.rate
        gain = np.ones(length)
        for centre, depth in near:
            away = np.clip((np.abs(times - centre) - HOLD_S - GRAIN_S / 2) / RAMP_S, 0.0, 1.0)
            gain = np.minimum(gain, depth + (1 - depth) * (0.5 - 0.5 * np.cos(np.pi * away)))
        return gain.astype(np.float32)
