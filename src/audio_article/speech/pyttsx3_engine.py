"""pyttsx3: eSpeak NG on Linux (from the espeakng-loader wheel), the system voices on
macOS and Windows.

pyttsx3 can only write utterances to files, and its file output is not trustworthy
(nateshmbhat/pyttsx3#219): ``runAndWait()`` may return before the file is written, so the
file is missing or empty with no error, and a late write can put one utterance's audio
into another's file. So every utterance goes to a fresh, never-reused path; the file is
awaited, parsed and checked (non-empty, not silent, a duration plausible for the text);
a bad file is retried once and then reported as an error naming the text.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import gc
import io
import os
import sys
import tempfile
import time
import uuid
import wave
from pathlib import Path

import numpy as np

from ..config import VoiceSettings
from ..errors import EngineError
from .base import Speech, adapter_version

BASE_WPM = 175  # eSpeak's default speaking rate; profile rates are relative to it
BASE_PITCH = 50  # eSpeak's default pitch (0..99)
FILE_WAIT_S = 5.0


def _make_espeak_loadable() -> None:
    """pyttsx3 dlopens "libespeak-ng.so.1" by name; preloading the wheel's copy by path
    makes that name resolve to it (the loader matches already-loaded sonames)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import espeakng_loader
    except ImportError:
        return  # fall back to a system libespeak-ng, if any
    os.environ.setdefault("ESPEAK_DATA_PATH", espeakng_loader.get_data_path())
    ctypes.CDLL(espeakng_loader.get_library_path(), mode=ctypes.RTLD_GLOBAL)


def _silence_driver_prints() -> None:
    """The eSpeak driver prints "Audio saved to ..." from its completion callback, which
    can fire after runAndWait() returned (the race of pyttsx3#219), outside any redirect:
    it would land in our stdout, which carries the output paths. Shadow that module's
    print; our own checks on the file replace the message."""
    driver = sys.modules.get("pyttsx3.drivers.espeak")
    if driver is not None:
        driver.print = lambda *args, **kwargs: None  # type: ignore[attr-defined]


class Pyttsx3Engine:
    name = "pyttsx3"

    def __init__(self) -> None:
        if "piper" in sys.modules:
            from .piper_engine import SHARED_ESPEAK

            raise EngineError(SHARED_ESPEAK)
        _make_espeak_loadable()
        try:
            import pyttsx3
            self._engine = pyttsx3.init()
        except Exception as exc:  # pyttsx3 raises bare RuntimeError/OSError on failure
            raise EngineError(f"pyttsx3 could not start a speech driver: {exc}") from exc
        _silence_driver_prints()
        # pyttsx3's DriverProxy.__del__ needs its module's globals; at interpreter exit
        # they may be gone first and Python prints an "Exception ignored" traceback.
        # Dropping the engine while everything is still loaded avoids that.
        atexit.register(self._close)
        self._version = adapter_version("pyttsx3")  # see _drain_espeak and _configure
        self._voice_ids = {v.id for v in self._engine.getProperty("voices")}
        self._sent: dict[str, object] = {}
        self._settle()

    def _close(self) -> None:
        self.__dict__.pop("_engine", None)
        gc.collect()

    @property
    def version(self) -> str:
        return self._version

    def voices(self) -> list[str]:
        return sorted(self._voice_ids)

    def synthesize(self, text: str, settings: VoiceSettings) -> Speech:
        self._configure(settings)
        problem = ""
        # A folder per call, gone with it: workers are stopped with SIGKILL at the end of
        # a run, so one kept for the engine's life was left in /tmp by every worker.
        with tempfile.TemporaryDirectory(prefix="audio-article-pyttsx3-") as folder:
            for _attempt in range(2):
                path = Path(folder) / f"{uuid.uuid4().hex}.wav"
                try:
                    samples, rate = self._render(text, path)
                    _check_plausible(samples, rate, text, settings.rate)
                    return Speech(samples, rate)
                except EngineError as exc:
                    problem = str(exc)
                finally:
                    path.unlink(missing_ok=True)
        raise EngineError(f"pyttsx3 gave no usable audio for {_excerpt(text)!r}: {problem}")

    def _settle(self) -> None:
        """Let pyttsx3's command queue run once with nothing in it. Until its first loop
        it holds every command back, and the first utterance's settings then reach
        eSpeak a moment before the loop's stop(), which cancels eSpeak's queue if it is
        still busy: they can be lost, and the driver's own 200 words a minute stays (an
        outside tester saw clips 14 % fast in some runs; not reproduced here, and
        _configure's check mends any such loss). Settled, each setting is sent as made."""
        _drain_espeak()
        with contextlib.redirect_stdout(io.StringIO()):
            self._engine.runAndWait()
        _drain_espeak()

    def _configure(self, settings: VoiceSettings) -> None:
        """Apply ``settings`` and check eSpeak holds them, before every utterance: what
        eSpeak holds, not what was last sent, decides (a lost or reset setting is sent
        again); EngineError if it still does not hold them."""
        if settings.voice not in self._voice_ids:
            raise EngineError(f"pyttsx3 has no voice {settings.voice!r}; "
                              "`audio-article voices` lists them")
        wanted = _wanted(settings)
        for _attempt in range(2):
            held = _held() or self._sent  # off eSpeak only what was sent can be known
            if held == wanted:
                return
            for name, value in wanted.items():
                if held.get(name) != value:
                    self._engine.setProperty(name, _in_pyttsx3_units(name, value))
            self._sent = wanted
            _drain_espeak()  # every change applied before the next utterance starts
        raise EngineError(f"eSpeak did not take the settings {wanted} (it holds {_held()})")

    def _render(self, text: str, path: Path) -> tuple[np.ndarray, int]:
        # The espeak driver prints "Audio saved to ..." on stdout, which is for our data.
        with contextlib.redirect_stdout(io.StringIO()):
            self._engine.save_to_file(text, str(path))
            self._engine.runAndWait()
            _drain_espeak()
        return _await_wav(path)


