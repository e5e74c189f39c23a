"""The engine protocol and the registry of engines (entry-point group
``audio_article.engines``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    import numpy as np

from ..config import VoiceSettings
from ..errors import EngineError

ENTRY_POINT_GROUP = "audio_article.engines"


@dataclass(frozen=True)
class SpokenWord:
    """A word as the engine said it (its own tokenization and normalization of the text
    it was given) and where it sounds, in seconds from the start of the utterance."""

    text: str
    start_s: float
    end_s: float


@dataclass(frozen=True, eq=False)
class Speech:
    """What an engine returns for one utterance: mono float32 samples in [-1, 1], and
    the words' timings when the engine knows them (hibari does)."""

    samples: np.ndarray
    sample_rate: int
    words: tuple[SpokenWord, ...] = ()


@runtime_checkable
class Engine(Protocol):
    name: str

    @property
    def version(self) -> str: ...

    def voices(self) -> list[str]: ...

    def synthesize(self, text: str, settings: VoiceSettings) -> Speech: ...

    # Optional: ``prepare(settings)`` loads (and warms up) what speaking with
    # ``settings`` needs, so that a worker started early (speech/workers.py) does it
    # while the article is read, not when its first segment comes.


def engine_names() -> list[str]:
    return sorted(ep.name for ep in metadata.entry_points(group=ENTRY_POINT_GROUP))


@lru_cache(maxsize=None)
def engine_version(name: str) -> str:
    """The installed version of the package that provides an engine (no engine load)."""
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == name and ep.dist is not None:
            module = ep.value.split(":")[0].split(".")[0]
            if module == "audio_article":  # our own adapters: the engine's own package
                return _adapter_versions().get(name, ep.dist.version)
            return ep.dist.version
    known = ", ".join(engine_names()) or "none installed"
    raise EngineError(f"unknown engine {name!r} (available: {known})")


# Our adapters: engine name -> (the package that does the speaking, a suffix naming how we
# drive it). The suffix changes when the adapter's output changes, so that clips cached
# before are not reused: "+drained" since the pyttsx3 adapter drains eSpeak's queue (clips
# made before could carry the wrong rate); "+held" since it checks the settings eSpeak
# holds before each utterance (a worker's first settings could be cancelled: its clips
# then came at the driver's 200 words a minute).
# "+words": the hibari adapter gives word timings, which its clips made before lack;
# "+roman": it mends hibari's empty Roman numerals (clips before could say "the zeroth").
ADAPTERS = {"hibari": ("hibari-tts", "+words+roman"), "pyttsx3": ("pyttsx3", "+drained+held"),
            "piper": ("piper-tts", "")}


def adapter_version(engine: str) -> str:
    dist, suffix = ADAPTERS[engine]
    return metadata.version(dist) + suffix


def _adapter_versions() -> dict[str, str]:
    versions = {}
    for engine in ADAPTERS:
        try:
            versions[engine] = adapter_version(engine)
        except metadata.PackageNotFoundError:
            pass
    return versions


@lru_cache(maxsize=None)
def get_engine(name: str) -> Engine:
    """Load an engine once per process; unknown names list the available ones."""
    found = [ep for ep in metadata.entry_points(group=ENTRY_POINT_GROUP) if ep.name == name]
    if not found:
        known = ", ".join(engine_names()) or "none installed"
        raise EngineError(f"unknown engine {name!r} (available: {known})")
    try:
        factory = found[0].load()
    except ImportError as exc:
        raise EngineError(f"engine {name!r} cannot be imported: {exc}") from exc
    return factory()
