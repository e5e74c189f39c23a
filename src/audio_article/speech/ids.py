"""The programme rate and segment ids: what planning needs from the speech stage, without
importing numpy or the encoder (so `script` and the start of `narrate` stay quick)."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import VoiceSettings

PROGRAMME_RATE = 44100


def segment_id(spoken: str, settings: VoiceSettings, engine_version: str) -> str:
    """A stable hash of everything that determines a segment's audio: its cache key."""
    key = json.dumps([settings.engine, engine_version, settings.voice, settings.rate,
                      settings.pitch, settings.volume, PROGRAMME_RATE, spoken], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
