"""master: Clips -> one programme (pydub), chapter times from sample counts, MP3."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .mix import Programme, chapters, cues, stitch


def encode_programme(samples: np.ndarray, sample_rate: int, bitrate_kbps: int,
                     path: Path) -> None:
    """Encode mono int16 PCM to a CBR MP3 with an Info header, atomically at ``path``."""
    from .mp3 import Mp3Encoder

    encoder = Mp3Encoder(sample_rate=sample_rate, bitrate_kbps=bitrate_kbps)
    # Feed in one-minute chunks: the encoder streams, so a long programme needs no copy.
    step = sample_rate * 60
    for start in range(0, len(samples), step):
        encoder.feed(samples[start:start + step])
    encoder.finish(path)


__all__ = ["Programme", "chapters", "cues", "encode_programme", "stitch"]
