"""speak: Script + voice profile -> Clips (one per segment, at the programme rate)."""

from .base import Engine, Speech, engine_names, engine_version, get_engine
from .synth import PROGRAMME_RATE, segment_id, synthesize_script

__all__ = ["Engine", "Speech", "engine_names", "engine_version", "get_engine", "PROGRAMME_RATE",
           "segment_id", "synthesize_script"]
