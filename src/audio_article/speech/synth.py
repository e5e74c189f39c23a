"""Voice every segment of a script, resampled once to the programme rate."""

from __future__ import annotations

import hashlib
import json
from fractions import Fraction
from typing import Callable

import numpy as np
from scipy.signal import resample_poly

from ..config import VoiceProfile, VoiceSettings
from ..errors import EngineError
from ..models import Clip, Script
from .base import Speech, get_engine

PROGRAMME_RATE = 44100

Progress = Callable[[int], None]


def segment_id(spoken: str, settings: VoiceSettings, engine_version: str) -> str:
    """A stable hash of everything that determines a segment's audio: its cache key."""
    key = json.dumps([settings.engine, engine_version, settings.voice, settings.rate,
                      settings.pitch, settings.volume, spoken], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def to_programme_rate(speech: Speech, rate: int = PROGRAMME_RATE) -> np.ndarray:
    """Float samples at any rate -> int16 at the programme rate (polyphase, anti-aliased)."""
    samples = np.asarray(speech.samples, dtype=np.float64)
    if speech.sample_rate != rate:
        ratio = Fraction(rate, speech.sample_rate)
        samples = resample_poly(samples, ratio.numerator, ratio.denominator)
    return (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype(np.int16)


def synthesize_script(script: Script, profile: VoiceProfile,
                      progress: Progress | None = None) -> list[Clip]:
    clips = []
    for segment in script.segments:
        settings = profile.for_role(segment.role)
        speech = get_engine(settings.engine).synthesize(segment.spoken, settings)
        if len(speech.samples) == 0:
            raise EngineError(f"{settings.label} returned no audio for segment "
                              f"{segment.id} ({segment.text[:60]!r})")
        clips.append(Clip(segment.id, to_programme_rate(speech), PROGRAMME_RATE))
        if progress:
            progress(1)
    return clips
