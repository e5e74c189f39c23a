"""hibari: a small neural voice distilled from Kokoro, shipped inside the wheel (offline)."""

from __future__ import annotations

import numpy as np

from ..config import VoiceSettings
from ..errors import EngineError
from .base import Speech

# Only "heart" is inside the wheel; hibari downloads the others on first use, which fails
# offline, so they are not offered here.
BUNDLED_VOICES = ("heart",)


class HibariEngine:
    name = "hibari"

    def __init__(self) -> None:
        try:
            import hibari
        except ImportError as exc:  # pragma: no cover - it is a core dependency
            raise EngineError("hibari is not installed: pip install hibari-tts") from exc
        self._module = hibari
        self._voices: dict[str, object] = {}

    @property
    def version(self) -> str:
        return self._module.__version__

    def voices(self) -> list[str]:
        return list(BUNDLED_VOICES)

    def _load(self, voice: str):
        if voice not in BUNDLED_VOICES:
            raise EngineError(f"hibari voice {voice!r} is not bundled (bundled: {', '.join(BUNDLED_VOICES)})")
        if voice not in self._voices:
            self._voices[voice] = self._module.Hibari(voice=voice, threads=1)
        return self._voices[voice]

    def prepare(self, settings: VoiceSettings) -> None:
        """Load the voice and run it once: its first utterance costs a second or more
        (the model's warm-up) and a sentence after it a tenth of that (measured), which
        matters most when a re-render voices only one sentence."""
        self._load(settings.voice)(".", speed=1.0, seed=0)

    def synthesize(self, text: str, settings: VoiceSettings) -> Speech:
        tts = self._load(settings.voice)
        # A fixed seed makes the noise component, and so the clip bytes, repeatable.
        audio = tts(text, speed=float(np.clip(settings.rate, 0.5, 2.0)), seed=0)
        audio = np.asarray(audio, dtype=np.float32) * settings.volume
        return Speech(audio, self._module.SAMPLE_RATE)