def _wanted(settings: VoiceSettings) -> dict[str, object]:
    """``settings`` in eSpeak's own units: words a minute, pitch 0..99, volume in %."""
    return {"voice": settings.voice, "rate": int(round(BASE_WPM * settings.rate)),
            "pitch": int(np.clip(BASE_PITCH * settings.pitch, 0, 99)),
            "volume": int(round(100 * float(np.clip(settings.volume, 0.0, 1.0))))}


def _in_pyttsx3_units(name: str, value: object) -> object:
    return value / 100 if name == "volume" else value  # pyttsx3 takes volume as 0..1


def _held() -> dict[str, object]:
    """What eSpeak holds now (empty off eSpeak: then every setting is sent each time)."""
    espeak = sys.modules.get("pyttsx3.drivers._espeak")
    if espeak is None or not hasattr(espeak, "dll"):
        return {}
    # pyttsx3's GetParameter passes no ``current`` flag: ask for the current value here.
    get = espeak.dll.espeak_GetParameter
    get.argtypes, get.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    voice = espeak.GetCurrentVoice()
    held = {name: get(number, 1) for name, number in
            (("rate", espeak.RATE), ("pitch", espeak.PITCH), ("volume", espeak.VOLUME))}
    held["voice"] = voice.contents.identifier.decode("utf-8").lower() if voice else None
    return held


def _drain_espeak() -> None:
    """Block until eSpeak has processed every queued command.

    pyttsx3 runs eSpeak in its asynchronous mode: parameter changes and utterances go
    through eSpeak's own command queue, and runAndWait() can return before an utterance's
    callbacks ran (pyttsx3#219). Measured without draining: in 40 pairs of the same
    sentence at rate 1 and rate 2, 20 to 32 pairs came back at the same length, the rate
    change lost or applied one utterance late; a clip of the right text at the wrong
    settings passes any plausibility check. Draining after a voice's parameter changes and after
    each utterance: 0 of 160 pairs wrong."""
    espeak = sys.modules.get("pyttsx3.drivers._espeak")
    if espeak is not None and hasattr(espeak, "Synchronize"):
        espeak.Synchronize()


def _await_wav(path: Path) -> tuple[np.ndarray, int]:
    """Wait (bounded) for the driver to finish writing, then parse the WAV."""
    deadline = time.monotonic() + FILE_WAIT_S
    last_error = "the file was never written"
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size > 44:
            try:
                return _read_wav(path)
            except (wave.Error, EOFError, EngineError) as exc:
                last_error = f"unreadable file ({exc})"
        time.sleep(0.02)
    raise EngineError(last_error)


def _read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2:
            raise EngineError(f"expected 16-bit audio, got {8 * w.getsampwidth()}-bit")
        frames = w.readframes(w.getnframes())
        channels, rate = w.getnchannels(), w.getframerate()
    pcm = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0
    if channels > 1:
        pcm = pcm.reshape(-1, channels).mean(axis=1)
    return pcm, rate


def _check_plausible(samples: np.ndarray, rate: int, text: str, speed: float) -> None:
    """Reject empty, silent, or wrong-length audio: a clip far shorter or longer than the
    text needs at this rate is not this text's audio."""
    seconds = len(samples) / rate
    if seconds == 0 or float(np.max(np.abs(samples))) < 0.003:
        raise EngineError("the audio is empty or silent")
    words = max(1, len(text.split()))
    expected = words * 60.0 / (BASE_WPM * speed)
    # A voice reads letters of a script it does not speak one by one, by name ("Київ" in
    # an English voice is four letter names): up to about 0.6 s each, not a word's time.
    foreign = sum(1 for c in text if c.isalpha() and ord(c) > 0x24F) * 0.6 / speed
    if not 0.25 * expected - 0.3 <= seconds <= 4.0 * expected + 2.0 + foreign:
        raise EngineError(f"{seconds:.2f} s of audio for {words} words (expected about {expected:.1f} s)")


def _excerpt(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
