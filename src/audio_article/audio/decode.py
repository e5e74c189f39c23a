"""Reading MP3s back with a real decoder: ffmpeg (the imageio-ffmpeg wheel's binary, or
one on PATH)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np

from ..errors import AudioError

TIMEOUT_S = 300


def ffmpeg_exe() -> str:
    try:
        import imageio_ffmpeg
        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError):
        found = shutil.which("ffmpeg")
        if found:
            return found
    raise AudioError("ffmpeg is needed to decode audio: pip install imageio-ffmpeg")


def _run(args: list[str]) -> bytes:
    command = [ffmpeg_exe(), "-nostdin", "-hide_banner", "-v", "error", *args]
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        raise AudioError(f"ffmpeg timed out after {TIMEOUT_S} s: {' '.join(command)}") from exc
    if done.returncode != 0:
        tail = "\n".join(done.stderr.decode(errors="replace").splitlines()[-5:])
        raise AudioError(f"ffmpeg failed ({' '.join(command)}): {tail}")
    return done.stdout


def decode_mp3(path: str | Path, rate: int = 44100) -> tuple[np.ndarray, int]:
    """Decode to mono int16 PCM; ffmpeg trims the encoder delay and padding."""
    raw = _run(["-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(rate), "-"])
    return np.frombuffer(raw, dtype="<i2"), rate


def ffmpeg_chapters(path: str | Path) -> list[dict]:
    """The chapters as ffmpeg's demuxer sees them (CHAP frames in file order)."""
    # -copyts: without it the ffmpeg CLI shifts chapters by the stream's start time (the
    # 25 ms gapless delay), which is the CLI's remuxing, not what a player sees.
    text = _run(["-copyts", "-i", str(path), "-f", "ffmetadata", "-"]).decode(
        "utf-8", errors="replace")
    chapters = []
    for block in text.split("[CHAPTER]")[1:]:
        fields = dict(_ffmetadata_fields(block))
        num, den = (int(x) for x in fields.get("TIMEBASE", "1/1000").split("/"))
        chapters.append({"title": fields.get("title", ""),
                         "start_ms": int(fields["START"]) * 1000 * num // den,
                         "end_ms": int(fields["END"]) * 1000 * num // den})
    return chapters


def _ffmetadata_fields(block: str):
    # FFMETADATA escapes '=', ';', '#', '\' and newline with a backslash.
    for line in re.split(r"(?<!\\)\n", block):
        if "=" in line and not line.startswith(("[", ";", "#")):
            key, value = re.split(r"(?<!\\)=", line, maxsplit=1)
            yield key, re.sub(r"\\(.)", r"\1", value, flags=re.S)
